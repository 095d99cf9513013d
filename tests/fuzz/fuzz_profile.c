/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the device profile reader: parse the input as a profile;
 * when it parses, run the rubric and one assessment over it (the rubric
 * must succeed on any parsed profile, and the assessment on a valid
 * vector), then free.
 */
#include <stdint.h>
#include <stdlib.h>

#include "vigil/risk.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_risk_input in = VIGIL_RISK_INPUT_INIT;
	vigil_profile *p = NULL;
	vigil_rubric rb;
	vigil_risk_result r;
	vigil_error err;
	static const char *const v[] = {
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
	};

	if (vigil_profile_parse(&p, (const char *)data, size, &err) < 0)
		return 0;
	if (vigil_rubric_eval(&rb, p, &err) < 0)
		abort();
	in.cvss = v;
	in.ncvss = 1;
	in.known = "2026-01-01";
	in.profile = p;
	if (vigil_risk_assess(&r, &in, &err) < 0 || r.exploitability < 1 ||
	    r.exploitability > 5)
		abort();
	vigil_profile_free(p);
	return 0;
}
