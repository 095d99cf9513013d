/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Store migration 4: the device inventory (src/lib/life/fleet.c).  Device
 * releases are the manufacturer's view (model, version, dates, profile),
 * release_sbom keeps every SBOM attached to a release (IMDRF N73: a new
 * SBOM per release and update), installed devices are the hospital's
 * view, and fleet_finding records what each fleet scan found with the
 * time it was first seen.  Migration 3 is reserved (an empty entry in
 * schema.c) so that the VEX branch's next migration cannot collide.
 */
#include <stddef.h>

#include "storeint.h"

const char vigil__store_m0004[] =
    "CREATE TABLE device_release (\n"
    "\trid INTEGER PRIMARY KEY,\n"
    "\tmanufacturer TEXT NOT NULL,\n"
    "\tmodel TEXT NOT NULL,\n"
    "\trelease TEXT NOT NULL,\n"
    "\tudi_di TEXT,\n"
    "\treleased TEXT,\n"
    "\teol TEXT,\n"
    "\teos TEXT,\n"
    "\tnote TEXT,\n"
    "\tprofile TEXT,\n"
    "\tcontact TEXT,\n"
    "\tlast_scan TEXT,\n"
    "\tUNIQUE (model, release)\n"
    ");\n"
    "CREATE TABLE release_sbom (\n"
    "\trid BIGINT NOT NULL REFERENCES device_release (rid)"
    " ON DELETE CASCADE,\n"
    "\tseq INTEGER NOT NULL,\n"
    "\tadded TEXT NOT NULL,\n"
    "\tsha256 TEXT NOT NULL,\n"
    "\tcontent TEXT NOT NULL,\n"
    "\tPRIMARY KEY (rid, seq)\n"
    ");\n"
    "CREATE TABLE installed_device (\n"
    "\tserial TEXT PRIMARY KEY,\n"
    "\trid BIGINT NOT NULL REFERENCES device_release (rid),\n"
    "\tsite TEXT NOT NULL,\n"
    "\tlocation TEXT,\n"
    "\tzone TEXT,\n"
    "\towner TEXT,\n"
    "\tinstalled TEXT,\n"
    "\tcontrols BIGINT NOT NULL\n"
    ");\n"
    "CREATE INDEX installed_device_rid ON installed_device (rid);\n"
    "CREATE TABLE fleet_finding (\n"
    "\trid BIGINT NOT NULL REFERENCES device_release (rid)"
    " ON DELETE CASCADE,\n"
    "\tvuln TEXT NOT NULL,\n"
    "\tcomponent TEXT NOT NULL,\n"
    "\taliases TEXT NOT NULL,\n"
    "\tpurl TEXT,\n"
    "\tfixed TEXT,\n"
    "\tscore BIGINT NOT NULL,\n"
    "\tseverity TEXT NOT NULL,\n"
    "\tkev BIGINT NOT NULL,\n"
    "\tvector TEXT,\n"
    "\tepss TEXT,\n"
    "\tsummary TEXT,\n"
    "\tfirst_seen TEXT NOT NULL,\n"
    "\tlast_seen TEXT NOT NULL,\n"
    "\tPRIMARY KEY (rid, vuln, component)\n"
    ");\n"
    "CREATE INDEX fleet_finding_vuln ON fleet_finding (vuln);\n"
    "CREATE TABLE fleet_finding_alias (\n"
    "\talias TEXT NOT NULL,\n"
    "\tvuln TEXT NOT NULL,\n"
    "\tPRIMARY KEY (alias, vuln)\n"
    ");\n";
