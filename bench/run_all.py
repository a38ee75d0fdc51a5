"""Run every benchmark script in bench/ (what `make bench` does) and write their output, with
the command and the date, into docs/performance.md.

Only the part between the two markers below is rewritten, each script's section on its own
(so `--only load` replaces that one and keeps the others); whatever else the file says (the
analysis of the figures) stays as it is. Each script runs on its own, one after the other,
with its own defaults; a script that fails is reported with its exit code and the end of
its error output, and the others still run.

Run: .venv/bin/python bench/run_all.py [--only load --only pdf] [--timeout SECONDS]
"""

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "performance.md"
BEGIN = "<!-- make bench: begin (gegenereerd door bench/run_all.py, niet met de hand wijzigen) -->"
EINDE = "<!-- make bench: einde -->"
NIET = {
    "run_all.py",
    "__init__.py",
    "profiel.py",  # a tool, no goals
    "landelijk_data.py",  # modules of landelijk.py
    "landelijk_sql.py",
}
KOP = """# Prestaties

Meetresultaten van de benchmarks in `bench/`. `make bench` draait ze allemaal
(`.venv/bin/python bench/run_all.py`) en zet hun uitvoer hieronder, met commando en datum.
"""


def scripts(alleen: list[str]) -> list[Path]:
    gevonden = sorted(p for p in BENCH.glob("*.py") if p.name not in NIET)
    if alleen:
        gevonden = [p for p in gevonden if p.stem in alleen or p.name in alleen]
    return gevonden


def draai(script: Path, timeout: float) -> str:
    """Run one script; its section of the document."""
    commando = [sys.executable, str(script.relative_to(ROOT))]
    getoond = " ".join([".venv/bin/python", str(script.relative_to(ROOT))])
    datum = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"== {getoond} ({datum})", flush=True)
    drukte_voor = _load_average()
    begin = time.monotonic()
    try:
        result = subprocess.run(
            commando,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        uitvoer, fouten, code = result.stdout, result.stderr, result.returncode
    except subprocess.TimeoutExpired as error:
        uitvoer = error.stdout.decode() if isinstance(error.stdout, bytes) else error.stdout or ""
        fouten, code = f"afgebroken na {timeout:g} s", "time-out"
    duur = time.monotonic() - begin
    print(uitvoer, end="" if uitvoer.endswith("\n") else "\n", flush=True)
    if code != 0:
        print(fouten[-3000:], file=sys.stderr, flush=True)
    regels = [
        f"### `{script.relative_to(ROOT)}`",
        "",
        f"- commando: `{getoond}`",
        f"- datum: {datum}",
        f"- duur: {duur:.0f} s; exitcode: {code}",
        f"- load average van de machine (1 min) bij begin en einde: {drukte_voor} en "
        f"{_load_average()} (ook andere processen dan deze benchmark tellen mee)",
        "",
        "```text",
        uitvoer.rstrip() or "(geen uitvoer)",
        "```",
    ]
    if code != 0:
        regels += ["", "Foutuitvoer (einde):", "", "```text", fouten.rstrip()[-3000:], "```"]
    return "\n".join(regels)


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "onbekend"


def _markers(naam: str) -> tuple[str, str]:
    return f"<!-- {naam}: begin -->", f"<!-- {naam}: einde -->"


def schrijf(secties: dict[str, str], bestaand: set[str]) -> None:
    """Put this run's sections into the document; keep those of scripts not run this time
    (unless the script no longer exists)."""
    tekst = DOC.read_text() if DOC.exists() else KOP
    oud = {}
    if BEGIN in tekst and EINDE in tekst:
        voor, rest = tekst.split(BEGIN, 1)
        blok, na = rest.split(EINDE, 1)
        for match in re.finditer(r"<!-- (\S+): begin -->\n(.*?)\n<!-- \1: einde -->", blok, re.S):
            oud[match.group(1)] = match.group(2)
    else:
        voor, na = tekst.rstrip() + "\n\n", "\n"
    alles = {naam: deel for naam, deel in oud.items() if naam in bestaand} | secties
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    delen = [BEGIN, "## Uitvoer van `make bench`", "", f"Machine: {machine}.", ""]
    for naam in sorted(alles):
        begin, einde = _markers(naam)
        delen += [begin, alles[naam], einde, ""]
    delen.append(EINDE)
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(voor + "\n".join(delen) + na)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], help="alleen dit script")
    parser.add_argument("--timeout", type=float, default=3600, help="per script, in seconden")
    args = parser.parse_args()
    gekozen = scripts(args.only)
    if not gekozen:
        print("geen benchmarkscripts gevonden", file=sys.stderr)
        return 1
    secties = {str(p.relative_to(ROOT)): draai(p, args.timeout) for p in gekozen}
    schrijf(secties, {str(p.relative_to(ROOT)) for p in scripts([])})
    print(f"Uitvoer geschreven naar {DOC.relative_to(ROOT)}")
    return 0 if all("exitcode: 0" in s for s in secties.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
