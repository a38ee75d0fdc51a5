"""The production server: gunicorn with gunicorn.conf.py takes its processes and threads from
the environment, warns about several processes on SQLite, believes no forwarded header
itself; and processes starting together share one instance key.
tests/test_nginx.py serves the app with it behind nginx."""

import multiprocessing
import os
import secrets
import subprocess
import sys
from pathlib import Path

from app import _instance_bestand
from tests.fixtures.nginx import SERVE

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).parent / "gunicorn"
WAARSCHUWING = "Let op: WEB_CONCURRENCY"


def _config(**env) -> tuple[dict[str, str], str]:
    """gunicorn's own reading of gunicorn.conf.py in this environment, and what it printed."""
    eigen = ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "GUNICORN_CMD_ARGS")
    omgeving = {k: v for k, v in os.environ.items() if k not in eigen}
    result = subprocess.run(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env={**omgeving, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    instellingen = {}
    for regel in result.stdout.splitlines():
        naam, _, waarde = regel.partition("=")
        instellingen[naam.strip()] = waarde.strip()
    return instellingen, result.stdout + result.stderr


def test_processes_and_threads_come_from_the_environment():
    instellingen, uitvoer = _config(
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="5",
        GUNICORN_BIND="127.0.0.1:8123",
        DATABASE_URL="postgresql://ladder@localhost/ladder",
    )
    assert instellingen["workers"] == "3" and instellingen["threads"] == "5"
    assert instellingen["bind"] == "['127.0.0.1:8123']"
    assert instellingen["worker_class"] == "gthread"
    assert instellingen["wsgi_app"] == "app:create_app()"
    assert instellingen["forwarded_allow_ips"] == "[]"  # VERTROUWDE_PROXIES decides
    assert instellingen["accesslog"] == "None"  # the app writes the access line itself
    assert WAARSCHUWING not in uitvoer


def test_the_defaults_are_one_process_of_eight_threads_on_loopback():
    instellingen, uitvoer = _config(DATABASE_URL="")
    assert (instellingen["workers"], instellingen["threads"]) == ("1", "8")
    assert instellingen["bind"] == "['127.0.0.1:8000']"
    assert WAARSCHUWING not in uitvoer


def test_several_processes_on_sqlite_are_warned_about():
    _, uitvoer = _config(WEB_CONCURRENCY="2", DATABASE_URL="")
    assert WAARSCHUWING + "=2 met SQLite" in uitvoer


def _maak_sleutel(pad, slagboom, uitkomsten):
    def maak():
        # Every process found no key yet and makes one at the same moment: the worst case of
        # gunicorn starting its workers (the old code gave each process its own key here).
        slagboom.wait()
        return secrets.token_hex(32)

    uitkomsten.put(_instance_bestand(pad, maak))


def test_processes_starting_together_share_one_instance_key(tmp_path):
    """gunicorn starts several processes at once: each reads the same secret key (before,
    each could write its own over the other's)."""
    pad = tmp_path / "instance" / "secret_key"
    context = multiprocessing.get_context("fork")
    aantal = 6
    slagboom, uitkomsten = context.Barrier(aantal, timeout=30), context.Queue()
    processen = [
        context.Process(target=_maak_sleutel, args=(pad, slagboom, uitkomsten))
        for _ in range(aantal)
    ]
    for proces in processen:
        proces.start()
    sleutels = {uitkomsten.get(timeout=30) for _ in processen}
    for proces in processen:
        proces.join(timeout=30)
    assert sleutels == {pad.read_text().strip()}
    assert pad.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in pad.parent.iterdir()] == ["secret_key"]  # no temporary files left


def test_make_serve_runs_the_command_the_nginx_test_serves_with():
    """`make serve` (README) is the documented production command, which tests/test_nginx.py
    runs behind nginx: the recipe make would run is that command."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "requirements.txt", "serve"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.splitlines()[-1].strip() == SERVE


def test_a_started_process_holds_its_presence_and_freezes_its_start_up_objects(app):
    """post_worker_init: the one connection that makes `restore` refuse while the service
    runs, and the objects of the start-up left out of garbage collection (a full collection
    through them paused a request every few hundred; bench/capaciteit.py)."""
    import gc
    import runpy

    from services import backup

    hooks = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    voor = len(backup._AANWEZIG)
    gc.unfreeze()
    try:
        hooks["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 10_000  # the app, its modules and templates
        assert len(backup._AANWEZIG) == voor + 1
    finally:
        gc.unfreeze()
        for verbinding in backup._AANWEZIG[voor:]:
            verbinding.close()
        del backup._AANWEZIG[voor:]
