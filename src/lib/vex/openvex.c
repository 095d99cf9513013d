/* SPDX-License-Identifier: Apache-2.0 */
/*
 * OpenVEX 0.2.0 (https://github.com/openvex/spec, OPENVEX-SPEC.md): read a
 * document into the statement model and write the model back.  Older
 * documents with the vulnerability or products as plain strings (0.0.x)
 * are read too.
 */
#include <stdio.h>
#include <string.h>

#include "vexint.h"

#define OPENVEX_CONTEXT "https://openvex.dev/ns/v0.2.0"

#define FAIL_OOM() VX_FAILED(d)

/* The identifiers of an OpenVEX component (@id, identifiers, hashes). */
static int
read_component(struct vx_doc *d, vigil_vex_product *p, const json_t *c,
    const char *ptr, vigil_error *err)
{
	size_t cap = 0;
	const char *id, *k;
	const json_t *ids, *hs, *v;
	int rc;

	if (json_is_string(c)) {
		id = json_string_value(c);
	} else if (json_is_object(c)) {
		id = vigil__vex_jstr(c, "@id");
	} else {
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "product is not an object");
	}
	if (id != NULL) {
		if ((p->id = vigil__vex_strdup(d, id, err)) == NULL)
			return FAIL_OOM();
		if (strncmp(id, "pkg:", 4) == 0 &&
		    (rc = vigil__vex_add_ident(d, p, &cap, VIGIL_VEX_ID_PURL,
		    id, err)) < 0)
			return rc;
		if (strncmp(id, "cpe:", 4) == 0 &&
		    (rc = vigil__vex_add_ident(d, p, &cap, VIGIL_VEX_ID_CPE,
		    id, err)) < 0)
			return rc;
	}
	if (!json_is_object(c))
		return 0;
	if ((ids = json_object_get(c, "identifiers")) != NULL &&
	    json_is_object(ids)) {
		json_object_foreach((json_t *)ids, k, v) {
			vigil_vex_ident_kind kind;

			if (!json_is_string(v))
				continue;
			if (strcmp(k, "purl") == 0)
				kind = VIGIL_VEX_ID_PURL;
			else if (strcmp(k, "cpe23") == 0 ||
			    strcmp(k, "cpe22") == 0)
				kind = VIGIL_VEX_ID_CPE;
			else
				continue;
			if ((rc = vigil__vex_add_ident(d, p, &cap, kind,
			    json_string_value(v), err)) < 0)
				return rc;
		}
	}
	if ((hs = json_object_get(c, "hashes")) != NULL && json_is_object(hs)) {
		json_object_foreach((json_t *)hs, k, v) {
			char h[1024];

			if (!json_is_string(v))
				continue;
			if ((size_t)snprintf(h, sizeof(h), "%s:%s", k,
			    json_string_value(v)) >= sizeof(h))
				return vigil__error_ptr(err, VIGIL_ETOOBIG, ptr,
				    "hash too long");
			for (char *q = h; *q != ':'; q++)
				*q = (char)vgx_tolower((unsigned char)*q);
			if ((rc = vigil__vex_add_ident(d, p, &cap,
			    VIGIL_VEX_ID_HASH, h, err)) < 0)
				return rc;
		}
	}
	if (p->id == NULL && p->nidents == 0)
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "product without @id or identifiers");
	return 0;
}

static int
read_statement(struct vx_doc *d, const json_t *s, size_t idx,
    vigil_error *err)
{
	char ptr[160];
	vigil_vex_statement *st;
	const json_t *v, *prods, *al;
	const char *status, *j;
	size_t pcap = 0, acap = 0, i;
	int rc;

	snprintf(ptr, sizeof(ptr), "/statements/%zu", idx);
	if (!json_is_object(s))
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "statement is not an object");
	if ((st = vigil__vex_add_statement(d, err)) == NULL)
		return FAIL_OOM();
	v = json_object_get(s, "vulnerability");
	if (json_is_string(v)) {
		st->vuln = vigil__vex_strdup(d, json_string_value(v), err);
	} else if (json_is_object(v) && vigil__vex_jstr(v, "name") != NULL) {
		st->vuln = vigil__vex_strdup(d, vigil__vex_jstr(v, "name"),
		    err);
		if (st->vuln != NULL && vigil__vex_jstr(v, "description") &&
		    (st->description = vigil__vex_strdup(d,
		    vigil__vex_jstr(v, "description"), err)) == NULL)
			return FAIL_OOM();
		if ((al = json_object_get(v, "aliases")) != NULL &&
		    json_is_array(al)) {
			json_t *a;

			json_array_foreach(al, i, a)
				if (json_is_string(a) && st->vuln != NULL &&
				    (rc = vigil__vex_add_alias(d, st, &acap,
				    json_string_value(a), err)) < 0)
					return rc;
		}
		if (st->vuln != NULL && vigil__vex_jstr(v, "@id") != NULL &&
		    (rc = vigil__vex_add_alias(d, st, &acap,
		    vigil__vex_jstr(v, "@id"), err)) < 0)
			return rc;
	} else {
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "statement without vulnerability name");
	}
	if (st->vuln == NULL)
		return FAIL_OOM();
	if ((status = vigil__vex_jstr(s, "status")) == NULL ||
	    (st->status = vigil_vex_status_parse(status)) ==
	    VIGIL_VEX_STATUS_NONE || strncmp(status, "known_", 6) == 0) {
		snprintf(ptr, sizeof(ptr), "/statements/%zu/status", idx);
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "missing or unknown status");
	}
	if ((j = vigil__vex_jstr(s, "justification")) != NULL &&
	    (st->justification = vigil_vex_justification_parse(j)) ==
	    VIGIL_VEX_JUST_NONE) {
		snprintf(ptr, sizeof(ptr), "/statements/%zu/justification",
		    idx);
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "unknown justification \"%.64s\"", j);
	}
#define SDUP(field, key) do {						\
	const char *x_ = vigil__vex_jstr(s, key);			\
	if (x_ != NULL && (st->field = vigil__vex_strdup(d, x_, err)) == NULL) \
		return FAIL_OOM();					\
} while (0)
	SDUP(id, "@id");
	SDUP(impact, "impact_statement");
	SDUP(action, "action_statement");
	SDUP(action_timestamp, "action_statement_timestamp");
	SDUP(timestamp, "timestamp");
	if (st->timestamp == NULL)
		SDUP(timestamp, "last_updated");
#undef SDUP
	if ((prods = json_object_get(s, "products")) == NULL)
		return 0;
	if (!json_is_array(prods)) {
		snprintf(ptr, sizeof(ptr), "/statements/%zu/products", idx);
		return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
		    "products is not an array");
	}
	for (i = 0; i < json_array_size(prods); i++) {
		const json_t *pj = json_array_get(prods, i), *subs;
		vigil_vex_product *p;
		size_t scap = 0, k;

		snprintf(ptr, sizeof(ptr), "/statements/%zu/products/%zu",
		    idx, i);
		if ((p = vigil__vex_add_product(d, st, &pcap, err)) == NULL)
			return FAIL_OOM();
		if ((rc = read_component(d, p, pj, ptr, err)) < 0)
			return rc;
		if (!json_is_object(pj) ||
		    (subs = json_object_get(pj, "subcomponents")) == NULL)
			continue;
		if (!json_is_array(subs))
			return vigil__error_ptr(err, VIGIL_EINVALID, ptr,
			    "subcomponents is not an array");
		for (k = 0; k < json_array_size(subs); k++) {
			vigil_vex_product *sp;

			snprintf(ptr, sizeof(ptr),
			    "/statements/%zu/products/%zu/subcomponents/%zu",
			    idx, i, k);
			if ((sp = vigil__vex_add_sub(d, p, &scap, err)) ==
			    NULL)
				return FAIL_OOM();
			if ((rc = read_component(d, sp,
			    json_array_get(subs, k), ptr, err)) < 0)
				return rc;
		}
	}
	return 0;
}

int
vigil__vex_read_openvex(struct vx_doc *d, json_t *root, vigil_error *err)
{
	const json_t *sts, *ver;
	const char *ctx;
	size_t i;
	int rc;

	if (!json_is_object(root))
		return vigil__error_ptr(err, VIGIL_EINVALID, "",
		    "document is not an object");
	if ((ctx = vigil__vex_jstr(root, "@context")) == NULL ||
	    strncmp(ctx, "https://openvex.dev/ns", 22) != 0)
		return vigil__error_ptr(err, VIGIL_EUNSUPPORTED, "/@context",
		    "not an OpenVEX context");
#define DDUP(field, key) do {						\
	const char *x_ = vigil__vex_jstr(root, key);			\
	if (x_ != NULL &&						\
	    (d->pub.field = vigil__vex_strdup(d, x_, err)) == NULL)	\
		return FAIL_OOM();					\
} while (0)
	DDUP(id, "@id");
	DDUP(author, "author");
	DDUP(author_role, "role");
	DDUP(timestamp, "timestamp");
	DDUP(last_updated, "last_updated");
	DDUP(tooling, "tooling");
#undef DDUP
	ver = json_object_get(root, "version");
	if (json_is_integer(ver)) {
		char b[32];

		snprintf(b, sizeof(b), "%lld",
		    (long long)json_integer_value(ver));
		if ((d->pub.version = vigil__vex_strdup(d, b, err)) == NULL)
			return FAIL_OOM();
	} else if (json_is_string(ver) && (d->pub.version =
	    vigil__vex_strdup(d, json_string_value(ver), err)) == NULL) {
		return FAIL_OOM();
	}
	if ((sts = json_object_get(root, "statements")) == NULL ||
	    !json_is_array(sts))
		return vigil__error_ptr(err, VIGIL_EINVALID, "/statements",
		    "statements missing or not an array");
	for (i = 0; i < json_array_size(sts); i++)
		if ((rc = read_statement(d, json_array_get(sts, i), i,
		    err)) < 0)
			return rc;
	return 0;
}

/* ---- writing ------------------------------------------------------------- */

static json_t *
write_component(const vigil_vex_product *p, struct vx_loss *l)
{
	const char *purl = vigil__vex_ident(p, VIGIL_VEX_ID_PURL);
	const char *cpe = vigil__vex_ident(p, VIGIL_VEX_ID_CPE);
	json_t *o, *ids = NULL, *hs = NULL;
	const char *id;
	size_t i;

	if ((o = json_object()) == NULL)
		return NULL;
	id = purl != NULL ? purl : cpe != NULL ? cpe : p->id != NULL ? p->id :
	    p->name;
	if (vigil__vex_jset_str(o, "@id", id) < 0)
		goto fail;
	for (i = 0; i < p->nidents; i++) {
		const vigil_vex_ident *x = &p->idents[i];

		switch (x->kind) {
		case VIGIL_VEX_ID_PURL:
		case VIGIL_VEX_ID_CPE:
			if (ids == NULL && ((ids = json_object()) == NULL ||
			    json_object_set_new(o, "identifiers", ids) < 0))
				goto fail;
			if (json_object_get(ids, x->kind == VIGIL_VEX_ID_PURL ?
			    "purl" : "cpe23") != NULL) {
				vigil__vex_loss(l, "product %s: identifier %s "
				    "dropped (OpenVEX holds one purl and one "
				    "CPE)", id != NULL ? id : "?", x->value);
				break;
			}
			if (vigil__vex_jset_str(ids,
			    x->kind == VIGIL_VEX_ID_PURL ? "purl" :
			    strncmp(x->value, "cpe:/", 5) == 0 ? "cpe22" :
			    "cpe23", x->value) < 0)
				goto fail;
			break;
		case VIGIL_VEX_ID_HASH: {
			const char *c = strchr(x->value, ':');
			char alg[64];

			if (c == NULL || (size_t)(c - x->value) >= sizeof(alg))
				break;
			memcpy(alg, x->value, (size_t)(c - x->value));
			alg[c - x->value] = '\0';
			if (hs == NULL && ((hs = json_object()) == NULL ||
			    json_object_set_new(o, "hashes", hs) < 0))
				goto fail;
			if (vigil__vex_jset_str(hs, alg, c + 1) < 0)
				goto fail;
			break;
		}
		case VIGIL_VEX_ID_MODEL:
		case VIGIL_VEX_ID_SERIAL:
		case VIGIL_VEX_ID_SKU:
			vigil__vex_loss(l, "product %s: %s %s dropped "
			    "(OpenVEX has no model, serial or SKU field)",
			    id != NULL ? id : "?",
			    x->kind == VIGIL_VEX_ID_MODEL ? "model number" :
			    x->kind == VIGIL_VEX_ID_SERIAL ? "serial number" :
			    "SKU", x->value);
			break;
		case VIGIL_VEX_ID_BOMREF:
			break;
		}
	}
	if (p->name != NULL && (purl != NULL || cpe != NULL))
		vigil__vex_loss(l, "product %s: name \"%s\" dropped", id,
		    p->name);
	return o;
fail:
	json_decref(o);
	return NULL;
}

int
vigil__vex_write_openvex(json_t **out, const vigil_vex_doc *doc,
    struct vx_loss *l, vigil_error *err)
{
	json_t *root, *sts;
	char now[32];
	size_t i, k, m;
	long long ver = 1;

	vigil__vex_now(now);
	if ((root = json_object()) == NULL || (sts = json_array()) == NULL) {
		json_decref(root);
		return vigil__error_oom(err);
	}
	if (doc->version != NULL) {
		const char *p = doc->version;
		uint64_t u;

		if (vgx_parse_uint(&p, p + strlen(p), INT64_MAX, &u) == 0 &&
		    *p == '\0')
			ver = (long long)u;
		else
			vigil__vex_loss(l, "document version \"%s\" is not an "
			    "integer; written as 1", doc->version);
	}
	if (json_object_set_new(root, "@context",
	    json_string(OPENVEX_CONTEXT)) < 0 ||
	    json_object_set_new(root, "@id", json_string(doc->id != NULL ?
	    doc->id : "urn:vigil:vex:unnamed")) < 0 ||
	    json_object_set_new(root, "author", json_string(doc->author !=
	    NULL ? doc->author : "unknown")) < 0 ||
	    vigil__vex_jset_str(root, "role", doc->author_role) < 0 ||
	    json_object_set_new(root, "timestamp", json_string(doc->timestamp
	    != NULL ? doc->timestamp : now)) < 0 ||
	    vigil__vex_jset_str(root, "last_updated", doc->last_updated) < 0 ||
	    json_object_set_new(root, "version", json_integer(ver)) < 0 ||
	    vigil__vex_jset_str(root, "tooling", doc->tooling) < 0 ||
	    json_object_set_new(root, "statements", sts) < 0)
		goto oom;
	if (doc->title != NULL)
		vigil__vex_loss(l, "document title dropped");
	if (doc->namespace_ != NULL)
		vigil__vex_loss(l, "publisher namespace %s dropped",
		    doc->namespace_);
	for (i = 0; i < doc->nstatements; i++) {
		const vigil_vex_statement *st = &doc->statements[i];
		json_t *s, *v, *ps;

		if ((s = json_object()) == NULL ||
		    json_array_append_new(sts, s) < 0 ||
		    (v = json_object()) == NULL ||
		    json_object_set_new(s, "vulnerability", v) < 0 ||
		    vigil__vex_jset_str(v, "name", st->vuln) < 0 ||
		    vigil__vex_jset_str(v, "description", st->description) < 0)
			goto oom;
		if (st->naliases > 0) {
			json_t *al = json_array();

			if (al == NULL || json_object_set_new(v, "aliases",
			    al) < 0)
				goto oom;
			for (k = 0; k < st->naliases; k++)
				if (json_array_append_new(al,
				    json_string(st->aliases[k])) < 0)
					goto oom;
		}
		if (vigil__vex_jset_str(s, "@id", st->id) < 0 ||
		    vigil__vex_jset_str(s, "timestamp", st->timestamp) < 0 ||
		    (ps = json_array()) == NULL ||
		    json_object_set_new(s, "products", ps) < 0)
			goto oom;
		for (k = 0; k < st->nproducts; k++) {
			const vigil_vex_product *p = &st->products[k];
			json_t *pj, *subs;

			if ((pj = write_component(p, l)) == NULL ||
			    json_array_append_new(ps, pj) < 0)
				goto oom;
			if (p->nsubs == 0)
				continue;
			if ((subs = json_array()) == NULL ||
			    json_object_set_new(pj, "subcomponents", subs) < 0)
				goto oom;
			for (m = 0; m < p->nsubs; m++) {
				json_t *sj = write_component(&p->subs[m], l);

				if (sj == NULL ||
				    json_array_append_new(subs, sj) < 0)
					goto oom;
			}
		}
		if (json_object_set_new(s, "status", json_string(
		    vigil_vex_status_name(st->status))) < 0)
			goto oom;
		if (st->justification != VIGIL_VEX_JUST_NONE &&
		    json_object_set_new(s, "justification", json_string(
		    vigil_vex_justification_name(st->justification))) < 0)
			goto oom;
		if (st->native_justification != NULL)
			vigil__vex_loss(l, "%s: justification %s written as %s",
			    st->vuln, st->native_justification,
			    vigil_vex_justification_name(st->justification));
		if (vigil__vex_jset_str(s, "impact_statement", st->impact) < 0 ||
		    vigil__vex_jset_str(s, "action_statement", st->action) < 0 ||
		    vigil__vex_jset_str(s, "action_statement_timestamp",
		    st->action_timestamp) < 0)
			goto oom;
		if (st->remediation != NULL)
			vigil__vex_loss(l, "%s: remediation category %s dropped",
			    st->vuln, st->remediation);
		if (st->status == VIGIL_VEX_NOT_AFFECTED &&
		    st->justification == VIGIL_VEX_JUST_NONE &&
		    st->impact == NULL)
			vigil__vex_loss(l, "%s: not_affected without "
			    "justification or impact statement (OpenVEX "
			    "requires one)", st->vuln);
		if (st->status == VIGIL_VEX_AFFECTED && st->action == NULL)
			vigil__vex_loss(l, "%s: affected without action "
			    "statement (OpenVEX requires one)", st->vuln);
	}
	*out = root;
	return 0;
oom:
	json_decref(root);
	return vigil__error_oom(err);
}
