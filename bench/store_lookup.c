/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Lookup benchmark: the two questions the matcher asks the store, timed
 * over many keys of a store filled by bench/gen_feed.py.
 *
 * usage: store_lookup DB OSV_KEYS NVD_KEYS (built and run by bench/store.sh)
 * Prints the mean and the worst time per lookup and the mean number of
 * rows returned.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vigil/vigil.h"

static const char *const ecos[] = {"PyPI", "npm", "Go", "Maven",
    "crates.io", "RubyGems", "NuGet", "Packagist", "Debian", "Alpine"};

static int
count_aff(void *p, const vigil_store_affected *a)
{
	(void)a;
	(*(unsigned long *)p)++;
	return 0;
}

static int
count_cfg(void *p, const vigil_store_config *c)
{
	(void)c;
	(*(unsigned long *)p)++;
	return 0;
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int
main(int argc, char **argv)
{
	vigil_store *st;
	vigil_error err;
	unsigned long rows = 0, i, n1, n2;
	double t, dt, total = 0, worst = 0;
	char name[64], vendor[64], product[64];

	if (argc != 4) {
		fprintf(stderr, "usage: lookup DB OSV_KEYS NVD_KEYS\n");
		return 2;
	}
	n1 = strtoul(argv[2], NULL, 10);
	n2 = strtoul(argv[3], NULL, 10);
	if (vigil_store_open(&st, argv[1], VIGIL_STORE_READONLY, &err) != 0) {
		fprintf(stderr, "lookup: %s\n", err.msg);
		return 4;
	}
	srand(42);
	for (i = 0; i < n1; i++) {
		snprintf(name, sizeof(name), "pkg-%d", rand() % 20000);
		t = now_us();
		if (vigil_store_affected_for(st, ecos[i % 10], name, count_aff,
		    &rows, &err) != 0) {
			fprintf(stderr, "lookup: %s\n", err.msg);
			return 4;
		}
		dt = now_us() - t;
		total += dt;
		if (dt > worst)
			worst = dt;
	}
	if (n1 > 0)
		printf("osv affected_for(ecosystem, name): %lu lookups, "
		    "mean %.1f us, worst %.1f us, %.2f rows each\n", n1,
		    total / (double)n1, worst, (double)rows / (double)n1);
	rows = 0;
	total = worst = 0;
	for (i = 0; i < n2; i++) {
		snprintf(vendor, sizeof(vendor), "vendor%d", rand() % 5000);
		snprintf(product, sizeof(product), "product%d", rand() % 50);
		t = now_us();
		if (vigil_store_configs_for(st, vendor, product, count_cfg,
		    &rows, &err) != 0) {
			fprintf(stderr, "lookup: %s\n", err.msg);
			return 4;
		}
		dt = now_us() - t;
		total += dt;
		if (dt > worst)
			worst = dt;
	}
	if (n2 > 0)
		printf("nvd configs_for(vendor, product): %lu lookups, "
		    "mean %.1f us, worst %.1f us, %.2f rows each\n", n2,
		    total / (double)n2, worst, (double)rows / (double)n2);
	vigil_store_close(st);
	return 0;
}
