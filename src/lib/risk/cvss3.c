/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CVSS v3.0 and v3.1: the metric tables and the base, temporal and
 * environmental equations of the FIRST specifications (v3.0 section 8,
 * v3.1 section 7).
 *
 * The two versions differ in three places, all kept here:
 * - Roundup: v3.1 uses the integer-based definition of its Appendix A,
 *   which hides binary floating-point error; v3.0 is the plain "smallest
 *   number, to one decimal place, that is equal to or higher than its
 *   input", ceil(x * 10) / 10.  Where v3.0's input is an exact decimal (the
 *   temporal and environmental products of a score and the E, RL and RC
 *   weights) it is computed exactly, see roundup_temporal().
 * - The changed-scope modified impact: v3.1 has
 *   7.52 x (MISS - 0.029) - 3.25 x (MISS x 0.9731 - 0.02)^13, v3.0
 *   7.52 x (MISS - 0.029) - 3.25 x (MISS - 0.02)^15.
 * - PR:U does not exist in either; the v3.0 JSON schema's pattern admits
 *   it by mistake, the specification does not.
 *
 * The weights are the doubles of the specification, and the equations run
 * in double precision in the specification's order, as FIRST's calculators
 * do; the sub-scores (which the specification does not round) are rounded
 * half up to one decimal, as NVD publishes them.
 */
#include <math.h>

#include "cvssint.h"
#include "vgx.h"

#define METRICS3							\
	{"AV", VIGIL_CVSS_BASE, 4, {"N", "A", "L", "P"}},		\
	{"AC", VIGIL_CVSS_BASE, 2, {"L", "H"}},				\
	{"PR", VIGIL_CVSS_BASE, 3, {"N", "L", "H"}},			\
	{"UI", VIGIL_CVSS_BASE, 2, {"N", "R"}},				\
	{"S", VIGIL_CVSS_BASE, 2, {"U", "C"}},				\
	{"C", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},			\
	{"I", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},			\
	{"A", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},			\
	{"E", VIGIL_CVSS_TEMPORAL, 5, {"X", "U", "P", "F", "H"}},	\
	{"RL", VIGIL_CVSS_TEMPORAL, 5, {"X", "O", "T", "W", "U"}},	\
	{"RC", VIGIL_CVSS_TEMPORAL, 4, {"X", "U", "R", "C"}},		\
	{"CR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "L", "M", "H"}},	\
	{"IR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "L", "M", "H"}},	\
	{"AR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "L", "M", "H"}},	\
	{"MAV", VIGIL_CVSS_ENVIRONMENTAL, 5, {"X", "N", "A", "L", "P"}}, \
	{"MAC", VIGIL_CVSS_ENVIRONMENTAL, 3, {"X", "L", "H"}},		\
	{"MPR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "N", "L", "H"}},	\
	{"MUI", VIGIL_CVSS_ENVIRONMENTAL, 3, {"X", "N", "R"}},		\
	{"MS", VIGIL_CVSS_ENVIRONMENTAL, 3, {"X", "U", "C"}},		\
	{"MC", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}},	\
	{"MI", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}},	\
	{"MA", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}}

/* The same metrics, values and order in both versions. */
static const struct cvss_metric metrics3[] = { METRICS3 };

const struct cvss_spec vigil__cvss30_spec = {
	VIGIL_CVSS_V30, "CVSS:3.0/", false, VGX_ARRAY_SIZE(metrics3), metrics3
};
const struct cvss_spec vigil__cvss31_spec = {
	VIGIL_CVSS_V31, "CVSS:3.1/", false, VGX_ARRAY_SIZE(metrics3), metrics3
};

enum {
	AV, AC, PR, UI, S, C, I, A, E, RL, RC, CR, IR, AR,
	MAV, MAC, MPR, MUI, MS, MC, MI, MA
};

/* Weights, v3.1 section 7.4 (v3.0 section 8.4 has the same). */
static const double w_av[] = {0.85, 0.62, 0.55, 0.2};
static const double w_ac[] = {0.77, 0.44};
static const double w_pr_u[] = {0.85, 0.62, 0.27};
static const double w_pr_c[] = {0.85, 0.68, 0.5};
static const double w_ui[] = {0.85, 0.62};
static const double w_cia[] = {0.56, 0.22, 0};
static const double w_e[] = {1, 0.91, 0.94, 0.97, 1};
static const double w_rl[] = {1, 0.95, 0.96, 0.97, 1};
static const double w_rc[] = {1, 0.92, 0.96, 1};
static const double w_req[] = {1, 0.5, 1, 1.5};

/* Temporal weights in hundredths, for v3.0's exact roundup below. */
static const int h_e[] = {100, 91, 94, 97, 100};
static const int h_rl[] = {100, 95, 96, 97, 100};
static const int h_rc[] = {100, 92, 96, 100};

/*
 * Roundup(TENTHS/10 x E x RL x RC) in tenths, computed exactly: the
 * product is a decimal with at most seven digits after the point, so
 * v3.0's "smallest number, to one decimal place, equal to or higher than
 * its input" is taken of the true value.  In double precision 10 x 0.92
 * is 9.200000000000001 and rounds up to 9.3, a floating-point artefact
 * that v3.1's Appendix A was written to remove; Red Hat's reference
 * library (decimal arithmetic) gives 9.2, as the specification does.
 * (v3.1's Appendix A gives the same as exact arithmetic here.)
 */
static int
roundup_temporal(int tenths, const vigil_cvss *c, int e, int rl, int rc)
{
	long long num = (long long)tenths * h_e[c->val[e]] * h_rl[c->val[rl]] *
	    h_rc[c->val[rc]];	/* tenths at scale 10^6 */

	return (int)((num + 999999) / 1000000);
}

/* Roundup, in tenths. */
static int
roundup(vigil_cvss_version v, double x)
{
	long long i;

	if (v == VIGIL_CVSS_V30)
		return (int)ceil(x * 10.0);
	/* v3.1 Appendix A. */
	i = llround(x * 100000.0);
	if (i % 10000 == 0)
		return (int)(i / 10000);
	return (int)(i / 10000 + 1);
}

/* Half-up rounding to one decimal for the sub-scores, in tenths. */
static int
round1(double x)
{
	long long i = llround(x * 100000.0);

	if (i <= 0)
		return 0;
	return (int)((i + 5000) / 10000);
}

/* Effective value index of a base metric that has a modified twin. */
static unsigned
eff(const vigil_cvss *c, int base, int mod)
{
	return c->val[mod] != 0 ? c->val[mod] - 1u : c->val[base];
}

void
vigil__cvss3_score(vigil_cvss_scores *out, const vigil_cvss *c)
{
	vigil_cvss_version v = c->version;
	bool changed = c->val[S] == 1, mchanged;
	double iss, impact, expl, tmul, miss, mimpact, mexpl, mpr;
	int base, envbase;

	/* Base (v3.1 section 7.1). */
	iss = 1 - (1 - w_cia[c->val[C]]) * (1 - w_cia[c->val[I]]) *
	    (1 - w_cia[c->val[A]]);
	if (!changed)
		impact = 6.42 * iss;
	else
		impact = 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15);
	expl = 8.22 * w_av[c->val[AV]] * w_ac[c->val[AC]] *
	    (changed ? w_pr_c : w_pr_u)[c->val[PR]] * w_ui[c->val[UI]];
	if (impact <= 0)
		base = 0;
	else if (!changed)
		base = roundup(v, fmin(impact + expl, 10));
	else
		base = roundup(v, fmin(1.08 * (impact + expl), 10));
	out->base = base;
	out->impact = round1(impact);
	out->exploitability = round1(expl);

	/* Temporal (section 7.2). */
	tmul = w_e[c->val[E]] * w_rl[c->val[RL]] * w_rc[c->val[RC]];
	if (v == VIGIL_CVSS_V30)
		out->temporal_always = roundup_temporal(base, c, E, RL, RC);
	else
		out->temporal_always = roundup(v, base / 10.0 * tmul);

	/* Environmental (section 7.3). */
	mchanged = c->val[MS] != 0 ? c->val[MS] == 2 : changed;
	miss = fmin(1 - (1 - w_req[c->val[CR]] * w_cia[eff(c, C, MC)]) *
	    (1 - w_req[c->val[IR]] * w_cia[eff(c, I, MI)]) *
	    (1 - w_req[c->val[AR]] * w_cia[eff(c, A, MA)]), 0.915);
	if (!mchanged)
		mimpact = 6.42 * miss;
	else if (v == VIGIL_CVSS_V30)
		mimpact = 7.52 * (miss - 0.029) - 3.25 * pow(miss - 0.02, 15);
	else
		mimpact = 7.52 * (miss - 0.029) -
		    3.25 * pow(miss * 0.9731 - 0.02, 13);
	mpr = (mchanged ? w_pr_c : w_pr_u)[eff(c, PR, MPR)];
	mexpl = 8.22 * w_av[eff(c, AV, MAV)] * w_ac[eff(c, AC, MAC)] * mpr *
	    w_ui[eff(c, UI, MUI)];
	if (mimpact <= 0)
		out->environmental_always = 0;
	else {
		if (!mchanged)
			envbase = roundup(v, fmin(mimpact + mexpl, 10));
		else
			envbase = roundup(v, fmin(1.08 * (mimpact + mexpl),
			    10));
		if (v == VIGIL_CVSS_V30)
			out->environmental_always = roundup_temporal(envbase,
			    c, E, RL, RC);
		else
			out->environmental_always = roundup(v,
			    envbase / 10.0 * tmul);
	}

	out->score = base;
	if (vigil__cvss_group_defined(c, VIGIL_CVSS_TEMPORAL)) {
		out->temporal = out->temporal_always;
		out->score = out->temporal;
	}
	if (vigil__cvss_group_defined(c, VIGIL_CVSS_ENVIRONMENTAL)) {
		out->environmental = out->environmental_always;
		out->modified_impact = round1(mimpact);
		out->modified_exploitability = round1(mexpl);
		out->score = out->environmental;
	}
}
