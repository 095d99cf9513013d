/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The "format" keyword (JSON Schema 2020-12 validation §7).  vigil asserts
 * the formats below (docs/json-schema.md lists them); any other format
 * name is an annotation and always passes.  Each checker works on
 * (ptr, len), allocates nothing (except "regex", which compiles) and
 * follows the grammar of the RFC the specification cites:
 *
 *   date-time, date, time   RFC 3339 §5.6 (with §5.7 day/leap rules)
 *   duration                RFC 3339 appendix A
 *   email, idn-email        RFC 5321 §4.1.2 / RFC 6531 (simplified)
 *   hostname                RFC 1123 §2.1
 *   ipv4, ipv6              RFC 2673 §3.2 dotted quad / RFC 4291 §2.2
 *   uri, uri-reference      RFC 3986 §3, §4.1
 *   iri, iri-reference      RFC 3987 §2.2 (non-ASCII allowed)
 *   uuid                    RFC 4122 §3
 *   json-pointer            RFC 6901 §3
 *   regex                   ECMA-262 as compiled by regex.c
 */
#include <arpa/inet.h>
#include <string.h>

#include "schemaint.h"

static const struct {
	const char *name;
	int fmt;
} formats[] = {
	{ "date-time", FMT_DATE_TIME }, { "date", FMT_DATE },
	{ "time", FMT_TIME }, { "email", FMT_EMAIL },
	{ "idn-email", FMT_IDN_EMAIL }, { "uri", FMT_URI },
	{ "uri-reference", FMT_URI_REFERENCE }, { "iri", FMT_IRI },
	{ "iri-reference", FMT_IRI_REFERENCE }, { "uuid", FMT_UUID },
	{ "ipv4", FMT_IPV4 }, { "ipv6", FMT_IPV6 },
	{ "hostname", FMT_HOSTNAME }, { "regex", FMT_REGEX },
	{ "json-pointer", FMT_JSON_POINTER }, { "duration", FMT_DURATION },
};

int
vigil__format_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return formats[i].fmt;
	return FMT_NONE;
}

/* N decimal digits at S into *V. */
static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!vgx_isdigit((unsigned char)s[i]))
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

static int
days_in_month(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return mdays[m - 1];
}

/* full-date = date-fullyear "-" date-month "-" date-mday (10 bytes) */
static int
check_date(const char *s, size_t len)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return 0;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return 0;
	return 1;
}

/*
 * full-time = partial-time time-offset.  A leap second (:60) is valid only
 * at 23:59 UTC once the offset is applied (RFC 3339 §5.7).
 */
static int
check_time(const char *s, size_t len)
{
	int h, mi, se, oh = 0, om = 0, sign = 0;
	size_t i = 8;

	if (len < 9 || s[2] != ':' || s[5] != ':' || !digits(s, 2, &h) ||
	    !digits(s + 3, 2, &mi) || !digits(s + 6, 2, &se))
		return 0;
	if (h > 23 || mi > 59 || se > 60)
		return 0;
	if (s[i] == '.') {
		size_t start = ++i;

		while (i < len && vgx_isdigit((unsigned char)s[i]))
			i++;
		if (i == start)
			return 0;
	}
	if (i == len)
		return 0;
	if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && len - i == 6 &&
	    s[i + 3] == ':' && digits(s + i + 1, 2, &oh) &&
	    digits(s + i + 4, 2, &om)) {
		if (oh > 23 || om > 59)
			return 0;
		sign = s[i] == '+' ? 1 : -1;
	} else {
		return 0;
	}
	if (se == 60) {
		int utc = h * 60 + mi - sign * (oh * 60 + om);

		utc = ((utc % 1440) + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

static int
check_date_time(const char *s, size_t len)
{
	if (len < 20 || (s[10] != 'T' && s[10] != 't'))
		return 0;
	return check_date(s, 10) && check_time(s + 11, len - 11);
}

/*
 * duration = "P" (dur-date / dur-time / dur-week), RFC 3339 appendix A:
 * units in order Y M D, then "T" H M S; at least one unit; "T" needs one.
 */
static int
check_duration(const char *s, size_t len)
{
	static const char date_units[] = "YMD", time_units[] = "HMS";
	size_t i = 1;
	int in_time = 0, any = 0, any_time = 0;
	const char *units = date_units;
	size_t next_unit = 0;

	if (len < 2 || s[0] != 'P')
		return 0;
	if (s[len - 1] == 'W') {
		for (i = 1; i + 1 < len; i++)
			if (!vgx_isdigit((unsigned char)s[i]))
				return 0;
		return len > 2;
	}
	while (i < len) {
		size_t start = i;
		const char *u;

		if (s[i] == 'T') {
			if (in_time)
				return 0;
			in_time = 1;
			units = time_units;
			next_unit = 0;
			i++;
			continue;
		}
		while (i < len && vgx_isdigit((unsigned char)s[i]))
			i++;
		if (i == start || i == len)
			return 0;
		u = strchr(units + next_unit, s[i]);
		if (s[i] == '\0' || u == NULL)
			return 0;
		next_unit = (size_t)(u - units) + 1;
		any = 1;
		if (in_time)
			any_time = 1;
		i++;
	}
	return any && (!in_time || any_time);
}

/* RFC 1123 host name; IDN allows non-ASCII bytes in labels. */
static int
check_hostname(const char *s, size_t len, int idn)
{
	size_t i, label = 0;

	if (len == 0 || len > 253)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (label == 0 || s[i - 1] == '-')
				return 0;
			label = 0;
			continue;
		}
		if (!(vgx_isalnum(c) || c == '-' || (idn && c >= 0x80)))
			return 0;
		if (c == '-' && label == 0)
			return 0;
		if (++label > 63)
			return 0;
	}
	return label > 0 && s[len - 1] != '-';
}

static int
check_ipv4(const char *s, size_t len)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;

		while (i < len && vgx_isdigit((unsigned char)s[i]) &&
		    i - start < 3) {
			v = v * 10 + (s[i] - '0');
			i++;
		}
		if (i == start || v > 255 || (i - start > 1 && s[start] == '0'))
			return 0;
		if (part < 3) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == len;
}

static int
check_ipv6(const char *s, size_t len)
{
	char tmp[64];
	unsigned char addr[16];

	if (len == 0 || len >= sizeof(tmp) || memchr(s, '\0', len) != NULL)
		return 0;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return inet_pton(AF_INET6, tmp, addr) == 1;
}

static int
check_uuid(const char *s, size_t len)
{
	size_t i;

	if (len != 36)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!(vgx_isdigit(c) || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F'))) {
			return 0;
		}
	}
	return 1;
}

static int
ishex(unsigned char c)
{
	return vgx_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* RFC 3986 §2.3 unreserved, §2.2 sub-delims. */
static int
unreserved(unsigned char c)
{
	return vgx_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int
sub_delim(unsigned char c)
{
	return c != '\0' && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * Check the run (S, LEN) of one URI part: pct-encoded, unreserved,
 * sub-delims, and the characters in EXTRA; IRI allows non-ASCII too.
 */
static int
uri_chars(const char *s, size_t len, const char *extra, int iri)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			if (i + 2 >= len || !ishex((unsigned char)s[i + 1]) ||
			    !ishex((unsigned char)s[i + 2]))
				return 0;
			i += 2;
			continue;
		}
		if (unreserved(c) || sub_delim(c) ||
		    (c < 0x80 && c != '\0' && strchr(extra, c) != NULL) ||
		    (iri && c >= 0x80))
			continue;
		return 0;
	}
	return 1;
}

/*
 * URI-reference (RFC 3986 §4.1) or IRI-reference; NEED_SCHEME makes it a
 * URI/IRI (§3: scheme ":" hier-part [ "?" query ] [ "#" fragment ]).
 */
static int
check_uri(const char *s, size_t len, int iri, int need_scheme)
{
	size_t i = 0, end;
	const char *hash, *q;
	size_t pathend, qend;

	/* scheme */
	while (i < len && s[i] != ':' && s[i] != '/' && s[i] != '?' &&
	    s[i] != '#')
		i++;
	if (i < len && s[i] == ':') {
		size_t k;

		if (i == 0 || !vgx_isalpha((unsigned char)s[0]))
			return 0;
		for (k = 1; k < i; k++) {
			unsigned char c = (unsigned char)s[k];

			if (!(vgx_isalnum(c) || c == '+' || c == '-' ||
			    c == '.'))
				return 0;
		}
		i++;
	} else {
		if (need_scheme)
			return 0;
		i = 0;
	}
	/* fragment and query split */
	hash = memchr(s + i, '#', len - i);
	end = hash != NULL ? (size_t)(hash - s) : len;
	if (hash != NULL && !uri_chars(hash + 1, len - end - 1, ":@/?", iri))
		return 0;
	q = memchr(s + i, '?', end - i);
	qend = end;
	pathend = q != NULL ? (size_t)(q - s) : end;
	if (q != NULL && !uri_chars(q + 1, qend - pathend - 1, ":@/?", iri))
		return 0;
	/* authority */
	if (pathend - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t a = i + 2, aend = a, at, h;

		while (aend < pathend && s[aend] != '/')
			aend++;
		at = a;
		for (h = a; h < aend; h++)
			if (s[h] == '@')
				at = h + 1;
		if (at > a && !uri_chars(s + a, at - 1 - a, ":", iri))
			return 0;
		h = at;
		if (h < aend && s[h] == '[') {
			const char *close = memchr(s + h, ']', aend - h);

			if (close == NULL)
				return 0;
			if (!check_ipv6(s + h + 1, (size_t)(close - s) - h - 1))
				return 0;
			h = (size_t)(close - s) + 1;
		} else {
			while (h < aend && s[h] != ':') {
				unsigned char c = (unsigned char)s[h];

				if (c == '%') {
					if (h + 2 >= aend ||
					    !ishex((unsigned char)s[h + 1]) ||
					    !ishex((unsigned char)s[h + 2]))
						return 0;
					h += 3;
					continue;
				}
				if (!(unreserved(c) || sub_delim(c) ||
				    (iri && c >= 0x80)))
					return 0;
				h++;
			}
		}
		if (h < aend) {
			if (s[h] != ':')
				return 0;
			for (h++; h < aend; h++)
				if (!vgx_isdigit((unsigned char)s[h]))
					return 0;
		}
		i = aend;
	}
	/* path: pchar and "/" (':' in a first relative segment is caught
	 * by the scheme scan above, which demands a valid scheme) */
	return uri_chars(s + i, pathend - i, ":@/", iri);
}

/* local "@" domain; local is a dot-atom or a quoted string. */
static int
check_email(const char *s, size_t len, int idn)
{
	const char *at = NULL;
	size_t i, llen, dlen;
	const char *d;

	for (i = len; i > 0; i--)
		if (s[i - 1] == '@') {
			at = s + i - 1;
			break;
		}
	if (at == NULL)
		return 0;
	llen = (size_t)(at - s);
	d = at + 1;
	dlen = len - llen - 1;
	if (llen == 0 || llen > 64 || dlen == 0)
		return 0;
	if (s[0] == '"') {
		if (llen < 2 || s[llen - 1] != '"')
			return 0;
		for (i = 1; i + 1 < llen; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '\\') {
				i++;
				if (i + 1 >= llen)
					return 0;
				continue;
			}
			if (c == '"' || (c < 0x20) || c == 0x7f ||
			    (!idn && c >= 0x80))
				return 0;
		}
	} else {
		for (i = 0; i < llen; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c == '.') {
				if (i == 0 || i + 1 == llen || s[i + 1] == '.')
					return 0;
				continue;
			}
			if (vgx_isalnum(c) ||
			    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL ||
			    (idn && c >= 0x80))
				continue;
			return 0;
		}
	}
	if (d[0] == '[') {
		if (d[dlen - 1] != ']')
			return 0;
		if (dlen > 6 && memcmp(d + 1, "IPv6:", 5) == 0)
			return check_ipv6(d + 6, dlen - 7);
		return check_ipv4(d + 1, dlen - 2);
	}
	return check_hostname(d, dlen, idn);
}

static int
check_json_pointer(const char *s, size_t len)
{
	size_t i;

	if (len > 0 && s[0] != '/')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '~' && (i + 1 >= len ||
		    (s[i + 1] != '0' && s[i + 1] != '1')))
			return 0;
	return 1;
}

int
vigil__format_check(int fmt, const char *s, size_t len,
    pcre2_compile_context *cctx)
{
	char ebuf[8];
	pcre2_code *re;

	switch (fmt) {
	case FMT_DATE_TIME: return check_date_time(s, len);
	case FMT_DATE: return check_date(s, len);
	case FMT_TIME: return check_time(s, len);
	case FMT_DURATION: return check_duration(s, len);
	case FMT_EMAIL: return check_email(s, len, 0);
	case FMT_IDN_EMAIL: return check_email(s, len, 1);
	case FMT_HOSTNAME: return check_hostname(s, len, 0);
	case FMT_IPV4: return check_ipv4(s, len);
	case FMT_IPV6: return check_ipv6(s, len);
	case FMT_UUID: return check_uuid(s, len);
	case FMT_URI: return check_uri(s, len, 0, 1);
	case FMT_URI_REFERENCE: return check_uri(s, len, 0, 0);
	case FMT_IRI: return check_uri(s, len, 1, 1);
	case FMT_IRI_REFERENCE: return check_uri(s, len, 1, 0);
	case FMT_JSON_POINTER: return check_json_pointer(s, len);
	case FMT_REGEX:
		if ((re = vigil__re_compile(s, len, cctx, ebuf,
		    sizeof(ebuf))) == NULL)
			return 0;
		pcre2_code_free(re);
		return 1;
	}
	return 1;
}
