/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Files from the repository's data/ folder, embedded at build time
 * (cmake/embed.cmake): curated tables such as the identity map, and the
 * dashboard's web page.  Each is NUL-terminated after SIZE bytes.
 */
#ifndef VGX_EMBEDDED_H
#define VGX_EMBEDDED_H

#include <stddef.h>

struct vgx_embedded {
	const char *path;		/* relative to data/, '/'-separated */
	const unsigned char *data;	/* SIZE bytes, then a NUL */
	size_t size;
};

/* The table, ended by an entry whose path is NULL. */
extern const struct vgx_embedded vgx_embedded_files[];

/* The embedded file at PATH (relative to data/), or NULL. */
const struct vgx_embedded *vgx_embedded_find(const char *path);

#endif
