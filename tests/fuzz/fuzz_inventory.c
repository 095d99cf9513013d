/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fuzz target for the inventory CSV import: an in-memory store with one
 * release ("InfuCare PX@3.2"), the input imported; on success every row
 * must be in the store, on failure none (all or nothing).
 */
#include <stdint.h>
#include <stdlib.h>

#include "vigil/life.h"

static int
count(void *p, const vigil_fleet_device *d)
{
	(void)d;
	(*(size_t *)p)++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;
	vigil_store *st = NULL;
	vigil_error err;
	size_t rows = 0, n = 0;
	int rc;

	if (size > 65536 || vigil_store_open(&st, ":memory:", 0, &err) < 0)
		return 0;
	r.manufacturer = "Example Medical";
	r.model = "InfuCare PX";
	r.release = "3.2";
	if (vigil_fleet_release_put(st, &r, false, &err) < 0)
		abort();
	rc = vigil_fleet_import_csv(&rows, st, (const char *)data, size,
	    vigil_life_today(), &err);
	if (vigil_fleet_devices(st, NULL, count, &n, &err) < 0)
		abort();
	if ((rc == 0 && n == 0) || (rc < 0 && n != 0) || (rc == 0 &&
	    n > rows))
		abort();
	vigil_store_close(st);
	return 0;
}
