#!/usr/bin/env python3
"""A short hot MD run with ionglass.run (protocol as a dict, Teter potential, 161 atoms), then the
MSD and the Na diffusion coefficient of its trajectory with ionglass.analyze_dynamics.

Usage: diffusion.py [OUTPUT_FOLDER]   (default: a new temporary folder)
Writes the run (thermo.csv, trajectory.dump, checkpoint.bin, summary.json) and msd.png."""
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import ionglass  # noqa: E402

REPOSITORY = Path(__file__).resolve().parents[2]

PROTOCOL = {
    "description": "NaFePO4 melt, Teter, 161 atoms at 3000 K (example: too short for a converged D)",
    "structure": {"random": {"composition": {"NaFePO4": 1}, "atoms": 161, "density_g_cm3": 2.0,
                             "min_distance_A": {"default": 1.6}, "seed": 1}},
    "potential": "potentials/teter_small_cells.yaml",
    "seed": 11,
    "initial_temperature_K": 3000,
    "stages": [
        {"name": "relax", "ensemble": "minimize", "force_tolerance_eV_per_A": 0.5, "max_steps": 100},
        {"name": "equilibrate", "ensemble": "nvt", "thermostat": "bussi", "temperature_K": 3000,
         "duration_ps": 0.1, "timestep_ps": 0.001, "damping_ps": 0.05},
        {"name": "production", "ensemble": "nvt", "thermostat": "bussi", "temperature_K": 3000,
         "duration_ps": 0.5, "timestep_ps": 0.001, "damping_ps": 0.1},
    ],
    "outputs": {"thermo_every": 100, "trajectory_every": 10, "trajectory_file": "trajectory.dump"},
}


def report_progress(record: dict) -> None:
    if "step" in record:
        print(f"  step {record['step']:6d}  T = {record['temperature_K']:8.1f} K  "
              f"E_pot = {record['potential_energy_eV']:.3f} eV", flush=True)


def main(output: Path) -> None:
    run = output / "run"
    summary = ionglass.run(PROTOCOL, threads=0, output_directory=run, progress=report_progress,
                           progress_interval_s=0.5, base_directory=REPOSITORY)
    print(f"MD: {summary.steps} steps, {summary.to_dict().get('steps_per_second', 0):.0f} steps/s")

    # the trajectory holds both NVT stages: analyse it all (frames 0.01 ps apart)
    result = ionglass.analyze_dynamics(str(run / "trajectory.dump"), timestep_ps=0.001, species=["Na"],
                                       charges_e={"Na": 1}, temperature_K=3000, ballistic_ps=0.1,
                                       max_fit_fraction=0.5, van_hove_times_ps=[0.1, 0.3])
    d, d_error = result.diffusion_coefficient_cm2_s("Na")
    print(f"D(Na) = {d:.3e} ± {d_error:.1e} cm²/s, Haven ratio {result.json.species['Na'].haven_ratio}")

    figure, axes = plt.subplots()
    for species in result.species:
        time, msd = result.msd(species)
        axes.plot(time, msd, label=species)
    axes.set(xlabel="t (ps)", ylabel="MSD (Å$^2$)", title="Mean squared displacement, 3000 K")
    axes.legend()
    figure.savefig(output / "msd.png", dpi=120)
    print(f"outputs in {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ionglass_diffusion_")))
