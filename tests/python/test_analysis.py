"""The structure and dynamics workflows from Python equal the CLI's results bit for bit: the JSON
numbers exactly, the curves as the CLI prints them ({:.10g} in its CSV files); frames given as
ase.Atoms or arrays give the same numbers as the file; bad input raises InputError."""
import csv
import gzip
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

import ionglass
from ionglass.analysis import analyze_dynamics, analyze_structure

REPOSITORY = Path(__file__).resolve().parents[2]
GLASS = REPOSITORY / "data" / "NaFePO4" / "glass" / "ACE" / "300K_1.dat"
CUTOFFS = {"P-O": 2.0, "Fe-O": 2.7, "Na-O": 3.3}


def read_csv(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt") as f:
        rows = list(csv.reader(f))
    return {name: [row[k] for row in rows[1:]] for k, name in enumerate(rows[0])}


def as_printed(values):
    """The values as the CLI's CSV writer prints them (fmt "{:.10g}")."""
    return ["%.10g" % v for v in values]


def without_paths(value):
    """JSON with file-path keys and strings dropped (the in-memory runs use temporary files)."""
    if isinstance(value, dict):
        return {k: without_paths(v) for k, v in value.items() if "/" not in k and k not in ("files", "path")}
    if isinstance(value, list):
        return [without_paths(v) for v in value]
    return value


@pytest.fixture(scope="module")
def structure_cli(tmp_path_factory):
    out = tmp_path_factory.mktemp("structure_cli")
    binary = Path(__import__("os").environ["IONGLASS_BINARY_DIR"]) / "bin" / "ionglass"
    cutoffs = ",".join(f"{k}={v}" for k, v in CUTOFFS.items())
    printed = subprocess.run([binary, "--quiet", "structure", GLASS, "--cutoffs", cutoffs, "--threads", "2", "--out",
                              out, "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(printed), out


@pytest.fixture(scope="module")
def structure_python():
    return analyze_structure(str(GLASS), cutoffs=CUTOFFS, threads=2)


def test_structure_json_equals_the_cli_bit_for_bit(structure_cli, structure_python):
    cli_json, _ = structure_cli
    assert structure_python.json.to_dict() == cli_json
    group = structure_python.json.groups["all"]
    assert group.coordination["P-O"].mean == cli_json["groups"]["all"]["coordination"]["P-O"]["mean"]
    assert group.qn["P"]["0"] == cli_json["groups"]["all"]["qn"]["P"]["0"]
    assert 3.5 < group.coordination["P-O"].mean < 4.5  # PO4 tetrahedra


@pytest.mark.parametrize("table", ["rdf", "running_coordination", "sq_neutron", "sq_xray", "gr_total"])
def test_structure_curves_equal_the_cli_csv(structure_cli, structure_python, table):
    _, out = structure_cli
    printed = read_csv(out / f"{table}.csv")
    curves = structure_python.table(table)
    assert set(printed) == {curves.x_column, *curves.keys()} - {k for k in curves if k.endswith("_std")}
    for column, values in printed.items():
        assert as_printed(curves[column]) == values, column


def test_rdf_is_normalised(structure_python):
    r, g = structure_python.rdf("O-Na")
    assert np.all(np.diff(r) > 0)
    assert abs(g[r > 0.8 * r[-1]].mean() - 1) < 0.05  # g → 1 at long range
    q, s = structure_python.structure_factor("xray", lorch=True)
    assert q[0] > 0 and np.all(np.isfinite(s))


def approx_equal(a, b, rel=1e-12):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(approx_equal(a[k], b[k], rel) for k in a)
    if isinstance(a, float):
        return a == pytest.approx(b, rel=rel, abs=1e-12)
    return a == b


def test_structure_of_ase_atoms_equals_the_file(structure_python, tmp_path):
    """ase.Atoms (read by ASE from the CLI's exact extxyz copy of the glass) give the file's
    numbers; ASE drops the cell origin, so distances differ in the last bits and we compare to
    1e-12. Atoms and the same frames as arrays agree bit for bit."""
    ase_io = pytest.importorskip("ase.io")
    import os
    binary = Path(os.environ["IONGLASS_BINARY_DIR"]) / "bin" / "ionglass"
    copy = tmp_path / "glass.extxyz"
    subprocess.run([binary, "--quiet", "convert", GLASS, copy], check=True)
    atoms = ase_io.read(copy)
    result = analyze_structure([atoms], cutoffs=CUTOFFS, threads=2)
    expected = structure_python.json.to_dict()["groups"]["all"]
    got = result.json.to_dict()["groups"]["all"]
    for key in ("coordination", "qn", "oxygen_speciation", "bond_angles"):  # masses: standard ones
        assert approx_equal(got[key], expected[key]), key
    for column, values in structure_python.table("rdf").items():
        np.testing.assert_allclose(result.table("rdf")[column], values, rtol=1e-12, atol=1e-12)
    arrays = ionglass.analysis.frames_from_arrays(atoms.get_positions(), atoms.cell[:], atoms.get_chemical_symbols())
    again = analyze_structure(arrays, cutoffs=CUTOFFS, threads=2)
    assert again.json.to_dict()["groups"]["all"]["coordination"] == got["coordination"]
    assert again.json.to_dict()["groups"]["all"]["qn"] == got["qn"]


def test_structure_bad_input_raises_input_error(tmp_path):
    bad = tmp_path / "bad.extxyz"
    bad.write_text("2\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\nNa 0 0 0\nO 1 1 x\n")
    with pytest.raises(ionglass.InputError) as error:
        analyze_structure(str(bad))
    assert "bad.extxyz" in str(error.value) and ":4" in str(error.value)
    with pytest.raises(ionglass.InputError):
        analyze_structure(str(GLASS), cutoffs={"P-Xx": 2.0})


DUMP = "regression/ace_2500K_280atoms_101frames.dump.gz"
DYNAMICS_OPTIONS = dict(frame_interval_ps=0.02, species=["Na"], charges_e={"Na": 1}, temperature_K=2500,
                        cutoffs_A={"Fe-O": 2.7, "Na-O": 3.3, "P-O": 2.0})


@pytest.fixture(scope="module")
def dynamics_cli(tmp_path_factory):
    import os
    out = tmp_path_factory.mktemp("dynamics_cli")
    data = Path(os.environ.get("IONGLASS_TEST_DATA", REPOSITORY / "tests" / "data"))
    binary = Path(os.environ["IONGLASS_BINARY_DIR"]) / "bin" / "ionglass"
    printed = subprocess.run([binary, "--quiet", "dynamics", data / DUMP, "--frame-interval-ps", "0.02", "--species",
                              "Na", "--charges", "Na=1", "--temperature", "2500", "--cutoff",
                              "Fe-O=2.7,Na-O=3.3,P-O=2", "--threads", "2", "--out", out, "--json"],
                             check=True, capture_output=True, text=True).stdout
    return json.loads(printed), out, data / DUMP


@pytest.fixture(scope="module")
def dynamics_python(dynamics_cli):
    return analyze_dynamics(str(dynamics_cli[2]), threads=2, **DYNAMICS_OPTIONS)


def assert_json_close(actual, expected, rtol, where="$"):
    """Same keys, same texts, numbers equal to `rtol` relative (recursively; 0: the same number)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict) and actual.keys() == expected.keys(), where
        for key in expected:
            assert_json_close(actual[key], expected[key], rtol, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), where
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_json_close(a, e, rtol, f"{where}[{i}]")
    elif isinstance(expected, float) and not isinstance(expected, bool):
        assert abs(actual - expected) <= rtol * max(abs(expected), 1e-300), (where, actual, expected)
    else:
        assert actual == expected, where


def test_dynamics_json_equals_the_cli_bit_for_bit(dynamics_cli, dynamics_python):
    # Bit for bit: the MSD sums its per-thread parts in thread order (the same thread count on both
    # sides), and every later step (window fits, block and GLS errors, Haven ratio) is sequential.
    cli_json, _, _ = dynamics_cli
    assert_json_close(dynamics_python.json.to_dict(), cli_json, rtol=0.0)
    d, stderr = dynamics_python.diffusion_coefficient_cm2_s("Na")
    assert d == cli_json["species"]["Na"]["D_cm2_per_s"] and 0 < stderr < d
    assert dynamics_python.json.haven_ratio == cli_json["haven_ratio"]


def test_msd_equals_the_cli_csv(dynamics_cli, dynamics_python):
    _, out, _ = dynamics_cli
    printed = read_csv(out / "msd.csv")
    time, msd = dynamics_python.msd("Na")
    assert as_printed(time) == printed["time_ps"]
    assert as_printed(msd) == printed["MSD_Na_A2"]
    for axis in "xyz":
        assert as_printed(dynamics_python.curves["Na"][f"msd_{axis}_A2"]) == printed[f"MSD_Na_{axis}_A2"]
    c = dynamics_python.curves["Na"]
    np.testing.assert_allclose(c.msd_x_A2 + c.msd_y_A2 + c.msd_z_A2, msd, rtol=1e-12)
    assert msd[0] == 0 and np.all(np.diff(msd[1:20]) > 0)


def test_dynamics_of_arrays_equals_the_file(dynamics_cli, dynamics_python, tmp_path):
    """Frames handed over as arrays (read back from an extxyz copy) give the file's D and MSD."""
    copy = tmp_path / "copy.extxyz"
    data = ionglass.analysis.frames_from_arrays
    # the trajectory written by ionglass itself (exact numbers), read back with ASE
    ase_io = pytest.importorskip("ase.io")
    with gzip.open(dynamics_cli[2], "rt") as f:
        frames = ase_io.read(f, format="lammps-dump-text", index=":")
    positions = np.stack([a.get_positions(wrap=False) for a in frames])
    numbers = frames[0].numbers
    cell = frames[0].cell[:]
    arrays = data(positions, cell, numbers)
    result = analyze_dynamics(arrays, threads=2, **DYNAMICS_OPTIONS)
    time, msd = result.msd("Na")
    expected_time, expected_msd = dynamics_python.msd("Na")
    np.testing.assert_array_equal(time, expected_time)
    np.testing.assert_allclose(msd, expected_msd, rtol=1e-9, atol=1e-12)
    del copy


def test_arrhenius_from_results(dynamics_python):
    with pytest.raises(ionglass.InputError):  # one temperature cannot be fitted
        ionglass.analysis.analyze_arrhenius([dynamics_python], "Na")


def test_regimes_and_the_matrix_state_equal_the_cli(dynamics_cli):
    """matrix_species= is the CLI's --matrix: the same regimes and matrix state, bit for bit."""
    import os
    binary = Path(os.environ["IONGLASS_BINARY_DIR"]) / "bin" / "ionglass"
    printed = subprocess.run([binary, "--quiet", "dynamics", dynamics_cli[2], "--frame-interval-ps", "0.02",
                              "--species", "Na", "--charges", "Na=1", "--temperature", "2500", "--matrix", "P",
                              "--threads", "2", "--json"], check=True, capture_output=True, text=True).stdout
    cli = json.loads(printed)
    result = analyze_dynamics(str(dynamics_cli[2]), threads=2, frame_interval_ps=0.02, species=["Na"],
                              charges_e={"Na": 1}, temperature_K=2500, matrix_species=["P"])
    python = result.json.to_dict()
    assert python["matrix"]["species"] == ["P"]
    assert python["matrix"] == cli["matrix"]
    assert python["species"]["P"]["regime"] == cli["species"]["P"]["regime"]
    assert python["species"]["Na"]["regime"] == cli["species"]["Na"]["regime"]
    # The 2 ps ACE run at 2500 K (a 280-atom liquid) is diffusive over its last decade of lags.
    assert cli["species"]["Na"]["regime"]["regime"] == "diffusive"


def test_dynamics_bad_input_raises_input_error(dynamics_cli):
    with pytest.raises(ionglass.InputError):
        analyze_dynamics(str(dynamics_cli[2]), frame_interval_ps=-1)
    with pytest.raises(ionglass.InputError):
        analyze_dynamics(str(dynamics_cli[2]), frame_interval_ps=0.02, species=["Xx"])
