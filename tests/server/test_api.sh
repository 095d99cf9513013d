#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# The REST API end to end: bootstrap, roles, organisations kept apart
# (reads and writes across organisations fail), SBOM upload and scan
# (CycloneDX and SPDX), findings with VEX status and patient-harm risk,
# "which devices are affected" by any alias, VEX decisions, the audit log,
# sessions with CSRF, problem details, security headers, the public
# support page, the OpenAPI document against the routes, limits, and a
# graceful SIGTERM.
. "$(dirname "$0")/lib.sh"

"$VIGIL" db import -q --db "$DB" "$DATA/osv-pump.json" || exit 1
A=$("$VIGIL" serve --init-admin admin@acme.test --org "Acme Medical" --db "$DB") || exit 1
B=$("$VIGIL" serve --init-admin admin@other.test --org "Other Hospital" --db "$DB") || exit 1
if [ "$ENGINE" = postgresql ]; then
	# A URL's password stays out of messages.
	bad=$(printf %s "$VIGIL_TEST_PG_DSN" | sed 's|^\(postgres[a-z]*://[^@:/]*\)@/[^?]*|\1:s3cret@/vigil_no_such_db|')
	if [ "$bad" != "$VIGIL_TEST_PG_DSN" ]; then
		"$VIGIL" serve --listen 127.0.0.1:0 -q --db "$bad" 2>"$TMP/pw.err"
		check "no database: exit" 4 $?
		check "no database: message" 1 "$(grep -c 'vigil_no_such_db' "$TMP/pw.err")"
		check "password not shown" 0 "$(grep -c s3cret "$TMP/pw.err")"
	fi
fi
check "token format" "vgl_" "$(printf %s "$A" | cut -c1-4)"
"$VIGIL" serve --init-admin admin@acme.test --db "$DB" >/dev/null 2>&1
check "init-admin twice" 2 $?
check "token stored only as a hash" 0 "$(dbq "SELECT count(*) FROM srv_token WHERE hash = '$A' OR hash LIKE 'vgl_%'")"

start_server --rate 1000

# ---- operations, headers, problems
check healthz 200 "$(req "" GET /healthz)"
check readyz 200 "$(req "" GET /readyz)"
check "CSP header" 1 "$(grep -c "^Content-Security-Policy: default-src 'self'; script-src 'self'" "$TMP/headers")"
check "nosniff" 1 "$(grep -ci '^X-Content-Type-Options: nosniff' "$TMP/headers")"
check "frame" 1 "$(grep -ci '^X-Frame-Options: DENY' "$TMP/headers")"
check "no token" 401 "$(req "" GET /api/v1/releases)"
check "problem type" 1 "$(grep -ci '^Content-Type: application/problem+json' "$TMP/headers")"
check "problem status" 401 "$(body .status)"
check "bad token" 401 "$(req vgl_nope GET /api/v1/releases)"
check "not a bearer" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Basic eDp5' "$BASE/api/v1/releases")"
check "unknown api path" 404 "$(req "$A" GET /api/v1/nothing)"
check "wrong method" 405 "$(req "$A" DELETE /api/v1/releases)"
check "dashboard" 200 "$(req "" GET /)"
check "dashboard type" 1 "$(grep -ci '^Content-Type: text/html' "$TMP/headers")"

# ---- releases and devices
check "create release" 201 "$(req "$A" POST /api/v1/releases -d '{"product":"Infusion Pump X","version":"2.1","stage":"supported","released":"2024-03-01","end_of_guaranteed_support":"2029-12-31","end_of_support":"2031-12-31"}')"
R1=$(body .id)
check "location" 1 "$(grep -c "^Location: /api/v1/releases/$R1" "$TMP/headers")"
check "duplicate release" 409 "$(req "$A" POST /api/v1/releases -d '{"product":"Infusion Pump X","version":"2.1"}')"
check "bad stage" 422 "$(req "$A" POST /api/v1/releases -d '{"product":"P","version":"1","stage":"forever"}')"
check "bad date" 422 "$(req "$A" POST /api/v1/releases -d '{"product":"P","version":"1","end_of_support":"2030-13-01"}')"
check "dates in order" 422 "$(req "$A" POST /api/v1/releases -d '{"product":"P","version":"1","end_of_guaranteed_support":"2031-01-01","end_of_support":"2030-01-01"}')"
check "missing product" 422 "$(req "$A" POST /api/v1/releases -d '{"version":"1"}')"
check "not JSON" 400 "$(req "$A" POST /api/v1/releases -d '{"product":')"
check "duplicate keys" 400 "$(req "$A" POST /api/v1/releases -d '{"product":"a","product":"b","version":"1"}')"
check "not an object" 400 "$(req "$A" POST /api/v1/releases -d '[1]')"
deep=$(printf '%0.s[' $(seq 1 40))
check "too deep" 400 "$(req "$A" POST /api/v1/releases -d "{\"a\":$deep")"
check "NUL in string" 400 "$(req "$A" POST /api/v1/releases -d '{"product":"a\u0000b","version":"1"}')"
check "invalid UTF-8" 400 "$(printf '{"product":"\377","version":"1"}' | req "$A" POST /api/v1/releases --data-binary @-)"
check "create release 2.2" 201 "$(req "$A" POST /api/v1/releases -d '{"product":"Infusion Pump X","version":"2.2","stage":"development"}')"
R2=$(body .id)
check "device 1" 201 "$(req "$A" POST /api/v1/devices -d "{\"name\":\"ICU-01\",\"serial\":\"SN1\",\"location\":\"ICU\",\"release_id\":$R1}")"
D1=$(body .id)
check "device 2" 201 "$(req "$A" POST /api/v1/devices -d "{\"name\":\"ICU-02\",\"location\":\"ICU\",\"release_id\":$R1}")"
check "device 3" 201 "$(req "$A" POST /api/v1/devices -d "{\"name\":\"Ward-01\",\"location\":\"Ward\",\"release_id\":$R2}")"
check "device list total" 3 "$(req "$A" GET '/api/v1/devices?limit=2' >/dev/null; body .total)"
check "page size" 2 "$(body '.items | length')"
check "filter" 1 "$(req "$A" GET '/api/v1/devices?location=Ward' >/dev/null; body .total)"
check "sort desc" ICU-02 "$(req "$A" GET '/api/v1/devices?sort=name&order=desc&location=ICU' >/dev/null; body '.items[0].name')"
check "search" 1 "$(req "$A" GET '/api/v1/devices?q=Ward' >/dev/null; body .total)"
check "bad sort" 400 "$(req "$A" GET '/api/v1/devices?sort=password')"
check "bad limit" 400 "$(req "$A" GET '/api/v1/devices?limit=0')"
check "limit too big" 400 "$(req "$A" GET '/api/v1/devices?limit=1000000')"
check "bad filter" 400 "$(req "$A" GET '/api/v1/devices?release_id=x')"
# the answer cache never hides a change
n1=$(req "$A" GET '/api/v1/devices?limit=5' >/dev/null; body .total)
check "cached read" "$n1" "$(req "$A" GET '/api/v1/devices?limit=5' >/dev/null; body .total)"
check "device 4" 201 "$(req "$A" POST /api/v1/devices -d '{"name":"Spare"}')"
check "read after write" "$((n1 + 1))" "$(req "$A" GET '/api/v1/devices?limit=5' >/dev/null; body .total)"
check "delete device 4" 204 "$(req "$A" DELETE /api/v1/devices/$(body '.items[-1].id'))"
check "read after delete" "$n1" "$(req "$A" GET '/api/v1/devices?limit=5' >/dev/null; body .total)"
check "patch release" 200 "$(req "$A" PATCH /api/v1/releases/$R2 -d '{"stage":"supported"}')"
check "patched" supported "$(body .stage)"

# ---- SBOM upload and scan
check "upload CycloneDX" 201 "$(req "$A" POST "/api/v1/releases/$R1/sboms?name=pump-2.1.cdx.json" --data-binary @"$DATA/pump-2.1.cdx.json")"
S1=$(body .id)
check "scanned components" 3 "$(body .components)"
check "findings" 2 "$(body .findings)"
check "upload SPDX" 201 "$(req "$A" POST "/api/v1/releases/$R2/sboms" --data-binary @"$DATA/pump-2.2.spdx.json")"
S2=$(body .id)
check "SPDX findings" 1 "$(body .findings)"
check "upload garbage" 422 "$(req "$A" POST "/api/v1/releases/$R1/sboms" --data-binary 'not an sbom')"
check "upload empty" 400 "$(req "$A" POST "/api/v1/releases/$R1/sboms" --data-binary '')"
check "upload to unknown release" 404 "$(req "$A" POST "/api/v1/releases/999/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "download" 200 "$(req "$A" GET /api/v1/sboms/$S1/content)"
check "download is the upload" "$(sha256sum < "$DATA/pump-2.1.cdx.json")" "$(sha256sum < "$TMP/body")"
check "components" 3 "$(req "$A" GET /api/v1/sboms/$S1/components >/dev/null; body .total)"
check "diff added" safe-lib "$(req "$A" GET "/api/v1/sboms/$S1/components?against=$S2" >/dev/null; body '[.added[].name] | join(",")' | tr ',' '\n' | grep safe-lib)"
check "history" 2 "$(req "$A" GET /api/v1/sboms >/dev/null; body .total)"
check "finding list" 3 "$(req "$A" GET '/api/v1/findings' >/dev/null; body .total)"
check "findings of a release" 2 "$(req "$A" GET "/api/v1/findings?release_id=$R1" >/dev/null; body .total)"
check "critical first" CVE-2099-1001 "$(req "$A" GET "/api/v1/findings?release_id=$R1" >/dev/null; body '.items[0].vuln')"
check "patient-harm risk" critical "$(body '.items[0].risk')"
check "vex default" under_investigation "$(body '.items[0].vex_status')"
check "aliases" GHSA-vs01-0001-0001 "$(body '.items[0].aliases[1]')"

# ---- affected devices, by any alias
check "affected by CVE" 2 "$(req "$A" GET '/api/v1/affected?id=CVE-2099-1001' >/dev/null; body .total)"
check "affected by GHSA" 2 "$(req "$A" GET '/api/v1/affected?id=GHSA-vs01-0001-0001' >/dev/null; body .total)"
check "affected by 1002" 3 "$(req "$A" GET '/api/v1/affected?id=CVE-2099-1002' >/dev/null; body .total)"
check "affected by component" 2 "$(req "$A" GET '/api/v1/affected?component=safe-lib' >/dev/null; body .total)"
check "affected needs a question" 400 "$(req "$A" GET '/api/v1/affected')"
check "advisory by alias" 200 "$(req "$A" GET /api/v1/vulnerabilities/GHSA-vs01-0002-0002)"
check "advisory releases" 2 "$(body '.releases | length')"
check "unknown advisory" 404 "$(req "$A" GET /api/v1/vulnerabilities/CVE-1999-0000)"
check "store status" 2 "$(req "$A" GET /api/v1/store >/dev/null; body .osv)"

# ---- VEX
check "not_affected needs a reason" 422 "$(req "$A" PUT "/api/v1/vex/$R2/CVE-2099-1002" -d '{"status":"not_affected"}')"
check "bad status" 422 "$(req "$A" PUT "/api/v1/vex/$R2/CVE-2099-1002" -d '{"status":"maybe"}')"
check "vex by alias" 200 "$(req "$A" PUT "/api/v1/vex/$R2/GHSA-vs01-0002-0002" -d '{"status":"not_affected","justification":"vulnerable_code_not_in_execute_path","detail":"the header parser is not used"}')"
check "vex names the finding's id" CVE-2099-1002 "$(body .vuln)"
check "affected after VEX" 2 "$(req "$A" GET '/api/v1/affected?id=CVE-2099-1002' >/dev/null; body .total)"
check "finding shows VEX" not_affected "$(req "$A" GET "/api/v1/findings?release_id=$R2" >/dev/null; body '.items[0].vex_status')"
check "vex list" 1 "$(req "$A" GET /api/v1/vex >/dev/null; body .total)"
check "report" 200 "$(req "$A" GET /api/v1/reports/$R1)"
check "report findings" 2 "$(body .findings_count)"
check "CSV report" 3 "$(req "$A" GET "/api/v1/reports/$R1?format=csv" >/dev/null; wc -l < "$TMP/body" | tr -d ' ')"
check "overview" 3 "$(req "$A" GET /api/v1/overview >/dev/null; body .totals.devices)"
check "overview stage" 3 "$(body '.devices_by_stage.supported')"

# ---- users and roles
check "add viewer" 201 "$(req "$A" POST /api/v1/users -d '{"email":"v@acme.test","role":"viewer"}')"
V=$(body .token)
check "add analyst" 201 "$(req "$A" POST /api/v1/users -d '{"email":"an@acme.test","role":"analyst","password":"correct horse battery"}')"
AN=$(body .token)
check "duplicate user" 409 "$(req "$A" POST /api/v1/users -d '{"email":"v@acme.test","role":"viewer"}')"
check "bad role" 422 "$(req "$A" POST /api/v1/users -d '{"email":"x@acme.test","role":"root"}')"
check "short password" 422 "$(req "$A" POST /api/v1/users -d '{"email":"y@acme.test","role":"viewer","password":"short"}')"
check "viewer reads" 200 "$(req "$V" GET /api/v1/findings)"
check "viewer cannot write" 403 "$(req "$V" POST /api/v1/releases -d '{"product":"P","version":"9"}')"
check "viewer cannot triage" 403 "$(req "$V" PUT "/api/v1/vex/$R1/CVE-2099-1001" -d '{"status":"affected"}')"
check "viewer cannot upload" 403 "$(req "$V" POST "/api/v1/releases/$R1/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "viewer cannot see users" 403 "$(req "$V" GET /api/v1/users)"
check "analyst triages" 200 "$(req "$AN" PUT "/api/v1/vex/$R1/CVE-2099-1001" -d '{"status":"affected","detail":"fix in 2.2"}')"
check "analyst cannot add users" 403 "$(req "$AN" POST /api/v1/users -d '{"email":"z@acme.test","role":"admin"}')"
check "analyst cannot read the audit log" 403 "$(req "$AN" GET /api/v1/audit)"
check "token create" 201 "$(req "$V" POST /api/v1/tokens -d '{"name":"ci"}')"
VT=$(body .token) VTID=$(body .id)
check "new token works" 200 "$(req "$VT" GET /api/v1/session)"
check "tokens listed without secrets" null "$(req "$V" GET /api/v1/tokens >/dev/null; body '.items[0].token')"
check "revoke" 204 "$(req "$V" DELETE /api/v1/tokens/$VTID)"
check "revoked token" 401 "$(req "$VT" GET /api/v1/session)"
check "revoke another's token" 404 "$(req "$V" DELETE /api/v1/tokens/1)"
check "disable user" 200 "$(req "$A" PATCH /api/v1/users/$(req "$A" GET '/api/v1/users?email=v@acme.test' >/dev/null; body '.items[0].id') -d '{"disabled":true}')"
check "disabled user's token" 401 "$(req "$V" GET /api/v1/findings)"
check "admin cannot demote themself" 409 "$(req "$A" PATCH /api/v1/users/1 -d '{"role":"viewer"}')"

# ---- organisations are kept apart
check "B sees no releases" 0 "$(req "$B" GET /api/v1/releases >/dev/null; body .total)"
check "B sees no findings" 0 "$(req "$B" GET /api/v1/findings >/dev/null; body .total)"
check "B sees no devices" 0 "$(req "$B" GET /api/v1/devices >/dev/null; body .total)"
check "B cannot read A's release" 404 "$(req "$B" GET /api/v1/releases/$R1)"
check "B cannot read A's device" 404 "$(req "$B" GET /api/v1/devices/$D1)"
check "B cannot read A's SBOM" 404 "$(req "$B" GET /api/v1/sboms/$S1)"
check "B cannot download A's SBOM" 404 "$(req "$B" GET /api/v1/sboms/$S1/content)"
check "B cannot diff against A's SBOM" 404 "$(req "$B" GET "/api/v1/sboms/$S1/components?against=$S2")"
check "B cannot read A's report" 404 "$(req "$B" GET /api/v1/reports/$R1)"
check "B cannot change A's release" 404 "$(req "$B" PATCH /api/v1/releases/$R1 -d '{"stage":"end_of_support"}')"
check "B cannot change A's device" 404 "$(req "$B" PATCH /api/v1/devices/$D1 -d '{"name":"pwned"}')"
check "B cannot delete A's device" 404 "$(req "$B" DELETE /api/v1/devices/$D1)"
check "B cannot upload to A's release" 404 "$(req "$B" POST "/api/v1/releases/$R1/sboms" --data-binary @"$DATA/pump-2.1.cdx.json")"
check "B cannot triage A's release" 404 "$(req "$B" PUT "/api/v1/vex/$R1/CVE-2099-1001" -d '{"status":"fixed"}')"
check "B cannot attach a device to A's release" 422 "$(req "$B" POST /api/v1/devices -d "{\"name\":\"x\",\"release_id\":$R1}")"
check "B is not affected" 0 "$(req "$B" GET '/api/v1/affected?id=CVE-2099-1001' >/dev/null; body .total)"
check "B sees no advisory releases" 0 "$(req "$B" GET /api/v1/vulnerabilities/CVE-2099-1001 >/dev/null; body '.releases | length')"
check "B's user list" 1 "$(req "$B" GET /api/v1/users >/dev/null; body .total)"
check "B cannot change A's user" 404 "$(req "$B" PATCH /api/v1/users/1 -d '{"role":"viewer"}')"
check "B's audit log" 0 "$(req "$B" GET '/api/v1/audit?action=release.create' >/dev/null; body .total)"
check "A's release unchanged" supported "$(req "$A" GET /api/v1/releases/$R1 >/dev/null; body .stage)"
check "A's device unchanged" ICU-01 "$(req "$A" GET /api/v1/devices/$D1 >/dev/null; body .name)"

# ---- audit log
check "audit" 200 "$(req "$A" GET '/api/v1/audit?action=release.update')"
check "audit before" development "$(body '.items[0].before.stage')"
check "audit after" supported "$(body '.items[0].after.stage')"
check "audit who" admin@acme.test "$(body '.items[0].email')"
check "audit has uploads" 2 "$(req "$A" GET '/api/v1/audit?action=sbom.upload' >/dev/null; body .total)"
check "audit is append-only (delete)" 1 "$(dbq "DELETE FROM srv_audit" 2>&1 | grep -c 'the audit log is append-only')"
check "audit is append-only (update)" 1 "$(dbq "UPDATE srv_audit SET action = 'x'" 2>&1 | grep -c 'the audit log is append-only')"

# ---- sessions and CSRF
check "login wrong password" 401 "$(req "" POST /api/v1/session -d '{"email":"an@acme.test","password":"wrong password"}')"
check "login" 200 "$(req "" POST /api/v1/session -d '{"email":"an@acme.test","password":"correct horse battery"}')"
CSRF=$(body .csrf)
SID=$(sed -n 's/^Set-Cookie: vigil_session=\([^;]*\);.*/\1/p' "$TMP/headers" | tr -d '\r')
check "cookie flags" 1 "$(grep -c '^Set-Cookie: vigil_session=.*; Path=/; HttpOnly; SameSite=Strict' "$TMP/headers")"
check "session read" 200 "$(req "" GET /api/v1/findings -H "Cookie: vigil_session=$SID")"
check "session write without CSRF" 403 "$(req "" PUT "/api/v1/vex/$R1/CVE-2099-1002" -H "Cookie: vigil_session=$SID" -d '{"status":"fixed"}')"
check "session write with a wrong CSRF" 403 "$(req "" PUT "/api/v1/vex/$R1/CVE-2099-1002" -H "Cookie: vigil_session=$SID" -H "X-CSRF-Token: x$CSRF" -d '{"status":"fixed"}')"
check "session write with CSRF" 200 "$(req "" PUT "/api/v1/vex/$R1/CVE-2099-1002" -H "Cookie: vigil_session=$SID" -H "X-CSRF-Token: $CSRF" -d '{"status":"fixed"}')"
check "logout" 204 "$(req "" DELETE /api/v1/session -H "Cookie: vigil_session=$SID" -H "X-CSRF-Token: $CSRF")"
check "after logout" 401 "$(req "" GET /api/v1/findings -H "Cookie: vigil_session=$SID")"

# ---- the public support page
check "support page" 200 "$(req "" GET /support/acme-medical)"
check "support shows the stage" 1 "$(grep -c 'supported' "$TMP/body")"
check "support shows no devices" 0 "$(grep -c 'ICU' "$TMP/body")"
check "support JSON" 2 "$(req "" GET /api/v1/public/acme-medical/support >/dev/null; body '.products | length')"
check "support JSON fields" "end_of_guaranteed_support,end_of_support,product,released,stage,version" "$(body '.products[0] | keys | join(",")')"
check "unknown manufacturer" 404 "$(req "" GET /support/nobody)"

# ---- background jobs
check "rescan job" 202 "$(req "$A" POST /api/v1/jobs -d '{"kind":"rescan"}')"
J=$(body .id)
i=0
while [ "$(req "$A" GET /api/v1/jobs/$J >/dev/null; body .state)" != done ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "rescan done" done "$(body .state)"
check "rescan progress" 2 "$(body .done)"
check "B cannot see A's job" 404 "$(req "$B" GET /api/v1/jobs/$J)"
check "bad job" 422 "$(req "$A" POST /api/v1/jobs -d '{"kind":"format-disk"}')"
check "feed upload needs admin" 403 "$(req "$AN" POST '/api/v1/feeds?name=x.json' --data-binary @"$DATA/osv-pump.json")"
check "feed upload" 202 "$(req "$A" POST '/api/v1/feeds?name=osv.json' --data-binary @"$DATA/osv-pump.json")"
J=$(body .id)
i=0
while [ "$(req "$A" GET /api/v1/jobs/$J >/dev/null; body .state)" != done ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
check "import done" done "$(body .state)"
if [ "$ENGINE" = postgresql ]; then
	check "spool under XDG_DATA_HOME" 0 "$(test -d "$XDG_DATA_HOME/vigil/server.spool"; echo $?)"
else
	check "spool beside the store" 0 "$(test -d "$DB.spool"; echo $?)"
fi
check "bad feed name" 415 "$(req "$A" POST '/api/v1/feeds?name=x.exe' --data-binary x)"

# ---- the OpenAPI document against the routes (walked with a second admin
# of organisation A: every documented operation is routed)
check "walker" 201 "$(req "$A" POST /api/v1/users -d '{"email":"walker@acme.test","role":"admin"}')"
C=$(body .token)
check "openapi" 200 "$(req "" GET /api/openapi.json)"
check "openapi version" 3.1.0 "$(body .openapi)"
cp "$TMP/body" "$TMP/openapi.json"
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | "\(.) \($p)"' "$TMP/openapi.json" > "$TMP/ops"
n=0
while read -r m p; do
	u=$(printf %s "$p" | sed -e "s/{release}/$R1/; s/{vuln}/CVE-2099-1001/; s/{org}/acme-medical/; s/{id}/1/")
	M=$(printf %s "$m" | tr a-z A-Z)
	st=$(req "$C" "$M" "$u" -d '{}')
	t=$(jq -r '.title // empty' "$TMP/body" 2>/dev/null)
	if [ "$st" = 405 ] || { [ "$st" = 404 ] && jq -e '.detail | startswith("no resource")' "$TMP/body" >/dev/null 2>&1; }; then
		check "documented $M $p is routed" routed "$st $t"
	fi
	n=$((n + 1))
done < "$TMP/ops"
check "operations documented" "$(grep -c '^	{"[A-Z]*", "/' "$SRC/src/server/router.c")" "$n"

# ---- limits
check "body too big" 413 "$(head -c 2000000 /dev/zero | req "$A" POST /api/v1/releases --data-binary @-)"
check "JSON body too big" 413 "$(head -c 1100000 /dev/zero | tr '\0' ' ' | req "$A" POST /api/v1/releases --data-binary @-)"
check "long path" 414 "$(req "$A" GET "/api/v1/$(head -c 3000 /dev/zero | tr '\0' a)")"
stop_server
check "restart" 0 $?
start_server --rate 5 --timeout 2
# slowloris: headers that never end are cut off after the idle timeout
check "slow client cut off" closed "$(/usr/bin/python3 - "$PORT" <<'PY' 2>&1
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
s.settimeout(8)
t = time.time()
try:
    d = s.recv(100)
    print("closed" if d == b"" and time.time() - t < 6 else "open %r" % d)
except (ConnectionResetError, socket.timeout) as e:
    print("closed" if isinstance(e, ConnectionResetError) else "open (timeout)")
PY
)"
got429=0
for i in $(seq 1 120); do
	st=$(req "$B" GET /api/v1/session)
	if [ "$st" = 429 ]; then got429=1; break; fi
done
check "rate limit" 1 $got429
check "Retry-After" 1 "$(grep -ci '^Retry-After:' "$TMP/headers")"
check "other tokens unaffected" 200 "$(req "$A" GET /api/v1/session)"
check "access log is JSON lines" 0 "$(jq -c . "$TMP/access.log" >/dev/null; echo $?)"
check "access log has a request" 1 "$(grep -c '"path":"/api/v1/session","status":401' "$TMP/access.log" | sed 's/^[1-9][0-9]*$/1/')"

# ---- graceful stop
( sleep 0.2; kill -TERM "$SERVER_PID" ) &
st=$(req "$A" POST "/api/v1/releases/$R2/sboms" --data-binary @"$DATA/pump-2.2.spdx.json")
check "request in flight finishes" 201 "$st"
wait "$SERVER_PID"
check "SIGTERM exit status" 0 $?
SERVER_PID=
check "stopped events" 2 "$(grep -c '"event":"stopped"' "$TMP/access.log")"
check "store is sound" ok "$(db_sound)"
finish
