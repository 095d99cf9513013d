/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Package URL: our own table-driven cases (parse, build, type rules,
 * limits, bad bytes, allocation failures), then the official purl test
 * suite and its legacy file read in place from ../shared/testdata.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/purl.h"

/* ---- our own cases ------------------------------------------------------ */

struct pcase {
	const char *in;
	unsigned flags;
	int rc;
	const char *canon;	/* expected canonical form (rc == 0) */
	const char *type, *ns, *name, *version, *subpath;
	const char *qkey, *qval;	/* one qualifier to look up */
};

static const struct pcase pcases[] = {
	/* General syntax. */
	{"pkg:generic/foo", 0, 0, "pkg:generic/foo", "generic", NULL, "foo",
	    NULL, NULL, NULL, NULL},
	{"PKG:Generic/foo@1.0", 0, 0, "pkg:generic/foo@1.0", "generic", NULL,
	    "foo", "1.0", NULL, NULL, NULL},
	{"pkg:////generic//a//b//c//", 0, 0, "pkg:generic/a/b/c", "generic",
	    "a/b", "c", NULL, NULL, NULL, NULL},
	{"pkg:generic/a%2Fb/c", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/c%2Fd@1", 0, 0, "pkg:generic/c%2Fd@1", "generic", NULL,
	    "c/d", "1", NULL, NULL, NULL},
	{"pkg:generic/n@1%3A2%2B3", 0, 0, "pkg:generic/n@1:2%2B3", "generic",
	    NULL, "n", "1:2+3", NULL, NULL, NULL},
	{"pkg:generic/n@v@w", 0, 0, "pkg:generic/n%40v@w", "generic", NULL,
	    "n@v", "w", NULL, NULL, NULL},
	{"pkg:generic/n?b=2&a=1&c=", 0, 0, "pkg:generic/n?a=1&b=2", "generic",
	    NULL, "n", NULL, NULL, "b", "2"},
	{"pkg:generic/n?a=x%20y%2Cz/w", 0, 0, "pkg:generic/n?a=x%20y%2Cz%2Fw",
	    "generic", NULL, "n", NULL, NULL, "a", "x y,z/w"},
	{"pkg:generic/n?A=1", 0, 0, "pkg:generic/n?a=1", "generic", NULL, "n",
	    NULL, NULL, "a", "1"},
	{"pkg:generic/n?A=1", VIGIL_PURL_STRICT, VIGIL_EINVALID, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, NULL},
	{"pkg:generic/n?aB=1", VIGIL_PURL_STRICT, 0, "pkg:generic/n?ab=1",
	    "generic", NULL, "n", NULL, NULL, "ab", "1"},
	{"pkg:generic/n#/a/./b/../c//", 0, 0, "pkg:generic/n#a/b/c",
	    "generic", NULL, "n", NULL, "a/b/c", NULL, NULL},
	{"pkg:generic/n#./..", 0, 0, "pkg:generic/n", "generic", NULL, "n",
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/n#a%2Fb", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/caf%C3%A9", 0, 0, "pkg:generic/caf%C3%A9", "generic",
	    NULL, "caf\xc3\xa9", NULL, NULL, NULL, NULL},
	{"pkg:generic/caf\xc3\xa9", 0, 0, "pkg:generic/caf%C3%A9", "generic",
	    NULL, "caf\xc3\xa9", NULL, NULL, NULL, NULL},
	{"pkg:unknown-type/x/y@1", 0, 0, "pkg:unknown-type/x/y@1",
	    "unknown-type", "x", "y", "1", NULL, NULL, NULL},
	/* Type rules. */
	{"pkg:pypi/Zope_Interface@5.0RC1", 0, 0,
	    "pkg:pypi/zope-interface@5.0rc1", "pypi", NULL, "zope-interface",
	    "5.0rc1", NULL, NULL, NULL},
	{"pkg:pypi/ns/name", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:deb/Debian/OpenSSL@3.0", 0, 0, "pkg:deb/debian/openssl@3.0",
	    "deb", "debian", "openssl", "3.0", NULL, NULL, NULL},
	{"pkg:deb/openssl@3.0", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:maven/Org.Foo/Bar@1.0-SNAPSHOT", 0, 0,
	    "pkg:maven/Org.Foo/Bar@1.0-SNAPSHOT", "maven", "Org.Foo", "Bar",
	    "1.0-SNAPSHOT", NULL, NULL, NULL},
	{"pkg:npm/%40scope/Pkg@1", 0, 0, "pkg:npm/%40scope/Pkg@1", "npm",
	    "@scope", "Pkg", "1", NULL, NULL, NULL},
	{"pkg:pub/Flutter-Web.X@1", 0, 0, "pkg:pub/flutter_web_x@1", "pub",
	    NULL, "flutter_web_x", "1", NULL, NULL, NULL},
	{"pkg:cpan/drolsky/DateTime", 0, 0, "pkg:cpan/DROLSKY/DateTime",
	    "cpan", "DROLSKY", "DateTime", NULL, NULL, NULL, NULL},
	{"pkg:cpan/Foo::Bar", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:julia/Foo", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:swid/Foo?tag_id=x", 0, 0, "pkg:swid/Foo?tag_id=x", "swid", NULL,
	    "Foo", NULL, NULL, "tag_id", "x"},
	{"pkg:git/GitHub.com/Owner/Repo@ABC", 0, 0,
	    "pkg:git/github.com/owner/repo@ABC", "git", "github.com",
	    "owner/repo", "ABC", NULL, NULL, NULL},
	{"pkg:chrome-extension/ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP@1.2", 0, 0,
	    "pkg:chrome-extension/abcdefghijklmnopabcdefghijklmnop@1.2",
	    "chrome-extension", NULL, "abcdefghijklmnopabcdefghijklmnop", "1.2",
	    NULL, NULL, NULL},
	{"pkg:chrome-extension/abcdefghijklmnopabcdefghijklmnoq", 0,
	    VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"pkg:mlflow/Model?repository_url=https://x.cloud.databricks.com/api",
	    0, 0,
	    "pkg:mlflow/model?repository_url=https:%2F%2Fx.cloud.databricks.com"
	    "%2Fapi", "mlflow", NULL, "model", NULL, NULL, NULL, NULL},
	{"pkg:mlflow/Model?repository_url=https://notdatabricks.com/", 0, 0,
	    "pkg:mlflow/Model?repository_url=https:%2F%2Fnotdatabricks.com%2F",
	    "mlflow", NULL, "Model", NULL, NULL, NULL, NULL},
	/* Errors. */
	{"", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	{"pkg:", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL},
	{"pkg:generic", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL},
	{"pkg:generic/", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL},
	{"pkg:gen_eric/x", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:9x/x", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL},
	{"pkg:generic/x@", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x%", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x%4", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x%zz", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x%00", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x%0A", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x%C3%28", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/x\xff", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x\xed\xa0\x80", 0, VIGIL_EINVALID, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL},
	{"pkg:generic/x@1.0 ", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/x\ty", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x?a=1&a=2", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/x?a", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x?=1", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x?1a=1", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
	{"pkg:generic/x?a%20b=1", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/name@1.0/2", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL},
	{"pkg:generic/a/@scope/n@1", 0, 0, "pkg:generic/a/%40scope/n@1",
	    "generic", "a/@scope", "n", "1", NULL, NULL, NULL},
	{"npm/foo@1", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL},
	{"pkg%3Anpm/foo", 0, VIGIL_EINVALID, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL},
};

static void
check_str(const char *what, const char *got, const char *want,
    const char *in)
{
	if (want == NULL && got == NULL)
		return;
	if (want == NULL || got == NULL || strcmp(want, got) != 0)
		fail_msg("%s: %s is \"%s\", expected \"%s\"", in, what,
		    got ? got : "(null)", want ? want : "(null)");
}

/*
 * vigil_purl_validate() agrees with vigil_purl_parse(): the same code and
 * the same message (or NULL when they agree; a static text otherwise).
 */
static const char *
validate_differs(const char *s, size_t len, unsigned flags, int rc,
    const vigil_error *perr)
{
	vigil_error verr;
	int vrc;

	vigil_error_clear(&verr);
	vrc = vigil_purl_validate(s, len, flags, &verr);
	if (vrc != rc)
		return "vigil_purl_validate returns another code than parse";
	if (rc < 0 && (strcmp(verr.msg, perr->msg) != 0 ||
	    verr.column != perr->column))
		return "vigil_purl_validate gives another message than parse";
	return NULL;
}

static void
test_own_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(pcases); i++) {
		const struct pcase *c = &pcases[i];
		vigil_purl *p = NULL;
		vigil_error err;
		int rc;

		vigil_error_clear(&err);
		rc = vigil_purl_parse(&p, c->in, strlen(c->in), c->flags, &err);
		if (rc != c->rc)
			fail_msg("%s: rc %d (%s), expected %d", c->in, rc,
			    err.msg, c->rc);
		assert_null(validate_differs(c->in, strlen(c->in), c->flags, rc,
		    &err));
		if (rc < 0) {
			assert_null(p);
			assert_int_equal(err.code, rc);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		check_str("canonical", p->canonical, c->canon, c->in);
		check_str("type", p->type, c->type, c->in);
		check_str("namespace", p->ns, c->ns, c->in);
		check_str("name", p->name, c->name, c->in);
		check_str("version", p->version, c->version, c->in);
		check_str("subpath", p->subpath, c->subpath, c->in);
		if (c->qkey != NULL)
			check_str(c->qkey, vigil_purl_qualifier(p, c->qkey),
			    c->qval, c->in);
		/* The canonical form is a fixed point. */
		{
			vigil_purl *p2 = NULL;

			assert_int_equal(vigil_purl_parse(&p2, p->canonical,
			    strlen(p->canonical), VIGIL_PURL_STRICT, NULL), 0);
			check_str("re-parsed", p2->canonical, p->canonical,
			    c->in);
			vigil_purl_free(p2);
		}
		vigil_purl_free(p);
	}
}

static void
test_error_offsets(void **state)
{
	static const struct {
		const char *in;
		unsigned long column;
		const char *msg;
	} cases[] = {
		{"pkg:generic/x?a=1&B=2", 19, "qualifier key 'B' must start "
		    "with a lowercase letter at offset 18"},
		{"pkg:generic/x?Ab=2", 15, "qualifier key 'Ab' must start "
		    "with a lowercase letter at offset 14"},
		{"pkg:gen!eric/x", 8, "invalid character '!' in the type"},
		{"pkg:generic/x%zz", 14, "'%' that is not followed by two hex"},
		{"pkg:generic/x\xff", 14, "not valid UTF-8 at offset 13"},
		{"pkg:deb/curl@1", 9, "type 'deb' requires a namespace"},
		{"xkg:deb/curl@1", 1, "a purl starts with 'pkg:'"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(cases); i++) {
		vigil_purl *p = NULL;
		vigil_error err;

		assert_int_equal(vigil_purl_parse(&p, cases[i].in,
		    strlen(cases[i].in), VIGIL_PURL_STRICT, &err),
		    VIGIL_EINVALID);
		assert_null(validate_differs(cases[i].in, strlen(cases[i].in),
		    VIGIL_PURL_STRICT, VIGIL_EINVALID, &err));
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("%s: message \"%s\" lacks \"%s\"", cases[i].in,
			    err.msg, cases[i].msg);
		assert_int_equal(err.column, cases[i].column);
	}
}

static void
test_bytes_and_limits(void **state)
{
	char big[VIGIL_PURL_MAX_LEN + 2];
	vgx_buf b;
	vigil_purl *p = NULL;
	vigil_error err;
	int i;

	(void)state;
	/* An embedded NUL inside the given length. */
	assert_int_equal(vigil_purl_parse(&p, "pkg:generic/a\0b", 15, 0, &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "NUL"));
	/* Exactly the limit is fine; one more byte is not. */
	memcpy(big, "pkg:generic/", 12);
	memset(big + 12, 'a', sizeof(big) - 12);
	assert_int_equal(vigil_purl_parse(&p, big, VIGIL_PURL_MAX_LEN, 0,
	    &err), 0);
	assert_int_equal(strlen(p->canonical), VIGIL_PURL_MAX_LEN);
	vigil_purl_free(p);
	assert_int_equal(vigil_purl_parse(&p, big, VIGIL_PURL_MAX_LEN + 1, 0,
	    &err), VIGIL_ETOOBIG);
	assert_null(p);
	/* A canonical form that would outgrow the limit. */
	memset(big + 12, '!', 2000);
	assert_int_equal(vigil_purl_parse(&p, big, 2012, 0, &err),
	    VIGIL_ETOOBIG);
	assert_null(validate_differs(big, 2012, 0, VIGIL_ETOOBIG, &err));
	assert_int_equal(vigil_purl_validate(big, VIGIL_PURL_MAX_LEN + 1, 0,
	    NULL), VIGIL_ETOOBIG);
	assert_int_equal(vigil_purl_validate("pkg:generic/a\0b", 15, 0,
	    NULL), VIGIL_EINVALID);
	/* 1364 encoded bytes make 4092 + "pkg:generic/": just over. */
	memset(big + 12, 'a', sizeof(big) - 12);
	memset(big + 12, '!', 1361);
	assert_int_equal(vigil_purl_validate(big, 12 + 1361, 0, NULL), 0);
	assert_int_equal(vigil_purl_parse(&p, big, 12 + 1361, 0, &err), 0);
	assert_int_equal(strlen(p->canonical), 12 + 3 * 1361);
	vigil_purl_free(p);
	memset(big + 12, '!', 1362);
	assert_int_equal(vigil_purl_validate(big, 12 + 1362, 0, NULL),
	    VIGIL_ETOOBIG);
	assert_int_equal(vigil_purl_parse(&p, big, 12 + 1362, 0, NULL),
	    VIGIL_ETOOBIG);
	/* Qualifier count: 64 fit, 65 do not. */
	vgx_buf_init(&b, 8192);
	assert_int_equal(vgx_buf_adds(&b, "pkg:generic/x?"), 0);
	for (i = 0; i < VIGIL_PURL_MAX_QUALIFIERS; i++)
		assert_int_equal(vgx_buf_printf(&b, "%sk%d=v", i ? "&" : "", i),
		    0);
	assert_int_equal(vigil_purl_parse(&p, b.ptr, b.len, 0, &err), 0);
	assert_int_equal(p->nqualifiers, VIGIL_PURL_MAX_QUALIFIERS);
	/* Sorted by key, byte order. */
	for (i = 1; i < (int)p->nqualifiers; i++)
		assert_true(strcmp(p->qualifiers[i - 1].key,
		    p->qualifiers[i].key) < 0);
	vigil_purl_free(p);
	assert_int_equal(vigil_purl_validate(b.ptr, b.len, 0, NULL), 0);
	assert_int_equal(vgx_buf_adds(&b, "&k99=v"), 0);
	assert_int_equal(vigil_purl_parse(&p, b.ptr, b.len, 0, &err),
	    VIGIL_ETOOBIG);
	assert_null(validate_differs(b.ptr, b.len, 0, VIGIL_ETOOBIG, &err));
	vgx_buf_dispose(&b);
}

static void
test_build(void **state)
{
	vigil_purl_qual qs[] = {
		{"repository_url", "https://repo.example/x"},
		{"Arch", "amd64"},
		{"empty", ""},
	};
	vigil_purl parts;
	vigil_purl *p = NULL;
	vigil_error err;
	char *s = NULL;

	(void)state;
	memset(&parts, 0, sizeof(parts));
	parts.type = "Maven";
	parts.ns = "/org.example//sub/";
	parts.name = "lib@core";
	parts.version = "1.0 beta";
	parts.qualifiers = qs;
	parts.nqualifiers = 3;
	parts.subpath = "/a/../b/";
	assert_int_equal(vigil_purl_build(&p, &parts, 0, &err), 0);
	assert_string_equal(p->canonical,
	    "pkg:maven/org.example/sub/lib%40core@1.0%20beta?arch=amd64&"
	    "repository_url=https:%2F%2Frepo.example%2Fx#a/b");
	assert_int_equal(p->nqualifiers, 2);
	assert_string_equal(vigil_purl_qualifier(p, "arch"), "amd64");
	assert_null(vigil_purl_qualifier(p, "empty"));
	assert_int_equal(vigil_purl_to_string(&s, p, &err), 0);
	assert_string_equal(s, p->canonical);
	vigil_purl_string_free(s);
	vigil_purl_free(p);

	/* Strict mode refuses the uppercase key. */
	assert_int_equal(vigil_purl_build(&p, &parts, VIGIL_PURL_STRICT, &err),
	    VIGIL_EINVALID);
	/* Missing type or name, bad key, prohibited namespace. */
	parts.nqualifiers = 0;
	parts.type = NULL;
	assert_int_equal(vigil_purl_build(&p, &parts, 0, &err),
	    VIGIL_EINVALID);
	parts.type = "maven";
	parts.name = "";
	assert_int_equal(vigil_purl_build(&p, &parts, 0, &err),
	    VIGIL_EINVALID);
	parts.type = "pypi";
	parts.name = "x";
	assert_int_equal(vigil_purl_build(&p, &parts, 0, &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "does not allow a namespace"));
	parts.ns = NULL;
	parts.version = "1\x01";
	assert_int_equal(vigil_purl_build(&p, &parts, 0, &err),
	    VIGIL_EINVALID);
	parts.version = "\xc3";
	assert_int_equal(vigil_purl_build(&p, &parts, 0, &err),
	    VIGIL_EINVALID);
	assert_true(vigil_purl_type_registered("PyPI", 4));
	assert_false(vigil_purl_type_registered("bintray", 7));
}

/* Every allocation failure is reported as VIGIL_ENOMEM, without leaks. */
static void
test_alloc_failures(void **state)
{
	static const char in[] =
	    "pkg:maven/org.example/lib@1.0?b=2&a=1&c=%20#x/y";
	unsigned long n;

	(void)state;
	for (n = 1;; n++) {
		vigil_purl *p = NULL;
		int rc;

		vgx_alloc_fail_at(n);
		rc = vigil_purl_parse(&p, in, sizeof(in) - 1, 0, NULL);
		vgx_alloc_fail_at(0);
		if (rc == 0) {
			vigil_purl_free(p);
			break;
		}
		assert_int_equal(rc, VIGIL_ENOMEM);
		assert_null(p);
		assert_true(n < 100);
	}
	/* Validation allocates nothing. */
	vgx_alloc_fail_at(1);
	assert_int_equal(vigil_purl_validate(in, sizeof(in) - 1, 0, NULL), 0);
	assert_int_equal(vigil_purl_validate("pkg:git/host/a/b/c@1", 20, 0,
	    NULL), 0);
	assert_int_equal(vgx_alloc_fail_at(0), 0);
}

/* ---- the official suite ------------------------------------------------- */

struct tally {
	unsigned run, pass, fail;
	unsigned by_type[3];	/* parse, validate, build */
};

static const char *
jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Compare a purl with an expected components object; NULL when equal. */
static const char *
components_differ(const vigil_purl *p, json_t *want)
{
	json_t *q = json_object_get(want, "qualifiers");
	size_t nq = json_is_object(q) ? json_object_size(q) : 0;
	const char *k;
	json_t *v;

	if (!same(p->type, jstr(want, "type")))
		return "type";
	if (!same(p->ns, jstr(want, "namespace")))
		return "namespace";
	if (!same(p->name, jstr(want, "name")))
		return "name";
	if (!same(p->version, jstr(want, "version")))
		return "version";
	if (!same(p->subpath, jstr(want, "subpath")))
		return "subpath";
	if (nq != p->nqualifiers)
		return "qualifier count";
	if (nq > 0)
		json_object_foreach(q, k, v) {
			if (!same(vigil_purl_qualifier(p, k),
			    json_string_value(v)))
				return "qualifiers";
		}
	return NULL;
}

static int
build_from_json(vigil_purl **out, json_t *in, unsigned flags,
    vigil_error *err)
{
	vigil_purl_qual qs[VIGIL_PURL_MAX_QUALIFIERS + 1];
	json_t *q = json_object_get(in, "qualifiers");
	vigil_purl parts;
	const char *k;
	json_t *v;
	size_t n = 0;

	memset(&parts, 0, sizeof(parts));
	parts.type = jstr(in, "type");
	parts.ns = jstr(in, "namespace");
	parts.name = jstr(in, "name");
	parts.version = jstr(in, "version");
	parts.subpath = jstr(in, "subpath");
	if (json_is_object(q))
		json_object_foreach(q, k, v) {
			if (n == VGX_ARRAY_SIZE(qs))
				break;
			qs[n].key = k;
			qs[n].value = json_string_value(v);
			n++;
		}
	parts.qualifiers = qs;
	parts.nqualifiers = n;
	return vigil_purl_build(out, &parts, flags, err);
}

/*
 * Run one test object in mode FLAGS.  Returns NULL when it agrees, else
 * what went wrong (a static or the error buffer's text).
 */
static const char *
run_one(json_t *t, unsigned flags, vigil_error *err)
{
	const char *ty = jstr(t, "test_type");
	json_t *in = json_object_get(t, "input");
	json_t *want = json_object_get(t, "expected_output");
	int fail = json_is_true(json_object_get(t, "expected_failure"));
	vigil_purl *p = NULL;
	const char *why = NULL;
	int rc;

	vigil_error_clear(err);
	if (strcmp(ty, "build") == 0)
		rc = build_from_json(&p, in, flags, err);
	else
		rc = vigil_purl_parse(&p, json_string_value(in),
		    strlen(json_string_value(in)), flags, err);
	if (strcmp(ty, "build") != 0 && (why = validate_differs(
	    json_string_value(in), strlen(json_string_value(in)), flags, rc,
	    err)) != NULL) {
		vigil_purl_free(p);
		return why;
	}
	if (fail) {
		why = rc == 0 ? "accepted, expected a failure" : NULL;
	} else if (rc < 0) {
		why = err->msg;
	} else if (strcmp(ty, "parse") == 0) {
		why = components_differ(p, want);
	} else if (!same(p->canonical, json_string_value(want))) {
		why = p->canonical;
	}
	vigil_purl_free(p);
	return why;
}

static void
run_suite_file(const char *path, struct tally *t)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	json_t *tests, *tc;
	size_t i;

	if (root == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	tests = json_object_get(root, "tests");
	assert_true(json_is_array(tests));
	json_array_foreach(tests, i, tc) {
		const char *group = jstr(tc, "test_group");
		const char *ty = jstr(tc, "test_type");
		int required = group != NULL && strcmp(group, "required") == 0;
		vigil_error err;
		const char *why;

		/*
		 * "required" tests run in ECMA-427 conformance mode,
		 * "recommended" ones in vigil's default normalising mode.
		 */
		why = run_one(tc, required ? VIGIL_PURL_STRICT : 0, &err);
		/* What strict mode accepts, default mode accepts the same. */
		if (why == NULL && required &&
		    !json_is_true(json_object_get(tc, "expected_failure")))
			why = run_one(tc, 0, &err);
		t->run++;
		t->by_type[ty[0] == 'p' ? 0 : ty[0] == 'v' ? 1 : 2]++;
		if (why == NULL) {
			t->pass++;
		} else {
			char *in = json_dumps(json_object_get(tc, "input"),
			    JSON_ENCODE_ANY | JSON_COMPACT);

			t->fail++;
			print_error("DISAGREE %s [%s %s] %s: %s\n", path, group,
			    ty, in ? in : "?", why);
			free(in);
		}
	}
	json_decref(root);
}

static void
walk(const char *dir, struct tally *t)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[256];
	size_t n = 0, i;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL && n < VGX_ARRAY_SIZE(names))
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	for (i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		size_t l = strlen(names[i]);

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(path, t);
		else if (l > 5 && strcmp(names[i] + l - 5, ".json") == 0)
			run_suite_file(path, t);
		free(names[i]);
	}
}

static void
test_official_suite(void **state)
{
	const char *dir;
	struct tally t;

	(void)state;
	TESTDATA_OR_SKIP(dir, "purl-spec/tests");
	memset(&t, 0, sizeof(t));
	walk(dir, &t);
	print_message("purl-spec suite: %u/%u tests agree (%u parse, %u "
	    "validate, %u build); %u disagree\n", t.pass, t.run, t.by_type[0],
	    t.by_type[1], t.by_type[2], t.fail);
	assert_int_equal(t.run, 586);
	assert_int_equal(t.fail, 0);
}

/*
 * Legacy cases that the current specification and suite overrule; each
 * must still disagree (so that the list stays true), with the reason.
 */
static const struct {
	const char *purl;
	const char *why;
} superseded[] = {
	{"pkg:cpan/URI::PackageURL@2.11", "cpan names are distribution "
	    "names without '::' (cpan-test.json)"},
	{"pkg:cpan/Perl-Version@1.013", "a distribution name without "
	    "namespace is valid now (cpan-test.json)"},
	{"pkg:conan/bincrafters/cctz@2.3", "conan no longer ties namespace "
	    "and channel (conan-test.json, openssl.org namespace)"},
	{"pkg:conan/cctz@2.3?channel=stable", "conan no longer ties "
	    "namespace and channel"},
	{"pkg:cran/A3", "the cran version is optional (cran-definition)"},
	{"pkg:swift/github.com/Alamofire/Alamofire", "the swift version is "
	    "optional (swift-definition)"},
	{"pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E%2E/"
	    "api/annotations/", "its components keep the encoded '..' "
	    "segment that its own canonical form drops; '.' and '..' "
	    "segments are discarded (5.6.7)"},
	{"pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E/api/"
	    "annotations/", "the same for an encoded '.' segment"},
	{"pkg:huggingface/distilbert-base-uncased@043235d6088ecd3dd5fb5ca359"
	    "2b6913fd516027", "the huggingface namespace is required now"},
};

static void
test_legacy_suite(void **state)
{
	const char *path;
	json_error_t jerr;
	json_t *root, *tc;
	size_t i, k;
	unsigned run = 0, pass = 0, over = 0, fail = 0;

	(void)state;
	TESTDATA_OR_SKIP(path, "purl-spec/legacy/test-suite-data.json");
	root = json_load_file(path, 0, &jerr);
	if (root == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	json_array_foreach(root, i, tc) {
		const char *in = jstr(tc, "purl");
		int invalid = json_is_true(json_object_get(tc, "is_invalid"));
		vigil_purl *p = NULL;
		vigil_error err;
		const char *why = NULL;
		int listed = 0, rc;

		for (k = 0; k < VGX_ARRAY_SIZE(superseded); k++)
			if (strcmp(in, superseded[k].purl) == 0)
				listed = 1;
		rc = vigil_purl_parse(&p, in, strlen(in), 0, &err);
		assert_null(validate_differs(in, strlen(in), 0, rc, &err));
		if (invalid)
			why = rc == 0 ? "accepted, expected a failure" : NULL;
		else if (rc < 0)
			why = err.msg;
		else
			/*
			 * Compare the decoded components: the legacy canonical
			 * strings predate the rule that '/' in qualifier values
			 * is percent-encoded.
			 */
			why = components_differ(p, tc);
		vigil_purl_free(p);
		run++;
		if (listed) {
			over++;
			if (why == NULL)
				fail_msg("legacy %s now agrees; remove it from "
				    "the superseded list", in);
		} else if (why == NULL) {
			pass++;
		} else {
			fail++;
			print_error("DISAGREE legacy %s: %s\n", in, why);
		}
	}
	json_decref(root);
	print_message("purl-spec legacy: %u/%u agree, %u superseded by the "
	    "current suite, %u disagree\n", pass, run, over, fail);
	assert_int_equal(fail, 0);
	assert_int_equal(over, VGX_ARRAY_SIZE(superseded));
}

/*
 * cve-bin-tool's deliberately bad purls, and grype's lists whose names say
 * valid or invalid.  (grype's different-os/homogeneous-os lists use
 * "pkg:apk/openssl" without the namespace the apk type requires; they
 * test grype's distro detection, not purl validity.)
 */
static void
test_other_lists(void **state)
{
	static const struct {
		const char *file;
		int valid;
	} lists[] = {
		{"anchore-grype/grype/pkg/testdata/purl/valid-purl.txt", 1},
		{"anchore-grype/grype/pkg/testdata/purl/invalid-purl.txt", 0},
		{"anchore-grype/grype/pkg/testdata/purl/valid-rhel-9.txt", 1},
		{"anchore-grype/grype/pkg/testdata/purl/valid-rhel-9+eus.txt", 1},
	};
	const char *path;
	json_error_t jerr;
	json_t *root, *comp;
	size_t i;
	unsigned bad = 0, good = 0;

	(void)state;
	TESTDATA_OR_SKIP(path,
	    "intel-cve-bin-tool/test/sbom/cyclonedx_bad_purl.json");
	if ((root = json_load_file(path, 0, &jerr)) == NULL)
		fail_msg("%s: %s", path, jerr.text);
	json_array_foreach(json_object_get(root, "components"), i, comp) {
		const char *purl = jstr(comp, "purl");
		vigil_purl *p = NULL;
		vigil_error err;

		if (purl == NULL)
			continue;
		if (vigil_purl_parse(&p, purl, strlen(purl), 0, &err) == 0)
			fail_msg("%s: bad purl %s accepted as %s", path, purl,
			    p->canonical);
		bad++;
	}
	json_decref(root);
	assert_int_equal(bad, 3);
	for (i = 0; i < VGX_ARRAY_SIZE(lists); i++) {
		char *text, *line, *next;

		TESTDATA_OR_SKIP(path, lists[i].file);
		text = vt_read(path, NULL);
		for (line = text; *line != '\0'; line = next) {
			size_t len;
			vigil_purl *p = NULL;
			vigil_error err;
			int rc;

			next = strchr(line, '\n');
			len = next ? (size_t)(next - line) : strlen(line);
			next = next ? next + 1 : line + len;
			if (len == 0)
				continue;
			rc = vigil_purl_parse(&p, line, len, 0, &err);
			if ((rc == 0) != lists[i].valid)
				fail_msg("%s: %.*s: %s", path, (int)len, line,
				    rc == 0 ? "accepted" : err.msg);
			if (rc == 0)
				good++;
			else
				bad++;
			vigil_purl_free(p);
		}
		free(text);
	}
	print_message("other purl lists: %u valid accepted, %u invalid "
	    "rejected (cve-bin-tool bad_purl, grype lists)\n", good, bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_parse),
		cmocka_unit_test(test_error_offsets),
		cmocka_unit_test(test_bytes_and_limits),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_alloc_failures),
		cmocka_unit_test(test_official_suite),
		cmocka_unit_test(test_legacy_suite),
		cmocka_unit_test(test_other_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
