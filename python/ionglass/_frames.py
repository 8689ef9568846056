"""Frames for the compiled workflows: file paths, ase.Atoms, ionglass structures or NumPy arrays.

The compiled functions take either file paths or plain arrays (positions (F, N, 3) in Å, cells
(F, 3, 3) in Å with the lattice vectors as rows, atomic numbers (N,), pbc (3,), MD steps (F,)),
so that no Python object is touched inside a hot loop.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np


@dataclass
class Frames:
    """Frames held as arrays: positions (F, N, 3) Å, cells (F, 3, 3) Å (rows a, b, c),
    numbers (N,) atomic numbers, pbc (3,) and steps (F,) MD steps (empty: unknown)."""

    positions: np.ndarray
    cells: np.ndarray
    numbers: np.ndarray
    pbc: tuple = (True, True, True)
    steps: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    label: str = "frames"

    def source(self) -> tuple:
        return ("arrays", self.positions, self.cells, self.numbers, list(self.pbc), self.steps, self.label)


def is_path(value: Any) -> bool:
    return isinstance(value, (str, os.PathLike))


def as_paths(value: Any) -> list[str] | None:
    """The file paths in `value` (one path or a sequence of paths), or None when it holds frames."""
    if is_path(value):
        return [os.fspath(value)]
    if isinstance(value, (list, tuple)) and value and all(is_path(v) for v in value):
        return [os.fspath(v) for v in value]
    return None


def _atoms_like(frame: Any):
    """An object with get_positions/cell/numbers/pbc (ase.Atoms), converting ionglass structures."""
    if hasattr(frame, "get_positions") and hasattr(frame, "numbers"):
        return frame
    from . import to_ase  # the ionglass Structure → ase.Atoms conversion

    return to_ase(frame)


def frames_from_objects(frames: Sequence[Any], label: str = "frames") -> Frames:
    """Stacks ase.Atoms or ionglass structures (same atoms in the same order) into arrays."""
    if len(frames) == 0:
        raise ValueError("no frames given")
    atoms = [_atoms_like(f) for f in frames]
    numbers = np.asarray(atoms[0].numbers, dtype=np.int64)
    for i, a in enumerate(atoms):
        if len(a) != len(numbers) or not np.array_equal(a.numbers, numbers):
            raise ValueError(f"frame {i}: the atoms differ from frame 0 (same atoms in the same order needed)")
    positions = np.stack([np.asarray(a.get_positions(), dtype=np.float64) for a in atoms])
    cells = np.stack([np.asarray(a.cell[:], dtype=np.float64) for a in atoms])
    pbc = tuple(bool(p) for p in atoms[0].pbc)
    steps = [a.info.get("timestep", a.info.get("step")) for a in atoms]
    step_array = (np.asarray(steps, dtype=np.int64) if all(isinstance(s, (int, np.integer)) for s in steps)
                  else np.zeros(0, dtype=np.int64))
    return Frames(positions, cells, numbers, pbc, step_array, label)


def frames_from_arrays(positions, cell, numbers, pbc=(True, True, True), steps=None, label="frames") -> Frames:
    """Arrays in Å: positions (F, N, 3) or (N, 3); cell (3, 3) for every frame or (F, 3, 3);
    numbers (N,) atomic numbers or element symbols."""
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim == 2:
        positions = positions[None]
    cells = np.asarray(cell, dtype=np.float64)
    if cells.shape == (3,):
        cells = np.diag(cells)
    if cells.ndim == 2:
        cells = np.broadcast_to(cells, (positions.shape[0], 3, 3))
    numbers = np.asarray(numbers)
    if numbers.dtype.kind in "US":
        from ase.data import atomic_numbers

        numbers = np.array([atomic_numbers[str(s)] for s in numbers])
    steps = np.zeros(0, dtype=np.int64) if steps is None else np.asarray(steps, dtype=np.int64)
    return Frames(np.ascontiguousarray(positions), np.ascontiguousarray(cells), numbers.astype(np.int64),
                  tuple(bool(p) for p in np.broadcast_to(pbc, 3)), steps, label)


def to_frames(value: Any, label: str = "frames") -> Frames:
    """Frames from a Frames, an (ase.Atoms | Structure) or a list of them."""
    if isinstance(value, Frames):
        return value
    if hasattr(value, "get_positions") or not isinstance(value, (list, tuple)):
        return frames_from_objects([value], label)
    return frames_from_objects(list(value), label)


def source_of(value: Any, types=(), format: str = "", atom_style: str = "") -> tuple:
    """The compiled functions' frame source: ('files', ...) for paths, ('arrays', ...) for frames
    with the same atoms, ('list', [...]) for structures that differ."""
    paths = as_paths(value)
    if paths is not None:
        return ("files", paths, list(types or ()), format or "", atom_style or "")
    if isinstance(value, (list, tuple)) and not isinstance(value, Frames) and len(value) > 1:
        atoms = [_atoms_like(f) for f in value]
        same = all(len(a) == len(atoms[0]) and np.array_equal(a.numbers, atoms[0].numbers) for a in atoms)
        if not same:  # structures of different sizes: one array source each
            return ("list", [frames_from_objects([a], f"frame {i}").source() for i, a in enumerate(atoms)])
    return to_frames(value).source()
