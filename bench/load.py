"""Load benchmark: N klantmanagers, each with an account of their own, complete metingen
against the production server (waitress on 127.0.0.1) for a fixed time; the same server's
bare /gezondheid route at the same concurrency is the baseline of the same run.

Reports throughput (metingen/s, requests/s, and requests/s as a ratio to the baseline),
p50/p95/p99 latency per step of the meting (and of login and the klant page), errors, and
the server's resident memory (VmRSS) during the run, and the CPU time the server and this
client spend per request in each phase. Goals: ratio ≥ 0.3×, p99 ≤ 100 ms per step, 0 errors.
The users log in (scrypt, slow on purpose) before the measured period starts. Loopback only;
bounded in time; stops by itself.

Run: .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--baseline-seconds 15]
     [--threads 8] [--strict]
"""

import argparse
import contextlib
import datetime
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
WACHTWOORD = "bench-wachtwoord-lang-genoeg-42"
KLANTEN_PER_GEBRUIKER = 4
DOEL_RATIO, DOEL_P99_MS = 0.3, 100.0
START_TIMEOUT = 30
CSRF = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"'
    r'|type="hidden" name="csrf_token" value="([^"]+)"'
)
TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')
# The two routes through Table 3.1 the users alternate: together they ask V1..V5.
ROUTES = ({"V1": "ja", "V2": "ja"}, {"V1": "nee", "V3": "nee", "V4": "nee", "V5": "ja"})
STAPPEN = (
    "login",
    "klantpagina",
    "meting starten",
    "meetmoment",
    "V1",
    "V2",
    "V3",
    "V4",
    "V5",
    "uitkomst",
    "groeipotentieel",
    "subgroepen",
    "kenmerken",
    "controle",
)


# --------------------------------------------------------------------------- set-up


def vrije_poort() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bsn(n: int) -> str:
    """A valid BSN (11-proef), different for each n."""
    base = 20_000_000 + n * 13
    while True:
        digits = [int(d) for d in f"{base:08d}"]
        check = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        base += 1


def vul_database(database_url: str, gebruikers: int) -> list[tuple[str, list[int]]]:
    """Migrate, and make one organisation with a klantmanager per simulated user, each with
    klanten of their own (so that no two users meet the same concept)."""
    import models
    from app import create_app

    create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench"})
    accounts = []
    with models.db.connection_context():
        models.migrate()
        organisatie = models.Organisatie.create(naam="Gemeente Lastdorp", soort="gemeente")
        voorbeeld = models.Gebruiker(naam="x", email="x", rol="klantmanager")
        voorbeeld.zet_wachtwoord(WACHTWOORD)  # one scrypt hash, shared by all accounts
        with models.db.atomic():
            for u in range(gebruikers):
                gebruiker = models.Gebruiker.create(
                    naam=f"Klantmanager {u}",
                    email=f"km{u}@lastdorp.nl",
                    rol="klantmanager",
                    organisatie=organisatie,
                    wachtwoord_hash=voorbeeld.wachtwoord_hash,
                )
                klanten = [
                    models.Klant.create(
                        bsn=bsn(u * KLANTEN_PER_GEBRUIKER + k),
                        achternaam=f"Last{u}-{k}",
                        voornaam="Sam",
                        geboortedatum=datetime.date(1980, 1, 1 + k),
                        organisatie=organisatie,
                        klantmanager=gebruiker,
                    ).id
                    for k in range(KLANTEN_PER_GEBRUIKER)
                ]
                accounts.append((gebruiker.email, klanten))
    models.db.obj.close_all()  # the server processes have their own; none left open here
    return accounts


class Server:
    """The app on a free loopback port: waitress with `threads` (what `make run` serves), or
    with `workers` the production server, gunicorn with gunicorn.conf.py (WEB_CONCURRENCY
    processes of GUNICORN_THREADS threads)."""

    def __init__(self, database_url: str, threads: int, log: Path, workers: int | None = None):
        self.port = vrije_poort()
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-secret-key-niet-voor-productie",
            "SESSION_COOKIE_SECURE": "0",
            "TWEE_FACTOR": "uit",
        }
        env.pop("FLASK_APP", None)
        if workers is None:
            self.naam = "waitress"
            argv = [
                str(BIN / "waitress-serve"),
                "--host=127.0.0.1",
                f"--port={self.port}",
                f"--threads={threads}",
                "--call",
                "app:create_app",
            ]
        else:
            self.naam = "gunicorn"
            argv = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
            env.update(
                WEB_CONCURRENCY=str(workers),
                GUNICORN_THREADS=str(threads),
                GUNICORN_BIND=f"127.0.0.1:{self.port}",
            )
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.naam} stopte meteen:\n{log.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/gezondheid")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        self.stop()
        raise SystemExit(f"{self.naam} antwoordde niet op tijd")

    def rss_kb(self) -> int | None:
        try:
            for regel in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if regel.startswith("VmRSS:"):
                    return int(regel.split()[1])
        except OSError:
            return None
        return None

    def cpu_s(self) -> float:
        """CPU seconds (user + system) the server has used so far, with its worker
        processes (gunicorn)."""
        pids = [self.process.pid]
        try:
            pad = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            pids += [int(p) for p in pad.read_text().split()]
        except OSError:
            pass
        totaal = 0.0
        for pid in pids:
            try:
                velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            totaal += (int(velden[11]) + int(velden[12])) / os.sysconf("SC_CLK_TCK")
        return totaal

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def ingelogde_testclient(database_url: str):
    """A new database with one klantmanager and their klanten, the app on it in this
    process, and Flask's test client logged in as that klantmanager (bench/profiel.py,
    bench/stapkosten.py: the cost of the app itself, without an HTTP server)."""
    from app import create_app

    email, klanten = vul_database(database_url, 1)[0]
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-testclient",
            "SESSION_COOKIE_SECURE": False,
            "TWEE_FACTOR": False,
        }
    )
    client = app.test_client()
    pagina = client.get("/inloggen").get_data(as_text=True)
    data = {"email": email, "wachtwoord": WACHTWOORD, "csrf_token": csrf(pagina)}
    assert client.post("/inloggen", data=data).status_code == 303
    return client, klanten


def meting_met_testclient(verzoek, klant_id: int, route: dict) -> int:
    """One whole meting, from the klant page to the check page, through
    `verzoek(stap, methode, pad, data) -> (status, location, body)`; returns the number of
    requests it took."""
    _, _, pagina = verzoek("klantpagina", "GET", f"/klanten/{klant_id}", None)
    data = {"token": TOKEN.search(pagina).group(1), "csrf_token": csrf(pagina)}
    status, url, _ = verzoek("meting starten", "POST", f"/klanten/{klant_id}/metingen", data)
    assert status == 303, status
    velden = antwoorden(route)
    verzoeken = 2
    for _ in range(15):
        stap = url.rsplit("/", 1)[-1]
        status, _, pagina = verzoek(stap, "GET", url, None)
        assert status == 200, (stap, status)
        data = {**velden[stap], "csrf_token": csrf(pagina)}
        status, url, _ = verzoek(stap, "POST", url, data)
        assert status == 303, (stap, status)
        verzoeken += 2
        if stap == "controle":
            return verzoeken
    raise AssertionError("te veel stappen")


# --------------------------------------------------------------------------- the users


class Fout(Exception):
    pass


class Meting:
    """Latencies per step (seconds) and errors, shared by the user threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tijden: dict[str, list[float]] = defaultdict(list)
        self.fouten: Counter = Counter()
        self.verzoeken = 0
        self.metingen = 0

    def noteer(self, stap: str, duur: float) -> None:
        with self.lock:
            self.tijden[stap].append(duur)
            self.verzoeken += 1

    def fout(self, soort: str) -> None:
        with self.lock:
            self.fouten[soort] += 1


class Verbinding:
    """One keep-alive connection with a cookie jar, as one browser tab."""

    def __init__(self, port: int, meting: Meting):
        self.port = port
        self.meting = meting
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def verzoek(self, stap: str, methode: str, pad: str, data: dict | None = None):
        body = urlencode(data, doseq=True) if data is not None else None
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        begin = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(methode, pad, body, headers)
            response = self.conn.getresponse()
            inhoud = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.sluit()
            self.meting.fout(f"{stap}: {type(error).__name__}")
            raise Fout(stap) from error
        self.meting.noteer(stap, time.perf_counter() - begin)
        for header in response.headers.get_all("Set-Cookie") or []:
            naam, _, rest = header.partition("=")
            self.cookies[naam] = rest.split(";", 1)[0]
        if response.will_close:
            self.sluit()
        locatie = urlsplit(response.headers.get("Location", "")).path
        return response.status, locatie, inhoud

    def verwacht(self, stap, methode, pad, status, data=None):
        antwoord = self.verzoek(stap, methode, pad, data)
        if antwoord[0] != status:
            self.meting.fout(f"{stap}: HTTP {antwoord[0]}")
            raise Fout(stap)
        return antwoord

    def sluit(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def csrf(pagina: str) -> str:
    match = CSRF.search(pagina)
    if not match:
        raise Fout("csrf")
    return match.group(1) or match.group(2)


def antwoorden(route: dict) -> dict[str, dict]:
    meetdatum = datetime.date.today() - datetime.timedelta(days=7)
    volgende = meetdatum + datetime.timedelta(days=182)
    nee = (
        "startkwalificatie",
        "inburgeringsplichtig",
        "inburgeringsbehoeftig",
        "laaggeletterd",
        "vrijstelling_arbeidsplicht",
        "vrijstelling_inburgeringsplicht",
        "lopend_p_instrument",
        "nieuw_p_instrument",
    )
    return {
        "meetmoment": {
            "meetdatum-dag": meetdatum.day,
            "meetdatum-maand": meetdatum.month,
            "meetdatum-jaar": meetdatum.year,
            "aanleiding": "jaarlijks",
            "methode": "vragen",
            "code_toelichting": "",
        },
        **{vraag: {"antwoord": antwoord} for vraag, antwoord in route.items()},
        "uitkomst": {},
        "groeipotentieel": {"antwoord": "ja"},
        "subgroepen": {"subgroepen": "1"},
        "kenmerken": {
            "inkomenssituatie": "gemeentelijke_uitkering",
            **dict.fromkeys(nee, "nee"),
            "toelichting": "Belastingtest.",
            "klantmanager": "",
            "team": "",
            "afdeling": "",
            "volgende_meetdatum-dag": volgende.day,
            "volgende_meetdatum-maand": volgende.month,
            "volgende_meetdatum-jaar": volgende.year,
        },
        "controle": {},
    }


class Gebruiker(threading.Thread):
    """Logs in, waits for the start signal (so that the logins, scrypt on purpose, fall before
    the measured period), then does metingen until the stop signal."""

    def __init__(self, nummer, port, email, klanten, meting, start, stop: threading.Event):
        super().__init__(daemon=True)
        self.nummer, self.email, self.klanten = nummer, email, klanten
        self.v = Verbinding(port, meting)
        self.meting, self.start_signaal, self.stop = meting, start, stop
        self.ingelogd = False
        self.klaar = threading.Event()  # logged in (or tried to)

    def run(self) -> None:
        with contextlib.suppress(Fout):  # counted as an error; run() tries again
            self.login()
        self.klaar.set()
        self.start_signaal.wait()
        ronde = self.nummer
        while not self.stop.is_set():
            try:
                if not self.ingelogd:
                    self.login()
                self.meet(self.klanten[ronde % len(self.klanten)], ROUTES[ronde % 2])
                ronde += 1
            except Fout:
                time.sleep(0.05)
        self.v.sluit()

    def login(self) -> None:
        _, _, pagina = self.v.verwacht("login", "GET", "/inloggen", 200)
        data = {"email": self.email, "wachtwoord": WACHTWOORD, "csrf_token": csrf(pagina)}
        self.v.verwacht("login", "POST", "/inloggen", 303, data)
        self.ingelogd = True

    def meet(self, klant_id: int, route: dict) -> None:
        v = self.v
        _, _, pagina = v.verwacht("klantpagina", "GET", f"/klanten/{klant_id}", 200)
        token = TOKEN.search(pagina)
        if token:
            data = {"token": token.group(1), "csrf_token": csrf(pagina)}
            _, url, _ = v.verwacht(
                "meting starten", "POST", f"/klanten/{klant_id}/metingen", 303, data
            )
        else:  # a concept left by an interrupted round
            url = re.search(r'<a class="knop" href="(/metingen/\d+)">', pagina).group(1)
            _, url, _ = v.verwacht("meting starten", "GET", url, 303)
        velden = antwoorden(route)
        for _ in range(15):
            stap = url.rsplit("/", 1)[-1]
            if stap not in velden:
                v.meting.fout(f"onverwachte stap {stap}")
                raise Fout(stap)
            _, _, pagina = v.verwacht(stap, "GET", url, 200)
            if self.stop.is_set():
                return  # time is up: do not count a half meting
            data = {**velden[stap], "csrf_token": csrf(pagina)}
            _, url, _ = v.verwacht(stap, "POST", url, 303, data)
            if stap == "controle":
                with self.meting.lock:
                    self.meting.metingen += 1
                return
        raise Fout("te veel stappen")


def basislijn(port: int, gebruikers: int, seconden: float) -> Meting:
    """The bare /gezondheid route, at the same concurrency."""
    meting, stop = Meting(), threading.Event()

    def werk():
        v = Verbinding(port, meting)
        while not stop.is_set():
            try:
                v.verwacht("gezondheid", "GET", "/gezondheid", 200)
            except Fout:
                time.sleep(0.05)
        v.sluit()

    threads = [threading.Thread(target=werk, daemon=True) for _ in range(gebruikers)]
    for t in threads:
        t.start()
    time.sleep(seconden)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    return meting


# --------------------------------------------------------------------------- reporting


def pct(waarden: list[float], p: float) -> float:
    if len(waarden) == 1:
        return waarden[0]
    return statistics.quantiles(waarden, n=100, method="inclusive")[int(p) - 1]


def regel(naam: str, waarden: list[float]) -> str:
    ms = [w * 1000 for w in waarden]
    return (
        f"| {naam} | {len(ms)} | {pct(ms, 50):.1f} | {pct(ms, 95):.1f} | {pct(ms, 99):.1f} "
        f"| {max(ms):.1f} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="gelijktijdige gebruikers")
    parser.add_argument("--seconds", type=float, default=60, help="duur van de belasting")
    parser.add_argument(
        "--baseline-seconds", type=float, default=None, help="duur basislijn (standaard ¼)"
    )
    parser.add_argument("--threads", type=int, default=8, help="waitress --threads")
    parser.add_argument("--strict", action="store_true", help="exitcode 1 als een doel mist")
    args = parser.parse_args()
    args.users = max(1, min(args.users, 500))
    args.seconds = max(1.0, min(args.seconds, 900.0))
    basis_s = args.baseline_seconds or max(5.0, args.seconds / 4)

    with tempfile.TemporaryDirectory(prefix="pl-bench-load-") as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'load.db'}"
        begin = time.monotonic()
        accounts = vul_database(database_url, args.users)
        server = Server(database_url, args.threads, Path(tmp) / "waitress.log")
        print(
            f"Belasting: {args.users} gebruikers, {args.seconds:g} s metingen, basislijn "
            f"{basis_s:g} s, waitress --threads={args.threads}, SQLite (WAL), "
            f"{os.cpu_count()} cores; opzet {time.monotonic() - begin:.1f} s\n"
        )
        rss: list[int] = []
        stop_rss = threading.Event()

        def meet_rss():
            while not stop_rss.is_set():
                if (kb := server.rss_kb()) is not None:
                    rss.append(kb)
                stop_rss.wait(0.25)

        sampler = threading.Thread(target=meet_rss, daemon=True)
        sampler.start()
        try:
            rss_start = server.rss_kb()
            cpu = {"begin": (server.cpu_s(), time.process_time())}
            basis = basislijn(server.port, args.users, basis_s)
            cpu["basislijn"] = (server.cpu_s(), time.process_time())
            last, start, stop = Meting(), threading.Event(), threading.Event()
            gebruikers = [
                Gebruiker(n, server.port, email, klanten, last, start, stop)
                for n, (email, klanten) in enumerate(accounts)
            ]
            login_begin = time.monotonic()
            for g in gebruikers:
                g.start()
            for g in gebruikers:
                g.klaar.wait(timeout=120)
            login_duur = time.monotonic() - login_begin
            rss_metingen_vanaf = len(rss)
            login_cpu = server.cpu_s() - cpu["basislijn"][0]
            cpu["basislijn"] = (server.cpu_s(), time.process_time())
            t0 = time.monotonic()
            start.set()
            time.sleep(args.seconds)
            stop.set()
            for g in gebruikers:
                g.join(timeout=60)
            duur = time.monotonic() - t0
            cpu["metingen"] = (server.cpu_s(), time.process_time())
        finally:
            stop_rss.set()
            sampler.join(timeout=5)
            server.stop()

    basis_rps = basis.verzoeken / basis_s
    stap_tijden = [t for stap, ts in last.tijden.items() if stap != "login" for t in ts]
    last_rps = len(stap_tijden) / duur
    ratio = last_rps / basis_rps if basis_rps else 0.0
    fouten = sum(last.fouten.values()) + sum(basis.fouten.values())
    p99_slechtst = max(
        (pct([t * 1000 for t in ts], 99), stap)
        for stap, ts in last.tijden.items()
        if stap != "login" and ts
    )

    print("| meting | waarde |")
    print("|---|---|")
    print(f"| basislijn /gezondheid | {basis.verzoeken} verzoeken, {basis_rps:.1f} verzoeken/s |")
    ingelogd = sum(g.ingelogd for g in gebruikers)
    print(
        f"| inloggen, vóór de meetperiode | {ingelogd} gebruikers in {login_duur:.1f} s "
        f"({login_cpu:.1f} s CPU-tijd server) |"
    )
    print(
        f"| metingen voltooid | {last.metingen} in {duur:.1f} s = "
        f"{last.metingen / duur:.2f} metingen/s |"
    )
    print(
        f"| verzoeken (stappen, zonder login) | {len(stap_tijden)} = {last_rps:.1f} verzoeken/s |"
    )
    print(f"| verhouding tot basislijn | {ratio:.2f}× (doel ≥ {DOEL_RATIO}×) |")
    # CPU per request, of the server and of this client, per phase: what a request costs,
    # apart from how busy the machine is (login included in the metingen phase).
    alle = last.verzoeken - len(last.tijden.get("login", []))
    server_basis = (cpu["basislijn"][0] - cpu["begin"][0]) / max(basis.verzoeken, 1) * 1000
    server_last = (cpu["metingen"][0] - cpu["basislijn"][0]) / max(alle, 1) * 1000
    client_basis = (cpu["basislijn"][1] - cpu["begin"][1]) / max(basis.verzoeken, 1) * 1000
    client_last = (cpu["metingen"][1] - cpu["basislijn"][1]) / max(alle, 1) * 1000
    print(
        f"| CPU-tijd server per verzoek | basislijn {server_basis:.2f} ms, "
        f"metingen {server_last:.2f} ms ({server_basis / server_last:.2f}×) |"
    )
    print(
        f"| CPU-tijd client per verzoek | basislijn {client_basis:.2f} ms, "
        f"metingen {client_last:.2f} ms |"
    )
    print(f"| fouten | {fouten} (doel 0) |")
    print(
        f"| RSS server | start {rss_start / 1024:.0f} MiB, max {max(rss) / 1024:.0f} MiB "
        f"(tijdens de metingen {max(rss[rss_metingen_vanaf:] or [0]) / 1024:.0f} MiB), "
        f"eind {rss[-1] / 1024:.0f} MiB |"
    )
    print("\nLatentie per stap in ms (GET van de pagina en POST van het antwoord samen):\n")
    print("| stap | verzoeken | p50 | p95 | p99 | max |")
    print("|---|---:|---:|---:|---:|---:|")
    print(regel("basislijn /gezondheid", basis.tijden["gezondheid"]))
    for stap in STAPPEN:
        if last.tijden.get(stap):
            print(regel(stap, last.tijden[stap]))
    for soort, aantal in sorted((last.fouten + basis.fouten).items()):
        print(f"\nfout: {soort}: {aantal}")
    doelen = {
        f"verhouding ≥ {DOEL_RATIO}×": ratio >= DOEL_RATIO,
        f"p99 ≤ {DOEL_P99_MS:g} ms per stap (slechtste: {p99_slechtst[1]}, "
        f"{p99_slechtst[0]:.0f} ms)": p99_slechtst[0] <= DOEL_P99_MS,
        "0 fouten": fouten == 0,
    }
    print()
    for doel, gehaald in doelen.items():
        print(f"- {'gehaald' if gehaald else 'NIET gehaald'}: {doel}")
    print("\n(login is bewust traag: scrypt; het telt niet mee in de doelen)")
    return 1 if args.strict and not all(doelen.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
