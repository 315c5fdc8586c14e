#!/usr/bin/env bash
# Install (Debian packages) and start on loopback the servers that integration tests need.
# Tests read their addresses from PDM_TEST_* variables and fail in CI when a server is missing.
set -euo pipefail
echo "(no external servers needed yet)"
