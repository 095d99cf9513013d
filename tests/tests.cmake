# SPDX-License-Identifier: Apache-2.0
#
# Tests, registered with ctest:
#   unit_<name>   tests/unit/test_<name>.c (cmocka), one program each
#   cli_<case>    tests/cli/cases/<case>/{cmd,stdout,stderr,exit}
#   fuzz_<name>   tests/fuzz/fuzz_<name>.c replaying tests/fuzz/corpus/<name>/
#
# Tests that read the conformance data in ../shared/testdata find it
# through VIGIL_TESTDATA and skip, saying so, when it is absent.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)

set(VIGIL_TESTDATA "${CMAKE_SOURCE_DIR}/../shared/testdata" CACHE PATH
  "conformance data (../shared/testdata)")
set(test_env
  "VIGIL_TESTDATA=${VIGIL_TESTDATA}"
  "VIGIL_SRCDIR=${CMAKE_SOURCE_DIR}"
  "VIGIL_BIN=$<TARGET_FILE:vigil>"
  "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1"
  "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")

set(test_wrapper "")
if(VIGIL_VALGRIND)
  set(test_wrapper valgrind --quiet --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --track-origins=yes)
endif()

# Helper library for the tests: shared fixtures (testdata lookup, temp dirs).
add_library(vigil_testutil STATIC ${CMAKE_SOURCE_DIR}/tests/testutil.c)
target_link_libraries(vigil_testutil PUBLIC vigil_static PkgConfig::CMOCKA)
target_include_directories(vigil_testutil PUBLIC ${CMAKE_SOURCE_DIR}/tests
  ${CMAKE_SOURCE_DIR}/src/lib)

file(GLOB unit_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c)
list(SORT unit_tests)
foreach(src ${unit_tests})
  get_filename_component(n ${src} NAME_WE)
  string(REGEX REPLACE "^test_" "" n ${n})
  add_executable(test_${n} ${src})
  target_link_libraries(test_${n} PRIVATE vigil_testutil)
  if(n MATCHES "^server")
    target_link_libraries(test_${n} PRIVATE vigil_server)
  endif()
  add_test(NAME unit_${n} COMMAND ${test_wrapper} $<TARGET_FILE:test_${n}>)
  set_tests_properties(unit_${n} PROPERTIES ENVIRONMENT "${test_env}"
    TIMEOUT 900)
endforeach()

file(GLOB cli_cases CONFIGURE_DEPENDS LIST_DIRECTORIES true
  ${CMAKE_SOURCE_DIR}/tests/cli/cases/*)
list(SORT cli_cases)
foreach(dir ${cli_cases})
  if(IS_DIRECTORY ${dir} AND EXISTS ${dir}/cmd)
    get_filename_component(n ${dir} NAME)
    add_test(NAME cli_${n} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/run-case.sh
      ${dir})
    set_tests_properties(cli_${n} PROPERTIES ENVIRONMENT "${test_env}"
      TIMEOUT 600)
  endif()
endforeach()

# Fuzz targets: always built with the standalone driver, which replays the
# corpus; with VIGIL_BUILD_FUZZERS (clang) also as libFuzzer programs.
file(GLOB fuzz_targets CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_*.c)
list(SORT fuzz_targets)
foreach(src ${fuzz_targets})
  get_filename_component(n ${src} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" n ${n})
  add_executable(replay_${n} ${src} ${CMAKE_SOURCE_DIR}/tests/fuzz/standalone.c)
  target_link_libraries(replay_${n} PRIVATE vigil_static)
  if(n MATCHES "^http")
    target_link_libraries(replay_${n} PRIVATE vigil_server)
  endif()
  add_test(NAME fuzz_${n} COMMAND ${test_wrapper} $<TARGET_FILE:replay_${n}>
    ${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${n})
  set_tests_properties(fuzz_${n} PROPERTIES ENVIRONMENT "${test_env}"
    TIMEOUT 600)
  if(VIGIL_BUILD_FUZZERS)
    add_executable(fuzz_${n} ${src})
    target_compile_options(fuzz_${n} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(fuzz_${n} PRIVATE vigil_static)
    if(n MATCHES "^http")
      target_link_libraries(fuzz_${n} PRIVATE vigil_server)
    endif()
    target_link_options(fuzz_${n} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()

# Differential tests against reference implementations installed from
# Debian (dpkg, python3-rpm, python3-packaging, ruby, node-semver):
# tests/diff/diff_<name>.{sh,py,rb,js}, run with VIGIL_BIN set.  Python
# scripts run under Debian's /usr/bin/python3, which has the Debian
# modules.  A script prints "SKIP: ..." and exits 0 when its oracle is
# missing.
file(GLOB diff_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/diff/diff_*)
list(SORT diff_tests)
foreach(src ${diff_tests})
  get_filename_component(n ${src} NAME_WE)
  get_filename_component(ext ${src} LAST_EXT)
  string(REGEX REPLACE "^diff_" "" n ${n})
  if(ext STREQUAL ".py")
    set(interp /usr/bin/python3)
  elseif(ext STREQUAL ".rb")
    set(interp ruby)
  elseif(ext STREQUAL ".js")
    set(interp node)
  else()
    set(interp sh)
  endif()
  add_test(NAME diff_${n} COMMAND ${interp} ${src})
  set_tests_properties(diff_${n} PROPERTIES ENVIRONMENT "${test_env}"
    TIMEOUT 900)
endforeach()

# Server tests: tests/server/test_*.sh start `vigil serve` on 127.0.0.1
# with a random port and a temporary store; tests/browser/run.sh drives the
# dashboard with Playwright and Chromium (skips when either is missing).
file(GLOB server_tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/server/test_*.sh)
list(SORT server_tests)
foreach(src ${server_tests})
  get_filename_component(n ${src} NAME_WE)
  string(REGEX REPLACE "^test_" "" n ${n})
  add_test(NAME server_${n} COMMAND sh ${src})
  set_tests_properties(server_${n} PROPERTIES ENVIRONMENT "${test_env}"
    TIMEOUT 600)
endforeach()
if(EXISTS ${CMAKE_SOURCE_DIR}/tests/browser/run.sh)
  add_test(NAME browser_dashboard COMMAND sh
    ${CMAKE_SOURCE_DIR}/tests/browser/run.sh)
  set_tests_properties(browser_dashboard PROPERTIES ENVIRONMENT "${test_env}"
    TIMEOUT 600 SKIP_REGULAR_EXPRESSION "^SKIP:")
endif()

# House style and API hygiene.
add_test(NAME lint_checksrc COMMAND sh ${CMAKE_SOURCE_DIR}/scripts/checksrc.sh
  ${CMAKE_SOURCE_DIR})
add_test(NAME lint_exports COMMAND sh ${CMAKE_SOURCE_DIR}/tests/lint/exports.sh
  $<TARGET_FILE:vigil_shared>)

# Every public header compiles on its own, as strict C11 and as C++.
file(GLOB ht_headers CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/include/vigil/*.h)
set(ht_sources "")
foreach(h ${ht_headers})
  get_filename_component(n ${h} NAME_WE)
  set(c ${CMAKE_BINARY_DIR}/headertest/ht_${n}.c)
  vigil_write_if_changed(${c}
    "#include \"vigil/${n}.h\"\n#include \"vigil/${n}.h\"\nint ht_${n}(void);\nint ht_${n}(void) { return 0; }\n")
  list(APPEND ht_sources ${c})
endforeach()
add_library(vigil_headertest OBJECT ${ht_sources})
target_include_directories(vigil_headertest PRIVATE ${CMAKE_SOURCE_DIR}/include
  ${GEN_DIR})
target_compile_options(vigil_headertest PRIVATE -pedantic -Werror)
add_test(NAME lint_manpages COMMAND sh ${CMAKE_SOURCE_DIR}/tests/lint/manpages.sh
  ${CMAKE_SOURCE_DIR})
