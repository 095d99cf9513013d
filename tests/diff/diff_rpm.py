# SPDX-License-Identifier: Apache-2.0
#
# Differential test of vigil's rpm scheme against rpm itself (python3-rpm):
# thousands of generated EVR pairs, split by rpm's own parser (rpm.ver) and
# compared with rpm.labelCompare, then fed to `vigil version compare rpm -`
# in one batch.  Prints the agreement figure; exits 1 on any disagreement.
# Skips (exit 0) when python3-rpm is missing.
import os
import random
import re
import subprocess
import sys

try:
    import rpm
except ImportError:
    print("SKIP: python3-rpm is not installed")
    sys.exit(0)

VIGIL = os.environ.get("VIGIL_BIN")
if not VIGIL:
    print("VIGIL_BIN not set")
    sys.exit(2)

rng = random.Random(20261129)
PIECES = ["0", "1", "2", "9", "10", "01", "007", "99", "123456789012345678901",
          "a", "b", "z", "A", "rc", "beta", "el8", "fc38", "git", "p", "xyz"]
SEPS = [".", ".", ".", "_", "+", "~", "^", "", ""]


def part():
    n = rng.randint(1, 5)
    s = ""
    for i in range(n):
        if i > 0:
            s += rng.choice(SEPS)
        s += rng.choice(PIECES)
    if rng.random() < 0.1:
        s += rng.choice(["~", "^", "~rc1", "^post1", ".", "_"])
    return s


def evr():
    s = ""
    if rng.random() < 0.25:
        s += str(rng.choice([0, 1, 2, 10, 0])) + ":"
    v = part()
    s += v
    if rng.random() < 0.7:
        s += "-" + part()
    return s


def mutate(s):
    i = rng.randrange(len(s))
    c = rng.choice(["0", "1", "a", "~", "^", ".", "9", ""])
    return s[:i] + c + s[i + 1:]


def valid(s):
    # vigil rejects empty epochs, versions and releases (rpm accepts them)
    if not s or s[0] in "-:" or s.endswith("-") or s.endswith(":"):
        return False
    # ... and characters rpmbuild would not take (':' outside the epoch)
    if ":" in re.sub(r"^[0-9]+:", "", s):
        return False
    if "-" in s and s[s.index(":") + 1 if ":" in s.split("-")[0] else 0:].startswith("-"):
        return False
    return True


pairs = []
while len(pairs) < 20000:
    a = evr()
    b = evr() if rng.random() < 0.5 else mutate(a)
    if rng.random() < 0.05:
        b = a
    if not (valid(a) and valid(b)):
        continue
    try:
        va, vb = rpm.ver(a), rpm.ver(b)
    except Exception:
        continue
    if not va.v or not vb.v or va.r == "" or vb.r == "":
        continue
    pairs.append((a, b, rpm.labelCompare((va.e, va.v, va.r),
                                          (vb.e, vb.v, vb.r))))

inp = "".join("%s\t%s\n" % (a, b) for a, b, _ in pairs)
out = subprocess.run([VIGIL, "version", "compare", "rpm", "-"], input=inp,
                     capture_output=True, text=True).stdout.splitlines()
sign = {"<": -1, "=": 0, ">": 1}
agree = 0
bad = []
for (a, b, want), got in zip(pairs, out):
    if sign.get(got) == want:
        agree += 1
    else:
        bad.append((a, b, want, got))
print("rpm: %d/%d pairs agree with rpm %s labelCompare" %
      (agree, len(pairs), rpm.__version__))
for a, b, want, got in bad[:20]:
    print("  DISAGREE %r vs %r: rpm %d, vigil %s" % (a, b, want, got))
sys.exit(0 if agree == len(pairs) and len(out) == len(pairs) else 1)
