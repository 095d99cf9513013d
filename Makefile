# SPDX-License-Identifier: Apache-2.0
#
# Wrapper around CMake.  The two commands of the README's quick start:
#   make run    install missing Debian packages, build, run the demo
#   make test   install missing packages, build with gcc and with
#               clang+ASan+UBSan, run every test in both builds (the store
#               tests against SQLite and, when PostgreSQL is installed,
#               against a throwaway cluster: scripts/pg-test-cluster)
# Other targets: build, asan, valgrind, fuzz, bench, clean.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
VALGRIND_BUILD ?= build-valgrind
FUZZ_BUILD ?= build-fuzz
CTEST_FLAGS ?= --output-on-failure

.PHONY: all deps build run test test-gcc test-asan asan valgrind fuzz bench clean \
    pg-start pg-stop

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The demo needs only the command, not the tests.
run: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS) --target vigil -- --no-print-directory
	@scripts/demo $(BUILD)/vigil

# The PostgreSQL variants of the store tests read VIGIL_TEST_PG_DSN: the
# caller's, else the test cluster's if it runs; unset, they skip.
PG_CLUSTER = $(CURDIR)/scripts/pg-test-cluster
PG_DSN = VIGIL_TEST_PG_DSN="$${VIGIL_TEST_PG_DSN:-$$($(PG_CLUSTER) dsn 2>/dev/null)}"

test-gcc: build
	cd $(BUILD) && $(PG_DSN) ctest $(CTEST_FLAGS) -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_C_COMPILER=clang-14 \
	    -DCMAKE_BUILD_TYPE=Debug -DVIGIL_SANITIZE=ON

asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

test-asan: asan
	cd $(ASAN_BUILD) && $(PG_DSN) ctest $(CTEST_FLAGS) -j $(JOBS)

# Not fatal: without PostgreSQL the PostgreSQL tests skip with a message.
pg-start:
	@$(PG_CLUSTER) start >/dev/null || \
	    echo "make: no PostgreSQL test cluster; PostgreSQL tests will skip"

pg-stop:
	@$(PG_CLUSTER) stop

# The cluster is stopped even when a test fails.
test: deps
	@$(MAKE) --no-print-directory pg-start
	@st=0; $(MAKE) --no-print-directory test-gcc test-asan || st=$$?; \
	    $(MAKE) --no-print-directory pg-stop; exit $$st

$(VALGRIND_BUILD)/CMakeCache.txt:
	cmake -S . -B $(VALGRIND_BUILD) -DCMAKE_C_COMPILER=gcc \
	    -DCMAKE_BUILD_TYPE=Debug -DVIGIL_VALGRIND=ON

valgrind: deps $(VALGRIND_BUILD)/CMakeCache.txt
	cmake --build $(VALGRIND_BUILD) -j $(JOBS)
	cd $(VALGRIND_BUILD) && ctest $(CTEST_FLAGS) -j $(JOBS) -R '^(unit|fuzz)_'

$(FUZZ_BUILD)/CMakeCache.txt:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang-14 \
	    -DCMAKE_BUILD_TYPE=Debug -DVIGIL_SANITIZE=ON -DVIGIL_BUILD_FUZZERS=ON

fuzz: deps $(FUZZ_BUILD)/CMakeCache.txt
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@echo "fuzzers are in $(FUZZ_BUILD)/fuzz_*; see tests/fuzz/README.md"

bench: build
	bench/run $(BUILD)/vigil

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(VALGRIND_BUILD) $(FUZZ_BUILD)
