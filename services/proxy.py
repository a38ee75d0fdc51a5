"""Behind a reverse proxy: which X-Forwarded-* headers the app believes.

A header a client sends is only a claim. The app believes X-Forwarded-For, -Proto and -Host
only when the operator said how many proxies stand in front of it (VERTROUWDE_PROXIES), and
then only the values those proxies added: werkzeug's ProxyFix takes the last N entries, so a
forged X-Forwarded-For from the client is ignored. Then request.remote_addr is the client's
address (audit log, login throttling) and request.is_secure follows the proxy's HTTPS."""

from werkzeug.middleware.proxy_fix import ProxyFix


def vertrouwde_proxies(environ) -> int:
    """VERTROUWDE_PROXIES as a whole number ≥ 0 (default 0); another value stops the start."""
    waarde = environ.get("VERTROUWDE_PROXIES", "").strip() or "0"
    if not (waarde.isascii() and waarde.isdigit()):
        raise ValueError(
            f"VERTROUWDE_PROXIES moet een geheel getal zijn (0, 1, …), niet {waarde!r}."
        )
    return int(waarde)


def install_proxy(app) -> None:
    """Wrap the WSGI app in ProxyFix for the configured number of proxies (none: no wrap)."""
    aantal = app.config["VERTROUWDE_PROXIES"]
    if aantal:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=aantal, x_proto=aantal, x_host=aantal)
