#!/bin/bash
# Structure-analysis benchmarks (not tests): partial RDFs of a 3003-atom NaFePO4 glass with
# ionglass vs LAMMPS `compute rdf` (rerun over the same dump, same 500 bins on [0, 10) Å, all 10
# type pairs) vs ASE; and ring statistics of the glass. Results: docs/performance.md.
# Usage: bench/bench_structure.sh [BUILD_DIR]   (BUILD_DIR with a built ionglass, default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
frames=20

# 1. A 20-frame dump of the glass (free flight at 3000 K with pair_style zero, one frame per step).
cat > "$work/make_dump.in" <<IN
units metal
atom_style atomic
read_data data/NaFePO4/glass/ACE/300K_1.dat
pair_style zero 10.0
pair_coeff * *
velocity all create 3000 12345
fix move all nve
timestep 0.002
dump frames all custom 1 $work/glass.dump id type x y z
dump_modify frames sort id
run $((frames - 1))
IN
lmp -in "$work/make_dump.in" -log none -screen none

# 2. LAMMPS compute rdf via rerun (serial).
cat > "$work/rdf.in" <<IN
units metal
atom_style atomic
read_data data/NaFePO4/glass/ACE/300K_1.dat
pair_style zero 10.0
pair_coeff * *
neighbor 1.0 bin
compute partial all rdf 500 1 1 1 2 1 3 1 4 2 2 2 3 2 4 3 3 3 4 4 4 cutoff 10.0
fix average all ave/time 1 1 1 c_partial[*] file $work/lammps_rdf.txt mode vector
rerun $work/glass.dump dump x y z
IN
start=$(date +%s.%N)
OMP_NUM_THREADS=1 lmp -in "$work/rdf.in" -log none -screen none
end=$(date +%s.%N)
echo "lammps frames $frames total_s $(echo "$end - $start" | bc) per_frame_s $(echo "($end - $start) / $frames" | bc -l | cut -c1-7) (1 core, includes read_data and dump reading)"

# 3. ionglass (the driver is compiled here against the built static libraries).
g++ -std=c++20 -O2 -march=x86-64-v3 -fopenmp -Isrc -I/usr/include/eigen3 bench/bench_structure_rdf.cpp -o "$work/bench_rdf" \
  "$build/libionglass_analysis_structure.a" "$build/libionglass_io.a" "$build/libionglass_neighbor.a" "$build/libionglass_core.a" \
  -lfmt -lz -lfftw3 -lgmp -lmpfr
for threads in 1 2; do
  echo -n "threads $threads: "
  OMP_NUM_THREADS=$threads "$work/bench_rdf" "$work/glass.dump" 10.0 500 Fe,Na,O,P
done

# 4. ASE (2 frames: it is slow).
/usr/bin/python3 bench/bench_structure_ase.py "$work/glass.dump" 10.0 500 2

# 5. Ring statistics of the glass (P network, and the denser P+Fe network up to 8-rings).
for formers in P P,Fe; do
  start=$(date +%s.%N)
  OMP_NUM_THREADS=2 "$build/bin/ionglass" -q structure data/NaFePO4/glass/ACE/300K_1.dat --formers $formers \
    --rings king,guttman,primitive --max-ring-size 8 --json > /dev/null
  end=$(date +%s.%N)
  echo "structure with rings (formers $formers, max 8): $(echo "$end - $start" | bc) s wall, 2 threads"
done
