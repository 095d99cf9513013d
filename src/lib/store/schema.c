/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The store schema as versioned migrations, one C string each (the build
 * embeds data/ as a list of single files only, so the SQL lives here).
 * Migration N brings a store from schema N-1 to N; they run in order in
 * one transaction (store.c).  Portable SQL: SQLite and PostgreSQL (whose
 * backend maps INTEGER PRIMARY KEY to an identity column).  Later steps
 * add devices, VEX decisions and findings as further entries.
 */
#include <stddef.h>

#include "storeint.h"

static const char m0001[] =
    "CREATE TABLE meta (\n"
    "\tkey TEXT PRIMARY KEY,\n"
    "\tvalue TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE source (\n"
    "\tsid INTEGER PRIMARY KEY,\n"
    "\tkind TEXT NOT NULL,\n"
    "\tlocation TEXT NOT NULL,\n"
    "\tsize BIGINT NOT NULL,\n"
    "\tsha256 TEXT NOT NULL,\n"
    "\tetag TEXT NOT NULL,\n"
    "\tlast_modified TEXT NOT NULL,\n"
    "\timported TEXT NOT NULL,\n"
    "\tadded BIGINT NOT NULL,\n"
    "\tupdated BIGINT NOT NULL,\n"
    "\tunchanged BIGINT NOT NULL,\n"
    "\twithdrawn BIGINT NOT NULL,\n"
    "\trejected BIGINT NOT NULL\n"
    ");\n"
    "CREATE INDEX source_location ON source (location);\n"
    "CREATE TABLE vuln_id (\n"
    "\tid TEXT PRIMARY KEY,\n"
    "\tvuln BIGINT NOT NULL\n"
    ");\n"
    "CREATE INDEX vuln_id_vuln ON vuln_id (vuln);\n"
    "CREATE TABLE advisory (\n"
    "\trid INTEGER PRIMARY KEY,\n"
    "\tkind TEXT NOT NULL,\n"
    "\tid TEXT NOT NULL,\n"
    "\tmodified TEXT,\n"
    "\tpublished TEXT,\n"
    "\twithdrawn TEXT,\n"
    "\tstatus TEXT,\n"
    "\tsummary TEXT,\n"
    "\tdigest TEXT NOT NULL,\n"
    "\traw BLOB NOT NULL,\n"
    "\tUNIQUE (kind, id)\n"
    ");\n"
    "CREATE TABLE alias (\n"
    "\trid BIGINT NOT NULL REFERENCES advisory (rid) ON DELETE CASCADE,\n"
    "\trel TEXT NOT NULL,\n"
    "\talias TEXT NOT NULL,\n"
    "\tPRIMARY KEY (rid, rel, alias)\n"
    ");\n"
    "CREATE INDEX alias_alias ON alias (alias);\n"
    "CREATE TABLE severity (\n"
    "\trid BIGINT NOT NULL REFERENCES advisory (rid) ON DELETE CASCADE,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\tversion TEXT NOT NULL,\n"
    "\tsource TEXT,\n"
    "\ttype TEXT,\n"
    "\tvector TEXT NOT NULL,\n"
    "\tbase_score DOUBLE PRECISION,\n"
    "\tPRIMARY KEY (rid, seq)\n"
    ");\n"
    "CREATE TABLE weakness (\n"
    "\trid BIGINT NOT NULL REFERENCES advisory (rid) ON DELETE CASCADE,\n"
    "\tcwe TEXT NOT NULL,\n"
    "\tsource TEXT NOT NULL,\n"
    "\tPRIMARY KEY (rid, cwe, source)\n"
    ");\n"
    "CREATE TABLE affected (\n"
    "\trid BIGINT NOT NULL REFERENCES advisory (rid) ON DELETE CASCADE,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\tecosystem TEXT NOT NULL,\n"
    "\teco_base TEXT NOT NULL,\n"
    "\tname TEXT NOT NULL,\n"
    "\tname_norm TEXT NOT NULL,\n"
    "\tpurl TEXT,\n"
    "\tranges TEXT NOT NULL,\n"
    "\tversions TEXT NOT NULL,\n"
    "\teco_specific TEXT,\n"
    "\tdb_specific TEXT,\n"
    "\tPRIMARY KEY (rid, seq)\n"
    ");\n"
    "CREATE INDEX affected_pkg ON affected (eco_base, name_norm);\n"
    "CREATE TABLE nvd_config (\n"
    "\trid BIGINT NOT NULL REFERENCES advisory (rid) ON DELETE CASCADE,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\tconfig BLOB NOT NULL,\n"
    "\tPRIMARY KEY (rid, seq)\n"
    ");\n"
    "CREATE TABLE nvd_cpe (\n"
    "\trid BIGINT NOT NULL,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\tpart TEXT NOT NULL,\n"
    "\tvendor TEXT NOT NULL,\n"
    "\tproduct TEXT NOT NULL,\n"
    "\tPRIMARY KEY (vendor, product, rid, seq),\n"
    "\tFOREIGN KEY (rid, seq) REFERENCES nvd_config (rid, seq)\n"
    "\t    ON DELETE CASCADE\n"
    ");\n"
    "CREATE INDEX nvd_cpe_rid ON nvd_cpe (rid, seq);\n"
    "CREATE TABLE kev (\n"
    "\tcve TEXT PRIMARY KEY,\n"
    "\tvendor TEXT,\n"
    "\tproduct TEXT,\n"
    "\tname TEXT,\n"
    "\tdate_added TEXT,\n"
    "\tdescription TEXT,\n"
    "\trequired_action TEXT,\n"
    "\tdue_date TEXT,\n"
    "\transomware TEXT,\n"
    "\tnotes TEXT,\n"
    "\tcwes TEXT,\n"
    "\tdigest TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE epss (\n"
    "\tcve TEXT PRIMARY KEY,\n"
    "\tscore DOUBLE PRECISION NOT NULL,\n"
    "\tpercentile DOUBLE PRECISION NOT NULL,\n"
    "\tmodel TEXT,\n"
    "\tscore_date TEXT\n"
    ");\n";

/*
 * 2: VEX triage decisions (src/lib/vex/triage.c), append-only: the
 * triggers refuse updates and deletes, so the history stays whole.
 */
static const char m0002[] =
    "CREATE TABLE vex_decisions (\n"
    "\tseq INTEGER PRIMARY KEY,\n"
    "\tproduct TEXT NOT NULL,\n"
    "\tvuln TEXT NOT NULL,\n"
    "\tstatus TEXT NOT NULL,\n"
    "\tjustification TEXT,\n"
    "\timpact TEXT,\n"
    "\taction TEXT,\n"
    "\tauthor TEXT NOT NULL,\n"
    "\tdecided TEXT NOT NULL,\n"
    "\tprevious TEXT\n"
    ");\n"
    "CREATE INDEX vex_decisions_product ON vex_decisions (product, vuln, seq);\n"
    "CREATE TRIGGER vex_decisions_no_update BEFORE UPDATE ON vex_decisions\n"
    "BEGIN SELECT RAISE(ABORT, 'VEX decisions are append-only'); END;\n"
    "CREATE TRIGGER vex_decisions_no_delete BEFORE DELETE ON vex_decisions\n"
    "BEGIN SELECT RAISE(ABORT, 'VEX decisions are append-only'); END;\n";

/* 3: reserved (empty) so that migrations of parallel branches do not
 * collide; 4: the device inventory, in schema_fleet.c. */
extern const char vigil__store_m0004[];
/* 5: one inventory for the CLI and the server, per organisation. */
extern const char vigil__store_m0005[];

const char *const vigil__store_migrations[] = {
	m0001,
	m0002,
	"",
	vigil__store_m0004,
	vigil__store_m0005,
	NULL
};
