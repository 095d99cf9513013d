# SPDX-License-Identifier: Apache-2.0
#
# Differential test of vigil's golang scheme against golang.org/x/mod/semver,
# the package the go command uses (the copy vendored in the installed Go
# toolchain, $GOROOT/src/cmd/vendor/golang.org/x/mod/semver, built into a
# throw-away oracle program at test time).  Thousands of generated module
# versions (shorthands, pre-releases, pseudo-versions, +incompatible, huge
# numbers, leading zeros, mutated strings semver.IsValid rejects) are fed
# to both; half of them reach vigil without their "v", as OSV writes Go
# versions.  Prints the agreement figure; exits 1 on any disagreement.
# Skips (exit 0) when no Go toolchain is installed.
import os
import random
import shutil
import subprocess
import sys
import tempfile

go = shutil.which("go") or ("/usr/local/go/bin/go"
                            if os.path.exists("/usr/local/go/bin/go") else None)
if go is None:
    print("SKIP: no Go toolchain")
    sys.exit(0)
goroot = subprocess.run([go, "env", "GOROOT"], stdout=subprocess.PIPE,
                        text=True).stdout.strip()
src = os.path.join(goroot, "src/cmd/vendor/golang.org/x/mod/semver/semver.go")
if not os.path.exists(src):
    print("SKIP: %s is missing" % src)
    sys.exit(0)

VIGIL = os.environ.get("VIGIL_BIN")
if not VIGIL:
    print("VIGIL_BIN not set")
    sys.exit(2)
N = int(os.environ.get("VIGIL_DIFF_N", "6000"))
rng = random.Random(20261129)

NUMS = ["0", "1", "2", "9", "10", "99", "99999999999999999999999"]


def num():
    return rng.choice(NUMS) if rng.random() < 0.95 else rng.choice(["01",
                                                                     "00"])
IDS = ["alpha", "beta", "rc", "0", "1", "10", "x-y", "-", "pre", "01",
       "20191109021931", "daa7c04131f5", "99999999999999999999"]


def version():
    s = "v" + num()
    k = rng.choice([0, 1, 2, 2, 2, 2])
    for _ in range(k):
        s += "." + num()
    r = rng.random() if k == 2 or rng.random() < 0.1 else 1
    if r < 0.15:
        s += "-0.%s-%s" % (rng.choice(["20191109021931", "20200101000000"]),
                            rng.choice(["daa7c04131f5", "aaaaaaaaaaaa"]))
    elif r < 0.45:
        s += "-" + ".".join(rng.choice(IDS)
                            for _ in range(rng.randint(1, 3)))
    if (k == 2 or rng.random() < 0.1) and rng.random() < 0.15:
        s += "+" + rng.choice(["incompatible", "build.1", "001", "x-y"])
    if rng.random() < 0.1:
        i = rng.randrange(len(s) + 1)
        s = s[:i] + rng.choice(["", ".", "-", "+", "a", "0", "v"]) + s[i + 1:]
    # a lost "v" would be invalid for Go but not for vigil, which takes
    # OSV's "v"-less form: keep the prefix
    return s if s.startswith("v") else "v" + s


pairs = [(version(), version()) for _ in range(N)]

tmp = tempfile.mkdtemp(prefix="vigil-gosemver-")
try:
    os.makedirs(os.path.join(tmp, "semver"))
    shutil.copy(src, os.path.join(tmp, "semver", "semver.go"))
    with open(os.path.join(tmp, "go.mod"), "w") as f:
        f.write("module oracle\n\ngo 1.20\n")
    with open(os.path.join(tmp, "main.go"), "w") as f:
        f.write('''package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"oracle/semver"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		p := strings.SplitN(in.Text(), "\\t", 2)
		if !semver.IsValid(p[0]) || !semver.IsValid(p[1]) {
			fmt.Fprintln(out, "error")
			continue
		}
		fmt.Fprintln(out, map[int]string{-1: "<", 0: "=", 1: ">"}[semver.Compare(p[0], p[1])])
	}
}
''')
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off",
               GO111MODULE="on")
    b = subprocess.run([go, "build", "-o", "oracle", "."], cwd=tmp, env=env)
    if b.returncode != 0:
        print("SKIP: could not build the Go oracle")
        sys.exit(0)
    inp = "".join("%s\t%s\n" % p for p in pairs).encode()
    want = subprocess.run([os.path.join(tmp, "oracle")], input=inp,
                          stdout=subprocess.PIPE).stdout.decode().split("\n")
finally:
    shutil.rmtree(tmp, ignore_errors=True)


def strip(v):
    # OSV's Go versions have no "v"; drop it from half of the inputs
    if v.startswith("v") and not v.startswith("vv") and rng.random() < 0.5:
        return v[1:]
    return v


vin = "".join("%s\t%s\n" % (strip(a), strip(b)) for a, b in pairs).encode()
got = subprocess.run([VIGIL, "version", "compare", "golang", "-"], input=vin,
                     stdout=subprocess.PIPE).stdout.decode().split("\n")
bad = []
rejected = 0
for i, (a, b) in enumerate(pairs):
    g = got[i] if i < len(got) else "(missing)"
    g = "error" if g.startswith("error") else g
    rejected += want[i] == "error"
    if g != want[i]:
        bad.append((a, b, want[i], g))
print("golang: golang.org/x/mod/semver (%s): agree %d/%d (%d pairs rejected "
      "by both)" % (os.path.basename(goroot.rstrip("/")) or goroot,
                    len(pairs) - len(bad), len(pairs), rejected))
for a, b, w, g in bad[:30]:
    print("  %r vs %r: semver %s, vigil %s" % (a, b, w, g))
sys.exit(0 if not bad else 1)
