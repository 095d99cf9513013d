/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPE 2.3: binding and unbinding (NISTIR 7695), attribute and name
 * comparison (NISTIR 7696 Table 6-2) from our own tables; then real data
 * from ../shared/testdata: 10,000 NVD dictionary names, the CSAF 2.1 CPE
 * pattern tests, cve-bin-tool's bad CPEs and grype's invalid CPE list.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/cpe.h"
#include "vigil/purl.h"

struct pcase {
	const char *in;
	int rc;
	const char *fs;		/* expected binding (rc == 0) */
};

static const struct pcase pcases[] = {
	{"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*", 0,
	    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"},
	{"cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*", 0,
	    "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"},
	{"cpe:2.3:a:foo\\:bar:c\\+\\+:1.0:*:*:en-us:*:*:*:*", 0,
	    "cpe:2.3:a:foo\\:bar:c\\+\\+:1.0:*:*:en-us:*:*:*:*"},
	{"cpe:2.3:a:??ven*:*prod:1.?:*:*:*:*:*:*:*", 0,
	    "cpe:2.3:a:??ven*:*prod:1.?:*:*:*:*:*:*:*"},
	{"cpe:2.3:*:-:*:*:*:*:*:*:*:*:*", 0,
	    "cpe:2.3:*:-:*:*:*:*:*:*:*:*:*"},
	/* 2.2 URI: lowercased, decoded, missing components ANY. */
	{"cpe:/a:microsoft:internet_explorer:8.0.6001:beta", 0,
	    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"},
	{"cPe:/A:Microsoft:IE", 0, "cpe:2.3:a:microsoft:ie:*:*:*:*:*:*:*:*"},
	{"cpe:/", 0, "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*"},
	{"cpe:/a:foo%21bar:c%2b%2b::-", 0,
	    "cpe:2.3:a:foo\\!bar:c\\+\\+:*:-:*:*:*:*:*:*"},
	{"cpe:/a:%01%01foo%02:%02:bar%01", 0,
	    "cpe:2.3:a:??foo*:*:bar?:*:*:*:*:*:*:*"},
	{"cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~", 0,
	    "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:*:*:*:online:win2003:"
	    "x64:*"},
	{"cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~", 0,
	    "cpe:2.3:a:hp:openview_network_manager:7.51:-:*:*:*:linux:*:*"},
	{"cpe:/a:foo:bar:1.0:sp1:pro~x:de-de", 0,
	    "cpe:2.3:a:foo:bar:1.0:sp1:pro\\~x:de-de:*:*:*:*"},
	/* Errors. */
	{"", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a::bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:x:foo:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo:bar:1.0:*:*:english:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo:bar:1.0:*:*:e*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:fo*o:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:fo?o:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo!:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo\\-:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo:bar:1.0:*:*:*:*:*:*:x\\", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:**:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:*?:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:foo:b r:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.3:a:f\xc3\xa9:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"CPE:2.3:a:foo:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:2.2:a:foo:bar:1.0:*:*:*:*:*:*:*", VIGIL_EINVALID, NULL},
	{"cpe:/a:foo:bar:1:2:3:en:x", VIGIL_EINVALID, NULL},
	{"cpe:/a:foo%2dbar", VIGIL_EINVALID, NULL},
	{"cpe:/a:foo%4", VIGIL_EINVALID, NULL},
	{"cpe:/a:fo%02o", VIGIL_EINVALID, NULL},
	{"cpe:/a:%01", VIGIL_EINVALID, NULL},
	{"cpe:/a:foo!", VIGIL_EINVALID, NULL},
	{"cpe:/x:foo", VIGIL_EINVALID, NULL},
	{"cpe:/a:foo:bar:1:2:~a~b", VIGIL_EINVALID, NULL},
	{"cpe:/a:foo:bar:1:2:3:english", VIGIL_EINVALID, NULL},
	{"cpe:::libjpeg:8b", VIGIL_EINVALID, NULL},
};

/* vigil_cpe_validate() agrees with vigil_cpe_parse() (code, message). */
static void
check_validate(const char *s, size_t len, int rc, const vigil_error *perr)
{
	vigil_error verr;

	vigil_error_clear(&verr);
	if (vigil_cpe_validate(s, len, &verr) != rc)
		fail_msg("%.*s: vigil_cpe_validate returns another code than "
		    "parse", (int)len, s);
	if (rc < 0 && (strcmp(verr.msg, perr->msg) != 0 ||
	    verr.column != perr->column))
		fail_msg("%.*s: vigil_cpe_validate says \"%s\", parse \"%s\"",
		    (int)len, s, verr.msg, perr->msg);
}

static void
test_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(pcases); i++) {
		const struct pcase *c = &pcases[i];
		vigil_cpe *cpe = NULL, *again = NULL;
		vigil_error err;
		int rc;

		vigil_error_clear(&err);
		rc = vigil_cpe_parse(&cpe, c->in, strlen(c->in), &err);
		if (rc != c->rc)
			fail_msg("%s: rc %d (%s), expected %d", c->in, rc,
			    err.msg, c->rc);
		check_validate(c->in, strlen(c->in), rc, &err);
		if (rc < 0) {
			assert_null(cpe);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		if (strcmp(vigil_cpe_fs(cpe), c->fs) != 0)
			fail_msg("%s: bound to %s, expected %s", c->in,
			    vigil_cpe_fs(cpe), c->fs);
		/* The binding unbinds to the same name. */
		assert_int_equal(vigil_cpe_parse(&again, vigil_cpe_fs(cpe),
		    strlen(vigil_cpe_fs(cpe)), &err), 0);
		assert_string_equal(vigil_cpe_fs(again), c->fs);
		assert_int_equal(vigil_cpe_compare(cpe, again),
		    vigil_cpe_get(cpe, VIGIL_CPE_VENDOR)->lead ||
		    vigil_cpe_get(cpe, VIGIL_CPE_VENDOR)->trail ?
		    VIGIL_CPE_UNDEFINED : VIGIL_CPE_EQUAL);
		vigil_cpe_free(again);
		vigil_cpe_free(cpe);
	}
}

static void
test_attributes(void **state)
{
	static const char in[] =
	    "cpe:2.3:a:foo\\:bar:??c\\+\\+*:-:*:*:de-de:*:*:*:*";
	const vigil_cpe_av *v;
	vigil_cpe *c = NULL;
	vigil_error err;

	(void)state;
	assert_int_equal(vigil_cpe_parse(&c, in, sizeof(in) - 1, &err), 0);
	v = vigil_cpe_get(c, VIGIL_CPE_PART);
	assert_int_equal(v->kind, VIGIL_CPE_VALUE);
	assert_string_equal(v->text, "a");
	v = vigil_cpe_get(c, VIGIL_CPE_VENDOR);
	assert_string_equal(v->text, "foo:bar");
	assert_string_equal(v->fs, "foo\\:bar");
	v = vigil_cpe_get(c, VIGIL_CPE_PRODUCT);
	assert_string_equal(v->text, "c++");
	assert_string_equal(v->fs, "??c\\+\\+*");
	assert_int_equal(v->lead, 2);
	assert_int_equal(v->trail, -1);
	v = vigil_cpe_get(c, VIGIL_CPE_VERSION);
	assert_int_equal(v->kind, VIGIL_CPE_NA);
	assert_string_equal(v->fs, "-");
	assert_string_equal(v->text, "");
	v = vigil_cpe_get(c, VIGIL_CPE_UPDATE);
	assert_int_equal(v->kind, VIGIL_CPE_ANY);
	assert_string_equal(v->fs, "*");
	assert_string_equal(vigil_cpe_get(c, VIGIL_CPE_LANGUAGE)->text,
	    "de-de");
	assert_string_equal(vigil_cpe_attr_name(VIGIL_CPE_TARGET_SW),
	    "target_sw");
	vigil_cpe_free(c);
}

/*
 * NISTIR 7696 Table 6-2: source and target vendor values (the other
 * attributes equal) and the relation of source to target.
 */
static const struct {
	const char *src, *tgt;
	vigil_cpe_relation rel;
} acases[] = {
	{"*", "*", VIGIL_CPE_EQUAL},		/* 1: ANY ANY */
	{"*", "-", VIGIL_CPE_SUPERSET},		/* 2: ANY NA */
	{"*", "foo", VIGIL_CPE_SUPERSET},	/* 3: ANY i */
	{"*", "foo*", VIGIL_CPE_UNDEFINED},	/* 4: ANY m+wild */
	{"-", "*", VIGIL_CPE_SUBSET},		/* 5: NA ANY */
	{"-", "-", VIGIL_CPE_EQUAL},		/* 6: NA NA */
	{"-", "foo", VIGIL_CPE_DISJOINT},	/* 7: NA i */
	{"-", "foo*", VIGIL_CPE_UNDEFINED},	/* 8: NA m+wild */
	{"foo", "foo", VIGIL_CPE_EQUAL},	/* 9: i i */
	{"foo", "bar", VIGIL_CPE_DISJOINT},	/* 10: i k */
	{"foo", "foo*", VIGIL_CPE_UNDEFINED},	/* 11: i m+wild */
	{"foo", "*", VIGIL_CPE_SUBSET},		/* 12: i ANY */
	{"foo", "-", VIGIL_CPE_DISJOINT},	/* 13: i NA */
	{"foo*", "foobar", VIGIL_CPE_SUPERSET},	/* 14: m+wild i, matches */
	{"foo*", "barfoo", VIGIL_CPE_DISJOINT},	/* 15: m+wild i, no match */
	{"foo*", "*", VIGIL_CPE_SUBSET},	/* 16: m+wild ANY */
	{"foo*", "-", VIGIL_CPE_DISJOINT},	/* 17: m+wild NA */
	{"foo*", "fo*", VIGIL_CPE_UNDEFINED},	/* 18: m+wild m+wild */
	/* Case and wildcard details. */
	{"Foo", "fOO", VIGIL_CPE_EQUAL},
	{"foo*", "foo", VIGIL_CPE_SUPERSET},
	{"*bar", "foobar", VIGIL_CPE_SUPERSET},
	{"*bar", "barfoo", VIGIL_CPE_DISJOINT},
	{"*o*", "foo", VIGIL_CPE_SUPERSET},
	{"?oo", "foo", VIGIL_CPE_SUPERSET},
	{"?oo", "oo", VIGIL_CPE_SUPERSET},	/* '?' at an end: 0 or 1 */
	{"?oo", "ffoo", VIGIL_CPE_DISJOINT},
	{"??oo", "ffoo", VIGIL_CPE_SUPERSET},
	{"foo?", "foob", VIGIL_CPE_SUPERSET},
	{"foo?", "foobb", VIGIL_CPE_DISJOINT},
	{"?o?", "xoy", VIGIL_CPE_SUPERSET},
	{"?o?", "xxoy", VIGIL_CPE_DISJOINT},
	{"f\\*o", "f\\*o", VIGIL_CPE_EQUAL},	/* quoted '*' is a letter */
	{"f\\*o", "fxo", VIGIL_CPE_DISJOINT},
	{"*\\*", "a\\*", VIGIL_CPE_SUPERSET},
};

static vigil_cpe *
name_with_vendor(const char *vendor)
{
	char buf[256];
	vigil_cpe *c = NULL;
	vigil_error err;

	snprintf(buf, sizeof(buf), "cpe:2.3:a:%s:prod:1.0:*:*:*:*:*:*:*",
	    vendor);
	if (vigil_cpe_parse(&c, buf, strlen(buf), &err) < 0)
		fail_msg("%s: %s", buf, err.msg);
	return c;
}

static void
test_compare_attributes(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(acases); i++) {
		vigil_cpe *s = name_with_vendor(acases[i].src);
		vigil_cpe *t = name_with_vendor(acases[i].tgt);
		vigil_cpe_relation r;

		r = vigil_cpe_compare_attr(s, t, VIGIL_CPE_VENDOR);
		if (r != acases[i].rel)
			fail_msg("vendor %s vs %s: %s, expected %s",
			    acases[i].src, acases[i].tgt,
			    vigil_cpe_relation_name(r),
			    vigil_cpe_relation_name(acases[i].rel));
		/* Only the vendor differs, so the names relate the same. */
		assert_int_equal(vigil_cpe_compare(s, t), acases[i].rel);
		vigil_cpe_free(s);
		vigil_cpe_free(t);
	}
}

static void
test_compare_names(void **state)
{
	static const struct {
		const char *src, *tgt;
		vigil_cpe_relation rel;
		int match;
	} cases[] = {
		/* NISTIR 7696 §6.3 style: a criterion against a product. */
		{"cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*",
		    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:"
		    "*:*:*", VIGIL_CPE_DISJOINT, 0},
		{"cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*",
		    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:"
		    "*:*:*", VIGIL_CPE_SUPERSET, 1},
		{"cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:"
		    "*:*", "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:"
		    "*:*", VIGIL_CPE_SUBSET, 0},
		{"cpe:/a:microsoft:internet_explorer:8.0.6001:beta",
		    "cpe:2.3:a:Microsoft:Internet_Explorer:8.0.6001:BETA:*:*:*:"
		    "*:*:*", VIGIL_CPE_EQUAL, 1},
		{"cpe:2.3:a:vendor:*:1.0:*:*:*:*:*:*:*",
		    "cpe:2.3:a:vendor:prod:*:*:*:*:*:*:*:*",
		    VIGIL_CPE_OVERLAP, 0},
		{"cpe:2.3:a:vendor:prod:*:*:*:*:*:*:*:*",
		    "cpe:2.3:a:vendor:prod:1.*:*:*:*:*:*:*:*",
		    VIGIL_CPE_UNDEFINED, 0},
		{"cpe:2.3:o:vendor:prod:*:*:*:*:*:*:*:*",
		    "cpe:2.3:a:vendor:prod:1.0:*:*:*:*:*:*:*",
		    VIGIL_CPE_DISJOINT, 0},
		{"cpe:2.3:a:vendor:prod:1.0:*:*:*:*:*:*:*",
		    "cpe:2.3:a:vendor:prod:1.0:-:*:*:*:*:*:*",
		    VIGIL_CPE_SUPERSET, 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(cases); i++) {
		vigil_cpe *s = NULL, *t = NULL;
		vigil_cpe_relation r;

		assert_int_equal(vigil_cpe_parse(&s, cases[i].src,
		    strlen(cases[i].src), NULL), 0);
		assert_int_equal(vigil_cpe_parse(&t, cases[i].tgt,
		    strlen(cases[i].tgt), NULL), 0);
		r = vigil_cpe_compare(s, t);
		if (r != cases[i].rel)
			fail_msg("%s vs %s: %s, expected %s", cases[i].src,
			    cases[i].tgt, vigil_cpe_relation_name(r),
			    vigil_cpe_relation_name(cases[i].rel));
		assert_int_equal(vigil_cpe_match(s, t), cases[i].match);
		vigil_cpe_free(s);
		vigil_cpe_free(t);
	}
}

static void
test_limits_and_errors(void **state)
{
	char big[VIGIL_CPE_MAX_LEN + 2];
	vigil_cpe *c = NULL;
	vigil_error err;
	unsigned long n;

	(void)state;
	memset(big, 'a', sizeof(big));
	memcpy(big, "cpe:/a:", 7);
	assert_int_equal(vigil_cpe_parse(&c, big, VIGIL_CPE_MAX_LEN, &err), 0);
	vigil_cpe_free(c);
	assert_int_equal(vigil_cpe_validate(big, VIGIL_CPE_MAX_LEN, NULL), 0);
	assert_int_equal(vigil_cpe_parse(&c, big, VIGIL_CPE_MAX_LEN + 1, &err),
	    VIGIL_ETOOBIG);
	check_validate(big, VIGIL_CPE_MAX_LEN + 1, VIGIL_ETOOBIG, &err);
	assert_int_equal(vigil_cpe_parse(&c, "cpe:/a:b\0c", 10, &err),
	    VIGIL_EINVALID);
	check_validate("cpe:/a:b\0c", 10, VIGIL_EINVALID, &err);
	assert_non_null(strstr(err.msg, "NUL byte"));
	assert_int_equal(err.column, 9);
	assert_int_equal(vigil_cpe_parse(&c,
	    "cpe:2.3:a:foo:b@r:1:*:*:*:*:*:*:*", 33, &err), VIGIL_EINVALID);
	check_validate("cpe:2.3:a:foo:b@r:1:*:*:*:*:*:*:*", 33, VIGIL_EINVALID,
	    &err);
	assert_non_null(strstr(err.msg, "'@' in product must be quoted"));
	assert_int_equal(err.column, 16);
	/* Every allocation failure is VIGIL_ENOMEM, without leaks. */
	for (n = 1;; n++) {
		int rc;

		vgx_alloc_fail_at(n);
		rc = vigil_cpe_parse(&c, "cpe:/a:b:c:1::~~x~~~", 20, NULL);
		vgx_alloc_fail_at(0);
		if (rc == 0)
			break;
		assert_int_equal(rc, VIGIL_ENOMEM);
		assert_true(n < 50);
	}
	assert_string_equal(vigil_cpe_fs(c), "cpe:2.3:a:b:c:1:*:*:*:x:*:*:*");
	vigil_cpe_free(c);
	/* Validation allocates nothing. */
	vgx_alloc_fail_at(1);
	assert_int_equal(vigil_cpe_validate("cpe:/a:b:c:1::~~x~~~", 20, NULL),
	    0);
	assert_int_equal(vigil_cpe_validate("cpe:2.3:a:b:c:1:*:*:*:x:*:*:*",
	    29, NULL), 0);
	assert_int_equal(vgx_alloc_fail_at(0), 0);
}

/* ---- real data ---------------------------------------------------------- */

static void
test_nvd_dictionary(void **state)
{
	const char *path;
	json_error_t jerr;
	json_t *root, *products, *it;
	size_t i;
	unsigned ok = 0, n = 0;

	(void)state;
	TESTDATA_OR_SKIP(path, "nvd-go/responses/cpes-2023.json");
	root = json_load_file(path, 0, &jerr);
	if (root == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	products = json_object_get(root, "products");
	json_array_foreach(products, i, it) {
		const char *name = json_string_value(json_object_get(
		    json_object_get(it, "cpe"), "cpeName"));
		vigil_cpe *c = NULL;
		vigil_error err;

		n++;
		if (name == NULL ||
		    vigil_cpe_parse(&c, name, strlen(name), &err) < 0) {
			print_error("NVD %s: %s\n", name ? name : "?", err.msg);
			continue;
		}
		check_validate(name, strlen(name), 0, &err);
		if (strcmp(vigil_cpe_fs(c), name) != 0)
			print_error("NVD %s: rebinds as %s\n", name,
			    vigil_cpe_fs(c));
		else if (vigil_cpe_compare(c, c) != VIGIL_CPE_EQUAL)
			print_error("NVD %s: not equal to itself\n", name);
		else
			ok++;
		vigil_cpe_free(c);
	}
	json_decref(root);
	print_message("NVD dictionary: %u/%u names parse and rebind "
	    "unchanged\n", ok, n);
	assert_int_equal(n, 10000);
	assert_int_equal(ok, n);
}

/* One CPE per line; EXPECT_OK says whether each must parse. */
static unsigned
run_lines(const char *path, int expect_ok, unsigned *agree)
{
	char *text = vt_read(path, NULL), *line, *next;
	unsigned n = 0;

	for (line = text; line != NULL && *line != '\0'; line = next) {
		size_t len;
		vigil_cpe *c = NULL;
		vigil_error err;
		int rc;

		next = strchr(line, '\n');
		len = next != NULL ? (size_t)(next - line) : strlen(line);
		if (next != NULL)
			next++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (len == 0)
			continue;
		n++;
		rc = vigil_cpe_parse(&c, line, len, &err);
		check_validate(line, len, rc, &err);
		if ((rc == 0) == expect_ok)
			(*agree)++;
		else
			print_error("%s: %.*s: %s\n", path, (int)len, line,
			    rc == 0 ? "accepted" : err.msg);
		vigil_cpe_free(c);
	}
	free(text);
	return n;
}

static void
test_csaf_patterns(void **state)
{
	const char *valid, *invalid;
	unsigned n, agree = 0;

	(void)state;
	TESTDATA_OR_SKIP(valid, "oasis-csaf/csaf_2.1-cpe-tests/valid/cpe.txt");
	TESTDATA_OR_SKIP(invalid,
	    "oasis-csaf/csaf_2.1-cpe-tests/invalid/cpe.txt");
	n = run_lines(valid, 1, &agree);
	n += run_lines(invalid, 0, &agree);
	print_message("CSAF 2.1 CPE tests: %u/%u agree (valid accepted, "
	    "invalid rejected)\n", agree, n);
	assert_int_equal(n, 19);
	assert_int_equal(agree, n);
}

static void
test_cve_bin_tool_bad(void **state)
{
	static const char *const files[] = {
		"intel-cve-bin-tool/test/sbom/cyclonedx_bad_cpe22.json",
		"intel-cve-bin-tool/test/sbom/cyclonedx_bad_cpe23.json",
	};
	size_t f, i;
	unsigned bad = 0, good = 0;

	(void)state;
	for (f = 0; f < VGX_ARRAY_SIZE(files); f++) {
		const char *path;
		json_error_t jerr;
		json_t *root, *comp;

		TESTDATA_OR_SKIP(path, files[f]);
		if ((root = json_load_file(path, 0, &jerr)) == NULL)
			fail_msg("%s: %s", path, jerr.text);
		json_array_foreach(json_object_get(root, "components"), i,
		    comp) {
			const char *cpe = json_string_value(
			    json_object_get(comp, "cpe"));
			const char *name = json_string_value(
			    json_object_get(comp, "name"));
			vigil_cpe *c = NULL;
			int rc;

			if (cpe == NULL)
				continue;
			rc = vigil_cpe_parse(&c, cpe, strlen(cpe), NULL);
			vigil_cpe_free(c);
			/* zlib is the one well-formed name in each file. */
			if (strcmp(name, "zlib") == 0) {
				assert_int_equal(rc, 0);
				good++;
			} else {
				if (rc != VIGIL_EINVALID)
					fail_msg("%s: %s accepted", path, cpe);
				bad++;
			}
		}
		json_decref(root);
	}
	print_message("cve-bin-tool: %u bad CPE names rejected, %u good "
	    "accepted\n", bad, good);
	assert_int_equal(bad, 6);
	assert_int_equal(good, 2);
}

static void
test_grype_invalid_cpe(void **state)
{
	const char *path;
	char *text;
	size_t len;
	vigil_purl *p = NULL;
	vigil_cpe *c = NULL;
	const char *cpes;

	(void)state;
	TESTDATA_OR_SKIP(path, "anchore-grype/grype/pkg/testdata/purl/"
	    "invalid-cpe.txt");
	text = vt_read(path, &len);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	/* The purl is fine; its "cpes" qualifier is not a CPE name. */
	assert_int_equal(vigil_purl_parse(&p, text, len, 0, NULL), 0);
	cpes = vigil_purl_qualifier(p, "cpes");
	assert_non_null(cpes);
	assert_int_equal(vigil_cpe_parse(&c, cpes, strlen(cpes), NULL),
	    VIGIL_EINVALID);
	vigil_purl_free(p);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_compare_attributes),
		cmocka_unit_test(test_compare_names),
		cmocka_unit_test(test_limits_and_errors),
		cmocka_unit_test(test_nvd_dictionary),
		cmocka_unit_test(test_csaf_patterns),
		cmocka_unit_test(test_cve_bin_tool_bad),
		cmocka_unit_test(test_grype_invalid_cpe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
