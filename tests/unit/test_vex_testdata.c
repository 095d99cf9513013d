/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The VEX documents of ../shared/testdata, read in place: openvex-vexctl,
 * cyclonedx-bom-examples VEX, sbom-utility vex, intel-cve-bin-tool vex,
 * dependency-track vex-issue2549.json, anchore-grype csaf-vex/openvex.
 * Every one reads (except those that are not VEX: CycloneDX 1.3, a
 * placeholder justification), converts to each format and reads back with
 * the same statuses for its own products; figures are printed.  Known
 * answers are checked for the vexctl and grype examples, and the vexctl#105
 * regression on the vexctl CSAF document.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vgx.h"
#include "vigil/vigil.h"

static const char *const files[] = {
	"openvex-vexctl/examples/csaf/csaf.json",
	"openvex-vexctl/examples/csaf/openvex.json",
	"openvex-vexctl/examples/openvex/demo.vex.json",
	"openvex-vexctl/examples/openvex/document1.vex.json",
	"openvex-vexctl/examples/openvex/document2.vex.json",
	"anchore-grype/grype/db/processors/testdata/openvex.json",
	"anchore-grype/grype/db/processors/testdata/csaf-vex.json",
	"anchore-grype/grype/vex/testdata/vex-docs/openvex-package-product.json",
	"anchore-grype/grype/vex/testdata/vex-docs/openvex-demo1.json",
	"anchore-grype/grype/vex/testdata/vex-docs/openvex-demo2.json",
	"anchore-grype/grype/vex/testdata/vex-docs/csaf-demo1.json",
	"anchore-grype/grype/vex/testdata/vex-docs/csaf-demo2.json",
	"anchore-grype/grype/vex/testdata/vex-docs/openvex-debian.json",
	"anchore-grype/grype/vex/testdata/vex-docs/"
	    "openvex-image-no-subcomponents.json",
	"dependency-track/apiserver/src/test/resources/unit/"
	    "vex-issue2549.json",
};

/* Directories whose *.json are all read; NOTVEX names those that are not
 * VEX documents and must be refused. */
static const char *const dirs[] = {
	"cyclonedx-bom-examples/VEX",
	"sbom-utility/test/vex",
	"intel-cve-bin-tool/test/vex",
};
static const char *const notvex[] = {
	"cdx-1-3-", "VEX/bom.json",
};

static int nread, nstatements, nrefused, nconv;

static bool
is_notvex(const char *path)
{
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(notvex); i++)
		if (strstr(path, notvex[i]) != NULL)
			return true;
	return false;
}

/* Statuses of each statement's first product identified by its first
 * purl, before and after a round trip through every format. */
static void
roundtrip(const vigil_vex_doc *d, const char *path)
{
	vigil_vex_format f;
	size_t i;

	for (f = VIGIL_VEX_FORMAT_CYCLONEDX; f <= VIGIL_VEX_FORMAT_CSAF; f++) {
		vigil_vex_doc *d2 = NULL;
		char *text = NULL;
		vigil_error err;

		if (vigil_vex_write(&text, d, f, NULL, NULL, &err) < 0)
			fail_msg("%s: write %s: %s", path,
			    vigil_vex_format_name(f), err.msg);
		if (vigil_vex_read(&d2, text, strlen(text), f, NULL, &err) < 0)
			fail_msg("%s: reread %s: %s", path,
			    vigil_vex_format_name(f), err.msg);
		for (i = 0; i < d->nstatements; i++) {
			const vigil_vex_statement *st = &d->statements[i];
			const vigil_vex_doc *docs[2] = { d, d2 };
			vigil_vex_finding fi;
			vigil_vex_status st1;
			const char *purl = NULL;
			size_t k;

			for (k = 0; k < st->nproducts && purl == NULL; k++)
				if (st->products[k].nsubs == 0 &&
				    st->products[k].nidents > 0 &&
				    st->products[k].idents[0].kind ==
				    VIGIL_VEX_ID_PURL)
					purl = st->products[k].idents[0].value;
			if (purl == NULL)
				continue;
			memset(&fi, 0, sizeof(fi));
			fi.purl = purl;
			fi.vuln = st->vuln;
			assert_int_equal(vigil_vex_apply(&fi, 1, docs, 1, NULL,
			    NULL, NULL, NULL), 0);
			st1 = fi.status;
			assert_int_equal(vigil_vex_apply(&fi, 1, docs + 1, 1,
			    NULL, NULL, NULL, NULL), 0);
			if (fi.status != st1)
				fail_msg("%s via %s: %s %s was %s, now %s", path,
				    vigil_vex_format_name(f), st->vuln, purl,
				    vigil_vex_status_name(st1),
				    vigil_vex_status_name(fi.status));
		}
		nconv++;
		vigil_vex_text_free(text);
		vigil_vex_doc_free(d2);
	}
}

static void
read_one(const char *path)
{
	vigil_vex_doc *d = NULL;
	vigil_error err;
	int rc;

	vigil_error_clear(&err);
	rc = vigil_vex_read_file(&d, path, VIGIL_VEX_FORMAT_UNKNOWN, NULL,
	    &err);
	if (is_notvex(path)) {
		assert_true(rc < 0);
		nrefused++;
		return;
	}
	if (rc < 0)
		fail_msg("%s: %s (%s)", path, err.msg, err.path);
	nread++;
	nstatements += (int)d->nstatements;
	roundtrip(d, path);
	vigil_vex_doc_free(d);
}

static void
walk(const char *dir)
{
	struct dirent *de;
	DIR *dh;

	if ((dh = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dh)) != NULL) {
		char p[8192];
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
		if (n > 5 && strcmp(de->d_name + n - 5, ".json") == 0) {
			/* sbom-utility's "todo" holds a placeholder. */
			if (strstr(p, "/todo/") == NULL)
				read_one(p);
		} else if (strchr(de->d_name, '.') == NULL) {
			walk(p);
		}
	}
	closedir(dh);
}

static void
test_all(void **state)
{
	const char *base;
	char root[4096], p[8192];
	size_t i;

	(void)state;
	TESTDATA_OR_SKIP(base, "openvex-vexctl");
	snprintf(root, sizeof(root), "%s", base);
	*strrchr(root, '/') = '\0';
	for (i = 0; i < VGX_ARRAY_SIZE(files); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, files[i]);
		read_one(p);
	}
	for (i = 0; i < VGX_ARRAY_SIZE(dirs); i++) {
		snprintf(p, sizeof(p), "%s/%s", root, dirs[i]);
		walk(p);
	}
	print_message("shared VEX documents: %d read (%d statements), %d "
	    "refused as not VEX, %d conversions read back with the same "
	    "statuses\n", nread, nstatements, nrefused, nconv);
	assert_true(nread >= 50);
}

static void
test_known_answers(void **state)
{
	const char *path;
	vigil_vex_doc *d = NULL;
	const vigil_vex_doc *docs[1];
	vigil_vex_finding f[3];

	(void)state;
	TESTDATA_OR_SKIP(path, "openvex-vexctl/examples/csaf/csaf.json");
	assert_int_equal(vigil_vex_read_file(&d, path,
	    VIGIL_VEX_FORMAT_UNKNOWN, NULL, NULL), 0);
	docs[0] = d;
	memset(f, 0, sizeof(f));
	f[0].purl = "pkg:generic/component1@1.3.4";
	f[0].vuln = "CVE-2009-4487";
	/* vexctl#105: the statement is for component1 alone. */
	f[1].purl = "pkg:generic/component2@1.3.4";
	f[1].vuln = "CVE-2009-4487";
	f[2].purl = "pkg:generic/component1@1.3.5";
	f[2].vuln = "CVE-2009-4487";
	assert_int_equal(vigil_vex_apply(f, 3, docs, 1, NULL, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_NOT_AFFECTED);
	assert_int_equal(f[1].status, VIGIL_VEX_STATUS_NONE);
	assert_int_equal(f[2].status, VIGIL_VEX_STATUS_NONE);
	vigil_vex_doc_free(d);
	d = NULL;
	TESTDATA_OR_SKIP(path, "anchore-grype/grype/vex/testdata/vex-docs/"
	    "openvex-package-product.json");
	assert_int_equal(vigil_vex_read_file(&d, path,
	    VIGIL_VEX_FORMAT_UNKNOWN, NULL, NULL), 0);
	docs[0] = d;
	memset(f, 0, sizeof(f));
	f[0].purl = "pkg:apk/alpine/libcrypto3@3.0.8-r3?arch=x86_64";
	f[0].vuln = "CVE-2023-1255";
	f[1].purl = "pkg:apk/alpine/libssl3@3.0.8-r3";
	f[1].vuln = "CVE-2023-1255";
	assert_int_equal(vigil_vex_apply(f, 2, docs, 1, NULL, NULL, NULL,
	    NULL), 0);
	assert_int_equal(f[0].status, VIGIL_VEX_FIXED);
	assert_int_equal(f[1].status, VIGIL_VEX_STATUS_NONE);
	vigil_vex_doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_known_answers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
