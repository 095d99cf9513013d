#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate a CycloneDX 1.6 JSON SBOM whose components meet the advisories
that gen_feed.py generates, for the scan benchmark.

usage: gen_scan_sbom.py N OUT [SPREAD]

N components: four in five have a purl in an ecosystem gen_feed.py writes
(PyPI, npm, Go, crates.io, RubyGems, NuGet, Debian 12, Alpine 3.19) with a
package name it uses ("pkg-K"), the fifth a CPE of a vendor and product of
its NVD configurations.  Versions are random x.y.z, so some fall in the
generated ranges.  SPREAD (default 1) widens the name space: with 10,
only one component in ten names a package the feeds have advisories for,
closer to a real SBOM.  Deterministic (seeded).
"""
import json
import random
import sys

PURLS = [("pypi", ""), ("npm", ""), ("cargo", ""),
         ("gem", ""), ("nuget", ""), ("deb", "debian/", "?distro=debian-12"),
         ("apk", "alpine/", "?distro=3.19.1")]


def main():
    n = int(sys.argv[1])
    spread = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    r = random.Random(7)
    out = open(sys.argv[2], "w")
    w = out.write
    w('{"bomFormat":"CycloneDX","specVersion":"1.6",'
      '"serialNumber":"urn:uuid:00000000-0000-4000-8000-000000000002",'
      '"version":1,"metadata":{"component":{"type":"device",'
      '"bom-ref":"device","name":"bench-device","version":"1.0"}},\n'
      '"components":[\n')
    for i in range(n):
        v = "%d.%d.%d" % (r.randint(0, 9), r.randint(0, 30),
                          r.randint(0, 20))
        c = {"type": "library", "bom-ref": "c%d" % i, "version": v}
        if i % 5 != 4:
            p = r.choice(PURLS)
            name = "pkg-%d" % r.randint(0, 20000 * spread)
            c["name"] = name
            c["purl"] = "pkg:%s/%s%s@%s%s" % (
                p[0], p[1] if len(p) > 2 else "", name,
                ("v" + v) if p[0] == "golang" else v,
                p[2] if len(p) > 2 else "")
        else:
            vd, pd = r.randint(0, 5000 * spread), r.randint(0, 50)
            c["name"] = "product%d" % pd
            c["cpe"] = "cpe:2.3:a:vendor%d:product%d:%s:*:*:*:*:*:*:*" % (
                vd, pd, v)
        w(json.dumps(c, separators=(",", ":")))
        w(",\n" if i + 1 < n else "\n")
    w("]}\n")


main()
