/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CVSS v2.0: the metric table and the base, temporal and environmental
 * equations of "A Complete Guide to the Common Vulnerability Scoring System
 * Version 2.0" (FIRST, 2007), section 3.2.  Its section 2.4 says the vector
 * "lists these metrics in a predetermined order" (its Table 13), so the
 * order is checked; omitted temporal and environmental metrics are Not
 * Defined, as NVD's base-only vectors need.
 *
 * The guide's equations are decimal: every weight has at most three
 * decimals and round_to_1_decimal rounds half up.  Binary floating point
 * cannot hold 0.275 or 10.41, so the equations here run on exact scaled
 * integers (fixed-point with 10^k scale, 128-bit where products grow), and
 * only the final rounding to one decimal is done, half up, as the guide
 * says.  This matches the reference implementations that compute in
 * decimal.
 */
#include <string.h>

#include "cvssint.h"
#include "vgx.h"

static const struct cvss_metric metrics2[] = {
	{"AV", VIGIL_CVSS_BASE, 3, {"L", "A", "N"}},
	{"AC", VIGIL_CVSS_BASE, 3, {"H", "M", "L"}},
	{"Au", VIGIL_CVSS_BASE, 3, {"M", "S", "N"}},
	{"C", VIGIL_CVSS_BASE, 3, {"N", "P", "C"}},
	{"I", VIGIL_CVSS_BASE, 3, {"N", "P", "C"}},
	{"A", VIGIL_CVSS_BASE, 3, {"N", "P", "C"}},
	{"E", VIGIL_CVSS_TEMPORAL, 5, {"ND", "U", "POC", "F", "H"}},
	{"RL", VIGIL_CVSS_TEMPORAL, 5, {"ND", "OF", "TF", "W", "U"}},
	{"RC", VIGIL_CVSS_TEMPORAL, 4, {"ND", "UC", "UR", "C"}},
	{"CDP", VIGIL_CVSS_ENVIRONMENTAL, 6, {"ND", "N", "L", "LM", "MH", "H"}},
	{"TD", VIGIL_CVSS_ENVIRONMENTAL, 5, {"ND", "N", "L", "M", "H"}},
	{"CR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"ND", "L", "M", "H"}},
	{"IR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"ND", "L", "M", "H"}},
	{"AR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"ND", "L", "M", "H"}},
};

const struct cvss_spec vigil__cvss2_spec = {
	VIGIL_CVSS_V2, "", true, VGX_ARRAY_SIZE(metrics2), metrics2
};

enum { AV, AC, AU, C, I, A, E, RL, RC, CDP, TD, CR, IR, AR };

/* Weights in thousandths (guide section 3.2.4). */
static const int w_av[] = {395, 646, 1000};
static const int w_ac[] = {350, 610, 710};
static const int w_au[] = {450, 560, 704};
static const int w_imp[] = {0, 275, 660};
static const int w_e[] = {1000, 850, 900, 950, 1000};
static const int w_rl[] = {1000, 870, 900, 950, 1000};
static const int w_rc[] = {1000, 900, 950, 1000};
static const int w_cdp[] = {0, 0, 100, 300, 400, 500};
static const int w_td[] = {1000, 0, 250, 750, 1000};
static const int w_req[] = {1000, 500, 1000, 1510};

__extension__ typedef __int128 i128;

static i128
pow10i(int k)
{
	i128 r = 1;

	while (k-- > 0)
		r *= 10;
	return r;
}

/*
 * X at scale 10^K, rounded half up to tenths; a negative X rounds
 * symmetrically (half away from zero, as decimal ROUND_HALF_UP does).
 * Only the environmental equation's AdjustedBase can be negative: with
 * CR/IR/AR:L a single Partial impact leaves 0.6 x AdjustedImpact +
 * 0.4 x Exploitability below 1.5, and the guide's equations carry that
 * negative value on (AV:L/AC:H/Au:M/C:N/I:P/A:N/CDP:L/IR:L scores 0.8 so).
 */
static int
round1(i128 x, int k)
{
	i128 unit = pow10i(k - 1);

	if (x < 0)
		return -(int)((-x + unit / 2) / unit);
	return (int)((x + unit / 2) / unit);
}

/*
 * Impact = 10.41 * (1 - (1-C*CR)(1-I*IR)(1-A*AR)), at scale 10^20: each
 * factor C*CR is at scale 10^6 (10^3 * 10^3), so the triple product is at
 * 10^18 and 10.41 adds two decimals.  The result is min(10, ...) as the
 * environmental equation wants (the base impact never exceeds
 * 10.41 * 0.96 < 10, so the cap changes nothing there).
 */
static i128
impact_e20(const vigil_cvss *c, bool env)
{
	const i128 one = pow10i(6);
	i128 fc, fi, fa, prod, imp;

	fc = (i128)w_imp[c->val[C]] * (env ? w_req[c->val[CR]] : 1000);
	fi = (i128)w_imp[c->val[I]] * (env ? w_req[c->val[IR]] : 1000);
	fa = (i128)w_imp[c->val[A]] * (env ? w_req[c->val[AR]] : 1000);
	prod = (one - fc) * (one - fi) * (one - fa);	/* 10^18 */
	imp = 1041 * (pow10i(18) - prod);		/* 10^20 */
	if (env && imp > 10 * pow10i(20))
		imp = 10 * pow10i(20);
	return imp;
}

/* Exploitability = 20 * AV * AC * Au, at scale 10^9. */
static i128
expl_e9(const vigil_cvss *c)
{
	return (i128)20 * w_av[c->val[AV]] * w_ac[c->val[AC]] *
	    w_au[c->val[AU]];
}

/*
 * BaseScore (or AdjustedBase) = round_to_1_decimal(((0.6*Impact) +
 * (0.4*Exploitability) - 1.5) * f(Impact)), f = 0 if Impact = 0 else 1.176.
 * Returned in tenths.
 */
static int
base_eq(i128 imp20, i128 expl9)
{
	i128 sum;	/* scale 10^21 */

	if (imp20 == 0)
		return 0;
	sum = 6 * imp20 + 4 * expl9 * pow10i(11) - 15 * pow10i(20);
	return round1(sum * 1176, 24);
}

/* TemporalScore = round_to_1_decimal(Base * E * RL * RC), tenths. */
static int
temporal_eq(int base, const vigil_cvss *c)
{
	i128 t = (i128)base * w_e[c->val[E]] * w_rl[c->val[RL]] *
	    w_rc[c->val[RC]];	/* scale 10^10 */

	return round1(t, 10);
}

void
vigil__cvss2_score(vigil_cvss_scores *out, const vigil_cvss *c)
{
	i128 imp = impact_e20(c, false), aimp, expl = expl_e9(c), env;
	int adj_temporal;

	out->base = base_eq(imp, expl);
	out->impact = round1(imp, 20);
	out->exploitability = round1(expl, 9);
	out->temporal_always = temporal_eq(out->base, c);

	/*
	 * EnvironmentalScore = round_to_1_decimal((AdjustedTemporal +
	 * (10 - AdjustedTemporal) * CDP) * TD), AdjustedTemporal being the
	 * temporal equation over the base equation with AdjustedImpact.
	 */
	aimp = impact_e20(c, true);
	adj_temporal = temporal_eq(base_eq(aimp, expl), c);
	env = ((i128)adj_temporal * 1000 +
	    (i128)(100 - adj_temporal) * w_cdp[c->val[CDP]]) *
	    w_td[c->val[TD]];	/* scale 10^7 */
	/* A negative result is no CVSS score: it is 0.0. */
	out->environmental_always = env < 0 ? 0 : round1(env, 7);

	out->score = out->base;
	if (vigil__cvss_group_defined(c, VIGIL_CVSS_TEMPORAL)) {
		out->temporal = out->temporal_always;
		out->score = out->temporal;
	}
	if (vigil__cvss_group_defined(c, VIGIL_CVSS_ENVIRONMENTAL)) {
		out->environmental = out->environmental_always;
		out->modified_impact = round1(aimp, 20);
		out->score = out->environmental;
	}
}
