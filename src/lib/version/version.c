/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Scheme registry and the checks every scheme shares: length, emptiness,
 * and bytes no ecosystem allows in a version (NUL, control characters).
 * The comparison itself belongs to each scheme_<name>.c.
 */
#include <string.h>

#include "versionint.h"

static const struct vigil_scheme *const schemes[] = {
#define X(n) &vigil__scheme_##n,
#include "version_schemes.inc"
#undef X
	NULL
};

const vigil_scheme *
vigil_scheme_next(size_t *iter)
{
	const struct vigil_scheme *s = schemes[*iter];

	if (s != NULL)
		(*iter)++;
	return s;
}

static bool
in_list(const char *const *list, const char *s, size_t len, bool icase)
{
	for (; list != NULL && *list != NULL; list++)
		if (icase ? vgx_strieq(s, len, *list) : vgx_streq(s, len, *list))
			return true;
	return false;
}

const vigil_scheme *
vigil_scheme_find(const char *name, size_t len)
{
	const char *colon;
	size_t i, elen;

	if (name == NULL || len == 0)
		return NULL;
	for (i = 0; schemes[i] != NULL; i++)
		if (vgx_strieq(name, len, schemes[i]->name) ||
		    in_list(schemes[i]->aliases, name, len, true))
			return schemes[i];
	/* OSV: "Debian:12", "Alpine:v3.20", "Ubuntu:Pro:22.04:LTS" */
	colon = memchr(name, ':', len);
	elen = colon != NULL ? (size_t)(colon - name) : len;
	for (i = 0; schemes[i] != NULL; i++)
		if (in_list(schemes[i]->ecosystems, name, elen, false))
			return schemes[i];
	return NULL;
}

const char *
vigil_scheme_name(const vigil_scheme *scheme)
{
	return scheme->name;
}

static int
check_common(const vigil_scheme *scheme, const char *v, size_t len,
    const char *which, vigil_error *err)
{
	size_t i;

	if (len == 0)
		return vigil__error(err, VIGIL_EINVALID, "%s%s version is empty",
		    which, scheme->name);
	if (len > VIGIL_VERSION_MAX_LEN)
		return vigil__error(err, VIGIL_EINVALID,
		    "%s%s version is longer than %d bytes", which,
		    scheme->name, VIGIL_VERSION_MAX_LEN);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c < 0x20 || c == 0x7f)
			return vigil__error(err, VIGIL_EINVALID,
			    "%s%s version has a control byte 0x%02x at offset "
			    "%zu", which, scheme->name, c, i);
	}
	return 0;
}

int
vigil_version_validate(const vigil_scheme *scheme, const char *v, size_t len,
    vigil_error *err)
{
	int rc;

	if ((rc = check_common(scheme, v, len, "", err)) < 0)
		return rc;
	return scheme->validate(v, len, err);
}

int
vigil_version_compare(int *out, const vigil_scheme *scheme, const char *a,
    size_t alen, const char *b, size_t blen, vigil_error *err)
{
	int rc;

	*out = 0;
	if ((rc = check_common(scheme, a, alen, "first ", err)) < 0 ||
	    (rc = check_common(scheme, b, blen, "second ", err)) < 0)
		return rc;
	if ((rc = scheme->compare(out, a, alen, b, blen, err)) < 0) {
		*out = 0;
		return rc;
	}
	return 0;
}
