#!/usr/bin/env python3
"""RDF and S(Q) of the bundled NaFePO4 glasses (ACE, Teter, BMP; 3003 atoms each) with matplotlib.

Usage: structure_plots.py [OUTPUT_FOLDER]   (default: a new temporary folder)
Writes rdf_Na-O.png, sq_neutron.png, sq_xray.png and prints the coordination numbers."""
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import ionglass  # noqa: E402

REPOSITORY = Path(__file__).resolve().parents[2]
GLASSES = REPOSITORY / "data" / "NaFePO4" / "glass"


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    groups = {name: [str(GLASSES / name / "300K_1.dat")] for name in ("ACE", "Teter", "BMP")}
    result = ionglass.analyze_structure(groups=groups, cutoffs={"P-O": 2.0, "Fe-O": 2.7, "Na-O": 3.3},
                                        q_max_per_A=20, threads=0)
    for name in result.groups:
        coordination = result.json.groups[name].coordination
        print(f"{name}: " + ", ".join(f"CN({pair}) = {coordination[pair].mean:.3f}" for pair in coordination))

    figure, axes = plt.subplots()
    for name in result.groups:
        r, g = result.rdf("Na-O", group=name)
        axes.plot(r, g, label=name)
    axes.set(xlabel="r (Å)", ylabel="g$_{Na-O}$(r)", title="Na–O pair distribution, NaFePO4 glass at 300 K")
    axes.legend()
    figure.savefig(output / "rdf_Na-O.png", dpi=120)

    for kind in ("neutron", "xray"):
        figure, axes = plt.subplots()
        for name in result.groups:
            q, s = result.structure_factor(kind, lorch=True, group=name)
            axes.plot(q, s, label=name)
        axes.set(xlabel="Q (Å$^{-1}$)", ylabel=f"S(Q), {kind} (Lorch window)", title=f"Total {kind} structure factor")
        axes.legend()
        figure.savefig(output / f"sq_{kind}.png", dpi=120)
    print(f"plots in {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="ionglass_structure_")))
