/* SPDX-License-Identifier: Apache-2.0 */
/* Lookup in the table of embedded data/ files. */
#include <string.h>

#include "embedded.h"

const struct vgx_embedded *
vgx_embedded_find(const char *path)
{
	const struct vgx_embedded *e;

	for (e = vgx_embedded_files; e->path != NULL; e++)
		if (strcmp(e->path, path) == 0)
			return e;
	return NULL;
}
