"""Hostile form values for the fuzz tests: control characters, NUL bytes, 10k+ strings,
right-to-left text and combining marks, HTML/JS and SQL payloads, impossible dates and wrong
types (several values where one is expected, missing fields, unknown choices, unknown keys).

A form is described as {field name: strategy of valid values}; `form_data` turns that into
posts in which each field is valid, hostile, a list, or missing, so that Hypothesis reaches
both the rejections and the accepted saves (and everything in between)."""

import html.parser

from hypothesis import strategies as st

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
        if tag == "svg":
            self.found.append("<svg>")
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
