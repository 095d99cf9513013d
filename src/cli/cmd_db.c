/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `vigil db`: the knowledge base.  import (files and directories of OSV,
 * NVD, KEV and EPSS data), update (download from the feeds or a mirror),
 * status (counts, last update, snapshot id) and show (one vulnerability,
 * merged over its aliases).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

#define MAX_SOURCES 64

static const struct cli_opt import_opts[] = {
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else "
	    "$XDG_DATA_HOME/vigil/vigil.db)"},
	{"batch", 0, "N", "records per transaction (default 2000)"},
	{"quiet", 'q', NULL, "print only errors"},
	{"require-signature", 0, NULL, "refuse a PATH without a valid "
	    "PATH.minisig by a trusted key"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt update_opts[] = {
	{"db", 0, "PATH", "the store"},
	{"source", 's', "SRC", "osv:ECOSYSTEM, nvd, kev or epss (repeatable; "
	    "default: nvd, kev, epss and the config's sources)"},
	{"mirror", 0, "URL", "fetch every feed from this base URL"},
	{"config", 0, "FILE", "feed settings (default "
	    "$XDG_CONFIG_HOME/vigil/feeds.conf)"},
	{"retries", 0, "N", "extra attempts after a failed transfer "
	    "(default 4)"},
	{"cache", 0, "DIR", "where partial downloads are kept"},
	{"quiet", 'q', NULL, "print only errors"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt status_opts[] = {
	{"db", 0, "PATH", "the store"},
	{"format", 'f', "FMT", "text (default) or json"},
	{"sources", 0, NULL, "also list every recorded import source"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt show_opts[] = {
	{"db", 0, "PATH", "the store"},
	{"format", 'f', "FMT", "text (default) or json"},
	{NULL, 0, NULL, NULL}
};

static void
db_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil db import [--db PATH] [-q] PATH...\n"
	    "       vigil db update [--db PATH] [--source SRC]... "
	    "[--mirror URL] [--config FILE]\n"
	    "       vigil db status [--db PATH] [--format text|json] "
	    "[--sources]\n"
	    "       vigil db show [--db PATH] [--format text|json] ID\n"
	    "\n"
	    "The knowledge base: OSV, NVD, CISA KEV and EPSS data in one\n"
	    "store.  import finds each file's kind from its content (OSV\n"
	    "record, array, directory or all.zip; NVD API 2.0 page or record;\n"
	    "KEV catalog; EPSS CSV, plain or gzip).  update downloads them.\n"
	    "\nimport options:\n");
	cli_opt_print(fp, import_opts);
	fprintf(fp, "\nupdate options:\n");
	cli_opt_print(fp, update_opts);
	fprintf(fp, "\nstatus options:\n");
	cli_opt_print(fp, status_opts);
	fprintf(fp, "\nshow options:\n");
	cli_opt_print(fp, show_opts);
	fprintf(fp,
	    "\nExit status: 0 ok; 2 usage error, an unreadable input, or some\n"
	    "records rejected (the others are imported); 4 store or network\n"
	    "failure.  See vigil-db(1).\n");
}

/* ---- shared ---------------------------------------------------------------- */

static int
open_store(vigil_store **st, const char *path, unsigned flags)
{
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_store_open(st, path, flags, &err)) < 0) {
		cli_error_print(NULL, &err);
		return rc == VIGIL_EIO || rc == VIGIL_EDB ? CLI_EXIT_SYSTEM :
		    cli_exit_for(rc);
	}
	return 0;
}

static bool
parse_format(const char *v, vigil_store_format *out)
{
	if (strcmp(v, "text") == 0)
		*out = VIGIL_STORE_TEXT;
	else if (strcmp(v, "json") == 0)
		*out = VIGIL_STORE_JSON;
	else
		return false;
	return true;
}

struct progress {
	bool tty;
	bool quiet;
	time_t last;
	bool shown;
};

static void
on_reject(void *payload, const char *file, const char *id,
    const vigil_error *err)
{
	vigil_error e = *err;
	vgx_buf b;

	vgx_buf_init(&b, sizeof(e.msg) - 1);
	if (id != NULL && vgx_buf_printf(&b, "%.100s: %s", id, err->msg) == 0)
		memcpy(e.msg, b.ptr, b.len + 1);
	vgx_buf_dispose(&b);
	if (((struct progress *)payload)->shown) {
		fputs("\r\033[K", stderr);
		((struct progress *)payload)->shown = false;
	}
	cli_error_print(file, &e);
}

static void
on_progress(void *payload, const char *file, uint64_t records, uint64_t done,
    uint64_t total)
{
	struct progress *pr = payload;
	time_t now;

	if (!pr->tty || pr->quiet)
		return;
	now = time(NULL);
	if (now == pr->last)
		return;
	pr->last = now;
	if (total > 0 && done <= total) {
		unsigned pct = (unsigned)(done * 100 / total);
		char bar[21];
		unsigned i;

		for (i = 0; i < 20; i++)
			bar[i] = i < pct / 5 ? '#' : '.';
		bar[20] = '\0';
		fprintf(stderr, "\r\033[K[%s] %3u%% %llu records  %.40s", bar,
		    pct, (unsigned long long)records, file);
	} else {
		fprintf(stderr, "\r\033[K%llu records  %.50s",
		    (unsigned long long)records, file);
	}
	pr->shown = true;
	fflush(stderr);
}

static void
progress_done(struct progress *pr)
{
	if (pr->shown)
		fputs("\r\033[K", stderr);
	pr->shown = false;
}

static void
print_stats(const char *what, const vigil_feed_stats *s)
{
	printf("%s: %llu added, %llu updated, %llu withdrawn, %llu unchanged, "
	    "%llu rejected\n", what, (unsigned long long)s->added,
	    (unsigned long long)s->updated, (unsigned long long)s->withdrawn,
	    (unsigned long long)s->unchanged,
	    (unsigned long long)s->rejected);
}

static bool
parse_count(const char *v, uint64_t max, uint64_t *out)
{
	const char *p = v;

	return vgx_parse_uint(&p, v + strlen(v), max, out) == 0 && *p == '\0' &&
	    *out > 0;
}

/* ---- import ------------------------------------------------------------------ */

static int
db_import(int argc, char **argv)
{
	struct cli_parser p;
	vigil_feed_opts opts = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats total;
	struct progress pr;
	const char *dbpath = NULL, *val;
	vigil_store *st = NULL;
	vigil_store_status status;
	vigil_error err;
	uint64_t n;
	bool require_sig = false;
	int k, i, rc, ex = CLI_EXIT_OK;

	memset(&pr, 0, sizeof(pr));
	memset(&total, 0, sizeof(total));
	if (cli_parser_init(&p, "vigil db import", argc, argv, 1,
	    import_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			db_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		if (strcmp(import_opts[k].lng, "db") == 0)
			dbpath = val;
		else if (strcmp(import_opts[k].lng, "quiet") == 0)
			pr.quiet = true;
		else if (strcmp(import_opts[k].lng, "require-signature") == 0)
			require_sig = true;
		else if (strcmp(import_opts[k].lng, "batch") == 0) {
			if (!parse_count(val, 10000000, &n)) {
				cli_parser_dispose(&p);
				return cli_usage_error("db import",
				    "--batch: not a count: %s", val);
			}
			opts.batch = (size_t)n;
		}
	}
	if (p.npos == 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("db import", "no PATH to import");
	}
	if (require_sig &&
	    (ex = cli_require_signatures(p.pos, p.npos)) != CLI_EXIT_OK) {
		cli_parser_dispose(&p);
		return ex;
	}
	if ((rc = open_store(&st, dbpath, 0)) != 0) {
		cli_parser_dispose(&p);
		return rc;
	}
	pr.tty = cli_isatty(stderr);
	opts.reject = on_reject;
	opts.progress = on_progress;
	opts.payload = &pr;
	for (i = 0; i < p.npos; i++) {
		vigil_feed_stats s;

		memset(&s, 0, sizeof(s));
		vigil_error_clear(&err);
		rc = vigil_feed_import_path(&s, st, p.pos[i], &opts, &err);
		progress_done(&pr);
		if (rc < 0) {
			/* An input that cannot be read or is not a feed is
			 * bad input (2); the store failing is a system
			 * error (4) and ends the import. */
			bool input = rc == VIGIL_EINVALID ||
			    rc == VIGIL_ETOOBIG || rc == VIGIL_EIO;

			cli_error_print(rc == VIGIL_EIO ? NULL : p.pos[i], &err);
			k = input ? CLI_EXIT_USAGE : cli_exit_for(rc);
			if (k > ex)
				ex = k;
			if (!input)
				break;
			continue;
		}
		if (!pr.quiet)
			print_stats(p.pos[i], &s);
		total.added += s.added;
		total.updated += s.updated;
		total.withdrawn += s.withdrawn;
		total.unchanged += s.unchanged;
		total.rejected += s.rejected;
	}
	if (p.npos > 1 && !pr.quiet)
		print_stats("total", &total);
	if (ex < CLI_EXIT_SYSTEM && !pr.quiet &&
	    vigil_store_status_get(&status, st, &err) == 0)
		printf("snapshot: %s\n", status.snapshot);
	if (total.rejected > 0 && ex == CLI_EXIT_OK) {
		cli_errorf("%llu record%s rejected",
		    (unsigned long long)total.rejected,
		    total.rejected == 1 ? "" : "s");
		ex = CLI_EXIT_USAGE;
	}
	vigil_store_close(st);
	cli_parser_dispose(&p);
	rc = cli_finish_stdout();
	return rc != 0 ? rc : ex;
}

/* ---- update ------------------------------------------------------------------ */

struct config {
	char *mirror, *osv, *osv_modified, *osv_record, *nvd, *kev, *epss;
	char *api_key, *sources;
};

static void
config_free(struct config *c)
{
	free(c->mirror);
	free(c->osv);
	free(c->osv_modified);
	free(c->osv_record);
	free(c->nvd);
	free(c->kev);
	free(c->epss);
	free(c->api_key);
	free(c->sources);
}

static char *
trim(char *s)
{
	char *e;

	while (vgx_isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && vgx_isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Read FILE ("key = value" lines, '#' comments).  A missing default file
 * is fine; a missing named one is not. */
static int
config_read(struct config *c, const char *file, bool named)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{"mirror", offsetof(struct config, mirror)},
		{"osv_url", offsetof(struct config, osv)},
		{"osv_modified_url", offsetof(struct config, osv_modified)},
		{"osv_record_url", offsetof(struct config, osv_record)},
		{"nvd_url", offsetof(struct config, nvd)},
		{"kev_url", offsetof(struct config, kev)},
		{"epss_url", offsetof(struct config, epss)},
		{"nvd_api_key", offsetof(struct config, api_key)},
		{"sources", offsetof(struct config, sources)},
	};
	FILE *fp = fopen(file, "r");
	vgx_buf line;
	vigil_error err;
	unsigned long ln = 0;
	int r;
	size_t i;

	if (fp == NULL) {
		if (!named)
			return 0;
		cli_errorf("%s: cannot open", file);
		return CLI_EXIT_USAGE;
	}
	vgx_buf_init(&line, 8192);
	while ((r = vgx_getline(&line, fp, &err)) == 1) {
		char *s = (char *)vgx_buf_cstr(&line), *eq, *k, *v;
		char **slot = NULL;

		ln++;
		s = trim(s);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			cli_errorf("%s:%lu: expected 'key = value'", file, ln);
			goto bad;
		}
		*eq = '\0';
		k = trim(s);
		v = trim(eq + 1);
		for (i = 0; i < VGX_ARRAY_SIZE(keys); i++)
			if (strcmp(k, keys[i].key) == 0)
				slot = (char **)((char *)c + keys[i].off);
		if (slot == NULL) {
			cli_errorf("%s:%lu: unknown key '%s'", file, ln, k);
			goto bad;
		}
		free(*slot);
		if ((*slot = strdup(v)) == NULL) {
			cli_errorf("out of memory");
			goto bad;
		}
	}
	vgx_buf_dispose(&line);
	fclose(fp);
	if (r < 0) {
		cli_error_print(file, &err);
		return CLI_EXIT_USAGE;
	}
	return 0;
bad:
	vgx_buf_dispose(&line);
	fclose(fp);
	return CLI_EXIT_USAGE;
}

static int
parse_source(vigil_feed_source *out, const char *s)
{
	out->ecosystem = NULL;
	if (strcmp(s, "nvd") == 0)
		out->kind = VIGIL_FEED_NVD;
	else if (strcmp(s, "kev") == 0)
		out->kind = VIGIL_FEED_KEV;
	else if (strcmp(s, "epss") == 0)
		out->kind = VIGIL_FEED_EPSS;
	else if (strncmp(s, "osv:", 4) == 0 && s[4] != '\0') {
		out->kind = VIGIL_FEED_OSV;
		out->ecosystem = s + 4;
	} else
		return -1;
	return 0;
}

static int
db_update(int argc, char **argv)
{
	struct cli_parser p;
	vigil_feed_update_opts uo = VIGIL_FEED_UPDATE_OPTS_INIT;
	vigil_feed_source srcs[MAX_SOURCES];
	const char *srcnames[MAX_SOURCES];
	struct config cfg;
	struct progress pr;
	const char *dbpath = NULL, *val, *cfgfile = NULL, *mirror = NULL;
	char *cfgdef = NULL, *words = NULL, *w;
	vigil_store *st = NULL;
	vigil_store_status status;
	vigil_error err;
	uint64_t n;
	size_t nsrc = 0, i;
	int k, rc, ex = CLI_EXIT_OK;
	bool rejected = false;

	memset(&cfg, 0, sizeof(cfg));
	memset(&pr, 0, sizeof(pr));
	if (cli_parser_init(&p, "vigil db update", argc, argv, 1,
	    update_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		const char *o;

		if (k == CLI_OPT_HELP) {
			db_help(stdout);
			ex = cli_finish_stdout();
			goto out;
		}
		if (k == CLI_OPT_ERROR) {
			ex = CLI_EXIT_USAGE;
			goto out;
		}
		o = update_opts[k].lng;
		if (strcmp(o, "db") == 0)
			dbpath = val;
		else if (strcmp(o, "quiet") == 0)
			pr.quiet = true;
		else if (strcmp(o, "mirror") == 0)
			mirror = val;
		else if (strcmp(o, "config") == 0)
			cfgfile = val;
		else if (strcmp(o, "cache") == 0)
			uo.cache_dir = val;
		else if (strcmp(o, "retries") == 0) {
			if (!parse_count(val, 100, &n) && strcmp(val, "0") != 0) {
				ex = cli_usage_error("db update",
				    "--retries: not a count: %s", val);
				goto out;
			}
			uo.retries = strcmp(val, "0") == 0 ? 0 : (unsigned)n;
		} else if (strcmp(o, "source") == 0) {
			if (nsrc == MAX_SOURCES ||
			    parse_source(&srcs[nsrc], val) < 0) {
				ex = cli_usage_error("db update",
				    "--source: expected osv:ECOSYSTEM, nvd, kev "
				    "or epss, not '%s'", val);
				goto out;
			}
			srcnames[nsrc++] = val;
		}
	}
	if (p.npos > 0) {
		ex = cli_usage_error("db update", "unexpected argument '%s'",
		    p.pos[0]);
		goto out;
	}
	if (cfgfile == NULL) {
		const char *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
		vgx_buf b;

		vgx_buf_init(&b, 4096);
		if (x != NULL && *x == '/')
			vgx_buf_printf(&b, "%s/vigil/feeds.conf", x);
		else if (h != NULL)
			vgx_buf_printf(&b, "%s/.config/vigil/feeds.conf", h);
		cfgdef = vgx_buf_take(&b, NULL);
	}
	if ((cfgfile != NULL || cfgdef != NULL) &&
	    (ex = config_read(&cfg, cfgfile != NULL ? cfgfile : cfgdef,
	    cfgfile != NULL)) != 0)
		goto out;
	if (nsrc == 0) {
		static const char *const def[] = {"nvd", "kev", "epss"};

		for (i = 0; i < VGX_ARRAY_SIZE(def); i++) {
			parse_source(&srcs[nsrc], def[i]);
			srcnames[nsrc++] = def[i];
		}
		if (cfg.sources != NULL && (words = strdup(cfg.sources)) !=
		    NULL) {
			/* Split on blanks and commas, in place. */
			for (w = words; *w != '\0'; ) {
				char *e = w + strcspn(w, " \t,");
				bool last = *e == '\0';

				*e = '\0';
				if (strncmp(w, "osv:", 4) != 0) {
					w = last ? e : e + 1;
					continue;
				}
				if (nsrc == MAX_SOURCES ||
				    parse_source(&srcs[nsrc], w) < 0)
					break;
				srcnames[nsrc++] = w;
				w = last ? e : e + 1;
			}
		}
	}
	uo.urls.mirror = mirror != NULL ? mirror : cfg.mirror;
	uo.urls.osv = cfg.osv;
	uo.urls.osv_modified = cfg.osv_modified;
	uo.urls.osv_record = cfg.osv_record;
	uo.urls.nvd = cfg.nvd;
	uo.urls.kev = cfg.kev;
	uo.urls.epss = cfg.epss;
	uo.urls.nvd_api_key = cfg.api_key != NULL ? cfg.api_key :
	    getenv("NVD_API_KEY");
	if (getenv("VIGIL_BACKOFF_MS") != NULL &&
	    parse_count(getenv("VIGIL_BACKOFF_MS"), 600000, &n))
		uo.backoff_ms = (unsigned)n;
	if ((ex = open_store(&st, dbpath, 0)) != 0)
		goto out;
	pr.tty = cli_isatty(stderr);
	uo.import.reject = on_reject;
	uo.import.progress = on_progress;
	uo.import.payload = &pr;
	for (i = 0; i < nsrc; i++) {
		vigil_feed_stats s;
		int nm = 0;

		memset(&s, 0, sizeof(s));
		vigil_error_clear(&err);
		rc = vigil_feed_update(&s, &nm, st, &srcs[i], &uo, &err);
		progress_done(&pr);
		if (rc < 0) {
			cli_error_print(srcnames[i], &err);
			if (cli_exit_for(rc) > ex)
				ex = cli_exit_for(rc);
			continue;
		}
		if (s.rejected > 0)
			rejected = true;
		if (pr.quiet)
			continue;
		if (nm)
			printf("%s: not modified\n", srcnames[i]);
		else
			print_stats(srcnames[i], &s);
	}
	if (!pr.quiet && vigil_store_status_get(&status, st, &err) == 0)
		printf("snapshot: %s\n", status.snapshot);
	if (rejected && ex == CLI_EXIT_OK) {
		cli_errorf("some records were rejected");
		ex = CLI_EXIT_USAGE;
	}
	rc = cli_finish_stdout();
	if (rc != 0)
		ex = rc;
out:
	vigil_store_close(st);
	config_free(&cfg);
	free(words);
	vgx_free(cfgdef);
	cli_parser_dispose(&p);
	return ex;
}

/* ---- status, show -------------------------------------------------------------- */

static int
print_source(void *payload, const vigil_store_source *s)
{
	(void)payload;
	printf("  %s %s %lld bytes sha256:%s%s%s %s: %llu added, %llu updated, "
	    "%llu withdrawn, %llu unchanged, %llu rejected\n", s->kind,
	    s->location, (long long)s->size, s->sha256,
	    s->etag[0] ? " etag:" : "", s->etag, s->imported,
	    (unsigned long long)s->added, (unsigned long long)s->updated,
	    (unsigned long long)s->withdrawn,
	    (unsigned long long)s->unchanged,
	    (unsigned long long)s->rejected);
	return 0;
}

static void
json_str(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int
db_status(int argc, char **argv)
{
	struct cli_parser p;
	vigil_store_format fmt = VIGIL_STORE_TEXT;
	const char *dbpath = NULL, *val;
	vigil_store *st = NULL;
	vigil_store_status s;
	vigil_error err;
	bool sources = false;
	int k, rc;

	if (cli_parser_init(&p, "vigil db status", argc, argv, 1,
	    status_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			db_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		if (strcmp(status_opts[k].lng, "db") == 0)
			dbpath = val;
		else if (strcmp(status_opts[k].lng, "sources") == 0)
			sources = true;
		else if (!parse_format(val, &fmt)) {
			cli_parser_dispose(&p);
			return cli_usage_error("db status",
			    "--format: expected text or json, not '%s'", val);
		}
	}
	if (p.npos > 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("db status", "unexpected argument '%s'",
		    p.pos[0]);
	}
	cli_parser_dispose(&p);
	if ((rc = open_store(&st, dbpath, VIGIL_STORE_READONLY)) != 0)
		return rc;
	vigil_error_clear(&err);
	if ((rc = vigil_store_status_get(&s, st, &err)) < 0) {
		cli_error_print(NULL, &err);
		vigil_store_close(st);
		return CLI_EXIT_SYSTEM;
	}
	if (fmt == VIGIL_STORE_JSON) {
		printf("{\"snapshot\": \"%s\", \"schema\": %u, "
		    "\"vulnerabilities\": %llu, \"sources\": {\"osv\": %llu, "
		    "\"nvd\": %llu, \"kev\": %llu, \"epss\": %llu}, "
		    "\"osv_withdrawn\": %llu, \"imports\": %llu, "
		    "\"last_update\": ", s.snapshot, s.schema,
		    (unsigned long long)s.vulnerabilities,
		    (unsigned long long)s.osv, (unsigned long long)s.nvd,
		    (unsigned long long)s.kev, (unsigned long long)s.epss,
		    (unsigned long long)s.osv_withdrawn,
		    (unsigned long long)s.imports);
		if (s.last_update[0])
			json_str(s.last_update);
		else
			fputs("null", stdout);
		fputs(", \"last_import\": {", stdout);
		{
			static const char *const kinds[] = {"osv", "nvd", "kev",
			    "epss"};
			int i;

			for (i = 0; i < 4; i++) {
				printf("%s\"%s\": ", i ? ", " : "", kinds[i]);
				if (s.last_import[i][0])
					json_str(s.last_import[i]);
				else
					fputs("null", stdout);
			}
		}
		fputs("}, \"kev_version\": ", stdout);
		json_str(s.kev_version);
		fputs(", \"epss_model\": ", stdout);
		json_str(s.epss_model);
		fputs(", \"epss_date\": ", stdout);
		json_str(s.epss_date);
		fputs("}\n", stdout);
	} else {
		printf("snapshot: %s\nvulnerabilities: %llu\n"
		    "osv: %llu (%llu withdrawn)\nnvd: %llu\nkev: %llu%s%s%s\n"
		    "epss: %llu%s%s%s%s%s\nimports: %llu\nlast update: %s\n"
		    "last import: osv %s, nvd %s, kev %s, epss %s\n",
		    s.snapshot, (unsigned long long)s.vulnerabilities,
		    (unsigned long long)s.osv,
		    (unsigned long long)s.osv_withdrawn,
		    (unsigned long long)s.nvd, (unsigned long long)s.kev,
		    s.kev_version[0] ? " (catalog " : "", s.kev_version,
		    s.kev_version[0] ? ")" : "",
		    (unsigned long long)s.epss,
		    s.epss_model[0] ? " (model " : "", s.epss_model,
		    s.epss_date[0] ? ", " : "", s.epss_date,
		    s.epss_model[0] ? ")" : "",
		    (unsigned long long)s.imports,
		    s.last_update[0] ? s.last_update : "never",
		    s.last_import[0][0] ? s.last_import[0] : "never",
		    s.last_import[1][0] ? s.last_import[1] : "never",
		    s.last_import[2][0] ? s.last_import[2] : "never",
		    s.last_import[3][0] ? s.last_import[3] : "never");
		if (sources &&
		    vigil_store_sources(st, print_source, NULL, &err) < 0) {
			cli_error_print(NULL, &err);
			vigil_store_close(st);
			return CLI_EXIT_SYSTEM;
		}
	}
	vigil_store_close(st);
	return cli_finish_stdout();
}

static int
db_show(int argc, char **argv)
{
	struct cli_parser p;
	vigil_store_format fmt = VIGIL_STORE_TEXT;
	const char *dbpath = NULL, *val;
	vigil_store *st = NULL;
	vigil_error err;
	char *out = NULL;
	int k, rc;

	if (cli_parser_init(&p, "vigil db show", argc, argv, 1, show_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			db_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		if (strcmp(show_opts[k].lng, "db") == 0)
			dbpath = val;
		else if (!parse_format(val, &fmt)) {
			cli_parser_dispose(&p);
			return cli_usage_error("db show",
			    "--format: expected text or json, not '%s'", val);
		}
	}
	if (p.npos != 1) {
		cli_parser_dispose(&p);
		return cli_usage_error("db show", "expected one ID");
	}
	if ((rc = open_store(&st, dbpath, VIGIL_STORE_READONLY)) != 0) {
		cli_parser_dispose(&p);
		return rc;
	}
	vigil_error_clear(&err);
	rc = vigil_store_show(&out, st, p.pos[0], fmt, &err);
	if (rc < 0) {
		cli_error_print(NULL, &err);
		rc = rc == VIGIL_ENOTFOUND ? CLI_EXIT_FAIL : cli_exit_for(rc);
	} else {
		fputs(out, stdout);
		if (out[0] != '\0' && out[strlen(out) - 1] != '\n')
			putchar('\n');
		rc = cli_finish_stdout();
	}
	vigil_store_string_free(out);
	vigil_store_close(st);
	cli_parser_dispose(&p);
	return rc;
}

static int
db_run(int argc, char **argv)
{
	if (argc < 2) {
		db_help(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		db_help(stdout);
		return cli_finish_stdout();
	}
	if (strcmp(argv[1], "import") == 0)
		return db_import(argc - 1, argv + 1);
	if (strcmp(argv[1], "update") == 0)
		return db_update(argc - 1, argv + 1);
	if (strcmp(argv[1], "status") == 0)
		return db_status(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return db_show(argc - 1, argv + 1);
	return cli_usage_error("db", "no subcommand '%s'", argv[1]);
}

const struct cli_cmd cli_cmd_db = {
	"db", "the knowledge base: import, update, status, show", db_help,
	db_run
};
