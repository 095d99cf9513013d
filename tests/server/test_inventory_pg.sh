#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# The one-inventory test (test_inventory.sh) with the store in
# PostgreSQL: the server and the command line on the same schema of the
# database VIGIL_TEST_PG_DSN names.  Skips when it is unset.
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/test_inventory.sh"
