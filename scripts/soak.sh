#!/usr/bin/env bash
# Crash-and-concurrency soak of one output folder (see scripts/soak.py for what is checked).
#
#   scripts/soak.sh                              # 150 s, 6 concurrent processes (debug build of fitreport)
#   FITREPORT_SOAK_SECONDS=1800 scripts/soak.sh  # half an hour
#   FITREPORT_SOAK_SEED=42 scripts/soak.sh       # repeat a schedule (the seed is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product fitreport >/dev/null
exec python3 scripts/soak.py "$(swift build --show-bin-path)/fitreport" "$PWD"
