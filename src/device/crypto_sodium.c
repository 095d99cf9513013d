/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto port (crypto_port.h) on libsodium: the host build of the
 * device kit, its tests, the simulator and the vigil command use this
 * one.  libsodium's Ed25519 verify rejects non-canonical signatures and
 * small-order keys; sodium_memcmp is constant-time; sodium_memzero is not
 * optimised away.
 */
#include <sodium.h>

#include "crypto_port.h"

typedef char sha256_state_fits[
    sizeof(crypto_hash_sha256_state) <= sizeof(struct vigil_port_sha256) ?
    1 : -1];

int
vigil_port_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
vigil_port_sha256_init(struct vigil_port_sha256 *st)
{
	return crypto_hash_sha256_init((crypto_hash_sha256_state *)st);
}

int
vigil_port_sha256_update(struct vigil_port_sha256 *st, const uint8_t *buf,
    size_t len)
{
	return crypto_hash_sha256_update((crypto_hash_sha256_state *)st, buf,
	    len);
}

int
vigil_port_sha256_final(struct vigil_port_sha256 *st, uint8_t out[32])
{
	int rc;

	rc = crypto_hash_sha256_final((crypto_hash_sha256_state *)st, out);
	sodium_memzero(st, sizeof(*st));
	return rc;
}

int
vigil_port_ed25519_verify(const uint8_t sig[64], const uint8_t *msg,
    size_t len, const uint8_t pk[32])
{
	return crypto_sign_verify_detached(sig, msg, len, pk);
}

int
vigil_port_ed25519_sign(uint8_t sig[64], const uint8_t *msg, size_t len,
    const uint8_t sk[64])
{
	return crypto_sign_detached(sig, NULL, msg, len, sk);
}

int
vigil_port_ed25519_seed_keypair(uint8_t pk[32], uint8_t sk[64],
    const uint8_t seed[32])
{
	return crypto_sign_seed_keypair(pk, sk, seed);
}

int
vigil_port_memeq(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len);
}

void
vigil_port_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}
