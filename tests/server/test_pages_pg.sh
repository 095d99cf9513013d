#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# test_pages.sh with the store in PostgreSQL (see test_api_pg.sh).
SERVER_TEST_ENGINE=postgresql
. "$(dirname "$0")/test_pages.sh"
