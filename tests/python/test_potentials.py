"""ionglass.load_potential from Python: results equal the CLI's, forces are the energy's gradient,
γ with an active set, threads as a parameter, bad input, no leaks."""
import gc
import subprocess
import tracemalloc

import numpy as np
import pytest

import ionglass
from helpers import ACE, ACE_B_BASIS, BMP, TETER, assert_relative, cli_evaluation, first_dft_frame, virial_from_json


@pytest.mark.parametrize("case", ["teter", "bmp", "ace"])
def test_evaluation_equals_cli(case, source_dir, cli, tmp_path):
    if case == "ace":
        potential, structure = source_dir / ACE, first_dft_frame(source_dir, tmp_path)
    else:
        potential, structure = [source_dir / p for p in (TETER if case == "teter" else BMP)]
    summary, frame = cli_evaluation(cli, potential, structure, tmp_path)
    evaluation = ionglass.load_potential(potential, threads=2).compute(ionglass.read(structure))
    assert_relative(evaluation.energy, summary["energy_eV"])
    for name, value in summary["energy_components_eV"].items():
        assert_relative(evaluation.components[name], value)
    assert_relative(evaluation.virial, virial_from_json(summary["virial_eV"]))
    assert_relative(evaluation.pressure, summary["pressure_bar"])
    pressure_tensor = virial_from_json(summary["pressure_tensor_bar"])
    assert_relative(evaluation.pressure_tensor, pressure_tensor)
    # ASE sign and units: σ = −P (virial part), in eV/Å³.
    assert_relative(evaluation.stress, -pressure_tensor / 1.6021765e6)
    assert_relative(evaluation.forces, frame.forces)
    assert_relative(np.max(np.linalg.norm(evaluation.forces, axis=1)), summary["max_force_eV_A"])
    assert_relative(evaluation.energies, frame.get_property("energies"))
    assert evaluation.energies.sum() == pytest.approx(evaluation.energy, rel=1e-9)


def test_ace_forces_are_the_negative_energy_gradient(source_dir, tmp_path):
    potential = ionglass.load_potential(source_dir / ACE, threads=1)
    structure = ionglass.read(first_dft_frame(source_dir, tmp_path))
    forces = potential.compute(structure).forces
    step = 1e-5
    for atom, axis in [(0, 0), (17, 1), (63, 2)]:
        energies = []
        for sign in (1, -1):
            shifted = structure.copy()
            shifted.positions[atom, axis] += sign * step
            energies.append(potential.compute(shifted, forces=False, energies=False).energy)
        assert forces[atom, axis] == pytest.approx(-(energies[0] - energies[1]) / (2 * step), abs=2e-6)


def test_thread_count_is_a_parameter(source_dir, tmp_path):
    structure = ionglass.read(first_dft_frame(source_dir, tmp_path))
    one = ionglass.load_potential(source_dir / ACE, threads=1)
    two = ionglass.load_potential(source_dir / ACE, threads=2)
    assert one.threads == 1 and two.threads == 2
    assert_relative(one.compute(structure).forces, two.compute(structure).forces, 1e-12)
    one.threads = 2
    assert one.threads == 2
    with pytest.raises(ionglass.InputError):
        one.threads = -1


def test_gamma_with_an_active_set_equals_cli(source_dir, cli, tmp_path):
    training = tmp_path / "training.extxyz"
    ionglass.write(training, ionglass.iread(source_dir / "data/NaFePO4/dft/dft_dev.extxyz", index="0:40"))  # ≥ 248 environments of every element
    active_set = tmp_path / "set.asi"
    subprocess.run([str(cli), "ace", "activeset", str(source_dir / ACE_B_BASIS), str(training), "--out",
                    str(active_set), "--threads", "2"], check=True, capture_output=True)
    candidate = first_dft_frame(source_dir, tmp_path, index=40)
    graded = tmp_path / "graded.extxyz"
    subprocess.run([str(cli), "ace", "gamma", "--potential", str(source_dir / ACE_B_BASIS), "--activeset",
                    str(active_set), str(candidate), "--out", str(graded)], check=True, capture_output=True)
    potential = ionglass.load_potential(source_dir / ACE, threads=2, active_set=active_set,
                                        basis=source_dir / ACE_B_BASIS)
    assert potential.has_active_set
    gamma = potential.compute(ionglass.read(candidate)).gamma
    assert_relative(gamma, ionglass.read(graded).get_property("gamma"))
    assert ionglass.load_potential(source_dir / ACE).compute(ionglass.read(candidate)).gamma is None
    with pytest.raises(ionglass.InputError, match="basis"):
        ionglass.load_potential(source_dir / ACE, active_set=active_set)


def test_bad_potential_file_raises_input_error_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: broken\nunits: metal\nshort_range:\n  cutoff: [\n")
    with pytest.raises(ionglass.InputError) as error:
        ionglass.load_potential(bad)
    assert error.value.file == str(bad)
    assert error.value.line > 0
    assert isinstance(error.value, ValueError) and isinstance(error.value, ionglass.IonglassError)
    with pytest.raises(ionglass.InputError) as missing:
        ionglass.load_potential(tmp_path / "missing.yace")
    assert missing.value.file == str(tmp_path / "missing.yace")


def test_structure_that_does_not_fit_the_potential_raises_input_error(source_dir):
    potential = ionglass.load_potential(source_dir / ACE, threads=1)
    with pytest.raises(ionglass.InputError, match="Cu"):
        potential.compute(ionglass.Structure(["Cu", "O"], [[0, 0, 0], [1.8, 0, 0]], cell=None, pbc=[False] * 3))


def test_no_reference_leaks_in_ten_thousand_calls(source_dir):
    potential = ionglass.load_potential(source_dir / ACE, threads=1)
    cluster = ionglass.Structure(["Na", "O", "P", "O"], [[0, 0, 0], [2.2, 0, 0], [3.7, 0.3, 0], [3.7, 1.8, 0.2]],
                                 cell=None, pbc=[False] * 3)

    def loop(calls):
        for _ in range(calls):
            evaluation = potential.compute(cluster)
            _ = (evaluation.forces, evaluation.energies, evaluation.stress, evaluation.components, cluster.positions,
                 cluster.info, cluster.symbols)

    loop(100)  # warm caches (neighbour lists, interned strings)
    gc.collect()
    resident_before = resident_bytes()
    objects_before = len(gc.get_objects())
    references_before = (sys_refcount(potential), sys_refcount(cluster))
    tracemalloc.start()
    snapshot_before = tracemalloc.take_snapshot()
    loop(10_000)
    gc.collect()
    growth = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(snapshot_before, "filename"))
    tracemalloc.stop()
    assert len(gc.get_objects()) - objects_before < 50
    assert (sys_refcount(potential), sys_refcount(cluster)) == references_before
    assert growth < 64 * 1024  # bytes of Python memory still held after 10⁴ calls
    # C++ memory (results handed to NumPy without copies): a leak of one result per call would be
    # 10⁴ × (4 forces + 4 energies) × 8 B ≥ 1.3 MB.
    assert resident_bytes() - resident_before < 1024 * 1024


def resident_bytes():
    import os
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def sys_refcount(value):
    import sys
    return sys.getrefcount(value)
