/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil device add|list|show|remove|import|sbom: the device inventory in
 * the store (docs/devices.md).  Device releases are the manufacturer's
 * view (MODEL@VERSION with dates, profile and SBOM history); installed
 * devices the hospital's (serial, site, location, zone, owner, controls).
 * The subcommands are called from the table in cmd_device.c.
 */
#include <jansson.h>
#include <string.h>

#include "device_inventory.h"
#include "life_cli.h"

#define CMD "vigil device"

static const struct cli_opt add_opts[] = {
	{"manufacturer", 'm', "NAME", "release: the manufacturer (required)"},
	{"udi-di", 0, "ID", "release: UDI device identifier"},
	{"released", 0, "DATE", "release: market release date"},
	{"eol", 0, "DATE", "release: end of life (limited support starts)"},
	{"eos", 0, "DATE", "release: end of support"},
	{"note", 0, "TEXT", "release: support-status note"},
	{"contact", 0, "TEXT", "release: where to report a vulnerability"},
	{"profile", 'p', "FILE", "release: device profile (JSON)"},
	{"sbom", 's', "FILE", "release: its SBOM (first of its history)"},
	{"serial", 0, "SN", "add an installed device of MODEL@VERSION"},
	{"site", 0, "NAME", "device: site (required with --serial)"},
	{"location", 0, "TEXT", "device: location"},
	{"zone", 0, "TEXT", "device: network zone"},
	{"owner", 0, "TEXT", "device: owner"},
	{"installed", 0, "DATE", "device: installation date"},
	{"controls", 0, "LIST", "device: compensating controls in place"},
	{"replace", 0, NULL, "update an existing entry"},
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else the user's)"},
	{NULL, 0, NULL, NULL}
};
enum { A_MANUF, A_UDI, A_REL, A_EOL, A_EOS, A_NOTE, A_CONTACT, A_PROFILE,
	A_SBOM, A_SERIAL, A_SITE, A_LOC, A_ZONE, A_OWNER, A_INST, A_CTL,
	A_REPLACE, A_DB };

static const struct cli_opt list_opts[] = {
	{"installed", 'i', NULL, "installed devices (default: releases)"},
	{"format", 'f', "FORMAT", "text (default) or json"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt one_opts[] = {
	{"format", 'f', "FORMAT", "text (default) or json"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt db_opts[] = {
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

void
cli_device_inventory_help(FILE *fp)
{
	fprintf(fp,
	    "       vigil device add MODEL@VERSION -m MANUFACTURER [--eol DATE]\n"
	    "                        [--eos DATE] [-p PROFILE] [-s SBOM] ...\n"
	    "       vigil device add --serial SN --site SITE MODEL@VERSION ...\n"
	    "       vigil device sbom MODEL@VERSION SBOM\n"
	    "       vigil device import INVENTORY.csv\n"
	    "       vigil device list [-i] [-f FORMAT]\n"
	    "       vigil device show MODEL@VERSION|SERIAL [-f FORMAT]\n"
	    "       vigil device remove MODEL@VERSION|SERIAL\n"
	    "\n"
	    "The device inventory (docs/devices.md): releases (MODEL@VERSION,\n"
	    "the manufacturer's view, with dates, profile and SBOM history) and\n"
	    "installed devices (the hospital's view).  sbom attaches a new SBOM\n"
	    "to a release (the older ones are kept); import reads a CSV with\n"
	    "the columns " VIGIL_FLEET_CSV_COLUMNS "\n"
	    "(all rows or none).  Controls: physical_access, removable_media,\n"
	    "network_isolation, network_segregation, monitoring, remote_access,\n"
	    "firewall, anti_malware, backup_restore, separated by , or |.\n"
	    "\n"
	    "Options of add:\n");
	cli_opt_print(fp, add_opts);
	fprintf(fp, "\nOptions of list:\n");
	cli_opt_print(fp, list_opts);
}

static void
help(FILE *fp)
{
	fprintf(fp, "usage: vigil device SUBCOMMAND [OPTIONS] [ARGS]\n");
	cli_device_inventory_help(fp);
}

static int
read_file(char **buf, size_t *len, const char *path, size_t max)
{
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vgx_file_read(buf, len, path, max, &err)) < 0) {
		cli_error_print(path, &err);
		return rc == VIGIL_ETOOBIG ? CLI_EXIT_USAGE : CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

/* The SBOM in PATH read and checked before anything is stored. */
static int
load_sbom(char **buf, size_t *len, const char *path)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL;
	vigil_error err;
	int rc, ex;

	if ((ex = read_file(buf, len, path, VIGIL_FLEET_MAX_DOC)) != 0)
		return ex;
	vigil_error_clear(&err);
	rc = vigil_sbom_read_mem(&doc, *buf, *len, &o, &err);
	vigil_sbom_free(doc);
	if (rc < 0) {
		cli_error_print(path, &err);
		vgx_free(*buf);
		*buf = NULL;
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

static int
add_device(struct lcli *l, vigil_store *st, char *model, const char *ver)
{
	vigil_fleet_device d = VIGIL_FLEET_DEVICE_INIT;
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	d.serial = l->val[A_SERIAL];
	d.model = model;
	d.release = ver;
	d.site = l->val[A_SITE];
	d.location = l->val[A_LOC];
	d.zone = l->val[A_ZONE];
	d.owner = l->val[A_OWNER];
	d.installed = l->val[A_INST];
	if ((rc = vigil_fleet_controls_parse(&d.controls, l->val[A_CTL],
	    &err)) < 0)
		return lcli_fail("--controls", rc, &err);
	if ((rc = vigil_fleet_device_put(st, &d, l->val[A_REPLACE] != NULL,
	    vigil_life_today(), &err)) < 0)
		return lcli_fail(d.serial, rc, &err);
	printf("added device %s (%s@%s, %s)\n", d.serial, model, ver, d.site);
	return CLI_EXIT_OK;
}

static int
add_release(struct lcli *l, vigil_store *st, char *model, const char *ver)
{
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;
	char *prof = NULL, *sbom = NULL, now[32];
	size_t plen = 0, slen = 0;
	vigil_error err;
	int rc, ex = CLI_EXIT_OK;

	vigil_error_clear(&err);
	if (l->val[A_PROFILE] != NULL && (ex = read_file(&prof, &plen,
	    l->val[A_PROFILE], VIGIL_PROFILE_MAX_SIZE)) != 0)
		return ex;
	if (prof != NULL && memchr(prof, '\0', plen) != NULL) {
		cli_errorf("%s: NUL byte in the profile", l->val[A_PROFILE]);
		ex = CLI_EXIT_USAGE;
		goto done;
	}
	if (l->val[A_SBOM] != NULL && (ex = load_sbom(&sbom, &slen,
	    l->val[A_SBOM])) != 0)
		goto done;
	r.manufacturer = l->val[A_MANUF];
	r.model = model;
	r.release = ver;
	r.udi_di = l->val[A_UDI];
	r.released = l->val[A_REL];
	r.eol = l->val[A_EOL];
	r.eos = l->val[A_EOS];
	r.note = l->val[A_NOTE];
	r.contact = l->val[A_CONTACT];
	r.profile = prof;
	if ((rc = vigil_fleet_release_put(st, &r, l->val[A_REPLACE] != NULL,
	    &err)) < 0) {
		ex = lcli_fail(prof != NULL && strncmp(err.msg, "profile", 7) ==
		    0 ? l->val[A_PROFILE] : NULL, rc, &err);
		goto done;
	}
	if (sbom != NULL) {
		lcli_now(now);
		if ((rc = vigil_fleet_sbom_attach(st, model, ver, sbom, slen,
		    now, &err)) < 0) {
			ex = lcli_fail(l->val[A_SBOM], rc, &err);
			goto done;
		}
	}
	printf("added release %s@%s%s\n", model, ver, sbom ? " with its SBOM" :
	    "");
	if (sbom == NULL)
		cli_warnf("%s@%s has no SBOM yet (vigil device sbom)", model,
		    ver);
done:
	vgx_free(prof);
	vgx_free(sbom);
	return ex;
}

int
cli_device_add(int argc, char **argv)
{
	struct lcli l;
	vigil_store *st = NULL;
	char *model = NULL;
	const char *ver;
	int ex;

	if ((ex = lcli_parse(&l, CMD, argc, argv, add_opts, help)) >= 0)
		return ex;
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "add wants one MODEL@VERSION");
		goto done;
	}
	if (l.val[A_SERIAL] == NULL && l.val[A_MANUF] == NULL) {
		ex = cli_usage_error(CMD, "add: a release needs "
		    "--manufacturer, an installed device --serial and --site");
		goto done;
	}
	if (l.val[A_SERIAL] != NULL && (l.val[A_MANUF] || l.val[A_SBOM] ||
	    l.val[A_PROFILE] || l.val[A_EOL] || l.val[A_EOS])) {
		ex = cli_usage_error(CMD, "add --serial takes device options "
		    "only (the release's data goes with the release)");
		goto done;
	}
	if ((ex = lcli_model_version(&model, &ver, l.pos[0], CMD)) != 0 ||
	    (ex = lcli_store(&st, l.val[A_DB], false)) != 0)
		goto done;
	ex = l.val[A_SERIAL] ? add_device(&l, st, model, ver) :
	    add_release(&l, st, model, ver);
	if (ex == CLI_EXIT_OK)
		ex = cli_finish_stdout();
done:
	vigil_store_close(st);
	vgx_free(model);
	lcli_done(&l);
	return ex;
}

int
cli_device_sbom(int argc, char **argv)
{
	struct lcli l;
	vigil_store *st = NULL;
	char *model = NULL, *buf = NULL, now[32];
	const char *ver;
	size_t len;
	vigil_error err;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, db_opts, help)) >= 0)
		return ex;
	if (l.npos != 2) {
		ex = cli_usage_error(CMD, "sbom wants MODEL@VERSION and an SBOM");
		goto done;
	}
	if ((ex = lcli_model_version(&model, &ver, l.pos[0], CMD)) != 0 ||
	    (ex = load_sbom(&buf, &len, l.pos[1])) != 0 ||
	    (ex = lcli_store(&st, l.val[0], false)) != 0)
		goto done;
	lcli_now(now);
	vigil_error_clear(&err);
	if ((rc = vigil_fleet_sbom_attach(st, model, ver, buf, len, now,
	    &err)) < 0) {
		ex = lcli_fail(l.pos[1], rc, &err);
		goto done;
	}
	printf("attached %s to %s@%s\n", l.pos[1], model, ver);
	ex = cli_finish_stdout();
done:
	vgx_free(buf);
	vigil_store_close(st);
	vgx_free(model);
	lcli_done(&l);
	return ex;
}

int
cli_device_import(int argc, char **argv)
{
	struct lcli l;
	vigil_store *st = NULL;
	char *buf = NULL;
	size_t len, rows = 0;
	vigil_error err;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, db_opts, help)) >= 0)
		return ex;
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "import wants one CSV file");
		goto done;
	}
	if ((ex = read_file(&buf, &len, l.pos[0], (size_t)256 << 20)) != 0 ||
	    (ex = lcli_store(&st, l.val[0], false)) != 0)
		goto done;
	vigil_error_clear(&err);
	if ((rc = vigil_fleet_import_csv(&rows, st, buf, len,
	    vigil_life_today(), &err)) < 0) {
		ex = lcli_fail(l.pos[0], rc, &err);
		if (rc == VIGIL_ENOTFOUND)
			ex = CLI_EXIT_USAGE;
		goto done;
	}
	printf("imported %zu devices from %s\n", rows, l.pos[0]);
	ex = cli_finish_stdout();
done:
	vgx_free(buf);
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

/* ---- list, show --------------------------------------------------------- */

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
controls_json(unsigned bits)
{
	json_t *a = json_array();
	unsigned b;

	for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
		if (bits & b)
			json_array_append_new(a, json_string(vigil_control_name(
			    (vigil_control)b)));
	return a;
}

static void
controls_text(FILE *fp, unsigned bits)
{
	unsigned b;
	const char *sep = "";

	for (b = 1; b <= VIGIL_CONTROL_BACKUP_RESTORE; b <<= 1)
		if (bits & b) {
			fprintf(fp, "%s%s", sep, vigil_control_name(
			    (vigil_control)b));
			sep = ",";
		}
	if (*sep == '\0')
		fprintf(fp, "none");
}

struct lister {
	json_t *arr;		/* NULL: text */
	size_t n;
};

static int
list_rel(void *p, const vigil_fleet_release *r)
{
	struct lister *ls = p;

	ls->n++;
	if (ls->arr != NULL)
		return json_array_append_new(ls->arr, json_pack("{s:s, s:s, "
		    "s:s, s:o, s:o, s:o, s:o, s:i, s:o}", "manufacturer",
		    r->manufacturer, "model", r->model, "version", r->release,
		    "udi_di", jstr(r->udi_di), "released", jstr(r->released),
		    "eol", jstr(r->eol), "eos", jstr(r->eos), "sboms",
		    (int)r->nsboms, "last_scan", jstr(r->last_scan))) < 0 ?
		    VIGIL_ENOMEM : 0;
	printf("%s@%s\t%s\treleased %s\tEOL %s\tEOS %s\t%u SBOM%s\n",
	    r->model, r->release, r->manufacturer, r->released ? r->released :
	    "-", r->eol ? r->eol : "-", r->eos ? r->eos : "-", r->nsboms,
	    r->nsboms == 1 ? "" : "s");
	return 0;
}

static int
list_dev(void *p, const vigil_fleet_device *d)
{
	struct lister *ls = p;

	ls->n++;
	if (ls->arr != NULL)
		return json_array_append_new(ls->arr, json_pack("{s:s, s:s, "
		    "s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "serial", d->serial,
		    "model", d->model, "version", d->release, "site", d->site,
		    "location", jstr(d->location), "zone", jstr(d->zone),
		    "owner", jstr(d->owner), "installed", jstr(d->installed),
		    "controls", controls_json(d->controls))) < 0 ?
		    VIGIL_ENOMEM : 0;
	printf("%s\t%s@%s\t%s\t%s\t%s\t", d->serial, d->model, d->release,
	    d->site, d->location ? d->location : "-", d->zone ? d->zone : "-");
	controls_text(stdout, d->controls);
	putchar('\n');
	return 0;
}

static int
want_json(const char *v, bool *json)
{
	*json = false;
	if (v == NULL || strcmp(v, "text") == 0)
		return CLI_EXIT_OK;
	if (strcmp(v, "json") == 0) {
		*json = true;
		return CLI_EXIT_OK;
	}
	return cli_usage_error(CMD, "--format is text or json, not '%s'", v);
}

static int
put_json(json_t *j)
{
	if (j == NULL || json_dumpf(j, stdout, JSON_INDENT(2)) < 0) {
		json_decref(j);
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	putchar('\n');
	json_decref(j);
	return CLI_EXIT_OK;
}

int
cli_device_list(int argc, char **argv)
{
	struct lcli l;
	struct lister ls = {NULL, 0};
	vigil_store *st = NULL;
	vigil_error err;
	bool json;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, list_opts, help)) >= 0)
		return ex;
	if (l.npos != 0) {
		ex = cli_usage_error(CMD, "list takes no arguments");
		goto done;
	}
	if ((ex = want_json(l.val[1], &json)) != 0 ||
	    (ex = lcli_store(&st, l.val[2], true)) != 0)
		goto done;
	if (json && (ls.arr = json_array()) == NULL) {
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	vigil_error_clear(&err);
	rc = l.val[0] ? vigil_fleet_devices(st, NULL, list_dev, &ls, &err) :
	    vigil_fleet_releases(st, NULL, list_rel, &ls, &err);
	if (rc < 0) {
		json_decref(ls.arr);
		ex = lcli_fail(NULL, rc, &err);
		goto done;
	}
	ex = json ? put_json(ls.arr) : CLI_EXIT_OK;
	if (ex == CLI_EXIT_OK)
		ex = cli_finish_stdout();
done:
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

struct shower {
	json_t *obj;		/* NULL: text */
	json_t *hist;
};

static int
show_sbom(void *p, const vigil_fleet_sbom *s)
{
	struct shower *sh = p;

	if (sh->hist != NULL)
		return json_array_append_new(sh->hist, json_pack("{s:i, s:s, "
		    "s:s, s:I}", "seq", (int)s->seq, "added", s->added,
		    "sha256", s->sha256, "size", (json_int_t)s->size)) < 0 ?
		    VIGIL_ENOMEM : 0;
	printf("  SBOM %u\t%s\tsha256:%s\t%zu bytes\n", s->seq, s->added,
	    s->sha256, s->size);
	return 0;
}

static int
show_rel(void *p, const vigil_fleet_release *r)
{
	struct shower *sh = p;

	if (sh->obj != NULL) {
		sh->obj = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
		    "s:o, s:b, s:o, s:o}", "manufacturer", r->manufacturer,
		    "model", r->model, "version", r->release, "udi_di",
		    jstr(r->udi_di), "released", jstr(r->released), "eol",
		    jstr(r->eol), "eos", jstr(r->eos), "note", jstr(r->note),
		    "contact", jstr(r->contact), "profile", r->profile != NULL,
		    "last_scan", jstr(r->last_scan), "vex_product",
		    jstr(r->purl));
		return sh->obj == NULL ? VIGIL_ENOMEM : 0;
	}
	printf("release %s@%s\n  manufacturer\t%s\n", r->model, r->release,
	    r->manufacturer);
	printf("  UDI-DI\t%s\n  released\t%s\n  EOL\t\t%s\n  EOS\t\t%s\n",
	    r->udi_di ? r->udi_di : "-", r->released ? r->released : "-",
	    r->eol ? r->eol : "-", r->eos ? r->eos : "-");
	printf("  profile\t%s\n  contact\t%s\n  note\t\t%s\n  last scan\t%s\n",
	    r->profile ? "yes" : "none", r->contact ? r->contact : "-",
	    r->note ? r->note : "-", r->last_scan ? r->last_scan : "never");
	/* The product of VEX decisions about the release (vigil vex set
	 * --product; the dashboard of vigil serve decides for it too). */
	printf("  VEX product\t%s\n", r->purl ? r->purl : "-");
	return 0;
}

int
cli_device_show(int argc, char **argv)
{
	struct lcli l;
	struct shower sh = {NULL, NULL};
	vigil_store *st = NULL;
	char *model = NULL;
	const char *ver;
	vigil_error err;
	bool json;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, one_opts, help)) >= 0)
		return ex;
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "show wants MODEL@VERSION or a serial");
		goto done;
	}
	if ((ex = want_json(l.val[0], &json)) != 0 ||
	    (ex = lcli_store(&st, l.val[1], true)) != 0)
		goto done;
	vigil_error_clear(&err);
	if (strchr(l.pos[0], '@') == NULL) {
		struct lister ls = {NULL, 0};

		if (json && (ls.arr = json_array()) == NULL) {
			ex = CLI_EXIT_SYSTEM;
			goto done;
		}
		if ((rc = vigil_fleet_devices(st, l.pos[0], list_dev, &ls,
		    &err)) < 0) {
			json_decref(ls.arr);
			ex = rc == VIGIL_ENOTFOUND ? (cli_error_print(NULL,
			    &err), CLI_EXIT_FAIL) : lcli_fail(NULL, rc, &err);
			goto done;
		}
		if (json) {
			json_t *one = json_incref(json_array_get(ls.arr, 0));

			json_decref(ls.arr);
			ex = put_json(one);
		}
	} else {
		if ((ex = lcli_model_version(&model, &ver, l.pos[0], CMD)) != 0)
			goto done;
		if (json)
			sh.obj = json_object();
		if ((rc = vigil_fleet_release_get(st, model, ver, show_rel, &sh,
		    &err)) < 0) {
			json_decref(sh.obj);
			ex = rc == VIGIL_ENOTFOUND ? (cli_error_print(NULL,
			    &err), CLI_EXIT_FAIL) : lcli_fail(NULL, rc, &err);
			goto done;
		}
		if (json) {
			sh.hist = json_array();
			json_object_set_new(sh.obj, "sboms", sh.hist);
		}
		if ((rc = vigil_fleet_sboms(st, model, ver, false, show_sbom,
		    &sh, &err)) < 0) {
			json_decref(sh.obj);
			ex = lcli_fail(NULL, rc, &err);
			goto done;
		}
		if (json)
			ex = put_json(sh.obj);
	}
	if (ex == CLI_EXIT_OK)
		ex = cli_finish_stdout();
done:
	vigil_store_close(st);
	vgx_free(model);
	lcli_done(&l);
	return ex;
}

int
cli_device_remove(int argc, char **argv)
{
	struct lcli l;
	vigil_store *st = NULL;
	char *model = NULL;
	const char *ver;
	vigil_error err;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, db_opts, help)) >= 0)
		return ex;
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "remove wants MODEL@VERSION or a "
		    "serial");
		goto done;
	}
	if ((ex = lcli_store(&st, l.val[0], false)) != 0)
		goto done;
	vigil_error_clear(&err);
	if (strchr(l.pos[0], '@') == NULL) {
		rc = vigil_fleet_device_remove(st, l.pos[0], &err);
	} else {
		if ((ex = lcli_model_version(&model, &ver, l.pos[0], CMD)) != 0)
			goto done;
		rc = vigil_fleet_release_remove(st, model, ver, &err);
	}
	if (rc < 0) {
		ex = rc == VIGIL_ENOTFOUND || rc == VIGIL_EEXISTS ?
		    (cli_error_print(NULL, &err), CLI_EXIT_FAIL) :
		    lcli_fail(NULL, rc, &err);
		goto done;
	}
	printf("removed %s\n", l.pos[0]);
	ex = cli_finish_stdout();
done:
	vigil_store_close(st);
	vgx_free(model);
	lcli_done(&l);
	return ex;
}
