/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Replays fuzz inputs without libFuzzer (libgit2 standalone_driver): each
 * argument is a file or a directory of files, each fed once to
 * LLVMFuzzerTestOneInput.  Crashes show up as a failing test under the
 * sanitizers.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, n;
	unsigned char chunk[65536];

	if (fp == NULL) {
		fprintf(stderr, "standalone: %s: cannot open\n", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (len + n > cap) {
			unsigned char *p;

			cap = (len + n) * 2;
			if ((p = realloc(buf, cap)) == NULL) { /* checksrc:allow */
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = p;
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	fclose(fp);
	/* Hand over an exact-size copy so that ASan sees overreads. */
	{
		unsigned char *exact = malloc(len ? len : 1);

		if (exact == NULL) {
			free(buf);
			return -1;
		}
		if (len)
			memcpy(exact, buf, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	free(buf);
	return 0;
}

static int
walk(const char *path, unsigned *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "standalone: %s: no such file or directory\n",
		    path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return run_file(path);
	}
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path,
		    e->d_name) >= sizeof(sub))
			continue;
		if (walk(sub, count) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned count = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++)
		if (walk(argv[i], &count) != 0)
			rc = 1;
	/* An empty input exercises the zero-length path too. */
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	printf("standalone: replayed %u inputs\n", count);
	return rc;
}
