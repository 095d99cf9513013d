/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbom readers on vigil's own documents (tests/data/sbom): every format,
 * nested components, support data, the graph, detection from content,
 * strict against lenient reading, and bad input (duplicate keys, deep
 * nesting, huge strings, wrong types, truncation, NULs, bad UTF-8, limits,
 * allocation failure).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/vigil.h"
#include "vgx.h"

struct diags {
	size_t errors, warnings;
	char first[256];
};

static void
count_diag(void *ctx, const vigil_sbom_diag *d)
{
	struct diags *g = ctx;

	if (d->error && g->errors++ == 0)
		snprintf(g->first, sizeof(g->first), "%s", d->msg);
	if (!d->error)
		g->warnings++;
}

static int
rd(vigil_sbom **out, const char *rel, unsigned flags, struct diags *g)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_error err;

	memset(g, 0, sizeof(*g));
	o.flags = flags;
	o.on_diag = count_diag;
	o.ctx = g;
	return vigil_sbom_read(out, vt_data(rel), &o, &err);
}

static int
rd_mem(vigil_sbom **out, const char *s, size_t n, unsigned flags,
    struct diags *g, vigil_error *err)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;

	memset(g, 0, sizeof(*g));
	o.flags = flags;
	o.on_diag = count_diag;
	o.ctx = g;
	return vigil_sbom_read_mem(out, s, n, &o, err);
}

static const vigil_sbom_component *
by_name(const vigil_sbom *d, const char *name)
{
	size_t i;

	for (i = 0; i < vigil_sbom_count(d); i++)
		if (vigil_sbom_at(d, i)->name != NULL &&
		    strcmp(vigil_sbom_at(d, i)->name, name) == 0)
			return vigil_sbom_at(d, i);
	fail_msg("no component %s", name);
	return NULL;
}

static bool
has_edge(const vigil_sbom *d, const char *from, const char *to)
{
	const vigil_sbom_edge *e;
	size_t n, i;
	uint32_t f = by_name(d, from)->index, t = by_name(d, to)->index;

	e = vigil_sbom_edges(d, &n);
	for (i = 0; i < n; i++)
		if (e[i].from == f && e[i].to == t)
			return true;
	return false;
}

static void
test_cdx_json(void **state)
{
	vigil_sbom *d = NULL;
	const vigil_sbom_meta *m;
	const vigil_sbom_component *c;
	struct diags g;

	(void)state;
	assert_int_equal(rd(&d, "sbom/infusion-pump.cdx.json",
	    VIGIL_SBOM_STRICT, &g), 0);
	assert_int_equal(g.errors, 0);
	m = vigil_sbom_get_meta(d);
	assert_int_equal(m->format, VIGIL_SBOM_CYCLONEDX_JSON);
	assert_string_equal(m->spec_version, "1.6");
	assert_int_equal(m->doc_version, 3);
	assert_string_equal(m->timestamp, "2026-03-01T10:00:00Z");
	assert_int_equal(m->nauthors, 1);
	assert_string_equal(m->authors[0], "Acme Medical Product Security");
	assert_int_equal(m->ntools, 1);
	assert_int_equal(vigil_sbom_count(d), 5);
	/* The subject and the firmware nested in it. */
	c = vigil_sbom_at(d, m->subject);
	assert_string_equal(c->name, "Infusion Pump X200");
	assert_true(c->subject);
	assert_string_equal(c->supplier, "Acme Medical");
	c = by_name(d, "x200-firmware");
	assert_int_equal(c->parent, m->subject);
	assert_int_equal(c->depth, 1);
	assert_string_equal(c->support, "actively-maintained");
	assert_string_equal(c->eos, "2033-12-31");
	/* openssl nested in the kernel: two CPEs (one in a property). */
	c = by_name(d, "openssl");
	assert_int_equal(c->parent, by_name(d, "linux-kernel")->index);
	assert_int_equal(c->ncpes, 2);
	assert_string_equal(c->cpes[1],
	    "cpe:2.3:a:openssl_project:openssl:3.0.13:*:*:*:*:*:*:*");
	assert_int_equal(c->nprops, 0);	/* support data is not a prop */
	assert_int_equal(c->nlicenses, 1);
	assert_string_equal(c->licenses[0], "Apache-2.0");
	assert_int_equal(c->nhashes, 1);
	assert_string_equal(c->hashes[0].alg, "SHA-256");
	/* The graph as integer edges. */
	assert_true(has_edge(d, "Infusion Pump X200", "x200-firmware"));
	assert_true(has_edge(d, "openssl", "zlib"));
	assert_false(has_edge(d, "zlib", "openssl"));
	assert_int_equal(vigil_sbom_find_ref(d, "zlib"),
	    by_name(d, "zlib")->index);
	assert_int_equal(vigil_sbom_find_ref(d, "nope"), VIGIL_SBOM_NONE);
	vigil_sbom_free(d);
}

static void
test_cdx_xml(void **state)
{
	vigil_sbom *d = NULL;
	const vigil_sbom_component *c;
	struct diags g;

	(void)state;
	/* Lenient: a lower-case hash name is a warning, read as SHA-256. */
	assert_int_equal(rd(&d, "sbom/monitor.cdx.xml", 0, &g), 0);
	assert_int_equal(g.errors, 0);
	assert_int_equal(g.warnings, 1);
	assert_int_equal(vigil_sbom_get_meta(d)->format,
	    VIGIL_SBOM_CYCLONEDX_XML);
	assert_string_equal(vigil_sbom_get_meta(d)->spec_version, "1.5");
	assert_int_equal(vigil_sbom_count(d), 3);
	c = by_name(d, "curl");
	assert_string_equal(c->hashes[0].alg, "SHA-256");
	assert_string_equal(c->eos, "2027-06-30");
	assert_string_equal(c->cpes[0],
	    "cpe:2.3:a:haxx:curl:8.5.0:*:*:*:*:*:*:*");
	assert_int_equal(by_name(d, "nghttp2")->parent, c->index);
	assert_true(has_edge(d, "curl", "nghttp2"));
	vigil_sbom_free(d);
	/* Strict: the same deviation is an error. */
	assert_int_equal(rd(&d, "sbom/monitor.cdx.xml", VIGIL_SBOM_STRICT,
	    &g), VIGIL_EINVALID);
	assert_int_equal(g.errors, 1);
	assert_non_null(strstr(g.first, "sha-256"));
	vigil_sbom_free(d);
}

static void
check_gateway(const vigil_sbom *d, vigil_sbom_format f)
{
	const vigil_sbom_component *c;

	assert_int_equal(vigil_sbom_get_meta(d)->format, f);
	assert_int_equal(vigil_sbom_count(d), 3);
	assert_string_equal(vigil_sbom_at(d, vigil_sbom_get_meta(d)->subject)
	    ->name, "gateway");
	assert_string_equal(vigil_sbom_get_meta(d)->authors[0],
	    "Gamma Health");
	assert_string_equal(vigil_sbom_get_meta(d)->tools[0],
	    "gamma-build-1.2");
	c = by_name(d, "busybox");
	assert_string_equal(c->supplier, "BusyBox project");
	assert_string_equal(c->purl, "pkg:generic/busybox@1.36.1");
	assert_int_equal(c->ncpes, 1);
	assert_string_equal(c->eos, "2028-01-01T00:00:00Z");
	assert_string_equal(c->support, "actively-maintained");
	assert_string_equal(c->hashes[0].alg, "SHA-256");
	assert_string_equal(c->licenses[0], "GPL-2.0-only");
	/* CONTAINS became nesting; DEPENDS_ON an edge. */
	assert_int_equal(c->parent, by_name(d, "gateway")->index);
	assert_true(has_edge(d, "busybox", "musl"));
	assert_null(by_name(d, "musl")->supplier);	/* NOASSERTION */
}

static void
test_spdx(void **state)
{
	vigil_sbom *d = NULL;
	struct diags g;

	(void)state;
	assert_int_equal(rd(&d, "sbom/gateway.spdx.json", 0, &g), 0);
	assert_int_equal(g.warnings, 2);	/* downloadLocation, sha1 */
	check_gateway(d, VIGIL_SBOM_SPDX_JSON);
	vigil_sbom_free(d);
	assert_int_equal(rd(&d, "sbom/gateway.spdx.json", VIGIL_SBOM_STRICT,
	    &g), VIGIL_EINVALID);
	assert_int_equal(g.errors, 2);
	vigil_sbom_free(d);
	assert_int_equal(rd(&d, "sbom/gateway.spdx", 0, &g), 0);
	assert_int_equal(g.warnings, 1);	/* musl downloadLocation */
	check_gateway(d, VIGIL_SBOM_SPDX_TV);
	assert_string_equal(by_name(d, "busybox")->copyright,
	    "Copyright (C) BusyBox\nauthors");
	vigil_sbom_free(d);
}

/* Format from the content: a tag-value document in a .json file. */
static void
test_detect(void **state)
{
	vigil_sbom *d = NULL;
	vigil_sbom_format f;
	struct diags g;

	(void)state;
	assert_int_equal(rd(&d, "sbom/tv-named.json", 0, &g), 0);
	assert_int_equal(vigil_sbom_get_meta(d)->format, VIGIL_SBOM_SPDX_TV);
	assert_int_equal(g.warnings, 1);
	vigil_sbom_free(d);
	assert_int_equal(rd(&d, "sbom/tv-named.json", VIGIL_SBOM_STRICT, &g),
	    VIGIL_EINVALID);
	vigil_sbom_free(d);
	assert_int_equal(vigil_sbom_detect(&f, "  {\"components\":[],"
	    "\"bomFormat\":\"CycloneDX\"}", 40), 0);
	assert_int_equal(f, VIGIL_SBOM_CYCLONEDX_JSON);
	assert_int_equal(vigil_sbom_detect(&f, "\xEF\xBB\xBF{\"spdxVersion\"",
	    17), 0);
	assert_int_equal(f, VIGIL_SBOM_SPDX_JSON);
	assert_int_equal(vigil_sbom_detect(&f, "<bom xmlns=\"http://cyclonedx"
	    ".org/schema/bom/1.4\">", 47), 0);
	assert_int_equal(f, VIGIL_SBOM_CYCLONEDX_XML);
	assert_int_equal(vigil_sbom_detect(&f, "# c\nSPDXVersion: SPDX-2.3\n",
	    26), 0);
	assert_int_equal(f, VIGIL_SBOM_SPDX_TV);
	assert_int_equal(vigil_sbom_detect(&f, "{\"@context\":\"https://spdx."
	    "org/rdf/3.0.1/spdx-context.jsonld\"}", 60), 0);
	assert_int_equal(f, VIGIL_SBOM_SPDX3_JSONLD);
	assert_int_equal(vigil_sbom_detect(&f, "{\"a\":1}", 7),
	    VIGIL_ENOTFOUND);
	assert_int_equal(vigil_sbom_detect(&f, "", 0), VIGIL_ENOTFOUND);
	assert_int_equal(vigil_sbom_detect(&f, "<html/>", 7), VIGIL_ENOTFOUND);
}

/* The format keys after 64 KiB of components: the prescan finds them. */
static void
test_detect_late_key(void **state)
{
	vgx_buf b;
	vigil_sbom *d = NULL;
	vigil_error err;
	struct diags g;
	int i;

	(void)state;
	vgx_buf_init(&b, 1u << 24);
	vgx_buf_adds(&b, "{\"components\":[");
	for (i = 0; i < 2000; i++)
		vgx_buf_printf(&b, "%s{\"type\":\"library\",\"name\":\"c%d\","
		    "\"version\":\"1.%d\",\"description\":\"padding padding "
		    "padding\"}", i ? "," : "", i, i);
	vgx_buf_adds(&b, "],\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}");
	assert_true(b.len > 65536);
	assert_int_equal(rd_mem(&d, b.ptr, b.len, VIGIL_SBOM_STRICT, &g, &err),
	    0);
	assert_int_equal(vigil_sbom_count(d), 2000);
	vigil_sbom_free(d);
	vgx_buf_dispose(&b);
}

/* Streaming: components go to the callback and are not kept. */
struct seen {
	size_t n, nested;
	char last[64];
};

static int
on_comp(void *ctx, const vigil_sbom *doc, const vigil_sbom_component *c)
{
	struct seen *s = ctx;

	(void)doc;
	s->n++;
	if (c->parent != VIGIL_SBOM_NONE)
		s->nested++;
	snprintf(s->last, sizeof(s->last), "%s", c->name);
	return 0;
}

static int
on_comp_stop(void *ctx, const vigil_sbom *doc, const vigil_sbom_component *c)
{
	(void)ctx;
	(void)doc;
	(void)c;
	return VIGIL_EEXISTS;
}

static void
test_stream(void **state)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	vigil_error err;
	struct seen s;
	size_t n;

	(void)state;
	memset(&s, 0, sizeof(s));
	o.flags = VIGIL_SBOM_NOKEEP | VIGIL_SBOM_STRICT;
	o.on_component = on_comp;
	o.ctx = &s;
	assert_int_equal(vigil_sbom_read(&d, vt_data("sbom/infusion-pump."
	    "cdx.json"), &o, &err), 0);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.nested, 2);
	assert_int_equal(vigil_sbom_count(d), 0);
	assert_int_equal(vigil_sbom_seen(d), 5);
	vigil_sbom_edges(d, &n);
	assert_int_equal(n, 5);	/* the graph is kept */
	vigil_sbom_free(d);
	/* A callback's error stops reading and comes back. */
	o.on_component = on_comp_stop;
	assert_int_equal(vigil_sbom_read(&d, vt_data("sbom/gateway.spdx"), &o,
	    &err), VIGIL_EEXISTS);
	assert_null(d);
}

/* ---- bad input ------------------------------------------------------- */

static void
expect_invalid(const char *rel, const char *what, unsigned long line)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	vigil_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	o.flags = VIGIL_SBOM_STRICT;
	rc = vigil_sbom_read(&d, vt_data(rel), &o, &err);
	assert_int_equal(rc, VIGIL_EINVALID);
	if (strstr(err.msg, what) == NULL)
		fail_msg("%s: message '%s' lacks '%s'", rel, err.msg, what);
	if (line != 0)
		assert_int_equal(err.line, line);
	vigil_sbom_free(d);
}

static void
test_bad_files(void **state)
{
	(void)state;
	expect_invalid("sbom/bad-dupkey.cdx.json", "duplicate member", 2);
	expect_invalid("sbom/bad-dangling.cdx.json", "unknown reference "
	    "'ghost'", 3);
	expect_invalid("sbom/bad-truncated.cdx.json", "truncated", 0);
	expect_invalid("sbom/bad-hash.cdx.json", "hex digest", 3);
}

/* ---- positions of diagnostics ---------------------------------------- */

struct pos {
	size_t n;
	unsigned long line[16], col[16];
	char msg[16][96];
};

static void
keep_pos(void *ctx, const vigil_sbom_diag *d)
{
	struct pos *p = ctx;

	if (p->n < 16) {
		p->line[p->n] = d->line;
		p->col[p->n] = d->column;
		snprintf(p->msg[p->n], sizeof(p->msg[0]), "%s", d->msg);
	}
	p->n++;
}

/* Diagnostic I of reading DOC: its message has WHAT, at LINE:COL. */
static void
expect_pos(const struct pos *p, size_t i, const char *what,
    unsigned long line, unsigned long col)
{
	if (i >= p->n || strstr(p->msg[i], what) == NULL)
		fail_msg("diagnostic %zu is not '%s' (%zu diagnostics, "
		    "first '%s')", i, what, p->n, p->n ? p->msg[0] : "");
	if (p->line[i] != line || p->col[i] != col)
		fail_msg("'%s' at %lu:%lu, expected %lu:%lu", p->msg[i],
		    p->line[i], p->col[i], line, col);
}

static void
read_pos(const char *doc, size_t len, struct pos *p)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	vigil_error err;

	memset(p, 0, sizeof(*p));
	o.flags = VIGIL_SBOM_STRICT;
	o.on_diag = keep_pos;
	o.ctx = p;
	(void)vigil_sbom_read_mem(&d, doc, len, &o, &err);
	vigil_sbom_free(d);
}

/*
 * Into B: a CycloneDX 1.6 XML document of 40,000 components named c0,
 * c1, ..., each "<component type="library">" then SEP (after the start
 * tag) then its name and version, then LAST and the end.
 */
static void
big_xml(vgx_buf *b, const char *sep, const char *last)
{
	int i;

	vgx_buf_init(b, 16u << 20);
	vgx_buf_adds(b, "<?xml version=\"1.0\"?>\n<bom xmlns=\""
	    "http://cyclonedx.org/schema/bom/1.6\">\n<components>\n");
	for (i = 0; i < 40000; i++)
		vgx_buf_printf(b, "  <component type=\"library\">%s<name>c%d"
		    "</name><version>1</version></component>\n", sep, i);
	vgx_buf_printf(b, "%s</components></bom>\n", last);
}

static void
test_positions(void **state)
{
	static const char tv[] =
	    "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
	    "SPDXID: SPDXRef-DOCUMENT\nDocumentName: x\n"
	    "DocumentNamespace: https://x.invalid/y\nCreator: Tool: t\n"
	    "Created: 2020-01-01T00:00:00Z\n"
	    "\n"
	    "  PackageName: p\n"			/* 9 */
	    "SPDXID: bad id\n"			/* 10 */
	    "PackageDownloadLocation: NONE\n"
	    "  PackageChecksum: SHA256: zz\n"	/* 12 */
	    "no colon here\n"			/* 13 */
	    "Relationship: SPDXRef-a DEPENDS_ON SPDXRef-nope\n"
	    "PackageComment: <text>a\nb \xff</text>\n"	/* 15-16 */
	    "PackageName: q\n"			/* 17 */
	    "PackageComment: x\0y\n";		/* 18 */
	static const char xml[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" "
	    "version=\"x\">\n"
	    "<components>\n"
	    "  <component type=\"bogus\"><name>a</name></component>"
	    "<component type=\"worse\"><name>b</name></component>\n"
	    "  <component type=\"library\"><name>\xc3\xa9</name><hashes>"
	    "<hash alg=\"SHA-256\">zz</hash></hashes></component>\n"
	    "</components>\n</bom>\n";
	static const char bad_xml[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n"
	    "  <components><component type=\"a&b\"/></components></bom>\n";
	struct pos p;
	vgx_buf big;

	(void)state;
	/* Tag-value: byte columns of the tag, the value, the bad byte. */
	read_pos(tv, sizeof(tv) - 1, &p);
	expect_pos(&p, 0, "not an SPDX id", 10, 9);
	expect_pos(&p, 1, "not hexadecimal", 12, 20);
	expect_pos(&p, 2, "not 'Tag: value'", 13, 1);
	expect_pos(&p, 3, "invalid UTF-8", 16, 3);
	expect_pos(&p, 4, "NUL", 18, 18);
	expect_pos(&p, 5, "no PackageDownloadLocation", 17, 1);
	expect_pos(&p, 7, "unknown reference 'SPDXRef-a'", 14, 15);
	/* XML: element columns in characters, the k-th of a name. */
	read_pos(xml, sizeof(xml) - 1, &p);
	expect_pos(&p, 0, "bom version", 2, 1);
	expect_pos(&p, 1, "'bogus'", 4, 3);
	expect_pos(&p, 2, "'worse'", 4, 53);
	expect_pos(&p, 3, "hex digest", 5, 51);	/* bytes: 52 */
	/* Past the 1 MiB window's first slide: lines still count. */
	big_xml(&big, "", "    <component type=\"nope\"><name>z</name>"
	    "</component>");
	assert_true(big.len > (2u << 20));
	read_pos(big.ptr, big.len, &p);
	expect_pos(&p, 0, "'nope'", 40004, 5);
	vgx_buf_dispose(&big);
	/* Past line 65,535, where libxml2 keeps lines only in text nodes;
	 * elements whose first child starts a new line. */
	big_xml(&big, "\n    ", "    <component type=\"nope\">\n      "
	    "<name>z</name><hashes><hash alg=\"SHA-256\">zz</hash></hashes>"
	    "</component>");
	read_pos(big.ptr, big.len, &p);
	expect_pos(&p, 0, "'nope'", 80004, 5);
	expect_pos(&p, 1, "hex digest", 80005, 29);
	vgx_buf_dispose(&big);
	/* A syntax error: libxml2's own column. */
	read_pos(bad_xml, sizeof(bad_xml) - 1, &p);
	assert_true(p.n >= 1);
	assert_int_equal(p.line[0], 3);
	assert_true(p.col[0] > 0);
}

static void
expect_mem(const char *doc, int want, const char *what)
{
	vigil_sbom *d = NULL;
	vigil_error err;
	struct diags g;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = rd_mem(&d, doc, strlen(doc), VIGIL_SBOM_STRICT, &g, &err);
	if (rc != want)
		fail_msg("'%.60s': rc %d, want %d (%s)", doc, rc, want,
		    err.msg);
	if (what != NULL && strstr(err.msg, what) == NULL)
		fail_msg("'%.60s': message '%s' lacks '%s'", doc, err.msg,
		    what);
	vigil_sbom_free(d);
}

#define CDX "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","

static void
test_bad_mem(void **state)
{
	(void)state;
	expect_mem(CDX "\"components\":{}}", VIGIL_EINVALID, "must be an array");
	expect_mem(CDX "\"components\":[42]}", VIGIL_EINVALID, "an object");
	expect_mem(CDX "\"components\":[{\"type\":\"lib\",\"name\":\"a\"}]}",
	    VIGIL_EINVALID, "not a valid type");
	expect_mem(CDX "\"components\":[{\"type\":\"library\"}]}",
	    VIGIL_EINVALID, "no 'name'");
	expect_mem(CDX "\"components\":[{\"type\":\"library\",\"name\":7}]}",
	    VIGIL_EINVALID, "must be a string");
	expect_mem(CDX "\"components\":[{\"type\":\"library\",\"name\":"
	    "\"a\\u0000b\"}]}", VIGIL_EINVALID, "NUL");
	expect_mem(CDX "\"components\":[{\"type\":\"library\",\"name\":\"\xC0"
	    "\xAF\"}]}", VIGIL_EINVALID, NULL);
	expect_mem(CDX "\"components\":[{\"type\":\"library\",\"name\":\"a\","
	    "\"bom-ref\":\"x\"},{\"type\":\"library\",\"name\":\"b\","
	    "\"bom-ref\":\"x\"}]}", VIGIL_EINVALID, "duplicate");
	expect_mem(CDX "\"version\":0}", VIGIL_EINVALID, "integer");
	expect_mem(CDX "\"version\":99999999999999999999}", VIGIL_EINVALID,
	    "integer");
	expect_mem(CDX "\"serialNumber\":\"urn:uuid:ABC\"}", VIGIL_EINVALID,
	    "serialNumber");
	expect_mem(CDX "\"metadata\":{\"timestamp\":\"yesterday\"}}",
	    VIGIL_EINVALID, "date-time");
	expect_mem("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.1\"}",
	    VIGIL_EUNSUPPORTED, "not supported");
	expect_mem("[1,2]", VIGIL_EINVALID, "not an SBOM");
	expect_mem(CDX "\"version\":1} x", VIGIL_EINVALID,
	    "garbage");
	expect_mem("SPDXVersion: SPDX-2.3\nPackageName: a\nno colon here\n",
	    VIGIL_EINVALID, "Tag: value");
	expect_mem("SPDXVersion: SPDX-2.3\nPackageComment: <text>open\n",
	    VIGIL_EINVALID, "not closed");
	expect_mem("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">"
	    "<components><component type=\"library\"><name>a</name>"
	    "</components></bom>", VIGIL_EINVALID, NULL);
	expect_mem("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":"
	    "\"a\"}]}", VIGIL_EINVALID, NULL);
}

static void
test_limits(void **state)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	vigil_error err;
	vgx_buf b;
	int i;

	(void)state;
	/* 10,000-deep nesting stops at the depth limit. */
	vgx_buf_init(&b, 1u << 20);
	vgx_buf_adds(&b, CDX "\"components\":[{\"type\":\"library\","
	    "\"name\":\"a\",\"x\":");
	for (i = 0; i < 10000; i++)
		vgx_buf_addc(&b, '[');
	assert_int_equal(vigil_sbom_read_mem(&d, b.ptr, b.len, &o, &err),
	    VIGIL_ETOOBIG);
	assert_null(d);
	assert_non_null(strstr(err.msg, "nesting"));
	/* A huge string stops at the string limit. */
	vgx_buf_reset(&b);
	vgx_buf_adds(&b, CDX "\"components\":[{\"type\":\"library\","
	    "\"name\":\"");
	for (i = 0; i < 5000; i++)
		vgx_buf_adds(&b, "xxxxxxxxxxxxxxxxxxxx");
	vgx_buf_adds(&b, "\"}]}");
	o.max_string = 4096;
	assert_int_equal(vigil_sbom_read_mem(&d, b.ptr, b.len, &o, &err),
	    VIGIL_ETOOBIG);
	/* The byte limit and the component limit. */
	o = (vigil_sbom_opts)VIGIL_SBOM_OPTS_INIT;
	o.max_bytes = 100;
	assert_int_equal(vigil_sbom_read_mem(&d, b.ptr, b.len, &o, &err),
	    VIGIL_ETOOBIG);
	o = (vigil_sbom_opts)VIGIL_SBOM_OPTS_INIT;
	o.max_components = 2;
	assert_int_equal(vigil_sbom_read(&d, vt_data("sbom/infusion-pump."
	    "cdx.json"), &o, &err), VIGIL_ETOOBIG);
	assert_null(d);
	vgx_buf_dispose(&b);
}

/* Fail every allocation in turn: no crash, no leak, a clean error. */
static void
test_alloc_failures(void **state)
{
	static const char *const files[] = { "sbom/infusion-pump.cdx.json",
	    "sbom/gateway.spdx", "sbom/monitor.cdx.xml",
	    "sbom/gateway.spdx.json" };
	size_t k;

	(void)state;
	for (k = 0; k < VGX_ARRAY_SIZE(files); k++) {
		unsigned long n;
		char *path = strdup(vt_data(files[k]));

		assert_non_null(path);
		for (n = 1; n < 2000; n++) {
			vigil_sbom *d = NULL;
			vigil_error err;
			int rc;

			vgx_alloc_fail_at(n);
			rc = vigil_sbom_read(&d, path, NULL, &err);
			vgx_alloc_fail_at(0);
			vigil_sbom_free(d);
			if (rc == 0)
				break;
			assert_true(rc < 0);
		}
		assert_true(n < 2000);
		free(path);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cdx_json),
		cmocka_unit_test(test_cdx_xml),
		cmocka_unit_test(test_spdx),
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_detect_late_key),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_mem),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_alloc_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
