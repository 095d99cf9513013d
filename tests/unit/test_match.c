/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the matcher: a regression test for each failure of the peers
 * named in docs/matching.md (CPE guesses for language packages, NVD
 * AND-configurations and "running on" platforms, "-" versions, gSOAP's
 * "2.8.123e", curl packaged as libcurl, components silently dropped),
 * the configuration evaluator's three-valued logic, the identity map,
 * purl to OSV ecosystem mapping, and end-to-end scans on the shared test
 * data when it is there.  Stores are built from tests/data/match/feeds.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/vigil.h"
#include "vgx.h"
#include "match/matchint.h"

struct fx {
	char *dir;
	char *db;
	vigil_store *st;
};

static void
fx_store(struct fx *f, const char *feeds)
{
	vigil_feed_opts fo = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats stats;
	vigil_error err;
	size_t n;

	f->dir = vt_mkdtemp();
	assert_non_null(f->dir);
	n = strlen(f->dir) + 16;
	f->db = malloc(n);
	snprintf(f->db, n, "%s/t.db", f->dir);
	memset(&stats, 0, sizeof(stats));
	assert_int_equal(vigil_store_open(&f->st, f->db, 0, &err), 0);
	assert_int_equal(vigil_feed_import_path(&stats, f->st, feeds, &fo,
	    &err), 0);
	assert_int_equal(stats.rejected, 0);
	vigil_store_close(f->st);
	assert_int_equal(vigil_store_open(&f->st, f->db, VIGIL_STORE_READONLY,
	    &err), 0);
}

static void
fx_done(struct fx *f)
{
	vigil_store_close(f->st);
	vt_rmtree(f->dir);
	free(f->dir);
	free(f->db);
}

struct addctx {
	vigil_match *m;
};

static int
add_cb(void *ctx, const vigil_sbom *doc, const vigil_sbom_component *c)
{
	(void)doc;
	if (c->subject)
		return 0;
	return vigil_match_add(((struct addctx *)ctx)->m, c, NULL);
}

static vigil_match *
scan(vigil_store *st, const char *sbom, unsigned flags)
{
	vigil_sbom_opts so = VIGIL_SBOM_OPTS_INIT;
	vigil_match_opts mo = VIGIL_MATCH_OPTS_INIT;
	struct addctx ax;
	vigil_sbom *doc = NULL;
	vigil_error err;

	mo.flags = flags;
	assert_int_equal(vigil_match_new(&ax.m, st, &mo, &err), 0);
	so.flags = VIGIL_SBOM_NOKEEP;
	so.on_component = add_cb;
	so.ctx = &ax;
	assert_int_equal(vigil_sbom_read(&doc, sbom, &so, &err), 0);
	vigil_sbom_free(doc);
	assert_int_equal(vigil_match_run(ax.m, &err), 0);
	/* a scan runs once */
	assert_int_equal(vigil_match_run(ax.m, &err), VIGIL_EINVALID);
	return ax.m;
}

static const vigil_match_component *
comp(const vigil_match *m, const char *ref)
{
	size_t i;

	for (i = 0; i < vigil_match_component_count(m); i++)
		if (strcmp(vigil_match_component_at(m, i)->ref, ref) == 0)
			return vigil_match_component_at(m, i);
	fail_msg("no component %s", ref);
	return NULL;
}

/* The finding of vulnerability ID (any alias) on component REF, or NULL. */
static const vigil_match_finding *
finding(const vigil_match *m, const char *ref, const char *id)
{
	size_t i, a;

	for (i = 0; i < vigil_match_finding_count(m); i++) {
		const vigil_match_finding *f = vigil_match_finding_at(m, i);
		const vigil_match_vuln *v = vigil_match_vuln_at(m, f->vuln);

		if (strcmp(vigil_match_component_at(m, f->component)->ref,
		    ref) != 0)
			continue;
		for (a = 0; a < v->naliases; a++)
			if (strcmp(v->aliases[a], id) == 0)
				return f;
	}
	return NULL;
}

static void
assert_state(const vigil_match *m, const char *ref, vigil_match_state s,
    vigil_match_reason r)
{
	const vigil_match_component *c = comp(m, ref);

	if (c->state != s || c->reason != r)
		fail_msg("%s: %s/%s, expected %s/%s", ref,
		    vigil_match_state_name(c->state),
		    vigil_match_reason_name(c->reason),
		    vigil_match_state_name(s), vigil_match_reason_name(r));
}

/* ---- the peers' failures --------------------------------------------------- */

static void
test_peers(void **state)
{
	struct fx f;
	vigil_match *m;
	vigil_match_summary s;
	const vigil_match_finding *fd;
	const vigil_match_vuln *v;
	size_t i;

	(void)state;
	fx_store(&f, vt_data("match/feeds"));
	m = scan(f.st, vt_data("match/peers.cdx.json"), 0);

	/* grype#342, grype#580: no CPE is guessed for language packages:
	 * maven "core" is matched through OSV only, npm "nx" is not
	 * Siemens NX, and a bare name "nx" is not guessed at all. */
	assert_non_null(finding(m, "core", "GHSA-vg01-0003-0003"));
	assert_null(finding(m, "core", "CVE-2099-0101"));
	assert_null(comp(m, "core")->cpe);
	assert_null(finding(m, "nx", "CVE-2099-0101"));
	assert_state(m, "nx", VIGIL_MATCH_NOT_AFFECTED, VIGIL_MATCH_EVALUATED);
	assert_state(m, "nx-name", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_IDENTIFIER);

	/* grype#1349: an AND with a hardware platform the SBOM does not
	 * list is not "affected"; it is kept, unconfirmed, with a note. */
	fd = finding(m, "router-fw", "CVE-2099-0102");
	assert_non_null(fd);
	assert_false(fd->confirmed);
	assert_non_null(fd->evidence[0].note);
	assert_non_null(strstr(fd->evidence[0].note, "router_x100"));
	assert_state(m, "router-fw", VIGIL_MATCH_NOT_AFFECTED,
	    VIGIL_MATCH_EVALUATED);
	assert_int_equal(comp(m, "router-fw")->nunconfirmed, 1);

	/* grype#2770: the "running on" platform itself (the kernel) is not
	 * vulnerable, and the app outside the range is not either. */
	assert_null(finding(m, "kernel", "CVE-2099-0103"));
	assert_state(m, "kernel", VIGIL_MATCH_NOT_AFFECTED,
	    VIGIL_MATCH_EVALUATED);
	assert_null(finding(m, "app", "CVE-2099-0103"));

	/* dependency-track#3268: "-" matches nothing, either way. */
	assert_null(finding(m, "legacy", "CVE-2099-0104"));
	assert_state(m, "legacy-dash", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_VERSION);

	/* dependency-track#2803: 2.8.123e is after 2.8.107 and before
	 * 2.8.124. */
	assert_null(finding(m, "gsoap", "CVE-2099-0105"));
	fd = finding(m, "gsoap", "CVE-2099-0106");
	assert_non_null(fd);
	assert_true(fd->confirmed);
	assert_string_equal(fd->fixed, "2.8.124");

	/* curl packaged as libcurl: the identity map gives haxx:curl. */
	fd = finding(m, "libcurl", "CVE-2099-0107");
	assert_non_null(fd);
	assert_true(comp(m, "libcurl")->cpe_mapped);
	v = vigil_match_vuln_at(m, fd->vuln);
	assert_true(v->kev);
	assert_true(v->has_epss);
	/* a Debian libcurl4 keeps to Debian's data (fixed there by a
	 * backport NVD's upstream range does not know about) */
	assert_null(finding(m, "libcurl4", "CVE-2099-0107"));
	assert_state(m, "libcurl4", VIGIL_MATCH_NOT_AFFECTED,
	    VIGIL_MATCH_EVALUATED);
	assert_string_equal(comp(m, "libcurl4")->ecosystem, "Debian:12");

	/* osv-scanner#3007: nothing is dropped; each has its reason. */
	assert_state(m, "mystery", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_UNKNOWN_ECOSYSTEM);
	assert_state(m, "requests", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_VERSION);
	assert_state(m, "badver", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_UNPARSEABLE_VERSION);
	assert_state(m, "aeson", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_DATA);
	assert_state(m, "pump-core", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_IDENTIFIER);
	vigil_match_get_summary(m, &s);
	assert_int_equal(s.components, 21);
	assert_int_equal(s.affected + s.not_affected + s.not_evaluated, 21);
	assert_int_equal(s.not_evaluated, 7);
	assert_int_equal(s.reasons[VIGIL_MATCH_NO_VERSION], 2);
	assert_int_equal(s.unconfirmed, 1);

	/* aliases merged: one finding, evidence from both sources */
	fd = finding(m, "foo-bar", "CVE-2099-0001");
	assert_ptr_equal(fd, finding(m, "foo-bar", "GHSA-vg01-0001-0001"));
	assert_int_equal(fd->nevidence, 2);
	v = vigil_match_vuln_at(m, fd->vuln);
	assert_string_equal(v->id, "CVE-2099-0001");
	assert_int_equal(v->score, 98);
	assert_int_equal(v->severity, VIGIL_CVSS_CRITICAL);
	assert_string_equal(fd->fixed, "1.2.0");
	/* the withdrawn record does not match */
	assert_null(finding(m, "foo-bar", "GHSA-vg01-0002-0002"));

	/* distro qualifiers, scopes, Go module paths */
	assert_non_null(finding(m, "openssl-deb", "DEBIAN-CVE-2099-0006"));
	assert_string_equal(comp(m, "openssl-deb")->ecosystem, "Debian:12");
	assert_non_null(finding(m, "busybox", "ALPINE-CVE-2099-0008"));
	assert_string_equal(comp(m, "busybox")->ecosystem, "Alpine:v3.20");
	assert_non_null(finding(m, "widget", "GHSA-vg01-0004-0004"));
	assert_non_null(finding(m, "gomod", "GO-2099-0005"));

	/* sorted: confirmed first, then severity */
	for (i = 1; i < vigil_match_finding_count(m); i++) {
		const vigil_match_finding *a = vigil_match_finding_at(m, i - 1);
		const vigil_match_finding *b = vigil_match_finding_at(m, i);

		assert_true(a->confirmed >= b->confirmed);
		if (a->confirmed == b->confirmed)
			assert_true(vigil_match_vuln_at(m, a->vuln)->severity >=
			    vigil_match_vuln_at(m, b->vuln)->severity);
	}
	vigil_match_free(m);
	fx_done(&f);
}

static void
test_platform_listed(void **state)
{
	struct fx f;
	vigil_match *m;

	(void)state;
	fx_store(&f, vt_data("match/feeds"));
	m = scan(f.st, vt_data("match/platform.cdx.json"), 0);
	/* with the hardware and the kernel in the SBOM, both hold */
	assert_true(finding(m, "router-fw", "CVE-2099-0102")->confirmed);
	assert_true(finding(m, "app", "CVE-2099-0103")->confirmed);
	assert_null(finding(m, "kernel", "CVE-2099-0103"));
	assert_null(finding(m, "router-hw", "CVE-2099-0102"));
	vigil_match_free(m);
	fx_done(&f);
}

/*
 * Differential: the same SBOM matched through purls only and through
 * CPEs only.  Where a component has both, the two must agree, except
 * for the disagreements docs/matching.md explains (none in this data).
 */
static void
test_differential(void **state)
{
	struct fx f;
	vigil_match *osv, *nvd;

	(void)state;
	fx_store(&f, vt_data("match/feeds"));
	osv = scan(f.st, vt_data("match/peers.cdx.json"), VIGIL_MATCH_NO_NVD);
	nvd = scan(f.st, vt_data("match/peers.cdx.json"), VIGIL_MATCH_NO_OSV);
	assert_non_null(finding(osv, "foo-bar", "CVE-2099-0001"));
	assert_non_null(finding(nvd, "foo-bar", "CVE-2099-0001"));
	assert_int_equal(finding(osv, "foo-bar", "CVE-2099-0001")->nevidence,
	    1);
	/* only through NVD */
	assert_null(finding(osv, "libcurl", "CVE-2099-0107"));
	assert_non_null(finding(nvd, "libcurl", "CVE-2099-0107"));
	/* a component with a CPE only is not evaluated without NVD */
	assert_state(osv, "gsoap", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_IDENTIFIER);
	vigil_match_free(osv);
	vigil_match_free(nvd);
	fx_done(&f);
}

static void
test_empty_store(void **state)
{
	struct fx f;
	vigil_match *m;
	vigil_match_summary s;
	vigil_error err;

	(void)state;
	f.dir = vt_mkdtemp();
	f.db = malloc(strlen(f.dir) + 8);
	snprintf(f.db, strlen(f.dir) + 8, "%s/e.db", f.dir);
	assert_int_equal(vigil_store_open(&f.st, f.db, 0, &err), 0);
	m = scan(f.st, vt_data("match/peers.cdx.json"), 0);
	vigil_match_get_summary(m, &s);
	/* nothing evaluated: never "clean" */
	assert_int_equal(s.affected + s.not_affected, 0);
	assert_int_equal(s.not_evaluated, 21);
	assert_state(m, "foo-bar", VIGIL_MATCH_NOT_EVALUATED,
	    VIGIL_MATCH_NO_DATA);
	vigil_match_free(m);
	fx_done(&f);
}

/* ---- the configuration evaluator ------------------------------------------ */

static int
plat_none(void *ctx, const vigil_cpe *crit, const struct vigil__nvdconf *c,
    size_t i, bool *found, bool *listed)
{
	(void)ctx;
	(void)crit;
	(void)c;
	(void)i;
	*found = *listed = false;
	return 0;
}

/* Every criterion of vendor "plat" is listed; FOUND says if it holds. */
static int
plat_listed(void *ctx, const vigil_cpe *crit, const struct vigil__nvdconf *c,
    size_t i, bool *found, bool *listed)
{
	(void)c;
	(void)i;
	*listed = strcmp(vigil_cpe_get(crit, VIGIL_CPE_VENDOR)->text,
	    "plat") == 0;
	*found = *listed && *(bool *)ctx;
	return 0;
}

static int
eval(const char *json, const char *cpe, const char *version,
    vigil__platform_fn fn, void *ctx)
{
	struct vigil__nvdconf *c;
	struct vigil__nvdeval ev;
	vigil_cpe *t;
	vigil_error err;

	assert_int_equal(vigil__nvdconf_parse(&c, json, strlen(json), &err),
	    0);
	assert_int_equal(vigil_cpe_parse(&t, cpe, strlen(cpe), &err), 0);
	assert_int_equal(vigil__nvdconf_eval(&ev, c, t, version, fn, ctx,
	    &err), 0);
	vigil_cpe_free(t);
	vigil__nvdconf_free(c);
	return ev.result;
}

#define APP "cpe:2.3:a:v:app:1.5:*:*:*:*:*:*:*"
#define VULN "{\"vulnerable\":true,\"criteria\":" \
	"\"cpe:2.3:a:v:app:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":\"2.0\"}"
#define PLAT "{\"vulnerable\":false,\"criteria\":" \
	"\"cpe:2.3:o:plat:os:-:*:*:*:*:*:*:*\"}"

static void
test_nvdconf_logic(void **state)
{
	bool yes = true, no = false;
	const char *and_cfg = "{\"operator\":\"AND\",\"nodes\":["
	    "{\"operator\":\"OR\",\"cpeMatch\":[" VULN "]},"
	    "{\"operator\":\"OR\",\"cpeMatch\":[" PLAT "]}]}";
	const char *neg_cfg = "{\"operator\":\"AND\",\"nodes\":["
	    "{\"operator\":\"OR\",\"cpeMatch\":[" VULN "]},"
	    "{\"operator\":\"OR\",\"negate\":true,\"cpeMatch\":[" PLAT "]}]}";
	const char *or_cfg = "{\"nodes\":[{\"operator\":\"OR\","
	    "\"cpeMatch\":[" VULN "," PLAT "]}]}";
	const char *node_and = "{\"nodes\":[{\"operator\":\"AND\","
	    "\"cpeMatch\":[" VULN "," PLAT "]}]}";

	(void)state;
	assert_int_equal(eval(and_cfg, APP, "1.5", plat_none, NULL),
	    VIGIL__UNKNOWN);
	assert_int_equal(eval(and_cfg, APP, "1.5", plat_listed, &yes),
	    VIGIL__TRUE);
	assert_int_equal(eval(and_cfg, APP, "1.5", plat_listed, &no),
	    VIGIL__FALSE);
	assert_int_equal(eval(and_cfg, APP, "2.0", plat_listed, &yes),
	    VIGIL__FALSE);
	assert_int_equal(eval(and_cfg, APP, "1.5", NULL, NULL),
	    VIGIL__UNKNOWN);
	/* negated platform node: unknown stays unknown */
	assert_int_equal(eval(neg_cfg, APP, "1.5", plat_none, NULL),
	    VIGIL__UNKNOWN);
	assert_int_equal(eval(neg_cfg, APP, "1.5", plat_listed, &yes),
	    VIGIL__FALSE);
	assert_int_equal(eval(neg_cfg, APP, "1.5", plat_listed, &no),
	    VIGIL__TRUE);
	assert_int_equal(eval(or_cfg, APP, "1.5", plat_none, NULL),
	    VIGIL__TRUE);
	assert_int_equal(eval(node_and, APP, "1.5", plat_listed, &yes),
	    VIGIL__TRUE);
	assert_int_equal(eval(node_and, APP, "1.5", plat_none, NULL),
	    VIGIL__UNKNOWN);
	/* the platform itself matches no vulnerable entry */
	assert_int_equal(eval(and_cfg, "cpe:2.3:o:plat:os:-:*:*:*:*:*:*:*",
	    "1.0", plat_listed, &yes), VIGIL__FALSE);
	/* other attributes must agree; "*" in the SBOM is unknown */
	assert_int_equal(eval(or_cfg, "cpe:2.3:a:v:app:1.5:*:*:*:*:x:*:*",
	    "1.5", plat_none, NULL), VIGIL__TRUE);
	assert_int_equal(eval(or_cfg, "cpe:2.3:a:w:app:1.5:*:*:*:*:*:*:*",
	    "1.5", plat_none, NULL), VIGIL__FALSE);
	/* exact criteria versions */
	assert_int_equal(eval("{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":"
	    "[{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:genivia:gsoap:"
	    "2.8.123e:*:*:*:*:*:*:*\"}]}]}", "cpe:2.3:a:genivia:gsoap:2.8.123e:"
	    "*:*:*:*:*:*:*", "2.8.123e", NULL, NULL), VIGIL__TRUE);
	assert_int_equal(eval("{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":"
	    "[{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:genivia:gsoap:"
	    "2.8.123:*:*:*:*:*:*:*\"}]}]}", "cpe:2.3:a:genivia:gsoap:2.8.123e:"
	    "*:*:*:*:*:*:*", "2.8.123e", NULL, NULL), VIGIL__FALSE);
	/* a configuration without nodes holds nothing */
	assert_int_equal(eval("{\"nodes\":[]}", APP, "1.5", NULL, NULL),
	    VIGIL__FALSE);
}

static void
test_nvdconf_invalid(void **state)
{
	static const char *const bad[] = {
		"", "[]", "{}", "{\"nodes\":{}}", "{\"nodes\":[{}]}",
		"{\"operator\":\"XOR\",\"nodes\":[]}",
		"{\"nodes\":[{\"cpeMatch\":[{\"criteria\":\"cpe:2.3:a:v:p:*:*:"
		    "*:*:*:*:*:*\"}]}]}",
		"{\"nodes\":[{\"cpeMatch\":[{\"vulnerable\":true,"
		    "\"criteria\":\"cpe:2.3:a:v\"}]}]}",
		"{\"nodes\":[{\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":"
		    "\"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":"
		    "5}]}]}",
		"{\"nodes\":[{\"negate\":\"yes\",\"cpeMatch\":[]}]}",
		"{\"nodes\":[],\"nodes\":[]}",
		"{\"nodes\":[{\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":"
		    "\"cpe:2.3:a:v:p:*:*:*:*:*:*:*:*\",\"versionEndExcluding\":"
		    "\"a\\u0000b\"}]}]}",
	};
	struct vigil__nvdconf *c;
	vigil_error err;
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(bad); i++) {
		c = NULL;
		if (vigil__nvdconf_parse(&c, bad[i], strlen(bad[i]), &err) !=
		    VIGIL_EINVALID)
			fail_msg("accepted: %s", bad[i]);
		assert_null(c);
		assert_true(err.msg[0] != '\0');
	}
}

/* ---- identity map and ecosystems ------------------------------------------ */

static void
test_identity(void **state)
{
	char part[2], vendor[64], product[64];
	static const char *const names[] = {
		"openssl", "zlib", "curl", "libcurl", "busybox", "linux",
		"glibc", "musl", "sqlite", "libxml2", "expat", "openssh",
		"dropbear", "mbedtls", "wolfssl", "gnutls", "lwip", "freertos",
		"zephyr", "u-boot", "systemd", "bluez", "dnsmasq", "libssl3",
		"zlib1g", "libcurl4", "libc6"
	};
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(names); i++)
		if (vigil_match_identity(names[i], 0, part, vendor, product,
		    sizeof(vendor)) != 1)
			fail_msg("%s not in the identity map", names[i]);
	assert_int_equal(vigil_match_identity("LibCurl", 0, part, vendor,
	    product, sizeof(vendor)), 1);
	assert_string_equal(vendor, "haxx");
	assert_string_equal(product, "curl");
	assert_int_equal(vigil_match_identity("libcurl", 1, part, vendor,
	    product, sizeof(vendor)), 1);
	assert_string_equal(product, "libcurl");
	assert_int_equal(vigil_match_identity("libcurl", 2, part, vendor,
	    product, sizeof(vendor)), 0);
	assert_int_equal(vigil_match_identity("linux", 0, part, vendor,
	    product, sizeof(vendor)), 1);
	assert_string_equal(part, "o");
	assert_int_equal(vigil_match_identity("nx", 0, part, vendor, product,
	    sizeof(vendor)), 0);
	assert_int_equal(vigil_match_identity("core", 0, part, vendor,
	    product, sizeof(vendor)), 0);
	assert_int_equal(vigil_match_identity("", 0, part, vendor, product,
	    sizeof(vendor)), 0);
	assert_int_equal(vigil_match_identity(NULL, 0, part, vendor, product,
	    sizeof(vendor)), 0);
	/* too small a buffer is "not found", never a truncation */
	assert_int_equal(vigil_match_identity("expat", 0, part, vendor,
	    product, 4), 0);
	assert_true(vigil_match_identity_allowed(NULL));
	assert_true(vigil_match_identity_allowed("generic"));
	assert_true(vigil_match_identity_allowed("deb"));
	assert_false(vigil_match_identity_allowed("npm"));
	assert_false(vigil_match_identity_allowed("maven"));
	assert_false(vigil_match_identity_allowed("pypi"));
}

static void
test_ecosystems(void **state)
{
	static const struct {
		const char *purl, *eco, *name;
	} ok[] = {
		{"pkg:pypi/Foo_Bar@1", "PyPI", "foo-bar"},
		{"pkg:npm/%40scope/pkg@1", "npm", "@scope/pkg"},
		{"pkg:maven/org.a/b@1", "Maven", "org.a:b"},
		{"pkg:golang/github.com/a/b@v1", "Go", "github.com/a/b"},
		{"pkg:deb/debian/libssl3@1?distro=debian-12&upstream=openssl",
		    "Debian:12", "openssl"},
		{"pkg:deb/debian/zlib1g@1?distro=bookworm", "Debian:12",
		    "zlib1g"},
		{"pkg:deb/ubuntu/zlib1g@1?distro=ubuntu-22.04", "Ubuntu:22.04",
		    "zlib1g"},
		{"pkg:apk/alpine/busybox@1?distro=3.20.3", "Alpine:v3.20",
		    "busybox"},
		{"pkg:apk/alpine/busybox@1?distro=alpine-3.18",
		    "Alpine:v3.18", "busybox"},
		{"pkg:rpm/almalinux/bash@1?distro=almalinux-9.2",
		    "AlmaLinux:9", "bash"},
		{"pkg:rpm/redhat/bash@1", "Red Hat", "bash"},
		{"pkg:cargo/serde@1", "crates.io", "serde"},
		{"pkg:composer/a/b@1", "Packagist", "a/b"},
	};
	static const char *const bad[] = {
		"pkg:generic/openssl@1", "pkg:deb/debian/zlib1g@1",
		"pkg:apk/alpine/busybox@1?distro=edge", "pkg:deb/kali/x@1",
		"pkg:foo/bar@1", "pkg:rpm/fedora/x@1"
	};
	char eco[256], name[256];
	vigil_purl *p;
	size_t i;

	(void)state;
	for (i = 0; i < VGX_ARRAY_SIZE(ok); i++) {
		assert_int_equal(vigil_purl_parse(&p, ok[i].purl,
		    strlen(ok[i].purl), 0, NULL), 0);
		if (vigil__purl_ecosystem(p, eco, name, sizeof(eco)) != 0)
			fail_msg("%s: %s", ok[i].purl, eco);
		assert_string_equal(eco, ok[i].eco);
		assert_string_equal(name, ok[i].name);
		vigil_purl_free(p);
	}
	for (i = 0; i < VGX_ARRAY_SIZE(bad); i++) {
		assert_int_equal(vigil_purl_parse(&p, bad[i], strlen(bad[i]),
		    0, NULL), 0);
		assert_int_equal(vigil__purl_ecosystem(p, eco, name,
		    sizeof(eco)), VIGIL_ENOTFOUND);
		assert_true(eco[0] != '\0');
		vigil_purl_free(p);
	}
}

/* ---- shared test data ------------------------------------------------------ */

/*
 * End to end on the shared test data, read in place: a store of the real
 * OSV records, the KEV catalog and grype's NVD configuration edge cases.
 */
static void
shared_store(struct fx *f, const char *osv, const char *kev, const char *nvd)
{
	vigil_feed_opts fo = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats stats;
	vigil_error err;
	const char *paths[3];
	size_t i, n;

	paths[0] = osv;
	paths[1] = kev;
	paths[2] = nvd;
	f->dir = vt_mkdtemp();
	n = strlen(f->dir) + 16;
	f->db = malloc(n);
	snprintf(f->db, n, "%s/s.db", f->dir);
	memset(&stats, 0, sizeof(stats));
	assert_int_equal(vigil_store_open(&f->st, f->db, 0, &err), 0);
	for (i = 0; i < 3; i++)
		(void)vigil_feed_import_path(&stats, f->st, paths[i], &fo,
		    &err);
	/* grype's invalid_cpe.json is the one record rejected */
	assert_int_equal(stats.rejected, 1);
	assert_true(stats.added > 2000);
	vigil_store_close(f->st);
	assert_int_equal(vigil_store_open(&f->st, f->db, VIGIL_STORE_READONLY,
	    &err), 0);
}

static void
test_shared_e2e(void **state)
{
	const char *osv, *kev, *nvd, *bridge, *keycloak;
	vigil_match_summary s;
	struct fx f;
	vigil_match *m;
	size_t i;

	(void)state;
	TESTDATA_OR_SKIP(osv, "osv-records");
	TESTDATA_OR_SKIP(kev, "cisa-kev/known_exploited_vulnerabilities.json");
	TESTDATA_OR_SKIP(nvd, "anchore-grype/grype/db/v6/build/transformers/"
	    "nvd/testdata");
	shared_store(&f, osv, kev, nvd);

	/* grype's NVD edge cases, without and with the Windows platform */
	m = scan(f.st, vt_data("match/grype-nvd.cdx.json"), 0);
	assert_true(finding(m, "kernel", "CVE-2024-26663")->confirmed);
	assert_false(finding(m, "go", "CVE-2023-45283")->confirmed);
	assert_false(finding(m, "rpa", "CVE-2023-38733")->confirmed);
	/* firefox 108 is listed as not vulnerable next to the range */
	assert_null(finding(m, "firefox", "CVE-2025-30331111111"));
	assert_int_equal(comp(m, "go")->state, VIGIL_MATCH_NOT_AFFECTED);
	vigil_match_free(m);
	m = scan(f.st, vt_data("match/grype-nvd-windows.cdx.json"), 0);
	assert_true(finding(m, "go", "CVE-2023-45283")->confirmed);
	assert_string_equal(finding(m, "go", "CVE-2023-45283")->fixed,
	    "1.20.11");
	assert_true(finding(m, "rpa", "CVE-2023-38733")->confirmed);
	assert_null(finding(m, "windows", "CVE-2023-45283"));
	vigil_match_free(m);

	/* a real Go SBOM against the Go vulnerability database records */
	if (vt_testdata("cyclonedx-bom-examples") != NULL) {
		TESTDATA_OR_SKIP(bridge, "cyclonedx-bom-examples/SBOM/"
		    "proton-bridge/proton-bridge-v1.6.3.bom.json");
		m = scan(f.st, bridge, 0);
		vigil_match_get_summary(m, &s);
		assert_int_equal(s.components, 201);
		assert_int_equal(s.affected + s.not_affected + s.not_evaluated,
		    s.components);
		assert_non_null(finding(m, "pkg:golang/golang.org/x/net@"
		    "v0.0.0-20200707034311-ab3426394381", "GO-2022-0969"));
		assert_non_null(finding(m, "pkg:golang/github.com/kataras/iris/"
		    "v12@v12.1.8", "CVE-2021-23772"));
		for (i = 0; i < vigil_match_finding_count(m); i++)
			assert_true(vigil_match_finding_at(m, i)->nevidence >=
			    1);
		vigil_match_free(m);
		/* Maven only, and the store has no Maven data: nothing
		 * evaluated, every component says why */
		TESTDATA_OR_SKIP(keycloak, "cyclonedx-bom-examples/SBOM/"
		    "keycloak-10.0.2/bom.json");
		m = scan(f.st, keycloak, 0);
		vigil_match_get_summary(m, &s);
		assert_int_equal(s.affected + s.not_affected, 0);
		assert_int_equal(s.reasons[VIGIL_MATCH_NO_DATA],
		    s.components);
		vigil_match_free(m);
	}
	fx_done(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_peers),
		cmocka_unit_test(test_platform_listed),
		cmocka_unit_test(test_differential),
		cmocka_unit_test(test_empty_store),
		cmocka_unit_test(test_nvdconf_logic),
		cmocka_unit_test(test_nvdconf_invalid),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_ecosystems),
		cmocka_unit_test(test_shared_e2e),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
