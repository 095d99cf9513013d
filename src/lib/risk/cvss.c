/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CVSS vectors, every version: the strict parser and the formatter, both
 * driven by the per-version metric tables (cvss2.c, cvss3.c, cvss4.c), and
 * the names, severity ratings and stored-score check of vigil/cvss.h.
 * Scoring itself is in the per-version files.
 *
 * A vector is a prefix and then "/"-separated "METRIC:VALUE" components:
 *
 *     CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P
 *     \______/ \__/
 *      prefix   one component; the table gives AV index 0, N value 0
 *
 * v2.0 has no prefix.  The rules are those of each version's specification
 * and FIRST's JSON schemas for the NVD/CVE cvssData objects (see the file
 * comment of vigil/cvss.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cvssint.h"
#include "vgx.h"

/* Longest metric name or value echoed back in an error message. */
#define ECHO_MAX 16

const struct cvss_spec *
vigil__cvss_spec(vigil_cvss_version version)
{
	switch (version) {
	case VIGIL_CVSS_V2:
		return &vigil__cvss2_spec;
	case VIGIL_CVSS_V30:
		return &vigil__cvss30_spec;
	case VIGIL_CVSS_V31:
		return &vigil__cvss31_spec;
	case VIGIL_CVSS_V40:
		return &vigil__cvss4_spec;
	}
	return NULL;
}

int
vigil__cvss_metric_index(const struct cvss_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->nmetrics; i++)
		if (strcmp(spec->metrics[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
find_metric(const struct cvss_spec *spec, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < spec->nmetrics; i++)
		if (vgx_streq(s, len, spec->metrics[i].name))
			return (int)i;
	return -1;
}

static int
find_value(const struct cvss_metric *m, const char *s, size_t len)
{
	unsigned v;

	for (v = 0; v < m->nvals; v++)
		if (vgx_streq(s, len, m->vals[v]))
			return (int)v;
	return -1;
}

bool
vigil__cvss_group_defined(const vigil_cvss *c, vigil_cvss_group group)
{
	const struct cvss_spec *spec = vigil__cvss_spec(c->version);
	size_t i;

	if (spec == NULL)
		return false;
	for (i = 0; i < spec->nmetrics; i++)
		if (spec->metrics[i].group == group && c->val[i] != 0)
			return true;
	return false;
}

/* Which version the vector is, from its prefix; *PLEN gets the length. */
static int
parse_prefix(const struct cvss_spec **out, size_t *plen, const char *s,
    size_t len, vigil_error *err)
{
	static const struct cvss_spec *const specs[] = {
		&vigil__cvss30_spec, &vigil__cvss31_spec, &vigil__cvss4_spec
	};
	const char *slash;
	size_t i, n;

	if (len < 5 || memcmp(s, "CVSS:", 5) != 0) {
		*out = &vigil__cvss2_spec;
		*plen = 0;
		return 0;
	}
	for (i = 0; i < VGX_ARRAY_SIZE(specs); i++) {
		n = strlen(specs[i]->prefix);
		if (len >= n && memcmp(s, specs[i]->prefix, n) == 0) {
			*out = specs[i];
			*plen = n;
			return 0;
		}
	}
	slash = memchr(s, '/', len);
	n = slash != NULL ? (size_t)(slash - s) : len;
	if (n > ECHO_MAX)
		n = ECHO_MAX;
	return vigil__error_at(err, VIGIL_EINVALID, 1, 1,
	    "unsupported CVSS version prefix '%.*s' (vigil reads 2.0 without "
	    "a prefix, CVSS:3.0, CVSS:3.1, CVSS:4.0)", (int)n, s);
}

int
vigil_cvss_parse(vigil_cvss *out, const char *s, size_t len, vigil_error *err)
{
	const struct cvss_spec *spec = NULL;
	const char *p, *end, *q, *colon;
	size_t i, plen = 0;
	int last = -1, rc;

	memset(out, 0, sizeof(*out));
	if (len > VIGIL_CVSS_MAX_LEN)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "CVSS vector longer than %d bytes", VIGIL_CVSS_MAX_LEN);
	if (len == 0)
		return vigil__error(err, VIGIL_EINVALID, "empty CVSS vector");
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= 0x20 || ch >= 0x7f)
			return vigil__error_at(err, VIGIL_EINVALID, 1, i + 1,
			    "invalid byte 0x%02x in CVSS vector", ch);
	}
	if ((rc = parse_prefix(&spec, &plen, s, len, err)) < 0)
		return rc;
	out->version = spec->version;
	p = s + plen;
	end = s + len;
	if (p == end)
		return vigil__error_at(err, VIGIL_EINVALID, 1, plen + 1,
		    "no metrics after '%s'", spec->prefix);
	for (;;) {
		const struct cvss_metric *m;
		int mi, vi;

		q = memchr(p, '/', (size_t)(end - p));
		if (q == NULL)
			q = end;
		if (q == p)
			return vigil__error_at(err, VIGIL_EINVALID, 1,
			    (unsigned long)(p - s) + 1, "empty metric");
		colon = memchr(p, ':', (size_t)(q - p));
		if (colon == NULL)
			return vigil__error_at(err, VIGIL_EINVALID, 1,
			    (unsigned long)(p - s) + 1,
			    "'%.*s' is not METRIC:VALUE",
			    (int)((size_t)(q - p) > ECHO_MAX ? ECHO_MAX :
			    (size_t)(q - p)), p);
		if ((mi = find_metric(spec, p, (size_t)(colon - p))) < 0)
			return vigil__error_at(err, VIGIL_EINVALID, 1,
			    (unsigned long)(p - s) + 1,
			    "unknown CVSS %s metric '%.*s'",
			    vigil_cvss_version_name(spec->version),
			    (int)((size_t)(colon - p) > ECHO_MAX ? ECHO_MAX :
			    (size_t)(colon - p)), p);
		m = &spec->metrics[mi];
		if (out->given & (UINT32_C(1) << mi))
			return vigil__error_at(err, VIGIL_EINVALID, 1,
			    (unsigned long)(p - s) + 1,
			    "metric '%s' given twice", m->name);
		if (spec->ordered && mi < last)
			return vigil__error_at(err, VIGIL_EINVALID, 1,
			    (unsigned long)(p - s) + 1,
			    "metric '%s' out of order: CVSS %s requires it "
			    "before '%s'", m->name,
			    vigil_cvss_version_name(spec->version),
			    spec->metrics[last].name);
		colon++;
		if ((vi = find_value(m, colon, (size_t)(q - colon))) < 0)
			return vigil__error_at(err, VIGIL_EINVALID, 1,
			    (unsigned long)(colon - s) + 1,
			    "metric '%s' has no value '%.*s'", m->name,
			    (int)((size_t)(q - colon) > ECHO_MAX ? ECHO_MAX :
			    (size_t)(q - colon)), colon);
		out->given |= UINT32_C(1) << mi;
		out->val[mi] = (uint8_t)vi;
		last = mi;
		if (q == end)
			break;
		p = q + 1;
	}
	for (i = 0; i < spec->nmetrics; i++)
		if (spec->metrics[i].group == VIGIL_CVSS_BASE &&
		    !(out->given & (UINT32_C(1) << i)))
			return vigil__error(err, VIGIL_EINVALID,
			    "mandatory metric '%s' missing",
			    spec->metrics[i].name);
	return 0;
}

int
vigil_cvss_score(vigil_cvss_scores *out, const vigil_cvss *c,
    vigil_error *err)
{
	const struct cvss_spec *spec = vigil__cvss_spec(c->version);
	size_t i;

	memset(out, 0, sizeof(*out));
	if (spec == NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "unknown CVSS version %d", (int)c->version);
	for (i = 0; i < spec->nmetrics; i++)
		if (c->val[i] >= spec->metrics[i].nvals)
			return vigil__error(err, VIGIL_EINVALID,
			    "metric '%s' holds value %u, which does not exist",
			    spec->metrics[i].name, c->val[i]);
	for (; i < VIGIL_CVSS_MAX_METRICS; i++)
		if (c->val[i] != 0)
			return vigil__error(err, VIGIL_EINVALID,
			    "CVSS %s has no metric %zu",
			    vigil_cvss_version_name(c->version), i);
	out->version = c->version;
	out->base = out->impact = out->exploitability = -1;
	out->temporal = out->environmental = -1;
	out->modified_impact = out->modified_exploitability = -1;
	out->temporal_always = out->environmental_always = -1;
	out->score = -1;
	out->nomenclature = VIGIL_CVSS_B;
	switch (c->version) {
	case VIGIL_CVSS_V2:
		vigil__cvss2_score(out, c);
		break;
	case VIGIL_CVSS_V30:
	case VIGIL_CVSS_V31:
		vigil__cvss3_score(out, c);
		break;
	case VIGIL_CVSS_V40:
		vigil__cvss4_score(out, c);
		break;
	}
	out->severity = vigil_cvss_severity_of(c->version, out->score);
	return 0;
}

int
vigil_cvss_format(char *buf, size_t size, const vigil_cvss *c)
{
	const struct cvss_spec *spec = vigil__cvss_spec(c->version);
	size_t i, len;
	int n;

	if (size == 0)
		return VIGIL_ETOOBIG;
	buf[0] = '\0';
	if (spec == NULL)
		return VIGIL_EINVALID;
	n = snprintf(buf, size, "%s", spec->prefix);
	if (n < 0 || (size_t)n >= size)
		goto toobig;
	len = (size_t)n;
	for (i = 0; i < spec->nmetrics; i++) {
		const struct cvss_metric *m = &spec->metrics[i];

		if (m->group != VIGIL_CVSS_BASE && c->val[i] == 0)
			continue;
		if (c->val[i] >= m->nvals) {
			buf[0] = '\0';
			return VIGIL_EINVALID;
		}
		n = snprintf(buf + len, size - len, "%s%s:%s",
		    len > strlen(spec->prefix) ? "/" : "", m->name,
		    m->vals[c->val[i]]);
		if (n < 0 || (size_t)n >= size - len)
			goto toobig;
		len += (size_t)n;
	}
	return (int)len;
toobig:
	buf[0] = '\0';
	return VIGIL_ETOOBIG;
}

const char *
vigil_cvss_get(const vigil_cvss *c, const char *name)
{
	const struct cvss_spec *spec = vigil__cvss_spec(c->version);
	int i;

	if (spec == NULL || (i = vigil__cvss_metric_index(spec, name)) < 0)
		return NULL;
	if (c->val[i] >= spec->metrics[i].nvals)
		return NULL;
	return spec->metrics[i].vals[c->val[i]];
}

size_t
vigil_cvss_metric_count(vigil_cvss_version version)
{
	const struct cvss_spec *spec = vigil__cvss_spec(version);

	return spec != NULL ? spec->nmetrics : 0;
}

const char *
vigil_cvss_metric_name(vigil_cvss_version version, size_t i)
{
	const struct cvss_spec *spec = vigil__cvss_spec(version);

	return spec != NULL && i < spec->nmetrics ? spec->metrics[i].name :
	    NULL;
}

int
vigil_cvss_metric_group(vigil_cvss_version version, size_t i)
{
	const struct cvss_spec *spec = vigil__cvss_spec(version);

	return spec != NULL && i < spec->nmetrics ?
	    (int)spec->metrics[i].group : -1;
}

const char *
vigil_cvss_value_name(vigil_cvss_version version, size_t i, unsigned v)
{
	const struct cvss_spec *spec = vigil__cvss_spec(version);

	if (spec == NULL || i >= spec->nmetrics ||
	    v >= spec->metrics[i].nvals)
		return NULL;
	return spec->metrics[i].vals[v];
}

const char *
vigil_cvss_version_name(vigil_cvss_version version)
{
	switch (version) {
	case VIGIL_CVSS_V2:
		return "2.0";
	case VIGIL_CVSS_V30:
		return "3.0";
	case VIGIL_CVSS_V31:
		return "3.1";
	case VIGIL_CVSS_V40:
		return "4.0";
	}
	return "?";
}

vigil_cvss_severity
vigil_cvss_severity_of(vigil_cvss_version version, int tenths)
{
	if (version == VIGIL_CVSS_V2)
		return tenths < 40 ? VIGIL_CVSS_LOW :
		    tenths < 70 ? VIGIL_CVSS_MEDIUM : VIGIL_CVSS_HIGH;
	if (tenths <= 0)
		return VIGIL_CVSS_NONE;
	if (tenths < 40)
		return VIGIL_CVSS_LOW;
	if (tenths < 70)
		return VIGIL_CVSS_MEDIUM;
	if (tenths < 90)
		return VIGIL_CVSS_HIGH;
	return VIGIL_CVSS_CRITICAL;
}

const char *
vigil_cvss_severity_name(vigil_cvss_severity s)
{
	switch (s) {
	case VIGIL_CVSS_NONE:
		return "none";
	case VIGIL_CVSS_LOW:
		return "low";
	case VIGIL_CVSS_MEDIUM:
		return "medium";
	case VIGIL_CVSS_HIGH:
		return "high";
	case VIGIL_CVSS_CRITICAL:
		return "critical";
	}
	return "?";
}

const char *
vigil_cvss_nomenclature_name(vigil_cvss_nomenclature n)
{
	switch (n) {
	case VIGIL_CVSS_B:
		return "CVSS-B";
	case VIGIL_CVSS_BT:
		return "CVSS-BT";
	case VIGIL_CVSS_BE:
		return "CVSS-BE";
	case VIGIL_CVSS_BTE:
		return "CVSS-BTE";
	}
	return "?";
}

char *
vigil_cvss_tenths_str(char *buf, size_t size, int tenths)
{
	if (tenths < 0)
		snprintf(buf, size, "-%d.%d", -tenths / 10, -tenths % 10);
	else
		snprintf(buf, size, "%d.%d", tenths / 10, tenths % 10);
	return buf;
}

int
vigil_cvss_check_score(const char *vector, size_t len, double stored,
    int *computed, vigil_error *err)
{
	vigil_cvss c;
	vigil_cvss_scores sc;
	char want[16];
	double t;
	int rc, have;

	if (computed != NULL)
		*computed = -1;
	if ((rc = vigil_cvss_parse(&c, vector, len, err)) < 0 ||
	    (rc = vigil_cvss_score(&sc, &c, err)) < 0)
		return rc;
	have = c.version == VIGIL_CVSS_V40 ? sc.score : sc.base;
	if (computed != NULL)
		*computed = have;
	vigil_cvss_tenths_str(want, sizeof(want), have);
	/* A stored score is a decimal with one digit after the point. */
	t = stored * 10.0;
	if (!isfinite(stored) || fabs(t - (double)have) > 1e-6)
		return vigil__error(err, VIGIL_EVERIFY,
		    "stored score %g disagrees with its vector, which "
		    "scores %s", stored, want);
	return 0;
}
