/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: the NVD importer.  Each input is imported as one NVD
 * document into an in-memory store (opened once), so that checking and
 * writing are both exercised, through the whole-document and the
 * streaming paths.
 */
#include <stdint.h>
#include <string.h>

#include "vigil/vigil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vigil_store *st;
	vigil_feed_opts o = VIGIL_FEED_OPTS_INIT;
	vigil_feed_stats s;
	vigil_error err;

	if (st == NULL && vigil_store_open(&st, ":memory:", 0, &err) != 0)
		return 0;
	memset(&s, 0, sizeof(s));
	o.max_file = (size_t)1 << 22;
	/* Odd-sized inputs take the streaming (yajl) split. */
	if (size & 1)
		o.stream_min = 0;
	(void)vigil_feed_import_buffer(&s, st, VIGIL_FEED_NVD, "fuzz", data,
	    size, &o, &err);
	return 0;
}
