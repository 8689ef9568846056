"""ionglass.run: an MD protocol given as a dict runs, reports progress to a callback at a bounded
rate, checkpoints and resumes exactly as the C++ run does; bad input raises InputError naming the
protocol and its line."""
import copy
import csv
import importlib.util
from pathlib import Path

import pytest

import ionglass

REPOSITORY = Path(__file__).resolve().parents[2]


def _example_protocol():
    """The protocol of examples/python/diffusion.py: the test derives from it instead of copying it."""
    spec = importlib.util.spec_from_file_location("diffusion_example", REPOSITORY / "examples/python/diffusion.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PROTOCOL


def small_protocol(steps=60, checkpoint_every=20):
    """The example's 161-atom Teter melt, shortened to one NVT stage of `steps` 1 fs steps at 1000 K."""
    protocol = copy.deepcopy(_example_protocol())
    protocol["description"] = "pytest: 161-atom NaFePO4, Teter, NVT"
    protocol["structure"]["random"]["seed"] = 3
    protocol["seed"] = 7
    protocol["initial_temperature_K"] = 1000
    relax = protocol["stages"][0]
    protocol["stages"] = [relax, {"name": "hot", "ensemble": "nvt", "thermostat": "bussi", "temperature_K": 1000,
                                  "duration_ps": steps * 0.001, "timestep_ps": 0.001, "damping_ps": 0.05}]
    protocol["outputs"] = {"thermo_every": 10, "trajectory_every": 20, "checkpoint_every": checkpoint_every}
    return protocol


def thermo_rows(folder):
    with open(folder / "thermo.csv") as f:
        return list(csv.DictReader(f))


def test_dict_protocol_runs_with_progress_and_checkpoints(tmp_path):
    calls = []
    summary = ionglass.run(small_protocol(), threads=2, output_directory=tmp_path, progress=calls.append,
                           progress_interval_s=0.0, base_directory=REPOSITORY)
    assert (tmp_path / "checkpoint.bin").is_file()
    assert (tmp_path / "thermo.csv").is_file() and (tmp_path / "summary.json").is_file()
    assert summary.to_dict()["resumed"] is False if "resumed" in summary else True
    thermo = [c for c in calls if "step" in c]
    assert thermo, calls
    last = thermo[-1]
    assert last["temperature_K"] > 0 and last["potential_energy_eV"] < 0
    rows = thermo_rows(tmp_path)
    assert int(rows[-1]["step"]) == last["step"]
    assert float(rows[-1]["potential_energy_eV"]) == pytest.approx(last["potential_energy_eV"], abs=1e-6)


def test_progress_rate_is_bounded(tmp_path):
    calls = []
    ionglass.run(small_protocol(), threads=1, output_directory=tmp_path, progress=calls.append,
                 progress_interval_s=3600, base_directory=REPOSITORY)
    # the first line and the last one (held back, then delivered at the end)
    assert len(calls) == 2


def test_resume_continues_exactly(tmp_path):
    """A run stopped by the callback after its first checkpoint and resumed ends bit-identical to
    an uninterrupted run (same thread count)."""
    full = tmp_path / "full"
    ionglass.run(small_protocol(), threads=1, output_directory=full, base_directory=REPOSITORY)

    class Stop(Exception):
        pass

    def stop_after_checkpoint(record):
        if (record.get("step") or 0) >= 30:  # after the checkpoint at step 20
            raise Stop()

    parted = tmp_path / "parted"
    with pytest.raises(Stop):
        ionglass.run(small_protocol(), threads=1, output_directory=parted, progress=stop_after_checkpoint,
                     progress_interval_s=0.0, base_directory=REPOSITORY)
    summary = ionglass.run(small_protocol(), threads=1, output_directory=parted, resume=True,
                           base_directory=REPOSITORY)
    assert summary.resumed is True
    assert thermo_rows(parted)[-1] == thermo_rows(full)[-1]


def test_protocol_file_path(tmp_path):
    protocol = tmp_path / "p.yaml"
    import json
    text = json.dumps(small_protocol(steps=10)).replace("potentials/", str(REPOSITORY / "potentials") + "/")
    protocol.write_text(text)
    summary = ionglass.run(protocol, threads=1, output_directory=tmp_path / "out")
    assert summary.to_dict()


def test_bad_protocol_raises_input_error_with_file_and_line(tmp_path):
    protocol = small_protocol()
    protocol["stages"][1]["temperature_K"] = -5
    with pytest.raises(ionglass.InputError) as error:
        ionglass.run(protocol, output_directory=tmp_path, base_directory=REPOSITORY)
    assert "protocol (dict).yaml" in str(error.value)
    assert error.value.line > 0 if hasattr(error.value, "line") else ":" in str(error.value)
    protocol = small_protocol()
    protocol["stages"][1]["unknown_key"] = 1
    with pytest.raises(ionglass.InputError):
        ionglass.run(protocol, output_directory=tmp_path, base_directory=REPOSITORY)
    with pytest.raises(ionglass.InputError):
        ionglass.run(tmp_path / "missing.yaml", output_directory=tmp_path)
