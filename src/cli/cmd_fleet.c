/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil fleet: the installed base against the vulnerability store.
 *
 *   vigil fleet scan       rescan every release's newest SBOM and record
 *                          the findings with the time each was first seen
 *   vigil fleet affected   every installed device, across models and
 *                          sites, affected by a vulnerability (any alias),
 *                          with the component and its VEX status
 */
#include <jansson.h>
#include <string.h>

#include "life_cli.h"

#define CMD "vigil fleet"

static const struct cli_opt scan_opts[] = {
	{"model", 'm', "MODEL", "only the releases of MODEL"},
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else the user's)"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt affected_opts[] = {
	{"format", 'f', "FORMAT", "text (default) or json"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

static void
fleet_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil fleet scan [-m MODEL] [--db PATH]\n"
	    "       vigil fleet affected ID [-f FORMAT] [--db PATH]\n"
	    "\n"
	    "The installed base against the vulnerability store.\n"
	    "  scan      match the newest SBOM of every device release against\n"
	    "            the store and record the findings; a finding keeps the\n"
	    "            time it was first seen, later scans update last seen\n"
	    "  affected  every installed device affected by vulnerability ID\n"
	    "            (CVE, GHSA, OSV id: any alias), with the component,\n"
	    "            the fixed version and the VEX status if one covers it\n"
	    "\n"
	    "Options of scan:\n");
	cli_opt_print(fp, scan_opts);
	fprintf(fp, "\nOptions of affected:\n");
	cli_opt_print(fp, affected_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok (affected: no device), 1 affected: devices are\n"
	    "affected, 2 usage, 4 system error.  See vigil-fleet(1).\n");
}

/* ---- scan ----------------------------------------------------------------- */

struct relname {
	char *model, *release;
	unsigned nsboms;
};

struct rellist {
	struct relname *r;
	size_t n;
};

static int
collect(void *p, const vigil_fleet_release *r)
{
	struct rellist *l = p;
	struct relname *nr;

	if ((nr = vgx_reallocarray(l->r, l->n + 1, sizeof(*nr))) == NULL)
		return VIGIL_ENOMEM;
	l->r = nr;
	nr[l->n].model = vgx_strdup(r->model);
	nr[l->n].release = vgx_strdup(r->release);
	nr[l->n].nsboms = r->nsboms;
	l->n++;
	if (nr[l->n - 1].model == NULL || nr[l->n - 1].release == NULL)
		return VIGIL_ENOMEM;
	return 0;
}

static void
rellist_free(struct rellist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		vgx_free(l->r[i].model);
		vgx_free(l->r[i].release);
	}
	vgx_free(l->r);
}

/* Counts every finding recorded for a release, current or not. */
static int
count_all(void *p, const vigil_fleet_finding *f)
{
	(void)f;
	(*(size_t *)p)++;
	return 0;
}

static int
fleet_scan(int argc, char **argv)
{
	struct lcli l;
	struct rellist rl = {NULL, 0};
	vigil_store *st = NULL;
	vigil_error err;
	char now[32];
	size_t i, scanned = 0, total = 0;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, scan_opts, fleet_help)) >= 0)
		return ex;
	if (l.npos != 0) {
		ex = cli_usage_error(CMD, "scan takes no arguments");
		goto done;
	}
	if ((ex = lcli_store(&st, l.val[1], false)) != 0)
		goto done;
	vigil_error_clear(&err);
	if ((rc = vigil_fleet_releases(st, l.val[0], collect, &rl, &err)) < 0) {
		ex = rc == VIGIL_ENOMEM ? (cli_errorf("out of memory"),
		    CLI_EXIT_SYSTEM) : lcli_fail(NULL, rc, &err);
		goto done;
	}
	if (rl.n == 0) {
		cli_errorf("no device releases%s%s in the store",
		    l.val[0] ? " of " : "", l.val[0] ? l.val[0] : "");
		ex = CLI_EXIT_USAGE;
		goto done;
	}
	lcli_now(now);
	for (i = 0; i < rl.n; i++) {
		size_t n = 0, before = 0, after = 0;

		if (rl.r[i].nsboms == 0) {
			cli_warnf("%s@%s has no SBOM: not scanned",
			    rl.r[i].model, rl.r[i].release);
			continue;
		}
		/* New: findings that no earlier scan recorded. */
		if ((rc = vigil_fleet_findings(st, rl.r[i].model,
		    rl.r[i].release, NULL, false, count_all, &before,
		    &err)) < 0 ||
		    (rc = vigil_fleet_scan_release(&n, st, rl.r[i].model,
		    rl.r[i].release, now, &err)) < 0 ||
		    (rc = vigil_fleet_findings(st, rl.r[i].model,
		    rl.r[i].release, NULL, false, count_all, &after,
		    &err)) < 0) {
			ex = lcli_fail(NULL, rc, &err);
			goto done;
		}
		printf("%s@%s: %zu finding%s, %zu new\n", rl.r[i].model,
		    rl.r[i].release, n, n == 1 ? "" : "s", after - before);
		scanned++;
		total += n;
	}
	printf("scanned %zu of %zu releases: %zu findings\n", scanned, rl.n,
	    total);
	ex = cli_finish_stdout();
done:
	rellist_free(&rl);
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

/* ---- affected ------------------------------------------------------------- */

struct hit {
	char *model, *release, *component, *purl, *fixed, *vuln, *first;
};

struct hits {
	struct hit *h;
	size_t n;
};

static int
take_hit(void *p, const vigil_fleet_finding *f)
{
	struct hits *hs = p;
	struct hit *h;

	if ((h = vgx_reallocarray(hs->h, hs->n + 1, sizeof(*h))) == NULL)
		return VIGIL_ENOMEM;
	hs->h = h;
	h = &hs->h[hs->n++];
	memset(h, 0, sizeof(*h));
	h->model = vgx_strdup(f->model);
	h->release = vgx_strdup(f->release);
	h->component = vgx_strdup(f->component);
	h->vuln = vgx_strdup(f->vuln);
	h->first = vgx_strdup(f->first_seen);
	h->purl = f->purl ? vgx_strdup(f->purl) : NULL;
	h->fixed = f->fixed ? vgx_strdup(f->fixed) : NULL;
	if (!h->model || !h->release || !h->component || !h->vuln || !h->first)
		return VIGIL_ENOMEM;
	return 0;
}

static void
hits_free(struct hits *hs)
{
	size_t i;

	for (i = 0; i < hs->n; i++) {
		vgx_free(hs->h[i].model);
		vgx_free(hs->h[i].release);
		vgx_free(hs->h[i].component);
		vgx_free(hs->h[i].purl);
		vgx_free(hs->h[i].fixed);
		vgx_free(hs->h[i].vuln);
		vgx_free(hs->h[i].first);
	}
	vgx_free(hs->h);
}

struct vexq {
	char status[32];
	char detail[256];
};

static int
take_vex(void *p, const vigil_vex_decision *d)
{
	struct vexq *q = p;

	snprintf(q->status, sizeof(q->status), "%s",
	    vigil_vex_status_name(d->status));
	snprintf(q->detail, sizeof(q->detail), "%s",
	    d->justification != VIGIL_VEX_JUST_NONE ?
	    vigil_vex_justification_name(d->justification) :
	    d->action ? d->action : d->impact ? d->impact : "");
	return 0;
}

/* The latest VEX decision about VULN (or an alias of it: the id stored
 * with the finding) in the device PRODUCT or the component PURL. */
static void
vex_lookup(struct vexq *q, vigil_store *st, const char *product,
    const char *purl, const char *vuln)
{
	memset(q, 0, sizeof(*q));
	if (product != NULL)
		vigil_vex_decisions(st, product, vuln, true, take_vex, q, NULL);
	if (q->status[0] == '\0' && purl != NULL)
		vigil_vex_decisions(st, purl, vuln, true, take_vex, q, NULL);
}

struct devs {
	const struct hit *h;
	json_t *arr;
	size_t n;
	const struct vexq *vq;
};

static int
take_dev(void *p, const vigil_fleet_device *d)
{
	struct devs *ds = p;

	if (strcmp(d->model, ds->h->model) != 0 ||
	    strcmp(d->release, ds->h->release) != 0)
		return 0;
	ds->n++;
	if (ds->arr != NULL)
		return json_array_append_new(ds->arr, json_pack("{s:s, s:s, "
		    "s:s, s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s}", "serial",
		    d->serial, "model", d->model, "version", d->release, "site",
		    d->site, "location", d->location, "zone", d->zone,
		    "component", ds->h->component, "fixed", ds->h->fixed,
		    "vex", ds->vq->status[0] ? ds->vq->status : NULL,
		    "first_seen", ds->h->first)) < 0 ? VIGIL_ENOMEM : 0;
	printf("%s\t%s@%s\t%s\t%s\t%s\tfixed in %s\tVEX: %s%s%s\n", d->serial,
	    d->model, d->release, d->site, d->location ? d->location : "-",
	    ds->h->component, ds->h->fixed ? ds->h->fixed : "-",
	    ds->vq->status[0] ? ds->vq->status : "none",
	    ds->vq->detail[0] ? " " : "", ds->vq->detail);
	return 0;
}

static int
fleet_affected(int argc, char **argv)
{
	struct lcli l;
	struct hits hs = {NULL, 0};
	vigil_store *st = NULL;
	vigil_error err;
	json_t *arr = NULL;
	size_t i, ndev = 0, nnot = 0;
	bool json = false;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, affected_opts,
	    fleet_help)) >= 0)
		return ex;
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "affected wants one vulnerability ID");
		goto done;
	}
	if ((ex = lcli_format(&json, CMD, l.val[0])) != 0)
		goto done;
	if ((ex = lcli_store(&st, l.val[1], true)) != 0)
		goto done;
	vigil_error_clear(&err);
	if ((rc = vigil_fleet_findings(st, NULL, NULL, l.pos[0], true,
	    take_hit, &hs, &err)) < 0) {
		ex = rc == VIGIL_ENOMEM ? (cli_errorf("out of memory"),
		    CLI_EXIT_SYSTEM) : lcli_fail(NULL, rc, &err);
		goto done;
	}
	if (json && (arr = json_array()) == NULL) {
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	for (i = 0; i < hs.n; i++) {
		vigil_life_info *info = NULL;
		struct vexq vq;
		struct devs ds;

		if (vigil_life_info_load(&info, st, hs.h[i].model,
		    hs.h[i].release, NULL) < 0)
			info = NULL;
		vex_lookup(&vq, st, info ? vigil_life_info_vex_product(info) :
		    NULL, hs.h[i].purl, hs.h[i].vuln);
		vigil_life_info_free(info);
		ds.h = &hs.h[i];
		ds.arr = arr;
		ds.n = 0;
		ds.vq = &vq;
		if ((rc = vigil_fleet_devices(st, NULL, take_dev, &ds,
		    &err)) < 0) {
			ex = lcli_fail(NULL, rc, &err);
			goto done;
		}
		if (strcmp(vq.status, "not_affected") == 0 ||
		    strcmp(vq.status, "fixed") == 0)
			nnot += ds.n;
		ndev += ds.n;
		if (ds.n == 0 && !json)
			printf("-\t%s@%s\t(no installed device)\t\t%s\n",
			    hs.h[i].model, hs.h[i].release, hs.h[i].component);
	}
	if (json) {
		json_t *doc = json_pack("{s:s, s:o, s:I, s:I}",
		    "vulnerability", l.pos[0], "devices", arr, "count",
		    (json_int_t)ndev, "not_affected_by_vex", (json_int_t)nnot);

		arr = NULL;
		ex = doc == NULL || json_dumpf(doc, stdout, JSON_INDENT(2)) <
		    0 ? CLI_EXIT_SYSTEM : CLI_EXIT_OK;
		json_decref(doc);
		putchar('\n');
	} else {
		printf("%s: %zu installed device%s in %zu release finding%s"
		    "%s\n", l.pos[0], ndev, ndev == 1 ? "" : "s", hs.n,
		    hs.n == 1 ? "" : "s", nnot ? " (some covered by VEX)" : "");
	}
	if (ex == CLI_EXIT_OK && (ex = cli_finish_stdout()) == CLI_EXIT_OK)
		ex = ndev > nnot ? CLI_EXIT_FAIL : CLI_EXIT_OK;
done:
	json_decref(arr);
	hits_free(&hs);
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

static int
fleet_run(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc < 2)
			return cli_usage_error(CMD, "scan or affected expected");
		fleet_help(stdout);
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "scan") == 0)
		return fleet_scan(argc - 1, argv + 1);
	if (strcmp(argv[1], "affected") == 0)
		return fleet_affected(argc - 1, argv + 1);
	return cli_usage_error(CMD, "unknown subcommand '%s'", argv[1]);
}

const struct cli_cmd cli_cmd_fleet = {
	"fleet", "installed devices against the store: scan, affected",
	fleet_help, fleet_run
};
