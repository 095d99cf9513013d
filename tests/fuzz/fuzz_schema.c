/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target: instance documents validated against one fixed schema that
 * uses most keywords (refs, recursion, patterns, formats, combinators),
 * then every failure pointer mapped back to a line and column, one by one
 * and all at once (the two must agree).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil/schema.h"

static const char schema_text[] =
    "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
    " \"$id\": \"http://fuzz.example/s.json\","
    " \"type\": \"object\", \"required\": [\"name\"],"
    " \"properties\": {"
    "  \"name\": {\"type\": \"string\", \"minLength\": 1, \"maxLength\": 20,"
    "            \"pattern\": \"^[a-z][a-z0-9_\\\\s-]*$\"},"
    "  \"version\": {\"type\": [\"string\", \"integer\"], \"format\": \"uri\"},"
    "  \"when\": {\"format\": \"date-time\"}, \"day\": {\"format\": \"date\"},"
    "  \"mail\": {\"format\": \"idn-email\"}, \"id\": {\"format\": \"uuid\"},"
    "  \"ip\": {\"anyOf\": [{\"format\": \"ipv4\"}, {\"format\": \"ipv6\"}]},"
    "  \"host\": {\"format\": \"hostname\"}, \"re\": {\"format\": \"regex\"},"
    "  \"link\": {\"format\": \"iri-reference\"},"
    "  \"score\": {\"type\": \"number\", \"minimum\": 0, \"exclusiveMaximum\": 10,"
    "             \"multipleOf\": 0.1},"
    "  \"tags\": {\"type\": \"array\", \"items\": {\"enum\": [\"a\", \"b\", 1, null]},"
    "            \"uniqueItems\": true, \"maxItems\": 8, \"contains\": {\"const\": \"a\"}},"
    "  \"pair\": {\"prefixItems\": [{\"type\": \"string\"}, {\"type\": \"number\"}],"
    "            \"unevaluatedItems\": {\"type\": \"null\"}},"
    "  \"tree\": {\"$ref\": \"#/$defs/node\"},"
    "  \"kind\": {\"oneOf\": [{\"const\": \"x\"}, {\"type\": \"string\", \"maxLength\": 1}]},"
    "  \"alg\": {\"$ref\": \"#alg\"}"
    " },"
    " \"patternProperties\": {\"^x-\": {\"type\": \"string\"}},"
    " \"propertyNames\": {\"maxLength\": 16},"
    " \"dependentRequired\": {\"score\": [\"version\"]},"
    " \"if\": {\"required\": [\"kind\"]}, \"then\": {\"required\": [\"tags\"]},"
    " \"else\": {\"not\": {\"required\": [\"pair\"]}},"
    " \"additionalProperties\": {\"type\": \"boolean\"},"
    " \"maxProperties\": 30,"
    " \"$defs\": {"
    "  \"node\": {\"type\": \"object\", \"properties\": {"
    "    \"v\": {\"type\": \"integer\"},"
    "    \"kids\": {\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/node\"}}},"
    "   \"required\": [\"v\"], \"unevaluatedProperties\": false},"
    "  \"alg\": {\"$anchor\": \"alg\", \"allOf\": [{\"type\": \"string\"},"
    "           {\"pattern\": \"^(RS|ES|PS)(256|384|512)$\"}]}"
    " }}";

static const vigil_schema *schema;
static vigil_schema_registry *reg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_schema_result *res = NULL;
	vigil_error err;
	size_t i;

	if (schema == NULL) {
		if (vigil_schema_registry_new(&reg, &err) != 0 ||
		    vigil_schema_registry_add(reg, schema_text,
		    strlen(schema_text), "s.json", NULL, &err) != 0 ||
		    vigil_schema_registry_find(&schema, reg, "s.json",
		    &err) != 0)
			abort();
	}
	if (vigil_schema_validate(&res, schema, (const char *)data, size, NULL,
	    &err) != 0)
		return 0;
	if (res->count > 0) {
		unsigned long lines[100], cols[100];
		const char *ptrs[100];

		for (i = 0; i < res->count && i < 100; i++)
			ptrs[i] = res->items[i].pointer;
		if (vigil_schema_pointer_positions(lines, cols,
		    (const char *)data, size, ptrs, i) != 0)
			abort();
		for (i = 0; i < res->count && i < 100; i++) {
			unsigned long line, col;

			/* every reported location exists, and the one-pass
			 * and the per-pointer scans agree */
			if (vigil_schema_pointer_position(&line, &col,
			    (const char *)data, size, ptrs[i]) != 0 ||
			    line != lines[i] || col != cols[i])
				abort();
		}
	}
	vigil_schema_result_free(res);
	return 0;
}
