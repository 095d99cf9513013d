/* SPDX-License-Identifier: Apache-2.0 */
/*
 * --require-signature for the commands that read documents from outside
 * (vigil sbom check, vigil db import, vigil scan): every input file must
 * carry a FILE.minisig made by a trusted key (docs/signing.md: the trusted
 * key directories).  An unsigned or tampered input is refused before it is
 * read, with a message that says which and why.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int
cli_require_signatures(char **paths, int n)
{
	vigil_keyring *keys = NULL;
	vigil_error err;
	int i, ex = CLI_EXIT_OK;

	vigil_error_clear(&err);
	if (vigil_keyring_load_default(&keys, &err) < 0) {
		cli_error_print("--require-signature", &err);
		return CLI_EXIT_FAIL;
	}
	for (i = 0; i < n && ex == CLI_EXIT_OK; i++) {
		struct stat st;
		int rc;

		if (strcmp(paths[i], "-") == 0) {
			cli_errorf("--require-signature: standard input cannot "
			    "carry a signature; give a file");
			ex = CLI_EXIT_FAIL;
			break;
		}
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			cli_errorf("%s: --require-signature takes signed files, "
			    "not a directory (sign an archive of it)", paths[i]);
			ex = CLI_EXIT_FAIL;
			break;
		}
		vigil_error_clear(&err);
		rc = vigil_trust_require_signature(NULL, paths[i], keys, &err);
		if (rc < 0) {
			cli_error_print(paths[i], &err);
			ex = rc == VIGIL_EVERIFY ? CLI_EXIT_FAIL :
			    cli_exit_for(rc);
		}
	}
	vigil_keyring_free(keys);
	return ex;
}
