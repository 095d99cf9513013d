#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Upgrading a server database from before the one inventory: the fixture
# tests/data/server/srv-schema1.sql is a database written by the previous
# vigil (store schema 4, server schema 1) with two organisations:
# releases, devices (one without a release, two sharing a serial), SBOMs,
# findings and VEX decisions in the server's former srv_* tables, and a
# release and a device added on the command line (organisation 1) with
# the same model and version as a server release.  The new server moves
# everything into the store's inventory (store migration 5, server
# migration 2): the API answers what it answered before, and the command
# line sees organisation 1's rows.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "SKIP: sqlite3 is not installed"
	exit 0
fi
sqlite3 "$DB" <"$DATA/srv-schema1.sql" || exit 1
check "old server schema" 1 "$(dbq "SELECT value FROM srv_meta WHERE key = 'schema'")"
check "old store schema" 4 "$(dbq "SELECT value FROM meta WHERE key = 'schema_version'")"
# New tokens for the existing organisations (tokens are shown only once).
A=$("$VIGIL" serve --init-admin upgrade@acme.test --org "Acme Medical" --db "$DB") || exit 1
B=$("$VIGIL" serve --init-admin upgrade@other.test --org "Other Hospital" --db "$DB") || exit 1
check "server schema" 2 "$(dbq "SELECT value FROM srv_meta WHERE key = 'schema'")"
check "store schema" 5 "$(dbq "SELECT value FROM meta WHERE key = 'schema_version'")"
check "old tables gone" 0 "$(dbq "SELECT count(*) FROM sqlite_master WHERE name IN ('srv_release', 'srv_device', 'srv_sbom', 'srv_finding', 'srv_finding_id', 'srv_vex', 'srv_relmap', 'srv_component2')")"
check "integrity" ok "$(db_sound)"
check "foreign keys" "" "$(dbq 'PRAGMA foreign_key_check')"

start_server --rate 1000

# ---- organisation 1, as before the upgrade
check "A: releases" 2 "$(req "$A" GET /api/v1/releases >/dev/null; body .total)"
R1=$(req "$A" GET '/api/v1/releases?version=2.1' >/dev/null; body '.items[0].id')
R2=$(req "$A" GET '/api/v1/releases?version=2.2' >/dev/null; body '.items[0].id')
check "A: merged release keeps the CLI's release date" 2023-05-01 "$(req "$A" GET "/api/v1/releases/$R1" >/dev/null; body .released)"
check "A: and takes the server's other dates" 2029-12-31,2031-12-31 "$(body '[.end_of_guaranteed_support, .end_of_support] | join(",")')"
check "A: and its stage" supported "$(body .stage)"
check "A: declared stage kept" development "$(req "$A" GET "/api/v1/releases/$R2" >/dev/null; body .stage)"
check "A: devices (server's and CLI's)" 4 "$(req "$A" GET /api/v1/devices >/dev/null; body .total)"
check "A: device names" "ICU-01,ICU-02,OLD-CLI-1,Spare" "$(req "$A" GET '/api/v1/devices?sort=name' >/dev/null; body '[.items[].name] | join(",")')"
check "A: repeated serial dropped, device kept" "SN1," "$(req "$A" GET '/api/v1/devices?location=ICU&sort=name' >/dev/null; body '.items | map(.serial // "") | join(",")')"
check "A: device without a release" null "$(req "$A" GET '/api/v1/devices?q=Spare' >/dev/null; body '.items[0].release_id')"
check "A: SBOMs" 3 "$(req "$A" GET /api/v1/sboms >/dev/null; body .total)"
check "A: SBOM history of 2.1" 2 "$(req "$A" GET "/api/v1/sboms?release_id=$R1" >/dev/null; body .total)"
check "A: SBOM name kept" a.cdx.json "$(req "$A" GET "/api/v1/sboms?release_id=$R1&sort=id&order=asc" >/dev/null; body '.items[0].name')"
S1=$(body '.items[0].id')
S2=$(body '.items[1].id')
check "A: SBOM content" 200 "$(req "$A" GET "/api/v1/sboms/$S1/content")"
check "A: SBOM content unchanged" "" "$(cmp "$TMP/body" "$DATA/pump-2.1.cdx.json")"
check "A: components kept" 3 "$(req "$A" GET "/api/v1/sboms/$S2/components" >/dev/null; body .total)"
check "A: findings" 3 "$(req "$A" GET /api/v1/findings >/dev/null; body .total)"
check "A: finding states" "CVE-2099-1001:affected:critical:left-pad,CVE-2099-1002:not_affected:high:tiny-http,CVE-2099-1002:under_investigation:high:tiny-http" "$(req "$A" GET '/api/v1/findings?sort=vuln&limit=10' >/dev/null; body '[.items[] | "\(.vuln):\(.vex_status):\(.risk):\(.component)"] | sort | join(",")')"
check "A: aliases" GHSA-vs01-0001-0001 "$(req "$A" GET "/api/v1/findings?release_id=$R1&vuln=CVE-2099-1001" >/dev/null; body '.items[0].aliases[1]')"
check "A: score" 9.8 "$(body '.items[0].score')"
check "A: decisions" 2 "$(req "$A" GET /api/v1/vex >/dev/null; body .total)"
check "A: decision detail" "fix in 2.2" "$(req "$A" GET "/api/v1/vex?release_id=$R1" >/dev/null; body '.items[0].detail')"
check "A: decision author" 1 "$(body '.items[0].user_id')"
check "A: affected by alias" 3 "$(req "$A" GET '/api/v1/affected?id=GHSA-vs01-0001-0001' >/dev/null; body .total)"
check "A: a new upload" 201 "$(req "$A" POST "/api/v1/releases/$R2/sboms" --data-binary @"$DATA/pump-2.2.spdx.json")"
check "A: new SBOM's id after the moved ones" 1 "$(body ".id > $S2 | if . then 1 else 0 end")"

# ---- organisation 2
check "B: releases" 1 "$(req "$B" GET /api/v1/releases >/dev/null; body .total)"
check "B: devices" 1 "$(req "$B" GET /api/v1/devices >/dev/null; body .total)"
check "B: findings" 2 "$(req "$B" GET /api/v1/findings >/dev/null; body .total)"
check "B: decision" fixed "$(req "$B" GET '/api/v1/findings?vuln=CVE-2099-1001' >/dev/null; body '.items[0].vex_status')"
check "B: not A's release" 404 "$(req "$B" GET "/api/v1/releases/$R1")"

# ---- the command line sees organisation 1
check "cli: releases" "Infusion Pump X@2.1,Infusion Pump X@2.2" "$("$VIGIL" device list --db "$DB" | cut -f1 | sort | paste -sd, -)"
check "cli: devices" 4 "$("$VIGIL" device list --installed --db "$DB" | wc -l | tr -d ' ')"
check "cli: SBOM history" 2 "$("$VIGIL" device show "Infusion Pump X@2.1" -f json --db "$DB" | jq '.sboms | length')"
check "cli: decision" 1 "$("$VIGIL" vex history --product 'pkg:generic/Infusion%20Pump%20X@2.1' --db "$DB" | grep -c 'CVE-2099-1001.*affected')"
check "cli: affected devices" 1 "$("$VIGIL" fleet affected CVE-2099-1001 --db "$DB" | grep -c '^OLD-CLI-1	')"

stop_server
check "graceful stop" 0 $?
finish
