/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The NVD configuration evaluator.  A CVE's configuration is a list of
 * nodes joined by the configuration's operator (AND, or OR by default),
 * each node a list of cpeMatch entries joined by the node's operator;
 * configuration and nodes may be negated.  A cpeMatch is either
 * vulnerable (the product that has the flaw) or not ("running on" /
 * "with": a platform that must be present for the flaw to matter).
 *
 * Each cpeMatch takes one of three values: true when the component (for a
 * vulnerable one) or another CPE of the SBOM satisfies it, false when not,
 * and unknown for a platform whose product the SBOM does not list at all.
 * Nodes and configuration combine the values with Kleene's three-valued
 * logic, so that a configuration that would hold only on a platform the
 * SBOM does not name is reported as unknown, never as affected.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "vgx.h"
#include "matchint.h"
#include "vigil/range.h"
#include "vigil/version.h"

struct cpematch {
	bool vulnerable;
	vigil_cpe *crit;
	char *version;		/* criteria version: "*", "-" or the value */
	char *si, *se, *ei, *ee;	/* bounds or NULL */
};

struct node {
	bool and_op, negate;
	size_t first, n;	/* cpeMatch entries */
};

struct vigil__nvdconf {
	bool and_op, negate;
	struct node *nodes;
	size_t nnodes;
	struct cpematch *m;
	size_t nm;
	const vigil_scheme *scheme;
	vigil_range r;		/* scratch */
};

void
vigil__nvdconf_free(struct vigil__nvdconf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nm; i++) {
		vigil_cpe_free(c->m[i].crit);
		vgx_free(c->m[i].version);
		vgx_free(c->m[i].si);
		vgx_free(c->m[i].se);
		vgx_free(c->m[i].ei);
		vgx_free(c->m[i].ee);
	}
	vgx_free(c->m);
	vgx_free(c->nodes);
	vgx_free(c);
}

/* Operator of O: *AND; VIGIL_EINVALID when not "AND"/"OR". */
static int
get_op(bool *and_op, json_t *o)
{
	json_t *v = json_object_get(o, "operator");

	*and_op = false;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return VIGIL_EINVALID;
	if (strcmp(json_string_value(v), "AND") == 0)
		*and_op = true;
	else if (strcmp(json_string_value(v), "OR") != 0)
		return VIGIL_EINVALID;
	return 0;
}

static int
get_negate(bool *neg, json_t *o)
{
	json_t *v = json_object_get(o, "negate");

	*neg = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return VIGIL_EINVALID;
	*neg = json_is_true(v);
	return 0;
}

/* Optional string member K of O into *OUT (owned); -1 when not a string. */
static int
get_str(char **out, json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) > VIGIL_VERSION_MAX_LEN ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return VIGIL_EINVALID;
	if ((*out = vgx_strdup(json_string_value(v))) == NULL)
		return VIGIL_ENOMEM;
	return 0;
}

static int
parse_match(struct cpematch *cm, json_t *o, const char *ptr,
    vigil_error *err)
{
	json_t *v = json_object_get(o, "vulnerable");
	json_t *c = json_object_get(o, "criteria");
	const vigil_cpe_av *ver;
	int rc;

	if (!json_is_object(o))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "cpeMatch is not an object");
	if (!json_is_boolean(v))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "cpeMatch without a boolean \"vulnerable\"");
	cm->vulnerable = json_is_true(v);
	if (!json_is_string(c))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "cpeMatch without \"criteria\"");
	if ((rc = vigil_cpe_parse(&cm->crit, json_string_value(c),
	    json_string_length(c), NULL)) < 0)
		return vigil__error_ptr(err, rc, ptr, "bad criteria CPE");
	ver = vigil_cpe_get(cm->crit, VIGIL_CPE_VERSION);
	if ((cm->version = vgx_strdup(ver->kind == VIGIL_CPE_ANY ? "*" :
	    ver->kind == VIGIL_CPE_NA ? "-" : ver->lead != 0 ||
	    ver->trail != 0 ? "-" : ver->text)) == NULL)
		return vigil__error_oom(err);
	if ((rc = get_str(&cm->si, o, "versionStartIncluding")) < 0 ||
	    (rc = get_str(&cm->se, o, "versionStartExcluding")) < 0 ||
	    (rc = get_str(&cm->ei, o, "versionEndIncluding")) < 0 ||
	    (rc = get_str(&cm->ee, o, "versionEndExcluding")) < 0)
		return rc == VIGIL_ENOMEM ? vigil__error_oom(err) :
		    vigil__error_ptr(err, rc, ptr, "bad version bound");
	return 0;
}

int
vigil__nvdconf_parse(struct vigil__nvdconf **out, const char *json,
    size_t len, vigil_error *err)
{
	struct vigil__nvdconf *c;
	json_error_t je;
	json_t *root, *nodes;
	size_t i, j, total = 0;
	char ptr[96];
	int rc = 0;

	*out = NULL;
	if ((root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je)) ==
	    NULL)
		return vigil__error_at(err, VIGIL_EINVALID,
		    (unsigned long)je.line, (unsigned long)je.column, "%s",
		    je.text);
	if ((c = vgx_calloc(1, sizeof(*c))) == NULL) {
		json_decref(root);
		return vigil__error_oom(err);
	}
	c->scheme = vigil_scheme_find("generic", 7);
	nodes = json_object_get(root, "nodes");
	if (!json_is_object(root) || !json_is_array(nodes)) {
		rc = vigil__error_ptr(err, VIGIL_EINVALID, "",
		    "configuration without \"nodes\"");
		goto out;
	}
	if (get_op(&c->and_op, root) < 0 || get_negate(&c->negate, root) < 0) {
		rc = vigil__error_ptr(err, VIGIL_EINVALID, "",
		    "bad operator or negate");
		goto out;
	}
	if (json_array_size(nodes) > VIGIL_MATCH_MAX_NODES) {
		rc = vigil__error(err, VIGIL_ETOOBIG, "more than %u nodes",
		    VIGIL_MATCH_MAX_NODES);
		goto out;
	}
	for (i = 0; i < json_array_size(nodes); i++) {
		json_t *cm = json_object_get(json_array_get(nodes, i),
		    "cpeMatch");

		if (!json_is_array(cm)) {
			snprintf(ptr, sizeof(ptr), "/nodes/%zu", i);
			rc = vigil__error_ptr(err, VIGIL_EINVALID, ptr,
			    "node without \"cpeMatch\"");
			goto out;
		}
		total += json_array_size(cm);
	}
	if (total > VIGIL_MATCH_MAX_CPEMATCH) {
		rc = vigil__error(err, VIGIL_ETOOBIG, "more than %u cpeMatch",
		    VIGIL_MATCH_MAX_CPEMATCH);
		goto out;
	}
	c->nodes = vgx_calloc(json_array_size(nodes) + 1, sizeof(*c->nodes));
	c->m = vgx_calloc(total + 1, sizeof(*c->m));
	if (c->nodes == NULL || c->m == NULL) {
		rc = vigil__error_oom(err);
		goto out;
	}
	for (i = 0; i < json_array_size(nodes); i++) {
		json_t *n = json_array_get(nodes, i);
		json_t *cm = json_object_get(n, "cpeMatch");
		struct node *nd = &c->nodes[c->nnodes++];

		snprintf(ptr, sizeof(ptr), "/nodes/%zu", i);
		if (get_op(&nd->and_op, n) < 0 || get_negate(&nd->negate,
		    n) < 0) {
			rc = vigil__error_ptr(err, VIGIL_EINVALID, ptr,
			    "bad operator or negate");
			goto out;
		}
		nd->first = c->nm;
		for (j = 0; j < json_array_size(cm); j++) {
			snprintf(ptr, sizeof(ptr), "/nodes/%zu/cpeMatch/%zu",
			    i, j);
			if ((rc = parse_match(&c->m[c->nm++],
			    json_array_get(cm, j), ptr, err)) < 0)
				goto out;
		}
		nd->n = c->nm - nd->first;
	}
out:
	json_decref(root);
	if (rc < 0) {
		vigil__nvdconf_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

size_t
vigil__nvdconf_count(const struct vigil__nvdconf *c)
{
	return c->nm;
}

const vigil_cpe *
vigil__nvdconf_criteria(const struct vigil__nvdconf *c, size_t i)
{
	return c->m[i].crit;
}

bool
vigil__nvdconf_satisfies(struct vigil__nvdconf *c, size_t i,
    const vigil_cpe *cand, const char *version)
{
	const struct cpematch *cm = &c->m[i];
	vigil_nvd_match nm;
	bool in = false;
	int a;

	for (a = 0; a < VIGIL_CPE_NATTRS; a++) {
		vigil_cpe_relation rel;

		if (a == VIGIL_CPE_VERSION)
			continue;
		/* An attribute the SBOM leaves open ("*") is unknown, not
		 * "every value": it does not rule a criterion out. */
		if (vigil_cpe_get(cand, (vigil_cpe_attr)a)->kind ==
		    VIGIL_CPE_ANY)
			continue;
		rel = vigil_cpe_compare_attr(cm->crit, cand, (vigil_cpe_attr)a);
		if (rel != VIGIL_CPE_EQUAL && rel != VIGIL_CPE_SUPERSET)
			return false;
	}
	/* A criterion version "-" (not applicable: hardware, or a product
	 * without versions) has nothing to compare.  As a platform the
	 * product's presence is what counts; as the vulnerable product it
	 * matches nothing (NVD "-" is not "every version"). */
	if (strcmp(cm->version, "-") == 0)
		return !cm->vulnerable;
	if (version == NULL) {
		const vigil_cpe_av *v = vigil_cpe_get(cand, VIGIL_CPE_VERSION);

		if (v->kind != VIGIL_CPE_VALUE || v->lead != 0 ||
		    v->trail != 0)
			return false;
		version = v->text;
	}
	nm.version = cm->version;
	nm.start_including = cm->si;
	nm.start_excluding = cm->se;
	nm.end_including = cm->ei;
	nm.end_excluding = cm->ee;
	vigil_range_init(&c->r, c->scheme);
	if (vigil_range_add_nvd(&c->r, &nm, NULL) < 0)
		return false;	/* "-": no version to compare */
	if (vigil_range_contains(&in, &c->r, version, strlen(version),
	    NULL) < 0)
		return false;
	return in;
}

static bool
same_product(const vigil_cpe *a, const vigil_cpe *b)
{
	return vigil_cpe_compare_attr(a, b, VIGIL_CPE_VENDOR) ==
	    VIGIL_CPE_EQUAL && vigil_cpe_compare_attr(a, b,
	    VIGIL_CPE_PRODUCT) == VIGIL_CPE_EQUAL;
}

static int
tri_not(int v)
{
	return v == VIGIL__UNKNOWN ? v : v == VIGIL__TRUE ? VIGIL__FALSE :
	    VIGIL__TRUE;
}

/* Combine V into the running value ACC of an AND or OR. */
static int
tri_join(bool and_op, int acc, int v)
{
	if (and_op) {
		if (acc == VIGIL__FALSE || v == VIGIL__FALSE)
			return VIGIL__FALSE;
		return acc == VIGIL__UNKNOWN || v == VIGIL__UNKNOWN ?
		    VIGIL__UNKNOWN : VIGIL__TRUE;
	}
	if (acc == VIGIL__TRUE || v == VIGIL__TRUE)
		return VIGIL__TRUE;
	return acc == VIGIL__UNKNOWN || v == VIGIL__UNKNOWN ?
	    VIGIL__UNKNOWN : VIGIL__FALSE;
}

int
vigil__nvdconf_eval(struct vigil__nvdeval *out, struct vigil__nvdconf *c,
    const vigil_cpe *target, const char *version, vigil__platform_fn platform,
    void *ctx, vigil_error *err)
{
	int conf = c->and_op ? VIGIL__TRUE : VIGIL__FALSE;
	bool unaffected = false;
	size_t i, j;

	out->result = VIGIL__FALSE;
	out->hit = -1;
	out->missing = -1;
	if (c->nnodes == 0)
		return 0;
	for (i = 0; i < c->nnodes; i++) {
		const struct node *nd = &c->nodes[i];
		int node = nd->and_op ? VIGIL__TRUE : VIGIL__FALSE;

		if (nd->n == 0)
			node = VIGIL__FALSE;
		for (j = nd->first; j < nd->first + nd->n; j++) {
			bool found = false, listed = false;
			int v;

			/* A non-vulnerable entry for the component's own
			 * product ("firefox 108 is not affected") is an
			 * explicit exception to the vulnerable ranges. */
			if (!c->m[j].vulnerable && same_product(c->m[j].crit,
			    target) && vigil__nvdconf_satisfies(c, j, target,
			    version) && strcmp(c->m[j].version, "-") != 0)
				unaffected = true;
			if (c->m[j].vulnerable && vigil__nvdconf_satisfies(c,
			    j, target, version)) {
				if (out->hit < 0)
					out->hit = (long)j;
				v = VIGIL__TRUE;
			} else {
				if (platform != NULL) {
					int rc = platform(ctx, c->m[j].crit, c,
					    j, &found, &listed);

					if (rc < 0)
						return vigil__error(err, rc,
						    "platform lookup failed");
				}
				if (found)
					v = VIGIL__TRUE;
				else if (!c->m[j].vulnerable && !listed) {
					v = VIGIL__UNKNOWN;
					if (out->missing < 0)
						out->missing = (long)j;
				} else
					v = VIGIL__FALSE;
			}
			node = tri_join(nd->and_op, node, v);
		}
		if (nd->negate)
			node = tri_not(node);
		conf = tri_join(c->and_op, conf, node);
	}
	if (c->negate)
		conf = tri_not(conf);
	out->result = out->hit >= 0 && !unaffected ? conf : VIGIL__FALSE;
	return 0;
}

const char *
vigil__nvdconf_fixed(const struct vigil__nvdconf *c, size_t i)
{
	return c->m[i].ee;
}

char *
vigil__nvdconf_describe(const struct vigil__nvdconf *c, size_t i)
{
	const struct cpematch *cm = &c->m[i];
	vgx_buf b;

	vgx_buf_init(&b, 1u << 16);
	vgx_buf_adds(&b, vigil_cpe_fs(cm->crit));
	if (cm->si != NULL)
		vgx_buf_printf(&b, " >=%s", cm->si);
	if (cm->se != NULL)
		vgx_buf_printf(&b, " >%s", cm->se);
	if (cm->ei != NULL)
		vgx_buf_printf(&b, " <=%s", cm->ei);
	if (cm->ee != NULL)
		vgx_buf_printf(&b, " <%s", cm->ee);
	return vgx_buf_take(&b, NULL);
}
