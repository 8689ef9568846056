"""ACE tools from Python (projections, active set, γ, selection) equal `ionglass ace` bit for bit
on the bundled DFT data; ase.Atoms give the same γ as the file; bad input raises InputError."""
import csv
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

import ionglass
from ionglass import ace_tools

REPOSITORY = Path(__file__).resolve().parents[2]
POTENTIAL = str(REPOSITORY / "data" / "NaFePO4" / "potential" / "NaFePO4.yaml")
DFT = REPOSITORY / "data" / "NaFePO4" / "dft" / "dft_dev.extxyz"


def first_frames(source, start, stop, target):
    """Frames [start, stop) of an extended-XYZ file, copied as text (numbers unchanged)."""
    lines = source.read_text().splitlines(keepends=True)
    out, index, frame = [], 0, 0
    while index < len(lines) and frame < stop:
        count = int(lines[index])
        if frame >= start:
            out.extend(lines[index:index + count + 2])
        index += count + 2
        frame += 1
    target.write_text("".join(out))
    return str(target)


def cli(*arguments):
    binary = Path(os.environ["IONGLASS_BINARY_DIR"]) / "bin" / "ionglass"
    return subprocess.run([str(binary), "--quiet", *map(str, arguments)], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ace")
    return {"folder": folder, "train": first_frames(DFT, 0, 40, folder / "train.extxyz"),
            "candidates": first_frames(DFT, 40, 50, folder / "candidates.extxyz")}


def test_projections_equal_the_cli_and_the_reference(data, tmp_path):
    three = first_frames(DFT, 0, 3, tmp_path / "three.extxyz")
    python = ace_tools.projections(POTENTIAL, three, threads=2)
    cli("ace", "projections", "--potential", POTENTIAL, three, "--out", tmp_path / "p.csv", "--threads", "2")
    with open(tmp_path / "p.csv") as f:
        rows = list(csv.reader(f))[1:]
    assert len(rows) == sum(len(p) for p in python)
    k = 0
    for s, p in enumerate(python):
        for atom in range(len(p)):
            row = rows[k]
            k += 1
            assert (int(row[0]), int(row[1]), row[2]) == (s, atom, p.elements[p.species[atom]])
            assert ["%.17g" % v for v in p.row(atom)] == row[3:]
    by_element = python[0].by_element("O")
    assert by_element.shape[0] == int(np.sum(np.array(python[0].elements)[python[0].species] == "O"))


@pytest.fixture(scope="module")
def active_set(data):
    """The active set of the training frames, built by the CLI (the Python build is compared
    with it in test_slow_ace_active_set.py)."""
    folder = data["folder"]
    cli("ace", "activeset", POTENTIAL, data["train"], "--out", folder / "cli.asi", "--threads", "2")
    return folder / "cli.asi"


def test_gamma_equals_the_cli_and_training_data_interpolate(data, active_set):
    asi = str(active_set)
    cli_json = json.loads(cli("ace", "gamma", "--potential", POTENTIAL, "--activeset", asi, data["candidates"],
                              "--json", "--threads", "2"))
    report, gammas = ace_tools.extrapolation_grades(POTENTIAL, asi, data["candidates"], threads=2)
    assert [r.to_dict() for r in report] == cli_json
    for r, g in zip(report, gammas):
        assert g.max() == r.max_gamma and np.sum(g > 1) == r.extrapolating_atoms
    training, _ = ace_tools.extrapolation_grades(POTENTIAL, asi, data["train"], threads=2)
    assert max(r.max_gamma for r in training) <= 1.01 + 1e-9  # inside their own active set (tolerance 1.01)
    ase_io = pytest.importorskip("ase.io")
    atoms = ase_io.read(data["candidates"], index=":")
    _, gammas_atoms = ace_tools.extrapolation_grades(POTENTIAL, asi, atoms, threads=2)
    for a, b in zip(gammas_atoms, gammas):
        np.testing.assert_array_equal(a, b)


def test_selection_equals_the_cli(data, active_set):
    folder = active_set.parent
    asi = str(active_set)
    cli_json = json.loads(cli("ace", "select", "--potential", POTENTIAL, "--activeset", asi, data["candidates"],
                              "--max", 3, "--out", folder / "cli_selected.extxyz", "--json", "-", "--threads", "2"))
    report, indices = ace_tools.select_structures(POTENTIAL, asi, data["candidates"], 3,
                                                  output=str(folder / "selected.extxyz"), threads=2)
    assert report == cli_json
    assert 1 <= len(indices) <= 3
    assert (folder / "selected.extxyz").read_text() == (folder / "cli_selected.extxyz").read_text()


def test_bad_input_raises_input_error(data, tmp_path):
    with pytest.raises(ionglass.InputError):
        ace_tools.build_active_set(POTENTIAL, data["train"], tolerance=0.5)
    with pytest.raises(ionglass.InputError):
        ace_tools.projections(str(tmp_path / "missing.yaml"), data["train"])
    bad = tmp_path / "bad.extxyz"
    bad.write_text("1\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\nNa 0 0\n")
    with pytest.raises(ionglass.InputError) as error:
        ace_tools.projections(POTENTIAL, str(bad))
    assert "bad.extxyz" in str(error.value)
