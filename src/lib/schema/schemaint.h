/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Internals of the JSON Schema module, shared by schema.c (documents,
 * URIs, compilation), validate.c (evaluation), format.c ("format"
 * checks), regex.c (ECMA-262 patterns on PCRE2) and position.c.
 *
 * A schema document is kept as the jansson tree it was parsed into.
 * Compiling turns every schema object reachable from the schema asked for
 * into a `struct snode`, with the keyword values it needs picked out and
 * checked, regular expressions compiled and `$ref`s linked to the node
 * they resolve to, so that validation never parses, resolves or compiles:
 *
 *   {"properties": {"a": {"$ref": "#/$defs/n"}}, "$defs": {"n": {...}}}
 *
 *   snode(root) --props[0]--> snode(a) --ref--> snode(/$defs/n)
 *
 * Nodes are created once per jansson value (a pointer-keyed map), so
 * recursive schemas give cyclic graphs; evaluation bounds its depth.
 */
#ifndef VIGIL_SCHEMAINT_H
#define VIGIL_SCHEMAINT_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <jansson.h>
#include <pcre2.h>

#include "vigil/schema.h"
#include "vgx.h"

/* Drafts, by the year or number in their meta-schema URI. */
enum {
	SD_4 = 4, SD_6 = 6, SD_7 = 7, SD_2019 = 2019, SD_2020 = 2020
};

/* Instance types, a bit each ("type"). */
enum {
	ST_NULL = 1u << 0, ST_BOOLEAN = 1u << 1, ST_OBJECT = 1u << 2,
	ST_ARRAY = 1u << 3, ST_NUMBER = 1u << 4, ST_STRING = 1u << 5,
	ST_INTEGER = 1u << 6
};

/* Formats that are asserted; FMT_NONE ones are annotations only. */
enum {
	FMT_NONE = 0, FMT_DATE_TIME, FMT_DATE, FMT_TIME, FMT_EMAIL,
	FMT_IDN_EMAIL, FMT_URI, FMT_URI_REFERENCE, FMT_IRI, FMT_IRI_REFERENCE,
	FMT_UUID, FMT_IPV4, FMT_IPV6, FMT_HOSTNAME, FMT_REGEX, FMT_JSON_POINTER,
	FMT_DURATION
};

struct snode;

struct sprop {			/* "properties" member */
	const char *name;	/* borrowed from the schema document */
	struct snode *node;
};

struct spattern {		/* "patternProperties" member */
	const char *src;
	pcre2_code *re;
	struct snode *node;
};

struct sdep {			/* dependencies / dependentRequired/Schemas */
	const char *name;
	const json_t *required;	/* array of names, or NULL */
	struct snode *node;	/* schema form, or NULL */
};

struct senum {			/* one "enum" value and its hash */
	uint64_t hash;
	const json_t *value;
};

struct snode {
	const json_t *js;	/* the schema value (object or boolean) */
	signed char boolean;	/* -1 object schema, 0 false, 1 true */
	unsigned char has_const;
	unsigned char unique;	/* uniqueItems true */
	unsigned char ref_alone; /* draft <= 7: siblings of $ref ignored */
	unsigned char excl_min_bool, excl_max_bool; /* draft-04 forms */
	unsigned short draft;
	unsigned types;		/* ST_* mask, 0: no "type" */
	int format;		/* FMT_*, FMT_NONE if none or unknown */
	const char *format_name;
	const char *loc;	/* "<base URI>#<pointer>", in the arena */
	const char *base;	/* base URI for $ref, in the arena */
	struct sdoc *doc;

	const json_t *enum_vals;	/* array or NULL */
	struct senum *enum_index;	/* sorted by hash, for long enums */
	const json_t *const_val;
	/* numbers: NULL when absent */
	const json_t *minimum, *maximum, *excl_min, *excl_max, *multiple_of;
	/* counts: -1 when absent */
	long long min_len, max_len, min_items, max_items, min_props,
	    max_props, min_contains, max_contains;
	const char *pattern_src;
	pcre2_code *pattern;

	struct sprop *props;
	size_t nprops;
	struct spattern *pprops;
	size_t npprops;
	struct snode *addl_props;
	struct snode *prop_names;
	const json_t *required;	/* array of strings or NULL */
	struct sdep *deps;
	size_t ndeps;

	struct snode *items;	/* one schema for all (remaining) items */
	struct snode **tuple;	/* items array (<= 2019-09) / prefixItems */
	size_t ntuple;
	struct snode *addl_items; /* additionalItems, with a tuple */
	struct snode *contains;

	struct snode **all_of, **any_of, **one_of;
	size_t nall_of, nany_of, none_of;
	struct snode *not_, *if_, *then_, *else_;

	struct snode *uneval_props, *uneval_items;

	const char *ref_uri;	/* resolved absolute URI of $ref, or NULL */
	const char *ref_kw;	/* "$ref", "$dynamicRef" or "$recursiveRef" */
	struct snode *ref;	/* linked target */
	struct snode *next_unlinked;
	struct snode *next_new;	/* nodes made by one find() */
	unsigned char dead;	/* dropped after a failed find() */
};

/* A resource (a `$id`) or an anchor inside a document. */
struct sres {
	char *uri;		/* absolute; anchors as "uri#name" */
	json_t *node;
	const char *base;	/* the resource's URI, for anchors */
	int draft;
	bool anchor;
};

struct sdoc {
	json_t *root;
	char *name;		/* file name ("" if none) */
	char *dir;		/* directory ("" if none) */
	char *base;		/* root's absolute URI */
	const char *id;		/* root $id as written, "" if none */
	int draft;
	struct sres *res;
	size_t nres, capres;
};

struct arena_chunk;

struct vigil_schema {
	struct snode *root;
	vigil_schema_registry *reg;
};

struct vigil_schema_registry {
	struct sdoc **docs;
	size_t ndocs, capdocs;
	/* map json_t* -> snode*, open addressing, size a power of two */
	const json_t **map_keys;
	struct snode **map_vals;
	size_t map_cap, map_used;
	struct arena_chunk *arena;
	pcre2_code **regexes;	/* every compiled regex, to free */
	size_t nregexes, capregexes;
	struct vigil_schema **schemas;	/* handles handed out */
	size_t nschemas, capschemas;
	size_t nnodes;
	pcre2_compile_context *cctx;
};

/* regex.c */
/*
 * Compile the ECMA-262 pattern (SRC, LEN) for PCRE2 (see
 * docs/json-schema.md for the translation).  Returns the code or NULL
 * with a message in ERRBUF.
 */
pcre2_code *vigil__re_compile(const char *src, size_t len,
    pcre2_compile_context *cctx, char *errbuf, size_t errlen);
/* 1: SUBJECT matches somewhere; 0: it does not; -1: a match limit hit. */
int vigil__re_search(const pcre2_code *re, const char *s, size_t len,
    pcre2_match_data *md, pcre2_match_context *mctx);
/* A compile context set up for ECMA-262 (caller frees). */
pcre2_compile_context *vigil__re_context(void);
/* Set the match limits on MCTX; 0 or -1. */
int vigil__re_limits(pcre2_match_context *mctx);

/* format.c */
int vigil__format_lookup(const char *name);
/* 1 when (S, LEN) is valid for FMT, else 0. */
int vigil__format_check(int fmt, const char *s, size_t len,
    pcre2_compile_context *cctx);

/* validate.c: a hash of X consistent with JSON Schema equality. */
uint64_t vigil__schema_hash(const json_t *x);

/* schema.c */
void *vigil__schema_alloc(vigil_schema_registry *reg, size_t size);

#endif
