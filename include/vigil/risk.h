/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/risk.h
 * @brief Device context and patient harm: the device profile, the MITRE
 * rubric for applying CVSS to medical devices, the patient-harm risk of a
 * vulnerability in a device (FDA postmarket guidance, ISO 14971 severity),
 * controlled / uncontrolled, the obligations and their clocks, and one
 * priority order.
 *
 * The flow, per finding (what a scan calls for each vulnerability in a
 * device):
 *
 *     profile (JSON)  ──vigil_profile_parse──▶ vigil_profile
 *     vigil_profile   ──vigil_rubric_eval──▶ device CVSS v3.1 vector,
 *                                            each metric with its reason
 *     CVSS vectors + KEV + EPSS + date known + profile
 *                     ──vigil_risk_assess──▶ vigil_risk_result: device-
 *                        adjusted CVSS, exploitability, severity of harm,
 *                        risk level, controlled/uncontrolled, obligations
 *                        with due dates, priority key and the reason
 *
 * The profile format is documented in docs/device-profile.md, the method
 * and its defaults in docs/risk.md.  Nothing here prints.  Profiles are
 * immutable once parsed and may be shared between threads; every function
 * is thread-safe.
 */
#ifndef VIGIL_RISK_H
#define VIGIL_RISK_H

#include <stdbool.h>

#include "vigil/common.h"
#include "vigil/cvss.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest profile document accepted, in bytes. */
#define VIGIL_PROFILE_MAX_SIZE (1024 * 1024)
/** Longest string in a profile, in bytes. */
#define VIGIL_PROFILE_MAX_STRING 1024
/** Most interfaces a profile may list. */
#define VIGIL_PROFILE_MAX_INTERFACES 256

/** An answer to a rubric question: unknown answers take the worst case. */
typedef enum vigil_answer {
	VIGIL_ANSWER_UNKNOWN = 0,
	VIGIL_ANSWER_NO = 1,
	VIGIL_ANSWER_YES = 2
} vigil_answer;

/** ISO 14971 severity of patient harm (as FDA postmarket guidance §VI). */
typedef enum vigil_harm {
	VIGIL_HARM_NEGLIGIBLE = 1,	/**< inconvenience, discomfort */
	VIGIL_HARM_MINOR = 2,	/**< temporary injury, no professional care */
	VIGIL_HARM_SERIOUS = 3,	/**< needs professional medical intervention */
	VIGIL_HARM_CRITICAL = 4,	/**< permanent harm, life threat */
	VIGIL_HARM_CATASTROPHIC = 5	/**< patient death */
} vigil_harm;

/**
 * The MITRE rubric's yes/no questions (Rubric for Applying CVSS to Medical
 * Devices, 2020), by their IDs.  The impact questions are separate
 * (vigil_impact_class x read/modify/deny).
 */
typedef enum vigil_rubric_q {
	VIGIL_Q_XAVN = 0,	/**< exploitable over a network/protocol? */
	VIGIL_Q_XAVT,		/**< ... at OSI layer 3/4 (IP, TCP, UDP)? */
	VIGIL_Q_XAVW,		/**< ... over a wireless channel? */
	VIGIL_Q_XAVR,		/**< ... whose range is about 10 ft or less? */
	VIGIL_Q_XAVP,		/**< needs physical contact with the device? */
	VIGIL_Q_XAVPA,		/**< ... through a human-user interface? */
	VIGIL_Q_XACL,		/**< exploitable at will, no conditions? */
	VIGIL_Q_XPRL,		/**< multi-user / role authorisation model? */
	VIGIL_Q_XPRZ,		/**< must the attacker be authorised first? */
	VIGIL_Q_XPRS,		/**< ... with admin/system privileges? */
	VIGIL_Q_XUI,		/**< needs another user's action? */
	VIGIL_Q_XS,		/**< affects a component of another scope? */
	VIGIL_Q_XCPM,		/**< PHI/PII of 500 or more patients? */
	VIGIL_Q_COUNT
} vigil_rubric_q;

/** The rubric's classes of data/function for C, I and A. */
typedef enum vigil_impact_class {
	VIGIL_IMPACT_PHI_PII = 0,
	VIGIL_IMPACT_DIAGNOSIS,		/**< diagnosis or monitoring */
	VIGIL_IMPACT_THERAPY,		/**< therapy delivery */
	VIGIL_IMPACT_WORKFLOW,		/**< clinical workflow */
	VIGIL_IMPACT_SYSTEM_DATA,	/**< private data: keys, passwords */
	VIGIL_IMPACT_OTHER,		/**< other critical function */
	VIGIL_IMPACT_COUNT
} vigil_impact_class;

/** What an exploit can do to a class: C, I and A of the rubric. */
enum { VIGIL_IMPACT_READ = 0, VIGIL_IMPACT_MODIFY, VIGIL_IMPACT_DENY };

/** Compensating controls (IMDRF N70 Table 1); bits of vigil_profile. */
typedef enum vigil_control {
	VIGIL_CONTROL_PHYSICAL_ACCESS = 1u << 0,
	VIGIL_CONTROL_REMOVABLE_MEDIA = 1u << 1,
	VIGIL_CONTROL_NETWORK_ISOLATION = 1u << 2,
	VIGIL_CONTROL_NETWORK_SEGREGATION = 1u << 3,
	VIGIL_CONTROL_MONITORING = 1u << 4,
	VIGIL_CONTROL_REMOTE_ACCESS = 1u << 5,
	VIGIL_CONTROL_FIREWALL = 1u << 6,
	VIGIL_CONTROL_ANTI_MALWARE = 1u << 7,
	VIGIL_CONTROL_BACKUP_RESTORE = 1u << 8
} vigil_control;

/** Direction of an interface (IMDRF N60 §5.5.1, FDA labeling). */
typedef enum vigil_direction {
	VIGIL_DIR_IN = 1, VIGIL_DIR_OUT = 2, VIGIL_DIR_BOTH = 3
} vigil_direction;

typedef struct vigil_interface {
	char *name;		/**< "Ethernet", "Bluetooth LE", "USB" */
	char *port;		/**< "443/tcp"; NULL if not given */
	char *function;		/**< what it is for; NULL if not given */
	vigil_direction direction;
} vigil_interface;

/**
 * A device profile.  All strings are owned by the profile and live until
 * vigil_profile_free(); optional strings are NULL when absent.
 */
typedef struct vigil_profile {
	char *manufacturer;	/**< required */
	char *model;		/**< required */
	char *version;		/**< may be NULL */
	char *udi_di;		/**< may be NULL */
	/** Clinical functions; UNKNOWN when the profile does not say. */
	vigil_answer therapy_delivery;
	vigil_answer diagnosis_monitoring;
	vigil_answer clinical_workflow;
	vigil_answer phi_pii;
	long long patient_records;	/**< records held; -1 unknown */
	vigil_harm harm;		/**< worst-case severity of harm */
	vigil_answer q[VIGIL_Q_COUNT];	/**< rubric answers as given */
	vigil_answer impact[VIGIL_IMPACT_COUNT][3];	/**< as given */
	vigil_interface *interfaces;
	size_t ninterfaces;
	unsigned controls;		/**< vigil_control bits */
	/** Acceptability matrix [harm-1][exploitability-1]: true = the risk
	 * is uncontrolled.  The documented default unless the profile sets
	 * one (has_matrix). */
	bool uncontrolled[5][5];
	bool has_matrix;
} vigil_profile;

/**
 * Parse a device profile (JSON, docs/device-profile.md) of LEN bytes.  On
 * success *OUT is a new profile (vigil_profile_free()).  Every field is
 * checked; an error names the field by its JSON Pointer in ERR->path (and
 * for JSON syntax errors the line and column).  Returns 0, VIGIL_EINVALID,
 * VIGIL_ETOOBIG (over VIGIL_PROFILE_MAX_SIZE or another limit above) or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_profile_parse(vigil_profile **out, const char *buf,
    size_t len, vigil_error *err);

/** Free P (NULL is fine). */
VIGIL_EXTERN void vigil_profile_free(vigil_profile *p);

/** The default acceptability matrix (docs/risk.md) into M. */
VIGIL_EXTERN void vigil_risk_default_matrix(bool m[5][5]);

/** "negligible" ... "catastrophic"; "?" otherwise. Static. */
VIGIL_EXTERN const char *vigil_harm_name(vigil_harm h);
/** "yes", "no", "unknown". Static. */
VIGIL_EXTERN const char *vigil_answer_name(vigil_answer a);
/** The question's ID ("XAVN") and its text. Static; NULL if none. */
VIGIL_EXTERN const char *vigil_rubric_q_id(vigil_rubric_q q);
VIGIL_EXTERN const char *vigil_rubric_q_text(vigil_rubric_q q);
/** A control's name in profiles ("network_segregation"). Static. */
VIGIL_EXTERN const char *vigil_control_name(vigil_control c);
/**
 * The names of the controls in BITS, in bit order, joined by SEP, into OUT
 * (SZ bytes, at least 1): as many whole names as fit.  Returns OUT.
 */
VIGIL_EXTERN const char *vigil_controls_format(char *out, size_t sz,
    unsigned bits, const char *sep);

/* ---- the rubric ------------------------------------------------------- */

/** Longest reason one rubric metric carries. */
#define VIGIL_RUBRIC_REASON_MAX 1024

/**
 * The rubric's result: a CVSS v3.1 base vector for the device, with the
 * reason of each metric (the questions and answers that decided it, and
 * where an unknown answer took the worst case).
 */
typedef struct vigil_rubric {
	vigil_cvss cvss;	/**< a CVSS v3.1 vector */
	char vector[VIGIL_CVSS_VECTOR_SIZE];
	vigil_cvss_scores scores;
	/** Per base metric, in CVSS order AV AC PR UI S C I A. */
	char metric[8][4];
	char reason[8][VIGIL_RUBRIC_REASON_MAX];
} vigil_rubric;

/**
 * Apply the rubric to PROFILE's answers.  Cannot fail on a parsed profile:
 * returns 0, or VIGIL_EINVALID for an impossible answer value.
 */
VIGIL_EXTERN int vigil_rubric_eval(vigil_rubric *out,
    const vigil_profile *profile, vigil_error *err);

/* ---- patient-harm risk ------------------------------------------------ */

/** Exploitability levels: 1 very low ... 5 very high (docs/risk.md). */
VIGIL_EXTERN const char *vigil_exploitability_name(int level);

/** Risk levels. */
typedef enum vigil_risk_level {
	VIGIL_RISK_LOW = 1,
	VIGIL_RISK_MEDIUM = 2,
	VIGIL_RISK_HIGH = 3,
	VIGIL_RISK_CRITICAL = 4
} vigil_risk_level;

VIGIL_EXTERN const char *vigil_risk_level_name(vigil_risk_level l);

/** Obligations that follow from the assessment. */
typedef enum vigil_obligation_kind {
	VIGIL_OBL_ROUTINE_UPDATE = 1,	/**< controlled: next regular update */
	VIGIL_OBL_CUSTOMER_NOTICE,	/**< uncontrolled: notify in 30 days */
	VIGIL_OBL_ISAO_SHARE,		/**< uncontrolled: share with an ISAO */
	VIGIL_OBL_FIX,			/**< uncontrolled: fix within 60 days */
	VIGIL_OBL_OUT_OF_CYCLE_PATCH,	/**< critical: out-of-cycle, ASAP */
	VIGIL_OBL_REPORT_806		/**< 21 CFR 806 report unless exempt */
} vigil_obligation_kind;

typedef struct vigil_obligation {
	vigil_obligation_kind kind;
	int days;		/**< from the date known; -1 no fixed clock */
	char due[11];		/**< "YYYY-MM-DD", "" when no date */
	const char *what;	/**< static description */
} vigil_obligation;

/** Input of one assessment (one vulnerability in one device). */
typedef struct vigil_risk_input {
	unsigned version;	/**< VIGIL_RISK_INPUT_VERSION */
	/** The vulnerability's CVSS vectors (any versions; the newest
	 * version is used: 4.0, then 3.1, 3.0, 2.0).  At least one. */
	const char *const *cvss;
	size_t ncvss;
	bool kev;		/**< listed in CISA KEV */
	double epss;		/**< EPSS probability 0..1; < 0 unknown */
	double epss_percentile;	/**< 0..1; < 0 unknown */
	const char *known;	/**< "YYYY-MM-DD" the MDM learned of it; NULL */
	const vigil_profile *profile;	/**< NULL: no device context */
	/** PROFILE's rubric from vigil_rubric_eval(), or NULL to have it
	 * evaluated here.  A scan evaluates it once per device and passes it
	 * with every finding of that device (it is most of the cost). */
	const vigil_rubric *rubric;
} vigil_risk_input;

#define VIGIL_RISK_INPUT_VERSION 1
#define VIGIL_RISK_INPUT_INIT { VIGIL_RISK_INPUT_VERSION, NULL, 0, false, \
	-1.0, -1.0, NULL, NULL, NULL }

#define VIGIL_RISK_MAX_OBLIGATIONS 6
#define VIGIL_RISK_REASON_MAX 1024

typedef struct vigil_risk_result {
	vigil_cvss_version cvss_version;	/**< of the vector used */
	char cvss_vector[VIGIL_CVSS_VECTOR_SIZE];	/**< as normalised */
	int cvss_score;		/**< its score, tenths */
	/** The vector adjusted to the device (environmental metrics from the
	 * rubric, threat/temporal from KEV), and its score in tenths. */
	char device_vector[VIGIL_CVSS_VECTOR_SIZE];
	int device_score;
	int exploitability;	/**< 1..5 */
	vigil_harm harm;	/**< severity of patient harm */
	vigil_risk_level level;
	bool uncontrolled;
	vigil_obligation obligations[VIGIL_RISK_MAX_OBLIGATIONS];
	size_t nobligations;
	/** Priority: a larger key comes first.  Orders by controlled/
	 * uncontrolled, risk level, KEV, exploitability, harm, EPSS, device
	 * score, CVSS score. */
	uint64_t priority_key;
	/** P1 (act now) .. P4 (routine). */
	int priority;
	char reason[VIGIL_RISK_REASON_MAX];
} vigil_risk_result;

/**
 * Assess one vulnerability in one device.  Returns 0, or VIGIL_EINVALID
 * (no vector, an invalid vector, an EPSS value outside 0..1, a bad date:
 * ERR says which).
 */
VIGIL_EXTERN int vigil_risk_assess(vigil_risk_result *out,
    const vigil_risk_input *in, vigil_error *err);

/** "customer_notice", "fix", ... Static. */
VIGIL_EXTERN const char *vigil_obligation_name(vigil_obligation_kind k);

#ifdef __cplusplus
}
#endif
#endif
