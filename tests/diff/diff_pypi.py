# SPDX-License-Identifier: Apache-2.0
#
# Differential test of vigil's pypi scheme against packaging.version.Version
# (Debian's python3-packaging): thousands of generated PEP 440 pairs (all
# the alternative spellings, leading zeros, huge numbers, local labels,
# whitespace, and mutated strings that packaging may reject), plus every
# version of osv-scalibr's pypi files and the PyPA advisories when
# ../shared/testdata is here.  All go to `vigil version compare pypi -` in
# one batch; a version packaging rejects must be rejected by vigil too.
# Prints the agreement figure; exits 1 on any disagreement.  Skips (exit 0)
# when packaging is missing.
import glob
import json
import os
import random
import subprocess
import sys

try:
    from packaging.version import InvalidVersion, Version
    import packaging
except ImportError:
    print("SKIP: python3-packaging is not installed")
    sys.exit(0)

VIGIL = os.environ.get("VIGIL_BIN")
if not VIGIL:
    print("VIGIL_BIN not set")
    sys.exit(2)
N = int(os.environ.get("VIGIL_DIFF_N", "6000"))
rng = random.Random(20261129)

NUMS = ["0", "1", "2", "9", "10", "01", "007", "00", "99", "100",
        "99999999999999999999999", "18446744073709551616"]
SEPS = ["", ".", "-", "_"]
PRE = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC",
       "Alpha", "PREVIEW"]
POST = ["post", "rev", "r", "POST", "Rev"]


def num():
    return rng.choice(NUMS)


def version():
    s = ""
    if rng.random() < 0.1:
        s += rng.choice([" ", "  ", "\u00a0"])
    if rng.random() < 0.1:
        s += rng.choice(["v", "V"])
    if rng.random() < 0.15:
        s += num() + "!"
    s += ".".join(num() for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.4:
        s += rng.choice(SEPS) + rng.choice(PRE) + rng.choice(SEPS)
        if rng.random() < 0.7:
            s += num()
    if rng.random() < 0.3:
        if rng.random() < 0.3:
            s += "-" + num()
        else:
            s += rng.choice(SEPS) + rng.choice(POST) + rng.choice(SEPS)
            if rng.random() < 0.7:
                s += num()
    if rng.random() < 0.3:
        s += rng.choice(SEPS) + rng.choice(["dev", "DEV"]) + \
            rng.choice(SEPS)
        if rng.random() < 0.7:
            s += num()
    if rng.random() < 0.2:
        parts = [rng.choice(["abc", "1", "007", "ubuntu", "Z", "x1"])
                 for _ in range(rng.randint(1, 3))]
        s += "+" + "".join(p + rng.choice([".", "-", "_"])
                           for p in parts[:-1]) + parts[-1]
    if rng.random() < 0.1:
        s += rng.choice([" ", "\t", "  "]).replace("\t", " ")
    return s


def mutate(s):
    i = rng.randrange(len(s) + 1)
    c = rng.choice(["", ".", "-", "_", "+", "!", "a", "r", "x", "0", "9",
                    "v", " "])
    return s[:i] + c + s[i + 1:]


def gen():
    s = version()
    if rng.random() < 0.15:
        s = mutate(s)
    return s if s.strip() != "" else "0"


def oracle(a, b):
    try:
        x = Version(a)
    except InvalidVersion:
        return "error"
    try:
        y = Version(b)
    except InvalidVersion:
        return "error"
    return "<" if x < y else ">" if x > y else "="


pairs = []
for _ in range(N):
    a = gen()
    b = gen() if rng.random() < 0.8 else mutate(a) if a else a
    if not b.strip():
        b = "0"
    pairs.append((a, b))

# conformance data as extra oracle checks (validity and order)
td = os.environ.get("VIGIL_TESTDATA", "")
extra = 0
for f in glob.glob(os.path.join(td, "osv-scalibr/semantic/testdata/pypi-*")):
    for line in open(f, encoding="utf-8"):
        p = line.split()
        if len(p) == 3 and not line.startswith(("#", "//")):
            pairs.append((p[0], p[2]))
            extra += 1
for f in sorted(glob.glob(os.path.join(td, "osv-records/pypa-pysec/*.json"))):
    for aff in json.load(open(f, encoding="utf-8")).get("affected", []):
        vs = aff.get("versions", [])
        for a, b in zip(vs, vs[1:]):
            if "\t" not in a + b and "\n" not in a + b:
                pairs.append((a, b))
                extra += 1

inp = "".join("%s\t%s\n" % p for p in pairs)
res = subprocess.run([VIGIL, "version", "compare", "pypi", "-"],
                     input=inp.encode(), stdout=subprocess.PIPE)
got = res.stdout.decode().split("\n")
agree = 0
bad = []
for i, (a, b) in enumerate(pairs):
    want = oracle(a, b)
    g = got[i] if i < len(got) else "(missing)"
    g = "error" if g.startswith("error") else g
    if g == want:
        agree += 1
    else:
        bad.append((a, b, want, g))
rejected = sum(1 for a, b in pairs if oracle(a, b) == "error")
print("pypi: packaging %s: agree %d/%d (%d generated, %d from testdata; "
      "%d pairs rejected by both)" %
      (packaging.__version__, agree, len(pairs), N, extra, rejected))
for a, b, w, g in bad[:30]:
    print("  %r vs %r: packaging %s, vigil %s" % (a, b, w, g))
sys.exit(0 if not bad else 1)
