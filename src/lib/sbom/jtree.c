/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Streaming JSON for the SBOM readers (yajl).  The document is never held
 * whole: the format decides for each value near the root whether to go
 * into it (the root object, the "components" array), to skip it, or to
 * collect it, and a collected value (one component, one relationship, the
 * metadata) is built as a small tree, handed to the format and forgotten.
 *
 *   {"bomFormat": ..., "components": [ {...}, {...} ], "dependencies": [..]}
 *    DESCEND          DESCEND        COLLECT  COLLECT   DESCEND + COLLECT
 *
 * So memory is bounded by the largest collected value, not the file.
 * Duplicate member names, nesting deeper than the limit, strings longer
 * than the limit and NUL characters are errors, with the line and column
 * (counted as the bytes go by) and the JSON pointer.
 *
 * Parsing and building are two stages.  The parser (yajl, the trees)
 * appends what it finds (a collected value, the end of a descended one,
 * a dropped member) to a batch; the format's callbacks consume batches in
 * document order.  A large input gets a parsing thread of its own, so the
 * two stages run at once, with at most MAX_BATCHES batches parsed ahead;
 * a small one is consumed item by item in the calling thread.  Either
 * way the format sees the same calls in the same order, and the
 * diagnostics come out in the same order: the parser's own problem (a
 * syntax error, a limit) is kept and reported after everything parsed
 * before it has been consumed.  ops->decide is called by the parser and
 * must only look at its arguments.
 */
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>

#include <yajl/yajl_parse.h>

#include "sbomint.h"

#define KEYBUF 128		/* path keys kept per level, bytes */
#define MAX_MEMBERS 4096	/* members of one object */
#define CHUNK (256u * 1024u)
#define BATCH_BYTES (96u * 1024u) /* a batch is handed over past this */
#define MAX_BATCHES 8		/* batches parsed ahead, at most */
#define THREAD_MIN ((uint64_t)4 << 20) /* inputs this big get a thread */

enum fkind { F_DESCEND, F_SKIP, F_COLLECT };

struct frame {
	enum fkind kind;
	bool obj;
	size_t count;		/* array: elements begun; object: members */
	char key[KEYBUF];	/* object: the current member name */
	bool haskey;
	struct jnode *node;	/* F_COLLECT: the container node */
	uint64_t keybits;	/* F_COLLECT: a bit per member name seen */
	char **seen;		/* F_DESCEND objects: member names seen */
};

/* What the parser hands to the format. */
enum jikind {
	JI_VALUE,		/* a collected value: ops->value */
	JI_END,			/* a descended value ended: ops->end */
	JI_DROP			/* a member skipped as unknown, to note
				 * in the document */
};

struct jitem {
	struct jitem *next;
	enum jikind kind;
	struct jpath p;		/* keys live in the batch */
	struct jnode *node;	/* JI_VALUE */
};

struct jbatch {
	struct jbatch *next;
	struct arena a;		/* the items, their trees and keys */
	struct jitem *head, *tail;
};

/* The hand-over between a parsing thread and the consumer. */
struct jpipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct jbatch *full, *fulltail;	/* parsed, in document order */
	struct jbatch *free;		/* consumed, to be reused */
	size_t nbatches;		/* allocated */
	bool done;			/* the parser has finished */
	bool cancel;			/* the consumer has stopped */
};

struct js {
	struct reader *r;
	struct input *in;
	const struct jstream_ops *ops;
	void *ctx;
	yajl_handle h;
	struct frame *st;
	size_t n, cap;		/* open containers */
	size_t coll;		/* frame index where collecting began */
	bool collecting;
	struct jnode *scalar;	/* a collected scalar at the top */
	char *pkey;		/* member name for the next collected value */
	size_t pkeylen;
	struct jbatch *cur;	/* where parsed values go */
	struct jpipe *pipe;	/* NULL: consumed as parsed, here */
	int crc;		/* the consumer's status (no thread) */
	/* The parser's status, reported after what came before it. */
	int rc;
	vigil_error err;	/* an error that is not a diagnostic */
	bool has_diag;
	unsigned long dline, dcol;
	char dptr[256];
	char dmsg[200];
	/* position tracking */
	const unsigned char *chunk;
	size_t chunklen;
	uint64_t base;		/* absolute offset of chunk[0] */
	uint64_t scanned;	/* absolute offset counted up to */
	unsigned long line;
	uint64_t linestart;
};

static void
advance(struct js *s, uint64_t to)
{
	while (s->scanned < to) {
		const unsigned char *p = s->chunk + (s->scanned - s->base);
		const unsigned char *e = s->chunk + (to - s->base);
		const unsigned char *nl = memchr(p, '\n', (size_t)(e - p));

		if (nl == NULL) {
			s->scanned = to;
			break;
		}
		s->line++;
		s->scanned = s->base + (uint64_t)(nl - s->chunk) + 1;
		s->linestart = s->scanned;
	}
}

static void
position(struct js *s, unsigned long *line, unsigned long *col)
{
	uint64_t at = s->base + yajl_get_bytes_consumed(s->h);

	if (at > s->base + s->chunklen)
		at = s->base + s->chunklen;
	if (at >= s->scanned)
		advance(s, at);
	*line = s->line;
	*col = (unsigned long)(at - s->linestart) + (at > s->linestart ? 0 : 1);
}

static void
path_of(const struct js *s, struct jpath *p, size_t depth)
{
	size_t i;

	p->depth = depth;
	for (i = 0; i < depth && i < VGX_ARRAY_SIZE(p->keys); i++) {
		const struct frame *f = &s->st[i];

		p->keys[i] = f->obj ? f->key : NULL;
		p->idx[i] = f->obj ? 0 : f->count - 1;
	}
}

void
vigil__jpointer(char *buf, size_t cap, const struct jpath *p,
    const char *suffix)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < p->depth && i < VGX_ARRAY_SIZE(p->keys); i++) {
		int n;

		if (p->keys[i] != NULL) {
			const char *k = p->keys[i];

			if (o + 1 >= cap)
				break;
			buf[o++] = '/';
			for (; *k != '\0' && o + 3 < cap; k++) {
				if (*k == '~' || *k == '/') {
					buf[o++] = '~';
					buf[o++] = *k == '~' ? '0' : '1';
				} else {
					buf[o++] = *k;
				}
			}
			buf[o] = '\0';
		} else {
			n = snprintf(buf + o, cap - o, "/%zu", p->idx[i]);
			if (n < 0 || (size_t)n >= cap - o)
				break;
			o += (size_t)n;
		}
	}
	if (suffix != NULL && o < cap)
		snprintf(buf + o, cap - o, "%s", suffix);
}

/* The parser stops on a problem of the input: kept for the consumer. */
static int
fail(struct js *s, const char *what)
{
	struct jpath p;

	position(s, &s->dline, &s->dcol);
	path_of(s, &p, s->n);
	vigil__jpointer(s->dptr, sizeof(s->dptr), &p, NULL);
	snprintf(s->dmsg, sizeof(s->dmsg), "%s", what);
	s->has_diag = true;
	s->rc = VIGIL_EINVALID;
	return 0;		/* stops yajl */
}

static int
oom(struct js *s)
{
	s->rc = vigil__error_oom(&s->err);
	return 0;
}

static struct jnode *
node_new(struct js *s, enum jtype t)
{
	struct jnode *n = vigil__arena_alloc(&s->cur->a, sizeof(*n));

	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->t = t;
	position(s, &n->line, &n->col);
	return n;
}

/* ---- batches ------------------------------------------------------------ */

static struct jbatch *
batch_new(void)
{
	struct jbatch *b = vgx_calloc(1, sizeof(*b));

	if (b != NULL)
		vigil__arena_init(&b->a);
	return b;
}

static void
batch_clear(struct jbatch *b)
{
	vigil__arena_reset(&b->a);
	b->head = b->tail = NULL;
}

static void
batch_free_list(struct jbatch *b)
{
	struct jbatch *n;

	for (; b != NULL; b = n) {
		n = b->next;
		vigil__arena_dispose(&b->a);
		vgx_free(b);
	}
}

/* The format's turn: the items of B, in order.  Runs in the caller's
 * thread.  Returns 0 or the negative code that stops reading. */
static int
consume(struct js *s, struct jbatch *b)
{
	struct reader *r = s->r;
	struct jitem *it;
	int rc = 0;

	for (it = b->head; it != NULL; it = it->next) {
		switch (it->kind) {
		case JI_VALUE:
			if (s->ops->value != NULL)
				rc = s->ops->value(s->ctx, &it->p, it->node);
			vigil__arena_reset(&r->scratch);
			break;
		case JI_END:
			rc = s->ops->end(s->ctx, &it->p);
			break;
		case JI_DROP:	/* a member of an object: it has a key */
			if (it->p.depth >= 1 && it->p.depth <=
			    VGX_ARRAY_SIZE(it->p.keys) &&
			    it->p.keys[it->p.depth - 1] != NULL)
				vigil__sbom_dropped(r->doc,
				    it->p.keys[it->p.depth - 1]);
			break;
		}
		if (rc < 0)
			return rc;
		if (r->stop)
			return VIGIL_EINVALID;
	}
	return 0;
}

/*
 * The current batch is ready: consume it here (no thread), or queue it
 * for the consumer and take an empty one, waiting while MAX_BATCHES are
 * in use.  Returns 0 when the parser must stop.
 */
static int
hand_over(struct js *s)
{
	struct jpipe *pp = s->pipe;
	struct jbatch *b = s->cur;

	if (pp == NULL) {
		s->crc = consume(s, b);
		batch_clear(b);
		return s->crc == 0;
	}
	pthread_mutex_lock(&pp->mu);
	b->next = NULL;
	if (pp->fulltail != NULL)
		pp->fulltail->next = b;
	else
		pp->full = b;
	pp->fulltail = b;
	s->cur = NULL;
	pthread_cond_broadcast(&pp->cv);
	while (pp->free == NULL && pp->nbatches >= MAX_BATCHES &&
	    !pp->cancel)
		pthread_cond_wait(&pp->cv, &pp->mu);
	if (pp->cancel) {
		pthread_mutex_unlock(&pp->mu);
		/* The consumer's status is the one that counts. */
		s->rc = VIGIL_EINVALID;
		return 0;
	}
	if ((b = pp->free) != NULL)
		pp->free = b->next;
	else
		pp->nbatches++;
	pthread_mutex_unlock(&pp->mu);
	/* Reset here, in the thread that allocated its blocks. */
	if (b != NULL)
		batch_clear(b);
	else if ((b = batch_new()) == NULL)
		return oom(s);
	b->next = NULL;
	s->cur = b;
	return 1;
}

/* Append an item of KIND for the value at DEPTH (its path copied). */
static int
emit(struct js *s, enum jikind kind, size_t depth, struct jnode *node)
{
	struct jbatch *b = s->cur;
	struct jitem *it;
	size_t i;

	if ((it = vigil__arena_alloc(&b->a, sizeof(*it))) == NULL)
		return oom(s);
	it->next = NULL;
	it->kind = kind;
	it->node = node;
	path_of(s, &it->p, depth);
	for (i = 0; i < depth && i < VGX_ARRAY_SIZE(it->p.keys); i++)
		if (it->p.keys[i] != NULL && (it->p.keys[i] =
		    vigil__arena_strndup(&b->a, it->p.keys[i],
		    strlen(it->p.keys[i]))) == NULL)
			return oom(s);
	if (b->tail != NULL)
		b->tail->next = it;
	else
		b->head = it;
	b->tail = it;
	if (s->pipe == NULL || b->a.used >= BATCH_BYTES)
		return hand_over(s);
	return 1;
}

static int
push(struct js *s, enum fkind kind, bool obj, struct jnode *node)
{
	struct frame *f;

	if (s->n >= s->r->opts->max_depth) {
		fail(s, "nesting deeper than the limit");
		s->rc = VIGIL_ETOOBIG;
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;

		if ((f = vgx_reallocarray(s->st, cap, sizeof(*f))) == NULL)
			return oom(s);
		s->st = f;
		s->cap = cap;
	}
	f = &s->st[s->n++];
	f->kind = kind;
	f->obj = obj;
	f->count = 0;
	f->key[0] = '\0';
	f->haskey = false;
	f->node = node;
	f->keybits = 0;
	f->seen = NULL;
	return 1;
}

/* Called at the start of every value; *NODE gets the node to fill when
 * the value is being collected, else NULL.  Returns 0 to stop. */
static int
begin(struct js *s, enum jtype t, struct jnode **node)
{
	struct frame *top = s->n ? &s->st[s->n - 1] : NULL;
	bool container = t == J_ARR || t == J_OBJ;
	enum jaction act;
	struct jpath p;
	struct jnode *n;

	*node = NULL;
	if (top != NULL && !top->obj)
		top->count++;
	if (top != NULL && top->kind == F_SKIP)
		return container ? push(s, F_SKIP, t == J_OBJ, NULL) : 1;
	if (s->collecting) {
		if ((n = node_new(s, t)) == NULL)
			return oom(s);
		if (top->obj) {
			n->key = s->pkey;
			n->klen = s->pkeylen;
			s->pkey = NULL;
		}
		if (top->node->kid == NULL)
			top->node->kid = n;
		else
			top->node->last->next = n;
		top->node->last = n;
		top->node->len++;
		*node = n;
		return container ? push(s, F_COLLECT, t == J_OBJ, n) : 1;
	}
	path_of(s, &p, s->n);
	act = s->ops->decide(s->ctx, &p, t);
	if (act == JA_DROP && !emit(s, JI_DROP, s->n, NULL))
		return 0;
	if (act == JA_SKIP || act == JA_DROP)
		return container ? push(s, F_SKIP, t == J_OBJ, NULL) : 1;
	if (act == JA_DESCEND && container)
		return push(s, F_DESCEND, t == J_OBJ, NULL);
	/* Collect (a scalar asked to be descended into is collected). */
	if ((n = node_new(s, t)) == NULL)
		return oom(s);
	*node = n;
	if (container) {
		s->collecting = true;
		s->coll = s->n;
		return push(s, F_COLLECT, t == J_OBJ, n);
	}
	s->scalar = n;
	return 1;
}

/* After a scalar value: hand over a collected top scalar. */
static int
scalar_done(struct js *s)
{
	struct jnode *n = s->scalar;

	if (n == NULL)
		return 1;
	s->scalar = NULL;
	return emit(s, JI_VALUE, s->n, n);
}

static int
set_str(struct js *s, struct jnode *n, const unsigned char *v, size_t len)
{
	size_t bad;

	if (len > s->r->opts->max_string) {
		fail(s, "string longer than the limit");
		s->rc = VIGIL_ETOOBIG;
		return 0;
	}
	/* One pass for the common case; the slow one says what is wrong. */
	if (!vigil__sbom_ascii(v, len)) {
		if (memchr(v, '\0', len) != NULL)
			return fail(s, "string contains a NUL character");
		if (vgx_utf8_check((const char *)v, len, &bad) < 0)
			return fail(s, "string is not valid UTF-8");
	}
	if ((n->s = vigil__arena_strndup(&s->cur->a, (const char *)v,
	    len)) == NULL)
		return oom(s);
	n->len = len;
	return 1;
}

static int
cb_null(void *ctx)
{
	struct js *s = ctx;
	struct jnode *n;

	if (!begin(s, J_NULL, &n))
		return 0;
	return scalar_done(s);
}

static int
cb_bool(void *ctx, int v)
{
	struct js *s = ctx;
	struct jnode *n;

	if (!begin(s, v ? J_TRUE : J_FALSE, &n))
		return 0;
	return scalar_done(s);
}

static int
cb_number(void *ctx, const char *v, size_t len)
{
	struct js *s = ctx;
	struct jnode *n;

	if (!begin(s, J_NUM, &n))
		return 0;
	if (n != NULL && !set_str(s, n, (const unsigned char *)v, len))
		return 0;
	return scalar_done(s);
}

static int
cb_string(void *ctx, const unsigned char *v, size_t len)
{
	struct js *s = ctx;
	struct jnode *n;

	if (!begin(s, J_STR, &n))
		return 0;
	if (n != NULL && !set_str(s, n, v, len))
		return 0;
	if (n == NULL && len > s->r->opts->max_string) {
		fail(s, "string longer than the limit");
		s->rc = VIGIL_ETOOBIG;
		return 0;
	}
	return scalar_done(s);
}

static int
cb_start_map(void *ctx)
{
	struct js *s = ctx;
	struct jnode *n;

	return begin(s, J_OBJ, &n);
}

static int
cb_start_array(void *ctx)
{
	struct js *s = ctx;
	struct jnode *n;

	return begin(s, J_ARR, &n);
}

static int
cb_key(void *ctx, const unsigned char *k, size_t len)
{
	struct js *s = ctx;
	struct frame *f = &s->st[s->n - 1];
	size_t i;

	if (len > s->r->opts->max_string || (!vigil__sbom_ascii(k, len) &&
	    (memchr(k, '\0', len) != NULL ||
	    vgx_utf8_check((const char *)k, len, &i) < 0)))
		return fail(s, "bad member name (too long, a NUL or not "
		    "UTF-8)");
	if (++f->count > MAX_MEMBERS)
		return fail(s, "object has more members than the limit");
	i = len < KEYBUF - 1 ? len : KEYBUF - 1;
	memcpy(f->key, k, i);
	f->key[i] = '\0';
	f->haskey = true;
	if (f->kind == F_COLLECT) {
		struct jnode *c;
		/* A name whose bit is clear was not seen: no list walk. */
		uint64_t bit = 1ull << ((len + (len ? k[0] * 7u +
		    k[len - 1] : 0)) & 63);

		if ((f->keybits & bit) != 0)
			for (c = f->node->kid; c != NULL; c = c->next)
				if (c->klen == len && memcmp(c->key, k, len) ==
				    0)
					return fail(s, "duplicate member name");
		f->keybits |= bit;
		s->pkeylen = len;
		if ((s->pkey = vigil__arena_strndup(&s->cur->a,
		    (const char *)k, len)) == NULL)
			return oom(s);
	} else if (f->kind == F_DESCEND) {
		char **v;

		if (f->seen == NULL &&
		    (f->seen = vgx_calloc(MAX_MEMBERS + 1, sizeof(char *)))
		    == NULL)
			return oom(s);
		for (v = f->seen; *v != NULL; v++)
			if (strlen(*v) == len && memcmp(*v, k, len) == 0)
				return fail(s, "duplicate member name");
		if ((*v = vgx_strndup((const char *)k, len)) == NULL)
			return oom(s);
	}
	return 1;
}

static void
frame_dispose(struct frame *f)
{
	char **v;

	if (f->seen == NULL)
		return;
	for (v = f->seen; *v != NULL; v++)
		vgx_free(*v);
	vgx_free(f->seen);
	f->seen = NULL;
}

static int
cb_end(void *ctx)
{
	struct js *s = ctx;
	struct frame *f = &s->st[s->n - 1];
	int ok = 1;

	s->n--;
	if (f->kind == F_COLLECT && s->collecting && s->n == s->coll) {
		s->collecting = false;
		ok = emit(s, JI_VALUE, s->n, f->node);
	} else if (f->kind == F_DESCEND && s->ops->end != NULL) {
		ok = emit(s, JI_END, s->n, NULL);
	}
	frame_dispose(f);
	return ok;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end, cb_start_array, cb_end
};

/* Has the consumer stopped?  (Looked at once per chunk.) */
static bool
cancelled(struct js *s)
{
	bool c;

	if (s->pipe == NULL)
		return false;
	pthread_mutex_lock(&s->pipe->mu);
	c = s->pipe->cancel;
	pthread_mutex_unlock(&s->pipe->mu);
	return c;
}

/* The parser: the whole input through yajl.  Its status is left in S. */
static void
parse(struct js *s)
{
	unsigned char *buf;
	size_t got = 0;
	yajl_status st = yajl_status_ok;

	if ((buf = vgx_malloc(CHUNK)) == NULL) {
		oom(s);
		return;
	}
	if ((s->h = yajl_alloc(&callbacks, NULL, s)) == NULL) {
		vgx_free(buf);
		oom(s);
		return;
	}
	for (;;) {
		if (cancelled(s)) {
			s->rc = VIGIL_EINVALID;
			break;
		}
		if ((s->rc = vigil__input_read(s->in, (char *)buf, CHUNK, &got,
		    &s->err)) < 0)
			break;
		s->chunk = buf;
		s->chunklen = got;
		if (got == 0)
			st = yajl_complete_parse(s->h);
		else
			st = yajl_parse(s->h, buf, got);
		if (st != yajl_status_ok)
			break;
		advance(s, s->base + got);
		s->base += got;
		if (got == 0)
			break;
	}
	if (st == yajl_status_client_canceled) {
		if (s->rc == 0)
			s->rc = VIGIL_EINVALID;
	} else if (st == yajl_status_error) {
		unsigned char *e = yajl_get_error(s->h, 0, buf, got);
		size_t i;

		snprintf(s->dmsg, sizeof(s->dmsg), "%s", e != NULL ?
		    (char *)e : "JSON syntax error");
		for (i = 0; s->dmsg[i] != '\0'; i++)
			if (s->dmsg[i] == '\n')
				s->dmsg[i] = ' ';
		while (i > 0 && s->dmsg[i - 1] == ' ')
			s->dmsg[--i] = '\0';
		if (got == 0)
			snprintf(s->dmsg, sizeof(s->dmsg), "truncated JSON: "
			    "the document ends inside a value");
		if (e != NULL)
			yajl_free_error(s->h, e);
		position(s, &s->dline, &s->dcol);
		s->dptr[0] = '\0';
		s->has_diag = true;
		s->rc = VIGIL_EINVALID;
	}
	if (s->pipe != NULL && s->cur != NULL && s->cur->head != NULL) {
		/* The values after the last full batch, parsed before the
		 * end or before the problem. */
		int rc = s->rc;

		if (!hand_over(s) && rc == 0 && s->rc == 0)
			s->rc = VIGIL_EINVALID;
		if (rc < 0)
			s->rc = rc;
	}
	yajl_free(s->h);
	s->h = NULL;
	vgx_free(buf);
}

static void *
parse_main(void *arg)
{
	struct js *s = arg;
	struct jpipe *pp = s->pipe;

	parse(s);
	pthread_mutex_lock(&pp->mu);
	pp->done = true;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

/* Whether reading IN is worth a parsing thread. */
static bool
wants_thread(const struct reader *r, const struct input *in,
    const struct jstream_ops *ops)
{
	struct stat sb;

	if (ops->value == NULL || (r->opts->flags & VIGIL_SBOM_ONE_THREAD))
		return false;
	if (r->opts->flags & VIGIL_SBOM_THREADS)
		return true;
	if (in->fp == NULL)
		return in->memlen >= THREAD_MIN;
	/* A pipe or a terminal: no size to go by, and maybe a long one. */
	if (fstat(fileno(in->fp), &sb) != 0 || !S_ISREG(sb.st_mode))
		return true;
	return (uint64_t)sb.st_size >= THREAD_MIN;
}

/* The consumer's side: batches as they come, until the parser is done
 * or a format callback fails.  Returns that callback's code, or 0. */
static int
consume_all(struct js *s)
{
	struct jpipe *pp = s->pipe;
	struct jbatch *b;
	int rc = 0;

	pthread_mutex_lock(&pp->mu);
	for (;;) {
		while (pp->full == NULL && !pp->done)
			pthread_cond_wait(&pp->cv, &pp->mu);
		if ((b = pp->full) == NULL)
			break;		/* done, and all consumed */
		if ((pp->full = b->next) == NULL)
			pp->fulltail = NULL;
		pthread_mutex_unlock(&pp->mu);
		rc = consume(s, b);
		pthread_mutex_lock(&pp->mu);
		b->next = pp->free;
		pp->free = b;
		if (rc < 0)
			pp->cancel = true;
		pthread_cond_broadcast(&pp->cv);
		if (rc < 0)
			break;
	}
	pthread_mutex_unlock(&pp->mu);
	return rc;
}

/* Start a parsing thread; false if one cannot be had (then none is). */
static bool
pipe_start(struct js *s, struct jpipe *pp)
{
	memset(pp, 0, sizeof(*pp));
	if (pthread_mutex_init(&pp->mu, NULL) != 0)
		return false;
	if (pthread_cond_init(&pp->cv, NULL) != 0) {
		pthread_mutex_destroy(&pp->mu);
		return false;
	}
	pp->nbatches = 1;	/* S's current batch */
	s->pipe = pp;
	if (pthread_create(&pp->th, NULL, parse_main, s) != 0) {
		s->pipe = NULL;
		pthread_cond_destroy(&pp->cv);
		pthread_mutex_destroy(&pp->mu);
		return false;
	}
	return true;
}

static void
pipe_stop(struct jpipe *pp)
{
	pthread_join(pp->th, NULL);
	batch_free_list(pp->full);
	batch_free_list(pp->free);
	pthread_cond_destroy(&pp->cv);
	pthread_mutex_destroy(&pp->mu);
}

int
vigil__jstream(struct reader *r, struct input *in,
    const struct jstream_ops *ops, void *ctx)
{
	struct js s;
	struct jpipe pp;
	int crc;

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.in = in;
	s.ops = ops;
	s.ctx = ctx;
	s.line = 1;
	vigil_error_clear(&s.err);
	if ((s.cur = batch_new()) == NULL)
		return vigil__error_oom(r->err);
	if (wants_thread(r, in, ops) && pipe_start(&s, &pp)) {
		crc = consume_all(&s);
		pipe_stop(&pp);
	} else {
		parse(&s);
		crc = s.crc;
	}
	while (s.n > 0)
		frame_dispose(&s.st[--s.n]);
	vgx_free(s.st);
	batch_free_list(s.cur);
	vigil__arena_reset(&r->scratch);
	/* What the format said first; else the parser's own problem, now
	 * that all that was parsed before it has been consumed. */
	if (crc < 0)
		return crc;
	if (s.has_diag)
		vigil__sbom_diag(r, D_ERROR, s.dline, s.dcol, s.dptr, "%s",
		    s.dmsg);
	if (s.err.code != 0 && r->err != NULL)
		*r->err = s.err;
	return s.rc;
}

struct jnode *
vigil__jgetn(const struct jnode *obj, const char *key, size_t n)
{
	struct jnode *c;

	if (obj == NULL || obj->t != J_OBJ)
		return NULL;
	for (c = obj->kid; c != NULL; c = c->next)
		if (c->klen == n && c->key[0] == key[0] &&
		    memcmp(c->key, key, n) == 0)
			return c;
	return NULL;
}

const char *
vigil__jstr(const struct jnode *obj, const char *key)
{
	struct jnode *c = vigil__jget(obj, key);

	return c != NULL && c->t == J_STR ? c->s : NULL;
}
