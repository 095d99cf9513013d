/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Version ranges (vigil/range.h): the interval model and its builders.
 *
 *   - vers-spec's JSON tests, read in place, each file reporting its pass
 *     figure (containment, parse, validate/normalise, per-scheme ordering);
 *     a test whose scheme vigil does not have is reported as such, and
 *     from_native tests (each ecosystem's own range syntax) are reported
 *     as out of scope, except openssl's plain version lists;
 *   - univers' GitLab native ranges -> vers;
 *   - real OSV records (osv-records): every affected entry builds, and
 *     every version PyPA lists as affected lies in the ranges;
 *   - real NVD CVE pages (nvd-go): every cpeMatch builds;
 *   - our own table-driven cases, limits and bad input.
 */
#include <dirent.h>
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

static vigil_range rng;		/* ~20 KiB each: kept off the stack */
static vigil_range rng2;
static vigil_vers vers;
static char out[VIGIL_VERS_MAX_LEN * 3 + 64];

static const vigil_scheme *
scheme(const char *name)
{
	const vigil_scheme *s = vigil_scheme_find(name, strlen(name));

	if (s == NULL)
		fail_msg("no scheme %s", name);
	return s;
}

static bool
contains(const vigil_range *r, const char *v)
{
	vigil_error err;
	bool in = false;

	if (vigil_range_contains(&in, r, v, strlen(v), &err) < 0)
		fail_msg("contains %s: %s", v, err.msg);
	return in;
}

/* ---- vers-spec --------------------------------------------------------- */

struct vtally {
	unsigned long pass, fail, noscheme, native, known;
};

static const char *
op_text(vigil_vers_op op)
{
	static const char *const t[] = { "=", "!=", "<", "<=", ">", ">=", "*" };

	return t[op];
}

/* Stable insertion sort of up to 64 versions under S; false if invalid. */
static bool
sort_versions(const vigil_scheme *s, const char **v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		const char *x = v[i];

		for (j = i; j > 0; j--) {
			vigil_error err;
			int c;

			if (vigil_version_compare(&c, s, v[j - 1],
			    strlen(v[j - 1]), x, strlen(x), &err) < 0) {
				print_message("    invalid: %s\n", err.msg);
				return false;
			}
			if (c <= 0)
				break;
			v[j] = v[j - 1];
		}
		v[j] = x;
	}
	return true;
}

/*
 * Comparisons where vers-spec follows an older Maven and vigil's maven
 * scheme follows ComparableVersion 3.9.9 (checked against the jar by that
 * scheme's differential test): "2-1" vs "2.0.a" and "2.0.0.a".
 */
static const char *const maven_known[][2] = {
	{ "2-1", "2.0.a" }, { "2-1", "2.0.0.a" }
};

static bool
known_difference(const char *sname, json_t *vs)
{
	const char *a = json_string_value(json_array_get(vs, 0));
	const char *b = json_string_value(json_array_get(vs, 1));
	size_t i;

	if (strcmp(sname, "maven") != 0 || json_array_size(vs) != 2)
		return false;
	for (i = 0; i < VGX_ARRAY_SIZE(maven_known); i++)
		if ((strcmp(a, maven_known[i][0]) == 0 &&
		    strcmp(b, maven_known[i][1]) == 0) ||
		    (strcmp(b, maven_known[i][0]) == 0 &&
		    strcmp(a, maven_known[i][1]) == 0))
			return true;
	return false;
}

static bool
vers_cmp_test(json_t *tc, struct vtally *t, const char *type)
{
	json_t *in = json_object_get(tc, "input");
	json_t *vs = json_object_get(in, "versions");
	json_t *exp = json_object_get(tc, "expected_output");
	const char *sname = json_string_value(json_object_get(in,
	    "input_scheme"));
	const vigil_scheme *s;
	const char *v[64];
	size_t i, n = json_array_size(vs);

	if (sname == NULL || n == 0 || n > 64)
		return false;
	if ((s = vigil_scheme_find(sname, strlen(sname))) == NULL) {
		t->noscheme++;
		return true;
	}
	if (known_difference(sname, vs)) {
		t->known++;
		return true;
	}
	for (i = 0; i < n; i++)
		v[i] = json_string_value(json_array_get(vs, i));
	if (strcmp(type, "equality") == 0) {
		vigil_error err;
		int c;

		if (n != 2 || vigil_version_compare(&c, s, v[0], strlen(v[0]),
		    v[1], strlen(v[1]), &err) < 0)
			return false;
		return (c == 0) == json_is_true(exp);
	}
	if (!sort_versions(s, v, n) || json_array_size(exp) != n)
		return false;
	/*
	 * Position by position the same version: equal strings, or equal
	 * under the scheme (the NuGet tests expect "1.0.0-BETA" written
	 * "1.0.0-beta", which NuGet takes as the same version).
	 */
	for (i = 0; i < n; i++) {
		const char *e = json_string_value(json_array_get(exp, i));
		vigil_error err;
		int c;

		if (strcmp(v[i], e) == 0)
			continue;
		if (vigil_version_compare(&c, s, v[i], strlen(v[i]), e,
		    strlen(e), &err) < 0 || c != 0)
			return false;
	}
	return true;
}

/* Run one vers-spec test; true when it passed (or was counted apart). */
static bool
vers_test(json_t *tc, struct vtally *t)
{
	const char *type = json_string_value(json_object_get(tc, "test_type"));
	json_t *in = json_object_get(tc, "input");
	json_t *exp = json_object_get(tc, "expected_output");
	bool want_fail = json_is_true(json_object_get(tc, "expected_failure"));
	vigil_error err;
	int rc;

	if (type == NULL)
		return false;
	if (strcmp(type, "comparison") == 0 || strcmp(type, "equality") == 0)
		return vers_cmp_test(tc, t, type);
	if (strcmp(type, "containment") == 0) {
		const char *vs = json_string_value(json_object_get(in, "vers"));
		const char *v = json_string_value(json_object_get(in,
		    "version"));
		bool got;

		rc = vigil_range_parse_vers(&rng, vs, strlen(vs), 0, &err);
		if (rc == VIGIL_EUNSUPPORTED) {
			t->noscheme++;
			return true;
		}
		if (rc < 0 || vigil_range_contains(&got, &rng, v, strlen(v),
		    &err) < 0) {
			print_message("    %s: %s\n", vs, err.msg);
			return false;
		}
		return got == json_is_true(exp);
	}
	if (strcmp(type, "parse") == 0) {
		const char *s = json_string_value(in);
		json_t *cs;
		size_t i;

		rc = vigil_vers_parse(&vers, s, strlen(s), VIGIL_VERS_STRICT,
		    &err);
		if (want_fail) {
			if (rc == VIGIL_EINVALID)
				return true;
			if (rc == VIGIL_EUNSUPPORTED) {
				t->noscheme++;
				return true;
			}
			return false;
		}
		if (rc == VIGIL_EUNSUPPORTED) {
			t->noscheme++;
			return true;
		}
		if (rc < 0 || strcmp(vers.scheme, json_string_value(
		    json_object_get(exp, "scheme"))) != 0)
			return false;
		cs = json_object_get(exp, "version_constraints");
		if (json_array_size(cs) != vigil_vers_count(&vers))
			return false;
		for (i = 0; i < vigil_vers_count(&vers); i++) {
			json_t *c = json_array_get(cs, i);
			const char *ver;
			size_t vlen;
			vigil_vers_op op = vigil_vers_constraint_at(&vers, i,
			    &ver, &vlen);
			const char *ev = json_string_value(json_array_get(c, 1));

			if (strcmp(op_text(op), json_string_value(
			    json_array_get(c, 0))) != 0 || ev == NULL ||
			    strlen(ev) != vlen || memcmp(ev, ver, vlen) != 0)
				return false;
		}
		return true;
	}
	if (strcmp(type, "validate") == 0 || strcmp(type, "roundtrip") == 0) {
		const char *s = json_is_string(in) ? json_string_value(in) :
		    json_string_value(json_object_get(in, "vers"));

		rc = vigil_vers_parse(&vers, s, strlen(s), 0, &err);
		if (rc == VIGIL_EUNSUPPORTED) {
			t->noscheme++;
			return true;
		}
		if (want_fail)
			return rc == VIGIL_EINVALID;
		if (rc < 0 || vigil_vers_format(out, sizeof(out), NULL, &vers,
		    &err) < 0) {
			print_message("    %s: %s\n", s, err.msg);
			return false;
		}
		return strcmp(out, json_string_value(exp)) == 0;
	}
	if (strcmp(type, "from_native") == 0) {
		const char *sname = json_string_value(json_object_get(in,
		    "scheme"));
		const char *nat = json_string_value(json_object_get(in,
		    "native_range"));
		char buf[4096];
		size_t i, n = 0;

		/*
		 * OpenSSL's native form is a plain list of versions: vers
		 * "=" constraints.  Other ecosystems' range syntaxes (npm
		 * x-ranges, ~>, NuGet brackets, nginx "+") are parsed by
		 * their importers, not here.
		 */
		if (strcmp(sname, "openssl") != 0) {
			t->native++;
			return true;
		}
		n = (size_t)snprintf(buf, sizeof(buf), "vers:openssl/");
		for (i = 0; nat[i] != '\0' && n + 1 < sizeof(buf); i++)
			if (nat[i] == ',')
				buf[n++] = '|';
			else if (nat[i] != ' ')
				buf[n++] = nat[i];
		buf[n] = '\0';
		if (vigil_vers_parse(&vers, buf, n, 0, &err) < 0 ||
		    vigil_vers_format(out, sizeof(out), NULL, &vers, &err) < 0)
			return false;
		return strcmp(out, json_string_value(exp)) == 0;
	}
	return false;
}

static void
run_vers_file(const char *dir, const char *name, unsigned long *fails)
{
	struct vtally t = { 0, 0, 0, 0, 0 };
	char path[1024];
	json_error_t jerr;
	json_t *root, *tests, *tc;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	root = json_load_file(path, 0, &jerr);
	assert_non_null(root);
	tests = json_is_array(root) ? root : json_object_get(root, "tests");
	json_array_foreach(tests, i, tc) {
		unsigned long before = t.noscheme + t.native + t.known;

		if (vers_test(tc, &t)) {
			if (t.noscheme + t.native + t.known == before)
				t.pass++;
		} else {
			t.fail++;
			if (t.fail <= 5)
				print_message("  FAIL %s #%zu: %s\n", name, i,
				    json_dumps(json_object_get(tc, "input"),
				    JSON_COMPACT) ? "see input" : "");
		}
	}
	print_message("vers-spec %s: %lu/%lu pass", name, t.pass,
	    t.pass + t.fail);
	if (t.noscheme > 0)
		print_message(", %lu with a scheme vigil lacks", t.noscheme);
	if (t.native > 0)
		print_message(", %lu from_native out of scope", t.native);
	if (t.known > 0)
		print_message(", %lu known differences (Maven 3.9.9 order)",
		    t.known);
	print_message("\n");
	*fails += t.fail;
	json_decref(root);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_vers_spec(void **state)
{
	const char *dir;
	char *names[128];
	size_t n = 0, i;
	unsigned long fails = 0;
	struct dirent *de;
	DIR *d;

	(void)state;
	TESTDATA_OR_SKIP(dir, "vers-spec/tests");
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL && n < 128) {
		size_t l = strlen(de->d_name);

		if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		run_vers_file(dir, names[i], &fails);
		free(names[i]);
	}
	assert_true(n > 0);
	assert_int_equal(fails, 0);
}

/* ---- univers GitLab native ranges -> vers ------------------------------ */

/* Whether bounds (A, AL) and (B, BL) are the same version (or both none). */
static bool
same_bound(const vigil_scheme *s, const char *a, size_t al, const char *b,
    size_t bl)
{
	vigil_error err;
	int c;

	if (a == NULL || b == NULL)
		return a == b;
	return vigil_version_compare(&c, s, a, al, b, bl, &err) == 0 && c == 0;
}

/* Whether A and B (both normalised here) hold the same versions. */
static bool
same_range(vigil_range *a, vigil_range *b)
{
	size_t i;

	vigil_range_normalize(a, NULL);
	vigil_range_normalize(b, NULL);
	if (vigil_range_count(a) != vigil_range_count(b) || a->nexcl != b->nexcl)
		return false;
	for (i = 0; i < vigil_range_count(a); i++) {
		const char *alo, *ahi, *blo, *bhi;
		size_t all, ahl, bll, bhl;
		bool ali, ahi_i, bli, bhi_i;

		vigil_range_interval(a, i, &alo, &all, &ali, &ahi, &ahl, &ahi_i);
		vigil_range_interval(b, i, &blo, &bll, &bli, &bhi, &bhl, &bhi_i);
		if (!same_bound(a->scheme, alo, all, blo, bll) ||
		    !same_bound(a->scheme, ahi, ahl, bhi, bhl) ||
		    (alo && ali != bli) || (ahi && ahi_i != bhi_i))
			return false;
	}
	return true;
}

/*
 * A version with leading zeros of its dot-separated numbers and trailing
 * ".0"s removed ("5.07.0" -> "5.7"), into BUF.
 */
static size_t
canon(char *buf, size_t size, const char *v, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len && n + 1 < size) {
		if ((i == 0 || v[i - 1] == '.') && v[i] == '0' && i + 1 < len &&
		    vgx_isdigit(v[i + 1])) {
			i++;	/* a leading zero */
			continue;
		}
		buf[n++] = v[i++];
	}
	while (n >= 2 && buf[n - 2] == '.' && buf[n - 1] == '0')
		n -= 2;
	return n;
}

/* Whether two versions differ only by leading zeros and ".0" padding. */
static bool
pad_equal(const char *a, size_t al, const char *b, size_t bl)
{
	char ca[VIGIL_VERSION_MAX_LEN], cb[VIGIL_VERSION_MAX_LEN];
	size_t na = canon(ca, sizeof(ca), a, al);
	size_t nb = canon(cb, sizeof(cb), b, bl);

	return na == nb && memcmp(ca, cb, na) == 0;
}

/*
 * GitLab ranges whose versions univers coerces into other versions (a
 * date "2020-09-14" becomes "2020.0.0-09-14"): nothing to compare.
 */
static const char *const univers_coerced[] = {
	"<2020-09-14", "=2016-10-31", NULL
};

static bool
coerced(const char *nat)
{
	size_t i;

	for (i = 0; univers_coerced[i] != NULL; i++)
		if (strcmp(nat, univers_coerced[i]) == 0)
			return true;
	return false;
}

/*
 * Whether vers strings A and B differ only by ".0" padding of versions
 * (other versions being equal under scheme S).
 */
static bool
differ_by_padding(const vigil_scheme *s, const char *a, const char *b)
{
	const char *ea = a + strlen(a), *eb = b + strlen(b);

	while (a < ea && b < eb) {
		const char *na = memchr(a, '|', (size_t)(ea - a));
		const char *nb = memchr(b, '|', (size_t)(eb - b));

		if (na == NULL)
			na = ea;
		if (nb == NULL)
			nb = eb;
		while (a < na && b < nb && *a == *b && strchr("<>=!", *a))
			a++, b++;
		if (!pad_equal(a, (size_t)(na - a), b, (size_t)(nb - b)) &&
		    !same_bound(s, a, (size_t)(na - a), b, (size_t)(nb - b)))
			return false;
		a = na < ea ? na + 1 : ea;
		b = nb < eb ? nb + 1 : eb;
	}
	return a == ea && b == eb;
}

/*
 * Whether the bounds of V alternate lower, upper, as a vers range must
 * ("vers:npm/<=1.0.2|<2.3.10" does not: its second "<" bounds nothing).
 */
static bool
alternates(const vigil_vers *v)
{
	int last = 0;		/* 1 lower, 2 upper */
	size_t i;

	for (i = 0; i < vigil_vers_count(v); i++) {
		const char *ver;
		size_t vlen;
		vigil_vers_op op = vigil_vers_constraint_at(v, i, &ver, &vlen);
		int k = op == VIGIL_VERS_GT || op == VIGIL_VERS_GE ? 1 :
		    op == VIGIL_VERS_LT || op == VIGIL_VERS_LE ? 2 : 0;

		if (k != 0 && k == last)
			return false;
		if (k != 0)
			last = k;
	}
	return true;
}

/*
 * Each GitLab range must give the range univers' vers gives: the same
 * string, or the same versions (univers rewrites some versions, "4.3" ->
 * "4.3.0" for composer, "1.9.0alpha" -> "1.9.0a0" for PyPI).  A range with
 * a version the scheme rejects (npm "3.3", Go "19.03.11") is counted
 * apart: vigil does not guess what such data means.
 */
static void
run_gitlab_file(const char *rel, unsigned long *fails)
{
	const char *path;
	json_error_t jerr;
	json_t *root, *tc;
	unsigned long exact = 0, same = 0, fail = 0, rejected = 0;
	unsigned long noscheme = 0, padded = 0, malformed = 0, coerce = 0;
	size_t i;

	TESTDATA_OR_SKIP(path, rel);
	root = json_load_file(path, 0, &jerr);
	assert_non_null(root);
	json_array_foreach(json_is_array(root) ? root :
	    json_object_get(root, "tests"), i, tc) {
		json_t *in = json_object_get(tc, "input");
		const char *sname = json_string_value(json_object_get(in,
		    "scheme"));
		const char *nat = json_string_value(json_object_get(in,
		    "native_range"));
		const char *exp = json_string_value(json_object_get(tc,
		    "expected_output"));
		const vigil_scheme *s = vigil_scheme_find(sname, strlen(sname));
		vigil_error err;

		if (s == NULL) {
			noscheme++;
			continue;
		}
		if (vigil_range_parse_gitlab(&rng, s, nat, strlen(nat), &err) <
		    0) {
			if (++rejected <= 2)
				print_message("  rejected %s: %s: %s\n", sname,
				    nat, err.msg);
			continue;
		}
		if (vigil_range_to_vers(out, sizeof(out), NULL, &rng, &err) <
		    0) {
			if (++fail <= 3)
				print_message("  FAIL %s: %s: %s\n", sname,
				    nat, err.msg);
			continue;
		}
		if (strcmp(out, exp) == 0) {
			exact++;
			continue;
		}
		if (vigil_range_parse_vers(&rng2, exp, strlen(exp), 0, &err) <
		    0) {
			/* univers' own vers holds versions the scheme
			 * rejects ("vers:npm/<=3.3.0" is fine, but e.g. Go
			 * "v0.0.0-2019..." rewritten): count apart */
			if (++rejected <= 2)
				print_message("  rejected expected %s: %s\n",
				    exp, err.msg);
			continue;
		}
		if (same_range(&rng, &rng2)) {
			same++;
		} else if (differ_by_padding(s, out + strlen(sname) + 6,
		    exp + strlen(sname) + 6)) {
			padded++;	/* the scheme orders "4.3" < "4.3.0" */
		} else if (vigil_vers_parse(&vers, exp, strlen(exp), 0,
		    &err) == 0 && !alternates(&vers)) {
			malformed++;	/* univers' vers loses a bound */
		} else if (coerced(nat)) {
			coerce++;
		} else if (++fail <= 10) {
			print_message("  FAIL %s: %s -> %s, expected %s\n",
			    sname, nat, out, exp);
		}
	}
	print_message("univers %s: %lu/%lu pass (%lu same string, %lu same "
	    "versions)", strrchr(rel, '/') + 1, exact + same,
	    exact + same + fail, exact, same);
	if (rejected > 0)
		print_message(", %lu with versions the scheme rejects",
		    rejected);
	if (padded > 0)
		print_message(", %lu differ by padding or leading zeros the "
		    "scheme does not equate (\"4.3\" < \"4.3.0\")", padded);
	if (malformed > 0)
		print_message(", %lu where univers' vers does not alternate "
		    "bounds (drops versions)", malformed);
	if (coerce > 0)
		print_message(", %lu dates univers coerces into other versions",
		    coerce);
	if (noscheme > 0)
		print_message(", %lu with a scheme vigil lacks", noscheme);
	print_message("\n");
	*fails += fail;
	json_decref(root);
}

static void
test_univers_gitlab(void **state)
{
	static const char *const files[] = {
		"composer", "conan", "gem", "golang", "npm", "pypi"
	};
	unsigned long fails = 0;
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(files); i++) {
		char rel[256];

		snprintf(rel, sizeof(rel), "univers/tests/data/schema/range/"
		    "gitlab/%s_gitlab_range_from_native.json", files[i]);
		run_gitlab_file(rel, &fails);
	}
	print_message("univers gitlab: %lu failures\n", fails);
	assert_int_equal(fails, 0);
}

/* ---- real OSV records ----------------------------------------------- */

struct otally {
	unsigned long entries, ok, git_only, noscheme, other;
	unsigned long vchecks, vin, vinvalid;
};

static void
osv_entry(json_t *aff, const char *file, struct otally *t)
{
	json_t *copy, *versions;
	vigil_error err;
	char *js;
	int rc;

	t->entries++;
	js = json_dumps(aff, JSON_COMPACT);
	assert_non_null(js);
	rc = vigil_range_parse_osv(&rng, js, strlen(js), &err);
	free(js);
	if (rc == 0) {
		t->ok++;
	} else if (rc == VIGIL_EUNSUPPORTED && strstr(err.msg, "GIT")) {
		t->git_only++;
		return;
	} else if (rc == VIGIL_EUNSUPPORTED) {
		t->noscheme++;
		return;
	} else {
		t->other++;
		print_message("  %s: %s (at %s)\n", file, err.msg, err.path);
		return;
	}
	/* The ranges alone must hold every version listed as affected. */
	versions = json_object_get(aff, "versions");
	if (json_array_size(versions) == 0 ||
	    json_array_size(json_object_get(aff, "ranges")) == 0)
		return;
	copy = json_deep_copy(aff);
	json_object_del(copy, "versions");
	js = json_dumps(copy, JSON_COMPACT);
	json_decref(copy);
	rc = vigil_range_parse_osv(&rng, js, strlen(js), &err);
	free(js);
	if (rc == 0) {
		size_t i;
		json_t *v;

		json_array_foreach(versions, i, v) {
			bool in = false;

			t->vchecks++;
			rc = vigil_range_contains(&in, &rng, json_string_value(v),
			    json_string_length(v), &err);
			if (rc == VIGIL_EINVALID)
				t->vinvalid++;	/* "0.7.1.fix1": not PEP 440 */
			else if (rc == 0 && in)
				t->vin++;
			else if (t->vchecks - t->vin - t->vinvalid <= 5)
				print_message("  %s: %s not in the ranges\n",
				    file, json_string_value(v));
		}
	}
}

static void
run_osv_dir(const char *sub, struct otally *all)
{
	struct otally t = { 0, 0, 0, 0, 0, 0, 0, 0 };
	char rel[256], path[2048];
	const char *dir;
	struct dirent *de;
	DIR *d;

	snprintf(rel, sizeof(rel), "osv-records/%s", sub);
	TESTDATA_OR_SKIP(dir, rel);
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name), i;
		json_error_t jerr;
		json_t *root, *aff;

		if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((root = json_load_file(path, 0, &jerr)) == NULL)
			continue;
		json_array_foreach(json_object_get(root, "affected"), i, aff)
			osv_entry(aff, de->d_name, &t);
		json_decref(root);
	}
	closedir(d);
	print_message("osv-records %s: %lu/%lu affected entries build", sub,
	    t.ok, t.entries);
	if (t.git_only)
		print_message(", %lu GIT-only (unsupported, reported)",
		    t.git_only);
	if (t.noscheme)
		print_message(", %lu without a scheme", t.noscheme);
	if (t.vchecks)
		print_message("; %lu/%lu listed versions in the ranges", t.vin,
		    t.vchecks - t.vinvalid);
	if (t.vinvalid)
		print_message(" (%lu more not valid in the scheme, rejected)",
		    t.vinvalid);
	print_message("\n");
	all->other += t.other;
	all->vchecks += t.vchecks;
	all->vin += t.vin;
	all->vinvalid += t.vinvalid;
	all->entries += t.entries;
}

static void
test_osv_records(void **state)
{
	static const char *const subs[] = {
		"almalinux/almalinux8", "almalinux/almalinux9",
		"almalinux/almalinux10", "bitnami", "ghsa", "go-vulndb",
		"psf-cpython", "pypa-pysec", "rustsec"
	};
	struct otally all = { 0, 0, 0, 0, 0, 0, 0, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(subs); i++)
		run_osv_dir(subs[i], &all);
	assert_true(all.entries > 0);
	assert_int_equal(all.other, 0);
	assert_int_equal(all.vin + all.vinvalid, all.vchecks);
}

/* ---- real NVD configurations ----------------------------------------- */

/* Field 5 (version) of a CPE 2.3 formatted string, unescaped. */
static bool
cpe_version(const char *cpe, char *buf, size_t size)
{
	size_t field = 0, n = 0;
	const char *p;

	for (p = cpe; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			if (field == 5 && n + 1 < size)
				buf[n++] = p[1];
			p++;
			continue;
		}
		if (*p == ':') {
			if (++field > 5)
				break;
			continue;
		}
		if (field == 5 && n + 1 < size)
			buf[n++] = *p;
	}
	buf[n] = '\0';
	return field >= 5;
}

static const char *
jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
run_nvd_file(const char *rel, unsigned long *bad)
{
	const vigil_scheme *s = scheme("generic");
	unsigned long total = 0, ok = 0, na = 0, ranged = 0;
	const char *path;
	json_error_t jerr;
	json_t *root, *vuln, *cfg, *node, *m;
	size_t i, j, k, l;

	TESTDATA_OR_SKIP(path, rel);
	assert_non_null(root = json_load_file(path, 0, &jerr));
	json_array_foreach(json_object_get(root, "vulnerabilities"), i, vuln)
	json_array_foreach(json_object_get(json_object_get(vuln, "cve"),
	    "configurations"), j, cfg)
	json_array_foreach(json_object_get(cfg, "nodes"), k, node)
	json_array_foreach(json_object_get(node, "cpeMatch"), l, m) {
		char ver[256];
		vigil_nvd_match nm;
		vigil_error err;
		int rc;

		total++;
		assert_true(cpe_version(jstr(m, "criteria"), ver, sizeof(ver)));
		nm.version = ver;
		nm.start_including = jstr(m, "versionStartIncluding");
		nm.start_excluding = jstr(m, "versionStartExcluding");
		nm.end_including = jstr(m, "versionEndIncluding");
		nm.end_excluding = jstr(m, "versionEndExcluding");
		if (nm.start_including || nm.start_excluding ||
		    nm.end_including || nm.end_excluding)
			ranged++;
		vigil_range_init(&rng, s);
		rc = vigil_range_add_nvd(&rng, &nm, &err);
		if (rc == 0)
			ok++;
		else if (rc == VIGIL_EUNSUPPORTED)
			na++;
		else if (++*bad <= 5)
			print_message("  %s: %s\n", jstr(m, "criteria"),
			    err.msg);
	}
	print_message("nvd-go %s: %lu/%lu cpeMatch build (%lu with bounds)",
	    strrchr(rel, '/') + 1, ok, total, ranged);
	if (na)
		print_message(", %lu with version '-' (unsupported, reported)",
		    na);
	print_message("\n");
	assert_true(total > 0);
	json_decref(root);
}

static void
test_nvd(void **state)
{
	unsigned long bad = 0;

	(void)state;
	run_nvd_file("nvd-go/responses/cves-1999.json", &bad);
	run_nvd_file("nvd-go/responses/cves-2023.json", &bad);
	assert_int_equal(bad, 0);
}

/* ---- our own cases ---------------------------------------------------- */

struct contains_case {
	const char *vers, *version;
	int want;		/* 1 in, 0 out, -1 error */
};

static const struct contains_case contains_cases[] = {
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "1.1", 0 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "1.2", 1 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "1.5", 0 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "1.9~rc1", 1 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "2", 0 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "2.5.1", 1 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "2.6", 0 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "3", 1 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "1:0.1", 1 },
	{ "vers:deb/>=1.2|<2|2.5.1|!=1.5|>=3", "1 2", -1 },
	{ "vers:generic/*", "0", 1 },
	{ "vers:generic/*", "99999999999999999999999", 1 },
	{ "vers:rpm/<1.0-1", "1.0", 1 },
	{ "vers:rpm/<1.0-1", "1.0-1", 0 },
	{ "vers:rpm/>=1:1.0", "2.0", 0 },
	{ "vers:rpm/>=1:1.0", "1:1.0~rc1", 0 },
	{ "vers:rpm/>=1:1.0", "1:1.0", 1 },
	{ "vers:apk/>=1.2_rc1|<=1.2-r2", "1.2", 1 },
	{ "vers:apk/>=1.2_rc1|<=1.2-r2", "1.2-r3", 0 },
	{ "vers:apk/>=1.2_rc1|<=1.2-r2", "1.2_beta9", 0 },
	{ "vers:alpine/<1.2", "1.1", 1 },
	{ "vers:deb/!=1.0", "1.0", 0 },
	{ "vers:deb/!=1.0", "2", 1 },
	{ "vers:deb/1.0|2.0", "1.0", 1 },
	{ "vers:deb/1.0|2.0", "1.5", 0 },
	{ "vers:deb/1.0|2.0", "1.0-0", 1 },
	/* the vers equality rule: "<=" holds its own version */
	{ "vers:deb/<1|<=2", "2", 1 },
	{ "vers:deb/<1|<=2", "1.5", 0 },
	{ "vers:deb/<1|<=2", "0.5", 1 },
	/* unsorted input is sorted (lenient parsing) */
	{ "vers:generic/<1.1.1w|>1.1.1", "1.1.1a", 1 },
	{ "vers:generic/<1.1.1w|>1.1.1", "1.1.1", 0 },
	{ "vers:generic/<1.1.1w|>1.1.1", "1.1.1w", 0 },
	{ "vers:generic/ >= 2.8.100 | < 2.8.124", "2.8.123e", 1 },
	{ "vers:generic/>2.0", "99999999999999999999999", 1 },
	{ "vers:generic/>99999999999999999999999", "99999999999999999999998",
	    0 },
	{ "vers:pypi/>=1.0|<2.0", "1.5rc1", 1 },
	{ "vers:pypi/>=1.0|<2.0", "2.0", 0 },
	{ "vers:npm/>=1.0.0|<2.0.0", "2.0.0-beta.1", 1 },
};

static void
test_contains_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(contains_cases); i++) {
		const struct contains_case *k = &contains_cases[i];
		vigil_error err;
		bool in = false;
		int rc;

		if (vigil_range_parse_vers(&rng, k->vers, strlen(k->vers), 0,
		    &err) < 0)
			fail_msg("%s: %s", k->vers, err.msg);
		/* matching allocates nothing: every allocation would fail */
		vgx_alloc_fail_at(1);
		rc = vigil_range_contains(&in, &rng, k->version,
		    strlen(k->version), &err);
		assert_int_equal(vgx_alloc_fail_at(0), 0);
		if (k->want < 0) {
			assert_int_equal(rc, VIGIL_EINVALID);
			assert_false(in);
			continue;
		}
		if (rc < 0)
			fail_msg("%s %s: %s", k->vers, k->version, err.msg);
		if (in != (k->want == 1))
			fail_msg("%s contains %s: expected %d", k->vers,
			    k->version, k->want);
	}
}

struct parse_case {
	const char *in;
	unsigned flags;
	int rc;			/* expected return */
	const char *out;	/* normalised form, when rc is 0 */
};

static const struct parse_case parse_cases[] = {
	{ "vers:deb/>=1.0|<2.0", VIGIL_VERS_STRICT, 0, "vers:deb/>=1.0|<2.0" },
	{ "vers:deb/ 2.0 |<1.0", 0, 0, "vers:deb/<1.0|2.0" },
	{ "VERS:Deb/1.0", 0, 0, "vers:deb/1.0" },
	{ "VERS:deb/1.0", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:DEB/1.0", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:deb/2.0|<1.0", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0|1.0", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0|1.0-0", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:deb/=1.0", 0, 0, "vers:deb/1.0" },
	{ "vers:generic/1.0%7C2", 0, 0, "vers:generic/1.0%7C2" },
	{ "vers:generic/1.0%7c2", 0, 0, "vers:generic/1.0%7C2" },
	{ "vers:generic/1.0%7c2", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:generic/*", VIGIL_VERS_STRICT, 0, "vers:generic/*" },
	{ "vers:generic/1|*", 0, VIGIL_EINVALID, NULL },
	{ "vers:generic/", 0, VIGIL_EINVALID, NULL },
	{ "vers:generic", 0, VIGIL_EINVALID, NULL },
	{ "generic/1.0", 0, VIGIL_EINVALID, NULL },
	{ "vers:/1.0", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/>=", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/>>1", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/=<1", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/|1", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1|", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1||2", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0%", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0%2", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0%ZZ", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0%00", 0, VIGIL_EINVALID, NULL },	/* NUL */
	{ "vers:deb/1.0%1F", 0, VIGIL_EINVALID, NULL },
	{ "vers:deb/1.0%FF", 0, VIGIL_EINVALID, NULL },	/* not UTF-8 */
	{ "vers:deb/1.0%C0%AF", 0, VIGIL_EINVALID, NULL },	/* overlong */
	{ "vers:deb/1.0\xff", 0, VIGIL_EINVALID, NULL },
	/* a lone version is checked when the range is built */
	{ "vers:deb/1.0%C3%A9", 0, 0, "vers:deb/1.0%C3%A9" },
	{ "vers:nosuch/1.0", 0, 0, "vers:nosuch/1.0" },
	{ "vers:nosuch/1.0|2.0", 0, VIGIL_EUNSUPPORTED, NULL },
	{ "vers:deb/a b", VIGIL_VERS_STRICT, VIGIL_EINVALID, NULL },
	{ "vers:deb/99999999999999999999999:1|2", 0, VIGIL_EINVALID, NULL },
};

static void
test_parse_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(parse_cases); i++) {
		const struct parse_case *k = &parse_cases[i];
		vigil_error err;
		int rc;

		rc = vigil_vers_parse(&vers, k->in, strlen(k->in), k->flags,
		    &err);
		if (rc != k->rc)
			fail_msg("%s: expected %d, got %d (%s)", k->in, k->rc,
			    rc, rc < 0 ? err.msg : "");
		if (rc < 0) {
			assert_true(err.msg[0] != '\0');
			continue;
		}
		assert_int_equal(vigil_vers_format(out, sizeof(out), NULL,
		    &vers, &err), 0);
		assert_string_equal(out, k->out);
	}
	/* building the range checks what parsing left */
	{
		static const char *const bad[] = {
			"vers:deb/1.0%C3%A9", "vers:deb/99999999999999999999999:1",
			"vers:deb/<1_0"
		};
		vigil_error err;
		size_t j;

		for (j = 0; j < VGX_ARRAY_SIZE(bad); j++)
			assert_int_equal(vigil_range_parse_vers(&rng, bad[j],
			    strlen(bad[j]), 0, &err), VIGIL_EINVALID);
		assert_int_equal(vigil_range_parse_vers(&rng, "vers:nosuch/1",
		    13, 0, &err), VIGIL_EUNSUPPORTED);
	}
	/* an embedded NUL is not printable ASCII */
	{
		vigil_error err;

		assert_int_equal(vigil_vers_parse(&vers, "vers:deb/1\0002", 12,
		    0, &err), VIGIL_EINVALID);
	}
}

static void
test_vers_limits(void **state)
{
	static char big[VIGIL_VERS_MAX_LEN + 16];
	vigil_error err;
	size_t n, i;

	(void)state;
	/* longer than the limit */
	memset(big, '1', sizeof(big));
	memcpy(big, "vers:deb/", 9);
	assert_int_equal(vigil_vers_parse(&vers, big, VIGIL_VERS_MAX_LEN + 1,
	    0, &err), VIGIL_ETOOBIG);
	/* a version over VIGIL_VERSION_MAX_LEN */
	assert_int_equal(vigil_vers_parse(&vers, big, 9 + 300, 0, &err),
	    VIGIL_EINVALID);
	/* 256 constraints fit, 257 do not */
	n = (size_t)snprintf(big, sizeof(big), "vers:generic/1");
	for (i = 2; i <= VIGIL_VERS_MAX_CONSTRAINTS; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "|%zu", i);
	assert_int_equal(vigil_vers_parse(&vers, big, n, VIGIL_VERS_STRICT,
	    &err), 0);
	assert_int_equal(vigil_vers_count(&vers), VIGIL_VERS_MAX_CONSTRAINTS);
	assert_int_equal(vigil_range_from_vers(&rng, &vers, &err), 0);
	assert_int_equal(vigil_range_count(&rng), VIGIL_VERS_MAX_CONSTRAINTS);
	n += (size_t)snprintf(big + n, sizeof(big) - n, "|9999");
	assert_int_equal(vigil_vers_parse(&vers, big, n, 0, &err),
	    VIGIL_ETOOBIG);
}

static void
test_interval_limits(void **state)
{
	char a[VIGIL_VERSION_MAX_LEN + 1], b[VIGIL_VERSION_MAX_LEN + 1];
	vigil_error err;
	size_t i;

	(void)state;
	vigil_range_init(&rng, scheme("generic"));
	for (i = 0; i < VIGIL_RANGE_MAX_INTERVALS; i++) {
		snprintf(a, sizeof(a), "%zu", i);
		assert_int_equal(vigil_range_add(&rng, a, strlen(a), true, a,
		    strlen(a), true, &err), 0);
	}
	assert_int_equal(vigil_range_add(&rng, "9999", 4, true, NULL, 0, false,
	    &err), VIGIL_ETOOBIG);
	assert_int_equal(vigil_range_count(&rng), VIGIL_RANGE_MAX_INTERVALS);
	/* the text store: 256-byte bounds, 512 bytes an interval */
	vigil_range_init(&rng, scheme("generic"));
	memset(a, '1', VIGIL_VERSION_MAX_LEN);
	memset(b, '2', VIGIL_VERSION_MAX_LEN);
	a[VIGIL_VERSION_MAX_LEN] = b[VIGIL_VERSION_MAX_LEN] = '\0';
	for (i = 0; i < VIGIL_RANGE_TEXT_MAX / (2 * VIGIL_VERSION_MAX_LEN);
	    i++)
		assert_int_equal(vigil_range_add(&rng, a, VIGIL_VERSION_MAX_LEN,
		    true, b, VIGIL_VERSION_MAX_LEN, false, &err), 0);
	assert_int_equal(vigil_range_add(&rng, a, VIGIL_VERSION_MAX_LEN, true,
	    b, VIGIL_VERSION_MAX_LEN, false, &err), VIGIL_ETOOBIG);
	assert_int_equal(vigil_range_count(&rng),
	    VIGIL_RANGE_TEXT_MAX / (2 * VIGIL_VERSION_MAX_LEN));
	/* exclusions */
	vigil_range_init(&rng, scheme("generic"));
	for (i = 0; i < VIGIL_RANGE_MAX_EXCLUDED; i++) {
		snprintf(a, sizeof(a), "%zu", i);
		assert_int_equal(vigil_range_exclude(&rng, a, strlen(a), &err),
		    0);
	}
	assert_int_equal(vigil_range_exclude(&rng, "x", 1, &err),
	    VIGIL_ETOOBIG);
	/* no scheme, invalid bounds, empty intervals */
	vigil_range_init(&rng, NULL);
	assert_int_equal(vigil_range_add(&rng, "1", 1, true, NULL, 0, false,
	    &err), VIGIL_EINVALID);
	vigil_range_init(&rng, scheme("deb"));
	assert_int_equal(vigil_range_add(&rng, "1 0", 3, true, NULL, 0, false,
	    &err), VIGIL_EINVALID);
	assert_int_equal(vigil_range_add(&rng, "2", 1, true, "1", 1, true,
	    &err), 0);
	assert_int_equal(vigil_range_add(&rng, "1", 1, true, "1", 1, false,
	    &err), 0);
	assert_int_equal(vigil_range_count(&rng), 0);
	assert_false(contains(&rng, "1"));
	vigil_range_init(&rng, scheme("generic"));
	assert_int_equal(vigil_range_add(&rng, "1.0", 3, true, "1_0", 3, false,
	    &err), 0);	/* "1.0" == "1_0" in generic: empty */
	assert_int_equal(vigil_range_count(&rng), 0);
	assert_int_equal(vigil_range_to_vers(out, sizeof(out), NULL, &rng,
	    &err), VIGIL_EINVALID);
}

static void
test_normalize(void **state)
{
	vigil_error err;
	const char *lo, *hi;
	size_t lolen, hilen, len;
	bool li, hii;

	(void)state;
	vigil_range_init(&rng, scheme("deb"));
	assert_int_equal(vigil_range_add(&rng, "2", 1, true, "5", 1, true,
	    &err), 0);
	assert_int_equal(vigil_range_add(&rng, "5", 1, false, "6", 1, false,
	    &err), 0);
	assert_int_equal(vigil_range_add(&rng, "1", 1, true, "3", 1, false,
	    &err), 0);
	assert_int_equal(vigil_range_add_version(&rng, "8", 1, &err), 0);
	assert_int_equal(vigil_range_add_version(&rng, "4", 1, &err), 0);
	assert_int_equal(vigil_range_count(&rng), 4);	/* "4" was inside */
	assert_int_equal(vigil_range_exclude(&rng, "2.5", 3, &err), 0);
	assert_int_equal(vigil_range_exclude(&rng, "7", 1, &err), 0);
	memcpy(&rng2, &rng, sizeof(rng));
	assert_int_equal(vigil_range_normalize(&rng, &err), 0);
	assert_int_equal(vigil_range_count(&rng), 2);
	vigil_range_interval(&rng, 0, &lo, &lolen, &li, &hi, &hilen, &hii);
	assert_true(lolen == 1 && lo[0] == '1' && li);
	assert_true(hilen == 1 && hi[0] == '6' && !hii);
	/* normalising changes no answer */
	{
		static const char *const probe[] = {
			"0", "1", "2", "2.5", "3", "4", "5", "5.5", "6", "7",
			"8", "9"
		};
		size_t i;

		for (i = 0; i < VGX_ARRAY_SIZE(probe); i++)
			assert_int_equal(contains(&rng, probe[i]),
			    contains(&rng2, probe[i]));
	}
	assert_int_equal(vigil_range_to_vers(out, sizeof(out), &len, &rng2,
	    &err), 0);
	assert_string_equal(out, "vers:deb/>=1|!=2.5|<6|8");
	assert_int_equal(len, strlen(out));
	/* round trip through vers */
	assert_int_equal(vigil_range_parse_vers(&rng, out, len,
	    VIGIL_VERS_STRICT, &err), 0);
	assert_false(contains(&rng, "2.5"));
	assert_true(contains(&rng, "5.9"));
	assert_true(contains(&rng, "8"));
	assert_false(contains(&rng, "7"));
	/* a buffer too small */
	assert_int_equal(vigil_range_to_vers(out, 10, NULL, &rng2, &err),
	    VIGIL_ETOOBIG);
	/* everything, everything but */
	vigil_range_init(&rng, scheme("generic"));
	assert_int_equal(vigil_range_add(&rng, NULL, 0, false, NULL, 0, false,
	    &err), 0);
	assert_int_equal(vigil_range_to_vers(out, sizeof(out), NULL, &rng,
	    &err), 0);
	assert_string_equal(out, "vers:generic/*");
	assert_int_equal(vigil_range_exclude(&rng, "1.0", 3, &err), 0);
	assert_int_equal(vigil_range_to_vers(out, sizeof(out), NULL, &rng,
	    &err), 0);
	assert_string_equal(out, "vers:generic/!=1.0");
	assert_int_equal(vigil_range_parse_vers(&rng, out, strlen(out), 0,
	    &err), 0);
	assert_false(contains(&rng, "1.0"));
	assert_true(contains(&rng, "1.1"));
}

struct osv_case {
	const char *json;
	int rc;
	const char *in, *notin;	/* space-separated versions */
	const char *path;	/* JSON pointer of the error */
};

#define DEB "{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"x\"},"
static const struct osv_case osv_cases[] = {
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"0\"},{\"fixed\":\"1.4\"},"
	    "{\"introduced\":\"2.0\"},{\"last_affected\":\"2.3\"}]}]}",
	    0, "0~ 1.0 1.4~rc1 2.0 2.3", "1.4 1.9 2.3.1 3", NULL },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"fixed\":\"1.4\"},{\"introduced\":\"1.0\"}]}]}",
	    0, "1.0 1.2", "0.9 1.4", NULL },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"1.0\"},{\"limit\":\"1.5\"}]}]}",
	    0, "1.0 1.4", "1.5 2", NULL },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"1.0\"}]},{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"3.0\"},{\"fixed\":\"3.1\"}]}]}",
	    0, "1.0 2 3.0", "0.5", NULL },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"1.0\"},{\"fixed\":\"1.0\"}]}]}",
	    0, "", "1.0 0.9 1.1", NULL },
	{ DEB "\"versions\":[\"1.1\",\"1.3\"]}", 0, "1.1 1.3", "1.2", NULL },
	{ DEB "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"r\",\"events\":["
	    "{\"introduced\":\"0\"},{\"fixed\":\"abc\"}]}]}",
	    VIGIL_EUNSUPPORTED, NULL, NULL, "/ranges" },
	{ DEB "\"ranges\":[{\"type\":\"GIT\",\"repo\":\"r\",\"events\":["
	    "{\"introduced\":\"0\"},{\"fixed\":\"abc\"}]},"
	    "{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
	    "{\"fixed\":\"2\"}]}]}", 0, "1", "2", NULL },
	{ "{\"package\":{\"ecosystem\":\"AlmaLinux:9\"},\"ranges\":[{\"type\":"
	    "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":"
	    "\"0:1.2.3-4.el9_2\"}]}]}", 0, "1.2.3-4.el9 1.2.3", "1.2.3-4.el9_2 "
	    "1.2.4-1.el9", NULL },
	{ "{\"package\":{\"ecosystem\":\"Alpine:v3.20\"},\"ranges\":[{\"type\":"
	    "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":"
	    "\"1.2.3-r1\"}]}]}", 0, "1.2.3 1.2.3_rc1", "1.2.3-r1 1.2.3_p1", NULL },
	{ "{\"package\":{\"ecosystem\":\"Go\"},\"ranges\":[{\"type\":\"SEMVER\","
	    "\"events\":[{\"introduced\":\"1.2.0\"},{\"fixed\":\"1.2.5\"}]}]}",
	    0, "1.2.0 1.2.5-rc.1", "1.2.5 1.1.9", NULL },
	/* bad input */
	{ "not json", VIGIL_EINVALID, NULL, NULL, NULL },
	{ "[]", VIGIL_EINVALID, NULL, NULL, NULL },
	{ "{\"package\":{\"ecosystem\":\"Debian\"},\"package\":{}}",
	    VIGIL_EINVALID, NULL, NULL, NULL },
	{ "{\"package\":{\"ecosystem\":\"Nonesuch\"},\"versions\":[\"1\"]}",
	    VIGIL_EUNSUPPORTED, NULL, NULL, "/package/ecosystem" },
	{ "{\"package\":{\"ecosystem\":7},\"versions\":[\"1\"]}",
	    VIGIL_EINVALID, NULL, NULL, "/package/ecosystem" },
	{ DEB "\"ranges\":{}}", VIGIL_EINVALID, NULL, NULL, "/ranges" },
	{ DEB "\"ranges\":[{\"events\":[]}]}", VIGIL_EINVALID, NULL, NULL,
	    "/ranges/0" },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[]}]}",
	    VIGIL_EINVALID, NULL, NULL, "/ranges/0/events" },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"0\",\"fixed\":\"1\"}]}]}", VIGIL_EINVALID, NULL,
	    NULL, "/ranges/0/events/0" },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"broken\":\"1\"}]}]}", VIGIL_EINVALID, NULL, NULL,
	    "/ranges/0/events/0" },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"fixed\":1}]}]}", VIGIL_EINVALID, NULL, NULL,
	    "/ranges/0/events/0/fixed" },
	{ DEB "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"0\"},{\"fixed\":\"1 0\"}]}]}", VIGIL_EINVALID,
	    NULL, NULL, "/ranges/0/events" },
	{ DEB "\"versions\":[\"1\",2]}", VIGIL_EINVALID, NULL, NULL,
	    "/versions/1" },
	{ DEB "\"versions\":[\"1\",\"a\\u0000b\"]}", VIGIL_EINVALID, NULL,
	    NULL, NULL },
	/* a listed version the scheme cannot order is left out */
	{ DEB "\"versions\":[\"1\",\"a b\",\"2\"]}", 0, "1 2", "1.5", NULL },
};

static void
check_list(const char *list, bool want)
{
	char buf[256], *tok, *save = NULL;

	if (list == NULL)
		return;
	snprintf(buf, sizeof(buf), "%s", list);
	for (save = buf, tok = field(&save, " "); tok != NULL;
	    tok = field(&save, " "))
		if (contains(&rng, tok) != want)
			fail_msg("%s should %sbe in the range", tok,
			    want ? "" : "not ");
}

static void
test_osv_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(osv_cases); i++) {
		const struct osv_case *k = &osv_cases[i];
		vigil_error err;
		int rc;

		vigil_error_clear(&err);
		rc = vigil_range_parse_osv(&rng, k->json, strlen(k->json), &err);
		if (rc != k->rc)
			fail_msg("case %zu: expected %d, got %d (%s)", i, k->rc,
			    rc, err.msg);
		if (k->path != NULL)
			assert_string_equal(err.path, k->path);
		if (rc < 0)
			continue;
		check_list(k->in, true);
		check_list(k->notin, false);
	}
	/* the mixed GIT + ECOSYSTEM case reports what it skipped */
	assert_int_equal(vigil_range_parse_osv(&rng, osv_cases[7].json,
	    strlen(osv_cases[7].json), NULL), 0);
	assert_int_equal(vigil_range_skipped(&rng), 1);
}

static void
test_osv_events(void **state)
{
	static vigil_osv_event ev[VIGIL_RANGE_MAX_INTERVALS * 2 + 1];
	vigil_error err;
	size_t i;

	(void)state;
	vigil_range_init(&rng, scheme("generic"));
	for (i = 0; i < VGX_ARRAY_SIZE(ev); i++) {
		ev[i].kind = VIGIL_OSV_INTRODUCED;
		ev[i].version = "1";
		ev[i].len = 1;
	}
	assert_int_equal(vigil_range_add_osv(&rng, ev, VGX_ARRAY_SIZE(ev),
	    &err), VIGIL_ETOOBIG);
	assert_int_equal(vigil_range_add_osv(&rng, ev, VGX_ARRAY_SIZE(ev) - 1,
	    &err), 0);
	assert_true(contains(&rng, "1"));
	assert_false(contains(&rng, "0.9"));
	/* several limits: the highest one counts */
	vigil_range_init(&rng, scheme("generic"));
	ev[0].kind = VIGIL_OSV_INTRODUCED, ev[0].version = "0", ev[0].len = 1;
	ev[1].kind = VIGIL_OSV_LIMIT, ev[1].version = "2", ev[1].len = 1;
	ev[2].kind = VIGIL_OSV_LIMIT, ev[2].version = "3", ev[2].len = 1;
	assert_int_equal(vigil_range_add_osv(&rng, ev, 3, &err), 0);
	assert_true(contains(&rng, "2.5"));
	assert_false(contains(&rng, "3"));
	ev[1].version = NULL;
	assert_int_equal(vigil_range_add_osv(&rng, ev, 3, &err),
	    VIGIL_EINVALID);
}

static void
test_nvd_table(void **state)
{
	static const struct {
		vigil_nvd_match m;
		int rc;
		const char *in, *notin;
	} c[] = {
		{ { "*", "5.0", NULL, NULL, "5.4.2" }, 0, "5.0 5.4.1", "4.9 5.4.2" },
		{ { "*", NULL, "5.0", "5.4.2", NULL }, 0, "5.0.1 5.4.2", "5.0 5.5" },
		{ { "*", NULL, NULL, "1.1.1w", NULL }, 0, "1.1.1 1.1.1w",
		    "1.1.1za" },
		{ { NULL, "3.0.0", NULL, NULL, NULL }, 0, "3.0.0 99", "2.9" },
		{ { "1.1.1w", NULL, NULL, NULL, NULL }, 0, "1.1.1w", "1.1.1v" },
		{ { "*", NULL, NULL, NULL, NULL }, 0, "0 1 2", "" },
		{ { "", NULL, NULL, NULL, NULL }, 0, "7", "" },
		{ { "-", NULL, NULL, NULL, NULL }, VIGIL_EUNSUPPORTED, NULL,
		    NULL },
		{ { "*", "1", "2", NULL, NULL }, VIGIL_EINVALID, NULL, NULL },
		{ { "*", NULL, NULL, "1", "2" }, VIGIL_EINVALID, NULL, NULL },
		{ { "1.0", "1", NULL, NULL, NULL }, VIGIL_EINVALID, NULL, NULL },
		{ { "*", "1 0", NULL, NULL, NULL }, VIGIL_EINVALID, NULL, NULL },
		{ { "1\xff", NULL, NULL, NULL, NULL }, VIGIL_EINVALID, NULL,
		    NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(c); i++) {
		vigil_error err;
		int rc;

		vigil_range_init(&rng, scheme("generic"));
		rc = vigil_range_add_nvd(&rng, &c[i].m, &err);
		if (rc != c[i].rc)
			fail_msg("case %zu: expected %d, got %d (%s)", i,
			    c[i].rc, rc, err.msg);
		if (rc < 0)
			continue;
		check_list(c[i].in, true);
		check_list(c[i].notin, false);
	}
}

static void
test_gitlab_table(void **state)
{
	static const struct {
		const char *scheme, *in;
		int rc;
		const char *out;
	} c[] = {
		{ "generic", "<1.9.8||>=1.10.0 <1.10.4||=1.11.0", 0,
		    "vers:generic/<1.9.8|>=1.10.0|<1.10.4|1.11.0" },
		{ "generic", ">=1.0,<2.0", 0, "vers:generic/>=1.0|<2.0" },
		{ "generic", ">= 1.0, < 2.0", 0, "vers:generic/>=1.0|<2.0" },
		{ "generic", ">1.0 >1.5 <3 <=2", 0, "vers:generic/>1.5|<=2" },
		{ "generic", "1.2", 0, "vers:generic/1.2" },
		{ "generic", "==1.2", 0, "vers:generic/1.2" },
		{ "generic", "<2||<3", 0, "vers:generic/<3" },
		{ "golang", "<v1.3.7", 0, "vers:golang/<1.3.7" },
		{ "deb", ">2 <1", 0, NULL },	/* empty */
		{ "generic", "", VIGIL_EINVALID, NULL },
		{ "generic", "<1||", 0, "vers:generic/<1" },
		{ "generic", "||", VIGIL_EINVALID, NULL },
		{ "generic", ">=", VIGIL_EINVALID, NULL },
		{ "generic", "~>1.0", VIGIL_EINVALID, NULL },
		{ "generic", "!=1.0", VIGIL_EINVALID, NULL },
		{ "deb", "<1_0", VIGIL_EINVALID, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(c); i++) {
		vigil_error err;
		int rc;

		rc = vigil_range_parse_gitlab(&rng, scheme(c[i].scheme),
		    c[i].in, strlen(c[i].in), &err);
		if (rc != c[i].rc)
			fail_msg("%s: expected %d, got %d (%s)", c[i].in,
			    c[i].rc, rc, err.msg);
		if (rc < 0)
			continue;
		if (c[i].out == NULL) {
			assert_int_equal(vigil_range_count(&rng), 0);
			continue;
		}
		assert_int_equal(vigil_range_to_vers(out, sizeof(out), NULL,
		    &rng, &err), 0);
		assert_string_equal(out, c[i].out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contains_table),
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_vers_limits),
		cmocka_unit_test(test_interval_limits),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_osv_table),
		cmocka_unit_test(test_osv_events),
		cmocka_unit_test(test_nvd_table),
		cmocka_unit_test(test_gitlab_table),
		cmocka_unit_test(test_vers_spec),
		cmocka_unit_test(test_univers_gitlab),
		cmocka_unit_test(test_osv_records),
		cmocka_unit_test(test_nvd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
