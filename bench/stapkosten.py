"""What a step of a meting costs the server, against the floor (issue 17, goal 2).

The floor is the least a page of this stack can cost: a minimal Flask + WTForms + peewee app
that shows a form with a CSRF token and, on the post, validates it, inserts one row and
redirects (one insert, one render). The steps are those of a whole meting in the app, the
same flow as bench/load.py (klant page, start, meetmoment, the questions, outcome, growth,
subgroepen, kenmerken, check). Both run through Flask's test client in this process (no HTTP
server), in alternating blocks, each on its own new SQLite database; the figure is CPU time
per request. Goal: a step costs at most 1.25× the floor.

Run: .venv/bin/python bench/stapkosten.py [--blokken 6] [--metingen 4]
"""

import argparse
import importlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import models  # noqa: E402

load = importlib.import_module("load")
DOEL = 1.25


def vloer_app(tmp: Path):
    """The minimal app of the same stack: one form page, one insert, one redirect."""
    from flask import Flask, redirect, render_template_string
    from flask_wtf import FlaskForm
    from peewee import CharField, Model, SqliteDatabase
    from wtforms import RadioField

    db = SqliteDatabase(str(tmp / "vloer.db"), pragmas={"journal_mode": "wal"})

    class Antwoord(Model):
        waarde = CharField()

        class Meta:
            database = db

    db.create_tables([Antwoord])

    class Form(FlaskForm):
        antwoord = RadioField("Vraag", choices=[("ja", "Ja"), ("nee", "Nee")])

    app = Flask("vloer")
    app.config.update(SECRET_KEY="vloer")  # noqa: S106 (a throwaway bench app)
    pagina = (
        "<!doctype html><html lang='nl'><title>Vraag</title><form method='post'>"
        "{{ form.hidden_tag() }}{% for o in form.antwoord %}{{ o }}{{ o.label }}{% endfor %}"
        "<button>Verder</button></form></html>"
    )

    @app.route("/vraag", methods=["GET", "POST"])
    def vraag():
        form = Form()
        if form.validate_on_submit():
            with db.connection_context(), db.atomic():
                Antwoord.create(waarde=form.antwoord.data)
            return redirect("/vraag", code=303)
        return render_template_string(pagina, form=form)

    return app


def vloer_blok(client, n: int) -> float:
    """CPU seconds per request for n GET + POST pairs on the minimal app."""
    begin = time.process_time()
    for _ in range(n):
        pagina = client.get("/vraag").get_data(as_text=True)
        data = {"antwoord": "ja", "csrf_token": load.csrf(pagina)}
        assert client.post("/vraag", data=data).status_code == 303
    return (time.process_time() - begin) / (2 * n)


def app_blok(client, klanten: list[int], metingen: int, start: int) -> tuple[float, int]:
    """CPU seconds per request for whole metingen through the app."""

    def verzoek(stap, methode, pad, data):
        response = client.open(pad, method=methode, data=data)
        return (
            response.status_code,
            response.headers.get("Location", ""),
            response.get_data(as_text=True),
        )

    verzoeken = 0
    begin = time.process_time()
    for n in range(start, start + metingen):
        verzoeken += load.meting_met_testclient(
            verzoek, klanten[n % len(klanten)], load.ROUTES[n % 2]
        )
    return (time.process_time() - begin) / verzoeken, verzoeken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blokken", type=int, default=6, help="blokken van elk, om en om")
    parser.add_argument("--metingen", type=int, default=4, help="metingen per blok")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pl-bench-stapkosten-") as tmp:
        client, klanten = load.ingelogde_testclient(f"sqlite:///{Path(tmp) / 'app.db'}")
        vloer = vloer_app(Path(tmp)).test_client()
        app_blok(client, klanten, 2, 0)  # warm-up: imports, templates, connections
        vloer_blok(vloer, 20)
        app_tijden, vloer_tijden, verzoeken = [], [], 0
        for blok in range(args.blokken):
            per, n = app_blok(client, klanten, args.metingen, 2 + blok * args.metingen)
            app_tijden.append(per)
            verzoeken += n
            vloer_tijden.append(vloer_blok(vloer, n // 2))
        getattr(models.db.obj, "close_all", models.db.close)()
    stap, kaal = statistics.median(app_tijden), statistics.median(vloer_tijden)
    ratio = stap / kaal
    print(
        f"{args.blokken} blokken om en om, {verzoeken} verzoeken van de app "
        f"({args.blokken * args.metingen} metingen) en evenveel van de vloer\n"
    )
    print("| meting | CPU-tijd per verzoek (mediaan van de blokken) |\n|---|---:|")
    print(f"| vloer: Flask + WTForms + peewee, één insert en één render | {kaal * 1000:.2f} ms |")
    print(f"| stap van een meting | {stap * 1000:.2f} ms |")
    print(f"| verhouding | {ratio:.2f}× |")
    gehaald = ratio <= DOEL
    print(
        f"\n- {'gehaald' if gehaald else 'NIET gehaald'}: een stap kost ≤ {DOEL}× de vloer "
        f"(gemeten {ratio:.2f}×)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
