/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Inside the vex module: the document behind a vigil_vex_doc (a bump arena
 * holds every string and array, so one free releases it all), builders the
 * three readers share, and small jansson helpers.
 */
#ifndef VIGIL_VEXINT_H
#define VIGIL_VEXINT_H

#include <jansson.h>

#include "vigil/vex.h"
#include "vgx.h"

struct vx_block;

struct vx_doc {
	vigil_vex_doc pub;	/* first: vigil_vex_doc * casts to this */
	struct vx_block *blocks;
	vigil_vex_statement *st;	/* pub.statements, grown in the arena */
	size_t capst;
	size_t max_st;
	size_t arena_bytes;	/* total allocated, capped by arena_max */
	size_t arena_max;
	int last_rc;		/* code of the last failed arena call */
};

/* The code of the builder call that just failed (ERR may be NULL). */
#define VX_FAILED(d) ((d)->last_rc < 0 ? (d)->last_rc : VIGIL_ENOMEM)

/* Mutable views of the public structs, for building. */
struct vx_prod {
	vigil_vex_product *p;	/* in the arena */
	size_t capid, capsub;
};

int vigil__vex_new(struct vx_doc **out, vigil_vex_format fmt, size_t maxdoc,
    size_t max_st, vigil_error *err);
/* Arena allocation, zeroed; NULL on failure (ERR set). */
void *vigil__vex_alloc(struct vx_doc *d, size_t n, size_t size,
    vigil_error *err);
/* Copy of S (NULL gives NULL without error: check S first). */
char *vigil__vex_strdup(struct vx_doc *d, const char *s, vigil_error *err);
char *vigil__vex_strndup(struct vx_doc *d, const char *s, size_t n,
    vigil_error *err);
/* Make room for N + 1 elements of SIZE in *ARR (capacity *CAP, at most
 * MAX), moving it within the arena. */
int vigil__vex_grow(struct vx_doc *d, void **arr, size_t *cap, size_t n,
    size_t size, size_t max, vigil_error *err);

/* A new statement at the end of D (zeroed), or NULL. */
vigil_vex_statement *vigil__vex_add_statement(struct vx_doc *d,
    vigil_error *err);
/* Append a product to ST (or a subcomponent to PROD when PROD != NULL). */
vigil_vex_product *vigil__vex_add_product(struct vx_doc *d,
    vigil_vex_statement *st, size_t *cap, vigil_error *err);
vigil_vex_product *vigil__vex_add_sub(struct vx_doc *d,
    vigil_vex_product *prod, size_t *cap, vigil_error *err);
/* Append identifier (KIND, VALUE copied) to P, skipping duplicates. */
int vigil__vex_add_ident(struct vx_doc *d, vigil_vex_product *p,
    size_t *cap, vigil_vex_ident_kind kind, const char *value,
    vigil_error *err);
int vigil__vex_add_alias(struct vx_doc *d, vigil_vex_statement *st,
    size_t *cap, const char *alias, vigil_error *err);
/* Deep copy of SRC into DST within D. */
int vigil__vex_copy_product(struct vx_doc *d, vigil_vex_product *dst,
    const vigil_vex_product *src, vigil_error *err);

/* The readers: ROOT is the parsed JSON; D is empty. */
int vigil__vex_read_openvex(struct vx_doc *d, json_t *root,
    vigil_error *err);
int vigil__vex_read_cyclonedx(struct vx_doc *d, json_t *root,
    vigil_error *err);
int vigil__vex_read_csaf(struct vx_doc *d, json_t *root, vigil_error *err);

/* The writers: a new JSON value for DOC. */
struct vx_loss {
	vigil_vex_loss_cb cb;
	void *payload;
};
void vigil__vex_loss(struct vx_loss *l, const char *fmt, ...)
    VIGIL_PRINTF(2, 3);
int vigil__vex_write_openvex(json_t **out, const vigil_vex_doc *doc,
    struct vx_loss *l, vigil_error *err);
int vigil__vex_write_cyclonedx(json_t **out, const vigil_vex_doc *doc,
    struct vx_loss *l, vigil_error *err);
int vigil__vex_write_csaf(json_t **out, const vigil_vex_doc *doc,
    struct vx_loss *l, vigil_error *err);

/* JSON helpers: the string member KEY of OBJ, or NULL. */
const char *vigil__vex_jstr(const json_t *obj, const char *key);
/* Set KEY of OBJ to a new string (NULL V: nothing).  -1 on failure. */
int vigil__vex_jset_str(json_t *obj, const char *key, const char *v);
/* The first identifier of KIND in P, or NULL. */
const char *vigil__vex_ident(const vigil_vex_product *p,
    vigil_vex_ident_kind kind);
/* The current time as RFC 3339 UTC ("2026-11-29T07:30:00Z"). */
void vigil__vex_now(char out[32]);

/* CycloneDX <-> CISA names (docs/vex.md). */
vigil_vex_justification vigil__vex_cdx_just(const char *s, bool *exact);
const char *vigil__vex_cdx_just_name(vigil_vex_justification j);

#endif
