#!/usr/bin/python3
"""Partial RDFs with ASE (ase.geometry.analysis.Analysis.get_rdf) on the first frames of a LAMMPS
dump, for bench/bench_structure.sh. Usage: bench_structure_ase.py DUMP R_MAX BINS FRAMES"""
import itertools
import sys
import time

from ase.geometry.analysis import Analysis
from ase.io import read

path, rmax, nbins, nframes = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
start = time.perf_counter()
frames = read(path, index=f":{nframes}", format="lammps-dump-text")
symbols = {1: "Fe", 2: "Na", 3: "O", 4: "P"}
for atoms in frames:
    atoms.set_chemical_symbols([symbols[int(t)] for t in atoms.get_atomic_numbers()])
analysis = Analysis(frames)
elements = ["Fe", "Na", "O", "P"]
for a, b in itertools.combinations_with_replacement(elements, 2):
    analysis.get_rdf(rmax=rmax, nbins=nbins, elements=[a, b])
seconds = time.perf_counter() - start
print(f"ase frames {len(frames)} total_s {seconds:.3f} per_frame_s {seconds / len(frames):.4f}")
