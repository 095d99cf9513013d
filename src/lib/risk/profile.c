/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device profile reader: a JSON document (docs/device-profile.md) that
 * says what the device is, what it does for patients, the worst harm a
 * compromise could do, the answers to the MITRE rubric's questions, its
 * interfaces and the compensating controls in place.  The rubric
 * (rubric.c) and the patient-harm assessment (harm.c) read the result.
 *
 * Every field is checked; unknown keys are errors, so that a misspelt
 * answer is never silently taken as "unknown".  Errors name the field by
 * its JSON Pointer.  Limits: VIGIL_PROFILE_MAX_SIZE bytes, strings of
 * VIGIL_PROFILE_MAX_STRING bytes, VIGIL_PROFILE_MAX_INTERFACES interfaces,
 * and jansson's nesting limit.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "vgx.h"
#include "vigil/risk.h"

#define PTR_MAX 128

/* BASE + "/" + KEY, with KEY escaped as RFC 6901 wants. */
static void
ptr_join(char *out, const char *base, const char *key)
{
	size_t n = strlen(base), i;

	if (n >= PTR_MAX)
		n = PTR_MAX - 1;
	memmove(out, base, n);
	if (n < PTR_MAX - 1)
		out[n++] = '/';
	for (i = 0; key[i] != '\0' && n < PTR_MAX - 2; i++) {
		if (key[i] == '~' || key[i] == '/') {
			out[n++] = '~';
			out[n++] = key[i] == '~' ? '0' : '1';
		} else {
			out[n++] = key[i];
		}
	}
	out[n] = '\0';
}

/* ERR says MSG about the field at PTR; returns VIGIL_EINVALID. */
static int
bad(vigil_error *err, const char *ptr, const char *msg)
{
	return vigil__error_ptr(err, VIGIL_EINVALID, ptr, "%s", msg);
}

/* Every key of OBJ (at PTR) must be one of KEYS (NULL-terminated). */
static int
only_keys(json_t *obj, const char *ptr, const char *const *keys,
    vigil_error *err)
{
	const char *key;
	json_t *v;
	char p[PTR_MAX];

	json_object_foreach(obj, key, v) {
		size_t i;

		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], key) == 0)
				break;
		if (keys[i] == NULL) {
			ptr_join(p, ptr, key);
			return bad(err, p, "unknown field");
		}
	}
	return 0;
}

static int
get_object(json_t **out, json_t *parent, const char *key, const char *ptr,
    bool required, vigil_error *err)
{
	char p[PTR_MAX];
	json_t *v = json_object_get(parent, key);

	*out = NULL;
	ptr_join(p, ptr, key);
	if (v == NULL)
		return required ? bad(err, p, "required field missing") :
		    0;
	if (!json_is_object(v))
		return bad(err, p, "must be an object");
	*out = v;
	return 0;
}

static int
get_string(char **out, json_t *parent, const char *key, const char *ptr,
    bool required, vigil_error *err)
{
	char p[PTR_MAX];
	json_t *v = json_object_get(parent, key);
	size_t len;

	ptr_join(p, ptr, key);
	if (v == NULL)
		return required ? bad(err, p, "required field missing") :
		    0;
	if (!json_is_string(v))
		return bad(err, p, "must be a string");
	len = json_string_length(v);
	if (len == 0)
		return bad(err, p, "must not be empty");
	if (len > VIGIL_PROFILE_MAX_STRING)
		return vigil__error_ptr(err, VIGIL_ETOOBIG, p,
		    "longer than %d bytes", VIGIL_PROFILE_MAX_STRING);
	if ((*out = vgx_strndup(json_string_value(v), len)) == NULL)
		return vigil__error_oom(err);
	return 0;
}

/* A boolean clinical function: true/false, absent = unknown. */
static int
get_bool(vigil_answer *out, json_t *parent, const char *key, const char *ptr,
    vigil_error *err)
{
	char p[PTR_MAX];
	json_t *v = json_object_get(parent, key);

	*out = VIGIL_ANSWER_UNKNOWN;
	if (v == NULL || json_is_null(v))
		return 0;
	ptr_join(p, ptr, key);
	if (!json_is_boolean(v))
		return bad(err, p, "must be true, false or null");
	*out = json_is_true(v) ? VIGIL_ANSWER_YES : VIGIL_ANSWER_NO;
	return 0;
}

/* "yes", "no", "unknown"; absent = unknown. */
static int
get_answer(vigil_answer *out, json_t *parent, const char *key,
    const char *ptr, vigil_error *err)
{
	char p[PTR_MAX];
	json_t *v = json_object_get(parent, key);
	const char *s;

	*out = VIGIL_ANSWER_UNKNOWN;
	if (v == NULL)
		return 0;
	ptr_join(p, ptr, key);
	if (!json_is_string(v))
		return bad(err, p, "must be \"yes\", \"no\" or \"unknown\"");
	s = json_string_value(v);
	if (strcmp(s, "yes") == 0)
		*out = VIGIL_ANSWER_YES;
	else if (strcmp(s, "no") == 0)
		*out = VIGIL_ANSWER_NO;
	else if (strcmp(s, "unknown") != 0)
		return bad(err, p, "must be \"yes\", \"no\" or \"unknown\"");
	return 0;
}

static const char *const harm_names[] = {
	NULL, "negligible", "minor", "serious", "critical", "catastrophic"
};

const char *
vigil_harm_name(vigil_harm h)
{
	return h >= VIGIL_HARM_NEGLIGIBLE && h <= VIGIL_HARM_CATASTROPHIC ?
	    harm_names[h] : "?";
}

const char *
vigil_answer_name(vigil_answer a)
{
	switch (a) {
	case VIGIL_ANSWER_YES:
		return "yes";
	case VIGIL_ANSWER_NO:
		return "no";
	case VIGIL_ANSWER_UNKNOWN:
		return "unknown";
	}
	return "?";
}

static const struct {
	vigil_control bit;
	const char *name;
} controls[] = {
	{VIGIL_CONTROL_PHYSICAL_ACCESS, "physical_access"},
	{VIGIL_CONTROL_REMOVABLE_MEDIA, "removable_media"},
	{VIGIL_CONTROL_NETWORK_ISOLATION, "network_isolation"},
	{VIGIL_CONTROL_NETWORK_SEGREGATION, "network_segregation"},
	{VIGIL_CONTROL_MONITORING, "monitoring"},
	{VIGIL_CONTROL_REMOTE_ACCESS, "remote_access"},
	{VIGIL_CONTROL_FIREWALL, "firewall"},
	{VIGIL_CONTROL_ANTI_MALWARE, "anti_malware"},
	{VIGIL_CONTROL_BACKUP_RESTORE, "backup_restore"},
};

const char *
vigil_control_name(vigil_control c)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(controls); i++)
		if (controls[i].bit == c)
			return controls[i].name;
	return "?";
}

const char *
vigil_controls_format(char *out, size_t sz, unsigned bits, const char *sep)
{
	size_t i, n = 0;
	int w;

	out[0] = '\0';
	for (i = 0; i < VGX_ARRAY_SIZE(controls); i++) {
		if ((bits & controls[i].bit) == 0)
			continue;
		w = snprintf(out + n, sz - n, "%s%s", n ? sep : "",
		    controls[i].name);
		if (w < 0 || (size_t)w >= sz - n) {
			out[n] = '\0';	/* whole names only */
			break;
		}
		n += (size_t)w;
	}
	return out;
}

/* Profile keys of the impact classes, in vigil_impact_class order. */
static const char *const class_keys[VIGIL_IMPACT_COUNT] = {
	"phi_pii", "diagnosis_or_monitoring", "therapy_delivery",
	"clinical_workflow", "system_data", "other_critical"
};

/*
 * The default acceptability matrix, rows = harm (negligible..catastrophic),
 * columns = exploitability (very low..very high); 'U' = uncontrolled.  The
 * FDA's figure is qualitative (a diagonal); this default puts the line at
 * harm + exploitability >= 7.  It is UNCONFIRMED against any standard:
 * set your own in the profile ("acceptability").
 */
static const char *const default_matrix[5] = {
	"CCCCC",	/* negligible */
	"CCCCU",	/* minor */
	"CCCUU",	/* serious */
	"CCUUU",	/* critical */
	"CUUUU",	/* catastrophic */
};

void
vigil_risk_default_matrix(bool m[5][5])
{
	int h, e;

	for (h = 0; h < 5; h++)
		for (e = 0; e < 5; e++)
			m[h][e] = default_matrix[h][e] == 'U';
}

void
vigil_profile_free(vigil_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	vgx_free(p->manufacturer);
	vgx_free(p->model);
	vgx_free(p->version);
	vgx_free(p->udi_di);
	for (i = 0; i < p->ninterfaces; i++) {
		vgx_free(p->interfaces[i].name);
		vgx_free(p->interfaces[i].port);
		vgx_free(p->interfaces[i].function);
	}
	vgx_free(p->interfaces);
	vgx_free(p);
}

static int
read_device(vigil_profile *p, json_t *root, vigil_error *err)
{
	static const char *const keys[] = {
		"manufacturer", "model", "version", "udi_di", NULL
	};
	json_t *d;
	int rc;

	if ((rc = get_object(&d, root, "device", "", true, err)) < 0 ||
	    (rc = only_keys(d, "/device", keys, err)) < 0 ||
	    (rc = get_string(&p->manufacturer, d, "manufacturer", "/device",
	    true, err)) < 0 ||
	    (rc = get_string(&p->model, d, "model", "/device", true,
	    err)) < 0 ||
	    (rc = get_string(&p->version, d, "version", "/device", false,
	    err)) < 0 ||
	    (rc = get_string(&p->udi_di, d, "udi_di", "/device", false,
	    err)) < 0)
		return rc;
	return 0;
}

static int
read_functions(vigil_profile *p, json_t *root, vigil_error *err)
{
	static const char *const keys[] = {
		"therapy_delivery", "diagnosis_or_monitoring",
		"clinical_workflow", "phi_pii", "patient_records", NULL
	};
	static const char *const base = "/clinical_functions";
	json_t *f, *n;
	int rc;

	p->therapy_delivery = p->diagnosis_monitoring = VIGIL_ANSWER_UNKNOWN;
	p->clinical_workflow = p->phi_pii = VIGIL_ANSWER_UNKNOWN;
	p->patient_records = -1;
	if ((rc = get_object(&f, root, "clinical_functions", "", false,
	    err)) < 0 || f == NULL)
		return rc;
	if ((rc = only_keys(f, base, keys, err)) < 0 ||
	    (rc = get_bool(&p->therapy_delivery, f, "therapy_delivery", base,
	    err)) < 0 ||
	    (rc = get_bool(&p->diagnosis_monitoring, f,
	    "diagnosis_or_monitoring", base, err)) < 0 ||
	    (rc = get_bool(&p->clinical_workflow, f, "clinical_workflow", base,
	    err)) < 0 ||
	    (rc = get_bool(&p->phi_pii, f, "phi_pii", base, err)) < 0)
		return rc;
	n = json_object_get(f, "patient_records");
	if (n != NULL && !json_is_null(n)) {
		if (!json_is_integer(n) || json_integer_value(n) < 0)
			return bad(err, "/clinical_functions/patient_records",
			    "must be a whole number >= 0, or null");
		p->patient_records = (long long)json_integer_value(n);
	}
	return 0;
}

static int
read_harm(vigil_profile *p, json_t *root, vigil_error *err)
{
	json_t *h = json_object_get(root, "worst_case_harm");
	int i;

	if (h == NULL)
		return bad(err, "/worst_case_harm", "required field missing");
	if (json_is_string(h))
		for (i = VIGIL_HARM_NEGLIGIBLE; i <= VIGIL_HARM_CATASTROPHIC;
		    i++)
			if (strcmp(json_string_value(h), harm_names[i]) == 0) {
				p->harm = (vigil_harm)i;
				return 0;
			}
	return bad(err, "/worst_case_harm", "must be one of negligible, minor, "
	    "serious, critical, catastrophic");
}

static int
read_rubric(vigil_profile *p, json_t *root, vigil_error *err)
{
	static const char *const ckeys[] = { "read", "modify", "deny", NULL };
	const char *keys[VIGIL_Q_COUNT + 2];
	json_t *r, *imp, *c;
	char cp[PTR_MAX];
	int rc, i, k;

	if ((rc = get_object(&r, root, "rubric", "", false, err)) < 0 ||
	    r == NULL)
		return rc;
	for (i = 0; i < VIGIL_Q_COUNT; i++)
		keys[i] = vigil_rubric_q_id((vigil_rubric_q)i);
	keys[VIGIL_Q_COUNT] = "impact";
	keys[VIGIL_Q_COUNT + 1] = NULL;
	if ((rc = only_keys(r, "/rubric", keys, err)) < 0)
		return rc;
	for (i = 0; i < VIGIL_Q_COUNT; i++)
		if ((rc = get_answer(&p->q[i], r, keys[i], "/rubric",
		    err)) < 0)
			return rc;
	if ((rc = get_object(&imp, r, "impact", "/rubric", false, err)) < 0 ||
	    imp == NULL)
		return rc;
	{
		const char *ik[VIGIL_IMPACT_COUNT + 1];

		for (i = 0; i < VIGIL_IMPACT_COUNT; i++)
			ik[i] = class_keys[i];
		ik[VIGIL_IMPACT_COUNT] = NULL;
		if ((rc = only_keys(imp, "/rubric/impact", ik, err)) < 0)
			return rc;
	}
	for (i = 0; i < VIGIL_IMPACT_COUNT; i++) {
		if ((rc = get_object(&c, imp, class_keys[i], "/rubric/impact",
		    false, err)) < 0)
			return rc;
		if (c == NULL)
			continue;
		ptr_join(cp, "/rubric/impact", class_keys[i]);
		if ((rc = only_keys(c, cp, ckeys, err)) < 0)
			return rc;
		for (k = 0; k < 3; k++)
			if ((rc = get_answer(&p->impact[i][k], c, ckeys[k], cp,
			    err)) < 0)
				return rc;
	}
	return 0;
}

static int
read_interfaces(vigil_profile *p, json_t *root, vigil_error *err)
{
	static const char *const keys[] = {
		"name", "port", "function", "direction", NULL
	};
	json_t *a = json_object_get(root, "interfaces"), *it;
	size_t i, n;
	int rc;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return bad(err, "/interfaces", "must be an array");
	n = json_array_size(a);
	if (n > VIGIL_PROFILE_MAX_INTERFACES)
		return vigil__error_ptr(err, VIGIL_ETOOBIG, "/interfaces",
		    "more than %d interfaces", VIGIL_PROFILE_MAX_INTERFACES);
	if (n == 0)
		return 0;
	if ((p->interfaces = vgx_calloc(n, sizeof(*p->interfaces))) == NULL)
		return vigil__error_oom(err);
	json_array_foreach(a, i, it) {
		vigil_interface *f = &p->interfaces[i];
		char ip[PTR_MAX], dp[PTR_MAX];
		const char *d;
		json_t *dv;

		snprintf(ip, sizeof(ip), "/interfaces/%zu", i);
		p->ninterfaces = i + 1;
		if (!json_is_object(it))
			return bad(err, ip, "must be an object");
		if ((rc = only_keys(it, ip, keys, err)) < 0 ||
		    (rc = get_string(&f->name, it, "name", ip, true,
		    err)) < 0 ||
		    (rc = get_string(&f->port, it, "port", ip, false,
		    err)) < 0 ||
		    (rc = get_string(&f->function, it, "function", ip, false,
		    err)) < 0)
			return rc;
		ptr_join(dp, ip, "direction");
		dv = json_object_get(it, "direction");
		if (dv == NULL)
			return bad(err, dp, "required field missing");
		d = json_is_string(dv) ? json_string_value(dv) : "";
		if (strcmp(d, "in") == 0)
			f->direction = VIGIL_DIR_IN;
		else if (strcmp(d, "out") == 0)
			f->direction = VIGIL_DIR_OUT;
		else if (strcmp(d, "both") == 0)
			f->direction = VIGIL_DIR_BOTH;
		else
			return bad(err, dp, "must be \"in\", \"out\" or "
			    "\"both\"");
	}
	return 0;
}

static int
read_controls(vigil_profile *p, json_t *root, vigil_error *err)
{
	json_t *a = json_object_get(root, "compensating_controls"), *c;
	size_t i, k;

	if (a == NULL)
		return 0;
	if (!json_is_array(a))
		return bad(err, "/compensating_controls", "must be an array");
	json_array_foreach(a, i, c) {
		char cp[PTR_MAX];

		snprintf(cp, sizeof(cp), "/compensating_controls/%zu", i);
		if (!json_is_string(c))
			return bad(err, cp, "must be a string");
		for (k = 0; k < VGX_ARRAY_SIZE(controls); k++)
			if (strcmp(controls[k].name, json_string_value(c)) == 0)
				break;
		if (k == VGX_ARRAY_SIZE(controls))
			return bad(err, cp, "unknown control (see "
			    "docs/device-profile.md)");
		if (p->controls & controls[k].bit)
			return bad(err, cp, "control listed twice");
		p->controls |= controls[k].bit;
	}
	return 0;
}

static int
read_matrix(vigil_profile *p, json_t *root, vigil_error *err)
{
	static const char *const keys[] = { "uncontrolled", NULL };
	json_t *a, *m, *row;
	size_t h, e;
	int rc;

	vigil_risk_default_matrix(p->uncontrolled);
	if ((rc = get_object(&a, root, "acceptability", "", false, err)) < 0 ||
	    a == NULL)
		return rc;
	if ((rc = only_keys(a, "/acceptability", keys, err)) < 0)
		return rc;
	m = json_object_get(a, "uncontrolled");
	if (m == NULL)
		return bad(err, "/acceptability/uncontrolled",
		    "required field missing");
	if (!json_is_array(m) || json_array_size(m) != 5)
		return bad(err, "/acceptability/uncontrolled",
		    "must be an array of 5 rows, negligible to catastrophic");
	json_array_foreach(m, h, row) {
		char rp[PTR_MAX];
		const char *s;

		snprintf(rp, sizeof(rp), "/acceptability/uncontrolled/%zu", h);
		if (!json_is_string(row) || json_string_length(row) != 5)
			return bad(err, rp, "must be 5 letters C (controlled) "
			    "or U (uncontrolled), exploitability very low to "
			    "very high");
		s = json_string_value(row);
		for (e = 0; e < 5; e++) {
			if (s[e] != 'C' && s[e] != 'U')
				return bad(err, rp, "must be 5 letters C or "
				    "U");
			p->uncontrolled[h][e] = s[e] == 'U';
		}
	}
	/* More harm or more exploitability must never be more acceptable. */
	for (h = 0; h < 5; h++)
		for (e = 0; e < 5; e++)
			if (p->uncontrolled[h][e] &&
			    ((h < 4 && !p->uncontrolled[h + 1][e]) ||
			    (e < 4 && !p->uncontrolled[h][e + 1]))) {
				char rp[PTR_MAX];

				snprintf(rp, sizeof(rp),
				    "/acceptability/uncontrolled/%zu", h);
				return bad(err, rp, "not monotonic: a cell "
				    "with more harm or exploitability is "
				    "controlled");
			}
	p->has_matrix = true;
	return 0;
}

int
vigil_profile_parse(vigil_profile **out, const char *buf, size_t len,
    vigil_error *err)
{
	static const char *const keys[] = {
		"profile_version", "device", "clinical_functions",
		"worst_case_harm", "rubric", "interfaces",
		"compensating_controls", "acceptability", NULL
	};
	vigil_profile *p = NULL;
	json_error_t je;
	json_t *root, *ver;
	int rc;

	*out = NULL;
	if (len > VIGIL_PROFILE_MAX_SIZE)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "profile larger than %d bytes", VIGIL_PROFILE_MAX_SIZE);
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return vigil__error_at(err, VIGIL_EINVALID,
		    je.line > 0 ? (unsigned long)je.line : 0,
		    je.column > 0 ? (unsigned long)je.column : 0, "%s",
		    je.text);
	if (!json_is_object(root)) {
		rc = bad(err, "", "a profile must be a JSON object");
		goto done;
	}
	if ((p = vgx_calloc(1, sizeof(*p))) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if ((rc = only_keys(root, "", keys, err)) < 0)
		goto done;
	ver = json_object_get(root, "profile_version");
	if (ver == NULL) {
		rc = bad(err, "/profile_version", "required field missing");
		goto done;
	}
	if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
		rc = vigil__error_ptr(err, VIGIL_EUNSUPPORTED,
		    "/profile_version", "vigil reads profile_version 1");
		goto done;
	}
	if ((rc = read_device(p, root, err)) < 0 ||
	    (rc = read_functions(p, root, err)) < 0 ||
	    (rc = read_harm(p, root, err)) < 0 ||
	    (rc = read_rubric(p, root, err)) < 0 ||
	    (rc = read_interfaces(p, root, err)) < 0 ||
	    (rc = read_controls(p, root, err)) < 0 ||
	    (rc = read_matrix(p, root, err)) < 0)
		goto done;
	*out = p;
	p = NULL;
	rc = 0;
done:
	vigil_profile_free(p);
	json_decref(root);
	return rc;
}
