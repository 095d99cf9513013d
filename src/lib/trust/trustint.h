/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internals shared by the trust module's files (keys.c, sign.c, hash.c,
 * keyring.c, util.c): libsodium start-up, line splitting on (ptr, end),
 * exact-length base64, little-endian numbers, and the two ways a file is
 * written (created exclusively, or replaced atomically).
 */
#ifndef VIGIL_TRUSTINT_H
#define VIGIL_TRUSTINT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vigil/trust.h"
#include "vgx.h"

#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX "trusted comment: "

/* A secret key; always in sodium_malloc() memory. */
struct vigil_seckey {
	uint8_t key_id[VIGIL_TRUST_KEYID_BYTES];
	uint8_t sk[64];		/* Ed25519: seed[32] || public key[32] */
};

/* Initialise libsodium once (thread-safe); VIGIL_ERROR when it cannot. */
int vigil__trust_init(vigil_error *err);

/*
 * The next line of (*SP, END): *LINE and *LEN without the '\n' and a
 * trailing '\r'.  Moves *SP past the newline.  Returns 0 at the end.
 */
int vigil__trust_line(const char **sp, const char *end, const char **line,
    size_t *len);

/* Whether (s, len) holds only spaces, tabs, CR and LF. */
int vigil__trust_blank(const char *s, size_t len);

/*
 * Decode the base64 (s, len) (standard alphabet, padded, trailing spaces
 * and tabs ignored) into exactly WANT bytes at OUT.  Returns 0 or -1.
 */
int vigil__trust_b64_exact(uint8_t *out, size_t want, const char *s,
    size_t len);

void vigil__trust_le64_store(uint8_t out[8], uint64_t v);
uint64_t vigil__trust_le64_load(const uint8_t in[8]);

/*
 * Read the small file PATH (at most SIZE - 1 bytes) into BUF, NUL-
 * terminated; *LEN_OUT is its length.  Errors name the path: VIGIL_EIO,
 * VIGIL_ETOOBIG.  On failure BUF is wiped.
 */
int vigil__trust_read_small(char *buf, size_t size, size_t *len_out,
    const char *path, vigil_error *err);

/*
 * Write LEN bytes at DATA to PATH with MODE.  REPLACE false: create it
 * with O_EXCL (VIGIL_EEXISTS when it exists).  REPLACE true: write a
 * temporary file next to it and rename it over PATH, so that readers see
 * the old or the new file, never half of one.
 */
int vigil__trust_write_file(const char *path, const void *data, size_t len,
    mode_t mode, int replace, vigil_error *err);

/*
 * Name PATH in ERR's message: "PATH:LINE: message" when ERR has a line
 * (which is then cleared, being in the text), else "PATH: message".
 */
void vigil__trust_error_file(vigil_error *err, const char *path);

/* The last part of PATH (borrowed from PATH). */
const char *vigil__trust_basename(const char *path);

#endif
