"""The six treden of the participatieladder (Table 2.1) and the codes 0, 8 and 9 (Table 3.1)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Trede:
    """One rung: its definition (conditions joined by EN/OF) and its examples, verbatim."""

    nummer: int
    naam: str
    inleiding: str | None
    voorwaarden: tuple[str, ...]
    voorbeelden: tuple[str, ...]
    voetnoot: str | None

    @property
    def alle_tekst(self) -> str:
        """Everything the definition says, as one text (to find terms in)."""
        delen = (self.inleiding, *self.voorwaarden, *self.voorbeelden, self.voetnoot)
        return "\n".join(d for d in delen if d)


TREDEN: dict[int, Trede] = {
    6: Trede(
        nummer=6,
        naam="Betaald werk",
        inleiding=None,
        voorwaarden=(
            "Heeft een arbeidscontract met een werkgever of is zzp’er EN",
            "ontvangt geen aanvullende uitkering van gemeente of andere uitkeringsinstantie EN",
            (
                "wordt niet door anderen dan leidinggevende of collega’s begeleid bij het "
                "uitvoeren van het werk EN"
            ),
            "maakt geen gebruik van WSW of gemeentelijke participatie-instrumenten.",
        ),
        voorbeelden=(
            "Baan met arbeidscontract",
            "Baan met arbeidscontract en pro forma nazorg",
            "Zzp’ers",
            "Ondernemers",
        ),
        # Footnote 1 of Table 2.1: it explains "pro forma nazorg" in the second example.
        voetnoot=(
            "Het gaat hierbij niet om nazorg die gemeenten apart inkopen, maar om nazorg "
            "als impliciet onderdeel van een re-integratietraject waarbij geen sprake is "
            "van echte ondersteuning. De nazorg beperkt zich hierbij tot één- of tweemaal "
            "telefonisch contact."
        ),
    ),
    5: Trede(
        nummer=5,
        naam="Betaald werk met ondersteuning",
        inleiding=(
            "Heeft een arbeidscontract met een werkgever of is zzp’er en ontvangt daarbij "
            "ondersteuning, dat wil zeggen:"
        ),
        voorwaarden=(
            "maakt gebruik van gemeentelijke participatie-instrumenten OF",
            "ontvangt een aanvullende uitkering OF",
            "werkt in WSW-verband (intern, gedetacheerd of begeleid werken) OF",
            (
                "volgt een reguliere opleiding met arbeidscomponent, onder het niveau van de "
                "startkwalificatie."
            ),
        ),
        voorbeelden=(
            "WSW (intern/gedetacheerd/begeleid werken)",
            "Werk (parttime) met aanvullende uitkering van gemeente of UWV",
            "Werkt met loonkostensubsidie",
            "Werk waarbij uitkering wordt verloond (o.a. bepaalde vormen van Work First)",
            "Werk met apart ingekochte instrument nazorg waarbij sprake is van echte ondersteuning",
            "Werk met externe begeleiding/jobcoach",
            "Werk en volgt daarnaast een inburgeringsaanbod",
            "Werk en volgt daarnaast een educatieaanbod",
            "Bbl-opleiding (4 dagen werken in leerbedrijf en 1 dag opleiding)",
            "Werken met stagevergoeding en zonder aanvullende uitkering",
        ),
        voetnoot=None,
    ),
    4: Trede(
        nummer=4,
        naam="Onbetaald werk",
        inleiding="Doet onbetaald werk; dat wil zeggen:",
        voorwaarden=(
            "heeft geen arbeidscontract EN",
            "voert taken uit en heeft daarbij verantwoordelijkheden naar anderen EN",
            (
                "heeft minimaal eens per week fysiek contact met anderen bij het uitvoeren van "
                "het onbetaalde werk."
            ),
        ),
        voorbeelden=(
            "Werken met behoud van uitkering (Work First, participatiebanen e.d.)",
            "Duale inburgeringstrajecten met een werkcomponent",
            "Re-integratie-instrument met werkcomponent",
            "Stages",
            "Vrijwilligerswerk (minimaal 1 x per week contact)",
            "Bol-opleiding (dagopleiding met zo nu en dan stage)",
            (
                "GIT-trajecten (Geïntegreerde Trajecten - scholingstrajecten waarbij een "
                "beroepsopleiding met stages wordt gecombineerd met het leren van de "
                "Nederlandse taal)"
            ),
        ),
        voetnoot=None,
    ),
    3: Trede(
        nummer=3,
        naam="Deelname georganiseerde activiteiten",
        inleiding=None,
        voorwaarden=(
            (
                "Neemt deel aan activiteiten in georganiseerd verband zoals verenigingen of "
                "opleidingen EN"
            ),
            (
                "voert geen taken uit met verantwoordelijkheden naar anderen (d.w.z. het is "
                "geen werk) EN"
            ),
            (
                "neemt minimaal eens per week deel aan die activiteit waarbij hij/zij in "
                "fysiek contact komt met anderen"
            ),
        ),
        voorbeelden=(
            (
                "Volgen van een inburgeringsaanbod, educatieaanbod of re-integratie-instrument "
                "zonder werkcomponent"
            ),
            "Volgen van andere cursussen of opleidingen zonder werkcomponent",
            (
                "Lidmaatschap vereniging (regelmatig een activiteit volgen waarbij je in contact "
                "komt met andere mensen)"
            ),
            "Regelmatige sport beoefenen in georganiseerd verband",
            "Vrijwilligerswerk (minder dan 1x per week contact)",
        ),
        voetnoot=None,
    ),
    2: Trede(
        nummer=2,
        naam="Sociale contacten buiten de deur",
        inleiding=None,
        voorwaarden=(
            (
                "Heeft minimaal één keer per week fysiek contact met mensen die geen "
                "huisgenoten zijn EN"
            ),
            "die contacten vinden niet plaats in georganiseerd verband EN",
            (
                "voert geen taken uit met verantwoordelijkheden naar anderen (d.w.z. het is "
                "geen werk) EN"
            ),
            (
                "die contacten beperken zich niet alleen tot functioneel contact met "
                "winkelpersoneel, hulpverleners et cetera"
            ),
        ),
        voorbeelden=(
            "Mensen ontmoeten zoals buren, buurtbewoners en ouders van vriendjes van kinderen",
            (
                "Regelmatig activiteiten buiten de deur ondernemen, zoals bezoek van vrienden, "
                "bioscoopbezoek, museumbezoek etc."
            ),
            (
                "Regelmatige mantelzorg voor niet-huisgenoten (die niet via een organisatie is "
                "georganiseerd)"
            ),
            "Individuele sporten zoals sportschool",
            "Neemt deel aan activiteiten in georganiseerd verband maar minder dan 1 x per week",
            "Regelmatig kerk/moskeebezoek (minimaal 1x per week)",
        ),
        voetnoot=None,
    ),
    1: Trede(
        nummer=1,
        naam="Geïsoleerd",
        inleiding=None,
        voorwaarden=(
            "Heeft niet of nauwelijks contact met anderen dan huisgenoten EN",
            (
                "de contacten buiten de huisgenoten beperken zich tot functionele contacten "
                "(winkelpersoneel, hulpverleners, buschauffeurs etc.)"
            ),
        ),
        voorbeelden=(
            "Nauwelijks contacten buiten de deur",
            "Mantelzorg voor huisgenoten",
            "Alleen actieve contacten via internet/email",
            "Dakloos zonder contacten met niet-daklozen, behalve hulpverleners",
        ),
        voetnoot=None,
    ),
}

# Values a meting may hold instead of a rung, worded as in Table 3.1.
CODES: dict[int, str] = {
    0: "trede niet bepaald",
    8: "uit het zicht van de gemeente geraakt",
    9: "traject gevolgd, maar na afloop is de trede nog niet bepaald",
}

# Table 3.1 marks 0 as "(standaard)": the value of a meting whose trede is not yet known.
STANDAARDCODE = 0

ALLE_WAARDEN: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 0, 8, 9)


def controleer(waarde: int) -> int:
    """Return the value if it is a trede (1-6) or a code (0, 8, 9); ValueError otherwise."""
    # bool and float compare equal to ints (True == 1, 4.0 == 4), so check the type too.
    if type(waarde) is not int or waarde not in ALLE_WAARDEN:
        raise ValueError(f"Onbekende trede of code: {waarde!r}")
    return waarde


def omschrijving(waarde: int) -> str:
    """Describe a trede or code, e.g. "Trede 4: Onbetaald werk"; ValueError if unknown."""
    if controleer(waarde) in TREDEN:
        return f"Trede {waarde}: {TREDEN[waarde].naam}"
    return f"Code {waarde}: {CODES[waarde]}"


def label(trede: int, groeipotentieel: str | None) -> str:
    """Short label such as "4+" or "4"; codes and trede 6 never carry a "+"."""
    controleer(trede)
    # Growth potential is n.v.t. on trede 6 (Table 3.2) and meaningless for the codes.
    if groeipotentieel == "+" and 1 <= trede <= 5:
        return f"{trede}+"
    return str(trede)
