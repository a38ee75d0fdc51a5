"""The reports in reports/ are plain Python and peewee: no Flask, no request, no forms, no
views or request services, so a command, a benchmark or a test can count without an app.
Reads the source of every module (without importing it), as tests/ladder/test_zuiver.py."""

from pathlib import Path

import pytest

from tests.ladder.test_zuiver import imports

REPORTS = Path(__file__).resolve().parents[1] / "reports"
VERBODEN = {"flask", "flask_login", "flask_wtf", "werkzeug", "wtforms", "jinja2"}
VERBODEN |= {"app", "views", "forms", "services", "commands"}
MODULES = sorted(REPORTS.rglob("*.py"))


def test_the_moved_reports_are_scanned():
    assert {"effect.py", "verantwoording.py", "peil.py", "tabel.py"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("pad", MODULES, ids=lambda p: p.name)
def test_report_module_imports_no_web_layer(pad):
    bron = pad.read_text(encoding="utf-8")
    fout = [
        f"{pad.name}:{regel} importeert {module}"
        for regel, module in imports(bron, pad)
        if module.split(".")[0] in VERBODEN or module.startswith("flask")
    ]
    assert fout == []
