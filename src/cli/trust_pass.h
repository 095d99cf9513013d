/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Passwords for secret keys, shared by `vigil key` and `vigil sign`:
 * from $VIGIL_PASSWORD, else asked on the terminal (/dev/tty) with echo
 * off.  Also the printing of untrusted text (comments) without control
 * characters.
 */
#ifndef VIGIL_CLI_TRUST_PASS_H
#define VIGIL_CLI_TRUST_PASS_H

#include <stddef.h>
#include <stdio.h>

#include "vigil/vigil.h"

/*
 * vigil_trust_password_cb: PAYLOAD is the prompt (a C string).  Returns 0
 * or VIGIL_EINVALID (no terminal and no $VIGIL_PASSWORD, or an empty
 * password).
 */
int cli_trust_password(char *buf, size_t size, void *payload,
    vigil_error *err);

/*
 * A new password: from the environment variable ENV when it is set, else
 * typed twice on the terminal.  Same results as cli_trust_password().
 */
int cli_trust_new_password(char *buf, size_t size, const char *env,
    vigil_error *err);

/* Write S to FP with control characters other than TAB as \xHH. */
void cli_trust_print_safe(FILE *fp, const char *s);

#endif
