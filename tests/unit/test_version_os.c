/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The operating-system and generic version schemes (deb, rpm, apk,
 * generic) against the reference data in ../shared/testdata, read in
 * place: Debian APT's versions.lst, osv-scalibr's <eco>-versions*.txt,
 * univers' rpmvercmp.at, alpine_test.txt and schema JSON, vers-spec's
 * alpine and openssl tests, osv-dev's Alpine valid/invalid fixtures.  Each
 * file prints agree/total; any disagreement fails.  Versions the scheme
 * rejects as invalid are counted apart: in files that hold only valid
 * versions a rejection fails too.  Then our own table-driven cases,
 * including bad input.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/vigil.h"

/* Next DELIM-separated field of *SP (NUL-terminated in place), or NULL. */
static char *
field(char **sp, const char *delim)
{
	char *s = *sp + strspn(*sp, delim), *e;

	if (*s == '\0')
		return NULL;
	e = s + strcspn(s, delim);
	*sp = *e != '\0' ? e + 1 : e;
	*e = '\0';
	return s;
}

struct tally {
	unsigned long agree, total, rejected, disagree;
};

static const vigil_scheme *
scheme(const char *name)
{
	const vigil_scheme *s = vigil_scheme_find(name, strlen(name));

	assert_non_null(s);
	return s;
}

/* Compare A and B, check the sign against WANT (-1/0/1), and tally. */
static void
check(struct tally *t, const vigil_scheme *s, const char *a, const char *b,
    int want, const char *where)
{
	vigil_error err;
	int c, r;

	t->total++;
	if (vigil_version_compare(&c, s, a, strlen(a), b, strlen(b), &err) <
	    0) {
		t->rejected++;
		if (t->rejected <= 5)
			print_message("  rejected (%s): %s\n", where, err.msg);
		return;
	}
	/* Antisymmetry on every pair. */
	assert_int_equal(vigil_version_compare(&r, s, b, strlen(b), a,
	    strlen(a), &err), 0);
	assert_int_equal(r, -c);
	if (c == want) {
		t->agree++;
		return;
	}
	t->disagree++;
	print_message("  DISAGREE (%s): %s vs %s: expected %d, got %d\n",
	    where, a, b, want, c);
}

static void
report(const char *what, const struct tally *t, unsigned long max_rejected)
{
	print_message("%s: %lu/%lu agree", what, t->agree, t->total);
	if (t->rejected > 0)
		print_message(" (%lu rejected as invalid)", t->rejected);
	print_message("\n");
	assert_int_equal(t->disagree, 0);
	/* rejections are by design (see the callers); no more than known */
	assert_true(t->rejected <= max_rejected);
	assert_true(t->total > 0);
}

static int
op_sign(const char *op)
{
	if (strcmp(op, "<") == 0)
		return -1;
	if (strcmp(op, "=") == 0)
		return 0;
	if (strcmp(op, ">") == 0)
		return 1;
	fail_msg("unknown operator '%s'", op);
	return 2;
}

/* Lines "A OP B" (osv-scalibr, univers alpine_test.txt); '#' comments. */
static void
run_op_file(const char *rel, const char *sname, unsigned long max_rejected)
{
	const vigil_scheme *s = scheme(sname);
	struct tally t = { 0, 0, 0, 0 };
	const char *path;
	char *buf, *line, *save = NULL;
	unsigned long lineno = 0;

	TESTDATA_OR_SKIP(path, rel);
	buf = vt_read(path, NULL);
	for (save = buf, line = field(&save, "\n"); line != NULL;
	    line = field(&save, "\n")) {
		char a[512], op[8], b[512], where[64];
		char *f1, *f2, *f3, *sp = NULL;

		lineno++;
		if (line[0] == '#')
			continue;
		sp = line;
		f1 = field(&sp, " \t\r");
		f2 = field(&sp, " \t\r");
		f3 = field(&sp, " \t\r");
		if (f1 == NULL || f2 == NULL || f3 == NULL)
			continue;
		snprintf(a, sizeof(a), "%s", f1);
		snprintf(op, sizeof(op), "%s", f2);
		snprintf(b, sizeof(b), "%s", f3);
		snprintf(where, sizeof(where), "line %lu", lineno);
		check(&t, s, a, b, op_sign(op), where);
	}
	free(buf);
	report(rel, &t, max_rejected);
}

static void
test_debian_apt(void **state)
{
	const vigil_scheme *s = scheme("deb");
	struct tally t = { 0, 0, 0, 0 };
	const char *path;
	char *buf, *line, *save = NULL;

	(void)state;
	TESTDATA_OR_SKIP(path, "debian-apt/versions.lst");
	buf = vt_read(path, NULL);
	for (save = buf, line = field(&save, "\n"); line != NULL;
	    line = field(&save, "\n")) {
		char *a, *b, *r, *sp = NULL;

		if (line[0] == '#')
			continue;
		sp = line;
		a = field(&sp, " \t");
		b = field(&sp, " \t");
		r = field(&sp, " \t");
		if (a == NULL || b == NULL || r == NULL)
			continue;
		check(&t, s, a, b, (int)strtol(r, NULL, 10) < 0 ? -1 : (int)strtol(r, NULL, 10) > 0 ? 1 : 0,
		    "versions.lst");
	}
	free(buf);
	report("debian-apt/versions.lst", &t, 0);
}

static void
test_scalibr_debian(void **state)
{
	(void)state;
	run_op_file("osv-scalibr/semantic/testdata/debian-versions.txt", "deb",
	    0);
	run_op_file("osv-scalibr/semantic/testdata/"
	    "debian-versions-generated.txt", "Debian:12", 0);
}

static void
test_scalibr_redhat(void **state)
{
	(void)state;
	/*
	 * 37 lines use "1-" (an empty release), Greek letters (non-ASCII)
	 * or a non-numeric "epoch" ("a:1"), none of which rpmbuild accepts;
	 * vigil rejects them, rpmvercmp reads them as empty or separators.
	 */
	run_op_file("osv-scalibr/semantic/testdata/redhat-versions.txt",
	    "Red Hat", 37);
}

static void
test_scalibr_alpine(void **state)
{
	(void)state;
	/*
	 * 33 lines compare strings apk-tools itself calls invalid ("1-r",
	 * "0..1..0", "1.2.0A", "a"), which the file marks as such.
	 */
	run_op_file("osv-scalibr/semantic/testdata/alpine-versions.txt",
	    "Alpine:v3.20", 33);
	run_op_file("osv-scalibr/semantic/testdata/"
	    "alpine-versions-generated.txt", "apk", 0);
}

static void
test_univers_alpine(void **state)
{
	(void)state;
	run_op_file("univers/tests/data/alpine_test.txt", "apk", 0);
}

/* univers rpmvercmp.at: RPMVERCMP(a, b, r), the rpm test suite's table. */
static void
test_univers_rpmvercmp(void **state)
{
	const vigil_scheme *s = scheme("rpm");
	struct tally t = { 0, 0, 0, 0 };
	const char *path;
	char *buf, *line, *save = NULL;

	(void)state;
	TESTDATA_OR_SKIP(path, "univers/tests/data/rpmvercmp.at");
	buf = vt_read(path, NULL);
	for (save = buf, line = field(&save, "\n"); line != NULL;
	    line = field(&save, "\n")) {
		char *a, *b, *r, *end;

		if (strncmp(line, "RPMVERCMP(", 10) != 0)
			continue;
		a = line + 10;
		if ((b = strstr(a, ", ")) == NULL)
			continue;
		*b = '\0';
		b += 2;
		if ((r = strstr(b, ", ")) == NULL)
			continue;
		*r = '\0';
		r += 2;
		if ((end = strchr(r, ')')) != NULL)
			*end = '\0';
		check(&t, s, a, b, (int)strtol(r, NULL, 10), "rpmvercmp.at");
	}
	free(buf);
	report("univers/tests/data/rpmvercmp.at", &t, 0);
}

static int
sort_cmp(const vigil_scheme *s, const char *a, const char *b, bool *bad)
{
	vigil_error err;
	int c;

	if (vigil_version_compare(&c, s, a, strlen(a), b, strlen(b), &err) <
	    0) {
		*bad = true;
		return 0;
	}
	return c;
}

/*
 * vers-spec / univers schema JSON: "comparison" tests sort input.versions
 * into expected_output; "equality" tests compare the two versions.
 */
static void
run_cmp_json(const char *rel, const char *sname)
{
	const vigil_scheme *s = scheme(sname);
	struct tally t = { 0, 0, 0, 0 };
	json_error_t jerr;
	json_t *root, *tests, *tc;
	const char *path;
	size_t i;

	TESTDATA_OR_SKIP(path, rel);
	root = json_load_file(path, 0, &jerr);
	assert_non_null(root);
	tests = json_is_array(root) ? root : json_object_get(root, "tests");
	json_array_foreach(tests, i, tc) {
		const char *type = json_string_value(json_object_get(tc,
		    "test_type"));
		json_t *vs = json_object_get(json_object_get(tc, "input"),
		    "versions");
		json_t *exp = json_object_get(tc, "expected_output");
		bool bad = false;

		if (type == NULL || json_array_size(vs) != 2)
			continue;
		t.total++;
		if (strcmp(type, "equality") == 0) {
			int c = sort_cmp(s, json_string_value(json_array_get(vs,
			    0)), json_string_value(json_array_get(vs, 1)), &bad);

			if (bad)
				t.rejected++;
			else if ((c == 0) == json_is_true(exp))
				t.agree++;
			else {
				t.disagree++;
				print_message("  DISAGREE equality %s %s\n",
				    json_string_value(json_array_get(vs, 0)),
				    json_string_value(json_array_get(vs, 1)));
			}
		} else if (strcmp(type, "comparison") == 0) {
			/* a stable sort of two versions */
			const char *v0 = json_string_value(json_array_get(vs,
			    0));
			const char *v1 = json_string_value(json_array_get(vs,
			    1));
			int c = sort_cmp(s, v0, v1, &bad);
			const char *lo = c <= 0 ? v0 : v1, *hi = c <= 0 ? v1 : v0;

			if (bad)
				t.rejected++;
			else if (strcmp(lo, json_string_value(json_array_get(exp,
			    0))) == 0 && strcmp(hi,
			    json_string_value(json_array_get(exp, 1))) == 0)
				t.agree++;
			else {
				t.disagree++;
				print_message("  DISAGREE order %s %s\n", v0,
				    v1);
			}
		} else {
			t.total--;
		}
	}
	json_decref(root);
	report(rel, &t, 0);
}

static void
test_json_cmp(void **state)
{
	(void)state;
	run_cmp_json("univers/tests/data/schema/deb_version_python_pkg_test.json",
	    "deb");
	run_cmp_json("univers/tests/data/schema/alpine_version_cmp.json", "apk");
	run_cmp_json("univers/tests/data/schema/openssl_version_cmp.json",
	    "openssl");
	run_cmp_json("vers-spec/tests/alpine_version_cmp_test.json", "alpine");
	run_cmp_json("vers-spec/tests/openssl_version_cmp_test.json",
	    "openssl");
}

/*
 * Versions osv-dev's converter takes as valid but vigil rejects: '.'
 * followed by a letter, which apk-tools 3 rejects and apk-tools 2.x read
 * as an empty number then a letter; the two order them differently, so
 * vigil refuses to guess (docs/versions-os.md).
 */
static const char *const apk_known_invalid[] = {
	"10.2.22.r0", "10.2.24.r0", "0.8.21.r2", NULL
};

static bool
known_invalid(const char *v)
{
	size_t i;

	for (i = 0; apk_known_invalid[i] != NULL; i++)
		if (strcmp(v, apk_known_invalid[i]) == 0)
			return true;
	return false;
}

/* osv-dev's Alpine converter fixtures: one version per line. */
static void
run_valid_file(const char *rel, bool want_valid)
{
	const vigil_scheme *s = scheme("apk");
	unsigned long agree = 0, total = 0, known = 0;
	const char *path;
	char *buf, *line, *save = NULL;

	TESTDATA_OR_SKIP(path, rel);
	buf = vt_read(path, NULL);
	for (save = buf, line = field(&save, "\n"); line != NULL;
	    line = field(&save, "\n")) {
		vigil_error err;
		size_t len = strlen(line);
		bool ok;

		if (line[0] == '#' || len == 0)
			continue;
		if (line[len - 1] == '\r')
			line[--len] = '\0';
		total++;
		ok = vigil_version_validate(s, line, len, &err) == 0;
		if (ok == want_valid)
			agree++;
		else if (!ok && known_invalid(line))
			known++;
		else
			print_message("  DISAGREE: \"%s\" should be %s\n", line,
			    want_valid ? "valid" : "invalid");
	}
	free(buf);
	print_message("%s: %lu/%lu agree", rel, agree, total);
	if (known > 0)
		print_message(" (%lu known differences: '.' before a letter)",
		    known);
	print_message("\n");
	assert_int_equal(agree + known, total);
}

static void
test_osv_alpine_validity(void **state)
{
	(void)state;
	run_valid_file("osv-dev/vulnfeeds/cmd/converters/alpine/fixtures/"
	    "valid_versions.txt", true);
	run_valid_file("osv-dev/vulnfeeds/cmd/converters/alpine/fixtures/"
	    "invalid_versions.txt", false);
}

/* ---- our own cases -------------------------------------------------- */

struct cmp_case {
	const char *scheme, *a, *b;
	int want;		/* -1, 0, 1, or 2: A or B is invalid */
};

static const struct cmp_case cases[] = {
	/* deb: epochs, '~', letters before other characters, revisions */
	{ "deb", "1.0", "1.0", 0 },
	{ "deb", "1.0", "1.0-0", 0 },
	{ "deb", "0:1.0", "1.0", 0 },
	{ "deb", "1:0.1", "9.9", 1 },
	{ "deb", "1.0~rc1", "1.0", -1 },
	{ "deb", "1.0~~", "1.0~", -1 },
	{ "deb", "1.0~", "1.0", -1 },
	{ "deb", "1.0a", "1.0+", -1 },
	{ "deb", "1.0a", "1.0", 1 },
	{ "deb", "1.0-1", "1.0-1+deb12u1", -1 },
	{ "deb", "1.0-1ubuntu1", "1.0-1", 1 },
	{ "deb", "1.2-3-4", "1.2-3", 1 },	/* upstream "1.2-3" */
	{ "deb", "2:1.0", "10:1.0", -1 },
	{ "deb", "1.007", "1.7", 0 },
	{ "deb", "1.99999999999999999999999", "1.99999999999999999999998", 1 },
	{ "deb", "1.99999999999999999999999", "1.100000000000000000000000", -1 },
	{ "deb", "2147483647:1", "1", 1 },
	{ "deb", "2147483648:1", "1", 2 },	/* epoch above INT_MAX */
	{ "deb", "a1.0", "1.0", 1 },	/* dpkg warns, compares */
	{ "deb", "~1", "0", -1 },
	{ "deb", "1.0-", "1.0", 2 },
	{ "deb", ":1.0", "1.0", 2 },
	{ "deb", "1:", "1.0", 2 },
	{ "deb", "1.0 1", "1.0", 2 },
	{ "deb", "1.0_1", "1.0", 2 },
	{ "deb", "1.0-a:b", "1.0", 2 },
	/* rpm: rpmvercmp and EVR */
	{ "rpm", "1.0", "1.0", 0 },
	{ "rpm", "1.0", "1_0", 0 },
	{ "rpm", "1.0a", "1.0", 1 },
	{ "rpm", "1.0", "1.0.1", -1 },
	{ "rpm", "1.0~rc1", "1.0", -1 },
	{ "rpm", "1.0~rc1", "1.0~rc2", -1 },
	{ "rpm", "1.0^git1", "1.0", 1 },
	{ "rpm", "1.0^git1", "1.0.1", -1 },
	{ "rpm", "1.0^", "1.0", 1 },
	{ "rpm", "1.a", "1.1", -1 },
	{ "rpm", "1.0", "1.0-1", -1 },
	{ "rpm", "1:1.0-1", "2.0-1", 1 },
	{ "rpm", "0:1.0-1", "1.0-1", 0 },
	{ "rpm", "1.0-1.el8", "1.0-1.el9", -1 },
	{ "rpm", "1.0-1.el8_9", "1.0-1.el8", 1 },
	{ "rpm", "1.99999999999999999999999", "1.1", 1 },
	{ "rpm", "1.0-", "1.0", 2 },
	{ "rpm", "-1", "1.0", 2 },
	{ "rpm", "1.0\xc3\xa9", "1.0", 2 },
	/* apk: suffixes, letters, revisions, hashes */
	{ "apk", "1.2", "1.2", 0 },
	{ "apk", "1.2_alpha1", "1.2_beta1", -1 },
	{ "apk", "1.2_beta", "1.2_pre", -1 },
	{ "apk", "1.2_pre", "1.2_rc", -1 },
	{ "apk", "1.2_rc1", "1.2", -1 },
	{ "apk", "1.2", "1.2_cvs", -1 },
	{ "apk", "1.2_cvs", "1.2_svn", -1 },
	{ "apk", "1.2_svn", "1.2_git", -1 },
	{ "apk", "1.2_git", "1.2_hg", -1 },
	{ "apk", "1.2_hg", "1.2_p1", -1 },
	{ "apk", "1.2_p1", "1.2-r1", 1 },
	{ "apk", "1.2", "1.2-r1", -1 },
	{ "apk", "1.2-r1", "1.2-r10", -1 },
	{ "apk", "1.2_p1", "1.2a", -1 },
	{ "apk", "1.2-r10", "1.2.1", -1 },
	{ "apk", "6.6.2p1", "6.6.2p2", -1 },	/* apk-tools 2.x form */
	{ "apk", "6.6.2p1", "6.6.2_p1", 1 },
	{ "apk", "6.6.2p1-r3", "6.6.2p1-r10", -1 },
	{ "apk", "1.2a", "1.2", 1 },
	{ "apk", "1.2a", "1.2b", -1 },
	{ "apk", "1.2a", "1.2.1", -1 },
	{ "apk", "1.01", "1.1", -1 },
	{ "apk", "01", "1", 0 },
	{ "apk", "1.2~abc", "1.2~abd", -1 },
	{ "apk", "1.2~abc-r1", "1.2-r1", 1 },
	{ "apk", "1.99999999999999999999999", "1.18446744073709551617", 1 },
	{ "apk", "1.2-r", "1.2", 2 },
	{ "apk", "1.2_foo", "1.2", 2 },
	{ "apk", "1.2A", "1.2", 2 },
	{ "apk", "a1", "1", 2 },
	{ "apk", "1..2", "1", 2 },
	{ "apk", "1.2.r0", "1", 2 },
	{ "apk", "1.2_p1a", "1", 2 },
	/* generic: OpenSSL, gSOAP */
	{ "generic", "1.1.1w", "1.1.1v", 1 },
	{ "generic", "1.1.1v", "1.1.1", 1 },
	{ "generic", "1.1.1za", "1.1.1z", 1 },
	{ "generic", "1.1.1za", "1.1.2", -1 },
	{ "generic", "2.8.123e", "2.8.123", 1 },
	{ "generic", "2.8.123e", "2.8.124", -1 },
	{ "generic", "1.0", "1-0", 0 },
	{ "generic", "1.0", "1.0.0", -1 },
	{ "generic", "1.0a", "1.0.1", -1 },
	{ "generic", "007", "7", 0 },
	{ "generic", "99999999999999999999999", "9999999999", 1 },
	{ "generic", "...", "1", 2 },
	{ "generic", "1 0", "1", 2 },
};

static void
test_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(cases); i++) {
		const struct cmp_case *k = &cases[i];
		const vigil_scheme *s = scheme(k->scheme);
		vigil_error err;
		int c = 7, rc;

		rc = vigil_version_compare(&c, s, k->a, strlen(k->a), k->b,
		    strlen(k->b), &err);
		if (k->want == 2) {
			if (rc != VIGIL_EINVALID)
				fail_msg("%s %s %s: expected invalid", k->scheme,
				    k->a, k->b);
			assert_int_equal(c, 0);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		if (rc != 0)
			fail_msg("%s %s %s: %s", k->scheme, k->a, k->b, err.msg);
		if (c != k->want)
			fail_msg("%s %s %s: expected %d, got %d", k->scheme,
			    k->a, k->b, k->want, c);
		assert_int_equal(vigil_version_compare(&c, s, k->b,
		    strlen(k->b), k->a, strlen(k->a), &err), 0);
		assert_int_equal(c, -k->want);
	}
}

/* Bad input every scheme must reject cleanly. */
static void
test_bad_input(void **state)
{
	static const char *const names[] = { "deb", "rpm", "apk", "generic" };
	char longv[VIGIL_VERSION_MAX_LEN + 2];
	size_t i;

	(void)state;
	memset(longv, '1', sizeof(longv));
	longv[sizeof(longv) - 1] = '\0';
	for (i = 0; i < VGX_ARRAY_SIZE(names); i++) {
		const vigil_scheme *s = scheme(names[i]);
		vigil_error err;
		int c;

		/* one byte over the limit, then exactly at it */
		assert_int_equal(vigil_version_compare(&c, s, longv,
		    VIGIL_VERSION_MAX_LEN + 1, "1", 1, &err), VIGIL_EINVALID);
		assert_non_null(strstr(err.msg, "longer than"));
		assert_int_equal(vigil_version_compare(&c, s, longv,
		    VIGIL_VERSION_MAX_LEN, "1", 1, &err), 0);
		assert_int_equal(c, 1);
		/* embedded NUL */
		assert_int_equal(vigil_version_compare(&c, s, "1\0002", 3, "1",
		    1, &err), VIGIL_EINVALID);
		/* empty */
		assert_int_equal(vigil_version_validate(s, "", 0, &err),
		    VIGIL_EINVALID);
		/* invalid UTF-8 and non-ASCII */
		assert_int_equal(vigil_version_validate(s, "1.\xff", 3, &err),
		    VIGIL_EINVALID);
		assert_int_equal(vigil_version_validate(s, "1.\xc3\xa9", 4,
		    &err), VIGIL_EINVALID);
		/* absurd numbers compare correctly */
		assert_int_equal(vigil_version_compare(&c, s,
		    "99999999999999999999999", 23, "99999999999999999999998", 23,
		    &err), 0);
		assert_int_equal(c, 1);
		assert_int_equal(vigil_version_compare(&c, s,
		    "1.99999999999999999999999", 25, "1.999999999999999999999990",
		    26, &err), 0);
		assert_int_equal(c, -1);
	}
}

/* Lookup by purl type, alias and OSV ecosystem. */
static void
test_find(void **state)
{
	static const struct {
		const char *name, *scheme;
	} f[] = {
		{ "deb", "deb" }, { "DEB", "deb" }, { "Debian", "deb" },
		{ "Debian:12", "deb" }, { "Ubuntu:Pro:22.04:LTS", "deb" },
		{ "rpm", "rpm" }, { "Red Hat", "rpm" },
		{ "Red Hat:enterprise_linux:9::appstream", "rpm" },
		{ "AlmaLinux:9", "rpm" }, { "Rocky Linux:8", "rpm" },
		{ "openSUSE:Leap 15.5", "rpm" }, { "SUSE:Linux Enterprise", "rpm" },
		{ "Mageia:9", "rpm" }, { "openEuler:22.03-LTS", "rpm" },
		{ "Azure Linux:3", "rpm" }, { "Photon OS:5.0", "rpm" },
		{ "apk", "apk" }, { "alpine", "apk" }, { "Alpine:v3.20", "apk" },
		{ "Wolfi", "apk" }, { "Chainguard", "apk" },
		{ "Alpaquita:23", "apk" }, { "MinimOS", "apk" },
		{ "generic", "generic" }, { "openssl", "generic" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(f); i++) {
		const vigil_scheme *s = vigil_scheme_find(f[i].name,
		    strlen(f[i].name));

		if (s == NULL)
			fail_msg("no scheme for '%s'", f[i].name);
		assert_string_equal(vigil_scheme_name(s), f[i].scheme);
	}
	assert_null(vigil_scheme_find("Nonesuch", 8));
	assert_null(vigil_scheme_find("", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_debian_apt),
		cmocka_unit_test(test_scalibr_debian),
		cmocka_unit_test(test_scalibr_redhat),
		cmocka_unit_test(test_scalibr_alpine),
		cmocka_unit_test(test_univers_alpine),
		cmocka_unit_test(test_univers_rpmvercmp),
		cmocka_unit_test(test_json_cmp),
		cmocka_unit_test(test_osv_alpine_validity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
