#!/bin/sh
# NIST StRD certification table: fitreport's LevenbergMarquardt (and LeastSquares + FitStatistics for the linear
# sets) against the certified values copied into Tests/TrainingTests/Data, then — when a Python with scipy is
# available — scipy.optimize.least_squares(method="lm") on the same data, and one merged table.
#
# Usage: scripts/nist-lre.sh
#   FITREPORT_BENCH_VENV=<dir>  Python venv to use for scipy (default: /tmp/fitreport-bench-venv); scipy is
#                               installed into it with pip when missing (set FITREPORT_NO_PIP=1 to forbid that)
#   SCRATCH=<path>              build folder to use (default: .build)
set -eu
cd "$(dirname "$0")/.."
ours=$(mktemp)
trap 'rm -f "$ours"' EXIT

echo "## fitreport (LevenbergMarquardt, ftol = xtol = gtol = 1e-15, exact Jacobian by reverse sweep)"
echo
swift run -c release --scratch-path "${SCRATCH:-.build}" nist-lre | tee "$ours"
echo

venv="${FITREPORT_BENCH_VENV:-/tmp/fitreport-bench-venv}"
python=""
if [ -x "$venv/bin/python" ]; then
  python="$venv/bin/python"
elif command -v python3 >/dev/null 2>&1; then
  python=python3
fi
if [ -n "$python" ] && ! "$python" -c "import numpy, scipy" >/dev/null 2>&1; then
  if [ "$python" = "$venv/bin/python" ] && [ -z "${FITREPORT_NO_PIP:-}" ]; then
    echo "installing scipy into $venv" >&2
    "$venv/bin/pip" install --quiet scipy >&2 || true
  fi
fi
if [ -z "$python" ] || ! "$python" -c "import numpy, scipy" >/dev/null 2>&1; then
  echo "(scipy is not importable: no comparison table)"
  exit 0
fi

echo "## scipy"
echo
"$python" scripts/nist_scipy.py --ours "$ours"
