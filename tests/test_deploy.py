"""The systemd units in deploy/ pass `systemd-analyze verify`, rendered for this checkout so
that the programs they start exist (on a server they live in /opt/participatieladder)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted(p.name for p in DEPLOY.glob("participatieladder*.*"))
VENV = Path(sys.executable).parent.parent  # the virtualenv running the tests

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze ontbreekt (apt-get install systemd); de units zijn niet gecontroleerd",
)


def _render(doel: Path) -> list[Path]:
    paden = []
    for naam in UNITS:
        tekst = (DEPLOY / naam).read_text()
        tekst = tekst.replace("/opt/participatieladder/.venv", str(VENV))
        tekst = tekst.replace("/opt/participatieladder", str(ROOT))
        (doel / naam).write_text(tekst)
        paden.append(doel / naam)
    return paden


def _verify(paden: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, paden)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_units_are_there():
    assert UNITS == [
        "participatieladder-bewaartermijn.service",
        "participatieladder-bewaartermijn.timer",
        "participatieladder.service",
    ]
    app = (DEPLOY / "participatieladder.service").read_text()
    for regel in (
        "ExecStart=/opt/participatieladder/.venv/bin/gunicorn -c "
        "/opt/participatieladder/gunicorn.conf.py",
        "User=participatieladder",
        "EnvironmentFile=/etc/participatieladder/env",
        "NoNewPrivileges=true",
        "ProtectSystem=strict",
        "ReadWritePaths=/opt/participatieladder/instance",
    ):
        assert regel in app
    taak = (DEPLOY / "participatieladder-bewaartermijn.service").read_text()
    assert "flask --app app bewaartermijn --uitvoeren --ja" in taak


def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    result = _verify(_render(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_verify_would_catch_a_wrong_program(tmp_path):
    """Proof that the check above can fail: a unit whose program does not exist."""
    paden = _render(tmp_path)
    dienst = tmp_path / "participatieladder.service"
    dienst.write_text(dienst.read_text().replace("bin/gunicorn", "bin/bestaat-niet"))
    assert _verify(paden).returncode != 0
