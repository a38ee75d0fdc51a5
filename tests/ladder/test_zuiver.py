"""The instrument in ladder/ is plain Python: the rules of the participatieladder can be read,
tested and reused without the web application, its database or its forms. This reads the
source of every module (without importing it) and refuses any import of the web or database
layers, and anything outside the standard library."""

import ast
import sys
from pathlib import Path

import pytest

LADDER = Path(__file__).resolve().parents[2] / "ladder"

# The layers around the instrument: frameworks and the application's own packages.
VERBODEN = {
    "flask",
    "flask_login",
    "flask_wtf",
    "peewee",
    "playhouse",
    "psycopg2",
    "wtforms",
    "werkzeug",
    "jinja2",
    "models",
    "views",
    "forms",
    "services",
    "reports",
    "exchange",
    "app",
    "commands",
}


def _module_naam(pad: Path) -> str:
    """ "ladder.vragen" for ladder/vragen.py, "ladder" for ladder/__init__.py."""
    deel = pad.relative_to(LADDER.parent).with_suffix("").parts
    return ".".join(deel[:-1] if deel[-1] == "__init__" else deel)


def _pakket(pad: Path) -> str:
    """The package a relative import in this file starts from."""
    naam = _module_naam(pad)
    return naam if pad.name == "__init__.py" else naam.rpartition(".")[0]


def imports(bron: str, pad: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the source, also inside functions,
    relative ones resolved, and importlib.import_module("...") / __import__("...") calls."""
    gevonden = []
    for knoop in ast.walk(ast.parse(bron, filename=str(pad))):
        if isinstance(knoop, ast.Import):
            gevonden += [(knoop.lineno, alias.name) for alias in knoop.names]
        elif isinstance(knoop, ast.ImportFrom):
            if knoop.level:
                basis = _pakket(pad).split(".")
                basis = basis[: len(basis) - (knoop.level - 1)]
                module = ".".join([*basis, *([knoop.module] if knoop.module else [])])
                if not knoop.module:  # "from .. import models" imports the package models
                    gevonden += [
                        (knoop.lineno, ".".join(filter(None, [module, alias.name])))
                        for alias in knoop.names
                    ]
                    continue
            else:
                module = knoop.module
            gevonden.append((knoop.lineno, module))
        elif isinstance(knoop, ast.Call) and _is_dynamische_import(knoop):
            gevonden.append((knoop.lineno, knoop.args[0].value))
    return gevonden


def _is_dynamische_import(knoop: ast.Call) -> bool:
    functie = knoop.func
    naam = functie.attr if isinstance(functie, ast.Attribute) else getattr(functie, "id", "")
    return (
        naam in ("import_module", "__import__")
        and bool(knoop.args)
        and isinstance(knoop.args[0], ast.Constant)
        and isinstance(knoop.args[0].value, str)
    )


def bezwaren(pad: Path, bron: str | None = None) -> list[str]:
    """What is wrong with the imports of one module of ladder/."""
    bron = pad.read_text(encoding="utf-8") if bron is None else bron
    fouten = []
    for regel, module in imports(bron, pad):
        wortel = module.split(".")[0]
        if wortel in VERBODEN or wortel.startswith("flask"):
            fouten.append(f"{pad.name}:{regel} importeert {module}")
        elif wortel != "ladder" and wortel not in sys.stdlib_module_names:
            fouten.append(
                f"{pad.name}:{regel} importeert {module} (niet uit de standaardbibliotheek)"
            )
    return fouten


MODULES = sorted(LADDER.rglob("*.py"))


def test_every_module_of_the_instrument_is_scanned():
    namen = {p.name for p in MODULES}
    assert {"__init__.py", "vragen.py", "treden.py", "gesprek.py"} <= namen


@pytest.mark.parametrize("pad", MODULES, ids=lambda p: p.name)
def test_ladder_module_imports_only_the_standard_library_and_itself(pad):
    assert bezwaren(pad) == []


@pytest.mark.parametrize(
    "bron",
    [
        "import flask",
        "from peewee import CharField",
        "from wtforms.validators import DataRequired",
        "import werkzeug.security",
        "from jinja2 import Template",
        "from models import Meting",
        "from models.meting import Meting",
        "import views.metingen",
        "from forms import BaseForm",
        "from services import audit",
        "from flask_login import current_user",
        "from .. import models",
        "from ..services.audit import log",
        "def f():\n    from services import clock\n    return clock",
        "import importlib\nimportlib.import_module('models')",
        "__import__('flask')",
        "import yaml",
    ],
)
def test_the_scan_recognises_a_forbidden_import(bron):
    # The scan itself must catch what it is meant to forbid, also in a function body.
    assert bezwaren(LADDER / "voorbeeld.py", bron), bron


@pytest.mark.parametrize(
    "bron",
    [
        "from dataclasses import dataclass",
        "from ladder.treden import TREDEN",
        "from . import vragen",
        "from .treden import controleer",
        "import collections.abc",
    ],
)
def test_the_scan_allows_the_standard_library_and_the_instrument(bron):
    assert bezwaren(LADDER / "voorbeeld.py", bron) == []
