"""The start page, the handleiding and the health check."""

from flask import Blueprint, render_template
from flask_login import login_required

from ladder import begrippen, groeipotentieel, meetmomenten, subgroepen, treden, vragen

bp = Blueprint("main", __name__)
# Every page that shows the instrument's texts links its outdated terms (ladder/begrippen.py).
bp.add_app_template_global(begrippen.in_tekst, "begrippen_in")


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
    """A bare health check for monitoring and the load benchmark's baseline."""
    return {"status": "ok"}
