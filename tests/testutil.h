/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by the unit tests: where the conformance data is, reading
 * files, temporary directories.  Include after <cmocka.h>'s prerequisites;
 * this header includes them itself.
 */
#ifndef VIGIL_TESTUTIL_H
#define VIGIL_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>

/*
 * Full path of REL under ../shared/testdata, or NULL when the data is not
 * here; tests call TESTDATA_OR_SKIP() to skip with a message saying so.
 * The result is a static buffer per call site cycle: copy it if needed.
 */
const char *vt_testdata(const char *rel);

#define TESTDATA_OR_SKIP(var, rel) do {					\
	(var) = vt_testdata(rel);					\
	if ((var) == NULL) {						\
		print_message("SKIP: ../shared/testdata/%s is not here "	\
		    "(set VIGIL_TESTDATA)\n", (rel));			\
		skip();							\
	}								\
} while (0)

/* Path of REL under the project's tests/data (always present). */
const char *vt_data(const char *rel);

/* Whole file, NUL-terminated, malloc'd (free()); fails the test if absent. */
char *vt_read(const char *path, size_t *len_out);

/* A new empty temporary directory (removed by vt_rmtree). */
char *vt_mkdtemp(void);
void vt_rmtree(const char *path);

/*
 * A CycloneDX 1.6 JSON document of NCOMP components (c1, c2, ...), one
 * per line, one nested in every hundredth, an unknown top-level member
 * and a dependency; component BADHASH (if not 0) has a hash that is not
 * hex, component DUPKEY (if not 0) a member named twice.  *LEN gets its
 * length; vgx_free() it.
 */
char *vt_cdx_doc(size_t ncomp, size_t *len, size_t badhash, size_t dupkey);

/* Run a shell command, return its exit status (or -1). */
int vt_system(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
