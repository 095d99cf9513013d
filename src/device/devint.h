/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internals shared by the device kit's files: big-endian numbers (every
 * multi-byte field in the kit's formats is big-endian) and a SHA-256 of
 * a few pieces in one call.
 */
#ifndef VIGIL_DEVINT_H
#define VIGIL_DEVINT_H

#include <stddef.h>
#include <stdint.h>

void vigil__dev_be16_store(uint8_t *out, unsigned v);
void vigil__dev_be32_store(uint8_t *out, uint32_t v);
void vigil__dev_be64_store(uint8_t *out, uint64_t v);
unsigned vigil__dev_be16_load(const uint8_t *in);
uint64_t vigil__dev_be64_load(const uint8_t *in);

/* OUT = SHA-256(A || B || C); B and C may be NULL with length 0.  0 or -1. */
int vigil__dev_sha256(uint8_t out[32], const uint8_t *a, size_t alen,
    const uint8_t *b, size_t blen, const uint8_t *c, size_t clen);

/* A + B, or UINT64_MAX when that overflows (deadlines near the end of
 * time stay in the future instead of wrapping to the past). */
uint64_t vigil__dev_add_sat(uint64_t a, uint64_t b);

/* Whether (s, len) is 1..len printable ASCII (0x20..0x7e). */
int vigil__dev_printable(const char *s, size_t len);

#endif
