"""The production server: `.venv/bin/gunicorn -c gunicorn.conf.py` (docs/beheer.md).

Processes and threads come from the environment (/etc/participatieladder/env):
WEB_CONCURRENCY processes (default 1), each with GUNICORN_THREADS threads (default 8), on
GUNICORN_BIND (default 127.0.0.1:8000, loopback: the reverse proxy in front does HTTPS).
SQLite: keep one process; its threads take turns to write in the process itself, while
writers in different processes only wait on SQLite's lock (see models/sqlite.py).
PostgreSQL: several processes."""

import gc
import os
import sys

wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
# A process whose main loop stops answering for this long is replaced; with threads a slow
# request (a large dossierblad or export) in one of them does not count.
timeout = 120
graceful_timeout = 30
# The app logs one access line per request itself (services/verzoeklog.py), with the
# request id and without query strings: no second access log here.
accesslog = None
errorlog = "-"
# Which X-Forwarded-* headers count is the app's decision (VERTROUWDE_PROXIES): gunicorn
# itself believes none, from any address.
forwarded_allow_ips = ""
# gunicorn's control socket (gunicornc) would go in the home directory, which the service
# cannot write (ProtectSystem=strict) and which two servers of one user would share.
control_socket_disable = True

_database = os.environ.get("DATABASE_URL", "")
if workers > 1 and (not _database or _database.startswith("sqlite")):
    print(
        f"Let op: WEB_CONCURRENCY={workers} met SQLite. Ondersteund is één proces met threads "
        "(WEB_CONCURRENCY=1); met meer processen wachten schrijvers op elkaar via de "
        "vergrendeling van SQLite en kan een opslaan na 10 seconden mislukken. Gebruik "
        "PostgreSQL voor meer processen.",
        file=sys.stderr,
    )


def post_worker_init(worker):
    """Each server process holds one connection while it lives, so `flask restore` refuses
    while the service runs, even when it is idle (services/backup.py). Then everything the
    start-up made (modules, the app, its templates) is left out of garbage collection: a full
    collection went through those 110 000 objects every few hundred requests, a pause of
    tens of milliseconds in the middle of one (bench/capaciteit.py, p99)."""
    from models import db
    from services.backup import dienst_aanwezig

    dienst_aanwezig(db.obj)
    gc.collect()
    gc.freeze()
