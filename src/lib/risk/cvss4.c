/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CVSS v4.0: the metric table and the scoring of the FIRST specification
 * (section 8), which FIRST's reference calculator implements:
 *
 * 1. The vector's effective values (a modified metric replaces its base
 *    metric; E:X counts as E:A and CR/IR/AR:X as H) place it in one of 270
 *    macrovectors, six "equivalence" digits EQ1..EQ6 (section 8.2).
 * 2. The macrovector's score comes from the lookup table that FIRST's
 *    experts built (cvss_lookup.js): this is the score of the highest
 *    severity vectors in the macrovector.
 * 3. The vector is moved down from there, for each EQ, by the share of
 *    the way it is from the highest severity vector of its EQ level (its
 *    "severity distance", in steps of 0.1 per metric level) to the depth
 *    of that level (max_severity.js), applied to the score gap to the next
 *    lower macrovector of that EQ (section 8.3, "interpolation").  EQ3 and
 *    EQ6 move together.  The mean of these moves, over the EQs that have a
 *    lower macrovector, is taken off and the result rounded to one decimal.
 *
 * The figures in the tables below are those of FIRST's calculator
 * (github.com/FIRSTdotorg/cvss-v4-calculator, BSD-2-Clause), transcribed
 * as C data.  Step 3 is done in exact rational arithmetic on tenths, and
 * the result rounded half up, which is what the calculator's floating-point
 * computation (with its epsilon before rounding) means to give.
 */
#include <string.h>

#include "cvssint.h"
#include "vgx.h"

static const struct cvss_metric metrics4[] = {
	/* Base (section 2) */
	{"AV", VIGIL_CVSS_BASE, 4, {"N", "A", "L", "P"}},
	{"AC", VIGIL_CVSS_BASE, 2, {"L", "H"}},
	{"AT", VIGIL_CVSS_BASE, 2, {"N", "P"}},
	{"PR", VIGIL_CVSS_BASE, 3, {"N", "L", "H"}},
	{"UI", VIGIL_CVSS_BASE, 3, {"N", "P", "A"}},
	{"VC", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},
	{"VI", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},
	{"VA", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},
	{"SC", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},
	{"SI", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},
	{"SA", VIGIL_CVSS_BASE, 3, {"H", "L", "N"}},
	/* Threat (section 3) */
	{"E", VIGIL_CVSS_TEMPORAL, 4, {"X", "A", "P", "U"}},
	/* Environmental (section 4) */
	{"CR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "M", "L"}},
	{"IR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "M", "L"}},
	{"AR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "M", "L"}},
	{"MAV", VIGIL_CVSS_ENVIRONMENTAL, 5, {"X", "N", "A", "L", "P"}},
	{"MAC", VIGIL_CVSS_ENVIRONMENTAL, 3, {"X", "L", "H"}},
	{"MAT", VIGIL_CVSS_ENVIRONMENTAL, 3, {"X", "N", "P"}},
	{"MPR", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "N", "L", "H"}},
	{"MUI", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "N", "P", "A"}},
	{"MVC", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}},
	{"MVI", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}},
	{"MVA", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}},
	{"MSC", VIGIL_CVSS_ENVIRONMENTAL, 4, {"X", "H", "L", "N"}},
	{"MSI", VIGIL_CVSS_ENVIRONMENTAL, 5, {"X", "S", "H", "L", "N"}},
	{"MSA", VIGIL_CVSS_ENVIRONMENTAL, 5, {"X", "S", "H", "L", "N"}},
	/* Supplemental (section 5): Safety, Automatable, Recovery, Value
	 * Density, Vulnerability Response Effort, Provider Urgency. */
	{"S", VIGIL_CVSS_SUPPLEMENTAL, 3, {"X", "N", "P"}},
	{"AU", VIGIL_CVSS_SUPPLEMENTAL, 3, {"X", "N", "Y"}},
	{"R", VIGIL_CVSS_SUPPLEMENTAL, 4, {"X", "A", "U", "I"}},
	{"V", VIGIL_CVSS_SUPPLEMENTAL, 3, {"X", "D", "C"}},
	{"RE", VIGIL_CVSS_SUPPLEMENTAL, 4, {"X", "L", "M", "H"}},
	{"U", VIGIL_CVSS_SUPPLEMENTAL, 5,
	    {"X", "Clear", "Green", "Amber", "Red"}},
};

const struct cvss_spec vigil__cvss4_spec = {
	VIGIL_CVSS_V40, "CVSS:4.0/", true, VGX_ARRAY_SIZE(metrics4), metrics4
};

enum {
	AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, E, CR, IR, AR,
	MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA
};

/*
 * Effective values as severity levels, in tenths of a step (FIRST's
 * AV_levels, PR_levels, ...): 0 is the most severe.  Values are those of
 * the *base* metric's list; SI/SA also take "S" (safety), which only MSI and
 * MSA can give, as level 0 with H at 1.
 */
enum { L_AV, L_AC, L_AT, L_PR, L_UI, L_VC, L_VI, L_VA, L_SC, L_SI, L_SA,
	L_CR, L_IR, L_AR, L_E, NLEVELS };

/* Effective level of each metric that enters the macrovector. */
struct eff {
	int lv[NLEVELS];
};

static void
effective(struct eff *f, const vigil_cvss *c)
{
	/* base metric -> its modified twin (value 0 is X) */
	static const struct {
		int base, mod;
		int lvl[5];	/* level of base value index 0.. */
	} map[] = {
		{AV, MAV, {0, 1, 2, 3}},	/* N A L P */
		{AC, MAC, {0, 1}},		/* L H */
		{AT, MAT, {0, 1}},		/* N P */
		{PR, MPR, {0, 1, 2}},		/* N L H */
		{UI, MUI, {0, 1, 2}},		/* N P A */
		{VC, MVC, {0, 1, 2}},		/* H L N */
		{VI, MVI, {0, 1, 2}},
		{VA, MVA, {0, 1, 2}},
		{SC, MSC, {1, 2, 3}},		/* H L N (SC has no S) */
	};
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(map); i++) {
		unsigned v = c->val[map[i].mod] != 0 ?
		    c->val[map[i].mod] - 1u : c->val[map[i].base];

		f->lv[i] = map[i].lvl[v];
	}
	/* SI, SA: base H L N are levels 1..3; MSI/MSA X S H L N. */
	f->lv[L_SI] = c->val[MSI] != 0 ? c->val[MSI] - 1 : c->val[SI] + 1;
	f->lv[L_SA] = c->val[MSA] != 0 ? c->val[MSA] - 1 : c->val[SA] + 1;
	/* CR/IR/AR: X H M L, X counting as H. */
	f->lv[L_CR] = c->val[CR] != 0 ? c->val[CR] - 1 : 0;
	f->lv[L_IR] = c->val[IR] != 0 ? c->val[IR] - 1 : 0;
	f->lv[L_AR] = c->val[AR] != 0 ? c->val[AR] - 1 : 0;
	/* E: X A P U, X counting as A. */
	f->lv[L_E] = c->val[E] != 0 ? c->val[E] - 1 : 0;
}

/* The macrovector EQ1..EQ6 (specification Table 24). */
static void
macrovector(int eq[6], const struct eff *f)
{
	const int *lv = f->lv;
	bool avn = lv[L_AV] == 0, prn = lv[L_PR] == 0, uin = lv[L_UI] == 0;

	/* EQ1: 0 AV:N and PR:N and UI:N; 1 (AV:N or PR:N or UI:N) and not
	 * all three and not AV:P; 2 AV:P or none of them N. */
	if (avn && prn && uin)
		eq[0] = 0;
	else if ((avn || prn || uin) && lv[L_AV] != 3)
		eq[0] = 1;
	else
		eq[0] = 2;
	/* EQ2: 0 AC:L and AT:N; 1 otherwise. */
	eq[1] = lv[L_AC] == 0 && lv[L_AT] == 0 ? 0 : 1;
	/* EQ3: 0 VC:H and VI:H; 1 not that but one of VC/VI/VA H; 2 none H. */
	if (lv[L_VC] == 0 && lv[L_VI] == 0)
		eq[2] = 0;
	else if (lv[L_VC] == 0 || lv[L_VI] == 0 || lv[L_VA] == 0)
		eq[2] = 1;
	else
		eq[2] = 2;
	/* EQ4: 0 MSI:S or MSA:S; 1 one of SC/SI/SA H; 2 otherwise. */
	if (lv[L_SI] == 0 || lv[L_SA] == 0)
		eq[3] = 0;
	else if (lv[L_SC] == 1 || lv[L_SI] == 1 || lv[L_SA] == 1)
		eq[3] = 1;
	else
		eq[3] = 2;
	/* EQ5: 0 E:A, 1 E:P, 2 E:U. */
	eq[4] = lv[L_E];
	/* EQ6: 0 (CR:H and VC:H) or (IR:H and VI:H) or (AR:H and VA:H). */
	eq[5] = (lv[L_CR] == 0 && lv[L_VC] == 0) ||
	    (lv[L_IR] == 0 && lv[L_VI] == 0) ||
	    (lv[L_AR] == 0 && lv[L_VA] == 0) ? 0 : 1;
}

/*
 * Score of each macrovector in tenths, -1 where the macrovector does not
 * exist; index ((((EQ1*2+EQ2)*3+EQ3)*3+EQ4)*3+EQ5)*2+EQ6 (cvss_lookup.js).
 */
static const signed char lookup[324] = {
	100,  99,  98,  95,  95,  92, 100,  96,  93,  87,  91,  81,
	 93,  90,  89,  80,  81,  68,  98,  95,  95,  92,  90,  84,
	 93,  92,  89,  81,  81,  65,  88,  80,  78,  70,  69,  48,
	 -1,  92,  -1,  82,  -1,  72,  -1,  79,  -1,  69,  -1,  50,
	 -1,  69,  -1,  55,  -1,  27,  99,  97,  95,  92,  92,  85,
	 95,  91,  90,  83,  84,  71,  92,  81,  82,  71,  72,  53,
	 95,  93,  92,  85,  85,  73,  92,  82,  80,  72,  70,  59,
	 84,  70,  71,  52,  50,  30,  -1,  86,  -1,  75,  -1,  52,
	 -1,  71,  -1,  52,  -1,  29,  -1,  63,  -1,  29,  -1,  17,
	 98,  95,  94,  87,  91,  81,  94,  89,  86,  74,  77,  64,
	 87,  75,  74,  63,  63,  49,  94,  89,  88,  77,  76,  67,
	 86,  76,  74,  58,  59,  50,  72,  57,  57,  52,  52,  25,
	 -1,  83,  -1,  70,  -1,  54,  -1,  65,  -1,  58,  -1,  26,
	 -1,  53,  -1,  21,  -1,  13,  95,  90,  88,  76,  76,  70,
	 90,  77,  75,  62,  61,  53,  77,  66,  68,  59,  52,  30,
	 89,  78,  76,  67,  62,  58,  74,  59,  57,  57,  47,  23,
	 61,  52,  57,  29,  24,  16,  -1,  71,  -1,  59,  -1,  30,
	 -1,  58,  -1,  26,  -1,  15,  -1,  23,  -1,  13,  -1,   6,
	 93,  87,  86,  72,  75,  58,  86,  74,  74,  61,  56,  34,
	 70,  54,  52,  40,  40,  22,  85,  75,  74,  55,  62,  51,
	 72,  57,  55,  41,  46,  19,  53,  36,  34,  19,  19,   8,
	 -1,  64,  -1,  51,  -1,  20,  -1,  47,  -1,  21,  -1,  11,
	 -1,  24,  -1,   9,  -1,   4,  88,  75,  73,  53,  60,  50,
	 73,  55,  59,  40,  41,  20,  54,  43,  45,  22,  20,  11,
	 75,  55,  58,  45,  40,  21,  61,  51,  48,  18,  20,   9,
	 46,  18,  17,   7,   8,   2,  -1,  53,  -1,  24,  -1,  14,
	 -1,  24,  -1,  12,  -1,   5,  -1,  10,  -1,   3,  -1,   1,
};

static int
lookup_score(int e1, int e2, int e3, int e4, int e5, int e6)
{
	if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1)
		return -1;
	return lookup[((((e1 * 2 + e2) * 3 + e3) * 3 + e4) * 3 + e5) * 2 + e6];
}

/*
 * The highest severity vectors of each EQ level (max_composed.js), as
 * levels of the metrics of that EQ; a list ends at the first all -1 entry.
 */
#define MAXV 6
struct maxvec {
	signed char lv[6];
};

/* EQ1: AV, PR, UI. */
static const struct maxvec max_eq1[3][MAXV] = {
	{{{0, 0, 0}}, {{-1}}},				/* N/N/N */
	/* A/N/N N/L/N N/N/P */
	{{{1, 0, 0}}, {{0, 1, 0}}, {{0, 0, 1}}, {{-1}}},
	{{{3, 0, 0}}, {{1, 1, 1}}, {{-1}}},		/* P/N/N A/L/P */
};
/* EQ2: AC, AT. */
static const struct maxvec max_eq2[2][MAXV] = {
	{{{0, 0}}, {{-1}}},					/* AC:L/AT:N */
	{{{1, 0}}, {{0, 1}}, {{-1}}},				/* H/N L/P */
};
/* EQ3 and EQ6 together: VC, VI, VA, CR, IR, AR; [EQ3][EQ6]. */
static const struct maxvec max_eq36[3][2][MAXV] = {
	{
		{{{0, 0, 0, 0, 0, 0}}, {{-1}}},
		{{{0, 0, 1, 1, 1, 0}}, {{0, 0, 0, 1, 1, 1}}, {{-1}}},
	},
	{
		{{{1, 0, 0, 0, 0, 0}}, {{0, 1, 0, 0, 0, 0}}, {{-1}}},
		{{{1, 0, 1, 0, 1, 0}}, {{1, 0, 0, 0, 1, 1}},
		    {{0, 1, 0, 1, 0, 1}}, {{0, 1, 1, 1, 0, 0}},
		    {{1, 1, 0, 0, 0, 1}}, {{-1}}},
	},
	{
		{{{-1}}},
		{{{1, 1, 1, 0, 0, 0}}, {{-1}}},
	},
};
/* EQ4: SC, SI, SA (SI/SA level 0 is S). */
static const struct maxvec max_eq4[3][MAXV] = {
	{{{1, 0, 0}}, {{-1}}},					/* H/S/S */
	{{{1, 1, 1}}, {{-1}}},					/* H/H/H */
	{{{2, 2, 2}}, {{-1}}},					/* L/L/L */
};

/* Depth of each EQ level in steps of 0.1 (max_severity.js). */
static const int depth_eq1[3] = {1, 4, 5};
static const int depth_eq2[2] = {1, 2};
static const int depth_eq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int depth_eq4[3] = {6, 5, 4};

/*
 * Severity distance of F from the first max vector of LIST (its metrics
 * at F's levels LV[0..N)) that F does not exceed in severity; *FOUND is
 * false (and the last max vector is used) when there is none.
 */
static int
distance(const struct maxvec *list, const int *idx, int n, const int *lv,
    bool *found)
{
	int k, j, d, last = 0;

	*found = false;
	for (k = 0; k < MAXV && list[k].lv[0] >= 0; k++) {
		last = k;
		for (j = 0; j < n; j++)
			if (lv[idx[j]] - list[k].lv[j] < 0)
				break;
		if (j == n) {
			*found = true;
			break;
		}
	}
	for (d = 0, j = 0; j < n; j++)
		d += lv[idx[j]] - list[last].lv[j];
	return d;
}

/* Score in tenths of the vector with effective levels F. */
static int
score4(int eq[6], const struct eff *f)
{
	static const int i1[] = {L_AV, L_PR, L_UI};
	static const int i2[] = {L_AC, L_AT};
	static const int i36[] = {L_VC, L_VI, L_VA, L_CR, L_IR, L_AR};
	static const int i4[] = {L_SC, L_SI, L_SA};
	int value, lower[5], dist[5], depth[5], l, r, i, n;
	bool f1, f2, f3, f4;
	long long num, den;

	macrovector(eq, f);
	/* No impact at all on either system: 0 (the calculator's shortcut). */
	if (f->lv[L_VC] == 2 && f->lv[L_VI] == 2 && f->lv[L_VA] == 2 &&
	    f->lv[L_SC] == 3 && f->lv[L_SI] == 3 && f->lv[L_SA] == 3)
		return 0;
	value = lookup_score(eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);
	if (!VIGIL_ALWAYS(value >= 0))
		return 0;

	/* The next lower macrovector of each EQ, -1 where none. */
	lower[0] = lookup_score(eq[0] + 1, eq[1], eq[2], eq[3], eq[4], eq[5]);
	lower[1] = lookup_score(eq[0], eq[1] + 1, eq[2], eq[3], eq[4], eq[5]);
	if (eq[2] == 0 && eq[5] == 0) {
		/* 00 goes down to 01 or to 10: the higher of the two. */
		l = lookup_score(eq[0], eq[1], eq[2], eq[3], eq[4], 1);
		r = lookup_score(eq[0], eq[1], 1, eq[3], eq[4], eq[5]);
		lower[2] = l > r ? l : r;
	} else if (eq[2] == 1 && eq[5] == 0) {
		lower[2] = lookup_score(eq[0], eq[1], eq[2], eq[3], eq[4], 1);
	} else if (eq[5] == 1) {
		/* 01 -> 11, 11 -> 21; 21 has nothing lower. */
		lower[2] = lookup_score(eq[0], eq[1], eq[2] + 1, eq[3], eq[4],
		    eq[5]);
	} else {
		lower[2] = -1;
	}
	lower[3] = lookup_score(eq[0], eq[1], eq[2], eq[3] + 1, eq[4], eq[5]);
	lower[4] = lookup_score(eq[0], eq[1], eq[2], eq[3], eq[4] + 1, eq[5]);

	dist[0] = distance(max_eq1[eq[0]], i1, 3, f->lv, &f1);
	dist[1] = distance(max_eq2[eq[1]], i2, 2, f->lv, &f2);
	dist[2] = distance(max_eq36[eq[2]][eq[5]], i36, 6, f->lv, &f3);
	dist[3] = distance(max_eq4[eq[3]], i4, 3, f->lv, &f4);
	dist[4] = 0;	/* EQ5 moves nothing within its level */
	if (!(f1 && f2 && f3 && f4)) {
		/* The calculator then uses the last max vector of every EQ. */
		static const int nmax1[3] = {1, 3, 2}, nmax2[2] = {1, 2};
		static const int nmax36[3][2] = {{1, 2}, {2, 5}, {0, 1}};

		dist[0] = distance(max_eq1[eq[0]] + nmax1[eq[0]] - 1, i1, 3,
		    f->lv, &f1);
		dist[1] = distance(max_eq2[eq[1]] + nmax2[eq[1]] - 1, i2, 2,
		    f->lv, &f2);
		dist[2] = distance(max_eq36[eq[2]][eq[5]] +
		    nmax36[eq[2]][eq[5]] - 1, i36, 6, f->lv, &f3);
		dist[3] = distance(max_eq4[eq[3]], i4, 3, f->lv, &f4);
	}
	depth[0] = depth_eq1[eq[0]];
	depth[1] = depth_eq2[eq[1]];
	depth[2] = depth_eq36[eq[2]][eq[5]];
	depth[3] = depth_eq4[eq[3]];
	depth[4] = 1;

	/*
	 * mean = (1/n) * sum over EQs with a lower macrovector of
	 * (value - lower) * dist / depth, all in tenths.  Exactly:
	 * score*10 = value - num / den with den = n * prod(depth).
	 */
	n = 0;
	den = 1;
	for (i = 0; i < 5; i++)
		den *= depth[i];
	num = 0;
	for (i = 0; i < 5; i++) {
		if (lower[i] < 0)
			continue;
		n++;
		num += (long long)(value - lower[i]) * dist[i] *
		    (den / depth[i]);
	}
	if (n == 0)
		return value;
	den *= n;
	/* value - num/den, rounded half up, clamped to 0..100. */
	num = (long long)value * den - num;	/* score = num / den tenths */
	if (num <= 0)
		return 0;
	i = (int)((2 * num + den) / (2 * den));
	return i > 100 ? 100 : i;
}

void
vigil__cvss4_score(vigil_cvss_scores *out, const vigil_cvss *c)
{
	struct eff f;
	vigil_cvss b;
	int eq[6], beq[6];
	bool t = vigil__cvss_group_defined(c, VIGIL_CVSS_TEMPORAL);
	bool e = vigil__cvss_group_defined(c, VIGIL_CVSS_ENVIRONMENTAL);
	size_t i;

	effective(&f, c);
	out->score = score4(eq, &f);
	for (i = 0; i < 6; i++)
		out->macrovector[i] = (char)('0' + eq[i]);
	out->macrovector[6] = '\0';
	out->nomenclature = t ? (e ? VIGIL_CVSS_BTE : VIGIL_CVSS_BT) :
	    (e ? VIGIL_CVSS_BE : VIGIL_CVSS_B);

	/* CVSS-B: the same vector without threat and environmental metrics. */
	b = *c;
	for (i = 0; i < vigil__cvss4_spec.nmetrics; i++)
		if (metrics4[i].group == VIGIL_CVSS_TEMPORAL ||
		    metrics4[i].group == VIGIL_CVSS_ENVIRONMENTAL)
			b.val[i] = 0;
	effective(&f, &b);
	out->base = score4(beq, &f);
}
