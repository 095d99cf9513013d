#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Browser test of the dashboard: Playwright (playwright-core from npm)
# drives Debian's Chromium headless against a server the test starts.
# Skips, saying so, when Chromium or Node is missing, or when
# node_modules is absent and `npm ci` cannot fetch it.
dir=$(cd "$(dirname "$0")" && pwd)
if [ ! -x /usr/bin/chromium ]; then
	echo "SKIP: /usr/bin/chromium is not installed (apt-get install chromium)"
	exit 0
fi
if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node is not installed"
	exit 0
fi
if [ ! -d "$dir/node_modules/playwright-core" ]; then
	if ! command -v npm >/dev/null 2>&1 ||
	    ! (cd "$dir" && npm ci --no-audit --no-fund >/dev/null 2>&1); then
		echo "SKIP: node_modules is missing and npm ci failed (offline?)"
		exit 0
	fi
fi
exec node "$dir/dashboard.test.js"
