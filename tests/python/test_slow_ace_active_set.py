"""The active set built from Python equals `ionglass ace activeset` (report and .asi bytes)."""
import json

from ionglass import ace_tools
from test_ace_tools import DFT, POTENTIAL, cli, first_frames


def test_active_set_equals_the_cli(tmp_path):
    train = first_frames(DFT, 0, 40, tmp_path / "train.extxyz")
    cli_json = json.loads(cli("ace", "activeset", POTENTIAL, train, "--out", tmp_path / "cli.asi", "--json", "-",
                              "--threads", "2"))
    report = ace_tools.build_active_set(POTENTIAL, train, str(tmp_path / "python.asi"), threads=2)
    python_json = report.to_dict()
    assert python_json.pop("active_set").endswith("python.asi") and cli_json.pop("active_set").endswith("cli.asi")
    assert python_json == cli_json
    assert (tmp_path / "python.asi").read_bytes() == (tmp_path / "cli.asi").read_bytes()
    assert set(python_json["elements"]) == {"Fe", "Na", "O", "P"}
    for element in python_json["elements"].values():
        assert element["max_training_gamma"] <= 1.01 + 1e-9  # the MaxVol tolerance
