// SPDX-License-Identifier: Apache-2.0
//
// Differential test of vigil's npm scheme against node-semver (Debian's
// node-semver): thousands of generated version pairs in node-semver's
// loose dialect ("v", "=", spaces, leading zeros, pre-releases without
// "-", numbers around 2^53, huge numeric pre-release identifiers, build
// metadata, and mutated strings node-semver may reject), plus node-semver's
// own comparison fixtures when ../shared/testdata is here.  Each pair is
// compared with semver.compare(a, b, true) (a thrown TypeError means
// invalid) and by `vigil version compare npm -` in one batch.  Prints the
// agreement figure; exits 1 on any disagreement.  Skips (exit 0) when
// node-semver is missing.
'use strict'
const { spawnSync } = require('child_process')
const fs = require('fs')
const path = require('path')

// Debian installs node-semver under /usr/share/nodejs; compare.js needs
// none of the package's dependencies (lru-cache is for ranges).
let compare
let semverVersion = '?'
for (const base of ['semver', '/usr/share/nodejs/semver']) {
  try {
    compare = require(base + '/functions/compare.js')
    semverVersion = require(base + '/package.json').version
    break
  } catch (e) {
    compare = undefined
  }
}
if (!compare) {
  console.log('SKIP: node-semver is not installed')
  process.exit(0)
}
const vigil = process.env.VIGIL_BIN
if (!vigil) {
  console.log('VIGIL_BIN not set')
  process.exit(2)
}
const N = parseInt(process.env.VIGIL_DIFF_N || '6000', 10)

// a small deterministic generator (mulberry32)
let seed = 20261129
function rnd () {
  seed |= 0
  seed = seed + 0x6D2B79F5 | 0
  let t = Math.imul(seed ^ seed >>> 15, 1 | seed)
  t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t
  return ((t ^ t >>> 14) >>> 0) / 4294967296
}
const pick = (a) => a[Math.floor(rnd() * a.length)]

const SMALL = ['0', '1', '2', '9', '10', '01', '007', '00', '99']
const BIG = ['9007199254740991', '9007199254740990', '9007199254740992',
  '9007199254740993', '99999999999999999999']
const num = () => rnd() < 0.93 ? pick(SMALL) : pick(BIG)
const IDS = ['alpha', 'beta', 'rc', 'a', 'B', '0', '1', '10', '01', '-',
  'x-y', '9007199254740992', '99999999999999999999',
  '99999999999999999998', 'r2', 'R100']

function gen () {
  let s = ''
  if (rnd() < 0.2) s += pick(['v', '=', ' ', 'v ', '= ', '=v', 'vv'])
  s += num() + '.' + num() + '.' + num()
  if (rnd() < 0.45) {
    s += pick(['-', '-', '-', ''])
    const k = 1 + Math.floor(rnd() * 3)
    for (let i = 0; i < k; i++) s += (i ? '.' : '') + pick(IDS)
  }
  if (rnd() < 0.2) s += '+' + pick(['build', '001', 'a.b', 'x-y.1'])
  if (rnd() < 0.05) s += ' '
  if (rnd() < 0.15) {
    const i = Math.floor(rnd() * (s.length + 1))
    s = s.slice(0, i) + pick(['', '.', '-', '+', 'a', '0', ' ', 'v', '=']) +
      s.slice(i + 1)
  }
  return s.trim() === '' ? '0.0.0' : s
}

const pairs = []
for (let i = 0; i < N; i++) {
  const a = gen()
  pairs.push([a, rnd() < 0.85 ? gen() : a.replace(/\d$/, (d) => String((+d + 1) % 10))])
}
let extra = 0
const td = process.env.VIGIL_TESTDATA || ''
for (const f of ['comparisons.json', 'equality.json']) {
  const p = path.join(td, 'node-semver/fixtures', f)
  if (!fs.existsSync(p)) continue
  for (const t of JSON.parse(fs.readFileSync(p, 'utf8')).tests) {
    if (typeof t[0] === 'string' && typeof t[1] === 'string') {
      pairs.push([t[0], t[1]])
      extra++
    }
  }
}

function oracle (a, b) {
  let c
  try {
    c = compare(a, b, true)
  } catch (e) {
    return 'error'
  }
  return c < 0 ? '<' : c > 0 ? '>' : '='
}

const input = pairs.map(([a, b]) => a + '\t' + b + '\n').join('')
const res = spawnSync(vigil, ['version', 'compare', 'npm', '-'],
  { input, maxBuffer: 1 << 28 })
const got = res.stdout.toString().split('\n')
let agree = 0
let rejected = 0
const bad = []
pairs.forEach(([a, b], i) => {
  const want = oracle(a, b)
  if (want === 'error') rejected++
  let g = got[i] === undefined ? '(missing)' : got[i]
  if (g.startsWith('error')) g = 'error'
  if (g === want) agree++
  else bad.push([a, b, want, g])
})
console.log(`npm: node-semver ${semverVersion}: agree ${agree}/${pairs.length} ` +
  `(${N} generated, ${extra} from testdata; ${rejected} pairs rejected by both)`)
for (const [a, b, w, g] of bad.slice(0, 30)) {
  console.log(`  ${JSON.stringify(a)} vs ${JSON.stringify(b)}: node-semver ${w}, vigil ${g}`)
}
process.exit(bad.length ? 1 : 0)
