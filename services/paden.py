"""url_for in the templates, with the addresses that never change kept.

Every page's menu (templates/base.html) asks url_for for the same twenty addresses without
parameters, and for the same stylesheet and scripts: building each through werkzeug's
router cost 7–9 µs, together about a tenth of a simple page of a meting (bench/stapkosten.py).
Those addresses depend only on the endpoint (and the file) and on where the app is mounted
(the request's script root), so they are kept per app by those; every other call (with an
id, an anchor, external) is url_for as ever."""

from flask import Flask, has_request_context, request, url_for


def install_paden(app: Flask) -> None:
    """Templates call url_for through sjabloon_url_for, with this app's own store."""
    onthouden: dict[tuple, str] = {}

    def sjabloon_url_for(endpoint: str, **values) -> str:
        if not _vast(endpoint, values) or not has_request_context():
            return url_for(endpoint, **values)
        sleutel = (request.script_root, endpoint, values.get("filename"))
        pad = onthouden.get(sleutel)
        if pad is None:
            pad = onthouden[sleutel] = url_for(endpoint, **values)
        return pad

    app.jinja_env.globals["url_for"] = sjabloon_url_for


def _vast(endpoint: str, values: dict) -> bool:
    """An address without parameters, or a static file: the same on every request."""
    if endpoint.startswith("."):  # relative to the request's blueprint
        return False
    return not values or (endpoint == "static" and values.keys() == {"filename"})
