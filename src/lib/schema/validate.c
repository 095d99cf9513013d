/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Evaluation of an instance against compiled schema nodes (schemaint.h).
 *
 * Every keyword of a node is checked and every failure is recorded with
 * the instance location, the keyword location and a one-line message,
 * until the failure limit is reached.  Subschemas whose failures are not
 * failures of the instance (the branches of anyOf/oneOf, "not", "if",
 * "contains", patterns tried for additionalProperties) run "quiet": they
 * record nothing and stop at the first failure.  Evaluation depth (the
 * instance depth plus $ref chains) is bounded, so recursive schemas
 * cannot loop; hitting the bound fails the whole validation with
 * VIGIL_ETOOBIG.
 *
 * Numbers compare by value across jansson's integer and real types
 * (1 == 1.0, as JSON Schema requires for enum, const and uniqueItems);
 * string lengths count Unicode code points.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemaint.h"

/*
 * What the keywords evaluated at one instance location found, for
 * unevaluatedProperties/unevaluatedItems (2020-12 core §11): the member
 * names some keyword applied to, how many leading items were evaluated,
 * and which items matched "contains".  Subschemas applied in place
 * (allOf, anyOf, oneOf, if/then/else, $ref, dependentSchemas) pass theirs
 * up only when they validate, as the specification drops the annotations
 * of failing schemas.
 */
struct evald {
	const char **keys;	/* evaluated member names, borrowed */
	size_t nkeys, capkeys;
	size_t items;		/* items [0, items) evaluated */
	unsigned char *bits;	/* "contains" matches, one bit an item */
	size_t nbits;
};

struct vctx {
	const vigil_schema_opts *o;
	vigil_schema_result *res;
	size_t cap;
	vgx_buf ptr;		/* instance location being evaluated */
	vgx_buf kw;		/* keyword location of the current node */
	unsigned depth;
	int quiet;		/* > 0: record nothing, stop early */
	bool full;		/* max_errors reached */
	int fatal;		/* < 0: a vigil_error_code, stop */
	bool in_trial;		/* explain_best() is trying branches */
	struct evald *ev;	/* annotations of this location, or NULL */
	vigil_error *err;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_compile_context *cctx;
};

#define STOP(c) ((c)->quiet > 0 || (c)->full || (c)->fatal < 0)

static int v_node(struct vctx *c, const struct snode *n, const json_t *x);

/* ---- locations ---------------------------------------------------------- */

static void
truncate_buf(vgx_buf *b, size_t len)
{
	b->len = len;
	if (b->ptr != NULL)
		b->ptr[len] = '\0';
}

static int
escape_into(vgx_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (s[i] != '~' && s[i] != '/')
			continue;
		rc = vgx_buf_add(b, s + start, i - start);
		if (rc == 0)
			rc = vgx_buf_adds(b, s[i] == '~' ? "~0" : "~1");
		start = i + 1;
	}
	if (rc == 0)
		rc = vgx_buf_add(b, s + start, n - start);
	return rc;
}

static void
set_fatal(struct vctx *c, int rc)
{
	if (c->fatal == 0) {
		c->fatal = rc;
		if (rc == VIGIL_ENOMEM)
			(void)vigil__error_oom(c->err);
		else
			(void)vigil__error(c->err, rc,
			    "location longer than the limit");
	}
}

/* Append "/" KEY (escaped) to B; returns the old length. */
static size_t
push_key(struct vctx *c, vgx_buf *b, const char *key, size_t n)
{
	size_t save = b->len;
	int rc;

	if ((rc = vgx_buf_addc(b, '/')) < 0 || (rc = escape_into(b, key,
	    n)) < 0)
		set_fatal(c, rc);
	return save;
}

static size_t
push_idx(struct vctx *c, vgx_buf *b, size_t i)
{
	char tmp[24];
	size_t save = b->len, n = sizeof(tmp);
	int rc;

	/* by hand: this runs for every array item */
	do {
		tmp[--n] = (char)('0' + i % 10);
		i /= 10;
	} while (i > 0);
	tmp[--n] = '/';
	if ((rc = vgx_buf_add(b, tmp + n, sizeof(tmp) - n)) < 0)
		set_fatal(c, rc);
	return save;
}

/* ---- values ------------------------------------------------------------- */

static const char *
type_name(const json_t *x)
{
	switch (json_typeof(x)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_INTEGER: return "integer";
	case JSON_REAL: return "number";
	case JSON_TRUE:
	case JSON_FALSE: return "boolean";
	case JSON_NULL: return "null";
	}
	return "value";
}

/* A short rendering of X for messages, into (BUF, LEN). */
static void
show(char *buf, size_t len, const json_t *x)
{
	char *s;

	if (json_is_object(x)) {
		(void)snprintf(buf, len, "an object");
		return;
	}
	if (json_is_array(x)) {
		(void)snprintf(buf, len, "an array");
		return;
	}
	if (json_is_string(x) && json_string_length(x) > 200) {
		(void)snprintf(buf, len, "\"%.60s...\"", json_string_value(x));
		return;
	}
	s = json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT);
	if (s == NULL) {
		(void)snprintf(buf, len, "a %s", type_name(x));
		return;
	}
	if (strlen(s) >= len && len > 4) {
		memcpy(buf, s, len - 4);
		memcpy(buf + len - 4, "...", 4);
	} else {
		(void)snprintf(buf, len, "%s", s);
	}
	free(s);
}

static double
num(const json_t *x)
{
	return json_is_integer(x) ? (double)json_integer_value(x) :
	    json_real_value(x);
}

/* -1, 0, 1 as A <, ==, > B (both numbers). */
static int
num_cmp(const json_t *a, const json_t *b)
{
	if (json_is_integer(a) && json_is_integer(b)) {
		json_int_t x = json_integer_value(a), y = json_integer_value(b);

		return x < y ? -1 : x > y;
	} else {
		long double x = json_is_integer(a) ?
		    (long double)json_integer_value(a) : json_real_value(a);
		long double y = json_is_integer(b) ?
		    (long double)json_integer_value(b) : json_real_value(b);

		return x < y ? -1 : x > y;
	}
}

static bool
is_integral(const json_t *x)
{
	double d;

	if (json_is_integer(x))
		return true;
	if (!json_is_real(x))
		return false;
	d = json_real_value(x);
	return isfinite(d) && d == floor(d);
}

/* JSON Schema equality (numbers by value, objects unordered). */
static bool
equal(const json_t *a, const json_t *b)
{
	if (json_is_number(a) && json_is_number(b))
		return num_cmp(a, b) == 0;
	if (json_typeof(a) != json_typeof(b))
		return false;
	switch (json_typeof(a)) {
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		    memcmp(json_string_value(a), json_string_value(b),
		    json_string_length(a)) == 0;
	case JSON_ARRAY: {
		size_t i, n = json_array_size(a);

		if (n != json_array_size(b))
			return false;
		for (i = 0; i < n; i++)
			if (!equal(json_array_get(a, i), json_array_get(b, i)))
				return false;
		return true;
	}
	case JSON_OBJECT: {
		const char *k;
		size_t klen;
		json_t *v, *w;

		if (json_object_size(a) != json_object_size(b))
			return false;
		json_object_keylen_foreach((json_t *)a, k, klen, v) {
			if ((w = json_object_getn(b, k, klen)) == NULL ||
			    !equal(v, w))
				return false;
		}
		return true;
	}
	default:
		return true;	/* true, false, null */
	}
}

static uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* A hash consistent with equal(). */
static uint64_t hash_value(const json_t *x);

uint64_t
vigil__schema_hash(const json_t *x)
{
	return hash_value(x);
}

static uint64_t
hash_value(const json_t *x)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	if (json_is_number(x)) {
		double d = num(x);

		if (json_is_integer(x) || (isfinite(d) && d == floor(d) &&
		    fabs(d) < 9.2e18)) {
			int64_t i = json_is_integer(x) ?
			    (int64_t)json_integer_value(x) : (int64_t)d;

			return hash_bytes(h ^ 'i', &i, sizeof(i));
		}
		return hash_bytes(h ^ 'd', &d, sizeof(d));
	}
	h ^= (uint64_t)json_typeof(x);
	switch (json_typeof(x)) {
	case JSON_STRING:
		return hash_bytes(h, json_string_value(x),
		    json_string_length(x));
	case JSON_ARRAY: {
		size_t i;

		for (i = 0; i < json_array_size(x); i++)
			h = (h ^ hash_value(json_array_get(x, i))) *
			    0x100000001b3ULL;
		return h;
	}
	case JSON_OBJECT: {
		const char *k;
		size_t klen;
		json_t *v;
		uint64_t sum = 0;

		json_object_keylen_foreach((json_t *)x, k, klen, v)
			sum += hash_bytes(0xcbf29ce484222325ULL, k, klen) * 31 +
			    hash_value(v);
		return h ^ sum;
	}
	default:
		return h;
	}
}

static size_t
utf8_len(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* ---- failures ----------------------------------------------------------- */

/*
 * Record that keyword KW of node N failed for the current instance
 * location.  KW NULL means the node itself (a false schema).  Returns 0
 * (the evaluation result) so that callers can `return fail(...)`.
 */
static int
fail(struct vctx *c, const struct snode *n, const char *kw, const char *fmt,
    ...) VIGIL_PRINTF(4, 5);

static int
fail(struct vctx *c, const struct snode *n, const char *kw, const char *fmt,
    ...)
{
	vigil_schema_failure *f;
	char msg[512];
	va_list ap;
	vgx_buf k;

	if (c->quiet > 0 || c->full || c->fatal < 0)
		return 0;
	if (c->res->count == c->o->max_errors) {
		c->res->truncated = true;
		c->full = true;
		return 0;
	}
	if (c->res->count == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;

		if ((f = vgx_reallocarray(c->res->items, cap,
		    sizeof(*f))) == NULL) {
			set_fatal(c, VIGIL_ENOMEM);
			return 0;
		}
		c->res->items = f;
		c->cap = cap;
	}
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f = &c->res->items[c->res->count];
	memset(f, 0, sizeof(*f));
	vgx_buf_init(&k, 1u << 20);
	if (vgx_buf_adds(&k, vgx_buf_cstr(&c->kw)) < 0 ||
	    (kw != NULL && (vgx_buf_addc(&k, '/') < 0 ||
	    escape_into(&k, kw, strlen(kw)) < 0)) ||
	    vgx_buf_adds(&k, "") < 0) {
		vgx_buf_dispose(&k);
		set_fatal(c, VIGIL_ENOMEM);
		return 0;
	}
	f->keyword = vgx_buf_take(&k, NULL);
	vgx_buf_init(&k, 1u << 20);
	if (vgx_buf_adds(&k, n->loc) < 0 ||
	    (kw != NULL && (vgx_buf_addc(&k, '/') < 0 ||
	    escape_into(&k, kw, strlen(kw)) < 0)) ||
	    vgx_buf_adds(&k, "") < 0) {
		vgx_buf_dispose(&k);
		vgx_free(f->keyword);
		set_fatal(c, VIGIL_ENOMEM);
		return 0;
	}
	f->schema = vgx_buf_take(&k, NULL);
	f->pointer = vgx_strdup(vgx_buf_cstr(&c->ptr));
	f->message = vgx_strdup(msg);
	if (f->pointer == NULL || f->message == NULL) {
		vgx_free(f->keyword);
		vgx_free(f->schema);
		vgx_free(f->pointer);
		vgx_free(f->message);
		set_fatal(c, VIGIL_ENOMEM);
		return 0;
	}
	c->res->count++;
	return 0;
}

/* Evaluate N at keyword path KW[/SUB] without recording (quiet). */
static int
quietly(struct vctx *c, const struct snode *n, const json_t *x)
{
	int ok;

	c->quiet++;
	ok = v_node(c, n, x);
	c->quiet--;
	return ok;
}

/* Evaluate N for X with "/" KW [ "/" SUB | "/" IDX ] added to the
 * keyword location. */
static int
child(struct vctx *c, const struct snode *n, const json_t *x, const char *kw,
    const char *sub, size_t idx)
{
	size_t save = push_key(c, &c->kw, kw, strlen(kw));
	int ok;

	if (sub != NULL)
		(void)push_key(c, &c->kw, sub, strlen(sub));
	else if (idx != (size_t)-1)
		(void)push_idx(c, &c->kw, idx);
	ok = v_node(c, n, x);
	truncate_buf(&c->kw, save);
	return ok;
}


/* ---- annotations for unevaluated* --------------------------------------- */

static void
ev_dispose(struct evald *e)
{
	vgx_free(e->keys);
	vgx_free(e->bits);
	memset(e, 0, sizeof(*e));
}

static void
ev_key(struct vctx *c, struct evald *e, const char *k)
{
	const char **p;

	if (e == NULL)
		return;
	if (e->nkeys == e->capkeys) {
		size_t cap = e->capkeys ? e->capkeys * 2 : 8;

		if ((p = vgx_reallocarray(e->keys, cap, sizeof(*p))) == NULL) {
			set_fatal(c, VIGIL_ENOMEM);
			return;
		}
		e->keys = p;
		e->capkeys = cap;
	}
	e->keys[e->nkeys++] = k;
}

static bool
ev_has_key(const struct evald *e, const char *k)
{
	size_t i;

	for (i = 0; i < e->nkeys; i++)
		if (strcmp(e->keys[i], k) == 0)
			return true;
	return false;
}

static void
ev_items(struct evald *e, size_t upto)
{
	if (e != NULL && upto > e->items)
		e->items = upto;
}

static void
ev_bit(struct vctx *c, struct evald *e, size_t i, size_t size)
{
	if (e == NULL)
		return;
	if (e->bits == NULL) {
		if ((e->bits = vgx_calloc(size / 8 + 1, 1)) == NULL) {
			set_fatal(c, VIGIL_ENOMEM);
			return;
		}
		e->nbits = size;
	}
	if (i < e->nbits)
		e->bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

static bool
ev_has_item(const struct evald *e, size_t i)
{
	return i < e->items || (e->bits != NULL && i < e->nbits &&
	    (e->bits[i / 8] & (1u << (i % 8))));
}

/* Add what SRC found to DST (same instance location). */
static void
ev_merge(struct vctx *c, struct evald *dst, const struct evald *src)
{
	size_t i;

	for (i = 0; i < src->nkeys; i++)
		ev_key(c, dst, src->keys[i]);
	ev_items(dst, src->items);
	for (i = 0; src->bits != NULL && i < src->nbits; i++)
		if (src->bits[i / 8] & (1u << (i % 8)))
			ev_bit(c, dst, i, src->nbits);
}

/*
 * Apply N to X in place (same instance location): like child(), or like
 * quietly() when QUIET, passing N's annotations up only when it validates.
 */
static int
in_place(struct vctx *c, const struct snode *n, const json_t *x,
    const char *kw, const char *sub, size_t idx, bool quiet)
{
	struct evald mine, *parent = c->ev;
	int ok;

	if (parent == NULL) {
		if (!quiet)
			return child(c, n, x, kw, sub, idx);
		return quietly(c, n, x);
	}
	memset(&mine, 0, sizeof(mine));
	c->ev = &mine;
	ok = quiet ? quietly(c, n, x) : child(c, n, x, kw, sub, idx);
	c->ev = parent;
	if (ok)
		ev_merge(c, parent, &mine);
	ev_dispose(&mine);
	return ok;
}

/* ---- keyword groups ----------------------------------------------------- */

static bool
type_ok(unsigned types, const json_t *x)
{
	switch (json_typeof(x)) {
	case JSON_OBJECT: return types & ST_OBJECT;
	case JSON_ARRAY: return types & ST_ARRAY;
	case JSON_STRING: return types & ST_STRING;
	case JSON_INTEGER: return types & (ST_INTEGER | ST_NUMBER);
	case JSON_REAL:
		return (types & ST_NUMBER) ||
		    ((types & ST_INTEGER) && is_integral(x));
	case JSON_TRUE:
	case JSON_FALSE: return types & ST_BOOLEAN;
	case JSON_NULL: return types & ST_NULL;
	}
	return false;
}

static void
types_text(char *buf, size_t len, unsigned types)
{
	static const char *const names[] = { "null", "boolean", "object",
	    "array", "number", "string", "integer" };
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < VGX_ARRAY_SIZE(names); i++) {
		int w;

		if (!(types & (1u << i)))
			continue;
		w = snprintf(buf + used, len - used, "%s\"%s\"",
		    used > 0 ? " or " : "", names[i]);
		if (w < 0 || (size_t)w >= len - used)
			return;
		used += (size_t)w;
	}
}

static int
v_enum(struct vctx *c, const struct snode *n, const json_t *x)
{
	size_t i, used = 0;
	json_t *e;
	char list[300], one[80], val[120];

	if (n->enum_index != NULL) {
		/* binary search for the first entry with X's hash */
		uint64_t h = hash_value(x);
		size_t lo = 0, hi = json_array_size(n->enum_vals);

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (n->enum_index[mid].hash < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < json_array_size(n->enum_vals) &&
		    n->enum_index[lo].hash == h; lo++)
			if (equal(x, n->enum_index[lo].value))
				return 1;
	} else {
		json_array_foreach(n->enum_vals, i, e)
			if (equal(x, e))
				return 1;
	}
	if (STOP(c))
		return 0;
	list[0] = '\0';
	json_array_foreach(n->enum_vals, i, e) {
		int w;

		if (i == 6) {
			(void)snprintf(list + used, sizeof(list) - used,
			    ", ...");
			break;
		}
		show(one, sizeof(one), e);
		w = snprintf(list + used, sizeof(list) - used, "%s%s",
		    i > 0 ? ", " : "", one);
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	show(val, sizeof(val), x);
	return fail(c, n, "enum", "%s is not one of %s", val, list);
}

static int
v_string(struct vctx *c, const struct snode *n, const json_t *x)
{
	const char *s = json_string_value(x);
	size_t len = json_string_length(x);
	char val[120];
	int ok = 1, m;

	if (n->min_len >= 0 || n->max_len >= 0) {
		size_t cp = utf8_len(s, len);

		if (n->min_len >= 0 && cp < (unsigned long long)n->min_len) {
			show(val, sizeof(val), x);
			ok = fail(c, n, "minLength", "%s is shorter than %lld "
			    "character%s", val, n->min_len,
			    n->min_len == 1 ? "" : "s");
			if (STOP(c))
				return 0;
		}
		if (n->max_len >= 0 && cp > (unsigned long long)n->max_len) {
			show(val, sizeof(val), x);
			ok = fail(c, n, "maxLength", "%s is longer than %lld "
			    "character%s", val, n->max_len,
			    n->max_len == 1 ? "" : "s");
			if (STOP(c))
				return 0;
		}
	}
	if (n->pattern != NULL) {
		m = vigil__re_search(n->pattern, s, len, c->md, c->mctx);
		if (m != 1) {
			json_t *p = json_string(n->pattern_src);
			char pat[120];

			show(val, sizeof(val), x);
			if (p != NULL)
				show(pat, sizeof(pat), p);
			else
				(void)snprintf(pat, sizeof(pat), "%s",
				    n->pattern_src);
			json_decref(p);
			ok = m < 0 ? fail(c, n, "pattern", "%s: matching "
			    "pattern %s exceeded the match limit", val, pat) :
			    fail(c, n, "pattern", "%s does not match pattern %s",
			    val, pat);
			if (STOP(c))
				return 0;
		}
	}
	if (n->format != FMT_NONE && c->o->assert_formats &&
	    !vigil__format_check(n->format, s, len, c->cctx)) {
		show(val, sizeof(val), x);
		ok = fail(c, n, "format", "%s is not a valid %s", val,
		    n->format_name);
	}
	return ok;
}

static int
v_number(struct vctx *c, const struct snode *n, const json_t *x)
{
	char val[120], lim[120];
	int ok = 1;

#define NUMFAIL(kw, lv, text) do {					\
	show(val, sizeof(val), x);					\
	show(lim, sizeof(lim), (lv));					\
	ok = fail(c, n, kw, "%s " text " %s", val, lim);		\
	if (STOP(c))							\
		return 0;						\
} while (0)

	if (n->minimum != NULL) {
		int r = num_cmp(x, n->minimum);

		if (n->excl_min_bool && r <= 0)
			NUMFAIL("minimum", n->minimum, "is not greater than");
		else if (r < 0)
			NUMFAIL("minimum", n->minimum, "is less than the minimum");
	}
	if (n->maximum != NULL) {
		int r = num_cmp(x, n->maximum);

		if (n->excl_max_bool && r >= 0)
			NUMFAIL("maximum", n->maximum, "is not less than");
		else if (r > 0)
			NUMFAIL("maximum", n->maximum,
			    "is greater than the maximum");
	}
	if (n->excl_min != NULL && num_cmp(x, n->excl_min) <= 0)
		NUMFAIL("exclusiveMinimum", n->excl_min, "is not greater than");
	if (n->excl_max != NULL && num_cmp(x, n->excl_max) >= 0)
		NUMFAIL("exclusiveMaximum", n->excl_max, "is not less than");
	if (n->multiple_of != NULL) {
		bool mult;

		if (json_is_integer(x) && json_is_integer(n->multiple_of)) {
			mult = json_integer_value(x) %
			    json_integer_value(n->multiple_of) == 0;
		} else {
			double q = num(x) / num(n->multiple_of);

			mult = isfinite(q) && fabs(q - nearbyint(q)) <=
			    1e-9 * fmax(1.0, fabs(q));
		}
		if (!mult)
			NUMFAIL("multipleOf", n->multiple_of,
			    "is not a multiple of");
	}
#undef NUMFAIL
	return ok;
}

static int
v_object_in(struct vctx *c, const struct snode *n, const json_t *x,
    struct evald *ev)
{
	const char *k;
	size_t klen, i, sz = json_object_size(x), save;
	json_t *v, *e;
	int ok = 1;
	const json_t *props_js = NULL;

	if (n->min_props >= 0 && sz < (unsigned long long)n->min_props) {
		ok = fail(c, n, "minProperties", "has %zu propert%s, fewer "
		    "than %lld", sz, sz == 1 ? "y" : "ies", n->min_props);
		if (STOP(c))
			return 0;
	}
	if (n->max_props >= 0 && sz > (unsigned long long)n->max_props) {
		ok = fail(c, n, "maxProperties", "has %zu properties, more "
		    "than %lld", sz, n->max_props);
		if (STOP(c))
			return 0;
	}
	if (n->required != NULL) {
		json_array_foreach(n->required, i, e) {
			if (json_object_getn(x, json_string_value(e),
			    json_string_length(e)) != NULL)
				continue;
			ok = fail(c, n, "required", "missing required property "
			    "\"%s\"", json_string_value(e));
			if (STOP(c))
				return 0;
		}
	}
	for (i = 0; i < n->ndeps; i++) {
		const struct sdep *d = &n->deps[i];
		size_t j;

		if (json_object_get(x, d->name) == NULL)
			continue;
		if (d->required != NULL) {
			json_array_foreach(d->required, j, e) {
				if (json_object_get(x, json_string_value(e)) !=
				    NULL)
					continue;
				ok = fail(c, n, json_object_get(n->js,
				    "dependencies") != NULL ? "dependencies" :
				    "dependentRequired", "property "
				    "\"%s\" requires property \"%s\"", d->name,
				    json_string_value(e));
				if (STOP(c))
					return 0;
			}
		} else if (d->node != NULL) {
			const char *kwn = json_object_get(n->js,
			    "dependencies") != NULL ? "dependencies" :
			    "dependentSchemas";
			int dok;

			c->ev = ev;	/* applies in place */
			dok = in_place(c, d->node, x, kwn, d->name, (size_t)-1,
			    false);
			c->ev = NULL;
			if (!dok) {
				ok = 0;
				if (STOP(c))
					return 0;
			}
		}
	}
	for (i = 0; i < n->nprops; i++) {
		const struct sprop *p = &n->props[i];

		if ((v = json_object_get(x, p->name)) == NULL)
			continue;
		ev_key(c, ev, p->name);
		save = push_key(c, &c->ptr, p->name, strlen(p->name));
		if (!child(c, p->node, v, "properties", p->name, (size_t)-1))
			ok = 0;
		truncate_buf(&c->ptr, save);
		if (!ok && STOP(c))
			return 0;
	}
	if (n->npprops == 0 && n->addl_props == NULL && n->prop_names == NULL)
		return ok;
	if (n->addl_props != NULL)
		props_js = json_object_get(n->js, "properties");
	json_object_keylen_foreach((json_t *)x, k, klen, v) {
		bool matched = false;

		for (i = 0; i < n->npprops; i++) {
			int m = vigil__re_search(n->pprops[i].re, k, klen,
			    c->md, c->mctx);

			if (m != 1)
				continue;
			if (!matched)
				ev_key(c, ev, k);
			matched = true;
			save = push_key(c, &c->ptr, k, klen);
			if (!child(c, n->pprops[i].node, v, "patternProperties",
			    n->pprops[i].src, (size_t)-1))
				ok = 0;
			truncate_buf(&c->ptr, save);
			if (!ok && STOP(c))
				return 0;
		}
		if (n->addl_props != NULL && !matched &&
		    (props_js == NULL || json_object_getn(props_js, k,
		    klen) == NULL)) {
			ev_key(c, ev, k);
			if (n->addl_props->boolean == 0) {
				char name[120];
				json_t *kj = json_stringn_nocheck(k, klen);

				if (kj != NULL)
					show(name, sizeof(name), kj);
				else
					(void)snprintf(name, sizeof(name),
					    "\"%.*s\"", (int)(klen > 100 ? 100 :
					    klen), k);
				json_decref(kj);
				ok = fail(c, n, "additionalProperties",
				    "property %s is not allowed", name);
			} else {
				save = push_key(c, &c->ptr, k, klen);
				if (!child(c, n->addl_props, v,
				    "additionalProperties", NULL, (size_t)-1))
					ok = 0;
				truncate_buf(&c->ptr, save);
			}
			if (!ok && STOP(c))
				return 0;
		}
		if (n->prop_names != NULL) {
			json_t *kj = json_stringn_nocheck(k, klen);

			if (kj == NULL) {
				set_fatal(c, VIGIL_ENOMEM);
				return 0;
			}
			save = push_key(c, &c->ptr, k, klen);
			if (!child(c, n->prop_names, kj, "propertyNames", NULL,
			    (size_t)-1))
				ok = 0;
			truncate_buf(&c->ptr, save);
			json_decref(kj);
			if (!ok && STOP(c))
				return 0;
		}
	}
	return ok;
}

/* Members are other instance locations: no annotations flow down. */
static int
v_object(struct vctx *c, const struct snode *n, const json_t *x)
{
	struct evald *ev = c->ev;
	int ok;

	c->ev = NULL;
	ok = v_object_in(c, n, x, ev);
	c->ev = ev;
	return ok;
}

struct hidx {
	uint64_t h;
	size_t i;
};

static int
hidx_cmp(const void *a, const void *b)
{
	const struct hidx *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* uniqueItems: sort by hash, compare runs of equal hashes. */
static int
v_unique(struct vctx *c, const struct snode *n, const json_t *x)
{
	size_t sz = json_array_size(x), i, j;
	struct hidx *h;

	if (sz < 2)
		return 1;
	if ((h = vgx_reallocarray(NULL, sz, sizeof(*h))) == NULL) {
		set_fatal(c, VIGIL_ENOMEM);
		return 0;
	}
	for (i = 0; i < sz; i++) {
		h[i].h = hash_value(json_array_get(x, i));
		h[i].i = i;
	}
	qsort(h, sz, sizeof(*h), hidx_cmp);
	for (i = 0; i < sz; i++)
		for (j = i + 1; j < sz && h[j].h == h[i].h; j++)
			if (equal(json_array_get(x, h[i].i),
			    json_array_get(x, h[j].i))) {
				size_t a = h[i].i, b = h[j].i;

				vgx_free(h);
				return fail(c, n, "uniqueItems",
				    "items %zu and %zu are equal", a, b);
			}
	vgx_free(h);
	return 1;
}

static int
v_array_in(struct vctx *c, const struct snode *n, const json_t *x,
    struct evald *ev)
{
	size_t sz = json_array_size(x), i, save;
	int ok = 1;

	if (n->min_items >= 0 && sz < (unsigned long long)n->min_items) {
		ok = fail(c, n, "minItems", "has %zu item%s, fewer than %lld",
		    sz, sz == 1 ? "" : "s", n->min_items);
		if (STOP(c))
			return 0;
	}
	if (n->max_items >= 0 && sz > (unsigned long long)n->max_items) {
		ok = fail(c, n, "maxItems", "has %zu items, more than %lld", sz,
		    n->max_items);
		if (STOP(c))
			return 0;
	}
	if (n->unique && !v_unique(c, n, x)) {
		ok = 0;
		if (STOP(c))
			return 0;
	}
	if (n->ntuple > 0 || n->items != NULL || n->addl_items != NULL) {
		const char *tkw = json_object_get(n->js, "prefixItems") != NULL ?
		    "prefixItems" : "items";

		for (i = 0; i < sz; i++) {
			const struct snode *s;
			const char *kw;
			size_t idx = (size_t)-1;

			if (i < n->ntuple) {
				s = n->tuple[i];
				kw = tkw;
				idx = i;
			} else if (n->items != NULL) {
				s = n->items;
				kw = "items";
			} else if (n->addl_items != NULL && n->ntuple > 0) {
				s = n->addl_items;
				kw = "additionalItems";
			} else {
				break;
			}
			ev_items(ev, i + 1);
			save = push_idx(c, &c->ptr, i);
			if (!child(c, s, json_array_get(x, i), kw, NULL, idx))
				ok = 0;
			truncate_buf(&c->ptr, save);
			if (!ok && STOP(c))
				return 0;
		}
	}
	if (n->contains != NULL) {
		size_t matches = 0;
		long long minc = n->draft >= SD_2019 && n->min_contains >= 0 ?
		    n->min_contains : 1;
		bool check_max = n->draft >= SD_2019 && n->max_contains >= 0;

		for (i = 0; i < sz; i++) {
			if (quietly(c, n->contains, json_array_get(x, i))) {
				matches++;
				if (n->draft >= SD_2020)
					ev_bit(c, ev, i, sz);
			}
			if (c->fatal < 0)
				return 0;
			/* all matches count as evaluated for unevaluatedItems */
			if (!check_max && ev == NULL &&
			    matches >= (unsigned long long)minc)
				break;
		}
		if (matches < (unsigned long long)minc) {
			ok = minc == 1 ? fail(c, n, "contains", "no item "
			    "matches the \"contains\" schema") :
			    fail(c, n, "minContains", "%zu item%s match the "
			    "\"contains\" schema, fewer than %lld", matches,
			    matches == 1 ? "" : "s", minc);
		} else if (check_max &&
		    matches > (unsigned long long)n->max_contains) {
			ok = fail(c, n, "maxContains", "%zu items match the "
			    "\"contains\" schema, more than %lld", matches,
			    n->max_contains);
		}
	}
	return ok;
}

/* Forget the failures recorded after the first KEEP. */
static void
drop_failures(struct vctx *c, size_t keep)
{
	while (c->res->count > keep) {
		vigil_schema_failure *f = &c->res->items[--c->res->count];

		vgx_free(f->pointer);
		vgx_free(f->keyword);
		vgx_free(f->schema);
		vgx_free(f->message);
	}
}

/*
 * No branch of an anyOf/oneOf (KW) matched X: list the failures of the
 * branch that came closest (fewest failures, counting those at X itself
 * as worse than deeper ones; the first on a tie), so that
 * the report says what to fix and not only that nothing matched.  Each
 * branch is tried once with its failures recorded and then forgotten;
 * trials do not nest, so the cost stays linear in the branches of the
 * combinators on the failing path.
 */
static void
explain_best(struct vctx *c, struct snode *const *br, size_t nb,
    const json_t *x, const char *kw)
{
	size_t i, best = 0, bestn = (size_t)-1, base = c->res->count;
	bool full = c->full, truncated = c->res->truncated;
	struct evald *ev = c->ev;

	if (c->quiet > 0 || c->full || c->fatal < 0 || c->in_trial)
		return;
	c->ev = NULL;	/* a failing branch has no annotations */
	if (nb > 1) {
		c->in_trial = true;
		for (i = 0; i < nb && c->fatal == 0; i++) {
			size_t got, k;

			(void)child(c, br[i], x, kw, NULL, i);
			/* a failure at X itself (wrong type, missing member)
			 * says more about a wrong branch than one deeper in */
			got = c->res->count - base;
			for (k = base; k < c->res->count; k++)
				if (strcmp(c->res->items[k].pointer,
				    vgx_buf_cstr(&c->ptr)) == 0)
					got += 1000;
			if (c->full)
				got = (size_t)-2;
			drop_failures(c, base);
			c->full = full;
			c->res->truncated = truncated;
			if (got < bestn) {
				bestn = got;
				best = i;
			}
		}
		c->in_trial = false;
	}
	if (c->fatal == 0)
		(void)child(c, br[best], x, kw, NULL, best);
	c->ev = ev;
}

/* Items are other instance locations: no annotations flow down. */
static int
v_array(struct vctx *c, const struct snode *n, const json_t *x)
{
	struct evald *ev = c->ev;
	int ok;

	c->ev = NULL;
	ok = v_array_in(c, n, x, ev);
	c->ev = ev;
	return ok;
}

static int
v_combinators(struct vctx *c, const struct snode *n, const json_t *x)
{
	size_t i, save;
	int ok = 1;

	for (i = 0; i < n->nall_of; i++) {
		if (!in_place(c, n->all_of[i], x, "allOf", NULL, i, false)) {
			ok = 0;
			if (STOP(c))
				return 0;
		}
	}
	if (n->nany_of > 0) {
		bool any = false;

		save = push_key(c, &c->kw, "anyOf", 5);
		/* with annotations wanted, every branch is evaluated */
		for (i = 0; i < n->nany_of && (!any || c->ev != NULL); i++) {
			size_t s2 = push_idx(c, &c->kw, i);

			if (in_place(c, n->any_of[i], x, NULL, NULL, 0, true))
				any = true;
			truncate_buf(&c->kw, s2);
		}
		truncate_buf(&c->kw, save);
		if (c->fatal < 0)
			return 0;
		if (!any) {
			ok = fail(c, n, "anyOf", "matches none of the %zu "
			    "schemas in \"anyOf\"", n->nany_of);
			explain_best(c, n->any_of, n->nany_of, x, "anyOf");
			if (STOP(c))
				return 0;
		}
	}
	if (n->none_of > 0) {
		size_t first = 0, second = 0, count = 0;

		save = push_key(c, &c->kw, "oneOf", 5);
		struct evald *parent = c->ev, mine;

		memset(&mine, 0, sizeof(mine));
		for (i = 0; i < n->none_of && count < 2; i++) {
			size_t s2 = push_idx(c, &c->kw, i);
			int m;

			c->ev = parent != NULL && count == 0 ? &mine : NULL;
			m = quietly(c, n->one_of[i], x);
			if (!m && c->ev != NULL) {
				ev_dispose(&mine);
				memset(&mine, 0, sizeof(mine));
			}
			c->ev = parent;
			if (m) {
				if (count++ == 0)
					first = i;
				else
					second = i;
			}
			truncate_buf(&c->kw, s2);
		}
		truncate_buf(&c->kw, save);
		if (count == 1 && parent != NULL)
			ev_merge(c, parent, &mine);
		ev_dispose(&mine);
		if (c->fatal < 0)
			return 0;
		if (count == 0) {
			ok = fail(c, n, "oneOf", "matches none of the %zu "
			    "schemas in \"oneOf\"", n->none_of);
			explain_best(c, n->one_of, n->none_of, x, "oneOf");
		} else if (count > 1)
			ok = fail(c, n, "oneOf", "matches schemas %zu and %zu "
			    "of \"oneOf\"; exactly one must match", first,
			    second);
		if (!ok && STOP(c))
			return 0;
	}
	if (n->not_ != NULL) {
		save = push_key(c, &c->kw, "not", 3);
		i = (size_t)quietly(c, n->not_, x);
		truncate_buf(&c->kw, save);
		if (c->fatal < 0)
			return 0;
		if (i) {
			ok = fail(c, n, "not", "must not match the schema in "
			    "\"not\"");
			if (STOP(c))
				return 0;
		}
	}
	if (n->if_ != NULL && (n->then_ != NULL || n->else_ != NULL)) {
		int cond;

		save = push_key(c, &c->kw, "if", 2);
		cond = in_place(c, n->if_, x, NULL, NULL, 0, true);
		truncate_buf(&c->kw, save);
		if (c->fatal < 0)
			return 0;
		if (cond && n->then_ != NULL && !in_place(c, n->then_, x,
		    "then", NULL, (size_t)-1, false))
			ok = 0;
		else if (!cond && n->else_ != NULL && !in_place(c, n->else_, x,
		    "else", NULL, (size_t)-1, false))
			ok = 0;
	}
	return ok;
}

/*
 * unevaluatedProperties / unevaluatedItems of N, after every other keyword
 * of N recorded in EV what it evaluated; what they apply to becomes
 * evaluated too.
 */
static int
v_unevaluated(struct vctx *c, const struct snode *n, const json_t *x,
    struct evald *ev)
{
	const char *k;
	size_t klen, i, save;
	json_t *v;
	int ok = 1;

	c->ev = NULL;	/* members and items are other locations */
	if (n->uneval_props != NULL && json_is_object(x)) {
		json_object_keylen_foreach((json_t *)x, k, klen, v) {
			if (ev_has_key(ev, k))
				continue;
			if (n->uneval_props->boolean == 0) {
				char name[120];
				json_t *kj = json_stringn_nocheck(k, klen);

				if (kj != NULL)
					show(name, sizeof(name), kj);
				else
					(void)snprintf(name, sizeof(name), "?");
				json_decref(kj);
				ok = fail(c, n, "unevaluatedProperties",
				    "property %s is not allowed (not evaluated "
				    "by any other keyword)", name);
			} else {
				save = push_key(c, &c->ptr, k, klen);
				if (!child(c, n->uneval_props, v,
				    "unevaluatedProperties", NULL, (size_t)-1))
					ok = 0;
				truncate_buf(&c->ptr, save);
			}
			ev_key(c, ev, k);
			if (!ok && STOP(c))
				break;
		}
	}
	if (n->uneval_items != NULL && json_is_array(x) && (ok || !STOP(c))) {
		for (i = 0; i < json_array_size(x); i++) {
			if (ev_has_item(ev, i))
				continue;
			save = push_idx(c, &c->ptr, i);
			if (!child(c, n->uneval_items, json_array_get(x, i),
			    "unevaluatedItems", NULL, (size_t)-1))
				ok = 0;
			truncate_buf(&c->ptr, save);
			if (!ok && STOP(c))
				break;
		}
		ev_items(ev, json_array_size(x));
	}
	c->ev = ev;
	return ok;
}

static int
v_node(struct vctx *c, const struct snode *n, const json_t *x)
{
	int ok = 1;
	char val[120], types[120];
	struct evald mine, *parent;

	if (c->fatal < 0)
		return 0;
	if (c->depth >= c->o->max_depth) {
		if (c->fatal == 0) {
			c->fatal = VIGIL_ETOOBIG;
			(void)vigil__error_ptr(c->err, VIGIL_ETOOBIG,
			    vgx_buf_cstr(&c->ptr), "evaluation nested deeper "
			    "than %u (instance depth plus $ref chains)",
			    c->o->max_depth);
		}
		return 0;
	}
	if (n->boolean == 1)
		return 1;
	if (n->boolean == 0)
		return fail(c, n, NULL, "no value is allowed here");
	c->depth++;
	parent = c->ev;
	if (n->uneval_props != NULL || n->uneval_items != NULL) {
		memset(&mine, 0, sizeof(mine));
		c->ev = &mine;
	}
	if (n->ref != NULL) {
		if (!in_place(c, n->ref, x, n->ref_kw, NULL, (size_t)-1,
		    false)) {
			ok = 0;
			if (STOP(c) || n->ref_alone)
				goto out;
		}
		if (n->ref_alone)
			goto out;
	}
	if (n->types != 0 && !type_ok(n->types, x)) {
		show(val, sizeof(val), x);
		types_text(types, sizeof(types), n->types);
		ok = fail(c, n, "type", "%s is %s, not of type %s", val,
		    json_is_integer(x) || json_is_real(x) ? "a number" :
		    json_is_object(x) ? "an object" : json_is_array(x) ?
		    "an array" : json_is_string(x) ? "a string" :
		    json_is_null(x) ? "null" : "a boolean", types);
		if (STOP(c))
			goto out;
	}
	if (n->enum_vals != NULL && !v_enum(c, n, x)) {
		ok = 0;
		if (STOP(c))
			goto out;
	}
	if (n->has_const && !equal(x, n->const_val)) {
		char want[120];

		show(val, sizeof(val), x);
		show(want, sizeof(want), n->const_val);
		ok = fail(c, n, "const", "%s is not %s", val, want);
		if (STOP(c))
			goto out;
	}
	switch (json_typeof(x)) {
	case JSON_STRING:
		if (!v_string(c, n, x))
			ok = 0;
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		if (!v_number(c, n, x))
			ok = 0;
		break;
	case JSON_OBJECT:
		if (!v_object(c, n, x))
			ok = 0;
		break;
	case JSON_ARRAY:
		if (!v_array(c, n, x))
			ok = 0;
		break;
	default:
		break;
	}
	if (!ok && STOP(c))
		goto out;
	if (!v_combinators(c, n, x))
		ok = 0;
	if (c->ev == &mine && !(!ok && STOP(c)) && !v_unevaluated(c, n, x,
	    &mine))
		ok = 0;
out:
	if (c->ev == &mine) {
		c->ev = parent;
		if (ok && parent != NULL)
			ev_merge(c, parent, &mine);
		ev_dispose(&mine);
	}
	c->depth--;
	return ok && c->fatal == 0;
}

/* ---- API ---------------------------------------------------------------- */

void
vigil_schema_result_free(vigil_schema_result *res)
{
	size_t i;

	if (res == NULL)
		return;
	for (i = 0; i < res->count; i++) {
		vgx_free(res->items[i].pointer);
		vgx_free(res->items[i].keyword);
		vgx_free(res->items[i].schema);
		vgx_free(res->items[i].message);
	}
	vgx_free(res->items);
	vgx_free(res);
}

int
vigil_schema_validate_json(vigil_schema_result **out,
    const vigil_schema *schema, const struct json_t *instance,
    const vigil_schema_opts *opts, vigil_error *err)
{
	static const vigil_schema_opts defaults = VIGIL_SCHEMA_OPTS_INIT;
	struct vctx c;
	int rc = 0;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->max_errors == 0 || opts->max_errors > 100000 ||
	    opts->max_depth == 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "schema options out of range");
	memset(&c, 0, sizeof(c));
	c.o = opts;
	c.err = err;
	c.cctx = schema->reg->cctx;
	vgx_buf_init(&c.ptr, 1u << 20);
	vgx_buf_init(&c.kw, 1u << 20);
	if ((c.res = vgx_calloc(1, sizeof(*c.res))) == NULL ||
	    (c.md = pcre2_match_data_create(1, NULL)) == NULL ||
	    (c.mctx = pcre2_match_context_create(NULL)) == NULL ||
	    vigil__re_limits(c.mctx) < 0 ||
	    vgx_buf_adds(&c.ptr, "") < 0 || vgx_buf_adds(&c.kw, "") < 0) {
		rc = vigil__error_oom(err);
		goto done;
	}
	(void)v_node(&c, schema->root, instance);
	if (c.fatal < 0) {
		rc = c.fatal;
		goto done;
	}
	*out = c.res;
	c.res = NULL;
done:
	vigil_schema_result_free(c.res);
	pcre2_match_data_free(c.md);
	pcre2_match_context_free(c.mctx);
	vgx_buf_dispose(&c.ptr);
	vgx_buf_dispose(&c.kw);
	return rc;
}

int
vigil_schema_validate(vigil_schema_result **out, const vigil_schema *schema,
    const char *buf, size_t len, const vigil_schema_opts *opts,
    vigil_error *err)
{
	static const vigil_schema_opts defaults = VIGIL_SCHEMA_OPTS_INIT;
	json_error_t jerr;
	json_t *doc;
	int rc;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (len > opts->max_instance)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "document larger than %zu bytes", opts->max_instance);
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &jerr);
	if (doc == NULL) {
		enum json_error_code jc = json_error_code(&jerr);

		if (jc == json_error_out_of_memory)
			return vigil__error_oom(err);
		return vigil__error_at(err, jc == json_error_stack_overflow ?
		    VIGIL_ETOOBIG : VIGIL_EINVALID, (unsigned long)jerr.line,
		    (unsigned long)jerr.column, "not JSON: %s", jerr.text);
	}
	rc = vigil_schema_validate_json(out, schema, doc, opts, err);
	json_decref(doc);
	return rc;
}
