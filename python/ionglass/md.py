"""Molecular dynamics: ``ionglass.run(protocol)`` runs an MD protocol (docs/md.md) exactly as
``ionglass run`` does, writing thermo.csv, the trajectory, checkpoints, the final structure and
summary.json into the output folder, and resuming from the checkpoint with ``resume=True``."""
from __future__ import annotations

import json
import os
from typing import Any, Callable, Mapping

from . import _ionglass
from ._records import Record

__all__ = ["run"]

DICT_PROTOCOL_NAME = "protocol (dict).yaml"


def run(protocol: Mapping[str, Any] | str | os.PathLike, *, threads: int = 0, output_directory: str | os.PathLike = ".",
        resume: bool = False, progress: Callable[[dict], None] | None = None, progress_interval_s: float = 0.2,
        progress_bar: bool = False, base_directory: str | os.PathLike | None = None) -> Record:
    """Runs an MD protocol and returns summary.json (steps, steps_per_second, final state) as a Record.

    protocol: a YAML file path, or a dict with the keys of a protocol file (docs/md.md). A dict's
    relative paths (structure, potential) are taken from `base_directory` (default: the working
    directory); errors in it name ``<base_directory>/protocol (dict).yaml`` and the line of the
    dict written as indented JSON (``json.dumps(protocol, indent=2)``), which YAML reads.
    threads: OpenMP threads (0: all). progress: called with a dict per console line of the run
    ({"line": text} and for thermo lines step, time_ps, temperature_K, potential_energy_eV,
    total_energy_eV, pressure_bar, density_g_cm3, rounded as printed), at most once per
    progress_interval_s seconds; the protocol's ``outputs: console`` setting must be on (default).
    An exception raised by the callback stops the run (the last checkpoint stays valid).
    Raises ionglass.InputError for bad input."""
    output = os.fspath(output_directory)
    if isinstance(protocol, Mapping):
        base = os.path.abspath(os.fspath(base_directory) if base_directory is not None else os.getcwd())
        text = json.dumps(protocol, indent=2)
        path = os.path.join(base, DICT_PROTOCOL_NAME)
    else:
        text, path = "", os.fspath(protocol)
    summary = _ionglass._run_protocol(text, path, output, threads, resume, progress, progress_interval_s,
                                      progress_bar)
    return Record(summary)
