#!/bin/sh
# ns per element of VectorMath's buffer kernels vs libm on 1,000-element buffers. Compiles the kernel sources with the
# timing main in one optimised module (swiftc -O -wmo), outside the package build. Extra arguments go to swiftc, e.g.
#   scripts/vmath-bench.sh -Xcc -mavx2
set -e
cd "$(dirname "$0")/.."
out="${TMPDIR:-/tmp}/vmath-bench.$$"
mkdir -p "$out"
cp scripts/vmath_bench.swift "$out/main.swift"
swiftc -O -wmo -module-name VMathBench -o "$out/bench" "$@" Sources/Training/VectorMath/*.swift "$out/main.swift"
"$out/bench"
rm -rf "$out"
