/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Private to src/lib/risk: what harm.c (the patient-harm assessment) and
 * priority.c (the priority order) share.
 */
#ifndef VIGIL_RISK_RISKINT_H
#define VIGIL_RISK_RISKINT_H

#include "vigil/risk.h"

/*
 * Fill OUT's priority_key and priority from the rest of OUT and IN
 * (assessment done).
 */
void vigil__risk_priority(vigil_risk_result *out, const vigil_risk_input *in);

/* Whether the vulnerability counts as critical for section 524B(b)(2)(B). */
bool vigil__risk_critical(const vigil_risk_result *out,
    const vigil_risk_input *in);

#endif
