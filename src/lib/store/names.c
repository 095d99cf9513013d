/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Package-name normalisation per ecosystem: the one place where the rules
 * live, used both when affected entries are written and when the matcher
 * asks, so that "Django", "django" and (for PyPI) "zope.interface" and
 * "Zope_Interface" meet at one key.
 *
 * PyPI: PEP 503 "Normalized Names": lower case, every run of `-`, `_`,
 * `.` becomes one `-`.  Registries whose names are case-insensitive are
 * lower-cased: NuGet (package ids), Packagist (vendor/package), crates.io,
 * Pub, Hex, and the Linux distributions (Debian, Ubuntu, Alpine, RPM
 * based).  Everywhere else (Go module paths, npm, Maven group:artifact,
 * RubyGems, Hackage, GitHub Actions, ...) the name is kept as written.
 */
#include <string.h>

#include "vgx.h"
#include "vigil/store.h"

enum rule { KEEP, LOWER, PEP503 };

static const struct {
	const char *eco;
	enum rule rule;
} rules[] = {
	{"PyPI", PEP503},
	{"NuGet", LOWER},
	{"Packagist", LOWER},
	{"crates.io", LOWER},
	{"Pub", LOWER},
	{"Hex", LOWER},
	{"Debian", LOWER},
	{"Ubuntu", LOWER},
	{"Alpine", LOWER},
	{"AlmaLinux", LOWER},
	{"Rocky Linux", LOWER},
	{"Red Hat", LOWER},
	{"openSUSE", LOWER},
	{"SUSE", LOWER},
	{"Mageia", LOWER},
	{"Wolfi", LOWER},
	{"Chainguard", LOWER},
	{"Photon OS", LOWER},
	{"Bitnami", LOWER},
};

int
vigil_store_ecosystem_base(char *out, size_t outsz, const char *ecosystem)
{
	const char *c = strchr(ecosystem, ':');
	size_t n = c != NULL ? (size_t)(c - ecosystem) : strlen(ecosystem);

	if (n >= outsz)
		return VIGIL_ETOOBIG;
	memcpy(out, ecosystem, n);
	out[n] = '\0';
	return 0;
}

static enum rule
rule_for(const char *ecosystem)
{
	const char *c = strchr(ecosystem, ':');
	size_t n = c != NULL ? (size_t)(c - ecosystem) : strlen(ecosystem);
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(rules); i++)
		if (vgx_streq(ecosystem, n, rules[i].eco))
			return rules[i].rule;
	return KEEP;
}

int
vigil_store_name_normalize(char *out, size_t outsz, const char *ecosystem,
    const char *name, size_t len)
{
	enum rule r = rule_for(ecosystem);
	size_t i, o = 0;

	if (len == 0 || memchr(name, '\0', len) != NULL)
		return VIGIL_EINVALID;
	for (i = 0; i < len; i++) {
		int c = (unsigned char)name[i];

		if (r == PEP503 && (c == '-' || c == '_' || c == '.')) {
			while (i + 1 < len && (name[i + 1] == '-' ||
			    name[i + 1] == '_' || name[i + 1] == '.'))
				i++;
			c = '-';
		} else if (r != KEEP) {
			c = vgx_tolower(c);
		}
		if (o + 1 >= outsz)
			return VIGIL_ETOOBIG;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}
