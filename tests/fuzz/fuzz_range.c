/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: version ranges.  The first byte picks what the rest is:
 *
 *   0  "VERS\nVERSION": lenient vers parse, range, contains; the range is
 *      written back as vers, parsed again, and must answer the same for
 *      VERSION and for every bound of the original range
 *   1  "VERS": strict vers parse and format
 *   2  "JSON\nVERSION": an OSV affected entry, then contains
 *   3  "S RANGE\nVERSION": a GitLab range under scheme number S (byte)
 *
 * A disagreement between a range and its vers form aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vigil.h"

static vigil_range r1, r2;
static vigil_vers vers;
static char buf[VIGIL_VERS_MAX_LEN * 3 + 64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Same answer from both ranges for V (or the same refusal). */
static void
same(const char *v, size_t len)
{
	vigil_error err;
	bool a = false, b = false;
	int ra, rb;

	ra = vigil_range_contains(&a, &r1, v, len, &err);
	rb = vigil_range_contains(&b, &r2, v, len, &err);
	if (ra != rb || a != b)
		abort();
}

static void
roundtrip(const char *v, size_t vlen)
{
	vigil_error err;
	size_t i, n;

	if (vigil_range_to_vers(buf, sizeof(buf), &n, &r1, &err) < 0)
		return;
	if (vigil_range_parse_vers(&r2, buf, n, VIGIL_VERS_STRICT, &err) < 0)
		abort();	/* our own output must be canonical */
	same(v, vlen);
	for (i = 0; i < vigil_range_count(&r1); i++) {
		const char *lo, *hi;
		size_t ll, hl;
		bool li, hii;

		vigil_range_interval(&r1, i, &lo, &ll, &li, &hi, &hl, &hii);
		if (lo != NULL)
			same(lo, ll);
		if (hi != NULL)
			same(hi, hl);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + 1, *nl, *v = "";
	size_t len, vlen = 0;
	vigil_error err;
	bool in;

	if (size < 1)
		return 0;
	len = size - 1;
	if ((nl = memchr(p, '\n', len)) != NULL) {
		v = nl + 1;
		vlen = (size_t)(p + len - v);
		len = (size_t)(nl - p);
	}
	switch (data[0] % 4) {
	case 0:
		if (vigil_range_parse_vers(&r1, p, len, 0, &err) == 0) {
			(void)vigil_range_contains(&in, &r1, v, vlen, &err);
			roundtrip(v, vlen);
		}
		break;
	case 1:
		if (vigil_vers_parse(&vers, p, len, VIGIL_VERS_STRICT, &err) ==
		    0)
			(void)vigil_vers_format(buf, sizeof(buf), NULL, &vers,
			    &err);
		break;
	case 2:
		if (vigil_range_parse_osv(&r1, p, len, &err) == 0) {
			(void)vigil_range_contains(&in, &r1, v, vlen, &err);
			roundtrip(v, vlen);
		}
		break;
	case 3: {
		const vigil_scheme *s;
		size_t iter = 0, k;

		if (len < 1)
			break;
		for (k = 0; k <= (unsigned char)p[0] % 16; k++)
			if ((s = vigil_scheme_next(&iter)) == NULL) {
				iter = 0;
				s = vigil_scheme_next(&iter);
			}
		if (s != NULL && vigil_range_parse_gitlab(&r1, s, p + 1,
		    len - 1, &err) == 0) {
			(void)vigil_range_contains(&in, &r1, v, vlen, &err);
			roundtrip(v, vlen);
		}
		break;
	}
	}
	return 0;
}
