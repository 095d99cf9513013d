#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate synthetic OSV and NVD feeds with the shape of the real ones.

usage: gen_feed.py osv N OUT        N OSV records; OUT.zip gives an all.zip
                                    dump, anything else a JSON array file
       gen_feed.py nvd N OUTDIR     N CVEs as NVD CVE API 2.0 pages of 2000
       gen_feed.py epss N OUT       an EPSS CSV with N rows

The records are deterministic (seeded) and look like real ones: ids and
aliases (CVE, GHSA), a summary and a few hundred bytes of details, CVSS
vectors, 1-3 affected packages with SEMVER/ECOSYSTEM ranges and version
lists, references, CWE ids; NVD CVEs carry descriptions, CVSS v3.1 and v2
metrics from a primary and a secondary source, weaknesses, references and
1-2 configurations of 1-3 nodes with cpeMatch version bounds.
"""
import json
import random
import sys
import zipfile

ECOS = ["PyPI", "npm", "Go", "Maven", "crates.io", "RubyGems", "NuGet",
        "Packagist", "Debian:12", "Alpine:v3.19"]
WORDS = ("buffer overflow in parser allows remote attackers to execute "
         "arbitrary code via crafted input denial of service memory "
         "corruption use after free integer overflow path traversal "
         "cross site scripting injection authentication bypass").split()


def text(r, n):
    return " ".join(r.choice(WORDS) for _ in range(n))


def ver(r):
    return "%d.%d.%d" % (r.randint(0, 9), r.randint(0, 30), r.randint(0, 20))


def osv_record(i, r):
    aff = []
    for _ in range(r.randint(1, 3)):
        eco = r.choice(ECOS)
        name = "pkg-%d" % r.randint(0, 20000)
        intro, fixed = sorted([ver(r), ver(r)])
        aff.append({
            "package": {"ecosystem": eco, "name": name,
                        "purl": "pkg:generic/%s" % name},
            "ranges": [{"type": "SEMVER" if eco in ("Go", "npm", "crates.io")
                        else "ECOSYSTEM",
                        "events": [{"introduced": intro}, {"fixed": fixed}]}],
            "versions": [ver(r) for _ in range(r.randint(0, 12))],
            "database_specific": {"source": "generated"},
        })
    rec = {
        "schema_version": "1.6.0",
        "id": "GHSA-%04x-%04x-%04x" % (i & 0xffff, (i >> 16) & 0xffff,
                                        r.randint(0, 0xffff)),
        "modified": "2024-%02d-%02dT10:00:00Z" % (r.randint(1, 12),
                                                  r.randint(1, 28)),
        "published": "2023-%02d-%02dT10:00:00Z" % (r.randint(1, 12),
                                                   r.randint(1, 28)),
        "aliases": ["CVE-2024-%d" % (100000 + i)],
        "summary": text(r, 8),
        "details": text(r, 60),
        "severity": [{"type": "CVSS_V3", "score":
                      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected": aff,
        "references": [{"type": "WEB", "url": "https://example.org/%d/%d" %
                        (i, k)} for k in range(r.randint(2, 6))],
        "database_specific": {"cwe_ids": ["CWE-%d" % r.randint(20, 900)],
                              "severity": "HIGH"},
    }
    if i % 97 == 0:
        rec["withdrawn"] = "2024-06-01T00:00:00Z"
    return rec


def nvd_item(i, r):
    def metric(src, typ):
        return {"source": src, "type": typ, "cvssData": {
            "version": "3.1", "vectorString":
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N",
            "baseScore": 8.1, "baseSeverity": "HIGH"},
            "exploitabilityScore": 2.8, "impactScore": 5.2}
    configs = []
    for _ in range(r.randint(1, 2)):
        nodes = []
        for _ in range(r.randint(1, 3)):
            ms = []
            for _ in range(r.randint(1, 5)):
                v, p = "vendor%d" % r.randint(0, 5000), \
                    "product%d" % r.randint(0, 50)
                m = {"vulnerable": r.random() < 0.8,
                     "criteria": "cpe:2.3:a:%s:%s:*:*:*:*:*:*:*:*" % (v, p),
                     "matchCriteriaId": "%08X-0000-0000-0000-%012X" %
                     (i, r.randint(0, 1 << 40))}
                if r.random() < 0.6:
                    m["versionStartIncluding"] = ver(r)
                    m["versionEndExcluding"] = ver(r)
                ms.append(m)
            nodes.append({"operator": "OR", "negate": False, "cpeMatch": ms})
        c = {"nodes": nodes}
        if len(nodes) > 1:
            c["operator"] = "AND"
        configs.append(c)
    return {"cve": {
        "id": "CVE-2023-%d" % (100000 + i),
        "sourceIdentifier": "cve@mitre.org",
        "published": "2023-05-01T12:00:00.000",
        "lastModified": "2023-06-%02dT12:00:00.000" % r.randint(1, 28),
        "vulnStatus": "Analyzed",
        "descriptions": [{"lang": "en", "value": text(r, 40)},
                         {"lang": "es", "value": text(r, 30)}],
        "metrics": {
            "cvssMetricV31": [metric("nvd@nist.gov", "Primary"),
                              metric("cve@mitre.org", "Secondary")],
            "cvssMetricV2": [{"source": "nvd@nist.gov", "type": "Primary",
                              "cvssData": {"version": "2.0", "vectorString":
                                           "AV:N/AC:L/Au:N/C:P/I:P/A:P",
                                           "baseScore": 7.5},
                              "baseSeverity": "HIGH"}]},
        "weaknesses": [{"source": "nvd@nist.gov", "type": "Primary",
                        "description": [{"lang": "en", "value": "CWE-%d" %
                                         r.randint(20, 900)}]}],
        "configurations": configs,
        "references": [{"url": "https://example.org/cve/%d/%d" % (i, k),
                        "source": "cve@mitre.org", "tags": ["Patch"]}
                       for k in range(r.randint(2, 8))],
    }}


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    r = random.Random(1234)
    if kind == "osv":
        recs = (osv_record(i, r) for i in range(n))
        if out.endswith(".zip"):
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
                for rec in recs:
                    z.writestr(rec["id"] + ".json", json.dumps(rec))
        else:
            with open(out, "w") as f:
                f.write("[\n")
                for i, rec in enumerate(recs):
                    f.write((",\n" if i else "") + json.dumps(rec))
                f.write("\n]\n")
    elif kind == "nvd":
        import os
        os.makedirs(out, exist_ok=True)
        for start in range(0, n, 2000):
            items = [nvd_item(i, r) for i in range(start, min(n, start +
                                                               2000))]
            page = {"resultsPerPage": len(items), "startIndex": start,
                    "totalResults": n, "format": "NVD_CVE", "version": "2.0",
                    "timestamp": "2023-07-18T06:46:32.267",
                    "vulnerabilities": items}
            with open("%s/page-%07d.json" % (out, start), "w") as f:
                json.dump(page, f)
    elif kind == "epss":
        with open(out, "w") as f:
            f.write("#model_version:v2025.03.14,"
                    "score_date:2025-08-25T12:55:00Z\n")
            f.write("cve,epss,percentile\n")
            for i in range(n):
                f.write("CVE-2020-%d,%.5f,%.5f\n" % (10000 + i, r.random(),
                                                     r.random()))
    else:
        sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
