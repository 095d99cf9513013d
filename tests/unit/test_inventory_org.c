/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The inventory per organisation (store migration 5): a store scoped to
 * one organisation (vigil_store_set_org) sees and changes only its
 * releases, devices, SBOMs, findings and VEX decisions, and names are
 * unique per organisation; nested transactions (a library call inside a
 * caller's); the release's VEX product purl; a version 4 store with rows
 * upgraded whole.  Every test runs on SQLite and on PostgreSQL
 * (VIGIL_TEST_PG_DSN; store_backends.h).
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vigil/life.h"
#include "vigil/vex.h"
#include "vgx.h"
#include "store_backends.h"
#include "store/storeint.h"


static bool on_pg;

static int
setup(void **state)
{
	return vt_store_setup(state, on_pg, "inv", "t.db");
}

static int
count(void *p, const void *x)
{
	(void)x;
	(*(size_t *)p)++;
	return 0;
}

static int
count_rel(void *p, const vigil_fleet_release *r)
{
	return count(p, r);
}

static int
count_dev(void *p, const vigil_fleet_device *d)
{
	return count(p, d);
}

static int
count_vex(void *p, const vigil_vex_decision *d)
{
	return count(p, d);
}

static int
count_find(void *p, const vigil_fleet_finding *f)
{
	return count(p, f);
}

static int
take_purl(void *p, const vigil_fleet_release *r)
{
	snprintf(p, 128, "%s|%s", r->purl ? r->purl : "-",
	    r->stage ? r->stage : "-");
	return 0;
}

static int
take_id(void *p, const vigil_fleet_release *r)
{
	*(int64_t *)p = r->id;
	return 0;
}

static int
take_site(void *p, const vigil_fleet_device *d)
{
	snprintf(p, 64, "%s", d->site);
	return 0;
}

static void
add_release(vigil_store *st, const char *model, const char *stage, int want)
{
	vigil_fleet_release r = VIGIL_FLEET_RELEASE_INIT;
	vigil_error err;

	r.manufacturer = "Example Medical";
	r.model = model;
	r.release = "1.0";
	r.released = "2020-01-01";
	r.stage = stage;
	assert_int_equal(vigil_fleet_release_put(st, &r, false, &err), want);
}

static void
add_device(vigil_store *st, const char *serial, const char *site, int want)
{
	vigil_fleet_device d = VIGIL_FLEET_DEVICE_INIT;
	vigil_error err;

	d.serial = serial;
	d.model = "My Pump";
	d.release = "1.0";
	d.site = site;
	assert_int_equal(vigil_fleet_device_put(st, &d, false,
	    vigil_life_today(), &err), want);
}

static const char bom[] = "{\"bomFormat\":\"CycloneDX\","
    "\"specVersion\":\"1.5\",\"components\":[]}";

static void
test_org_scope(void **state)
{
	struct vt_store *c = *state;
	vigil_store *st = c->st;
	vigil_vex_decision d = VIGIL_VEX_DECISION_INIT;
	vigil_fleet_finding f;
	vigil_error err;
	char buf[128];
	size_t n;

	assert_int_equal(vigil_store_org(st), VIGIL_STORE_ORG_LOCAL);
	add_release(st, "My Pump", NULL, 0);
	add_release(st, "My Pump", NULL, VIGIL_EEXISTS);
	add_device(st, "SN-1", "Ward", 0);
	add_device(st, "SN-1", "Ward", VIGIL_EEXISTS);
	assert_int_equal(vigil_fleet_sbom_attach(st, "My Pump", "1.0", bom,
	    sizeof(bom) - 1, "2026-01-01T00:00:00Z", &err), 0);
	memset(&f, 0, sizeof(f));
	f.vuln = "CVE-2099-0001";
	f.aliases = "CVE-2099-0001 GHSA-xxxx-0001";
	f.component = "lib@1";
	f.name = "lib";
	f.version = "1";
	f.score = 75;
	f.severity = "high";
	f.epss = -1;
	f.harm = "serious";
	f.risk = "high";
	f.priority = 2;
	assert_int_equal(vigil_fleet_record(st, "My Pump", "1.0", &f, 1,
	    "2026-01-02T00:00:00Z", &err), 0);
	d.product = "pkg:generic/My%20Pump@1.0";
	d.vuln = "CVE-2099-0001";
	d.status = VIGIL_VEX_FIXED;
	d.author = "org1";
	assert_int_equal(vigil_vex_decide(st, &d, &err), 0);

	/* The release's VEX product is its generic purl. */
	assert_int_equal(vigil_fleet_release_get(st, "My Pump", "1.0",
	    take_purl, buf, &err), 0);
	assert_string_equal(buf, "pkg:generic/My%20Pump@1.0|-");

	/* Organisation 2 sees nothing of organisation 1 ... */
	vigil_store_set_org(st, 2);
	assert_int_equal(vigil_store_org(st), 2);
	n = 0;
	assert_int_equal(vigil_fleet_releases(st, NULL, count_rel, &n, &err),
	    0);
	assert_int_equal(n, 0);
	assert_int_equal(vigil_fleet_release_get(st, "My Pump", "1.0",
	    count_rel, &n, &err), VIGIL_ENOTFOUND);
	assert_int_equal(vigil_fleet_devices(st, "SN-1", count_dev, &n, &err),
	    VIGIL_ENOTFOUND);
	n = 0;
	assert_int_equal(vigil_fleet_findings(st, NULL, NULL, "GHSA-xxxx-0001",
	    false, count_find, &n, &err), 0);
	assert_int_equal(n, 0);
	n = 0;
	assert_int_equal(vigil_vex_decisions(st, d.product, NULL, false,
	    count_vex, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(vigil_fleet_release_remove(st, "My Pump", "1.0",
	    &err), VIGIL_ENOTFOUND);
	assert_int_equal(vigil_fleet_device_remove(st, "SN-1", &err),
	    VIGIL_ENOTFOUND);
	assert_int_equal(vigil_fleet_sbom_attach(st, "My Pump", "1.0", bom,
	    sizeof(bom) - 1, "2026-01-01T00:00:00Z", &err), VIGIL_ENOTFOUND);

	/* ... and may use the same names. */
	add_release(st, "My Pump", "limited_support", 0);
	add_device(st, "SN-1", "Clinic", 0);
	d.author = "org2";
	d.status = VIGIL_VEX_UNDER_INVESTIGATION;
	assert_int_equal(vigil_vex_decide(st, &d, &err), 0);
	assert_int_equal(vigil_fleet_release_get(st, "My Pump", "1.0",
	    take_purl, buf, &err), 0);
	assert_string_equal(buf, "pkg:generic/My%20Pump@1.0|limited_support");

	/* Organisation 1 is unchanged. */
	vigil_store_set_org(st, VIGIL_STORE_ORG_LOCAL);
	assert_int_equal(vigil_fleet_devices(st, "SN-1", take_site, buf, &err),
	    0);
	assert_string_equal(buf, "Ward");
	n = 0;
	assert_int_equal(vigil_vex_decisions(st, d.product, NULL, false,
	    count_vex, &n, &err), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(vigil_fleet_findings(st, NULL, NULL, "GHSA-xxxx-0001",
	    true, count_find, &n, &err), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(vigil_fleet_releases(st, NULL, count_rel, &n, &err),
	    0);
	assert_int_equal(n, 1);
	/* Removing organisation 1's device leaves organisation 2's. */
	assert_int_equal(vigil_fleet_device_remove(st, "SN-1", &err), 0);
	vigil_store_set_org(st, 2);
	assert_int_equal(vigil_fleet_devices(st, "SN-1", take_site, buf, &err),
	    0);
	assert_string_equal(buf, "Clinic");
}

static void
test_bad_stage(void **state)
{
	struct vt_store *c = *state;

	add_release(c->st, "My Pump", "forever", VIGIL_EINVALID);
	add_release(c->st, "My Pump", "", VIGIL_EINVALID);
	add_release(c->st, "My Pump", "end_of_support", 0);
}

static int
one_row(void *ctx, vigil_store *st, void *stmt)
{
	*(int64_t *)ctx = vigil__store_col_int(st, stmt, 0);
	return 1;
}

static int64_t
releases_in_db(vigil_store *st)
{
	int64_t n = -1;
	vigil_error err;

	assert_int_equal(vigil__store_query1(st, "SELECT count(*) FROM "
	    "device_release", NULL, one_row, &n, &err), 0);
	return n;
}

static void
test_nested_transactions(void **state)
{
	struct vt_store *c = *state;
	vigil_store *st = c->st;
	vigil_error err;

	assert_false(vigil_store_in_transaction(st));
	/* A library call inside a caller's transaction joins it: the
	 * caller's rollback undoes it. */
	assert_int_equal(vigil_store_begin(st, &err), 0);
	assert_true(vigil_store_in_transaction(st));
	add_release(st, "A", NULL, 0);
	vigil_store_rollback(st);
	assert_false(vigil_store_in_transaction(st));
	assert_int_equal(releases_in_db(st), 0);
	/* An inner failure (the library rolls back) fails the outer
	 * commit, which writes nothing. */
	assert_int_equal(vigil_store_begin(st, &err), 0);
	add_release(st, "A", NULL, 0);
	add_release(st, "A", NULL, VIGIL_EEXISTS);
	assert_int_equal(vigil_store_commit(st, &err), VIGIL_EDB);
	assert_false(vigil_store_in_transaction(st));
	assert_int_equal(releases_in_db(st), 0);
	/* Both commit. */
	assert_int_equal(vigil_store_begin(st, &err), 0);
	add_release(st, "A", NULL, 0);
	add_release(st, "B", NULL, 0);
	assert_int_equal(vigil_store_commit(st, &err), 0);
	assert_int_equal(releases_in_db(st), 2);
}

/* A store of schema 4 with inventory rows: migration 5 keeps them all,
 * in organisation 1, with their ids. */
static void
test_migrate_v4(void **state)
{
	struct vt_store *c = *state;
	const vigil_store_backend *be;
	vigil_store *st;
	vigil_error err;
	char buf[128];
	int64_t id = 0;
	void *db;
	size_t n;
	unsigned v;

	vigil_store_close(c->st);
	c->st = NULL;
	if (on_pg) {
		vt_pg_drop(c->schema);
		assert_int_equal(vt_pg_fresh(c->db, sizeof(c->db), c->schema,
		    "inv4"), 0);
		be = vigil_store_backend_postgresql();
	} else {
		snprintf(c->db, sizeof(c->db), "%s/v4.db", c->dir);
		be = vigil_store_backend_sqlite();
	}
	assert_int_equal(be->open(&db, c->db, 0, &err), 0);
	for (v = 0; v < 4; v++)
		assert_int_equal(be->exec_schema(db, vigil__store_migrations[v],
		    &err), 0);
	assert_int_equal(be->exec(db, "DELETE FROM meta; INSERT INTO meta "
	    "VALUES ('schema_version', '4');"
	    "INSERT INTO device_release (rid, manufacturer, model, release, "
	    "released, last_scan) VALUES (7, 'M', 'Old Pump', '2', "
	    "'2019-05-01', '2025-01-01T00:00:00Z');"
	    "INSERT INTO release_sbom VALUES (7, 1, '2024-01-01T00:00:00Z', "
	    "'aa', '{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}');"
	    "INSERT INTO installed_device VALUES ('S-9', 7, 'Lab', NULL, NULL, "
	    "NULL, NULL, 3);"
	    "INSERT INTO fleet_finding (rid, vuln, component, aliases, score, "
	    "severity, kev, first_seen, last_seen) VALUES (7, 'CVE-1', 'x@1', "
	    "'CVE-1', 50, 'medium', 0, '2025-01-01T00:00:00Z', "
	    "'2025-01-01T00:00:00Z');"
	    "INSERT INTO vex_decisions (product, vuln, status, author, decided) "
	    "VALUES ('pkg:generic/x', 'CVE-1', 'fixed', 'me', "
	    "'2025-01-01T00:00:00Z');", &err), 0);
	be->close(db);
	assert_int_equal(vigil_store_open(&st, c->db, 0, &err), 0);
	c->st = st;
	n = 0;
	assert_int_equal(vigil_fleet_releases(st, NULL, count_rel, &n, &err),
	    0);
	assert_int_equal(n, 1);
	assert_int_equal(vigil_fleet_release_get(st, "Old Pump", "2",
	    take_purl, buf, &err), 0);
	assert_string_equal(buf, "-|-");	/* filled by the next scan */
	assert_int_equal(vigil_fleet_devices(st, "S-9", take_site, buf, &err),
	    0);
	assert_string_equal(buf, "Lab");
	n = 0;
	assert_int_equal(vigil_fleet_findings(st, "Old Pump", "2", NULL, true,
	    count_find, &n, &err), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(vigil_vex_decisions(st, "pkg:generic/x", NULL, false,
	    count_vex, &n, &err), 0);
	assert_int_equal(n, 1);
	/* New rows get ids after the kept ones, and the old names keep
	 * their uniqueness per organisation. */
	add_release(st, "Old Pump", NULL, 0);
	add_release(st, "Old Pump", NULL, VIGIL_EEXISTS);
	assert_int_equal(vigil_fleet_release_get(st, "Old Pump", "1.0",
	    take_id, &id, &err), 0);
	assert_true(id > 7);	/* PostgreSQL: the identity was resynced */
	vigil_store_set_org(st, 5);
	add_release(st, "Old Pump", NULL, 0);
	assert_int_equal(releases_in_db(st), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_org_scope, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_bad_stage, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_nested_transactions, setup,
		    vt_store_teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v4, setup,
		    vt_store_teardown),
	};
	int rc;

	on_pg = false;
	rc = cmocka_run_group_tests_name("inventory/sqlite", tests, NULL,
	    NULL);
	if (vt_pg_dsn() != NULL) {
		on_pg = true;
		rc += cmocka_run_group_tests_name("inventory/postgresql", tests,
		    NULL, NULL);
	}
	return rc;
}
