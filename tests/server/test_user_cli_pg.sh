#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# test_user_cli.sh (`vigil user` against a running server) with the store
# in PostgreSQL: `vigil user --db postgresql://...`.  Skips with a message
# when VIGIL_TEST_PG_DSN is unset.
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/test_user_cli.sh"
