#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of fitreport's parsers. See README § Robustness.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   scripts/fuzz.sh formula 600     # one target for 10 minutes
#   scripts/fuzz.sh all 30          # every target, 30 s each (what CI runs)
#   scripts/fuzz.sh --list          # the targets
#   FUZZ_RUNS=1000000 scripts/fuzz.sh all 600  # each target until 1,000,000 executions or 10 minutes
#
# The package's library modules are built once with `-sanitize=fuzzer,address` into .build-fuzz (release, so the
# fuzzer is fast; -enable-testing, so a target can reach a parser's internal entry point); each target in Fuzz/ is
# one main-less Swift file defining LLVMFuzzerTestOneInput, linked with Fuzz/Support and the modules it needs.
# Seeds: Fuzz/corpus/<target>/ (committed, read-only); new inputs the fuzzer finds go to .build-fuzz/corpus/<target>/.
# Dictionaries: Fuzz/dict/<target>.dict. A crash, leak, sanitizer report or an input taking more than 1 s stops the
# target, leaves the input in .build-fuzz/artifacts/<target>/ and makes this script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."

# target → modules it imports (its dependencies are linked too) : the libFuzzer dictionary, if any
declare -A MODULES=(
  [delimited]="DataLoading"
  [number]="DataLoading"
  [formula]="Training"
  [kernel]="Training"
  [settings]="Configuration"
  [mathtext]="Plotting"
  [tensorboard]="Importers"
  [keras]="Importers"
  [lightning]="Importers"
  [jsonl]="Importers"
  [plaincsv]="Importers"
  [mlflow]="Importers"
  [dvclive]="Importers"
)
declare -A SOURCES=(
  [delimited]=DelimitedText [number]=NumberParser [formula]=Formula [kernel]=KernelDifferential
  [settings]=Settings [mathtext]=MathText [tensorboard]=TensorBoard [keras]=KerasCSV [lightning]=LightningCSV
  [jsonl]=JSONLines [plaincsv]=PlainCSV [mlflow]=MLflow [dvclive]=DVCLive
)
ORDER=(delimited number formula kernel settings mathtext tensorboard keras lightning jsonl plaincsv mlflow dvclive)

target="${1:-all}"
seconds="${2:-60}"
if [ "$target" = "--list" ]; then printf '%s\n' "${ORDER[@]}"; exit 0; fi
if [ "$target" != "all" ] && [ -z "${SOURCES[$target]:-}" ]; then
  echo "fuzz.sh: unknown target '$target'; the targets are: ${ORDER[*]}" >&2
  exit 2
fi

BUILD=.build-fuzz
CONF=release
# -sanitize=fuzzer alone instruments only the file that is linked into the fuzzer (SwiftPM's library objects came out
# with no coverage counters: a target saw ~25 edges of its harness and none of the parser it fuzzes), so the library
# modules get libFuzzer's own coverage mode explicitly: edge counters, their PC table, and comparison tracing.
FLAGS=(-Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address -Xswiftc -enable-testing
       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp)

# Build the library modules the chosen targets need (SwiftPM compiles them; nothing is linked here).
needed=()
if [ "$target" = all ]; then needed=(DataLoading Training Configuration Plotting Importers)
else needed=("${MODULES[$target]}"); fi
for module in $(printf '%s\n' "${needed[@]}" | sort -u); do
  echo "fuzz.sh: building $module (instrumented) …" >&2
  swift build -c "$CONF" --build-path "$BUILD" "${FLAGS[@]}" --target "$module" 2>&1 | grep -E 'error|warning: unre|Compiling|Build' >&2 || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz.sh: building $module failed" >&2; exit 1; }
done

bin="$BUILD/$CONF"
# Object files of a module and of everything below it (SwiftPM's per-module folders; C modules too).
objects_for() {
  case "$1" in
    DataLoading) echo DataLoading ;;
    Training) echo Training ;;
    Plotting) echo Plotting ;;
    Configuration) echo Configuration Training DataLoading Plotting YAML ;;
    Importers) echo Importers ImportReaders RunRecord DataLoading Digest YAML ;;
  esac
}
libs_for() {
  case "$1" in
    Plotting) pkg-config --libs cairo libwebpmux libwebpdemux ;;
    Configuration) pkg-config --libs cairo libwebpmux libwebpdemux yaml-0.1 ;;
    Importers) pkg-config --libs libcrypto yaml-0.1 ;;
  esac
}

link() {
  local name="$1" module="${MODULES[$1]}" out="$BUILD/fuzz/$1"
  mkdir -p "$BUILD/fuzz"
  local objs=()
  for m in $(objects_for "$module"); do
    while IFS= read -r o; do objs+=("$o"); done < <(find "$bin/$m.build" -name "*.o")
  done
  local src="Fuzz/${SOURCES[$name]}.swift"
  if [ ! -x "$out" ] || [ "$src" -nt "$out" ] || [ Fuzz/Support/FuzzSupport.swift -nt "$out" ] \
     || [ -n "$(find "$bin/$module.build" -name '*.o' -newer "$out" -print -quit)" ]; then
    echo "fuzz.sh: linking $name" >&2
    # shellcheck disable=SC2046
    swiftc -O -sanitize=fuzzer,address -parse-as-library -enable-testing -module-name "Fuzz_$name" \
      -I "$bin/Modules" $(pkg-config --cflags-only-I cairo | sed 's/-I/-Xcc -I/g') -I Sources/CCairo -I Sources/CCrypto -I Sources/CWebP -I Sources/CYAML \
      "$src" Fuzz/Support/FuzzSupport.swift "${objs[@]}" $(libs_for "$module") -o "$out" 2>&1 \
      | { grep -v "Cannot export local symbol" || true; } >&2
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fuzz.sh: linking $name failed" >&2; exit 1; }
  fi
}

run() {
  local name="$1" secs="$2"
  link "$name"
  local corpus="$BUILD/corpus/$name" artifacts="$BUILD/artifacts/$name/"
  mkdir -p "$corpus" "$artifacts"
  local args=(-timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len=65536 -print_final_stats=1
              -artifact_prefix="$artifacts")
  if [ -n "${FUZZ_RUNS:-}" ]; then args+=(-runs="$FUZZ_RUNS" -max_total_time="$secs")
  else args+=(-max_total_time="$secs"); fi
  [ -f "Fuzz/dict/$name.dict" ] && args+=(-dict="Fuzz/dict/$name.dict")
  local log="$BUILD/fuzz/$name.log"
  echo "fuzz.sh: $name for ${FUZZ_RUNS:+$FUZZ_RUNS runs or }${secs} s (log: $log)" >&2
  # LeakSanitizer on: a leak is a finding. The committed suppressions cover fontconfig's process-lifetime caches.
  # SWIFT_BACKTRACE off: Swift's crash handler would read memory under AddressSanitizer and hide the real report.
  if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0" \
     LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0" \
     "$out_dir/$name" "${args[@]}" "$corpus" "Fuzz/corpus/$name" $(ls -d "Fuzz/regressions/$name" 2>/dev/null) >"$log" 2>&1; then
    local runs; runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    echo "fuzz.sh: $name passed: ${runs:-?} executions, no finding" >&2
    echo "$name ${runs:-?}" >>"$BUILD/fuzz/summary.txt"
    return 0
  else
    echo "fuzz.sh: $name FOUND A PROBLEM — input and report:" >&2
    grep -E 'ERROR|FUZZ FINDING|Fatal error|SUMMARY|Test unit written|timeout' "$log" | head -20 >&2
    return 1
  fi
}

out_dir="$BUILD/fuzz"
status=0
if [ "$target" = all ]; then
  for name in "${ORDER[@]}"; do run "$name" "$seconds" || status=1; done
else
  run "$target" "$seconds" || status=1
fi
exit $status
