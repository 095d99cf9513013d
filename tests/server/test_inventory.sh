#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# One inventory for `vigil serve` and the command line (store migration 5):
# on one database, releases, installed devices, SBOMs, findings and VEX
# decisions made through the REST API are what `vigil device`, `vigil
# fleet` and `vigil vex` see, and those made on the command line are what
# the API answers, both ways.  The command line works in organisation 1
# (the server's first); a second organisation sees none of its rows, can
# reuse its names, and cannot read or change them.
. "$(dirname "$0")/lib.sh"

cli() {
	"$VIGIL" "$@" --db "$DB"
}

cli db import -q "$DATA/osv-pump.json" || exit 1
A=$("$VIGIL" serve --init-admin admin@acme.test --org "Acme Medical" --db "$DB") || exit 1
B=$("$VIGIL" serve --init-admin admin@other.test --org "Other Hospital" --db "$DB") || exit 1

# ---- the command line first (organisation 1)
cli device add "CLI Pump@3.0" -m "Acme Medical" --released 2024-01-10 \
    --eol 2030-01-01 --eos 2032-01-01 >/dev/null
check "cli: release" 0 $?
cli device add --serial CLI-SN1 --site Ward --location "Ward 3" \
    "CLI Pump@3.0" >/dev/null
check "cli: device" 0 $?
cli device sbom "CLI Pump@3.0" "$DATA/pump-2.1.cdx.json" >/dev/null
check "cli: SBOM" 0 $?
cli fleet scan >/dev/null
check "cli: fleet scan" 0 $?

start_server --rate 1000

# ---- the API sees the command line's rows
check "api: cli release" 200 "$(req "$A" GET '/api/v1/releases?product=CLI%20Pump')"
check "api: one cli release" 1 "$(body .total)"
RC=$(body '.items[0].id')
check "api: cli release stage from its dates" supported "$(body '.items[0].stage')"
check "api: cli manufacturer" "Acme Medical" "$(body '.items[0].manufacturer')"
PC=$(body '.items[0].purl')
check "api: cli release has a VEX product" 1 "$(printf %s "$PC" | grep -c '^pkg:')"
check "api: cli device" 1 "$(req "$A" GET '/api/v1/devices?serial=CLI-SN1' >/dev/null; body .total)"
check "api: cli device's release" "$RC" "$(body '.items[0].release_id')"
check "api: cli device named by its serial" CLI-SN1 "$(body '.items[0].name')"
check "api: cli SBOM in the history" 1 "$(req "$A" GET "/api/v1/sboms?release_id=$RC" >/dev/null; body .total)"
check "api: cli scan's findings" 2 "$(req "$A" GET "/api/v1/findings?release_id=$RC" >/dev/null; body .total)"
check "api: cli scan's risk" 1 "$(body '[.items[] | select(.risk != null)] | length | if . > 0 then 1 else 0 end')"

# A decision on the command line is the dashboard's.
cli vex set --product "$PC" --vuln CVE-2099-1001 --status not_affected \
    --justification vulnerable_code_not_present --author cli@acme.test >/dev/null
check "cli: vex set" 0 $?
check "api: cli decision on the finding" not_affected "$(req "$A" GET "/api/v1/findings?release_id=$RC&vuln=CVE-2099-1001" >/dev/null; body '.items[0].vex_status')"
check "api: cli decision listed" cli@acme.test "$(req "$A" GET "/api/v1/vex?release_id=$RC" >/dev/null; body '.items[0].author')"
check "api: not affected, so no device" 0 "$(req "$A" GET '/api/v1/affected?id=CVE-2099-1001' >/dev/null; body .total)"

# ---- the command line sees the API's rows
check "api: release" 201 "$(req "$A" POST /api/v1/releases -d '{"product":"API Pump","version":"1.0","released":"2025-02-01","end_of_guaranteed_support":"2030-12-31"}')"
RA=$(body .id)
check "api: device" 201 "$(req "$A" POST /api/v1/devices -d "{\"name\":\"API-01\",\"serial\":\"API-SN1\",\"location\":\"ICU\",\"release_id\":$RA}")"
check "api: serial unique in the organisation" 409 "$(req "$A" POST /api/v1/devices -d '{"name":"dup","serial":"CLI-SN1"}')"
check "api: SBOM" 201 "$(req "$A" POST "/api/v1/releases/$RA/sboms?name=pump.spdx.json" --data-binary @"$DATA/pump-2.2.spdx.json")"
check "api: SBOM's findings" 1 "$(body .findings)"
check "api: second SBOM of the cli release" 201 "$(req "$A" POST "/api/v1/releases/$RC/sboms" --data-binary @"$DATA/pump-2.2.spdx.json")"
PA=$(req "$A" GET "/api/v1/releases/$RA" >/dev/null; body .purl)
check "api: decision" 200 "$(req "$A" PUT "/api/v1/vex/$RA/CVE-2099-1002" -d '{"status":"affected","detail":"update to 1.1"}')"

check "cli: api release listed" 1 "$(cli device list | grep -c '^API Pump@1.0	Acme Medical	released 2025-02-01	EOL 2030-12-31')"
check "cli: api device listed" 1 "$(cli device list --installed | grep -c '^API-SN1	API Pump@1.0	')"
check "cli: api device shown" ICU "$(cli device show API-SN1 -f json | jq -r .location)"
check "cli: api SBOM in the history" 1 "$(cli device show "API Pump@1.0" -f json | jq '.sboms | length')"
check "cli: both SBOMs of the cli release" 2 "$(cli device show "CLI Pump@3.0" -f json | jq '.sboms | length')"
check "cli: api decision in the history" 1 "$(cli vex history --product "$PA" | grep -c 'CVE-2099-1002.*affected')"
check "cli: api decision's author" 1 "$(cli vex history --product "$PA" | grep -c 'admin@acme.test')"
check "cli: api scan's findings" 1 "$(cli fleet affected CVE-2099-1002 | grep -c '^API-SN1	')"
check "cli: api decision on the affected device" 1 "$(cli fleet affected CVE-2099-1002 | grep '^API-SN1	' | grep -c 'VEX: affected update to 1.1')"

# A fleet scan on the command line and a rescan by the server record
# findings in one place: the same rows, first seen kept.
F1=$(req "$A" GET "/api/v1/findings?release_id=$RA" >/dev/null; body '.items[0].id')
cli fleet scan >/dev/null
check "cli rescan: same finding" "$F1" "$(req "$A" GET "/api/v1/findings?release_id=$RA" >/dev/null; body '.items[0].id')"
check "cli rescan: one finding" 1 "$(body .total)"
check "server rescan" 202 "$(req "$A" POST /api/v1/jobs -d '{"kind":"rescan"}')"
J=$(body .id)
i=0
while [ "$(req "$A" GET "/api/v1/jobs/$J" >/dev/null; body .state)" != done ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "server rescan done" done "$(body .state)"
check "server rescan: same finding" "$F1" "$(req "$A" GET "/api/v1/findings?release_id=$RA" >/dev/null; body '.items[0].id')"
check "server rescan: the cli release too" 1 "$(req "$A" GET "/api/v1/sboms?release_id=$RC&sort=id&order=desc" >/dev/null; body '.items[0].components | if . > 0 then 1 else 0 end')"

# A release removed on the command line is gone from the API.
cli device add "Gone@1" -m X >/dev/null
check "api: cli release to remove" 1 "$(req "$A" GET '/api/v1/releases?product=Gone' >/dev/null; body .total)"
cli device remove "Gone@1" >/dev/null
sleep 1.2	# the server's answer cache lives SRV_CACHE_TTL_MS (1 s)
check "api: cli release removed" 0 "$(req "$A" GET '/api/v1/releases?product=Gone' >/dev/null; body .total)"

# ---- organisations kept apart
check "B: no releases" 0 "$(req "$B" GET /api/v1/releases >/dev/null; body .total)"
check "B: no devices" 0 "$(req "$B" GET /api/v1/devices >/dev/null; body .total)"
check "B: no SBOMs" 0 "$(req "$B" GET /api/v1/sboms >/dev/null; body .total)"
check "B: no findings" 0 "$(req "$B" GET /api/v1/findings >/dev/null; body .total)"
check "B: no decisions" 0 "$(req "$B" GET /api/v1/vex >/dev/null; body .total)"
check "B: no affected devices" 0 "$(req "$B" GET '/api/v1/affected?id=CVE-2099-1002' >/dev/null; body .total)"
check "B: cli release" 404 "$(req "$B" GET "/api/v1/releases/$RC")"
check "B: cli release's SBOM upload" 404 "$(req "$B" POST "/api/v1/releases/$RC/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "B: cli release's decision" 404 "$(req "$B" PUT "/api/v1/vex/$RC/CVE-2099-1001" -d '{"status":"fixed"}')"
D1=$(req "$A" GET '/api/v1/devices?serial=CLI-SN1' >/dev/null; body '.items[0].id')
check "B: cli device" 404 "$(req "$B" GET "/api/v1/devices/$D1")"
check "B: delete cli device" 404 "$(req "$B" DELETE "/api/v1/devices/$D1")"
check "B: same names allowed" 201 "$(req "$B" POST /api/v1/releases -d '{"product":"CLI Pump","version":"3.0","stage":"development"}')"
RB=$(body .id)
check "B: same serial allowed" 201 "$(req "$B" POST /api/v1/devices -d "{\"name\":\"x\",\"serial\":\"CLI-SN1\",\"release_id\":$RB}")"
check "B: own SBOM" 201 "$(req "$B" POST "/api/v1/releases/$RB/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "B: own decision" 200 "$(req "$B" PUT "/api/v1/vex/$RB/CVE-2099-1001" -d '{"status":"under_investigation"}')"
check "cli: B's release not listed" 1 "$(cli device list | grep -c '^CLI Pump@3.0	')"
check "cli: B's device not listed" 1 "$(cli device list --installed | grep -c '^CLI-SN1	')"
check "cli: B's SBOM not in the history" 2 "$(cli device show "CLI Pump@3.0" -f json | jq '.sboms | length')"
check "cli: cli decision unchanged" 1 "$(cli vex history --product "$PC" | grep -c 'CVE-2099-1001')"
check "B: own device affected" 1 "$(req "$B" GET '/api/v1/affected?id=CVE-2099-1001' >/dev/null; body .total)"
# Organisation 1's CLI-SN1 runs the newer SBOM: B's same-named device is
# the only one affected, and the command line does not see it.
check "cli: B's affected device not listed" 0 "$(cli fleet affected CVE-2099-1001 | grep -c 'CLI-SN1')"
check "A: B's release not listed" 1 "$(req "$A" GET '/api/v1/releases?product=CLI%20Pump' >/dev/null; body .total)"
check "A: cli device unchanged" Ward "$(cli device show CLI-SN1 -f json | jq -r .site)"

stop_server
check "graceful stop" 0 $?
finish
