#!/usr/bin/env bash
# Runs the XCTest suites and ends with the plain summary line CI reads: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
swift test --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -1)
rm -f "$log"
if [[ $summary =~ Executed\ ([0-9]+)\ tests?,\ with\ ([0-9]+)\ failure ]]; then
    total=${BASH_REMATCH[1]}; failed=${BASH_REMATCH[2]}
    echo "$((total - failed)) passed, ${failed} failed"
fi
exit "$status"
