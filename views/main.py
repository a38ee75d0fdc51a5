"""The start page."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def index():
    """The start page: what this user can do from here."""
    return render_template("main/index.html")


@bp.route("/gezondheid")
def gezondheid():
    """A bare health check for monitoring and the load benchmark's baseline."""
    return {"status": "ok"}
