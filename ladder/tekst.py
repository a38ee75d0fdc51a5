"""What plain text may hold: the one rule for every free-text field, on screen and in an import.

Text ends up in pages, PDFs, exports and XML messages, and is searched. So it holds no control
characters and no invisible format characters (Unicode category Cf), and a name or other
one-line text no angle brackets. A multi-line text (a toelichting) keeps line breaks, tabs and
< and >, which Dutch prose uses ("werkt < 12 uur per week"): every output escapes them.
Invisible characters are refused because a right-to-left override made "Jansen"
read "JansentseT" in a list, a zero-width space in "Pie\u200bters" hid a klant from a search
for "Pieters".

Letters of every script stay welcome (Çelik, محمد, כהן, Ĳsselmeer). The zero-width
(non-)joiner is a Cf character that Persian and the Indic scripts need inside a word
(می‌خواهم): it is allowed between two letters of a script other than Latin, where it shapes the
word, and refused elsewhere, where it can only hide something.
"""

import unicodedata

HAAKEN = "<>"
REGELEINDEN = "\n\r\t"
VERBINDERS = "\u200c\u200d"  # zero-width non-joiner, zero-width joiner
# Cc: control, Cf: format, Cs: surrogate, Zl/Zp: line and paragraph separator.
ONZICHTBAAR = {"Cc", "Cf", "Cs", "Zl", "Zp"}

MELDING_HAAKEN = "Gebruik geen < of > en geen onzichtbare tekens."
MELDING_ONZICHTBAAR = (
    "Gebruik geen onzichtbare tekens, zoals een verborgen spatie of een teken dat de "
    "leesrichting omdraait. Typ de tekst zo nodig opnieuw in plaats van hem te plakken."
)


def tekstfout(tekst: str, meerregelig: bool = False) -> str | None:
    """The Dutch message for what is wrong with this text, or None when it is plain text."""
    if tekst.isascii() and tekst.isprintable():
        # No control character, and ASCII has no format ones: only the brackets can be wrong.
        haak = not meerregelig and ("<" in tekst or ">" in tekst)
        return MELDING_HAAKEN if haak else None
    for index, teken in enumerate(tekst):
        if teken in HAAKEN and not meerregelig:
            return MELDING_HAAKEN
        if meerregelig and teken in REGELEINDEN:
            continue
        if unicodedata.category(teken) in ONZICHTBAAR and not _verbindt(tekst, index):
            enkelregelig_ascii = teken < "\x80" and not meerregelig
            return MELDING_HAAKEN if enkelregelig_ascii else MELDING_ONZICHTBAAR
    return None


def _verbindt(tekst: str, index: int) -> bool:
    """A (non-)joiner between two letters of a script that uses it (not Latin)."""
    if tekst[index] not in VERBINDERS or not 0 < index < len(tekst) - 1:
        return False
    return _schriftletter(tekst[index - 1]) and _schriftletter(tekst[index + 1])


def _schriftletter(teken: str) -> bool:
    # Marks count too: in Devanagari a virama (a mark) comes before the joiner.
    soort = unicodedata.category(teken)
    return soort[0] in "LM" and not unicodedata.name(teken, "").startswith("LATIN")
