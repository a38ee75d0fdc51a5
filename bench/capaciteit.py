"""Capacity benchmark (issue 17, goal 1): how many intakers can work at once with every step
of a meting answered within 100 ms (p99) and no errors?

Open loop, as real intakers behave: each intaker acts once every 5 s (think time, with
jitter) whether or not the server is busy: one action is posting the answer of a page and
getting the next page, as a browser does. The latency of an action counts from the moment it
was due, not from when a free client thread started it, so a server that falls behind shows
it (no "coordinated omission"). The arrival rate rises step by step; the result is the
highest rate that kept p99 ≤ 100 ms over every kind of step and 0 errors, reported as
concurrent intakers (rate × 5 s).

The organisation is realistic: 400 accounts (the kenmerken page lists them), klanten with
0–50 historic metingen (the klant page shows them). The server is the production server of
the go-live issue: gunicorn with gunicorn.conf.py, WEB_CONCURRENCY processes of
GUNICORN_THREADS threads (default: 1 × 8 on SQLite, as docs/beheer.md advises), on loopback.
The client runs on the same cores; it is counted in the report (its CPU time per action).

Bounded in time: set-up ~20 s, then each rate for --seconds (default 15 s).

Run: .venv/bin/python bench/capaciteit.py [--rates 10,20,40,60,80,100,120] [--seconds 15]
     [--workers 1] [--threads 8] [--database-url postgresql://…] [--strict]
"""

import argparse
import datetime
import heapq
import os
import random
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.security import generate_password_hash  # noqa: E402

from bench.load import (  # noqa: E402 (after the path)
    TOKEN,
    Fout,
    Meting,
    Server,
    Verbinding,
    antwoorden,
    bsn,
    csrf,
    pct,
)

BIN = Path(sys.executable).parent
WACHTWOORD = "bench-wachtwoord-lang-genoeg-42"
DENKTIJD_S = 5.0
DOEL_P99_MS = 100.0
DOEL_INTAKERS = 500
ACCOUNTS = 400
KLANTEN_PER_ACCOUNT = 6
MAX_HISTORIE = 50
CLIENT_THREADS = 48
ROUTES = ({"V1": "ja", "V2": "ja"}, {"V1": "nee", "V3": "nee", "V4": "nee", "V5": "ja"})


# --------------------------------------------------------------------------- set-up


def vul_database(database_url: str, aantal: int) -> list[tuple[str, list[int]]]:
    """One gemeente with `aantal` (at least ACCOUNTS) intakers and klantmanagers, each with
    klanten that have 0..MAX_HISTORIE definitive metingen of earlier years."""
    import models
    from app import create_app

    create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench"})
    rnd = random.Random(17)
    accounts = []
    with models.db.connection_context():
        models.migrate()
        organisatie = models.Organisatie.create(naam="Gemeente Capaciteit", soort="gemeente")
        voorbeeld = models.Gebruiker(naam="x", email="x", rol="intaker")
        # A cheap scrypt hash: the logins fall before the measured period anyway, and the
        # server verifies with the parameters stored in the hash.
        voorbeeld.wachtwoord_hash = generate_password_hash(WACHTWOORD, method="scrypt:1024:8:1")
        with models.db.atomic():
            for u in range(aantal):
                gebruiker = models.Gebruiker.create(
                    naam=f"Medewerker {u:03d}",
                    email=f"m{u}@capaciteit.nl",
                    rol="intaker" if u % 2 else "klantmanager",
                    organisatie=organisatie,
                    wachtwoord_hash=voorbeeld.wachtwoord_hash,
                )
                klanten = []
                for k in range(KLANTEN_PER_ACCOUNT):
                    klant = models.Klant.create(
                        bsn=bsn(u * KLANTEN_PER_ACCOUNT + k),
                        achternaam=f"Cap{u}-{k}",
                        voornaam="Sam",
                        geboortedatum=datetime.date(1975 + k, 1, 1 + k),
                        organisatie=organisatie,
                        klantmanager=gebruiker,
                    )
                    klanten.append(klant.id)
                    historie = rnd.randint(0, MAX_HISTORIE)
                    rijen = []
                    for h in range(historie):
                        dag = datetime.date(2010, 1, 1) + datetime.timedelta(days=60 * h)
                        rijen.append(
                            {
                                "klant": klant.id,
                                "organisatie": organisatie.id,
                                "status": "definitief",
                                "meetdatum": dag,
                                "aanleiding": "jaarlijks",
                                "trede": rnd.randint(1, 6),
                                "antwoorden": "{}",
                                "invoerder": gebruiker.id,
                                "definitief_op": datetime.datetime.combine(dag, datetime.time(12)),
                                "volgende_meetdatum": dag + datetime.timedelta(days=60),
                            }
                        )
                    if rijen:
                        models.Meting.insert_many(rijen).execute()
                accounts.append((gebruiker.email, klanten))
    models.db.obj.close_all()  # the server processes have their own; none left open here
    return accounts


# --------------------------------------------------------------------------- the intakers


class Intaker:
    """One account working through metingen of its klanten, one action at a time: an action
    posts the page's answer and gets the page the answer leads to."""

    def __init__(self, port: int, email: str, klanten: list[int], meting: Meting, nummer: int):
        self.v = Verbinding(port, meting)
        self.email, self.klanten, self.nummer = email, klanten, nummer
        self.ronde = nummer
        self.url: str | None = None  # the page now open; None: the klant page comes next
        self.pagina = ""
        self.stap = "klantpagina"

    def login(self) -> None:
        _, _, pagina = self.v.verwacht("login", "GET", "/inloggen", 200)
        data = {"email": self.email, "wachtwoord": WACHTWOORD, "csrf_token": csrf(pagina)}
        self.v.verwacht("login", "POST", "/inloggen", 303, data)

    def actie(self) -> str:
        """One action; returns the kind of step it was (for the latency per step). The
        server closes an idle keep-alive connection after 2 s, well within the think time,
        so each action opens its own connection, as a browser would after 5 s."""
        try:
            return self._actie()
        finally:
            self.v.sluit()

    def _actie(self) -> str:
        v = self.v
        if self.url is None:  # open the next klant and start a meting: one action
            klant = self.klanten[self.ronde % len(self.klanten)]
            _, _, pagina = v.verwacht("klantpagina", "GET", f"/klanten/{klant}", 200)
            token = TOKEN.search(pagina)
            if not token:
                raise Fout("geen knop Nieuwe meting")
            data = {"token": token.group(1), "csrf_token": csrf(pagina)}
            _, url, _ = v.verwacht(
                "meting starten", "POST", f"/klanten/{klant}/metingen", 303, data
            )
            _, _, self.pagina = v.verwacht("meetmoment", "GET", url, 200)
            self.url = url
            return "klantpagina en meting starten"
        stap = self.url.rsplit("/", 1)[-1]
        velden = antwoorden(ROUTES[self.ronde % 2])
        if stap not in velden:
            raise Fout(f"onverwachte stap {stap}")
        data = {**velden[stap], "csrf_token": csrf(self.pagina)}
        _, url, _ = v.verwacht(stap, "POST", self.url, 303, data)
        if stap == "controle":
            _, _, self.pagina = v.verwacht("meting bekijken", "GET", url, 200)
            self.url = None
            self.ronde += 1
        else:
            _, _, self.pagina = v.verwacht(stap, "GET", url, 200)
            self.url = url
        return stap


def belast(port: int, intakers: list[Intaker], rate: float, seconden: float) -> dict:
    """Open loop at `rate` actions/s by rate × think time intakers; each action's latency
    counts from when it was due."""
    actief = intakers[: max(1, round(rate * DENKTIJD_S))]
    rnd = random.Random(int(rate * 1000))
    begin = time.monotonic() + 0.5
    einde = begin + seconden
    rij: list[tuple[float, int]] = []
    for i, _ in enumerate(actief):
        heapq.heappush(rij, (begin + rnd.uniform(0, DENKTIJD_S), i))
    lock = threading.Lock()
    tijden: dict[str, list[float]] = defaultdict(list)
    fouten: Counter = Counter()
    bezig: set[int] = set()

    def werker():
        while True:
            with lock:
                if not rij:
                    return
                moment, i = heapq.heappop(rij)
                if moment >= einde:
                    return
                if i in bezig:  # its previous action is still running: it waits for it
                    heapq.heappush(rij, (moment + 0.001, i))
                    continue
                bezig.add(i)
            wacht = moment - time.monotonic()
            if wacht > 0:
                time.sleep(wacht)
            try:
                soort = actief[i].actie()
                duur = time.monotonic() - moment
                with lock:
                    tijden[soort].append(duur)
            except Fout as fout:
                with lock:
                    fouten[str(fout)] += 1
                actief[i].url = None
                actief[i].ronde += 1
            with lock:
                bezig.discard(i)
                volgende = moment + DENKTIJD_S * rnd.uniform(0.8, 1.2)
                heapq.heappush(rij, (volgende, i))

    threads = [threading.Thread(target=werker, daemon=True) for _ in range(CLIENT_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconden + 120)
    alle = [t for ts in tijden.values() for t in ts]
    return {"tijden": tijden, "fouten": fouten, "acties": len(alle), "alle": alle}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="10,20,40,60,80,100,120", help="acties/s, oplopend")
    parser.add_argument("--seconds", type=float, default=15, help="duur per rate")
    parser.add_argument("--workers", type=int, default=1, help="WEB_CONCURRENCY")
    parser.add_argument("--threads", type=int, default=8, help="GUNICORN_THREADS")
    parser.add_argument("--database-url", default=None, help="standaard: een nieuwe SQLite")
    parser.add_argument("--strict", action="store_true", help="exitcode 1 als het doel mist")
    args = parser.parse_args()
    rates = sorted(float(r) for r in args.rates.split(","))
    seconden = max(3.0, min(args.seconds, 120.0))

    with tempfile.TemporaryDirectory(prefix="pl-bench-capaciteit-") as tmp:
        database_url = args.database_url or f"sqlite:///{Path(tmp) / 'capaciteit.db'}"
        begin = time.monotonic()
        accounts = vul_database(database_url, max(ACCOUNTS, round(max(rates) * DENKTIJD_S)))
        server = Server(database_url, args.threads, Path(tmp) / "gunicorn.log", args.workers)
        engine = "SQLite (WAL)" if database_url.startswith("sqlite") else "PostgreSQL"
        print(
            f"Capaciteit: open belasting, denktijd {DENKTIJD_S:g} s per intaker, {len(accounts)} "
            f"accounts, klanten met 0–{MAX_HISTORIE} eerdere metingen; gunicorn "
            f"{args.workers} × {args.threads} threads, {engine}, {os.cpu_count()} cores; "
            f"{seconden:g} s per rate; opzet {time.monotonic() - begin:.1f} s\n"
        )
        try:
            meting = Meting()
            nodig = min(len(accounts), round(max(rates) * DENKTIJD_S))
            intakers = [
                Intaker(server.port, email, klanten, meting, n)
                for n, (email, klanten) in enumerate(accounts[:nodig])
            ]
            for intaker in intakers:
                intaker.login()
                intaker.v.sluit()
            print(
                "| acties/s | intakers | acties | p50 ms | p99 ms | slechtste stap (p99 ms) "
                "| fouten | CPU server per actie | CPU client per actie |"
            )
            print("|---:|---:|---:|---:|---:|---|---:|---:|---:|")
            beste, binnen = 0.0, True
            for rate in rates:
                cpu0, klient0 = server.cpu_s(), time.process_time()
                uitslag = belast(server.port, intakers, rate, seconden)
                cpu1, klient1 = server.cpu_s(), time.process_time()
                alle = [t * 1000 for t in uitslag["alle"]]
                if not alle:
                    print(
                        f"| {rate:g} | – | 0 | – | – | – "
                        f"| {sum(uitslag['fouten'].values())} | – | – |"
                    )
                    continue
                per_stap = {
                    s: pct([t * 1000 for t in ts], 99) for s, ts in uitslag["tijden"].items() if ts
                }
                slechtst = max(per_stap.items(), key=lambda x: x[1])
                fouten = sum(uitslag["fouten"].values())
                acties = uitslag["acties"]
                print(
                    f"| {rate:g} | {rate * DENKTIJD_S:.0f} | {acties} | {pct(alle, 50):.1f} "
                    f"| {pct(alle, 99):.1f} | {slechtst[0]} ({slechtst[1]:.0f}) | {fouten} "
                    f"| {(cpu1 - cpu0) / acties * 1000:.1f} ms "
                    f"| {(klient1 - klient0) / acties * 1000:.1f} ms |"
                )
                for soort, aantal in sorted(meting.fouten.items()):
                    print(f"|   fout: {soort} | {aantal} |")
                meting.fouten.clear()
                # The capacity: the highest rate up to which every rate met the goal.
                binnen = binnen and slechtst[1] <= DOEL_P99_MS and fouten == 0
                if binnen:
                    beste = rate
                if slechtst[1] > 10 * DOEL_P99_MS or fouten:
                    break  # far above the capacity: higher rates only queue more
        finally:
            server.stop()
    intakers_gehaald = beste * DENKTIJD_S
    gehaald = intakers_gehaald >= DOEL_INTAKERS
    print(
        f"\n- {'gehaald' if gehaald else 'NIET gehaald'}: ≥ {DOEL_INTAKERS} gelijktijdige "
        f"intakers met p99 ≤ {DOEL_P99_MS:g} ms over elke stap en 0 fouten (gemeten: "
        f"{intakers_gehaald:.0f} intakers = {beste:g} acties/s)"
    )
    return 1 if args.strict and not gehaald else 0


if __name__ == "__main__":
    sys.exit(main())
