/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sbom writers (deterministic, valid for vigil's strict reader, round
 * trips CycloneDX -> SPDX -> CycloneDX), completeness profiles (no
 * vacuous pass), diff, merge and generate.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/vigil.h"
#include "vgx.h"

static vigil_sbom *
load(const char *path, unsigned flags)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	vigil_error err;
	int rc;

	o.flags = flags;
	rc = vigil_sbom_read(&d, path, &o, &err);
	if (rc != 0)
		fail_msg("%s: %s (line %lu, %s)", path, err.msg, err.line,
		    err.path);
	return d;
}

/* Write D as F into memory; *LOSSES counts the fields reported. */
static char *
write_mem(const vigil_sbom *d, vigil_sbom_format f, size_t *len,
    size_t *losses);

static void
count_loss(void *ctx, uint32_t c, const char *field, const char *detail)
{
	(void)c;
	(void)field;
	(void)detail;
	(*(size_t *)ctx)++;
}

static char *
write_mem(const vigil_sbom *d, vigil_sbom_format f, size_t *len,
    size_t *losses)
{
	char *buf = NULL;
	size_t n = 0, l = 0;
	FILE *fp = open_memstream(&buf, &n);
	vigil_error err;

	assert_non_null(fp);
	assert_int_equal(vigil_sbom_write(fp, d, f, count_loss, &l, &err), 0);
	fclose(fp);
	*len = n;
	if (losses != NULL)
		*losses = l;
	return buf;
}

static vigil_sbom *
reread(const char *buf, size_t n, unsigned flags)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	vigil_error err;
	int rc;

	o.flags = flags;
	rc = vigil_sbom_read_mem(&d, buf, n, &o, &err);
	if (rc != 0)
		fail_msg("re-read: %s (line %lu, %s)", err.msg, err.line,
		    err.path);
	return d;
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

static void
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* What CycloneDX -> SPDX -> CycloneDX must keep. */
static void
same_components(const vigil_sbom *a, const vigil_sbom *b)
{
	size_t i, k;

	assert_int_equal(vigil_sbom_count(a), vigil_sbom_count(b));
	for (i = 0; i < vigil_sbom_count(a); i++) {
		const vigil_sbom_component *x = vigil_sbom_at(a, i);
		const vigil_sbom_component *y = by_name(b, x->name);

		same_str(x->version, y->version);
		same_str(x->purl, y->purl);
		same_str(x->supplier, y->supplier);
		same_str(x->support, y->support);
		assert_int_equal(x->ncpes, y->ncpes);
		for (k = 0; k < x->ncpes; k++)
			assert_string_equal(x->cpes[k], y->cpes[k]);
		assert_int_equal(x->nhashes, y->nhashes);
		for (k = 0; k < x->nhashes; k++) {
			assert_string_equal(x->hashes[k].alg, y->hashes[k].alg);
			assert_string_equal(x->hashes[k].value,
			    y->hashes[k].value);
		}
		assert_int_equal(x->nlicenses, y->nlicenses);
		for (k = 0; k < x->nlicenses; k++)
			assert_string_equal(x->licenses[k], y->licenses[k]);
		assert_int_equal(x->parent == VIGIL_SBOM_NONE,
		    y->parent == VIGIL_SBOM_NONE);
		if (x->eos != NULL)
			assert_memory_equal(x->eos, y->eos, 10);
	}
}

static size_t
nedges(const vigil_sbom *d)
{
	size_t n;

	vigil_sbom_edges(d, &n);
	return n;
}

static void
test_roundtrip(void **state)
{
	static const vigil_sbom_format fmts[] = { VIGIL_SBOM_SPDX_JSON,
	    VIGIL_SBOM_SPDX_TV, VIGIL_SBOM_CYCLONEDX_XML,
	    VIGIL_SBOM_CYCLONEDX_JSON };
	vigil_sbom *a = load(vt_data("sbom/infusion-pump.cdx.json"), 0);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		size_t n1, n2, n3, losses;
		char *o1 = write_mem(a, fmts[i], &n1, &losses);
		char *o2 = write_mem(a, fmts[i], &n2, NULL);
		vigil_sbom *b = reread(o1, n1, VIGIL_SBOM_STRICT), *c;
		char *o3;

		/* Deterministic: the same bytes twice. */
		assert_int_equal(n1, n2);
		assert_memory_equal(o1, o2, n1);
		/* Valid for the strict reader, and the same components. */
		same_components(a, b);
		assert_int_equal(nedges(a), nedges(b));
		/* ... and back to CycloneDX. */
		o3 = write_mem(b, VIGIL_SBOM_CYCLONEDX_JSON, &n3, NULL);
		c = reread(o3, n3, VIGIL_SBOM_STRICT);
		same_components(a, c);
		assert_int_equal(nedges(a), nedges(c));
		assert_string_equal(vigil_sbom_get_meta(c)->serial,
		    vigil_sbom_get_meta(a)->serial);
		free(o1);
		free(o2);
		free(o3);
		vigil_sbom_free(b);
		vigil_sbom_free(c);
	}
	vigil_sbom_free(a);
}

/* SPDX -> CycloneDX: what CycloneDX cannot hold is reported. */
static void
test_loss_report(void **state)
{
	vigil_sbom *a = load(vt_data("sbom/gateway.spdx"), 0), *b;
	size_t n, losses;
	char *o;

	(void)state;
	o = write_mem(a, VIGIL_SBOM_CYCLONEDX_JSON, &n, &losses);
	/* The namespace (not a urn:uuid serial) and the 1 SPDX file. */
	assert_true(losses >= 2);
	b = reread(o, n, VIGIL_SBOM_STRICT);
	same_components(a, b);
	vigil_sbom_free(b);
	free(o);
	vigil_sbom_free(a);
}

static const vigil_sbom_check *
find_check(const vigil_sbom_quality *q, const char *id)
{
	const vigil_sbom_check *c;
	size_t n, i;

	c = vigil_sbom_quality_checks(q, &n);
	for (i = 0; i < n; i++)
		if (strcmp(c[i].id, id) == 0)
			return &c[i];
	fail_msg("no check %s", id);
	return NULL;
}

static vigil_sbom_quality *
quality(const vigil_sbom *d)
{
	vigil_sbom_quality *q;
	vigil_error err;
	size_t i;

	assert_int_equal(vigil_sbom_quality_new(&q, 5, &err), 0);
	for (i = 0; i < vigil_sbom_count(d); i++)
		assert_int_equal(vigil_sbom_quality_add(q, vigil_sbom_at(d, i)),
		    0);
	assert_int_equal(vigil_sbom_quality_finish(q, d), 0);
	return q;
}

static void
test_profiles(void **state)
{
	vigil_sbom *d = load(vt_data("sbom/infusion-pump.cdx.json"), 0);
	vigil_sbom_quality *q = quality(d);
	const vigil_sbom_check *c;

	(void)state;
	assert_true(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_ALL));
	assert_true(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_FDA));
	c = find_check(q, "supplier");
	assert_int_equal(c->checked, 4);	/* not the subject */
	vigil_sbom_quality_free(q);
	vigil_sbom_free(d);
	/* gateway: musl has no supplier and no support data. */
	d = load(vt_data("sbom/gateway.spdx"), 0);
	q = quality(d);
	assert_true(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_NONE));
	assert_false(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_NTIA));
	c = find_check(q, "supplier");
	assert_int_equal(c->checked, 2);
	assert_int_equal(c->passed, 1);
	assert_int_equal(c->nfailed, 1);
	assert_int_equal(c->failed[0], by_name(d, "musl")->index);
	c = find_check(q, "eos-date");
	assert_int_equal(c->passed, 1);
	vigil_sbom_quality_free(q);
	vigil_sbom_free(d);
	/* No components: every profile fails, nothing passes vacuously. */
	d = load(vt_data("sbom/empty.cdx.json"), 0);
	q = quality(d);
	assert_false(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_NTIA));
	assert_false(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_FDA));
	assert_false(vigil_sbom_quality_pass(q, VIGIL_SBOM_PROFILE_IMDRF));
	assert_int_equal(find_check(q, "name")->checked, 0);
	assert_int_equal(find_check(q, "components")->passed, 0);
	vigil_sbom_quality_free(q);
	vigil_sbom_free(d);
}

struct deltas {
	char text[2048];
	size_t n;
};

static int
on_delta(void *ctx, const vigil_sbom_delta *d)
{
	static const char *const k[] = { "added", "removed", "version",
	    "supplier", "hash", "eos", "support" };
	struct deltas *x = ctx;
	const vigil_sbom_component *c = d->new_c ? d->new_c : d->old_c;
	size_t l = strlen(x->text);

	snprintf(x->text + l, sizeof(x->text) - l, "%s %s %s>%s;",
	    k[d->change], c->name, d->old_value ? d->old_value : "-",
	    d->new_value ? d->new_value : "-");
	x->n++;
	return 0;
}

static void
test_diff(void **state)
{
	static const char newer[] = "{\"bomFormat\":\"CycloneDX\","
	    "\"specVersion\":\"1.6\",\"components\":["
	    "{\"type\":\"library\",\"name\":\"zlib\",\"version\":\"1.3.1\","
	    "\"purl\":\"pkg:generic/zlib@1.3.1\",\"supplier\":{\"name\":"
	    "\"zlib project\"},\"hashes\":[{\"alg\":\"SHA-256\",\"content\":"
	    "\"0000000000000000000000000000000000000000000000000000000000000000"
	    "\"}],\"properties\":[{\"name\":\"cdx:lifecycle:supportLevel\","
	    "\"value\":\"no-longer-maintained\"},{\"name\":"
	    "\"cdx:lifecycle:milestone:endOfSupport\",\"value\":"
	    "\"2025-06-01\"}]},"
	    "{\"type\":\"library\",\"name\":\"openssl\",\"version\":\"3.0.14\","
	    "\"purl\":\"pkg:generic/openssl@3.0.14\",\"supplier\":{\"name\":"
	    "\"OpenSSL Corporation\"}},"
	    "{\"type\":\"library\",\"name\":\"lwip\",\"version\":\"2.2.0\"}]}";
	vigil_sbom *a = load(vt_data("sbom/infusion-pump.cdx.json"), 0);
	vigil_sbom *b = reread(newer, sizeof(newer) - 1, 0);
	struct deltas x;
	vigil_error err;

	(void)state;
	memset(&x, 0, sizeof(x));
	assert_int_equal(vigil_sbom_diff(a, b, on_delta, &x, &err), 0);
	/* Ordered by identity (purl without version, else the name). */
	assert_string_equal(x.text,
	    "added lwip ->2.2.0;"
	    "removed x200-firmware 4.2.0>-;"
	    "removed linux-kernel 6.1.90>-;"
	    "version openssl 3.0.13>3.0.14;"
	    "supplier openssl OpenSSL Software Foundation>OpenSSL Corporation;"
	    "eos openssl 2026-09-07>-;"
	    "support openssl actively-maintained>-;"
	    "hash zlib 38ef96b8dfe510d42707d9c781877914792541133e1870841463bfa73"
	    "f883e32>0000000000000000000000000000000000000000000000000000000000"
	    "000000;eos zlib 2025-01-01>2025-06-01;");
	memset(&x, 0, sizeof(x));
	assert_int_equal(vigil_sbom_diff(a, a, on_delta, &x, &err), 0);
	assert_int_equal(x.n, 0);
	vigil_sbom_free(a);
	vigil_sbom_free(b);
}

static void
test_merge(void **state)
{
	vigil_sbom *in[3], *m = NULL;
	vigil_error err;
	size_t dups, i, nsub = 0;
	const vigil_sbom_component *sys;

	(void)state;
	in[0] = load(vt_data("sbom/infusion-pump.cdx.json"), 0);
	in[1] = load(vt_data("sbom/gateway.spdx.json"), 0);
	in[2] = load(vt_data("sbom/gateway.spdx"), 0);	/* the same again */
	assert_int_equal(vigil_sbom_merge(&m, (const vigil_sbom *const *)in,
	    3, "Pump System", "1.0", &dups, &err), 0);
	/* gateway twice: its 3 packages are merged away the 2nd time. */
	assert_int_equal(dups, 3);
	assert_int_equal(vigil_sbom_count(m), 1 + 5 + 3);
	sys = vigil_sbom_at(m, vigil_sbom_get_meta(m)->subject);
	assert_string_equal(sys->name, "Pump System");
	assert_string_equal(sys->version, "1.0");
	for (i = 0; i < vigil_sbom_count(m); i++)
		if (vigil_sbom_at(m, i)->parent == sys->index)
			nsub++;
	assert_int_equal(nsub, 2);	/* pump and gateway */
	/* Edges carried over: 5 from the pump, 1 from the gateway. */
	assert_int_equal(nedges(m), 6);
	assert_int_equal(vigil_sbom_get_meta(m)->nauthors, 2);
	for (i = 0; i < 3; i++)
		vigil_sbom_free(in[i]);
	vigil_sbom_free(m);
}

static void
test_generate(void **state)
{
	vigil_sbom_gen_opts g = VIGIL_SBOM_GEN_OPTS_INIT;
	vigil_sbom *d = NULL, *e;
	vigil_error err;
	const vigil_sbom_component *c;
	char root[4096], *out;
	size_t n;

	(void)state;
	snprintf(root, sizeof(root), "%s", vt_data("sbom/rootfs-debian"));
	g.rootfs = root;
	g.subject_name = "Infusion Pump X200";
	g.subject_version = "4.2.0";
	g.timestamp = "2026-03-01T00:00:00Z";
	assert_int_equal(vigil_sbom_generate(&d, &g, &err), 0);
	/* Subject + 3 installed (old-tool has only config files). */
	assert_int_equal(vigil_sbom_count(d), 4);
	c = by_name(d, "libssl3");
	assert_string_equal(c->purl, "pkg:deb/debian/libssl3@3.0.13-1~deb12u1"
	    "?arch=amd64&distro=debian-12");
	assert_string_equal(c->cpes[0],
	    "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*");
	assert_string_equal(c->supplier, "Debian OpenSSL Team");
	c = by_name(d, "zlib1g");
	assert_string_equal(c->purl, "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1"
	    "?arch=amd64&distro=debian-12");
	assert_string_equal(c->cpes[0],
	    "cpe:2.3:a:zlib:zlib:1.2.13.dfsg:*:*:*:*:*:*:*");
	c = by_name(d, "bash");
	assert_string_equal(c->cpes[0],
	    "cpe:2.3:a:gnu:bash:5.2.15:*:*:*:*:*:*:*");
	/* Depends: libssl3 -> zlib1g (libc6 is not installed here). */
	{
		const vigil_sbom_edge *ed = vigil_sbom_edges(d, &n);
		size_t k, hits = 0;

		/* The device depends on the packages nothing else needs. */
		assert_int_equal(n, 3);
		for (k = 0; k < n; k++)
			if (ed[k].from == by_name(d, "libssl3")->index &&
			    ed[k].to == by_name(d, "zlib1g")->index)
				hits++;
		assert_int_equal(hits, 1);
		assert_int_equal(by_name(d, "bash")->parent, VIGIL_SBOM_NONE);
	}
	/* What it writes reads back strictly. */
	out = write_mem(d, VIGIL_SBOM_CYCLONEDX_JSON, &n, NULL);
	e = reread(out, n, VIGIL_SBOM_STRICT);
	assert_int_equal(vigil_sbom_count(e), 4);
	free(out);
	vigil_sbom_free(e);
	vigil_sbom_free(d);

	g = (vigil_sbom_gen_opts)VIGIL_SBOM_GEN_OPTS_INIT;
	snprintf(root, sizeof(root), "%s", vt_data("sbom/rootfs-alpine"));
	g.rootfs = root;
	assert_int_equal(vigil_sbom_generate(&d, &g, &err), 0);
	c = by_name(d, "busybox");
	assert_string_equal(c->purl, "pkg:apk/alpine/busybox@1.36.1-r15"
	    "?arch=x86_64&distro=alpine-3.19.1");
	assert_string_equal(c->cpes[0],
	    "cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");
	assert_string_equal(c->licenses[0], "GPL-2.0-only");
	assert_string_equal(vigil_sbom_at(d, 0)->name, "Alpine Linux v3.19");
	assert_int_equal(nedges(d), 2);	/* device -> busybox -> musl */
	assert_int_equal(vigil_sbom_find_ref(d, c->purl), c->index);
	vigil_sbom_free(d);

	g = (vigil_sbom_gen_opts)VIGIL_SBOM_GEN_OPTS_INIT;
	snprintf(root, sizeof(root), "%s", vt_data("sbom/manifest.csv"));
	g.manifest = root;
	assert_int_equal(vigil_sbom_generate(&d, &g, &err), 0);
	assert_int_equal(vigil_sbom_count(d), 4);
	c = by_name(d, "Vendor, Inc. RTOS");
	assert_string_equal(c->supplier, "Vendor, Inc.");
	assert_string_equal(c->support, "no-longer-maintained");
	assert_int_equal(by_name(d, "sqlite")->parent,
	    by_name(d, "x200-app")->index);
	vigil_sbom_free(d);

	/* Nothing to read, a bad manifest. */
	g = (vigil_sbom_gen_opts)VIGIL_SBOM_GEN_OPTS_INIT;
	assert_int_equal(vigil_sbom_generate(&d, &g, &err), VIGIL_ENOTFOUND);
	snprintf(root, sizeof(root), "%s", vt_data("sbom/gateway.spdx"));
	g.manifest = root;
	assert_int_equal(vigil_sbom_generate(&d, &g, &err), VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "gateway.spdx"));
	assert_null(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_loss_report),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_generate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
