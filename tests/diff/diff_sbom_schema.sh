#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# vigil sbom convert writes documents that the official schemas accept:
# every SBOM of tests/data/sbom and a sample of ../shared/testdata is
# converted to CycloneDX 1.6 JSON and SPDX 2.3 JSON, and each output is
# validated with Python's jsonschema (the reference implementation the
# testdata README used) against bom-1.6.schema.json and the SPDX 2.3
# schema, read in place.  Also: converting twice gives the same bytes.
set -u
V=${VIGIL_BIN:?}
S=${VIGIL_SRCDIR:?}
T=${VIGIL_TESTDATA:-}
if [ -z "$T" ] || [ ! -d "$T/cyclonedx-specification/schema" ]; then
	echo "SKIP: ../shared/testdata (official schemas) is not here"
	exit 0
fi
if ! python3 -c 'import jsonschema, referencing' 2>/dev/null; then
	echo "SKIP: python3 jsonschema/referencing not installed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
i=0
for f in "$S"/tests/data/sbom/*.json "$S"/tests/data/sbom/*.xml \
    "$S"/tests/data/sbom/*.spdx \
    "$T"/cyclonedx-specification/test-resources/1.6/valid-*.json \
    "$T"/cyclonedx-bom-examples/SBOM/*/bom.json \
    "$T"/spdx-spec/v2.3/examples/*.spdx* \
    "$T"/spdx-examples/software/*/spdx2.*/*.spdx*; do
	[ -f "$f" ] || continue
	case $f in *bad-*|*.yaml) continue ;; esac
	i=$((i + 1))
	"$V" sbom convert "$f" --to cyclonedx-json -o "$tmp/$i.cdx.json" \
	    2>/dev/null || continue
	"$V" sbom convert "$f" --to spdx-json -o "$tmp/$i.spdx.json" 2>/dev/null
	"$V" sbom convert "$f" --to cyclonedx-json -o "$tmp/again.json" \
	    2>/dev/null
	if ! cmp -s "$tmp/$i.cdx.json" "$tmp/again.json"; then
		echo "FAIL: not deterministic: $f"
		exit 1
	fi
done
python3 - "$T" "$tmp" <<'PY'
import glob, json, os, sys
import jsonschema
from referencing import Registry, Resource
t, tmp = sys.argv[1], sys.argv[2]
sd = os.path.join(t, "cyclonedx-specification", "schema")
reg = Registry()
for n in ("spdx.schema.json", "jsf-0.82.schema.json",
          "cryptography-defs.schema.json", "bom-1.6.schema.json"):
    p = os.path.join(sd, n)
    if os.path.exists(p):
        d = json.load(open(p))
        r = Resource.from_contents(d)
        reg = reg.with_resource(d.get("$id", n), r).with_resource(n, r)
cdx = json.load(open(os.path.join(sd, "bom-1.6.schema.json")))
spdx = json.load(open(os.path.join(t, "spdx-spec", "v2.3", "schemas",
                                   "spdx-schema.json")))
vc = jsonschema.validators.validator_for(cdx)(
    cdx, registry=reg, format_checker=jsonschema.FormatChecker())
vs = jsonschema.validators.validator_for(spdx)(
    spdx, format_checker=jsonschema.FormatChecker())
n = bad = 0
for f in sorted(glob.glob(os.path.join(tmp, "*.json"))):
    if f.endswith("again.json"):
        continue
    n += 1
    v = vc if f.endswith(".cdx.json") else vs
    errs = list(v.iter_errors(json.load(open(f))))
    if errs:
        bad += 1
        print("FAIL: %s: %s at %s" % (os.path.basename(f),
              errs[0].message[:200], list(errs[0].absolute_path)))
print("official schemas: %d outputs, %d invalid" % (n, bad))
sys.exit(1 if bad or n < 20 else 0)
PY
