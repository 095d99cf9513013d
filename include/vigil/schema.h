/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/schema.h
 * @brief JSON Schema validation (draft-04, -06, -07, 2019-09, 2020-12).
 *
 * vigil does not ship the official schemas of CycloneDX, SPDX, CSAF, OSV or
 * NVD: it loads them at run time.  A registry holds every schema document
 * it was given (one by one, or every `*.json` / `*.schema` file of a
 * directory), indexed by `$id` (`id` in draft-04), by embedded `$id`s and
 * anchors, and by file name, so that a relative `$ref` such as
 * "spdx.schema.json" or "jsf-0.82.schema.json#/definitions/signature"
 * resolves even when the `$id`s do not match where the files lie.
 *
 * A schema is looked up once (vigil_schema_registry_find(), which compiles
 * it and everything it references: regular expressions are compiled once
 * and cached per schema node) and can then validate any number of
 * instance documents.  Validation collects failures, each with the
 * instance location (JSON Pointer), the keyword location in the schema and
 * a one-line message, up to a limit.
 *
 * Thread safety: building a registry (add, find) is not thread-safe; once
 * the schemas needed have been found, any number of threads may validate
 * with them at the same time as long as nobody adds to or finds in the
 * registry meanwhile.  See docs/json-schema.md for the keywords, formats
 * and regular-expression dialect.
 */
#ifndef VIGIL_SCHEMA_H
#define VIGIL_SCHEMA_H

#include <stdbool.h>

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct json_t;

/** A set of loaded schema documents. */
typedef struct vigil_schema_registry vigil_schema_registry;

/** A compiled schema, borrowed from its registry. */
typedef struct vigil_schema vigil_schema;

/** Largest schema document the registry reads, in bytes. */
#define VIGIL_SCHEMA_MAX_DOC (16u * 1024 * 1024)
/** Most schema documents one registry holds. */
#define VIGIL_SCHEMA_MAX_DOCS 4096
/** Deepest nesting of subschemas inside one schema document. */
#define VIGIL_SCHEMA_MAX_NESTING 512
/** Most compiled schema nodes in one registry. */
#define VIGIL_SCHEMA_MAX_NODES 2000000

/** Options of a validation; start from VIGIL_SCHEMA_OPTS_INIT. */
typedef struct vigil_schema_opts {
	unsigned version;	/**< 1 */
	size_t max_errors;	/**< failures kept, 1..100000 (default 100) */
	unsigned max_depth;	/**< nested schema evaluations, i.e. instance
				     depth plus $ref chains (default 1000) */
	bool assert_formats;	/**< check "format" (default true) */
	size_t max_instance;	/**< largest instance text, bytes (64 MiB) */
} vigil_schema_opts;

/** Default options. */
#define VIGIL_SCHEMA_OPTS_INIT { 1, 100, 1000, true, 64u * 1024 * 1024 }

/** One failure of an instance against a schema. */
typedef struct vigil_schema_failure {
	char *pointer;	/**< instance location, JSON Pointer ("" = root) */
	char *keyword;	/**< schema keyword location, JSON Pointer from
			     the schema root through any $ref, e.g.
			     "/properties/a/$ref/minimum" */
	char *schema;	/**< absolute URI of the failing keyword's
			     schema resource, "#" and a JSON Pointer */
	char *message;	/**< one line saying what is wrong */
} vigil_schema_failure;

/** The result of a validation; free with vigil_schema_result_free(). */
typedef struct vigil_schema_result {
	size_t count;			/**< failures in `items` */
	bool truncated;			/**< more than max_errors failed */
	vigil_schema_failure *items;	/**< `count` failures */
} vigil_schema_result;

/**
 * Create an empty registry in *OUT; free it with
 * vigil_schema_registry_free().  Returns 0 or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_schema_registry_new(vigil_schema_registry **out,
    vigil_error *err);

/**
 * Free REG, every schema compiled from it (their handles become invalid)
 * and every document it holds.  NULL is allowed.
 */
VIGIL_EXTERN void vigil_schema_registry_free(vigil_schema_registry *reg);

/**
 * Add the schema document in (BUF, LEN), copied.  NAME is the file name
 * it is known by (only its last '/'-separated part is used for relative
 * `$ref`s and lookups; may be NULL).  DIR, the directory it came from,
 * prefers siblings when a file name is ambiguous (may be NULL).
 * Returns 0, VIGIL_EINVALID (not JSON or not a schema: an object or a
 * boolean; ERR has line and column), VIGIL_ETOOBIG (a limit) or
 * VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_schema_registry_add(vigil_schema_registry *reg,
    const char *buf, size_t len, const char *name, const char *dir,
    vigil_error *err);

/**
 * Add the schema file PATH.  Returns as vigil_schema_registry_add() and
 * VIGIL_EIO when the file cannot be read (ERR names it).
 */
VIGIL_EXTERN int vigil_schema_registry_add_file(vigil_schema_registry *reg,
    const char *path, vigil_error *err);

/**
 * Add every regular file named `*.json` or `*.schema` in directory DIR
 * (not recursive, in name order).  The first file that fails stops the
 * load; ERR names it.  Returns 0, VIGIL_EIO (no such directory),
 * VIGIL_EINVALID, VIGIL_ETOOBIG or VIGIL_ENOMEM.  *COUNT (may be NULL) is
 * set to the number of files added.
 */
VIGIL_EXTERN int vigil_schema_registry_add_dir(vigil_schema_registry *reg,
    const char *dir, size_t *count, vigil_error *err);

/**
 * Find the schema called NAME: an absolute URI (`$id` of a document or of
 * an embedded resource, optionally with a "#" JSON Pointer or anchor
 * fragment), or a file name given to the registry ("bom-1.6.schema.json",
 * also with a fragment).  The schema and everything it references is
 * compiled now; *OUT is borrowed from REG and lives as long as REG.
 * Returns 0, VIGIL_ENOTFOUND (no such schema, or a `$ref` that does not
 * resolve: ERR says which), VIGIL_EINVALID (a malformed keyword, such as
 * a pattern that does not compile; ERR has the schema location),
 * VIGIL_EUNSUPPORTED, VIGIL_ETOOBIG or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_schema_registry_find(const vigil_schema **out,
    vigil_schema_registry *reg, const char *name, vigil_error *err);

/**
 * Visit the documents of REG: *ITER starts at 0.  Returns false at the
 * end; else sets *NAME (file name, may be ""), *ID (root `$id`, "" if
 * none) and *DRAFT (4, 6, 7, 2019 or 2020), all borrowed from REG.
 */
VIGIL_EXTERN bool vigil_schema_registry_next(const vigil_schema_registry *reg,
    size_t *iter, const char **name, const char **id, int *draft);

/**
 * Validate the JSON text (BUF, LEN) against SCHEMA.  The text is parsed
 * with duplicate keys rejected.  On return 0, *OUT is a new result,
 * owned by the caller (vigil_schema_result_free()), with count 0 when the
 * instance is valid.  OPTS may be NULL for the defaults.  Returns 0,
 * VIGIL_EINVALID (not JSON, ERR has line and column), VIGIL_ETOOBIG
 * (the text or nesting exceeds a limit) or VIGIL_ENOMEM; *OUT is NULL
 * then.  Thread-safe as described above.
 */
VIGIL_EXTERN int vigil_schema_validate(vigil_schema_result **out,
    const vigil_schema *schema, const char *buf, size_t len,
    const vigil_schema_opts *opts, vigil_error *err);

/**
 * As vigil_schema_validate(), for an instance already parsed by jansson
 * (borrowed, not changed).
 */
VIGIL_EXTERN int vigil_schema_validate_json(vigil_schema_result **out,
    const vigil_schema *schema, const struct json_t *instance,
    const vigil_schema_opts *opts, vigil_error *err);

/** Free RES and its failures; NULL is allowed. */
VIGIL_EXTERN void vigil_schema_result_free(vigil_schema_result *res);

/**
 * Find where the value at JSON Pointer POINTER starts in the JSON text
 * (BUF, LEN): *LINE and *COLUMN are 1-based, the column counting
 * characters (UTF-8 code points).  The text is scanned, not parsed into a
 * tree, so the call allocates nothing.  Returns 0, VIGIL_ENOTFOUND (no
 * such value) or VIGIL_EINVALID (the text or pointer is malformed).
 */
VIGIL_EXTERN int vigil_schema_pointer_position(unsigned long *line,
    unsigned long *column, const char *buf, size_t len, const char *pointer);

/**
 * Find the positions of N JSON Pointers at once, in one pass over the JSON
 * text (BUF, LEN): (LINES[i], COLUMNS[i]) is where the value at
 * POINTERS[i] starts, or (0, 0) when there is no such value.  Use it for
 * the pointers of a whole vigil_schema_result: calling
 * vigil_schema_pointer_position() for each costs a scan each.  Returns 0,
 * VIGIL_EINVALID (the text is malformed or nested deeper than 4096),
 * VIGIL_ETOOBIG (a member name longer than 1 MiB) or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_schema_pointer_positions(unsigned long *lines,
    unsigned long *columns, const char *buf, size_t len,
    const char *const *pointers, size_t n);

#ifdef __cplusplus
}
#endif
#endif
