/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CSAF 2.0 validation: the JSON schema (when the caller has one) and the
 * mandatory tests of section 6.1, each failure reported with its test
 * number and a JSON Pointer.  Tests that need outside data vigil does not
 * carry (6.1.11: the CWE catalogue; 6.1.12: the language subtag registry)
 * check only what can be checked without it; docs/csaf.md says so.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "vigil/csaf.h"
#include "vigil/cvss.h"
#include "vigil/purl.h"
#include "vigil/vex.h"
#include "vgx.h"

struct ctx {
	vigil_csaf_issue_cb cb;
	void *payload;
	size_t n;
	const json_t *root;
	/* defined product ids: id -> pointer of its definition */
	json_t *defs;
	json_t *groups;	/* group id -> pointer */
};

static void
issue(struct ctx *c, const char *test, const char *ptr, const char *fmt, ...)
    VIGIL_PRINTF(4, 5);

static void
issue(struct ctx *c, const char *test, const char *ptr, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	c->n++;
	if (c->cb == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->cb(c->payload, test, ptr, msg);
}

/* A JSON Pointer into BUF; a pointer too long for it is cut short. */
static void
ptrf(char *buf, size_t sz, const char *fmt, ...) VIGIL_PRINTF(3, 4);

static void
ptrf(char *buf, size_t sz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
}

#define PTR(buf, ...) ptrf(buf, sizeof(buf), __VA_ARGS__)

static const char *
jstr(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- product ids (6.1.1 to 6.1.5) ---------------------------------------- */

static void
define(struct ctx *c, const json_t *fpn, const char *ptr)
{
	const char *id = jstr(fpn, "product_id");
	char p[512];

	if (id == NULL)
		return;
	PTR(p, "%s/product_id", ptr);
	if (json_object_get(c->defs, id) != NULL)
		issue(c, "6.1.2", p, "product id %s is defined more than once "
		    "(first at %s)", id, json_string_value(json_object_get(
		    c->defs, id)));
	else
		json_object_set_new(c->defs, id, json_string(p));
}

static void
walk_branches(struct ctx *c, const json_t *br, const char *ptr,
    unsigned depth)
{
	const json_t *b;
	size_t i;
	char p[512];

	if (!json_is_array(br) || depth > 64)
		return;
	json_array_foreach(br, i, b) {
		PTR(p, "%s/%zu/product", ptr, i);
		if (json_object_get(b, "product") != NULL)
			define(c, json_object_get(b, "product"), p);
		/* 6.1.31: no version ranges in product_version names. */
		if (jstr(b, "category") != NULL &&
		    strcmp(jstr(b, "category"), "product_version") == 0 &&
		    jstr(b, "name") != NULL) {
			static const char *const words[] = {
				"after", "all", "before", "earlier", "later",
				"prior", "versions"
			};
			const char *nm = jstr(b, "name");
			bool range = strpbrk(nm, "<>") != NULL;
			size_t k, wl;

			for (k = 0; !range && k < VGX_ARRAY_SIZE(words); k++) {
				const char *s;

				wl = strlen(words[k]);
				for (s = nm; *s != '\0'; s++) {
					/* Words between white space, as the
					 * test documents read: "after-eight"
					 * is a version, "after 4.2" a range. */
					if ((s == nm || vgx_isspace((unsigned char)
					    s[-1])) && strncasecmp(s, words[k],
					    wl) == 0 && (s[wl] == '\0' ||
					    vgx_isspace((unsigned char)s[wl]))) {
						range = true;
						break;
					}
				}
			}
			if (range) {
				PTR(p, "%s/%zu/name", ptr, i);
				issue(c, "6.1.31", p, "product_version name "
				    "\"%.100s\" is a version range", nm);
			}
		}
		PTR(p, "%s/%zu/branches", ptr, i);
		walk_branches(c, json_object_get(b, "branches"), p, depth + 1);
	}
}

static void
ref(struct ctx *c, const char *id, const char *ptr)
{
	if (id != NULL && json_object_get(c->defs, id) == NULL)
		issue(c, "6.1.1", ptr, "product id %s is not defined", id);
}

static void
ref_list(struct ctx *c, const json_t *a, const char *ptr)
{
	const json_t *x;
	size_t i;
	char p[512];

	json_array_foreach(a, i, x) {
		PTR(p, "%s/%zu", ptr, i);
		ref(c, json_string_value(x), p);
	}
}

static void
group_refs(struct ctx *c, const json_t *a, const char *ptr)
{
	const json_t *x;
	size_t i;
	char p[512];

	json_array_foreach(a, i, x) {
		PTR(p, "%s/%zu", ptr, i);
		if (json_is_string(x) && json_object_get(c->groups,
		    json_string_value(x)) == NULL)
			issue(c, "6.1.4", p, "group id %s is not defined",
			    json_string_value(x));
	}
}

/* 6.1.3: a relationship must not define a product in terms of itself. */
static bool
reaches(const json_t *rels, const char *from, const char *target,
    unsigned depth)
{
	const json_t *r;
	size_t i;

	if (from == NULL || depth > 64)
		return false;
	if (strcmp(from, target) == 0)
		return true;
	json_array_foreach(rels, i, r) {
		const char *id = jstr(json_object_get(r, "full_product_name"),
		    "product_id");

		if (id != NULL && strcmp(id, from) == 0 &&
		    (reaches(rels, jstr(r, "product_reference"), target,
		    depth + 1) || reaches(rels, jstr(r,
		    "relates_to_product_reference"), target, depth + 1)))
			return true;
	}
	return false;
}

static void
check_tree(struct ctx *c)
{
	const json_t *pt = json_object_get(c->root, "product_tree");
	const json_t *a, *e;
	size_t i;
	char p[512];

	walk_branches(c, json_object_get(pt, "branches"),
	    "/product_tree/branches", 0);
	a = json_object_get(pt, "full_product_names");
	json_array_foreach(a, i, e) {
		PTR(p, "/product_tree/full_product_names/%zu", i);
		define(c, e, p);
	}
	a = json_object_get(pt, "relationships");
	json_array_foreach(a, i, e) {
		PTR(p, "/product_tree/relationships/%zu/full_product_name", i);
		define(c, json_object_get(e, "full_product_name"), p);
	}
	json_array_foreach(a, i, e) {
		const char *id = jstr(json_object_get(e, "full_product_name"),
		    "product_id");

		PTR(p, "/product_tree/relationships/%zu/product_reference", i);
		ref(c, jstr(e, "product_reference"), p);
		if (id != NULL && reaches(a, jstr(e, "product_reference"), id,
		    0))
			issue(c, "6.1.3", p, "product id %s is defined through "
			    "itself", id);
		PTR(p, "/product_tree/relationships/%zu/"
		    "relates_to_product_reference", i);
		ref(c, jstr(e, "relates_to_product_reference"), p);
		if (id != NULL && reaches(a, jstr(e,
		    "relates_to_product_reference"), id, 0))
			issue(c, "6.1.3", p, "product id %s is defined through "
			    "itself", id);
	}
	a = json_object_get(pt, "product_groups");
	json_array_foreach(a, i, e) {
		const char *g = jstr(e, "group_id");

		PTR(p, "/product_tree/product_groups/%zu/group_id", i);
		if (g == NULL)
			continue;
		if (json_object_get(c->groups, g) != NULL)
			issue(c, "6.1.5", p, "group id %s is defined more than "
			    "once", g);
		else
			json_object_set_new(c->groups, g, json_string(p));
	}
	json_array_foreach(a, i, e) {
		PTR(p, "/product_tree/product_groups/%zu/product_ids", i);
		ref_list(c, json_object_get(e, "product_ids"), p);
	}
}

/* ---- versions (6.1.14 to 6.1.22, 6.1.30) ---------------------------------- */

struct ver {
	bool semver;
	uint64_t major, minor, patch;
	bool pre;
	bool ok;
};

static struct ver
parse_ver(const char *s)
{
	struct ver v = { false, 0, 0, 0, false, false };
	const char *end;

	if (s == NULL)
		return v;
	end = s + strlen(s);
	if (vgx_parse_uint(&s, end, UINT64_MAX, &v.major) < 0)
		return v;
	if (*s == '\0') {
		v.ok = true;
		return v;
	}
	if (*s++ != '.' || vgx_parse_uint(&s, end, UINT64_MAX, &v.minor) < 0 ||
	    *s++ != '.' || vgx_parse_uint(&s, end, UINT64_MAX, &v.patch) < 0)
		return v;
	v.semver = true;
	v.pre = *s == '-';
	v.ok = *s == '\0' || *s == '-' || *s == '+';
	return v;
}

/* Compare versions as the spec orders them (semver precedence without
 * the pre-release detail beyond "pre-release sorts first"). */
static int
ver_cmp(const char *a, const char *b)
{
	struct ver x = parse_ver(a), y = parse_ver(b);

	if (x.major != y.major)
		return x.major < y.major ? -1 : 1;
	if (x.minor != y.minor)
		return x.minor < y.minor ? -1 : 1;
	if (x.patch != y.patch)
		return x.patch < y.patch ? -1 : 1;
	if (x.pre != y.pre)
		return x.pre ? -1 : 1;
	return 0;
}

struct rev {
	const char *number;
	int64_t date;
	long nsec;
	size_t idx;
};

/* By date (to the nanosecond), then by number. */
static int
rev_by_date(const void *a, const void *b)
{
	const struct rev *x = a, *y = b;
	int c;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->nsec != y->nsec)
		return x->nsec < y->nsec ? -1 : 1;
	if (x->number != NULL && y->number != NULL &&
	    (c = ver_cmp(x->number, y->number)) != 0)
		return c;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Nanoseconds of an RFC 3339 date-time's fraction ("…:00.00010Z"). */
static long
frac_nsec(const char *s)
{
	const char *t = s != NULL ? strchr(s, 'T') : NULL;
	long ns = 0;
	int i;

	if (t == NULL || (t = strchr(t, '.')) == NULL)
		return 0;
	for (i = 0, t++; i < 9; i++) {
		ns *= 10;
		if (vgx_isdigit((unsigned char)*t))
			ns += *t++ - '0';
	}
	return ns;
}

/* Strip "+build" (and "-pre" when PRE) into OUT. */
static void
core(char *out, size_t sz, const char *v, bool pre)
{
	size_t n = strcspn(v, pre ? "+-" : "+");

	if (n >= sz)
		n = sz - 1;
	memcpy(out, v, n);
	out[n] = '\0';
}

static void
check_tracking(struct ctx *c)
{
	const json_t *doc = json_object_get(c->root, "document");
	const json_t *tr = json_object_get(doc, "tracking");
	const json_t *rh = json_object_get(tr, "revision_history"), *e;
	const char *version = jstr(tr, "version"), *status = jstr(tr, "status");
	struct ver dv = parse_ver(version);
	struct rev *rv = NULL;
	size_t n = json_array_size(rh), i, k;
	bool draft = status != NULL && strcmp(status, "draft") == 0;
	bool released = status != NULL && (strcmp(status, "final") == 0 ||
	    strcmp(status, "interim") == 0);
	char p[256], a[128], b[128];

	if (version != NULL && dv.ok) {
		/* 6.1.17: 0, 0.y.z and pre-releases are drafts. */
		if ((dv.major == 0 || dv.pre) && !draft)
			issue(c, "6.1.17", "/document/tracking/status",
			    "version %s requires status draft", version);
		/* 6.1.20 */
		if (released && dv.pre)
			issue(c, "6.1.20", "/document/tracking/version",
			    "a %s document has a pre-release version %s",
			    status, version);
	}
	if (n == 0 || (rv = vgx_calloc(n, sizeof(*rv))) == NULL)
		return;
	json_array_foreach(rh, i, e) {
		struct ver v = parse_ver(jstr(e, "number"));

		rv[i].number = jstr(e, "number");
		rv[i].idx = i;
		if (vigil_vex_time_parse(&rv[i].date, jstr(e, "date")) < 0)
			rv[i].date = INT64_MIN;
		rv[i].nsec = frac_nsec(jstr(e, "date"));
		PTR(p, "/document/tracking/revision_history/%zu/number", i);
		if (rv[i].number == NULL || !v.ok)
			continue;
		/* 6.1.18 */
		if (released && v.major == 0)
			issue(c, "6.1.18", p, "a %s document has revision %s",
			    status, rv[i].number);
		/* 6.1.19 */
		if (v.pre)
			issue(c, "6.1.19", p, "revision %s is a pre-release",
			    rv[i].number);
		/* 6.1.30 */
		if (dv.ok && v.semver != dv.semver)
			issue(c, "6.1.30", p, "revision %s and version %s mix "
			    "integer and semantic versioning", rv[i].number,
			    version);
		/* 6.1.22 */
		for (k = 0; k < i; k++)
			if (rv[k].number != NULL &&
			    strcmp(rv[k].number, rv[i].number) == 0)
				issue(c, "6.1.22", p, "revision %s is listed "
				    "more than once", rv[i].number);
	}
	qsort(rv, n, sizeof(*rv), rev_by_date);
	/* 6.1.14: numbers ascend when the items are sorted by date. */
	for (i = 1; i < n; i++)
		if (rv[i - 1].number != NULL && rv[i].number != NULL &&
		    ver_cmp(rv[i - 1].number, rv[i].number) > 0) {
			PTR(p, "/document/tracking/revision_history/%zu/number",
			    rv[i].idx);
			issue(c, "6.1.14", p, "revision history is not sorted: "
			    "%s comes after %s", rv[i].number,
			    rv[i - 1].number);
			break;
		}
	/* 6.1.16: the version is the number of the latest revision. */
	if (version != NULL && rv[n - 1].number != NULL) {
		core(a, sizeof(a), version, draft);
		core(b, sizeof(b), rv[n - 1].number, draft);
		if (strcmp(a, b) != 0)
			issue(c, "6.1.16", "/document/tracking/version",
			    "version %s is not the latest revision %s",
			    version, rv[n - 1].number);
	}
	/* 6.1.21: no gaps in the (major) numbers, starting at 0 or 1. */
	{
		uint64_t *maj = vgx_calloc(n, sizeof(*maj));
		size_t m = 0;

		if (maj != NULL) {
			for (i = 0; i < n; i++) {
				struct ver v = parse_ver(rv[i].number);

				if (v.ok)
					maj[m++] = v.major;
			}
			for (i = 1; i < m; i++)	/* insertion sort; small */
				for (k = i; k > 0 && maj[k - 1] > maj[k]; k--) {
					uint64_t t = maj[k];

					maj[k] = maj[k - 1];
					maj[k - 1] = t;
				}
			if (m > 0 && maj[0] > 1)
				issue(c, "6.1.21",
				    "/document/tracking/revision_history",
				    "revision history starts at %llu",
				    (unsigned long long)maj[0]);
			for (i = 1; i < m; i++)
				if (maj[i] > maj[i - 1] + 1) {
					issue(c, "6.1.21",
					    "/document/tracking/revision_history",
					    "revision %llu is missing",
					    (unsigned long long)(maj[i - 1] + 1));
					break;
				}
			vgx_free(maj);
		}
	}
	vgx_free(rv);
}

/* ---- document (6.1.15, 6.1.26, 6.1.28) ------------------------------------ */

static void
squash(char *out, size_t sz, const char *s)
{
	size_t o = 0;

	for (; *s != '\0' && o + 1 < sz; s++)
		if (*s != '-' && *s != '_' && !vgx_isspace((unsigned char)*s))
			out[o++] = (char)vgx_tolower((unsigned char)*s);
	out[o] = '\0';
}

/*
 * 6.1.12 needs the IANA language subtag registry, which vigil does not
 * carry; the two-letter primary subtags (ISO 639-1) are few enough to
 * list, so a two-letter language outside this list fails.
 */
static const char iso639_1[] =
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca "
    "ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj "
    "fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii "
    "ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la "
    "lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng "
    "nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa "
    "sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk "
    "tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

static bool
lang_known(const char *tag)
{
	size_t n = strcspn(tag, "-");
	size_t i;

	if (n != 2)
		return true;	/* three letters and more: not checked */
	for (i = 0; i + 1 < sizeof(iso639_1); i += 3)
		if (vgx_tolower((unsigned char)tag[0]) == iso639_1[i] &&
		    vgx_tolower((unsigned char)tag[1]) == iso639_1[i + 1])
			return true;
	return false;
}

static const char *const profiles[] = {
	"csaf_base", "csaf_security_incident_response",
	"csaf_informational_advisory", "csaf_security_advisory", "csaf_vex"
};

static void
check_document(struct ctx *c)
{
	const json_t *doc = json_object_get(c->root, "document");
	const char *cat = jstr(doc, "category");
	const char *lang = jstr(doc, "lang"), *src = jstr(doc, "source_lang");
	const char *pubcat = jstr(json_object_get(doc, "publisher"),
	    "category");
	size_t i;

	if (pubcat != NULL && strcmp(pubcat, "translator") == 0 &&
	    src == NULL)
		issue(c, "6.1.15", "/document/source_lang", "a translator's "
		    "document needs source_lang");
	if (lang != NULL && !lang_known(lang))
		issue(c, "6.1.12", "/document/lang", "%s is not a known "
		    "language", lang);
	if (src != NULL && !lang_known(src))
		issue(c, "6.1.12", "/document/source_lang", "%s is not a known "
		    "language", src);
	if (lang != NULL && src != NULL && strcasecmp(lang, src) == 0)
		issue(c, "6.1.28", "/document/lang", "lang and source_lang are "
		    "both %s", lang);
	if (cat != NULL) {
		static const char *const names[] = {
			"securityincidentresponse", "informationaladvisory",
			"securityadvisory", "vex"
		};
		char sq[256];
		bool known = false;

		for (i = 0; i < VGX_ARRAY_SIZE(profiles); i++)
			if (strcmp(cat, profiles[i]) == 0)
				known = true;
		squash(sq, sizeof(sq), cat);
		if (!known) {
			if (strncasecmp(cat, "csaf_", 5) == 0)
				issue(c, "6.1.26", "/document/category",
				    "category %s uses the reserved prefix "
				    "csaf_", cat);
			for (i = 0; i < VGX_ARRAY_SIZE(names); i++)
				if (strcmp(sq, names[i]) == 0 ||
				    (strncmp(sq, "csaf", 4) == 0 &&
				    strcmp(sq + 4, names[i]) == 0))
					issue(c, "6.1.26", "/document/category",
					    "category %s is the name of a "
					    "profile", cat);
		}
	}
}

/* ---- vulnerabilities ------------------------------------------------------ */

static const char *const affected_keys[] = {
	"first_affected", "known_affected", "last_affected"
};
static const char *const status_groups[][3] = {
	{ "first_affected", "known_affected", "last_affected" },
	{ "known_not_affected", NULL, NULL },
	{ "first_fixed", "fixed", NULL },
	{ "under_investigation", NULL, NULL },
};

/* Whether E (flag, threat, remediation) names product ID directly or
 * through a group. */
static bool
names(struct ctx *c, const json_t *e, const char *id)
{
	const json_t *x, *g, *y;
	size_t i, k, j;

	json_array_foreach(json_object_get(e, "product_ids"), i, x)
		if (json_is_string(x) && strcmp(json_string_value(x), id) == 0)
			return true;
	json_array_foreach(json_object_get(e, "group_ids"), i, x) {
		json_array_foreach(json_object_get(json_object_get(c->root,
		    "product_tree"), "product_groups"), k, g) {
			if (!json_is_string(x) || jstr(g, "group_id") == NULL ||
			    strcmp(jstr(g, "group_id"),
			    json_string_value(x)) != 0)
				continue;
			json_array_foreach(json_object_get(g, "product_ids"),
			    j, y)
				if (json_is_string(y) &&
				    strcmp(json_string_value(y), id) == 0)
					return true;
		}
	}
	return false;
}

/* The product ids E names, directly and through groups, into OUT. */
static void
named_ids(struct ctx *c, const json_t *e, json_t *out)
{
	const json_t *x, *g, *y;
	size_t i, k, j;

	json_array_foreach(json_object_get(e, "product_ids"), i, x)
		if (json_is_string(x))
			json_object_set_new(out, json_string_value(x),
			    json_true());
	json_array_foreach(json_object_get(e, "group_ids"), i, x)
		json_array_foreach(json_object_get(json_object_get(c->root,
		    "product_tree"), "product_groups"), k, g)
			if (json_is_string(x) && jstr(g, "group_id") != NULL &&
			    strcmp(jstr(g, "group_id"),
			    json_string_value(x)) == 0)
				json_array_foreach(json_object_get(g,
				    "product_ids"), j, y)
					if (json_is_string(y))
						json_object_set_new(out,
						    json_string_value(y),
						    json_true());
}

static const char *
v3_abbr(const char *key)
{
	static const char *const m[][2] = {
		{ "attackVector", "AV" }, { "attackComplexity", "AC" },
		{ "privilegesRequired", "PR" }, { "userInteraction", "UI" },
		{ "scope", "S" }, { "confidentialityImpact", "C" },
		{ "integrityImpact", "I" }, { "availabilityImpact", "A" },
		{ "exploitCodeMaturity", "E" }, { "remediationLevel", "RL" },
		{ "reportConfidence", "RC" },
		{ "confidentialityRequirement", "CR" },
		{ "integrityRequirement", "IR" },
		{ "availabilityRequirement", "AR" },
		{ "modifiedAttackVector", "MAV" },
		{ "modifiedAttackComplexity", "MAC" },
		{ "modifiedPrivilegesRequired", "MPR" },
		{ "modifiedUserInteraction", "MUI" }, { "modifiedScope", "MS" },
		{ "modifiedConfidentialityImpact", "MC" },
		{ "modifiedIntegrityImpact", "MI" },
		{ "modifiedAvailabilityImpact", "MA" },
	};
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(m); i++)
		if (strcmp(m[i][0], key) == 0)
			return m[i][1];
	return NULL;
}

static const char *
v2_abbr(const char *key)
{
	static const char *const m[][2] = {
		{ "accessVector", "AV" }, { "accessComplexity", "AC" },
		{ "authentication", "Au" }, { "confidentialityImpact", "C" },
		{ "integrityImpact", "I" }, { "availabilityImpact", "A" },
		{ "exploitability", "E" }, { "remediationLevel", "RL" },
		{ "reportConfidence", "RC" },
		{ "collateralDamagePotential", "CDP" },
		{ "targetDistribution", "TD" },
		{ "confidentialityRequirement", "CR" },
		{ "integrityRequirement", "IR" },
		{ "availabilityRequirement", "AR" },
	};
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(m); i++)
		if (strcmp(m[i][0], key) == 0)
			return m[i][1];
	return NULL;
}

/* The vector's value of metric ABBR ("AV") into OUT, or "" if absent. */
static void
vec_get(char *out, size_t sz, const char *vec, const char *abbr)
{
	size_t al = strlen(abbr);
	const char *s = vec;

	out[0] = '\0';
	while (s != NULL && *s != '\0') {
		const char *e = strchr(s, '/');
		size_t n = e != NULL ? (size_t)(e - s) : strlen(s);

		if (n > al && strncmp(s, abbr, al) == 0 && s[al] == ':') {
			n -= al + 1;
			if (n >= sz)
				n = sz - 1;
			memcpy(out, s + al + 1, n);
			out[n] = '\0';
			return;
		}
		s = e != NULL ? e + 1 : NULL;
	}
}

/* The vector abbreviation of a JSON value ("PROOF_OF_CONCEPT"). */
static void
val_abbr(char *out, size_t sz, const char *val, bool v2)
{
	size_t o = 0;
	const char *s;

	if (strcmp(val, "NOT_DEFINED") == 0) {
		snprintf(out, sz, "%s", v2 ? "ND" : "X");
		return;
	}
	if (v2 && strcmp(val, "UNCORROBORATED") == 0) {
		snprintf(out, sz, "UR");
		return;
	}
	if (v2 && strcmp(val, "UNCONFIRMED") == 0) {
		snprintf(out, sz, "UC");
		return;
	}
	if (!v2) {
		snprintf(out, sz, "%c", val[0]);
		return;
	}
	for (s = val; *s != '\0' && o + 1 < sz; s++)
		if (s == val || s[-1] == '_')
			out[o++] = *s;
	out[o] = '\0';
}

static const char *
severity_of(int tenths)
{
	return tenths == 0 ? "NONE" : tenths < 40 ? "LOW" : tenths < 70 ?
	    "MEDIUM" : tenths < 90 ? "HIGH" : "CRITICAL";
}

static void
check_cvss(struct ctx *c, const json_t *cv, bool v2, const char *ptr)
{
	const char *vec = jstr(cv, "vectorString"), *k;
	vigil_cvss parsed;
	vigil_cvss_scores sc;
	const json_t *v;
	char p[512];

	if (!json_is_object(cv))
		return;
	if (vec == NULL || vigil_cvss_parse(&parsed, vec, strlen(vec),
	    NULL) < 0 || vigil_cvss_score(&sc, &parsed, NULL) < 0 ||
	    (v2 && parsed.version != VIGIL_CVSS_V2) ||
	    (!v2 && parsed.version != VIGIL_CVSS_V30 &&
	    parsed.version != VIGIL_CVSS_V31)) {
		PTR(p, "%s/vectorString", ptr);
		issue(c, "6.1.8", p, "not a valid CVSS %s vector", v2 ? "v2" :
		    "v3");
		return;
	}
	if (jstr(cv, "version") != NULL && !v2 &&
	    strcmp(jstr(cv, "version"), parsed.version == VIGIL_CVSS_V30 ?
	    "3.0" : "3.1") != 0) {
		PTR(p, "%s/version", ptr);
		issue(c, "6.1.10", p, "version %s disagrees with the vector",
		    jstr(cv, "version"));
	}
	json_object_foreach((json_t *)cv, k, v) {
		const char *ab = v2 ? v2_abbr(k) : v3_abbr(k);
		char want[16], got[16];

		if (ab == NULL || !json_is_string(v))
			continue;
		vec_get(got, sizeof(got), vec, ab);
		val_abbr(want, sizeof(want), json_string_value(v), v2);
		if (got[0] == '\0')
			snprintf(got, sizeof(got), "%s", v2 ? "ND" : "X");
		if (strcmp(want, got) != 0) {
			PTR(p, "%s/%s", ptr, k);
			issue(c, "6.1.10", p, "%s is %s but the vector says "
			    "%s:%s", k, json_string_value(v), ab, got);
		}
	}
#define SCORE(key, val) do {						\
	const json_t *x_ = json_object_get(cv, key);			\
	if (json_is_number(x_) && (val) >= 0 &&				\
	    (int)(json_number_value(x_) * 10 + 0.5) != (val)) {		\
		PTR(p, "%s/%s", ptr, key);				\
		issue(c, "6.1.9", p, "%s %.1f, but the vector gives %.1f",	\
		    key, json_number_value(x_), (val) / 10.0);		\
	}								\
} while (0)
	SCORE("baseScore", sc.base);
	SCORE("temporalScore", sc.temporal_always);
	SCORE("environmentalScore", sc.environmental_always);
#undef SCORE
	if (!v2) {
		static const struct { const char *sev, *score; int which; }
		    sv[] = {
			{ "baseSeverity", "baseScore", 0 },
			{ "temporalSeverity", "temporalScore", 1 },
			{ "environmentalSeverity", "environmentalScore", 2 },
		};
		size_t i;

		for (i = 0; i < VGX_ARRAY_SIZE(sv); i++) {
			const char *s = jstr(cv, sv[i].sev);
			int t = sv[i].which == 0 ? sc.base : sv[i].which == 1 ?
			    sc.temporal_always : sc.environmental_always;

			if (s != NULL && t >= 0 && strcmp(s, severity_of(t))) {
				PTR(p, "%s/%s", ptr, sv[i].sev);
				issue(c, "6.1.9", p, "%s %s, but the vector "
				    "gives %s", sv[i].sev, s, severity_of(t));
			}
		}
	}
}

static void
check_vulns(struct ctx *c)
{
	const json_t *vulns = json_object_get(c->root, "vulnerabilities");
	const char *cat = jstr(json_object_get(c->root, "document"),
	    "category");
	bool vex = cat != NULL && strcmp(cat, "csaf_vex") == 0;
	const json_t *v, *e, *x;
	size_t i, k, j, g;
	char p[512];

	json_array_foreach(vulns, i, v) {
		const json_t *ps = json_object_get(v, "product_status");
		json_t *seen = json_object();
		const char *key;

		/* 6.1.23 */
		for (k = 0; k < i && jstr(v, "cve") != NULL; k++)
			if (jstr(json_array_get(vulns, k), "cve") != NULL &&
			    strcmp(jstr(json_array_get(vulns, k), "cve"),
			    jstr(v, "cve")) == 0) {
				PTR(p, "/vulnerabilities/%zu/cve", i);
				issue(c, "6.1.23", p, "%s is also the subject "
				    "of vulnerability %zu", jstr(v, "cve"), k);
				break;
			}
		/* 6.1.1 and 6.1.6 */
		for (g = 0; g < VGX_ARRAY_SIZE(status_groups); g++)
			for (k = 0; k < 3 && status_groups[g][k] != NULL; k++) {
				const json_t *l = json_object_get(ps,
				    status_groups[g][k]);

				json_array_foreach(l, j, x) {
					const char *id = json_string_value(x);
					const json_t *prev;

					PTR(p, "/vulnerabilities/%zu/"
					    "product_status/%s/%zu", i,
					    status_groups[g][k], j);
					if (id == NULL)
						continue;
					ref(c, id, p);
					prev = json_object_get(seen, id);
					if (prev != NULL &&
					    json_integer_value(prev) !=
					    (json_int_t)g)
						issue(c, "6.1.6", p, "product "
						    "%s has contradicting "
						    "statuses", id);
					else if (seen != NULL)
						json_object_set_new(seen, id,
						    json_integer((json_int_t)g));
				}
			}
		json_decref(seen);
		/* references from remediations, threats, flags, scores */
		{
			static const char *const lists[] = {
				"remediations", "threats", "flags"
			};

			for (k = 0; k < VGX_ARRAY_SIZE(lists); k++)
				json_array_foreach(json_object_get(v, lists[k]),
				    j, e) {
					PTR(p, "/vulnerabilities/%zu/%s/%zu/"
					    "product_ids", i, lists[k], j);
					ref_list(c, json_object_get(e,
					    "product_ids"), p);
					PTR(p, "/vulnerabilities/%zu/%s/%zu/"
					    "group_ids", i, lists[k], j);
					group_refs(c, json_object_get(e,
					    "group_ids"), p);
					if (k == 1)
						continue;
					/* 6.1.29, 6.1.32 */
					if (json_object_get(e, "product_ids") ==
					    NULL && json_object_get(e,
					    "group_ids") == NULL) {
						PTR(p, "/vulnerabilities/%zu/"
						    "%s/%zu", i, lists[k], j);
						issue(c, k == 0 ? "6.1.29" :
						    "6.1.32", p, "%s names no "
						    "product", k == 0 ?
						    "remediation" : "flag");
					}
				}
		}
		/* 6.1.33: one VEX justification per product. */
		{
			json_t *fl = json_object();

			json_array_foreach(json_object_get(v, "flags"), j, e) {
				json_t *ids = json_object();

				named_ids(c, e, ids);
				json_object_foreach(ids, key, x) {
					if (fl != NULL && json_object_get(fl,
					    key) != NULL) {
						PTR(p, "/vulnerabilities/%zu/"
						    "flags/%zu", i, j);
						issue(c, "6.1.33", p, "product "
						    "%s has more than one "
						    "flag", key);
					} else if (fl != NULL) {
						json_object_set_new(fl, key,
						    json_true());
					}
				}
				json_decref(ids);
			}
			json_decref(fl);
		}
		/* 6.1.7 to 6.1.10: scores */
		{
			json_t *ver = json_object();

			json_array_foreach(json_object_get(v, "scores"), j, e) {
				static const char *const cv[] = {
					"cvss_v2", "cvss_v3"
				};
				size_t m;

				PTR(p, "/vulnerabilities/%zu/scores/%zu/"
				    "products", i, j);
				ref_list(c, json_object_get(e, "products"), p);
				for (m = 0; m < 2; m++) {
					const json_t *o = json_object_get(e,
					    cv[m]);
					const char *vs = jstr(o, "version");
					char kk[600];

					if (o == NULL)
						continue;
					PTR(p, "/vulnerabilities/%zu/scores/"
					    "%zu/%s", i, j, cv[m]);
					check_cvss(c, o, m == 0, p);
					json_array_foreach(json_object_get(e,
					    "products"), g, x) {
						if (!json_is_string(x) ||
						    vs == NULL)
							continue;
						snprintf(kk, sizeof(kk),
						    "%s\n%s",
						    json_string_value(x), vs);
						if (ver != NULL &&
						    json_object_get(ver, kk)) {
							issue(c, "6.1.7", p,
							    "product %s has "
							    "two CVSS %s "
							    "scores",
							    json_string_value(
							    x), vs);
						} else if (ver != NULL) {
							json_object_set_new(ver,
							    kk, json_true());
						}
					}
				}
			}
			json_decref(ver);
		}
		/* 6.1.24: involvements */
		json_array_foreach(json_object_get(v, "involvements"), j, e)
			for (k = 0; k < j; k++) {
				const json_t *o = json_array_get(
				    json_object_get(v, "involvements"), k);

				if (jstr(o, "party") && jstr(e, "party") &&
				    jstr(o, "date") && jstr(e, "date") &&
				    strcmp(jstr(o, "party"), jstr(e, "party"))
				    == 0 && strcmp(jstr(o, "date"),
				    jstr(e, "date")) == 0) {
					PTR(p, "/vulnerabilities/%zu/"
					    "involvements/%zu", i, j);
					issue(c, "6.1.24", p, "party %s has two "
					    "involvements at %s",
					    jstr(e, "party"), jstr(e, "date"));
					break;
				}
			}
		/* profile csaf_vex: 6.1.27.6 to 6.1.27.10 */
		if (!vex)
			continue;
		PTR(p, "/vulnerabilities/%zu", i);
		if (json_object_get(v, "cve") == NULL &&
		    json_object_get(v, "ids") == NULL)
			issue(c, "6.1.27.8", p, "a VEX vulnerability needs cve "
			    "or ids");
		if (ps == NULL || (json_object_get(ps, "fixed") == NULL &&
		    json_object_get(ps, "known_affected") == NULL &&
		    json_object_get(ps, "known_not_affected") == NULL &&
		    json_object_get(ps, "under_investigation") == NULL)) {
			issue(c, "6.1.27.7", p, "a VEX vulnerability needs "
			    "fixed, known_affected, known_not_affected or "
			    "under_investigation");
			continue;
		}
		json_array_foreach(json_object_get(ps, "known_not_affected"),
		    j, x) {
			const char *id = json_string_value(x);
			bool ok = false;

			if (id == NULL)
				continue;
			json_array_foreach(json_object_get(v, "flags"), k, e)
				if (names(c, e, id))
					ok = true;
			json_array_foreach(json_object_get(v, "threats"), k, e)
				if (jstr(e, "category") != NULL &&
				    strcmp(jstr(e, "category"), "impact") == 0 &&
				    names(c, e, id))
					ok = true;
			if (!ok) {
				PTR(p, "/vulnerabilities/%zu/product_status/"
				    "known_not_affected/%zu", i, j);
				issue(c, "6.1.27.9", p, "product %s is "
				    "known_not_affected without a flag or an "
				    "impact statement", id);
			}
		}
		json_array_foreach(json_object_get(ps, "known_affected"), j,
		    x) {
			const char *id = json_string_value(x);
			bool ok = false;

			if (id == NULL)
				continue;
			json_array_foreach(json_object_get(v, "remediations"),
			    k, e)
				if (names(c, e, id))
					ok = true;
			if (!ok) {
				PTR(p, "/vulnerabilities/%zu/product_status/"
				    "known_affected/%zu", i, j);
				issue(c, "6.1.27.10", p, "product %s is "
				    "known_affected without a remediation", id);
			}
		}
	}
	(void)affected_keys;
}

/* 6.1.13 purl, 6.1.25 hash algorithms: every product definition. */
static void
check_helpers(struct ctx *c, const json_t *j, char *ptr, size_t len,
    size_t cap, unsigned depth)
{
	const char *k;
	const json_t *v;
	size_t i;

	if (depth > 64)
		return;
	if (json_is_object(j)) {
		const json_t *h = json_object_get(j,
		    "product_identification_helper");

		if (h != NULL) {
			const char *purl = jstr(h, "purl");
			const json_t *hs, *fh, *x, *y;
			size_t a, b, d;

			vigil_purl *pu = NULL;

			if (purl != NULL && vigil_purl_parse(&pu, purl,
			    strlen(purl), 0, NULL) < 0) {
				snprintf(ptr + len, cap - len,
				    "/product_identification_helper/purl");
				issue(c, "6.1.13", ptr, "not a valid purl: "
				    "%.200s", purl);
			}
			vigil_purl_free(pu);
			hs = json_object_get(h, "hashes");
			json_array_foreach(hs, a, x) {
				fh = json_object_get(x, "file_hashes");
				json_array_foreach(fh, b, y)
					for (d = 0; d < b; d++) {
						const char *p1 = jstr(y,
						    "algorithm");
						const char *p2 = jstr(
						    json_array_get(fh, d),
						    "algorithm");

						if (p1 && p2 &&
						    strcasecmp(p1, p2) == 0) {
							snprintf(ptr + len,
							    cap - len, "/product_"
							    "identification_"
							    "helper/hashes/%zu/"
							    "file_hashes/%zu",
							    a, b);
							issue(c, "6.1.25", ptr,
							    "hash algorithm %s "
							    "used twice", p1);
							break;
						}
					}
			}
			ptr[len] = '\0';
		}
		json_object_foreach((json_t *)j, k, v) {
			int n = snprintf(ptr + len, cap - len, "/%s", k);

			if (n < 0 || (size_t)n >= cap - len)
				continue;
			check_helpers(c, v, ptr, len + (size_t)n, cap,
			    depth + 1);
			ptr[len] = '\0';
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			int n = snprintf(ptr + len, cap - len, "/%zu", i);

			if (n < 0 || (size_t)n >= cap - len)
				continue;
			check_helpers(c, v, ptr, len + (size_t)n, cap,
			    depth + 1);
			ptr[len] = '\0';
		}
	}
}

static void
check_profiles(struct ctx *c)
{
	const json_t *doc = json_object_get(c->root, "document");
	const char *cat = jstr(doc, "category");
	bool adv, vex, info, inc;
	bool notes_ok = false, refs_ok = false;
	const json_t *e;
	size_t i;

	if (cat == NULL)
		return;
	adv = strcmp(cat, "csaf_security_advisory") == 0;
	vex = strcmp(cat, "csaf_vex") == 0;
	info = strcmp(cat, "csaf_informational_advisory") == 0;
	inc = strcmp(cat, "csaf_security_incident_response") == 0;
	if (!adv && !vex && !info && !inc)
		return;
	json_array_foreach(json_object_get(doc, "notes"), i, e) {
		const char *nc = jstr(e, "category");

		if (nc != NULL && (strcmp(nc, "description") == 0 ||
		    strcmp(nc, "details") == 0 || strcmp(nc, "general") == 0 ||
		    strcmp(nc, "summary") == 0))
			notes_ok = true;
	}
	if ((info || inc) && !notes_ok)
		issue(c, "6.1.27.1", "/document/notes", "a %s document needs "
		    "a note of category description, details, general or "
		    "summary", cat);
	json_array_foreach(json_object_get(doc, "references"), i, e)
		if (jstr(e, "category") != NULL &&
		    strcmp(jstr(e, "category"), "external") == 0)
			refs_ok = true;
	if ((info || inc) && !refs_ok)
		issue(c, "6.1.27.2", "/document/references", "a %s document "
		    "needs an external reference", cat);
	if (info && json_object_get(c->root, "vulnerabilities") != NULL)
		issue(c, "6.1.27.3", "/vulnerabilities", "an informational "
		    "advisory has no vulnerabilities");
	if ((adv || vex) && json_object_get(c->root, "product_tree") == NULL)
		issue(c, "6.1.27.4", "/product_tree", "a %s document needs a "
		    "product tree", cat);
	if ((adv || vex) && json_object_get(c->root, "vulnerabilities") ==
	    NULL)
		issue(c, "6.1.27.11", "/vulnerabilities", "a %s document "
		    "needs vulnerabilities", cat);
	json_array_foreach(json_object_get(c->root, "vulnerabilities"), i,
	    e) {
		char p[64];

		PTR(p, "/vulnerabilities/%zu", i);
		if ((adv || vex) && json_object_get(e, "notes") == NULL)
			issue(c, "6.1.27.5", p, "a %s vulnerability needs "
			    "notes", cat);
		if (adv && json_object_get(e, "product_status") == NULL)
			issue(c, "6.1.27.6", p, "a security advisory's "
			    "vulnerability needs product_status");
	}
}

/*
 * Without the schema, at least the members every CSAF document has
 * (section 3.2.1: document with category, csaf_version 2.0, publisher,
 * title, tracking) are checked, so that any JSON is not "valid".
 */
static void
check_required(struct ctx *c)
{
	static const char *const doc_req[] = {
		"category", "csaf_version", "publisher", "title", "tracking"
	};
	static const char *const tr_req[] = {
		"current_release_date", "id", "initial_release_date",
		"revision_history", "status", "version"
	};
	const json_t *doc = json_object_get(c->root, "document"), *tr;
	const char *v;
	size_t i;

	if (!json_is_object(doc)) {
		issue(c, "schema", "/document", "missing required property "
		    "\"document\" (checked without the schema)");
		return;
	}
	for (i = 0; i < VGX_ARRAY_SIZE(doc_req); i++)
		if (json_object_get(doc, doc_req[i]) == NULL)
			issue(c, "schema", "/document", "missing required "
			    "property \"%s\" (checked without the schema)",
			    doc_req[i]);
	if ((v = jstr(doc, "csaf_version")) != NULL && strcmp(v, "2.0") != 0)
		issue(c, "schema", "/document/csaf_version", "csaf_version %s "
		    "is not 2.0", v);
	tr = json_object_get(doc, "tracking");
	for (i = 0; json_is_object(tr) && i < VGX_ARRAY_SIZE(tr_req); i++)
		if (json_object_get(tr, tr_req[i]) == NULL)
			issue(c, "schema", "/document/tracking", "missing "
			    "required property \"%s\" (checked without the "
			    "schema)", tr_req[i]);
}

int
vigil_csaf_validate(size_t *nfail, const char *buf, size_t len,
    const vigil_schema *schema, vigil_csaf_issue_cb cb, void *payload,
    vigil_error *err)
{
	struct ctx c;
	json_error_t je;
	json_t *root;
	char ptr[1024];
	int rc = 0;

	if (len > VIGIL_CSAF_MAX_DOC)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "document larger than %u bytes", VIGIL_CSAF_MAX_DOC);
	if ((root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL)
		return vigil__error_at(err, VIGIL_EINVALID,
		    (unsigned long)(je.line > 0 ? je.line : 0),
		    (unsigned long)(je.column > 0 ? je.column : 0), "%s",
		    je.text);
	memset(&c, 0, sizeof(c));
	c.cb = cb;
	c.payload = payload;
	c.root = root;
	if ((c.defs = json_object()) == NULL ||
	    (c.groups = json_object()) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if (schema != NULL) {
		vigil_schema_result *res = NULL;
		size_t i;

		if ((rc = vigil_schema_validate_json(&res, schema, root, NULL,
		    err)) < 0)
			goto done;
		/* Failures inside a CVSS object are test 6.1.8's. */
		for (i = 0; i < res->count; i++)
			issue(&c, strstr(res->items[i].pointer, "/cvss_v") ?
			    "6.1.8" : "schema", res->items[i].pointer, "%s",
			    res->items[i].message);
		vigil_schema_result_free(res);
	}
	if (!json_is_object(root)) {
		issue(&c, "schema", "", "a CSAF document is an object");
		goto done;
	}
	if (schema == NULL)
		check_required(&c);
	check_document(&c);
	check_tree(&c);
	check_tracking(&c);
	check_vulns(&c);
	check_profiles(&c);
	memcpy(ptr, "/product_tree", sizeof("/product_tree"));
	check_helpers(&c, json_object_get(root, "product_tree"), ptr,
	    sizeof("/product_tree") - 1, sizeof(ptr), 0);
done:
	json_decref(c.defs);
	json_decref(c.groups);
	json_decref(root);
	if (nfail != NULL)
		*nfail = c.n;
	return rc;
}

int
vigil_csaf_filename(char *out, size_t outsz, const char *id)
{
	size_t o = 0;
	bool run = false;

	if (id == NULL || *id == '\0')
		return VIGIL_EINVALID;
	for (; *id != '\0'; id++) {
		int ch = vgx_tolower((unsigned char)*id);

		if ((ch >= 'a' && ch <= 'z') || vgx_isdigit(ch) || ch == '+' ||
		    ch == '-') {
			if (o + 1 >= outsz)
				return VIGIL_ETOOBIG;
			out[o++] = (char)ch;
			run = false;
		} else if (!run) {
			if (o + 1 >= outsz)
				return VIGIL_ETOOBIG;
			out[o++] = '_';
			run = true;
		}
	}
	if (o + 6 >= outsz)
		return VIGIL_ETOOBIG;
	memcpy(out + o, ".json", 6);
	return 0;
}

int
vigil_csaf_filename_valid(const char *name)
{
	size_t n = strlen(name), i;

	if (n <= 5 || strcmp(name + n - 5, ".json") != 0)
		return 0;
	for (i = 0; i < n - 5; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || vgx_isdigit((unsigned char)ch)
		    || ch == '+' || ch == '-' || ch == '_'))
			return 0;
		if (ch == '_' && i > 0 && name[i - 1] == '_')
			return 0;
	}
	return 1;
}
