/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil verify: check FILE.minisig (minisign format) against a public key
 * or the trusted keys, and optionally the SHA-256/SHA-512 sidecars.
 *
 *     vigil verify [--key NAME.pub] [-x SIGFILE] [--sidecars] [-q] FILE...
 *     vigil verify --openpgp [--key FPR] [--gnupg-home DIR] [-x SIGFILE]
 *         [--sidecars] [-q] FILE...
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "trust_pass.h"

static const struct cli_opt verify_opts[] = {
	{"key", 'k', "FILE",
	    "the public key (NAME.pub); default: the trusted keys"},
	{"signature", 'x', "SIGFILE",
	    "read this, not FILE.minisig (one FILE)"},
	{"sidecars", 0, NULL, "also check FILE.sha256 and FILE.sha512"},
	{"quiet", 'q', NULL, "print nothing on success"},
	{"openpgp", 0, NULL,
	    "check an OpenPGP FILE.asc (gpg; --key: signer fingerprint)"},
	{"gnupg-home", 0, "DIR", "GnuPG home for --openpgp ($GNUPGHOME)"},
	{NULL, 0, NULL, NULL}
};

static void
verify_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil verify [--key NAME.pub] [-x SIGFILE] [--sidecars] "
	    "[-q] FILE...\n"
	    "       vigil verify --openpgp [--key FPR] [--gnupg-home DIR] "
	    "[-x SIGFILE]\n"
	    "                    [--sidecars] [-q] FILE...\n"
	    "\n"
	    "Check each FILE against its signature FILE.minisig (made by\n"
	    "vigil sign or minisign -S): the key id, the signature over the\n"
	    "file and the global signature over the trusted comment, which\n"
	    "is printed on success.  Without --key the signer must be a\n"
	    "trusted key: $VIGIL_TRUSTED_KEYS/*.pub if set, else\n"
	    "$XDG_CONFIG_HOME/vigil/trusted-keys/*.pub and\n"
	    "/etc/vigil/trusted-keys/*.pub.\n"
	    "With --openpgp, FILE.asc (CSAF) is checked with gpg against the\n"
	    "keys in the GnuPG home; --key then names the required signer.\n"
	    "\n"
	    "Options:\n");
	cli_opt_print(fp, verify_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 every FILE verified, 1 a signature or sidecar is\n"
	    "missing, malformed or does not verify, 2 usage or a bad key\n"
	    "file, "
	    "4 system error.  See vigil-verify(1) and docs/signing.md.\n");
}

/* Verify one file; returns an exit status. */
static int
verify_one(const char *path, const char *sigfile, const vigil_pubkey *pk,
    const vigil_keyring *kr, int sidecars, int quiet)
{
	char defsig[4096], id[17];
	vigil_minisig *sig;
	vigil_error err;
	struct stat st;
	int lrc, rc = CLI_EXIT_OK;

	vigil_error_clear(&err);
	if (sigfile == NULL) {
		if ((size_t)snprintf(defsig, sizeof(defsig), "%s.minisig",
		    path) >= sizeof(defsig)) {
			cli_errorf("%s: path too long", path);
			return CLI_EXIT_USAGE;
		}
		sigfile = defsig;
	}
	if (stat(sigfile, &st) != 0 && errno == ENOENT) {
		cli_errorf("%s is not signed: %s does not exist", path,
		    sigfile);
		return CLI_EXIT_FAIL;
	}
	if ((sig = vgx_malloc(sizeof(*sig))) == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	if ((lrc = vigil_trust_minisig_load(sig, sigfile, &err)) < 0) {
		cli_error_print(NULL, &err);
		/* A malformed signature is a failed verification. */
		rc = lrc == VIGIL_EIO || lrc == VIGIL_ENOMEM ?
		    CLI_EXIT_SYSTEM : CLI_EXIT_FAIL;
		goto done;
	}
	if (pk == NULL && (pk = vigil_keyring_find(kr, sig->key_id)) == NULL) {
		vigil_trust_keyid_hex(id, sig->key_id);
		cli_errorf("%s: signed by key id %s, which is not a trusted "
		    "key", sigfile, id);
		rc = CLI_EXIT_FAIL;
		goto done;
	}
	if ((lrc = vigil_trust_verify_file(pk, path, sig, &err)) < 0) {
		cli_error_print(path, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	if (sidecars && (lrc = vigil_trust_sidecars_check(path, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc) == CLI_EXIT_USAGE ? CLI_EXIT_FAIL :
		    cli_exit_for(lrc);
		goto done;
	}
	if (!quiet) {
		vigil_trust_keyid_hex(id, sig->key_id);
		printf("%s: signature verified (key id %s%s)\n", path, id,
		    sidecars ? ", sha256 and sha512 sidecars match" : "");
		fputs("trusted comment: ", stdout);
		cli_trust_print_safe(stdout, sig->trusted);
		fputc('\n', stdout);
	}
done:
	vgx_free(sig);
	return rc;
}

/* The OpenPGP way for one file; returns an exit status. */
static int
verify_pgp(const char *path, const char *sigfile, const char *fpr,
    const char *home, int sidecars, int quiet)
{
	vigil_pgp_verified info;
	vigil_error err;
	int lrc;

	vigil_error_clear(&err);
	if ((lrc = vigil_trust_pgp_verify_file(&info, path, sigfile, fpr, home,
	    &err)) < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(lrc);
	}
	if (sidecars && (lrc = vigil_trust_sidecars_check(path, &err)) < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(lrc) == CLI_EXIT_USAGE ? CLI_EXIT_FAIL :
		    cli_exit_for(lrc);
	}
	if (!quiet)
		printf("%s: OpenPGP signature verified (key %s%s)\n", path,
		    info.fpr, sidecars ?
		    ", sha256 and sha512 sidecars match" : "");
	return CLI_EXIT_OK;
}

static int
verify_run(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *keyfile = NULL, *sigfile = NULL;
	const char *gnupg_home = NULL;
	int k, i, sidecars = 0, quiet = 0, pgp = 0, rc = CLI_EXIT_USAGE, lrc, r;
	vigil_keyring *kr = NULL;
	vigil_pubkey pk;
	vigil_error err;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil verify", argc, argv, 1,
	    verify_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			verify_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0:
			keyfile = val;
			break;
		case 1:
			sigfile = val;
			break;
		case 2:
			sidecars = 1;
			break;
		case 3:
			quiet = 1;
			break;
		case 4:
			pgp = 1;
			break;
		case 5:
			gnupg_home = val;
			break;
		}
	}
	if (p.npos == 0) {
		cli_usage_error(p.cmd, "no file to verify");
		goto done;
	}
	if (sigfile != NULL && p.npos > 1) {
		cli_usage_error(p.cmd, "-x SIGFILE takes one FILE");
		goto done;
	}
	if (gnupg_home != NULL && !pgp) {
		cli_usage_error(p.cmd, "--gnupg-home goes with --openpgp");
		goto done;
	}
	if (pgp) {
		rc = CLI_EXIT_OK;
		for (i = 0; i < p.npos; i++)
			if ((r = verify_pgp(p.pos[i], sigfile, keyfile,
			    gnupg_home, sidecars, quiet)) > rc)
				rc = r;
		if ((r = cli_finish_stdout()) > rc)
			rc = r;
		goto done;
	}
	if (keyfile != NULL) {
		if ((lrc = vigil_trust_pubkey_load(&pk, keyfile, &err)) < 0) {
			cli_error_print(NULL, &err);
			rc = cli_exit_for(lrc);
			goto done;
		}
	} else {
		if ((lrc = vigil_keyring_load_default(&kr, &err)) < 0) {
			cli_error_print(NULL, &err);
			rc = cli_exit_for(lrc);
			goto done;
		}
		if (vigil_keyring_count(kr) == 0) {
			cli_errorf("no --key and no trusted keys (set "
			    "VIGIL_TRUSTED_KEYS or see vigil-verify(1))");
			rc = CLI_EXIT_USAGE;
			goto done;
		}
	}
	rc = CLI_EXIT_OK;
	for (i = 0; i < p.npos; i++) {
		r = verify_one(p.pos[i], sigfile, keyfile ? &pk : NULL, kr,
		    sidecars, quiet);
		/* Keep the most serious status: system > usage > fail. */
		if (r > rc)
			rc = r;
	}
	if ((r = cli_finish_stdout()) > rc)
		rc = r;
done:
	vigil_keyring_free(kr);
	cli_parser_dispose(&p);
	return rc;
}

const struct cli_cmd cli_cmd_verify = {
	"verify", "check minisign signatures and SHA-2 sidecars",
	verify_help, verify_run
};
