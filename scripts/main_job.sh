#!/usr/bin/env bash
# The main job: sets up a fresh Debian machine, builds ionglass and runs the quick NaFePO4 study
# (examples/nafepo4_quick.yaml): structure of the 15 bundled glasses (ACE, Teter, BMP) and Na
# diffusion MD in the glasses with each model at three temperatures. About 8–9 minutes on 2 cores.
# The report is results/nafepo4_quick/report.html (printed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
IONGLASS_WITH_BROWSER=0 bash scripts/setup.sh
export CCACHE_NOHASHDIR=1 CCACHE_BASEDIR="$(pwd)"  # cache hits across clones in other folders
cmake --preset release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build --preset release -j "$(nproc)" --target ionglass_cli
bin=build/release/bin/ionglass
"$bin" info data/NaFePO4/glass/ACE/300K_1.dat
"$bin" study examples/nafepo4_quick.yaml --out results/nafepo4_quick --threads "$(nproc)"
echo "main job: open $(pwd)/results/nafepo4_quick/report.html (numbers in study.json next to it)"
