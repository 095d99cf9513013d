/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The scan: components in, findings and coverage out.  vigil_match_add()
 * keeps a compact copy of each component (strings in an arena) with its
 * keys; vigil_match_run() sorts the keys, asks the store once per distinct
 * key (OSV ecosystem and package; NVD vendor and product), evaluates the
 * ranges or configurations found for every component with that key,
 * merges the matched records per alias group and enriches each group once.
 * Memory is the components' copies plus what is found; the store's
 * answers are evaluated as they stream by.
 */
#include <stdlib.h>
#include <string.h>

#include "vgx.h"
#include "matchint.h"
#include "../store/storeint.h"
#include "vigil/range.h"
#include "vigil/version.h"

#define ARENA_CHUNK ((size_t)64 << 10)
#define KEYMAX 512

struct chunk {
	struct chunk *next;
	size_t used, cap;
	char data[];
};

/* A CPE of a component. */
struct ckey {
	uint32_t comp;
	const char *fs;
	const char *vendor, *product;	/* lower case */
	const char *version;		/* compared (generic scheme) */
	bool mapped;
	vigil_cpe *cpe;			/* parsed on first use */
};

struct comp {
	vigil_match_component pub;
	const char *eco, *pkg, *norm, *over;	/* OSV key and version */
	int osv;		/* -1 no OSV key, else a vigil_match_reason */
	const char *osv_detail;
	int nvd;		/* -1 no CPE, else a vigil_match_reason */
	const char *nvd_detail;
	bool no_version;	/* the component says "-", "*" or nothing */
	bool distro;		/* a deb, rpm or apk purl */
};

struct rawf {
	uint32_t comp;
	uint32_t vuln;
	int64_t group;
	bool confirmed;
	const char *source, *record, *match, *note, *fixed;
};

struct vuln {
	vigil_match_vuln pub;
	int64_t group;
	const char **aliases;
	size_t naliases, cap;
	int cvss_rank;
};

struct okey {
	const char *eco, *norm;
	uint32_t comp;
};

struct vigil_match {
	vigil_store *st;
	unsigned flags;
	bool ran;
	struct chunk *arena;
	struct comp *c;
	size_t nc, capc;
	struct ckey *k;
	size_t nk, capk;
	struct rawf *f;
	size_t nf, capf;
	struct vuln *v;
	size_t nv, capv;
	vigil_match_finding *out;
	size_t nout;
	vigil_match_evidence *ev;
	size_t queries;
	bool have_nvd;
	/* the OSV group being evaluated */
	size_t g0, g1;
	struct okey *order;
	vigil_range r;
	int oom;
};

static const char *const state_names[] = {
	"affected", "not_affected", "not_evaluated"
};
static const char *const reason_names[] = {
	"evaluated", "no_identifier", "unknown_ecosystem",
	"unparseable_version", "no_version", "no_data_for_ecosystem"
};

const char *
vigil_match_state_name(vigil_match_state s)
{
	return (unsigned)s < VGX_ARRAY_SIZE(state_names) ? state_names[s] :
	    "unknown";
}

const char *
vigil_match_reason_name(vigil_match_reason r)
{
	return (unsigned)r < VGX_ARRAY_SIZE(reason_names) ? reason_names[r] :
	    "unknown";
}

/* ---- arena and growth ---------------------------------------------------- */

static char *
anew(vigil_match *m, size_t n)
{
	struct chunk *ch = m->arena;

	n = (n + 7) & ~(size_t)7;
	if (ch == NULL || ch->cap - ch->used < n) {
		size_t cap = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		if ((ch = vgx_malloc(sizeof(*ch) + cap)) == NULL)
			return NULL;
		ch->next = m->arena;
		ch->used = 0;
		ch->cap = cap;
		m->arena = ch;
	}
	ch->used += n;
	return ch->data + ch->used - n;
}

static const char *
astrn(vigil_match *m, const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	if ((p = anew(m, n + 1)) == NULL) {
		m->oom = 1;
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static const char *
astr(vigil_match *m, const char *s)
{
	return s == NULL ? NULL : astrn(m, s, strlen(s));
}

static int
grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t nc = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (nc < need)
		nc *= 2;
	if ((q = vgx_reallocarray(*p, nc, size)) == NULL)
		return VIGIL_ENOMEM;
	*p = q;
	*cap = nc;
	return 0;
}

/* ---- adding components --------------------------------------------------- */

int
vigil_match_new(vigil_match **out, vigil_store *st,
    const vigil_match_opts *opts, vigil_error *err)
{
	vigil_match *m;

	*out = NULL;
	if ((m = vgx_calloc(1, sizeof(*m))) == NULL)
		return vigil__error_oom(err);
	m->st = st;
	m->flags = opts != NULL ? opts->flags : 0;
	*out = m;
	return 0;
}

static bool
version_missing(const char *v)
{
	return v == NULL || v[0] == '\0' || strcmp(v, "-") == 0 ||
	    strcmp(v, "*") == 0;
}

/* The upstream part of a distro version: no epoch, no revision. */
static const char *
upstream_version(vigil_match *m, const char *type, const char *v)
{
	const char *s, *e;

	if (type == NULL || (strcmp(type, "deb") != 0 &&
	    strcmp(type, "rpm") != 0 && strcmp(type, "apk") != 0))
		return v;
	s = strchr(v, ':');
	s = s != NULL ? s + 1 : v;
	e = strrchr(s, '-');
	if (e == NULL)
		e = s + strlen(s);
	if (strcmp(type, "deb") == 0 && (size_t)(e - s) > strcspn(s, "+~"))
		e = s + strcspn(s, "+~");
	return astrn(m, s, (size_t)(e - s));
}

static int
add_cpe(vigil_match *m, struct comp *c, const char *fs, bool mapped,
    const char *version, vigil_error *err)
{
	vigil_cpe *cpe = NULL;
	const vigil_cpe_av *av;
	struct ckey *k;
	char low[2][256];
	size_t i, j;

	if (vigil_cpe_parse(&cpe, fs, strlen(fs), NULL) < 0) {
		if (c->nvd < 0) {
			c->nvd = VIGIL_MATCH_NO_IDENTIFIER;
			c->nvd_detail = "its CPE is not a valid CPE name";
		}
		return 0;
	}
	for (i = 0; i < 2; i++) {
		av = vigil_cpe_get(cpe, i == 0 ? VIGIL_CPE_VENDOR :
		    VIGIL_CPE_PRODUCT);
		if (av->kind != VIGIL_CPE_VALUE || av->lead != 0 ||
		    av->trail != 0 || strlen(av->text) >= sizeof(low[i])) {
			vigil_cpe_free(cpe);
			if (c->nvd < 0) {
				c->nvd = VIGIL_MATCH_NO_IDENTIFIER;
				c->nvd_detail = "its CPE names no vendor and "
				    "product";
			}
			return 0;
		}
		for (j = 0; av->text[j] != '\0'; j++)
			low[i][j] = (char)vgx_tolower((unsigned char)av->text[j]);
		low[i][j] = '\0';
	}
	if (version == NULL) {
		av = vigil_cpe_get(cpe, VIGIL_CPE_VERSION);
		version = av->kind == VIGIL_CPE_VALUE && av->lead == 0 &&
		    av->trail == 0 ? av->text : NULL;
	}
	if (grow(&m->k, &m->capk, m->nk + 1, sizeof(*m->k)) < 0) {
		vigil_cpe_free(cpe);
		return vigil__error_oom(err);
	}
	k = &m->k[m->nk];
	memset(k, 0, sizeof(*k));
	k->comp = (uint32_t)(c - m->c);
	k->fs = astr(m, vigil_cpe_fs(cpe));
	k->vendor = astr(m, low[0]);
	k->product = astr(m, low[1]);
	k->version = version_missing(version) ? NULL : astr(m, version);
	k->mapped = mapped;
	vigil_cpe_free(cpe);
	if (m->oom)
		return vigil__error_oom(err);
	m->nk++;
	if (c->pub.cpe == NULL) {
		c->pub.cpe = k->fs;
		c->pub.cpe_mapped = mapped;
	}
	c->nvd = VIGIL_MATCH_EVALUATED;	/* for now: decided in run */
	return 0;
}

int
vigil_match_add(vigil_match *m, const vigil_sbom_component *sc,
    vigil_error *err)
{
	vigil_purl *purl = NULL;
	struct comp *c;
	const char *version, *type = NULL, *idname;
	size_t i, ncpe = 0;
	int rc;

	if (m->ran)
		return vigil__error(err, VIGIL_EINVALID, "scan already run");
	if (m->nc >= VIGIL_MATCH_MAX_COMPONENTS)
		return vigil__error(err, VIGIL_ETOOBIG, "more than %u "
		    "components", VIGIL_MATCH_MAX_COMPONENTS);
	if (grow(&m->c, &m->capc, m->nc + 1, sizeof(*m->c)) < 0)
		return vigil__error_oom(err);
	c = &m->c[m->nc];
	memset(c, 0, sizeof(*c));
	c->osv = -1;
	c->nvd = -1;
	c->pub.index = sc->index;
	c->pub.ref = astr(m, sc->ref);
	c->pub.name = astr(m, sc->name);
	c->pub.purl = astr(m, sc->purl);
	m->nc++;
	if (sc->purl != NULL && vigil_purl_parse(&purl, sc->purl,
	    strlen(sc->purl), 0, NULL) < 0) {
		c->osv = VIGIL_MATCH_NO_IDENTIFIER;
		c->osv_detail = "its purl is not a valid purl";
		purl = NULL;
	}
	version = purl != NULL && purl->version != NULL ? purl->version :
	    sc->version;
	c->no_version = version_missing(version);
	c->pub.version = c->no_version ? NULL : astr(m, version);
	if (purl != NULL) {
		char eco[KEYMAX], name[KEYMAX], norm[KEYMAX];

		type = astr(m, purl->type);
		c->distro = strcmp(type, "deb") == 0 ||
		    strcmp(type, "rpm") == 0 || strcmp(type, "apk") == 0;
		if (vigil__purl_ecosystem(purl, eco, name, sizeof(eco)) < 0) {
			c->osv = VIGIL_MATCH_UNKNOWN_ECOSYSTEM;
			c->osv_detail = astr(m, eco);
		} else if (vigil_store_name_normalize(norm, sizeof(norm), eco,
		    name, strlen(name)) < 0) {
			c->osv = VIGIL_MATCH_NO_IDENTIFIER;
			c->osv_detail = "its package name is empty or too long";
		} else {
			const char *v = c->pub.version;

			/* Go versions are written "v1.2.3" in purls and
			 * "1.2.3" in OSV. */
			if (v != NULL && strcmp(eco, "Go") == 0 && v[0] == 'v')
				v++;
			c->eco = astr(m, eco);
			c->pkg = astr(m, name);
			c->norm = astr(m, norm);
			c->over = v;
			c->pub.ecosystem = c->eco;
			c->osv = VIGIL_MATCH_EVALUATED;	/* decided in run */
		}
	}
	for (i = 0; i < sc->ncpes && i < VIGIL_MATCH_MAX_CPES; i++) {
		if ((rc = add_cpe(m, c, sc->cpes[i], false, c->no_version ?
		    NULL : c->pub.version, err)) < 0)
			goto out;
		ncpe++;
	}
	/* No CPE of its own: the identity map, for C and embedded
	 * software only. */
	idname = purl != NULL ? purl->name : sc->name;
	if (ncpe == 0 && idname != NULL && vigil_match_identity_allowed(type)) {
		char part[2], vendor[128], product[128];
		const char *uv = c->no_version ? NULL :
		    upstream_version(m, type, c->pub.version);

		for (i = 0; i < VIGIL_MATCH_MAX_CPES && vigil_match_identity(
		    idname, i, part, vendor, product, sizeof(vendor)); i++) {
			char fs[640], qv[260];	/* fs holds the longest CPE these make */
			size_t o = 0, q;

			/* the version, quoted as a CPE value */
			for (q = 0; uv != NULL && uv[q] != '\0' && o + 3 <
			    sizeof(qv); q++) {
				if (!vgx_isalnum((unsigned char)uv[q]) &&
				    strchr("._-", uv[q]) == NULL)
					qv[o++] = '\\';
				qv[o++] = uv[q];
			}
			qv[o] = '\0';
			if ((size_t)snprintf(fs, sizeof(fs), "cpe:2.3:%s:%s:%s:%s:"
			    "*:*:*:*:*:*:*", part, vendor, product, o > 0 ? qv :
			    "-") >= sizeof(fs))
				continue;	/* cannot happen: FS is large enough */
			if ((rc = add_cpe(m, c, fs, true, uv != NULL ? uv :
			    "-", err)) < 0)
				goto out;
		}
	}
	rc = m->oom ? vigil__error_oom(err) : 0;
out:
	vigil_purl_free(purl);
	return rc;
}

/* ---- findings ------------------------------------------------------------ */

static int
add_finding(vigil_match *m, uint32_t comp, bool confirmed, const char *src,
    const char *record, const char *match, const char *note,
    const char *fixed)
{
	struct rawf *f;

	if (grow(&m->f, &m->capf, m->nf + 1, sizeof(*m->f)) < 0)
		return VIGIL_ENOMEM;
	f = &m->f[m->nf];
	f->comp = comp;
	f->vuln = 0;
	f->group = 0;
	f->confirmed = confirmed;
	f->source = src;
	f->record = astr(m, record);
	f->match = astr(m, match);
	f->note = astr(m, note);
	f->fixed = astr(m, fixed);
	if (m->oom)
		return VIGIL_ENOMEM;
	m->nf++;
	return 0;
}

/* ---- OSV ----------------------------------------------------------------- */

static int
cmp_okey(const void *a, const void *b)
{
	const struct okey *x = a, *y = b;
	int d = strcmp(x->eco, y->eco);

	if (d == 0)
		d = strcmp(x->norm, y->norm);
	return d != 0 ? d : (x->comp > y->comp) - (x->comp < y->comp);
}

static bool
same_okey(const struct okey *x, const struct okey *y)
{
	return strcmp(x->eco, y->eco) == 0 && strcmp(x->norm, y->norm) == 0;
}

/* The fixed version: the exclusive upper bound of the interval holding V. */
static const char *
fixed_of(vigil_match *m, const vigil_range *r, const char *v)
{
	size_t i, n = vigil_range_count(r);

	for (i = 0; i < n; i++) {
		const char *lo, *hi;
		size_t lolen, hilen;
		bool loi, hii;
		int c;

		vigil_range_interval(r, i, &lo, &lolen, &loi, &hi, &hilen,
		    &hii);
		if (hi == NULL || hii)
			continue;
		if (lo != NULL && (vigil_version_compare(&c, r->scheme, v,
		    strlen(v), lo, lolen, NULL) < 0 || c < 0 ||
		    (c == 0 && !loi)))
			continue;
		if (vigil_version_compare(&c, r->scheme, v, strlen(v), hi,
		    hilen, NULL) < 0 || c >= 0)
			continue;
		return astrn(m, hi, hilen);
	}
	return NULL;
}

static int
osv_entry(void *payload, const vigil_store_affected *a)
{
	vigil_match *m = payload;
	vgx_buf b;
	size_t i;
	int rc = 0;

	vgx_buf_init(&b, (size_t)1 << 20);
	vgx_buf_adds(&b, "{\"package\":{\"ecosystem\":");
	/* ecosystem and name come from the store, which checked them as
	 * JSON strings; write them back escaped. */
	{
		const char *s[2] = { a->ecosystem, a->name };
		size_t j;

		for (j = 0; j < 2; j++) {
			const char *p;

			vgx_buf_addc(&b, '"');
			for (p = s[j]; *p != '\0'; p++) {
				if (*p == '"' || *p == '\\')
					vgx_buf_addc(&b, '\\');
				if ((unsigned char)*p < 0x20)
					vgx_buf_printf(&b, "\\u%04x",
					    (unsigned char)*p);
				else
					vgx_buf_addc(&b, *p);
			}
			vgx_buf_addc(&b, '"');
			if (j == 0)
				vgx_buf_adds(&b, ",\"name\":");
		}
	}
	vgx_buf_printf(&b, "},\"ranges\":%s,\"versions\":%s}", a->ranges,
	    a->versions);
	if (b.ptr == NULL) {
		vgx_buf_dispose(&b);
		return VIGIL_ENOMEM;
	}
	if (vigil_range_parse_osv(&m->r, b.ptr, b.len, NULL) < 0) {
		/* GIT-only or unreadable: nothing to compare here. */
		vgx_buf_dispose(&b);
		return 0;
	}
	vgx_buf_dispose(&b);
	for (i = m->g0; i < m->g1 && rc == 0; i++) {
		struct comp *c = &m->c[m->order[i].comp];
		char vers[2048], match[2600];
		bool in = false;

		if (c->osv != VIGIL_MATCH_EVALUATED)
			continue;
		if (vigil_range_contains(&in, &m->r, c->over, strlen(c->over),
		    NULL) < 0 || !in)
			continue;
		if (vigil_range_to_vers(vers, sizeof(vers), NULL, &m->r,
		    NULL) < 0)
			snprintf(vers, sizeof(vers), "(ranges too long to "
			    "show)");
		snprintf(match, sizeof(match), "%s/%s %s", a->ecosystem,
		    a->name, vers);
		rc = add_finding(m, m->order[i].comp, true, "osv", a->id, match,
		    NULL, fixed_of(m, &m->r, c->over));
	}
	return rc;
}

static int
row_exists(void *ctx, vigil_store *st, void *stmt)
{
	(void)st;
	(void)stmt;
	*(bool *)ctx = true;
	return 1;
}

/* Whether the store has any advisory for ECO ("PyPI", "Debian:12"). */
static int
eco_has_data(bool *out, vigil_match *m, const char *eco, vigil_error *err)
{
	int rc;

	*out = false;
	m->queries++;
	if (strchr(eco, ':') == NULL)
		rc = vigil__store_query1(m->st, "SELECT 1 FROM affected "
		    "WHERE eco_base = ? LIMIT 1", eco, row_exists, out, err);
	else {
		/* The base ("Debian") cut here: instr() is not portable SQL
		 * (PostgreSQL has none). */
		char base[64];
		const char *args[2];

		snprintf(base, sizeof(base), "%.*s", (int)strcspn(eco, ":"),
		    eco);
		args[0] = base;
		args[1] = eco;
		rc = vigil__store_queryv(m->st, "SELECT 1 FROM affected "
		    "WHERE eco_base = ? AND ecosystem = ? LIMIT 1", args, 2,
		    row_exists, out, err);
	}
	return rc < 0 ? rc : 0;
}

static int
run_osv(vigil_match *m, vigil_error *err)
{
	size_t i, n = 0, g;
	const char *eco = NULL;
	bool has = false;
	const vigil_scheme *scheme = NULL;
	int rc;

	for (i = 0; i < m->nc; i++) {
		if (m->c[i].osv != VIGIL_MATCH_EVALUATED)
			continue;
		m->order[n].eco = m->c[i].eco;
		m->order[n].norm = m->c[i].norm;
		m->order[n++].comp = (uint32_t)i;
	}
	if (n > 1)
		qsort(m->order, n, sizeof(*m->order), cmp_okey);
	for (g = 0; g < n; g = m->g1) {
		struct comp *c0 = &m->c[m->order[g].comp];

		for (m->g1 = g + 1; m->g1 < n && same_okey(&m->order[g],
		    &m->order[m->g1]); m->g1++)
			;
		m->g0 = g;
		if (eco == NULL || strcmp(eco, c0->eco) != 0) {
			eco = c0->eco;
			if ((rc = eco_has_data(&has, m, eco, err)) < 0)
				return rc;
			scheme = vigil_scheme_find(eco, strlen(eco));
		}
		for (i = g; i < m->g1; i++) {
			struct comp *c = &m->c[m->order[i].comp];
			vigil_error verr;

			if (!has) {
				c->osv = VIGIL_MATCH_NO_DATA;
				c->osv_detail = "the store has no advisories "
				    "for its ecosystem";
			} else if (scheme == NULL) {
				c->osv = VIGIL_MATCH_UNKNOWN_ECOSYSTEM;
				c->osv_detail = "vigil has no version scheme "
				    "for its ecosystem";
			} else if (c->no_version) {
				c->osv = VIGIL_MATCH_NO_VERSION;
			} else if (vigil_version_validate(scheme, c->over,
			    strlen(c->over), &verr) < 0) {
				c->osv = VIGIL_MATCH_UNPARSEABLE_VERSION;
				c->osv_detail = astr(m, verr.msg);
			}
		}
		if (!has || scheme == NULL)
			continue;
		m->queries++;
		if ((rc = vigil_store_affected_for(m->st, c0->eco, c0->pkg,
		    osv_entry, m, err)) != 0)
			return rc == VIGIL_ENOMEM ? vigil__error_oom(err) : rc;
	}
	return 0;
}

/* ---- NVD ----------------------------------------------------------------- */

static int
cmp_ckey(const void *a, const void *b)
{
	const struct ckey *x = a, *y = b;
	int d = strcmp(x->vendor, y->vendor);

	if (d == 0)
		d = strcmp(x->product, y->product);
	return d != 0 ? d : (x->comp > y->comp) - (x->comp < y->comp);
}

static vigil_cpe *
ckey_cpe(struct ckey *k)
{
	if (k->cpe == NULL)
		(void)vigil_cpe_parse(&k->cpe, k->fs, strlen(k->fs), NULL);
	return k->cpe;
}

/* First key with VENDOR:PRODUCT, or m->nk. */
static size_t
ckey_find(const vigil_match *m, const char *vendor, const char *product)
{
	size_t lo = 0, hi = m->nk;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(m->k[mid].vendor, vendor);

		if (d == 0)
			d = strcmp(m->k[mid].product, product);
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct nvdctx {
	vigil_match *m;
	size_t g0, g1;
	vigil_error *err;
};

static int
platform(void *ctx, const vigil_cpe *crit, const struct vigil__nvdconf *c,
    size_t idx, bool *found, bool *listed)
{
	vigil_match *m = ctx;
	const vigil_cpe_av *v = vigil_cpe_get(crit, VIGIL_CPE_VENDOR);
	const vigil_cpe_av *p = vigil_cpe_get(crit, VIGIL_CPE_PRODUCT);
	char vendor[256], product[256];
	size_t i, j;

	*found = *listed = false;
	if (v->kind != VIGIL_CPE_VALUE || p->kind != VIGIL_CPE_VALUE ||
	    v->lead || v->trail || p->lead || p->trail ||
	    strlen(v->text) >= sizeof(vendor) ||
	    strlen(p->text) >= sizeof(product))
		return 0;
	for (j = 0; v->text[j] != '\0'; j++)
		vendor[j] = (char)vgx_tolower((unsigned char)v->text[j]);
	vendor[j] = '\0';
	for (j = 0; p->text[j] != '\0'; j++)
		product[j] = (char)vgx_tolower((unsigned char)p->text[j]);
	product[j] = '\0';
	for (i = ckey_find(m, vendor, product); i < m->nk &&
	    strcmp(m->k[i].vendor, vendor) == 0 &&
	    strcmp(m->k[i].product, product) == 0; i++) {
		vigil_cpe *cand = ckey_cpe(&m->k[i]);

		*listed = true;
		if (cand != NULL && vigil__nvdconf_satisfies((struct vigil__nvdconf *)
		    (uintptr_t)c, idx, cand, m->k[i].version)) {
			*found = true;
			return 0;
		}
	}
	return 0;
}

static int
nvd_config(void *payload, const vigil_store_config *sc)
{
	struct nvdctx *x = payload;
	vigil_match *m = x->m;
	struct vigil__nvdconf *conf;
	size_t i;
	int rc = 0;

	if (vigil__nvdconf_parse(&conf, sc->config, strlen(sc->config),
	    NULL) < 0)
		return 0;	/* the importer checked it; skip if not */
	for (i = x->g0; i < x->g1 && rc == 0; i++) {
		struct ckey *k = &m->k[i];
		struct comp *c = &m->c[k->comp];
		struct vigil__nvdeval ev;
		vigil_cpe *t;
		char *desc, note[700];

		if (c->nvd != VIGIL_MATCH_EVALUATED || k->version == NULL ||
		    (t = ckey_cpe(k)) == NULL)
			continue;
		if ((rc = vigil__nvdconf_eval(&ev, conf, t, k->version,
		    platform, m, x->err)) < 0)
			break;
		if (ev.hit < 0 || ev.result == VIGIL__FALSE)
			continue;
		if ((desc = vigil__nvdconf_describe(conf, (size_t)ev.hit)) ==
		    NULL) {
			rc = VIGIL_ENOMEM;
			break;
		}
		note[0] = '\0';
		if (ev.result == VIGIL__UNKNOWN && ev.missing >= 0)
			snprintf(note, sizeof(note), "needs %s, which the SBOM "
			    "does not list", vigil_cpe_fs(
			    vigil__nvdconf_criteria(conf, (size_t)ev.missing)));
		rc = add_finding(m, k->comp, ev.result == VIGIL__TRUE, "nvd",
		    sc->cve, desc, note[0] != '\0' ? note : NULL,
		    vigil__nvdconf_fixed(conf, (size_t)ev.hit));
		vgx_free(desc);
	}
	vigil__nvdconf_free(conf);
	return rc;
}

/*
 * Distributions backport fixes without changing the upstream version, so
 * a distro package evaluated through its distribution's OSV data does not
 * also get NVD's upstream ranges through a CPE from the identity map.
 */
static void
drop_distro_cpes(vigil_match *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->nk; i++) {
		struct comp *c = &m->c[m->k[i].comp];

		if (m->k[i].mapped && c->distro &&
		    c->osv == VIGIL_MATCH_EVALUATED) {
			c->nvd = -1;
			c->pub.cpe = NULL;
			c->pub.cpe_mapped = false;
			continue;
		}
		m->k[n++] = m->k[i];
	}
	m->nk = n;
}

static int
run_nvd(vigil_match *m, vigil_error *err)
{
	const vigil_scheme *generic = vigil_scheme_find("generic", 7);
	struct nvdctx x;
	size_t i, g1;
	int rc;

	drop_distro_cpes(m);

	if (m->nk > 1)
		qsort(m->k, m->nk, sizeof(*m->k), cmp_ckey);
	m->queries++;
	if ((rc = vigil__store_query1(m->st, "SELECT 1 FROM nvd_config "
	    "LIMIT 1", NULL, row_exists, &m->have_nvd, err)) < 0)
		return rc;
	/* The component's state for the CPE path, from all its CPEs. */
	for (i = 0; i < m->nk; i++) {
		struct ckey *k = &m->k[i];
		struct comp *c = &m->c[k->comp];
		vigil_error verr;

		if (c->nvd != VIGIL_MATCH_EVALUATED)
			continue;
		if (!m->have_nvd) {
			c->nvd = VIGIL_MATCH_NO_DATA;
			c->nvd_detail = "the store has no NVD data";
		} else if (k->version == NULL) {
			c->nvd = VIGIL_MATCH_NO_VERSION;
		} else if (vigil_version_validate(generic, k->version,
		    strlen(k->version), &verr) < 0) {
			c->nvd = VIGIL_MATCH_UNPARSEABLE_VERSION;
			c->nvd_detail = astr(m, verr.msg);
		}
	}
	if (!m->have_nvd)
		return 0;
	x.m = m;
	x.err = err;
	for (i = 0; i < m->nk; i = g1) {
		bool any = false;
		size_t j;

		for (g1 = i + 1; g1 < m->nk && strcmp(m->k[g1].vendor,
		    m->k[i].vendor) == 0 && strcmp(m->k[g1].product,
		    m->k[i].product) == 0; g1++)
			;
		for (j = i; j < g1; j++)
			if (m->c[m->k[j].comp].nvd == VIGIL_MATCH_EVALUATED)
				any = true;
		if (!any)
			continue;
		x.g0 = i;
		x.g1 = g1;
		m->queries++;
		if ((rc = vigil_store_configs_for(m->st, m->k[i].vendor,
		    m->k[i].product, nvd_config, &x, err)) != 0)
			return rc == VIGIL_ENOMEM ? vigil__error_oom(err) : rc;
	}
	return 0;
}

/* ---- vulnerabilities ----------------------------------------------------- */

#define GROUP_OF "(SELECT h.vuln FROM vuln_id h WHERE h.id = ?)"

struct qctx {
	vigil_match *m;
	struct vuln *v;
	int64_t group;
	bool any;
	bool osv_summary;
};

static int
row_group(void *ctx, vigil_store *st, void *s)
{
	struct qctx *q = ctx;
	struct vuln *v = q->v;
	const char *id = vigil__store_col(st, s, 1);

	q->group = vigil__store_col_int(st, s, 0);
	q->any = true;
	if (v == NULL || id == NULL)
		return 0;
	if (grow(&v->aliases, &v->cap, v->naliases + 1, sizeof(char *)) < 0 ||
	    (v->aliases[v->naliases] = astr(q->m, id)) == NULL)
		return VIGIL_ENOMEM;
	v->naliases++;
	if (vigil__store_col(st, s, 2) != NULL) {
		v->pub.kev = true;
		v->pub.kev_added = astr(q->m, vigil__store_col(st, s, 2));
		v->pub.kev_due = astr(q->m, vigil__store_col(st, s, 3));
		if (vigil__store_col(st, s, 4) != NULL &&
		    strcmp(vigil__store_col(st, s, 4), "Known") == 0)
			v->pub.kev_ransomware = true;
	}
	if (vigil__store_col(st, s, 5) != NULL) {
		double e = vigil__store_col_double(st, s, 5);

		if (!v->pub.has_epss || e > v->pub.epss) {
			v->pub.has_epss = true;
			v->pub.epss = e;
			v->pub.epss_percentile =
			    vigil__store_col_double(st, s, 6);
		}
	}
	return 0;
}

static int
row_record(void *ctx, vigil_store *st, void *s)
{
	struct qctx *q = ctx;
	struct vuln *v = q->v;
	const char *kind = vigil__store_col(st, s, 0);
	const char *summary = vigil__store_col(st, s, 1);
	const char *vec = vigil__store_col(st, s, 2);
	vigil_cvss cv;
	vigil_cvss_scores sc;
	int rank;

	bool osv = kind != NULL && strcmp(kind, "osv") == 0;

	/* OSV summaries are one line; NVD's are descriptions. */
	if (summary != NULL && summary[0] != '\0' && (v->pub.summary ==
	    NULL || (osv && !q->osv_summary))) {
		v->pub.summary = astr(q->m, summary);
		q->osv_summary = osv;
	}
	if (vec == NULL || vigil_cvss_parse(&cv, vec, strlen(vec), NULL) < 0 ||
	    vigil_cvss_score(&sc, &cv, NULL) < 0)
		return 0;
	/* v4.0 preferred, then v3.1, v3.0, v2.0; first of a kind wins. */
	rank = (int)cv.version;
	if (rank > v->cvss_rank) {
		char buf[VIGIL_CVSS_VECTOR_SIZE];

		if (vigil_cvss_format(buf, sizeof(buf), &cv) < 0)
			return 0;
		v->cvss_rank = rank;
		v->pub.has_cvss = true;
		v->pub.cvss_vector = astr(q->m, buf);
		v->pub.cvss_version = cv.version;
		v->pub.score = sc.score;
		v->pub.severity = sc.severity;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_rawf_record(const void *a, const void *b)
{
	const struct rawf *x = a, *y = b;
	int d = strcmp(x->record, y->record);

	return d != 0 ? d : (x->comp > y->comp) - (x->comp < y->comp);
}

static int
enrich(vigil_match *m, struct vuln *v, const char *id, vigil_error *err)
{
	struct qctx q;
	size_t i;
	int rc;

	q.m = m;
	q.v = v;
	q.any = false;
	q.osv_summary = false;
	if ((rc = vigil__store_query1(m->st, "SELECT g.vuln, g.id, "
	    "k.date_added, k.due_date, k.ransomware, e.score, e.percentile "
	    "FROM vuln_id g LEFT JOIN kev k ON k.cve = g.id LEFT JOIN epss e "
	    "ON e.cve = g.id WHERE g.vuln = " GROUP_OF " ORDER BY g.id", id,
	    row_group, &q, err)) < 0)
		return rc;
	q.any = false;
	if ((rc = vigil__store_query1(m->st, "SELECT a.kind, a.summary, "
	    "s.vector FROM advisory a LEFT JOIN severity s ON s.rid = a.rid "
	    "WHERE a.kind IN ('nvd', 'osv') AND a.id IN (SELECT g.id FROM "
	    "vuln_id g WHERE g.vuln = " GROUP_OF ") ORDER BY a.kind, a.id, "
	    "s.seq", id, row_record, &q, err)) < 0)
		return rc;
	if (v->naliases == 0) {
		if (grow(&v->aliases, &v->cap, 1, sizeof(char *)) < 0 ||
		    (v->aliases[0] = astr(m, id)) == NULL)
			return vigil__error_oom(err);
		v->naliases = 1;
	}
	qsort(v->aliases, v->naliases, sizeof(char *), cmp_str);
	v->pub.id = v->aliases[0];
	for (i = 0; i < v->naliases; i++)
		if (strncmp(v->aliases[i], "CVE-", 4) == 0) {
			v->pub.id = v->aliases[i];
			break;
		}
	v->pub.aliases = v->aliases;
	v->pub.naliases = v->naliases;
	return 0;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct vuln *x = a, *y = b;

	return (x->group > y->group) - (x->group < y->group);
}

static int
run_vulns(vigil_match *m, vigil_error *err)
{
	size_t i, j;
	int rc;

	if (m->nf == 0)
		return 0;
	qsort(m->f, m->nf, sizeof(*m->f), cmp_rawf_record);
	for (i = 0; i < m->nf; i = j) {
		struct qctx q;
		struct vuln key, *v = NULL;

		for (j = i + 1; j < m->nf && strcmp(m->f[j].record,
		    m->f[i].record) == 0; j++)
			;
		/* the record's alias group */
		q.m = m;
		q.v = NULL;
		q.any = false;
		q.osv_summary = false;
		q.group = 0;
		m->queries++;
		if ((rc = vigil__store_query1(m->st, "SELECT vuln, NULL FROM vuln_id "
		    "WHERE id = ?", m->f[i].record, row_group, &q, err)) < 0)
			return rc;
		if (!q.any)
			q.group = -(int64_t)i - 1;	/* alone */
		key.group = q.group;
		if (m->nv > 0)
			v = bsearch(&key, m->v, m->nv, sizeof(*m->v),
			    cmp_group);
		if (v == NULL) {
			size_t at;

			if (grow(&m->v, &m->capv, m->nv + 1, sizeof(*m->v)) < 0)
				return vigil__error_oom(err);
			/* keep m->v sorted by group for the search */
			for (at = m->nv; at > 0 && m->v[at - 1].group >
			    q.group; at--)
				;
			memmove(&m->v[at + 1], &m->v[at], (m->nv - at) *
			    sizeof(*m->v));
			v = &m->v[at];
			memset(v, 0, sizeof(*v));
			v->group = q.group;
			v->cvss_rank = -1;
			m->nv++;
			m->queries++;
			if ((rc = enrich(m, v, m->f[i].record, err)) < 0)
				return rc;
		}
		for (; i < j; i++)
			m->f[i].group = q.group;
	}
	return 0;
}

/* ---- results ------------------------------------------------------------- */

static int
cmp_rawf_final(const void *a, const void *b)
{
	const struct rawf *x = a, *y = b;

	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	if (x->vuln != y->vuln)
		return x->vuln < y->vuln ? -1 : 1;
	if (x->confirmed != y->confirmed)
		return x->confirmed ? -1 : 1;
	return strcmp(x->source, y->source) != 0 ? strcmp(x->source,
	    y->source) : strcmp(x->record, y->record);
}

struct fkey {
	vigil_match_finding f;
	const vigil_match_vuln *v;
};

static int
cmp_finding(const void *a, const void *b)
{
	const struct fkey *x = a, *y = b;

	if (x->f.confirmed != y->f.confirmed)
		return x->f.confirmed ? -1 : 1;
	if (x->v->severity != y->v->severity)
		return x->v->severity > y->v->severity ? -1 : 1;
	if (x->v->score != y->v->score)
		return x->v->score > y->v->score ? -1 : 1;
	if (x->f.component != y->f.component)
		return x->f.component < y->f.component ? -1 : 1;
	return strcmp(x->v->id, y->v->id);
}

static int
build_findings(vigil_match *m, vigil_error *err)
{
	size_t i, j, k;

	/* group numbers to vuln indexes */
	for (i = 0; i < m->nf; i++) {
		struct vuln key, *v;

		key.group = m->f[i].group;
		v = bsearch(&key, m->v, m->nv, sizeof(*m->v), cmp_group);
		m->f[i].vuln = v != NULL ? (uint32_t)(v - m->v) : 0;
	}
	if (m->nf > 1)
		qsort(m->f, m->nf, sizeof(*m->f), cmp_rawf_final);
	if (m->nf > 0 && ((m->out = vgx_calloc(m->nf, sizeof(*m->out))) ==
	    NULL || (m->ev = vgx_calloc(m->nf, sizeof(*m->ev))) == NULL))
		return vigil__error_oom(err);
	for (i = 0; i < m->nf; i = j) {
		vigil_match_finding *f = &m->out[m->nout++];

		for (j = i + 1; j < m->nf && m->f[j].comp == m->f[i].comp &&
		    m->f[j].vuln == m->f[i].vuln; j++)
			;
		f->component = m->f[i].comp;
		f->vuln = m->f[i].vuln;
		f->confirmed = m->f[i].confirmed;
		f->evidence = &m->ev[i];
		f->nevidence = j - i;
		for (k = i; k < j; k++) {
			m->ev[k].source = m->f[k].source;
			m->ev[k].record = m->f[k].record;
			m->ev[k].match = m->f[k].match;
			m->ev[k].note = m->f[k].note;
			/* OSV knows fixed versions per ecosystem best */
			if (m->f[k].fixed != NULL && (f->fixed == NULL ||
			    strcmp(m->f[k].source, "osv") == 0))
				f->fixed = m->f[k].fixed;
		}
		if (f->confirmed)
			m->c[f->component].pub.nfindings++;
		else
			m->c[f->component].pub.nunconfirmed++;
	}
	if (m->nout > 0) {
		struct fkey *fk = vgx_calloc(m->nout, sizeof(*fk));

		if (fk == NULL)
			return vigil__error_oom(err);
		for (i = 0; i < m->nout; i++) {
			fk[i].f = m->out[i];
			fk[i].v = &m->v[m->out[i].vuln].pub;
		}
		qsort(fk, m->nout, sizeof(*fk), cmp_finding);
		for (i = 0; i < m->nout; i++)
			m->out[i] = fk[i].f;
		vgx_free(fk);
	}
	return 0;
}

/* Most telling reason first: a version problem says what to fix. */
static const int reason_rank[VIGIL_MATCH_NREASONS] = {
	0, 5, 4, 2, 1, 3
};

static void
decide(vigil_match *m)
{
	size_t i;

	for (i = 0; i < m->nc; i++) {
		struct comp *c = &m->c[i];
		int r = -1;
		const char *d = NULL;

		if (c->pub.nfindings > 0) {
			c->pub.state = VIGIL_MATCH_AFFECTED;
			continue;
		}
		if (c->osv == VIGIL_MATCH_EVALUATED ||
		    c->nvd == VIGIL_MATCH_EVALUATED) {
			c->pub.state = VIGIL_MATCH_NOT_AFFECTED;
			continue;
		}
		c->pub.state = VIGIL_MATCH_NOT_EVALUATED;
		if (c->osv > 0) {
			r = c->osv;
			d = c->osv_detail;
		}
		if (c->nvd > 0 && (r < 0 || reason_rank[c->nvd] <
		    reason_rank[r])) {
			r = c->nvd;
			d = c->nvd_detail;
		}
		if (r < 0) {
			r = VIGIL_MATCH_NO_IDENTIFIER;
			d = "no purl, no CPE, and its name is not in the "
			    "identity map";
		}
		if (r == VIGIL_MATCH_NO_VERSION && d == NULL)
			d = c->no_version ? "no version (or \"-\", \"*\")" :
			    "its CPE has no version";
		c->pub.reason = (vigil_match_reason)r;
		c->pub.detail = d;
	}
}

int
vigil_match_run(vigil_match *m, vigil_error *err)
{
	size_t i;
	bool own;
	int rc;

	if (m->ran)
		return vigil__error(err, VIGIL_EINVALID, "scan already run");
	m->ran = true;
	if (m->flags & VIGIL_MATCH_NO_OSV)
		for (i = 0; i < m->nc; i++)
			if (m->c[i].osv >= 0) {
				m->c[i].osv = -1;
				m->c[i].pub.ecosystem = NULL;
			}
	if (m->flags & VIGIL_MATCH_NO_NVD) {
		for (i = 0; i < m->nc; i++) {
			m->c[i].nvd = -1;
			m->c[i].pub.cpe = NULL;
		}
		m->nk = 0;
	}
	if (m->nc > 0 && (m->order = vgx_calloc(m->nc, sizeof(*m->order))) ==
	    NULL)
		return vigil__error_oom(err);
	/* One read transaction for the whole scan: one consistent view of
	 * the store, and SQLite keeps its page cache between queries.  (A
	 * caller's open transaction, vigil serve's upload, is that view.) */
	own = !vigil_store_in_transaction(m->st);
	if (own && (rc = vigil__store_query1(m->st, "BEGIN", NULL, row_exists,
	    NULL, err)) < 0)
		return rc;
	if ((rc = run_osv(m, err)) < 0 || (rc = run_nvd(m, err)) < 0 ||
	    (rc = run_vulns(m, err)) < 0) {
		if (own)
			(void)vigil__store_query1(m->st, "ROLLBACK", NULL,
			    row_exists, NULL, NULL);
		return rc;
	}
	if ((own && (rc = vigil__store_query1(m->st, "COMMIT", NULL,
	    row_exists, NULL, err)) < 0) || (rc = build_findings(m, err)) < 0)
		return rc;
	if (m->oom)
		return vigil__error_oom(err);
	decide(m);
	return 0;
}

/* ---- accessors ----------------------------------------------------------- */

void
vigil_match_get_summary(const vigil_match *m, vigil_match_summary *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->components = m->nc;
	for (i = 0; i < m->nc; i++) {
		const vigil_match_component *c = &m->c[i].pub;

		if (c->state == VIGIL_MATCH_AFFECTED)
			out->affected++;
		else if (c->state == VIGIL_MATCH_NOT_AFFECTED)
			out->not_affected++;
		else {
			out->not_evaluated++;
			out->reasons[c->reason]++;
		}
	}
	for (i = 0; i < m->nout; i++) {
		if (m->out[i].confirmed)
			out->findings++;
		else
			out->unconfirmed++;
	}
	out->vulns = m->nv;
	out->queries = m->queries;
}

size_t
vigil_match_component_count(const vigil_match *m)
{
	return m->nc;
}

const vigil_match_component *
vigil_match_component_at(const vigil_match *m, size_t i)
{
	return i < m->nc ? &m->c[i].pub : NULL;
}

size_t
vigil_match_finding_count(const vigil_match *m)
{
	return m->nout;
}

const vigil_match_finding *
vigil_match_finding_at(const vigil_match *m, size_t i)
{
	return i < m->nout ? &m->out[i] : NULL;
}

size_t
vigil_match_vuln_count(const vigil_match *m)
{
	return m->nv;
}

const vigil_match_vuln *
vigil_match_vuln_at(const vigil_match *m, size_t i)
{
	return i < m->nv ? &m->v[i].pub : NULL;
}

void
vigil_match_free(vigil_match *m)
{
	size_t i;

	if (m == NULL)
		return;
	while (m->arena != NULL) {
		struct chunk *n = m->arena->next;

		vgx_free(m->arena);
		m->arena = n;
	}
	for (i = 0; i < m->nk; i++)
		vigil_cpe_free(m->k[i].cpe);
	for (i = 0; i < m->nv; i++)
		vgx_free(m->v[i].aliases);
	vgx_free(m->c);
	vgx_free(m->k);
	vgx_free(m->f);
	vgx_free(m->v);
	vgx_free(m->out);
	vgx_free(m->ev);
	vgx_free(m->order);
	vgx_free(m);
}
