#!/usr/bin/env bash
# Installs the Debian packages ionglass needs to build, test and run its main job.
# Idempotent: installs only what is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # build
  g++ cmake make pkg-config ccache
  # libraries
  libeigen3-dev libyaml-cpp-dev libfmt-dev libcli11-dev nlohmann-json3-dev libfftw3-dev zlib1g-dev
  liblbfgspp-dev libgudhi-dev libboost-dev libcgal-dev libgmp-dev libmpfr-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # reference programs (LAMMPS for cross-checks and scale-out; NumPy/ASE for benchmarks)
  lammps openmpi-bin python3 python3-numpy python3-ase python3-pandas
  # Python module (python/) and its tests and examples
  pybind11-dev python3-pybind11 python3-dev python3-pytest python3-matplotlib
  # reference calculators: CP2K (DFT labels; cp2k-data has the GTH pseudopotentials and MOLOPT
  # basis sets) and a single-node Slurm with munge that the job-runner tests start themselves
  cp2k cp2k-data slurm-wlm munge
  # fuzzing (preset fuzz, scripts/run_fuzz.sh): clang with libFuzzer and the sanitizers, LLVM OpenMP
  clang libclang-rt-14-dev libomp-dev
)
if [[ "${IONGLASS_WITH_BROWSER:-1}" == 1 ]]; then
  packages+=(chromium)  # the report test opens report.html in headless Chromium
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
