"""ionglass.ase.Calculator: a real ASE calculator (values equal the CLI's, ASE stress convention,
optimisers, cell filters and MD integrators)."""
import csv

import numpy as np
import pytest
from ase import units
from ase.constraints import ExpCellFilter, UnitCellFilter
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary
from ase.md.verlet import VelocityVerlet
from ase.optimize import BFGS, FIRE

import ionglass
from ionglass.ase import Calculator
from helpers import ACE, BMP, TETER, assert_relative, cli_evaluation, first_dft_frame, virial_from_json


@pytest.mark.parametrize("case", ["teter", "bmp", "ace"])
def test_calculator_equals_cli(case, source_dir, cli, tmp_path):
    if case == "ace":
        potential, structure = source_dir / ACE, first_dft_frame(source_dir, tmp_path)
    else:
        potential, structure = [source_dir / p for p in (TETER if case == "teter" else BMP)]
    summary, frame = cli_evaluation(cli, potential, structure, tmp_path)
    atoms = ionglass.to_ase(ionglass.read(structure))
    atoms.calc = Calculator(potential=str(potential), threads=2)
    assert_relative(atoms.get_potential_energy(), summary["energy_eV"])
    assert_relative(atoms.get_potential_energy(force_consistent=True), summary["energy_eV"])
    assert_relative(atoms.get_forces(), frame.forces)
    assert_relative(atoms.get_potential_energies(), frame.get_property("energies"))
    # ASE: stress = −(virial)/V in eV/Å³, Voigt order xx yy zz yz xz xy.
    w = virial_from_json(summary["virial_eV"]) / atoms.get_volume()
    assert_relative(atoms.get_stress(), -np.array([w[0, 0], w[1, 1], w[2, 2], w[1, 2], w[0, 2], w[0, 1]]))
    assert_relative(atoms.get_stress(voigt=False), -w)


def test_stress_is_the_strain_derivative_of_the_energy(source_dir, tmp_path):
    atoms = ionglass.to_ase(ionglass.read(first_dft_frame(source_dir, tmp_path)))
    atoms.calc = Calculator(potential=source_dir / ACE, threads=2)
    analytic = atoms.get_stress()
    numerical = atoms.calc.calculate_numerical_stress(atoms, d=1e-5)
    assert np.max(np.abs(analytic - numerical)) < 1e-6 * max(1.0, np.max(np.abs(analytic)) / units.GPa)


def test_bfgs_relaxation_with_teter_lowers_the_energy_below_fmax(source_dir, tmp_path):
    # A 110-atom DFT cell of the glass relaxed with the short-cutoff Teter file for small cells.
    atoms = ionglass.to_ase(ionglass.read(first_dft_frame(source_dir, tmp_path)))
    # The 13.8 Å cell needs cutoffs below half its width: the small-cell file with 6.5 Å cutoffs.
    potential = tmp_path / "teter_6.5.yaml"
    potential.write_text((source_dir / "potentials/teter_small_cells.yaml").read_text().replace("cutoff: 7.0", "cutoff: 6.5"))
    atoms.calc = Calculator(potential=potential, threads=2)
    start = atoms.get_potential_energy()
    optimizer = BFGS(atoms, logfile=None)
    converged = optimizer.run(fmax=0.05, steps=400)
    assert converged
    assert atoms.get_potential_energy() < start
    assert np.max(np.linalg.norm(atoms.get_forces(), axis=1)) < 0.05


@pytest.mark.parametrize("cell_filter", [ExpCellFilter, UnitCellFilter])
def test_fire_with_a_cell_filter_relaxes_cell_and_positions(cell_filter, source_dir, tmp_path):
    atoms = ionglass.to_ase(ionglass.read(first_dft_frame(source_dir, tmp_path)))
    atoms.calc = Calculator(potential=source_dir / ACE, threads=2)
    start_energy, start_volume = atoms.get_potential_energy(), atoms.get_volume()
    FIRE(cell_filter(atoms), logfile=None).run(fmax=0.5, steps=40)
    assert atoms.get_potential_energy() < start_energy
    assert atoms.get_volume() != start_volume


def test_velocity_verlet_with_ace_conserves_energy_as_the_cpp_md_does(source_dir, tmp_path):
    """200 ASE VelocityVerlet steps of 0.5 fs with the ionglass calculator, and 200 NVE steps of
    the C++ MD from the same positions and velocities: the total energies follow the same
    trajectory, and both conserve energy equally well."""
    atoms = ionglass.to_ase(ionglass.read(first_dft_frame(source_dir, tmp_path)))
    MaxwellBoltzmannDistribution(atoms, temperature_K=600, rng=np.random.default_rng(7))
    Stationary(atoms)
    start = tmp_path / "start.extxyz"
    ionglass.write(start, ionglass.from_ase(atoms))
    atoms.calc = Calculator(potential=source_dir / ACE, threads=2)
    totals = []
    dynamics = VelocityVerlet(atoms, timestep=0.5 * units.fs, logfile=None)
    dynamics.attach(lambda: totals.append(atoms.get_total_energy()), interval=1)
    dynamics.run(200)
    totals = np.array(totals)
    assert len(totals) == 201 and atoms.get_kinetic_energy() > 0

    protocol = {"description": "pytest: NVE with the C++ MD", "structure": {"file": str(start)},
                "potential": str(source_dir / ACE),
                "stages": [{"name": "nve", "ensemble": "nve", "duration_ps": 0.1, "timestep_ps": 0.0005}],
                "outputs": {"thermo_every": 1, "console": False}}
    ionglass.run(protocol, threads=2, output_directory=tmp_path / "cpp")
    with open(tmp_path / "cpp" / "thermo.csv") as f:
        cpp = np.array([float(row["total_energy_eV"]) for row in csv.DictReader(f)])
    assert len(cpp) == 201

    # The same trajectory: the total energies agree step by step far better than their spread
    # (the two integrators differ only in rounding; 0.1 ps is too short for chaos to separate them;
    # measured: 4e-9 eV/atom against a spread of 3e-4 eV/atom).
    n = len(atoms)
    assert np.max(np.abs(totals - cpp)) / n < 1e-7
    # Conservation, in both: the spread stays below 1 meV/atom (the kinetic energy is ~ 0.07
    # eV/atom) and there is no drift (first and last 20 steps agree to 0.5 meV/atom); and the two
    # spreads are the same to 0.1 %.
    spreads = [(e.max() - e.min()) / n for e in (totals, cpp)]
    for e, spread in zip((totals, cpp), spreads):
        assert spread < 1e-3, spread
        assert abs(e[-20:].mean() - e[:20].mean()) / n < 5e-4
    assert spreads[0] == pytest.approx(spreads[1], rel=1e-3), spreads


def test_gamma_is_an_extra_property_only_with_an_active_set(source_dir):
    calculator = Calculator(potential=source_dir / ACE)
    assert "gamma" not in calculator.implemented_properties
    assert {"energy", "free_energy", "forces", "stress", "energies"} <= set(calculator.implemented_properties)


def test_calculator_reuses_a_loaded_potential_and_rejects_missing_ones(source_dir):
    potential = ionglass.load_potential(source_dir / ACE, threads=1)
    assert Calculator(potential=potential).potential is potential
    with pytest.raises(ionglass.InputError):
        Calculator()
    with pytest.raises(ionglass.InputError):
        Calculator(potential=source_dir / "no_such_potential.yace")
