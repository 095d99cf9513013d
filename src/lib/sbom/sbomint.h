/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private types of the sbom module: the arena, the document, the reader
 * state shared by the format readers, and the small JSON tree that the
 * streaming JSON reader builds for one component at a time.
 *
 * Memory: a document owns one arena (strings interned, component arrays)
 * and a few growable vectors (components, edges, the reference map).  A
 * reader also owns a scratch arena that holds the subtree being converted
 * and, in streaming mode, the strings of the component being delivered;
 * it is reset after each top-level element.
 */
#ifndef VIGIL_SBOMINT_H
#define VIGIL_SBOMINT_H

#include <stdarg.h>
#include <string.h>

#include "vigil/cpe.h"
#include "vigil/purl.h"
#include "vigil/sbom.h"
#include "vgx.h"

/*
 * Whether (P, N) is all ASCII without NUL, so it needs no UTF-8 or NUL
 * check: eight bytes a step (a high bit, or a zero byte: "haszero").
 */
static inline bool
vigil__sbom_ascii(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (((w | ((w - 0x0101010101010101ull) & ~w)) &
		    0x8080808080808080ull) != 0)
			return false;
	}
	for (; i < n; i++)
		if (s[i] == 0 || s[i] >= 0x80)
			return false;
	return true;
}

/* ---- arena ------------------------------------------------------------- */

struct arena_block;
struct arena {
	struct arena_block *head;	/* newest block first */
	size_t used;		/* bytes handed out in total */
};

void vigil__arena_init(struct arena *a);
void vigil__arena_dispose(struct arena *a);
/* Forget everything but keep the first block for reuse. */
void vigil__arena_reset(struct arena *a);
void *vigil__arena_alloc(struct arena *a, size_t size);
char *vigil__arena_strndup(struct arena *a, const char *s, size_t n);

struct reader;

/* ---- document ---------------------------------------------------------- */

struct strslot {
	const char *s;		/* interned string, NULL: empty */
	uint32_t hash;		/* of S */
};

struct strtab {			/* open addressing, interned strings */
	struct strslot *slot;
	size_t cap;		/* power of two */
	size_t n;
	/*
	 * A small direct-mapped cache in front of the table: the values
	 * that repeat (types, suppliers, licences) are found without a
	 * cache miss in a table of millions of slots.
	 */
	struct strslot front[1024];
};

/*
 * Each interned string is preceded in the arena by this header: the
 * reference map is a field of the string itself, so mapping a reference
 * or finding its component is one memory access, next to the bytes the
 * interning compared anyway.
 *
 *     [hash][ref] "c42\0"
 *                 ^ the interned pointer
 */
struct ihdr {
	uint32_t hash;		/* of the string */
	uint32_t ref;		/* component index, SBOM_FILE_INDEX, or NONE */
};
struct pending_edge {		/* an edge named by references */
	const char *from;	/* interned */
	const char *to;
	const char *relation;	/* interned, or NULL */
	uint32_t line, col;	/* where it was read, for messages */
	uint8_t kind;		/* vigil_sbom_edge_kind */
};

struct vigil_sbom {
	struct arena arena;
	struct strtab strings;
	vigil_sbom_meta meta;
	vigil_sbom_component *comps;
	size_t ncomps, capcomps;
	size_t seen;		/* components read (kept or streamed) */
	vigil_sbom_edge *edges;
	size_t nedges, capedges;
	size_t nrefs;		/* references mapped */
	bool pkgids;		/* one of them starts "SPDXRef-Package-" */
	struct pending_edge *pend;
	size_t npend, cappend;
	size_t nfiles;		/* SPDX files seen, not components */
	size_t nservices;	/* CycloneDX services, not components */
	const char *dropped[16];	/* top-level sections not modelled */
	size_t ndropped;
	size_t nunresolved;	/* edges naming unknown references */
};

/* Intern (s, n) in DOC: the same bytes give the same pointer. */
const char *vigil__sbom_intern(vigil_sbom *doc, const char *s, size_t n);
const char *vigil__sbom_interns(vigil_sbom *doc, const char *s);

/* 0 if DOC holds every component it read; else VIGIL_EINVALID, said in
 * ERR (read with VIGIL_SBOM_NOKEEP: nothing to write, diff or merge). */
int vigil__sbom_whole(const vigil_sbom *doc, vigil_error *err);

/* Remember that the top-level section NAME was not modelled. */
void vigil__sbom_dropped(vigil_sbom *doc, const char *name);
/* Strict mode: whether ID is in the licence list (true without one). */
bool vigil__sbom_license_known(const struct reader *r, const char *id);

/* The index of an interned REF (pointer identity), or NONE. */
uint32_t vigil__sbom_ref_interned(const vigil_sbom *doc, const char *ref);

/* Map the interned REF to INDEX; VIGIL_EEXISTS when REF is mapped. */
int vigil__sbom_ref_put(vigil_sbom *doc, const char *ref, uint32_t index);
/*
 * A CycloneDX dependency FROM -> TO (interned): an edge at once when both
 * references are mapped already (components usually come first), else a
 * pending edge for vigil__sbom_resolve().  Only for edges without a
 * relation name, where an early edge and a resolved one are the same.
 */
int vigil__sbom_depend(vigil_sbom *doc, const char *from, const char *to,
    unsigned long line, unsigned long col);

/* Append an edge (no sorting); then sort and drop duplicates once. */
int vigil__sbom_edge_push(vigil_sbom *doc, uint32_t from, uint32_t to,
    vigil_sbom_edge_kind kind, const char *relation);
void vigil__sbom_edges_normalise(vigil_sbom *doc);

/* Resolve the pending edges into DOC's graph (after reading). */
int vigil__sbom_resolve(struct reader *r);

int vigil__sbom_pending(vigil_sbom *doc, const char *from, const char *to,
    vigil_sbom_edge_kind kind, const char *relation, unsigned long line,
    unsigned long col);

/* ---- readers ----------------------------------------------------------- */

/* Component under construction, with vectors that grow as fields come. */
struct cbuild {
	vigil_sbom_component c;
	const char **cpes;
	size_t ncpes, capcpes;
	vigil_sbom_hash *hashes;
	size_t nhashes, caphashes;
	const char **lics;
	size_t nlics, caplics;
	vigil_sbom_extref *exts;
	size_t nexts, capexts;
	vigil_sbom_prop *props;
	size_t nprops, capprops;
	bool ref_interned;	/* c.ref is the document's interned copy */
};

enum diag_kind {
	D_ERROR,		/* always an error */
	D_DEVIATION,		/* an error in strict mode, else a warning */
	D_WARNING		/* always a warning */
};

struct reader {
	vigil_sbom *doc;
	const vigil_sbom_opts *opts;
	vigil_error *err;
	bool strict;
	bool keep;
	struct arena scratch;	/* subtree + streamed component strings */
	size_t nerrors;
	size_t ndiags;
	bool have_first;	/* ERR holds the first error */
	bool stop;		/* too many diagnostics */
	int cbrc;		/* a callback's negative code */
	const char *where;	/* pointer of the component being committed */
	unsigned long line;	/* and its line */
	struct cbuild b;	/* reused between components */
};

/* Report a problem; returns VIGIL_ETOOBIG once max_diags is passed. */
int vigil__sbom_diag(struct reader *r, enum diag_kind kind,
    unsigned long line, unsigned long col, const char *ptr,
    const char *fmt, ...) VIGIL_PRINTF(6, 7);

/* Start a component: clears B. */
void vigil__cb_reset(struct cbuild *b);
/*
 * Copy a string for the component into the document (or, streaming, the
 * scratch arena).  _vocab interns it: for the fields whose values repeat
 * across components (type, supplier, licence, algorithm, property name,
 * support data), so a large SBOM holds each once.
 */
const char *vigil__cb_str(struct reader *r, const char *s, size_t n);
const char *vigil__cb_vocab(struct reader *r, const char *s, size_t n);
/* Set the component's reference (interned at once when kept). */
int vigil__cb_ref(struct reader *r, const char *s, size_t n);
int vigil__cb_cpe(struct reader *r, const char *s);
int vigil__cb_hash(struct reader *r, const char *alg, const char *val);
int vigil__cb_license(struct reader *r, const char *s);
int vigil__cb_extref(struct reader *r, const char *type, const char *url);
int vigil__cb_prop(struct reader *r, const char *name, const char *value);
/*
 * Give the component in R->b an index (with PARENT), map its reference,
 * keep it or hand it to the callback.  *INDEX_OUT gets the index.
 */
int vigil__cb_commit(struct reader *r, uint32_t parent, uint32_t depth,
    uint32_t *index_out);

/* Normalise a hash algorithm name to CycloneDX's ("sha256" -> "SHA-256");
 * NULL when unknown.  *EXACT says whether NAME was already canonical. */
const char *vigil__sbom_hash_alg(const char *name, size_t n, bool *exact);
/* Expected hex length of a CycloneDX algorithm, 0 for variable. */
size_t vigil__sbom_hash_len(const char *alg);
/* Apply a CycloneDX property or SPDX annotation that carries support data
 * ("cdx:lifecycle:milestone:endOfSupport", ...) to B. */
bool vigil__sbom_support_prop(struct reader *r, const char *name,
    const char *value);
/* The property names vigil writes for support data (CycloneDX). */
#define SBOM_PROP_EOS "cdx:lifecycle:milestone:endOfSupport"
#define SBOM_PROP_EOL "cdx:lifecycle:milestone:endOfLife"
#define SBOM_PROP_SUPPORT "cdx:lifecycle:supportLevel"
#define SBOM_PROP_CPE "vigil:cpe"	/* CPEs after the first */
/* Whether S is an ISO 8601 date or date-time (YYYY-MM-DD[Thh:mm:ss...]). */
bool vigil__sbom_is_datetime(const char *s, bool need_time);

/* The format readers.  Each reads the whole input (streaming) and leaves
 * the graph as pending edges, resolved by the caller. */
/* The input, in chunks: the bytes the detector peeked at come first. */
struct input {
	FILE *fp;		/* NULL: memory */
	const char *mem;
	size_t memlen, memoff;
	char *peek;		/* first bytes, read for detection */
	size_t npeek, peekoff;
	uint64_t total;		/* bytes handed out so far */
	uint64_t max;		/* limit on TOTAL */
};
int vigil__input_read(struct input *in, char *buf, size_t cap, size_t *got,
    vigil_error *err);
int vigil__read_cdx_json(struct reader *r, struct input *in);
int vigil__read_spdx_json(struct reader *r, struct input *in);
int vigil__read_spdx3(struct reader *r, struct input *in);
int vigil__read_cdx_xml(struct reader *r, struct input *in);
int vigil__read_spdx_tv(struct reader *r, struct input *in);

/* ---- SPDX 2 shared (spdx.c) ------------------------------------------------ */

/* Reference index of an SPDX file (not a component): edges to it are not
 * dangling, they are dropped and counted. */
#define SBOM_FILE_INDEX (VIGIL_SBOM_NONE - 1)

struct spdx {
	struct reader *r;
	const char **described;	/* refs the document DESCRIBES (interned) */
	size_t ndescribed, capdescribed;
	bool saw_version;
	bool v3;		/* SPDX 3: ids are IRIs */
	int minor;		/* SPDX-2.MINOR */
	unsigned long col;	/* column for the next checksum or
				 * relationship diagnostic, 0: none */
};

/* "Organization: ACME (x@y)" -> "ACME"; NOASSERTION/NONE -> NULL. */
const char *vigil__spdx_actor(struct reader *r, const char *s);
/* Record a relationship A TYPE B (SPDX 2 section 11). */
int vigil__spdx_relationship(struct spdx *sp, const char *a,
    const char *type, const char *b, unsigned long line, const char *where);
/* An external reference: CPE, purl, SWID or another, into R->b. */
int vigil__spdx_extref(struct reader *r, const char *cat, const char *type,
    const char *loc);
/* An SPDX checksum algorithm into R->b: diagnostics through DIAG. */
int vigil__spdx_checksum(struct spdx *sp, const char *alg, const char *val,
    unsigned long line, const char *where);
/* An annotation comment that carries support data ("NAME: VALUE"). */
void vigil__spdx_annotation(struct reader *r, const char *comment);
/* Commit the package in R->b (marks the described subject). */
int vigil__spdx_commit(struct spdx *sp);
/* After reading: the subject from the DESCRIBES relationships. */
void vigil__spdx_finish(struct spdx *sp);
void vigil__spdx_dispose(struct spdx *sp);
/* Whether S is a valid SPDX element id ("SPDXRef-[A-Za-z0-9.-]+"). */
bool vigil__spdx_id_ok(const char *s);

/* ---- JSON subtree (jtree.c) -------------------------------------------- */

enum jtype { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	enum jtype t;
	const char *key;	/* member name in an object, else NULL */
	size_t klen;		/* bytes in KEY */
	const char *s;		/* string or number text, NUL-terminated */
	size_t len;		/* bytes in S, or children */
	struct jnode *kid;	/* first child */
	struct jnode *last;
	struct jnode *next;	/* next sibling */
	unsigned long line, col;
};

/*
 * What the format does with a value at a path of the document being
 * streamed: build its subtree and hand it over (COLLECT), go into it
 * (DESCEND: an object or array whose members are decided one by one) or
 * parse it only for well-formedness (SKIP).
 */
/* JA_DROP: skip, and note the member's name in the document's list of
 * what was not read (vigil__sbom_dropped), in document order. */
enum jaction { JA_SKIP, JA_DESCEND, JA_COLLECT, JA_DROP };

struct jpath {			/* the path of the value about to start */
	size_t depth;		/* 0: the root value */
	const char *keys[8];	/* member names (NULL for array elements) */
	size_t idx[8];		/* array indexes */
};

struct jstream_ops {
	/* Called by the parser, maybe in a thread of its own: it must look
	 * at nothing but its arguments. */
	enum jaction (*decide)(void *ctx, const struct jpath *p, enum jtype t);
	/* A collected value; the node lives until the call returns. */
	int (*value)(void *ctx, const struct jpath *p, struct jnode *n);
	/* A DESCENDed value ended. */
	int (*end)(void *ctx, const struct jpath *p);
};

/* Stream IN through yajl, calling OPS; errors go to R. */
int vigil__jstream(struct reader *r, struct input *in,
    const struct jstream_ops *ops, void *ctx);

/* Tree helpers. */
struct jnode *vigil__jgetn(const struct jnode *obj, const char *key,
    size_t n);
/* The member KEY of OBJ, or NULL (KEY's length is folded for literals). */
#define vigil__jget(obj, key) vigil__jgetn((obj), (key), strlen(key))
const char *vigil__jstr(const struct jnode *obj, const char *key);
/* JSON pointer of P plus SUFFIX (may be NULL) into BUF. */
void vigil__jpointer(char *buf, size_t cap, const struct jpath *p,
    const char *suffix);

/* ---- writers ----------------------------------------------------------- */

/* Buffered output of the writers. */
/*
 * The writers' output buffer.  vigil_sbom_write() gives it two buffers and
 * a thread of its own that writes a full one to the FILE while the writer
 * fills the other (so formatting and the write(2) copies overlap); without
 * the thread (it could not start) the buffer is written in place.
 */
struct obw;

struct ob {
	FILE *fp;
	char *buf;		/* being filled */
	size_t n;		/* bytes in BUF */
	size_t cap;		/* size of BUF */
	bool err;		/* a write failed */
	struct obw *bg;		/* the writing thread, or NULL */
};

void vigil__ob_put_slow(struct ob *o, const void *p, size_t n);

/* Append (P, N); the common case (room in BUF) is inline. */
static inline void
vigil__ob_put(struct ob *o, const void *p, size_t n)
{
	if (n <= o->cap - o->n) {
		memcpy(o->buf + o->n, p, n);
		o->n += n;
	} else {
		vigil__ob_put_slow(o, p, n);
	}
}

static inline void
vigil__ob_c(struct ob *o, int c)
{
	char ch = (char)c;

	if (o->n < o->cap)
		o->buf[o->n++] = ch;
	else
		vigil__ob_put_slow(o, &ch, 1);
}

static inline void
vigil__ob_s(struct ob *o, const char *s)
{
	vigil__ob_put(o, s, strlen(s));
}
void vigil__ob_printf(struct ob *o, const char *fmt, ...) VIGIL_PRINTF(2, 3);
int vigil__ob_flush(struct ob *o);

int vigil__write_cdx_json(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn loss, void *ctx);
int vigil__write_cdx_xml(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn loss, void *ctx);
int vigil__write_spdx_json(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn loss, void *ctx);
int vigil__write_spdx_tv(struct ob *fp, const vigil_sbom *doc,
    vigil_sbom_loss_fn loss, void *ctx);

/* JSON string output with escaping. */
void vigil__json_str(struct ob *fp, const char *s);

/* A deterministic serial / namespace id derived from DOC's content. */
void vigil__sbom_digest_uuid(const vigil_sbom *doc, char out[37]);

#endif
