"""End-to-end fixtures: the production server (waitress) on a fresh SQLite database, a real
headless Chromium driven by Playwright, a login helper and an axe-core accessibility check.

Everything stays on the loopback interface and on disk: no browser download (Debian's
Chromium), no CDN (axe-core ships inside the axe-playwright-python wheel).
"""

import contextlib
import itertools
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACT = ROOT / "test-artifacts" / "axe-incomplete.json"
E2E_DIR = Path(__file__).resolve().parent

# Not guessable for zxcvbn (score >= 3) and at least 12 characters.
PASSWORD = "blauwe tram rijdt door utrecht"
ORGANISATIE = "Gemeente Testdorp"
PARTNER_ORGANISATIE = "Werkfit Re-integratie"  # a partner of Gemeente Testdorp
DEMO_ORGANISATIE = "Gemeente Voorbeeldstad"  # commands.py: init-demo and demo-data
SERVER_START_TIMEOUT = 20  # seconds
TIMEOUT_MS = 10_000  # Playwright actions and expect(); auto-waiting, never a fixed sleep

# axe impacts that fail a test; "moderate" and "minor" are written to the artifact file.
FAILING_IMPACTS = {"serious", "critical"}
# AXE_ALLE_REGELS=1: every rule axe has, not only the default set (WCAG 2.0/2.1 A and AA and
# best practices).
AXE_ALLE_TAGS = [
    "wcag2a",
    "wcag2aa",
    "wcag2aaa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
    "experimental",
]


def pytest_collection_modifyitems(config, items):
    """Every test under tests/e2e is a browser test; skip them all without Chromium."""
    skip = None
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(
            reason=f"{CHROMIUM} ontbreekt; `make test` (scripts/ensure-test-tools.sh) "
            "installeert het Debian-pakket chromium"
        )
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if skip is not None:
                item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows the end of the server's log (tracebacks of a 500)."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("live_server")
    if report.failed and report.when == "call" and server is not None:
        report.sections.append(("waitress.log (einde)", server.log()))


# --------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    naam: str
    rol: str
    organisatie: str = ORGANISATIE


class LiveServer:
    """The app served by waitress in a subprocess, as in production."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.database_url = f"sqlite:///{workdir / 'e2e.db'}"
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "e2e-test-secret-key-niet-voor-productie",
            "SESSION_COOKIE_SECURE": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self.env.pop("FLASK_APP", None)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "waitress.log"
        self._process: subprocess.Popen | None = None
        self._counter = itertools.count(1)

    # -- lifecycle

    def start(self) -> None:
        self.flask("db", "upgrade")
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    str(BIN / "waitress-serve"),
                    "--host=127.0.0.1",
                    f"--port={self.port}",
                    "--threads=4",
                    "--call",
                    "app:create_app",
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"waitress stopte meteen:\n{self.log()}")
            try:
                with opener.open(f"{self.url}/gezondheid", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)  # polling a starting process, not waiting for a page
        self.stop()
        raise RuntimeError(
            f"waitress antwoordde niet binnen {SERVER_START_TIMEOUT} s:\n{self.log()}"
        )

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    # -- helpers

    def flask(self, *args: str) -> str:
        """Run `flask --app app …` against this server's database; returns its output."""
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "app", *args],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"flask {' '.join(args[:1])} faalde:\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    def unique(self, prefix: str) -> str:
        """A value unique within this test run (e-mail addresses must be unique)."""
        return f"{prefix}{next(self._counter)}"

    def unique_bsn(self) -> str:
        """A BSN that passes the 11-proef and is new in this test run."""
        while True:
            digits = [int(d) for d in f"{next(self._counter) + 10_000_000:08d}"]
            total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
            check = total % 11  # the last digit counts -1: total - check must divide by 11
            if check < 10:
                return "".join(map(str, digits)) + str(check)

    def create_user(
        self,
        rol: str = "klantmanager",
        *,
        naam: str | None = None,
        email: str | None = None,
        organisatie: str = ORGANISATIE,
        soort: str = "gemeente",
        password: str = PASSWORD,
    ) -> Account:
        """Create an account with the `create-user` command (as an operator would); the
        organisation is made, of this soort, when it does not exist yet."""
        n = self.unique("")
        naam = naam or f"Test {rol.capitalize()} {n}"
        email = email or f"{rol}{n}@testdorp.nl"
        self.flask(
            "create-user",
            "--email",
            email,
            "--naam",
            naam,
            "--rol",
            rol,
            "--organisatie",
            organisatie,
            "--soort",
            soort,
            "--nieuwe-organisatie",  # the first account makes it; later ones join it
            "--wachtwoord",
            password,
        )
        # create-user gives a one-time password that must be changed at the first login;
        # the browser tests share these accounts and their password, so the operator's
        # first password stays. The forced change has its own test (test_pages.py).
        pad = self.database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(pad)) as conn, conn:
            conn.execute("UPDATE gebruiker SET wachtwoord_wijzigen = 0 WHERE email = ?", (email,))
        return Account(email=email, password=password, naam=naam, rol=rol, organisatie=organisatie)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("e2e"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def beheerder(live_server) -> Account:
    """A beheerder of Gemeente Testdorp, shared by the tests that only read."""
    return live_server.create_user("beheerder", naam="Bea Beheerder")


@pytest.fixture(scope="session")
def klantmanager(live_server) -> Account:
    """A klantmanager of Gemeente Testdorp, shared by the tests that only read."""
    return live_server.create_user("klantmanager", naam="Karim Klantmanager")


@pytest.fixture(scope="session")
def manager(live_server) -> Account:
    """A manager of Gemeente Testdorp: keeps the catalogue of instruments and the projects."""
    return live_server.create_user("manager", naam="Mees Manager")


@pytest.fixture(scope="session")
def partner(live_server) -> Account:
    """A user of a re-integratiebedrijf (a partner organisation, not a gemeente)."""
    return live_server.create_user(
        "partner", naam="Pien Partner", organisatie=PARTNER_ORGANISATIE, soort="reintegratiebedrijf"
    )


@pytest.fixture(scope="session")
def demo_manager(live_server) -> Account:
    """A manager of the demo organisation with its demo data (`flask init-demo` and
    `flask demo-data`): klanten with a few years of metingen, so the reports count something."""
    live_server.flask("init-demo")
    live_server.flask("demo-data", "--aantal", "40")
    return live_server.create_user("manager", naam="Daan Demo", organisatie=DEMO_ORGANISATIE)


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh browser context (no cookies, no history) for every test."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page_errors():
    """JavaScript errors and console errors (such as CSP violations) of `page`."""
    return []


@pytest.fixture
def page(context, page_errors):
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda msg: msg.type == "error" and page_errors.append(msg.text))
    return page


class Phone:
    """The authenticator app of every test account: keeps the TOTP secret shown at enrolment
    and never offers a code twice (the server refuses a replayed code)."""

    STEP = 30  # seconds, RFC 6238

    def __init__(self):
        self.secrets: dict[str, str] = {}
        self.last_step: dict[str, int] = {}

    def enrol(self, email: str, secret: str) -> None:
        self.secrets[email] = secret.replace(" ", "")
        self.last_step.pop(email, None)

    def code(self, email: str) -> str:
        import pyotp

        now = int(time.time() // self.STEP)
        step = max(now, self.last_step.get(email, now - 1) + 1)
        if step > now + 1:  # the server accepts one step of clock drift, no more
            raise RuntimeError(
                f"{email} logde binnen {self.STEP} s al twee keer in met een code; "
                "gebruik een eigen account (live_server.create_user()) of login_as"
            )
        self.last_step[email] = step
        return pyotp.TOTP(self.secrets[email]).at(step * self.STEP)


_SECOND_STEP = re.compile(r"^(Tweestapsverificatie instellen|Inloggen: tweede stap)")


# The start page, or first the page where a one-time password is replaced.
_NA_INLOGGEN = re.compile(r"^(Welkom|Kies uw eigen wachtwoord)")


class Login:
    """login(page, email, password): log in through the Dutch forms like a person: the
    password at /inloggen, then the second factor (enrolling the authenticator app on the
    first login and continuing past the recovery codes). Stops early, on the page with the
    error summary, when the password is refused."""

    def __init__(self, phone: Phone):
        self.phone = phone

    def __call__(self, page, email: str, password: str) -> None:
        if self.password_step(page, email, password):
            self.second_step(page, email)

    def password_step(self, page, email: str, password: str) -> bool:
        """Fill in and send the login form; True when the second step is asked for."""
        from playwright.sync_api import expect

        page.goto("/inloggen")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        h1 = page.get_by_role("heading", level=1)
        next_page = h1.filter(has_text=_SECOND_STEP).or_(h1.filter(has_text=_NA_INLOGGEN))
        expect(page.get_by_role("alert").or_(next_page).first).to_be_visible()
        return h1.filter(has_text=_SECOND_STEP).count() == 1

    def second_step(self, page, email: str) -> None:
        """On the enrolment or code page: give a valid code and reach the start page."""
        from playwright.sync_api import expect

        h1 = page.get_by_role("heading", level=1)
        code_field = page.get_by_label("Code uit uw authenticator-app")
        if h1.filter(has_text="Tweestapsverificatie instellen").count():
            self.phone.enrol(email, page.locator(".geheim").inner_text())
            code_field.fill(self.phone.code(email))
            page.get_by_role("button", name="Tweestapsverificatie instellen").click()
            expect(h1).to_have_text("Uw herstelcodes")
            page.get_by_role("link", name="ga verder").click()
        else:
            code_field.fill(self.phone.code(email))
            page.get_by_role("button", name="Code controleren").click()
        expect(h1).to_have_text(_NA_INLOGGEN)


@pytest.fixture(scope="session")
def phone() -> Phone:
    return Phone()


@pytest.fixture
def login(phone) -> Login:
    """login(page, email, password), and login.password_step / login.second_step."""
    return Login(phone)


@pytest.fixture(scope="session")
def _session_cookies() -> dict:
    return {}


@pytest.fixture
def login_as(_session_cookies, login):
    """login_as(page, account): be logged in as account. The first time through the forms,
    after that with the same session cookie (a login costs a second: scrypt and the second
    factor, whose codes may not be reused within 30 s). Tests that log out or end sessions
    must use `login` with an account of their own: they would end the shared session."""

    def login_as(page, account: Account) -> None:
        cookies = _session_cookies.get(account.email)
        if cookies:
            page.context.add_cookies(cookies)
            return
        login(page, account.email, account.password)
        _session_cookies[account.email] = page.context.cookies()

    return login_as


class Steps:
    """What many browser tests do on the way to the page they are about, through the pages
    as a person does: register a klant, answer a meting, switch to another account."""

    def __init__(self, live_server: "LiveServer", login_as):
        self.live_server = live_server
        self.login_as = login_as

    def switch_user(self, page, account: Account) -> None:
        """Continue in the same browser as another account (its own shared session)."""
        page.context.clear_cookies()
        self.login_as(page, account)

    def register_klant(self, page, voornaam: str = "Anouk", achternaam: str | None = None) -> str:
        """Register a new klant; ends on the klant page. Returns the (unique) achternaam."""
        from playwright.sync_api import expect

        achternaam = achternaam or f"Klant{self.live_server.unique('')}"
        page.goto("/klanten/nieuw")
        page.get_by_label("BSN").fill(self.live_server.unique_bsn())
        page.get_by_label("Voornaam").fill(voornaam)
        page.get_by_label("Achternaam").fill(achternaam)
        birth = page.get_by_role("group", name="Geboortedatum")
        birth.get_by_label("Dag").fill("17")
        birth.get_by_label("Maand").fill("3")
        birth.get_by_label("Jaar").fill("1988")
        page.get_by_role("radio", name="Vrouw").check()
        page.get_by_role("button", name="Klant registreren").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{voornaam} {achternaam}")
        return achternaam

    def start_meting(self, page) -> None:
        """On the klant page: start a meting; ends on the meetmoment page."""
        from playwright.sync_api import expect

        page.get_by_role("button", name="Nieuwe meting").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Meetmoment")

    def meetmoment(self, page, datum: tuple[int, int, int] | None = None) -> None:
        """An intake meting, on today (or on datum: dag, maand, jaar), with the questions."""
        if datum is not None:
            group = page.get_by_role("group", name="Meetdatum")
            for label, value in zip(("Dag", "Maand", "Jaar"), datum, strict=True):
                group.get_by_label(label).fill(str(value))
        page.get_by_role("radio", name="Intake / eerste contact").check()
        page.get_by_role("button", name="Meetmoment opslaan en verder").click()

    def answer(self, page, ja: bool) -> None:
        """Answer the question (of table 3.1 or 3.2) on this page."""
        from playwright.sync_api import expect

        expect(page.get_by_role("heading", level=1)).to_contain_text("?")
        page.get_by_role("radio", name="Ja" if ja else "Nee").check()
        page.get_by_role("button", name="Antwoord opslaan en verder").click()

    def kenmerken(self, page) -> None:
        """Answer every klantkenmerk not answered yet (its last option); keep the rest."""
        from playwright.sync_api import expect

        expect(page.get_by_role("heading", level=1)).to_have_text("Klantkenmerken en werkproces")
        form = page.locator("main form")
        for name in form.evaluate(
            "f => [...new Set([...f.querySelectorAll('[type=radio]')].map(r => r.name))]"
        ):
            if not form.locator(f'input[name="{name}"]:checked').count():
                form.locator(f'input[name="{name}"]').last.check()
        page.get_by_role("button", name="Kenmerken opslaan en verder").click()

    def complete_meting(
        self,
        page,
        antwoorden: tuple[bool, ...],
        groei: bool | None = None,
        datum: tuple[int, int, int] | None = None,
    ) -> None:
        """From the klant page to the saved meting: the questions of table 3.1 (antwoorden),
        the growth question (treden 1-5), no subgroep, the kenmerken. Ends on the meting."""
        from playwright.sync_api import expect

        h1 = page.get_by_role("heading", level=1)
        self.start_meting(page)
        self.meetmoment(page, datum)
        for antwoord in antwoorden:
            self.answer(page, antwoord)
        expect(h1).to_contain_text("Uitkomst: trede")
        page.get_by_role("button", name=re.compile(r"^Trede \d bevestigen$")).click()
        if groei is not None:
            self.answer(page, groei)
        expect(h1).to_have_text("Tot welke subgroepen hoort de klant?")
        page.get_by_role("checkbox", name="De klant hoort bij geen van deze subgroepen").check()
        page.get_by_role("button", name="Subgroepen opslaan en verder").click()
        self.kenmerken(page)
        expect(h1).to_have_text("Controleer uw antwoorden")
        page.get_by_role("button", name="Meting opslaan").click()
        expect(h1).to_contain_text("Meting van")


@pytest.fixture
def steps(live_server, login_as) -> Steps:
    """steps.register_klant(page), steps.complete_meting(page, antwoorden), ..."""
    return Steps(live_server, login_as)


# --------------------------------------------------------------------------- axe-core


class AxeRecorder:
    """Collects what axe could not decide (incomplete) and the moderate/minor violations of
    every checked page; written to test-artifacts/axe-incomplete.json for a human review."""

    def __init__(self):
        self.pages: dict[str, dict] = {}

    def add(self, name: str, url: str, incomplete: list, minor_violations: list) -> None:
        self.pages[name] = {
            "url": url,
            "incomplete": [_summary(item) for item in incomplete],
            "violations_not_failing": [_summary(item) for item in minor_violations],
        }

    def write(self, path: Path) -> None:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        if worker:
            path = path.with_name(f"{path.stem}-{worker}{path.suffix}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(dict(sorted(self.pages.items())), indent=2, ensure_ascii=False))


def _summary(item: dict) -> dict:
    return {
        "id": item["id"],
        "impact": item.get("impact"),
        "help": item["help"],
        "helpUrl": item.get("helpUrl"),
        "nodes": [
            {
                "target": node["target"],
                "html": node.get("html", ""),
                "messages": sorted(
                    {
                        check["message"]
                        for check in node.get("any", [])
                        + node.get("all", [])
                        + node.get("none", [])
                    }
                ),
            }
            for node in item["nodes"]
        ],
    }


@pytest.fixture(scope="session")
def axe_recorder():
    recorder = AxeRecorder()
    yield recorder
    if recorder.pages:
        recorder.write(ARTIFACT)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()  # reads axe.min.js from the installed package: offline


def _format_violations(violations: list) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_check(axe, axe_recorder, request):
    """axe_check(page, name=None): run axe-core on the current page; fail on every serious or
    critical violation; record and return the incomplete items (to be judged by a human)."""

    def check(page, name: str | None = None, *, record: bool = True) -> list:
        options = {"resultTypes": ["violations", "incomplete"]}
        if os.environ.get("AXE_ALLE_REGELS") == "1":  # for an audit: also AAA, WCAG 2.2 and
            options["runOnly"] = {"type": "tag", "values": AXE_ALLE_TAGS}  # experimental rules
        results = axe.run(page, options=options).response
        failing = [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]
        others = [v for v in results["violations"] if v.get("impact") not in FAILING_IMPACTS]
        name = name or request.node.name
        if record:
            axe_recorder.add(name, page.url, results["incomplete"], others)
        if failing:
            pytest.fail(
                f"axe-core {results['testEngine']['version']} vond {len(failing)} ernstige of "
                f"kritieke overtreding(en) op {name} ({page.url}):\n{_format_violations(failing)}",
                pytrace=False,
            )
        return results["incomplete"]

    return check


# --------------------------------------------------------------------------- keyboard

# What a keyboard user can reach with Tab, in the order of the DOM. An element is known by its
# position in the document (two links may look alike); a radio group counts once, since the
# arrow keys move within it.
_KEY_JS = """(el) => el.type === 'radio' ? 'radio:' + el.name
  : 'element:' + [...document.getElementsByTagName('*')].indexOf(el)"""

_TAB_STOPS_JS = f"""() => {{
  const key = {_KEY_JS};
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)]
    // checkVisibility: also false inside a closed <details> (content-visibility: hidden),
    // whose controls Tab rightly skips until the summary opens it.
    .filter((el) => el.checkVisibility({{visibilityProperty: true}}))
    .map((el) => ({{key: key(el), html: el.outerHTML.slice(0, 100)}}));
}}"""

_RECORD_FOCUS_JS = f"""() => {{
  const key = {_KEY_JS};
  window.__tabStops = [];
  document.addEventListener('focusin', (event) => {{
    const el = event.target;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    window.__tabStops.push({{
      key: key(el),
      html: el.outerHTML.slice(0, 100),
      visibleFocus: outline || style.boxShadow !== 'none',
    }});
  }}, true);
}}"""


def tab_through(page) -> list[dict]:
    """Press Tab once round the page (and a little further): returns every element that got
    focus ({"key", "html", "visibleFocus": an outline or a box-shadow ring}), in order."""
    expected = len({stop["key"] for stop in page.evaluate(_TAB_STOPS_JS)})
    page.evaluate(_RECORD_FOCUS_JS)
    for _ in range(expected + 3):  # + the browser's own stop after the last element
        page.keyboard.press("Tab")
    reached = page.evaluate("window.__tabStops")
    return list({stop["key"]: stop for stop in reached}.values())


@pytest.fixture
def keyboard_check():
    """keyboard_check(page): Tab reaches every focusable element (no trap, nothing skipped)
    and every tab stop shows a visible focus indicator (WCAG 2.1.1, 2.1.2, 2.4.7)."""

    def check(page) -> list[dict]:
        expected = page.evaluate(_TAB_STOPS_JS)
        reached = tab_through(page)
        keys = {r["key"] for r in reached}
        missing = list(dict.fromkeys(e["html"] for e in expected if e["key"] not in keys))
        assert not missing, f"met Tab niet bereikbaar: {missing}"
        invisible = [r["html"] for r in reached if not r["visibleFocus"]]
        assert not invisible, f"geen zichtbare focus op: {invisible}"
        return reached

    return check


# --------------------------------------------------------------------------- reflow

_TOO_WIDE_JS = """(width) => {
  // Data tables may scroll sideways: measure the page without them.
  const tables = [...document.querySelectorAll('table')];
  const saved = tables.map((table) => table.style.display);
  tables.forEach((table) => { table.style.display = 'none'; });
  const total = document.documentElement.scrollWidth;
  const culprits = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > width + 1
      || (getComputedStyle(el).display !== 'inline' && el.scrollWidth > el.clientWidth + 1
          && getComputedStyle(el).overflowX === 'visible'))
    .map((el) => el.outerHTML.slice(0, 100));
  tables.forEach((table, i) => { table.style.display = saved[i]; });
  return total > width ? {total, culprits} : null;
}"""


@pytest.fixture
def reflow_check():
    """reflow_check(page): at 320 CSS px wide (1280 px at 400 % zoom) nothing needs sideways
    scrolling except data tables, the exception WCAG 1.4.10 makes."""

    def check(page) -> None:
        viewport = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        too_wide = page.evaluate(_TOO_WIDE_JS, 320)
        page.set_viewport_size(viewport)
        assert too_wide is None, (
            f"breder dan 320 CSS-pixels ({too_wide['total']} px): {too_wide['culprits']}"
        )

    return check


# --------------------------------------------------------------------------- error summary

_SUMMARY_LINKS_JS = """() => [...document.querySelectorAll('[role=alert] a[href^="#"]')]
  .map((a) => {
  const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  const control = target && target.matches('input, select, textarea, button, [tabindex]')
    && !target.disabled && target.getClientRects().length > 0;
  return {link: a.textContent.trim(), href: a.getAttribute('href'), ok: Boolean(control)};
})"""


@pytest.fixture
def error_summary_check():
    """error_summary_check(page): every link in the error summary leads to a visible form
    control on the page, which then gets focus (WCAG 2.4.3, 3.3.1); with an error summary,
    the page title starts with "Fout:" (the first thing a screen reader says, 2.4.2)."""

    def check(page) -> None:
        broken = [link for link in page.evaluate(_SUMMARY_LINKS_JS) if not link["ok"]]
        assert not broken, f"links in de foutsamenvatting zonder veld om naartoe te gaan: {broken}"
        summary = page.locator(".foutsamenvatting").filter(has_text="Er is een probleem")
        if summary.count():
            assert page.title().startswith("Fout: "), f"titel zonder 'Fout:': {page.title()}"

    return check
