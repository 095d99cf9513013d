/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Writers: CycloneDX 1.6 JSON and XML, SPDX 2.3 JSON and tag-value.
 * Output is deterministic: fields in a fixed order, components in
 * document order, edges sorted, and no clock or random number is read
 * (a missing serial number is derived from the content; a missing SPDX
 * creation time is written as the epoch and reported).  Every field the
 * target cannot hold is reported to the loss callback, so a conversion
 * never drops data silently.
 */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "sbomint.h"

/* ---- buffered output (one write per MiB, not per token) ---- */

/* Size of each output buffer. */
#define OB_CAP ((size_t)1 << 20)

/* The thread that writes full buffers (struct ob). */
struct obw {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	FILE *fp;
	char *pending;		/* handed to the thread, or NULL */
	size_t npending;
	char *spare;		/* the free buffer, NULL while the thread
				 * holds it */
	bool stop;
	bool err;		/* one of the thread's writes failed */
};

static void *
obw_main(void *arg)
{
	struct obw *w = arg;
	char *p;
	size_t n;
	bool bad;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->pending == NULL && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->pending == NULL)
			break;		/* stopped, nothing left */
		p = w->pending;
		n = w->npending;
		pthread_mutex_unlock(&w->mu);
		bad = fwrite(p, 1, n, w->fp) != n;
		pthread_mutex_lock(&w->mu);
		w->err = w->err || bad;
		w->spare = p;
		w->pending = NULL;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Wait until the thread holds no buffer; takes its error. */
static void
obw_wait(struct ob *o)
{
	struct obw *w = o->bg;

	pthread_mutex_lock(&w->mu);
	while (w->pending != NULL)
		pthread_cond_wait(&w->cv, &w->mu);
	o->err = o->err || w->err;
	pthread_mutex_unlock(&w->mu);
}

/* Write out what BUF holds: hand it to the thread and take the free
 * buffer, or (no thread) write it here. */
static void
ob_drain(struct ob *o)
{
	struct obw *w = o->bg;

	if (o->n == 0)
		return;
	if (w == NULL) {
		if (fwrite(o->buf, 1, o->n, o->fp) != o->n)
			o->err = true;
		o->n = 0;
		return;
	}
	pthread_mutex_lock(&w->mu);
	while (w->pending != NULL)
		pthread_cond_wait(&w->cv, &w->mu);
	w->pending = o->buf;
	w->npending = o->n;
	o->buf = w->spare;
	w->spare = NULL;
	o->n = 0;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

/* BUF cannot take (P, N) whole: fill it, write it out, go on. */
void
vigil__ob_put_slow(struct ob *o, const void *p, size_t n)
{
	const char *s = p;
	size_t k;

	while (n > 0) {
		if (o->n == o->cap)
			ob_drain(o);
		k = o->cap - o->n < n ? o->cap - o->n : n;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
	}
}

/*
 * An output on FP with its buffers and, when it can start, its writing
 * thread (without one, the output is written from the caller's thread).
 */
static struct ob *
ob_open(FILE *fp)
{
	struct ob *o;
	struct obw *w;

	if ((o = vgx_calloc(1, sizeof(*o))) == NULL)
		return NULL;
	if ((o->buf = vgx_malloc(OB_CAP)) == NULL) {
		vgx_free(o);
		return NULL;
	}
	o->fp = fp;
	o->cap = OB_CAP;
	if ((w = vgx_calloc(1, sizeof(*w))) == NULL)
		return o;
	w->fp = fp;
	if ((w->spare = vgx_malloc(OB_CAP)) == NULL)
		goto nothread;
	if (pthread_mutex_init(&w->mu, NULL) != 0)
		goto nothread;
	if (pthread_cond_init(&w->cv, NULL) != 0) {
		pthread_mutex_destroy(&w->mu);
		goto nothread;
	}
	if (pthread_create(&w->th, NULL, obw_main, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		goto nothread;
	}
	o->bg = w;
	return o;
nothread:
	vgx_free(w->spare);
	vgx_free(w);
	return o;
}

/* Stop O's thread (after what it holds is written) and free O. */
static void
ob_close(struct ob *o)
{
	struct obw *w;

	if (o == NULL)
		return;
	if ((w = o->bg) != NULL) {
		pthread_mutex_lock(&w->mu);
		w->stop = true;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->th, NULL);
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		vgx_free(w->spare);
		vgx_free(w);
	}
	vgx_free(o->buf);
	vgx_free(o);
}

/* Whether FMT has no directive but plain %s. */
static bool
fmt_plain(const char *fmt)
{
	const char *p;

	for (p = fmt; (p = strchr(p, '%')) != NULL; p += 2)
		if (p[1] != 's')
			return false;
	return true;
}

void
vigil__ob_printf(struct ob *o, const char *fmt, ...)
{
	char small[512];
	const char *p, *q, *arg;
	va_list ap;
	int n;

	if (fmt_plain(fmt)) {
		/* The common case, without vsnprintf: the text between
		 * the directives and each string, as printf writes them. */
		va_start(ap, fmt);
		for (p = fmt; (q = strchr(p, '%')) != NULL; p = q + 2) {
			vigil__ob_put(o, p, (size_t)(q - p));
			arg = va_arg(ap, const char *);
			vigil__ob_s(o, arg != NULL ? arg : "(null)");
		}
		va_end(ap);
		vigil__ob_s(o, p);
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		o->err = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		vigil__ob_put(o, small, (size_t)n);
		return;
	}
	{
		char *big = vgx_malloc((size_t)n + 1);

		if (big == NULL) {
			o->err = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		vigil__ob_put(o, big, (size_t)n);
		vgx_free(big);
	}
}

int
vigil__ob_flush(struct ob *o)
{
	ob_drain(o);
	if (o->bg != NULL)
		obw_wait(o);
	if (fflush(o->fp) != 0 || ferror(o->fp))
		o->err = true;
	return o->err ? VIGIL_EIO : 0;
}

/*
 * A newline and the indentation of depth D (two spaces a level) in one
 * write; depths never exceed 63 (struct jw), deeper ones are written in
 * pieces all the same.
 */
static const char ob_indent[] = "\n"
    "                                                                "
    "                                                                ";

static void
ob_indent_put(struct ob *o, bool nl, int d)
{
	size_t n = (size_t)d * 2, max = sizeof(ob_indent) - 2;

	if (nl)
		vigil__ob_c(o, '\n');
	for (; n > max; n -= max)
		vigil__ob_put(o, ob_indent + 1, max);
	vigil__ob_put(o, ob_indent + 1, n);
}

/* ---- shared view of a document -------------------------------------- */

struct view {
	const vigil_sbom *doc;
	vigil_sbom_loss_fn loss;
	void *ctx;
	const char **ref;	/* per component: reference to write, the
				 * component's own or one made here */
	char *gen;		/* the references made here, GENSTEP apart */
	uint32_t *kid;		/* children, grouped by parent (CSR) */
	size_t *kidoff;		/* ncomps + 1 offsets into KID */
	size_t *edgeoff;	/* ncomps + 1: edges by FROM (sorted) */
	char uuid[37];		/* "" until view_uuid() */
	bool spdx;
};

/* The digest UUID of the document, computed when first needed (it
 * reads every component). */
static const char *
view_uuid(struct view *v)
{
	if (v->uuid[0] == '\0')
		vigil__sbom_digest_uuid(v->doc, v->uuid);
	return v->uuid;
}

static void
loss(struct view *v, uint32_t c, const char *field, const char *detail)
{
	if (v->loss != NULL)
		v->loss(v->ctx, c, field, detail);
}

static void doc_losses(struct view *v);

static bool
spdx_id_char(int ch)
{
	return vgx_isalnum(ch) || ch == '.' || ch == '-';
}

/* Room for a made reference: the longest prefix and a 64-bit number. */
#define GENSTEP 48

/* PREFIX and the decimal I into G (GENSTEP bytes). */
static void
gen_ref(char *g, const char *prefix, size_t i)
{
	size_t n = strlen(prefix), k = 0;
	char d[24];

	memcpy(g, prefix, n);
	do {
		d[k++] = (char)('0' + i % 10);
		i /= 10;
	} while (i > 0);
	while (k > 0)
		g[n++] = d[--k];
	g[n] = '\0';
}

static int
view_init(struct view *v, const vigil_sbom *doc, bool spdx,
    vigil_sbom_loss_fn lossfn, void *ctx)
{
	size_t n = doc->ncomps, i, j;
	size_t *cnt;

	memset(v, 0, sizeof(*v));
	v->doc = doc;
	v->loss = lossfn;
	v->ctx = ctx;
	v->spdx = spdx;
	doc_losses(v);
	if ((v->ref = vgx_calloc(n + 1, sizeof(*v->ref))) == NULL ||
	    (v->kid = vgx_calloc(n + 1, sizeof(*v->kid))) == NULL ||
	    (v->kidoff = vgx_calloc(n + 2, sizeof(*v->kidoff))) == NULL ||
	    (v->edgeoff = vgx_calloc(n + 2, sizeof(*v->edgeoff))) == NULL)
		return VIGIL_ENOMEM;
	/* A kept reference is the document's own string. */
	for (i = 0, j = 0; i < n; i++) {
		const vigil_sbom_component *c = &doc->comps[i];

		if (c->ref != NULL && (!spdx || vigil__spdx_id_ok(c->ref)))
			v->ref[i] = c->ref;
		else
			j++;
	}
	if (j > 0 && (v->gen = vgx_reallocarray(NULL, j, GENSTEP)) == NULL)
		return VIGIL_ENOMEM;
	for (i = 0, j = 0; i < n; i++) {
		char *g;

		if (v->ref[i] != NULL)
			continue;
		g = v->gen + GENSTEP * j++;
		gen_ref(g, spdx ? "SPDXRef-Package-" : "vigil-component-", i);
		/* A generated SPDX id must not collide with a kept one
		 * (only a reference "SPDXRef-Package-..." can). */
		if (spdx && doc->pkgids) {
			uint32_t other = vigil_sbom_find_ref(doc, g);

			if (other != VIGIL_SBOM_NONE && other != i)
				gen_ref(g, "SPDXRef-Package-vigil-", i);
		}
		v->ref[i] = g;
	}
	/* Children of each component, in document order. */
	if ((cnt = vgx_calloc(n + 1, sizeof(*cnt))) == NULL)
		return VIGIL_ENOMEM;
	for (i = 0; i < n; i++)
		if (doc->comps[i].parent != VIGIL_SBOM_NONE)
			v->kidoff[doc->comps[i].parent + 1]++;
	for (i = 0; i < n; i++)
		v->kidoff[i + 1] += v->kidoff[i];
	for (i = 0; i < n; i++) {
		uint32_t p = doc->comps[i].parent;

		if (p != VIGIL_SBOM_NONE)
			v->kid[v->kidoff[p] + cnt[p]++] = (uint32_t)i;
	}
	vgx_free(cnt);
	/* Edges are sorted by FROM: offsets per component. */
	for (j = 0; j < doc->nedges; j++)
		v->edgeoff[doc->edges[j].from + 1]++;
	for (i = 0; i < n; i++)
		v->edgeoff[i + 1] += v->edgeoff[i];
	return 0;
}

/* What the reader saw but the model does not hold. */
static void
doc_losses(struct view *v)
{
	const vigil_sbom *d = v->doc;
	char buf[64];
	size_t i;

	for (i = 0; i < d->ndropped; i++)
		loss(v, VIGIL_SBOM_NONE, "section", d->dropped[i]);
	if (d->nservices > 0) {
		snprintf(buf, sizeof(buf), "%zu services", d->nservices);
		loss(v, VIGIL_SBOM_NONE, "services", buf);
	}
	if (d->nfiles > 0) {
		snprintf(buf, sizeof(buf), "%zu SPDX files", d->nfiles);
		loss(v, VIGIL_SBOM_NONE, "files", buf);
	}
}

static void
view_dispose(struct view *v)
{
	vgx_free(v->gen);
	vgx_free(v->ref);
	vgx_free(v->kid);
	vgx_free(v->kidoff);
	vgx_free(v->edgeoff);
}

/* ---- JSON output ------------------------------------------------------- */

/*
 * Which bytes go out as they are: value 2 in a JSON string (not control
 * characters, NUL, '"' or '\\'), value 1 in XML text (not control
 * characters, NUL, '<', '>', '&' or '"').  A run of them is one write.
 */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	3, 3, 0, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3,	/* ' ' '"' '&' */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 2, 3,	/* '<' '>' */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 3, 3, 3,	/* '\\' */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3
};

void
vigil__json_str(struct ob *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	/* The common case: nothing to escape, and room in the buffer. */
	while ((plain[*p] & 2) != 0)
		p++;
	if (*p == '\0' && (size_t)(p - (const unsigned char *)s) + 2 <=
	    fp->cap - fp->n) {
		size_t n = (size_t)(p - (const unsigned char *)s);

		fp->buf[fp->n] = '"';
		memcpy(fp->buf + fp->n + 1, s, n);
		fp->buf[fp->n + 1 + n] = '"';
		fp->n += n + 2;
		return;
	}
	p = (const unsigned char *)s;
	vigil__ob_c(fp, '"');
	for (;;) {
		/* Runs that need no escape go out in one write. */
		for (run = p; (plain[*p] & 2) != 0; p++)
			;
		if (p > run)
			vigil__ob_put(fp, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':
			vigil__ob_s(fp, "\\\"");
			break;
		case '\\':
			vigil__ob_s(fp, "\\\\");
			break;
		case '\n':
			vigil__ob_s(fp, "\\n");
			break;
		case '\r':
			vigil__ob_s(fp, "\\r");
			break;
		case '\t':
			vigil__ob_s(fp, "\\t");
			break;
		default:
			vigil__ob_printf(fp, "\\u%04x", *p);
		}
		p++;
	}
	vigil__ob_c(fp, '"');
}

struct jw {
	struct ob *fp;
	int depth;
	bool first[64];		/* no member written yet at this depth */
};

static void
jw_indent(struct jw *w)
{
	ob_indent_put(w->fp, true, w->depth);
}

static void
jw_sep(struct jw *w)
{
	if (w->depth > 0 && !w->first[w->depth])
		vigil__ob_c(w->fp, ',');
	if (w->depth > 0)
		w->first[w->depth] = false;
	if (w->depth > 0)
		jw_indent(w);
}

/* K: a literal member name (nothing in it needs an escape), or NULL. */
static void
jw_key(struct jw *w, const char *k)
{
	struct ob *o = w->fp;
	size_t kl = k != NULL ? strlen(k) : 0, ind = (size_t)w->depth * 2;

	/* Separator, newline, indentation and name in one step when the
	 * buffer has room (the same bytes as below). */
	if (w->depth > 0 && w->depth < 64 && 2 + ind + kl + 4 <=
	    o->cap - o->n) {
		char *p = o->buf + o->n;

		if (!w->first[w->depth])
			*p++ = ',';
		w->first[w->depth] = false;
		*p++ = '\n';
		memset(p, ' ', ind);
		p += ind;
		if (k != NULL) {
			*p++ = '"';
			memcpy(p, k, kl);
			p += kl;
			memcpy(p, "\": ", 3);
			p += 3;
		}
		o->n = (size_t)(p - o->buf);
		return;
	}
	jw_sep(w);
	if (k != NULL) {
		vigil__ob_c(w->fp, '"');
		vigil__ob_s(w->fp, k);
		vigil__ob_put(w->fp, "\": ", 3);
	}
}

static void
jw_open(struct jw *w, const char *k, char c)
{
	jw_key(w, k);
	vigil__ob_c(w->fp, c);
	w->depth++;
	w->first[w->depth] = true;
}

static void
jw_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth];

	w->depth--;
	if (!empty)
		jw_indent(w);
	vigil__ob_c(w->fp, c);
}

static void
jw_str(struct jw *w, const char *k, const char *s)
{
	if (s == NULL)
		return;
	jw_key(w, k);
	vigil__json_str(w->fp, s);
}

static void
jw_raw(struct jw *w, const char *k, const char *raw)
{
	jw_key(w, k);
	vigil__ob_s(w->fp, raw);
}

/* ---- licences ---------------------------------------------------------- */

/* Whether S reads as an SPDX licence expression (not a bare id). */
static bool
lic_is_expression(const char *s)
{
	return strstr(s, " AND ") != NULL || strstr(s, " OR ") != NULL ||
	    strstr(s, " WITH ") != NULL || strchr(s, '(') != NULL;
}

/* Whether every character of S may appear in an SPDX expression. */
static bool
lic_spdx_syntax(const char *s)
{
	for (; *s != '\0'; s++)
		if (!vgx_isalnum((unsigned char)*s) && *s != '.' && *s != '-' &&
		    *s != '+' && *s != ' ' && *s != '(' && *s != ')' &&
		    *s != ':')
			return false;
	return true;
}

/*
 * A few well-known SPDX licence ids (SPDX License List), written as
 * CycloneDX "id"; anything else is written as a "name", which the schema
 * accepts for any text.
 */
static const char *const known_ids[] = { "0BSD", "AGPL-3.0-only",
	"AGPL-3.0-or-later", "Apache-1.1", "Apache-2.0", "Artistic-2.0",
	"BSD-2-Clause", "BSD-3-Clause", "BSL-1.0", "CC0-1.0", "CC-BY-4.0",
	"CDDL-1.0", "EPL-1.0", "EPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later",
	"GPL-3.0-only", "GPL-3.0-or-later", "ISC", "LGPL-2.1-only",
	"LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT",
	"MPL-1.1", "MPL-2.0", "OpenSSL", "PostgreSQL", "Python-2.0",
	"Unlicense", "Zlib", "curl", "GPL-2.0", "GPL-3.0", "LGPL-2.1",
	"LGPL-3.0", "GPL-2.0+", "GPL-3.0+", "LGPL-2.1+", NULL };

static bool
known_id(const char *s)
{
	size_t i;

	for (i = 0; known_ids[i] != NULL; i++)
		if (strcmp(s, known_ids[i]) == 0)
			return true;
	return false;
}

/* ---- CycloneDX 1.6 JSON -------------------------------------------------- */

static const char *const cdx_ext_types[] = { "vcs", "issue-tracker",
	"website", "advisories", "bom", "mailing-list", "social", "chat",
	"documentation", "support", "source-distribution", "distribution",
	"distribution-intake", "license", "build-meta", "build-system",
	"release-notes", "security-contact", "model-card", "log",
	"configuration", "evidence", "formulation", "attestation",
	"threat-model", "adversary-model", "risk-assessment",
	"vulnerability-assertion", "exploitability-statement",
	"pentest-report", "static-analysis-report",
	"dynamic-analysis-report", "runtime-analysis-report",
	"component-analysis-report", "maturity-report",
	"certification-report", "codified-infrastructure", "quality-metrics",
	"poam", "electronic-signature", "digital-signature", "rfc-9116",
	"other", NULL };
static const char *const cdx_types[] = { "application", "framework",
	"library", "container", "platform", "operating-system", "device",
	"device-driver", "firmware", "file", "machine-learning-model",
	"data", "cryptographic-asset", NULL };

static bool
in_list(const char *s, const char *const *l)
{
	for (; *l != NULL; l++)
		if (strcmp(s, *l) == 0)
			return true;
	return false;
}

static bool
cdx_hash_ok(const vigil_sbom_hash *h)
{
	size_t n = strlen(h->value);

	return vigil__sbom_hash_len(h->alg) != 0 ? (strcmp(h->alg, "SHA-224")
	    != 0 && strcmp(h->alg, "MD2") != 0 && strcmp(h->alg, "MD4") != 0 &&
	    strcmp(h->alg, "ADLER32") != 0) : strcmp(h->alg, "BLAKE3") == 0 &&
	    (n == 32 || n == 40 || n == 64 || n == 96 || n == 128);
}

static const char *
cdx_type(const vigil_sbom_component *c)
{
	return c->type != NULL && in_list(c->type, cdx_types) ? c->type :
	    "library";
}

static void
cdx_json_component(struct view *v, struct jw *w, uint32_t i,
    const char *key)
{
	const vigil_sbom_component *c = &v->doc->comps[i];
	size_t k, nprops = 0;
	bool haveexpr = false;

	jw_open(w, key, '{');
	if (c->type != NULL && !in_list(c->type, cdx_types))
		loss(v, i, "type", c->type);
	jw_str(w, "type", cdx_type(c));
	jw_str(w, "bom-ref", v->ref[i]);
	if (c->supplier != NULL) {
		jw_open(w, "supplier", '{');
		jw_str(w, "name", c->supplier);
		jw_close(w, '}');
	}
	jw_str(w, "author", c->author);
	jw_str(w, "group", c->group);
	jw_str(w, "name", c->name != NULL ? c->name : "");
	jw_str(w, "version", c->version);
	jw_str(w, "description", c->description);
	for (k = 0; k < c->nhashes; k++)
		if (!cdx_hash_ok(&c->hashes[k]))
			loss(v, i, "hash", c->hashes[k].alg);
	for (k = 0; k < c->nhashes && !cdx_hash_ok(&c->hashes[k]); k++)
		;
	if (k < c->nhashes) {
		jw_open(w, "hashes", '[');
		for (k = 0; k < c->nhashes; k++) {
			if (!cdx_hash_ok(&c->hashes[k]))
				continue;
			jw_open(w, NULL, '{');
			jw_str(w, "alg", c->hashes[k].alg);
			jw_str(w, "content", c->hashes[k].value);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	for (k = 0; k < c->nlicenses; k++)
		if (lic_is_expression(c->licenses[k]))
			haveexpr = true;
	if (c->nlicenses == 1 && haveexpr) {
		jw_open(w, "licenses", '[');
		jw_open(w, NULL, '{');
		jw_str(w, "expression", c->licenses[0]);
		jw_close(w, '}');
		jw_close(w, ']');
	} else if (c->nlicenses > 0) {
		jw_open(w, "licenses", '[');
		for (k = 0; k < c->nlicenses; k++) {
			jw_open(w, NULL, '{');
			jw_open(w, "license", '{');
			jw_str(w, known_id(c->licenses[k]) ? "id" : "name",
			    c->licenses[k]);
			jw_close(w, '}');
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	jw_str(w, "copyright", c->copyright);
	if (c->ncpes > 0)
		jw_str(w, "cpe", c->cpes[0]);
	jw_str(w, "purl", c->purl);
	if (c->swid != NULL) {
		jw_open(w, "swid", '{');
		jw_str(w, "tagId", c->swid);
		jw_str(w, "name", c->name != NULL ? c->name : c->swid);
		jw_close(w, '}');
	}
	if (c->nextrefs > 0 || c->download != NULL) {
		jw_open(w, "externalReferences", '[');
		if (c->download != NULL) {
			jw_open(w, NULL, '{');
			jw_str(w, "url", c->download);
			jw_str(w, "type", "distribution");
			jw_close(w, '}');
		}
		for (k = 0; k < c->nextrefs; k++) {
			const char *t = c->extrefs[k].type;

			if (!in_list(t, cdx_ext_types)) {
				loss(v, i, "externalReference type", t);
				t = "other";
			}
			jw_open(w, NULL, '{');
			jw_str(w, "url", c->extrefs[k].url);
			jw_str(w, "type", t);
			jw_close(w, '}');
		}
		jw_close(w, ']');
	}
	nprops = c->nprops + (c->ncpes > 1 ? c->ncpes - 1 : 0) +
	    (c->support != NULL) + (c->eos != NULL) + (c->eol != NULL);
	if (nprops > 0) {
		jw_open(w, "properties", '[');
#define PROP(n, val) do {						\
	jw_open(w, NULL, '{');						\
	jw_str(w, "name", (n));						\
	jw_str(w, "value", (val));					\
	jw_close(w, '}');						\
} while (0)
		if (c->support != NULL)
			PROP(SBOM_PROP_SUPPORT, c->support);
		if (c->eos != NULL)
			PROP(SBOM_PROP_EOS, c->eos);
		if (c->eol != NULL)
			PROP(SBOM_PROP_EOL, c->eol);
		for (k = 1; k < c->ncpes; k++)
			PROP(SBOM_PROP_CPE, c->cpes[k]);
		for (k = 0; k < c->nprops; k++)
			PROP(c->props[k].name, c->props[k].value);
#undef PROP
		jw_close(w, ']');
	}
	if (v->kidoff[i + 1] > v->kidoff[i]) {
		jw_open(w, "components", '[');
		for (k = v->kidoff[i]; k < v->kidoff[i + 1]; k++)
			cdx_json_component(v, w, v->kid[k], NULL);
		jw_close(w, ']');
	}
	jw_close(w, '}');
}

static bool serial_ok(const char *s);

/* A serial for CycloneDX: the document's own, or the UUID at its end
 * (SPDX namespaces vigil writes end in one), else NULL. */
static const char *
cdx_serial(const char *s, char *buf, size_t cap)
{
	size_t n;

	if (s == NULL)
		return NULL;
	if (serial_ok(s))
		return s;
	n = strlen(s);
	if (n < 36)
		return NULL;
	snprintf(buf, cap, "urn:uuid:%s", s + n - 36);
	return serial_ok(buf) ? buf : NULL;
}

static bool
serial_ok(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 45 || strncmp(s, "urn:uuid:", 9) != 0)
		return false;
	for (i = 9; i < 45; i++) {
		char ch = s[i];

		if (i == 17 || i == 22 || i == 27 || i == 32) {
			if (ch != '-')
				return false;
		} else if (!vgx_isdigit((unsigned char)ch) &&
		    !(ch >= 'a' && ch <= 'f')) {
			return false;
		}
	}
	return true;
}

/* Edges of kind dependsOn (and, with a report, the others). */
static void
edge_losses(struct view *v)
{
	size_t j;

	for (j = 0; j < v->doc->nedges; j++) {
		const vigil_sbom_edge *e = &v->doc->edges[j];

		if (e->kind == VIGIL_SBOM_CONTAINS)
			loss(v, e->from, "relationship", "CONTAINS written as "
			    "a dependency");
		else if (e->kind == VIGIL_SBOM_OTHER)
			loss(v, e->from, "relationship", e->relation != NULL ?
			    e->relation : "OTHER");
	}
}

int
vigil__write_cdx_json(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn lossfn, void *ctx)
{
	const vigil_sbom_meta *m = &doc->meta;
	struct view v;
	struct jw w;
	size_t i, j;
	char buf[64];
	int rc;

	if ((rc = view_init(&v, doc, false, lossfn, ctx)) < 0)
		goto done;
	memset(&w, 0, sizeof(w));
	w.fp = fp;
	jw_open(&w, NULL, '{');
	jw_str(&w, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
	jw_str(&w, "bomFormat", "CycloneDX");
	jw_str(&w, "specVersion", "1.6");
	if (cdx_serial(m->serial, buf, sizeof(buf)) != NULL) {
		jw_str(&w, "serialNumber", cdx_serial(m->serial, buf,
		    sizeof(buf)));
	} else {
		if (m->serial != NULL)
			loss(&v, VIGIL_SBOM_NONE, "serial", m->serial);
		snprintf(buf, sizeof(buf), "urn:uuid:%s", view_uuid(&v));
		jw_str(&w, "serialNumber", buf);
	}
	snprintf(buf, sizeof(buf), "%lu", m->doc_version ? m->doc_version : 1);
	jw_raw(&w, "version", buf);
	jw_open(&w, "metadata", '{');
	if (m->timestamp != NULL && vigil__sbom_is_datetime(m->timestamp,
	    true))
		jw_str(&w, "timestamp", m->timestamp);
	else if (m->timestamp != NULL)
		loss(&v, VIGIL_SBOM_NONE, "timestamp", m->timestamp);
	if (m->ntools > 0) {
		jw_open(&w, "tools", '{');
		jw_open(&w, "components", '[');
		for (i = 0; i < m->ntools; i++) {
			jw_open(&w, NULL, '{');
			jw_str(&w, "type", "application");
			jw_str(&w, "name", m->tools[i]);
			jw_close(&w, '}');
		}
		jw_close(&w, ']');
		jw_close(&w, '}');
	}
	if (m->nauthors > 0) {
		jw_open(&w, "authors", '[');
		for (i = 0; i < m->nauthors; i++) {
			jw_open(&w, NULL, '{');
			jw_str(&w, "name", m->authors[i]);
			jw_close(&w, '}');
		}
		jw_close(&w, ']');
	}
	if (m->subject != VIGIL_SBOM_NONE && m->subject < doc->ncomps)
		cdx_json_component(&v, &w, m->subject, "component");
	if (m->nprops > 0) {
		jw_open(&w, "properties", '[');
		for (i = 0; i < m->nprops; i++) {
			jw_open(&w, NULL, '{');
			jw_str(&w, "name", m->props[i].name);
			jw_str(&w, "value", m->props[i].value);
			jw_close(&w, '}');
		}
		jw_close(&w, ']');
	}
	jw_close(&w, '}');
	jw_open(&w, "components", '[');
	for (i = 0; i < doc->ncomps; i++)
		if (doc->comps[i].parent == VIGIL_SBOM_NONE &&
		    i != m->subject)
			cdx_json_component(&v, &w, (uint32_t)i, NULL);
	jw_close(&w, ']');
	edge_losses(&v);
	if (doc->nedges > 0) {
		jw_open(&w, "dependencies", '[');
		for (i = 0; i < doc->ncomps; i++) {
			uint32_t last = VIGIL_SBOM_NONE;

			if (v.edgeoff[i + 1] == v.edgeoff[i])
				continue;
			jw_open(&w, NULL, '{');
			jw_str(&w, "ref", v.ref[i]);
			jw_open(&w, "dependsOn", '[');
			for (j = v.edgeoff[i]; j < v.edgeoff[i + 1]; j++) {
				if (doc->edges[j].to == last)
					continue;	/* two kinds, one entry */
				last = doc->edges[j].to;
				jw_str(&w, NULL, v.ref[last]);
			}
			jw_close(&w, ']');
			jw_close(&w, '}');
		}
		jw_close(&w, ']');
	}
	jw_close(&w, '}');
	vigil__ob_c(fp, '\n');
	rc = vigil__ob_flush(fp);
done:
	view_dispose(&v);
	return rc;
}

/* ---- CycloneDX 1.6 XML -------------------------------------------------- */

static void
xml_text(struct ob *fp, const char *s)
{
	const char *run;

	for (; *s != '\0'; s++) {
		/* Runs that need no escape go out in one write. */
		for (run = s; (plain[(unsigned char)*s] & 1) != 0; s++)
			;
		if (s > run)
			vigil__ob_put(fp, run, (size_t)(s - run));
		if (*s == '\0')
			break;
		switch (*s) {
		case '<':
			vigil__ob_s(fp, "&lt;");
			break;
		case '>':
			vigil__ob_s(fp, "&gt;");
			break;
		case '&':
			vigil__ob_s(fp, "&amp;");
			break;
		case '"':
			vigil__ob_s(fp, "&quot;");
			break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t' && *s != '\r')
				vigil__ob_c(fp, '?');	/* not allowed in XML 1.0 */
			else
				vigil__ob_c(fp, *s);
		}
	}
}

static void
xind(struct ob *fp, int d)
{
	if (d > 0)
		ob_indent_put(fp, false, d);
}

static void
xel(struct ob *fp, int d, const char *name, const char *val)
{
	if (val == NULL)
		return;
	xind(fp, d);
	vigil__ob_c(fp, '<');
	vigil__ob_s(fp, name);
	vigil__ob_c(fp, '>');
	xml_text(fp, val);
	vigil__ob_s(fp, "</");
	vigil__ob_s(fp, name);
	vigil__ob_s(fp, ">\n");
}

static void
cdx_xml_component(struct view *v, struct ob *fp, int d, uint32_t i)
{
	const vigil_sbom_component *c = &v->doc->comps[i];
	size_t k;
	bool haveexpr = false, anyhash = false;

	xind(fp, d);
	vigil__ob_printf(fp, "<component type=\"%s\" bom-ref=\"", cdx_type(c));
	xml_text(fp, v->ref[i]);
	vigil__ob_s(fp, "\">\n");
	if (c->type != NULL && !in_list(c->type, cdx_types))
		loss(v, i, "type", c->type);
	if (c->supplier != NULL) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<supplier>\n");
		xel(fp, d + 2, "name", c->supplier);
		xind(fp, d + 1);
		vigil__ob_s(fp, "</supplier>\n");
	}
	xel(fp, d + 1, "author", c->author);
	xel(fp, d + 1, "group", c->group);
	xel(fp, d + 1, "name", c->name != NULL ? c->name : "");
	xel(fp, d + 1, "version", c->version);
	xel(fp, d + 1, "description", c->description);
	for (k = 0; k < c->nhashes; k++) {
		if (cdx_hash_ok(&c->hashes[k]))
			anyhash = true;
		else
			loss(v, i, "hash", c->hashes[k].alg);
	}
	if (anyhash) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<hashes>\n");
		for (k = 0; k < c->nhashes; k++) {
			if (!cdx_hash_ok(&c->hashes[k]))
				continue;
			xind(fp, d + 2);
			vigil__ob_printf(fp, "<hash alg=\"%s\">%s</hash>\n",
			    c->hashes[k].alg, c->hashes[k].value);
		}
		xind(fp, d + 1);
		vigil__ob_s(fp, "</hashes>\n");
	}
	for (k = 0; k < c->nlicenses; k++)
		if (lic_is_expression(c->licenses[k]))
			haveexpr = true;
	if (c->nlicenses > 0) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<licenses>\n");
		if (c->nlicenses == 1 && haveexpr) {
			xel(fp, d + 2, "expression", c->licenses[0]);
		} else {
			for (k = 0; k < c->nlicenses; k++) {
				xind(fp, d + 2);
				vigil__ob_s(fp, "<license>\n");
				xel(fp, d + 3, known_id(c->licenses[k]) ? "id" :
				    "name", c->licenses[k]);
				xind(fp, d + 2);
				vigil__ob_s(fp, "</license>\n");
			}
		}
		xind(fp, d + 1);
		vigil__ob_s(fp, "</licenses>\n");
	}
	xel(fp, d + 1, "copyright", c->copyright);
	if (c->ncpes > 0)
		xel(fp, d + 1, "cpe", c->cpes[0]);
	xel(fp, d + 1, "purl", c->purl);
	if (c->swid != NULL) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<swid tagId=\"");
		xml_text(fp, c->swid);
		vigil__ob_s(fp, "\" name=\"");
		xml_text(fp, c->name != NULL ? c->name : c->swid);
		vigil__ob_s(fp, "\"/>\n");
	}
	if (c->nextrefs > 0 || c->download != NULL) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<externalReferences>\n");
		if (c->download != NULL) {
			xind(fp, d + 2);
			vigil__ob_s(fp, "<reference type=\"distribution\">\n");
			xel(fp, d + 3, "url", c->download);
			xind(fp, d + 2);
			vigil__ob_s(fp, "</reference>\n");
		}
		for (k = 0; k < c->nextrefs; k++) {
			const char *t = c->extrefs[k].type;

			if (!in_list(t, cdx_ext_types)) {
				loss(v, i, "externalReference type", t);
				t = "other";
			}
			xind(fp, d + 2);
			vigil__ob_printf(fp, "<reference type=\"%s\">\n", t);
			xel(fp, d + 3, "url", c->extrefs[k].url);
			xind(fp, d + 2);
			vigil__ob_s(fp, "</reference>\n");
		}
		xind(fp, d + 1);
		vigil__ob_s(fp, "</externalReferences>\n");
	}
	if (c->nprops > 0 || c->ncpes > 1 || c->support || c->eos || c->eol) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<properties>\n");
#define PROP(n, val) do {						\
	xind(fp, d + 2);						\
	vigil__ob_s(fp, "<property name=\"");					\
	xml_text(fp, (n));						\
	vigil__ob_s(fp, "\">");						\
	xml_text(fp, (val));						\
	vigil__ob_s(fp, "</property>\n");					\
} while (0)
		if (c->support != NULL)
			PROP(SBOM_PROP_SUPPORT, c->support);
		if (c->eos != NULL)
			PROP(SBOM_PROP_EOS, c->eos);
		if (c->eol != NULL)
			PROP(SBOM_PROP_EOL, c->eol);
		for (k = 1; k < c->ncpes; k++)
			PROP(SBOM_PROP_CPE, c->cpes[k]);
		for (k = 0; k < c->nprops; k++)
			PROP(c->props[k].name, c->props[k].value);
#undef PROP
		xind(fp, d + 1);
		vigil__ob_s(fp, "</properties>\n");
	}
	if (v->kidoff[i + 1] > v->kidoff[i]) {
		xind(fp, d + 1);
		vigil__ob_s(fp, "<components>\n");
		for (k = v->kidoff[i]; k < v->kidoff[i + 1]; k++)
			cdx_xml_component(v, fp, d + 2, v->kid[k]);
		xind(fp, d + 1);
		vigil__ob_s(fp, "</components>\n");
	}
	xind(fp, d);
	vigil__ob_s(fp, "</component>\n");
}

int
vigil__write_cdx_xml(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn lossfn, void *ctx)
{
	const vigil_sbom_meta *m = &doc->meta;
	struct view v;
	size_t i, j;
	char sbuf[96] = "";
	int rc;

	if ((rc = view_init(&v, doc, false, lossfn, ctx)) < 0)
		goto done;
	vigil__ob_s(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	vigil__ob_s(fp, "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" "
	    "serialNumber=\"");
	if (cdx_serial(m->serial, sbuf, sizeof(sbuf)) != NULL) {
		vigil__ob_s(fp, sbuf[0] ? sbuf : m->serial);
	} else {
		if (m->serial != NULL)
			loss(&v, VIGIL_SBOM_NONE, "serial", m->serial);
		vigil__ob_printf(fp, "urn:uuid:%s", view_uuid(&v));
	}
	vigil__ob_printf(fp, "\" version=\"%lu\">\n", m->doc_version ? m->doc_version :
	    1);
	vigil__ob_s(fp, "  <metadata>\n");
	if (m->timestamp != NULL && vigil__sbom_is_datetime(m->timestamp,
	    true))
		xel(fp, 2, "timestamp", m->timestamp);
	else if (m->timestamp != NULL)
		loss(&v, VIGIL_SBOM_NONE, "timestamp", m->timestamp);
	if (m->ntools > 0) {
		vigil__ob_s(fp, "    <tools>\n      <components>\n");
		for (i = 0; i < m->ntools; i++) {
			vigil__ob_s(fp, "        <component type=\"application\">\n");
			xel(fp, 5, "name", m->tools[i]);
			vigil__ob_s(fp, "        </component>\n");
		}
		vigil__ob_s(fp, "      </components>\n    </tools>\n");
	}
	if (m->nauthors > 0) {
		vigil__ob_s(fp, "    <authors>\n");
		for (i = 0; i < m->nauthors; i++) {
			vigil__ob_s(fp, "      <author>\n");
			xel(fp, 4, "name", m->authors[i]);
			vigil__ob_s(fp, "      </author>\n");
		}
		vigil__ob_s(fp, "    </authors>\n");
	}
	if (m->subject != VIGIL_SBOM_NONE && m->subject < doc->ncomps)
		cdx_xml_component(&v, fp, 2, m->subject);
	if (m->nprops > 0) {
		vigil__ob_s(fp, "    <properties>\n");
		for (i = 0; i < m->nprops; i++) {
			vigil__ob_s(fp, "      <property name=\"");
			xml_text(fp, m->props[i].name);
			vigil__ob_s(fp, "\">");
			xml_text(fp, m->props[i].value);
			vigil__ob_s(fp, "</property>\n");
		}
		vigil__ob_s(fp, "    </properties>\n");
	}
	vigil__ob_s(fp, "  </metadata>\n  <components>\n");
	for (i = 0; i < doc->ncomps; i++)
		if (doc->comps[i].parent == VIGIL_SBOM_NONE &&
		    i != m->subject)
			cdx_xml_component(&v, fp, 2, (uint32_t)i);
	vigil__ob_s(fp, "  </components>\n");
	edge_losses(&v);
	if (doc->nedges > 0) {
		vigil__ob_s(fp, "  <dependencies>\n");
		for (i = 0; i < doc->ncomps; i++) {
			uint32_t last = VIGIL_SBOM_NONE;

			if (v.edgeoff[i + 1] == v.edgeoff[i])
				continue;
			vigil__ob_s(fp, "    <dependency ref=\"");
			xml_text(fp, v.ref[i]);
			vigil__ob_s(fp, "\">\n");
			for (j = v.edgeoff[i]; j < v.edgeoff[i + 1]; j++) {
				if (doc->edges[j].to == last)
					continue;
				last = doc->edges[j].to;
				vigil__ob_s(fp, "      <dependency ref=\"");
				xml_text(fp, v.ref[last]);
				vigil__ob_s(fp, "\"/>\n");
			}
			vigil__ob_s(fp, "    </dependency>\n");
		}
		vigil__ob_s(fp, "  </dependencies>\n");
	}
	vigil__ob_s(fp, "</bom>\n");
	rc = vigil__ob_flush(fp);
done:
	view_dispose(&v);
	return rc;
}

/* ---- SPDX 2.3 (JSON and tag-value share the field mapping) ------------ */

/* The SPDX name of a CycloneDX-named hash algorithm. */
static const char *
spdx_alg(const char *cdx, char *buf, size_t cap)
{
	if (strcmp(cdx, "SHA-1") == 0)
		return "SHA1";
	if (strncmp(cdx, "SHA-", 4) == 0) {
		snprintf(buf, cap, "SHA%s", cdx + 4);
		return buf;
	}
	return cdx;		/* MD5, SHA3-256, BLAKE2b-256, BLAKE3 ... */
}

static const char *
spdx_purpose(const char *type)
{
	static const char *const m[][2] = {
		{ "application", "APPLICATION" }, { "framework", "FRAMEWORK" },
		{ "library", "LIBRARY" }, { "container", "CONTAINER" },
		{ "operating-system", "OPERATING-SYSTEM" },
		{ "device", "DEVICE" }, { "firmware", "FIRMWARE" },
		{ "file", "FILE" } };
	size_t i;

	if (type == NULL)
		return "LIBRARY";
	for (i = 0; i < VGX_ARRAY_SIZE(m); i++)
		if (strcmp(type, m[i][0]) == 0)
			return m[i][1];
	return "OTHER";
}

/*
 * A licence as an SPDX expression: as it is when it has the syntax, else
 * "LicenseRef-" and the name with other characters as '-' (reported).
 */
static void
spdx_license(struct view *v, uint32_t i, const char *lic, vgx_buf *out)
{
	const char *p;

	vgx_buf_reset(out);
	if (lic_spdx_syntax(lic) && (lic_is_expression(lic) ||
	    strchr(lic, ' ') == NULL)) {
		vgx_buf_adds(out, lic);
		return;
	}
	vgx_buf_adds(out, "LicenseRef-");
	for (p = lic; *p != '\0'; p++)
		vgx_buf_addc(out, spdx_id_char((unsigned char)*p) ? *p : '-');
	loss(v, i, "licence name", lic);
}

/* The date-time form SPDX requires of validUntilDate. */
/* PREFIX then S in BUF (CAP bytes), cut as snprintf(BUF, CAP, "%s%s")
 * would cut it, without its format parsing. */
static const char *
cat2(char *buf, size_t cap, const char *prefix, const char *s)
{
	size_t a = strlen(prefix), b = strlen(s);

	if (a > cap - 1)
		a = cap - 1;
	if (b > cap - 1 - a)
		b = cap - 1 - a;
	memcpy(buf, prefix, a);
	memcpy(buf + a, s, b);
	buf[a + b] = '\0';
	return buf;
}

static void
spdx_datetime(const char *d, char *buf, size_t cap)
{
	cat2(buf, cap, d, strlen(d) == 10 ? "T00:00:00Z" : "");
}

static const char *
spdx_created(struct view *v)
{
	const char *t = v->doc->meta.timestamp;

	if (t != NULL && vigil__sbom_is_datetime(t, true))
		return t;
	loss(v, VIGIL_SBOM_NONE, "timestamp", t != NULL ? t :
	    "none: created written as 1970-01-01T00:00:00Z");
	return "1970-01-01T00:00:00Z";
}

static void
spdx_namespace(struct view *v, char *buf, size_t cap)
{
	const char *s = v->doc->meta.serial;

	if (s != NULL && strstr(s, "://") != NULL && strchr(s, '#') == NULL &&
	    strchr(s, ' ') == NULL)
		snprintf(buf, cap, "%s", s);
	else if (s != NULL && serial_ok(s))	/* keep the CycloneDX serial */
		snprintf(buf, cap, "https://vigil.invalid/spdxdocs/sbom-%s",
		    s + 9);
	else
		snprintf(buf, cap, "https://vigil.invalid/spdxdocs/sbom-%s",
		    view_uuid(v));
}

static const char *
spdx_relation(const vigil_sbom_edge *e)
{
	if (e->kind == VIGIL_SBOM_DEPENDS_ON)
		return e->relation != NULL ? "DEPENDS_ON" : "DEPENDS_ON";
	if (e->kind == VIGIL_SBOM_CONTAINS)
		return "CONTAINS";
	return e->relation != NULL ? e->relation : "OTHER";
}

static const char *
doc_name(const struct view *v)
{
	const vigil_sbom_meta *m = &v->doc->meta;

	if (m->name != NULL)
		return m->name;
	if (m->subject != VIGIL_SBOM_NONE && m->subject < v->doc->ncomps &&
	    v->doc->comps[m->subject].name != NULL)
		return v->doc->comps[m->subject].name;
	return "sbom";
}

/*
 * An external reference that the SPDX reader kept as a property
 * ("spdx:externalRef:CATEGORY:TYPE", "spdx:purl"): *CAT and TYPE (in
 * BUF) when P is one.
 */
static bool
spdx_xref_prop(const vigil_sbom_prop *p, const char **cat, char *type,
    size_t cap, char *catbuf, size_t catcap)
{
	const char *s = p->name, *c;

	if (strcmp(s, "spdx:purl") == 0) {
		*cat = "PACKAGE-MANAGER";
		snprintf(type, cap, "purl");
		return true;
	}
	if (strncmp(s, "spdx:externalRef:", 17) != 0)
		return false;
	s += 17;
	if ((c = strchr(s, ':')) == NULL || (size_t)(c - s) >= catcap)
		return false;
	memcpy(catbuf, s, (size_t)(c - s));
	catbuf[c - s] = '\0';
	*cat = catbuf;
	snprintf(type, cap, "%s", c + 1);
	return type[0] != '\0';
}

/* The other properties of a component SPDX 2.3 has no field for. */
static void
spdx_prop_losses(struct view *v, uint32_t i)
{
	const vigil_sbom_component *c = &v->doc->comps[i];
	size_t k;

	for (k = 0; k < c->nprops; k++) {
		const char *cat;
		char type[128], cb[64];

		if (!spdx_xref_prop(&c->props[k], &cat, type, sizeof(type), cb,
		    sizeof(cb)))
			loss(v, i, "property", c->props[k].name);
	}
	if (c->group != NULL)
		loss(v, i, "group", c->group);
}

int
vigil__write_spdx_json(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn lossfn, void *ctx)
{
	const vigil_sbom_meta *m = &doc->meta;
	struct view v;
	struct jw w;
	vgx_buf lb, tmp;
	char buf[512], alg[32];
	const char *created;
	size_t i, k;
	int rc;

	vgx_buf_init(&lb, 1u << 20);
	vgx_buf_init(&tmp, 1u << 20);
	if ((rc = view_init(&v, doc, true, lossfn, ctx)) < 0)
		goto done;
	memset(&w, 0, sizeof(w));
	w.fp = fp;
	jw_open(&w, NULL, '{');
	jw_str(&w, "spdxVersion", "SPDX-2.3");
	jw_str(&w, "dataLicense", "CC0-1.0");
	jw_str(&w, "SPDXID", "SPDXRef-DOCUMENT");
	jw_str(&w, "name", doc_name(&v));
	spdx_namespace(&v, buf, sizeof(buf));
	jw_str(&w, "documentNamespace", buf);
	jw_open(&w, "creationInfo", '{');
	created = spdx_created(&v);
	jw_str(&w, "created", created);
	jw_open(&w, "creators", '[');
	for (i = 0; i < m->nauthors; i++) {
		snprintf(buf, sizeof(buf), "Organization: %s", m->authors[i]);
		jw_str(&w, NULL, buf);
	}
	for (i = 0; i < m->ntools; i++) {
		snprintf(buf, sizeof(buf), "Tool: %s", m->tools[i]);
		jw_str(&w, NULL, buf);
	}
	if (m->nauthors + m->ntools == 0)
		jw_str(&w, NULL, "Tool: vigil-" VIGIL_VERSION);
	jw_close(&w, ']');
	jw_close(&w, '}');
	for (i = 0; i < m->nprops; i++)
		loss(&v, VIGIL_SBOM_NONE, "metadata property",
		    m->props[i].name);
	jw_open(&w, "packages", '[');
	for (i = 0; i < doc->ncomps; i++) {
		const vigil_sbom_component *c = &doc->comps[i];
		const char *dl = c->download;

		jw_open(&w, NULL, '{');
		jw_str(&w, "name", c->name != NULL ? c->name : "");
		jw_str(&w, "SPDXID", v.ref[i]);
		jw_str(&w, "versionInfo", c->version);
		if (c->supplier != NULL) {
			jw_str(&w, "supplier", cat2(buf, sizeof(buf),
			    "Organization: ", c->supplier));
		}
		if (c->author != NULL) {
			jw_str(&w, "originator", cat2(buf, sizeof(buf),
			    "Person: ", c->author));
		}
		for (k = 0; dl == NULL && k < c->nextrefs; k++)
			if (strcmp(c->extrefs[k].type, "distribution") == 0)
				dl = c->extrefs[k].url;
		jw_str(&w, "downloadLocation", dl != NULL ? dl :
		    "NOASSERTION");
		jw_raw(&w, "filesAnalyzed", "false");
		for (k = 0; k < c->nextrefs; k++)
			if (strcmp(c->extrefs[k].type, "website") == 0)
				break;
		if (k < c->nextrefs)
			jw_str(&w, "homepage", c->extrefs[k].url);
		if (c->nhashes > 0) {
			jw_open(&w, "checksums", '[');
			for (k = 0; k < c->nhashes; k++) {
				jw_open(&w, NULL, '{');
				jw_str(&w, "algorithm", spdx_alg(
				    c->hashes[k].alg, alg, sizeof(alg)));
				jw_str(&w, "checksumValue",
				    c->hashes[k].value);
				jw_close(&w, '}');
			}
			jw_close(&w, ']');
		}
		/* Licences: one -> declared; two -> concluded, declared. */
		if (c->nlicenses == 0) {
			jw_str(&w, "licenseConcluded", "NOASSERTION");
			jw_str(&w, "licenseDeclared", "NOASSERTION");
		} else if (c->nlicenses == 1) {
			spdx_license(&v, (uint32_t)i, c->licenses[0], &lb);
			jw_str(&w, "licenseConcluded", "NOASSERTION");
			jw_str(&w, "licenseDeclared", vgx_buf_cstr(&lb));
		} else {
			spdx_license(&v, (uint32_t)i, c->licenses[0], &lb);
			jw_str(&w, "licenseConcluded", vgx_buf_cstr(&lb));
			vgx_buf_reset(&tmp);
			for (k = 1; k < c->nlicenses; k++) {
				spdx_license(&v, (uint32_t)i, c->licenses[k],
				    &lb);
				if (k > 1)
					vgx_buf_adds(&tmp, " AND ");
				if (c->nlicenses > 2)
					vgx_buf_addc(&tmp, '(');
				vgx_buf_adds(&tmp, vgx_buf_cstr(&lb));
				if (c->nlicenses > 2)
					vgx_buf_addc(&tmp, ')');
			}
			if (c->nlicenses > 2)
				loss(&v, (uint32_t)i, "licences",
				    "more than two: declared joined with AND");
			jw_str(&w, "licenseDeclared", vgx_buf_cstr(&tmp));
		}
		jw_str(&w, "copyrightText", c->copyright != NULL ?
		    c->copyright : "NOASSERTION");
		jw_str(&w, "description", c->description);
		if (c->purl != NULL || c->ncpes > 0 || c->swid != NULL ||
		    c->nextrefs > 0 || c->nprops > 0) {
			const char *cat;
			char type[128], cb[64];

			jw_open(&w, "externalRefs", '[');
#define XREF(cat, type, loc) do {					\
	jw_open(&w, NULL, '{');						\
	jw_str(&w, "referenceCategory", (cat));				\
	jw_str(&w, "referenceType", (type));				\
	jw_str(&w, "referenceLocator", (loc));				\
	jw_close(&w, '}');						\
} while (0)
			if (c->purl != NULL)
				XREF("PACKAGE-MANAGER", "purl", c->purl);
			for (k = 0; k < c->ncpes; k++)
				XREF("SECURITY", strncmp(c->cpes[k], "cpe:/",
				    5) == 0 ? "cpe22Type" : "cpe23Type",
				    c->cpes[k]);
			if (c->swid != NULL)
				XREF("PERSISTENT-ID", "swid", c->swid);
			for (k = 0; k < c->nextrefs; k++) {
				const char *t = c->extrefs[k].type;

				if (strcmp(t, "website") == 0 ||
				    strcmp(t, "distribution") == 0)
					continue;
				if (strcmp(t, "advisories") == 0)
					XREF("SECURITY", "advisory",
					    c->extrefs[k].url);
				else
					XREF("OTHER", t, c->extrefs[k].url);
			}
			for (k = 0; k < c->nprops; k++)
				if (spdx_xref_prop(&c->props[k], &cat, type,
				    sizeof(type), cb, sizeof(cb)))
					XREF(cat, type, c->props[k].value);
#undef XREF
			jw_close(&w, ']');
		}
		jw_str(&w, "primaryPackagePurpose",
		    strcmp(spdx_purpose(c->type), "OPERATING-SYSTEM") == 0 ?
		    "OPERATING_SYSTEM" : spdx_purpose(c->type));
		if (c->eos != NULL) {
			spdx_datetime(c->eos, buf, sizeof(buf));
			jw_str(&w, "validUntilDate", buf);
		}
		if (c->support != NULL || c->eol != NULL) {
			jw_open(&w, "annotations", '[');
			if (c->support != NULL) {
				jw_open(&w, NULL, '{');
				jw_str(&w, "annotationType", "OTHER");
				jw_str(&w, "annotator", "Tool: vigil");
				jw_str(&w, "annotationDate", created);
				jw_str(&w, "comment", cat2(buf, sizeof(buf),
				    SBOM_PROP_SUPPORT "=", c->support));
				jw_close(&w, '}');
			}
			if (c->eol != NULL) {
				jw_open(&w, NULL, '{');
				jw_str(&w, "annotationType", "OTHER");
				jw_str(&w, "annotator", "Tool: vigil");
				jw_str(&w, "annotationDate", created);
				jw_str(&w, "comment", cat2(buf, sizeof(buf),
				    SBOM_PROP_EOL "=", c->eol));
				jw_close(&w, '}');
			}
			jw_close(&w, ']');
		}
		spdx_prop_losses(&v, (uint32_t)i);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "relationships", '[');
#define REL(a, t, b) do {						\
	jw_open(&w, NULL, '{');						\
	jw_str(&w, "spdxElementId", (a));				\
	jw_str(&w, "relationshipType", (t));				\
	jw_str(&w, "relatedSpdxElement", (b));				\
	jw_close(&w, '}');						\
} while (0)
	if (m->subject != VIGIL_SBOM_NONE && m->subject < doc->ncomps) {
		REL("SPDXRef-DOCUMENT", "DESCRIBES", v.ref[m->subject]);
	} else {
		for (i = 0; i < doc->ncomps; i++)
			if (doc->comps[i].parent == VIGIL_SBOM_NONE)
				REL("SPDXRef-DOCUMENT", "DESCRIBES", v.ref[i]);
	}
	for (i = 0; i < doc->ncomps; i++)
		for (k = v.kidoff[i]; k < v.kidoff[i + 1]; k++)
			REL(v.ref[i], "CONTAINS", v.ref[v.kid[k]]);
	for (k = 0; k < doc->nedges; k++) {
		const vigil_sbom_edge *e = &doc->edges[k];

		/* A nesting already written as CONTAINS is not repeated. */
		if (e->kind == VIGIL_SBOM_CONTAINS &&
		    doc->comps[e->to].parent == e->from)
			continue;
		REL(v.ref[e->from], spdx_relation(e), v.ref[e->to]);
	}
#undef REL
	jw_close(&w, ']');
	jw_close(&w, '}');
	vigil__ob_c(fp, '\n');
	rc = vigil__ob_flush(fp);
done:
	vgx_buf_dispose(&lb);
	vgx_buf_dispose(&tmp);
	view_dispose(&v);
	return rc;
}

/* A tag-value value: single line as is, else wrapped in <text>. */
static void
tv(struct ob *fp, const char *tag, const char *val)
{
	if (val == NULL)
		return;
	vigil__ob_s(fp, tag);
	if (strchr(val, '\n') != NULL || strstr(val, "<text>") != NULL) {
		vigil__ob_s(fp, ": <text>");
		vigil__ob_s(fp, val);
		vigil__ob_s(fp, "</text>\n");
	} else {
		vigil__ob_s(fp, ": ");
		vigil__ob_s(fp, val);
		vigil__ob_c(fp, '\n');
	}
}

int
vigil__write_spdx_tv(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn lossfn, void *ctx)
{
	const vigil_sbom_meta *m = &doc->meta;
	struct view v;
	vgx_buf lb, tmp;
	char buf[512], alg[32];
	const char *created;
	size_t i, k;
	int rc;

	vgx_buf_init(&lb, 1u << 20);
	vgx_buf_init(&tmp, 1u << 20);
	if ((rc = view_init(&v, doc, true, lossfn, ctx)) < 0)
		goto done;
	vigil__ob_s(fp, "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"
	    "SPDXID: SPDXRef-DOCUMENT\n");
	tv(fp, "DocumentName", doc_name(&v));
	spdx_namespace(&v, buf, sizeof(buf));
	tv(fp, "DocumentNamespace", buf);
	for (i = 0; i < m->nauthors; i++)
		vigil__ob_printf(fp, "Creator: Organization: %s\n", m->authors[i]);
	for (i = 0; i < m->ntools; i++)
		vigil__ob_printf(fp, "Creator: Tool: %s\n", m->tools[i]);
	if (m->nauthors + m->ntools == 0)
		vigil__ob_s(fp, "Creator: Tool: vigil-" VIGIL_VERSION "\n");
	created = spdx_created(&v);
	tv(fp, "Created", created);
	for (i = 0; i < m->nprops; i++)
		loss(&v, VIGIL_SBOM_NONE, "metadata property",
		    m->props[i].name);
	if (m->subject != VIGIL_SBOM_NONE && m->subject < doc->ncomps) {
		vigil__ob_printf(fp, "Relationship: SPDXRef-DOCUMENT DESCRIBES %s\n",
		    v.ref[m->subject]);
	} else {
		for (i = 0; i < doc->ncomps; i++)
			if (doc->comps[i].parent == VIGIL_SBOM_NONE)
				vigil__ob_printf(fp, "Relationship: SPDXRef-DOCUMENT "
				    "DESCRIBES %s\n", v.ref[i]);
	}
	for (i = 0; i < doc->ncomps; i++) {
		const vigil_sbom_component *c = &doc->comps[i];
		const char *dl = c->download;

		vigil__ob_s(fp, "\n");
		tv(fp, "PackageName", c->name != NULL ? c->name : "");
		tv(fp, "SPDXID", v.ref[i]);
		tv(fp, "PackageVersion", c->version);
		if (c->supplier != NULL)
			vigil__ob_printf(fp, "PackageSupplier: Organization: %s\n",
			    c->supplier);
		if (c->author != NULL)
			vigil__ob_printf(fp, "PackageOriginator: Person: %s\n",
			    c->author);
		for (k = 0; dl == NULL && k < c->nextrefs; k++)
			if (strcmp(c->extrefs[k].type, "distribution") == 0)
				dl = c->extrefs[k].url;
		tv(fp, "PackageDownloadLocation", dl != NULL ? dl :
		    "NOASSERTION");
		vigil__ob_s(fp, "FilesAnalyzed: false\n");
		for (k = 0; k < c->nextrefs; k++)
			if (strcmp(c->extrefs[k].type, "website") == 0) {
				tv(fp, "PackageHomePage", c->extrefs[k].url);
				break;
			}
		for (k = 0; k < c->nhashes; k++)
			vigil__ob_printf(fp, "PackageChecksum: %s: %s\n",
			    spdx_alg(c->hashes[k].alg, alg, sizeof(alg)),
			    c->hashes[k].value);
		if (c->nlicenses == 0) {
			vigil__ob_s(fp, "PackageLicenseConcluded: NOASSERTION\n"
			    "PackageLicenseDeclared: NOASSERTION\n");
		} else if (c->nlicenses == 1) {
			spdx_license(&v, (uint32_t)i, c->licenses[0], &lb);
			vigil__ob_s(fp, "PackageLicenseConcluded: NOASSERTION\n");
			tv(fp, "PackageLicenseDeclared", vgx_buf_cstr(&lb));
		} else {
			spdx_license(&v, (uint32_t)i, c->licenses[0], &lb);
			tv(fp, "PackageLicenseConcluded", vgx_buf_cstr(&lb));
			vgx_buf_reset(&tmp);
			for (k = 1; k < c->nlicenses; k++) {
				spdx_license(&v, (uint32_t)i, c->licenses[k],
				    &lb);
				if (k > 1)
					vgx_buf_adds(&tmp, " AND ");
				if (c->nlicenses > 2)
					vgx_buf_addc(&tmp, '(');
				vgx_buf_adds(&tmp, vgx_buf_cstr(&lb));
				if (c->nlicenses > 2)
					vgx_buf_addc(&tmp, ')');
			}
			if (c->nlicenses > 2)
				loss(&v, (uint32_t)i, "licences",
				    "more than two: declared joined with AND");
			tv(fp, "PackageLicenseDeclared", vgx_buf_cstr(&tmp));
		}
		tv(fp, "PackageCopyrightText", c->copyright != NULL ?
		    c->copyright : "NOASSERTION");
		tv(fp, "PackageDescription", c->description);
		if (c->purl != NULL)
			vigil__ob_printf(fp, "ExternalRef: PACKAGE-MANAGER purl %s\n",
			    c->purl);
		for (k = 0; k < c->ncpes; k++)
			vigil__ob_printf(fp, "ExternalRef: SECURITY %s %s\n",
			    strncmp(c->cpes[k], "cpe:/", 5) == 0 ? "cpe22Type" :
			    "cpe23Type", c->cpes[k]);
		if (c->swid != NULL)
			vigil__ob_printf(fp, "ExternalRef: PERSISTENT-ID swid %s\n",
			    c->swid);
		for (k = 0; k < c->nextrefs; k++) {
			const char *t = c->extrefs[k].type;

			if (strcmp(t, "website") == 0 ||
			    strcmp(t, "distribution") == 0)
				continue;
			vigil__ob_printf(fp, "ExternalRef: %s %s %s\n",
			    strcmp(t, "advisories") == 0 ? "SECURITY" : "OTHER",
			    strcmp(t, "advisories") == 0 ? "advisory" : t,
			    c->extrefs[k].url);
		}
		for (k = 0; k < c->nprops; k++) {
			const char *cat;
			char type[128], cb[64];

			if (spdx_xref_prop(&c->props[k], &cat, type,
			    sizeof(type), cb, sizeof(cb)))
				vigil__ob_printf(fp, "ExternalRef: %s %s %s\n", cat, type,
				    c->props[k].value);
		}
		tv(fp, "PrimaryPackagePurpose", spdx_purpose(c->type));
		if (c->eos != NULL) {
			spdx_datetime(c->eos, buf, sizeof(buf));
			tv(fp, "ValidUntilDate", buf);
		}
		if (c->support != NULL) {
			vigil__ob_printf(fp, "Annotator: Tool: vigil\nAnnotationDate: "
			    "%s\nAnnotationType: OTHER\nSPDXREF: %s\n"
			    "AnnotationComment: %s=%s\n", created, v.ref[i],
			    SBOM_PROP_SUPPORT, c->support);
		}
		if (c->eol != NULL) {
			vigil__ob_printf(fp, "Annotator: Tool: vigil\nAnnotationDate: "
			    "%s\nAnnotationType: OTHER\nSPDXREF: %s\n"
			    "AnnotationComment: %s=%s\n", created, v.ref[i],
			    SBOM_PROP_EOL, c->eol);
		}
		spdx_prop_losses(&v, (uint32_t)i);
	}
	if (doc->ncomps > 0)
		vigil__ob_s(fp, "\n");
	for (i = 0; i < doc->ncomps; i++)
		for (k = v.kidoff[i]; k < v.kidoff[i + 1]; k++)
			vigil__ob_printf(fp, "Relationship: %s CONTAINS %s\n", v.ref[i],
			    v.ref[v.kid[k]]);
	for (k = 0; k < doc->nedges; k++) {
		const vigil_sbom_edge *e = &doc->edges[k];

		if (e->kind == VIGIL_SBOM_CONTAINS &&
		    doc->comps[e->to].parent == e->from)
			continue;
		vigil__ob_printf(fp, "Relationship: %s %s %s\n", v.ref[e->from],
		    spdx_relation(e), v.ref[e->to]);
	}
	rc = vigil__ob_flush(fp);
done:
	vgx_buf_dispose(&lb);
	vgx_buf_dispose(&tmp);
	view_dispose(&v);
	return rc;
}

/* ---- entry point and the content-derived id ------------------------ */

static uint64_t
mix(uint64_t h, const char *s)
{
	if (s == NULL)
		s = "\x01";
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff;
	return h * 1099511628211ull;
}

void
vigil__sbom_digest_uuid(const vigil_sbom *doc, char out[37])
{
	uint64_t a = 1469598103934665603ull, b = 0x9e3779b97f4a7c15ull;
	size_t i;

	a = mix(a, doc->meta.name);
	a = mix(a, doc->meta.timestamp);
	for (i = 0; i < doc->ncomps; i++) {
		const vigil_sbom_component *c = &doc->comps[i];

		a = mix(a, c->name);
		a = mix(a, c->version);
		b = mix(b ^ a, c->purl);
		b = mix(b, c->ref);
	}
	b = mix(b, doc->meta.name);
	/* RFC 4122 layout, version 8 (custom), variant 10. */
	snprintf(out, 37, "%08x-%04x-8%03x-%04x-%012llx",
	    (unsigned)(a >> 32), (unsigned)((a >> 16) & 0xffff),
	    (unsigned)(a & 0xfff), (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
	    (unsigned long long)(b & 0xffffffffffffull));
}

int
vigil_sbom_write(FILE *out, const vigil_sbom *doc, vigil_sbom_format format,
    vigil_sbom_loss_fn on_loss, void *ctx, vigil_error *err)
{
	struct ob *fp;
	int rc;

	switch (format) {
	case VIGIL_SBOM_CYCLONEDX_JSON:
	case VIGIL_SBOM_CYCLONEDX_XML:
	case VIGIL_SBOM_SPDX_JSON:
	case VIGIL_SBOM_SPDX_TV:
		break;
	default:
		return vigil__error(err, VIGIL_EUNSUPPORTED, "vigil does not "
		    "write %s", vigil_sbom_format_name(format));
	}
	if ((rc = vigil__sbom_whole(doc, err)) < 0)
		return rc;
	if ((fp = ob_open(out)) == NULL)
		return vigil__error_oom(err);
	switch (format) {
	case VIGIL_SBOM_CYCLONEDX_JSON:
		rc = vigil__write_cdx_json(fp, doc, on_loss, ctx);
		break;
	case VIGIL_SBOM_CYCLONEDX_XML:
		rc = vigil__write_cdx_xml(fp, doc, on_loss, ctx);
		break;
	case VIGIL_SBOM_SPDX_JSON:
		rc = vigil__write_spdx_json(fp, doc, on_loss, ctx);
		break;
	case VIGIL_SBOM_SPDX_TV:
		rc = vigil__write_spdx_tv(fp, doc, on_loss, ctx);
		break;
	default:
		rc = VIGIL_EUNSUPPORTED;	/* checked above */
	}
	ob_close(fp);
	if (rc == VIGIL_ENOMEM)
		return vigil__error_oom(err);
	if (rc < 0)
		return vigil__error(err, VIGIL_EIO, "write error");
	return 0;
}
