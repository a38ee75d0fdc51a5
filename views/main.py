"""The start page, the handleiding and the health check."""

from flask import Blueprint, render_template
from flask_login import login_required

from forms import attributen
from ladder import begrippen, groeipotentieel, meetmomenten, subgroepen, treden, vragen
from services.onderhoud import mislukte_controle
from version import VERSIE

bp = Blueprint("main", __name__)
# Every page that shows the instrument's texts links its outdated terms (ladder/begrippen.py).
bp.add_app_template_global(begrippen.in_tekst, "begrippen_in")
# The options of a radio field, for the radios macro of templates/_forms.html.
bp.add_app_template_global(attributen.opties, "keuze_opties")


@bp.route("/")
@login_required
def index():
    """The start page: what this user can do from here."""
    return render_template("main/index.html")


@bp.route("/handleiding")
@login_required
def handleiding():
    """One unambiguous instruction for those who fill in the ladder (seeds/002 §3.3)."""
    return render_template(
        "main/handleiding.html",
        treden=treden,
        vragen=vragen,
        groeipotentieel=groeipotentieel,
        subgroepen=subgroepen.SUBGROEPEN,
        meetmomenten=meetmomenten,
        begrippen=begrippen.BEGRIPPEN,
    )


@bp.route("/gezondheid")
def gezondheid():
    """Health for monitoring: 200 with the version, or 503 naming the check that failed."""
    if controle := mislukte_controle(altijd_vragen=True):
        return {"status": "fout", "controle": controle, "versie": VERSIE}, 503
    return {"status": "ok", "versie": VERSIE}
