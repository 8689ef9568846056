"""Helpers shared by the Python tests: the bundled data files and the CLI's results."""
import json
import subprocess
from pathlib import Path

import numpy as np

import ionglass

# (potential, structure) pairs of the CLI comparisons, relative to the repository root.
TETER = ("potentials/teter.yaml", "data/NaFePO4/glass/Teter/300K_1.dat")
BMP = ("potentials/bmp.yaml", "data/NaFePO4/glass/BMP/300K_1.dat")
ACE = "data/NaFePO4/potential/NaFePO4.yace"
ACE_B_BASIS = "data/NaFePO4/potential/NaFePO4.yaml"
DFT_FRAMES = "data/NaFePO4/dft/dft_dev.extxyz"


def first_dft_frame(source_dir: Path, tmp_path: Path, index: int = 0) -> Path:
    """DFT frame `index` (110 atoms) written alone to an extended XYZ file under tmp_path."""
    path = tmp_path / f"dft_frame_{index}.extxyz"
    ionglass.write(path, ionglass.read(source_dir / DFT_FRAMES, index=index))
    return path


def cli_evaluation(cli: Path, potential: Path, structure: Path, tmp_path: Path):
    """(JSON summary, frame with per-atom forces and energies) of `ionglass eval` on one structure."""
    out = tmp_path / (structure.stem + "_eval.extxyz")
    completed = subprocess.run([str(cli), "eval", "--json", "--threads", "2", "-p", str(potential), str(structure),
                                "--out", str(out)], check=True, capture_output=True, text=True)
    summary = json.loads(completed.stdout)
    assert len(summary) == 1
    return summary[0], ionglass.read(out)


def virial_from_json(virial) -> np.ndarray:
    return np.array([[virial["xx"], virial["xy"], virial["xz"]],
                     [virial["xy"], virial["yy"], virial["yz"]],
                     [virial["xz"], virial["yz"], virial["zz"]]])


def assert_relative(actual, expected, tolerance=1e-10):
    """|actual − expected| ≤ tolerance·max|expected| elementwise (scale of the whole array)."""
    actual, expected = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape
    scale = max(np.max(np.abs(expected)), 1e-300)
    assert np.max(np.abs(actual - expected)) <= tolerance * scale, np.max(np.abs(actual - expected)) / scale
