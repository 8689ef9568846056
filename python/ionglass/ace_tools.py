"""ACE tools as ``ionglass ace`` offers them (docs/ace-active-learning.md): per-atom B-basis
projections, active sets by MaxVol (D-optimality), extrapolation grades γ per atom and per
structure, and D-optimal selection of structures for new DFT calculations. Structures are file
paths, ase.Atoms / ionglass structures or Frames; potentials are B-basis files (.yaml)."""
from __future__ import annotations

import os
from typing import Any, Sequence

import numpy as np

from . import _ionglass
from ._frames import source_of
from ._records import Record

__all__ = ["AtomProjections", "projections", "build_active_set", "extrapolation_grades", "select_structures"]


class AtomProjections:
    """Projections of one structure: ``elements`` (the potential's, index μ), ``species`` (μ per
    atom), ``row(i)`` the B-function values of atom i (dimensionless; rank 1 first, in
    pacemaker's order) and ``by_element(symbol)`` an (atoms of that element, functions) array."""

    def __init__(self, raw: dict):
        self.elements: list[str] = raw["elements"]
        self.species: np.ndarray = raw["species"]
        self.offsets: np.ndarray = raw["offsets"]
        self.values: np.ndarray = raw["values"]

    def __len__(self) -> int:
        return len(self.species)

    def row(self, atom: int) -> np.ndarray:
        return self.values[self.offsets[atom]:self.offsets[atom + 1]]

    def by_element(self, symbol: str) -> np.ndarray:
        mu = self.elements.index(symbol)
        atoms = np.flatnonzero(self.species == mu)
        if len(atoms) == 0:
            return np.zeros((0, 0))
        return np.stack([self.row(i) for i in atoms])


def _source(structures: Any, types: Sequence[str], format: str) -> tuple:
    return source_of(structures, types=types, format=format)


def projections(potential: str | os.PathLike, structures: Any, *, types: Sequence[str] = (), format: str = "",
                threads: int = 0) -> list[AtomProjections]:
    """Per-atom B-basis projections of every structure (frames of all files numbered in order)."""
    return [AtomProjections(p) for p in
            _ionglass._ace_projections(os.fspath(potential), _source(structures, types, format), threads)]


def build_active_set(potential: str | os.PathLike, structures: Any, output: str | os.PathLike = "", *,
                     tolerance: float = 1.01, max_iterations: int = 300, batch_size: int = 20000,
                     refinement_passes: int = 5, types: Sequence[str] = (), format: str = "",
                     threads: int = 0) -> Record:
    """MaxVol active set of the training structures, written to `output` (.asi, NumPy .npz) when
    given. Returns the report of ``ionglass ace activeset --json`` (per element the environments,
    functions, max_training_gamma and the active (structure_index, atom_index)). Raises
    ionglass.ComputationError when an element has too few environments for MaxVol."""
    return Record(_ionglass._ace_build_active_set(os.fspath(potential), _source(structures, types, format),
                                                   os.fspath(output), tolerance, max_iterations, batch_size,
                                                   refinement_passes, threads))


def extrapolation_grades(potential: str | os.PathLike, active_set: str | os.PathLike, structures: Any, *,
                         output: str | os.PathLike = "", types: Sequence[str] = (), format: str = "",
                         threads: int = 0) -> tuple[list[Record], list[np.ndarray]]:
    """γ = max_k |(b · A_AS⁻¹)_k| (dimensionless; > 1: extrapolation) of every atom. Returns
    (per structure the record of ``ionglass ace gamma --json``: max_gamma, extrapolating_atoms,
    max_gamma_by_element, ...; per structure the per-atom γ array). `output`: extxyz with the
    per-atom column ``gamma``."""
    report, gammas = _ionglass._ace_gamma(os.fspath(potential), os.fspath(active_set),
                                          _source(structures, types, format), os.fspath(output), threads)
    return [Record(r) if isinstance(r, dict) else r for r in report], gammas


def select_structures(potential: str | os.PathLike, active_set: str | os.PathLike, candidates: Any,
                      max_structures: int, *, output: str | os.PathLike = "", tolerance: float = 1.01,
                      batch_size: int = 20000, types: Sequence[str] = (), format: str = "",
                      threads: int = 0) -> tuple[Any, list[int]]:
    """D-optimal selection (pacemaker's pace_select) of at most `max_structures` candidates.
    Returns (the JSON of ``ionglass ace select --json``, the selected candidate indices, most new
    environments first); `output` receives the selected frames (extxyz with ``gamma``)."""
    report, indices = _ionglass._ace_select(os.fspath(potential), os.fspath(active_set),
                                            _source(candidates, types, format), int(max_structures),
                                            os.fspath(output), tolerance, batch_size, threads)
    return report, list(indices)
