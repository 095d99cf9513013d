/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: JSON Pointer to line/column on arbitrary (also malformed)
 * text.  The input is "POINTER\nTEXT"; the pointer is looked up one by one
 * and together with a few fixed ones in one pass, and when the text is
 * JSON the two answers must agree.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	char ptr[256];
	const char *ptrs[4];
	unsigned long line, col, lines[4], cols[4];
	size_t plen;
	int rc1, rc2;

	if (nl == NULL || (plen = (size_t)(nl - (const char *)data)) >=
	    sizeof(ptr) || memchr(data, '\0', plen) != NULL)
		return 0;
	memcpy(ptr, data, plen);
	ptr[plen] = '\0';
	ptrs[0] = ptr;
	ptrs[1] = "";
	ptrs[2] = "/0";
	ptrs[3] = "/a/b~1c";
	rc1 = vigil_schema_pointer_position(&line, &col, nl + 1,
	    size - plen - 1, ptr);
	rc2 = vigil_schema_pointer_positions(lines, cols, nl + 1,
	    size - plen - 1, ptrs, 4);
	/* on JSON text (the contract) both find the same place */
	if (rc1 == 0 && rc2 == 0 && (lines[0] != line || cols[0] != col)) {
		json_t *doc = json_loadb(nl + 1, size - plen - 1,
		    JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);

		if (doc != NULL)
			abort();
	}
	return 0;
}
