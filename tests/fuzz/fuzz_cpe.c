/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: vigil_cpe_parse.  Besides crashes it checks that the
 * formatted-string binding unbinds to the same name, that a name relates
 * to itself as EQUAL (UNDEFINED when it has wildcards), and exercises the
 * comparison against a fixed criterion.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/cpe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char criterion[] = "cpe:2.3:a:*ven?:prod*:1.?:*:*:*:*:*:*:*";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_cpe *c = NULL, *again = NULL, *crit = NULL;
	vigil_cpe_relation want = VIGIL_CPE_EQUAL;
	vigil_error err;
	int a;

	if (vigil_cpe_parse(&c, (const char *)data, size, &err) != 0) {
		if (c != NULL || err.msg[0] == '\0')
			abort();
		return 0;
	}
	if (vigil_cpe_parse(&again, vigil_cpe_fs(c), strlen(vigil_cpe_fs(c)),
	    NULL) != 0 || strcmp(vigil_cpe_fs(again), vigil_cpe_fs(c)) != 0)
		abort();
	for (a = 0; a < VIGIL_CPE_NATTRS; a++) {
		const vigil_cpe_av *v = vigil_cpe_get(c, (vigil_cpe_attr)a);

		if (v->lead != 0 || v->trail != 0)
			want = VIGIL_CPE_UNDEFINED;
		if (v->kind == VIGIL_CPE_VALUE && v->text[0] == '\0')
			abort();
	}
	if (vigil_cpe_compare(c, again) != want)
		abort();
	if (vigil_cpe_parse(&crit, criterion, sizeof(criterion) - 1, NULL) !=
	    0)
		abort();
	(void)vigil_cpe_compare(crit, c);
	(void)vigil_cpe_match(c, crit);
	vigil_cpe_free(crit);
	vigil_cpe_free(again);
	vigil_cpe_free(c);
	return 0;
}
