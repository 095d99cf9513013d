/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil report: customer security documentation.
 *
 *   vigil report device MODEL@VERSION   one document per release (IMDRF N60
 *                                       §5.5, FDA labeling, MDS2 section)
 *   vigil report fleet                  the hospital's view: devices by
 *                                       stage, by risk, what to do first
 *
 * HTML (a self-contained printable page), Markdown or JSON; --sign KEY
 * writes OUT.minisig with the trust module.
 */
#include <errno.h>
#include <string.h>

#include "life_cli.h"
#include "trust_pass.h"
#include "vigil/report_device.h"

#define CMD "vigil report"

static const struct cli_opt device_opts[] = {
	{"format", 'f', "FORMAT", "html (default), markdown or json"},
	{"output", 'o', "FILE", "write to FILE (default standard output)"},
	{"controls", 'c', "FILE", "controls file for the MDS2 section "
	    "(docs/mds2.md)"},
	{"sbom-link", 0, "URL", "where the machine-readable SBOM is offered"},
	{"as-of", 'd', "DATE", "the day of the status (default today, UTC)"},
	{"sign", 0, "KEY", "sign the output with KEY: writes FILE.minisig"},
	{"db", 0, "PATH", "the store (default $VIGIL_DB, else the user's)"},
	{NULL, 0, NULL, NULL}
};
enum { O_FORMAT, O_OUT, O_CONTROLS, O_LINK, O_ASOF, O_SIGN, O_DB };

static const struct cli_opt fleet_opts[] = {
	{"format", 'f', "FORMAT", "html (default) or json"},
	{"output", 'o', "FILE", "write to FILE (default standard output)"},
	{"as-of", 'd', "DATE", "the day of the status (default today, UTC)"},
	{"sign", 0, "KEY", "sign the output with KEY: writes FILE.minisig"},
	{"db", 0, "PATH", "the store"},
	{NULL, 0, NULL, NULL}
};
enum { F_FORMAT, F_OUT, F_ASOF, F_SIGN, F_DB };

static void
report_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil report device MODEL@VERSION [-f FORMAT] [-o FILE]\n"
	    "                    [-c CONTROLS] [--sbom-link URL] [-d DATE]\n"
	    "                    [--sign KEY]\n"
	    "       vigil report fleet [-f FORMAT] [-o FILE] [-d DATE] "
	    "[--sign KEY]\n"
	    "\n"
	    "Customer security documentation (docs/reports.md).\n"
	    "  device  one document per device release: description,\n"
	    "          interfaces and ports, recommended controls, SBOM\n"
	    "          summary, known vulnerabilities with VEX status and\n"
	    "          remediation, patient-harm assessment, support dates and\n"
	    "          stage, end-of-support plan, disclosure contact, MDS2\n"
	    "  fleet   the healthcare provider's view: installed devices by\n"
	    "          stage and by risk, and what to do first\n"
	    "\n"
	    "Options of device:\n");
	cli_opt_print(fp, device_opts);
	fprintf(fp, "\nOptions of fleet:\n");
	cli_opt_print(fp, fleet_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok, 1 the signing key's password is wrong, 2 usage\n"
	    "or invalid input, 4 system error.  See vigil-report(1).\n");
}

/* Sign OUT with the key in KEYFILE: OUT.minisig. */
static int
sign(const char *keyfile, const char *out)
{
	vigil_seckey *sk = NULL;
	vigil_sign_opts so = VIGIL_SIGN_OPTS_INIT;
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_trust_seckey_load(&sk, keyfile, cli_trust_password,
	    (void *)"Password: ", &err)) < 0) {
		cli_error_print(keyfile, &err);
		return rc == VIGIL_EVERIFY ? CLI_EXIT_FAIL : cli_exit_for(rc);
	}
	rc = vigil_trust_sign_save(NULL, sk, out, &so, &err);
	vigil_trust_seckey_free(sk);
	if (rc < 0) {
		cli_error_print(out, &err);
		return cli_exit_for(rc);
	}
	return CLI_EXIT_OK;
}

static int
report_device(int argc, char **argv)
{
	struct lcli l;
	struct cli_out o;
	vigil_report_doc_opts opts = VIGIL_REPORT_DOC_OPTS_INIT;
	vigil_doc_format fmt = VIGIL_DOC_HTML;
	vigil_store *st = NULL;
	char *model = NULL, *ctl = NULL;
	const char *ver;
	size_t clen = 0;
	vigil_error err;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, device_opts,
	    report_help)) >= 0)
		return ex;
	vigil_error_clear(&err);
	if (l.npos != 1) {
		ex = cli_usage_error(CMD, "device wants one MODEL@VERSION");
		goto done;
	}
	if (l.val[O_FORMAT] && vigil_doc_format_parse(&fmt,
	    l.val[O_FORMAT]) < 0) {
		ex = cli_usage_error(CMD, "--format is html, markdown or json");
		goto done;
	}
	if (l.val[O_SIGN] && l.val[O_OUT] == NULL) {
		ex = cli_usage_error(CMD, "--sign needs --output");
		goto done;
	}
	if ((ex = lcli_model_version(&model, &ver, l.pos[0], CMD)) != 0 ||
	    (ex = lcli_day(&opts.as_of, l.val[O_ASOF], "--as-of", CMD)) != 0)
		goto done;
	if (l.val[O_CONTROLS] != NULL) {
		if ((rc = vgx_file_read(&ctl, &clen, l.val[O_CONTROLS],
		    VIGIL_CONTROLS_MAX_SIZE, &err)) < 0) {
			cli_error_print(l.val[O_CONTROLS], &err);
			ex = rc == VIGIL_ETOOBIG ? CLI_EXIT_USAGE :
			    CLI_EXIT_SYSTEM;
			goto done;
		}
		if ((rc = vigil_report_controls_check(ctl, clen, &err)) < 0) {
			cli_error_print(l.val[O_CONTROLS], &err);
			ex = CLI_EXIT_USAGE;
			goto done;
		}
		opts.controls = ctl;
		opts.controls_len = clen;
	}
	opts.sbom_link = l.val[O_LINK];
	if ((ex = lcli_store(&st, l.val[O_DB], true)) != 0 ||
	    (ex = cli_out_open(&o, l.val[O_OUT])) != 0)
		goto done;
	rc = vigil_report_device_write(o.fp, st, model, ver, fmt, &opts, &err);
	if (rc < 0) {
		cli_out_close(&o, false);
		ex = lcli_fail(NULL, rc, &err);
		if (rc == VIGIL_ENOTFOUND)
			ex = CLI_EXIT_USAGE;
		goto done;
	}
	if ((ex = cli_out_close(&o, true)) != 0)
		goto done;
	if (l.val[O_SIGN] && (ex = sign(l.val[O_SIGN], l.val[O_OUT])) != 0)
		goto done;
	ex = cli_finish_stdout();
done:
	vgx_free(ctl);
	vgx_free(model);
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

static int
report_fleet(int argc, char **argv)
{
	struct lcli l;
	struct cli_out o;
	vigil_report_doc_opts opts = VIGIL_REPORT_DOC_OPTS_INIT;
	vigil_doc_format fmt = VIGIL_DOC_HTML;
	vigil_store *st = NULL;
	vigil_error err;
	int ex, rc;

	if ((ex = lcli_parse(&l, CMD, argc, argv, fleet_opts,
	    report_help)) >= 0)
		return ex;
	vigil_error_clear(&err);
	if (l.npos != 0) {
		ex = cli_usage_error(CMD, "fleet takes no arguments");
		goto done;
	}
	if (l.val[F_FORMAT] && (vigil_doc_format_parse(&fmt,
	    l.val[F_FORMAT]) < 0 || fmt == VIGIL_DOC_MARKDOWN)) {
		ex = cli_usage_error(CMD, "fleet: --format is html or json");
		goto done;
	}
	if (l.val[F_SIGN] && l.val[F_OUT] == NULL) {
		ex = cli_usage_error(CMD, "--sign needs --output");
		goto done;
	}
	if ((ex = lcli_day(&opts.as_of, l.val[F_ASOF], "--as-of", CMD)) != 0 ||
	    (ex = lcli_store(&st, l.val[F_DB], true)) != 0 ||
	    (ex = cli_out_open(&o, l.val[F_OUT])) != 0)
		goto done;
	if ((rc = vigil_report_fleet_write(o.fp, st, fmt, &opts, &err)) < 0) {
		cli_out_close(&o, false);
		ex = lcli_fail(NULL, rc, &err);
		goto done;
	}
	if ((ex = cli_out_close(&o, true)) != 0)
		goto done;
	if (l.val[F_SIGN] && (ex = sign(l.val[F_SIGN], l.val[F_OUT])) != 0)
		goto done;
	ex = cli_finish_stdout();
done:
	vigil_store_close(st);
	lcli_done(&l);
	return ex;
}

static const struct cli_sub report_subs[] = {
	{"device", report_device},
	{"fleet", report_fleet},
	{NULL, NULL}
};

static int
report_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "report", report_help, report_subs);
}

const struct cli_cmd cli_cmd_report = {
	"report", "customer security documentation: device, fleet",
	report_help, report_run
};
