/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Semantic Versioning 2.0.0 (https://semver.org/spec/v2.0.0.html), strictly:
 * MAJOR.MINOR.PATCH without leading zeros, an optional pre-release of
 * dot-separated identifiers, optional build metadata that precedence
 * ignores (section 10).  Numbers of any length compare by value.  OSV's
 * Bitnami and SwiftURL ecosystems and the purl type "swift" use it.  (A
 * purl "bitnami" version carries the package revision, "2.4.57-1", which
 * is not a SemVer pre-release, so that purl type is not mapped here.)
 */
#include "langint.h"

static int
semver_validate(const char *v, size_t len, vigil_error *err)
{
	struct vl_semver s;

	return vigil__vl_semver_parse(&s, v, len, 0, "semver", "", err);
}

static int
semver_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct vl_semver x, y;
	int rc;

	if ((rc = vigil__vl_semver_parse(&x, a, alen, 0, "semver",
	    "first ", err)) < 0 ||
	    (rc = vigil__vl_semver_parse(&y, b, blen, 0, "semver",
	    "second ", err)) < 0)
		return rc;
	*out = vigil__vl_semver_cmp(&x, &y);
	return 0;
}

static const char *const semver_aliases[] = { "swift", NULL };
static const char *const semver_ecosystems[] = { "Bitnami", "SwiftURL", NULL };

const struct vigil_scheme vigil__scheme_semver = {
	"semver", semver_aliases, semver_ecosystems, semver_validate,
	semver_compare
};
