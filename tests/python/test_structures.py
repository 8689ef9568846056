"""Structures from Python: construction, NumPy views, reading and writing every format."""
import numpy as np
import pytest

import ionglass


def small_structure():
    positions = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 0.5, 0.25]])
    return ionglass.Structure(["Na", "O", "Na"], positions, cell=np.diag([5.0, 6.0, 7.0]))


def test_positions_are_a_view_without_copy():
    structure = small_structure()
    view = structure.positions
    view[1, 2] = 3.5
    assert structure.positions[1, 2] == 3.5
    assert view.base is not None
    assert structure.symbols == ["Na", "O", "Na"]
    assert structure.volume == pytest.approx(210.0)


def test_structure_construction_checks_its_input():
    with pytest.raises(ionglass.InputError, match="positions"):
        ionglass.Structure(["Na"], np.zeros((2, 3)), cell=np.eye(3) * 5)
    with pytest.raises(ionglass.InputError, match="not finite"):
        ionglass.Structure(["Na"], [[np.nan, 0, 0]], cell=np.eye(3) * 5)
    with pytest.raises(ionglass.InputError, match="Xx"):
        ionglass.Structure(["Xx"], [[0, 0, 0]], cell=np.eye(3) * 5)
    with pytest.raises(ionglass.InputError, match="cell"):
        ionglass.Structure(["Na"], [[0, 0, 0]], cell=None)


def test_types_masses_charges_velocities_and_views():
    structure = ionglass.Structure(["O", "Na", "O"], np.zeros((3, 3)) + [[0, 0, 0], [1, 0, 0], [0, 1, 0]],
                                   cell=np.eye(3) * 9, charges=[-1.2, 0.6, -1.2],
                                   velocities=[[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert structure.type_numbers == [11, 8]  # one type per element, by symbol
    assert list(structure.types) == [2, 1, 2]
    assert structure.masses[1] == pytest.approx(22.98976928, rel=1e-6)
    structure.charges[0] = -1.0
    assert structure.charges[0] == -1.0
    structure.velocities[2] *= 2
    assert list(structure.velocities[2]) == [14, 16, 18]
    assert structure.forces is None
    structure.forces = np.ones((3, 3))
    forces = structure.forces
    forces[0, 0] = 5
    assert structure.get_property("forces")[0, 0] == 5
    structure.positions = np.full((3, 3), 0.5)  # overwrites in place: old views see the new values
    assert np.all(forces[:, 0] == [5, 1, 1])
    del structure
    assert forces[0, 0] == 5  # the view keeps the structure alive


def test_every_writable_format_round_trips(source_dir, tmp_path):
    frames = list(ionglass.iread(source_dir / "data/NaFePO4/dft/dft_dev.extxyz", index="0:3"))
    for name, path_name, count in [("extxyz", "frames.extxyz", 3), ("lammps-dump", "frames.dump", 3),
                                   ("xdatcar", "XDATCAR", 1), ("lammps-data", "frame.data", 1),
                                   ("poscar", "POSCAR", 1)]:
        path = tmp_path / path_name
        written = frames[:count]
        ionglass.write(path, written if count > 1 else written[0])
        types = ",".join(sorted(set(frames[0].symbols))) if name in ("lammps-dump", "lammps-data") else None
        back = list(ionglass.iread(path, types=types))
        assert len(back) == count, name
        for original, copy in zip(written, back):
            assert sorted(copy.symbols) == sorted(original.symbols), name
            order_original = np.lexsort(original.positions.T)
            order_copy = np.lexsort(copy.positions.T)
            assert np.allclose(copy.positions[order_copy], original.positions[order_original], atol=1e-9), name
            assert np.allclose(copy.cell, original.cell), name


def test_frame_selection(source_dir):
    path = source_dir / "data/NaFePO4/dft/dft_dev.extxyz"
    everything = list(ionglass.iread(path))
    assert len(everything) == 300
    picked = ionglass.read(path, index="10:20:3")
    assert len(picked) == 4
    assert np.array_equal(picked[1].positions, everything[13].positions)
    assert np.array_equal(ionglass.read(path, index=-1).positions, everything[-1].positions)
    assert np.array_equal(ionglass.read(path, index=slice(5, 6))[0].positions, everything[5].positions)
    assert everything[0].info["dft_energy"] == pytest.approx(-389.46055578)
    with pytest.raises(ionglass.InputError):
        ionglass.read(path, index=400)
    with pytest.raises(ionglass.InputError):
        ionglass.read(path, index="-5:")


def test_bad_file_raises_input_error_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.extxyz"
    bad.write_text('2\nLattice="5 0 0 0 5 0 0 0 5" Properties=species:S:1:pos:R:3\nNa 0 0 0\nO 1.0 abc 0\n')
    with pytest.raises(ionglass.InputError) as error:
        ionglass.read(bad)
    assert error.value.file == str(bad)
    assert error.value.line == 4
    assert str(bad) in str(error.value) and error.value.problem
    with pytest.raises(ionglass.InputError) as unknown:
        ionglass.read(tmp_path / "structure.unknown_extension")
    assert "format" in str(unknown.value)
    with pytest.raises(ionglass.InputError):
        ionglass.write(tmp_path / "out.gz", small_structure())


def test_ase_round_trip_of_a_lammps_glass_loses_nothing(source_dir):
    original = ionglass.read(source_dir / "data/NaFePO4/glass/Teter/300K_1.dat")
    original.velocities = np.random.default_rng(1).normal(size=(len(original), 3))
    original.timestep = 1234
    atoms = ionglass.to_ase(original)
    back = ionglass.from_ase(atoms)
    assert np.array_equal(back.positions, original.positions)
    assert np.array_equal(back.cell, original.cell)
    assert back.pbc == original.pbc
    assert np.array_equal(back.origin, original.origin)
    assert np.array_equal(back.types, original.types)
    assert np.array_equal(back.ids, original.ids)
    assert back.type_numbers == original.type_numbers and back.type_masses == original.type_masses
    assert back.type_labels == original.type_labels
    assert (original.charges is None) == (back.charges is None)
    if original.charges is not None:
        assert np.array_equal(back.charges, original.charges)
    assert np.allclose(back.velocities, original.velocities, rtol=1e-14, atol=0)
    assert (back.images is None) == (original.images is None)
    if original.images is not None:
        assert np.array_equal(back.images, original.images)
    assert back.timestep == 1234
    assert back.info.keys() == original.info.keys()


def test_a_type_table_with_unused_types_survives_ase(tmp_path):
    """A LAMMPS data file declaring 5 types of which its atoms use 1, 2 and 4 (a table shared by
    several glasses): through ase.Atoms every atom keeps its type number and the table keeps its 5
    types and their labels; the unused types 3 and 5 (Fe and Li by their masses in the file) carry
    no atoms, so ase.Atoms has no element or mass for them: they come back as placeholders."""
    path = tmp_path / "gaps.data"
    path.write_text("gaps\n\n3 atoms\n5 atom types\n\n0 10 xlo xhi\n0 10 ylo yhi\n0 10 zlo zhi\n\n"
                    "Masses\n\n1 22.98977\n2 15.9994\n3 55.845\n4 30.973762\n5 6.94\n\n"
                    "Atoms # atomic\n\n1 1 1.0 1.0 1.0\n2 2 3.0 1.0 1.0\n3 4 5.0 1.0 1.0\n")
    original = ionglass.read(path)
    assert list(original.types) == [1, 2, 4]
    back = ionglass.from_ase(ionglass.to_ase(original))
    assert list(back.types) == [1, 2, 4]
    assert back.symbols == original.symbols == ["Na", "O", "P"]
    assert back.type_numbers[:2] == [11, 8] and back.type_numbers[3] == 15 and len(back.type_numbers) == 5
    assert back.type_labels == original.type_labels == ["Na", "O", "Fe", "P", "Li"]
    assert np.array_equal(back.masses, original.masses)
    with pytest.raises(ionglass.InputError, match="type_count"):
        ionglass.Structure(["Na", "O"], np.zeros((2, 3)), cell=np.eye(3) * 5, types=[1, 3], type_count=2)
    with pytest.raises(ionglass.InputError, match="differ in element or mass"):
        ionglass.Structure(["Na", "O"], np.zeros((2, 3)), cell=np.eye(3) * 5, types=[1, 1])


def test_velocity_units_agree_with_ase_kinetic_energy():
    velocities = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])  # Å/ps
    structure = ionglass.Structure(["Na", "O"], [[0, 0, 0], [2, 0, 0]], cell=np.eye(3) * 8, velocities=velocities)
    atoms = ionglass.to_ase(structure)
    # ½ m v² with m in amu and v in Å/ps, in eV (1 amu·Å²/ps² = 1.0364269e-4 eV).
    expected = 0.5 * np.sum(structure.masses[:, None] * velocities**2) * 1.0364269e-4
    assert atoms.get_kinetic_energy() == pytest.approx(expected, rel=1e-6)


def test_ase_arrays_info_and_calculator_results_survive_the_round_trip():
    from ase import Atoms
    from ase.calculators.singlepoint import SinglePointCalculator
    from ase.constraints import FixAtoms

    atoms = Atoms(["Na", "O", "P", "O", "O"], positions=np.arange(15.0).reshape(5, 3) * 0.7, cell=[[8, 0, 0], [1, 9, 0], [0.5, 0.2, 10]],
                  pbc=[True, True, False])
    atoms.set_initial_charges([0.6, -1.2, 3.0, -1.2, 0.0])
    atoms.set_velocities(np.linspace(-0.02, 0.03, 15).reshape(5, 3))
    atoms.new_array("labels", np.array(["a", "b", "c", "d", "e"]))
    atoms.new_array("weights", np.linspace(0, 1, 5))
    atoms.info.update({"temperature_K": 300.0, "name": "test", "nested": {"a": [1, "x"]}, "step": 7,
                       "flags": ["x", "y"]})
    atoms.set_constraint(FixAtoms(indices=[1, 3]))
    forces = np.linspace(-1, 1, 15).reshape(5, 3)
    atoms.calc = SinglePointCalculator(atoms, energy=-12.5, forces=forces)

    structure = ionglass.from_ase(atoms)
    assert structure.pbc == (True, True, False)
    assert np.array_equal(structure.forces, forces)
    assert np.array_equal(structure.get_property("weights"), atoms.arrays["weights"])
    assert structure.info["temperature_K"] == 300.0 and structure.info["energy"] == -12.5
    back = ionglass.to_ase(structure)

    assert np.array_equal(back.numbers, atoms.numbers)
    assert np.array_equal(back.positions, atoms.positions)
    assert np.array_equal(back.cell.array, atoms.cell.array)
    assert np.array_equal(back.pbc, atoms.pbc)
    assert np.array_equal(back.get_masses(), atoms.get_masses())
    assert np.array_equal(back.get_initial_charges(), atoms.get_initial_charges())
    assert np.allclose(back.get_velocities(), atoms.get_velocities(), rtol=1e-14, atol=0)
    assert np.array_equal(back.arrays["labels"], atoms.arrays["labels"])
    assert np.array_equal(back.arrays["weights"], atoms.arrays["weights"])
    for key, value in atoms.info.items():
        assert back.info[key] == value, key
    assert [c.todict() for c in back.constraints] == [c.todict() for c in atoms.constraints]
    assert np.array_equal(back.get_forces(apply_constraint=False), forces)  # FixAtoms zeroes the fixed atoms otherwise
    assert back.get_potential_energy() == -12.5
