/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LINK CHECK ONLY, NOT A CRYPTO IMPLEMENTATION.  The Arm Cortex-M build
 * (scripts/build-device-arm) compiles the device kit against
 * crypto_port.h and links it with this "board support" stub to prove
 * that the kit builds and links for the target with newlib and no heap.
 * Debian packages no crypto library for arm-none-eabi, and the project
 * does not copy one in; a real firmware replaces this file with a port
 * to its vendor's library or accelerator (docs/device-kit.md, Porting).
 *
 * Every function fails, so a firmware linked with this file by mistake
 * refuses every manifest, command and log write instead of accepting
 * them.  vigil_port_wipe() and vigil_port_memeq() are real, being plain
 * C.
 */
#include "crypto_port.h"

int
vigil_port_init(void)
{
	return -1;
}

int
vigil_port_sha256_init(struct vigil_port_sha256 *st)
{
	(void)st;
	return -1;
}

int
vigil_port_sha256_update(struct vigil_port_sha256 *st, const uint8_t *buf,
    size_t len)
{
	(void)st;
	(void)buf;
	(void)len;
	return -1;
}

int
vigil_port_sha256_final(struct vigil_port_sha256 *st, uint8_t out[32])
{
	vigil_port_wipe(out, 32);
	vigil_port_wipe(st, sizeof(*st));
	return -1;
}

int
vigil_port_ed25519_verify(const uint8_t sig[64], const uint8_t *msg,
    size_t len, const uint8_t pk[32])
{
	(void)sig;
	(void)msg;
	(void)len;
	(void)pk;
	return -1;
}

int
vigil_port_ed25519_sign(uint8_t sig[64], const uint8_t *msg, size_t len,
    const uint8_t sk[64])
{
	(void)msg;
	(void)len;
	(void)sk;
	vigil_port_wipe(sig, 64);
	return -1;
}

int
vigil_port_ed25519_seed_keypair(uint8_t pk[32], uint8_t sk[64],
    const uint8_t seed[32])
{
	(void)seed;
	vigil_port_wipe(pk, 32);
	vigil_port_wipe(sk, 64);
	return -1;
}

int
vigil_port_memeq(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a;
	const volatile uint8_t *y = b;
	uint8_t d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= (uint8_t)(x[i] ^ y[i]);
	return d != 0;
}

void
vigil_port_wipe(void *p, size_t len)
{
	volatile uint8_t *v = p;

	while (len-- > 0)
		*v++ = 0;
}
