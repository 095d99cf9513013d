/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Output files written whole or not at all (cli.h, struct cli_out): the
 * document goes to a temporary file beside the output, renamed over it
 * once the run has gone well.  A failed run (bad input found late, a
 * full disk) leaves the previous output as it was and no half-written
 * one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int
cli_out_open(struct cli_out *o, const char *path)
{
	struct stat st;
	size_t n;
	mode_t mode, mask;
	int fd;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return CLI_EXIT_OK;
	}
	o->path = path;
	if (lstat(path, &st) == 0) {
		/* A device, a pipe or a link is written in place: replacing
		 * it would not write where it leads. */
		if (!S_ISREG(st.st_mode)) {
			if ((o->fp = fopen(path, "wb")) == NULL) {
				cli_errorf("%s: cannot write: %s", path,
				    strerror(errno));
				return CLI_EXIT_SYSTEM;
			}
			return CLI_EXIT_OK;
		}
		mode = st.st_mode & 07777;	/* a replaced file keeps it */
	} else {
		mask = umask(0);		/* what fopen() would give */
		umask(mask);
		mode = 0666 & ~mask;
	}
	n = strlen(path);
	if ((o->tmp = vgx_malloc(n + sizeof(".XXXXXX"))) == NULL) {
		cli_errorf("out of memory");
		return CLI_EXIT_SYSTEM;
	}
	memcpy(o->tmp, path, n);
	memcpy(o->tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
	if ((fd = mkstemp(o->tmp)) < 0) {
		cli_errorf("%s: cannot create a file beside it: %s", path,
		    strerror(errno));
		vgx_free(o->tmp);
		o->tmp = NULL;
		return CLI_EXIT_SYSTEM;
	}
	if (fchmod(fd, mode) != 0 || (o->fp = fdopen(fd, "wb")) == NULL) {
		cli_errorf("%s: %s", o->tmp, strerror(errno));
		close(fd);
		remove(o->tmp);
		vgx_free(o->tmp);
		o->tmp = NULL;
		return CLI_EXIT_SYSTEM;
	}
	return CLI_EXIT_OK;
}

int
cli_out_close(struct cli_out *o, bool ok)
{
	int ex = CLI_EXIT_OK;

	if (o->fp == NULL)
		return ok ? CLI_EXIT_OK : CLI_EXIT_SYSTEM;
	if (o->fp == stdout) {
		o->fp = NULL;
		return ok ? cli_finish_stdout() : CLI_EXIT_SYSTEM;
	}
	if (ok && o->sync && (fflush(o->fp) != 0 || fsync(fileno(o->fp)) !=
	    0)) {
		cli_errorf("%s: %s", o->path, strerror(errno));
		ok = false;
	}
	if ((ferror(o->fp) | fclose(o->fp)) != 0 && ok) {
		cli_errorf("%s: write error", o->path);
		ok = false;
	}
	o->fp = NULL;
	if (!ok)
		ex = CLI_EXIT_SYSTEM;
	if (o->tmp != NULL) {
		if (ok && rename(o->tmp, o->path) != 0) {
			cli_errorf("%s: cannot replace: %s", o->path,
			    strerror(errno));
			ex = CLI_EXIT_SYSTEM;
			ok = false;
		}
		if (!ok)
			remove(o->tmp);
		vgx_free(o->tmp);
		o->tmp = NULL;
	}
	return ex;
}
