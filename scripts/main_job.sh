#!/usr/bin/env bash
# The main job: sets up a fresh Debian machine, builds ionglass and analyses the bundled NaFePO4
# glasses. Results go to results/ (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
IONGLASS_WITH_BROWSER=0 bash scripts/setup.sh
export CCACHE_NOHASHDIR=1
cmake --preset release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build --preset release -j "$(nproc)" --target ionglass_cli
bin=build/release/bin/ionglass
mkdir -p results
"$bin" info data/NaFePO4/glass/*/300K_*.dat --json > results/info.json.tmp && mv results/info.json.tmp results/info.json
"$bin" info data/NaFePO4/glass/ACE/300K_1.dat
echo "main job: results in $(pwd)/results (info.json)"
