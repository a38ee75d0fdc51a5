"""The start page, the handleiding and the health check."""

from flask import Blueprint, render_template
from flask_login import login_required

from ladder import groeipotentieel, meetmomenten, subgroepen, treden, vragen

bp = Blueprint("main", __name__)


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
    )


@bp.route("/gezondheid")
def gezondheid():
    """A bare health check for monitoring and the load benchmark's baseline."""
    return {"status": "ok"}
