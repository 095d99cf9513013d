#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate a large, valid CycloneDX 1.6 JSON SBOM for the sbom benchmarks.

usage: gen_sbom.py N OUT

N components (every 10th has two nested components, counted in N), each
with supplier, purl, CPE, a SHA-256 hash, a licence and support data, and
a dependency graph of about 2 edges per component.  Deterministic: the
same N gives the same bytes.
"""
import hashlib
import sys


def main():
    n = int(sys.argv[1])
    out = open(sys.argv[2], "w")
    w = out.write
    w('{"bomFormat":"CycloneDX","specVersion":"1.6",'
      '"serialNumber":"urn:uuid:00000000-0000-4000-8000-000000000001",'
      '"version":1,"metadata":{"timestamp":"2026-01-01T00:00:00Z",'
      '"authors":[{"name":"bench"}],"component":{"type":"device",'
      '"bom-ref":"device","name":"bench-device","version":"1.0",'
      '"supplier":{"name":"Bench Medical"}}},\n"components":[\n')

    def comp(i, kids):
        h = hashlib.sha256(str(i).encode()).hexdigest()
        s = ('{"type":"library","bom-ref":"c%d","supplier":{"name":'
             '"Vendor %d"},"name":"component-%d","version":"%d.%d.%d",'
             '"description":"generated component number %d",'
             '"hashes":[{"alg":"SHA-256","content":"%s"}],'
             '"licenses":[{"license":{"id":"MIT"}}],'
             '"cpe":"cpe:2.3:a:vendor%d:component-%d:%d.%d.%d:*:*:*:*:*:*:*",'
             '"purl":"pkg:generic/vendor%d/component-%d@%d.%d.%d",'
             '"properties":[{"name":"cdx:lifecycle:supportLevel",'
             '"value":"actively-maintained"},{"name":'
             '"cdx:lifecycle:milestone:endOfSupport","value":"2030-12-31"}]'
             % (i, i % 97, i, i % 7, i % 13, i % 17, i, h, i % 97, i,
                i % 7, i % 13, i % 17, i % 97, i, i % 7, i % 13, i % 17))
        if kids:
            s += ',"components":[' + ",".join(kids) + ']'
        return s + '}'

    i = 0
    first = True
    while i < n:
        kids = []
        if i % 10 == 0 and i + 2 < n:
            kids = [comp(i + 1, []), comp(i + 2, [])]
        w(("" if first else ",\n") + comp(i, kids))
        first = False
        i += 1 + len(kids)
    w('\n],\n"dependencies":[\n{"ref":"device","dependsOn":["c0"]}')
    for j in range(n - 1):
        deps = ['"c%d"' % (j + 1)]
        if j + 7 < n:
            deps.append('"c%d"' % (j + 7))
        w(',\n{"ref":"c%d","dependsOn":[%s]}' % (j, ",".join(deps)))
    w('\n]}\n')
    out.close()


if __name__ == "__main__":
    main()
