/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One priority order for findings, that a person can act on: a 64-bit key
 * (larger first) and a rank P1..P4, from the patient-harm assessment
 * (harm.c), KEV, EPSS and the device-adjusted CVSS score.
 *
 * The key packs, from the most significant bits down:
 *
 *     bit 34      uncontrolled risk
 *     bits 31-33  risk level (1..4)
 *     bit 30      listed in CISA KEV
 *     bits 27-29  exploitability (1..5)
 *     bits 24-26  severity of harm (1..5)
 *     bits 14-23  EPSS probability in thousandths (0 when unknown)
 *     bits 7-13   device-adjusted CVSS score, tenths
 *     bits 0-6    CVSS score of the vector as published, tenths
 *
 * so that sorting on it orders uncontrolled before controlled, then by
 * risk, then known exploitation, and so on; equal keys are equal in every
 * respect the assessment looks at.
 *
 * Ranks: P1 act now (uncontrolled and critical: out-of-cycle patch),
 * P2 uncontrolled (30/60-day clocks), P3 controlled but high or critical
 * risk, or KEV-listed, P4 routine.
 */
#include <math.h>

#include "riskint.h"

bool
vigil__risk_critical(const vigil_risk_result *out, const vigil_risk_input *in)
{
	return in->kev || out->level == VIGIL_RISK_CRITICAL ||
	    out->device_score >= 90;
}

void
vigil__risk_priority(vigil_risk_result *out, const vigil_risk_input *in)
{
	uint64_t k = 0, epss = 0;

	if (in->epss >= 0 && in->epss <= 1)
		epss = (uint64_t)lround(in->epss * 1000.0);
	k |= (uint64_t)(out->uncontrolled ? 1 : 0) << 34;
	k |= (uint64_t)(out->level & 7) << 31;
	k |= (uint64_t)(in->kev ? 1 : 0) << 30;
	k |= (uint64_t)(out->exploitability & 7) << 27;
	k |= (uint64_t)(out->harm & 7) << 24;
	k |= (epss & 0x3ff) << 14;
	k |= (uint64_t)(out->device_score & 0x7f) << 7;
	k |= (uint64_t)(out->cvss_score & 0x7f);
	out->priority_key = k;
	if (out->uncontrolled)
		out->priority = vigil__risk_critical(out, in) ? 1 : 2;
	else if (out->level >= VIGIL_RISK_HIGH || in->kev)
		out->priority = 3;
	else
		out->priority = 4;
}
