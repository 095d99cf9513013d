/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The device kit's only way to cryptography: SHA-256 (streamed), Ed25519
 * sign and verify, a constant-time comparison and a wipe that the
 * compiler keeps.  A port to another crypto library (Mbed TLS, a
 * vendor's accelerator HAL) replaces the one .c file that implements
 * this header; nothing else in src/device changes.
 *
 *   crypto_sodium.c          libsodium (host builds, tests, the simulator)
 *   crypto_port_linkcheck.c  Arm link check only: every call fails
 *
 * Contract for implementers: return 0 on success and nonzero on failure;
 * never allocate from a heap the firmware does not own; keep the SHA-256
 * state within struct vigil_port_sha256 (128 bytes, 8-byte aligned);
 * vigil_port_ed25519_verify() must reject non-canonical signatures
 * (S >= L) and run in time independent of secret data (the public inputs
 * may leak).
 */
#ifndef VIGIL_DEVICE_CRYPTO_PORT_H
#define VIGIL_DEVICE_CRYPTO_PORT_H

#include <stddef.h>
#include <stdint.h>

/* Opaque SHA-256 state, large enough for libsodium's (104 bytes). */
struct vigil_port_sha256 {
	uint64_t opaque[16];
};

/* Set up the library once; may be called again.  0 or nonzero. */
int vigil_port_init(void);

int vigil_port_sha256_init(struct vigil_port_sha256 *st);
int vigil_port_sha256_update(struct vigil_port_sha256 *st,
    const uint8_t *buf, size_t len);
/* Writes 32 bytes to OUT and wipes ST. */
int vigil_port_sha256_final(struct vigil_port_sha256 *st, uint8_t out[32]);

/* 0 when SIG (64 bytes) is PK's (32 bytes) Ed25519 signature of MSG. */
int vigil_port_ed25519_verify(const uint8_t sig[64], const uint8_t *msg,
    size_t len, const uint8_t pk[32]);

/* SIG = Ed25519 signature of MSG with SK (seed[32] || public key[32]). */
int vigil_port_ed25519_sign(uint8_t sig[64], const uint8_t *msg, size_t len,
    const uint8_t sk[64]);

/* SK (seed || pk) and PK from a 32-byte SEED. */
int vigil_port_ed25519_seed_keypair(uint8_t pk[32], uint8_t sk[64],
    const uint8_t seed[32]);

/* 0 when the LEN bytes at A and B are equal; time depends on LEN only. */
int vigil_port_memeq(const void *a, const void *b, size_t len);

/* Zero LEN bytes at P in a way the compiler cannot drop. */
void vigil_port_wipe(void *p, size_t len);

#endif
