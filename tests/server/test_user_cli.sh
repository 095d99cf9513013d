#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# `vigil user` against a running server: a token it prints authenticates
# with the role it gave; a role change, a revoked token and a disabled
# user take effect on the running server; its audit records show in the
# API's audit log.
. "$(dirname "$0")/lib.sh"
"$VIGIL" user org add "Acme Medical" --db "$DB" || exit 1
A=$("$VIGIL" user add admin@acme.test --org "Acme Medical" --role admin --db "$DB") || exit 1
V=$("$VIGIL" user add v@acme.test --org "Acme Medical" --role viewer --db "$DB") || exit 1
start_server
check "admin token" 200 "$(req "$A" GET /api/v1/users)"
check "two users" 2 "$(body .total)"
check "viewer token reads" 200 "$(req "$V" GET /api/v1/releases)"
check "viewer cannot write" 403 "$(req "$V" POST /api/v1/releases -d '{"product":"P","version":"1"}')"
"$VIGIL" user role v@acme.test analyst --db "$DB" || exit 1
sleep 1.1	# the answer cache's second
check "analyst now writes" 201 "$(req "$V" POST /api/v1/releases -d '{"product":"P","version":"1"}')"
T=$("$VIGIL" user token create v@acme.test --name ci --db "$DB") || exit 1
check "new token works" 200 "$(req "$T" GET /api/v1/tokens)"
check "it is listed" ci "$(body '.items[] | select(.name == "ci") | .name')"
"$VIGIL" user token revoke v@acme.test ci --db "$DB" || exit 1
check "revoked token refused" 401 "$(req "$T" GET /api/v1/releases)"
check "other token still works" 200 "$(req "$V" GET /api/v1/releases)"
"$VIGIL" user disable v@acme.test --db "$DB" || exit 1
check "disabled user refused" 401 "$(req "$V" GET /api/v1/releases)"
check "audit log" 200 "$(req "$A" GET '/api/v1/audit?limit=100')"
check "user changes audited" 2 "$(body '[.items[] | select(.action == "user.update")] | length')"
check "token changes audited" 2 "$(body '[.items[] | select(.action | startswith("token."))] | length')"
check "made by the command line (org, 2 users, 2 changes)" 5 "$(body '[.items[] | select(.user_id == 0)] | length')"
stop_server
check "clean stop" 0 $?
finish
