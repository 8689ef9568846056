"""ionglass.fit: an ACE fit from a pacemaker input gives the potential and the errors of
`ionglass fit` on the same input and thread count, reports every iteration to a callback under
fit_log.csv's column names, resumes after the callback stopped it to the uninterrupted potential
bit for bit, and raises InputError naming the file for bad input.

The input is the C++ tests' tiny fit (tests/ace/fit_driver_support.hpp): four elements, 7 then 14
functions per element (two ladder steps of `maxiter` iterations each), three dft_dev structures
(tests/data/ace_fit/dft_dev_first3.extxyz), one held out for the test errors. The resume test runs
52 iterations per step so that it crosses the driver's checkpoint every 50 iterations."""
import csv
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

import ionglass

MAXITER = 8  # per ladder step: step 1 is iterations 1–8, step 2 iterations 9–16
THREADS = 2
CHECKPOINT_INTERVAL = 50  # iterations between the driver's checkpoints (FitRunSettings, not an input key)

LOG_COLUMNS = ["ladder_step", "function_count", "iteration", "step_iteration", "loss",
               "energy_rmse_train_meV_per_atom", "force_rmse_train_meV_per_A", "energy_rmse_test_meV_per_atom",
               "force_rmse_test_meV_per_A", "test_loss", "wall_time_s"]
INTEGER_COLUMNS = {"ladder_step", "function_count", "iteration", "step_iteration"}


def write_tiny_input(path: Path, data_file: Path, maxiter: int = MAXITER, extra_fit: str = "") -> Path:
    """The tiny input of tests/ace/fit_driver_support.hpp (write_tiny_fit_input) at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "cutoff: 5.0\n"
        "seed: 42\n"
        "data:\n"
        f"  filename: {data_file}\n"
        "  test_size: 1\n"
        "  reference_energy: {Fe: -0.208448785369, Na: -0.0749040330661, O: -0.0911142437163, P: -0.0973190129812}\n"
        "potential:\n"
        "  deltaSplineBins: 0.001\n"
        "  elements: [Na, Fe, P, O]\n"
        "  embeddings:\n"
        "    ALL: {npot: FinnisSinclairShiftedScaled, fs_parameters: [1, 1, 1, 0.5], ndensity: 2}\n"
        "  bonds:\n"
        "    ALL: {radbase: SBessel, radparameters: [5.25], rcut: 5.0, dcut: 0.01, NameOfCutoffFunction: cos}\n"
        "  functions:\n"
        "    number_of_functions_per_element: 14\n"
        "    ALL: {nradmax_by_orders: [3, 1], lmax_by_orders: [0, 1]}\n"
        "fit:\n"
        "  loss: {kappa: 0.3, L1_coeffs: 1.0e-8, L2_coeffs: 1.0e-8}\n"
        "  optimizer: BFGS\n"
        f"  maxiter: {maxiter}\n"
        "  ladder_step: 7\n"
        "  ladder_type: power_order\n"
        "  repulsion: auto\n"
        + extra_fit)
    return path


def read_log_csv(path: Path):
    """(header, {column: values}) of a fit_log.csv, numbers parsed (NaN for empty cells)."""
    with open(path) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = {name: np.array([float(row[i]) if row[i] else np.nan for row in body]) for i, name in enumerate(header)}
    return header, columns


@pytest.fixture(scope="module")
def tiny_input(test_data, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fit_input")
    return write_tiny_input(folder / "input.yaml", test_data / "ace_fit" / "dft_dev_first3.extxyz")


@pytest.fixture(scope="module")
def reference(tiny_input, tmp_path_factory):
    """(result, progress rows, output folder) of an uninterrupted Python fit, every row reported."""
    out = tmp_path_factory.mktemp("fit_reference") / "out"
    rows = []
    result = ionglass.fit(tiny_input, output_directory=out, threads=THREADS, progress=rows.append,
                          progress_interval_s=0.0)
    return result, rows, out


def test_python_fit_equals_the_cli(reference, tiny_input, cli, tmp_path):
    result, _, out = reference
    assert result.completed is True and result.resumed is False
    assert Path(result.output_directory) == out
    for key in ("potential_yaml", "potential_yace", "report_html", "fit_json", "fit_log_csv"):
        assert Path(result[key]).is_file(), key
    assert Path(result.potential_yaml) == out / "potential.yaml"
    # What Python returns is fit.json as the library wrote it, plus paths, messages and the log.
    fit_json = json.loads((out / "fit.json").read_text())
    assert {k: result.to_dict()[k] for k in fit_json} == fit_json
    assert result.iterations == 2 * MAXITER and len(result.step_stop_reasons) == 2
    assert result.test is not None

    cli_out = tmp_path / "cli"
    completed = subprocess.run([str(cli), "--quiet", "fit", str(tiny_input), "--out", str(cli_out), "--threads",
                                str(THREADS), "--json"], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    cli_json = json.loads(completed.stdout)
    assert cli_json == json.loads((cli_out / "fit.json").read_text())
    # Same input file and thread count: the same potential (every number's shortest round-trip text).
    assert (out / "potential.yaml").read_text() == (cli_out / "potential.yaml").read_text()
    assert (out / "potential.yace").read_text() == (cli_out / "potential.yace").read_text()
    for key in ("train", "test", "iterations", "function_count", "final_loss", "step_stop_reasons", "input",
                "ladder_steps", "optimizer"):
        assert result.to_dict()[key] == cli_json[key], key
    assert set(result.train) == {"energy_rmse_meV_per_atom", "force_rmse_meV_per_A"}

    # The log arrays are fit_log.csv's columns: exactly the Python fit's file, and the CLI's
    # numbers except the wall time.
    header, own = read_log_csv(out / "fit_log.csv")
    assert header == LOG_COLUMNS == list(result.log)
    _, cli_log = read_log_csv(cli_out / "fit_log.csv")
    for column in LOG_COLUMNS:
        values = result.log[column]
        assert values.dtype == (np.int64 if column in INTEGER_COLUMNS else np.float64), column
        assert np.array_equal(values, own[column], equal_nan=True), column
        if column != "wall_time_s":
            assert np.array_equal(values, cli_log[column], equal_nan=True), column
    assert result.log.iteration[-1] == result.iterations


def test_progress_reports_every_iteration_under_the_log_column_names(reference):
    result, rows, _ = reference
    assert rows and all(list(row) == LOG_COLUMNS for row in rows)
    # every row of the log (row 0 of each ladder step is its starting point, step_iteration 0)
    assert [row["iteration"] for row in rows] == list(result.log.iteration)
    assert [row["loss"] for row in rows] == list(result.log.loss)
    advancing = [row["iteration"] for row in rows if row["step_iteration"] > 0]
    assert advancing == list(range(1, 2 * MAXITER + 1))
    assert [row["ladder_step"] for row in rows] == [1] * (MAXITER + 1) + [2] * (MAXITER + 1)
    last = rows[-1]
    assert last["iteration"] == result.iterations
    assert isinstance(last["energy_rmse_test_meV_per_atom"], float) and last["force_rmse_train_meV_per_A"] > 0
    assert all(b["wall_time_s"] >= a["wall_time_s"] for a, b in zip(rows, rows[1:]))


def test_resume_after_the_callback_raised_gives_the_uninterrupted_potential(test_data, tmp_path):
    """Stopped by the callback twice, once after the checkpoint inside ladder step 1 (iteration
    CHECKPOINT_INTERVAL) and once in step 2 after the checkpoint at the end of step 1, then resumed:
    the potential, errors and losses of an uninterrupted fit, bit for bit."""
    maxiter = CHECKPOINT_INTERVAL + 2
    stops = (CHECKPOINT_INTERVAL + 1, maxiter + 2)
    data = test_data / "ace_fit" / "dft_dev_first3.extxyz"
    resume_input = write_tiny_input(tmp_path / "resume.yaml", data, maxiter=maxiter)
    whole = ionglass.fit(resume_input, output_directory=tmp_path / "whole", threads=THREADS)
    assert whole.iterations == 2 * maxiter

    class Stop(Exception):
        pass

    def stop_at(iteration):
        def callback(row):
            if row["iteration"] >= iteration:
                raise Stop(iteration)
        return callback

    parted = tmp_path / "parted"
    with pytest.raises(Stop):
        ionglass.fit(resume_input, output_directory=parted, threads=THREADS, progress=stop_at(stops[0]),
                     progress_interval_s=0.0)
    assert (parted / "fit_checkpoint.json").is_file()
    assert not (parted / "potential.yaml").exists() and not (parted / "fit.json").exists()
    with pytest.raises(Stop):
        ionglass.fit(resume_input, output_directory=parted, threads=THREADS, resume=True, progress=stop_at(stops[1]),
                     progress_interval_s=0.0)
    assert (parted / "interim_potential_ladder_step_1.yaml").is_file() and not (parted / "fit.json").exists()

    # Throttled to one call per hour: the first row and the last one (held back, delivered at the end).
    rows = []
    resumed = ionglass.fit(resume_input, output_directory=parted, threads=THREADS, resume=True, progress=rows.append,
                           progress_interval_s=3600)
    assert resumed.completed is True and resumed.resumed is True
    assert [row["iteration"] for row in rows] == [maxiter, 2 * maxiter]
    assert any("resuming" in message for message in resumed.messages)
    assert (parted / "potential.yaml").read_text() == (tmp_path / "whole" / "potential.yaml").read_text()
    assert resumed.to_dict()["train"] == whole.to_dict()["train"]
    assert resumed.to_dict()["test"] == whole.to_dict()["test"]
    assert np.array_equal(resumed.log.iteration, whole.log.iteration)
    assert np.array_equal(resumed.log.loss, whole.log.loss)
    assert np.array_equal(resumed.log.force_rmse_test_meV_per_A, whole.log.force_rmse_test_meV_per_A)


def test_default_output_folder_is_fit_input_stem(test_data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_tiny_input(tmp_path / "tiny.yaml", test_data / "ace_fit" / "dft_dev_first3.extxyz", maxiter=0)
    result = ionglass.fit("tiny.yaml", threads=THREADS)
    assert result.output_directory == "fit_tiny" and result.iterations == 0
    assert (tmp_path / "fit_tiny" / "potential.yaml").is_file() and (tmp_path / "fit_tiny" / "report.html").is_file()


def test_bad_input_raises_input_error_naming_the_file(test_data, tmp_path):
    missing = tmp_path / "missing.yaml"
    with pytest.raises(ionglass.InputError) as error:
        ionglass.fit(missing, output_directory=tmp_path / "out_missing")
    assert "missing.yaml" in str(error.value)

    misspelt = write_tiny_input(tmp_path / "misspelt" / "input.yaml", test_data / "ace_fit" / "dft_dev_first3.extxyz",
                                extra_fit="  maxiterr: 5\n")
    with pytest.raises(ionglass.InputError) as error:
        ionglass.fit(misspelt, output_directory=tmp_path / "out_misspelt")
    assert error.value.file == str(misspelt) and error.value.line > 0
    assert "maxiterr" in str(error.value) and str(misspelt) in str(error.value)
    assert not (tmp_path / "out_misspelt" / "potential.yaml").exists()

    with pytest.raises(ionglass.InputError):
        ionglass.fit(misspelt, output_directory=tmp_path / "out_interval", progress=print, progress_interval_s=-1)
    with pytest.raises(TypeError):
        ionglass.fit(misspelt, output_directory=tmp_path / "out_callable", progress=42)
