"""Tests for the nine aanvullende klantkenmerken (CP-ICT, Bijlage 1)."""

from ladder.klantkenmerken import KLANTKENMERKEN, Kenmerk

JA_NEE = (("ja", "Ja"), ("nee", "Nee"))

# Where our label differs from the printed text, and why (the test shows both).
AFWIJKINGEN = {
    "inburgeringsbehoeftig": "Inburgeringsbehoefstig",  # OCR typo
    "vrijstelling_inburgeringsplicht": "Vrijstelling Inburgeringsplicht",  # stray capital
    "lopend_p_instrument": "Wordt er al gebruik gemaakt van een participatie-instrument ?",
}


def test_nine_kenmerken_in_order() -> None:
    assert [kenmerk.nummer for kenmerk in KLANTKENMERKEN] == list(range(1, 10))
    assert [kenmerk.code for kenmerk in KLANTKENMERKEN] == [
        "inkomenssituatie",
        "startkwalificatie",
        "inburgeringsplichtig",
        "inburgeringsbehoeftig",
        "laaggeletterd",
        "vrijstelling_arbeidsplicht",
        "vrijstelling_inburgeringsplicht",
        "lopend_p_instrument",
        "nieuw_p_instrument",
    ]
    assert all(isinstance(kenmerk, Kenmerk) for kenmerk in KLANTKENMERKEN)


def test_inkomenssituatie_options() -> None:
    assert KLANTKENMERKEN[0].opties == (
        ("gemeentelijke_uitkering", "Gemeentelijke uitkering"),
        ("uwv_uitkering", "UWV-uitkering"),
        ("nugger", "NUGger"),
        ("werk", "Werk"),
    )


def test_the_other_kenmerken_are_ja_nee() -> None:
    assert all(kenmerk.opties == JA_NEE for kenmerk in KLANTKENMERKEN[1:])


def test_only_vrijstelling_arbeidsplicht_allows_a_municipal_code() -> None:
    eigen = [kenmerk.code for kenmerk in KLANTKENMERKEN if kenmerk.eigen_code_toegestaan]
    assert eigen == ["vrijstelling_arbeidsplicht"]


def test_instrument_questions() -> None:
    vragen = {kenmerk.code: kenmerk.vraag for kenmerk in KLANTKENMERKEN}
    assert vragen["lopend_p_instrument"] == (
        "Wordt er al gebruik gemaakt van een participatie-instrument?"
    )
    assert vragen["nieuw_p_instrument"] == (
        "Wordt een (aanvullend/nieuw) participatie-instrument ingezet?"
    )
    assert vragen["inburgeringsbehoeftig"] == "Inburgeringsbehoeftig"


def test_labels_occur_in_bijlage_1(gegevensset) -> None:
    for kenmerk in KLANTKENMERKEN:
        gedrukt = AFWIJKINGEN.get(kenmerk.code, kenmerk.vraag)
        # Bijlage 1 numbers some items "1." and others "2": accept both.
        genummerd = (f"{kenmerk.nummer}. {gedrukt}", f"{kenmerk.nummer} {gedrukt}")
        assert any(gegevensset.bevat(tekst) for tekst in genummerd), kenmerk.code
    assert gegevensset.bevat("Vrijstelling arbeidsplicht ja/nee (of gemeentelijke code)")
    for _, optie in KLANTKENMERKEN[0].opties:
        assert gegevensset.bevat(optie.replace("UWV-", "UWV ")), optie


def test_deviations_from_print_are_small() -> None:
    vragen = {kenmerk.code: kenmerk.vraag for kenmerk in KLANTKENMERKEN}
    for code, gedrukt in AFWIJKINGEN.items():
        gelijk = gedrukt.lower().replace(" ?", "?").replace("fs", "f")
        assert gelijk == vragen[code].lower(), code
