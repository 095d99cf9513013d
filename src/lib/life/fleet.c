/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device inventory in the store (migration 4, store/schema_fleet.c):
 * device releases with their SBOM history, installed devices, the
 * inventory CSV import and the findings of fleet scans.  Every write is
 * checked whole first and runs in one transaction, so bad input leaves
 * nothing half-stored.  Every query is scoped to the store's organisation
 * (vigil_store_set_org, migration 5): vigil serve keeps each
 * organisation's inventory in these same tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/life.h"
#include "vigil/purl.h"
#include "vigil/risk.h"
#include "vigil/sbom.h"
#include "../store/storeint.h"
#include "vgx.h"

#define MAX_CSV_ROWS 1000000u

/* ---- checks --------------------------------------------------------------- */

static int
check_str(const char *s, const char *field, bool required, vigil_error *err)
{
	size_t n, i;

	if (s == NULL || *s == '\0') {
		if (required)
			return vigil__error(err, VIGIL_EINVALID, "%s is required",
			    field);
		return 0;
	}
	n = strlen(s);
	if (n > VIGIL_FLEET_MAX_STRING)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "%s longer than %d bytes", field, VIGIL_FLEET_MAX_STRING);
	if (vgx_utf8_check(s, n, NULL) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s is not valid UTF-8", field);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return vigil__error(err, VIGIL_EINVALID,
			    "%s has a control character", field);
	return 0;
}

static int
check_date(int32_t *out, const char *s, const char *field, vigil_error *err)
{
	int rc;

	*out = VIGIL_LIFE_NODATE;
	if (s == NULL || *s == '\0')
		return 0;
	if (strlen(s) != 10)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s: not a date (YYYY-MM-DD)", field);
	if ((rc = vigil_life_date_parse(out, s, 10, err)) < 0)
		vigil__error_prefix(err, "%s", field);
	return rc;
}

int
vigil_fleet_release_check(const vigil_fleet_release *r, int32_t today,
    vigil_error *err)
{
	int32_t rel, eol, eos;
	int rc;

	if ((rc = check_str(r->manufacturer, "manufacturer", true, err)) < 0 ||
	    (rc = check_str(r->model, "model", true, err)) < 0 ||
	    (rc = check_str(r->release, "version", true, err)) < 0 ||
	    (rc = check_str(r->udi_di, "UDI-DI", false, err)) < 0 ||
	    (rc = check_str(r->note, "note", false, err)) < 0 ||
	    (rc = check_str(r->contact, "contact", false, err)) < 0 ||
	    (rc = check_date(&rel, r->released, "release date", err)) < 0 ||
	    (rc = check_date(&eol, r->eol, "EOL date", err)) < 0 ||
	    (rc = check_date(&eos, r->eos, "EOS date", err)) < 0)
		return rc;
	if (r->version >= 2 && r->stage != NULL &&
	    strcmp(r->stage, "development") != 0 &&
	    strcmp(r->stage, "supported") != 0 &&
	    strcmp(r->stage, "limited_support") != 0 &&
	    strcmp(r->stage, "end_of_support") != 0)
		return vigil__error(err, VIGIL_EINVALID, "stage takes "
		    "development, supported, limited_support or "
		    "end_of_support");
	if (strchr(r->model, '@') != NULL)
		return vigil__error(err, VIGIL_EINVALID,
		    "model may not contain '@'");
	if (rel != VIGIL_LIFE_NODATE && rel > today)
		return vigil__error(err, VIGIL_EINVALID,
		    "release date %s is in the future", r->released);
	if (eol != VIGIL_LIFE_NODATE && eos != VIGIL_LIFE_NODATE && eos < eol)
		return vigil__error(err, VIGIL_EINVALID,
		    "EOS %s is before EOL %s", r->eos, r->eol);
	if (rel != VIGIL_LIFE_NODATE && ((eol != VIGIL_LIFE_NODATE &&
	    eol < rel) || (eos != VIGIL_LIFE_NODATE && eos < rel)))
		return vigil__error(err, VIGIL_EINVALID,
		    "EOL or EOS before the release date %s", r->released);
	if (r->profile != NULL) {
		vigil_profile *p = NULL;

		if ((rc = vigil_profile_parse(&p, r->profile,
		    strlen(r->profile), err)) < 0) {
			vigil__error_prefix(err, "profile");
			return rc;
		}
		vigil_profile_free(p);
	}
	return 0;
}

/* ---- releases ------------------------------------------------------------- */

/* UTC now, RFC 3339, into OUT (32 bytes). */
static void
now_utc(char *out)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
take_int(void *ctx, vigil_store *st, void *stmt)
{
	*(int64_t *)ctx = vigil__store_col_int(st, stmt, 0);
	return 1;
}

/* A short text column (a date) into CTX (16 bytes), "" for NULL. */
static int
take_text(void *ctx, vigil_store *st, void *stmt)
{
	const char *v = vigil__store_col(st, stmt, 0);

	snprintf(ctx, 16, "%s", v != NULL && strlen(v) < 16 ? v : "");
	return 1;
}

/* The rid of MODEL@RELEASE into *OUT (0 when there is none). */
static int
release_id(int64_t *out, vigil_store *st, const char *model,
    const char *release, vigil_error *err)
{
	const char *args[3] = {vigil__store_org_text(st), model, release};

	*out = 0;
	return vigil__store_queryv(st, "SELECT rid FROM device_release WHERE "
	    "org = ? AND model = ? AND release = ?", args, 3, take_int, out,
	    err);
}

static int
not_found(vigil_error *err, const char *model, const char *release)
{
	return vigil__error(err, VIGIL_ENOTFOUND, "no device release %s@%s",
	    model, release);
}

/* Begin unless the caller already did; END commits or rolls back. */
static int
tx_end(vigil_store *st, int rc, vigil_error *err)
{
	if (rc < 0) {
		vigil_store_rollback(st);
		return rc;
	}
	return vigil_store_commit(st, err);
}

/* The VEX product of a release without an SBOM subject purl:
 * pkg:generic/MODEL@RELEASE (vigil_purl_build encodes both). */
static char *
generic_purl(const char *model, const char *release)
{
	vigil_purl parts, *p = NULL;
	char *out;

	memset(&parts, 0, sizeof(parts));
	parts.type = "generic";
	parts.name = model;
	parts.version = release;
	if (vigil_purl_build(&p, &parts, 0, NULL) < 0)
		return NULL;
	out = vgx_strdup(p->canonical);
	vigil_purl_free(p);
	return out;
}

int
vigil_fleet_release_put(vigil_store *st, const vigil_fleet_release *r,
    bool replace, vigil_error *err)
{
	const char *args[14];
	char id[24], now[32];
	char *purl = NULL;
	int64_t rid;
	int rc;

	if ((rc = vigil_fleet_release_check(r, vigil_life_today(), err)) < 0)
		return rc;
	if ((purl = generic_purl(r->model, r->release)) == NULL)
		return vigil__error(err, VIGIL_EINVALID, "model %.200s and "
		    "version %.200s make no purl", r->model, r->release);
	now_utc(now);
	if ((rc = vigil_store_begin(st, err)) < 0)
		goto done;
	if ((rc = release_id(&rid, st, r->model, r->release, err)) < 0) {
		rc = tx_end(st, rc, err);
		goto done;
	}
	if (rid != 0 && !replace) {
		rc = tx_end(st, vigil__error(err, VIGIL_EEXISTS,
		    "device release %s@%s already exists", r->model,
		    r->release), err);
		goto done;
	}
	snprintf(id, sizeof(id), "%lld", (long long)rid);
	args[0] = r->manufacturer;
	args[1] = r->udi_di;
	args[2] = r->released;
	args[3] = r->eol;
	args[4] = r->eos;
	args[5] = r->note;
	args[6] = r->profile;
	args[7] = r->contact;
	args[8] = r->version >= 2 ? r->stage : NULL;
	if (rid != 0) {
		args[9] = id;
		rc = vigil__store_queryv(st, "UPDATE device_release SET "
		    "manufacturer = ?, udi_di = ?, released = ?, eol = ?, "
		    "eos = ?, note = ?, profile = ?, contact = ?, "
		    "stage = COALESCE(?, stage) WHERE rid = ?", args, 10, NULL,
		    NULL, err);
	} else {
		args[9] = r->model;
		args[10] = r->release;
		args[11] = vigil__store_org_text(st);
		args[12] = purl;
		args[13] = now;
		rc = vigil__store_queryv(st, "INSERT INTO device_release "
		    "(manufacturer, udi_di, released, eol, eos, note, profile, "
		    "contact, stage, model, release, org, purl, created) VALUES "
		    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args, 14, NULL,
		    NULL, err);
	}
	rc = tx_end(st, rc, err);
done:
	vgx_free(purl);
	return rc;
}

struct rel_ctx {
	vigil_fleet_release_cb cb;
	void *payload;
	size_t n;
};

static const char *
nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static int
rel_row(void *ctx, vigil_store *st, void *stmt)
{
	struct rel_ctx *c = ctx;
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;

	r.id = vigil__store_col_int(st, stmt, 0);
	r.manufacturer = vigil__store_col(st, stmt, 1);
	r.model = vigil__store_col(st, stmt, 2);
	r.release = vigil__store_col(st, stmt, 3);
	r.udi_di = nz(vigil__store_col(st, stmt, 4));
	r.released = nz(vigil__store_col(st, stmt, 5));
	r.eol = nz(vigil__store_col(st, stmt, 6));
	r.eos = nz(vigil__store_col(st, stmt, 7));
	r.note = nz(vigil__store_col(st, stmt, 8));
	r.profile = nz(vigil__store_col(st, stmt, 9));
	r.contact = nz(vigil__store_col(st, stmt, 10));
	r.last_scan = nz(vigil__store_col(st, stmt, 11));
	r.nsboms = (unsigned)vigil__store_col_int(st, stmt, 12);
	r.stage = nz(vigil__store_col(st, stmt, 13));
	r.purl = nz(vigil__store_col(st, stmt, 14));
	c->n++;
	return c->cb(c->payload, &r);
}

#define REL_COLS "SELECT rid, manufacturer, model, release, udi_di, " \
	"released, eol, eos, note, profile, contact, last_scan, " \
	"(SELECT COUNT(*) FROM release_sbom s WHERE s.rid = r.rid), " \
	"stage, purl FROM device_release r WHERE org = ? "

int
vigil_fleet_releases(vigil_store *st, const char *model,
    vigil_fleet_release_cb cb, void *payload, vigil_error *err)
{
	struct rel_ctx c = {cb, payload, 0};
	const char *args[2] = {vigil__store_org_text(st), model};

	if (model != NULL)
		return vigil__store_queryv(st, REL_COLS "AND model = ? "
		    "ORDER BY model, released, release", args, 2, rel_row, &c,
		    err);
	return vigil__store_queryv(st, REL_COLS
	    "ORDER BY model, released, release", args, 1, rel_row, &c, err);
}

int
vigil_fleet_release_get(vigil_store *st, const char *model,
    const char *release, vigil_fleet_release_cb cb, void *payload,
    vigil_error *err)
{
	struct rel_ctx c = {cb, payload, 0};
	const char *args[3] = {vigil__store_org_text(st), model, release};
	int rc;

	if ((rc = vigil__store_queryv(st, REL_COLS
	    "AND model = ? AND release = ?", args, 3, rel_row, &c, err)) != 0)
		return rc;
	return c.n == 0 ? not_found(err, model, release) : 0;
}

int
vigil_fleet_release_remove(vigil_store *st, const char *model,
    const char *release, vigil_error *err)
{
	char id[24];
	const char *arg = id;
	int64_t rid, n = 0;
	int rc;

	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	if ((rc = release_id(&rid, st, model, release, err)) < 0)
		return tx_end(st, rc, err);
	if (rid == 0)
		return tx_end(st, not_found(err, model, release), err);
	snprintf(id, sizeof(id), "%lld", (long long)rid);
	if ((rc = vigil__store_queryv(st, "SELECT COUNT(*) FROM "
	    "installed_device WHERE rid = ?", &arg, 1, take_int, &n, err)) < 0)
		return tx_end(st, rc, err);
	if (n > 0)
		return tx_end(st, vigil__error(err, VIGIL_EEXISTS,
		    "%lld installed devices run %s@%s", (long long)n, model,
		    release), err);
	if ((rc = vigil__store_queryv(st, "DELETE FROM fleet_finding WHERE "
	    "rid = ?", &arg, 1, NULL, NULL, err)) < 0 ||
	    (rc = vigil__store_queryv(st, "DELETE FROM release_sbom WHERE "
	    "rid = ?", &arg, 1, NULL, NULL, err)) < 0 ||
	    (rc = vigil__store_queryv(st, "DELETE FROM device_release WHERE "
	    "rid = ?", &arg, 1, NULL, NULL, err)) < 0)
		return tx_end(st, rc, err);
	return tx_end(st, 0, err);
}

/* ---- SBOM history --------------------------------------------------------- */

int
vigil_fleet_sbom_attach(vigil_store *st, const char *model,
    const char *release, const char *buf, size_t len, const char *added,
    vigil_error *err)
{
	return vigil_fleet_sbom_attach_ex(st, model, release, buf, len, added,
	    NULL, err);
}

static int
take_id(void *ctx, vigil_store *st, void *stmt)
{
	*(int64_t *)ctx = vigil__store_col_int(st, stmt, 0);
	return 1;
}

int
vigil_fleet_sbom_attach_ex(vigil_store *st, const char *model,
    const char *release, const char *buf, size_t len, const char *added,
    vigil_fleet_sbom_extra *extra, vigil_error *err)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL;
	const vigil_sbom_meta *meta;
	const vigil_sbom_component *subj = NULL;
	char *text = NULL, *subject = NULL, hex[65], id[24], user[24];
	char size[24];
	const char *args[9];
	int64_t rid, sid = 0;
	int rc;

	if (len > VIGIL_FLEET_MAX_DOC)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "SBOM larger than %u bytes", VIGIL_FLEET_MAX_DOC);
	if (len == 0)
		return vigil__error(err, VIGIL_EINVALID, "empty SBOM");
	if (memchr(buf, '\0', len) != NULL)
		return vigil__error(err, VIGIL_EINVALID, "SBOM has a NUL byte");
	if (vgx_utf8_check(buf, len, NULL) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "SBOM is not valid UTF-8");
	if (extra != NULL && extra->name != NULL &&
	    (rc = check_str(extra->name, "SBOM name", false, err)) < 0)
		return rc;
	if ((rc = vigil_sbom_read_mem(&doc, buf, len, &o, err)) < 0) {
		vigil_sbom_free(doc);
		vigil__error_prefix(err, "SBOM");
		return rc;
	}
	meta = vigil_sbom_get_meta(doc);
	if (meta->subject != VIGIL_SBOM_NONE)
		subj = vigil_sbom_at(doc, meta->subject);
	if ((text = vgx_strndup(buf, len)) == NULL ||
	    (subj != NULL && subj->purl != NULL &&
	    (subject = vgx_strdup(subj->purl)) == NULL)) {
		rc = vigil__error_oom(err);
		goto done;
	}
	vigil__sha256_hex(hex, buf, len);
	if ((rc = vigil_store_begin(st, err)) < 0)
		goto done;
	if ((rc = release_id(&rid, st, model, release, err)) < 0) {
		rc = tx_end(st, rc, err);
		goto done;
	}
	if (rid == 0) {
		rc = tx_end(st, not_found(err, model, release), err);
		goto done;
	}
	snprintf(id, sizeof(id), "%lld", (long long)rid);
	snprintf(user, sizeof(user), "%lld", extra != NULL ?
	    (long long)extra->user : 0LL);
	args[0] = id;
	args[1] = added;
	args[2] = hex;
	args[3] = text;
	args[4] = extra != NULL ? extra->name : NULL;
	args[5] = vigil_sbom_format_name(meta->format);
	args[6] = subject;
	args[7] = extra != NULL && extra->user > 0 ? user : NULL;
	snprintf(size, sizeof(size), "%zu", len);
	args[8] = size;
	rc = vigil__store_queryv(st, "INSERT INTO release_sbom (rid, seq, "
	    "added, sha256, content, name, format, subject, user_id, size) "
	    "VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM release_sbom "
	    "WHERE rid = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING sid",
	    args, 9, take_id, &sid, err);
	/* The newest SBOM's subject names the device in VEX decisions. */
	if (rc == 0 && subject != NULL) {
		args[0] = subject;
		args[1] = id;
		rc = vigil__store_queryv(st, "UPDATE device_release SET purl = ? "
		    "WHERE rid = ?", args, 2, NULL, NULL, err);
	}
	rc = tx_end(st, rc, err);
	if (rc == 0 && extra != NULL)
		extra->id = sid;
done:
	vigil_sbom_free(doc);
	vgx_free(subject);
	vgx_free(text);
	return rc;
}

struct sbom_ctx {
	vigil_fleet_sbom_cb cb;
	void *payload;
};

static int
sbom_row(void *ctx, vigil_store *st, void *stmt)
{
	struct sbom_ctx *c = ctx;
	vigil_fleet_sbom s;

	s.seq = (unsigned)vigil__store_col_int(st, stmt, 0);
	s.added = vigil__store_col(st, stmt, 1);
	s.sha256 = vigil__store_col(st, stmt, 2);
	s.text = vigil__store_col(st, stmt, 3);
	s.size = s.text ? strlen(s.text) : 0;
	s.id = vigil__store_col_int(st, stmt, 4);
	return c->cb(c->payload, &s);
}

int
vigil_fleet_sboms(vigil_store *st, const char *model, const char *release,
    bool latest, vigil_fleet_sbom_cb cb, void *payload, vigil_error *err)
{
	struct sbom_ctx c = {cb, payload};
	char id[24];
	const char *arg = id;
	int64_t rid;
	int rc;

	if ((rc = release_id(&rid, st, model, release, err)) < 0)
		return rc;
	if (rid == 0)
		return not_found(err, model, release);
	snprintf(id, sizeof(id), "%lld", (long long)rid);
	return vigil__store_queryv(st, latest ?
	    "SELECT seq, added, sha256, content, sid FROM release_sbom WHERE "
	    "rid = ? ORDER BY seq DESC LIMIT 1" :
	    "SELECT seq, added, sha256, content, sid FROM release_sbom WHERE "
	    "rid = ? ORDER BY seq", &arg, 1, sbom_row, &c, err);
}

/* ---- installed devices ---------------------------------------------------- */

int
vigil_fleet_controls_parse(unsigned *out, const char *s, vigil_error *err)
{
	unsigned bits = 0, b;

	*out = 0;
	if (s == NULL)
		return 0;
	while (*s != '\0') {
		size_t n = strcspn(s, ",|");
		const char *p = s;
		bool ok = false;

		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n > 0) {
			for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1) {
				const char *name =
				    vigil_control_name((vigil_control)b);

				if (name != NULL && strlen(name) == n &&
				    memcmp(name, p, n) == 0) {
					bits |= b;
					ok = true;
				}
			}
			if (!ok)
				return vigil__error(err, VIGIL_EINVALID,
				    "unknown control \"%.*s\"",
				    (int)(n > 64 ? 64 : n), p);
		}
		s += strcspn(s, ",|");
		if (*s != '\0')
			s++;
	}
	*out = bits;
	return 0;
}

static int
device_check(const vigil_fleet_device *d, int32_t today, vigil_error *err)
{
	int32_t inst;
	int rc;

	if ((rc = check_str(d->serial, "serial", true, err)) < 0 ||
	    (rc = check_str(d->model, "model", true, err)) < 0 ||
	    (rc = check_str(d->release, "version", true, err)) < 0 ||
	    (rc = check_str(d->site, "site", true, err)) < 0 ||
	    (rc = check_str(d->location, "location", false, err)) < 0 ||
	    (rc = check_str(d->zone, "zone", false, err)) < 0 ||
	    (rc = check_str(d->owner, "owner", false, err)) < 0 ||
	    (rc = check_date(&inst, d->installed, "installation date",
	    err)) < 0)
		return rc;
	if (inst != VIGIL_LIFE_NODATE && inst > today)
		return vigil__error(err, VIGIL_EINVALID,
		    "installation date %s is in the future", d->installed);
	if (d->controls & ~0x1ffu)
		return vigil__error(err, VIGIL_EINVALID, "unknown control bits");
	return 0;
}

/* Write D (checked) inside the caller's transaction. */
static int
device_write(vigil_store *st, const vigil_fleet_device *d, bool replace,
    vigil_error *err)
{
	char id[24], ctl[16], now[32];
	const char *args[10];
	int64_t rid, n = 0;
	int rc;

	if ((rc = release_id(&rid, st, d->model, d->release, err)) < 0)
		return rc;
	if (rid == 0)
		return not_found(err, d->model, d->release);
	if (d->installed != NULL && *d->installed != '\0') {
		char rel[16] = "";
		const char *arg = id;

		snprintf(id, sizeof(id), "%lld", (long long)rid);
		if ((rc = vigil__store_queryv(st, "SELECT released FROM "
		    "device_release WHERE rid = ?", &arg, 1, take_text, rel,
		    err)) < 0)
			return rc;
		/* Both are checked dates: YYYY-MM-DD compares as text. */
		if (rel[0] != '\0' && strcmp(d->installed, rel) < 0)
			return vigil__error(err, VIGIL_EINVALID,
			    "installation date %s is before the release date "
			    "%s of %s@%s", d->installed, rel, d->model,
			    d->release);
	}
	args[0] = vigil__store_org_text(st);
	args[1] = d->serial;
	if ((rc = vigil__store_queryv(st, "SELECT COUNT(*) FROM "
	    "installed_device WHERE org = ? AND serial = ?", args, 2, take_int,
	    &n, err)) < 0)
		return rc;
	if (n > 0 && !replace)
		return vigil__error(err, VIGIL_EEXISTS,
		    "device %s already exists", d->serial);
	snprintf(id, sizeof(id), "%lld", (long long)rid);
	snprintf(ctl, sizeof(ctl), "%u", d->controls);
	args[0] = id;
	args[1] = d->site;
	args[2] = nz(d->location);
	args[3] = nz(d->zone);
	args[4] = nz(d->owner);
	args[5] = nz(d->installed);
	args[6] = ctl;
	args[7] = d->serial;
	args[8] = vigil__store_org_text(st);
	now_utc(now);
	args[9] = now;
	if (n > 0)
		return vigil__store_queryv(st, "UPDATE installed_device SET "
		    "rid = ?, site = ?, location = ?, zone = ?, owner = ?, "
		    "installed = ?, controls = ? WHERE serial = ? AND org = ?",
		    args, 9, NULL, NULL, err);
	return vigil__store_queryv(st, "INSERT INTO installed_device (rid, "
	    "site, location, zone, owner, installed, controls, serial, org, "
	    "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args, 10, NULL,
	    NULL, err);
}

int
vigil_fleet_device_put(vigil_store *st, const vigil_fleet_device *d,
    bool replace, int32_t today, vigil_error *err)
{
	int rc;

	if ((rc = device_check(d, today, err)) < 0)
		return rc;
	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	return tx_end(st, device_write(st, d, replace, err), err);
}

struct dev_ctx {
	vigil_fleet_device_cb cb;
	void *payload;
	size_t n;
};

static int
dev_row(void *ctx, vigil_store *st, void *stmt)
{
	struct dev_ctx *c = ctx;
	vigil_fleet_device d = VIGIL_FLEET_DEVICE_INIT;

	d.serial = vigil__store_col(st, stmt, 0);
	d.model = vigil__store_col(st, stmt, 1);
	d.release = vigil__store_col(st, stmt, 2);
	d.site = vigil__store_col(st, stmt, 3);
	d.location = nz(vigil__store_col(st, stmt, 4));
	d.zone = nz(vigil__store_col(st, stmt, 5));
	d.owner = nz(vigil__store_col(st, stmt, 6));
	d.installed = nz(vigil__store_col(st, stmt, 7));
	d.controls = (unsigned)vigil__store_col_int(st, stmt, 8);
	c->n++;
	return c->cb(c->payload, &d);
}

/* Devices registered through the server may have no serial (their name
 * stands in), no release and no site (empty strings here). */
#define DEV_COLS "SELECT COALESCE(d.serial, d.name, ''), " \
	"COALESCE(r.model, ''), COALESCE(r.release, ''), " \
	"COALESCE(d.site, ''), d.location, d.zone, d.owner, d.installed, " \
	"d.controls FROM installed_device d " \
	"LEFT JOIN device_release r ON r.rid = d.rid WHERE d.org = ? "

int
vigil_fleet_devices(vigil_store *st, const char *serial,
    vigil_fleet_device_cb cb, void *payload, vigil_error *err)
{
	struct dev_ctx c = {cb, payload, 0};
	const char *args[2] = {vigil__store_org_text(st), serial};
	int rc;

	if (serial == NULL)
		return vigil__store_queryv(st, DEV_COLS
		    "ORDER BY d.site, d.serial, d.did", args, 1, dev_row, &c,
		    err);
	if ((rc = vigil__store_queryv(st, DEV_COLS "AND d.serial = ?",
	    args, 2, dev_row, &c, err)) != 0)
		return rc;
	return c.n == 0 ? vigil__error(err, VIGIL_ENOTFOUND,
	    "no device with serial %s", serial) : 0;
}

int
vigil_fleet_device_remove(vigil_store *st, const char *serial,
    vigil_error *err)
{
	const char *args[2] = {vigil__store_org_text(st), serial};
	int64_t n = 0;
	int rc;

	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	if ((rc = vigil__store_queryv(st, "SELECT COUNT(*) FROM "
	    "installed_device WHERE org = ? AND serial = ?", args, 2, take_int,
	    &n, err)) < 0)
		return tx_end(st, rc, err);
	if (n == 0)
		return tx_end(st, vigil__error(err, VIGIL_ENOTFOUND,
		    "no device with serial %s", serial), err);
	rc = vigil__store_queryv(st, "DELETE FROM installed_device WHERE "
	    "org = ? AND serial = ?", args, 2, NULL, NULL, err);
	return tx_end(st, rc, err);
}

/* ---- inventory CSV -------------------------------------------------------- */

enum { C_SERIAL, C_MODEL, C_VERSION, C_SITE, C_LOCATION, C_ZONE, C_OWNER,
	C_INSTALLED, C_CONTROLS, NCOLS };

static const char *const colname[NCOLS] = {"serial", "model", "version",
	"site", "location", "zone", "owner", "installed", "controls"};

#define MAX_FIELDS 32

struct csv {
	const char *p, *end;
	unsigned long line;
	vgx_buf field[MAX_FIELDS];
	size_t nf;
};

/*
 * Read one record (RFC 4180): fields separated by commas, optionally in
 * double quotes with "" for a quote; CRLF or LF ends it.  Returns 1 with
 * a record, 0 at the end, or an error.
 */
static int
csv_record(struct csv *c, vigil_error *err)
{
	unsigned long col = 1, line0 = c->line;
	const char *start;

	c->nf = 0;
	if (c->p >= c->end)
		return 0;
	for (;;) {
		vgx_buf *f;

		if (c->nf == MAX_FIELDS)
			return vigil__error_at(err, VIGIL_EINVALID, c->line, col,
			    "more than %d fields", MAX_FIELDS);
		f = &c->field[c->nf++];
		vgx_buf_reset(f);
		start = c->p;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			for (;;) {
				if (c->p >= c->end)
					return vigil__error_at(err,
					    VIGIL_EINVALID, line0, col,
					    "unterminated quoted field");
				if (*c->p == '"') {
					if (c->p + 1 < c->end &&
					    c->p[1] == '"') {
						if (vgx_buf_addc(f, '"') < 0)
							goto toobig;
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (*c->p == '\n')
					c->line++;
				if (vgx_buf_addc(f, *c->p++) < 0)
					goto toobig;
			}
		} else {
			while (c->p < c->end && *c->p != ',' &&
			    *c->p != '\n' && *c->p != '\r') {
				if (*c->p == '"')
					return vigil__error_at(err,
					    VIGIL_EINVALID, c->line,
					    col + (unsigned long)(c->p - start),
					    "quote inside an unquoted field");
				if (vgx_buf_addc(f, *c->p++) < 0)
					goto toobig;
			}
		}
		col += (unsigned long)(c->p - start) + 1;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		else if (c->p < c->end)
			return vigil__error_at(err, VIGIL_EINVALID, c->line, col,
			    "text after a quoted field");
		c->line++;
		return 1;
	}
toobig:
	return vigil__error_at(err, VIGIL_ETOOBIG, c->line, col,
	    "field longer than %d bytes", VIGIL_FLEET_MAX_STRING);
}

struct row {
	char *v[NCOLS];
	unsigned long line;
	unsigned controls;
};

static void
rows_free(struct row *r, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < NCOLS; j++)
			vgx_free(r[i].v[j]);
	vgx_free(r);
}

int
vigil_fleet_import_csv(size_t *rows, vigil_store *st, const char *buf,
    size_t len, int32_t today, vigil_error *err)
{
	struct csv c;
	int map[MAX_FIELDS];
	bool seen[NCOLS] = {false};
	struct row *r = NULL;
	size_t n = 0, cap = 0, i, j, nhead;
	int rc;

	if (rows)
		*rows = 0;
	if (memchr(buf, '\0', len) != NULL)
		return vigil__error(err, VIGIL_EINVALID, "NUL byte in the CSV");
	if (vgx_utf8_check(buf, len, NULL) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "the CSV is not valid UTF-8");
	memset(&c, 0, sizeof(c));
	c.p = buf;
	c.end = buf + len;
	c.line = 1;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;	/* a byte order mark, as spreadsheets write */
	for (i = 0; i < MAX_FIELDS; i++)
		vgx_buf_init(&c.field[i], VIGIL_FLEET_MAX_STRING);
	if ((rc = csv_record(&c, err)) <= 0) {
		if (rc == 0)
			rc = vigil__error(err, VIGIL_EINVALID,
			    "empty CSV: a header line is required");
		goto done;
	}
	nhead = c.nf;
	for (i = 0; i < nhead; i++) {
		const char *h = vgx_buf_cstr(&c.field[i]);

		map[i] = -1;
		for (j = 0; j < NCOLS; j++)
			if (strcmp(h, colname[j]) == 0)
				map[i] = (int)j;
		if (map[i] < 0) {
			rc = vigil__error_at(err, VIGIL_EINVALID, 1, 0,
			    "unknown column \"%.64s\" (columns: %s)", h,
			    VIGIL_FLEET_CSV_COLUMNS);
			goto done;
		}
		if (seen[map[i]]) {
			rc = vigil__error_at(err, VIGIL_EINVALID, 1, 0,
			    "column %s twice", h);
			goto done;
		}
		seen[map[i]] = true;
	}
	for (j = 0; j <= C_SITE; j++)
		if (!seen[j]) {
			rc = vigil__error_at(err, VIGIL_EINVALID, 1, 0,
			    "column %s is required", colname[j]);
			goto done;
		}
	for (;;) {
		unsigned long line = c.line;
		vigil_fleet_device d = VIGIL_FLEET_DEVICE_INIT;

		if ((rc = csv_record(&c, err)) < 0)
			goto done;
		if (rc == 0)
			break;
		if (c.nf == 1 && vgx_buf_cstr(&c.field[0])[0] == '\0')
			continue;	/* an empty line */
		if (c.nf != nhead) {
			rc = vigil__error_at(err, VIGIL_EINVALID, line, 0,
			    "%zu fields, the header has %zu", c.nf, nhead);
			goto done;
		}
		if (n == MAX_CSV_ROWS) {
			rc = vigil__error_at(err, VIGIL_ETOOBIG, line, 0,
			    "more than %u devices", MAX_CSV_ROWS);
			goto done;
		}
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct row *p = vgx_reallocarray(r, nc, sizeof(*p));

			if (p == NULL) {
				rc = vigil__error_oom(err);
				goto done;
			}
			memset(p + cap, 0, (nc - cap) * sizeof(*p));
			r = p;
			cap = nc;
		}
		r[n].line = line;
		for (i = 0; i < nhead; i++)
			if ((r[n].v[map[i]] = vgx_strdup(vgx_buf_cstr(
			    &c.field[i]))) == NULL) {
				n++;
				rc = vigil__error_oom(err);
				goto done;
			}
		n++;
		d.serial = r[n - 1].v[C_SERIAL];
		d.model = r[n - 1].v[C_MODEL];
		d.release = r[n - 1].v[C_VERSION];
		d.site = r[n - 1].v[C_SITE];
		d.location = r[n - 1].v[C_LOCATION];
		d.zone = r[n - 1].v[C_ZONE];
		d.owner = r[n - 1].v[C_OWNER];
		d.installed = r[n - 1].v[C_INSTALLED];
		if ((rc = vigil_fleet_controls_parse(&r[n - 1].controls,
		    r[n - 1].v[C_CONTROLS], err)) < 0 ||
		    (rc = device_check(&d, today, err)) < 0) {
			err->line = line;
			goto done;
		}
	}
	if (n == 0) {
		rc = vigil__error(err, VIGIL_EINVALID, "no devices in the CSV");
		goto done;
	}
	if ((rc = vigil_store_begin(st, err)) < 0)
		goto done;
	for (i = 0; i < n; i++) {
		vigil_fleet_device d = VIGIL_FLEET_DEVICE_INIT;

		d.serial = r[i].v[C_SERIAL];
		d.model = r[i].v[C_MODEL];
		d.release = r[i].v[C_VERSION];
		d.site = r[i].v[C_SITE];
		d.location = r[i].v[C_LOCATION];
		d.zone = r[i].v[C_ZONE];
		d.owner = r[i].v[C_OWNER];
		d.installed = r[i].v[C_INSTALLED];
		d.controls = r[i].controls;
		if ((rc = device_write(st, &d, true, err)) < 0) {
			err->line = r[i].line;
			break;
		}
	}
	if ((rc = tx_end(st, rc, err)) == 0 && rows)
		*rows = n;
done:
	for (i = 0; i < MAX_FIELDS; i++)
		vgx_buf_dispose(&c.field[i]);
	rows_free(r, n);
	return rc < 0 ? rc : 0;
}

/* ---- findings ------------------------------------------------------------- */

int
vigil_fleet_record(vigil_store *st, const char *model, const char *release,
    const vigil_fleet_finding *f, size_t n, const char *time,
    vigil_error *err)
{
	char id[24], score[16], epss[32], prio[16];
	const char *args[19];
	int64_t rid;
	size_t i;
	int rc;

	if ((rc = vigil_store_begin(st, err)) < 0)
		return rc;
	if ((rc = release_id(&rid, st, model, release, err)) < 0)
		return tx_end(st, rc, err);
	if (rid == 0)
		return tx_end(st, not_found(err, model, release), err);
	snprintf(id, sizeof(id), "%lld", (long long)rid);
	/* The scan's number first: the findings it sees carry it. */
	args[0] = time;
	args[1] = id;
	rc = vigil__store_queryv(st, "UPDATE device_release SET last_scan = ?, "
	    "scans = scans + 1 WHERE rid = ?", args, 2, NULL, NULL, err);
	for (i = 0; i < n && rc == 0; i++) {
		const char *a = f[i].aliases;

		snprintf(score, sizeof(score), "%d", f[i].score);
		args[0] = id;
		args[1] = f[i].vuln;
		args[2] = f[i].component;
		args[3] = a ? a : f[i].vuln;
		args[4] = f[i].purl;
		args[5] = f[i].fixed;
		args[6] = score;
		args[7] = f[i].severity ? f[i].severity : "none";
		args[8] = f[i].kev ? "1" : "0";
		args[9] = time;
		args[10] = time;
		args[11] = f[i].vector;
		if (f[i].epss >= 0)
			snprintf(epss, sizeof(epss), "%.5f", f[i].epss);
		args[12] = f[i].epss >= 0 ? epss : NULL;
		args[13] = f[i].summary;
		args[14] = f[i].name;
		args[15] = f[i].version;
		args[16] = f[i].harm;
		args[17] = f[i].risk;
		snprintf(prio, sizeof(prio), "%d", f[i].priority);
		args[18] = f[i].priority > 0 ? prio : NULL;
		rc = vigil__store_queryv(st, "INSERT INTO fleet_finding (rid, "
		    "vuln, component, aliases, purl, fixed, score, severity, "
		    "kev, first_seen, last_seen, vector, epss, summary, cname, "
		    "cversion, harm, risk, priority, scan) VALUES (?, ?, ?, ?, "
		    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT "
		    "r.scans FROM device_release r WHERE r.rid = ?1)) ON "
		    "CONFLICT "
		    "(rid, vuln, component) DO UPDATE "
		    "SET aliases = excluded.aliases, purl = excluded.purl, "
		    "fixed = excluded.fixed, score = excluded.score, "
		    "severity = excluded.severity, kev = excluded.kev, "
		    "vector = excluded.vector, epss = excluded.epss, "
		    "summary = excluded.summary, cname = excluded.cname, "
		    "cversion = excluded.cversion, harm = excluded.harm, "
		    "risk = excluded.risk, priority = excluded.priority, "
		    "last_seen = excluded.last_seen, scan = excluded.scan",
		    args, 19, NULL, NULL, err);
		/* Every id of the vulnerability, for lookups by alias. */
		while (rc == 0 && a != NULL && *a != '\0') {
			size_t k = strcspn(a, " ");
			char one[256];

			if (k > 0 && k < sizeof(one)) {
				const char *aa[2];

				memcpy(one, a, k);
				one[k] = '\0';
				aa[0] = one;
				aa[1] = f[i].vuln;
				rc = vigil__store_queryv(st, "INSERT INTO "
				    "fleet_finding_alias (alias, vuln) VALUES "
				    "(?, ?) ON CONFLICT DO NOTHING", aa, 2, NULL,
				    NULL, err);
			}
			a += k;
			while (*a == ' ')
				a++;
		}
	}
	return tx_end(st, rc, err);
}

struct find_ctx {
	vigil_fleet_finding_cb cb;
	void *payload;
};

static int
find_row(void *ctx, vigil_store *st, void *stmt)
{
	struct find_ctx *c = ctx;
	vigil_fleet_finding f;
	const char *ls;

	memset(&f, 0, sizeof(f));
	f.model = vigil__store_col(st, stmt, 0);
	f.release = vigil__store_col(st, stmt, 1);
	f.vuln = vigil__store_col(st, stmt, 2);
	f.component = vigil__store_col(st, stmt, 3);
	f.aliases = vigil__store_col(st, stmt, 4);
	f.purl = nz(vigil__store_col(st, stmt, 5));
	f.fixed = nz(vigil__store_col(st, stmt, 6));
	f.score = (int)vigil__store_col_int(st, stmt, 7);
	f.severity = vigil__store_col(st, stmt, 8);
	f.kev = vigil__store_col_int(st, stmt, 9) != 0;
	f.first_seen = vigil__store_col(st, stmt, 10);
	f.last_seen = vigil__store_col(st, stmt, 11);
	ls = vigil__store_col(st, stmt, 12);
	f.vector = nz(vigil__store_col(st, stmt, 13));
	f.epss = vigil__store_col(st, stmt, 14) != NULL ?
	    vigil__store_col_double(st, stmt, 14) : -1.0;
	f.summary = nz(vigil__store_col(st, stmt, 15));
	f.current = ls != NULL && strcmp(ls, "1") == 0;
	f.name = nz(vigil__store_col(st, stmt, 16));
	f.version = nz(vigil__store_col(st, stmt, 17));
	f.harm = nz(vigil__store_col(st, stmt, 18));
	f.risk = nz(vigil__store_col(st, stmt, 19));
	f.priority = (int)vigil__store_col_int(st, stmt, 20);
	return c->cb(c->payload, &f);
}

#define FIND_COLS "SELECT r.model, r.release, f.vuln, f.component, " \
	"f.aliases, f.purl, f.fixed, f.score, f.severity, f.kev, " \
	"f.first_seen, f.last_seen, CASE WHEN f.scan = r.scans THEN 1 ELSE 0 " \
	"END, f.vector, f.epss, " \
	"f.summary, f.cname, f.cversion, f.harm, f.risk, f.priority " \
	"FROM fleet_finding f JOIN device_release r ON r.rid = f.rid " \
	"WHERE r.org = ? "

int
vigil_fleet_findings(vigil_store *st, const char *model, const char *release,
    const char *vuln, bool current_only, vigil_fleet_finding_cb cb,
    void *payload, vigil_error *err)
{
	struct find_ctx c = {cb, payload};
	const char *args[3];
	const char *cur = current_only ? "AND f.scan = r.scans " : "";
	char sql[1024];

	args[0] = vigil__store_org_text(st);
	if (vuln != NULL) {
		args[1] = vuln;
		args[2] = vuln;
		snprintf(sql, sizeof(sql), FIND_COLS "AND (f.vuln = ? OR "
		    "f.vuln IN (SELECT a.vuln FROM fleet_finding_alias a WHERE "
		    "a.alias = ?)) %s ORDER BY r.model, r.release, f.component",
		    cur);
		return vigil__store_queryv(st, sql, args, 3, find_row, &c, err);
	}
	if (model != NULL && release != NULL) {
		args[1] = model;
		args[2] = release;
		snprintf(sql, sizeof(sql), FIND_COLS "AND r.model = ? AND "
		    "r.release = ? %s ORDER BY f.score DESC, f.vuln, "
		    "f.component", cur);
		return vigil__store_queryv(st, sql, args, 3, find_row, &c, err);
	}
	snprintf(sql, sizeof(sql), FIND_COLS "%s ORDER BY "
	    "f.score DESC, r.model, r.release, f.vuln", cur);
	return vigil__store_queryv(st, sql, args, 1, find_row, &c, err);
}
