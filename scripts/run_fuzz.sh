#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang, ASan + UBSan) and runs each for a fixed number of inputs (or time) on
# a corpus seeded with the bundled real files, fuzz/seeds/ and the regression inputs of earlier
# findings (tests/data/fuzz_regressions/). Fails on any finding (fuzz/README.md).
#   bash scripts/run_fuzz.sh                  # every target, IONGLASS_FUZZ_RUNS (default 5000) inputs each
#   IONGLASS_FUZZ_SECONDS=600 bash scripts/run_fuzz.sh extxyz yace   # some targets, 600 s each
# With a fixed number of inputs and a fixed seed (IONGLASS_FUZZ_SEED, default 1) a run is the same
# on every machine, so CI cannot fail by chance; a time limit explores as far as the machine's
# speed allows (for long runs by hand).
# Results: build/fuzz/runs/<target>/ (log.txt, corpus/, crash-*/leak-*/timeout-*/oom-* inputs) and
# build/fuzz/runs/summary.csv (executions per second and corpus size per target).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${IONGLASS_FUZZ_SECONDS:-}
runs=${IONGLASS_FUZZ_RUNS:-5000}
fuzz_seed=${IONGLASS_FUZZ_SEED:-1}
if [[ -n $seconds ]]; then limit=(-max_total_time="$seconds"); else limit=(-runs="$runs"); fi
declare -A seeds=(
  [lammps_data]="data/NaFePO4/glass/ACE/300K_1.dat fuzz/seeds/lammps_data"
  [lammps_dump]="tests/data/formats/triclinic.dump fuzz/seeds/lammps_dump"
  [lammps_dump_gzip]="fuzz/seeds/lammps_dump_gzip"
  [extxyz]="tests/data/calculators/cp2k/na2fe2p2o8.extxyz tests/data/ace_fit/dft_dev_first3.extxyz fuzz/seeds/extxyz"
  [poscar]="tests/data/formats/POSCAR tests/data/formats/POSCAR_vasp4 tests/data/formats/CONTCAR_md"
  [xdatcar]="tests/data/formats/XDATCAR_fixed tests/data/formats/XDATCAR_variable"
  [outcar]="tests/data/formats/OUTCAR tests/data/formats/vasp_public/OUTCAR_static_icorelevel"
  [vasprun]="tests/data/formats/vasp_public/vasprun_md_si64.xml tests/data/formats/vasp_public/vasprun_relax_killed.xml"
  [vasp_incar]="fuzz/seeds/vasp_incar"
  [vasp_kpoints]="fuzz/seeds/vasp_kpoints"
  [cp2k_output]="tests/data/calculators/cp2k/h2o_energy_force.out tests/data/calculators/cp2k/h2o_max_scf_2.out"
  [yace]="fuzz/seeds/yace"
  [b_basis]="fuzz/seeds/b_basis"
  [classical_potential]="potentials/teter.yaml potentials/bmp.yaml potentials/teter_small_cells.yaml"
  [protocol]="examples/quench_teter_small.yaml examples/diffusion_ace_1000K.yaml tests/lammps/data/multi_stage_stages.yaml"
  [study]="tests/data/study/tiny.yaml examples/nafepo4_quick.yaml"
  [fit_input]="examples/fit/input.yaml data/NaFePO4/potential/pacemaker_input.yaml"
  [calculator_config]="examples/label/cp2k_nafepo4.yaml fuzz/seeds/calculator_config"
  [md_checkpoint]="fuzz/seeds/md_checkpoint"
  [fit_checkpoint]="fuzz/seeds/fit_checkpoint"
  [active_set_npz]="fuzz/seeds/active_set_npz"
)
targets=("$@")
if [[ ${#targets[@]} == 0 ]]; then
  targets=(lammps_data lammps_dump lammps_dump_gzip extxyz poscar xdatcar outcar vasprun vasp_incar vasp_kpoints
           cp2k_output yace b_basis classical_potential protocol study fit_input calculator_config md_checkpoint
           fit_checkpoint active_set_npz)
fi
export CCACHE_NOHASHDIR=1 CCACHE_BASEDIR="$(pwd)"
cmake --preset fuzz -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
out=build/fuzz/runs
rm -rf "$out"
mkdir -p "$out"
echo "target,seed,executions,executions_per_s,corpus_files,corpus_bytes,result" >"$out/summary.csv"
failed=()
for target in "${targets[@]}"; do
  folder=$out/$target
  mkdir -p "$folder/corpus"
  for seed in ${seeds[$target]} tests/data/fuzz_regressions/$target; do
    if [[ -d $seed ]]; then
      find "$seed" -maxdepth 1 -type f ! -name README.md -exec cp {} "$folder/corpus/" \;
    elif [[ -f $seed ]]; then
      cp "$seed" "$folder/corpus/"
    fi
  done
  # -max_len 65536: long enough for every seed's structure, short enough for speed (longer seeds
  # are cut, which fuzzes truncation too); -timeout 10 s per input is a hang; -rss_limit_mb 2048 a
  # memory blow-up. The scratch files go to a private TMPDIR.
  result=ok
  if ! TMPDIR="$folder" OMP_NUM_THREADS=1 ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 "build/fuzz/fuzz/fuzz_$target" \
      "${limit[@]}" -seed="$fuzz_seed" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$folder/" "$folder/corpus" >"$folder/log.txt" 2>&1; then
    result=finding
    failed+=("$target")
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$folder/log.txt" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$folder/log.txt" | tail -1)
  files=$(find "$folder/corpus" -type f | wc -l)
  bytes=$(du -sb "$folder/corpus" | cut -f1)
  echo "$target,$fuzz_seed,${executions:-0},${rate:-0},$files,$bytes,$result" >>"$out/summary.csv"
  printf '%-20s %8s exec/s %6s inputs in the corpus  %s\n' "$target" "${rate:-0}" "$files" "$result"
  if [[ $result != ok ]]; then
    grep -E "ERROR|ionglass fuzz|SUMMARY|==[0-9]+==|terminate|what\(\)" "$folder/log.txt" | head -20 || true
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzzing found problems in: ${failed[*]} (inputs and logs in $out/<target>/)" >&2
  exit 1
fi
