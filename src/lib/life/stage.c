/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Life-cycle stages of a device on a given day (IMDRF N70), the dates they
 * are computed from, and the FDA postmarket metrics.  Pure functions: the
 * inventory in the store (fleet.c) and the CLI gather the input.
 *
 * The stage is the later of two: the stage its dates give (N70: the
 * EOL time point starts limited support, the EOS time point starts end of
 * support) and the stage its unsupported components lead to through the
 * N70 §5.5 transition table (docs/life-cycle.md has the table).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vigil/life.h"
#include "vigil/risk.h"
#include "vgx.h"

/* ---- dates ---------------------------------------------------------------- */

static bool
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
mdays(long y, int m)
{
	static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Days from 1970-01-01 to Y-M-D (Y >= 1970). */
static int32_t
civil_days(long y, int m, int d)
{
	int32_t n = 0;
	long yy;
	int mm;

	for (yy = 1970; yy < y; yy++)
		n += leap(yy) ? 366 : 365;
	for (mm = 1; mm < m; mm++)
		n += mdays(y, mm);
	return n + d - 1;
}

static int
num(const char *s, size_t n, long *out)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!vgx_isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
vigil_life_date_parse(int32_t *out, const char *s, size_t len,
    vigil_error *err)
{
	long y, m, d;
	int32_t day;

	if (s == NULL || len < 10 || (len > 10 && s[10] != 'T') ||
	    s[4] != '-' || s[7] != '-' || num(s, 4, &y) < 0 ||
	    num(s + 5, 2, &m) < 0 || num(s + 8, 2, &d) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "not a date (YYYY-MM-DD): \"%.*s\"",
		    (int)(len > 40 ? 40 : len), s ? s : "");
	if (m < 1 || m > 12 || d < 1 || d > mdays(y, (int)m))
		return vigil__error(err, VIGIL_EINVALID, "no such day: %.10s",
		    s);
	if (y < 1970 || y > 2199)
		return vigil__error(err, VIGIL_EINVALID,
		    "date out of range (1970..2199): %.10s", s);
	day = civil_days(y, (int)m, (int)d);
	*out = day;
	return 0;
}

void
vigil_life_date_format(char out[11], int32_t day)
{
	long y = 1970;
	int m = 1;

	if (day == VIGIL_LIFE_NODATE || day < 0) {
		out[0] = '\0';
		return;
	}
	while (day >= (leap(y) ? 366 : 365)) {
		day -= leap(y) ? 366 : 365;
		y++;
	}
	while (day >= mdays(y, m)) {
		day -= mdays(y, m);
		m++;
	}
	{
		char tmp[48];

		snprintf(tmp, sizeof(tmp), "%04ld-%02d-%02d", y, m,
		    (int)day + 1);
		memcpy(out, tmp, 10);
		out[10] = '\0';
	}
}

/* The same calendar day N years before DAY (29 Feb becomes 28 Feb),
 * not before 1970-01-01. */
static int32_t
years_before(int32_t day, int n)
{
	char s[11];
	long y, m, d;

	vigil_life_date_format(s, day);
	if (num(s, 4, &y) < 0 || num(s + 5, 2, &m) < 0 ||
	    num(s + 8, 2, &d) < 0 || y - n < 1970)
		return 0;
	y -= n;
	if (d > mdays(y, (int)m))
		d = mdays(y, (int)m);
	return civil_days(y, (int)m, (int)d);
}

int32_t
vigil_life_today(void)
{
	time_t t = time(NULL);

	return (int32_t)(t / 86400);
}

/* ---- stages --------------------------------------------------------------- */

const char *
vigil_life_stage_name(vigil_life_stage s)
{
	switch (s) {
	case VIGIL_LIFE_DEVELOPMENT:
		return "development";
	case VIGIL_LIFE_SUPPORT:
		return "support";
	case VIGIL_LIFE_LIMITED_SUPPORT:
		return "limited_support";
	case VIGIL_LIFE_END_OF_SUPPORT:
		return "end_of_support";
	}
	return "?";
}

#define NET_CONTROLS (VIGIL_CONTROL_NETWORK_ISOLATION | \
	VIGIL_CONTROL_NETWORK_SEGREGATION | VIGIL_CONTROL_FIREWALL)
#define ALL_CONTROLS 0x1ffu

bool
vigil_life_protected(unsigned controls)
{
	return (controls & NET_CONTROLS) != 0 &&
	    (controls & ALL_CONTROLS & ~NET_CONTROLS) != 0;
}

unsigned
vigil_life_missing_controls(unsigned controls)
{
	return ALL_CONTROLS & ~controls;
}

/* Support levels compare without case, with '-', '_' and ' ' alike
 * (docs/sbom-fields.md: "no-longer-maintained"). */
static bool
level_is(const char *s, const char *want)
{
	for (; *s != '\0' && *want != '\0'; s++, want++) {
		int a = vgx_tolower((unsigned char)*s);

		if (a == '-' || a == ' ')
			a = '_';
		if (a != *want)
			return false;
	}
	return *s == '\0' && *want == '\0';
}

bool
vigil_life_component_unsupported(const vigil_life_component *c,
    int32_t as_of)
{
	if (c->eos != VIGIL_LIFE_NODATE && c->eos <= as_of)
		return true;
	return c->support != NULL && (level_is(c->support,
	    "no_longer_maintained") || level_is(c->support, "abandoned") ||
	    level_is(c->support, "end_of_support") ||
	    level_is(c->support, "end_of_life"));
}

/*
 * The N70 §5.5 transition table, for one unsupported component in a device
 * at stage FROM.  Rows are tried in order; the first that fits decides.
 *
 *   from      safety  replaced  protected  -> to        tell
 *   any       no      -         -          stay        the user
 *   SUPPORT   yes     yes       -          stay        update to the release
 *   SUPPORT   yes     no        yes        LIMITED     public notice, docs
 *   SUPPORT   yes     no        no         EOS         public notice
 *   LIMITED   yes     -         yes        stay        the user
 *   LIMITED   yes     -         no         EOS         public notice
 */
struct rule {
	int from;		/* stage, or -1 any */
	int safety;		/* 0 no, 1 yes */
	int replaced;		/* 0, 1, or -1 either */
	int prot;		/* 0, 1, or -1 either */
	int to;			/* stage, or -1 stay */
	const char *why;
};

static const struct rule rules[] = {
	{-1, 0, -1, -1, -1, "no safety impact: stays, user informed "
	    "(N70 §5.5)"},
	{VIGIL_LIFE_SUPPORT, 1, 1, -1, -1, "risk mitigated without it "
	    "(replaced in a later release): stays (N70 §5.5)"},
	{VIGIL_LIFE_SUPPORT, 1, 0, 1, VIGIL_LIFE_LIMITED_SUPPORT,
	    "mitigated only with unsupported parts: limited support, public "
	    "notice (N70 §5.5)"},
	{VIGIL_LIFE_SUPPORT, 1, 0, 0, VIGIL_LIFE_END_OF_SUPPORT,
	    "risk not mitigated: end of support, public notice "
	    "(N70 stage criteria, §5.5)"},
	{VIGIL_LIFE_LIMITED_SUPPORT, 1, -1, 1, -1, "reasonably protected by "
	    "compensating controls: stays, user informed (N70 §5.5)"},
	{VIGIL_LIFE_LIMITED_SUPPORT, 1, -1, 0, VIGIL_LIFE_END_OF_SUPPORT,
	    "cannot be reasonably protected: end of support, public notice "
	    "(N70 §5.5)"},
};

static const struct rule *
find_rule(int from, bool safety, bool replaced, bool prot)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];

		if ((r->from == -1 || r->from == from) &&
		    r->safety == (int)safety &&
		    (r->replaced == -1 || r->replaced == (int)replaced) &&
		    (r->prot == -1 || r->prot == (int)prot))
			return r;
	}
	return NULL;
}

static int
check_day(int32_t d, const char *what, vigil_error *err)
{
	if (d != VIGIL_LIFE_NODATE && (d < VIGIL_LIFE_DAY_MIN ||
	    d > VIGIL_LIFE_DAY_MAX))
		return vigil__error(err, VIGIL_EINVALID, "%s out of range",
		    what);
	return 0;
}

int
vigil_life_eval(vigil_life_result *out, const vigil_life_input *in,
    vigil_error *err)
{
	char d1[11], d2[11];
	bool noted = false;
	int stage;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	out->notice_due = out->transfer_start = VIGIL_LIFE_NODATE;
	if ((rc = check_day(in->as_of, "as-of date", err)) < 0 ||
	    (rc = check_day(in->released, "release date", err)) < 0 ||
	    (rc = check_day(in->eol, "EOL date", err)) < 0 ||
	    (rc = check_day(in->eos, "EOS date", err)) < 0)
		return rc;
	if (in->as_of == VIGIL_LIFE_NODATE)
		return vigil__error(err, VIGIL_EINVALID, "no as-of date");
	if (in->eol != VIGIL_LIFE_NODATE && in->eos != VIGIL_LIFE_NODATE &&
	    in->eos < in->eol) {
		vigil_life_date_format(d1, in->eos);
		vigil_life_date_format(d2, in->eol);
		return vigil__error(err, VIGIL_EINVALID,
		    "EOS %s is before EOL %s", d1, d2);
	}
	if (in->released != VIGIL_LIFE_NODATE &&
	    ((in->eol != VIGIL_LIFE_NODATE && in->eol < in->released) ||
	    (in->eos != VIGIL_LIFE_NODATE && in->eos < in->released)))
		return vigil__error(err, VIGIL_EINVALID,
		    "EOL or EOS before the release date");

	/* N70 stage criteria: the stage the dates give. */
	if (in->eos != VIGIL_LIFE_NODATE && in->as_of >= in->eos) {
		stage = VIGIL_LIFE_END_OF_SUPPORT;
		vigil_life_date_format(d1, in->eos);
		snprintf(out->reason, sizeof(out->reason),
		    "past its EOS date %s (N70 stage criteria)", d1);
	} else if (in->eol != VIGIL_LIFE_NODATE && in->as_of >= in->eol) {
		stage = VIGIL_LIFE_LIMITED_SUPPORT;
		vigil_life_date_format(d1, in->eol);
		snprintf(out->reason, sizeof(out->reason),
		    "past its EOL date %s: limited support (N70 stage criteria)", d1);
	} else if (in->released != VIGIL_LIFE_NODATE &&
	    in->as_of < in->released) {
		stage = VIGIL_LIFE_DEVELOPMENT;
		vigil_life_date_format(d1, in->released);
		snprintf(out->reason, sizeof(out->reason),
		    "not released until %s (N70 stage criteria)", d1);
	} else {
		stage = VIGIL_LIFE_SUPPORT;
		snprintf(out->reason, sizeof(out->reason),
		    "released, before EOL and EOS (N70 stage criteria)");
	}
	out->date_stage = (vigil_life_stage)stage;
	out->is_protected = vigil_life_protected(in->controls);
	if (in->eos != VIGIL_LIFE_NODATE) {
		out->notice_due = years_before(in->eos, 2);
		out->transfer_start = years_before(in->eos, 3);
	}

	for (i = 0; i < in->ncomponents; i++) {
		const vigil_life_component *c = &in->components[i];
		const struct rule *r;

		if (c->eos != VIGIL_LIFE_NODATE && in->eos !=
		    VIGIL_LIFE_NODATE && c->eos < in->eos)
			out->eos_before_device++;
		if (!vigil_life_component_unsupported(c, in->as_of))
			continue;
		out->unsupported++;
		/* Development and end of support have no row. */
		if (stage != VIGIL_LIFE_SUPPORT &&
		    stage != VIGIL_LIFE_LIMITED_SUPPORT)
			continue;
		r = find_rule(stage, in->safety_impact,
		    c->replaced_in != NULL, out->is_protected);
		if (r == NULL)
			continue;
		if (r->to == -1 || r->to <= stage) {
			/* Stays: say so once, unless a move is explained. */
			if (!noted && stage == (int)out->date_stage) {
				size_t k = strlen(out->reason);

				snprintf(out->reason + k, sizeof(out->reason) -
				    k, "; component %s%s%s unsupported: %s%s%s",
				    c->name ? c->name : "?", c->version ? "@" :
				    "", c->version ? c->version : "", r->why,
				    c->replaced_in ? "; update to " : "",
				    c->replaced_in ? c->replaced_in : "");
				noted = true;
			}
			continue;
		}
		stage = r->to;
		snprintf(out->reason, sizeof(out->reason),
		    "component %s%s%s unsupported (%s): %s",
		    c->name ? c->name : "?", c->version ? "@" : "",
		    c->version ? c->version : "",
		    c->eos != VIGIL_LIFE_NODATE && c->eos <= in->as_of ?
		    "past its EOS" : "no longer maintained", r->why);
	}
	out->stage = (vigil_life_stage)stage;
	return 0;
}

/* ---- FDA metrics ---------------------------------------------------------- */

int
vigil_life_metrics_compute(vigil_life_metrics *out, const vigil_life_vuln *v,
    size_t n, vigil_error *err)
{
	double sp = 0, sf = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (v[i].identified == VIGIL_LIFE_NODATE)
			return vigil__error(err, VIGIL_EINVALID,
			    "record %zu: no identification date", i);
		if (v[i].patched != VIGIL_LIFE_NODATE &&
		    v[i].patched < v[i].identified)
			return vigil__error(err, VIGIL_EINVALID,
			    "record %zu: patched before identified", i);
		if (v[i].fielded != VIGIL_LIFE_NODATE &&
		    v[i].patched == VIGIL_LIFE_NODATE)
			return vigil__error(err, VIGIL_EINVALID,
			    "record %zu: fielded without a patch", i);
		if (v[i].fielded != VIGIL_LIFE_NODATE &&
		    v[i].fielded < v[i].patched)
			return vigil__error(err, VIGIL_EINVALID,
			    "record %zu: fielded before patched", i);
	}
	out->vulns = n;
	for (i = 0; i < n; i++) {
		if (v[i].patched != VIGIL_LIFE_NODATE) {
			out->patched++;
			sp += v[i].patched - v[i].identified;
		}
		if (v[i].fielded != VIGIL_LIFE_NODATE) {
			out->fielded++;
			sf += v[i].fielded - v[i].patched;
		}
	}
	out->share_patched = n ? (double)out->patched / (double)n : 0.0;
	out->mean_to_patch = out->patched ? sp / (double)out->patched : -1.0;
	out->mean_to_field = out->fielded ? sf / (double)out->fielded : -1.0;
	return 0;
}
