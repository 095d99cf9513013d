/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EPSS importer: the daily CSV from FIRST/Empirical Security (plain; gzip
 * is unpacked by the driver).  Layout:
 *
 *     #model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z
 *     cve,epss,percentile
 *     CVE-1999-0001,0.01297,0.79052
 *
 * The comment line is optional (older files lack it); the header line is
 * required.  Scores and percentiles are decimal numbers in [0, 1]; a bad
 * row is rejected with its line number and the others go on.
 */
#include <stdlib.h>
#include <string.h>

#include "feedint.h"

/* Parse a decimal in [0, 1] from (s, n): digits, optional fraction,
 * optional exponent (e-05 appears in real files). */
static int
parse_unit(double *out, const char *s, size_t n)
{
	char buf[40], *end;
	size_t i;
	double v;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	for (i = 0; i < n; i++)
		if (!vgx_isdigit((unsigned char)s[i]) && s[i] != '.' &&
		    s[i] != 'e' && s[i] != 'E' && s[i] != '-' && s[i] != '+')
			return -1;
	if (!vgx_isdigit((unsigned char)s[0]))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	v = strtod(buf, &end);
	if (*end != '\0' || !(v >= 0.0 && v <= 1.0))
		return -1;
	*out = v;
	return 0;
}

/* Value of KEY ("model_version") in the comment line, into OUT. */
static void
comment_value(char *out, size_t sz, const char *line, size_t len,
    const char *key)
{
	size_t kl = strlen(key), i, j;

	out[0] = '\0';
	for (i = 0; i + kl < len; i++) {
		if ((i == 0 || line[i - 1] == '#' || line[i - 1] == ',') &&
		    memcmp(line + i, key, kl) == 0 && line[i + kl] == ':') {
			for (j = i + kl + 1; j < len && line[j] != ',' &&
			    j - (i + kl + 1) + 1 < sz; j++)
				out[j - (i + kl + 1)] = line[j];
			out[j - (i + kl + 1)] = '\0';
			return;
		}
	}
}

int
vigil__epss_import(struct vigil__imp *imp, const char *buf, size_t len,
    vigil_error *err)
{
	const char *p = buf, *end = buf + len;
	char model[64] = "", date[40] = "", cve[FEED_MAX_ID + 1];
	unsigned long line = 0;
	bool header = false;
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		const char *c1, *c2;
		double score, pct;
		vigil_error rerr;
		int result = VIGIL__PUT_ADDED;
		size_t ll;

		line++;
		if (le > p && le[-1] == '\r')
			le--;
		ll = (size_t)(le - p);
		if (ll == 0)
			goto next;
		if (!header && p[0] == '#') {
			comment_value(model, sizeof(model), p, ll,
			    "model_version");
			comment_value(date, sizeof(date), p, ll, "score_date");
			goto next;
		}
		if (!header) {
			if (ll < 19 || memcmp(p, "cve,epss,percentile", 19) != 0)
				return vigil__error_at(err, VIGIL_EINVALID, line,
				    1, "no 'cve,epss,percentile' header");
			header = true;
			goto next;
		}
		c1 = memchr(p, ',', ll);
		c2 = c1 != NULL ? memchr(c1 + 1, ',', (size_t)(le - c1 - 1)) :
		    NULL;
		if (c1 == NULL || c2 == NULL ||
		    memchr(c2 + 1, ',', (size_t)(le - c2 - 1)) != NULL) {
			vigil__error_at(&rerr, VIGIL_EINVALID, line, 1,
			    "not three fields");
			vigil__imp_reject(imp, NULL, &rerr);
			goto next;
		}
		if ((size_t)(c1 - p) > FEED_MAX_ID || c1 - p < 9 ||
		    memcmp(p, "CVE-", 4) != 0 ||
		    vgx_utf8_check(p, (size_t)(c1 - p), NULL) < 0) {
			vigil__error_at(&rerr, VIGIL_EINVALID, line, 1,
			    "not a CVE id");
			vigil__imp_reject(imp, NULL, &rerr);
			goto next;
		}
		memcpy(cve, p, (size_t)(c1 - p));
		cve[c1 - p] = '\0';
		if (parse_unit(&score, c1 + 1, (size_t)(c2 - c1 - 1)) < 0 ||
		    parse_unit(&pct, c2 + 1, (size_t)(le - c2 - 1)) < 0) {
			vigil__error_at(&rerr, VIGIL_EINVALID, line,
			    (unsigned long)(c1 - p + 2),
			    "score or percentile is not a number in [0, 1]");
			vigil__imp_reject(imp, cve, &rerr);
			goto next;
		}
		if (imp->st != NULL && (rc = vigil__store_put_epss(&result,
		    imp->st, cve, score, pct, model[0] ? model : NULL,
		    date[0] ? date : NULL, err)) < 0)
			return rc;
		imp->bytes_done = (uint64_t)(p - buf);
		if ((rc = vigil__imp_count(imp, result, err)) < 0)
			return rc;
next:
		p = nl != NULL ? nl + 1 : end;
	}
	if (!header)
		return vigil__error(err, VIGIL_EINVALID,
		    "no 'cve,epss,percentile' header");
	if (imp->st != NULL &&
	    ((rc = vigil_store_meta_set(imp->st, "epss_model", model, err)) < 0 ||
	    (rc = vigil_store_meta_set(imp->st, "epss_date", date, err)) < 0))
		return rc;
	return 0;
}
