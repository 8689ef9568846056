"""ACE fitting: ``ionglass.fit(input)`` fits an ACE B-basis potential from a pacemaker input.yaml
exactly as ``ionglass fit`` does (docs/fitting.md), writing potential.yaml/.yace, fit_log.csv,
fit.json, report.html and checkpoints into the output folder, and resuming from the checkpoint
with ``resume=True``."""
from __future__ import annotations

import os
from typing import Callable

from . import _ionglass
from ._records import Record

__all__ = ["fit"]


def fit(input: str | os.PathLike, output_directory: str | os.PathLike | None = None, threads: int = 0,
        resume: bool = False, progress: Callable[[dict], None] | None = None,
        progress_interval_s: float = 0.2) -> Record:
    """Fits an ACE potential from a pacemaker input file and returns fit.json with the log as a Record.

    input: pacemaker's input.yaml (keys and units in docs/fitting.md; data in extended XYZ,
    energies in eV, forces in eV/Å). output_directory: where the outputs go (default
    ``fit_<input stem>`` in the working directory, as the CLI). threads: OpenMP threads of the
    loss (0: all; the same count gives the same potential bit for bit). resume: continue from
    ``output_directory/fit_checkpoint.json`` (refused when the input file has changed).
    progress: called with a dict per iteration keyed by the fit_log.csv columns
    (ladder_step, function_count, iteration, step_iteration, loss,
    energy_rmse_train_meV_per_atom, force_rmse_train_meV_per_A, energy_rmse_test_meV_per_atom,
    force_rmse_test_meV_per_A, test_loss, wall_time_s; test values None without a test set), at
    most once per progress_interval_s seconds (the last row always comes). An exception raised by
    the callback (or Ctrl-C) stops the fit as a kill would: no final output is written, the last
    checkpoint stays valid (``resume=True`` continues) and the exception propagates.

    Returns fit.json's fields (``iterations``, ``function_count``, ``step_stop_reasons``,
    ``train``/``test`` with ``energy_rmse_meV_per_atom`` and ``force_rmse_meV_per_A``,
    ``final_loss``, ``wall_time_s``, ``resumed``, ``input`` …) and ``completed``,
    ``output_directory``, ``potential_yaml``, ``potential_yace``, ``report_html``, ``fit_json``,
    ``fit_log_csv`` (paths), ``messages`` (the log notes the CLI prints) and ``log``: fit_log.csv's
    columns as NumPy arrays (int64 for the counters, float64 otherwise, NaN for missing test values).
    Raises ionglass.InputError naming the file and line for bad input.

    Example::

        import ionglass
        result = ionglass.fit("input.yaml", output_directory="fit_out", threads=2,
                              progress=lambda row: print(row["iteration"], row["loss"]))
        result.train.energy_rmse_meV_per_atom, result.test.force_rmse_meV_per_A
        result.log.loss                  # loss per iteration (NumPy array)
        ionglass.load_potential(result.potential_yace)
    """
    output = "" if output_directory is None else os.fspath(output_directory)
    return Record(_ionglass._fit(os.fspath(input), output, threads, resume, progress, progress_interval_s))
