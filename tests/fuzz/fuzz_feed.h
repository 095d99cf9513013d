/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The body shared by the feed importers' fuzz targets (fuzz_osv.c,
 * fuzz_nvd.c, fuzz_kev.c, fuzz_epss.c): each input is imported as one
 * document of KIND into an in-memory store (opened once), so that
 * checking and writing are both exercised, through the whole-document
 * and, for odd-sized inputs, the streaming (yajl) paths.
 */
#ifndef VIGIL_FUZZ_FEED_H
#define VIGIL_FUZZ_FEED_H

#include <stdint.h>
#include <string.h>

#include "vigil/vigil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_feed(vigil_feed_kind kind, const uint8_t *data, size_t size)
{
	static vigil_store *st;
	vigil_feed_opts o = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats s;
	vigil_error err;

	if (st == NULL && vigil_store_open(&st, ":memory:", 0, &err) != 0)
		return 0;
	memset(&s, 0, sizeof(s));
	o.max_file = (size_t)1 << 22;
	if (size & 1)
		o.stream_min = 0;
	(void)vigil_feed_import_buffer(&s, st, kind, "fuzz", data, size, &o,
	    &err);
	return 0;
}

#endif
