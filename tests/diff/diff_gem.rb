# SPDX-License-Identifier: Apache-2.0
#
# Differential test of vigil's gem scheme against RubyGems' Gem::Version
# (Debian's ruby): thousands of generated version pairs (numeric and
# letter segments, "-" pre-releases, leading zeros, huge numbers, case,
# blank and whitespace, and mutated strings Gem::Version may reject), plus
# every version of osv-scalibr's RubyGems files when ../shared/testdata is
# here.  All go to `vigil version compare gem -` in one batch; a version
# Gem::Version rejects must be rejected by vigil too.  Prints the agreement
# figure; exits 1 on any disagreement.  Skips (exit 0) when RubyGems is
# missing.
begin
  require "rubygems"
  Gem::Version
rescue LoadError, NameError
  puts "SKIP: RubyGems is not available"
  exit 0
end
require "open3"

vigil = ENV["VIGIL_BIN"]
if vigil.nil? || vigil.empty?
  puts "VIGIL_BIN not set"
  exit 2
end
n = (ENV["VIGIL_DIFF_N"] || "6000").to_i
rng = Random.new(20261129)

NUMS = %w[0 1 2 9 10 01 007 00 99 3 99999999999999999999999].freeze
WORDS = %w[a b rc pre beta alpha A RC Beta dev z x1 a1 0a].freeze

def pick(rng, a)
  a[rng.rand(a.size)]
end

gen = lambda do
  s = +""
  s << pick(rng, [" ", "\t"]) if rng.rand < 0.05
  s << pick(rng, NUMS)
  rng.rand(0..4).times do
    s << "." << (rng.rand < 0.7 ? pick(rng, NUMS) : pick(rng, WORDS))
  end
  if rng.rand < 0.3
    s << "-" << pick(rng, WORDS + NUMS)
    rng.rand(0..2).times { s << pick(rng, [".", "-"]) << pick(rng, WORDS + NUMS) }
  end
  s << pick(rng, [" ", "\n"]) if rng.rand < 0.05
  if rng.rand < 0.12
    i = rng.rand(s.size + 1)
    s = s[0, i].to_s + pick(rng, ["", ".", "-", "_", "a", "0", " ", "+"]) + s[(i + 1)..].to_s
  end
  s = s.tr("\n\t", "  ")
  s.strip.empty? ? "0" : s
end

pairs = []
n.times do
  a = gen.call
  b = rng.rand < 0.85 ? gen.call : a.sub(/\d+/) { |d| (d.to_i + rng.rand(-1..1)).abs.to_s }
  pairs << [a, b]
end
extra = 0
td = ENV["VIGIL_TESTDATA"].to_s
Dir.glob(File.join(td, "osv-scalibr/semantic/testdata/rubygems-*")).each do |f|
  File.foreach(f) do |line|
    next if line.start_with?("#", "//")
    p = line.split
    next unless p.size == 3
    pairs << [p[0], p[2]]
    extra += 1
  end
end

def oracle(a, b)
  return "error" unless Gem::Version.correct?(a) && Gem::Version.correct?(b)
  c = Gem::Version.new(a) <=> Gem::Version.new(b)
  c < 0 ? "<" : c > 0 ? ">" : "="
end

input = pairs.map { |a, b| "#{a}\t#{b}\n" }.join
out, _st = Open3.capture2(vigil, "version", "compare", "gem", "-",
                          stdin_data: input)
got = out.split("\n", -1)
agree = 0
rejected = 0
bad = []
pairs.each_with_index do |(a, b), i|
  want = oracle(a, b)
  rejected += 1 if want == "error"
  g = got[i] || "(missing)"
  g = "error" if g.start_with?("error")
  if g == want
    agree += 1
  else
    bad << [a, b, want, g]
  end
end
puts "gem: RubyGems #{Gem::VERSION}: agree #{agree}/#{pairs.size} " \
     "(#{n} generated, #{extra} from testdata; #{rejected} pairs rejected by both)"
bad.first(30).each { |a, b, w, g| puts "  #{a.inspect} vs #{b.inspect}: Gem::Version #{w}, vigil #{g}" }
exit(bad.empty? ? 0 : 1)
