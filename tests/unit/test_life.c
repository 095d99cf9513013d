/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Life-cycle stages (IMDRF N70 stage criteria by dates, §5.5 transition table, table
 * driven), dates, protection by compensating controls and the FDA
 * metrics, with bad input.
 */
#include <string.h>

#include "testutil.h"
#include "vigil/life.h"
#include "vigil/risk.h"

static int32_t
D(const char *s)
{
	int32_t d;

	assert_int_equal(vigil_life_date_parse(&d, s, strlen(s), NULL), 0);
	return d;
}

static void
test_dates(void **state)
{
	static const struct {
		const char *in;
		int ok;
		int32_t day;
	} t[] = {
		{"1970-01-01", 1, 0},
		{"1970-01-02", 1, 1},
		{"2000-03-01", 1, 11017},
		{"2024-02-29", 1, 19782},
		{"2026-11-29T08:00:00Z", 1, 20786},
		{"2199-12-31", 1, VIGIL_LIFE_DAY_MAX},
		{"2023-02-29", 0, 0},	/* not a leap year */
		{"1900-02-29", 0, 0},
		{"2026-13-01", 0, 0},
		{"2026-00-10", 0, 0},
		{"2026-1-10", 0, 0},
		{"1969-12-31", 0, 0},
		{"2200-01-01", 0, 0},
		{"99999-01-01", 0, 0},
		{"2026-01-01x", 0, 0},
		{"", 0, 0},
	};
	size_t i;
	char out[11];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int32_t d = -5;
		vigil_error err;
		int rc = vigil_life_date_parse(&d, t[i].in, strlen(t[i].in),
		    &err);

		if (t[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(d, t[i].day);
			vigil_life_date_format(out, d);
			assert_memory_equal(out, t[i].in, 10);
		} else {
			assert_int_equal(rc, VIGIL_EINVALID);
		}
	}
	/* An embedded NUL is not part of a date. */
	assert_int_equal(vigil_life_date_parse(&(int32_t){0}, "2026-01\0001",
	    10, NULL), VIGIL_EINVALID);
	vigil_life_date_format(out, VIGIL_LIFE_NODATE);
	assert_string_equal(out, "");
	assert_true(vigil_life_today() > D("2020-01-01"));
}

/* Controls: N = network segregation + firewall, P = physical access. */
#define NONE 0u
#define NET (VIGIL_CONTROL_NETWORK_SEGREGATION | VIGIL_CONTROL_FIREWALL)
#define BOTH (NET | VIGIL_CONTROL_PHYSICAL_ACCESS)

static void
test_stages(void **state)
{
	static const struct {
		const char *what;
		const char *as_of, *released, *eol, *eos;
		bool safety;
		unsigned controls;
		const char *ceos;	/* component EOS or NULL */
		const char *support;	/* component support level */
		const char *replaced;
		vigil_life_stage want;
		vigil_life_stage want_dates;
		const char *reason;	/* substring */
	} t[] = {
		/* Stage criteria: dates alone. */
		{"before release", "2020-01-01", "2021-01-01", "2030-01-01",
		    "2032-01-01", true, NONE, NULL, NULL, NULL,
		    VIGIL_LIFE_DEVELOPMENT, VIGIL_LIFE_DEVELOPMENT,
		    "not released"},
		{"supported", "2026-01-01", "2021-01-01", "2030-01-01",
		    "2032-01-01", true, NONE, NULL, NULL, NULL,
		    VIGIL_LIFE_SUPPORT, VIGIL_LIFE_SUPPORT, "N70 stage criteria"},
		{"on the EOL day", "2030-01-01", "2021-01-01", "2030-01-01",
		    "2032-01-01", true, NONE, NULL, NULL, NULL,
		    VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_LIMITED_SUPPORT,
		    "EOL date 2030-01-01"},
		{"day before EOS", "2031-12-31", NULL, "2030-01-01",
		    "2032-01-01", true, NONE, NULL, NULL, NULL,
		    VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_LIMITED_SUPPORT,
		    NULL},
		{"on the EOS day", "2032-01-01", NULL, "2030-01-01",
		    "2032-01-01", true, BOTH, NULL, NULL, NULL,
		    VIGIL_LIFE_END_OF_SUPPORT, VIGIL_LIFE_END_OF_SUPPORT,
		    "EOS date 2032-01-01"},
		{"no dates at all", "2026-01-01", NULL, NULL, NULL, true,
		    NONE, NULL, NULL, NULL, VIGIL_LIFE_SUPPORT,
		    VIGIL_LIFE_SUPPORT, NULL},
		/* §5.5 rows. */
		{"no safety impact: stay", "2026-06-01", NULL, "2030-01-01",
		    "2032-01-01", false, NONE, "2026-01-01", NULL, NULL,
		    VIGIL_LIFE_SUPPORT, VIGIL_LIFE_SUPPORT, NULL},
		{"replaced in a later release: stay", "2026-06-01", NULL,
		    "2030-01-01", "2032-01-01", true, NONE, "2026-01-01", NULL,
		    "3.3", VIGIL_LIFE_SUPPORT, VIGIL_LIFE_SUPPORT, NULL},
		{"support, protected: limited", "2026-06-01", NULL,
		    "2030-01-01", "2032-01-01", true, BOTH, "2026-01-01", NULL,
		    NULL, VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_SUPPORT,
		    "mitigated only with unsupported parts"},
		{"support, network only: EOS", "2026-06-01", NULL,
		    "2030-01-01", "2032-01-01", true, NET, "2026-01-01", NULL,
		    NULL, VIGIL_LIFE_END_OF_SUPPORT, VIGIL_LIFE_SUPPORT,
		    "risk not mitigated"},
		{"abandoned component, no date", "2026-06-01", NULL, NULL,
		    NULL, true, BOTH, NULL, "Abandoned", NULL,
		    VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_SUPPORT,
		    "no longer maintained"},
		{"no-longer-maintained spelling", "2026-06-01", NULL, NULL,
		    NULL, true, BOTH, NULL, "no-longer-maintained", NULL,
		    VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_SUPPORT, NULL},
		{"actively maintained, date ahead", "2026-06-01", NULL, NULL,
		    NULL, true, NONE, "2026-06-02", "actively-maintained",
		    NULL, VIGIL_LIFE_SUPPORT, VIGIL_LIFE_SUPPORT, NULL},
		{"limited, protected: stay", "2031-01-01", NULL, "2030-01-01",
		    "2032-01-01", true, BOTH, "2030-06-01", NULL, NULL,
		    VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_LIMITED_SUPPORT,
		    "EOL date"},
		{"limited, unprotected: EOS", "2031-01-01", NULL,
		    "2030-01-01", "2032-01-01", true, NONE, "2030-06-01", NULL,
		    NULL, VIGIL_LIFE_END_OF_SUPPORT,
		    VIGIL_LIFE_LIMITED_SUPPORT, "cannot be reasonably"},
		{"limited, replaced does not help", "2031-01-01", NULL,
		    "2030-01-01", "2032-01-01", true, NONE, "2030-06-01", NULL,
		    "4.0", VIGIL_LIFE_END_OF_SUPPORT,
		    VIGIL_LIFE_LIMITED_SUPPORT, NULL},
		{"development has no row", "2020-01-01", "2021-01-01", NULL,
		    NULL, true, NONE, "2019-01-01", NULL, NULL,
		    VIGIL_LIFE_DEVELOPMENT, VIGIL_LIFE_DEVELOPMENT, NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		vigil_life_input in = VIGIL_LIFE_INPUT_INIT;
		vigil_life_component c = {"libx", "1.0", NULL,
			VIGIL_LIFE_NODATE, NULL};
		vigil_life_result r;
		vigil_error err;

		in.as_of = D(t[i].as_of);
		in.released = t[i].released ? D(t[i].released) :
		    VIGIL_LIFE_NODATE;
		in.eol = t[i].eol ? D(t[i].eol) : VIGIL_LIFE_NODATE;
		in.eos = t[i].eos ? D(t[i].eos) : VIGIL_LIFE_NODATE;
		in.safety_impact = t[i].safety;
		in.controls = t[i].controls;
		if (t[i].ceos != NULL || t[i].support != NULL) {
			c.eos = t[i].ceos ? D(t[i].ceos) : VIGIL_LIFE_NODATE;
			c.support = t[i].support;
			c.replaced_in = t[i].replaced;
			in.components = &c;
			in.ncomponents = 1;
		}
		if (vigil_life_eval(&r, &in, &err) != 0)
			fail_msg("%s: %s", t[i].what, err.msg);
		if (r.stage != t[i].want || r.date_stage != t[i].want_dates)
			fail_msg("%s: stage %s (dates %s), want %s (%s)",
			    t[i].what, vigil_life_stage_name(r.stage),
			    vigil_life_stage_name(r.date_stage),
			    vigil_life_stage_name(t[i].want),
			    vigil_life_stage_name(t[i].want_dates));
		if (t[i].reason != NULL && strstr(r.reason, t[i].reason) ==
		    NULL)
			fail_msg("%s: reason \"%s\"", t[i].what, r.reason);
	}
}

static void
test_notice_dates(void **state)
{
	vigil_life_input in = VIGIL_LIFE_INPUT_INIT;
	vigil_life_component c[2] = {
		{"a", NULL, NULL, VIGIL_LIFE_NODATE, NULL},
		{"b", NULL, NULL, VIGIL_LIFE_NODATE, NULL},
	};
	vigil_life_result r;
	char d[11];

	(void)state;
	in.as_of = D("2026-01-01");
	in.eos = D("2032-01-01");
	c[0].eos = D("2031-01-01");	/* before the device's EOS */
	c[1].eos = D("2033-01-01");
	in.components = c;
	in.ncomponents = 2;
	assert_int_equal(vigil_life_eval(&r, &in, NULL), 0);
	assert_int_equal(r.eos_before_device, 1);
	assert_int_equal(r.unsupported, 0);
	vigil_life_date_format(d, r.notice_due);
	assert_string_equal(d, "2030-01-01");	/* two years before */
	vigil_life_date_format(d, r.transfer_start);
	assert_string_equal(d, "2029-01-01");
	in.eos = VIGIL_LIFE_NODATE;
	assert_int_equal(vigil_life_eval(&r, &in, NULL), 0);
	assert_int_equal(r.notice_due, VIGIL_LIFE_NODATE);
}

static void
test_bad_input(void **state)
{
	vigil_life_input in = VIGIL_LIFE_INPUT_INIT;
	vigil_life_result r;
	vigil_error err;

	(void)state;
	in.as_of = D("2026-01-01");
	in.eol = D("2030-01-01");
	in.eos = D("2029-01-01");
	assert_int_equal(vigil_life_eval(&r, &in, &err), VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "before EOL"));
	in.eos = D("2031-01-01");
	in.released = D("2030-06-01");
	assert_int_equal(vigil_life_eval(&r, &in, &err), VIGIL_EINVALID);
	in.released = VIGIL_LIFE_NODATE;
	in.as_of = VIGIL_LIFE_NODATE;
	assert_int_equal(vigil_life_eval(&r, &in, &err), VIGIL_EINVALID);
	in.as_of = INT32_MAX;
	assert_int_equal(vigil_life_eval(&r, &in, &err), VIGIL_EINVALID);
}

static void
test_protected(void **state)
{
	(void)state;
	assert_false(vigil_life_protected(0));
	assert_false(vigil_life_protected(NET));	/* network alone */
	assert_false(vigil_life_protected(VIGIL_CONTROL_PHYSICAL_ACCESS |
	    VIGIL_CONTROL_MONITORING));
	assert_true(vigil_life_protected(VIGIL_CONTROL_FIREWALL |
	    VIGIL_CONTROL_MONITORING));
	assert_int_equal(vigil_life_missing_controls(BOTH),
	    0x1ffu & ~BOTH);
	assert_int_equal(vigil_life_missing_controls(0x1ff), 0);
}

static void
test_metrics(void **state)
{
	vigil_life_vuln v[4];
	vigil_life_metrics m;
	vigil_error err;

	(void)state;
	assert_int_equal(vigil_life_metrics_compute(&m, NULL, 0, NULL), 0);
	assert_int_equal(m.vulns, 0);
	assert_true(m.mean_to_patch < 0 && m.share_patched == 0.0);

	v[0] = (vigil_life_vuln){D("2026-01-01"), D("2026-01-31"),
		D("2026-03-02")};
	v[1] = (vigil_life_vuln){D("2026-02-01"), D("2026-02-11"),
		VIGIL_LIFE_NODATE};
	v[2] = (vigil_life_vuln){D("2026-03-01"), VIGIL_LIFE_NODATE,
		VIGIL_LIFE_NODATE};
	v[3] = (vigil_life_vuln){D("2026-03-05"), D("2026-03-05"),
		D("2026-03-05")};
	assert_int_equal(vigil_life_metrics_compute(&m, v, 4, &err), 0);
	assert_int_equal(m.vulns, 4);
	assert_int_equal(m.patched, 3);
	assert_int_equal(m.fielded, 2);
	assert_true(m.share_patched > 0.749 && m.share_patched < 0.751);
	/* (30 + 10 + 0) / 3 and (30 + 0) / 2 */
	assert_true(m.mean_to_patch > 13.33 && m.mean_to_patch < 13.34);
	assert_true(m.mean_to_field > 14.99 && m.mean_to_field < 15.01);

	v[1].patched = D("2026-01-15");	/* before identified */
	assert_int_equal(vigil_life_metrics_compute(&m, v, 4, &err),
	    VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "record 1"));
	v[1].patched = VIGIL_LIFE_NODATE;
	v[1].fielded = D("2026-05-01");	/* fielded without a patch */
	assert_int_equal(vigil_life_metrics_compute(&m, v, 4, &err),
	    VIGIL_EINVALID);
	v[1].fielded = VIGIL_LIFE_NODATE;
	v[0].fielded = D("2026-01-20");	/* before the patch */
	assert_int_equal(vigil_life_metrics_compute(&m, v, 4, &err),
	    VIGIL_EINVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_notice_dates),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_protected),
		cmocka_unit_test(test_metrics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
