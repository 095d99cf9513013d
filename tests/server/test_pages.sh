#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Keyset pagination (docs/server.md, "Lists"): walking a list page by page
# with each page's "next" cursor yields every row exactly once, in the
# order of one long page, for ascending and descending sorts, on the
# first column and on a column with NULLs and duplicates; cursors are
# refused when they are damaged, made for another sort, or given with an
# offset; the total follows a change at once (counts are kept until the
# next change).  Run on SQLite, and on PostgreSQL by test_pages_pg.sh.
. "$(dirname "$0")/lib.sh"

A=$("$VIGIL" serve --init-admin admin@acme.test --org "Acme Medical" --db "$DB") || exit 1
start_server --rate 0

check "release" 201 "$(req "$A" POST /api/v1/releases -d '{"product":"Pump","version":"1.0"}')"
R=$(body .id)
# 23 devices: names with duplicates, every third without a location.
i=1
while [ $i -le 23 ]; do
	loc=",\"location\":\"Ward $((i % 4))\""
	[ $((i % 3)) -eq 0 ] && loc=
	code=$(req "$A" POST /api/v1/devices -d "{\"name\":\"dev-$((i % 7))\",\"release_id\":$R$loc}")
	[ "$code" = 201 ] || check "device $i" 201 "$code"
	i=$((i + 1))
done

# walk QUERY: the ids of every page of 5, following "next", one a line.
walk() {
	cur=
	: >"$TMP/walk"
	n=0
	while :; do
		code=$(req "$A" GET "/api/v1/devices?limit=5&$1${cur:+&cursor=$cur}")
		if [ "$code" != 200 ]; then
			check "page of $1" 200 "$code"
			return
		fi
		jq -r '.items[].id' "$TMP/body" >>"$TMP/walk"
		cur=$(jq -r '.next // empty' "$TMP/body")
		n=$((n + 1))
		[ -n "$cur" ] && [ $n -lt 50 ] || break
	done
}

for q in "sort=id" "sort=id&order=desc" "sort=name" "sort=name&order=desc" \
    "sort=location" "sort=location&order=desc" "sort=location&location=Ward%201"; do
	req "$A" GET "/api/v1/devices?limit=1000&$q" >/dev/null
	jq -r '.items[].id' "$TMP/body" >"$TMP/all"
	walk "$q"
	check "cursor walk $q: same rows in the same order" "$(cat "$TMP/all")" "$(cat "$TMP/walk")"
	check "cursor walk $q: no row twice" "$(sort "$TMP/all" | uniq | wc -l)" "$(wc -l <"$TMP/walk")"
done
# Offsets give the same rows (a page at an offset is chosen by id first).
for q in "sort=location&order=desc" "sort=name" "sort=id&order=desc"; do
	req "$A" GET "/api/v1/devices?limit=1000&$q" >/dev/null
	jq -r '.items[].id' "$TMP/body" >"$TMP/all"
	: >"$TMP/walk"
	for off in 0 5 10 15 20; do
		req "$A" GET "/api/v1/devices?limit=5&offset=$off&$q" >/dev/null
		jq -r '.items[].id' "$TMP/body" >>"$TMP/walk"
	done
	check "offset walk $q" "$(cat "$TMP/all")" "$(cat "$TMP/walk")"
done
check "NULL locations come first" "null" "$(req "$A" GET '/api/v1/devices?sort=location&limit=1' >/dev/null; body '.items[0].location')"
check "and last when descending" "null" "$(req "$A" GET '/api/v1/devices?sort=location&order=desc&limit=1000' >/dev/null; body '.items[-1].location')"
check "a full last page has a next" 200 "$(req "$A" GET '/api/v1/devices?limit=23')"
N=$(body .next)
check "after the last row: empty" 0 "$(req "$A" GET "/api/v1/devices?limit=23&cursor=$N" >/dev/null; body '.items | length')"
check "and no next" null "$(body .next)"
check "a short page has none" null "$(req "$A" GET '/api/v1/devices?limit=24' >/dev/null; body .next)"

req "$A" GET '/api/v1/devices?limit=5&sort=name' >/dev/null
N=$(body .next)
check "cursor of another sort" 400 "$(req "$A" GET "/api/v1/devices?limit=5&sort=location&cursor=$N")"
check "cursor of another order" 400 "$(req "$A" GET "/api/v1/devices?limit=5&sort=name&order=desc&cursor=$N")"
check "cursor and offset" 400 "$(req "$A" GET "/api/v1/devices?limit=5&sort=name&offset=5&cursor=$N")"
check "damaged cursor" 400 "$(req "$A" GET '/api/v1/devices?cursor=x%25%25')"
check "problem says why" 1 "$(grep -c 'next' "$TMP/body")"
forged=$(printf '{"k":"1","o":"a","s":"id","v":1}' | base64 | tr '+/' '-_' | tr -d '=\n')
check "forged cursor" 400 "$(req "$A" GET "/api/v1/devices?cursor=$forged")"
forged=$(printf '{"k":1,"o":"a","s":"name","v":7}' | base64 | tr '+/' '-_' | tr -d '=\n')
check "value of the wrong type" 400 "$(req "$A" GET "/api/v1/devices?sort=name&cursor=$forged")"

long=$(head -c 1001 /dev/zero | tr '\0' x)
check "q of 1,001 bytes refused" 400 "$(req "$A" GET "/api/v1/devices?q=$long")"
check "q of 1,000 bytes" 0 "$(req "$A" GET "/api/v1/devices?q=${long%x}" >/dev/null; body .total)"
# Filter values too long for the count cache's key: counted each time, and
# two of them never share a count.
big=$(head -c 9000 /dev/zero | tr '\0' y)
check "long filter a" 0 "$(req "$A" GET "/api/v1/devices?offset=1&location=${big}a" >/dev/null; body .total)"
check "long filter b" 0 "$(req "$A" GET "/api/v1/devices?offset=1&location=${big}b" >/dev/null; body .total)"

# Totals are kept between pages, and a change shows at once.
check "total" 23 "$(req "$A" GET '/api/v1/devices?limit=5&offset=5' >/dev/null; body .total)"
check "add" 201 "$(req "$A" POST /api/v1/devices -d '{"name":"late"}')"
check "total after a change" 24 "$(req "$A" GET '/api/v1/devices?limit=5&offset=5' >/dev/null; body .total)"
check "an empty cursor starts at the top" 1 "$(req "$A" GET '/api/v1/devices?limit=1&location=Ward%201&cursor=' >/dev/null; body '.items[0].id')"
check "filtered total" 4 "$(body .total)"

stop_server
check "SIGTERM" 0 $?
finish
