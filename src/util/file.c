/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Reading files and lines with explicit size limits.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vgx.h"

int
vgx_file_read(char **out, size_t *len_out, const char *path, size_t max,
    vigil_error *err)
{
	FILE *fp;
	vgx_buf b;
	char chunk[65536];
	size_t n;
	int rc = 0;
	const int is_stdin = strcmp(path, "-") == 0;

	*out = NULL;
	if (is_stdin) {
		fp = stdin;
	} else if ((fp = fopen(path, "rb")) == NULL) {
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	}
	vgx_buf_init(&b, max);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if ((rc = vgx_buf_add(&b, chunk, n)) < 0) {
			if (rc == VIGIL_ETOOBIG)
				vigil__error(err, rc,
				    "%s: larger than the limit of %zu bytes",
				    path, max);
			else
				vigil__error_oom(err);
			goto done;
		}
	}
	if (ferror(fp)) {
		rc = vigil__error(err, VIGIL_EIO, "%s: read error: %s", path,
		    strerror(errno));
		goto done;
	}
	if ((*out = vgx_buf_take(&b, len_out)) == NULL)
		rc = vigil__error_oom(err);
done:
	vgx_buf_dispose(&b);
	if (!is_stdin)
		fclose(fp);
	return rc;
}

int
vgx_getline(vgx_buf *b, FILE *fp, vigil_error *err)
{
	int c, rc = 0, got = 0;

	vgx_buf_reset(b);
	while ((c = getc(fp)) != EOF) {
		got = 1;
		if (c == '\n')
			break;
		if (rc == 0 && (rc = vgx_buf_addc(b, (char)c)) < 0 &&
		    rc != VIGIL_ETOOBIG)
			return vigil__error_oom(err);
	}
	if (ferror(fp))
		return vigil__error(err, VIGIL_EIO, "read error: %s",
		    strerror(errno));
	if (rc == VIGIL_ETOOBIG)
		return vigil__error(err, rc, "line longer than %zu bytes",
		    b->max);
	if (!got)
		return 0;
	if (b->len > 0 && b->ptr[b->len - 1] == '\r')
		b->ptr[--b->len] = '\0';
	return 1;
}
