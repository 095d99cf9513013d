/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file vigil/purl.h
 * @brief Package URL (purl): parse, validate, normalise and build.
 *
 * A purl names a package across ecosystems (ECMA-427, the purl
 * specification, and the registered type definitions):
 *
 *     pkg:type/namespace/name@version?key=value&key=value#sub/path
 *
 * vigil parses a purl into decoded components, applies the general rules
 * (scheme, type syntax, percent-decoding, qualifier keys, subpath
 * cleaning) and the rules of each registered type (namespace required or
 * prohibited, case folding of namespace, name and version, name
 * normalisation such as PyPI's "_" -> "-", required qualifiers, permitted
 * characters), and produces the one canonical string of the purl.  Two
 * purls name the same package version exactly when their canonical
 * strings are equal.
 *
 * Unregistered types are accepted with the general rules only;
 * vigil_purl_type_registered() tells them apart.
 *
 * Limits: the input, and the canonical form, are at most
 * VIGIL_PURL_MAX_LEN bytes; at most VIGIL_PURL_MAX_QUALIFIERS qualifiers.
 * The input must be valid UTF-8 without NUL bytes, control characters
 * or spaces (a space is written %20); decoded components must be valid
 * UTF-8 without NUL bytes or control characters.  Case folding is ASCII
 * only (non-ASCII letters keep their case).
 *
 * All functions are thread-safe; a vigil_purl is immutable once made and
 * may be shared between threads.
 */
#ifndef VIGIL_PURL_H
#define VIGIL_PURL_H

#include "vigil/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest purl accepted, and longest canonical form produced, in bytes. */
#define VIGIL_PURL_MAX_LEN 4096
/** Most qualifiers in one purl. */
#define VIGIL_PURL_MAX_QUALIFIERS 64

/**
 * Parse flag: conformance mode of ECMA-427 ("required" tests).  A
 * qualifier key that is not already lowercase is an error instead of
 * being lowercased.  Without the flag, vigil accepts it and normalises,
 * as the purl test suite "recommends".
 */
#define VIGIL_PURL_STRICT 0x1u

/** One qualifier: decoded key and value, both NUL-terminated. */
typedef struct vigil_purl_qual {
	const char *key;	/**< lowercase, [a-z][a-z0-9._-]* */
	const char *value;	/**< decoded, never empty */
} vigil_purl_qual;

/**
 * A purl's decoded components.  As returned by vigil_purl_parse() and
 * vigil_purl_build() every string is owned by the object and lives until
 * vigil_purl_free(); absent optional components are NULL.  A caller may
 * also fill one on the stack as the input of vigil_purl_build().
 */
typedef struct vigil_purl {
	const char *type;	/**< lowercase type, never NULL */
	const char *ns;		/**< namespace, segments joined by '/', or NULL */
	const char *name;	/**< name, never NULL or empty */
	const char *version;	/**< version or NULL */
	/** Qualifiers sorted by key (byte order), keys unique. */
	const vigil_purl_qual *qualifiers;
	size_t nqualifiers;	/**< number of qualifiers, <= MAX_QUALIFIERS */
	const char *subpath;	/**< cleaned subpath or NULL */
	/** The canonical string (set by parse and build, ignored as input). */
	const char *canonical;
} vigil_purl;

/**
 * Parse the purl S of LEN bytes (not NUL-terminated; not kept) and
 * normalise it.  FLAGS is 0 or VIGIL_PURL_STRICT.  On success *OUT is a
 * new purl, freed with vigil_purl_free().
 *
 * Returns 0; VIGIL_EINVALID when S is not a valid purl (ERR says what is
 * wrong and at which byte offset; err->column is that offset + 1);
 * VIGIL_ETOOBIG when S or its canonical form is longer than
 * VIGIL_PURL_MAX_LEN or has too many qualifiers; VIGIL_ENOMEM.  Makes
 * one allocation (the result); uses about 21 KiB of stack.
 */
VIGIL_EXTERN int vigil_purl_parse(vigil_purl **out, const char *s,
    size_t len, unsigned flags, vigil_error *err);

/**
 * Check the purl S of LEN bytes as vigil_purl_parse() does, with the
 * same FLAGS, return codes and messages in ERR, but keep nothing: no
 * memory is allocated.  For callers that only need to know whether a
 * purl is valid (an SBOM reader checking every component's purl).
 *
 * Returns 0, VIGIL_EINVALID or VIGIL_ETOOBIG (never VIGIL_ENOMEM).
 * Uses about 21 KiB of stack.
 */
VIGIL_EXTERN int vigil_purl_validate(const char *s, size_t len,
    unsigned flags, vigil_error *err);

/**
 * Build a purl from decoded components: PARTS->type and PARTS->name are
 * required; ns, version, subpath may be NULL (an empty string counts as
 * absent); qualifiers with an empty value are dropped.  The namespace and
 * subpath are '/'-separated segments.  The same normalisation and type
 * rules as vigil_purl_parse() apply; FLAGS as there.  PARTS->canonical is
 * ignored.  Nothing of PARTS is kept.  *OUT is freed with vigil_purl_free().
 *
 * Returns 0, VIGIL_EINVALID, VIGIL_ETOOBIG or VIGIL_ENOMEM.
 */
VIGIL_EXTERN int vigil_purl_build(vigil_purl **out, const vigil_purl *parts,
    unsigned flags, vigil_error *err);

/**
 * Copy the canonical string of PURL (a parsed or built purl) into a new
 * NUL-terminated string, freed with vigil_purl_string_free().  Returns 0
 * or VIGIL_ENOMEM.  (PURL->canonical gives the same text without a copy.)
 */
VIGIL_EXTERN int vigil_purl_to_string(char **out, const vigil_purl *purl,
    vigil_error *err);

/** Free a string from vigil_purl_to_string(); NULL is allowed. */
VIGIL_EXTERN void vigil_purl_string_free(char *s);

/**
 * The value of qualifier KEY (compared exactly; keys are lowercase), or
 * NULL when PURL has no such qualifier.  Borrowed from PURL.
 */
VIGIL_EXTERN const char *vigil_purl_qualifier(const vigil_purl *purl,
    const char *key);

/**
 * Whether TYPE (LEN bytes, any case) is a type registered with the purl
 * specification, whose own rules vigil applies.
 */
VIGIL_EXTERN int vigil_purl_type_registered(const char *type, size_t len);

/** Free PURL and everything it owns; NULL is allowed. */
VIGIL_EXTERN void vigil_purl_free(vigil_purl *purl);

#ifdef __cplusplus
}
#endif
#endif
