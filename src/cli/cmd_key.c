/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vigil key: make and show Ed25519 key pairs in the minisign formats.
 *
 *     vigil key generate -o NAME [--no-password] [--force] [--kdf LEVEL]
 *     vigil key show FILE.pub|FILE.key
 *     vigil key public NAME.key -o NAME.pub [--force]
 *     vigil key password NAME.key [--no-password] [--kdf LEVEL]
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "trust_pass.h"

static const struct cli_opt gen_opts[] = {
	{"output", 'o', "NAME", "write NAME.key (secret) and NAME.pub"},
	{"no-password", 0, NULL,
	    "leave the secret key unencrypted (minisign -W)"},
	{"kdf", 0, "LEVEL",
	    "scrypt cost: sensitive (default, 1 GiB) or interactive (16 MiB)"},
	{"force", 'f', NULL, "replace existing NAME.key and NAME.pub"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt show_opts[] = {
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt public_opts[] = {
	{"output", 'o', "FILE", "write the public key here (NAME.pub)"},
	{"force", 'f', NULL, "replace an existing FILE"},
	{NULL, 0, NULL, NULL}
};

static const struct cli_opt password_opts[] = {
	{"no-password", 0, NULL, "remove the password (store unencrypted)"},
	{"kdf", 0, "LEVEL", "scrypt cost: sensitive (default) or interactive"},
	{NULL, 0, NULL, NULL}
};

static void
key_help(FILE *fp)
{
	fprintf(fp,
	    "usage: vigil key generate -o NAME [--no-password] [--kdf LEVEL] "
	    "[--force]\n"
	    "       vigil key show FILE.pub|FILE.key\n"
	    "       vigil key public NAME.key -o NAME.pub [--force]\n"
	    "       vigil key password NAME.key [--no-password] [--kdf LEVEL]\n"
	    "\n"
	    "Make an Ed25519 key pair in the minisign formats: NAME.key, the\n"
	    "secret key (mode 0600, encrypted with a password from\n"
	    "VIGIL_PASSWORD or the terminal), and NAME.pub, the public key.\n"
	    "'show' prints the key id and the public key (as minisign -P "
	    "takes it).\n"
	    "'public' writes the public key of a secret key (minisign -R).\n"
	    "'password' changes or removes the password of a secret key\n"
	    "(minisign -C): the old one from VIGIL_PASSWORD or the terminal,\n"
	    "the new one from VIGIL_NEW_PASSWORD or the terminal.\n"
	    "\n"
	    "Options of generate:\n");
	cli_opt_print(fp, gen_opts);
	fprintf(fp, "\nOptions of public:\n");
	cli_opt_print(fp, public_opts);
	fprintf(fp, "\nOptions of password:\n");
	cli_opt_print(fp, password_opts);
	fprintf(fp,
	    "\n"
	    "Exit status: 0 ok, 2 usage or invalid input (an existing key is\n"
	    "not replaced without --force), 4 system error.  See vigil-key(1) "
	    "and\ndocs/signing.md.\n");
}

static int
parse_kdf(vigil_trust_kdf *out, const char *cmd, const char *val)
{
	if (strcmp(val, "sensitive") == 0)
		*out = VIGIL_TRUST_KDF_SENSITIVE;
	else if (strcmp(val, "interactive") == 0)
		*out = VIGIL_TRUST_KDF_INTERACTIVE;
	else
		return cli_usage_error(cmd, "--kdf is 'sensitive' or "
		    "'interactive', not '%s'", val);
	return 0;
}

static int
key_generate(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *name = NULL;
	char *keypath = NULL, *pubpath = NULL;
	char pw[VIGIL_TRUST_PASSWORD_MAX + 1];
	char id[17], b64[57];
	int k, force = 0, nopw = 0, rc = CLI_EXIT_USAGE, lrc;
	vigil_trust_kdf kdf = VIGIL_TRUST_KDF_SENSITIVE;
	vigil_seckey *sk = NULL;
	vigil_pubkey pk;
	vigil_error err;
	size_t n;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil key generate", argc, argv, 1,
	    gen_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			key_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		switch (k) {
		case 0:
			name = val;
			break;
		case 1:
			nopw = 1;
			break;
		case 2:
			if (parse_kdf(&kdf, p.cmd, val) != 0)
				goto done;
			break;
		case 3:
			force = 1;
			break;
		}
	}
	if (p.npos > 0) {
		cli_usage_error(p.cmd, "unexpected argument '%s'", p.pos[0]);
		goto done;
	}
	if (name == NULL || *name == '\0') {
		cli_usage_error(p.cmd, "-o NAME is required");
		goto done;
	}
	n = strlen(name) + 5;
	if ((keypath = vgx_malloc(n)) == NULL ||
	    (pubpath = vgx_malloc(n)) == NULL) {
		cli_errorf("out of memory");
		rc = CLI_EXIT_SYSTEM;
		goto done;
	}
	snprintf(keypath, n, "%s.key", name);
	snprintf(pubpath, n, "%s.pub", name);
	/* Refuse before asking for a password. */
	if (!force && (access(keypath, F_OK) == 0 ||
	    access(pubpath, F_OK) == 0)) {
		cli_errorf("%s exists already; use --force to replace the key "
		    "pair", access(keypath, F_OK) == 0 ? keypath : pubpath);
		goto done;
	}
	if (!nopw && (lrc = cli_trust_new_password(pw, sizeof(pw),
	    "VIGIL_PASSWORD", &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	if ((lrc = vigil_trust_keypair_generate(&sk, &pk, &err)) < 0 ||
	    (lrc = vigil_trust_seckey_save(keypath, sk, nopw ? NULL : pw,
	    nopw ? 0 : strlen(pw), kdf, force, &err)) < 0 ||
	    (lrc = vigil_trust_pubkey_save(pubpath, &pk, force, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	vigil_trust_keyid_hex(id, pk.key_id);
	vigil_trust_pubkey_base64(b64, &pk);
	printf("key id %s\npublic key %s\n", id, b64);
	fprintf(stderr, "vigil: wrote %s (secret%s: keep it private) and %s\n",
	    keypath, nopw ? ", not encrypted" : "", pubpath);
	rc = cli_finish_stdout();
done:
	explicit_bzero(pw, sizeof(pw));
	vigil_trust_seckey_free(sk);
	vgx_free(keypath);
	vgx_free(pubpath);
	cli_parser_dispose(&p);
	return rc;
}

static int
key_show(int argc, char **argv)
{
	struct cli_parser p;
	const char *val;
	char id[17], b64[57];
	vigil_seckey *sk = NULL;
	vigil_pubkey pk;
	vigil_error err;
	size_t len;
	int k, rc = CLI_EXIT_USAGE, lrc;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil key show", argc, argv, 1,
	    show_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			key_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
	}
	if (p.npos != 1) {
		cli_usage_error(p.cmd, "give one key file");
		goto done;
	}
	len = strlen(p.pos[0]);
	/* NAME.key is a secret key (the password is asked if needed). */
	if (len > 4 && strcmp(p.pos[0] + len - 4, ".key") == 0) {
		lrc = vigil_trust_seckey_load(&sk, p.pos[0], cli_trust_password,
		    (void *)"Password: ", &err);
		if (lrc == 0)
			vigil_trust_seckey_pubkey(&pk, sk);
	} else {
		lrc = vigil_trust_pubkey_load(&pk, p.pos[0], &err);
	}
	if (lrc < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	vigil_trust_keyid_hex(id, pk.key_id);
	vigil_trust_pubkey_base64(b64, &pk);
	printf("key id %s\npublic key %s\n", id, b64);
	rc = cli_finish_stdout();
done:
	vigil_trust_seckey_free(sk);
	cli_parser_dispose(&p);
	return rc;
}

static int
key_public(int argc, char **argv)
{
	struct cli_parser p;
	const char *val, *out = NULL;
	int k, force = 0, rc = CLI_EXIT_USAGE, lrc;
	vigil_seckey *sk = NULL;
	vigil_pubkey pk;
	vigil_error err;

	vigil_error_clear(&err);
	if (cli_parser_init(&p, "vigil key public", argc, argv, 1,
	    public_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			key_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == 0)
			out = val;
		else
			force = 1;
	}
	if (p.npos != 1 || out == NULL) {
		cli_usage_error(p.cmd, "give one secret key file and -o FILE");
		goto done;
	}
	if ((lrc = vigil_trust_seckey_load(&sk, p.pos[0], cli_trust_password,
	    (void *)"Password: ", &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	vigil_trust_seckey_pubkey(&pk, sk);
	if ((lrc = vigil_trust_pubkey_save(out, &pk, force, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	rc = CLI_EXIT_OK;
done:
	vigil_trust_seckey_free(sk);
	cli_parser_dispose(&p);
	return rc;
}

static int
key_password(int argc, char **argv)
{
	struct cli_parser p;
	const char *val;
	char pw[VIGIL_TRUST_PASSWORD_MAX + 1];
	int k, nopw = 0, rc = CLI_EXIT_USAGE, lrc;
	vigil_trust_kdf kdf = VIGIL_TRUST_KDF_SENSITIVE;
	vigil_seckey *sk = NULL;
	vigil_error err;

	vigil_error_clear(&err);
	pw[0] = '\0';
	if (cli_parser_init(&p, "vigil key password", argc, argv, 1,
	    password_opts) < 0)
		return CLI_EXIT_SYSTEM;
	while ((k = cli_opt_next(&p, &val)) != CLI_OPT_END) {
		if (k == CLI_OPT_ERROR)
			goto done;
		if (k == CLI_OPT_HELP) {
			key_help(stdout);
			rc = cli_finish_stdout();
			goto done;
		}
		if (k == 0)
			nopw = 1;
		else if (parse_kdf(&kdf, p.cmd, val) != 0)
			goto done;
	}
	if (p.npos != 1) {
		cli_usage_error(p.cmd, "give one secret key file");
		goto done;
	}
	if ((lrc = vigil_trust_seckey_load(&sk, p.pos[0], cli_trust_password,
	    (void *)"Current password: ", &err)) < 0 ||
	    (!nopw && (lrc = cli_trust_new_password(pw, sizeof(pw),
	    "VIGIL_NEW_PASSWORD", &err)) < 0) ||
	    (lrc = vigil_trust_seckey_save(p.pos[0], sk, nopw ? NULL : pw,
	    nopw ? 0 : strlen(pw), kdf, 1, &err)) < 0) {
		cli_error_print(NULL, &err);
		rc = cli_exit_for(lrc);
		goto done;
	}
	fprintf(stderr, "vigil: %s is now %s\n", p.pos[0],
	    nopw ? "unencrypted" : "encrypted with the new password");
	rc = CLI_EXIT_OK;
done:
	explicit_bzero(pw, sizeof(pw));
	vigil_trust_seckey_free(sk);
	cli_parser_dispose(&p);
	return rc;
}

static const struct cli_sub key_subs[] = {
	{"generate", key_generate},
	{"show", key_show},
	{"public", key_public},
	{"password", key_password},
	{NULL, NULL}
};

static int
key_run(int argc, char **argv)
{
	return cli_subcommand(argc, argv, "key", key_help, key_subs);
}

const struct cli_cmd cli_cmd_key = {
	"key", "make and show signing keys (Ed25519, minisign format)",
	key_help, key_run
};
