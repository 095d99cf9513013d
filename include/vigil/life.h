/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/life.h
 * @brief Device life cycle (IMDRF N70 stages, EOL/EOS, legacy devices),
 * the FDA postmarket metrics, and the device inventory of the store:
 * device releases (the manufacturer's view) and installed devices (the
 * hospital's view), their SBOM history and the findings of fleet scans.
 *
 * Stages (IMDRF N70 stage criteria): development → support → limited support →
 * end of support.  A device's stage on a date comes first from its dates
 * (release, EOL, EOS) and then from its components' support data through
 * the N70 §5.5 transition table; a stage never goes back:
 *
 *     dates:       released        EOL              EOS
 *     ───────DEV───────┼────SUPPORT────┼───LIMITED────┼───EOS (legacy)──▶
 *     components:  an unsupported component with safety impact moves
 *                  SUPPORT → LIMITED (mitigated only with unsupported
 *                  parts) and LIMITED → EOS (not reasonably protected)
 *
 * docs/life-cycle.md gives each rule with its N70 citation.
 *
 * The inventory belongs to the organisation the store is scoped to
 * (vigil_store_set_org(), default VIGIL_STORE_ORG_LOCAL): names are unique
 * per organisation and no call sees another's rows.  vigil serve keeps
 * every organisation's inventory in the same tables.
 *
 * Dates are "YYYY-MM-DD" (proleptic Gregorian, UTC) and are handled as day
 * numbers (days since 1970-01-01).  Nothing here prints.  Pure functions
 * are thread-safe; store functions follow vigil/store.h (one thread per
 * store).  Strings handed to callbacks are borrowed for the call.
 */
#ifndef VIGIL_LIFE_H
#define VIGIL_LIFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vigil/common.h"
#include "vigil/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- dates -------------------------------------------------------------- */

/** Earliest and latest dates accepted: 1970-01-01 .. 2199-12-31. */
#define VIGIL_LIFE_DAY_MIN 0
#define VIGIL_LIFE_DAY_MAX 84005
/** No date. */
#define VIGIL_LIFE_NODATE INT32_MIN

/**
 * Parse "YYYY-MM-DD" (exactly; an RFC 3339 time after it, "T...", is
 * accepted and ignored) of LEN bytes into a day number.  Returns 0 or
 * VIGIL_EINVALID (bad syntax, no such day, outside the range above).
 */
VIGIL_EXTERN int vigil_life_date_parse(int32_t *out, const char *s,
    size_t len, vigil_error *err);

/** Format day number DAY as "YYYY-MM-DD" into OUT (11 bytes); "" for
 * VIGIL_LIFE_NODATE. */
VIGIL_EXTERN void vigil_life_date_format(char out[11], int32_t day);

/** Today's day number (UTC). */
VIGIL_EXTERN int32_t vigil_life_today(void);

/* ---- stages ------------------------------------------------------------- */

/** IMDRF N70 life-cycle stages, in order. */
typedef enum vigil_life_stage {
	VIGIL_LIFE_DEVELOPMENT = 0,
	VIGIL_LIFE_SUPPORT = 1,
	VIGIL_LIFE_LIMITED_SUPPORT = 2,
	VIGIL_LIFE_END_OF_SUPPORT = 3
} vigil_life_stage;

/** "development", "support", "limited_support", "end_of_support". */
VIGIL_EXTERN const char *vigil_life_stage_name(vigil_life_stage s);

/** A component's support data (FDA premarket: level and EOS date). */
typedef struct vigil_life_component {
	const char *name;	/**< for messages */
	const char *version;	/**< or NULL */
	/** "actively-maintained", "no-longer-maintained", "abandoned",
	 * "end-of-support", "end-of-life" (case, "-", "_" alike) or
	 * NULL (unknown: treated as maintained until its EOS date). */
	const char *support;
	int32_t eos;		/**< day, or VIGIL_LIFE_NODATE */
	/** A later release of the device that no longer depends on it
	 * (N70 §5.5: "mitigated without unsupported parts"), or NULL. */
	const char *replaced_in;
} vigil_life_component;

/** What the stage is computed from. */
typedef struct vigil_life_input {
	unsigned version;	/**< VIGIL_LIFE_INPUT_VERSION */
	int32_t as_of;		/**< the day asked about */
	int32_t released;	/**< market release, or NODATE */
	int32_t eol;		/**< declared end of life, or NODATE */
	int32_t eos;		/**< declared end of support, or NODATE */
	/** Whether an unsupported component can affect safety: the device's
	 * worst-case harm is serious or worse, or unknown (N70 §5.5). */
	bool safety_impact;
	/** vigil_control bits (vigil/risk.h) in place: recommended ones for
	 * a release, those in place for an installed device. */
	unsigned controls;
	const vigil_life_component *components;
	size_t ncomponents;
} vigil_life_input;

#define VIGIL_LIFE_INPUT_VERSION 1
#define VIGIL_LIFE_INPUT_INIT { VIGIL_LIFE_INPUT_VERSION, 0, \
	VIGIL_LIFE_NODATE, VIGIL_LIFE_NODATE, VIGIL_LIFE_NODATE, true, 0u, \
	NULL, 0 }

/** Longest reason text. */
#define VIGIL_LIFE_REASON_MAX 1024

/** The stage of one device on one day. */
typedef struct vigil_life_result {
	vigil_life_stage stage;
	vigil_life_stage date_stage;	/**< from the dates alone */
	/** One line: which date or rule decided, with its N70 section. */
	char reason[VIGIL_LIFE_REASON_MAX];
	size_t unsupported;	/**< components unsupported on as_of */
	/** Components whose EOS falls before the device's own EOS. */
	size_t eos_before_device;
	/** Whether the controls count as reasonable protection
	 * (vigil_life_protected()). */
	bool is_protected;
	/** Notice of EOS due (EOS − 2 years, N70 communications) and start of the
	 * transfer of responsibility (EOS − 3 years); NODATE without EOS. */
	int32_t notice_due;
	int32_t transfer_start;
} vigil_life_result;

/**
 * Whether CONTROLS (vigil_control bits) are reasonable protection for a
 * device past its support: at least one network control (isolation,
 * segregation or firewall) and at least one that is not (physical access,
 * removable media, monitoring, remote access removed, anti-malware,
 * backup/restore) — N70 Table 1 warns against relying on the network
 * alone.  This is vigil's rule, documented in docs/life-cycle.md.
 */
VIGIL_EXTERN bool vigil_life_protected(unsigned controls);

/** Every N70 Table 1 control not in CONTROLS, as vigil_control bits. */
VIGIL_EXTERN unsigned vigil_life_missing_controls(unsigned controls);

/**
 * The stage of the device IN describes on IN->as_of.  Returns 0 or
 * VIGIL_EINVALID (EOS before EOL, release after EOL or EOS, a date out of
 * range: ERR says which).
 */
VIGIL_EXTERN int vigil_life_eval(vigil_life_result *out,
    const vigil_life_input *in, vigil_error *err);

/**
 * Whether component C is unsupported on day AS_OF: past its EOS date, or
 * its support level is "no_longer_maintained" or "abandoned".
 */
VIGIL_EXTERN bool vigil_life_component_unsupported(
    const vigil_life_component *c, int32_t as_of);

/* ---- FDA metrics -------------------------------------------------------- */

/** One vulnerability of a product, for the metrics. */
typedef struct vigil_life_vuln {
	int32_t identified;	/**< first seen */
	int32_t patched;	/**< a fixed release available, or NODATE */
	int32_t fielded;	/**< the fix on every installed device, or NODATE */
} vigil_life_vuln;

/** FDA premarket guidance §V.A.4 metrics. */
typedef struct vigil_life_metrics {
	size_t vulns;		/**< counted */
	size_t patched;		/**< with a patch date */
	size_t fielded;		/**< with a fielded date */
	double share_patched;	/**< patched / vulns, 0..1; 0 when none */
	double mean_to_patch;	/**< days, identified → patched; -1 if none */
	double mean_to_field;	/**< days, patched → fielded; -1 if none */
} vigil_life_metrics;

/**
 * Compute the metrics over the N records at V.  Returns 0 or
 * VIGIL_EINVALID (a patch before identification, fielded before patched,
 * fielded without a patch; ERR names the record's index).
 */
VIGIL_EXTERN int vigil_life_metrics_compute(vigil_life_metrics *out,
    const vigil_life_vuln *v, size_t n, vigil_error *err);

/* ---- the inventory in the store ----------------------------------------- */

/** Longest string field of the inventory, in bytes. */
#define VIGIL_FLEET_MAX_STRING 1024
/** Largest SBOM or profile kept per release, in bytes. */
#define VIGIL_FLEET_MAX_DOC (64u << 20)

/** A device release: manufacturer, model, version. */
typedef struct vigil_fleet_release {
	unsigned version;	/**< VIGIL_FLEET_RELEASE_VERSION */
	const char *manufacturer;	/**< required */
	const char *model;		/**< required */
	const char *release;		/**< required: the software version */
	const char *udi_di;		/**< or NULL */
	const char *released;		/**< "YYYY-MM-DD" or NULL */
	const char *eol;		/**< "YYYY-MM-DD" or NULL */
	const char *eos;		/**< "YYYY-MM-DD" or NULL */
	const char *note;		/**< support-status note, or NULL */
	const char *profile;		/**< profile JSON text, or NULL */
	const char *contact;	/**< vulnerability reporting contact, or NULL */
	/* set when read back */
	int64_t id;
	unsigned nsboms;	/**< SBOMs attached (history) */
	const char *last_scan;	/**< RFC 3339 UTC or NULL */
	/* version 2 */
	/** A declared N70 stage ("development", "supported",
	 * "limited_support", "end_of_support", as vigil serve names them),
	 * or NULL: the stage follows from the dates (a replace keeps the
	 * declared one). */
	const char *stage;
	/** Set when read back: the release's product in VEX decisions, the
	 * purl of its newest SBOM's subject, else pkg:generic/MODEL@RELEASE
	 * (NULL for releases stored before migration 5 until their next
	 * SBOM or scan). */
	const char *purl;
} vigil_fleet_release;

#define VIGIL_FLEET_RELEASE_VERSION 2
#define VIGIL_FLEET_RELEASE_INIT { VIGIL_FLEET_RELEASE_VERSION, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL }

/** An installed device. */
typedef struct vigil_fleet_device {
	unsigned version;	/**< VIGIL_FLEET_DEVICE_VERSION */
	const char *serial;	/**< required, unique */
	const char *model;	/**< required: its release's model */
	const char *release;	/**< required: the installed version */
	const char *site;	/**< required */
	const char *location;	/**< or NULL */
	const char *zone;	/**< network zone, or NULL */
	const char *owner;	/**< or NULL */
	const char *installed;	/**< "YYYY-MM-DD" or NULL */
	unsigned controls;	/**< vigil_control bits in place */
} vigil_fleet_device;

#define VIGIL_FLEET_DEVICE_VERSION 1
#define VIGIL_FLEET_DEVICE_INIT { VIGIL_FLEET_DEVICE_VERSION, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL, NULL, 0u }

/**
 * Check R (strings: valid UTF-8, no control characters, at most
 * VIGIL_FLEET_MAX_STRING bytes; dates valid and in order: released ≤ EOL
 * ≤ EOS; a profile that parses) against TODAY (a day number): a release
 * date after TODAY is VIGIL_EINVALID.  Returns 0 or VIGIL_EINVALID /
 * VIGIL_ETOOBIG with ERR naming the field.
 */
VIGIL_EXTERN int vigil_fleet_release_check(const vigil_fleet_release *r,
    int32_t today, vigil_error *err);

/**
 * Add release R (checked as above) to ST, or with REPLACE update an
 * existing one.  Returns 0, VIGIL_EEXISTS (already there, REPLACE
 * false), VIGIL_EINVALID, VIGIL_EDB or VIGIL_ENOMEM; nothing is written
 * on error.
 */
VIGIL_EXTERN int vigil_fleet_release_put(vigil_store *st,
    const vigil_fleet_release *r, bool replace, vigil_error *err);

/**
 * Attach an SBOM (its text, LEN bytes: it must parse as an SBOM vigil
 * reads) to MODEL@RELEASE as the newest of its history, with ADDED (RFC
 * 3339) as its time.  Returns 0, VIGIL_ENOTFOUND (no such release),
 * VIGIL_EINVALID (not an SBOM), VIGIL_ETOOBIG, VIGIL_EDB, VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_fleet_sbom_attach(vigil_store *st, const char *model,
    const char *release, const char *buf, size_t len, const char *added,
    vigil_error *err);

/** What vigil_fleet_sbom_attach_ex() records beside the document. */
typedef struct vigil_fleet_sbom_extra {
	const char *name;	/**< file name, or NULL */
	int64_t user;		/**< vigil serve's user id, 0 for none */
	int64_t id;		/**< set: the new SBOM's id */
} vigil_fleet_sbom_extra;

/**
 * As vigil_fleet_sbom_attach(), with EXTRA (may be NULL) recorded too.
 * The SBOM must be UTF-8.  Its subject's purl, if any, becomes the
 * release's VEX product.
 */
VIGIL_EXTERN int vigil_fleet_sbom_attach_ex(vigil_store *st,
    const char *model, const char *release, const char *buf, size_t len,
    const char *added, vigil_fleet_sbom_extra *extra, vigil_error *err);

/** One SBOM of a release's history. */
typedef struct vigil_fleet_sbom {
	unsigned seq;		/**< 1, 2, ... oldest first */
	const char *added;	/**< RFC 3339 */
	const char *sha256;	/**< hex */
	size_t size;		/**< bytes */
	const char *text;	/**< the document (borrowed for the call) */
	int64_t id;		/**< its id in the store */
} vigil_fleet_sbom;

typedef int (*vigil_fleet_sbom_cb)(void *payload, const vigil_fleet_sbom *s);

/**
 * Call CB for each SBOM of MODEL@RELEASE, oldest first (LATEST: only the
 * newest).  Returns 0, CB's non-zero value, VIGIL_ENOTFOUND (no such
 * release) or VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_sboms(vigil_store *st, const char *model,
    const char *release, bool latest, vigil_fleet_sbom_cb cb, void *payload,
    vigil_error *err);

typedef int (*vigil_fleet_release_cb)(void *payload,
    const vigil_fleet_release *r);

/**
 * Call CB for each release (MODEL NULL: all; else that model's), ordered
 * by model and release date.  Returns 0, CB's value or VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_releases(vigil_store *st, const char *model,
    vigil_fleet_release_cb cb, void *payload, vigil_error *err);

/** One release by MODEL and RELEASE (CB called once), or
 * VIGIL_ENOTFOUND. */
VIGIL_EXTERN int vigil_fleet_release_get(vigil_store *st, const char *model,
    const char *release, vigil_fleet_release_cb cb, void *payload,
    vigil_error *err);

/**
 * Remove MODEL@RELEASE with its SBOMs and findings.  Returns 0,
 * VIGIL_ENOTFOUND, VIGIL_EEXISTS (installed devices still run it) or
 * VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_release_remove(vigil_store *st,
    const char *model, const char *release, vigil_error *err);

/**
 * Add installed device D (its release must exist; INSTALLED not after
 * TODAY), or with REPLACE update one with the same serial.  Returns 0,
 * VIGIL_EEXISTS, VIGIL_ENOTFOUND (no such release), VIGIL_EINVALID,
 * VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_device_put(vigil_store *st,
    const vigil_fleet_device *d, bool replace, int32_t today,
    vigil_error *err);

typedef int (*vigil_fleet_device_cb)(void *payload,
    const vigil_fleet_device *d);

/**
 * Call CB for installed devices (SERIAL NULL: all, by site and serial).
 * Returns 0, CB's value, VIGIL_ENOTFOUND (SERIAL given and unknown) or
 * VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_devices(vigil_store *st, const char *serial,
    vigil_fleet_device_cb cb, void *payload, vigil_error *err);

/** Remove the installed device SERIAL: 0, VIGIL_ENOTFOUND, VIGIL_EDB. */
VIGIL_EXTERN int vigil_fleet_device_remove(vigil_store *st,
    const char *serial, vigil_error *err);

/** Column names of an inventory CSV (docs/devices.md), in any order. */
#define VIGIL_FLEET_CSV_COLUMNS "serial,model,version,site,location," \
	"zone,owner,installed,controls"

/**
 * Import an inventory CSV (RFC 4180; a header line naming the columns
 * above, of which serial, model, version and site are required) of LEN
 * bytes: every row is checked first and all are written in one
 * transaction, or none.  Existing serials are updated.  *ROWS (may be
 * NULL) receives the number of devices.  Returns 0, VIGIL_EINVALID (ERR
 * has the line and column), VIGIL_ENOTFOUND (a release that is not in the
 * store, with its line), VIGIL_ETOOBIG (over 1,000,000 rows), VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_import_csv(size_t *rows, vigil_store *st,
    const char *buf, size_t len, int32_t today, vigil_error *err);

/** Parse a comma- or '|'-separated list of control names into bits. */
VIGIL_EXTERN int vigil_fleet_controls_parse(unsigned *out, const char *s,
    vigil_error *err);

/* ---- findings of fleet scans -------------------------------------------- */

/** One finding of a release, as recorded by vigil_fleet_record(). */
typedef struct vigil_fleet_finding {
	const char *model;
	const char *release;
	const char *vuln;	/**< CVE if any, else the first id */
	const char *aliases;	/**< every id, space-separated */
	const char *component;	/**< "name@version" */
	const char *purl;	/**< or NULL */
	const char *fixed;	/**< first fixed version, or NULL */
	int score;		/**< CVSS tenths, -1 if none */
	const char *severity;	/**< "critical" ... "none" */
	bool kev;
	const char *vector;	/**< the CVSS vector scored, or NULL */
	double epss;		/**< EPSS probability, < 0 unknown */
	const char *summary;	/**< or NULL */
	const char *first_seen;	/**< RFC 3339 */
	const char *last_seen;	/**< RFC 3339 */
	bool current;		/**< seen in the release's last scan */
	const char *name;	/**< the component's name, or NULL */
	const char *version;	/**< the component's version, or NULL */
	const char *harm;	/**< patient-harm level (vigil/risk.h), or NULL */
	const char *risk;	/**< risk level, or NULL */
	int priority;		/**< remediation priority, 0 when not assessed */
} vigil_fleet_finding;

/**
 * Record the findings of one scan of MODEL@RELEASE made at TIME (RFC
 * 3339): findings seen before keep their first_seen; every finding seen
 * now gets last_seen = TIME; the release's last_scan becomes TIME.  The
 * caller passes findings with model/release/first_seen/last_seen unset.
 * Runs in one transaction.  Returns 0, VIGIL_ENOTFOUND, VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_record(vigil_store *st, const char *model,
    const char *release, const vigil_fleet_finding *f, size_t n,
    const char *time, vigil_error *err);

typedef int (*vigil_fleet_finding_cb)(void *payload,
    const vigil_fleet_finding *f);

/**
 * Findings: of MODEL@RELEASE (both NULL: every release), or with VULN of
 * the vulnerability with that id or alias.  CURRENT_ONLY: only those seen
 * in the last scan.  Ordered by score (highest first).  Returns 0, CB's
 * value or VIGIL_EDB.
 */
VIGIL_EXTERN int vigil_fleet_findings(vigil_store *st, const char *model,
    const char *release, const char *vuln, bool current_only,
    vigil_fleet_finding_cb cb, void *payload, vigil_error *err);

/* ---- a release with its SBOM and profile, ready to assess --------------- */

struct vigil_profile;

/**
 * A release loaded from the store with what its assessment needs: the
 * release record, its profile (parsed) and the components of its newest
 * SBOM with their support data; for each component, the first later
 * release of the same model that no longer contains it at that version
 * (N70 §5.5 "mitigated without unsupported parts").
 */
typedef struct vigil_life_info vigil_life_info;

/**
 * Load MODEL@RELEASE.  A release without an SBOM loads (with no
 * components, and vigil_life_info_has_sbom() false) so that reports can
 * say the SBOM is missing.  *OUT is the caller's (vigil_life_info_free).
 * Returns 0, VIGIL_ENOTFOUND, VIGIL_EINVALID (a stored SBOM or profile no
 * longer parses), VIGIL_EDB, VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_life_info_load(vigil_life_info **out,
    vigil_store *st, const char *model, const char *release,
    vigil_error *err);

VIGIL_EXTERN void vigil_life_info_free(vigil_life_info *info);

/** The release (borrowed, lives with INFO). */
VIGIL_EXTERN const vigil_fleet_release *vigil_life_info_release(
    const vigil_life_info *info);
/** The parsed profile, or NULL when the release has none. */
VIGIL_EXTERN const struct vigil_profile *vigil_life_info_profile(
    const vigil_life_info *info);
VIGIL_EXTERN bool vigil_life_info_has_sbom(const vigil_life_info *info);
/** SBOM history: how many, and the newest one's time and SHA-256. */
VIGIL_EXTERN unsigned vigil_life_info_sbom_count(const vigil_life_info *i);
VIGIL_EXTERN const char *vigil_life_info_sbom_added(
    const vigil_life_info *info);
VIGIL_EXTERN const char *vigil_life_info_sbom_sha256(
    const vigil_life_info *info);
VIGIL_EXTERN const char *vigil_life_info_sbom_text(
    const vigil_life_info *info);
/** The purl of the SBOM's subject (the device), or NULL. */
VIGIL_EXTERN const char *vigil_life_info_subject_purl(
    const vigil_life_info *info);
VIGIL_EXTERN size_t vigil_life_info_ncomponents(const vigil_life_info *i);
VIGIL_EXTERN const vigil_life_component *vigil_life_info_component(
    const vigil_life_info *info, size_t i);

/**
 * The stage of INFO's release on AS_OF.  CONTROLS: the controls of an
 * installed device, or (when USE_PROFILE) the profile's recommended
 * controls.  Safety impact follows the profile's worst-case harm
 * (serious or worse; no profile: assumed).  Returns as vigil_life_eval().
 */
VIGIL_EXTERN int vigil_life_info_eval(vigil_life_result *out,
    const vigil_life_info *info, int32_t as_of, bool use_profile,
    unsigned controls, vigil_error *err);

/**
 * Scan the newest SBOM of MODEL@RELEASE against the store ST and record
 * the findings (vigil_fleet_record()) at TIME.  *NFOUND (may be NULL) is
 * the number of confirmed findings.  Returns 0, VIGIL_ENOTFOUND (no such
 * release, or it has no SBOM), VIGIL_EINVALID, VIGIL_EDB, VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_fleet_scan_release(size_t *nfound, vigil_store *st,
    const char *model, const char *release, const char *time,
    vigil_error *err);

struct vigil_match;

/**
 * Called by vigil_fleet_scan_release_ex() after the matcher ran, inside
 * the scan's transaction, with the id of the SBOM scanned (vigil serve
 * keeps each component's state and the scan's summary).  A non-zero
 * return stops the scan; nothing of it is recorded.
 */
typedef int (*vigil_fleet_scan_cb)(void *payload, int64_t sbom,
    const struct vigil_match *m);

/**
 * As vigil_fleet_scan_release(), calling CB (may be NULL).  Every finding
 * gets its patient-harm risk (vigil_risk_assess() from its CVSS vector,
 * KEV and EPSS); the SBOM scanned records its counts (components,
 * affected, not evaluated), the store's snapshot and TIME.
 */
VIGIL_EXTERN int vigil_fleet_scan_release_ex(size_t *nfound,
    vigil_store *st, const char *model, const char *release,
    const char *time, vigil_fleet_scan_cb cb, void *payload,
    vigil_error *err);

/**
 * The product INFO's release is named by in VEX decisions: the purl of
 * its newest SBOM's subject, else pkg:generic/MODEL@RELEASE.  Borrowed;
 * NULL only when neither can be made.
 */
VIGIL_EXTERN const char *vigil_life_info_vex_product(
    const vigil_life_info *info);

#ifdef __cplusplus
}
#endif
#endif
