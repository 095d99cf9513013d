/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Streaming JSON for the SBOM readers (yajl).  The document is never held
 * whole: the format decides for each value near the root whether to go
 * into it (the root object, the "components" array), to skip it, or to
 * collect it, and a collected value (one component, one relationship, the
 * metadata) is built as a small tree in the reader's scratch arena,
 * handed to the format and forgotten.
 *
 *   {"bomFormat": ..., "components": [ {...}, {...} ], "dependencies": [..]}
 *    DESCEND          DESCEND        COLLECT  COLLECT   DESCEND + COLLECT
 *
 * So memory is bounded by the largest collected value, not the file.
 * Duplicate member names, nesting deeper than the limit, strings longer
 * than the limit and NUL characters are errors, with the line and column
 * (counted as the bytes go by) and the JSON pointer.
 */
#include <string.h>

#include <yajl/yajl_parse.h>

#include "sbomint.h"

#define KEYBUF 128		/* path keys kept per level, bytes */
#define MAX_MEMBERS 4096	/* members of one object */
#define CHUNK (256u * 1024u)

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

struct js {
	struct reader *r;
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
	int rc;
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

static int
fail(struct js *s, const char *what)
{
	unsigned long line, col;
	struct jpath p;
	char ptr[256];

	position(s, &line, &col);
	path_of(s, &p, s->n);
	vigil__jpointer(ptr, sizeof(ptr), &p, NULL);
	vigil__sbom_diag(s->r, D_ERROR, line, col, ptr, "%s", what);
	s->rc = VIGIL_EINVALID;
	return 0;		/* stops yajl */
}

static struct jnode *
node_new(struct js *s, enum jtype t)
{
	struct jnode *n = vigil__arena_alloc(&s->r->scratch, sizeof(*n));

	if (n == NULL)
		return NULL;
	memset(n, 0, sizeof(*n));
	n->t = t;
	position(s, &n->line, &n->col);
	return n;
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

		if ((f = vgx_reallocarray(s->st, cap, sizeof(*f))) == NULL) {
			s->rc = vigil__error_oom(s->r->err);
			return 0;
		}
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
		if ((n = node_new(s, t)) == NULL) {
			s->rc = vigil__error_oom(s->r->err);
			return 0;
		}
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
	if (act == JA_SKIP)
		return container ? push(s, F_SKIP, t == J_OBJ, NULL) : 1;
	if (act == JA_DESCEND && container)
		return push(s, F_DESCEND, t == J_OBJ, NULL);
	/* Collect (a scalar asked to be descended into is collected). */
	if ((n = node_new(s, t)) == NULL) {
		s->rc = vigil__error_oom(s->r->err);
		return 0;
	}
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
	struct jpath p;
	int rc;

	if (s->scalar == NULL)
		return 1;
	path_of(s, &p, s->n);
	rc = s->ops->value(s->ctx, &p, s->scalar);
	s->scalar = NULL;
	vigil__arena_reset(&s->r->scratch);
	if (rc < 0) {
		s->rc = rc;
		return 0;
	}
	return 1;
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
	if ((n->s = vigil__arena_strndup(&s->r->scratch, (const char *)v,
	    len)) == NULL) {
		s->rc = vigil__error_oom(s->r->err);
		return 0;
	}
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
		if ((s->pkey = vigil__arena_strndup(&s->r->scratch,
		    (const char *)k, len)) == NULL) {
			s->rc = vigil__error_oom(s->r->err);
			return 0;
		}
	} else if (f->kind == F_DESCEND) {
		char **v;

		if (f->seen == NULL &&
		    (f->seen = vgx_calloc(MAX_MEMBERS + 1, sizeof(char *)))
		    == NULL) {
			s->rc = vigil__error_oom(s->r->err);
			return 0;
		}
		for (v = f->seen; *v != NULL; v++)
			if (strlen(*v) == len && memcmp(*v, k, len) == 0)
				return fail(s, "duplicate member name");
		if ((*v = vgx_strndup((const char *)k, len)) == NULL) {
			s->rc = vigil__error_oom(s->r->err);
			return 0;
		}
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
	struct jpath p;
	int rc = 0;

	s->n--;
	if (f->kind == F_COLLECT && s->collecting && s->n == s->coll) {
		s->collecting = false;
		path_of(s, &p, s->n);
		rc = s->ops->value(s->ctx, &p, f->node);
		vigil__arena_reset(&s->r->scratch);
	} else if (f->kind == F_DESCEND && s->ops->end != NULL) {
		path_of(s, &p, s->n);
		rc = s->ops->end(s->ctx, &p);
	}
	frame_dispose(f);
	if (rc < 0) {
		s->rc = rc;
		return 0;
	}
	if (s->r->stop) {
		s->rc = VIGIL_EINVALID;
		return 0;
	}
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end, cb_start_array, cb_end
};

int
vigil__jstream(struct reader *r, struct input *in,
    const struct jstream_ops *ops, void *ctx)
{
	struct js s;
	unsigned char *buf;
	size_t got;
	yajl_status st = yajl_status_ok;
	int rc = 0;

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.ops = ops;
	s.ctx = ctx;
	s.line = 1;
	if ((buf = vgx_malloc(CHUNK)) == NULL)
		return vigil__error_oom(r->err);
	if ((s.h = yajl_alloc(&callbacks, NULL, &s)) == NULL) {
		vgx_free(buf);
		return vigil__error_oom(r->err);
	}
	for (;;) {
		if ((rc = vigil__input_read(in, (char *)buf, CHUNK, &got,
		    r->err)) < 0)
			goto done;
		s.chunk = buf;
		s.chunklen = got;
		if (got == 0) {
			st = yajl_complete_parse(s.h);
		} else {
			st = yajl_parse(s.h, buf, got);
		}
		if (st != yajl_status_ok)
			break;
		advance(&s, s.base + got);
		s.base += got;
		if (got == 0)
			break;
	}
	if (st == yajl_status_client_canceled) {
		rc = s.rc < 0 ? s.rc : VIGIL_EINVALID;
	} else if (st == yajl_status_error) {
		unsigned char *e = yajl_get_error(s.h, 0, buf, got);
		unsigned long line, col;
		char msg[200];
		size_t i;

		snprintf(msg, sizeof(msg), "%s", e != NULL ? (char *)e :
		    "JSON syntax error");
		for (i = 0; msg[i] != '\0'; i++)
			if (msg[i] == '\n')
				msg[i] = ' ';
		while (i > 0 && msg[i - 1] == ' ')
			msg[--i] = '\0';
		if (got == 0)
			snprintf(msg, sizeof(msg), "truncated JSON: the "
			    "document ends inside a value");
		if (e != NULL)
			yajl_free_error(s.h, e);
		position(&s, &line, &col);
		vigil__sbom_diag(r, D_ERROR, line, col, "", "%s", msg);
		rc = VIGIL_EINVALID;
	}
done:
	while (s.n > 0)
		frame_dispose(&s.st[--s.n]);
	vgx_free(s.st);
	yajl_free(s.h);
	vgx_free(buf);
	vigil__arena_reset(&r->scratch);
	return rc;
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
