/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SBOM readers against the real-world documents in ../shared/testdata,
 * read in place:
 *   - cyclonedx-specification 1.2-1.6: every valid-* file passes the
 *     strict check and every invalid-* (and skip_invalid-*) file fails it,
 *     with the licence ids of the official spdx.schema.json loaded from
 *     the schema folder at run time;
 *   - cyclonedx-bom-examples, sbomqs, sbom-utility, sbom-scorecard,
 *     spdx-spec, spdx-examples, intel-cve-bin-tool, dependency-track,
 *     osv-scalibr: every SBOM loads for use (lenient), except the files
 *     that are not well-formed (named syntax-err, invalid, bom-invalid)
 *     or not of the format they claim (invalid-bomformat, the SPDX JSON
 *     schema), which must fail; files that are not SBOMs (OSV, NVD, OpenVEX,
 *     schemas, RDF, YAML, SWID) are counted as such.
 * The figures are printed.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "vigil/vigil.h"

struct tally {
	size_t files, loaded, rejected, not_sbom, wrong;
	size_t components;
};

static char **lic;
static size_t nlic;

static bool
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

static bool
is_sbom_file(const char *name)
{
	return ends_with(name, ".json") || ends_with(name, ".xml") ||
	    ends_with(name, ".spdx") || ends_with(name, ".tv");
}

/* Whether the content is one of the formats vigil reads. */
static bool
looks_like_sbom(const char *path)
{
	char buf[65536];
	vigil_sbom_format f;
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	if (vigil_sbom_detect(&f, buf, n) == 0)
		return true;
	/* JSON whose format keys come late: read it to know. */
	return n > 0 && buf[0] == '{' && (strstr(path, "bom") != NULL ||
	    strstr(path, "spdx") != NULL);
}

static int
read_file(const char *path, bool strict, size_t *ncomp, vigil_error *err)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *d = NULL;
	int rc;

	o.flags = strict ? VIGIL_SBOM_STRICT : 0;
	o.license_ids = (const char *const *)lic;
	o.nlicense_ids = nlic;
	rc = vigil_sbom_read(&d, path, &o, err);
	if (d != NULL && ncomp != NULL)
		*ncomp += vigil_sbom_seen(d);
	vigil_sbom_free(d);
	return rc;
}

static void
walk(const char *dir, struct tally *t, void (*fn)(const char *,
    const char *, struct tally *))
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[4096];
	struct stat st;

	if (dp == NULL)
		return;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' ||
		    (e->d_name[1] == '.' && e->d_name[2] == '\0')))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, t, fn);
		else if (S_ISREG(st.st_mode) && is_sbom_file(e->d_name))
			fn(path, e->d_name, t);
	}
	closedir(dp);
}

static void
spec_file(const char *path, const char *name, struct tally *t)
{
	vigil_error err;
	bool valid = strncmp(name, "valid-", 6) == 0;
	int rc;

	if (!valid && strncmp(name, "invalid-", 8) != 0 &&
	    strncmp(name, "skip_invalid-", 13) != 0)
		return;
	t->files++;
	memset(&err, 0, sizeof(err));
	rc = read_file(path, true, &t->components, &err);
	if (rc == 0)
		t->loaded++;
	else
		t->rejected++;
	if ((rc == 0) != valid) {
		t->wrong++;
		print_message("WRONG: %s: %s\n", path, rc == 0 ?
		    "accepted" : err.msg);
	}
}

static void
test_cyclonedx_spec(void **state)
{
	static const char *const vers[] = { "1.2", "1.3", "1.4", "1.5",
	    "1.6" };
	const char *schema, *base;
	char sp[4096], dir[4096];
	vigil_error err;
	size_t i;

	(void)state;
	TESTDATA_OR_SKIP(schema, "cyclonedx-specification/schema");
	snprintf(sp, sizeof(sp), "%s/spdx.schema.json", schema);
	assert_int_equal(vigil_sbom_license_list_load(&lic, &nlic, sp, &err),
	    0);
	assert_true(nlic > 500);
	for (i = 0; i < sizeof(vers) / sizeof(vers[0]); i++) {
		struct tally t;

		memset(&t, 0, sizeof(t));
		snprintf(dir, sizeof(dir), "cyclonedx-specification/"
		    "test-resources/%s", vers[i]);
		base = vt_testdata(dir);
		assert_non_null(base);
		walk(base, &t, spec_file);
		print_message("cyclonedx-specification %s: %zu files, %zu valid "
		    "accepted, %zu invalid rejected, %zu wrong\n", vers[i],
		    t.files, t.loaded, t.rejected, t.wrong);
		assert_true(t.files > 40);
		assert_int_equal(t.wrong, 0);
	}
	vigil_sbom_license_list_free(lic);
	lic = NULL;
	nlic = 0;
}

/*
 * Files that must not load, by their upstream names: not well-formed, or
 * not CycloneDX at all (bomFormat), or a JSON schema that mentions
 * spdxVersion but is no SPDX document.
 */
static bool
known_broken(const char *path)
{
	return strstr(path, "syntax-err") != NULL ||
	    strstr(path, "invalid-bomformat-") != NULL ||
	    strstr(path, "/schemas/spdx-schema.json") != NULL ||
	    ends_with(path, "sbom-scorecard/examples/invalid.json") ||
	    ends_with(path, "unit/bom-invalid.json");
}

static void
use_file(const char *path, const char *name, struct tally *t)
{
	vigil_error err;
	int rc;

	(void)name;
	if (!looks_like_sbom(path)) {
		t->not_sbom++;
		return;
	}
	t->files++;
	memset(&err, 0, sizeof(err));
	rc = read_file(path, false, &t->components, &err);
	if (rc == VIGIL_EINVALID && strstr(err.msg, "not an SBOM") != NULL) {
		t->files--;
		t->not_sbom++;
		return;
	}
	if (rc == 0)
		t->loaded++;
	else
		t->rejected++;
	if ((rc == 0) == known_broken(path)) {
		t->wrong++;
		print_message("WRONG: %s: %s\n", path, rc == 0 ? "accepted" :
		    err.msg);
	}
}

static void
test_corpus_for_use(void **state)
{
	static const char *const dirs[] = { "cyclonedx-bom-examples",
	    "sbomqs", "sbom-utility", "sbom-scorecard", "spdx-spec",
	    "spdx-examples", "intel-cve-bin-tool", "dependency-track",
	    "osv-scalibr/extractor/filesystem/sbom", "osv-scalibr/binary",
	    "cyclonedx-specification/test-resources" };
	struct tally all;
	size_t i;

	(void)state;
	memset(&all, 0, sizeof(all));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		const char *base = vt_testdata(dirs[i]);
		struct tally t;

		if (base == NULL) {
			print_message("SKIP: %s is not here\n", dirs[i]);
			continue;
		}
		memset(&t, 0, sizeof(t));
		walk(base, &t, use_file);
		print_message("%s: %zu SBOMs, %zu loaded, %zu rejected "
		    "(%zu components); %zu other files; %zu wrong\n", dirs[i],
		    t.files, t.loaded, t.rejected, t.components, t.not_sbom,
		    t.wrong);
		all.files += t.files;
		all.loaded += t.loaded;
		all.wrong += t.wrong;
		all.components += t.components;
	}
	if (all.files == 0)
		skip();
	print_message("all: %zu SBOMs, %zu loaded, %zu components, %zu "
	    "wrong\n", all.files, all.loaded, all.components, all.wrong);
	assert_int_equal(all.wrong, 0);
}

/* The SPDX spec's example in JSON and tag-value is the same document. */
static void
test_spdx_json_equals_tv(void **state)
{
	const char *j, *tv;
	char jp[4096];
	vigil_sbom *a = NULL, *b = NULL;
	vigil_error err;
	size_t i, na, nb;

	(void)state;
	TESTDATA_OR_SKIP(j, "spdx-spec/v2.3/examples/SPDXJSONExample-v2.3."
	    "spdx.json");
	snprintf(jp, sizeof(jp), "%s", j);
	TESTDATA_OR_SKIP(tv, "spdx-spec/v2.3/examples/SPDXTagExample-v2.3."
	    "spdx");
	assert_int_equal(vigil_sbom_read(&a, jp, NULL, &err), 0);
	assert_int_equal(vigil_sbom_read(&b, tv, NULL, &err), 0);
	assert_int_equal(vigil_sbom_count(a), vigil_sbom_count(b));
	for (i = 0; i < vigil_sbom_count(a); i++) {
		const vigil_sbom_component *x = vigil_sbom_at(a, i);
		const vigil_sbom_component *y = vigil_sbom_at(b, i);

		assert_string_equal(x->name, y->name);
		assert_string_equal(x->ref, y->ref);
		assert_int_equal(x->nhashes, y->nhashes);
		assert_int_equal(x->ncpes, y->ncpes);
		if (x->purl != NULL || y->purl != NULL)
			assert_string_equal(x->purl, y->purl);
	}
	vigil_sbom_edges(a, &na);
	vigil_sbom_edges(b, &nb);
	assert_int_equal(na, nb);
	print_message("SPDX 2.3 example: %zu packages, %zu edges in both "
	    "JSON and tag-value\n", vigil_sbom_count(a), na);
	vigil_sbom_free(a);
	vigil_sbom_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cyclonedx_spec),
		cmocka_unit_test(test_corpus_for_use),
		cmocka_unit_test(test_spdx_json_equals_tv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
