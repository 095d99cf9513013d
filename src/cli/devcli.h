/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers shared by `vigil release` and `vigil device` (the manufacturer's
 * and the controller's side of the device security kit): minisign keys
 * used as raw Ed25519 keys, files written atomically, hex.  Each prints
 * its own error message and returns an exit status (0 on success).
 */
#ifndef VIGIL_CLI_DEVCLI_H
#define VIGIL_CLI_DEVCLI_H

#include <stddef.h>
#include <stdint.h>

#include "vigil/vigil.h"

/* Load a secret key (password from $VIGIL_PASSWORD or the terminal). */
int cli_dev_seckey(vigil_seckey **out, const char *path);

/* Load a public key file. */
int cli_dev_pubkey(vigil_pubkey *out, const char *path);

/*
 * SIG = the plain Ed25519 signature of the LEN bytes at MSG by SK: a
 * minisign legacy ("Ed") signature is exactly that, so the trust
 * module's signer is used and its signature field taken.
 */
int cli_dev_sign(uint8_t sig[64], const vigil_seckey *sk, const uint8_t *msg,
    size_t len);

/* Write LEN bytes to PATH whole or not at all (cli_out, synced). */
int cli_dev_write(const char *path, const void *data, size_t len);

/* Read PATH (at most MAX bytes); *OUT is vgx_free'd by the caller. */
int cli_dev_read(uint8_t **out, size_t *len_out, const char *path,
    size_t max);

/* Parse exactly 2*N hex digits of S into OUT; 0 or -1. */
int cli_dev_unhex(uint8_t *out, size_t n, const char *s);

#endif
