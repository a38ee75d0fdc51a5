"""Functioneel beheer of gemeenten: a beheerder links the gemeenten their organisation serves
(an ISD serves several), so the klant form and the reports can offer them. A known CBS code
is linked, never renamed; a gemeente klanten live in stays linked."""

import html
import re

import pytest

from models import Auditregel, Gemeente, Klant, OrganisatieGemeente
from tests.conftest import Auth


def _pagina(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _tekst(stuk: str) -> str:
    """What a screen reader reads of a piece of HTML: the text without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", stuk))


def _samenvatting(response) -> str:
    pagina = response.get_data(as_text=True)
    gevonden = re.search(r'<div class="foutsamenvatting".*?</div>', pagina, re.S)
    return gevonden.group(0) if gevonden else ""


def _veldfout(response, veld: str) -> str:
    pagina = response.get_data(as_text=True)
    gevonden = re.search(rf'<p class="foutmelding" id="{veld}-fout">(.*?)</p>', pagina, re.S)
    return _tekst(gevonden.group(1)) if gevonden else ""


def _rij(response, naam: str) -> str:
    """The text of the table row of one gemeente, cells separated by |."""
    pagina = response.get_data(as_text=True)
    for rij in re.findall(r"<tr>(.*?)</tr>", pagina, re.S):
        cellen = [
            " ".join(_tekst(c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", rij, re.S)
        ]
        if cellen and cellen[0] == naam:
            return " | ".join(cellen)
    return ""


def _audit(actie: str, **waarden):
    return Auditregel.select().where(
        (Auditregel.actie == actie) & (Auditregel.object_type == "gemeente"),
        *[getattr(Auditregel, k) == v for k, v in waarden.items()],
    )


def _koppel(organisatie, cbs_code="0344", naam="Utrecht") -> Gemeente:
    gemeente = Gemeente.get_or_none(Gemeente.cbs_code == cbs_code) or Gemeente.create(
        cbs_code=cbs_code, naam=naam
    )
    OrganisatieGemeente.create(organisatie=organisatie, gemeente=gemeente)
    return gemeente


def _gekoppeld(organisatie) -> list[str]:
    return [g.cbs_code for g in organisatie.gemeenten()]


def _biedt_aan(pagina: str, gemeente: Gemeente) -> bool:
    """Whether the klant form offers the gemeente as a choice."""
    optie = rf'<option(?: selected)? value="{gemeente.id}"(?: selected)?>{gemeente.naam}</option>'
    return re.search(optie, pagina) is not None


def test_beheerder_adds_a_new_gemeente(client, logged_in):
    beheerder = logged_in("beheerder")
    assert 'href="/beheer/gemeenten"' in _pagina(client.get("/beheer/teams"))
    leeg = client.get("/beheer/gemeenten")
    assert "Uw organisatie bedient nog geen gemeenten." in _pagina(leeg)
    response = client.submit("/beheer/gemeenten", {"cbs_code": " 0344 ", "naam": " Utrecht "})
    assert response.status_code == 303
    gemeente = Gemeente.get(Gemeente.cbs_code == "0344")
    assert gemeente.naam == "Utrecht"
    assert _gekoppeld(beheerder.organisatie) == ["0344"]
    regel = _audit("aanmaken").get()
    assert (regel.object_id, regel.gebruiker_id, regel.organisatie_id) == (
        str(gemeente.id),
        beheerder.id,
        beheerder.organisatie_id,
    )
    assert regel.omschrijving == "gemeente ‘Utrecht’ (0344) aangemaakt en gekoppeld"
    lijst = client.get(response.headers["Location"])
    assert "Gemeente ‘Utrecht’ (0344) is toegevoegd." in _pagina(lijst)
    assert _rij(lijst, "Utrecht").startswith("Utrecht | 0344 | 0 |")


def test_an_existing_gemeente_is_linked_not_created_again(client, logged_in, make_organisatie):
    beheerder = logged_in("beheerder")
    elders = make_organisatie("ISD Elders", soort="isd")
    utrecht = _koppel(elders)
    # The name as the beheerder types it; the stored one stays.
    response = client.submit("/beheer/gemeenten", {"cbs_code": "0344", "naam": "UTRECHT"})
    assert response.status_code == 303
    assert Gemeente.select().count() == 1
    assert Gemeente.get_by_id(utrecht.id).naam == "Utrecht"
    assert _gekoppeld(beheerder.organisatie) == ["0344"] and _gekoppeld(elders) == ["0344"]
    regel = _audit("wijzigen", object_id=str(utrecht.id)).get()
    assert regel.omschrijving == "gemeente ‘Utrecht’ (0344) gekoppeld"
    assert not _audit("aanmaken").exists()


def test_an_existing_code_with_another_name_is_refused_naming_the_stored_name(
    client, logged_in, make_organisatie
):
    beheerder = logged_in("beheerder")
    utrecht = _koppel(make_organisatie("ISD Elders", soort="isd"))
    response = client.submit("/beheer/gemeenten", {"cbs_code": "0344", "naam": "Amersfoort"})
    assert response.status_code == 422
    melding = "Gemeentecode 0344 hoort bij gemeente ‘Utrecht’."
    assert melding in _veldfout(response, "naam")
    samenvatting = _samenvatting(response)
    assert melding in _tekst(samenvatting) and 'href="#naam"' in samenvatting
    assert "<title>Fout: Gemeenten" in _pagina(response)
    assert Gemeente.get_by_id(utrecht.id).naam == "Utrecht"
    assert Gemeente.select().count() == 1
    assert _gekoppeld(beheerder.organisatie) == []
    assert not Auditregel.select().where(Auditregel.object_type == "gemeente").exists()


def test_a_gemeente_already_linked_is_refused(client, logged_in):
    beheerder = logged_in("beheerder")
    _koppel(beheerder.organisatie)
    response = client.submit("/beheer/gemeenten", {"cbs_code": "0344", "naam": "Utrecht"})
    assert response.status_code == 422
    melding = "Uw organisatie bedient gemeente ‘Utrecht’ (0344) al."
    assert melding in _veldfout(response, "cbs_code")
    samenvatting = _samenvatting(response)
    assert melding in _tekst(samenvatting) and 'href="#cbs_code"' in samenvatting
    assert OrganisatieGemeente.select().count() == 1
    assert not Auditregel.select().where(Auditregel.object_type == "gemeente").exists()


VIER_CIJFERS = "Een CBS-gemeentecode bestaat uit precies vier cijfers, zoals 0344."


@pytest.mark.parametrize(
    ("cbs_code", "naam", "veld", "melding"),
    [
        ("344", "Utrecht", "cbs_code", VIER_CIJFERS),
        ("03a4", "Utrecht", "cbs_code", VIER_CIJFERS),
        ("03440", "Utrecht", "cbs_code", VIER_CIJFERS),
        ("٠٣٤٤", "Utrecht", "cbs_code", VIER_CIJFERS),  # Arabic-Indic digits
        ("", "Utrecht", "cbs_code", "Vul de CBS-gemeentecode in."),
        ("   ", "Utrecht", "cbs_code", "Vul de CBS-gemeentecode in."),
        ("0344", "", "naam", "Vul de naam van de gemeente in."),
        ("0344", "x" * 101, "naam", "Gebruik maximaal 100 tekens."),
        ("0344", "Utrecht <b>", "naam", "Gebruik geen < of > en geen onzichtbare tekens."),
    ],
)
def test_a_wrong_code_or_name_is_refused_and_nothing_is_stored(
    client, logged_in, cbs_code, naam, veld, melding
):
    beheerder = logged_in("beheerder")
    response = client.submit("/beheer/gemeenten", {"cbs_code": cbs_code, "naam": naam})
    assert response.status_code == 422
    assert melding in _veldfout(response, veld)
    samenvatting = _samenvatting(response)
    assert melding in _tekst(samenvatting) and f'href="#{veld}"' in samenvatting
    assert Gemeente.select().count() == 0 and OrganisatieGemeente.select().count() == 0
    assert _gekoppeld(beheerder.organisatie) == []
    assert not Auditregel.select().where(Auditregel.object_type == "gemeente").exists()


def test_after_adding_the_klant_form_offers_the_gemeente(client, logged_in, make_gebruiker):
    beheerder = logged_in("beheerder")
    km = make_gebruiker("klantmanager", organisatie=beheerder.organisatie)
    for cbs_code, naam in (("0344", "Utrecht"), ("0307", "Amersfoort")):
        assert (
            client.submit("/beheer/gemeenten", {"cbs_code": cbs_code, "naam": naam}).status_code
            == 303
        )
    Auth(client).logout()
    assert Auth(client).login(km.email).status_code == 303
    pagina = _pagina(client.get("/klanten/nieuw"))
    for gemeente in Gemeente.select():
        assert _biedt_aan(pagina, gemeente), gemeente.naam


def test_the_list_counts_only_the_own_klanten(client, logged_in, make_organisatie, make_klant):
    beheerder = logged_in("beheerder")
    elders = make_organisatie("ISD Elders", soort="isd")
    utrecht = _koppel(beheerder.organisatie)
    _koppel(elders)
    amersfoort = _koppel(beheerder.organisatie, "0307", "Amersfoort")
    make_klant(beheerder.organisatie, gemeente=utrecht)
    make_klant(beheerder.organisatie, gemeente=utrecht)
    make_klant(elders, gemeente=utrecht)
    make_klant(elders, gemeente=amersfoort)
    lijst = client.get("/beheer/gemeenten")
    assert _rij(lijst, "Utrecht") == "Utrecht | 0344 | 2 | Kan niet: er wonen klanten"
    assert _rij(lijst, "Amersfoort") == "Amersfoort | 0307 | 0 | Gemeente Amersfoort verwijderen"
    # Only the gemeenten this organisation serves are listed.
    _koppel(elders, "0363", "Amsterdam")
    assert "Amsterdam" not in _pagina(client.get("/beheer/gemeenten"))


def test_a_gemeente_klanten_live_in_is_not_removed(client, logged_in, make_klant):
    beheerder = logged_in("beheerder")
    utrecht = _koppel(beheerder.organisatie)
    klant = make_klant(beheerder.organisatie, gemeente=utrecht)
    response = client.submit(
        f"/beheer/gemeenten/{utrecht.id}/verwijderen", token_from="/beheer/gemeenten"
    )
    assert response.status_code == 409
    assert (
        "Gemeente ‘Utrecht’ is niet verwijderd, want er woont nog 1 klant van uw organisatie."
        in _pagina(response)
    )
    assert _gekoppeld(beheerder.organisatie) == ["0344"]
    assert Klant.get_by_id(klant.id).gemeente_id == utrecht.id
    assert not Auditregel.select().where(Auditregel.object_type == "gemeente").exists()


def test_an_unused_gemeente_is_removed_from_the_list(
    client, logged_in, make_organisatie, make_gebruiker, make_klant
):
    beheerder = logged_in("beheerder")
    km = make_gebruiker("klantmanager", organisatie=beheerder.organisatie)
    elders = make_organisatie("ISD Elders", soort="isd")
    utrecht = _koppel(beheerder.organisatie)
    _koppel(elders)
    make_klant(elders, gemeente=utrecht)  # a klant of another organisation does not count
    response = client.submit(
        f"/beheer/gemeenten/{utrecht.id}/verwijderen", token_from="/beheer/gemeenten"
    )
    assert response.status_code == 303
    assert _gekoppeld(beheerder.organisatie) == []
    # The gemeente itself stays: another organisation serves it.
    assert _gekoppeld(elders) == ["0344"] and Gemeente.get_by_id(utrecht.id).naam == "Utrecht"
    regel = _audit("wijzigen", object_id=str(utrecht.id)).get()
    assert regel.omschrijving == "gemeente ‘Utrecht’ (0344) ontkoppeld"
    assert regel.gebruiker_id == beheerder.id
    lijst = _pagina(client.get(response.headers["Location"]))
    assert "Gemeente ‘Utrecht’ is verwijderd uit de lijst." in lijst
    Auth(client).logout()
    assert Auth(client).login(km.email).status_code == 303
    assert not _biedt_aan(_pagina(client.get("/klanten/nieuw")), utrecht)


def test_a_gemeente_of_another_organisation_is_not_found_and_logged(
    client, logged_in, make_organisatie
):
    logged_in("beheerder")
    elders = make_organisatie("ISD Elders", soort="isd")
    utrecht = _koppel(elders)
    for gemeente_id in (utrecht.id, 999_999):
        response = client.submit(
            f"/beheer/gemeenten/{gemeente_id}/verwijderen", token_from="/beheer/gemeenten"
        )
        assert response.status_code == 404
        assert _audit("geweigerd", object_id=str(gemeente_id), resultaat="geweigerd").exists()
    assert _gekoppeld(elders) == ["0344"]


@pytest.mark.parametrize("rol", ["manager", "klantmanager", "intaker", "partner"])
def test_only_the_beheerder_manages_gemeenten(client, logged_in, rol):
    gebruiker = logged_in(rol)
    utrecht = _koppel(gebruiker.organisatie)
    assert 'href="/beheer/gemeenten"' not in _pagina(client.get("/"))
    assert client.get("/beheer/gemeenten").status_code == 403
    toevoegen = client.submit(
        "/beheer/gemeenten", {"cbs_code": "0307", "naam": "Amersfoort"}, token_from="/"
    )
    assert toevoegen.status_code == 403
    verwijderen = client.submit(f"/beheer/gemeenten/{utrecht.id}/verwijderen", token_from="/")
    assert verwijderen.status_code == 403
    assert [g.cbs_code for g in Gemeente.select()] == ["0344"]
    assert _gekoppeld(gebruiker.organisatie) == ["0344"]
    assert (
        Auditregel.select()
        .where((Auditregel.actie == "geweigerd") & (Auditregel.gebruiker_id == gebruiker.id))
        .count()
        == 3
    )
