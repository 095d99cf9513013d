/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz the minisign parsers: the same bytes as a .minisig file, a .pub
 * file (or bare base64 key) and an unencrypted .key file.  An encrypted
 * key stops before scrypt (no password callback), so each run is fast.
 * When the input parses as a signature it is also verified against a fixed
 * key, over the input itself, to exercise the verify path.
 */
#include <stdint.h>
#include <string.h>

#include "vigil/vigil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vigil_minisig sig;
	const char *buf = (const char *)data;
	vigil_seckey *sk = NULL;
	vigil_pubkey pk;
	vigil_error err;

	if (vigil_trust_minisig_parse(&sig, buf, size, &err) == 0) {
		memset(&pk, 0x42, sizeof(pk));
		memcpy(pk.key_id, sig.key_id, sizeof(pk.key_id));
		if (vigil_trust_verify_buf(&pk, data, size, &sig, &err) == 0)
			__builtin_trap();	/* a forgery for a fixed key */
	}
	(void)vigil_trust_pubkey_parse(&pk, buf, size, &err);
	if (vigil_trust_seckey_parse(&sk, buf, size, NULL, NULL, &err) == 0)
		vigil_trust_seckey_free(sk);
	(void)vigil_trust_seckey_is_encrypted(buf, size);
	return 0;
}
