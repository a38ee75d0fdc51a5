"""Hostile form values for the fuzz tests: control characters, NUL bytes, 10k+ strings,
right-to-left text and combining marks, HTML/JS and SQL payloads, impossible dates and wrong
types (several values where one is expected, missing fields, unknown choices, unknown keys).

A form is described as {field name: strategy of valid values}; `form_data` turns that into
posts in which each field is valid, hostile, a list, or missing, so that Hypothesis reaches
both the rejections and the accepted saves (and everything in between)."""

import csv
import html.parser
import io
import zipfile

import openpyxl
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

MISSING = object()  # the field is left out of the post altogether

XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
)
SQL = (
    "' OR 1=1 --",
    "; DROP TABLE klant;",
    "Robert'); DROP TABLE klant;--",
    "1; DELETE FROM meting",
    '" OR ""="',
)
VREEMD = (
    "\x00",
    "a\x00b",
    "\x00" * 3 + "<script>alert(1)</script>",
    "\r\n\t\x0b\x0c\x1b[31m\x7f",
    "\u202eevil\u202c",  # right-to-left override
    "שלום עולם",
    "مرحبا",
    "e\u0301\u0301\u0301\u0301",  # combining marks
    "Z\u0364\u0354\u0367\u0311a\u0308\u0316l\u036e\u0312g\u0301o\u0319",
    "\ufeff\u200b\u200d",
    "😀👨‍👩‍👧",
    "{{7*7}}",
    "${7*7}",
    "%00",
    "../../etc/passwd",
    " ",
    "",
)
GETALLEN = (
    "0",
    "-1",
    "99999999999999999999",  # beyond a 64-bit integer
    "9223372036854775808",
    "1e309",
    "NaN",
    "0x10",
    "1.5",
    "²",  # str.isdigit() is True, int() refuses it
    "٣",  # an Arabic-Indic digit: int() accepts it
    "３",  # a full-width digit
)
LANG = (
    "A" * 10_001,
    "<script>alert(1)</script>" * 420,
    "é" * 10_000,
    "9" * 12_000,
    "\u202e" + "x\u0301" * 6_000,
    "\x00" * 10_001,
)
PAYLOADS = XSS + SQL + VREEMD + GETALLEN


def hostile_text() -> st.SearchStrategy[str]:
    """One hostile string."""
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.text(max_size=30),  # any code point but surrogates: control characters included
        st.sampled_from(LANG),
        st.builds(lambda a, b: a + b, st.sampled_from(XSS + SQL), st.text(max_size=8)),
    )


class Veld:
    """A form field: its valid values, and everything it may be sent as."""

    def __init__(self, geldig: st.SearchStrategy, *, missing: bool = True):
        self.geldig = geldig
        opties = [
            geldig,
            hostile_text(),
            st.lists(st.one_of(geldig, hostile_text()), min_size=2, max_size=3),
        ]
        if missing:
            opties.append(st.just(MISSING))
        self.alles = st.one_of(*opties)


def veld(valid: st.SearchStrategy, *, missing: bool = True) -> Veld:
    """A field's value: valid, hostile, several values at once, or left out."""
    return Veld(valid, missing=missing)


def keuze(*valid: str) -> Veld:
    """A choice field: one of the valid values, or anything else."""
    return Veld(st.sampled_from(valid))


DAGEN = ("31", "30", "29", "0", "00", "32", "-1", "1.5", "٣", "²", " 1 ", "")
MAANDEN = ("2", "02", "0", "00", "13", "-1", "١", "")
JAREN = ("0", "0000", "1", "1899", "9999", "99999", "-2026", "2026.0", "۲۰۲۰", "")
ONMOGELIJK = (
    ("31", "2", "2026"),
    ("29", "2", "2025"),
    ("30", "02", "2024"),
    ("0", "13", "2026"),
    ("00", "00", "0000"),
    ("1", "1", "0"),
    ("1", "1", "99999"),
    ("-1", "-1", "-2026"),
    ("31", "12", "9999"),
    ("1", "1", "0001"),
)


def datum(naam: str, *geldig: tuple[str, str, str]) -> dict[str, Veld]:
    """The three boxes of a DatumField: valid dates, impossible dates, or hostile parts."""
    los = st.tuples(*(veld(st.sampled_from(delen)).alles for delen in (DAGEN, MAANDEN, JAREN)))
    veldje = Veld(st.sampled_from(geldig))
    veldje.alles = st.one_of(st.sampled_from(geldig + ONMOGELIJK), los)
    return {f"{naam}-datum": veldje}


@st.composite
def form_data(draw, spec: dict[str, Veld]) -> dict:
    """Posts for a form. Mostly all fields valid but one or two (hostile, a list, missing),
    so that the deep paths of the views are reached; sometimes anything goes. MISSING ones
    are left out, dates split into their three boxes, and now and then a field is added
    that the form does not know."""
    namen = list(spec)
    if draw(st.sampled_from(("gericht", "gericht", "gericht", "vrij"))) == "gericht":
        slecht = draw(st.sets(st.sampled_from(namen), max_size=2)) if namen else set()
    else:
        slecht = set(namen)
    data = {n: draw(spec[n].alles if n in slecht else spec[n].geldig) for n in namen}
    onbekend = draw(
        st.dictionaries(
            st.sampled_from(("id", "organisatie_id", "status", "invoerder", "x\x00y", "<b>")),
            hostile_text(),
            max_size=2,
        )
    )
    return _vlak((data, onbekend))


def _vlak(pair) -> dict:
    data, extra = pair
    out = {}
    for key, value in data.items():
        if key.endswith("-datum"):
            naam = key.removesuffix("-datum")
            for deel, waarde in zip(("dag", "maand", "jaar"), value, strict=True):
                if waarde is not MISSING:
                    out[f"{naam}-{deel}"] = waarde
        elif value is not MISSING:
            out[key] = value
    for key, value in extra.items():
        out.setdefault(key, value)
    return out


# How the CSRF token travels with a post: mostly the real one, sometimes not at all, a
# forged one, or a list whose first value is forged.
CSRF = st.sampled_from(("echt", "echt", "echt", "echt", "echt", "weg", "vals", "lijst"))


def met_csrf(data: dict, mode: str, token: str) -> dict:
    data = dict(data)
    data.pop("csrf_token", None)
    if mode == "echt":
        data["csrf_token"] = token
    elif mode == "vals":
        data["csrf_token"] = token[:-4] + "AAAA"
    elif mode == "lijst":
        data["csrf_token"] = ["vals", token]
    return data


# --- reflection ------------------------------------------------------------------------


class _Scanner(html.parser.HTMLParser):
    """Finds what only an unescaped payload can produce: an element with an on…= handler
    running alert(), an element injected by a payload, or a <script> that calls alert()."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") and "alert(" in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and ("src", "x") in attrs:
            self.found.append("<img src=x>")
        # The reports draw their charts as inline SVG: only one with a handler is injected.
        if tag == "svg" and any(name.startswith("on") for name, _ in attrs):
            self.found.append("<svg on…>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.found.append("<script>alert(…)")


RAW = ("<script>alert(1)", "<img src=x onerror=", "<svg onload=")


def unescaped(body: str) -> list[str]:
    """The payloads that appear unescaped in this HTML (empty when all is escaped)."""
    found = [raw for raw in RAW if raw in body]
    scanner = _Scanner()
    scanner.feed(body)
    scanner.close()
    return found + scanner.found


def elfproef_bsn(n: int) -> str:
    """A valid BSN (11-proef) derived from n; different n give different BSNs."""
    base = 10_000_000 + n * 13
    while True:
        digits = [int(d) for d in f"{base % 100_000_000:08d}"]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and (digits[0] or check):
            return "".join(map(str, digits)) + str(check)
        base += 1


# --- amounts -----------------------------------------------------------------------------

# What a Decimal() accepts besides plain numbers, and Dutch habits taken too far.
BEDRAGEN = (
    "2.500,00",
    "€ 75",
    "2500.50",
    "0,001",
    "-0",
    "-1",
    "9999999,99",
    "10000000",
    "sNaN",
    "NaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "1E-400",
    "1_000",
    "1.2.3,4,5",
    "€",
    ",",
    "٣٫٥",
    "9" * 400,
)


def bedrag(*geldig: str) -> Veld:
    """An amount field: a valid amount, a strange number, or anything hostile."""
    veldje = Veld(st.sampled_from(geldig))
    veldje.alles = st.one_of(st.sampled_from(BEDRAGEN), veldje.alles)
    return veldje


# --- uploaded files ----------------------------------------------------------------------


def _zip(leden: dict[str, bytes], methode: int = zipfile.ZIP_DEFLATED) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", methode) as zf:
        for naam, inhoud in leden.items():
            zf.writestr(naam, inhoud)
    return output.getvalue()


def _xlsx(rijen: list[list[str]]) -> bytes:
    boek = openpyxl.Workbook()
    for rij in rijen:
        # openpyxl refuses control characters a workbook cannot hold; a real file has none.
        boek.active.append([ILLEGAL_CHARACTERS_RE.sub("", w) for w in rij])
    output = io.BytesIO()
    boek.save(output)
    return output.getvalue()


def _csv(rijen: list[list[str]], scheiding: str, codering: str) -> bytes:
    output = io.StringIO()
    csv.writer(output, delimiter=scheiding).writerows(rijen)
    tekst = output.getvalue()
    if codering == "utf-8-sig":
        return ("\ufeff" + tekst).encode("utf-8", "surrogatepass")
    return tekst.encode(codering, "replace")


# Files that are no CSV or XLSX at all, or are one only in name.
VREEMDE_BESTANDEN = (
    b"",
    b"\x00" * 64,
    b"\xef\xbb\xbf",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"PK\x03\x04rommel",
    b"MZ\x90\x00\x03\x00\x00\x00",
    b"%PDF-1.7\n%\xe2\xe3",
    "bsn;achternaam\n123456782;Één".encode("utf-16"),
    b"bsn;achternaam\r123456782;Poel\r",
    b'bsn;achternaam\n"123456782;Poel\n',
    b"bsn;achternaam\n" + b"A" * 200_000 + b";Lang\n",
    b"\x81\x8d\x8f\x90\x9d;\xff\xfe\n",
    b"bsn\n" + b"123456782\n" * 2_000,
    _zip({"xl/workbook.xml": b"<workbook/>"}),
    _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<?xml version='1.0'?><"}),
    _zip({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
    _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * 2_000_000}),
    _zip({f"xl/{n}.xml": b"" for n in range(1_200)}),
)
BESTANDSNAMEN = (
    "import.csv",
    "werkmap.xlsx",
    "IMPORT.CSV",
    "Werkmap.XLSX",
    "macro.xlsm",
    "werkmap.xlsb",
    "foto.png",
    "geen_extensie",
    "",
    ".csv",
    "../../etc/passwd.csv",
    "..\\..\\boot.ini.xlsx",
    "<script>alert(1)</script>.csv",
    '"><img src=x onerror=alert(1)>.xlsx',
    "a\x00b.csv",
    "import.csv\x00.exe",
    "x" * 10_000 + ".csv",
    "\u202evsc.exe.csv",
    "naam; met=tekens & 'quotes'.csv",
    "ünïcödé 😀.xlsx",
)
MIMETYPES = (
    None,
    "text/csv",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "application/zip",
    "text/html",
    "application/x-msdownload",
    "text/csv; charset=<script>alert(1)</script>",
    "",
)


def _cel(geldig: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(geldig),
        hostile_text(),
        st.sampled_from(("=1+1", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "'=quoted")),
    )


@st.composite
def import_bestand(draw, kop: list[str], goed: dict[str, str]) -> tuple[bytes, str, str | None]:
    """An upload: (bytes, file name, content type). A table in the import's own columns with
    hostile cells (as CSV in several encodings, or as XLSX), junk bytes, or a file that only
    pretends to be a CSV or a workbook; with a plausible or a hostile name."""
    soort = draw(st.sampled_from(("csv", "csv", "xlsx", "vreemd", "bytes")))
    if soort in ("csv", "xlsx"):
        aantal = draw(st.integers(1, 3))
        rijen = [[draw(_cel(goed.get(k, ""))) for k in kop] for _ in range(aantal)]
        if draw(st.booleans()):
            kop = [draw(st.sampled_from((k, k.upper(), f" {k} ", "", "<b>x</b>"))) for k in kop]
        if soort == "xlsx":
            inhoud, naam = _xlsx([kop, *rijen]), "werkmap.xlsx"
        else:
            scheiding = draw(st.sampled_from((";", ",")))
            codering = draw(st.sampled_from(("utf-8-sig", "utf-8", "cp1252")))
            inhoud, naam = _csv([kop, *rijen], scheiding, codering), "import.csv"
    elif soort == "vreemd":
        inhoud = draw(st.sampled_from(VREEMDE_BESTANDEN))
        naam = draw(st.sampled_from(("import.csv", "werkmap.xlsx")))
    else:
        inhoud, naam = draw(st.binary(max_size=300)), "import.csv"
    naam = draw(
        st.one_of(
            st.just(naam),
            st.sampled_from(BESTANDSNAMEN),
            st.builds(lambda a, b: a + b, hostile_text(), st.sampled_from((".csv", ".xlsx", ""))),
        )
    )
    return inhoud, naam, draw(st.sampled_from(MIMETYPES))
