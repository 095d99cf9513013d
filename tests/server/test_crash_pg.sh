#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# The fault test (test_crash.sh: kill -9 during SBOM uploads and a feed
# import, restart, nothing committed lost, nothing half-written visible)
# with the store and the server's tables in PostgreSQL: a fresh schema in
# the database VIGIL_TEST_PG_DSN names (`make test` starts a throwaway
# cluster; scripts/pg-test-cluster).  Skips with a message when
# VIGIL_TEST_PG_DSN is unset.
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/test_crash.sh"
