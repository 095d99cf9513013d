/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device profiles, the MITRE rubric, the patient-harm assessment and the
 * priority order (src/lib/risk/profile.c, rubric.c, harm.c, priority.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/risk.h"

static vigil_profile *
load(const char *name)
{
	vigil_profile *p = NULL;
	vigil_error err;
	size_t len;
	char *buf = vt_read(vt_data(name), &len);

	vigil_error_clear(&err);
	if (vigil_profile_parse(&p, buf, len, &err) < 0)
		print_message("%s: %s at %s\n", name, err.msg, err.path);
	free(buf);
	assert_non_null(p);
	return p;
}

static int
parse_str(vigil_profile **p, const char *s, vigil_error *err)
{
	vigil_error_clear(err);
	return vigil_profile_parse(p, s, strlen(s), err);
}

/* ---- profiles ------------------------------------------------------------ */

static void
test_profile_valid(void **state)
{
	vigil_profile *p = load("risk/pump.json");

	(void)state;
	assert_string_equal(p->manufacturer, "Test MDM");
	assert_string_equal(p->model, "Pump T1");
	assert_string_equal(p->version, "1.0");
	assert_string_equal(p->udi_di, "00000000000000");
	assert_int_equal(p->therapy_delivery, VIGIL_ANSWER_YES);
	assert_int_equal(p->diagnosis_monitoring, VIGIL_ANSWER_NO);
	assert_int_equal(p->clinical_workflow, VIGIL_ANSWER_UNKNOWN);
	assert_int_equal(p->patient_records, 499);
	assert_int_equal(p->harm, VIGIL_HARM_CATASTROPHIC);
	assert_int_equal(p->q[VIGIL_Q_XAVW], VIGIL_ANSWER_YES);
	assert_int_equal(p->q[VIGIL_Q_XAVP], VIGIL_ANSWER_UNKNOWN);
	assert_int_equal(p->impact[VIGIL_IMPACT_OTHER][VIGIL_IMPACT_DENY],
	    VIGIL_ANSWER_UNKNOWN);
	assert_int_equal(p->impact[VIGIL_IMPACT_THERAPY][VIGIL_IMPACT_MODIFY],
	    VIGIL_ANSWER_YES);
	assert_int_equal(p->ninterfaces, 2);
	assert_string_equal(p->interfaces[0].port, "443/tcp");
	assert_int_equal(p->interfaces[0].direction, VIGIL_DIR_BOTH);
	assert_null(p->interfaces[1].port);
	assert_int_equal(p->interfaces[1].direction, VIGIL_DIR_IN);
	assert_int_equal(p->controls, VIGIL_CONTROL_NETWORK_SEGREGATION |
	    VIGIL_CONTROL_FIREWALL | VIGIL_CONTROL_PHYSICAL_ACCESS);
	assert_false(p->has_matrix);
	assert_true(p->uncontrolled[4][1]);	/* default matrix */
	assert_false(p->uncontrolled[4][0]);
	vigil_profile_free(p);

	p = load("risk/wearable.json");
	assert_true(p->has_matrix);
	assert_true(p->uncontrolled[0][4]);
	assert_true(p->uncontrolled[4][0]);
	assert_false(p->uncontrolled[0][3]);
	assert_null(p->version);
	assert_int_equal(p->patient_records, -1);
	vigil_profile_free(p);
	vigil_profile_free(NULL);
}

static void
test_profile_invalid(void **state)
{
#define HEAD "{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\"," \
	"\"model\":\"X\"},\"worst_case_harm\":\"minor\""
	static const struct {
		const char *json;
		int rc;
		const char *path;	/* JSON Pointer of the error */
		const char *msg;
	} cases[] = {
		{"", VIGIL_EINVALID, "", ""},
		{"[]", VIGIL_EINVALID, "", "JSON object"},
		{"{} x", VIGIL_EINVALID, "", ""},
		{"{\"profile_version\":1}", VIGIL_EINVALID, "/device",
		    "missing"},
		{"{\"device\":{}}", VIGIL_EINVALID, "/profile_version",
		    "missing"},
		{"{\"profile_version\":2}", VIGIL_EUNSUPPORTED,
		    "/profile_version", "1"},
		{"{\"profile_version\":\"1\"}", VIGIL_EUNSUPPORTED,
		    "/profile_version", ""},
		{HEAD ",\"colour\":1}", VIGIL_EINVALID, "/colour", "unknown"},
		{"{\"profile_version\":1,\"device\":{\"model\":\"X\"},"
		    "\"worst_case_harm\":\"minor\"}", VIGIL_EINVALID,
		    "/device/manufacturer", "missing"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"\","
		    "\"model\":\"X\"},\"worst_case_harm\":\"minor\"}",
		    VIGIL_EINVALID, "/device/manufacturer", "empty"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":7,"
		    "\"model\":\"X\"},\"worst_case_harm\":\"minor\"}",
		    VIGIL_EINVALID, "/device/manufacturer", "string"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\","
		    "\"model\":\"X\",\"a/b~c\":1},\"worst_case_harm\":\"minor\"}",
		    VIGIL_EINVALID, "/device/a~1b~0c", "unknown"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\","
		    "\"model\":\"X\"}}", VIGIL_EINVALID, "/worst_case_harm",
		    "missing"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\","
		    "\"model\":\"X\"},\"worst_case_harm\":\"Minor\"}",
		    VIGIL_EINVALID, "/worst_case_harm", "negligible"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\","
		    "\"model\":\"X\"},\"worst_case_harm\":3}",
		    VIGIL_EINVALID, "/worst_case_harm", "one of"},
		{HEAD ",\"clinical_functions\":{\"therapy_delivery\":\"yes\"}}",
		    VIGIL_EINVALID, "/clinical_functions/therapy_delivery",
		    "true, false"},
		{HEAD ",\"clinical_functions\":{\"patient_records\":-1}}",
		    VIGIL_EINVALID, "/clinical_functions/patient_records", ">= 0"},
		{HEAD ",\"clinical_functions\":{\"patient_records\":1.5}}",
		    VIGIL_EINVALID, "/clinical_functions/patient_records",
		    "whole"},
		{HEAD ",\"rubric\":{\"XAVN\":\"maybe\"}}", VIGIL_EINVALID,
		    "/rubric/XAVN", "yes"},
		{HEAD ",\"rubric\":{\"XAVN\":true}}", VIGIL_EINVALID,
		    "/rubric/XAVN", "yes"},
		{HEAD ",\"rubric\":{\"XAVQ\":\"yes\"}}", VIGIL_EINVALID,
		    "/rubric/XAVQ", "unknown"},
		{HEAD ",\"rubric\":{\"impact\":{\"therapy\":{}}}}",
		    VIGIL_EINVALID, "/rubric/impact/therapy", "unknown"},
		{HEAD ",\"rubric\":{\"impact\":{\"phi_pii\":{\"write\":\"no\"}}}}",
		    VIGIL_EINVALID, "/rubric/impact/phi_pii/write", "unknown"},
		{HEAD ",\"rubric\":{\"impact\":{\"phi_pii\":[]}}}",
		    VIGIL_EINVALID, "/rubric/impact/phi_pii", "object"},
		{HEAD ",\"interfaces\":{}}", VIGIL_EINVALID, "/interfaces",
		    "array"},
		{HEAD ",\"interfaces\":[{\"name\":\"USB\"}]}", VIGIL_EINVALID,
		    "/interfaces/0/direction", "missing"},
		{HEAD ",\"interfaces\":[{\"name\":\"USB\",\"direction\":\"up\"}]}",
		    VIGIL_EINVALID, "/interfaces/0/direction", "\"in\""},
		{HEAD ",\"interfaces\":[{\"name\":\"USB\",\"direction\":\"in\"},"
		    "3]}", VIGIL_EINVALID, "/interfaces/1", "object"},
		{HEAD ",\"compensating_controls\":[\"firewall\",\"moat\"]}",
		    VIGIL_EINVALID, "/compensating_controls/1", "unknown"},
		{HEAD ",\"compensating_controls\":[\"firewall\",\"firewall\"]}",
		    VIGIL_EINVALID, "/compensating_controls/1", "twice"},
		{HEAD ",\"acceptability\":{}}", VIGIL_EINVALID,
		    "/acceptability/uncontrolled", "missing"},
		{HEAD ",\"acceptability\":{\"uncontrolled\":[\"CCCCC\"]}}",
		    VIGIL_EINVALID, "/acceptability/uncontrolled", "5 rows"},
		{HEAD ",\"acceptability\":{\"uncontrolled\":[\"CCCCC\",\"CCCCU\","
		    "\"CCCUU\",\"CCUUX\",\"CUUUU\"]}}", VIGIL_EINVALID,
		    "/acceptability/uncontrolled/3", "C or"},
		{HEAD ",\"acceptability\":{\"uncontrolled\":[\"CCCCC\",\"CCCCU\","
		    "\"CCCUU\",\"CCUUU\",\"CUUU\"]}}", VIGIL_EINVALID,
		    "/acceptability/uncontrolled/4", "5 letters"},
		/* more exploitability but controlled: not monotonic */
		{HEAD ",\"acceptability\":{\"uncontrolled\":[\"CCCCC\",\"CCCUC\","
		    "\"CCCUU\",\"CCUUU\",\"CUUUU\"]}}", VIGIL_EINVALID,
		    "/acceptability/uncontrolled/1", "monotonic"},
		/* duplicate keys, NUL, invalid UTF-8, deep nesting */
		{"{\"profile_version\":1,\"profile_version\":1}", VIGIL_EINVALID,
		    "", "duplicate"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\\u0000\","
		    "\"model\":\"X\"},\"worst_case_harm\":\"minor\"}",
		    VIGIL_EINVALID, "", "NUL"},
		{"{\"profile_version\":1,\"device\":{\"manufacturer\":\"M\xff\","
		    "\"model\":\"X\"},\"worst_case_harm\":\"minor\"}",
		    VIGIL_EINVALID, "", "decode byte 0xff"},
	};
	vigil_profile *p;
	vigil_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = (vigil_profile *)1;
		print_message("%zu: %s\n", i, cases[i].json);
		assert_int_equal(parse_str(&p, cases[i].json, &err),
		    cases[i].rc);
		print_message("   -> %s (at '%s')\n", err.msg, err.path);
		assert_null(p);
		assert_string_equal(err.path, cases[i].path);
		assert_non_null(strstr(err.msg, cases[i].msg));
	}
#undef HEAD
}

static void
test_profile_limits(void **state)
{
	vigil_profile *p;
	vigil_error err;
	vgx_buf b;
	char *big;
	size_t i;

	(void)state;
	/* Over the document size. */
	big = calloc(1, VIGIL_PROFILE_MAX_SIZE + 2);
	assert_non_null(big);
	memset(big, ' ', VIGIL_PROFILE_MAX_SIZE + 1);
	assert_int_equal(vigil_profile_parse(&p, big, VIGIL_PROFILE_MAX_SIZE +
	    1, &err), VIGIL_ETOOBIG);
	free(big);

	/* Too many interfaces. */
	vgx_buf_init(&b, 1 << 20);
	assert_int_equal(vgx_buf_adds(&b, "{\"profile_version\":1,\"device\":"
	    "{\"manufacturer\":\"M\",\"model\":\"X\"},\"worst_case_harm\":"
	    "\"minor\",\"interfaces\":["), 0);
	for (i = 0; i <= VIGIL_PROFILE_MAX_INTERFACES; i++)
		assert_int_equal(vgx_buf_printf(&b, "%s{\"name\":\"i%zu\","
		    "\"direction\":\"in\"}", i ? "," : "", i), 0);
	assert_int_equal(vgx_buf_adds(&b, "]}"), 0);
	assert_int_equal(vigil_profile_parse(&p, b.ptr, b.len, &err),
	    VIGIL_ETOOBIG);
	assert_string_equal(err.path, "/interfaces");
	vgx_buf_dispose(&b);

	/* A string over the limit. */
	vgx_buf_init(&b, 1 << 20);
	assert_int_equal(vgx_buf_adds(&b, "{\"profile_version\":1,\"device\":"
	    "{\"manufacturer\":\""), 0);
	for (i = 0; i <= VIGIL_PROFILE_MAX_STRING; i++)
		assert_int_equal(vgx_buf_addc(&b, 'm'), 0);
	assert_int_equal(vgx_buf_adds(&b, "\",\"model\":\"X\"},"
	    "\"worst_case_harm\":\"minor\"}"), 0);
	assert_int_equal(vigil_profile_parse(&p, b.ptr, b.len, &err),
	    VIGIL_ETOOBIG);
	assert_string_equal(err.path, "/device/manufacturer");
	vgx_buf_dispose(&b);

	/* 10,000-deep nesting is refused by the JSON reader. */
	vgx_buf_init(&b, 1 << 20);
	for (i = 0; i < 10000; i++)
		assert_int_equal(vgx_buf_addc(&b, '['), 0);
	assert_int_equal(vigil_profile_parse(&p, b.ptr, b.len, &err),
	    VIGIL_EINVALID);
	vgx_buf_dispose(&b);
}

/* Every allocation vigil makes while parsing may fail: no leak, no crash. */
static void
test_profile_oom(void **state)
{
	vigil_profile *p;
	vigil_error err;
	size_t len;
	char *buf = vt_read(vt_data("risk/pump.json"), &len);
	unsigned long n;
	int rc;

	(void)state;
	for (n = 1; n < 200; n++) {
		vgx_alloc_fail_at(n);
		rc = vigil_profile_parse(&p, buf, len, &err);
		vgx_alloc_fail_at(0);
		if (rc == 0) {
			vigil_profile_free(p);
			break;
		}
		assert_int_equal(rc, VIGIL_ENOMEM);
		assert_null(p);
	}
	assert_true(n < 200);
	free(buf);
}

/* ---- the rubric ---------------------------------------------------------- */

static void
test_rubric_profiles(void **state)
{
	vigil_profile *p;
	vigil_rubric rb;
	vigil_error err;

	(void)state;
	p = load("risk/pump.json");
	assert_int_equal(vigil_rubric_eval(&rb, p, &err), 0);
	assert_string_equal(rb.vector,
	    "CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:U/C:L/I:H/A:H");
	assert_non_null(strstr(rb.reason[0], "XAVR"));
	assert_non_null(strstr(rb.reason[5], "XCPM=no (from patient_records)"));
	assert_non_null(strstr(rb.reason[7],
	    "deny other critical function=unknown (worst case)"));
	assert_non_null(strstr(rb.reason[6],
	    "modify diagnosis or monitoring=no (no such function)"));
	assert_int_equal(rb.scores.base, 64);
	vigil_profile_free(p);

	p = load("risk/wearable.json");
	assert_int_equal(vigil_rubric_eval(&rb, p, &err), 0);
	assert_string_equal(rb.vector,
	    "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	vigil_profile_free(p);
}

/* The decision tree, answer by answer (REGULATORY.md section 7). */
static void
test_rubric_tree(void **state)
{
	enum { U = VIGIL_ANSWER_UNKNOWN, N = VIGIL_ANSWER_NO,
		Y = VIGIL_ANSWER_YES };
	static const struct {
		int q[VIGIL_Q_COUNT];	/* XAVN XAVT XAVW XAVR XAVP XAVPA XACL
					 * XPRL XPRZ XPRS XUI XS XCPM */
		const char *want;	/* AV AC PR UI S */
	} cases[] = {
		{{U, U, U, U, U, U, U, U, U, U, U, U, U}, "NLNNC"},
		{{Y, Y, U, U, U, U, Y, N, U, U, N, N, U}, "NLNNU"},
		{{Y, U, U, U, U, U, N, Y, N, U, Y, Y, U}, "NHNRC"},
		{{Y, N, U, U, U, U, U, Y, Y, U, U, U, U}, "ALLNC"},
		{{Y, N, N, U, U, U, U, Y, Y, Y, U, U, U}, "ALHNC"},
		{{Y, N, Y, Y, U, U, U, Y, Y, N, U, U, U}, "LLLNC"},
		{{Y, N, Y, N, U, U, U, Y, U, U, U, U, U}, "ALNNC"},
		{{Y, N, Y, U, U, U, U, U, U, U, U, U, U}, "ALNNC"},
		{{N, U, U, U, N, U, U, U, U, U, U, U, U}, "LLNNC"},
		{{N, U, U, U, U, U, U, U, U, U, U, U, U}, "LLNNC"},
		{{N, U, U, U, Y, N, U, U, U, U, U, U, U}, "PLNNC"},
		{{N, U, U, U, Y, Y, U, U, U, U, U, U, U}, "PLNNC"},
	};
	vigil_profile p;
	vigil_rubric rb;
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[6];

		memset(&p, 0, sizeof(p));
		p.patient_records = -1;
		p.harm = VIGIL_HARM_SERIOUS;
		for (k = 0; k < VIGIL_Q_COUNT; k++)
			p.q[k] = (vigil_answer)cases[i].q[k];
		assert_int_equal(vigil_rubric_eval(&rb, &p, NULL), 0);
		for (k = 0; k < 5; k++)
			got[k] = rb.metric[k][0];
		got[5] = '\0';
		print_message("case %zu: %s\n", i, got);
		assert_string_equal(got, cases[i].want);
		/* unknown impacts: H */
		assert_string_equal(rb.metric[5], "H");
	}
	/* Impact levels: all "no" -> N; PHI read with < 500 patients -> L. */
	memset(&p, 0, sizeof(p));
	p.patient_records = -1;
	for (k = 0; k < VIGIL_IMPACT_COUNT; k++) {
		p.impact[k][0] = VIGIL_ANSWER_NO;
		p.impact[k][1] = VIGIL_ANSWER_NO;
		p.impact[k][2] = VIGIL_ANSWER_NO;
	}
	assert_int_equal(vigil_rubric_eval(&rb, &p, NULL), 0);
	assert_non_null(strstr(rb.vector, "/C:N/I:N/A:N"));
	assert_int_equal(rb.scores.base, 0);
	p.impact[VIGIL_IMPACT_PHI_PII][0] = VIGIL_ANSWER_YES;
	p.q[VIGIL_Q_XCPM] = VIGIL_ANSWER_NO;
	assert_int_equal(vigil_rubric_eval(&rb, &p, NULL), 0);
	assert_string_equal(rb.metric[5], "L");
	p.q[VIGIL_Q_XCPM] = VIGIL_ANSWER_UNKNOWN;
	p.patient_records = 500;
	assert_int_equal(vigil_rubric_eval(&rb, &p, NULL), 0);
	assert_string_equal(rb.metric[5], "H");
	/* An impossible answer value. */
	p.q[VIGIL_Q_XS] = (vigil_answer)7;
	assert_int_equal(vigil_rubric_eval(&rb, &p, NULL), VIGIL_EINVALID);
	assert_string_equal(vigil_rubric_q_id(VIGIL_Q_XCPM), "XCPM");
	assert_null(vigil_rubric_q_id(VIGIL_Q_COUNT));
	assert_non_null(vigil_rubric_q_text(VIGIL_Q_XAVN));
}

/* ---- assessments ---------------------------------------------------------- */

static int
assess(vigil_risk_result *r, const vigil_profile *p, const char *v1,
    const char *v2, bool kev, double epss, const char *known)
{
	vigil_risk_input in = VIGIL_RISK_INPUT_INIT;
	const char *vs[2] = { v1, v2 };
	vigil_error err;
	int rc;

	in.cvss = vs;
	in.ncvss = v2 != NULL ? 2 : 1;
	in.kev = kev;
	in.epss = epss;
	in.known = known;
	in.profile = p;
	vigil_error_clear(&err);
	rc = vigil_risk_assess(r, &in, &err);
	if (rc < 0)
		print_message("assess: %s\n", err.msg);
	else
		print_message("reason: %s\n", r->reason);
	return rc;
}

static const vigil_obligation *
find_obl(const vigil_risk_result *r, vigil_obligation_kind k)
{
	size_t i;

	for (i = 0; i < r->nobligations; i++)
		if (r->obligations[i].kind == k)
			return &r->obligations[i];
	return NULL;
}

static void
test_assess_no_profile(void **state)
{
	vigil_risk_result r;

	(void)state;
	/* No device context: harm is the worst case. */
	assert_int_equal(assess(&r, NULL,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, false, -1,
	    "2026-01-15"), 0);
	assert_int_equal(r.harm, VIGIL_HARM_CATASTROPHIC);
	assert_int_equal(r.exploitability, 4);
	assert_true(r.uncontrolled);
	assert_int_equal(r.level, VIGIL_RISK_CRITICAL);
	assert_int_equal(r.device_score, 98);
	assert_string_equal(r.device_vector, r.cvss_vector);
	assert_string_equal(find_obl(&r, VIGIL_OBL_CUSTOMER_NOTICE)->due,
	    "2026-02-14");
	assert_string_equal(find_obl(&r, VIGIL_OBL_FIX)->due, "2026-03-16");
	assert_string_equal(find_obl(&r, VIGIL_OBL_OUT_OF_CYCLE_PATCH)->due,
	    "2026-01-15");
	assert_non_null(find_obl(&r, VIGIL_OBL_REPORT_806));
	assert_int_equal(r.priority, 1);
	assert_non_null(strstr(r.reason, "no device profile"));

	/* No date known: obligations without due dates. */
	assert_int_equal(assess(&r, NULL,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, false, -1,
	    NULL), 0);
	assert_string_equal(find_obl(&r, VIGIL_OBL_FIX)->due, "");
	assert_int_equal(find_obl(&r, VIGIL_OBL_FIX)->days, 60);
	assert_non_null(strstr(r.reason, "no date known"));

	/* A physical-only, unexploited, low vector: controlled. */
	assert_int_equal(assess(&r, NULL,
	    "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N/E:U", NULL, false,
	    -1, "2026-01-15"), 0);
	assert_int_equal(r.exploitability, 1);
	assert_false(r.uncontrolled);	/* catastrophic x very low: C */
	assert_int_equal(r.nobligations, 1);
	assert_int_equal(r.obligations[0].kind, VIGIL_OBL_ROUTINE_UPDATE);
	assert_int_equal(r.level, VIGIL_RISK_MEDIUM);
	assert_int_equal(r.priority, 4);
}

static void
test_assess_profile(void **state)
{
	vigil_profile *pump = load("risk/pump.json");
	vigil_profile *wear = load("risk/wearable.json");
	vigil_risk_result r, r2;

	(void)state;
	/* v4 is preferred over v3.1 whatever the order. */
	assert_int_equal(assess(&r, pump,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
	    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
	    false, -1, "2024-02-29"), 0);
	assert_int_equal(r.cvss_version, VIGIL_CVSS_V40);
	assert_int_equal(r.cvss_score, 93);
	/* Device reachable at AV:A only; C:L -> CR:M; harm -> Safety. */
	assert_string_equal(r.device_vector,
	    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
	    "CR:M/IR:H/AR:H/MAV:A/MSI:S/MSA:S/S:P");
	assert_string_equal(find_obl(&r, VIGIL_OBL_CUSTOMER_NOTICE)->due,
	    "2024-03-30");
	assert_int_equal(r.harm, VIGIL_HARM_CATASTROPHIC);

	/* v3.1 with the pump: MAV:A; the network controls lower by one. */
	assert_int_equal(assess(&r, pump,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, false, -1,
	    NULL), 0);
	assert_string_equal(r.device_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/"
	    "S:U/C:H/I:H/A:H/CR:M/IR:H/AR:H/MAV:A");
	assert_int_equal(r.exploitability, 2);	/* 2.8 -> 3, -1 controls */
	assert_non_null(strstr(r.reason, "2 network controls"));

	/* KEV: E:H and exploitability 5 (then -1 for the controls). */
	assert_int_equal(assess(&r2, pump,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, true, -1,
	    NULL), 0);
	assert_non_null(strstr(r2.device_vector, "/E:H/"));
	assert_int_equal(r2.exploitability, 4);
	assert_true(r2.priority_key > r.priority_key);
	assert_int_equal(r2.priority, 1);

	/* The vector's own E wins over KEV. */
	assert_int_equal(assess(&r2, NULL,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P", NULL, true, -1,
	    NULL), 0);
	assert_non_null(strstr(r2.device_vector, "/E:P"));
	assert_int_equal(r2.exploitability, 5);

	/* EPSS thresholds. */
	assert_int_equal(assess(&r2, wear,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, false, 0.2,
	    NULL), 0);
	/* wearable: AV:P, no controls: 0.9 -> 1; EPSS 0.2 -> 4 */
	assert_int_equal(r2.exploitability, 4);
	assert_string_equal(r2.device_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/"
	    "S:U/C:H/I:H/A:H/CR:H/IR:H/AR:H/MAV:P");
	/* minor x high in the wearable's own matrix: uncontrolled */
	assert_true(r2.uncontrolled);
	assert_non_null(strstr(r2.reason, "profile's matrix"));
	assert_int_equal(assess(&r2, wear,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, false, 0.6,
	    NULL), 0);
	assert_int_equal(r2.exploitability, 5);
	assert_int_equal(assess(&r2, wear,
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, false, 0.01,
	    NULL), 0);
	assert_int_equal(r2.exploitability, 1);
	assert_false(r2.uncontrolled);
	assert_int_equal(r2.priority, 4);

	/* A rubric evaluated once and passed in gives the same result. */
	{
		vigil_risk_input in = VIGIL_RISK_INPUT_INIT;
		const char *vs[1] = {
			"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
		};
		vigil_rubric rb;
		vigil_risk_result a, b;

		in.cvss = vs;
		in.ncvss = 1;
		in.profile = pump;
		in.known = "2026-05-05";
		assert_int_equal(vigil_risk_assess(&a, &in, NULL), 0);
		assert_int_equal(vigil_rubric_eval(&rb, pump, NULL), 0);
		in.rubric = &rb;
		assert_int_equal(vigil_risk_assess(&b, &in, NULL), 0);
		assert_memory_equal(&a, &b, sizeof(a));
	}

	/* v2: harm sets CDP; the requirements follow the rubric. */
	assert_int_equal(assess(&r, pump, "AV:N/AC:L/Au:N/C:C/I:C/A:C", NULL,
	    false, -1, NULL), 0);
	assert_string_equal(r.device_vector,
	    "AV:N/AC:L/Au:N/C:C/I:C/A:C/CDP:H/CR:M/IR:H/AR:H");
	assert_int_equal(r.cvss_version, VIGIL_CVSS_V2);
	vigil_profile_free(pump);
	vigil_profile_free(wear);
}

static void
test_assess_invalid(void **state)
{
	vigil_risk_input in = VIGIL_RISK_INPUT_INIT;
	vigil_risk_result r;
	vigil_error err;
	const char *good = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	const char *vs[2] = { good, "CVSS:3.1/AV:N" };
	static const char *const bad_dates[] = {
		"2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
		"2026-1-01", "26-01-01", "1969-12-31", "2026-01-01x",
		"2026/01/01", "",
	};
	size_t i;

	(void)state;
	assert_int_equal(vigil_risk_assess(&r, &in, &err), VIGIL_EINVALID);
	in.cvss = vs;
	in.ncvss = 2;
	assert_int_equal(vigil_risk_assess(&r, &in, &err), VIGIL_EINVALID);
	assert_non_null(strstr(err.msg, "CVSS vector 2: "));
	in.ncvss = 1;
	in.epss = 1.5;
	assert_int_equal(vigil_risk_assess(&r, &in, &err), VIGIL_EINVALID);
	in.epss = NAN;
	assert_int_equal(vigil_risk_assess(&r, &in, &err), VIGIL_EINVALID);
	in.epss = -1;
	in.epss_percentile = 2;
	assert_int_equal(vigil_risk_assess(&r, &in, &err), VIGIL_EINVALID);
	in.epss_percentile = -1;
	for (i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
		in.known = bad_dates[i];
		assert_int_equal(vigil_risk_assess(&r, &in, &err),
		    VIGIL_EINVALID);
	}
	in.known = "2000-02-29";
	assert_int_equal(vigil_risk_assess(&r, &in, &err), 0);
	assert_string_equal(find_obl(&r, VIGIL_OBL_FIX)->due, "2000-04-29");
	in.known = "9999-12-31";
	assert_int_equal(vigil_risk_assess(&r, &in, &err), 0);
	assert_string_equal(find_obl(&r, VIGIL_OBL_FIX)->due, "9999-12-31");
	in.version = 99;
	assert_int_equal(vigil_risk_assess(&r, &in, &err), VIGIL_EINVALID);
}

/* The priority key orders what the documentation says it orders. */
static void
test_priority_order(void **state)
{
	vigil_risk_result a, b;

	(void)state;
	/* Uncontrolled before controlled, whatever the CVSS score. */
	assert_int_equal(assess(&a, NULL,
	    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", NULL, false, -1,
	    NULL), 0);
	assert_int_equal(assess(&b, NULL,
	    "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H/E:U", NULL, false,
	    -1, NULL), 0);
	assert_true(a.uncontrolled);
	assert_false(b.uncontrolled);
	assert_true(a.priority_key > b.priority_key);
	assert_true(a.priority < b.priority);
	/* Same everything, KEV first. */
	assert_int_equal(assess(&b, NULL,
	    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", NULL, true, -1,
	    NULL), 0);
	assert_true(b.priority_key > a.priority_key);
	/* Same everything, higher EPSS first. */
	assert_int_equal(assess(&b, NULL,
	    "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N", NULL, false, 0.05,
	    NULL), 0);
	assert_true(b.priority_key > a.priority_key);
	assert_int_equal(b.exploitability, a.exploitability);
}

static void
test_controls_format(void **state)
{
	char buf[64], tiny[20];

	(void)state;
	assert_string_equal(vigil_controls_format(buf, sizeof(buf), 0, ","),
	    "");
	assert_string_equal(vigil_controls_format(buf, sizeof(buf),
	    VIGIL_CONTROL_FIREWALL | VIGIL_CONTROL_PHYSICAL_ACCESS, ", "),
	    "physical_access, firewall");
	assert_string_equal(vigil_controls_format(buf, sizeof(buf),
	    VIGIL_CONTROL_BACKUP_RESTORE | VIGIL_CONTROL_MONITORING |
	    VIGIL_CONTROL_REMOTE_ACCESS, ","),
	    "monitoring,remote_access,backup_restore");
	/* whole names only: "physical_access,fi..." does not fit in 20 */
	assert_string_equal(vigil_controls_format(tiny, sizeof(tiny),
	    VIGIL_CONTROL_FIREWALL | VIGIL_CONTROL_PHYSICAL_ACCESS, ","),
	    "physical_access");
	assert_string_equal(vigil_controls_format(tiny, 1,
	    VIGIL_CONTROL_FIREWALL, ","), "");
}

static void
test_names(void **state)
{
	bool m[5][5];

	(void)state;
	assert_string_equal(vigil_harm_name(VIGIL_HARM_SERIOUS), "serious");
	assert_string_equal(vigil_harm_name((vigil_harm)0), "?");
	assert_string_equal(vigil_answer_name(VIGIL_ANSWER_UNKNOWN),
	    "unknown");
	assert_string_equal(vigil_control_name(VIGIL_CONTROL_BACKUP_RESTORE),
	    "backup_restore");
	assert_string_equal(vigil_exploitability_name(5), "very high");
	assert_string_equal(vigil_exploitability_name(0), "?");
	assert_string_equal(vigil_risk_level_name(VIGIL_RISK_CRITICAL),
	    "critical");
	assert_string_equal(vigil_obligation_name(VIGIL_OBL_REPORT_806),
	    "report_806");
	vigil_risk_default_matrix(m);
	assert_false(m[0][4]);
	assert_true(m[1][4]);
	assert_true(m[4][1]);
	assert_false(m[3][1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profile_valid),
		cmocka_unit_test(test_profile_invalid),
		cmocka_unit_test(test_profile_limits),
		cmocka_unit_test(test_profile_oom),
		cmocka_unit_test(test_rubric_profiles),
		cmocka_unit_test(test_rubric_tree),
		cmocka_unit_test(test_assess_no_profile),
		cmocka_unit_test(test_assess_profile),
		cmocka_unit_test(test_assess_invalid),
		cmocka_unit_test(test_priority_order),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_controls_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
