/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The body shared by the VEX readers' fuzz targets (fuzz_cdxvex.c,
 * fuzz_openvex.c, fuzz_csaf.c): read the input as FORMAT; when it reads,
 * write it in each of the three formats and check that vigil reads every
 * one of them back (abort otherwise: what vigil writes, vigil reads).
 */
#ifndef VIGIL_FUZZ_VEX_H
#define VIGIL_FUZZ_VEX_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/vex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_vex(vigil_vex_format format, const uint8_t *data, size_t size)
{
	vigil_vex_read_opts o = VIGIL_VEX_READ_OPTS_INIT;
	vigil_vex_doc *d = NULL, *d2;
	vigil_vex_format f;
	char *text;

	o.max_doc = 1u << 20;
	o.max_statements = 1000;
	if (vigil_vex_read(&d, (const char *)data, size, format, &o, NULL) < 0)
		return 0;
	for (f = VIGIL_VEX_FORMAT_CYCLONEDX; f <= VIGIL_VEX_FORMAT_CSAF; f++) {
		text = NULL;
		d2 = NULL;
		if (vigil_vex_write(&text, d, f, NULL, NULL, NULL) < 0)
			continue;	/* out of memory only */
		if (vigil_vex_read(&d2, text, strlen(text), f, NULL, NULL) < 0)
			abort();
		vigil_vex_doc_free(d2);
		vigil_vex_text_free(text);
	}
	vigil_vex_doc_free(d);
	return 0;
}

#endif
