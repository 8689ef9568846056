#!/bin/sh
# Teter + PPPM 1e-5 (8/10 Å) force evaluation on glass/Teter/300K_1.dat: ionglass vs Debian LAMMPS.
# ionglass: bench_forcefield (Google Benchmark, ms per step incl. neighbour-list reuse);
# LAMMPS: NVE run of bench/in.lammps_teter_pppm (buck/coul/long 8.0 10.0, pppm 1e-5, skin 1 Å),
# loop time / steps. Usage (from the repository root, after building with benchmarks on):
#   sh bench/bench_forcefield_vs_lammps.sh build/bench [STEPS]
set -eu
build=${1:-build/bench}
steps=${2:-200}
echo "== ionglass, 1 thread"
OMP_NUM_THREADS=1 "$build/bench/bench_forcefield" --benchmark_filter=Tabulated
echo "== ionglass, 2 threads"
OMP_NUM_THREADS=2 "$build/bench/bench_forcefield" --benchmark_filter=Tabulated
for np in 1 2; do
  echo "== LAMMPS, $np MPI rank(s), $steps steps"
  OMP_NUM_THREADS=1 mpirun --oversubscribe -np $np lmp -in bench/in.lammps_teter_pppm -var steps "$steps" -log none \
    | awk -v s="$steps" '/^Loop time/ {printf "LAMMPS loop time %s s -> %.2f ms per step\n", $4, 1000*$4/s} /^(Pair|Kspace|Neigh) /'
done
