/* SPDX-License-Identifier: Apache-2.0 */
/*
 * File digests and their sidecars.  vigil_trust_digest_file() reads a file
 * once, in 64 KiB pieces, feeding SHA-256 and SHA-512 (OpenSSL) together,
 * so any size takes constant memory.  Sidecars are what sha256sum and sha512sum
 * write and check ("HEX  NAME\n"; a name with a backslash or a newline is
 * escaped and the line starts with a backslash, as GNU coreutils does).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "trustint.h"

#define CHUNK 65536
#define SIDECAR_MAX 65536

int
vigil_trust_digest_file(vigil_trust_digests *out, const char *path,
    vigil_error *err)
{
	EVP_MD_CTX *c256 = NULL, *c512 = NULL;
	unsigned char *chunk = NULL;
	unsigned int dlen;
	ssize_t n;
	int fd, rc = 0;

	memset(out, 0, sizeof(*out));
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return vigil__error(err, VIGIL_EIO, "%s: %s", path,
		    strerror(errno));
	/*
	 * OpenSSL's digests use the CPU's SHA extensions where there are
	 * some: several times faster than portable C on large images.
	 */
	if ((chunk = vgx_malloc(CHUNK)) == NULL ||
	    (c256 = EVP_MD_CTX_new()) == NULL ||
	    (c512 = EVP_MD_CTX_new()) == NULL) {
		rc = vigil__error_oom(err);
		goto done;
	}
	if (EVP_DigestInit_ex(c256, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestInit_ex(c512, EVP_sha512(), NULL) != 1) {
		rc = vigil__error(err, VIGIL_ERROR, "SHA-2 is not available");
		goto done;
	}
	for (;;) {
		n = read(fd, chunk, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = vigil__error(err, VIGIL_EIO, "%s: %s", path,
			    strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(c256, chunk, (size_t)n) != 1 ||
		    EVP_DigestUpdate(c512, chunk, (size_t)n) != 1) {
			rc = vigil__error(err, VIGIL_ERROR, "SHA-2 failed");
			goto done;
		}
		out->size += (uint64_t)n;
	}
	if (EVP_DigestFinal_ex(c256, out->sha256, &dlen) != 1 || dlen != 32 ||
	    EVP_DigestFinal_ex(c512, out->sha512, &dlen) != 1 || dlen != 64)
		rc = vigil__error(err, VIGIL_ERROR, "SHA-2 failed");
done:
	EVP_MD_CTX_free(c256);
	EVP_MD_CTX_free(c512);
	vgx_free(chunk);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

/* NAME escaped as coreutils does; *ESCAPED says whether it needed it. */
static int
add_name(vgx_buf *b, const char *name, int *escaped)
{
	const char *p;
	int rc = 0;

	*escaped = strpbrk(name, "\\\n\r") != NULL;
	for (p = name; *p != '\0' && rc == 0; p++) {
		if (*escaped && *p == '\\')
			rc = vgx_buf_adds(b, "\\\\");
		else if (*escaped && *p == '\n')
			rc = vgx_buf_adds(b, "\\n");
		else if (*escaped && *p == '\r')
			rc = vgx_buf_adds(b, "\\r");
		else
			rc = vgx_buf_addc(b, *p);
	}
	return rc;
}

static int
write_sidecar(const char *path, const char *ext, const uint8_t *d,
    size_t dlen, vigil_error *err)
{
	char hex[129], side[4096];
	vgx_buf line, name;
	int rc, escaped;

	if ((size_t)snprintf(side, sizeof(side), "%s.%s", path, ext) >=
	    sizeof(side))
		return vigil__error(err, VIGIL_EIO, "%s: path too long", path);
	vigil_trust_hex(hex, d, dlen);
	vgx_buf_init(&line, SIDECAR_MAX);
	vgx_buf_init(&name, SIDECAR_MAX);
	if ((rc = add_name(&name, vigil__trust_basename(path), &escaped)) < 0 ||
	    (rc = vgx_buf_printf(&line, "%s%s  %s\n", escaped ? "\\" : "",
	    hex, vgx_buf_cstr(&name))) < 0)
		rc = vigil__error_oom(err);
	else
		rc = vigil__trust_write_file(side, line.ptr, line.len, 0644, 1,
		    err);
	vgx_buf_dispose(&line);
	vgx_buf_dispose(&name);
	return rc;
}

int
vigil_trust_sidecars_write(const char *path, vigil_error *err)
{
	vigil_trust_digests d;
	int rc;

	if ((rc = vigil_trust_digest_file(&d, path, err)) < 0 ||
	    (rc = write_sidecar(path, "sha256", d.sha256, 32, err)) < 0 ||
	    (rc = write_sidecar(path, "sha512", d.sha512, 64, err)) < 0)
		return rc;
	return 0;
}

static int
unhex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = vgx_tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Whether the sidecar line (LINE, LEN), already split, names NAME; its
 * digest (DLEN bytes) goes to D.  Returns 1 (names it), 0 (another name)
 * or -1 (malformed).
 */
static int
sidecar_line(uint8_t *d, size_t dlen, const char *line, size_t len,
    const char *name)
{
	const char *p = line, *end = line + len;
	size_t i, nlen = strlen(name);
	int escaped = 0;

	if (p < end && *p == '\\') {
		escaped = 1;
		p++;
	}
	if ((size_t)(end - p) < 2 * dlen + 2)
		return -1;
	for (i = 0; i < dlen; i++) {
		int hi = unhex(p[2 * i]), lo = unhex(p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		d[i] = (uint8_t)(hi << 4 | lo);
	}
	p += 2 * dlen;
	/* "HEX  NAME" (text mode) or "HEX *NAME" (binary mode). */
	if (p[0] != ' ' || (p[1] != ' ' && p[1] != '*'))
		return -1;
	p += 2;
	for (i = 0; p < end; p++, i++) {
		char c = *p;

		if (escaped && c == '\\') {
			if (++p == end)
				return -1;
			c = *p == 'n' ? '\n' : *p == 'r' ? '\r' :
			    *p == '\\' ? '\\' : 0;
			if (c == 0)
				return -1;
		}
		if (i >= nlen || name[i] != c)
			return 0;
	}
	return i == nlen;
}

static int
check_sidecar(const char *path, const char *ext, const uint8_t *want,
    size_t dlen, vigil_error *err)
{
	const char *name = vigil__trust_basename(path);
	char side[4096], *text = NULL;
	const char *s, *end, *line;
	uint8_t got[64];
	size_t len, llen;
	unsigned long lineno = 0;
	int rc, found = 0, r;

	if ((size_t)snprintf(side, sizeof(side), "%s.%s", path, ext) >=
	    sizeof(side))
		return vigil__error(err, VIGIL_EIO, "%s: path too long", path);
	if (access(side, F_OK) != 0 && errno == ENOENT)
		return vigil__error(err, VIGIL_EVERIFY,
		    "%s: no %s sidecar (%s does not exist)", path, ext, side);
	if ((rc = vgx_file_read(&text, &len, side, SIDECAR_MAX, err)) < 0)
		return rc;
	s = text;
	end = text + len;
	while (vigil__trust_line(&s, end, &line, &llen)) {
		lineno++;
		if (llen == 0)
			continue;
		if ((r = sidecar_line(got, dlen, line, llen, name)) < 0) {
			rc = vigil__error_at(err, VIGIL_EINVALID, lineno, 0,
			    "%s: not a %s line", side, ext);
			goto done;
		}
		if (r == 0)
			continue;
		found = 1;
		if (sodium_memcmp(got, want, dlen) != 0) {
			rc = vigil__error(err, VIGIL_EVERIFY,
			    "%s: the %s sidecar disagrees: the file's %s is "
			    "not the one in %s", path, ext, ext, side);
			goto done;
		}
	}
	if (!found)
		rc = vigil__error(err, VIGIL_EVERIFY, "%s does not list %s",
		    side, name);
done:
	vgx_free(text);
	return rc;
}

int
vigil_trust_sidecars_check(const char *path, vigil_error *err)
{
	vigil_trust_digests d;
	int rc;

	if ((rc = vigil_trust_digest_file(&d, path, err)) < 0 ||
	    (rc = check_sidecar(path, "sha256", d.sha256, 32, err)) < 0 ||
	    (rc = check_sidecar(path, "sha512", d.sha512, 64, err)) < 0)
		return rc;
	return 0;
}
