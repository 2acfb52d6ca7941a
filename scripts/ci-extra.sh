#!/usr/bin/env bash
# CI after the README's test command (called from .ci/run): every fuzz target briefly, the concurrency tests under
# ThreadSanitizer, and the archive soak. Estimated from the parts measured on 2 shared cores: about 20 minutes
# (instrumented fuzz build ≈ 4 min, fuzzing 4.5 min, ThreadSanitizer build ≈ 4 min and tests ≈ 5 min, soak 2 min).
#
#   FITREPORT_CI_FUZZ_SECONDS=20   seconds per fuzz target (13 targets)
#   FITREPORT_SOAK_SECONDS=120     length of the soak
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
section() { echo "ci-extra: $* ($((SECONDS - started)) s so far)"; }

# The soak validates run.json with jsonschema, in whichever python3 is first on PATH (a pyenv one, or Debian's, which
# takes it from apt as python3-jsonschema).
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "ci-extra: installing jsonschema for $(command -v python3)"
  if ! python3 -m pip install --quiet jsonschema 2>/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update >/dev/null && apt-get install -y --no-install-recommends python3-jsonschema >/dev/null
    else
      sudo apt-get update >/dev/null && sudo apt-get install -y --no-install-recommends python3-jsonschema >/dev/null
    fi
  fi
fi

section "fuzzing every target for ${FITREPORT_CI_FUZZ_SECONDS:-20} s"
scripts/fuzz.sh all "${FITREPORT_CI_FUZZ_SECONDS:-20}"

section "concurrency tests under ThreadSanitizer"
# The worker pool and kernels, the thread tuner, parallel figure rendering, the CLI's thread-count and interruption
# tests, the progress bar, concurrent logging and concurrent writers of one output folder.
swift test --sanitize=thread --build-path .build-tsan \
  --filter 'ReportWriterTests|ObjectiveKernelTests|DenseNetworkTests/testDenseLayersGiveTheSameBits|ThreadTunerTests|KernelStrategyTests|RenderingTests|LargeDataTests|ArchiveCommandTests/testThreadCount|ArchiveCommandTests/testInterrupted|FigureOptionTests/testProgressBar|RunLoggerTests/testConcurrentLogging|RunFolderTests|ConcurrentWriterTests'

section "archive soak for ${FITREPORT_SOAK_SECONDS:-120} s"
FITREPORT_SOAK_SECONDS="${FITREPORT_SOAK_SECONDS:-120}" scripts/soak.sh

section "done"
