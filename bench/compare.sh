#!/usr/bin/env bash
# Runs the seed workloads in PyTorch (eager), NumPy (gradient by hand), JAX (jit + lax.scan) and matplotlib, then
# `fitreport bench --json`, and prints one table of peer time / fitreport time.
#
# usage: bench/compare.sh [--quick]
#   FITREPORT_BENCH_VENV  the Python venv (default ${TMPDIR:-/tmp}/fitreport-bench-venv, outside the source tree)
#   FITREPORT_BIN         a fitreport release binary to use instead of building one
#   SKIP_TORCH=1          do not install or run PyTorch
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
quick=()
[[ "${1:-}" == "--quick" ]] && quick=(--quick)
venv=${FITREPORT_BENCH_VENV:-${TMPDIR:-/tmp}/fitreport-bench-venv}
results=$(mktemp -d "${TMPDIR:-/tmp}/fitreport-compare.XXXXXX")
trap 'rm -rf "$results"' EXIT

say() { printf '==> %s\n' "$*" >&2; }

# 1. Python peers in a venv outside the source tree.
if [[ ! -x "$venv/bin/python" ]]; then
    say "creating venv $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
fi
py="$venv/bin/python"
say "installing numpy, scipy, jax, matplotlib (PyPI)"
"$venv/bin/pip" install --quiet numpy scipy jax matplotlib
have_torch=0
if [[ "${SKIP_TORCH:-0}" != 1 ]]; then
    if "$py" -c 'import torch' 2>/dev/null; then
        have_torch=1
    else
        say "installing torch (PyPI; large download)"
        if "$venv/bin/pip" install --quiet torch; then
            have_torch=1
        else
            say "torch could not be installed; PyTorch rows are skipped"
        fi
    fi
fi

# 2. The fitreport release binary.
bin=${FITREPORT_BIN:-}
if [[ -z "$bin" ]]; then
    say "building fitreport (release)"
    (cd "$root" && swift build -c release --product fitreport >&2)
    bin="$root/.build/release/fitreport"
fi

# 3. Peers, one at a time (they would otherwise compete for the cores).
cd "$here/peers"
say "numpy";      "$py" numpy_train.py "${quick[@]}" > "$results/numpy.jsonl"
say "jax";        "$py" jax_train.py "${quick[@]}" > "$results/jax.jsonl"
say "jax, general formulas"; "$py" jax_formula.py "${quick[@]}" > "$results/jax-formula.jsonl"
if [[ $have_torch == 1 ]]; then
    say "pytorch";    "$py" torch_train.py "${quick[@]}" > "$results/torch.jsonl"
    say "pytorch, general formulas"; "$py" torch_formula.py "${quick[@]}" > "$results/torch-formula.jsonl"
    say "pytorch DataLoader mini-batches"; "$py" torch_dataloader.py "${quick[@]}" > "$results/torch-dataloader.jsonl"
    say "pytorch + matplotlib whole program"; "$py" whole_program.py "${quick[@]}" > "$results/program.jsonl"
fi
say "matplotlib"; "$py" matplotlib_render.py "${quick[@]}" > "$results/matplotlib.jsonl"
say "numpy/scipy reference fits"; "$py" scipy_fit.py "${quick[@]}" > "$results/scipy.jsonl"

# 4. fitreport, same workloads, one process.
say "fitreport bench"
"$bin" bench --json "${quick[@]}" > "$results/fitreport.json"

# 5. One table.
echo
"$py" "$here/ratios.py" "$results/fitreport.json" "$results"/*.jsonl
if [[ -n "${FITREPORT_COMPARE_KEEP:-}" ]]; then
    mkdir -p "$FITREPORT_COMPARE_KEEP" && cp "$results"/* "$FITREPORT_COMPARE_KEEP"/
fi
