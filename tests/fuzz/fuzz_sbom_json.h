/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The body shared by the JSON SBOM readers' fuzz targets
 * (fuzz_sbom_cdx_json.c, fuzz_sbom_spdx_json.c, fuzz_sbom_spdx3.c): read
 * the input as FORMAT, strict so that every check runs, with limits small
 * enough for the fuzzer to reach, once in the calling thread and once
 * with a parsing thread (VIGIL_SBOM_THREADS), and abort if the two reads
 * differ in anything they show: status, error, diagnostics (positions
 * and texts, as a digest) or components.
 */
#ifndef VIGIL_FUZZ_SBOM_JSON_H
#define VIGIL_FUZZ_SBOM_JSON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vigil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_read {
	int rc;
	vigil_error err;
	uint64_t digest;	/* of the diagnostics, in order */
	size_t ndiags, count, seen;
};

static void
fuzz_mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0)
		*h = (*h ^ *s++) * 1099511628211ull;	/* FNV-1a */
}

static void
fuzz_on_diag(void *ctx, const vigil_sbom_diag *d)
{
	struct fuzz_read *f = ctx;

	f->ndiags++;
	fuzz_mix(&f->digest, &d->line, sizeof(d->line));
	fuzz_mix(&f->digest, &d->column, sizeof(d->column));
	fuzz_mix(&f->digest, d->pointer, strlen(d->pointer));
	fuzz_mix(&f->digest, d->msg, strlen(d->msg));
}

static void
fuzz_read_once(struct fuzz_read *f, vigil_sbom_format format, unsigned flags,
    const uint8_t *data, size_t size)
{
	vigil_sbom_opts o = VIGIL_SBOM_OPTS_INIT;
	vigil_sbom *doc = NULL;

	memset(f, 0, sizeof(*f));
	f->digest = 14695981039346656037ull;
	vigil_error_clear(&f->err);
	o.format = format;
	o.flags = VIGIL_SBOM_STRICT | flags;
	o.max_depth = 64;
	o.max_string = 4096;
	o.max_components = 1000;
	o.max_diags = 50;
	o.on_diag = fuzz_on_diag;
	o.ctx = f;
	f->rc = vigil_sbom_read_mem(&doc, (const char *)data, size, &o,
	    &f->err);
	if (doc != NULL) {
		f->count = vigil_sbom_count(doc);
		f->seen = vigil_sbom_seen(doc);
	}
	vigil_sbom_free(doc);
}

static int
fuzz_sbom_json(vigil_sbom_format format, const uint8_t *data, size_t size)
{
	struct fuzz_read one, two;

	fuzz_read_once(&one, format, VIGIL_SBOM_ONE_THREAD, data, size);
	fuzz_read_once(&two, format, VIGIL_SBOM_THREADS, data, size);
	if (one.rc != two.rc || one.err.code != two.err.code ||
	    one.err.line != two.err.line || one.err.column !=
	    two.err.column || strcmp(one.err.msg, two.err.msg) != 0 ||
	    strcmp(one.err.path, two.err.path) != 0 || one.digest !=
	    two.digest || one.ndiags != two.ndiags || one.count != two.count
	    || one.seen != two.seen)
		abort();
	return 0;
}

#endif
