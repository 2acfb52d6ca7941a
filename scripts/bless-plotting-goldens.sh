#!/bin/sh
# Re-renders the Plotting golden images (Tests/PlottingTests/Golden/*.png) after an intended
# rendering change. Review the new images (e.g. `git diff --stat`, an image viewer) before committing.
#
# Usage: scripts/bless-plotting-goldens.sh [extra swift test arguments]
#   SCRATCH=<path>  build folder to use (default: .build)
set -eu
cd "$(dirname "$0")/.."
FITREPORT_BLESS=1 swift test --scratch-path "${SCRATCH:-.build}" --filter GoldenImageTests "$@"
echo "Golden images now in Tests/PlottingTests/Golden:"
ls -l Tests/PlottingTests/Golden
