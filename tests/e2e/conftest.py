"""End-to-end fixtures: the production server (waitress) on a fresh SQLite database, a real
headless Chromium driven by Playwright, a login helper and an axe-core accessibility check.

Everything stays on the loopback interface and on disk: no browser download (Debian's
Chromium), no CDN (axe-core ships inside the axe-playwright-python wheel).
"""

import itertools
import json
import os
import socket
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
SERVER_START_TIMEOUT = 20  # seconds
TIMEOUT_MS = 10_000  # Playwright actions and expect(); auto-waiting, never a fixed sleep

# axe impacts that fail a test; "moderate" and "minor" are written to the artifact file.
FAILING_IMPACTS = {"serious", "critical"}


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


# --------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    naam: str
    rol: str


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

    def create_user(
        self,
        rol: str = "klantmanager",
        *,
        naam: str | None = None,
        email: str | None = None,
        organisatie: str = ORGANISATIE,
        password: str = PASSWORD,
    ) -> Account:
        """Create an account with the `create-user` command (as an operator would)."""
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
            "--wachtwoord",
            password,
        )
        return Account(email=email, password=password, naam=naam, rol=rol)


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


def do_login(page, email: str, password: str) -> None:
    """Fill in the Dutch login form at /inloggen and submit it with the button."""
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


@pytest.fixture
def login():
    """login(page, email, password): log in through the form (does not check the result)."""
    return do_login


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
        results = axe.run(page, options={"resultTypes": ["violations", "incomplete"]}).response
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

# What a keyboard user can reach with Tab, in the order of the DOM; radio buttons count once
# per group (arrow keys move within a group). An element is known by its outerHTML.
_TAB_STOPS_JS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => (el.type === 'radio' ? 'radio:' + el.name : el.outerHTML));
}"""

_FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    key: el.type === 'radio' ? 'radio:' + el.name : el.outerHTML,
    visibleFocus: outline || style.boxShadow !== 'none',
  };
}"""


def tab_through(page, max_presses: int = 80) -> list[dict]:
    """Press Tab until focus comes round again; returns every element that got focus
    ({"key": outerHTML, "visibleFocus": outline or box-shadow ring}), in order."""
    reached: list[dict] = []
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED_JS)
        if focused is None:  # focus left the document (browser UI); the next Tab returns
            continue
        if any(r["key"] == focused["key"] for r in reached):
            return reached
        reached.append(focused)
    raise AssertionError(f"na {max_presses} keer Tab kwam de focus niet rond: een focusval?")


@pytest.fixture
def keyboard_check():
    """keyboard_check(page): Tab reaches every focusable element (no trap, nothing skipped)
    and every tab stop shows a visible focus indicator (WCAG 2.1.1, 2.1.2, 2.4.7)."""

    def check(page) -> list[dict]:
        expected = list(dict.fromkeys(page.evaluate(_TAB_STOPS_JS)))
        reached = tab_through(page)
        keys = {r["key"] for r in reached}
        missing = [key[:100] for key in expected if key not in keys]
        assert not missing, f"met Tab niet bereikbaar: {missing}"
        invisible = [r["key"][:100] for r in reached if not r["visibleFocus"]]
        assert not invisible, f"geen zichtbare focus op: {invisible}"
        return reached

    return check


# --------------------------------------------------------------------------- reflow

_TOO_WIDE_JS = """(width) => [...document.body.querySelectorAll('*')]
  .filter((el) => !el.closest('table') && el.getBoundingClientRect().right > width + 1)
  .map((el) => el.outerHTML.slice(0, 100))"""


@pytest.fixture
def reflow_check():
    """reflow_check(page): at 320 CSS px wide (1280 px at 400 % zoom) nothing needs sideways
    scrolling except data tables, the exception WCAG 1.4.10 makes."""

    def check(page) -> None:
        page.set_viewport_size({"width": 320, "height": 640})
        too_wide = page.evaluate(_TOO_WIDE_JS, 320)
        assert not too_wide, f"breder dan 320 CSS-pixels: {too_wide}"

    return check
