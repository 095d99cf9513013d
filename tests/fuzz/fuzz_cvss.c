/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the CVSS parser and scorers (every version): parse the
 * input as a vector; when it parses, score it, normalise it, and check
 * that the normalised vector parses again to the same scores and that
 * every score is within 0.0..10.0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cvss.h"

static void
check_range(int v)
{
	if (v < -1 || v > 100)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_cvss c, c2;
	vigil_cvss_scores s, s2;
	vigil_error err;
	char norm[VIGIL_CVSS_VECTOR_SIZE];
	int n;

	if (vigil_cvss_parse(&c, (const char *)data, size, &err) < 0)
		return 0;
	if (vigil_cvss_score(&s, &c, &err) < 0)
		abort();	/* a parsed vector always scores */
	check_range(s.base);
	check_range(s.score);
	check_range(s.temporal);
	check_range(s.environmental);
	check_range(s.temporal_always);
	check_range(s.environmental_always);
	if (s.score < 0 || s.base < 0)
		abort();
	if ((n = vigil_cvss_format(norm, sizeof(norm), &c)) < 0)
		abort();
	if (vigil_cvss_parse(&c2, norm, (size_t)n, &err) < 0 ||
	    vigil_cvss_score(&s2, &c2, &err) < 0 ||
	    memcmp(&s, &s2, sizeof(s)) != 0)
		abort();	/* normalising must not change the scores */
	(void)vigil_cvss_check_score((const char *)data, size, 5.0, NULL,
	    &err);
	return 0;
}
