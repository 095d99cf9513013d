#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Differential test against minisign (Debian's minisign 0.11): signatures
# made by vigil must verify with `minisign -V`, and signatures made by
# `minisign -S` must verify with `vigil verify`, for keys made by either
# tool (unencrypted and password-protected), for both signature algorithms
# (prehashed "ED" and legacy "Ed"), across file sizes around the 64 KiB
# read size; and both tools must reject the same tampered files and
# trusted comments.  Prints "SKIP: ..." and exits 0 without minisign.
set -u
VIGIL=${VIGIL_BIN:?VIGIL_BIN not set}
if ! command -v minisign >/dev/null 2>&1; then
	echo "SKIP: minisign is not installed (apt-get install minisign)"
	exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1
unset VIGIL_TRUSTED_KEYS
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Keys: vigil unencrypted, vigil encrypted, minisign unencrypted.
"$VIGIL" key generate -o vk --no-password >/dev/null 2>&1 || bad "vigil key generate"
VIGIL_PASSWORD=pw-vigil "$VIGIL" key generate -o ve --kdf interactive \
    >/dev/null 2>&1 || bad "vigil key generate (encrypted)"
minisign -G -W -p mk.pub -s mk.key >/dev/null 2>&1 || bad "minisign -G -W"

# Files: empty, small, around 64 KiB, 1 MiB of random bytes, odd names.
: >empty.bin
printf 'a' >one.bin
head -c 65535 /dev/urandom >k64m.bin
head -c 65536 /dev/urandom >k64.bin
head -c 65537 /dev/urandom >k64p.bin
head -c 1048576 /dev/urandom >m1.bin
printf 'x\n' >'name with spaces.txt'
files="empty.bin one.bin k64m.bin k64.bin k64p.bin m1.bin"

# password for a key (empty: unencrypted)
pw_of() { case $1 in ve) echo pw-vigil ;; *) echo "" ;; esac; }

for key in vk ve mk; do
	pw=$(pw_of $key)
	for f in $files 'name with spaces.txt'; do
		for legacy in "" --legacy; do
			# vigil signs, minisign verifies
			rm -f "$f.minisig"
			if VIGIL_PASSWORD=$pw "$VIGIL" sign --key $key.key \
			    $legacy "$f" 2>err.txt &&
			    minisign -V -q -p $key.pub -m "$f" >/dev/null 2>&1
			then ok; else bad "vigil sign $legacy ($key) $f -> minisign -V"; cat err.txt; fi
			# minisign signs, vigil verifies
			rm -f "$f.minisig"
			mflag=""
			[ -n "$legacy" ] && mflag=-l
			if [ -n "$pw" ]; then
				echo "$pw" | minisign -S $mflag -s $key.key \
				    -m "$f" >/dev/null 2>&1
			else
				minisign -S $mflag -s $key.key -m "$f" \
				    >/dev/null 2>&1
			fi || bad "minisign -S $mflag ($key) $f"
			if "$VIGIL" verify -q --key $key.pub "$f"; then ok
			else bad "minisign -S $mflag ($key) $f -> vigil verify"; fi
		done
	done
done

# minisign reads vigil's secret keys: -R rebuilds the same public key
# (minisign -R prints the key id without leading zeros; -G with them).
for key in vk ve; do
	rm -f r.pub
	if echo "$(pw_of $key)" | minisign -R -s $key.key -p r.pub >/dev/null 2>&1 &&
	    [ "$(tail -1 r.pub)" = "$(tail -1 $key.pub)" ] &&
	    [ "$(head -1 r.pub | sed 's/.* 0*//')" = \
	      "$(head -1 $key.pub | sed 's/.* 0*//')" ]; then ok
	else bad "minisign -R from vigil's $key.key"; fi
done
# vigil reads minisign's: key show prints the key line of mk.pub.
[ "$("$VIGIL" key show mk.key | sed -n 's/^public key //p')" = "$(tail -1 mk.pub)" ] &&
    ok || bad "vigil key show mk.key"
# Passwords changed by one tool, keys then used by the other.
cp vk.key pw.key; cp vk.pub pw.pub
if VIGIL_NEW_PASSWORD=pw-new "$VIGIL" key password pw.key --kdf interactive \
    2>/dev/null && echo pw-new | minisign -S -s pw.key -m one.bin >/dev/null 2>&1 &&
    "$VIGIL" verify -q --key pw.pub one.bin; then ok
else bad "vigil key password -> minisign -S"; fi
# minisign -C removes the password again (old one on stdin, then none).
if printf 'pw-new\n' | minisign -C -W -s pw.key >/dev/null 2>&1 &&
    "$VIGIL" sign --key pw.key one.bin &&
    minisign -V -q -p pw.pub -m one.bin; then ok
else bad "minisign -C -W -> vigil sign"; fi

# vigil's default is the prehashed algorithm that minisign -H insists on.
"$VIGIL" sign --key vk.key m1.bin && minisign -V -H -q -p vk.pub -m m1.bin &&
    ok || bad "minisign -V -H on a vigil signature"
"$VIGIL" sign --legacy --key vk.key m1.bin &&
    minisign -V -H -q -p vk.pub -m m1.bin >/dev/null 2>&1 &&
    bad "minisign -V -H accepted a legacy signature" || ok

# Trusted comments with tabs and UTF-8, both ways.
tc="$(printf 'release 1.2\tdevice:Pump\tsite:Kliniken Süd')"
"$VIGIL" sign --key vk.key -t "$tc" one.bin &&
    out=$(minisign -V -p vk.pub -m one.bin 2>/dev/null) &&
    [ "$(printf '%s\n' "$out" | sed -n 's/^Trusted comment: //p')" = "$tc" ] &&
    ok || bad "trusted comment vigil -> minisign"
minisign -S -s mk.key -m one.bin -t "$tc" >/dev/null 2>&1 &&
    out=$("$VIGIL" verify --key mk.pub one.bin) &&
    [ "$(printf '%s\n' "$out" | sed -n 's/^trusted comment: //p')" = "$tc" ] &&
    ok || bad "trusted comment minisign -> vigil"

# Both reject: a tampered file, an edited trusted comment, a wrong key.
for signer in vigil minisign; do
	cp k64.bin t.bin
	if [ $signer = vigil ]; then
		"$VIGIL" sign --key vk.key t.bin; pub=vk.pub; other=mk.pub
	else
		minisign -S -s mk.key -m t.bin >/dev/null 2>&1; pub=mk.pub; other=vk.pub
	fi
	printf 'X' >>t.bin
	minisign -V -q -p $pub -m t.bin >/dev/null 2>&1 && bad "minisign accepted a tampered file ($signer)" || ok
	"$VIGIL" verify -q --key $pub t.bin 2>/dev/null && bad "vigil accepted a tampered file ($signer)" || ok
	cp k64.bin t.bin
	sed -i '3s/timestamp:/timestamp:1/' t.bin.minisig
	minisign -V -q -p $pub -m t.bin >/dev/null 2>&1 && bad "minisign accepted an edited trusted comment ($signer)" || ok
	"$VIGIL" verify -q --key $pub t.bin 2>/dev/null && bad "vigil accepted an edited trusted comment ($signer)" || ok
	"$VIGIL" verify -q --key $other t.bin 2>/dev/null && bad "vigil accepted another key ($signer)" || ok
done

# A key encrypted by minisign itself (scrypt with 1 GiB): only with room.
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo 2>/dev/null || echo 0)
if [ "${avail:-0}" -ge 3072 ]; then
	printf 'pw-minisign\npw-minisign\n' | minisign -G -p me.pub -s me.key >/dev/null 2>&1
	if VIGIL_PASSWORD=pw-minisign "$VIGIL" sign --key me.key one.bin &&
	    minisign -V -q -p me.pub -m one.bin >/dev/null 2>&1; then ok
	else bad "minisign-encrypted key -> vigil sign"; fi
	VIGIL_PASSWORD=wrong "$VIGIL" sign --key me.key one.bin 2>/dev/null &&
	    bad "wrong password accepted for a minisign key" || ok
else
	echo "note: less than 3 GiB available; the minisign-encrypted (1 GiB scrypt) key case is skipped"
fi

echo "minisign agreement: $pass checks passed, $fail failed"
[ $fail -eq 0 ]
