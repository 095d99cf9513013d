#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# HTTPS: a self-signed certificate made here; the server answers over TLS,
# sends Strict-Transport-Security, and its session cookies are Secure.
. "$(dirname "$0")/lib.sh"
if ! command -v openssl >/dev/null 2>&1; then
	echo "SKIP: openssl is not installed"
	exit 0
fi
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" \
    -out "$TMP/cert.pem" -days 1 -subj /CN=localhost 2>/dev/null || exit 1
PW='correct horse battery' "$VIGIL" serve --init-admin a@acme.test \
    --password-env PW --db "$DB" >/dev/null || exit 1
start_server --tls-cert "$TMP/cert.pem" --tls-key "$TMP/key.pem"
BASE=https://127.0.0.1:$PORT
check "https" 200 "$(req "" GET /healthz -k)"
check "HSTS" 1 "$(grep -ci '^Strict-Transport-Security: max-age=' "$TMP/headers")"
check "login" 200 "$(req "" POST /api/v1/session -k -d '{"email":"a@acme.test","password":"correct horse battery"}')"
check "Secure cookie" 1 "$(grep -c '^Set-Cookie: vigil_session=.*HttpOnly; SameSite=Strict.*; Secure' "$TMP/headers")"
check "plain HTTP refused" 000 "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")"
"$VIGIL" serve --listen 127.0.0.1:0 --db "$DB" --tls-cert "$TMP/cert.pem" 2>/dev/null
check "cert without key" 2 $?
"$VIGIL" serve --listen 127.0.0.1:0 --db "$DB" --tls-cert "$TMP/nope.pem" --tls-key "$TMP/key.pem" 2>/dev/null
check "missing cert file" 4 $?
stop_server
check "stop" 0 $?
finish
