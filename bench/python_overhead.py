#!/usr/bin/python3
"""Overhead of the Python layer (a benchmark, not a test; results in docs/performance.md).

Usage: PYTHONPATH=build/release/python bench/python_overhead.py [--threads 2] [--repeats 3]
       [--cli build/release/bin/ionglass] [--out FOLDER]

Measured, alternating the contenders in every repetition (wall-clock seconds; min and median):
1. RDF (the structure workflow) of 200 frames × 280 atoms: ionglass.analyze_structure on the file
   vs `ionglass structure` (the CLI, process start included) on the same file, and vs ASE's
   Analysis.get_rdf for the 10 partials (r_max 7.5 Å, 0.02 Å bins) on the first 20 frames
   (ASE is O(N²) and slow), compared per frame.
2. MSD and D of the 101-frame, 280-atom 2500 K trajectory: ionglass.analyze_dynamics (every time
   origin, block errors, GLS, van Hove, α₂, hops, mobility) vs ase.md.analysis.DiffusionCoefficient
   (Na atoms).
3. One ACE evaluation of the 3003-atom glass (data/NaFePO4/glass/ACE/300K_1.dat, NaFePO4.yace)
   through ionglass.ase.Calculator vs the library call ionglass.load_potential(...).compute(...).
"""
import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import combinations_with_replacement
from pathlib import Path

import numpy as np

import ionglass

REPOSITORY = Path(__file__).resolve().parents[1]
DUMP = REPOSITORY / "tests" / "data" / "regression" / "ace_2500K_280atoms_101frames.dump.gz"
GLASS = REPOSITORY / "data" / "NaFePO4" / "glass" / "ACE" / "300K_1.dat"
YACE = REPOSITORY / "data" / "NaFePO4" / "potential" / "NaFePO4.yace"
CUTOFFS = {"Fe-O": 2.7, "Na-O": 3.3, "P-O": 2.0}


def timed(work):
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def alternate(contenders: dict, repeats: int) -> dict:
    """Runs every contender once per repetition, in turn; returns name → list of seconds."""
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, work in contenders.items():
            times[name].append(timed(work))
    return times


def summary(times: dict) -> dict:
    return {name: {"min_s": min(t), "median_s": statistics.median(t), "runs_s": t} for name, t in times.items()}


def read_dump_frames():
    from ase.io import read

    with gzip.open(DUMP, "rt") as f:
        return read(f, format="lammps-dump-text", index=":")


def rdf_benchmark(args, folder: Path) -> dict:
    frames = read_dump_frames()
    frames = (frames + frames[1:])[:200]
    positions = np.stack([a.get_positions(wrap=False) for a in frames])
    data = ionglass.frames_from_arrays(positions, frames[0].cell[:], frames[0].numbers)
    path = folder / "rdf_200_frames.extxyz"
    ionglass._ionglass._write_frames(str(path), data.positions, data.cells, data.numbers, list(data.pbc), data.steps)
    cutoffs = ",".join(f"{k}={v}" for k, v in CUTOFFS.items())
    options = dict(cutoffs=CUTOFFS, r_max_A=7.5, threads=args.threads)

    def python_call():
        ionglass.analyze_structure(str(path), **options)

    def cli_call():
        subprocess.run([args.cli, "--quiet", "structure", str(path), "--cutoffs", cutoffs, "--rmax", "7.5",
                        "--threads", str(args.threads), "--json"], check=True, stdout=subprocess.DEVNULL)

    from ase.geometry.analysis import Analysis

    ase_frames = frames[:20]

    def ase_call():
        analysis = Analysis(ase_frames)
        for a, b in combinations_with_replacement(["Fe", "Na", "O", "P"], 2):
            analysis.get_rdf(rmax=7.5, nbins=375, elements=[a, b])

    overhead = summary(alternate({"python": python_call, "cli": cli_call}, args.repeats))
    ase = summary(alternate({"ase_get_rdf": ase_call}, 1))
    python_per_frame = overhead["python"]["min_s"] / len(frames)
    ase_per_frame = ase["ase_get_rdf"]["min_s"] / len(ase_frames)
    return {"frames": len(frames), "ase_frames": len(ase_frames), "atoms": len(frames[0]), "overhead": overhead,
            "ase": ase, "python_over_cli": overhead["python"]["min_s"] / overhead["cli"]["min_s"],
            "python_per_frame_s": python_per_frame, "ase_per_frame_s": ase_per_frame,
            "ase_over_python_per_frame": ase_per_frame / python_per_frame}


def diffusion_benchmark(args) -> dict:
    from ase import units
    from ase.md.analysis import DiffusionCoefficient

    frames = read_dump_frames()
    sodium = [i for i, z in enumerate(frames[0].numbers) if z == 11]
    for a in frames:  # ASE's DiffusionCoefficient reads positions as they are: unwrap with the image flags
        a.set_positions(a.get_positions(wrap=False))

    def python_call():
        ionglass.analyze_dynamics(str(DUMP), frame_interval_ps=0.02, species=["Na"], threads=args.threads)

    def ase_call():
        DiffusionCoefficient(frames, 0.02 * 1000 * units.fs, atom_indices=sodium).get_diffusion_coefficients()

    times = summary(alternate({"python": python_call, "ase_diffusion_coefficient": ase_call}, args.repeats))
    return {"frames": len(frames), "sodium_atoms": len(sodium), "times": times,
            "ase_over_python": times["ase_diffusion_coefficient"]["min_s"] / times["python"]["min_s"]}


def ace_benchmark(args) -> dict:
    try:
        import ionglass.ase as ionglass_ase
        structure = ionglass.read(str(GLASS))
        potential = ionglass.load_potential(str(YACE), threads=args.threads)
    except (ImportError, AttributeError) as error:
        return {"skipped": f"needs ionglass.read, load_potential and ionglass.ase.Calculator ({error})"}
    atoms = ionglass.to_ase(structure)
    calculator = ionglass_ase.Calculator(potential=str(YACE), threads=args.threads)
    atoms.calc = calculator
    atoms.get_potential_energy()  # warm-up: neighbour lists, splines
    potential.compute(structure)

    def ase_call():
        calculator.reset()
        atoms.get_forces()

    def library_call():
        potential.compute(structure)

    times = summary(alternate({"ase_calculator": ase_call, "library": library_call}, args.repeats))
    return {"atoms": len(atoms), "times": times,
            "ase_over_library": times["ase_calculator"]["min_s"] / times["library"]["min_s"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cli", default=str(REPOSITORY / "build" / "release" / "bin" / "ionglass"))
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    folder = Path(args.out or tempfile.mkdtemp(prefix="ionglass_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    results = {"load_average_before": os.getloadavg(), "threads": args.threads, "repeats": args.repeats}
    results["ace_evaluation"] = ace_benchmark(args)
    results["rdf"] = rdf_benchmark(args, folder)
    results["diffusion"] = diffusion_benchmark(args)
    results["load_average_after"] = os.getloadavg()
    text = json.dumps(results, indent=2)
    (folder / "python_overhead.json").write_text(text)
    print(text)
    print(f"written {folder / 'python_overhead.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
