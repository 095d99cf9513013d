# SPDX-License-Identifier: Apache-2.0
#
# Differential test of vigil's maven scheme against Maven's own
# ComparableVersion (Debian's libmaven3-core-java, maven-artifact jar, run
# through tests/diff/MavenCmp.java): thousands of generated versions
# (numbers with leading zeros and of every item size, the qualifiers and
# their aliases in any case, ".", "-", "_" and no separators, empty parts)
# plus every pair of osv-scalibr's Maven files and the vers-spec Maven
# tests when ../shared/testdata is here.  Prints the agreement figure;
# exits 1 on any disagreement.  Skips (exit 0) when java or the jar is
# missing.
import glob
import json
import os
import random
import shutil
import subprocess
import sys

JARS = ["/usr/share/java/maven-artifact-3.x.jar",
        "/usr/share/java/maven-artifact.jar"]
jar = next((j for j in JARS if os.path.exists(j)), None)
if shutil.which("java") is None or jar is None:
    print("SKIP: java or maven-artifact.jar (libmaven3-core-java) missing")
    sys.exit(0)

VIGIL = os.environ.get("VIGIL_BIN")
if not VIGIL:
    print("VIGIL_BIN not set")
    sys.exit(2)
N = int(os.environ.get("VIGIL_DIFF_N", "6000"))
rng = random.Random(20261129)
HERE = os.path.dirname(os.path.abspath(__file__))

NUMS = ["0", "1", "2", "9", "10", "01", "007", "00", "123456789",
        "1234567890", "0000000000", "999999999999999999",
        "9999999999999999999", "99999999999999999999999"]
QUALS = ["alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "RC",
         "snapshot", "SNAPSHOT", "ga", "GA", "final", "Final", "release",
         "RELEASE", "sp", "SP", "foo", "x", "jre", "android", "M"]
SEPS = [".", ".", ".", "-", "-", "", "_"]


def version():
    s = rng.choice(NUMS)
    for _ in range(rng.randint(0, 5)):
        s += rng.choice(SEPS)
        s += rng.choice(NUMS) if rng.random() < 0.55 else rng.choice(QUALS)
    if rng.random() < 0.05:
        s += rng.choice([".", "-", "--", ".."])
    if rng.random() < 0.05:
        s = rng.choice(QUALS) + s
    return s


pairs = []
for _ in range(N):
    a = version()
    b = version() if rng.random() < 0.8 else a + rng.choice(
        ["", ".0", "-0", ".ga", "-final", ".RELEASE", "-1", ".a", "-sp"])
    pairs.append((a, b))
td = os.environ.get("VIGIL_TESTDATA", "")
extra = 0
for f in glob.glob(os.path.join(td, "osv-scalibr/semantic/testdata/maven-*")):
    for line in open(f, encoding="utf-8"):
        p = line.split()
        if len(p) == 3 and not line.startswith(("#", "//")):
            pairs.append((p[0], p[2]))
            extra += 1
vs = os.path.join(td, "vers-spec/tests/maven_version_cmp_test.json")
if os.path.exists(vs):
    for t in json.load(open(vs, encoding="utf-8"))["tests"]:
        v = t["input"]["versions"]
        pairs.append((v[0], v[1]))
        extra += 1

inp = "".join("%s\t%s\n" % p for p in pairs).encode()
java = subprocess.run(["java", "-cp", jar, os.path.join(HERE, "MavenCmp.java")],
                      input=inp, stdout=subprocess.PIPE)
if java.returncode != 0:
    print("java oracle failed")
    sys.exit(1)
want = java.stdout.decode().split("\n")
got = subprocess.run([VIGIL, "version", "compare", "maven", "-"], input=inp,
                     stdout=subprocess.PIPE).stdout.decode().split("\n")
bad = [(a, b, want[i], got[i] if i < len(got) else "(missing)")
       for i, (a, b) in enumerate(pairs)
       if i >= len(got) or got[i] != want[i]]
print("maven: ComparableVersion (%s): agree %d/%d (%d generated, %d from "
      "testdata)" % (os.path.basename(os.path.realpath(jar)),
                     len(pairs) - len(bad), len(pairs), N, extra))
for a, b, w, g in bad[:30]:
    print("  %r vs %r: Maven %s, vigil %s" % (a, b, w, g))
sys.exit(0 if not bad else 1)
