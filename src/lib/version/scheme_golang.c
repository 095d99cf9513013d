/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Go module versions as golang.org/x/mod/semver compares them: SemVer
 * 2.0.0 with a "v" prefix (optional here, because OSV's Go ecosystem
 * drops it), the shorthands v1 and v1.2 (= v1.0.0, v1.2.0), numbers of any
 * length.  "+incompatible" is build metadata and so ignored; pseudo-
 * versions (v0.0.0-20191109021931-daa7c04131f5, vX.Y.Z-pre.0.yyyymmdd...)
 * are ordinary pre-releases and order by SemVer precedence, which is how
 * the go command orders them.  semver.Compare sorts invalid versions
 * below valid ones; vigil reports them as errors instead.
 */
#include "langint.h"

#define GO_FLAGS (VL_SV_VPREFIX | VL_SV_SHORT)

static int
golang_validate(const char *v, size_t len, vigil_error *err)
{
	struct vl_semver s;

	return vigil__vl_semver_parse(&s, v, len, GO_FLAGS, "golang", "", err);
}

static int
golang_compare(int *out, const char *a, size_t alen, const char *b,
    size_t blen, vigil_error *err)
{
	struct vl_semver x, y;
	int rc;

	if ((rc = vigil__vl_semver_parse(&x, a, alen, GO_FLAGS, "golang",
	    "first ", err)) < 0 ||
	    (rc = vigil__vl_semver_parse(&y, b, blen, GO_FLAGS, "golang",
	    "second ", err)) < 0)
		return rc;
	*out = vigil__vl_semver_cmp(&x, &y);
	return 0;
}

static const char *const golang_aliases[] = { "go", NULL };
static const char *const golang_ecosystems[] = { "Go", NULL };

const struct vigil_scheme vigil__scheme_golang = {
	"golang", golang_aliases, golang_ecosystems, golang_validate,
	golang_compare
};
