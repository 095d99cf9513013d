/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Password input for secret keys (see trust_pass.h).  The terminal is
 * opened directly, so that a password never comes from a pipe by
 * accident, and its echo is restored on every path.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "trust_pass.h"

static int
from_tty(char *buf, size_t size, const char *prompt, vigil_error *err)
{
	struct termios old, quiet;
	size_t len = 0;
	int fd, echo_off = 0, rc = 0;
	char c;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0)
		return vigil__error(err, VIGIL_EINVALID,
		    "a password is needed: set VIGIL_PASSWORD or run on a "
		    "terminal");
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	if (write(fd, prompt, strlen(prompt)) < 0)
		rc = vigil__error(err, VIGIL_EIO,
		    "cannot write to the terminal");
	while (rc == 0) {
		ssize_t n = read(fd, &c, 1);

		if (n <= 0 || c == '\n')
			break;
		if (len + 1 >= size) {
			rc = vigil__error(err, VIGIL_ETOOBIG,
			    "password longer than %zu bytes", size - 1);
			break;
		}
		buf[len++] = c;
	}
	buf[len] = '\0';
	c = 0;
	if (echo_off)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		rc = rc ? rc : vigil__error(err, VIGIL_EIO,
		    "cannot write to the terminal");
	close(fd);
	if (rc == 0 && len == 0)
		rc = vigil__error(err, VIGIL_EINVALID, "empty password");
	if (rc != 0)
		explicit_bzero(buf, size);
	return rc;
}

static int
from_env(char *buf, size_t size, const char *name, const char *val,
    vigil_error *err)
{
	size_t len = strlen(val);

	if (len == 0)
		return vigil__error(err, VIGIL_EINVALID, "%s is empty", name);
	if (len >= size)
		return vigil__error(err, VIGIL_ETOOBIG,
		    "%s is longer than %zu bytes", name, size - 1);
	memcpy(buf, val, len + 1);
	return 0;
}

int
cli_trust_password(char *buf, size_t size, void *payload, vigil_error *err)
{
	const char *env = getenv("VIGIL_PASSWORD");

	if (env != NULL)
		return from_env(buf, size, "VIGIL_PASSWORD", env, err);
	return from_tty(buf, size, payload != NULL ? payload : "Password: ",
	    err);
}

int
cli_trust_new_password(char *buf, size_t size, const char *env,
    vigil_error *err)
{
	char again[VIGIL_TRUST_PASSWORD_MAX + 1];
	const char *val = getenv(env);
	int rc;

	if (val != NULL)
		return from_env(buf, size, env, val, err);
	if ((rc = from_tty(buf, size, "New password for the secret key: ",
	    err)) < 0)
		return rc;
	if ((rc = from_tty(again, sizeof(again), "The same password again: ",
	    err)) == 0 && strcmp(buf, again) != 0)
		rc = vigil__error(err, VIGIL_EINVALID,
		    "the two passwords differ");
	explicit_bzero(again, sizeof(again));
	if (rc != 0)
		explicit_bzero(buf, size);
	return rc;
}

void
cli_trust_print_safe(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}
