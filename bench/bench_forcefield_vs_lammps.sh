#!/bin/sh
# Teter + PPPM 1e-5 (8/10 Å) force evaluation on glass/Teter/300K_1.dat: ionglass vs Debian LAMMPS.
# ionglass: bench_forcefield (Google Benchmark, ms per step with forces and virial, neighbour list
# reused and rebuilt as in MD); LAMMPS: NVE run of bench/in.lammps_teter_pppm (buck/coul/long 8.0
# 10.0, pppm 1e-5, skin 1 Å), loop time / steps. The two programs alternate, REPEATS times for 1
# core and for 2 (ionglass: OpenMP threads; LAMMPS: MPI ranks), because shared virtual machines
# drift by ±30 % between minutes: each ratio compares runs taken seconds apart, and the medians
# are printed at the end. Usage (from the repository root, after building with benchmarks on):
#   sh bench/bench_forcefield_vs_lammps.sh build/release [STEPS] [REPEATS]
set -eu
# Open MPI refuses to run as root without these (containers, CI); harmless otherwise.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
build=${1:-build/release}
steps=${2:-300}
repeats=${3:-5}
results=$(mktemp)
for n in 1 2; do
  r=1
  while [ "$r" -le "$repeats" ]; do
    ig=$(OMP_NUM_THREADS=$n "$build/bench/bench_forcefield" --benchmark_filter='BM_TeterPppmTabulatedWithVirial/' \
           --benchmark_min_time=3 2>/dev/null | awk '$1 ~ /WithVirial[/]/ {print $2}')
    lm=$(OMP_NUM_THREADS=1 mpirun --oversubscribe -np "$n" lmp -in bench/in.lammps_teter_pppm -var steps "$steps" -log none \
           | awk -v s="$steps" '/^Loop time/ {printf "%.3f", 1000*$4/s}')
    ratio=$(awk -v a="$lm" -v b="$ig" 'BEGIN {printf "%.2f", a/b}')
    echo "$n core(s), run $r: ionglass $ig ms/step, LAMMPS $lm ms/step, LAMMPS/ionglass $ratio"
    echo "$n $ig $lm $ratio" >> "$results"
    r=$((r + 1))
  done
done
for n in 1 2; do
  awk -v n="$n" '$1 == n {print $4}' "$results" | sort -n | awk -v n="$n" '{v[NR] = $1} END {
    printf "%s core(s): median speed-up over LAMMPS %.2f (min %.2f, max %.2f, %d pairs)\n", n, v[int((NR + 1) / 2)], v[1], v[NR], NR}'
done
rm -f "$results"
