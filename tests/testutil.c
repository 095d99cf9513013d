/* SPDX-License-Identifier: Apache-2.0 */
/* Test fixtures: data locations, file reading, temporary directories. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "vgx.h"

static char pathbuf[8][4096];
static unsigned pathidx;

static const char *
join(const char *base, const char *rel)
{
	char *out = pathbuf[pathidx++ % 8];

	if ((size_t)snprintf(out, sizeof(pathbuf[0]), "%s/%s", base, rel) >=
	    sizeof(pathbuf[0]))
		fail_msg("path too long: %s/%s", base, rel);
	return out;
}

const char *
vt_testdata(const char *rel)
{
	const char *base = getenv("VIGIL_TESTDATA");
	const char *p;
	struct stat st;

	if (base == NULL || *base == '\0')
		base = "../shared/testdata";
	p = join(base, rel);
	if (stat(p, &st) != 0)
		return NULL;
	return p;
}

const char *
vt_data(const char *rel)
{
	const char *src = getenv("VIGIL_SRCDIR");
	char tmp[4096];

	if (src == NULL)
		src = ".";
	snprintf(tmp, sizeof(tmp), "%s/tests/data", src);
	return join(tmp, rel);
}

char *
vt_read(const char *path, size_t *len_out)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n = 0;

	if (fp == NULL)
		fail_msg("cannot open %s", path);
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		fail_msg("cannot size %s", path);
	if ((buf = malloc((size_t)n + 1)) == NULL)
		fail_msg("out of memory reading %s", path);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		fail_msg("short read on %s", path);
	buf[n] = '\0';
	fclose(fp);
	if (len_out != NULL)
		*len_out = (size_t)n;
	return buf;
}

char *
vt_mkdtemp(void)
{
	const char *t = getenv("TMPDIR");
	char tmpl[4096];
	char *d;

	snprintf(tmpl, sizeof(tmpl), "%s/vigil-test-XXXXXX", t ? t : "/tmp");
	if ((d = mkdtemp(tmpl)) == NULL)
		fail_msg("mkdtemp failed");
	return strdup(d);
}

int
vt_system(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

void
vt_rmtree(const char *path)
{
	if (path != NULL && strncmp(path, "/tmp/", 5) == 0)
		(void)vt_system("rm -rf '%s'", path);
}

char *
vt_cdx_doc(size_t ncomp, size_t *len, size_t badhash, size_t dupkey)
{
	vgx_buf b;
	size_t i;

	vgx_buf_init(&b, (size_t)256 << 20);
	assert_int_equal(vgx_buf_adds(&b, "{\"bomFormat\":\"CycloneDX\","
	    "\"specVersion\":\"1.6\",\"version\":1,\"metadata\":{\"component\":"
	    "{\"type\":\"device\",\"name\":\"pump\",\"version\":\"1\"}},"
	    "\"unknownTopLevel\":{\"x\":[1,2]},\n\"components\":[\n"), 0);
	for (i = 1; i <= ncomp; i++)
		assert_int_equal(vgx_buf_printf(&b, "%s{\"type\":\"library\","
		    "\"bom-ref\":\"c%zu\",\"name\":\"lib%zu\",\"version\":"
		    "\"1.%zu\",%s\"purl\":\"pkg:generic/lib%zu@1.%zu\","
		    "\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"%s%062zx\"}],"
		    "\"description\":\"%s\"%s}\n", i > 1 ? "," : "", i, i, i,
		    i == dupkey ? "\"version\":\"2\"," : "", i, i,
		    i == badhash ? "zz" : "00", i,
		    i % 7 ? "plain" : "quote \\\" and \\u00e9",
		    i % 100 ? "" : ",\"components\":[{\"type\":\"file\","
		    "\"name\":\"inner\",\"version\":\"0\"}]"), 0);
	assert_int_equal(vgx_buf_adds(&b, "],\"dependencies\":[{\"ref\":"
	    "\"c1\",\"dependsOn\":[\"c2\",\"c3\"]}]}\n"), 0);
	return vgx_buf_take(&b, len);
}
