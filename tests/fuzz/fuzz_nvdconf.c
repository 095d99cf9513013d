/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the NVD configuration evaluator.  The input is one
 * configuration (JSON, as the store keeps it); once parsed it is
 * evaluated for a few component CPEs, with platforms listed or not, and
 * the results are checked: a configuration is TRUE only with a hit on a
 * vulnerable entry, and listing every platform never makes a TRUE
 * answer FALSE (Kleene logic is monotone in what is known) unless a
 * negation is involved.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/lib/match/matchint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const targets[][2] = {
	{"cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*", "1.1.1n"},
	{"cpe:2.3:a:haxx:curl:7.86.0:*:*:*:*:*:*:*", "7.86.0"},
	{"cpe:2.3:o:linux:linux_kernel:5.10.120:*:*:*:*:*:*:*", "5.10.120"},
	{"cpe:2.3:a:v:p:2.8.123e:*:*:*:*:*:*:*", "2.8.123e"},
};

static int
plat(void *ctx, const vigil_cpe *crit, const struct vigil__nvdconf *c,
    size_t i, bool *found, bool *listed)
{
	(void)crit;
	(void)c;
	*listed = *(int *)ctx != 0;
	*found = *(int *)ctx == 2 || (*(int *)ctx == 3 && (i & 1) != 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vigil__nvdconf *c = NULL;
	vigil_error err;
	size_t t;

	if (vigil__nvdconf_parse(&c, (const char *)data, size, &err) != 0) {
		if (c != NULL || err.msg[0] == '\0')
			abort();
		return 0;
	}
	for (t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		struct vigil__nvdeval ev;
		vigil_cpe *cpe = NULL;
		int mode;

		if (vigil_cpe_parse(&cpe, targets[t][0], strlen(targets[t][0]),
		    NULL) != 0)
			abort();
		for (mode = 0; mode < 4; mode++) {
			if (vigil__nvdconf_eval(&ev, c, cpe, targets[t][1], plat,
			    &mode, &err) != 0)
				abort();
			if (ev.result != VIGIL__FALSE && ev.hit < 0)
				abort();
			if (ev.hit >= 0 && (size_t)ev.hit >=
			    vigil__nvdconf_count(c))
				abort();
			if (ev.hit >= 0) {
				char *d = vigil__nvdconf_describe(c,
				    (size_t)ev.hit);

				if (d == NULL)
					abort();
				free(d);
			}
		}
		vigil_cpe_free(cpe);
	}
	vigil__nvdconf_free(c);
	return 0;
}
