/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The dashboard: index.html, app.js and style.css from data/web/, embedded
 * in the binary at build time and served with their media types.  Only
 * these names are served; "/" is index.html.  The page loads no inline
 * script (Content-Security-Policy script-src 'self').
 */
#include <string.h>

#include "embedded.h"
#include "server.h"

static const struct {
	const char *url;
	const char *file;
	const char *type;
} files[] = {
	{"/", "web/index.html", "text/html; charset=utf-8"},
	{"/index.html", "web/index.html", "text/html; charset=utf-8"},
	{"/app.js", "web/app.js", "text/javascript; charset=utf-8"},
	{"/style.css", "web/style.css", "text/css; charset=utf-8"},
};

int
srv_static(struct req *r)
{
	const struct vgx_embedded *e;
	size_t i;

	for (i = 0; i < VGX_ARRAY_SIZE(files); i++) {
		if (strcmp(r->path, files[i].url) != 0)
			continue;
		if ((e = vgx_embedded_find(files[i].file)) == NULL)
			break;
		vgx_buf_reset(&r->out);
		if (vgx_buf_add(&r->out, e->data, e->size) < 0)
			return srv_problem(r, 500, "Internal Server Error",
			    "out of memory");
		r->status = 200;
		r->ctype = files[i].type;
		return 0;
	}
	return srv_problem(r, 404, "Not Found", "no resource at %s", r->path);
}
