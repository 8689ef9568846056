"""Structure and dynamics analysis: the library workflows of ``ionglass structure``,
``ionglass dynamics`` and ``ionglass arrhenius`` (docs/structure-analysis.md,
docs/dynamics-analysis.md), on trajectory files, lists of ase.Atoms / ionglass structures, or
NumPy arrays. All loops run in C++ with the GIL released; ``threads=0`` uses every core.

Results carry the CLI's JSON (the same keys with their units and the same numbers) as records
(``result.json``) and the curves as NumPy arrays.
"""
from __future__ import annotations

import os
import tempfile
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import _ionglass
from ._frames import Frames, as_paths, frames_from_arrays, to_frames
from ._records import Record

__all__ = [
    "analyze_structure", "analyze_dynamics", "analyze_arrhenius", "StructureResult", "DynamicsResult",
    "ArrheniusResult", "CurveTable", "frames_from_arrays",
]


class CurveTable(dict):
    """Curves of one table: column name → array; ``x`` is the abscissa (``x_column`` names it,
    e.g. ``r_A`` or ``Q_per_A``). Columns ending in ``_std`` are the std across replica files."""

    def __init__(self, columns: Mapping[str, Any]):
        columns = dict(columns)
        self.x_column: str = columns.pop("x_column")
        super().__init__(columns)

    @property
    def x(self) -> np.ndarray:
        return self[self.x_column]


class StructureResult:
    """The structure workflow's results.

    ``json``: structure.json of ``ionglass structure`` as a Record (cutoffs_A, settings and per
    group the mean ± std across files and every file's values: coordination, qn,
    oxygen_speciation, bond_angles, rings, voids, ...). ``table(name, group)``: the curves of
    table ``rdf`` (g_A-B), ``running_coordination`` (N_A-B), ``sq_neutron``, ``sq_xray``
    (S_neutron, S_neutron_lorch, ...), ``sq_partial``, ``gr_total`` (G, T_per_A2, D_per_A2),
    ``angles`` and ``cavity_volumes``, mean across the group's files; ``file_table(name, group,
    index)`` the same for one file."""

    def __init__(self, raw: dict):
        self.json = Record(raw["json"])
        self._groups = raw["groups"]

    @property
    def groups(self) -> list[str]:
        return list(self._groups)

    def _group(self, group: str | None) -> dict:
        if group is None:
            if len(self._groups) != 1:
                raise ValueError(f"several groups ({', '.join(self._groups)}): name one")
            group = next(iter(self._groups))
        return self._groups[group]

    def table(self, name: str, group: str | None = None) -> CurveTable:
        return CurveTable(self._group(group)["curves"][name])

    def file_table(self, name: str, group: str | None = None, index: int = 0) -> CurveTable:
        return CurveTable(self._group(group)["files"][index][name])

    def rdf(self, pair: str, group: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(r in Å, g(r)) of a pair such as "Na-O" (either order)."""
        table = self.table("rdf", group)
        for key in (f"g_{pair}", "g_" + "-".join(reversed(pair.split("-")))):
            if key in table:
                return table.x, table[key]
        raise KeyError(f"no RDF of {pair}: {', '.join(k for k in table if not k.endswith('_std'))}")

    def structure_factor(self, kind: str = "neutron", lorch: bool = False,
                         group: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(Q in Å⁻¹, total S(Q)) with neutron or X-ray ("xray") weights."""
        table = self.table(f"sq_{kind}", group)
        return table.x, table[f"S_{kind}" + ("_lorch" if lorch else "")]

    def __repr__(self) -> str:
        return f"StructureResult(groups={self.groups})"


def _read_kwargs(types, format, atom_style) -> dict:
    return {"types": list(types or ()), "format": format or "", "atom_style": atom_style or ""}




def analyze_structure(frames: Any = None, *, groups: Mapping[str, Sequence[Any]] | None = None,
                      cutoffs: Mapping[str, float] | None = None, r_max_A: float = 0.0, bin_width_A: float = 0.02,
                      q_max_per_A: float = 25.0, formers: Sequence[str] | None = None,
                      bridging_anion: str | None = None, angles: Iterable[str] = (), rings: Iterable[str] = (),
                      max_ring_size: int = 10, voids: bool = False, void_grid_A: float = 0.2,
                      void_probe_A: float = 0.0, homology: bool = False, experiment_sq_file: str = "",
                      frame_slice: str = "", types: Sequence[str] = (), format: str = "", atom_style: str = "",
                      threads: int = 0, progress: bool = False) -> StructureResult:
    """The structure analysis of ``ionglass structure``.

    frames: a file path, a list of paths (replicas, averaged as the group "all"), a list of
    ase.Atoms / ionglass structures (one trajectory) or a Frames (frames_from_arrays). Or
    ``groups={"ACE": [paths...], "BMP": [...]}`` for replicas compared side by side.
    cutoffs: {"P-O": 2.0, ...} in Å (pairs not given: first minimum of g after its first peak).
    r_max_A (0: min(12 Å, half the smallest cell width)), bin_width_A in Å; q_max_per_A in Å⁻¹.
    formers: network formers for Qⁿ, O speciation and rings (default ["P"], skipped when absent).
    angles: extra bond angles "A-B-C" (centre B); rings: any of "king", "guttman", "primitive".
    void_grid_A, void_probe_A in Å. frame_slice: "START:STOP:STEP". types: elements of LAMMPS
    types in type order. Raises ionglass.InputError (file, line) for bad input."""
    given_groups = groups is not None
    if given_groups == (frames is not None):
        raise ValueError("give either frames or groups")
    group_items = list(groups.items()) if given_groups else [("all", frames)]
    temporary: list[tuple[int, Frames]] = []
    resolved: list[tuple[str, list[str]]] = []
    for name, members in group_items:
        paths = as_paths(members)
        if paths is None:
            temporary.append((len(resolved), to_frames(members, label=str(name))))
            paths = []
        resolved.append((str(name), paths))
    options = {
        "groups": resolved, "frames": frame_slice, "cutoffs": [(k, float(v)) for k, v in (cutoffs or {}).items()],
        "r_max_A": float(r_max_A), "bin_width_A": float(bin_width_A), "q_max_per_A": float(q_max_per_A),
        "formers": list(formers) if formers is not None else ["P"],
        "formers_must_be_present": formers is not None, "bridging_anion": bridging_anion,
        "angles": ",".join(angles), "rings": ",".join(rings), "max_ring_size": int(max_ring_size),
        "voids": bool(voids), "void_grid_A": float(void_grid_A), "void_probe_A": float(void_probe_A),
        "homology": bool(homology), "experiment_sq_file": os.fspath(experiment_sq_file),
        **_read_kwargs(types, format, atom_style),
    }
    if not temporary:
        return StructureResult(_ionglass._analyze_structure(options, threads, progress))
    with tempfile.TemporaryDirectory(prefix="ionglass_") as folder:
        for index, data in temporary:
            path = os.path.join(folder, f"{data.label}.extxyz")
            _ionglass._write_frames(path, data.positions, data.cells, data.numbers, list(data.pbc), data.steps)
            resolved[index][1].append(path)
        return StructureResult(_ionglass._analyze_structure(options, threads, progress))


class SpeciesCurves(Record):
    """Curves of one species: time_ps, msd_A2, msd_x_A2, msd_y_A2, msd_z_A2, beta (local
    exponent), fit_window_lags, alpha2_time_ps, alpha2, alpha2_msd_A2, alpha2_msd4_A4,
    self_van_hove / distinct_van_hove (lists of {time_ps, r_A, values, shell_integral})."""


class DynamicsResult:
    """The dynamics workflow's results: ``json`` is dynamics.json of ``ionglass dynamics`` as a
    Record (per species D_cm2_per_s, D_stderr_cm2_per_s, D_gls, fit_window_ps, haven_ratio,
    conductivity_S_per_cm, ...; hops; mobility); ``curves[symbol]`` the MSD, α₂ and van Hove
    arrays; ``charge_msd_e2A2`` the charge MSD when conductivities were computed."""

    def __init__(self, raw: tuple):
        data, curves, self._native = raw
        self.json = Record(data)
        self.curves = {s: SpeciesCurves(c) for s, c in curves["species"].items()}
        self.charge_msd_e2A2 = curves.get("charge_msd_e2A2")

    @property
    def species(self) -> list[str]:
        return list(self.curves)

    def diffusion_coefficient_cm2_s(self, species: str) -> tuple[float, float]:
        """(D, its standard error) of a species in cm²/s."""
        entry = self.json.species[species]
        return entry.D_cm2_per_s, entry.D_stderr_cm2_per_s

    def msd(self, species: str) -> tuple[np.ndarray, np.ndarray]:
        """(time in ps, MSD in Å²) of a species."""
        c = self.curves[species]
        return c.time_ps, c.msd_A2

    def __repr__(self) -> str:
        return f"DynamicsResult(species={self.species})"


def analyze_dynamics(trajectory: Any, *, timestep_ps: float = 0.0, frame_interval_ps: float = 0.0,
                     species: Sequence[str] = (), charges_e: Mapping[str, float] | None = None,
                     temperature_K: float = 0.0, mobile: str = "", mobile_preference: Sequence[str] = ("Na",),
                     remove_drift: bool = True, fit_window_ps: tuple[float, float] | None = None,
                     ballistic_ps: float = 1.0, beta_tolerance: float = 0.1, max_fit_fraction: float = 0.2,
                     blocks: int = 5, van_hove_times_ps: Sequence[float] | None = None, van_hove_bin_A: float = 0.05,
                     hop_threshold_A: float = 1.5, hop_persistence_ps: float = 1.0, site_radius_A: float = 1.0,
                     mobility_fraction: float = 0.2, mobility_window_ps: float = 0.0, network_former: str = "P",
                     matrix_species: Sequence[str] = (), cutoffs_A: Mapping[str, float] | None = None, types: Sequence[str] = (), format: str = "",
                     atom_style: str = "", threads: int = 0, progress: bool = False) -> DynamicsResult:
    """The dynamics analysis of ``ionglass dynamics``: MSD, D (block and GLS errors),
    conductivity and Haven ratio (with charges_e and a temperature), van Hove functions, α₂, hops
    and mobility against structure.

    trajectory: a file path or list of paths (concatenated), a list of ase.Atoms / ionglass
    structures (same atoms in every frame) or a Frames (frames_from_arrays). Time base:
    frame_interval_ps > 0, else MD step × timestep_ps. Times in ps, lengths in Å, charges in e,
    temperature in K; cutoffs_A {"Na-O": 3.3, ...} for the mobility descriptors; matrix_species
    (e.g. ["P", "Fe"]) whose own MSD tells a glass from a liquid (json["matrix"]; every MSD has a
    json["species"][X]["regime"]). The defaults are the CLI's. Raises ionglass.InputError for bad
    input."""
    default_times = van_hove_times_ps is None
    options = {
        "timestep_ps": float(timestep_ps), "frame_interval_ps": float(frame_interval_ps),
        "species": list(species), "charges_e": {k: float(v) for k, v in (charges_e or {}).items()},
        "temperature_K": float(temperature_K), "mobile": mobile, "mobile_preference": list(mobile_preference),
        "remove_drift": bool(remove_drift),
        "fit_window_ps": None if fit_window_ps is None else tuple(float(t) for t in fit_window_ps),
        "ballistic_ps": float(ballistic_ps), "beta_tolerance": float(beta_tolerance),
        "max_fit_fraction": float(max_fit_fraction), "blocks": int(blocks),
        "van_hove_times_ps": [1.0, 10.0, 100.0] if default_times else [float(t) for t in van_hove_times_ps],
        "van_hove_times_required": not default_times, "van_hove_bin_A": float(van_hove_bin_A),
        "hop_threshold_A": float(hop_threshold_A), "hop_persistence_ps": float(hop_persistence_ps),
        "site_radius_A": float(site_radius_A), "mobility_fraction": float(mobility_fraction),
        "mobility_window_ps": float(mobility_window_ps), "network_former": network_former,
        "matrix_species": list(matrix_species),
        "cutoffs_A": {k: float(v) for k, v in (cutoffs_A or {}).items()}, **_read_kwargs(types, format, atom_style),
    }
    paths = as_paths(trajectory)
    if paths is not None:
        options["files"] = paths
        return DynamicsResult(_ionglass._analyze_dynamics_files(options, threads, progress))
    data = to_frames(trajectory)
    options["files"] = [data.label]
    return DynamicsResult(_ionglass._analyze_dynamics_arrays(options, data.positions, data.cells, data.numbers,
                                                             list(data.pbc), data.steps, threads, progress))


class ArrheniusResult:
    """``json``: arrhenius.json of ``ionglass arrhenius`` (fits with activation energies in eV);
    ``temperatures_K`` and ``D_cm2_per_s`` the points, sorted by temperature."""

    def __init__(self, raw: dict):
        self.json = Record(raw["json"])
        self.temperatures_K = raw["temperatures_K"]
        self.D_cm2_per_s = raw["D_cm2_per_s"]


def analyze_arrhenius(points: Sequence[Any], species: str, *, extrapolate_K: Sequence[float] = (),
                      labels: Sequence[str] | None = None) -> ArrheniusResult:
    """Arrhenius fits of D(T) (and σT(T) when every point has conductivities) of `species`.
    points: DynamicsResult objects (with a temperature) or dynamics.json paths."""
    items = []
    for i, point in enumerate(points):
        label = labels[i] if labels else (os.fspath(point) if as_paths(point) else f"point {i}")
        native = point._native if isinstance(point, DynamicsResult) else os.fspath(point)
        items.append((label, native))
    return ArrheniusResult(_ionglass._analyze_arrhenius(items, species, [float(t) for t in extrapolate_K]))
