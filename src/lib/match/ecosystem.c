/* SPDX-License-Identifier: Apache-2.0 */
/*
 * purl type to OSV ecosystem, and the package name as OSV writes it:
 * Maven "group:artifact", npm "@scope/name", Go and Packagist paths,
 * distro packages with the release from the `distro` qualifier
 * ("debian-12" or "bookworm" -> "Debian:12", alpine "3.20.1" ->
 * "Alpine:v3.20", almalinux "almalinux-9" -> "AlmaLinux:9").  Name case
 * and spelling are normalised by the store (vigil_store_name_normalize()),
 * not here.
 */
#include <stdio.h>
#include <string.h>

#include "vgx.h"
#include "matchint.h"

static const struct {
	const char *type;
	const char *eco;
	char join;		/* between namespace and name, 0: name only */
} langs[] = {
	{"bitnami", "Bitnami", 0},
	{"cargo", "crates.io", 0},
	{"composer", "Packagist", '/'},
	{"conan", "ConanCenter", 0},
	{"cran", "CRAN", 0},
	{"gem", "RubyGems", 0},
	{"githubactions", "GitHub Actions", '/'},
	{"golang", "Go", '/'},
	{"hackage", "Hackage", 0},
	{"hex", "Hex", 0},
	{"maven", "Maven", ':'},
	{"npm", "npm", '/'},
	{"nuget", "NuGet", 0},
	{"pub", "Pub", 0},
	{"pypi", "PyPI", 0},
	{"swift", "SwiftURL", '/'},
};

static const struct {
	const char *codename;
	const char *release;
} debian_codenames[] = {
	{"stretch", "9"}, {"buster", "10"}, {"bullseye", "11"},
	{"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},
};

static int
fail(char *eco, size_t cap, const char *why)
{
	snprintf(eco, cap, "%s", why);
	return VIGIL_ENOTFOUND;
}

/* The release part of a distro qualifier: "debian-12" -> "12". */
static const char *
release_of(const char *distro, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(distro, prefix, n) == 0 && distro[n] == '-')
		return distro + n + 1;
	return distro;
}

/* Leading "MAJOR.MINOR" (or "MAJOR" when WANT_MINOR is false) of R. */
static bool
major_minor(char *out, size_t cap, const char *r, bool want_minor)
{
	size_t n = 0;

	while (vgx_isdigit(r[n]))
		n++;
	if (n == 0)
		return false;
	if (want_minor) {
		if (r[n] != '.' || !vgx_isdigit(r[n + 1]))
			return false;
		n++;
		while (vgx_isdigit(r[n]))
			n++;
	}
	if (n >= cap)
		return false;
	memcpy(out, r, n);
	out[n] = '\0';
	return true;
}

static int
distro_eco(const vigil_purl *p, char *eco, size_t cap)
{
	const char *distro = vigil_purl_qualifier(p, "distro");
	const char *ns = p->ns != NULL ? p->ns : "";
	char rel[32];
	size_t i;

	if (strcmp(p->type, "deb") == 0) {
		const char *r;

		if (strcmp(ns, "debian") != 0 && strcmp(ns, "ubuntu") != 0)
			return fail(eco, cap, "deb purl of a distribution "
			    "vigil does not know (namespace debian or ubuntu)");
		if (distro == NULL)
			return fail(eco, cap, "deb purl without the distro "
			    "qualifier: the release is unknown");
		r = release_of(distro, ns);
		for (i = 0; i < VGX_ARRAY_SIZE(debian_codenames); i++)
			if (strcmp(r, debian_codenames[i].codename) == 0)
				r = debian_codenames[i].release;
		if (!major_minor(rel, sizeof(rel), r, ns[0] == 'u'))
			return fail(eco, cap, "deb purl with a distro "
			    "qualifier vigil cannot read");
		snprintf(eco, cap, "%s:%s", ns[0] == 'u' ? "Ubuntu" :
		    "Debian", rel);
		return 0;
	}
	if (strcmp(p->type, "apk") == 0) {
		if (strcmp(ns, "wolfi") == 0 || strcmp(ns, "chainguard") == 0) {
			snprintf(eco, cap, "%s", ns[0] == 'w' ? "Wolfi" :
			    "Chainguard");
			return 0;
		}
		if (strcmp(ns, "alpine") != 0)
			return fail(eco, cap, "apk purl of a distribution "
			    "vigil does not know");
		if (distro == NULL)
			return fail(eco, cap, "apk purl without the distro "
			    "qualifier: the release is unknown");
		distro = release_of(distro, "alpine");
		if (distro[0] == 'v')
			distro++;
		if (!major_minor(rel, sizeof(rel), distro, true))
			return fail(eco, cap, "apk purl with a distro "
			    "qualifier vigil cannot read");
		snprintf(eco, cap, "Alpine:v%s", rel);
		return 0;
	}
	/* rpm */
	if (strcmp(ns, "redhat") == 0) {
		snprintf(eco, cap, "Red Hat");
		return 0;
	}
	if (strcmp(ns, "opensuse") == 0 || strcmp(ns, "suse") == 0) {
		snprintf(eco, cap, "%s", ns[0] == 'o' ? "openSUSE" : "SUSE");
		return 0;
	}
	if (strcmp(ns, "almalinux") == 0 || strcmp(ns, "rocky") == 0 ||
	    strcmp(ns, "rocky-linux") == 0 || strcmp(ns, "mageia") == 0) {
		if (distro == NULL)
			return fail(eco, cap, "rpm purl without the distro "
			    "qualifier: the release is unknown");
		if (!major_minor(rel, sizeof(rel), release_of(distro, ns),
		    ns[0] == 'm'))
			return fail(eco, cap, "rpm purl with a distro "
			    "qualifier vigil cannot read");
		snprintf(eco, cap, "%s:%s", ns[0] == 'a' ? "AlmaLinux" :
		    ns[0] == 'r' ? "Rocky Linux" : "Mageia", rel);
		return 0;
	}
	return fail(eco, cap, "rpm purl of a distribution vigil does not "
	    "know");
}

int
vigil__purl_ecosystem(const vigil_purl *p, char *eco, char *name,
    size_t cap)
{
	size_t i;
	int n;

	for (i = 0; i < VGX_ARRAY_SIZE(langs); i++) {
		if (strcmp(p->type, langs[i].type) != 0)
			continue;
		if (langs[i].join != 0 && p->ns != NULL)
			n = snprintf(name, cap, "%s%c%s", p->ns, langs[i].join,
			    p->name);
		else if (langs[i].join == ':')
			return fail(eco, cap, "maven purl without a group");
		else
			n = snprintf(name, cap, "%s", p->name);
		if (n < 0 || (size_t)n >= cap)
			return fail(eco, cap, "package name too long");
		snprintf(eco, cap, "%s", langs[i].eco);
		return 0;
	}
	if (strcmp(p->type, "deb") == 0 || strcmp(p->type, "apk") == 0 ||
	    strcmp(p->type, "rpm") == 0) {
		/* OSV names distro packages by source package: purls carry
		 * it in `upstream` (syft) when it differs. */
		const char *up = vigil_purl_qualifier(p, "upstream");
		size_t ul;

		if (up == NULL)
			up = p->name;
		ul = strcspn(up, "@ (");
		if (ul == 0 || ul >= cap)
			return fail(eco, cap, "bad package name");
		memcpy(name, up, ul);
		name[ul] = '\0';
		return distro_eco(p, eco, cap);
	}
	snprintf(eco, cap, "purl type \"%s\" has no vulnerability "
	    "ecosystem vigil knows", p->type);
	return VIGIL_ENOTFOUND;
}
