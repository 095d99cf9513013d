/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hex packages (Erlang/Elixir), versioned by Elixir's Version module:
 * strict SemVer 2.0.0, integers of any size, no leading zeros, build
 * metadata ignored by Version.compare/2.
 */
#include "langint.h"

static int
hex_validate(const char *v, size_t len, vigil_error *err)
{
	struct vl_semver s;

	return vigil__vl_semver_parse(&s, v, len, 0, "hex", "", err);
}

static int
hex_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct vl_semver x, y;
	int rc;

	if ((rc = vigil__vl_semver_parse(&x, a, alen, 0, "hex",
	    "first ", err)) < 0 ||
	    (rc = vigil__vl_semver_parse(&y, b, blen, 0, "hex",
	    "second ", err)) < 0)
		return rc;
	*out = vigil__vl_semver_cmp(&x, &y);
	return 0;
}

static const char *const hex_aliases[] = { "elixir", "erlang", NULL };
static const char *const hex_ecosystems[] = { "Hex", NULL };

const struct vigil_scheme vigil__scheme_hex = {
	"hex", hex_aliases, hex_ecosystems, hex_validate,
	hex_compare
};
