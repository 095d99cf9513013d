#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# The REST API test (test_api.sh) with the store and the server's tables
# in PostgreSQL: a fresh schema in the database VIGIL_TEST_PG_DSN names
# (`make test` starts a throwaway cluster; scripts/pg-test-cluster).
# Skips with a message when VIGIL_TEST_PG_DSN is unset.
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/test_api.sh"
