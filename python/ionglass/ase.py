"""ionglass and ASE: conversion to and from ase.Atoms, and an ASE calculator.

Units. ionglass uses LAMMPS "metal" units (Å, eV, ps, amu, e). ASE uses Å, eV, amu and its own time
unit Å·sqrt(amu/eV) ≈ 10.18 fs, so velocities convert as v[Å/ps] = v_ASE · 1000 · ase.units.fs.
Stress: ASE's sign (σ = (1/V) ∂E/∂ε, positive under tension) in eV/Å³, Voigt order
xx, yy, zz, yz, xz, xy.
"""
from __future__ import annotations

import copy
from typing import Optional

import numpy as np
from ase import Atoms
from ase import units as ase_units
from ase.calculators.calculator import Calculator as AseCalculator
from ase.calculators.calculator import PropertyNotImplementedError, all_changes
from ase.calculators.singlepoint import SinglePointCalculator

from . import _ionglass

#: Å/ps per ASE velocity unit (Å per ASE time unit): 1 ps = 1000 fs.
ASE_VELOCITY_TO_A_PER_PS = 1000.0 * ase_units.fs

# ase.Atoms arrays and info keys that ionglass models itself.
_MODELED_ARRAYS = {"numbers", "positions", "momenta", "masses", "initial_charges", "type", "id", "image_flags"}
_IONGLASS_INFO = ("ionglass_timestep", "ionglass_origin", "ionglass_type_labels")
# Python-side store for what an ase.Atoms carries and ionglass does not model (set by from_ase).
_EXTRA = "_ase_extra"


def _is_info_value(value) -> bool:
    """Whether ionglass's Structure.info can hold `value` (bool, int, float, str, array of numbers)."""
    if isinstance(value, (bool, int, float, str, np.bool_, np.integer, np.floating)):
        return True
    if isinstance(value, (list, tuple, np.ndarray)):
        array = np.asarray(value)
        return array.dtype.kind in "biuf" and array.size > 0
    return False


def from_ase(atoms: Atoms, keep_extra: bool = True) -> "_ionglass.Structure":
    """An ionglass.Structure of `atoms`: numbers, positions (Å), cell, pbc, masses, initial charges
    (e), velocities (converted to Å/ps), the arrays "type" (1-based LAMMPS types), "id" and
    "image_flags", forces of a single-point calculator (eV/Å), numeric per-atom arrays (as
    properties) and numeric/str info. With `keep_extra`, everything else (other arrays and info,
    constraints) is kept on the Python side and restored by :func:`to_ase`.
    """
    cell = np.array(atoms.cell.array, dtype=float)
    pbc = [bool(p) for p in atoms.pbc]
    has_cell = abs(np.linalg.det(cell)) > 0
    arrays = atoms.arrays
    types = arrays.get("type")
    labels = atoms.info.get("ionglass_type_labels") if types is not None else None
    structure = _ionglass.Structure(
        atoms.numbers, atoms.positions, cell=cell if has_cell or any(pbc) else None, pbc=pbc,
        types=types, type_count=len(labels) if labels is not None else None,  # unused types: placeholders
        masses=atoms.get_masses(),  # ASE's masses (its table unless set), so a round trip keeps them
        charges=arrays["initial_charges"] if "initial_charges" in arrays else None,
        velocities=atoms.get_velocities() * ASE_VELOCITY_TO_A_PER_PS if "momenta" in arrays else None)
    if "id" in arrays:
        structure.ids = arrays["id"]
    if "image_flags" in arrays:
        structure.images = arrays["image_flags"]
    extra_arrays, extra_info = {}, {}
    for name, values in arrays.items():
        if name in _MODELED_ARRAYS:
            continue
        values = np.asarray(values)
        if values.dtype.kind in "fiu" and values.ndim in (1, 2) and np.all(np.isfinite(values)):
            structure.set_property(name, values)
        else:
            extra_arrays[name] = values.copy()
    calc = atoms.calc
    if isinstance(calc, SinglePointCalculator) and "forces" in calc.results:
        structure.forces = calc.results["forces"]
    info = {}
    for key, value in atoms.info.items():
        if key in _IONGLASS_INFO:
            continue
        if _is_info_value(value):
            info[key] = value
        else:
            extra_info[key] = copy.deepcopy(value)
    if isinstance(calc, SinglePointCalculator):
        for key in ("energy", "free_energy"):
            if key in calc.results and key not in info:
                info[key] = float(calc.results[key])
    structure.info = info
    if "ionglass_timestep" in atoms.info:
        structure.timestep = int(atoms.info["ionglass_timestep"])
    if "ionglass_origin" in atoms.info:
        structure.origin = np.asarray(atoms.info["ionglass_origin"], dtype=float)
    if labels is not None:
        structure.type_labels = list(labels)
    if keep_extra and (extra_arrays or extra_info or atoms.constraints):
        setattr(structure, _EXTRA, {"arrays": extra_arrays, "info": extra_info,
                                    "constraints": copy.deepcopy(atoms.constraints)})
    return structure


def to_ase(structure: "_ionglass.Structure") -> Atoms:
    """An ase.Atoms of `structure`: numbers, positions, cell, pbc, masses, charges (as initial
    charges), velocities (converted to ASE units), types/ids/image flags (arrays "type", "id",
    "image_flags"), per-atom properties (arrays; forces on a SinglePointCalculator), info, and what
    :func:`from_ase` kept aside. The MD step, cell origin and type labels go to info keys
    ionglass_timestep, ionglass_origin and ionglass_type_labels."""
    atoms = Atoms(numbers=structure.numbers, positions=structure.positions.copy(),
                  cell=structure.cell, pbc=structure.pbc)
    atoms.set_masses(structure.masses)
    if structure.charges is not None:
        atoms.set_initial_charges(structure.charges.copy())
    if structure.velocities is not None:
        atoms.set_velocities(structure.velocities / ASE_VELOCITY_TO_A_PER_PS)
    atoms.new_array("type", structure.types)
    atoms.new_array("id", structure.ids)
    if structure.images is not None:
        atoms.new_array("image_flags", structure.images)
    for name in structure.property_names():
        if name == "forces" and structure.property_kind(name) == "R":
            continue
        values = structure.get_property(name)
        atoms.new_array(name, np.array(values))
    info = structure.info
    energy = info.pop("energy", None) if structure.forces is not None else None
    atoms.info.update(info)
    if structure.timestep >= 0:
        atoms.info["ionglass_timestep"] = structure.timestep
    if np.any(structure.origin != 0):
        atoms.info["ionglass_origin"] = structure.origin
    if any(structure.type_labels):
        atoms.info["ionglass_type_labels"] = list(structure.type_labels)
    extra = getattr(structure, _EXTRA, None)
    if extra is not None:
        for name, values in extra["arrays"].items():
            atoms.new_array(name, values.copy())
        atoms.info.update(copy.deepcopy(extra["info"]))
        atoms.set_constraint(copy.deepcopy(extra["constraints"]))
    if structure.forces is not None:
        results = {"forces": structure.forces.copy()}
        if energy is not None:
            results["energy"] = energy
        atoms.calc = SinglePointCalculator(atoms, **results)
    return atoms


def _voigt(stress: np.ndarray) -> np.ndarray:
    """ASE's Voigt order of a 3×3 stress: xx, yy, zz, yz, xz, xy."""
    return np.array([stress[0, 0], stress[1, 1], stress[2, 2], stress[1, 2], stress[0, 2], stress[0, 1]])


class Calculator(AseCalculator):
    """An ASE calculator evaluating an ionglass potential (any file load_potential reads).

    Properties: energy and free_energy (eV; the same, no electronic entropy), forces (eV/Å),
    stress (eV/Å³, ASE sign and Voigt order; periodic cells only), energies (per atom, eV) and, with
    an active set, gamma (extrapolation grade per atom, dimensionless).

    Arguments: `potential` — a path or an ionglass.Potential; `active_set` — an .asi file (with
    `basis`, the B-basis .yaml when the potential is a .yace); `threads` — OpenMP threads
    (0: OMP_NUM_THREADS or all cores).
    """

    implemented_properties = ["energy", "free_energy", "forces", "stress", "energies"]

    def __init__(self, potential=None, active_set=None, basis=None, threads: int = 0, **kwargs):
        super().__init__(**kwargs)
        if potential is None:
            raise _ionglass.InputError("ionglass.ase.Calculator needs a potential (a path or an ionglass.Potential)")
        if isinstance(potential, _ionglass.Potential):
            if active_set is not None:
                raise _ionglass.InputError("pass active_set to ionglass.load_potential when giving a loaded potential")
            self.potential = potential
            if threads:
                self.potential.threads = threads
        else:
            from . import load_potential
            self.potential = load_potential(potential, threads=threads, active_set=active_set, basis=basis)
        self.implemented_properties = list(type(self).implemented_properties)
        if self.potential.has_active_set:
            self.implemented_properties.append("gamma")

    def calculate(self, atoms: Optional[Atoms] = None, properties=("energy",), system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        periodic = bool(np.all(self.atoms.pbc))
        if "stress" in properties and not periodic:
            raise PropertyNotImplementedError("stress needs a fully periodic cell")
        structure = from_ase(self.atoms, keep_extra=False)
        evaluation = self.potential.compute(structure, forces=True, virial=True, energies=True)
        self.results = {
            "energy": evaluation.energy,
            "free_energy": evaluation.energy,
            "forces": evaluation.forces,
            "energies": evaluation.energies,
        }
        if periodic:
            self.results["stress"] = _voigt(evaluation.stress)
        if evaluation.gamma is not None:
            self.results["gamma"] = evaluation.gamma
