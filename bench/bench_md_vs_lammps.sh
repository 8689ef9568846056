#!/bin/sh
# MD benchmark: examples/bench/teter_nve.yaml (ionglass run) against the same NVE run in Debian
# LAMMPS (bench/bench_md_teter_nve.lmp), on 1 and 2 cores (ionglass: OpenMP threads; LAMMPS: MPI
# ranks). The two programs alternate, REPEATS times per core count, because shared virtual
# machines drift by ±30 % between minutes; each ratio compares runs taken seconds apart and the
# medians are printed at the end. ionglass' steps per second come from its summary.json (whole
# run loop: forces, integration, neighbour lists, thermo output); LAMMPS' from its loop time.
# Usage, from the repository root:
#   sh bench/bench_md_vs_lammps.sh build/release/bin/ionglass [REPEATS]
set -eu
# Open MPI refuses to run as root without these (containers, CI); harmless otherwise.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
ionglass=${1:-build/release/bin/ionglass}
repeats=${2:-3}
out=$(mktemp -d)
steps=500
for n in 1 2; do
  r=1
  while [ "$r" -le "$repeats" ]; do
    OMP_NUM_THREADS=$n "$ionglass" --quiet run examples/bench/teter_nve.yaml --out "$out/ionglass_$n" --threads "$n" > "$out/log"
    ig=$(python3 -c "import json; print(json.load(open('$out/ionglass_$n/summary.json'))['steps_per_second'])")
    force=$(python3 -c "import json; d = json.load(open('$out/ionglass_$n/summary.json')); print(f\"{1000 * d['force_s'] / d['force_evaluations']:.2f}\")")
    lt=$(OMP_NUM_THREADS=1 mpirun --oversubscribe -np "$n" lmp -in bench/bench_md_teter_nve.lmp -log none | awk '/^Loop time/ {print $4}')
    python3 -c "ig = $ig; lm = $steps / $lt; print(f'$n core(s), run $r: ionglass {ig:.1f} steps/s ($force ms/step in forces), LAMMPS {lm:.1f} steps/s, ratio {ig / lm:.2f}')" | tee -a "$out/results"
    r=$((r + 1))
  done
done
for n in 1 2; do
  grep "^$n core" "$out/results" | sed 's/.*ratio //' | sort -n | awk -v n="$n" '{v[NR] = $1} END {
    printf "%s core(s): median ionglass/LAMMPS steps per second %.2f (min %.2f, max %.2f, %d pairs)\n", n, v[int((NR + 1) / 2)], v[1], v[NR], NR}'
done
rm -rf "$out"
