#!/usr/bin/env python3
"""Convert a pacemaker training set (pandas pickle, .pckl.gzip) to extended XYZ for `ionglass fit`.

pacemaker stores its data as a pandas DataFrame with one row per structure: an `ase_atoms`
column (ase.Atoms), the DFT `energy` (eV, total) and/or `energy_corrected` (eV, reference
energies subtracted) and `forces` (eV/Å, one row per atom). ionglass reads extended XYZ instead;
this script writes each structure with the energy as the comment-line key `dft_energy` and the
forces as the per-atom column `dft_forces` (the defaults of `data: energy_key / forces_key`).

Needs Debian's python3-pandas and python3-ase:  apt-get install python3-pandas python3-ase

Usage:  python3 scripts/pacemaker_pickle_to_extxyz.py train_data.pckl.gzip train_data.extxyz
        [--energy-column energy] [--energy-key dft_energy] [--forces-key dft_forces]

With --energy-column energy_corrected the energies already have pacemaker's reference energies
subtracted: give `reference_energy: {El: 0, ...}` in the input then.
"""
import argparse
import math
import os
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pickle", help="pacemaker DataFrame pickle (.pckl.gzip, .pkl, ...)")
    parser.add_argument("output", help="extended XYZ file to write")
    parser.add_argument("--energy-column", default="energy", help="DataFrame column of the energy (eV): energy or energy_corrected")
    parser.add_argument("--energy-key", default="dft_energy", help="extended-XYZ key for the energy")
    parser.add_argument("--forces-key", default="dft_forces", help="extended-XYZ column for the forces")
    args = parser.parse_args()
    try:
        import numpy as np
        import pandas as pd
        from ase.io import write
    except ImportError as error:
        sys.exit(f"error: {error}; install Debian's python3-pandas and python3-ase")

    compression = "gzip" if args.pickle.endswith("gzip") or args.pickle.endswith(".gz") else "infer"
    frame = pd.read_pickle(args.pickle, compression=compression)
    for column in ("ase_atoms", args.energy_column, "forces"):
        if column not in frame.columns:
            sys.exit(f"error: {args.pickle}: no column '{column}' (columns: {', '.join(map(str, frame.columns))})")
    structures = []
    for index, row in frame.iterrows():
        atoms = row["ase_atoms"].copy()
        atoms.calc = None
        energy = float(row[args.energy_column])
        forces = np.asarray(row["forces"], dtype=float)
        if not math.isfinite(energy) or forces.shape != (len(atoms), 3) or not np.all(np.isfinite(forces)):
            sys.exit(f"error: {args.pickle}: row {index}: missing or non-finite energy/forces")
        atoms.info = {args.energy_key: energy, "pacemaker_index": str(index)}
        atoms.arrays[args.forces_key] = forces
        structures.append(atoms)
    temporary = args.output + ".partial"
    write(temporary, structures, format="extxyz")
    os.replace(temporary, args.output)  # never leave a partial output file
    print(f"wrote {len(structures)} structures to {args.output}")


if __name__ == "__main__":
    main()
