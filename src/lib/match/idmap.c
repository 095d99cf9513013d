/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The identity map, data/identity/cpe-map.tsv, embedded at build time:
 * component names of C and embedded software to NVD CPE vendor and
 * product.  The one reader of the file (`sbom generate` uses it too).
 * Lines: part TAB vendor TAB product TAB names (space-separated).
 */
#include <string.h>

#include "vgx.h"
#include "embedded.h"
#include "vigil/match.h"

static const char *const allowed_types[] = {
	"alpm", "apk", "bitbucket", "conan", "deb", "generic", "github",
	"rpm"
};

bool
vigil_match_identity_allowed(const char *type)
{
	size_t i;

	if (type == NULL)
		return true;
	for (i = 0; i < VGX_ARRAY_SIZE(allowed_types); i++)
		if (strcmp(type, allowed_types[i]) == 0)
			return true;
	return false;
}

/* Copy [S, E) into OUT of CAP bytes; false when it does not fit. */
static bool
copy_field(char *out, size_t cap, const char *s, const char *e)
{
	if (e < s || (size_t)(e - s) >= cap)
		return false;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return true;
}

int
vigil_match_identity(const char *name, size_t i, char *part, char *vendor,
    char *product, size_t cap)
{
	const struct vgx_embedded *f =
	    vgx_embedded_find("identity/cpe-map.tsv");
	const char *p, *end, *next;
	size_t n = name != NULL ? strlen(name) : 0;

	if (f == NULL || n == 0)
		return 0;
	p = (const char *)f->data;
	end = p + f->size;
	for (; p < end; p = next) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl != NULL ? nl : end;
		const char *t1, *t2, *t3, *w;

		next = le + 1;

		if (*p == '#' || (t1 = memchr(p, '\t', (size_t)(le - p))) ==
		    NULL || (t2 = memchr(t1 + 1, '\t', (size_t)(le - t1 -
		    1))) == NULL || (t3 = memchr(t2 + 1, '\t', (size_t)(le -
		    t2 - 1))) == NULL || t1 - p != 1)
			continue;
		for (w = t3 + 1; w < le;) {
			const char *we = w;

			while (we < le && *we != ' ')
				we++;
			if ((size_t)(we - w) == n && vgx_strieq(w, n, name)) {
				if (i-- > 0)
					break;
				if (!copy_field(vendor, cap, t1 + 1, t2) ||
				    !copy_field(product, cap, t2 + 1, t3))
					return 0;
				part[0] = *p;
				part[1] = '\0';
				return 1;
			}
			w = we;
			while (w < le && *w == ' ')
				w++;
		}
	}
	return 0;
}
