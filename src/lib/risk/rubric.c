/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The MITRE "Rubric for Applying CVSS to Medical Devices" (2020, an FDA
 * Medical Device Development Tool): the answers of a device profile become
 * a CVSS v3.1 base vector for the device, every metric with the questions
 * and answers that decided it.  An unknown answer takes the worst case
 * (the answer that gives the more severe metric value).
 *
 * The decision logic is that of REGULATORY.md section 7 (itself from a
 * public implementation of the rubric; two branches are marked
 * UNCONFIRMED there and here):
 *
 *   AV  XAVN network/comm protocol?  no -> XAVP; yes -> XAVT; ? -> N
 *       XAVT OSI layer 3/4?          yes/? -> N; no -> XAVW
 *       XAVW wireless?               yes -> XAVR; no -> A (UNCONFIRMED);
 *                                    ? -> the worse of both = A
 *       XAVR range <= ~10 ft?        yes -> L; no/? -> A
 *       XAVP physical contact?       no -> L; yes -> XAVPA -> P either way
 *                                    (UNCONFIRMED); ? -> L
 *   AC  XACL at will?                yes/? -> L; no -> H
 *   PR  XPRL role model?             no/? -> N; yes -> XPRZ
 *       XPRZ authorised first?       no/? -> N; yes -> XPRS
 *       XPRS admin privileges?       yes -> H; no/? -> L
 *   UI  XUI another user's action?   no/? -> N; yes -> R
 *   S   XS another scope?            yes/? -> C; no -> U
 *   C/I/A  the maximum over the classes (PHI/PII, diagnosis/monitoring,
 *       therapy, workflow, system data, other critical) of: read/modify/
 *       deny yes/? -> H, no -> N; for PHI/PII read, XCPM (>= 500 patients)
 *       yes/? -> H, no -> L.
 *
 * A class whose clinical function the profile says the device does not
 * have (therapy_delivery: false, ...) answers "no" unless the rubric says
 * otherwise; XCPM defaults from patient_records.
 */
#include <stdio.h>
#include <string.h>

#include "vgx.h"
#include "vigil/risk.h"

static const struct {
	const char *id, *text;
} questions[VIGIL_Q_COUNT] = {
	{"XAVN", "Can the vulnerability be exploited over a network or "
	    "communication protocol?"},
	{"XAVT", "Is it exploitable at OSI layer 3 or 4 (IP, TCP, UDP)?"},
	{"XAVW", "Is it exploitable over a wireless channel?"},
	{"XAVR", "Is that channel's range about 10 feet or less?"},
	{"XAVP", "Does exploitation need physical contact with the device?"},
	{"XAVPA", "Is that contact through a human-user interface?"},
	{"XACL", "Can it be exploited at will, without special conditions or "
	    "other vulnerabilities?"},
	{"XPRL", "Does the device have a multi-user or role-based "
	    "authorisation model?"},
	{"XPRZ", "Must the attacker be authorised before exploiting it?"},
	{"XPRS", "Are administrator or system privileges needed?"},
	{"XUI", "Does exploitation depend on another user's action?"},
	{"XS", "Can it affect a component with a different authorisation "
	    "scope?"},
	{"XCPM", "Does the device hold PHI/PII of 500 or more patients?"},
};

static const char *const class_text[VIGIL_IMPACT_COUNT] = {
	"PHI/PII", "diagnosis or monitoring", "therapy delivery",
	"clinical workflow", "private system data", "other critical function"
};

const char *
vigil_rubric_q_id(vigil_rubric_q q)
{
	return (unsigned)q < VIGIL_Q_COUNT ? questions[q].id : NULL;
}

const char *
vigil_rubric_q_text(vigil_rubric_q q)
{
	return (unsigned)q < VIGIL_Q_COUNT ? questions[q].text : NULL;
}

/* Reasons are built in a bounded buffer; truncation is harmless. */
struct why {
	char *buf;
	size_t size, len;
};

static void
why_add(struct why *w, const char *fmt, ...) VIGIL_PRINTF(2, 3);

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

/*
 * Record 'ID "question" answer' (with "(worst case)" for unknown); return
 * the answer.
 */
static vigil_answer
ask(struct why *w, const vigil_profile *p, vigil_rubric_q q)
{
	vigil_answer a = p->q[q];

	why_add(w, "%s%s \"%s\" %s%s", w->len ? "; " : "", questions[q].id,
	    questions[q].text, vigil_answer_name(a),
	    a == VIGIL_ANSWER_UNKNOWN ? " (worst case)" : "");
	return a;
}

static char
eval_av(struct why *w, const vigil_profile *p)
{
	vigil_answer a;

	a = ask(w, p, VIGIL_Q_XAVN);
	if (a != VIGIL_ANSWER_NO) {
		if (a == VIGIL_ANSWER_UNKNOWN)
			return 'N';
		if (ask(w, p, VIGIL_Q_XAVT) != VIGIL_ANSWER_NO)
			return 'N';
		a = ask(w, p, VIGIL_Q_XAVW);
		if (a == VIGIL_ANSWER_NO)
			return 'A';	/* UNCONFIRMED branch of the rubric */
		if (a == VIGIL_ANSWER_UNKNOWN)
			return 'A';	/* worse of L (via XAVR) and A */
		return ask(w, p, VIGIL_Q_XAVR) == VIGIL_ANSWER_YES ? 'L' : 'A';
	}
	a = ask(w, p, VIGIL_Q_XAVP);
	if (a != VIGIL_ANSWER_YES)
		return 'L';
	(void)ask(w, p, VIGIL_Q_XAVPA);	/* P either way (UNCONFIRMED) */
	return 'P';
}

static char
eval_pr(struct why *w, const vigil_profile *p)
{
	if (ask(w, p, VIGIL_Q_XPRL) != VIGIL_ANSWER_YES)
		return 'N';
	if (ask(w, p, VIGIL_Q_XPRZ) != VIGIL_ANSWER_YES)
		return 'N';
	return ask(w, p, VIGIL_Q_XPRS) == VIGIL_ANSWER_YES ? 'H' : 'L';
}

/* The clinical function that stands behind an impact class, if any. */
static vigil_answer
class_function(const vigil_profile *p, int cls)
{
	switch (cls) {
	case VIGIL_IMPACT_PHI_PII:
		return p->phi_pii;
	case VIGIL_IMPACT_DIAGNOSIS:
		return p->diagnosis_monitoring;
	case VIGIL_IMPACT_THERAPY:
		return p->therapy_delivery;
	case VIGIL_IMPACT_WORKFLOW:
		return p->clinical_workflow;
	}
	return VIGIL_ANSWER_UNKNOWN;
}

/* C, I or A (KIND): the maximum over the classes.  Levels N=0 L=1 H=2. */
static char
eval_impact(struct why *w, const vigil_profile *p, int kind)
{
	static const char *const verb[] = { "read", "modify", "deny" };
	int best = 0, cls, lvl;

	for (cls = 0; cls < VIGIL_IMPACT_COUNT; cls++) {
		vigil_answer a = p->impact[cls][kind];
		const char *note = "";

		if (a == VIGIL_ANSWER_UNKNOWN &&
		    class_function(p, cls) == VIGIL_ANSWER_NO) {
			a = VIGIL_ANSWER_NO;
			note = " (no such function)";
		} else if (a == VIGIL_ANSWER_UNKNOWN) {
			note = " (worst case)";
		}
		lvl = a == VIGIL_ANSWER_NO ? 0 : 2;
		why_add(w, "%s%s %s=%s%s", w->len ? "; " : "", verb[kind],
		    class_text[cls], vigil_answer_name(a), note);
		if (lvl == 2 && cls == VIGIL_IMPACT_PHI_PII &&
		    kind == VIGIL_IMPACT_READ) {
			vigil_answer m = p->q[VIGIL_Q_XCPM];

			if (m == VIGIL_ANSWER_UNKNOWN &&
			    p->patient_records >= 0)
				m = p->patient_records >= 500 ?
				    VIGIL_ANSWER_YES : VIGIL_ANSWER_NO;
			why_add(w, "; XCPM=%s%s", vigil_answer_name(m),
			    m == VIGIL_ANSWER_UNKNOWN ? " (worst case)" :
			    p->q[VIGIL_Q_XCPM] == VIGIL_ANSWER_UNKNOWN ?
			    " (from patient_records)" : "");
			if (m == VIGIL_ANSWER_NO)
				lvl = 1;
		}
		if (lvl > best)
			best = lvl;
	}
	return "NLH"[best];
}

int
vigil_rubric_eval(vigil_rubric *out, const vigil_profile *p,
    vigil_error *err)
{
	static const char *const names[8] = {
		"AV", "AC", "PR", "UI", "S", "C", "I", "A"
	};
	char v[8], vec[64];
	int i, rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < VIGIL_Q_COUNT; i++)
		if ((unsigned)p->q[i] > VIGIL_ANSWER_YES)
			return vigil__error(err, VIGIL_EINVALID,
			    "answer to %s is not yes, no or unknown",
			    questions[i].id);
	for (i = 0; i < VIGIL_IMPACT_COUNT * 3; i++)
		if ((unsigned)p->impact[i / 3][i % 3] > VIGIL_ANSWER_YES)
			return vigil__error(err, VIGIL_EINVALID,
			    "impact answer is not yes, no or unknown");
	for (i = 0; i < 8; i++) {
		struct why w = { out->reason[i], sizeof(out->reason[i]), 0 };

		switch (i) {
		case 0:
			v[i] = eval_av(&w, p);
			break;
		case 1:
			v[i] = ask(&w, p, VIGIL_Q_XACL) == VIGIL_ANSWER_NO ?
			    'H' : 'L';
			break;
		case 2:
			v[i] = eval_pr(&w, p);
			break;
		case 3:
			v[i] = ask(&w, p, VIGIL_Q_XUI) == VIGIL_ANSWER_YES ?
			    'R' : 'N';
			break;
		case 4:
			v[i] = ask(&w, p, VIGIL_Q_XS) == VIGIL_ANSWER_NO ?
			    'U' : 'C';
			break;
		default:
			v[i] = eval_impact(&w, p, i - 5);
			break;
		}
		out->metric[i][0] = v[i];
	}
	/* No allocation: 8 metrics of at most 5 bytes and the prefix fit. */
	snprintf(vec, sizeof(vec), "CVSS:3.1/%s:%c/%s:%c/%s:%c/%s:%c/%s:%c/"
	    "%s:%c/%s:%c/%s:%c", names[0], v[0], names[1], v[1], names[2],
	    v[2], names[3], v[3], names[4], v[4], names[5], v[5], names[6],
	    v[6], names[7], v[7]);
	if ((rc = vigil_cvss_parse(&out->cvss, vec, strlen(vec), err)) < 0 ||
	    (rc = vigil_cvss_score(&out->scores, &out->cvss, err)) < 0)
		return rc;
	if (vigil_cvss_format(out->vector, sizeof(out->vector),
	    &out->cvss) < 0)
		return vigil__error(err, VIGIL_ERROR, "cannot format %s", vec);
	return 0;
}
