/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The JSON readers' parsing thread (src/lib/sbom/jtree.c): reading with a
 * thread that parses ahead of the one that builds must give exactly what
 * reading in one thread gives, for every document and every way a read
 * can end.  Each read is logged (status, error, every diagnostic with its
 * position, every component delivered, the document written back as
 * CycloneDX JSON) and the logs compared:
 *   - every document under tests/data/sbom and, when it is here, every
 *     JSON document under ../shared/testdata, strict and lenient, kept
 *     and streamed;
 *   - generated documents large enough (over 4 MiB) that the default
 *     picks the thread, with problems placed far into them: a bad hash
 *     (a diagnostic) before a duplicate member name (the parser stops),
 *     a truncation, a callback that stops reading early while the
 *     parser is ahead, and the limit on diagnostics.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/sbom.h"

#define NCOMP 20000

struct log {
	vgx_buf b;
	size_t stop_at;		/* on_component fails at this (1-based) */
	size_t ncomp;
};

static void
on_diag(void *ctx, const vigil_sbom_diag *d)
{
	struct log *l = ctx;

	assert_int_equal(vgx_buf_printf(&l->b, "diag %s %lu:%lu %s %s\n",
	    d->error ? "error" : "warning", d->line, d->column, d->pointer,
	    d->msg), 0);
}

static int
on_component(void *ctx, const vigil_sbom *doc, const vigil_sbom_component *c)
{
	struct log *l = ctx;

	(void)doc;
	l->ncomp++;
	assert_int_equal(vgx_buf_printf(&l->b, "comp %s %s %s %u\n",
	    c->name ? c->name : "-", c->version ? c->version : "-",
	    c->purl ? c->purl : "-", c->parent), 0);
	if (l->stop_at != 0 && l->ncomp == l->stop_at)
		return VIGIL_ERROR;
	return 0;
}

static void
on_loss(void *ctx, uint32_t comp, const char *field, const char *detail)
{
	struct log *l = ctx;

	assert_int_equal(vgx_buf_printf(&l->b, "loss %u %s %s\n", comp,
	    field, detail ? detail : "-"), 0);
}

/* Everything a read shows, as text; vgx_free it. */
static char *
read_log(const char *path, const char *mem, size_t len, unsigned flags,
    size_t stop_at, size_t max_diags)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL;
	vigil_error err;
	struct log l;
	int rc;

	memset(&l, 0, sizeof(l));
	vgx_buf_init(&l.b, (size_t)256 << 20);
	l.stop_at = stop_at;
	o.flags = flags;
	o.on_diag = on_diag;
	o.on_component = on_component;
	o.ctx = &l;
	if (max_diags != 0)
		o.max_diags = max_diags;
	vigil_error_clear(&err);
	rc = path != NULL ? vigil_sbom_read(&doc, path, &o, &err) :
	    vigil_sbom_read_mem(&doc, mem, len, &o, &err);
	assert_int_equal(vgx_buf_printf(&l.b, "rc %d err %d %lu:%lu %s %s\n",
	    rc, err.code, err.line, err.column, err.path, err.msg), 0);
	if (doc != NULL) {
		FILE *fp = tmpfile();
		char chunk[65536];
		size_t n;

		assert_non_null(fp);
		assert_int_equal(vgx_buf_printf(&l.b, "count %zu seen %zu\n",
		    vigil_sbom_count(doc), vigil_sbom_seen(doc)), 0);
		(void)vigil_sbom_write(fp, doc, VIGIL_SBOM_CYCLONEDX_JSON,
		    on_loss, &l, &err);
		rewind(fp);
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			assert_int_equal(vgx_buf_add(&l.b, chunk, n), 0);
		fclose(fp);
		vigil_sbom_free(doc);
	}
	return vgx_buf_take(&l.b, NULL);
}

/* The same log with a thread and without, for each FLAGS. */
static size_t
same_both_ways(const char *path, const char *mem, size_t len,
    size_t stop_at, size_t max_diags)
{
	static const unsigned modes[] = { 0, VIGIL_SBOM_STRICT,
		VIGIL_SBOM_NOKEEP, VIGIL_SBOM_STRICT | VIGIL_SBOM_NOKEEP };
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(modes); i++) {
		char *one = read_log(path, mem, len, modes[i] |
		    VIGIL_SBOM_ONE_THREAD, stop_at, max_diags);
		char *two = read_log(path, mem, len, modes[i] |
		    VIGIL_SBOM_THREADS, stop_at, max_diags);

		if (strcmp(one, two) != 0) {
			print_error("%s, flags %#x: reading with a parsing "
			    "thread differs\n--- one thread:\n%.2000s\n--- "
			    "two:\n%.2000s\n", path ? path : "(memory)",
			    modes[i], one, two);
			fail();
		}
		vgx_free(one);
		vgx_free(two);
	}
	return 1;
}

static bool
is_json(const char *name)
{
	size_t n = strlen(name);

	return (n > 5 && strcmp(name + n - 5, ".json") == 0) ||
	    (n > 7 && strcmp(name + n - 7, ".jsonld") == 0);
}

static size_t
walk(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[4096];
	struct stat st;
	size_t n = 0;

	if (dp == NULL)
		return 0;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			n += walk(path);
		else if (S_ISREG(st.st_mode) && is_json(e->d_name) &&
		    st.st_size < (8 << 20))
			n += same_both_ways(path, NULL, 0, 0, 0);
	}
	closedir(dp);
	return n;
}

static void
test_project_data(void **state)
{
	char dir[4096];
	size_t n;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", vt_data("sbom"));
	n = walk(dir);
	print_message("%zu documents of tests/data read both ways\n", n);
	assert_true(n >= 8);
}

static void
test_shared_data(void **state)
{
	const char *d;
	char dir[4096];
	size_t n;

	(void)state;
	TESTDATA_OR_SKIP(d, "");
	snprintf(dir, sizeof(dir), "%s", d);
	n = walk(dir);
	print_message("%zu JSON documents of ../shared/testdata read both "
	    "ways\n", n);
	assert_true(n >= 100);
}

/* The document without problems, made once (vt_cdx_doc). */
static char *clean;
static size_t clean_len;

static int
make_clean(void **state)
{
	(void)state;
	clean = vt_cdx_doc(NCOMP, &clean_len, 0, 0);
	return 0;
}

static int
free_clean(void **state)
{
	(void)state;
	vgx_free(clean);
	return 0;
}

static void
test_big_clean(void **state)
{
	char *dflt, *one;

	(void)state;
	/* big enough that the default is a thread */
	assert_true(clean_len > ((size_t)4 << 20));
	same_both_ways(NULL, clean, clean_len, 0, 0);
	dflt = read_log(NULL, clean, clean_len, 0, 0, 0);
	one = read_log(NULL, clean, clean_len, VIGIL_SBOM_ONE_THREAD, 0, 0);
	assert_string_equal(dflt, one);
	assert_non_null(strstr(dflt, "comp lib20000 1.20000"));
	assert_non_null(strstr(dflt,
	    "loss 4294967295 section unknownTopLevel"));
	vgx_free(dflt);
	vgx_free(one);
}

/* A diagnostic far in, then the parser's own stop further on: the
 * first is reported before the second, and nothing after it is read. */
static void
test_big_problems(void **state)
{
	size_t len;
	char *src, *log;

	(void)state;
	src = vt_cdx_doc(NCOMP, &len, 5000, 9000);
	same_both_ways(NULL, src, len, 0, 0);
	log = read_log(NULL, src, len, VIGIL_SBOM_THREADS, 0, 0);
	assert_non_null(strstr(log, "comp lib8999 "));
	assert_null(strstr(log, "comp lib9000 "));
	assert_true(strstr(log, "/components/4999/hashes/0") <
	    strstr(log, "duplicate member name"));
	assert_non_null(strstr(log, "rc -"));
	vgx_free(log);
	vgx_free(src);
}

/* Cut short at a third: everything before the cut, then the error. */
static void
test_big_truncated(void **state)
{
	char *log;

	(void)state;
	same_both_ways(NULL, clean, clean_len / 3, 0, 0);
	log = read_log(NULL, clean, clean_len / 3, VIGIL_SBOM_THREADS, 0, 0);
	assert_non_null(strstr(log, "truncated JSON"));
	assert_non_null(strstr(log, "comp lib3000 "));
	vgx_free(log);
}

/* The callback stops the read while the parser is batches ahead. */
static void
test_big_callback_stops(void **state)
{
	char *log;

	(void)state;
	same_both_ways(NULL, clean, clean_len, 10, 0);
	same_both_ways(NULL, clean, clean_len, 7000, 0);
	log = read_log(NULL, clean, clean_len, VIGIL_SBOM_THREADS, 7000, 0);
	/* the device, 6,930 and 69 nested in them */
	assert_non_null(strstr(log, "comp lib6930 "));
	assert_null(strstr(log, "comp lib6931 "));
	vgx_free(log);
}

/* Many diagnostics: reading stops at the limit, the same way. */
static void
test_big_diag_limit(void **state)
{
	vgx_buf b;
	size_t i, len;
	char *src;

	(void)state;
	vgx_buf_init(&b, (size_t)64 << 20);
	assert_int_equal(vgx_buf_adds(&b, "{\"bomFormat\":\"CycloneDX\","
	    "\"specVersion\":\"1.6\",\"components\":["), 0);
	for (i = 0; i < 60000; i++)
		assert_int_equal(vgx_buf_printf(&b, "%s{\"type\":\"library\","
		    "\"name\":\"n%zu\",\"hashes\":[{\"alg\":\"SHA-256\","
		    "\"content\":\"nothex\"}]}", i ? "," : "", i), 0);
	assert_int_equal(vgx_buf_adds(&b, "]}"), 0);
	src = vgx_buf_take(&b, &len);
	same_both_ways(NULL, src, len, 0, 5);
	same_both_ways(NULL, src, len, 0, 0);
	vgx_free(src);
}

/* Allocations fail, in either thread: an error, never a crash, a leak
 * or a hang (the sanitizer build checks the leaks). */
static void
test_out_of_memory(void **state)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	size_t len, ok = 0, failed = 0;
	unsigned long n;

	(void)state;
	len = clean_len / 8;		/* still many batches */
	o.flags = VIGIL_SBOM_THREADS;
	for (n = 1; n < 4000; n += n < 200 ? 3 : 97) {
		vigil_sbom *doc = NULL;
		vigil_error err;
		int rc;

		vgx_alloc_fail_at(n);
		rc = vigil_sbom_read_mem(&doc, clean, len - 1, &o, &err);
		vgx_alloc_fail_at(0);
		/* cut mid-value: at best a truncation */
		assert_true(rc == VIGIL_ENOMEM || rc == VIGIL_EINVALID);
		if (rc == VIGIL_ENOMEM)
			failed++;
		else
			ok++;
		vigil_sbom_free(doc);
	}
	print_message("%zu reads ran out of memory, %zu did not\n", failed,
	    ok);
	assert_true(failed > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_project_data),
		cmocka_unit_test(test_shared_data),
		cmocka_unit_test(test_big_clean),
		cmocka_unit_test(test_big_problems),
		cmocka_unit_test(test_big_truncated),
		cmocka_unit_test(test_big_callback_stops),
		cmocka_unit_test(test_big_diag_limit),
		cmocka_unit_test(test_out_of_memory),
	};

	return cmocka_run_group_tests(tests, make_clean, free_clean);
}
