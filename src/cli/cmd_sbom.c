/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil sbom: check, convert, diff, merge and generate software bills of
 * materials (CycloneDX, SPDX).  See vigil-sbom(1) and docs/sbom.md.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_opt check_opts[] = {
	{ "profile", 'p', "NAME", "none, ntia (default), fda, imdrf or all" },
	{ "format", 'f', "FMT", "text (default) or json" },
	{ "max-failed", 0, "N", "failing components listed per check (10)" },
	{ "schema-dir", 0, "DIR", "official CycloneDX schema folder "
	    "(default $VIGIL_SCHEMA_DIR)" },
	{ "require-signature", 0, NULL, "refuse a FILE without a valid "
	    "FILE.minisig by a trusted key" },
	{ NULL, 0, NULL, NULL }
};
static const struct cli_opt convert_opts[] = {
	{ "to", 't', "FMT", "cyclonedx-json, cyclonedx-xml, spdx-json, "
	    "spdx-tv" },
	{ "output", 'o', "FILE", "write here instead of standard output" },
	{ NULL, 0, NULL, NULL }
};
static const struct cli_opt diff_opts[] = {
	{ "format", 'f', "FMT", "text (default) or json" },
	{ NULL, 0, NULL, NULL }
};
static const struct cli_opt merge_opts[] = {
	{ "subject", 's', "NAME@VERSION", "the device system (required)" },
	{ "to", 't', "FMT", "output format (cyclonedx-json)" },
	{ "output", 'o', "FILE", "write here instead of standard output" },
	{ NULL, 0, NULL, NULL }
};
static const struct cli_opt gen_opts[] = {
	{ "rootfs", 'r', "DIR", "root file system (dpkg, apk, os-release)" },
	{ "dpkg-status", 0, "FILE", "a dpkg status file" },
	{ "apk-installed", 0, "FILE", "an apk installed database" },
	{ "os-release", 0, "FILE", "os-release file for the distro" },
	{ "manifest", 'm', "FILE", "a CSV manifest (see vigil-sbom(1))" },
	{ "name", 0, "NAME", "the device's name" },
	{ "version", 0, "VERSION", "the device's software version" },
	{ "supplier", 0, "NAME", "the device's manufacturer" },
	{ "timestamp", 0, "TIME", "creation time (ISO 8601); default none" },
	{ "to", 't', "FMT", "output format (cyclonedx-json)" },
	{ "output", 'o', "FILE", "write here instead of standard output" },
	{ NULL, 0, NULL, NULL }
};

static void
sbom_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil sbom check FILE... [--profile none|ntia|fda|imdrf|all]"
	    " [--format text|json]\n"
	    "       vigil sbom convert IN --to FMT [-o OUT]\n"
	    "       vigil sbom diff OLD NEW [--format text|json]\n"
	    "       vigil sbom merge A B... --subject NAME@VERSION [-o OUT]\n"
	    "       vigil sbom generate (--rootfs DIR | --dpkg-status FILE |\n"
	    "           --apk-installed FILE | --manifest FILE.csv) [-o OUT]\n"
	    "\n"
	    "Read CycloneDX 1.2-1.6 (JSON, XML), SPDX 2.2/2.3 (JSON, "
	    "tag-value)\nand SPDX 3.0 JSON-LD; the format is detected from the "
	    "content.\nWrite CycloneDX 1.6 (JSON, XML) and SPDX 2.3 (JSON, "
	    "tag-value).\n"
	    "\ncheck: validity (vigil's strict structural checks), then the "
	    "profile:\n");
	cli_opt_print(fp, check_opts);
	fprintf(fp, "\nconvert (every field the target cannot hold is "
	    "reported on stderr):\n");
	cli_opt_print(fp, convert_opts);
	fprintf(fp, "\ndiff:\n");
	cli_opt_print(fp, diff_opts);
	fprintf(fp, "\nmerge (dedupe by purl, then CPE, then name+version+"
	    "supplier):\n");
	cli_opt_print(fp, merge_opts);
	fprintf(fp, "\ngenerate (CycloneDX 1.6 from what the system "
	    "contains):\n");
	cli_opt_print(fp, gen_opts);
	fprintf(fp, "\nExit status: 0 ok, 1 a check failed (check) or the "
	    "SBOMs differ (diff),\n2 usage or unreadable/invalid input, 4 "
	    "system error.\n");
}

/* ---- check -------------------------------------------------------------- */

#define MAX_LABELS 256

struct label {
	uint32_t index;
	char *text;		/* "name@version (ref)" */
};

struct check_ctx {
	const char *file;
	bool json;
	vigil_sbom_quality *q;
	size_t last_failed[16];
	struct label labels[MAX_LABELS];
	size_t nlabels;
	size_t nerrors, nwarnings;
	bool lic;		/* licence ids checked against a list */
	char schema[128];	/* official schema applied, or "" */
	char schema_note[512];	/* why none was applied */
	vgx_buf diags;		/* JSON array items, for --format json */
	size_t ndiagjson;
};

static void
json_puts(vgx_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	vgx_buf_addc(b, '"');
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			vgx_buf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			vgx_buf_printf(b, "\\u%04x", *p);
		else
			vgx_buf_addc(b, (char)*p);
	}
	vgx_buf_addc(b, '"');
}

static void
on_diag(void *vctx, const vigil_sbom_diag *d)
{
	struct check_ctx *c = vctx;

	if (d->error)
		c->nerrors++;
	else
		c->nwarnings++;
	if (c->json) {
		if (c->ndiagjson++ > 0)
			vgx_buf_addc(&c->diags, ',');
		vgx_buf_printf(&c->diags, "{\"severity\":\"%s\",\"line\":%lu,"
		    "\"column\":%lu,\"pointer\":", d->error ? "error" :
		    "warning", d->line, d->column);
		json_puts(&c->diags, d->pointer);
		vgx_buf_adds(&c->diags, ",\"message\":");
		json_puts(&c->diags, d->msg);
		vgx_buf_addc(&c->diags, '}');
		return;
	}
	fflush(stdout);
	fprintf(stderr, "vigil: %s%s", d->error ? "" : "warning: ", c->file);
	if (d->line > 0)
		fprintf(stderr, ":%lu", d->line);
	if (d->column > 0)
		fprintf(stderr, ":%lu", d->column);
	fprintf(stderr, ": %s", d->msg);
	if (d->pointer[0] != '\0')
		fprintf(stderr, " (at %s)", d->pointer);
	fputc('\n', stderr);
}

static int
on_component(void *vctx, const vigil_sbom *doc, const vigil_sbom_component *k)
{
	struct check_ctx *c = vctx;
	const vigil_sbom_check *ch;
	size_t n, i;
	bool need = false;

	(void)doc;
	vigil_sbom_quality_add(c->q, k);
	ch = vigil_sbom_quality_checks(c->q, &n);
	for (i = 0; i < n && i < VGX_ARRAY_SIZE(c->last_failed); i++) {
		if (ch[i].nfailed != c->last_failed[i])
			need = true;
		c->last_failed[i] = ch[i].nfailed;
	}
	/* Keep a label for a component named in a failure list (the
	 * component itself is gone after this call when streaming). */
	if ((need || k->subject) && c->nlabels < MAX_LABELS) {
		vgx_buf b;

		vgx_buf_init(&b, 512);
		vgx_buf_printf(&b, "%s%s%s", k->name ? k->name : "(no name)",
		    k->version ? "@" : "", k->version ? k->version : "");
		if (k->ref != NULL)
			vgx_buf_printf(&b, " [%s]", k->ref);
		c->labels[c->nlabels].index = k->index;
		c->labels[c->nlabels++].text = vgx_buf_take(&b, NULL);
	}
	return 0;
}

static const char *
label_of(const struct check_ctx *c, uint32_t index)
{
	size_t i;

	for (i = 0; i < c->nlabels; i++)
		if (c->labels[i].index == index && c->labels[i].text != NULL)
			return c->labels[i].text;
	return "?";
}

static bool
in_profile(const vigil_sbom_check *ch, vigil_sbom_profile p)
{
	return p == VIGIL_SBOM_PROFILE_ALL || (ch->profiles & (1u << p)) != 0;
}

static void
print_check_text(struct check_ctx *c, const vigil_sbom *doc,
    vigil_sbom_profile prof, bool valid)
{
	const vigil_sbom_meta *m = vigil_sbom_get_meta(doc);
	const vigil_sbom_check *ch;
	size_t n, i, k, edges;

	vigil_sbom_edges(doc, &edges);
	printf("%s: %s %s, %zu components, %zu dependency edges\n", c->file,
	    vigil_sbom_format_name(m->format),
	    m->spec_version ? m->spec_version : "?", vigil_sbom_seen(doc),
	    edges);
	printf("  validity: %s (%s%s%svigil strict structural checks%s; %zu "
	    "errors, %zu warnings)\n", valid ? "pass" : "FAIL",
	    c->schema[0] ? "schema " : "", c->schema,
	    c->schema[0] ? " and " : "", c->lic ?
	    ", licence ids from spdx.schema.json" : "", c->nerrors,
	    c->nwarnings);
	if (c->schema_note[0] != '\0')
		printf("  note: %s\n", c->schema_note);
	if (prof == VIGIL_SBOM_PROFILE_NONE)
		return;
	printf("  profile %s: %s\n", vigil_sbom_profile_name(prof),
	    vigil_sbom_quality_pass(c->q, prof) ? "pass" : "FAIL");
	ch = vigil_sbom_quality_checks(c->q, &n);
	for (i = 0; i < n; i++) {
		bool ok;

		if (!in_profile(&ch[i], prof))
			continue;
		ok = ch[i].checked > 0 && ch[i].passed == ch[i].checked;
		printf("    %-4s %-14s %zu/%zu  %s\n", ok ? "ok" : "FAIL",
		    ch[i].id, ch[i].passed, ch[i].checked, ch[i].what);
		if (!ch[i].per_component && !ok && ch[i].reason)
			printf("         %s\n", ch[i].reason);
		if (ch[i].per_component && ch[i].checked == 0)
			printf("         nothing to check\n");
		for (k = 0; k < ch[i].nfailed; k++)
			printf("         fails: %s\n", label_of(c,
			    ch[i].failed[k]));
		if (ch[i].per_component &&
		    ch[i].checked - ch[i].passed > ch[i].nfailed)
			printf("         ... and %zu more\n", ch[i].checked -
			    ch[i].passed - ch[i].nfailed);
	}
}

static void
print_check_json(struct check_ctx *c, const vigil_sbom *doc,
    vigil_sbom_profile prof, bool valid, bool first)
{
	const vigil_sbom_meta *m = doc ? vigil_sbom_get_meta(doc) : NULL;
	const vigil_sbom_check *ch;
	size_t n, i, k, edges = 0;
	vgx_buf b;

	vgx_buf_init(&b, (size_t)1 << 30);
	if (!first)
		vgx_buf_addc(&b, ',');
	vgx_buf_adds(&b, "\n{\"file\":");
	json_puts(&b, c->file);
	if (m != NULL) {
		vigil_sbom_edges(doc, &edges);
		vgx_buf_printf(&b, ",\"format\":\"%s\",\"specVersion\":",
		    vigil_sbom_format_name(m->format));
		json_puts(&b, m->spec_version ? m->spec_version : "");
		vgx_buf_printf(&b, ",\"components\":%zu,\"edges\":%zu",
		    vigil_sbom_seen(doc), edges);
	}
	vgx_buf_printf(&b, ",\"valid\":%s,\"validation\":\"%s%s\","
	    "\"diagnostics\":[%s]", valid ? "true" : "false",
	    c->schema[0] ? c->schema : "", c->schema[0] ? "+vigil-strict" :
	    "vigil-strict", vgx_buf_cstr(&c->diags));
	if (m != NULL && prof != VIGIL_SBOM_PROFILE_NONE) {
		vgx_buf_printf(&b, ",\"profile\":\"%s\",\"pass\":%s,"
		    "\"checks\":[", vigil_sbom_profile_name(prof),
		    vigil_sbom_quality_pass(c->q, prof) ? "true" : "false");
		ch = vigil_sbom_quality_checks(c->q, &n);
		for (i = 0, k = 0; i < n; i++) {
			size_t f;

			if (!in_profile(&ch[i], prof))
				continue;
			vgx_buf_printf(&b, "%s{\"id\":\"%s\",\"checked\":%zu,"
			    "\"passed\":%zu,\"failed\":[", k++ ? "," : "",
			    ch[i].id, ch[i].checked, ch[i].passed);
			for (f = 0; f < ch[i].nfailed; f++) {
				vgx_buf_printf(&b, "%s{\"index\":%u,\"label\":",
				    f ? "," : "", ch[i].failed[f]);
				json_puts(&b, label_of(c, ch[i].failed[f]));
				vgx_buf_addc(&b, '}');
			}
			vgx_buf_adds(&b, "]");
			if (ch[i].reason != NULL &&
			    ch[i].passed != ch[i].checked) {
				vgx_buf_adds(&b, ",\"reason\":");
				json_puts(&b, ch[i].reason);
			}
			vgx_buf_addc(&b, '}');
		}
		vgx_buf_addc(&b, ']');
	}
	vgx_buf_addc(&b, '}');
	fputs(vgx_buf_cstr(&b), stdout);
	vgx_buf_dispose(&b);
}

/*
 * Validate FILE against the official JSON Schema for its format and
 * version when REG (the --schema-dir folder) has it: bom-1.X.schema.json
 * for CycloneDX JSON, spdx-schema.json for SPDX 2 JSON.  Each failure is
 * a diagnostic with its line and column.  Returns the number of failures,
 * or -1 when no schema was applied (C->schema_note says why).
 */
static long
schema_check(struct check_ctx *c, vigil_schema_registry *reg,
    const char *dir, const vigil_sbom *doc)
{
	const vigil_sbom_meta *m = vigil_sbom_get_meta(doc);
	const vigil_schema *sch;
	vigil_schema_result *res = NULL;
	vigil_error err;
	char name[48], *buf = NULL;
	size_t len, i;
	long n;

	if (m->format == VIGIL_SBOM_CYCLONEDX_JSON && m->spec_version != NULL)
		snprintf(name, sizeof(name), "bom-%s.schema.json",
		    m->spec_version);
	else if (m->format == VIGIL_SBOM_SPDX_JSON)
		snprintf(name, sizeof(name), "spdx-schema.json");
	else if (m->format == VIGIL_SBOM_CYCLONEDX_XML &&
	    m->spec_version != NULL) {
		/* XML Schema with libxml2: DIR/bom-1.X.xsd. */
		vgx_buf xsd;
		size_t nfail = 0;

		vgx_buf_init(&xsd, 8192);
		vgx_buf_printf(&xsd, "%s/bom-%s.xsd", dir, m->spec_version);
		vigil_error_clear(&err);
		if (xsd.ptr == NULL || vigil_sbom_xsd_validate(c->file, xsd.ptr,
		    on_diag, c, &nfail, &err) < 0) {
			snprintf(c->schema_note, sizeof(c->schema_note),
			    "XML Schema bom-%s.xsd not applied: %.200s",
			    m->spec_version, err.msg);
			vgx_buf_dispose(&xsd);
			return -1;
		}
		vgx_buf_dispose(&xsd);
		snprintf(c->schema, sizeof(c->schema), "bom-%s.xsd",
		    m->spec_version);
		return (long)nfail;
	} else {
		return -1;	/* no official schema for this format */
	}
	vigil_error_clear(&err);
	if (vigil_schema_registry_find(&sch, reg, name, &err) < 0) {
		snprintf(c->schema_note, sizeof(c->schema_note), "official "
		    "schema %s not applied: %.120s", name, err.msg);
		return -1;
	}
	if (vgx_file_read(&buf, &len, c->file, (size_t)64 << 20, &err) < 0) {
		snprintf(c->schema_note, sizeof(c->schema_note), "official "
		    "schema %s not applied: %.120s (larger documents get the "
		    "streaming structural checks only)", name,
		    err.code == VIGIL_ETOOBIG ? "file larger than 64 MiB" :
		    err.msg);
		return -1;
	}
	if (vigil_schema_validate(&res, sch, buf, len, NULL, &err) < 0) {
		snprintf(c->schema_note, sizeof(c->schema_note), "official "
		    "schema %s not applied: %.120s", name, err.msg);
		vgx_free(buf);
		return -1;
	}
	snprintf(c->schema, sizeof(c->schema), "%s", name);
	if (res->count > 0) {
		const char **ptrs = vgx_calloc(res->count, sizeof(*ptrs));
		unsigned long *lines = vgx_calloc(res->count, sizeof(*lines));
		unsigned long *cols = vgx_calloc(res->count, sizeof(*cols));

		for (i = 0; ptrs != NULL && i < res->count; i++)
			ptrs[i] = res->items[i].pointer;
		if (ptrs == NULL || lines == NULL || cols == NULL ||
		    vigil_schema_pointer_positions(lines, cols, buf, len,
		    ptrs, res->count) < 0) {
			vgx_free(lines);
			vgx_free(cols);
			lines = cols = NULL;
		}
		for (i = 0; i < res->count; i++) {
			vigil_sbom_diag d;
			char msg[512];

			snprintf(msg, sizeof(msg), "%s (schema %s)",
			    res->items[i].message, res->items[i].keyword);
			d.error = true;
			d.line = lines ? lines[i] : 0;
			d.column = cols ? cols[i] : 0;
			d.pointer = res->items[i].pointer;
			d.msg = msg;
			on_diag(c, &d);
		}
		vgx_free(ptrs);
		vgx_free(lines);
		vgx_free(cols);
	}
	n = (long)res->count;
	vigil_schema_result_free(res);
	vgx_free(buf);
	return n;
}

static int
cmd_check(int argc, char **argv)
{
	struct cli_parser p;
	vigil_sbom_profile prof = VIGIL_SBOM_PROFILE_NTIA;
	bool json = false;
	unsigned long maxf = 10;
	const char *val, *schema_dir = getenv("VIGIL_SCHEMA_DIR");
	char **lic = NULL;
	size_t nlic = 0;
	vigil_schema_registry *reg = NULL;
	bool require_sig = false;
	int k, i, worst = CLI_EXIT_OK;

	if (cli_parser_init(&p, "vigil sbom check", argc, argv, 1,
	    check_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			sbom_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR)
			goto usage;
		if (k == 0 && vigil_sbom_profile_parse(&prof, val) < 0) {
			cli_usage_error("vigil sbom check", "unknown profile "
			    "'%s'", val);
			goto usage;
		}
		if (k == 1) {
			if (strcmp(val, "json") == 0)
				json = true;
			else if (strcmp(val, "text") != 0) {
				cli_usage_error("vigil sbom check", "unknown "
				    "format '%s'", val);
				goto usage;
			}
		}
		if (k == 2) {
			const char *s = val;
			uint64_t v;

			if (vgx_parse_uint(&s, val + strlen(val), 100000, &v) <
			    0 || *s != '\0') {
				cli_usage_error("vigil sbom check", "bad "
				    "--max-failed '%s'", val);
				goto usage;
			}
			maxf = (unsigned long)v;
		}
		if (k == 3)
			schema_dir = val;
		if (k == 4)
			require_sig = true;
	}
	if (schema_dir != NULL && *schema_dir != '\0') {
		vigil_error err;
		vgx_buf path;

		vigil_error_clear(&err);
		vgx_buf_init(&path, 8192);
		/* The SPDX licence list of the CycloneDX schemas, if there. */
		if (vgx_buf_printf(&path, "%s/spdx.schema.json", schema_dir) <
		    0 || ((k = vigil_sbom_license_list_load(&lic, &nlic,
		    path.ptr, &err)) < 0 && k != VIGIL_ENOTFOUND)) {
			cli_error_print(NULL, &err);
			vgx_buf_dispose(&path);
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		vgx_buf_dispose(&path);
		/* The official JSON Schemas of that folder, loaded at run
		 * time (vigil ships none). */
		if (vigil_schema_registry_new(&reg, &err) < 0 ||
		    vigil_schema_registry_add_dir(reg, schema_dir, NULL,
		    &err) < 0) {
			cli_error_print(schema_dir, &err);
			goto usage;
		}
	}
	if (p.npos == 0) {
		cli_usage_error("vigil sbom check", "no FILE");
		goto usage;
	}
	if (require_sig &&
	    (worst = cli_require_signatures(p.pos, p.npos)) != CLI_EXIT_OK) {
		vigil_schema_registry_free(reg);
		vigil_sbom_license_list_free(lic);
		cli_parser_dispose(&p);
		return worst;
	}
	if (json)
		printf("{\"files\":[");
	for (i = 0; i < p.npos; i++) {
		vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
		struct check_ctx c;
		vigil_sbom *doc = NULL;
		vigil_error err;
		size_t l;
		int rc, ex;

		memset(&c, 0, sizeof(c));
		vigil_error_clear(&err);
		c.file = p.pos[i];
		c.json = json;
		c.lic = lic != NULL;
		vgx_buf_init(&c.diags, (size_t)64 << 20);
		if (vigil_sbom_quality_new(&c.q, maxf, &err) < 0) {
			cli_error_print(c.file, &err);
			cli_parser_dispose(&p);
			return CLI_EXIT_SYSTEM;
		}
		o.flags = VIGIL_SBOM_STRICT | VIGIL_SBOM_NOKEEP;
		o.license_ids = (const char *const *)lic;
		o.nlicense_ids = nlic;
		o.on_diag = on_diag;
		o.on_component = on_component;
		o.ctx = &c;
		rc = vigil_sbom_read(&doc, c.file, &o, &err);
		if (rc < 0 && rc != VIGIL_EINVALID) {
			/* Unreadable: ERR says why (no diagnostic did). */
			if (json) {
				if (c.ndiagjson++ > 0)
					vgx_buf_addc(&c.diags, ',');
				vgx_buf_adds(&c.diags, "{\"severity\":\"error\","
				    "\"message\":");
				json_puts(&c.diags, err.msg);
				vgx_buf_addc(&c.diags, '}');
				print_check_json(&c, NULL, prof, false, i == 0);
			} else {
				cli_error_print(c.file, &err);
			}
			ex = cli_exit_for(rc);
		} else if (doc == NULL) {
			ex = CLI_EXIT_USAGE;	/* errors printed */
			if (json)
				print_check_json(&c, NULL, prof, false, i == 0);
			else
				printf("%s: not readable to its end (%zu "
				    "errors)\n", c.file, c.nerrors);
		} else {
			if (reg != NULL && schema_check(&c, reg, schema_dir,
			    doc) > 0)
				rc = VIGIL_EINVALID;
			vigil_sbom_quality_finish(c.q, doc);
			if (json)
				print_check_json(&c, doc, prof, rc == 0,
				    i == 0);
			else
				print_check_text(&c, doc, prof, rc == 0);
			ex = rc < 0 ? CLI_EXIT_USAGE :
			    vigil_sbom_quality_pass(c.q, prof) ? CLI_EXIT_OK :
			    CLI_EXIT_FAIL;
		}
		if (ex == CLI_EXIT_USAGE || ex == CLI_EXIT_SYSTEM ||
		    (ex == CLI_EXIT_FAIL && worst == CLI_EXIT_OK))
			worst = ex > worst ? ex : worst;
		vigil_sbom_free(doc);
		vigil_sbom_quality_free(c.q);
		for (l = 0; l < c.nlabels; l++)
			vgx_free(c.labels[l].text);
		vgx_buf_dispose(&c.diags);
	}
	if (json)
		printf("\n]}\n");
	cli_parser_dispose(&p);
	vigil_sbom_license_list_free(lic);
	vigil_schema_registry_free(reg);
	k = cli_finish_stdout();
	return k != CLI_EXIT_OK ? k : worst;
usage:
	cli_parser_dispose(&p);
	vigil_sbom_license_list_free(lic);
	vigil_schema_registry_free(reg);
	return CLI_EXIT_USAGE;
}

/* ---- reading for use (lenient) ----------------------------------------- */

struct use_ctx {
	const char *file;
};

static void
use_diag(void *vctx, const vigil_sbom_diag *d)
{
	struct use_ctx *u = vctx;

	fflush(stdout);
	fprintf(stderr, "vigil: %s%s", d->error ? "" : "warning: ", u->file);
	if (d->line > 0)
		fprintf(stderr, ":%lu", d->line);
	if (d->column > 0)
		fprintf(stderr, ":%lu", d->column);
	fprintf(stderr, ": %s", d->msg);
	if (d->pointer[0] != '\0')
		fprintf(stderr, " (at %s)", d->pointer);
	fputc('\n', stderr);
}

/* Read FILE for use; prints what is wrong; returns an exit status. */
static int
read_for_use(vigil_sbom **out, const char *file)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	struct use_ctx u = { file };
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	o.on_diag = use_diag;
	o.ctx = &u;
	rc = vigil_sbom_read(out, file, &o, &err);
	if (rc == 0)
		return CLI_EXIT_OK;
	if (rc != VIGIL_EINVALID || *out == NULL)
		cli_error_print(file, &err);
	vigil_sbom_free(*out);
	*out = NULL;
	return cli_exit_for(rc);
}

/* ---- convert ------------------------------------------------------------ */

struct loss_ctx {
	const vigil_sbom *doc;
	const char *target;
	size_t n;
};

static void
on_loss(void *vctx, uint32_t comp, const char *field, const char *detail)
{
	struct loss_ctx *l = vctx;

	if (l->n++ >= 50) {
		return;
	}
	fflush(stdout);
	if (comp == VIGIL_SBOM_NONE) {
		fprintf(stderr, "vigil: %s cannot hold document %s: %s\n",
		    l->target, field, detail ? detail : "");
	} else {
		const vigil_sbom_component *c = vigil_sbom_at(l->doc, comp);

		fprintf(stderr, "vigil: %s cannot hold %s of component %s%s%s: "
		    "%s\n", l->target, field, c->name ? c->name : "?",
		    c->version ? "@" : "", c->version ? c->version : "",
		    detail ? detail : "");
	}
}

static int
write_doc(const vigil_sbom *doc, vigil_sbom_format to, const char *out)
{
	struct loss_ctx l = { doc, vigil_sbom_format_name(to), 0 };
	struct cli_out o;
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = cli_out_open(&o, out)) != 0)
		return rc;
	rc = vigil_sbom_write(o.fp, doc, to, on_loss, &l, &err);
	if (l.n > 50)
		fprintf(stderr, "vigil: ... and %zu more fields %s cannot "
		    "hold\n", l.n - 50, l.target);
	if (rc < 0) {
		cli_error_print(out, &err);
		cli_out_close(&o, false);
		return cli_exit_for(rc);
	}
	return cli_out_close(&o, true);
}

static int
parse_to(const char *cmd, const char *val, vigil_sbom_format *to)
{
	if (vigil_sbom_format_parse(to, val) < 0 ||
	    *to == VIGIL_SBOM_SPDX3_JSONLD)
		return cli_usage_error(cmd, "cannot write '%s' (cyclonedx-json, "
		    "cyclonedx-xml, spdx-json, spdx-tv)", val);
	return 0;
}

static int
cmd_convert(int argc, char **argv)
{
	struct cli_parser p;
	vigil_sbom_format to = VIGIL_SBOM_FORMAT_UNKNOWN;
	const char *val, *out = NULL;
	vigil_sbom *doc = NULL;
	int k, rc;

	if (cli_parser_init(&p, "vigil sbom convert", argc, argv, 1,
	    convert_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			sbom_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR ||
		    (k == 0 && parse_to("vigil sbom convert", val, &to) != 0)) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		if (k == 1)
			out = val;
	}
	if (p.npos != 1 || to == VIGIL_SBOM_FORMAT_UNKNOWN) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil sbom convert", "give one input "
		    "and --to FORMAT");
	}
	if ((rc = read_for_use(&doc, p.pos[0])) == CLI_EXIT_OK)
		rc = write_doc(doc, to, out);
	vigil_sbom_free(doc);
	cli_parser_dispose(&p);
	return rc;
}

/* ---- diff ----------------------------------------------------------------- */

struct diff_ctx {
	bool json;
	size_t n;
};

static const char *const change_names[] = { "added", "removed", "version",
	"supplier", "hash", "end-of-support", "support-level" };

static void
comp_label(FILE *fp, const vigil_sbom_component *c)
{
	fputs(c->purl ? c->purl : c->name ? c->name : "(no name)", fp);
	if (c->purl == NULL && c->version != NULL)
		fprintf(fp, "@%s", c->version);
}

static void
json_out(const char *s)
{
	vgx_buf b;

	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	vgx_buf_init(&b, (size_t)1 << 30);
	json_puts(&b, s);
	fputs(vgx_buf_cstr(&b), stdout);
	vgx_buf_dispose(&b);
}

static int
on_delta(void *vctx, const vigil_sbom_delta *d)
{
	struct diff_ctx *x = vctx;
	const vigil_sbom_component *c = d->new_c ? d->new_c : d->old_c;

	if (x->json) {
		printf("%s\n{\"change\":\"%s\",\"name\":", x->n ? "," : "",
		    change_names[d->change]);
		json_out(c->name);
		fputs(",\"purl\":", stdout);
		json_out(c->purl);
		fputs(",\"old\":", stdout);
		json_out(d->old_value);
		fputs(",\"new\":", stdout);
		json_out(d->new_value);
		fputs("}", stdout);
	} else {
		switch (d->change) {
		case VIGIL_SBOM_ADDED:
			fputs("+ ", stdout);
			comp_label(stdout, c);
			break;
		case VIGIL_SBOM_REMOVED:
			fputs("- ", stdout);
			comp_label(stdout, c);
			break;
		default:
			fputs("~ ", stdout);
			comp_label(stdout, d->old_c);
			printf(": %s %s -> %s", change_names[d->change],
			    d->old_value ? d->old_value : "(none)",
			    d->new_value ? d->new_value : "(none)");
		}
		putchar('\n');
	}
	x->n++;
	return 0;
}

static int
cmd_diff(int argc, char **argv)
{
	struct cli_parser p;
	struct diff_ctx x = { false, 0 };
	vigil_sbom *a = NULL, *b = NULL;
	vigil_error err;
	const char *val;
	int k, rc;

	if (cli_parser_init(&p, "vigil sbom diff", argc, argv, 1,
	    diff_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			sbom_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		if (k == 0) {
			if (strcmp(val, "json") == 0) {
				x.json = true;
			} else if (strcmp(val, "text") != 0) {
				cli_parser_dispose(&p);
				return cli_usage_error("vigil sbom diff",
				    "unknown format '%s'", val);
			}
		}
	}
	if (p.npos != 2) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil sbom diff", "give OLD and NEW");
	}
	vigil_error_clear(&err);
	if ((rc = read_for_use(&a, p.pos[0])) != CLI_EXIT_OK ||
	    (rc = read_for_use(&b, p.pos[1])) != CLI_EXIT_OK)
		goto done;
	if (x.json)
		fputs("{\"changes\":[", stdout);
	if (vigil_sbom_diff(a, b, on_delta, &x, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	if (x.json)
		printf("\n],\"count\":%zu}\n", x.n);
	rc = cli_finish_stdout();
	if (rc == CLI_EXIT_OK && x.n > 0)
		rc = CLI_EXIT_FAIL;
done:
	vigil_sbom_free(a);
	vigil_sbom_free(b);
	cli_parser_dispose(&p);
	return rc;
}

/* ---- merge ---------------------------------------------------------------- */

static int
cmd_merge(int argc, char **argv)
{
	struct cli_parser p;
	vigil_sbom_format to = VIGIL_SBOM_CYCLONEDX_JSON;
	const char *val, *out = NULL, *subject = NULL;
	vigil_sbom **docs = NULL, *m = NULL;
	vigil_error err;
	char *name = NULL, *at;
	size_t dups = 0;
	int k, i, rc = CLI_EXIT_OK;

	if (cli_parser_init(&p, "vigil sbom merge", argc, argv, 1,
	    merge_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			sbom_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR ||
		    (k == 1 && parse_to("vigil sbom merge", val, &to) != 0)) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		if (k == 0)
			subject = val;
		if (k == 2)
			out = val;
	}
	if (p.npos < 1 || subject == NULL || strchr(subject, '@') == NULL ||
	    subject[0] == '@') {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil sbom merge", "give the SBOMs and "
		    "--subject NAME@VERSION");
	}
	if ((name = vgx_strdup(subject)) == NULL ||
	    (docs = vgx_calloc((size_t)p.npos, sizeof(*docs))) == NULL) {
		cli_errorf("out of memory");
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	at = strrchr(name, '@');
	*at++ = '\0';
	for (i = 0; i < p.npos; i++)
		if ((rc = read_for_use(&docs[i], p.pos[i])) != CLI_EXIT_OK)
			goto done;
	vigil_error_clear(&err);
	if (vigil_sbom_merge(&m, (const vigil_sbom *const *)docs,
	    (size_t)p.npos, name, at, &dups, &err) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(err.code);
		goto done;
	}
	fprintf(stderr, "vigil: merged %d SBOMs: %zu components, %zu "
	    "duplicates merged\n", p.npos, vigil_sbom_count(m) - 1, dups);
	rc = write_doc(m, to, out);
done:
	if (docs != NULL)
		for (i = 0; i < p.npos; i++)
			vigil_sbom_free(docs[i]);
	vgx_free(docs);
	vgx_free(name);
	vigil_sbom_free(m);
	cli_parser_dispose(&p);
	return rc;
}

/* ---- generate --------------------------------------------------------------- */

static int
cmd_generate(int argc, char **argv)
{
	struct cli_parser p;
	vigil_sbom_gen_opts g = VIGIL_SBOM_GEN_OPTS_INIT;
	vigil_sbom_format to = VIGIL_SBOM_CYCLONEDX_JSON;
	const char *val, *out = NULL;
	vigil_sbom *doc = NULL;
	vigil_error err;
	int k, rc;

	if (cli_parser_init(&p, "vigil sbom generate", argc, argv, 1,
	    gen_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_HELP) {
			sbom_help(stdout);
			cli_parser_dispose(&p);
			return cli_finish_stdout();
		}
		if (k == CLI_OPT_ERROR ||
		    (k == 9 && parse_to("vigil sbom generate", val, &to) != 0)) {
			cli_parser_dispose(&p);
			return CLI_EXIT_USAGE;
		}
		switch (k) {
		case 0: g.rootfs = val; break;
		case 1: g.dpkg_status = val; break;
		case 2: g.apk_installed = val; break;
		case 3: g.os_release = val; break;
		case 4: g.manifest = val; break;
		case 5: g.subject_name = val; break;
		case 6: g.subject_version = val; break;
		case 7: g.subject_supplier = val; break;
		case 8: g.timestamp = val; break;
		case 10: out = val; break;
		default: break;
		}
	}
	if (p.npos != 0) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil sbom generate", "unexpected "
		    "argument '%s'", p.pos[0]);
	}
	if (g.timestamp != NULL && !(strlen(g.timestamp) >= 20 &&
	    g.timestamp[4] == '-' && g.timestamp[10] == 'T')) {
		cli_parser_dispose(&p);
		return cli_usage_error("vigil sbom generate", "--timestamp "
		    "must be an ISO 8601 date-time (2026-01-31T12:00:00Z)");
	}
	vigil_error_clear(&err);
	if ((rc = vigil_sbom_generate(&doc, &g, &err)) < 0) {
		cli_error_print(NULL, &err);
		cli_parser_dispose(&p);
		return cli_exit_for(rc);
	}
	rc = write_doc(doc, to, out);
	vigil_sbom_free(doc);
	cli_parser_dispose(&p);
	return rc;
}

static int
sbom_run(int argc, char **argv)
{
	if (argc < 2) {
		sbom_help(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "convert") == 0)
		return cmd_convert(argc - 1, argv + 1);
	if (strcmp(argv[1], "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
	if (strcmp(argv[1], "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (strcmp(argv[1], "generate") == 0)
		return cmd_generate(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		sbom_help(stdout);
		return cli_finish_stdout();
	}
	return cli_usage_error("vigil sbom", "unknown subcommand '%s'",
	    argv[1]);
}

const struct cli_cmd cli_cmd_sbom = {
	"sbom",
	"check, convert, diff, merge and generate SBOMs",
	sbom_help,
	sbom_run
};
