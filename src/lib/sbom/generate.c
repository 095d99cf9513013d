/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil sbom generate: a CycloneDX 1.6 document from what a system
 * actually contains.
 *   - dpkg status (Debian, Ubuntu; deb-control(5) paragraphs): installed
 *     packages only ("Status: install ok installed");
 *   - apk installed database (Alpine; P:, V:, A:, o:, m:, U:, L:, C:);
 *   - os-release(5) for the distro qualifier of the purls;
 *   - a CSV manifest for what no package manager knows (docs/sbom.md).
 * purls follow the purl specification's deb and apk types with the arch
 * and distro qualifiers; a CPE 2.3 name is added where the identity map
 * (data/identity/cpe-map.tsv) knows the upstream project of the (source)
 * package.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sbomint.h"
#include "embedded.h"
#include "vigil/match.h"

#define MAX_FILE ((size_t)512 << 20)

struct gen {
	vigil_sbom *doc;
	vigil_error *err;
	char distro_id[64];	/* "debian" */
	char distro_ver[64];	/* "12" */
	char pretty[128];
	struct reader r;	/* for the component builder */
	vigil_sbom_opts opts;
	uint32_t subject;
	uint32_t last;		/* index of the last component emitted */
};

/* ---- small helpers ------------------------------------------------------ */

/* Percent-encode S for a purl segment: keep [A-Za-z0-9.-_~]. */
static void
pct(vgx_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (vgx_isalnum(ch) || ch == '.' || ch == '-' || ch == '_' ||
		    ch == '~')
			vgx_buf_addc(b, (char)ch);
		else
			vgx_buf_printf(b, "%%%02X", ch);
	}
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)vgx_tolower((unsigned char)*s);
}

/* CPE 2.3 formatted-string value: escape all but [A-Za-z0-9._-]. */
static void
cpe_val(vgx_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!vgx_isalnum(ch) && ch != '.' && ch != '_' && ch != '-')
			vgx_buf_addc(b, '\\');
		vgx_buf_addc(b, (char)vgx_tolower(ch));
	}
}

/*
 * The upstream version of a distro version: no epoch ("1:"), no distro
 * revision (after the last '-'; apk "-rN"), no repack suffix ("+dfsg",
 * "~deb12u1").
 */
static void
upstream_version(const char *v, char *out, size_t cap)
{
	const char *s = strchr(v, ':'), *e;
	size_t n;

	s = s != NULL ? s + 1 : v;
	e = strrchr(s, '-');
	if (e == NULL)
		e = s + strlen(s);
	n = (size_t)(e - s);
	n = strcspn(s, "+~") < n ? strcspn(s, "+~") : n;
	if (n >= cap)
		n = cap - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/*
 * The project-wide identity map (data/identity/cpe-map.tsv), read by the
 * matcher's one reader: the first candidate for NAME.
 */
static bool
identity_lookup(const char *name, char *part, char *vendor, char *product,
    size_t cap)
{
	return vigil_match_identity(name, 0, part, vendor, product, cap) == 1;
}

static int
add_cpe(struct gen *g, const char *src, const char *name,
    const char *version)
{
	char part[2] = "a", vendor[64], product[64], up[128];
	vgx_buf b;
	int rc;

	if (!(src != NULL && identity_lookup(src, part, vendor, product,
	    sizeof(vendor))) && !identity_lookup(name, part, vendor, product,
	    sizeof(vendor)))
		return 0;
	upstream_version(version, up, sizeof(up));
	if (up[0] == '\0')
		return 0;
	vgx_buf_init(&b, 4096);
	vgx_buf_printf(&b, "cpe:2.3:%s:%s:%s:", part, vendor, product);
	cpe_val(&b, up, strlen(up));
	vgx_buf_adds(&b, ":*:*:*:*:*:*:*");
	if (b.ptr == NULL)
		return VIGIL_ENOMEM;
	rc = vigil__cb_cpe(&g->r, b.ptr);
	vgx_buf_dispose(&b);
	return rc;
}

/* ---- os-release --------------------------------------------------------- */

static void
osr_value(const char *line, const char *key, char *out, size_t cap)
{
	size_t n = strlen(key), l;
	const char *v;

	if (strncmp(line, key, n) != 0 || line[n] != '=')
		return;
	v = line + n + 1;
	l = strlen(v);
	if (l >= 2 && (v[0] == '"' || v[0] == '\'') && v[l - 1] == v[0]) {
		v++;
		l -= 2;
	}
	if (l >= cap)
		l = cap - 1;
	memcpy(out, v, l);
	out[l] = '\0';
}

static int
read_os_release(struct gen *g, const char *path)
{
	char *buf, *line, *save = NULL;
	size_t len;
	int rc;

	if ((rc = vgx_file_read(&buf, &len, path, 1u << 20, g->err)) < 0)
		return rc;
	for (line = buf; line != NULL; line = save) {
		save = strchr(line, '\n');
		if (save != NULL)
			*save++ = '\0';
		osr_value(line, "ID", g->distro_id, sizeof(g->distro_id));
		osr_value(line, "VERSION_ID", g->distro_ver,
		    sizeof(g->distro_ver));
		osr_value(line, "PRETTY_NAME", g->pretty, sizeof(g->pretty));
	}
	vgx_free(buf);
	lower(g->distro_id);
	return 0;
}

/* ---- package records ----------------------------------------------------- */

struct pkg {
	const char *name, *version, *arch, *source, *maintainer, *homepage,
	    *license, *description, *checksum, *depends, *predepends;
	bool installed;
	unsigned long line;
};

/*
 * The dependency graph of a package database: each package's Depends /
 * Pre-Depends (dpkg) or D: (apk) names, resolved to components once all
 * packages are read.
 */
struct depent {
	uint32_t index;		/* the component */
	char *deps;		/* its dependency field(s), copied */
};

struct named {
	const char *name;
	uint32_t index;
};

static int
named_cmp(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
	    ((const struct named *)b)->name);
}

/* Add to G->doc the edges of DEPS (N entries); frees them. */
static int
resolve_deps(struct gen *g, struct depent *deps, size_t n, bool apk)
{
	vigil_sbom *doc = g->doc;
	struct named *names;
	size_t i, nn = 0;
	int rc = 0;

	if ((names = vgx_calloc(doc->ncomps + 1, sizeof(*names))) == NULL)
		rc = VIGIL_ENOMEM;
	for (i = 0; rc == 0 && i < doc->ncomps; i++) {
		if (doc->comps[i].subject || doc->comps[i].name == NULL)
			continue;
		names[nn].name = doc->comps[i].name;
		names[nn++].index = (uint32_t)i;
	}
	if (rc == 0)
		qsort(names, nn, sizeof(*names), named_cmp);
	for (i = 0; rc == 0 && i < n; i++) {
		char *p = deps[i].deps;

		while (*p != '\0') {
			/* dpkg: "a (>= 1) | b, c:any"; apk: "a>=1 so:libc.so" */
			size_t len = apk ? strcspn(p, " ") : strcspn(p, ",");
			char save = p[len], *name = p, *e;
			struct named key, *hit;

			p[len] = '\0';
			while (*name == ' ')
				name++;
			e = name + strcspn(name, apk ? "<>=~" : " (|:");
			*e = '\0';
			key.name = name;
			hit = *name != '\0' ? bsearch(&key, names, nn,
			    sizeof(*names), named_cmp) : NULL;
			if (hit != NULL && hit->index != deps[i].index)
				rc = vigil__sbom_edge_push(doc, deps[i].index,
				    hit->index, VIGIL_SBOM_DEPENDS_ON, NULL);
			p += len;
			if (save != '\0')
				p++;
			if (rc < 0)
				break;
		}
	}
	vigil__sbom_edges_normalise(doc);
	/* The device depends on the packages that nothing else needs. */
	if (rc == 0) {
		bool *needed = vgx_calloc(doc->ncomps + 1, sizeof(*needed));

		if (needed == NULL)
			rc = VIGIL_ENOMEM;
		for (i = 0; rc == 0 && i < doc->nedges; i++)
			needed[doc->edges[i].to] = true;
		for (i = 0; rc == 0 && i < doc->ncomps; i++)
			if (!needed[i] && i != g->subject &&
			    doc->comps[i].parent == VIGIL_SBOM_NONE &&
			    doc->comps[i].purl != NULL &&
			    strncmp(doc->comps[i].purl, apk ? "pkg:apk/" :
			    "pkg:deb/", 8) == 0)
				rc = vigil__sbom_edge_push(doc, g->subject,
				    (uint32_t)i, VIGIL_SBOM_DEPENDS_ON, NULL);
		vgx_free(needed);
		vigil__sbom_edges_normalise(doc);
	}
	for (i = 0; i < n; i++)
		vgx_free(deps[i].deps);
	vgx_free(deps);
	vgx_free(names);
	return rc < 0 ? vigil__error_oom(g->err) : 0;
}

static int
dep_push(struct depent **v, size_t *n, size_t *cap, uint32_t index,
    const char *a, const char *b)
{
	struct depent *p;
	vgx_buf buf;

	if (a == NULL && b == NULL)
		return 0;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;

		if ((p = vgx_reallocarray(*v, c, sizeof(*p))) == NULL)
			return VIGIL_ENOMEM;
		*v = p;
		*cap = c;
	}
	vgx_buf_init(&buf, 1u << 20);
	if (a != NULL)
		vgx_buf_adds(&buf, a);
	if (a != NULL && b != NULL)
		vgx_buf_addc(&buf, ',');
	if (b != NULL)
		vgx_buf_adds(&buf, b);
	if (buf.ptr == NULL)
		return VIGIL_ENOMEM;
	(*v)[*n].index = index;
	(*v)[(*n)++].deps = vgx_buf_take(&buf, NULL);
	return 0;
}

static int
emit(struct gen *g, const struct pkg *p, const char *type, const char *ns)
{
	struct cbuild *b = &g->r.b;
	vgx_buf purl;
	char distro[160];
	const char *src = p->source;
	char srcname[128];
	int rc;

	vigil__cb_reset(b);
	b->c.type = "library";
	b->c.name = vigil__cb_str(&g->r, p->name, strlen(p->name));
	b->c.version = vigil__cb_str(&g->r, p->version, strlen(p->version));
	if (p->maintainer != NULL) {
		/* "Name <mail>" -> "Name" */
		size_t n = strcspn(p->maintainer, "<");

		while (n > 0 && p->maintainer[n - 1] == ' ')
			n--;
		b->c.supplier = vigil__cb_vocab(&g->r, p->maintainer, n);
	}
	if (p->description != NULL)
		b->c.description = vigil__cb_str(&g->r, p->description,
		    strcspn(p->description, "\n"));
	if (p->homepage != NULL &&
	    (rc = vigil__cb_extref(&g->r, "website", p->homepage)) < 0)
		return rc;
	if (p->license != NULL && (rc = vigil__cb_license(&g->r,
	    p->license)) < 0)
		return rc;
	vgx_buf_init(&purl, 1u << 16);
	vgx_buf_printf(&purl, "pkg:%s/%s/", type, ns);
	pct(&purl, p->name, strlen(p->name));
	vgx_buf_addc(&purl, '@');
	pct(&purl, p->version, strlen(p->version));
	if (p->arch != NULL) {
		vgx_buf_adds(&purl, "?arch=");
		pct(&purl, p->arch, strlen(p->arch));
	}
	if (g->distro_id[0] != '\0') {
		snprintf(distro, sizeof(distro), "%s-%s", g->distro_id,
		    g->distro_ver);
		vgx_buf_adds(&purl, p->arch != NULL ? "&distro=" : "?distro=");
		pct(&purl, distro, strlen(distro));
	}
	if (purl.ptr == NULL)
		return VIGIL_ENOMEM;
	b->c.purl = vigil__cb_str(&g->r, purl.ptr, purl.len);
	b->c.ref = b->c.purl;	/* the purl is the bom-ref, as is usual */
	vgx_buf_dispose(&purl);
	/* dpkg "Source: openssl (3.0.11-1)": the name before a space. */
	if (src != NULL) {
		size_t n = strcspn(src, " ");

		if (n >= sizeof(srcname))
			n = sizeof(srcname) - 1;
		memcpy(srcname, src, n);
		srcname[n] = '\0';
		src = srcname;
		if (vigil__cb_prop(&g->r, "vigil:sourcePackage", src) < 0)
			return VIGIL_ENOMEM;
	}
	if ((rc = add_cpe(g, src, p->name, p->version)) < 0)
		return rc;
	if (p->checksum != NULL && vigil__cb_prop(&g->r, "apk:checksum",
	    p->checksum) < 0)
		return VIGIL_ENOMEM;
	return vigil__cb_commit(&g->r, VIGIL_SBOM_NONE, 0, &g->last);
}

/*
 * deb-control(5) paragraphs: "Field: value", continuation lines start
 * with a space, a blank line ends a paragraph.
 */
static int
read_dpkg(struct gen *g, const char *path)
{
	struct depent *deps = NULL;
	size_t ndeps = 0, capdeps = 0;
	char *buf, *p, *end;
	size_t len;
	unsigned long line = 1, count = 0;
	int rc;

	if ((rc = vgx_file_read(&buf, &len, path, MAX_FILE, g->err)) < 0)
		return rc;
	p = buf;
	end = buf + len;
	while (p < end) {
		struct pkg k;
		char *field;

		memset(&k, 0, sizeof(k));
		k.line = line;
		/* One paragraph. */
		while (p < end && *p != '\n') {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *colon;

			if (nl == NULL)
				nl = end;
			*nl = '\0';
			field = p;
			p = nl + 1;
			line++;
			if (*field == ' ' || *field == '\t')
				continue;	/* continuation */
			if ((colon = strchr(field, ':')) == NULL) {
				rc = vigil__error_at(g->err, VIGIL_EINVALID,
				    line - 1, 0, "%s: line is not 'Field: "
				    "value'", path);
				goto done;
			}
			*colon = '\0';
			for (colon++; *colon == ' '; colon++)
				;
			if (strcmp(field, "Package") == 0)
				k.name = colon;
			else if (strcmp(field, "Version") == 0)
				k.version = colon;
			else if (strcmp(field, "Architecture") == 0)
				k.arch = colon;
			else if (strcmp(field, "Source") == 0)
				k.source = colon;
			else if (strcmp(field, "Maintainer") == 0)
				k.maintainer = colon;
			else if (strcmp(field, "Homepage") == 0)
				k.homepage = colon;
			else if (strcmp(field, "Description") == 0)
				k.description = colon;
			else if (strcmp(field, "Depends") == 0)
				k.depends = colon;
			else if (strcmp(field, "Pre-Depends") == 0)
				k.predepends = colon;
			else if (strcmp(field, "Status") == 0)
				k.installed = strstr(colon, " installed") !=
				    NULL && strncmp(colon, "install", 7) == 0;
		}
		if (p < end) {
			p++;	/* the blank line */
			line++;
		}
		if (k.name == NULL && k.version == NULL)
			continue;
		if (k.name == NULL || k.version == NULL) {
			rc = vigil__error_at(g->err, VIGIL_EINVALID, k.line, 0,
			    "%s: package paragraph without Package or "
			    "Version", path);
			goto done;
		}
		if (!k.installed)
			continue;
		if ((rc = emit(g, &k, "deb", g->distro_id[0] ? g->distro_id :
		    "debian")) < 0)
			goto done;
		if (dep_push(&deps, &ndeps, &capdeps, g->last, k.predepends,
		    k.depends) < 0) {
			rc = vigil__error_oom(g->err);
			goto done;
		}
		count++;
	}
	rc = resolve_deps(g, deps, ndeps, false);
	deps = NULL;
	ndeps = 0;
done:
	while (ndeps > 0)
		vgx_free(deps[--ndeps].deps);
	vgx_free(deps);
	vgx_free(buf);
	vigil__arena_reset(&g->r.scratch);
	return rc < 0 && g->err != NULL && g->err->code == 0 ?
	    vigil__error_oom(g->err) : rc;
}

static int
read_apk(struct gen *g, const char *path)
{
	struct depent *deps = NULL;
	size_t ndeps = 0, capdeps = 0;
	char *buf, *p, *end;
	size_t len;
	unsigned long line = 1;
	int rc;

	if ((rc = vgx_file_read(&buf, &len, path, MAX_FILE, g->err)) < 0)
		return rc;
	p = buf;
	end = buf + len;
	while (p < end) {
		struct pkg k;

		memset(&k, 0, sizeof(k));
		k.line = line;
		while (p < end && *p != '\n') {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *f = p;

			if (nl == NULL)
				nl = end;
			*nl = '\0';
			p = nl + 1;
			line++;
			if (f[0] == '\0' || f[1] != ':') {
				rc = vigil__error_at(g->err, VIGIL_EINVALID,
				    line - 1, 0, "%s: line is not 'X:value'",
				    path);
				goto done;
			}
			switch (f[0]) {
			case 'P': k.name = f + 2; break;
			case 'V': k.version = f + 2; break;
			case 'A': k.arch = f + 2; break;
			case 'o': k.source = f + 2; break;
			case 'm': k.maintainer = f + 2; break;
			case 'U': k.homepage = f + 2; break;
			case 'L': k.license = f + 2; break;
			case 'T': k.description = f + 2; break;
			case 'C': k.checksum = f + 2; break;
			case 'D': k.depends = f + 2; break;
			default: break;
			}
		}
		if (p < end) {
			p++;
			line++;
		}
		if (k.name == NULL && k.version == NULL)
			continue;
		if (k.name == NULL || k.version == NULL) {
			rc = vigil__error_at(g->err, VIGIL_EINVALID, k.line, 0,
			    "%s: package without P: or V:", path);
			goto done;
		}
		if ((rc = emit(g, &k, "apk", g->distro_id[0] ? g->distro_id :
		    "alpine")) < 0)
			goto done;
		if (dep_push(&deps, &ndeps, &capdeps, g->last, NULL,
		    k.depends) < 0) {
			rc = vigil__error_oom(g->err);
			goto done;
		}
	}
	rc = resolve_deps(g, deps, ndeps, true);
	deps = NULL;
	ndeps = 0;
done:
	while (ndeps > 0)
		vgx_free(deps[--ndeps].deps);
	vgx_free(deps);
	vgx_free(buf);
	vigil__arena_reset(&g->r.scratch);
	return rc;
}

/* ---- CSV manifest ------------------------------------------------------- */

enum { M_NAME, M_VERSION, M_SUPPLIER, M_PURL, M_CPE, M_LICENSE, M_SHA256,
	M_SUPPORT, M_EOS, M_TYPE, M_REF, M_PARENT, M_N };

static const char *const mcols[M_N] = { "name", "version", "supplier",
	"purl", "cpe", "license", "sha256", "support", "end_of_support",
	"type", "ref", "parent" };

/* Split one CSV record (RFC 4180 quoting) in place; NULL-end FIELDS. */
static int
csv_split(char *s, char **fields, size_t max, size_t *n)
{
	char *o;

	*n = 0;
	for (;;) {
		if (*n == max)
			return -1;
		if (*s == '"') {
			fields[(*n)++] = o = ++s;
			for (;;) {
				if (*s == '\0')
					return -1;	/* unclosed quote */
				if (*s == '"' && s[1] == '"') {
					*o++ = '"';
					s += 2;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*o++ = *s++;
				}
			}
			if (*s != ',' && *s != '\0')
				return -1;
			*o = '\0';
		} else {
			fields[(*n)++] = s;
			s += strcspn(s, ",");
		}
		if (*s == '\0')
			return 0;
		*s++ = '\0';
	}
}

static int
read_manifest(struct gen *g, const char *path)
{
	char *buf, *p, *end, *f[64];
	const char *v[M_N];
	int col[M_N];
	size_t len, nf, i, j;
	unsigned long line = 0;
	int rc = 0;

	if ((rc = vgx_file_read(&buf, &len, path, MAX_FILE, g->err)) < 0)
		return rc;
	for (i = 0; i < M_N; i++)
		col[i] = -1;
	p = buf;
	end = buf + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p)), *l = p;
		struct cbuild *b = &g->r.b;
		uint32_t parent = VIGIL_SBOM_NONE, idx;

		if (nl == NULL)
			nl = end;
		*nl = '\0';
		if (nl > p && nl[-1] == '\r')
			nl[-1] = '\0';
		p = nl + 1;
		line++;
		if (*l == '\0' || *l == '#')
			continue;
		if (csv_split(l, f, VGX_ARRAY_SIZE(f), &nf) < 0) {
			rc = vigil__error_at(g->err, VIGIL_EINVALID, line, 0,
			    "%s: bad CSV record (quotes or more than 64 "
			    "fields)", path);
			goto done;
		}
		if (col[M_NAME] < 0) {	/* the header */
			for (j = 0; j < nf; j++) {
				for (i = 0; i < M_N; i++)
					if (strcmp(f[j], mcols[i]) == 0)
						break;
				if (i == M_N) {
					rc = vigil__error_at(g->err,
					    VIGIL_EINVALID, line, 0, "%s: "
					    "unknown column '%s'", path, f[j]);
					goto done;
				}
				col[i] = (int)j;
			}
			if (col[M_NAME] < 0) {
				rc = vigil__error_at(g->err, VIGIL_EINVALID,
				    line, 0, "%s: the header has no 'name' "
				    "column", path);
				goto done;
			}
			continue;
		}
		for (i = 0; i < M_N; i++)
			v[i] = col[i] >= 0 && (size_t)col[i] < nf &&
			    f[col[i]][0] != '\0' ? f[col[i]] : NULL;
		if (v[M_NAME] == NULL) {
			rc = vigil__error_at(g->err, VIGIL_EINVALID, line, 0,
			    "%s: record without a name", path);
			goto done;
		}
		vigil__cb_reset(b);
#define S(k, field) if (v[k] != NULL)					\
	b->c.field = vigil__cb_str(&g->r, v[k], strlen(v[k]))
		S(M_NAME, name);
		S(M_VERSION, version);
		S(M_SUPPLIER, supplier);
		S(M_PURL, purl);
		S(M_SUPPORT, support);
		S(M_EOS, eos);
		S(M_REF, ref);
		S(M_TYPE, type);
#undef S
		if (b->c.type == NULL)
			b->c.type = "library";
		if (v[M_EOS] != NULL && !vigil__sbom_is_datetime(v[M_EOS],
		    false)) {
			rc = vigil__error_at(g->err, VIGIL_EINVALID, line, 0,
			    "%s: end_of_support '%s' is not an ISO 8601 date",
			    path, v[M_EOS]);
			goto done;
		}
		if (v[M_CPE] != NULL && vigil__cb_cpe(&g->r, v[M_CPE]) < 0)
			goto oom;
		if (v[M_LICENSE] != NULL &&
		    vigil__cb_license(&g->r, v[M_LICENSE]) < 0)
			goto oom;
		if (v[M_SHA256] != NULL) {
			const char *h = v[M_SHA256];

			if (strlen(h) != 64 || strspn(h,
			    "0123456789abcdefABCDEF") != 64) {
				rc = vigil__error_at(g->err, VIGIL_EINVALID,
				    line, 0, "%s: sha256 is not 64 hex digits",
				    path);
				goto done;
			}
			if (vigil__cb_hash(&g->r, "SHA-256", h) < 0)
				goto oom;
		}
		if (v[M_PARENT] != NULL) {
			parent = vigil_sbom_find_ref(g->doc, v[M_PARENT]);
			if (parent == VIGIL_SBOM_NONE) {
				rc = vigil__error_at(g->err, VIGIL_EINVALID,
				    line, 0, "%s: parent '%s' names no earlier "
				    "record's ref", path, v[M_PARENT]);
				goto done;
			}
		}
		if ((rc = vigil__cb_commit(&g->r, parent, parent ==
		    VIGIL_SBOM_NONE ? 0 : g->doc->comps[parent].depth + 1,
		    &idx)) < 0)
			goto done;
		/* A row without a parent is a part of the device. */
		if (parent == VIGIL_SBOM_NONE && vigil__sbom_edge_push(g->doc,
		    g->subject, idx, VIGIL_SBOM_DEPENDS_ON, NULL) < 0)
			goto oom;
		if (g->r.nerrors > 0) {
			rc = vigil__error_at(g->err, VIGIL_EINVALID, line, 0,
			    "%s: ref is used twice", path);
			goto done;
		}
	}
	if (col[M_NAME] < 0)
		rc = vigil__error(g->err, VIGIL_EINVALID, "%s: no header line",
		    path);
	vigil__sbom_edges_normalise(g->doc);
done:
	vgx_free(buf);
	return rc;
oom:
	vgx_free(buf);
	return vigil__error_oom(g->err);
}

/* ---- entry point ---------------------------------------------------------- */

static bool
exists(const char *path)
{
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return false;
	fclose(fp);
	return true;
}

int
vigil_sbom_generate(vigil_sbom **out, const vigil_sbom_gen_opts *o,
    vigil_error *err)
{
	vigil_sbom_opts ropts = VIGIL_SBOM_OPTS_INIT;
	struct gen g;
	vigil_sbom_component subj;
	vigil_sbom_meta meta;
	char path[4096];
	const char *tools[1] = { "vigil " VIGIL_VERSION };
	bool any = false;
	int rc;

	*out = NULL;
	memset(&g, 0, sizeof(g));
	g.err = err;
	g.opts = ropts;
	if ((rc = vigil_sbom_new(&g.doc, VIGIL_SBOM_CYCLONEDX_JSON, err)) < 0)
		return rc;
	g.r.doc = g.doc;
	g.r.opts = &g.opts;
	g.r.err = err;
	g.r.keep = true;
	vigil__arena_init(&g.r.scratch);
	/* os-release first: it gives the purls their distro. */
	if (o->os_release != NULL) {
		if ((rc = read_os_release(&g, o->os_release)) < 0)
			goto done;
	} else if (o->rootfs != NULL) {
		snprintf(path, sizeof(path), "%s/etc/os-release", o->rootfs);
		if (!exists(path))
			snprintf(path, sizeof(path), "%s/usr/lib/os-release",
			    o->rootfs);
		if (exists(path) && (rc = read_os_release(&g, path)) < 0)
			goto done;
	}
	memset(&subj, 0, sizeof(subj));
	subj.type = o->subject_name == NULL && (o->rootfs != NULL ||
	    o->dpkg_status != NULL || o->apk_installed != NULL) ?
	    "operating-system" : "device";
	subj.name = o->subject_name != NULL ? o->subject_name :
	    g.pretty[0] != '\0' ? g.pretty : "device";
	subj.version = o->subject_version != NULL ? o->subject_version :
	    g.distro_ver[0] != '\0' ? g.distro_ver : NULL;
	subj.supplier = o->subject_supplier;
	subj.subject = true;
	if ((rc = vigil_sbom_add(g.doc, &subj, VIGIL_SBOM_NONE, &g.subject,
	    err)) < 0)
		goto done;
	g.doc->meta.subject = g.subject;
	if (o->dpkg_status != NULL) {
		if ((rc = read_dpkg(&g, o->dpkg_status)) < 0)
			goto done;
		any = true;
	}
	if (o->apk_installed != NULL) {
		if ((rc = read_apk(&g, o->apk_installed)) < 0)
			goto done;
		any = true;
	}
	if (o->rootfs != NULL) {
		snprintf(path, sizeof(path), "%s/var/lib/dpkg/status",
		    o->rootfs);
		if (exists(path)) {
			if ((rc = read_dpkg(&g, path)) < 0)
				goto done;
			any = true;
		}
		snprintf(path, sizeof(path), "%s/lib/apk/db/installed",
		    o->rootfs);
		if (exists(path)) {
			if ((rc = read_apk(&g, path)) < 0)
				goto done;
			any = true;
		}
		if (!any) {
			rc = vigil__error(err, VIGIL_ENOTFOUND, "%s: no "
			    "var/lib/dpkg/status or lib/apk/db/installed",
			    o->rootfs);
			goto done;
		}
	}
	if (o->manifest != NULL) {
		if ((rc = read_manifest(&g, o->manifest)) < 0)
			goto done;
		any = true;
	}
	if (!any) {
		rc = vigil__error(err, VIGIL_ENOTFOUND, "nothing to read: give "
		    "a root file system, a dpkg status file, an apk database "
		    "or a manifest");
		goto done;
	}
	meta = g.doc->meta;
	meta.spec_version = "1.6";
	meta.timestamp = o->timestamp;
	meta.tools = tools;
	meta.ntools = 1;
	if (o->subject_supplier != NULL) {
		meta.authors = &o->subject_supplier;
		meta.nauthors = 1;
	}
	if ((rc = vigil_sbom_set_meta(g.doc, &meta, err)) < 0)
		goto done;
	*out = g.doc;
	g.doc = NULL;
done:
	vigil_sbom_free(g.doc);
	vigil__arena_dispose(&g.r.scratch);
	vgx_free(g.r.b.cpes);
	vgx_free(g.r.b.hashes);
	vgx_free(g.r.b.lics);
	vgx_free(g.r.b.exts);
	vgx_free(g.r.b.props);
	return rc;
}
