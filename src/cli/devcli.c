/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers for `vigil release` and `vigil device`: see devcli.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "devcli.h"
#include "trust_pass.h"

int
cli_dev_seckey(vigil_seckey **out, const char *path)
{
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_trust_seckey_load(out, path, cli_trust_password,
	    (void *)"Password: ", &err)) < 0) {
		cli_error_print(NULL, &err);
		return rc == VIGIL_EVERIFY ? CLI_EXIT_FAIL : cli_exit_for(rc);
	}
	return CLI_EXIT_OK;
}

int
cli_dev_pubkey(vigil_pubkey *out, const char *path)
{
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vigil_trust_pubkey_load(out, path, &err)) < 0) {
		cli_error_print(NULL, &err);
		return cli_exit_for(rc);
	}
	return CLI_EXIT_OK;
}

int
cli_dev_sign(uint8_t sig[64], const vigil_seckey *sk, const uint8_t *msg,
    size_t len)
{
	vigil_sign_opts opts = VIGIL_SIGN_OPTS_INIT;
	static vigil_minisig ms;	/* 9 KiB: not on the stack */
	vigil_pubkey pk;
	vigil_error err;
	char *text = NULL;
	size_t tlen;
	int rc;

	vigil_error_clear(&err);
	opts.alg = VIGIL_SIGALG_LEGACY;
	opts.trusted_comment = "vigil device kit";
	opts.timestamp = 1;
	if ((rc = vigil_trust_sign_buf(&text, &tlen, sk, msg, len, "message",
	    &opts, &err)) < 0 ||
	    (rc = vigil_trust_minisig_parse(&ms, text, tlen, &err)) < 0) {
		vigil_trust_text_free(text);
		cli_error_print(NULL, &err);
		return cli_exit_for(rc);
	}
	vigil_trust_text_free(text);
	vigil_trust_seckey_pubkey(&pk, sk);
	if (ms.alg != VIGIL_SIGALG_LEGACY ||
	    memcmp(ms.key_id, pk.key_id, sizeof(pk.key_id)) != 0) {
		cli_errorf("signing failed: unexpected signature format");
		return CLI_EXIT_SYSTEM;
	}
	memcpy(sig, ms.sig, 64);
	return CLI_EXIT_OK;
}

int
cli_dev_write(const char *path, const void *data, size_t len)
{
	struct cli_out o;
	int ex;

	if ((ex = cli_out_open(&o, path)) != 0)
		return ex;
	o.sync = true;
	return cli_out_close(&o, fwrite(data, 1, len, o.fp) == len);
}

int
cli_dev_read(uint8_t **out, size_t *len_out, const char *path, size_t max)
{
	vigil_error err;
	char *buf = NULL;
	int rc;

	vigil_error_clear(&err);
	if ((rc = vgx_file_read(&buf, len_out, path, max, &err)) < 0) {
		cli_error_print(NULL, &err);
		return rc == VIGIL_ETOOBIG ? CLI_EXIT_USAGE : cli_exit_for(rc);
	}
	*out = (uint8_t *)buf;
	return CLI_EXIT_OK;
}

int
cli_dev_unhex(uint8_t *out, size_t n, const char *s)
{
	size_t i;
	int hi, lo;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		if ((hi = vgx_hexval(s[2 * i])) < 0 ||
		    (lo = vgx_hexval(s[2 * i + 1])) < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
