/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil life: device life cycle (IMDRF N70) and the FDA metrics.
 *
 *   vigil life status    releases and installed devices by stage on a
 *                        date, transitions coming within a window,
 *                        components whose EOS comes before the device's,
 *                        devices past EOS without compensating controls
 *   vigil life metrics   share of vulnerabilities patched, mean time to
 *                        patch and to field, for a product
 */
#include <jansson.h>
#include <string.h>

#include "life_cli.h"

#define CMD "vigil life"
/* N70: notice at least two years ahead of EOS, transfer of
 * responsibility from two to three years before: a 3-year window. */
#define DEFAULT_WITHIN 1095
#define MAX_WITHIN 36500

static const struct cli_opt status_opts[] = {
	{"as-of", 'd', "DATE", "the day to assess (default today, UTC)"},
	{"within", 'w', "DAYS", "window for coming transitions (default "
	    "1095: N70's 3 years)"},
	{"format", 'f', "FORMAT", "text (default) or json"},
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else the user's)"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt metrics_opts[] = {
	{"format", 'f', "FORMAT", "text (default) or json"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};

static void
life_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil life status [-d DATE] [-w DAYS] [-f FORMAT]\n"
	    "       vigil life metrics MODEL [-f FORMAT]\n"
	    "\n"
	    "Device life cycle after IMDRF N70 (docs/life-cycle.md).\n"
	    "  status   every release and installed device with its stage\n"
	    "           (development, support, limited_support,\n"
	    "           end_of_support) and the reason; transitions within the\n"
	    "           window (EOL, EOS, the EOS notice due two years ahead,\n"
	    "           the transfer of responsibility three years ahead,\n"
	    "           component EOS); components whose EOS comes before the\n"
	    "           device's; devices past EOS lacking compensating\n"
	    "           controls (N70 Table 1)\n"
	    "  metrics  the FDA metrics for MODEL from its fleet scans: share\n"
	    "           of vulnerabilities patched, mean days from\n"
	    "           identification to patch and from patch to fielded\n"
	    "\n"
	    "Options of status:\n");
	cli_opt_print(fp, status_opts);
	fprintf(fp, "\nOptions of metrics:\n");
	cli_opt_print(fp, metrics_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok, 1 status: an installed device is past EOS\n"
	    "without reasonable compensating controls, 2 usage or invalid\n"
	    "input, 4 system error.  See vigil-life(1).\n");
}

/* ---- gathering ------------------------------------------------------------ */

struct rel {
	vigil_life_info *info;
	vigil_life_result res;
};

struct dev {
	char *serial, *model, *release, *site, *location;
	unsigned controls;
	struct rel *rel;
	vigil_life_result res;
};

struct fleet {
	struct rel *r;
	size_t nr;
	struct dev *d;
	size_t nd;
	int rc;
	vigil_store *st;
	vigil_error err;
};

static int
take_rel(void *p, const vigil_fleet_release *r)
{
	struct fleet *f = p;
	struct rel *nr;

	if ((nr = vgx_reallocarray(f->r, f->nr + 1, sizeof(*nr))) == NULL)
		return VIGIL_ENOMEM;
	f->r = nr;
	memset(&nr[f->nr], 0, sizeof(*nr));
	/* Loaded after the walk: one query at a time. */
	nr[f->nr].info = (vigil_life_info *)vgx_strdup(r->model);
	if (nr[f->nr].info == NULL)
		return VIGIL_ENOMEM;
	nr[f->nr].res.reason[0] = '\0';
	snprintf(nr[f->nr].res.reason, sizeof(nr[f->nr].res.reason), "%s",
	    r->release);
	f->nr++;
	return 0;
}

static int
take_dev(void *p, const vigil_fleet_device *d)
{
	struct fleet *f = p;
	struct dev *nd;

	if ((nd = vgx_reallocarray(f->d, f->nd + 1, sizeof(*nd))) == NULL)
		return VIGIL_ENOMEM;
	f->d = nd;
	nd = &nd[f->nd++];
	memset(nd, 0, sizeof(*nd));
	nd->serial = vgx_strdup(d->serial);
	nd->model = vgx_strdup(d->model);
	nd->release = vgx_strdup(d->release);
	nd->site = vgx_strdup(d->site);
	nd->location = d->location ? vgx_strdup(d->location) : NULL;
	nd->controls = d->controls;
	if (!nd->serial || !nd->model || !nd->release || !nd->site)
		return VIGIL_ENOMEM;
	return 0;
}

static void
fleet_free(struct fleet *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		vigil_life_info_free(f->r[i].info);
	vgx_free(f->r);
	for (i = 0; i < f->nd; i++) {
		vgx_free(f->d[i].serial);
		vgx_free(f->d[i].model);
		vgx_free(f->d[i].release);
		vgx_free(f->d[i].site);
		vgx_free(f->d[i].location);
	}
	vgx_free(f->d);
}

/* Load every release and device and evaluate them on AS_OF. */
static int
gather(struct fleet *f, int32_t as_of)
{
	size_t i, k;
	int rc;

	if ((rc = vigil_fleet_releases(f->st, NULL, take_rel, f, &f->err)) < 0 ||
	    (rc = vigil_fleet_devices(f->st, NULL, take_dev, f, &f->err)) < 0)
		return rc == VIGIL_ENOMEM ? vigil__error_oom(&f->err) : rc;
	for (i = 0; i < f->nr; i++) {
		char *model = (char *)f->r[i].info;
		char release[VIGIL_FLEET_MAX_STRING + 1];

		snprintf(release, sizeof(release), "%s", f->r[i].res.reason);
		f->r[i].info = NULL;
		rc = vigil_life_info_load(&f->r[i].info, f->st, model, release,
		    &f->err);
		if (rc < 0)
			vigil__error_prefix(&f->err, "%s@%s", model, release);
		vgx_free(model);
		if (rc < 0)
			return rc;
		if ((rc = vigil_life_info_eval(&f->r[i].res, f->r[i].info,
		    as_of, true, 0, &f->err)) < 0) {
			vigil__error_prefix(&f->err, "%s@%s",
			    vigil_life_info_release(f->r[i].info)->model,
			    release);
			return rc;
		}
	}
	for (k = 0; k < f->nd; k++) {
		for (i = 0; i < f->nr; i++) {
			const vigil_fleet_release *r =
			    vigil_life_info_release(f->r[i].info);

			if (strcmp(r->model, f->d[k].model) == 0 &&
			    strcmp(r->release, f->d[k].release) == 0)
				f->d[k].rel = &f->r[i];
		}
		if (f->d[k].rel == NULL)
			continue;	/* cannot happen: a foreign key */
		if ((rc = vigil_life_info_eval(&f->d[k].res,
		    f->d[k].rel->info, as_of, false, f->d[k].controls,
		    &f->err)) < 0)
			return rc;
	}
	return 0;
}

/* ---- status --------------------------------------------------------------- */

struct event {
	int32_t day;
	const char *what;	/* static */
	char subject[300];
};

static int
ev_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return strcmp(x->subject, y->subject);
}

#define MAX_EVENTS 100000

struct events {
	struct event *e;
	size_t n;
	bool oom;
};

/* SUBJECT is "MODEL@VERSION", or with COMP "COMP in MODEL@VERSION". */
static void
ev_add(struct events *ev, int32_t day, const char *what, const char *comp,
    const char *model, const char *version)
{
	struct event *ne;

	if (ev->n == MAX_EVENTS || ev->oom)
		return;
	if ((ne = vgx_reallocarray(ev->e, ev->n + 1, sizeof(*ne))) == NULL) {
		ev->oom = true;
		return;
	}
	ev->e = ne;
	ne = &ne[ev->n++];
	ne->day = day;
	ne->what = what;
	if (comp != NULL)
		snprintf(ne->subject, sizeof(ne->subject), "%s in %s@%s", comp,
		    model, version);
	else
		snprintf(ne->subject, sizeof(ne->subject), "%s@%s", model,
		    version);
}

static int32_t
dayof(const char *s)
{
	int32_t d;

	if (s == NULL || vigil_life_date_parse(&d, s, strlen(s), NULL) < 0)
		return VIGIL_LIFE_NODATE;
	return d;
}

/* Transitions in (AS_OF, AS_OF + WITHIN], and notices already due. */
static void
events(struct events *ev, const struct fleet *f, int32_t as_of,
    int32_t within)
{
	size_t i, k;

	for (i = 0; i < f->nr; i++) {
		const vigil_fleet_release *r =
		    vigil_life_info_release(f->r[i].info);
		const vigil_life_result *res = &f->r[i].res;
		int32_t eol = dayof(r->eol), eos = dayof(r->eos);

		if (eol != VIGIL_LIFE_NODATE && eol > as_of &&
		    eol <= as_of + within)
			ev_add(ev, eol, "EOL: limited support starts",
			    NULL, r->model, r->release);
		if (eos != VIGIL_LIFE_NODATE && eos > as_of &&
		    eos <= as_of + within)
			ev_add(ev, eos, "EOS: responsibility passes to the "
			    "healthcare provider", NULL, r->model,
			    r->release);
		if (eos != VIGIL_LIFE_NODATE && eos > as_of &&
		    res->notice_due <= as_of + within)
			ev_add(ev, res->notice_due, res->notice_due <= as_of ?
			    "EOS notice overdue (N70: at least 2 years "
			    "ahead)" : "EOS notice due (N70: at least 2 years "
			    "ahead)", NULL, r->model, r->release);
		if (eos != VIGIL_LIFE_NODATE && eos > as_of &&
		    res->transfer_start > as_of &&
		    res->transfer_start <= as_of + within)
			ev_add(ev, res->transfer_start, "transfer of "
			    "responsibility starts (N70: 2-3 years before "
			    "EOS)", NULL, r->model, r->release);
		for (k = 0; k < vigil_life_info_ncomponents(f->r[i].info);
		    k++) {
			const vigil_life_component *c =
			    vigil_life_info_component(f->r[i].info, k);

			if (c->eos != VIGIL_LIFE_NODATE && c->eos > as_of &&
			    c->eos <= as_of + within)
				ev_add(ev, c->eos, "component EOS", c->name,
				    r->model, r->release);
		}
	}
	if (ev->n > 1)
		qsort(ev->e, ev->n, sizeof(*ev->e), ev_cmp);
}

static json_t *
jday(int32_t d)
{
	char s[11];

	if (d == VIGIL_LIFE_NODATE)
		return json_null();
	vigil_life_date_format(s, d);
	return json_string(s);
}

static int
status_json(const struct fleet *f, const struct events *ev, int32_t as_of,
    int32_t within, size_t unprotected)
{
	json_t *doc, *rels, *devs, *evs, *early;
	size_t i, k;
	char s[11], buf[512];
	int rc;

	vigil_life_date_format(s, as_of);
	rels = json_array();
	devs = json_array();
	evs = json_array();
	early = json_array();
	for (i = 0; i < f->nr; i++) {
		const vigil_fleet_release *r =
		    vigil_life_info_release(f->r[i].info);
		const vigil_life_result *res = &f->r[i].res;

		json_array_append_new(rels, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:b}", "model",
		    r->model, "version", r->release, "stage",
		    vigil_life_stage_name(res->stage), "date_stage",
		    vigil_life_stage_name(res->date_stage), "reason",
		    res->reason, "eol", r->eol ? json_string(r->eol) :
		    json_null(), "eos", r->eos ? json_string(r->eos) :
		    json_null(), "notice_due", jday(res->notice_due),
		    "transfer_start", jday(res->transfer_start), "sbom",
		    json_boolean(vigil_life_info_has_sbom(f->r[i].info)),
		    "unsupported_components", (json_int_t)res->unsupported,
		    "protected", res->is_protected));
		for (k = 0; k < vigil_life_info_ncomponents(f->r[i].info);
		    k++) {
			const vigil_life_component *c =
			    vigil_life_info_component(f->r[i].info, k);

			if (c->eos != VIGIL_LIFE_NODATE && r->eos != NULL &&
			    c->eos < dayof(r->eos))
				json_array_append_new(early, json_pack("{s:s, "
				    "s:s, s:s, s:s?, s:o, s:s}", "model",
				    r->model, "version", r->release,
				    "component", c->name, "component_version",
				    c->version, "component_eos", jday(c->eos),
				    "device_eos", r->eos));
		}
	}
	for (i = 0; i < f->nd; i++) {
		const struct dev *d = &f->d[i];

		vigil_controls_format(buf, sizeof(buf),
		    vigil_life_missing_controls(d->controls), ",");
		json_array_append_new(devs, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:s, s:s, s:b, s:s}", "serial", d->serial, "model",
		    d->model, "version", d->release, "site", d->site, "stage",
		    vigil_life_stage_name(d->res.stage), "reason",
		    d->res.reason, "protected", d->res.is_protected,
		    "missing_controls", buf));
	}
	for (i = 0; i < ev->n; i++)
		json_array_append_new(evs, json_pack("{s:o, s:s, s:s}", "date",
		    jday(ev->e[i].day), "event", ev->e[i].what, "subject",
		    ev->e[i].subject));
	doc = json_pack("{s:s, s:i, s:o, s:o, s:o, s:o, s:I}", "as_of", s,
	    "within_days", (int)within, "releases", rels, "devices", devs,
	    "transitions", evs, "components_eos_before_device", early,
	    "unprotected_past_eos", (json_int_t)unprotected);
	rc = doc == NULL || json_dumpf(doc, stdout, JSON_INDENT(2)) < 0 ?
	    CLI_EXIT_SYSTEM : CLI_EXIT_OK;
	putchar('\n');
	json_decref(doc);
	return rc;
}

static void
status_text(const struct fleet *f, const struct events *ev, int32_t as_of,
    int32_t within)
{
	static const vigil_life_stage order[] = {VIGIL_LIFE_END_OF_SUPPORT,
		VIGIL_LIFE_LIMITED_SUPPORT, VIGIL_LIFE_SUPPORT,
		VIGIL_LIFE_DEVELOPMENT};
	char s[11], buf[512];
	size_t i, k, o, n;

	vigil_life_date_format(s, as_of);
	printf("Life cycle on %s (IMDRF N70)\n\nReleases by stage\n", s);
	for (o = 0; o < 4; o++)
		for (i = 0; i < f->nr; i++) {
			const vigil_fleet_release *r =
			    vigil_life_info_release(f->r[i].info);

			if (f->r[i].res.stage != order[o])
				continue;
			printf("  %-16s %s@%s: %s%s\n",
			    vigil_life_stage_name(order[o]), r->model,
			    r->release, f->r[i].res.reason,
			    vigil_life_info_has_sbom(f->r[i].info) ? "" :
			    " [no SBOM]");
		}
	printf("\nInstalled devices by stage\n");
	for (o = 0; o < 4; o++)
		for (i = 0; i < f->nd; i++) {
			if (f->d[i].res.stage != order[o])
				continue;
			printf("  %-16s %s (%s@%s, %s)\n",
			    vigil_life_stage_name(order[o]), f->d[i].serial,
			    f->d[i].model, f->d[i].release, f->d[i].site);
		}
	printf("\nComing within %d days\n", (int)within);
	if (ev->n == 0)
		printf("  nothing\n");
	for (i = 0; i < ev->n; i++) {
		vigil_life_date_format(s, ev->e[i].day);
		printf("  %s  %s: %s\n", s, ev->e[i].subject, ev->e[i].what);
	}
	printf("\nComponents whose EOS comes before the device's\n");
	n = 0;
	for (i = 0; i < f->nr; i++) {
		const vigil_fleet_release *r =
		    vigil_life_info_release(f->r[i].info);

		for (k = 0; k < vigil_life_info_ncomponents(f->r[i].info);
		    k++) {
			const vigil_life_component *c =
			    vigil_life_info_component(f->r[i].info, k);

			if (c->eos == VIGIL_LIFE_NODATE || r->eos == NULL ||
			    c->eos >= dayof(r->eos))
				continue;
			vigil_life_date_format(s, c->eos);
			printf("  %s@%s: %s%s%s EOS %s, device EOS %s%s\n",
			    r->model, r->release, c->name, c->version ? "@" :
			    "", c->version ? c->version : "", s, r->eos,
			    c->replaced_in ? " (replaced in a later release)" :
			    "");
			n++;
		}
	}
	if (n == 0)
		printf("  none\n");
	printf("\nPast EOS without reasonable compensating controls "
	    "(N70 Table 1)\n");
	n = 0;
	for (i = 0; i < f->nd; i++) {
		if (f->d[i].res.stage != VIGIL_LIFE_END_OF_SUPPORT ||
		    f->d[i].res.is_protected)
			continue;
		vigil_controls_format(buf, sizeof(buf),
		    vigil_life_missing_controls(f->d[i].controls), ",");
		printf("  %s (%s@%s, %s%s%s): missing %s\n", f->d[i].serial,
		    f->d[i].model, f->d[i].release, f->d[i].site,
		    f->d[i].location ? ", " : "", f->d[i].location ?
		    f->d[i].location : "", buf);
		n++;
	}
	if (n == 0)
		printf("  none\n");
}

static int
life_status(int argc, char **argv)
{
	struct lcli l;
	struct fleet f;
	struct events ev = {NULL, 0, false};
	int32_t as_of, within = DEFAULT_WITHIN;
	size_t i, unprotected = 0;
	bool json = false;
	int ex, rc;

	memset(&f, 0, sizeof(f));
	if ((ex = lcli_parse(&l, CMD, argc, argv, status_opts,
	    life_help)) >= 0)
		return ex;
	if (l.npos != 0) {
		ex = cli_usage_error(CMD, "status takes no arguments");
		goto done;
	}
	if ((ex = lcli_day(&as_of, l.val[0], "--as-of", CMD)) != 0)
		goto done;
	if (l.val[1] != NULL) {
		const char *v = l.val[1];
		uint64_t n;

		if (vgx_parse_uint(&v, v + strlen(v), MAX_WITHIN, &n) < 0 ||
		    *v != '\0') {
			ex = cli_usage_error(CMD, "--within takes days, 0 to "
			    "%d", MAX_WITHIN);
			goto done;
		}
		within = (int32_t)n;
	}
	if ((ex = lcli_format(&json, CMD, l.val[2])) != 0)
		goto done;
	if ((ex = lcli_store(&f.st, l.val[3], true)) != 0)
		goto done;
	vigil_error_clear(&f.err);
	if ((rc = gather(&f, as_of)) < 0) {
		ex = lcli_fail(NULL, rc, &f.err);
		goto done;
	}
	for (i = 0; i < f.nr; i++)
		if (!vigil_life_info_has_sbom(f.r[i].info))
			cli_warnf("%s@%s has no SBOM: its components' support "
			    "is unknown", vigil_life_info_release(
			    f.r[i].info)->model, vigil_life_info_release(
			    f.r[i].info)->release);
	events(&ev, &f, as_of, within);
	if (ev.oom) {
		cli_errorf("out of memory");
		ex = CLI_EXIT_SYSTEM;
		goto done;
	}
	for (i = 0; i < f.nd; i++)
		if (f.d[i].res.stage == VIGIL_LIFE_END_OF_SUPPORT &&
		    !f.d[i].res.is_protected)
			unprotected++;
	if (json)
		ex = status_json(&f, &ev, as_of, within, unprotected);
	else
		status_text(&f, &ev, as_of, within);
	if (ex == CLI_EXIT_OK && (ex = cli_finish_stdout()) == CLI_EXIT_OK &&
	    unprotected > 0)
		ex = CLI_EXIT_FAIL;
done:
	vgx_free(ev.e);
	fleet_free(&f);
	vigil_store_close(f.st);
	lcli_done(&l);
	return ex;
}

/* ---- metrics -------------------------------------------------------------- */

struct mrel {
	char *release;
	int32_t released;
	bool scanned;
};

struct mvuln {
	char *vuln;
	int32_t identified;
	size_t first_rel;	/* earliest release (in order) with it */
	unsigned char *in;	/* per release: current finding */
};

struct mctx {
	struct mrel *r;
	size_t nr;
	struct mvuln *v;
	size_t nv;
	size_t cur;		/* release being read */
	bool oom;
};

static int
m_rel(void *p, const vigil_fleet_release *r)
{
	struct mctx *m = p;
	struct mrel *nr;

	if ((nr = vgx_reallocarray(m->r, m->nr + 1, sizeof(*nr))) == NULL)
		return VIGIL_ENOMEM;
	m->r = nr;
	nr[m->nr].release = vgx_strdup(r->release);
	nr[m->nr].released = dayof(r->released);
	nr[m->nr].scanned = r->last_scan != NULL;
	m->nr++;
	return nr[m->nr - 1].release == NULL ? VIGIL_ENOMEM : 0;
}

static int
m_find(void *p, const vigil_fleet_finding *f)
{
	struct mctx *m = p;
	int32_t seen = dayof(f->first_seen);
	size_t i;

	for (i = 0; i < m->nv; i++)
		if (strcmp(m->v[i].vuln, f->vuln) == 0)
			break;
	if (i == m->nv) {
		struct mvuln *nv;

		if ((nv = vgx_reallocarray(m->v, m->nv + 1, sizeof(*nv))) ==
		    NULL)
			return VIGIL_ENOMEM;
		m->v = nv;
		nv[i].vuln = vgx_strdup(f->vuln);
		nv[i].identified = seen;
		nv[i].first_rel = m->cur;
		nv[i].in = vgx_calloc(m->nr, 1);
		m->nv++;
		if (nv[i].vuln == NULL || nv[i].in == NULL)
			return VIGIL_ENOMEM;
	}
	if (seen != VIGIL_LIFE_NODATE && seen < m->v[i].identified)
		m->v[i].identified = seen;
	if (f->current)
		m->v[i].in[m->cur] = 1;
	return 0;
}

struct mdev {
	struct mctx *m;
	const char *model;
	size_t vi;		/* the vulnerability asked about */
	bool still;		/* a device still runs an affected release */
	int32_t latest;		/* latest installation of a fixed release */
	size_t n;
};

static int
m_dev(void *p, const vigil_fleet_device *d)
{
	struct mdev *md = p;
	size_t i;

	if (strcmp(d->model, md->model) != 0)
		return 0;
	for (i = 0; i < md->m->nr; i++)
		if (strcmp(md->m->r[i].release, d->release) == 0)
			break;
	if (i == md->m->nr)
		return 0;
	md->n++;
	if (md->m->v[md->vi].in[i] || i < md->m->v[md->vi].first_rel) {
		md->still = true;
	} else {
		int32_t inst = dayof(d->installed);

		if (inst != VIGIL_LIFE_NODATE && (md->latest ==
		    VIGIL_LIFE_NODATE || inst > md->latest))
			md->latest = inst;
	}
	return 0;
}

static int
life_metrics(int argc, char **argv)
{
	struct lcli l;
	struct mctx m;
	vigil_store *st = NULL;
	vigil_life_vuln *lv = NULL;
	vigil_life_metrics out;
	vigil_error err;
	bool json = false;
	size_t i, k;
	int ex, rc;

	memset(&m, 0, sizeof(m));
	if ((ex = lcli_parse(&l, CMD, argc, argv, metrics_opts,
	    life_help)) >= 0)
		return ex;
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "metrics wants one MODEL");
		goto done;
	}
	if ((ex = lcli_format(&json, CMD, l.val[0])) != 0)
		goto done;
	if ((ex = lcli_store(&st, l.val[1], true)) != 0)
		goto done;
	vigil_error_clear(&err);
	if ((rc = vigil_fleet_releases(st, l.pos[0], m_rel, &m, &err)) < 0)
		goto fail;
	if (m.nr == 0) {
		cli_errorf("no releases of %s in the store", l.pos[0]);
		ex = CLI_EXIT_USAGE;
		goto done;
	}
	for (m.cur = 0; m.cur < m.nr; m.cur++)
		if ((rc = vigil_fleet_findings(st, l.pos[0],
		    m.r[m.cur].release, NULL, false, m_find, &m, &err)) < 0)
			goto fail;
	if (m.nv > 0 && (lv = vgx_calloc(m.nv, sizeof(*lv))) == NULL) {
		rc = VIGIL_ENOMEM;
		goto fail;
	}
	/*
	 * Patched: the first scanned release after the earliest affected
	 * one that no longer has it, on its release date (not before the
	 * vulnerability was identified).  Fielded: when no installed device
	 * runs an affected release any more, the latest installation date
	 * among the devices of the model.
	 */
	for (i = 0; i < m.nv; i++) {
		struct mdev md = {&m, l.pos[0], i, false, VIGIL_LIFE_NODATE,
			0};

		lv[i].identified = m.v[i].identified;
		lv[i].patched = lv[i].fielded = VIGIL_LIFE_NODATE;
		for (k = m.v[i].first_rel + 1; k < m.nr; k++)
			if (m.r[k].scanned && !m.v[i].in[k] &&
			    m.r[k].released != VIGIL_LIFE_NODATE) {
				lv[i].patched = m.r[k].released <
				    lv[i].identified ? lv[i].identified :
				    m.r[k].released;
				break;
			}
		if (lv[i].patched == VIGIL_LIFE_NODATE)
			continue;
		if ((rc = vigil_fleet_devices(st, NULL, m_dev, &md, &err)) < 0)
			goto fail;
		if (!md.still && md.n > 0)
			lv[i].fielded = md.latest == VIGIL_LIFE_NODATE ||
			    md.latest < lv[i].patched ? lv[i].patched :
			    md.latest;
	}
	if ((rc = vigil_life_metrics_compute(&out, lv, m.nv, &err)) < 0)
		goto fail;
	if (json) {
		json_t *doc = json_pack("{s:s, s:I, s:I, s:I, s:f, s:o, s:o}",
		    "model", l.pos[0], "vulnerabilities", (json_int_t)out.vulns,
		    "patched", (json_int_t)out.patched, "fielded",
		    (json_int_t)out.fielded, "share_patched",
		    out.share_patched, "mean_days_to_patch",
		    out.mean_to_patch < 0 ? json_null() :
		    json_real(out.mean_to_patch), "mean_days_to_field",
		    out.mean_to_field < 0 ? json_null() :
		    json_real(out.mean_to_field));

		ex = doc == NULL || json_dumpf(doc, stdout, JSON_INDENT(2) |
		    JSON_REAL_PRECISION(6)) < 0 ? CLI_EXIT_SYSTEM : 0;
		putchar('\n');
		json_decref(doc);
	} else {
		printf("%s: %zu vulnerabilities found by fleet scans\n",
		    l.pos[0], out.vulns);
		printf("  patched\t\t%zu (%.1f%%)\n", out.patched,
		    out.share_patched * 100.0);
		if (out.mean_to_patch >= 0)
			printf("  mean time to patch\t%.1f days\n",
			    out.mean_to_patch);
		else
			printf("  mean time to patch\t-\n");
		printf("  fielded\t\t%zu\n", out.fielded);
		if (out.mean_to_field >= 0)
			printf("  mean time to field\t%.1f days\n",
			    out.mean_to_field);
		else
			printf("  mean time to field\t-\n");
	}
	if (ex == CLI_EXIT_OK)
		ex = cli_finish_stdout();
	goto done;
fail:
	if (rc == VIGIL_ENOMEM) {
		cli_errorf("out of memory");
		ex = CLI_EXIT_SYSTEM;
	} else {
		ex = lcli_fail(NULL, rc, &err);
	}
done:
	vgx_free(lv);
	for (i = 0; i < m.nr; i++)
		vgx_free(m.r[i].release);
	vgx_free(m.r);
	for (i = 0; i < m.nv; i++) {
		vgx_free(m.v[i].vuln);
		vgx_free(m.v[i].in);
	}
	vgx_free(m.v);
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

static int
life_run(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(CMD, "status or metrics expected");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		life_help(stdout);
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "status") == 0)
		return life_status(argc - 1, argv + 1);
	if (strcmp(argv[1], "metrics") == 0)
		return life_metrics(argc - 1, argv + 1);
	return cli_usage_error(CMD, "unknown subcommand '%s'", argv[1]);
}

const struct cli_cmd cli_cmd_life = {
	"life", "device life cycle (IMDRF N70): stages, transitions, metrics",
	life_help, life_run
};
