/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil sign: sign files with a minisign secret key, writing FILE.minisig
 * (and with --sidecars FILE.sha256 and FILE.sha512).
 *
 *     vigil sign --key NAME.key [-c TEXT] [-t TEXT] [--legacy]
 *         [-x SIGFILE] [--sidecars] FILE...
 *     vigil sign --openpgp [--key ID] [--gnupg-home DIR] [-x SIGFILE]
 *         [--sidecars] FILE...
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "trust_pass.h"

static const struct cli_opt sign_opts[] = {
	{"key", 'k', "FILE", "the secret key (NAME.key)"},
	{"comment", 'c', "TEXT", "untrusted comment (not signed)"},
	{"trusted-comment", 't', "TEXT",
	    "trusted comment (signed; default timestamp, file name)"},
	{"legacy", 0, NULL, "sign the file itself (\"Ed\"), not its hash"},
	{"signature", 'x', "SIGFILE",
	    "write here, not FILE.minisig (one FILE)"},
	{"sidecars", 0, NULL, "also write FILE.sha256 and FILE.sha512"},
	{"openpgp", 0, NULL,
	    "write an OpenPGP FILE.asc instead (gpg; --key: signer id)"},
	{"gnupg-home", 0, "DIR", "GnuPG home for --openpgp ($GNUPGHOME)"},
	{NULL, 0, NULL, NULL}
};

static void
sign_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil sign --key NAME.key [-c TEXT] [-t TEXT] [--legacy]\n"
	    "                  [-x SIGFILE] [--sidecars] FILE...\n"
	    "       vigil sign --openpgp [--key ID] [--gnupg-home DIR]\n"
	    "                  [-x SIGFILE] [--sidecars] FILE...\n"
	    "\n"
	    "Sign each FILE with an Ed25519 secret key, writing FILE.minisig\n"
	    "in the minisign format (minisign -V verifies it).  An encrypted\n"
	    "key's password comes from VIGIL_PASSWORD or the terminal.  The\n"
	    "default trusted comment is \"timestamp:T<TAB>file:NAME<TAB>"
	    "hashed\",\n"
	    "with T from SOURCE_DATE_EPOCH when that is set.\n"
	    "With --openpgp, gpg (through gpgme) writes an ASCII-armoured\n"
	    "detached signature FILE.asc, as CSAF advisories are published.\n"
	    "\n"
	    "Options:\n");
	cli_opt_print(fp, sign_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok, 2 usage or invalid input, 4 system error.\n"
	    "See vigil-sign(1) and docs/signing.md.\n");
}

/* SOURCE_DATE_EPOCH (reproducible builds), or 0 for "now". */
static int
epoch(int64_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	uint64_t v;

	*out = 0;
	if (s == NULL || *s == '\0')
		return 0;
	if (vgx_parse_uint(&s, s + strlen(s), INT64_MAX, &v) != 0 ||
	    *s != '\0' || v == 0)
		return -1;
	*out = (int64_t)v;
	return 0;
}

static int
sign_run(int argc, char **argv)
{
	vigil_sign_opts opts = VIGIL_SIGN_OPTS_INIT;
	struct cli_parser p;
	const char *val, *keyfile = NULL, *sigfile = NULL;
	const char *gnupg_home = NULL;
	int k, i, sidecars = 0, pgp = 0, rc = CLI_EXIT_USAGE, lrc;
	vigil_seckey *sk = NULL;
	vigil_error err;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil sign", argc, argv, 1, sign_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			sign_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0:
			keyfile = val;
			break;
		case 1:
			opts.comment = val;
			break;
		case 2:
			opts.trusted_comment = val;
			break;
		case 3:
			opts.alg = VIGIL_SIGALG_LEGACY;
			break;
		case 4:
			sigfile = val;
			break;
		case 5:
			sidecars = 1;
			break;
		case 6:
			pgp = 1;
			break;
		case 7:
			gnupg_home = val;
			break;
		}
	}
	if (keyfile == NULL && !pgp) {
		cli_usage_error(p.cmd, "--key NAME.key is required");
		goto done;
	}
	if (gnupg_home != NULL && !pgp) {
		cli_usage_error(p.cmd, "--gnupg-home goes with --openpgp");
		goto done;
	}
	if (pgp && (opts.alg != VIGIL_SIGALG_HASHED || opts.comment != NULL ||
	    opts.trusted_comment != NULL)) {
		cli_usage_error(p.cmd, "-c, -t and --legacy are for minisign "
		    "signatures, not --openpgp");
		goto done;
	}
	if (p.npos == 0) {
		cli_usage_error(p.cmd, "no file to sign");
		goto done;
	}
	if (sigfile != NULL && p.npos > 1) {
		cli_usage_error(p.cmd, "-x SIGFILE takes one FILE");
		goto done;
	}
	if (epoch(&opts.timestamp) != 0) {
		cli_errorf("SOURCE_DATE_EPOCH is not a positive number of "
		    "seconds");
		goto done;
	}
	if (pgp) {
		rc = CLI_EXIT_OK;
		for (i = 0; i < p.npos; i++) {
			if ((lrc = vigil_trust_pgp_sign_file(p.pos[i], sigfile,
			    keyfile, gnupg_home, &err)) < 0 ||
			    (sidecars && (lrc = vigil_trust_sidecars_write(
			    p.pos[i], &err)) < 0)) {
				cli_error_print(NULL, &err);
				rc = cli_exit_for(lrc);
				break;
			}
		}
		goto done;
	}
	if ((lrc = vigil_trust_seckey_load(&sk, keyfile, cli_trust_password,
	    (void *)"Password: ", &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = lrc == VIGIL_EVERIFY ? CLI_EXIT_FAIL : cli_exit_for(lrc);
		goto done;
	}
	rc = CLI_EXIT_OK;
	for (i = 0; i < p.npos; i++) {
		if ((lrc = vigil_trust_sign_save(sigfile, sk, p.pos[i], &opts,
		    &err)) < 0 ||
		    (sidecars &&
		    (lrc = vigil_trust_sidecars_write(p.pos[i], &err)) < 0)) {
			cli_error_print(NULL, &err);
			rc = cli_exit_for(lrc);
			break;
		}
	}
	if (rc == CLI_EXIT_OK)
		rc = cli_finish_stdout();
done:
	vigil_trust_seckey_free(sk);
	cli_parser_dispose(&p);
	return rc;
}

const struct cli_cmd cli_cmd_sign = {
	"sign", "sign files (Ed25519, minisign format; SHA-2 sidecars)",
	sign_help, sign_run
};
