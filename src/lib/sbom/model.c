/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SBOM model: an arena with interned strings, the component array,
 * the reference map and the dependency graph as integer edges.  The format
 * readers fill it through the component builder (struct cbuild) and the
 * pending edges, which are resolved to indexes once the whole input is
 * read (a dependency may name a component that comes later).
 */
#include <stdlib.h>
#include <string.h>

#include "sbomint.h"

/* ---- arena -------------------------------------------------------------- */

struct arena_block {
	struct arena_block *next;
	size_t size;		/* bytes of data[] */
	size_t off;		/* bytes used */
	max_align_t data[];
};

#define ARENA_BLOCK (64u * 1024u)

void
vigil__arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void
vigil__arena_dispose(struct arena *a)
{
	struct arena_block *b, *n;

	for (b = a->head; b != NULL; b = n) {
		n = b->next;
		vgx_free(b);
	}
	a->head = NULL;
	a->used = 0;
}

void
vigil__arena_reset(struct arena *a)
{
	struct arena_block *b, *n;

	if (a->head == NULL)
		return;
	/* Keep the oldest (last) block if it is a standard one. */
	for (b = a->head; b->next != NULL; b = n) {
		n = b->next;
		vgx_free(b);
	}
	a->head = b;
	b->off = 0;
	a->used = 0;
}

/* SIZE bytes aligned to AL (a power of two, at most max_align_t). */
static void *
arena_alloc_align(struct arena *a, size_t size, size_t al)
{
	struct arena_block *b = a->head;
	size_t need, bsz, pad = 0;
	void *p;

	if (size > SIZE_MAX - sizeof(max_align_t))
		return NULL;
	need = size;
	if (b != NULL)
		pad = (al - (b->off & (al - 1))) & (al - 1);
	if (b == NULL || b->size - b->off < need + pad) {
		/* A new block starts aligned for anything. */
		pad = 0;
		need = (size + sizeof(max_align_t) - 1) /
		    sizeof(max_align_t) * sizeof(max_align_t);
		bsz = need > ARENA_BLOCK / 2 ? need : ARENA_BLOCK;
		if ((b = vgx_malloc(sizeof(*b) + bsz)) == NULL)
			return NULL;
		b->size = bsz;
		b->off = 0;
		if (bsz > ARENA_BLOCK && a->head != NULL) {
			/* A big one-off block goes second so the current
			 * block keeps filling. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	b->off += pad;
	p = (char *)b->data + b->off;
	b->off += need;
	a->used += need + pad;
	return p;
}

void *
vigil__arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_align(a, size, sizeof(max_align_t));
}

char *
vigil__arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	/* Strings need no alignment: packed, they take fewer pages. */
	if (n == SIZE_MAX || (p = arena_alloc_align(a, n + 1, 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- interning ----------------------------------------------------------- */

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
	size_t i;

	/* Eight bytes a step (a multiply and a shift mix each); only the
	 * placement in the tables depends on it, never the output. */
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	for (w = 0, i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	h *= 0x9e3779b97f4a7c15ull;	/* the low bits index the table */
	return h ^ (h >> 32);
}

static int
strtab_grow(struct strtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, i, j;
	struct strslot *slot;

	if ((slot = vgx_calloc(cap, sizeof(*slot))) == NULL)
		return VIGIL_ENOMEM;
	for (i = 0; i < t->cap; i++) {
		if (t->slot[i].s == NULL)
			continue;
		j = t->slot[i].hash & (cap - 1);
		while (slot[j].s != NULL)
			j = (j + 1) & (cap - 1);
		slot[j] = t->slot[i];
	}
	vgx_free(t->slot);
	t->slot = slot;
	t->cap = cap;
	return 0;
}

/* The slot of (s, n) in T: its string, or the empty slot to fill. */
static size_t
strtab_slot(const struct strtab *t, const char *s, size_t n, uint32_t h)
{
	size_t j = h & (t->cap - 1);

	while (t->slot[j].s != NULL) {
		if (t->slot[j].hash == h && strncmp(t->slot[j].s, s, n) == 0 &&
		    t->slot[j].s[n] == '\0')
			break;
		j = (j + 1) & (t->cap - 1);
	}
	return j;
}

const char *
vigil__sbom_intern(vigil_sbom *doc, const char *s, size_t n)
{
	struct strtab *t = &doc->strings;
	struct strslot *f;
	size_t j;
	uint32_t h;
	char *p;

	if (s == NULL)
		return NULL;
	if ((t->n + 1) * 2 > t->cap && strtab_grow(t) < 0)
		return NULL;
	h = (uint32_t)hash_bytes(s, n);
	f = &t->front[(h >> 7) & (VGX_ARRAY_SIZE(t->front) - 1)];
	if (f->s != NULL && f->hash == h && strncmp(f->s, s, n) == 0 &&
	    f->s[n] == '\0')
		return f->s;
	j = strtab_slot(t, s, n, h);
	if (t->slot[j].s != NULL) {
		*f = t->slot[j];
		return t->slot[j].s;
	}
	{
		struct ihdr *hd;

		if (n > SIZE_MAX - sizeof(*hd) - 1 || (hd = arena_alloc_align(
		    &doc->arena, sizeof(*hd) + n + 1, _Alignof(struct ihdr))) ==
		    NULL)
			return NULL;
		hd->hash = h;
		hd->ref = VIGIL_SBOM_NONE;
		p = (char *)(hd + 1);
		memcpy(p, s, n);
		p[n] = '\0';
	}
	t->slot[j].s = p;
	t->slot[j].hash = h;
	t->n++;
	*f = t->slot[j];
	return p;
}

const char *
vigil__sbom_interns(vigil_sbom *doc, const char *s)
{
	return s == NULL ? NULL : vigil__sbom_intern(doc, s, strlen(s));
}

/* ---- document ------------------------------------------------------------ */

int
vigil_sbom_new(vigil_sbom **out, vigil_sbom_format format, vigil_error *err)
{
	vigil_sbom *d;

	*out = NULL;
	if ((d = vgx_calloc(1, sizeof(*d))) == NULL)
		return vigil__error_oom(err);
	vigil__arena_init(&d->arena);
	d->meta.format = format;
	d->meta.subject = VIGIL_SBOM_NONE;
	*out = d;
	return 0;
}

void
vigil_sbom_free(vigil_sbom *doc)
{
	if (doc == NULL)
		return;
	vigil__arena_dispose(&doc->arena);
	vgx_free(doc->strings.slot);
	vgx_free(doc->comps);
	vgx_free(doc->edges);
	vgx_free(doc->pend);
	vgx_free(doc);
}

const vigil_sbom_meta *
vigil_sbom_get_meta(const vigil_sbom *doc)
{
	return &doc->meta;
}

size_t
vigil_sbom_count(const vigil_sbom *doc)
{
	return doc->ncomps;
}

size_t
vigil_sbom_seen(const vigil_sbom *doc)
{
	return doc->seen;
}

const vigil_sbom_component *
vigil_sbom_at(const vigil_sbom *doc, size_t i)
{
	assert(i < doc->ncomps);
	return &doc->comps[i];
}

const vigil_sbom_edge *
vigil_sbom_edges(const vigil_sbom *doc, size_t *n)
{
	*n = doc->nedges;
	return doc->edges;
}

/* ---- references ---------------------------------------------------------- */

/* The header of an interned string. */
static struct ihdr *
ihdr(const char *interned)
{
	return (struct ihdr *)(void *)((char *)(uintptr_t)interned -
	    sizeof(struct ihdr));
}

int
vigil__sbom_ref_put(vigil_sbom *doc, const char *ref, uint32_t index)
{
	struct ihdr *h = ihdr(ref);

	if (h->ref != VIGIL_SBOM_NONE)
		return VIGIL_EEXISTS;
	h->ref = index;
	doc->nrefs++;
	/* The writers make SPDX ids of this form (writer.c view_init). */
	if (strncmp(ref, "SPDXRef-Package-", 16) == 0)
		doc->pkgids = true;
	return 0;
}

uint32_t
vigil_sbom_find_ref(const vigil_sbom *doc, const char *ref)
{
	const struct strtab *t = &doc->strings;
	const char *in;
	size_t n;

	if (doc->nrefs == 0 || ref == NULL || t->cap == 0)
		return VIGIL_SBOM_NONE;
	/* Find the interned copy without adding one. */
	n = strlen(ref);
	in = t->slot[strtab_slot(t, ref, n, (uint32_t)hash_bytes(ref, n))].s;
	return in == NULL ? VIGIL_SBOM_NONE : ihdr(in)->ref;
}

uint32_t
vigil__sbom_ref_interned(const vigil_sbom *doc, const char *ref)
{
	(void)doc;
	return ref == NULL ? VIGIL_SBOM_NONE : ihdr(ref)->ref;
}

int
vigil__sbom_depend(vigil_sbom *doc, const char *from, const char *to,
    unsigned long line, unsigned long col)
{
	uint32_t f = ihdr(from)->ref, t = ihdr(to)->ref;

	if (f == VIGIL_SBOM_NONE || t == VIGIL_SBOM_NONE)
		return vigil__sbom_pending(doc, from, to,
		    VIGIL_SBOM_DEPENDS_ON, NULL, line, col);
	/* Known now, known the same at the end (a mapping never changes). */
	if (f == SBOM_FILE_INDEX || t == SBOM_FILE_INDEX)
		return 0;
	return vigil__sbom_edge_push(doc, f, t, VIGIL_SBOM_DEPENDS_ON, NULL);
}

int
vigil__sbom_pending(vigil_sbom *doc, const char *from, const char *to,
    vigil_sbom_edge_kind kind, const char *relation, unsigned long line,
    unsigned long col)
{
	struct pending_edge *p;

	if (doc->npend == doc->cappend) {
		size_t cap = doc->cappend ? doc->cappend * 2 : 256;

		if ((p = vgx_reallocarray(doc->pend, cap, sizeof(*p))) == NULL)
			return VIGIL_ENOMEM;
		doc->pend = p;
		doc->cappend = cap;
	}
	p = &doc->pend[doc->npend++];
	p->from = from;
	p->to = to;
	p->col = col > UINT32_MAX ? UINT32_MAX : (uint32_t)col;
	p->kind = (uint8_t)kind;
	p->relation = relation;
	p->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	return 0;
}

static int
edge_cmp(const void *a, const void *b)
{
	const vigil_sbom_edge *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return 0;
}

int
vigil__sbom_edge_push(vigil_sbom *doc, uint32_t from, uint32_t to,
    vigil_sbom_edge_kind kind, const char *relation)
{
	vigil_sbom_edge *e;

	if (doc->nedges == doc->capedges) {
		size_t cap = doc->capedges ? doc->capedges * 2 : 256;

		if ((e = vgx_reallocarray(doc->edges, cap, sizeof(*e))) == NULL)
			return VIGIL_ENOMEM;
		doc->edges = e;
		doc->capedges = cap;
	}
	e = &doc->edges[doc->nedges++];
	e->from = from;
	e->to = to;
	e->kind = kind;
	e->relation = relation;
	return 0;
}

/* Sort the edges and drop exact duplicates. */
void
vigil__sbom_edges_normalise(vigil_sbom *doc)
{
	size_t i, o = 0;

	if (doc->nedges < 2)
		return;
	qsort(doc->edges, doc->nedges, sizeof(*doc->edges), edge_cmp);
	for (i = 0; i < doc->nedges; i++)
		if (o == 0 || edge_cmp(&doc->edges[o - 1], &doc->edges[i]) != 0)
			doc->edges[o++] = doc->edges[i];
	doc->nedges = o;
}

/*
 * SPDX says "A CONTAINS B" where CycloneDX nests B in A.  A CONTAINS edge
 * to a component that has no parent yet becomes nesting (and leaves the
 * graph), unless that would make a cycle; so SPDX -> CycloneDX -> SPDX
 * keeps the structure, and the writers see one model.
 */
static void
contains_to_nesting(vigil_sbom *doc)
{
	size_t i, o = 0;
	bool changed = false;

	for (i = 0; i < doc->nedges; i++) {
		vigil_sbom_edge *e = &doc->edges[i];
		uint32_t up;
		size_t steps = 0;

		if (e->kind == VIGIL_SBOM_CONTAINS &&
		    doc->comps[e->to].parent == VIGIL_SBOM_NONE &&
		    !doc->comps[e->to].subject && e->from != e->to) {
			/* A cycle if TO is an ancestor of FROM. */
			for (up = e->from; up != VIGIL_SBOM_NONE && up != e->to &&
			    steps <= doc->ncomps; up = doc->comps[up].parent)
				steps++;
			if (up == VIGIL_SBOM_NONE) {
				doc->comps[e->to].parent = e->from;
				changed = true;
				continue;	/* the edge is now nesting */
			}
		}
		doc->edges[o++] = *e;
	}
	doc->nedges = o;
	if (!changed)
		return;
	for (i = 0; i < doc->ncomps; i++) {
		uint32_t d = 0, up = doc->comps[i].parent;

		while (up != VIGIL_SBOM_NONE && d <= doc->ncomps) {
			d++;
			up = doc->comps[up].parent;
		}
		doc->comps[i].depth = d;
	}
}

/*
 * Resolve the pending edges; a reference that names no component is a
 * diagnostic (CycloneDX: the schema does not forbid it but the graph is
 * broken; strict mode makes it an error).
 */
int
vigil__sbom_resolve(struct reader *r)
{
	vigil_sbom *doc = r->doc;
	size_t i;
	int rc;

	for (i = 0; i < doc->npend; i++) {
		const struct pending_edge *p = &doc->pend[i];
		uint32_t f = vigil__sbom_ref_interned(doc, p->from);
		uint32_t t = vigil__sbom_ref_interned(doc, p->to);

		if (f == SBOM_FILE_INDEX || t == SBOM_FILE_INDEX)
			continue;	/* SPDX file: not a component */
		if (f == VIGIL_SBOM_NONE || t == VIGIL_SBOM_NONE) {
			doc->nunresolved++;
			if ((rc = vigil__sbom_diag(r, D_DEVIATION, p->line,
			    p->col, "",
			    "dependency names unknown reference '%s'",
			    f == VIGIL_SBOM_NONE ? p->from : p->to)) < 0)
				return rc;
			continue;
		}
		if ((rc = vigil__sbom_edge_push(doc, f, t,
		    (vigil_sbom_edge_kind)p->kind, p->relation)) < 0)
			return vigil__error_oom(r->err);
	}
	vgx_free(doc->pend);
	doc->pend = NULL;
	doc->npend = doc->cappend = 0;
	vigil__sbom_edges_normalise(doc);
	if (r->keep && doc->meta.format != VIGIL_SBOM_CYCLONEDX_JSON &&
	    doc->meta.format != VIGIL_SBOM_CYCLONEDX_XML)
		contains_to_nesting(doc);
	return 0;
}

/* ---- diagnostics ------------------------------------------------------- */

int
vigil__sbom_diag(struct reader *r, enum diag_kind kind, unsigned long line,
    unsigned long col, const char *ptr, const char *fmt, ...)
{
	vigil_sbom_diag d;
	char msg[256];
	va_list ap;
	bool error = kind == D_ERROR || (kind == D_DEVIATION && r->strict);

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (error) {
		r->nerrors++;
		if (!r->have_first && r->err != NULL) {
			if (ptr != NULL && *ptr != '\0')
				vigil__error_ptr(r->err, VIGIL_EINVALID, ptr,
				    "%s", msg);
			else
				vigil__error(r->err, VIGIL_EINVALID, "%s", msg);
			r->err->line = line;
			r->err->column = col;
		}
		r->have_first = true;
	}
	if (r->ndiags++ >= r->opts->max_diags) {
		r->stop = true;
		return 0;
	}
	if (r->opts->on_diag != NULL) {
		d.error = error;
		d.line = line;
		d.column = col;
		d.pointer = ptr != NULL ? ptr : "";
		d.msg = msg;
		r->opts->on_diag(r->opts->ctx, &d);
	}
	return 0;
}

/* ---- component builder --------------------------------------------------- */

void
vigil__cb_reset(struct cbuild *b)
{
	memset(&b->c, 0, sizeof(b->c));
	b->c.parent = VIGIL_SBOM_NONE;
	b->ncpes = b->nhashes = b->nlics = b->nexts = b->nprops = 0;
	b->ref_interned = false;
}

const char *
vigil__cb_str(struct reader *r, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	if (r->keep)
		return vigil__arena_strndup(&r->doc->arena, s, n);
	return vigil__arena_strndup(&r->scratch, s, n);
}

const char *
vigil__cb_vocab(struct reader *r, const char *s, size_t n)
{
	if (s == NULL)
		return NULL;
	if (r->keep)
		return vigil__sbom_intern(r->doc, s, n);
	return vigil__arena_strndup(&r->scratch, s, n);
}

int
vigil__cb_ref(struct reader *r, const char *s, size_t n)
{
	/* Kept: the reference is interned now, not copied and then
	 * interned by vigil__cb_commit(). */
	r->b.c.ref = r->keep ? vigil__sbom_intern(r->doc, s, n) :
	    vigil__arena_strndup(&r->scratch, s, n);
	r->b.ref_interned = r->keep;
	return r->b.c.ref == NULL ? VIGIL_ENOMEM : 0;
}

#define CB_PUSH(vec, n, cap, val) do {					\
	if ((n) == (cap)) {						\
		size_t nc_ = (cap) ? (cap) * 2 : 4;			\
		void *p_ = vgx_reallocarray((vec), nc_, sizeof(*(vec)));\
		if (p_ == NULL)						\
			return VIGIL_ENOMEM;				\
		(vec) = p_;						\
		(cap) = nc_;						\
	}								\
	(vec)[(n)++] = (val);						\
} while (0)

int
vigil__cb_cpe(struct reader *r, const char *s)
{
	const char *p = vigil__cb_str(r, s, strlen(s));
	size_t i;

	if (p == NULL)
		return VIGIL_ENOMEM;
	for (i = 0; i < r->b.ncpes; i++)
		if (strcmp(r->b.cpes[i], p) == 0)
			return 0;
	CB_PUSH(r->b.cpes, r->b.ncpes, r->b.capcpes, p);
	return 0;
}

int
vigil__cb_hash(struct reader *r, const char *alg, const char *val)
{
	vigil_sbom_hash h;
	char low[1024];
	size_t i, n = strlen(val);

	/* Hex digests compare case-insensitively; keep them lower-case. */
	if (n < sizeof(low)) {
		for (i = 0; i < n; i++)
			low[i] = (char)vgx_tolower((unsigned char)val[i]);
		low[n] = '\0';
		val = low;
	}
	h.alg = vigil__cb_vocab(r, alg, strlen(alg));
	h.value = vigil__cb_str(r, val, n);
	if (h.alg == NULL || h.value == NULL)
		return VIGIL_ENOMEM;
	CB_PUSH(r->b.hashes, r->b.nhashes, r->b.caphashes, h);
	return 0;
}

int
vigil__cb_license(struct reader *r, const char *s)
{
	const char *p = vigil__cb_vocab(r, s, strlen(s));

	if (p == NULL)
		return VIGIL_ENOMEM;
	CB_PUSH(r->b.lics, r->b.nlics, r->b.caplics, p);
	return 0;
}

int
vigil__cb_extref(struct reader *r, const char *type, const char *url)
{
	vigil_sbom_extref e;

	e.type = vigil__cb_vocab(r, type, strlen(type));
	e.url = vigil__cb_str(r, url, strlen(url));
	if (e.type == NULL || e.url == NULL)
		return VIGIL_ENOMEM;
	CB_PUSH(r->b.exts, r->b.nexts, r->b.capexts, e);
	return 0;
}

int
vigil__cb_prop(struct reader *r, const char *name, const char *value)
{
	vigil_sbom_prop p;

	p.name = vigil__cb_vocab(r, name, strlen(name));
	p.value = vigil__cb_str(r, value != NULL ? value : "",
	    value != NULL ? strlen(value) : 0);
	if (p.name == NULL || p.value == NULL)
		return VIGIL_ENOMEM;
	CB_PUSH(r->b.props, r->b.nprops, r->b.capprops, p);
	return 0;
}

static void *
arena_copy(struct reader *r, const void *src, size_t n, size_t size)
{
	struct arena *a = r->keep ? &r->doc->arena : &r->scratch;
	void *p;

	if (n == 0)
		return NULL;
	if ((p = vigil__arena_alloc(a, n * size)) == NULL)
		return NULL;
	memcpy(p, src, n * size);
	return p;
}

/*
 * The identifiers of the component in B: a purl (purl specification,
 * vigil/purl.h) and CPEs (CPE 2.3 formatted string or 2.2 URI,
 * vigil/cpe.h) that do not parse are deviations: kept as written, with a
 * warning for use and an error in strict mode.
 */
static int
check_identifiers(struct reader *r)
{
	const vigil_sbom_component *c = &r->b.c;
	vigil_error e;
	size_t i;
	int rc;

	if (c->purl != NULL) {
		memset(&e, 0, sizeof(e));
		rc = vigil_purl_validate(c->purl, strlen(c->purl), 0, &e);
		if (rc < 0 && (rc = vigil__sbom_diag(r, D_DEVIATION, r->line,
		    0, r->where ? r->where : "", "purl '%.200s' of '%.80s' is "
		    "not valid: %s", c->purl, c->name ? c->name : "", e.msg)) <
		    0)
			return rc;
	}
	for (i = 0; i < r->b.ncpes; i++) {
		memset(&e, 0, sizeof(e));
		rc = vigil_cpe_validate(r->b.cpes[i], strlen(r->b.cpes[i]),
		    &e);
		if (rc < 0 && (rc = vigil__sbom_diag(r, D_DEVIATION, r->line,
		    0, r->where ? r->where : "", "CPE '%.200s' of '%.80s' is "
		    "not valid: %s", r->b.cpes[i], c->name ? c->name : "",
		    e.msg)) < 0)
			return rc;
	}
	return 0;
}

int
vigil__cb_commit(struct reader *r, uint32_t parent, uint32_t depth,
    uint32_t *index_out)
{
	vigil_sbom *doc = r->doc;
	struct cbuild *b = &r->b;
	vigil_sbom_component *c = &b->c;
	int rc;

	if (doc->seen >= r->opts->max_components ||
	    doc->seen >= VIGIL_SBOM_NONE - 1)
		return vigil__error(r->err, VIGIL_ETOOBIG,
		    "more than %zu components", r->opts->max_components);
	if ((rc = check_identifiers(r)) < 0)
		return rc;
	c->index = (uint32_t)doc->seen;
	c->parent = parent;
	c->depth = depth;
	if ((b->ncpes && (c->cpes = arena_copy(r, b->cpes, b->ncpes,
	    sizeof(*b->cpes))) == NULL) ||
	    (b->nhashes && (c->hashes = arena_copy(r, b->hashes, b->nhashes,
	    sizeof(*b->hashes))) == NULL) ||
	    (b->nlics && (c->licenses = arena_copy(r, b->lics, b->nlics,
	    sizeof(*b->lics))) == NULL) ||
	    (b->nexts && (c->extrefs = arena_copy(r, b->exts, b->nexts,
	    sizeof(*b->exts))) == NULL) ||
	    (b->nprops && (c->props = arena_copy(r, b->props, b->nprops,
	    sizeof(*b->props))) == NULL))
		return vigil__error_oom(r->err);
	c->ncpes = b->ncpes;
	c->nhashes = b->nhashes;
	c->nlicenses = b->nlics;
	c->nextrefs = b->nexts;
	c->nprops = b->nprops;
	if (c->ref != NULL) {
		const char *ref = b->ref_interned ? c->ref :
		    vigil__sbom_interns(doc, c->ref);

		if (ref == NULL)
			return vigil__error_oom(r->err);
		c->ref = r->keep ? ref : c->ref;
		rc = vigil__sbom_ref_put(doc, ref, c->index);
		if (rc == VIGIL_EEXISTS) {
			if ((rc = vigil__sbom_diag(r, D_DEVIATION, r->line, 0,
			    r->where ? r->where : "", "duplicate reference '%s' "
			    "(component '%s')", ref, c->name ? c->name : "")) <
			    0)
				return rc;
			c->ref = NULL;
		} else if (rc < 0) {
			return vigil__error_oom(r->err);
		}
	}
	doc->seen++;
	if (r->keep) {
		if (doc->ncomps == doc->capcomps) {
			size_t cap = doc->capcomps ? doc->capcomps * 2 : 64;
			vigil_sbom_component *p;

			if ((p = vgx_reallocarray(doc->comps, cap,
			    sizeof(*p))) == NULL)
				return vigil__error_oom(r->err);
			doc->comps = p;
			doc->capcomps = cap;
		}
		doc->comps[doc->ncomps++] = *c;
	}
	if (index_out != NULL)
		*index_out = c->index;
	if (r->opts->on_component != NULL) {
		rc = r->opts->on_component(r->opts->ctx, doc,
		    r->keep ? &doc->comps[doc->ncomps - 1] : c);
		if (rc < 0) {
			r->cbrc = rc;
			return rc;
		}
	}
	return 0;
}

/* ---- building documents (generate, merge) ------------------------------- */

int
vigil_sbom_add(vigil_sbom *doc, const vigil_sbom_component *src,
    uint32_t parent, uint32_t *index_out, vigil_error *err)
{
	vigil_sbom_opts opts = VIGIL_SBOM_OPTS_INIT;
	struct reader r;
	size_t i;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.doc = doc;
	r.opts = &opts;
	r.err = err;
	r.keep = true;
	vigil__cb_reset(&r.b);
#define S(f) r.b.c.f = vigil__sbom_interns(doc, src->f)
	S(ref); S(type); S(supplier); S(author); S(group); S(name);
	S(version); S(description); S(purl); S(swid); S(copyright);
	S(download); S(support); S(eos); S(eol);
#undef S
	r.b.c.subject = src->subject;
	for (i = 0; rc == 0 && i < src->ncpes; i++)
		rc = vigil__cb_cpe(&r, src->cpes[i]);
	for (i = 0; rc == 0 && i < src->nhashes; i++)
		rc = vigil__cb_hash(&r, src->hashes[i].alg,
		    src->hashes[i].value);
	for (i = 0; rc == 0 && i < src->nlicenses; i++)
		rc = vigil__cb_license(&r, src->licenses[i]);
	for (i = 0; rc == 0 && i < src->nextrefs; i++)
		rc = vigil__cb_extref(&r, src->extrefs[i].type,
		    src->extrefs[i].url);
	for (i = 0; rc == 0 && i < src->nprops; i++)
		rc = vigil__cb_prop(&r, src->props[i].name,
		    src->props[i].value);
	if (rc < 0) {
		rc = vigil__error_oom(err);
		goto done;
	}
	rc = vigil__cb_commit(&r, parent, parent == VIGIL_SBOM_NONE ? 0 :
	    doc->comps[parent].depth + 1, index_out);
	if (rc == 0 && r.nerrors > 0)
		rc = VIGIL_EEXISTS;	/* the reference was taken */
done:
	vgx_free(r.b.cpes);
	vgx_free(r.b.hashes);
	vgx_free(r.b.lics);
	vgx_free(r.b.exts);
	vgx_free(r.b.props);
	return rc;
}

int
vigil_sbom_add_edge(vigil_sbom *doc, uint32_t from, uint32_t to,
    vigil_sbom_edge_kind kind, const char *relation, vigil_error *err)
{
	if (from >= doc->ncomps || to >= doc->ncomps)
		return vigil__error(err, VIGIL_EINVALID,
		    "edge between unknown components");
	if (vigil__sbom_edge_push(doc, from, to, kind,
	    vigil__sbom_interns(doc, relation)) < 0)
		return vigil__error_oom(err);
	vigil__sbom_edges_normalise(doc);
	return 0;
}

static const char **
copy_strv(vigil_sbom *doc, const char *const *v, size_t n)
{
	const char **p;
	size_t i;

	if (n == 0)
		return NULL;
	if ((p = vigil__arena_alloc(&doc->arena, n * sizeof(*p))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((p[i] = vigil__sbom_interns(doc, v[i])) == NULL)
			return NULL;
	return p;
}

int
vigil_sbom_set_meta(vigil_sbom *doc, const vigil_sbom_meta *m,
    vigil_error *err)
{
	vigil_sbom_meta n = *m;
	vigil_sbom_prop *pp = NULL;
	size_t i;

#define S(f) n.f = vigil__sbom_interns(doc, m->f)
	S(spec_version); S(serial); S(name); S(timestamp); S(data_license);
#undef S
	n.authors = copy_strv(doc, m->authors, m->nauthors);
	n.tools = copy_strv(doc, m->tools, m->ntools);
	if (m->nprops > 0) {
		pp = vigil__arena_alloc(&doc->arena, m->nprops * sizeof(*pp));
		if (pp == NULL)
			return vigil__error_oom(err);
		for (i = 0; i < m->nprops; i++) {
			pp[i].name = vigil__sbom_interns(doc, m->props[i].name);
			pp[i].value = vigil__sbom_interns(doc,
			    m->props[i].value);
		}
	}
	n.props = pp;
	if ((m->nauthors && n.authors == NULL) || (m->ntools && !n.tools))
		return vigil__error_oom(err);
	doc->meta = n;
	return 0;
}

/* ---- shared vocabularies ----------------------------------------------- */

/* CycloneDX hash algorithms (hash-alg enum) and their hex lengths. */
static const struct {
	const char *cdx;
	size_t hexlen;
} hash_algs[] = {
	{ "MD5", 32 }, { "SHA-1", 40 }, { "SHA-256", 64 }, { "SHA-384", 96 },
	{ "SHA-512", 128 }, { "SHA3-256", 64 }, { "SHA3-384", 96 },
	{ "SHA3-512", 128 }, { "BLAKE2b-256", 64 }, { "BLAKE2b-384", 96 },
	{ "BLAKE2b-512", 128 }, { "BLAKE3", 0 },
	/* SPDX-only algorithms, kept under their SPDX names. */
	{ "SHA-224", 56 }, { "MD2", 32 }, { "MD4", 32 }, { "MD6", 0 },
	{ "ADLER32", 8 }
};

/* Compare ignoring case and the characters '-' and '_'. */
static bool
alg_eq(const char *a, size_t n, const char *b)
{
	size_t i = 0;

	for (;;) {
		while (i < n && (a[i] == '-' || a[i] == '_'))
			i++;
		while (*b == '-' || *b == '_')
			b++;
		if (i == n || *b == '\0')
			return i == n && *b == '\0';
		if (vgx_tolower((unsigned char)a[i]) !=
		    vgx_tolower((unsigned char)*b))
			return false;
		i++;
		b++;
	}
}

const char *
vigil__sbom_hash_alg(const char *name, size_t n, bool *exact)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(hash_algs); i++) {
		if (alg_eq(name, n, hash_algs[i].cdx)) {
			*exact = vgx_streq(name, n, hash_algs[i].cdx);
			return hash_algs[i].cdx;
		}
	}
	*exact = false;
	return NULL;
}

size_t
vigil__sbom_hash_len(const char *alg)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(hash_algs); i++)
		if (strcmp(alg, hash_algs[i].cdx) == 0)
			return hash_algs[i].hexlen;
	return 0;
}

/*
 * Support data (docs/sbom-fields.md).  CycloneDX has no field for a
 * component's level of support or end-of-support date; the CycloneDX
 * property taxonomy names (cdx:lifecycle:milestone:*) carry them, and a
 * few names other tools use are read too.
 */
bool
vigil__sbom_support_prop(struct reader *r, const char *name,
    const char *value)
{
	struct cbuild *b = &r->b;
	const char *v;

	if (value == NULL || *value == '\0')
		return false;
	v = vigil__cb_vocab(r, value, strlen(value));
	if (strcmp(name, "cdx:lifecycle:milestone:endOfSupport") == 0 ||
	    strcmp(name, "cdx:lifecycle:endOfSupport") == 0 ||
	    strcmp(name, "vigil:endOfSupport") == 0 ||
	    strcmp(name, "endOfSupport") == 0)
		b->c.eos = v;
	else if (strcmp(name, "cdx:lifecycle:milestone:endOfLife") == 0 ||
	    strcmp(name, "cdx:lifecycle:endOfLife") == 0 ||
	    strcmp(name, "vigil:endOfLife") == 0 ||
	    strcmp(name, "endOfLife") == 0)
		b->c.eol = v;
	else if (strcmp(name, "cdx:lifecycle:supportLevel") == 0 ||
	    strcmp(name, "cdx:lifecycle:milestone:supportLevel") == 0 ||
	    strcmp(name, "vigil:supportLevel") == 0 ||
	    strcmp(name, "supportLevel") == 0)
		b->c.support = v;
	else
		return false;
	return true;
}

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!vgx_isdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool
vigil__sbom_is_datetime(const char *s, bool need_time)
{
	size_t n = strlen(s);
	const char *t;

	/* YYYY-MM-DD */
	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2))
		return false;
	if ((s[5] - '0') * 10 + (s[6] - '0') > 12 || s[5] + s[6] == '0' * 2 ||
	    (s[8] - '0') * 10 + (s[9] - '0') > 31 || s[8] + s[9] == '0' * 2)
		return false;
	if (n == 10)
		return !need_time;
	/* Thh:mm:ss[.frac](Z|+hh:mm|-hh:mm) (RFC 3339 section 5.6) */
	t = s + 10;
	if ((*t != 'T' && *t != 't') || n < 19 || !digits(t + 1, 2) ||
	    t[3] != ':' || !digits(t + 4, 2) || t[6] != ':' ||
	    !digits(t + 7, 2))
		return false;
	t += 9;
	if (*t == '.') {
		t++;
		if (!vgx_isdigit((unsigned char)*t))
			return false;
		while (vgx_isdigit((unsigned char)*t))
			t++;
	}
	if (*t == 'Z' || *t == 'z')
		return t[1] == '\0';
	if ((*t == '+' || *t == '-') && strlen(t) == 6 && digits(t + 1, 2) &&
	    t[3] == ':' && digits(t + 4, 2))
		return true;
	return false;
}

int
vigil__sbom_whole(const vigil_sbom *doc, vigil_error *err)
{
	if (doc->ncomps >= doc->seen)
		return 0;
	return vigil__error(err, VIGIL_EINVALID, "the document was read "
	    "without keeping its components (VIGIL_SBOM_NOKEEP)");
}

void
vigil__sbom_dropped(vigil_sbom *doc, const char *name)
{
	size_t i;

	if (strcmp(name, "$schema") == 0)
		return;
	for (i = 0; i < doc->ndropped; i++)
		if (strcmp(doc->dropped[i], name) == 0)
			return;
	if (doc->ndropped < VGX_ARRAY_SIZE(doc->dropped) &&
	    (name = vigil__sbom_interns(doc, name)) != NULL)
		doc->dropped[doc->ndropped++] = name;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool
vigil__sbom_license_known(const struct reader *r, const char *id)
{
	const char *const *l = r->opts->license_ids;

	if (l == NULL || r->opts->nlicense_ids == 0 || !r->strict)
		return true;
	/* LicenseRef-... ids are the document's own. */
	if (strncmp(id, "LicenseRef-", 11) == 0)
		return true;
	return bsearch(&id, l, r->opts->nlicense_ids, sizeof(*l),
	    strp_cmp) != NULL;
}
