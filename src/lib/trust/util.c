/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers of the trust module: libsodium start-up, line splitting, exact
 * base64, little-endian numbers, small-file reading with wiping, and
 * exclusive or atomic file writing.  Nothing here knows the minisign
 * formats; keys.c and sign.c do.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "trustint.h"

int
vigil__trust_init(vigil_error *err)
{
	if (sodium_init() < 0)
		return vigil__error(err, VIGIL_ERROR,
		    "libsodium could not be initialised");
	return 0;
}

int
vigil__trust_line(const char **sp, const char *end, const char **line,
    size_t *len)
{
	const char *s = *sp, *nl;

	if (s >= end)
		return 0;
	nl = memchr(s, '\n', (size_t)(end - s));
	*line = s;
	*len = (size_t)((nl != NULL ? nl : end) - s);
	*sp = nl != NULL ? nl + 1 : end;
	if (*len > 0 && s[*len - 1] == '\r')
		(*len)--;
	return 1;
}

int
vigil__trust_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

int
vigil__trust_b64_exact(uint8_t *out, size_t want, const char *s, size_t len)
{
	size_t got = 0;
	const char *b64_end = NULL;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	/* Base64 of WANT bytes has exactly this length, padding included. */
	if (len != sodium_base64_ENCODED_LEN(want,
	    sodium_base64_VARIANT_ORIGINAL) - 1)
		return -1;
	if (sodium_base642bin(out, want, s, len, NULL, &got, &b64_end,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || got != want ||
	    b64_end != s + len)
		return -1;
	return 0;
}

void
vigil__trust_le64_store(uint8_t out[8], uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

uint64_t
vigil__trust_le64_load(const uint8_t in[8])
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | in[i];
	return v;
}

void
vigil_trust_keyid_hex(char out[17], const uint8_t key_id[8])
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	/* minisign prints the id as a little-endian uint64 ("%016" PRIX64). */
	for (i = 0; i < 8; i++) {
		out[2 * i] = hex[key_id[7 - i] >> 4];
		out[2 * i + 1] = hex[key_id[7 - i] & 15];
	}
	out[16] = '\0';
}

void
vigil_trust_hex(char *out, const uint8_t *in, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * len] = '\0';
}

void
vigil_trust_text_free(char *text)
{
	vgx_free(text);
}

void
vigil__trust_error_file(vigil_error *err, const char *path)
{
	if (err == NULL)
		return;
	if (err->line > 0) {
		vigil__error_prefix(err, "%s:%lu", path, err->line);
		err->line = 0;
		err->column = 0;
	} else {
		vigil__error_prefix(err, "%s", path);
	}
}

const char *
vigil__trust_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL && s[1] != '\0' ? s + 1 : path;
}

int
vigil__trust_read_small(char *buf, size_t size, size_t *len_out,
    const char *path, vigil_error *err)
{
	size_t len = 0;
	ssize_t n;
	int fd;

	*len_out = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	for (;;) {
		if (len == size - 1) {
			char c;

			/* Full: one more byte means the file is too large. */
			if ((n = read(fd, &c, 1)) == 0)
				break;
			close(fd);
			sodium_memzero(buf, size);
			if (n < 0)
				return vigil__error(err, VIGIL_EIO, "%s: %s",
				    path, strerror(errno));
			return vigil__error(err, VIGIL_ETOOBIG,
			    "%s: larger than the limit of %zu bytes", path,
			    size - 1);
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			sodium_memzero(buf, size);
			return vigil__error(err, VIGIL_EIO, "%s: %s", path,
			    strerror(e));
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*len_out = len;
	return 0;
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
vigil__trust_write_file(const char *path, const void *data, size_t len,
    mode_t mode, int replace, vigil_error *err)
{
	char tmp[PATH_MAX];
	int fd, e;

	if (!replace) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, mode);
		if (fd < 0 && errno == EEXIST)
			return vigil__error(err, VIGIL_EEXISTS,
			    "%s exists already; not overwritten", path);
		if (fd < 0)
			return vigil__error(err, VIGIL_EIO, "%s: %s", path,
			    strerror(errno));
		/* O_CREAT applies the umask; the mode is what we promise. */
		if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
		    fsync(fd) != 0) {
			e = errno;
			close(fd);
			unlink(path);
			return vigil__error(err, VIGIL_EIO, "%s: %s", path,
			    strerror(e));
		}
		if (close(fd) != 0) {
			e = errno;
			unlink(path);
			return vigil__error(err, VIGIL_EIO, "%s: %s", path,
			    strerror(e));
		}
		return 0;
	}
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >=
	    sizeof(tmp))
		return vigil__error(err, VIGIL_EIO, "%s: path too long", path);
	/* mkstemp creates the file with mode 0600 and O_EXCL. */
	if ((fd = mkstemp(tmp)) < 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(e));
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(tmp);
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(e));
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(e));
	}
	return 0;
}
