/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Map a JSON Pointer back to a line and column of the JSON text it points
 * into.  jansson keeps no positions for parsed values, so the text is
 * scanned: at each level the members (or elements) before the one named by
 * the next pointer segment are skipped without being parsed, and the
 * position of the value finally reached is counted.
 *
 *   {"a": [1,                pointer "/a/1" -> line 2, column 3
 *     {"b": 2}]}
 *
 * Nothing is allocated; one call costs at most one pass over the text.
 * The text is assumed to be JSON (a validator parsed it first); malformed
 * text ends the scan with VIGIL_EINVALID.
 *
 * For many pointers at once (a result with thousands of failures in a
 * large SBOM), vigil_schema_pointer_positions() walks the whole text once,
 * keeping the pointer of the current value, and looks each value's
 * pointer up in the sorted list of wanted ones.
 */
#include <string.h>

#include "schemaint.h"

/* Longest pointer segment compared, bytes (longer: VIGIL_EINVALID). */
#define SEG_MAX 4096

/* Whether a JSON value can start with C. */
static bool
value_start(char c)
{
	return c == '{' || c == '[' || c == '"' || c == '-' ||
	    (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n';
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* Skip the string starting at P (on its quote); NULL if unterminated. */
static const char *
skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* Skip one value of any kind, iteratively. */
static const char *
skip_value(const char *p, const char *end)
{
	size_t depth = 0;

	do {
		p = skip_ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == '"') {
			if ((p = skip_string(p, end)) == NULL)
				return NULL;
		} else if (*p == '{' || *p == '[') {
			depth++;
			p++;
		} else if (*p == '}' || *p == ']') {
			if (depth == 0)
				return NULL;
			depth--;
			p++;
		} else if (*p == ',' || *p == ':') {
			if (depth == 0)
				return NULL;
			p++;
		} else {
			while (p < end && *p != ',' && *p != '}' && *p != ']' &&
			    *p != ' ' && *p != '\t' && *p != '\n' &&
			    *p != '\r')
				p++;
		}
	} while (depth > 0);
	return p;
}

static int
hex4(const char *p, const char *end, unsigned *v)
{
	int i;

	*v = 0;
	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		if (vgx_hexval(c) < 0)
			return -1;
		*v = *v << 4 | (unsigned)vgx_hexval(c);
	}
	return 0;
}

/*
 * Read the string key at *PP (on its quote), moving *PP past it; set *EQ
 * when its decoded bytes equal (SEG, SEGLEN).  Returns 0 or -1.
 */
static int
key_equals(const char **pp, const char *end, const char *seg, size_t seglen,
    bool *eq)
{
	const char *p = *pp + 1;
	size_t at = 0;
	bool same = true;

	while (p < end && *p != '"') {
		unsigned char out[4];
		size_t n = 1, i;

		if (*p != '\\') {
			out[0] = (unsigned char)*p++;
		} else {
			if (++p >= end)
				return -1;
			switch (*p) {
			case 'b': out[0] = '\b'; break;
			case 'f': out[0] = '\f'; break;
			case 'n': out[0] = '\n'; break;
			case 'r': out[0] = '\r'; break;
			case 't': out[0] = '\t'; break;
			case 'u': {
				unsigned cp, lo;

				if (hex4(p + 1, end, &cp) < 0)
					return -1;
				p += 4;
				if (cp >= 0xD800 && cp < 0xDC00 && end - p > 6 &&
				    p[1] == '\\' && p[2] == 'u' &&
				    hex4(p + 3, end, &lo) == 0 && lo >= 0xDC00 &&
				    lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					    (lo - 0xDC00);
					p += 6;
				}
				if (cp < 0x80) {
					out[0] = (unsigned char)cp;
				} else if (cp < 0x800) {
					out[0] = (unsigned char)(0xC0 | (cp >> 6));
					out[1] = (unsigned char)(0x80 | (cp & 0x3F));
					n = 2;
				} else if (cp < 0x10000) {
					out[0] = (unsigned char)(0xE0 | (cp >> 12));
					out[1] = (unsigned char)(0x80 |
					    ((cp >> 6) & 0x3F));
					out[2] = (unsigned char)(0x80 | (cp & 0x3F));
					n = 3;
				} else {
					out[0] = (unsigned char)(0xF0 | (cp >> 18));
					out[1] = (unsigned char)(0x80 |
					    ((cp >> 12) & 0x3F));
					out[2] = (unsigned char)(0x80 |
					    ((cp >> 6) & 0x3F));
					out[3] = (unsigned char)(0x80 | (cp & 0x3F));
					n = 4;
				}
				break;
			}
			default: out[0] = (unsigned char)*p; break;
			}
			p++;
		}
		for (i = 0; i < n; i++) {
			if (at >= seglen || (unsigned char)seg[at] != out[i])
				same = false;
			at++;
		}
	}
	if (p >= end)
		return -1;
	*pp = p + 1;
	*eq = same && at == seglen;
	return 0;
}

int
vigil_schema_pointer_position(unsigned long *line, unsigned long *column,
    const char *buf, size_t len, const char *pointer)
{
	const char *end = buf + len, *p = buf, *q;
	char seg[SEG_MAX];
	unsigned long l = 1, col = 1;

	*line = 0;
	*column = 0;
	if (pointer[0] != '\0' && pointer[0] != '/')
		return VIGIL_EINVALID;
	p = skip_ws(p, end);
	while (*pointer == '/') {
		size_t n = 0;

		/* unescape the next segment (RFC 6901 §4) */
		for (pointer++; *pointer != '\0' && *pointer != '/';
		    pointer++) {
			char ch = *pointer;

			if (ch == '~') {
				if (pointer[1] == '0')
					ch = '~';
				else if (pointer[1] == '1')
					ch = '/';
				else
					return VIGIL_EINVALID;
				pointer++;
			}
			if (n >= sizeof(seg))
				return VIGIL_EINVALID;
			seg[n++] = ch;
		}
		if (p >= end)
			return VIGIL_EINVALID;
		if (*p == '{') {
			bool eq = false;

			p = skip_ws(p + 1, end);
			for (;;) {
				if (p >= end || *p != '"')
					return p < end && *p == '}' ?
					    VIGIL_ENOTFOUND : VIGIL_EINVALID;
				if (key_equals(&p, end, seg, n, &eq) < 0)
					return VIGIL_EINVALID;
				p = skip_ws(p, end);
				if (p >= end || *p != ':')
					return VIGIL_EINVALID;
				p = skip_ws(p + 1, end);
				if (eq)
					break;
				if ((p = skip_value(p, end)) == NULL)
					return VIGIL_EINVALID;
				p = skip_ws(p, end);
				if (p < end && *p == ',')
					p = skip_ws(p + 1, end);
				else if (p < end && *p == '}')
					return VIGIL_ENOTFOUND;
				else
					return VIGIL_EINVALID;
			}
		} else if (*p == '[') {
			size_t idx = 0, i;

			if (n == 0 || (n > 1 && seg[0] == '0'))
				return VIGIL_ENOTFOUND;
			for (i = 0; i < n; i++) {
				if (!vgx_isdigit((unsigned char)seg[i]) ||
				    idx > (SIZE_MAX - 9) / 10)
					return VIGIL_ENOTFOUND;
				idx = idx * 10 + (size_t)(seg[i] - '0');
			}
			p = skip_ws(p + 1, end);
			for (i = 0;; i++) {
				if (p >= end)
					return VIGIL_EINVALID;
				if (*p == ']')
					return VIGIL_ENOTFOUND;
				if (i == idx)
					break;
				if ((p = skip_value(p, end)) == NULL)
					return VIGIL_EINVALID;
				p = skip_ws(p, end);
				if (p < end && *p == ',')
					p = skip_ws(p + 1, end);
				else if (p < end && *p == ']')
					return VIGIL_ENOTFOUND;
				else
					return VIGIL_EINVALID;
			}
		} else {
			return VIGIL_ENOTFOUND;
		}
	}
	if (p >= end || !value_start(*p))
		return VIGIL_EINVALID;
	for (q = buf; q < p; q++) {
		if (*q == '\n') {
			l++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	*line = l;
	*column = col;
	return 0;
}

/* ---- many pointers in one pass -------------------------------------- */

#define WALK_MAX_DEPTH 4096
#define WALK_MAX_KEY (1u << 20)

struct want {
	const char *ptr;	/* a wanted pointer */
	size_t i;		/* its index in the caller's arrays */
};

struct wanted {
	struct want *v;		/* sorted by pointer */
	size_t n;
};

static int
want_cmp(const void *a, const void *b)
{
	return strcmp(((const struct want *)a)->ptr,
	    ((const struct want *)b)->ptr);
}

struct walker {
	const char *buf, *end;
	const char *counted;	/* text before this is in line/col */
	unsigned long line, col;
	vgx_buf ptr;		/* pointer of the current value */
	const struct wanted *w;
	unsigned long *lines, *cols;
};

static void
count_to(struct walker *k, const char *p)
{
	const char *q;

	for (q = k->counted; q < p; q++) {
		if (*q == '\n') {
			k->line++;
			k->col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			k->col++;
		}
	}
	k->counted = p;
}

/* A value starts at P: record it for every wanted pointer equal to ours. */
static void
value_at(struct walker *k, const char *p)
{
	const char *cur = vgx_buf_cstr(&k->ptr);
	size_t lo = 0, hi = k->w->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(k->w->v[mid].ptr, cur) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == k->w->n || strcmp(k->w->v[lo].ptr, cur) != 0)
		return;
	count_to(k, p);
	/* the first occurrence wins, as in vigil_schema_pointer_position() */
	for (; lo < k->w->n && strcmp(k->w->v[lo].ptr, cur) == 0; lo++) {
		if (k->lines[k->w->v[lo].i] != 0)
			continue;
		k->lines[k->w->v[lo].i] = k->line;
		k->cols[k->w->v[lo].i] = k->col;
	}
}

static int
put_utf8(vgx_buf *b, unsigned cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return vgx_buf_add(b, out, n);
}

/*
 * Append "/" and the member name whose string starts at *PP (on its
 * quote), decoded and pointer-escaped, to B; move *PP past it.
 */
static int
append_key(vgx_buf *b, const char **pp, const char *end)
{
	const char *p = *pp + 1;
	int rc = vgx_buf_addc(b, '/');

	while (rc == 0 && p < end && *p != '"') {
		unsigned cp;

		if (*p != '\\') {
			if (*p == '~')
				rc = vgx_buf_adds(b, "~0");
			else if (*p == '/')
				rc = vgx_buf_adds(b, "~1");
			else
				rc = vgx_buf_addc(b, *p);
			p++;
			continue;
		}
		if (++p >= end)
			return VIGIL_EINVALID;
		switch (*p) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u': {
			unsigned lo;

			if (hex4(p + 1, end, &cp) < 0)
				return VIGIL_EINVALID;
			p += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && end - p > 6 &&
			    p[1] == '\\' && p[2] == 'u' &&
			    hex4(p + 3, end, &lo) == 0 && lo >= 0xDC00 &&
			    lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (lo - 0xDC00);
				p += 6;
			}
			break;
		}
		default: cp = (unsigned char)*p; break;
		}
		p++;
		if (cp == '~')
			rc = vgx_buf_adds(b, "~0");
		else if (cp == '/')
			rc = vgx_buf_adds(b, "~1");
		else
			rc = put_utf8(b, cp);
	}
	if (rc < 0)
		return rc;
	if (p >= end)
		return VIGIL_EINVALID;
	*pp = p + 1;
	return 0;
}

/* Skip a string or a literal (number, true, false, null) at P. */
static const char *
skip_scalar(const char *p, const char *end)
{
	if (*p == '"')
		return skip_string(p, end);
	while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
	    *p != '\t' && *p != '\n' && *p != '\r')
		p++;
	return p;
}

int
vigil_schema_pointer_positions(unsigned long *lines, unsigned long *columns,
    const char *buf, size_t len, const char *const *pointers, size_t n)
{
	struct frame {
		char kind;	/* '{' or '[' */
		size_t idx;	/* array index */
		size_t plen;	/* pointer length of the container */
	} *stack = NULL;
	struct wanted w;
	struct walker k;
	const char *p, *end = buf + len;
	size_t depth = 0, i;
	int rc = 0;

	for (i = 0; i < n; i++) {
		lines[i] = 0;
		columns[i] = 0;
	}
	if (n == 0)
		return 0;
	w.n = n;
	if ((w.v = vgx_reallocarray(NULL, n, sizeof(*w.v))) == NULL)
		return VIGIL_ENOMEM;
	for (i = 0; i < n; i++) {
		w.v[i].ptr = pointers[i];
		w.v[i].i = i;
	}
	qsort(w.v, n, sizeof(*w.v), want_cmp);
	if ((stack = vgx_reallocarray(NULL, WALK_MAX_DEPTH,
	    sizeof(*stack))) == NULL) {
		vgx_free(w.v);
		return VIGIL_ENOMEM;
	}
	memset(&k, 0, sizeof(k));
	k.buf = k.counted = buf;
	k.end = end;
	k.line = k.col = 1;
	k.w = &w;
	k.lines = lines;
	k.cols = columns;
	vgx_buf_init(&k.ptr, WALK_MAX_KEY * 4);
	if ((rc = vgx_buf_adds(&k.ptr, "")) < 0)
		goto done;
	p = skip_ws(buf, end);
	for (;;) {
		/* at the start of a value */
		if (p >= end || !value_start(*p)) {
			rc = VIGIL_EINVALID;
			goto done;
		}
		value_at(&k, p);
		if (*p == '{' || *p == '[') {
			if (depth == WALK_MAX_DEPTH) {
				rc = VIGIL_EINVALID;
				goto done;
			}
			stack[depth].kind = *p;
			stack[depth].idx = 0;
			stack[depth].plen = k.ptr.len;
			depth++;
			p = skip_ws(p + 1, end);
			if (p < end && *p == (stack[depth - 1].kind == '{' ?
			    '}' : ']')) {
				p++;
				depth--;
			} else if (stack[depth - 1].kind == '{') {
				if (p >= end || *p != '"' ||
				    (rc = append_key(&k.ptr, &p, end)) < 0 ||
				    (rc = vgx_buf_adds(&k.ptr, "")) < 0)
					goto bad;
				p = skip_ws(p, end);
				if (p >= end || *p != ':')
					goto bad;
				p = skip_ws(p + 1, end);
				continue;
			} else {
				if ((rc = vgx_buf_adds(&k.ptr, "/0")) < 0)
					goto done;
				continue;
			}
		} else if ((p = skip_scalar(p, end)) == NULL) {
			goto bad;
		}
		/* after a value: the next member or element, or close */
		for (;;) {
			struct frame *f;

			if (depth == 0)
				goto done;
			f = &stack[depth - 1];
			p = skip_ws(p, end);
			if (p >= end)
				goto bad;
			k.ptr.len = f->plen;
			k.ptr.ptr[f->plen] = '\0';
			if (*p == ',') {
				p = skip_ws(p + 1, end);
				if (f->kind == '{') {
					if (p >= end || *p != '"' ||
					    (rc = append_key(&k.ptr, &p,
					    end)) < 0 ||
					    (rc = vgx_buf_adds(&k.ptr, "")) < 0)
						goto bad;
					p = skip_ws(p, end);
					if (p >= end || *p != ':')
						goto bad;
					p = skip_ws(p + 1, end);
				} else if ((rc = vgx_buf_printf(&k.ptr, "/%zu",
				    ++f->idx)) < 0) {
					goto done;
				}
				break;
			}
			if (*p != (f->kind == '{' ? '}' : ']'))
				goto bad;
			p++;
			depth--;
		}
	}
bad:
	if (rc == 0 || rc == VIGIL_EINVALID)
		rc = VIGIL_EINVALID;
	else if (rc == VIGIL_ETOOBIG)
		rc = VIGIL_ETOOBIG;
done:
	vgx_buf_dispose(&k.ptr);
	vgx_free(stack);
	vgx_free(w.v);
	return rc;
}
