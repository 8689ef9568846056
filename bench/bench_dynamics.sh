#!/bin/sh
# Timed runs for docs/performance.md (## Dynamics analysis). Needs a build with benchmarks:
#   cmake -S . -B build/release-bench -DIONGLASS_BUILD_BENCHMARKS=ON -DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG -march=x86-64-v3"
#   cmake --build build/release-bench --target ionglass_cli bench_dynamics_trajectory
#   sh bench/bench_dynamics.sh build/release-bench [FRAMES]
set -e
BUILD=${1:-build/release-bench}
FRAMES=${2:-10000}
WORK=${TMPDIR:-/tmp}/ionglass_bench_dynamics
mkdir -p "$WORK"
echo "== generating $FRAMES frames of the 3003-atom glass"
/usr/bin/time -f "generate: %e s" "$BUILD/bench/bench_dynamics_trajectory" write "$FRAMES" "$WORK/traj.dump" "$WORK/traj.npy"
ls -la "$WORK/traj.dump"
echo "== ionglass dynamics, all elements (end to end: parse, unwrap, MSD, D, van Hove, alpha2, hops, mobility)"
/usr/bin/time -f "ionglass dynamics all elements: %e s wall, %U s user, %S s sys, max RSS %M kB" "$BUILD/bin/ionglass" -q dynamics "$WORK/traj.dump" \
  --types Fe,Na,O,P --timestep-ps 0.001 --charges Na=1 --temperature 1000 --out "$WORK/out_all" > /dev/null
echo "== ionglass dynamics, Na only"
/usr/bin/time -f "ionglass dynamics Na: %e s wall, %U s user, %S s sys, max RSS %M kB" "$BUILD/bin/ionglass" -q dynamics "$WORK/traj.dump" \
  --types Fe,Na,O,P --timestep-ps 0.001 --species Na --charges Na=1 --temperature 1000 --out "$WORK/out_na" > /dev/null
echo "== MSD kernel: ionglass (msd_fft) against NumPy on the same positions"
"$BUILD/bench/bench_dynamics_trajectory" msd "$FRAMES"
${PYTHON:-/usr/bin/python3} "$(dirname "$0")/msd_numpy.py" "$WORK/traj.npy"
