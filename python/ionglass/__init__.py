"""ionglass: ion conduction in disordered materials, from Python.

Units are LAMMPS "metal" throughout: Å, eV, ps, K, amu, e, bar (stress in eV/Å³ where it says so).

Structures: :func:`read`, :func:`iread`, :func:`write`, :class:`Structure`, :func:`to_ase`,
:func:`from_ase`. Potentials: :func:`load_potential` (and :class:`ionglass.ase.Calculator`).
MD: :func:`run`. ACE fitting: :func:`fit` (pacemaker input.yaml, as ``ionglass fit``).
Errors: :class:`InputError` (a ValueError with ``file``, ``line``, ``problem``),
:class:`ComputationError`, both subclasses of :class:`IonglassError`.
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator, List, Optional, Sequence, Union

from . import _ionglass
from ._ionglass import (  # noqa: F401  (re-exported)
    ComputationError,
    Evaluation,
    InputError,
    IonglassError,
    Potential,
    Structure,
    detect_format,
)

__all__ = [
    "ComputationError", "Evaluation", "InputError", "IonglassError", "Potential", "Structure",
    "detect_format", "read", "iread", "write", "load_potential", "to_ase", "from_ase",
]

PathLike = Union[str, "os.PathLike[str]"]


def _parse_index(index) -> tuple:
    """(start, stop, step, single) of a frame index: an int, a slice or a "start:stop:step" string."""
    if isinstance(index, bool):
        raise InputError(f"frame index: expected an int, a slice or 'start:stop:step', not {index!r}")
    if isinstance(index, int):
        if index < -1:
            raise InputError("frame index: only -1 (the last frame) may be negative, files are streamed")
        return (index, index + 1, 1, True) if index >= 0 else (0, -1, 1, True)
    if isinstance(index, str):
        parts = index.split(":")
        if len(parts) == 1:
            return _parse_index(int(parts[0]))
        if len(parts) > 3:
            raise InputError(f"frame index '{index}': expected start:stop:step")
        numbers = [int(p) if p.strip() else None for p in parts] + [None] * (3 - len(parts))
        index = slice(*numbers)
    if isinstance(index, slice):
        start = 0 if index.start is None else index.start
        stop = -1 if index.stop is None else index.stop
        step = 1 if index.step is None else index.step
        if start < 0 or (index.stop is not None and stop < 0) or step < 1:
            raise InputError(f"frame index {index}: negative start/stop and steps < 1 are not supported (files are streamed)")
        return (start, stop, step, False)
    raise InputError(f"frame index: expected an int, a slice or 'start:stop:step', not {index!r}")


def _types_argument(types):
    if types is None or isinstance(types, str):
        return types
    return list(types)


def iread(path: PathLike, index=":", format: Optional[str] = None, types=None,
          atom_style: Optional[str] = None) -> Iterator[Structure]:
    """The frames of a structure or trajectory file, read one at a time (positions in Å).

    `index` selects frames: a slice, "start:stop:step" (Python semantics, no negative values) or an int.
    `format` overrides the extension (lammps-data, lammps-dump, extxyz, poscar, xdatcar, outcar),
    `types` gives the elements of LAMMPS types in type order ("Fe,Na,O,P" or a list), `atom_style`
    the LAMMPS data atom style when the file does not say. Raises InputError on bad files.
    """
    start, stop, step, single = _parse_index(index)
    frames = _ionglass.open_frames(os.fspath(path), format, _types_argument(types), atom_style, start, stop, step)
    if single and stop == -1:  # index -1: the last frame
        last = None
        for frame in frames:
            last = frame
        if last is None:
            raise InputError(f"{os.fspath(path)}: the file has no frames")
        yield last
        return
    yield from frames


def read(path: PathLike, index=0, format: Optional[str] = None, types=None,
         atom_style: Optional[str] = None) -> Union[Structure, List[Structure]]:
    """One frame of a file (`index` an int, -1 for the last), or a list of frames for a slice or a
    "start:stop:step" string. Other arguments as for :func:`iread`."""
    start, stop, step, single = _parse_index(index)
    frames = list(iread(path, index, format, types, atom_style))
    if not single:
        return frames
    if not frames:
        raise InputError(f"{os.fspath(path)}: frame {index} does not exist")
    return frames[0]


def write(path: PathLike, frames, format: Optional[str] = None, atom_style: Optional[str] = None,
          precision: int = 10) -> None:
    """Writes a Structure, an ase.Atoms or an iterable of them to `path`, atomically (the file appears
    complete or not at all). Format from the extension unless given: lammps-data, lammps-dump,
    extxyz, poscar, xdatcar (single-frame formats take one frame). `precision`: digits of reals."""
    if isinstance(frames, Structure) or _is_ase_atoms(frames):
        frames = [frames]
    writer = _ionglass.create_writer(os.fspath(path), format, atom_style, precision)
    for frame in frames:
        writer.write(as_structure(frame))
    writer.close()


def _is_ase_atoms(value) -> bool:
    return type(value).__name__ == "Atoms" and type(value).__module__.startswith("ase")


def as_structure(value) -> Structure:
    """`value` if it is a Structure, its conversion if it is an ase.Atoms (see :func:`from_ase`)."""
    if isinstance(value, Structure):
        return value
    if _is_ase_atoms(value):
        return from_ase(value)
    raise TypeError(f"expected an ionglass.Structure or an ase.Atoms, not {type(value).__name__}")


def load_potential(path: PathLike, threads: int = 0, active_set: Optional[PathLike] = None,
                   basis: Optional[PathLike] = None) -> Potential:
    """Loads any potential ionglass understands: a classical force-field .yaml (Teter, BMP, ...; sums
    of terms), an ACE .yace or a pacemaker B-basis .yaml.

    `threads`: OpenMP threads for each evaluation (0: OMP_NUM_THREADS or all cores).
    `active_set`: an .asi file; each evaluation then also gives the extrapolation grade γ per atom,
    computed with the B-basis `basis` (.yaml; defaults to `path` when that is a .yaml).
    ``potential.compute(structure_or_atoms)`` returns an :class:`Evaluation`.
    """
    return Potential(os.fspath(path), threads,
                     None if active_set is None else os.fspath(active_set),
                     None if basis is None else os.fspath(basis))


def _compute(self, structure, forces: bool = True, virial: bool = True, energies: bool = True) -> Evaluation:
    return _ionglass.Potential._compute_structure(self, as_structure(structure), forces, virial, energies)


def to_ase(structure: Structure):
    """An ase.Atoms of `structure`; see :func:`ionglass.ase.to_ase`."""
    from .ase import to_ase as convert
    return convert(structure)


def from_ase(atoms) -> Structure:
    """A Structure of an ase.Atoms; see :func:`ionglass.ase.from_ase`."""
    from .ase import from_ase as convert
    return convert(atoms)


_compute.__doc__ = """Evaluates an ionglass.Structure or an ase.Atoms: an :class:`Evaluation` with energy (eV),
forces (N, 3; eV/Å), virial (3, 3; eV), stress (3, 3; eV/Å³, ASE sign), pressure_tensor (bar),
energies (N; eV) and gamma (N, with an active set). The GIL is released while computing."""
Potential.compute = _compute

# Analysis, MD, ACE tools and fitting (python/ionglass/analysis.py, md.py, ace_tools.py, fitting.py).
from . import ace_tools, analysis, fitting, md  # noqa: E402
from .analysis import analyze_arrhenius, analyze_dynamics, analyze_structure, frames_from_arrays  # noqa: E402
from .fitting import fit  # noqa: E402
from .md import run  # noqa: E402

__all__ += ["analysis", "md", "ace_tools", "fitting", "analyze_structure", "analyze_dynamics", "analyze_arrhenius",
            "frames_from_arrays", "run", "fit"]
