/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Rust crates (crates.io) as the semver crate that Cargo uses parses them:
 * strict SemVer 2.0.0 with major, minor and patch limited to 64 bits (a
 * larger number is an error, as in semver::Version::parse).  Precedence
 * is SemVer precedence: build metadata is ignored, as Cargo does when it
 * matches requirements (the crate's Ord breaks ties on it; OSV ranges
 * do not).
 */
#include "langint.h"

static int
cargo_validate(const char *v, size_t len, vigil_error *err)
{
	struct vl_semver s;

	return vigil__vl_semver_parse(&s, v, len, VL_SV_U64, "cargo", "", err);
}

static int
cargo_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct vl_semver x, y;
	int rc;

	if ((rc = vigil__vl_semver_parse(&x, a, alen, VL_SV_U64, "cargo",
	    "first ", err)) < 0 ||
	    (rc = vigil__vl_semver_parse(&y, b, blen, VL_SV_U64, "cargo",
	    "second ", err)) < 0)
		return rc;
	*out = vigil__vl_semver_cmp(&x, &y);
	return 0;
}

static const char *const cargo_aliases[] = { "crates", "crates.io", "rust", NULL };
static const char *const cargo_ecosystems[] = { "crates.io", NULL };

const struct vigil_scheme vigil__scheme_cargo = {
	"cargo", cargo_aliases, cargo_ecosystems, cargo_validate,
	cargo_compare
};
