/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Triage decisions in the store: `vigil vex set` appends one row to
 * vex_decisions (store migration 2) with its author, its time and the
 * status it replaces; rows are never changed or deleted (triggers refuse
 * it), so the history of each (product, vulnerability) stays whole.
 * Export turns the latest decision per vulnerability into statements.
 * Decisions belong to the store's organisation (vigil_store_set_org,
 * migration 5), so vigil serve's dashboard and `vigil vex` share them.
 */
#include <string.h>

#include "vigil/purl.h"
#include "vexint.h"
#include "../store/storeint.h"

static int
check(const vigil_vex_decision *d, vigil_error *err)
{
	vigil_purl *p = NULL;
	int rc;

	if (d->product == NULL || d->vuln == NULL || *d->vuln == '\0' ||
	    d->author == NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "a decision needs a product, a vulnerability and an "
		    "author");
	if ((rc = vigil_purl_parse(&p, d->product, strlen(d->product), 0,
	    err)) < 0) {
		vigil__error_prefix(err, "product");
		return rc;
	}
	vigil_purl_free(p);
	if (vgx_utf8_check(d->vuln, strlen(d->vuln), NULL) < 0 ||
	    (d->impact != NULL &&
	    vgx_utf8_check(d->impact, strlen(d->impact), NULL) < 0) ||
	    (d->action != NULL &&
	    vgx_utf8_check(d->action, strlen(d->action), NULL) < 0) ||
	    vgx_utf8_check(d->author, strlen(d->author), NULL) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "text is not valid UTF-8");
	switch (d->status) {
	case VIGIL_VEX_NOT_AFFECTED:
		if (d->justification == VIGIL_VEX_JUST_NONE &&
		    d->impact == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "not_affected needs a justification or an impact "
			    "statement");
		break;
	case VIGIL_VEX_AFFECTED:
		if (d->action == NULL)
			return vigil__error(err, VIGIL_EINVALID,
			    "affected needs an action statement");
		/* FALLTHROUGH */
	case VIGIL_VEX_FIXED:
	case VIGIL_VEX_UNDER_INVESTIGATION:
		if (d->justification != VIGIL_VEX_JUST_NONE)
			return vigil__error(err, VIGIL_EINVALID,
			    "a justification goes only with not_affected");
		break;
	default:
		return vigil__error(err, VIGIL_EINVALID, "no status");
	}
	return 0;
}

static int
take_status(void *ctx, vigil_store *st, void *stmt)
{
	const char *s = vigil__store_col(st, stmt, 0);

	*(vigil_vex_status *)ctx = vigil_vex_status_parse(s);
	return 1;
}

int
vigil_vex_decide(vigil_store *st, const vigil_vex_decision *d,
    vigil_error *err)
{
	vigil_vex_status prev = VIGIL_VEX_STATUS_NONE;
	const char *args[10];
	char now[32];
	int rc;

	if ((rc = check(d, err)) < 0)
		return rc;
	vigil__vex_now(now);
	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	args[0] = vigil__store_org_text(st);
	args[1] = d->product;
	args[2] = d->vuln;
	if ((rc = vigil__store_queryv(st, "SELECT status FROM vex_decisions "
	    "WHERE org = ? AND product = ? AND vuln = ? ORDER BY seq DESC "
	    "LIMIT 1", args, 3, take_status, &prev, err)) < 0)
		goto fail;
	args[0] = d->product;
	args[1] = d->vuln;
	args[9] = vigil__store_org_text(st);
	args[2] = vigil_vex_status_name(d->status);
	args[3] = d->justification != VIGIL_VEX_JUST_NONE ?
	    vigil_vex_justification_name(d->justification) : NULL;
	args[4] = d->impact;
	args[5] = d->action;
	args[6] = d->author;
	args[7] = now;
	args[8] = prev != VIGIL_VEX_STATUS_NONE ? vigil_vex_status_name(prev) :
	    NULL;
	if ((rc = vigil__store_queryv(st, "INSERT INTO vex_decisions (product, "
	    "vuln, status, justification, impact, action, author, decided, "
	    "previous, org) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args, 10,
	    NULL, NULL, err)) < 0)
		goto fail;
	return vigil_store_commit(st, err);
fail:
	vigil_store_rollback(st);
	return rc;
}

struct walk {
	vigil_vex_decision_cb cb;
	void *payload;
};

static int
row(void *ctx, vigil_store *st, void *stmt)
{
	struct walk *w = ctx;
	vigil_vex_decision d = VIGIL_VEX_DECISION_INIT;

	d.seq = vigil__store_col_int(st, stmt, 0);
	d.product = vigil__store_col(st, stmt, 1);
	d.vuln = vigil__store_col(st, stmt, 2);
	d.status = vigil_vex_status_parse(vigil__store_col(st, stmt, 3));
	d.justification = vigil_vex_justification_parse(
	    vigil__store_col(st, stmt, 4));
	d.impact = vigil__store_col(st, stmt, 5);
	d.action = vigil__store_col(st, stmt, 6);
	d.author = vigil__store_col(st, stmt, 7);
	d.time = vigil__store_col(st, stmt, 8);
	d.previous = vigil_vex_status_parse(vigil__store_col(st, stmt, 9));
	return w->cb(w->payload, &d);
}

int
vigil_vex_decisions(vigil_store *st, const char *product, const char *vuln,
    bool latest, vigil_vex_decision_cb cb, void *payload, vigil_error *err)
{
	static const char cols[] = "SELECT seq, product, vuln, status, "
	    "justification, impact, action, author, decided, previous "
	    "FROM vex_decisions d WHERE org = ?3 AND product = ?1 AND "
	    "(?2 IS NULL OR vuln = ?2)";
	char sql[512];
	const char *args[3] = { product, vuln, vigil__store_org_text(st) };
	struct walk w = { cb, payload };

	snprintf(sql, sizeof(sql), "%s%s ORDER BY seq", cols, latest ?
	    " AND seq = (SELECT MAX(seq) FROM vex_decisions e WHERE "
	    "e.org = d.org AND e.product = d.product AND e.vuln = d.vuln)" :
	    "");
	return vigil__store_queryv(st, sql, args, 3, row, &w, err);
}

struct exp {
	vigil_vex_doc *doc;
	vigil_error *err;
	int rc;
};

static int
add_decision(void *payload, const vigil_vex_decision *d)
{
	struct exp *e = payload;
	vigil_vex_statement s;
	vigil_vex_ident id = { VIGIL_VEX_ID_PURL, d->product };
	vigil_vex_product p;

	memset(&s, 0, sizeof(s));
	memset(&p, 0, sizeof(p));
	p.id = d->product;
	p.idents = &id;
	p.nidents = 1;
	s.vuln = d->vuln;
	s.status = d->status;
	s.justification = d->justification;
	s.impact = d->impact;
	s.action = d->action;
	s.timestamp = d->time;
	s.products = &p;
	s.nproducts = 1;
	if ((e->rc = vigil_vex_doc_add(e->doc, &s, e->err)) < 0)
		return e->rc;
	return 0;
}

int
vigil_vex_export(vigil_vex_doc **out, vigil_store *st, const char *product,
    const char *author, vigil_error *err)
{
	struct exp e = { NULL, err, 0 };
	struct vx_doc *d;
	char now[32], id[600];
	size_t i;
	int rc;

	vigil__vex_now(now);
	snprintf(id, sizeof(id), "vigil-vex-%s", product);
	if ((rc = vigil_vex_doc_new(&e.doc, id, author, now, err)) < 0)
		return rc;
	if ((rc = vigil_vex_decisions(st, product, NULL, true, add_decision,
	    &e, err)) < 0)
		goto fail;
	if (e.doc->nstatements == 0) {
		rc = vigil__error(err, VIGIL_ENOTFOUND,
		    "no VEX decisions about %.400s", product);
		goto fail;
	}
	/* The document was last updated by its latest decision. */
	d = (struct vx_doc *)e.doc;
	for (i = 0; i < e.doc->nstatements; i++)
		if (d->pub.last_updated == NULL ||
		    strcmp(e.doc->statements[i].timestamp,
		    d->pub.last_updated) > 0)
			d->pub.last_updated = e.doc->statements[i].timestamp;
	*out = e.doc;
	return 0;
fail:
	vigil_vex_doc_free(e.doc);
	return rc;
}
