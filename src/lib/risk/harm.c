/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Risk of patient harm from one vulnerability in one device, as the FDA
 * postmarket guidance (2016) and IMDRF N60 frame it: risk = f(exploitability,
 * severity of patient harm), judged with the compensating controls in
 * place, with a binary outcome (controlled / uncontrolled) that decides the
 * obligations and their clocks.  docs/risk.md documents every default.
 *
 *  1. The vector: the newest CVSS version among the vulnerability's
 *     vectors (4.0, 3.1, 3.0, 2.0), scored by vigil.
 *  2. Device adjustment (environmental metrics, so the result is still a
 *     CVSS vector anyone can recompute): the attack vector is no more
 *     exposed than the rubric says the device is (MAV), the security
 *     requirements follow the rubric's C/I/A for the device (CR/IR/AR:
 *     H -> H, L -> M, N -> L); in v4 a serious or worse harm marks the
 *     subsequent-system integrity/availability impacts as Safety (MSI/MSA:S)
 *     and sets the Safety supplemental metric; in v2 the harm sets the
 *     collateral damage potential.  KEV listing sets exploit maturity to
 *     its highest value (v4 E:A, v3/v2 E:H) unless the vector says.
 *  3. Exploitability 1..5 from the adjusted vector's exploitability
 *     (v3 sub-score, v4 EQ1/EQ2, v2 sub-score) and exploit maturity; KEV
 *     makes it 5, EPSS raises it; compensating controls that cover the
 *     attack vector lower it by one.
 *  4. Severity of harm: the profile's worst case (catastrophic without a
 *     profile: nothing is known, so the worst case).
 *  5. The acceptability matrix (the profile's, else the default) says
 *     controlled or uncontrolled; the risk level is from the sum.
 *  6. Obligations, with due dates from the date the vulnerability became
 *     known: see obligations().
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "riskint.h"
#include "vgx.h"

static const char *const expl_names[] = {
	"?", "very low", "low", "medium", "high", "very high"
};

const char *
vigil_exploitability_name(int level)
{
	return level >= 1 && level <= 5 ? expl_names[level] : "?";
}

const char *
vigil_risk_level_name(vigil_risk_level l)
{
	switch (l) {
	case VIGIL_RISK_LOW:
		return "low";
	case VIGIL_RISK_MEDIUM:
		return "medium";
	case VIGIL_RISK_HIGH:
		return "high";
	case VIGIL_RISK_CRITICAL:
		return "critical";
	}
	return "?";
}

const char *
vigil_obligation_name(vigil_obligation_kind k)
{
	switch (k) {
	case VIGIL_OBL_ROUTINE_UPDATE:
		return "routine_update";
	case VIGIL_OBL_CUSTOMER_NOTICE:
		return "customer_notice";
	case VIGIL_OBL_ISAO_SHARE:
		return "isao_share";
	case VIGIL_OBL_FIX:
		return "fix";
	case VIGIL_OBL_OUT_OF_CYCLE_PATCH:
		return "out_of_cycle_patch";
	case VIGIL_OBL_REPORT_806:
		return "report_806";
	}
	return "?";
}

/* ---- dates (proleptic Gregorian, days since 1970-01-01) ---------------- */

static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

/* Strict "YYYY-MM-DD" (years 1970..9999) into days; -1 if invalid. */
static long
parse_date(const char *s)
{
	static const unsigned mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	const char *p = s, *end;
	uint64_t y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	end = s + 4;
	if (vgx_parse_uint(&p, end, 9999, &y) < 0 || p != end || y < 1970)
		return -1;
	p = s + 5;
	end = s + 7;
	if (vgx_parse_uint(&p, end, 12, &m) < 0 || p != end || m < 1)
		return -1;
	p = s + 8;
	end = s + 10;
	if (vgx_parse_uint(&p, end, 31, &d) < 0 || p != end || d < 1 ||
	    d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 &&
	    !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	return days_from_civil((long)y, (unsigned)m, (unsigned)d);
}

static void
format_date(char out[11], long days)
{
	long y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	if (y > 9999) {
		/* A clock that runs past year 9999 ends there. */
		y = 9999;
		m = 12;
		d = 31;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y < 0 ? 0 : y) % 10000u,
	    m % 100u, d % 100u);
}

/* ---- the vector and its device adjustment ------------------------------ */

static int
version_rank(vigil_cvss_version v)
{
	switch (v) {
	case VIGIL_CVSS_V40:
		return 4;
	case VIGIL_CVSS_V31:
		return 3;
	case VIGIL_CVSS_V30:
		return 2;
	case VIGIL_CVSS_V2:
		return 1;
	}
	return 0;
}

/* Set metric NAME of C to value VAL (its abbreviation). */
static void
set_metric(vigil_cvss *c, const char *name, const char *val)
{
	size_t i, n = vigil_cvss_metric_count(c->version);
	unsigned v;

	for (i = 0; i < n; i++) {
		if (strcmp(vigil_cvss_metric_name(c->version, i), name) != 0)
			continue;
		for (v = 0; vigil_cvss_value_name(c->version, i, v) != NULL;
		    v++)
			if (strcmp(vigil_cvss_value_name(c->version, i, v),
			    val) == 0) {
				c->val[i] = (uint8_t)v;
				c->given |= UINT32_C(1) << i;
				return;
			}
	}
	assert(!"set_metric: no such metric or value");
}

static bool
is_x(const vigil_cvss *c, const char *name)
{
	const char *v = vigil_cvss_get(c, name);

	return v == NULL || strcmp(v, "X") == 0 || strcmp(v, "ND") == 0;
}

/* Exposure order of attack vectors, most exposed first. */
static int
av_rank(char av)
{
	switch (av) {
	case 'N':
		return 0;
	case 'A':
		return 1;
	case 'L':
		return 2;
	}
	return 3;	/* P */
}

struct why {
	char *buf;
	size_t size, len;
};

static void why_add(struct why *w, const char *fmt, ...) VIGIL_PRINTF(2, 3);

static void
why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (w->len + 1 >= w->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(w->buf + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len += (size_t)n < w->size - w->len ? (size_t)n :
		    w->size - w->len - 1;
}

static void
adjust(vigil_cvss *c, const vigil_risk_input *in, const vigil_rubric *rb,
    vigil_harm harm, struct why *w)
{
	static const char *const req3[] = { "L", "M", "H" };	/* N L H */
	const char *names[] = { "CR", "IR", "AR" };
	const char *av = vigil_cvss_get(c, "AV");
	int i;

	if (in->kev) {
		const char *e = c->version == VIGIL_CVSS_V40 ? "A" : "H";

		if (is_x(c, "E")) {
			set_metric(c, "E", e);
			why_add(w, "KEV-listed, so E:%s; ", e);
		}
	}
	if (rb == NULL)
		return;
	if (c->version == VIGIL_CVSS_V2) {
		static const char *const cdp[] = {
			"N", "N", "L", "LM", "MH", "H"
		};

		set_metric(c, "CDP", cdp[harm]);
		why_add(w, "harm %s, so CDP:%s; ", vigil_harm_name(harm),
		    cdp[harm]);
	} else if (av_rank(rb->metric[0][0]) > av_rank(av[0])) {
		char mav[2] = { rb->metric[0][0], '\0' };

		set_metric(c, "MAV", mav);
		why_add(w, "the device is reachable at AV:%s only, so MAV:%s; ",
		    mav, mav);
	}
	for (i = 0; i < 3; i++) {
		char lvl = rb->metric[5 + i][0];
		const char *r = req3[lvl == 'N' ? 0 : lvl == 'L' ? 1 : 2];

		set_metric(c, names[i], r);
	}
	why_add(w, "device C/I/A %c/%c/%c, so CR/IR/AR:%s/%s/%s; ",
	    rb->metric[5][0], rb->metric[6][0], rb->metric[7][0],
	    vigil_cvss_get(c, "CR"), vigil_cvss_get(c, "IR"),
	    vigil_cvss_get(c, "AR"));
	if (c->version == VIGIL_CVSS_V40 && harm >= VIGIL_HARM_SERIOUS) {
		bool integ = strcmp(vigil_cvss_get(c, "VI"), "N") != 0 ||
		    strcmp(vigil_cvss_get(c, "SI"), "N") != 0;
		bool avail = strcmp(vigil_cvss_get(c, "VA"), "N") != 0 ||
		    strcmp(vigil_cvss_get(c, "SA"), "N") != 0;

		if (integ)
			set_metric(c, "MSI", "S");
		if (avail)
			set_metric(c, "MSA", "S");
		set_metric(c, "S", "P");
		why_add(w, "harm %s, so Safety:%s%s S:P; ",
		    vigil_harm_name(harm), integ ? " MSI:S" : "",
		    avail ? " MSA:S" : "");
	}
}

/* ---- exploitability ---------------------------------------------------- */

static int
clamp15(int v)
{
	return v < 1 ? 1 : v > 5 ? 5 : v;
}

static int
exploitability(const vigil_cvss *c, const vigil_cvss_scores *sc,
    const vigil_risk_input *in, struct why *w)
{
	const char *e = vigil_cvss_get(c, "E"), *av = vigil_cvss_get(c, "AV");
	const char *mav;
	int lvl, x, n;
	unsigned ctl = in->profile != NULL ? in->profile->controls : 0;
	char buf[8];

	if (c->version == VIGIL_CVSS_V40) {
		int eq1 = sc->macrovector[0] - '0', eq2 = sc->macrovector[1] -
		    '0';

		lvl = 4 - eq1 - eq2;
		if (lvl < 1)
			lvl = 1;
		why_add(w, "exploitability from EQ1=%d EQ2=%d", eq1, eq2);
	} else {
		x = sc->modified_exploitability >= 0 ?
		    sc->modified_exploitability : sc->exploitability;
		if (c->version == VIGIL_CVSS_V2)
			lvl = x >= 80 ? 4 : x >= 60 ? 3 : x >= 40 ? 2 : 1;
		else
			lvl = x >= 35 ? 4 : x >= 25 ? 3 : x >= 15 ? 2 : 1;
		why_add(w, "exploitability sub-score %s",
		    vigil_cvss_tenths_str(buf, sizeof(buf), x));
	}
	if (e != NULL && (strcmp(e, "H") == 0 || strcmp(e, "F") == 0 ||
	    strcmp(e, "A") == 0)) {
		lvl++;
		why_add(w, ", exploit maturity E:%s (+1)", e);
	} else if (e != NULL && strcmp(e, "U") == 0) {
		lvl--;
		why_add(w, ", E:U (-1)");
	}
	lvl = clamp15(lvl);
	if (in->kev) {
		lvl = 5;
		why_add(w, ", KEV-listed: known exploited (5)");
	}
	if (in->epss >= 0.5 && lvl < 5) {
		lvl = 5;
		why_add(w, ", EPSS %.3f >= 0.5 (5)", in->epss);
	} else if ((in->epss >= 0.1 || in->epss_percentile >= 0.95) &&
	    lvl < 4) {
		lvl = 4;
		why_add(w, ", EPSS %.3f / percentile %.3f (4)", in->epss,
		    in->epss_percentile);
	}
	/* Compensating controls that cover the effective attack vector. */
	mav = vigil_cvss_get(c, "MAV");
	if (mav != NULL && strcmp(mav, "X") != 0)
		av = mav;
	if (av[0] == 'N' || av[0] == 'A') {
		n = !!(ctl & VIGIL_CONTROL_NETWORK_ISOLATION) +
		    !!(ctl & VIGIL_CONTROL_NETWORK_SEGREGATION) +
		    !!(ctl & VIGIL_CONTROL_FIREWALL) +
		    !!(ctl & VIGIL_CONTROL_REMOTE_ACCESS) +
		    !!(ctl & VIGIL_CONTROL_MONITORING);
		/* N70: never rely on a firewall or segmentation alone. */
		if (n >= 2 && lvl > 1) {
			lvl--;
			why_add(w, ", %d network controls in place (-1)", n);
		}
	} else {
		n = !!(ctl & VIGIL_CONTROL_PHYSICAL_ACCESS) +
		    !!(ctl & VIGIL_CONTROL_REMOVABLE_MEDIA);
		if (n >= 1 && lvl > 1) {
			lvl--;
			why_add(w, ", physical controls in place (-1)");
		}
	}
	why_add(w, ": %s", vigil_exploitability_name(lvl));
	return lvl;
}

/* ---- obligations ------------------------------------------------------- */

static void
add_obl(vigil_risk_result *out, vigil_obligation_kind k, int days, long known,
    const char *what)
{
	vigil_obligation *o;

	if (!VIGIL_ALWAYS(out->nobligations < VIGIL_RISK_MAX_OBLIGATIONS))
		return;
	o = &out->obligations[out->nobligations++];
	o->kind = k;
	o->days = days;
	o->what = what;
	o->due[0] = '\0';
	if (days >= 0 && known >= 0)
		format_date(o->due, known + days);
}

/*
 * FDA postmarket guidance (2016) section VI and FD&C Act section 524B:
 * controlled risk -> routine update, no 21 CFR 806 report; uncontrolled ->
 * customer notice within 30 days, ISAO sharing, a validated fix within 60
 * days, and an 806 report unless all of those are met (and no serious
 * adverse event or death is known); a critical vulnerability with
 * uncontrolled risk -> an out-of-cycle patch as soon as possible.
 */
static void
obligations(vigil_risk_result *out, const vigil_risk_input *in, long known)
{
	if (!out->uncontrolled) {
		add_obl(out, VIGIL_OBL_ROUTINE_UPDATE, -1, known,
		    "fix in a routine update (an enhancement: no 21 CFR 806 "
		    "report; PMA annual report)");
		return;
	}
	if (vigil__risk_critical(out, in))
		add_obl(out, VIGIL_OBL_OUT_OF_CYCLE_PATCH, 0, known,
		    "critical vulnerability with uncontrolled risk: "
		    "out-of-cycle patch as soon as possible "
		    "(FD&C 524B(b)(2)(B))");
	add_obl(out, VIGIL_OBL_CUSTOMER_NOTICE, 30, known,
	    "notify customers and users: the vulnerability, its impact, the "
	    "work under way, compensating controls, the fix to come");
	add_obl(out, VIGIL_OBL_ISAO_SHARE, 30, known,
	    "share the notice with an ISAO in which you take part");
	add_obl(out, VIGIL_OBL_FIX, 60, known,
	    "validated fix (or controls that bring the risk to acceptable) "
	    "distributed to customers");
	add_obl(out, VIGIL_OBL_REPORT_806, -1, known,
	    "21 CFR 806 report, unless no serious adverse event or death is "
	    "known and the 30-day notice, ISAO sharing and 60-day fix are met");
}

/* ---- the assessment ---------------------------------------------------- */

int
vigil_risk_assess(vigil_risk_result *out, const vigil_risk_input *in,
    vigil_error *err)
{
	vigil_cvss best, adj;
	vigil_cvss_scores sbest, sadj;
	vigil_rubric rb;
	const vigil_rubric *rbp = NULL;
	struct why w;
	long known = -1;
	size_t i;
	int rc, sum;
	char buf[8];

	memset(out, 0, sizeof(*out));
	if (in->version != VIGIL_RISK_INPUT_VERSION)
		return vigil__error(err, VIGIL_EINVALID,
		    "risk input version %u, vigil knows %d", in->version,
		    VIGIL_RISK_INPUT_VERSION);
	if (in->ncvss == 0 || in->cvss == NULL)
		return vigil__error(err, VIGIL_EINVALID, "no CVSS vector");
	if (in->epss > 1 || isnan(in->epss) || in->epss_percentile > 1 ||
	    isnan(in->epss_percentile))
		return vigil__error(err, VIGIL_EINVALID,
		    "EPSS values must be within 0..1");
	if (in->known != NULL && (known = parse_date(in->known)) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "date known '%.32s' is not a valid YYYY-MM-DD date",
		    in->known);
	memset(&best, 0, sizeof(best));
	for (i = 0; i < in->ncvss; i++) {
		vigil_cvss c;

		if ((rc = vigil_cvss_parse(&c, in->cvss[i], strlen(in->cvss[i]),
		    err)) < 0) {
			vigil__error_prefix(err, "CVSS vector %zu", i + 1);
			return rc;
		}
		if (i == 0 || version_rank(c.version) >
		    version_rank(best.version))
			best = c;
	}
	if ((rc = vigil_cvss_score(&sbest, &best, err)) < 0)
		return rc;
	out->cvss_version = best.version;
	out->cvss_score = best.version == VIGIL_CVSS_V40 ? sbest.score :
	    sbest.base;
	(void)vigil_cvss_format(out->cvss_vector, sizeof(out->cvss_vector),
	    &best);

	w.buf = out->reason;
	w.size = sizeof(out->reason);
	w.len = 0;
	out->harm = VIGIL_HARM_CATASTROPHIC;
	if (in->profile != NULL) {
		if (in->rubric != NULL)
			rbp = in->rubric;
		else if ((rc = vigil_rubric_eval(&rb, in->profile, err)) < 0)
			return rc;
		else
			rbp = &rb;
		out->harm = in->profile->harm;
	}
	adj = best;
	adjust(&adj, in, rbp, out->harm, &w);
	if ((rc = vigil_cvss_score(&sadj, &adj, err)) < 0)
		return rc;
	(void)vigil_cvss_format(out->device_vector,
	    sizeof(out->device_vector), &adj);
	out->device_score = sadj.score;
	why_add(&w, "device-adjusted CVSS %s; ",
	    vigil_cvss_tenths_str(buf, sizeof(buf), out->device_score));

	out->exploitability = exploitability(&adj, &sadj, in, &w);
	why_add(&w, "; harm %s%s", vigil_harm_name(out->harm),
	    in->profile != NULL ? " (profile's worst case)" :
	    " (no device profile: worst case)");
	{
		bool m[5][5];

		if (in->profile != NULL)
			memcpy(m, in->profile->uncontrolled, sizeof(m));
		else
			vigil_risk_default_matrix(m);
		out->uncontrolled = m[out->harm - 1][out->exploitability - 1];
		why_add(&w, "; %s in the %s matrix",
		    out->uncontrolled ? "uncontrolled" : "controlled",
		    in->profile != NULL && in->profile->has_matrix ?
		    "profile's" : "default");
	}
	sum = (int)out->harm + out->exploitability;
	out->level = sum <= 4 ? VIGIL_RISK_LOW : sum <= 6 ? VIGIL_RISK_MEDIUM :
	    sum <= 8 ? VIGIL_RISK_HIGH : VIGIL_RISK_CRITICAL;
	why_add(&w, "; risk %s", vigil_risk_level_name(out->level));
	obligations(out, in, known);
	if (out->uncontrolled && known < 0)
		why_add(&w, "; no date known given: the 30/60-day clocks have "
		    "no due date");
	vigil__risk_priority(out, in);
	return 0;
}
