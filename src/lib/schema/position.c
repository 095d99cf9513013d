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
 */
#include <string.h>

#include "schemaint.h"

/* Longest pointer segment compared, bytes (longer: VIGIL_EINVALID). */
#define SEG_MAX 4096

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

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
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
	if (p > end)
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
