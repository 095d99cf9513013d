# SPDX-License-Identifier: Apache-2.0
"""Differential test: `vigil cvss` against Red Hat's Python `cvss` library
(the library whose test vectors are in ../shared/testdata/redhat-cvss).

Random vectors of every version (seeded, so a failure repeats), with random
optional metrics (Not Defined included) and, for v3, random metric order,
are scored by both; every score must agree.  This reaches the v4.0
environmental metrics, which the shared vectors cover thinly.

Skips (exit 0, "SKIP:") when the `cvss` module is not importable; set
VIGIL_CVSS_PYPATH to a site-packages folder that has it.
"""
import json
import os
import random
import subprocess
import sys

if os.environ.get("VIGIL_CVSS_PYPATH"):
    sys.path.insert(0, os.environ["VIGIL_CVSS_PYPATH"])
try:
    from cvss import CVSS2, CVSS3, CVSS4
except ImportError:
    print("SKIP: the Python cvss library is not installed")
    sys.exit(0)

N = int(os.environ.get("VIGIL_DIFF_N", "3000"))
rnd = random.Random(20261129)

V2 = [("AV", "LAN"), ("AC", "HML"), ("Au", "MSN"), ("C", "NPC"),
      ("I", "NPC"), ("A", "NPC")]
V2_OPT = [("E", ["ND", "U", "POC", "F", "H"]),
          ("RL", ["ND", "OF", "TF", "W", "U"]),
          ("RC", ["ND", "UC", "UR", "C"]),
          ("CDP", ["ND", "N", "L", "LM", "MH", "H"]),
          ("TD", ["ND", "N", "L", "M", "H"]),
          ("CR", ["ND", "L", "M", "H"]), ("IR", ["ND", "L", "M", "H"]),
          ("AR", ["ND", "L", "M", "H"])]
V3 = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"),
      ("S", "UC"), ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
V3_OPT = [("E", "XUPFH"), ("RL", "XOTWU"), ("RC", "XURC"), ("CR", "XLMH"),
          ("IR", "XLMH"), ("AR", "XLMH"), ("MAV", "XNALP"), ("MAC", "XLH"),
          ("MPR", "XNLH"), ("MUI", "XNR"), ("MS", "XUC"), ("MC", "XHLN"),
          ("MI", "XHLN"), ("MA", "XHLN")]
V4 = [("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"),
      ("UI", "NPA"), ("VC", "HLN"), ("VI", "HLN"), ("VA", "HLN"),
      ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN")]
V4_OPT = [("E", "XAPU"), ("CR", "XHML"), ("IR", "XHML"), ("AR", "XHML"),
          ("MAV", "XNALP"), ("MAC", "XLH"), ("MAT", "XNP"), ("MPR", "XNLH"),
          ("MUI", "XNPA"), ("MVC", "XHLN"), ("MVI", "XHLN"), ("MVA", "XHLN"),
          ("MSC", "XHLN"), ("MSI", "XSHLN"), ("MSA", "XSHLN"),
          ("S", "XNP"), ("AU", "XNY"), ("R", "XAUI"), ("V", "XDC"),
          ("RE", "XLMH"), ("U", ["X", "Clear", "Green", "Amber", "Red"])]


def pick(vals):
    return rnd.choice(list(vals))


def gen(base, opt, p_opt, shuffle):
    parts = ["%s:%s" % (m, pick(v)) for m, v in base]
    parts += ["%s:%s" % (m, pick(v)) for m, v in opt if rnd.random() < p_opt]
    if shuffle:
        rnd.shuffle(parts)
    return "/".join(parts)


def tenths(x):
    return None if x is None else int(round(float(x) * 10))


def main():
    vectors = []
    for _ in range(N):
        p = rnd.choice([0.0, 0.3, 1.0])
        vectors.append(gen(V2, V2_OPT, p, False))
        vectors.append(("CVSS:3.0/" if rnd.random() < 0.5 else "CVSS:3.1/")
                       + gen(V3, V3_OPT, p, rnd.random() < 0.3))
        vectors.append("CVSS:4.0/" + gen(V4, V4_OPT, p, False))
    out = subprocess.run([os.environ["VIGIL_BIN"], "cvss", "-"],
                         input="\n".join(vectors) + "\n", text=True,
                         capture_output=True)
    lines = out.stdout.splitlines()
    if len(lines) != len(vectors):
        print("FAIL: %d vectors, %d lines" % (len(vectors), len(lines)))
        return 1
    bad = 0
    for v, line in zip(vectors, lines):
        got = json.loads(line)
        if "error" in got:
            print("FAIL: %s: %s" % (v, got["error"]))
            bad += 1
            continue
        if v.startswith("CVSS:4.0/"):
            want = [tenths(CVSS4(v).base_score)]
            have = [tenths(got["score"])]
        else:
            c = CVSS2(v) if not v.startswith("CVSS:") else CVSS3(v)
            b, t, e = c.scores()
            want = [tenths(b)]
            have = [tenths(got["base_score"])]
            # vigil gives null for a group with no defined metric; compare
            # where both computed one.
            for w, h in ((t, got["temporal_score"]),
                         (e, got["environmental_score"])):
                if w is not None and h is not None:
                    want.append(tenths(w))
                    have.append(tenths(h))
        if want != have:
            bad += 1
            if bad <= 20:
                print("FAIL: %s: cvss %s, vigil %s" % (v, want, have))
    print("diff_cvss: %d/%d vectors agree with the Python cvss library"
          % (len(vectors) - bad, len(vectors)))
    return 1 if bad else 0


sys.exit(main())
