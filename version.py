"""The version of the Participatieladder: pyproject.toml holds it, this module reads it.

One place to change at a release; the footer, /gezondheid and publiccode.yaml (checked by
tests/test_publicatie.py) all follow it.
"""

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).parent / "pyproject.toml"


def _lees_versie() -> str:
    with PYPROJECT.open("rb") as bestand:
        return tomllib.load(bestand)["project"]["version"]


VERSIE = _lees_versie()
