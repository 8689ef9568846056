#!/bin/sh
# MD benchmark: examples/bench/teter_nve.yaml (ionglass run) against the same NVE run in Debian
# LAMMPS (bench/bench_md_teter_nve.lmp), on 1 and 2 cores (ionglass: OpenMP threads; LAMMPS: MPI
# ranks). Prints steps per second of each and the ratio. Usage, from the repository root:
#   sh bench/bench_md_vs_lammps.sh build/release/bin/ionglass
set -eu
ionglass=${1:-build/release/bin/ionglass}
out=${TMPDIR:-/tmp}/ionglass_bench_md
steps=500
for n in 1 2; do
  OMP_NUM_THREADS=$n "$ionglass" --quiet run examples/bench/teter_nve.yaml --out "$out/ionglass_$n" --threads $n > "$out.ionglass_$n.log"
  ig=$(python3 -c "import json;print(json.load(open('$out/ionglass_$n/summary.json'))['steps_per_second'])")
  lt=$(OMP_NUM_THREADS=1 mpirun --oversubscribe -np $n lmp -in bench/bench_md_teter_nve.lmp -log none | awk '/^Loop time/ {print $4}')
  python3 -c "ig=$ig; lm=$steps/$lt; print(f'{$n} core(s): ionglass {ig:.2f} steps/s, LAMMPS {lm:.2f} steps/s, ratio {ig/lm:.2f}')"
done
