#!/usr/bin/env python3
"""An ASE relaxation (BFGS) and an NVT run (Langevin) with the ionglass calculator.

A 161-atom NaFePO4 cell is random-packed and pre-relaxed by ionglass.run, read back as ase.Atoms,
relaxed with ASE's BFGS and run for 100 steps of NVT at 1000 K with ase.md.Langevin, all with
ionglass.ase.Calculator (Teter potential, every core).

Usage: ase_relax_and_nvt.py [OUTPUT_FOLDER]   (default: a new temporary folder)
Writes nvt.extxyz (ASE) and prints the energies."""
import sys
import tempfile
from pathlib import Path

from ase import units
from ase.io import write
from ase.md.langevin import Langevin
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
from ase.optimize import BFGS

import ionglass
import ionglass.ase

REPOSITORY = Path(__file__).resolve().parents[2]
POTENTIAL = REPOSITORY / "potentials" / "teter_small_cells.yaml"

PACKING = {
    "description": "random-packed NaFePO4, 161 atoms, pre-relaxed",
    "structure": {"random": {"composition": {"NaFePO4": 1}, "atoms": 161, "density_g_cm3": 2.2,
                             "min_distance_A": {"default": 1.6}, "seed": 5}},
    "potential": str(POTENTIAL),
    "stages": [{"name": "relax", "ensemble": "minimize", "force_tolerance_eV_per_A": 1.0, "max_steps": 200}],
    "outputs": {"console": False, "final_structure": "packed.data"},
}


def main(output: Path) -> None:
    ionglass.run(PACKING, output_directory=output / "packing")
    atoms = ionglass.to_ase(ionglass.read(str(output / "packing" / "packed.data")))
    atoms.calc = ionglass.ase.Calculator(potential=str(POTENTIAL), threads=0)
    start = atoms.get_potential_energy()
    BFGS(atoms, logfile=None).run(fmax=0.3, steps=60)
    print(f"BFGS: {start:.3f} eV → {atoms.get_potential_energy():.3f} eV, "
          f"max force {abs(atoms.get_forces()).max():.3f} eV/Å")

    MaxwellBoltzmannDistribution(atoms, temperature_K=1000)
    dynamics = Langevin(atoms, 1.0 * units.fs, temperature_K=1000, friction=0.02)
    frames = []
    dynamics.attach(lambda: frames.append(atoms.copy()), interval=20)
    dynamics.run(100)
    print(f"NVT: T = {atoms.get_temperature():.0f} K, E_pot = {atoms.get_potential_energy():.3f} eV")
    write(output / "nvt.extxyz", frames)
    print(f"outputs in {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ionglass_ase_")))
