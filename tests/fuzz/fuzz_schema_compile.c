/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: schema documents loaded, compiled (every $ref linked, every
 * pattern compiled) and used to validate a fixed instance.
 */
#include <stdint.h>
#include <string.h>

#include "vigil/schema.h"

static const char instance[] =
    "{\"name\": \"abc\", \"n\": [1, 2.5, -3, \"x\", null, true, {}],"
    " \"o\": {\"a\": {\"b\": []}, \"x-1\": \"2024-01-01T00:00:00Z\"}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_schema_registry *reg = NULL;
	const vigil_schema *s;
	vigil_schema_result *res = NULL;
	vigil_error err;

	if (vigil_schema_registry_new(&reg, &err) != 0)
		return 0;
	if (vigil_schema_registry_add(reg, (const char *)data, size,
	    "fuzz.json", NULL, &err) == 0 &&
	    vigil_schema_registry_find(&s, reg, "fuzz.json", &err) == 0 &&
	    vigil_schema_validate(&res, s, instance, strlen(instance), NULL,
	    &err) == 0)
		vigil_schema_result_free(res);
	vigil_schema_registry_free(reg);
	return 0;
}
