"""“Let op” at the point of decision: per question, the texts of the instrument that a careful
reader is likely to place wrongly *at that question*, quoted verbatim with their trede.

The short questions of Table 3.1 leave out conditions of the definitions in Table 2.1, and some
examples of Table 2.1 settle a case against the question's own wording (vrijwilligerswerk with
less than weekly contact is trede 3; mantelzorg for housemates is trede 1, though it is shown
only at vraag 5). Each note quotes one text (an example or a condition of Table 2.1, or an
example of Table 3.2), names its trede, and says in plain Dutch why it matters here. Nothing in
``citaat`` is written by us; ``waarom`` is, and quotes the sources only between ‘ and ’.

The answer a note implies is not written down but derived from the routing: an example of
trede 3 at vraag 4 means “ja”, because only ja leads to trede 3 (``antwoord_bij_vraag``).
"""

from dataclasses import dataclass

from ladder.groeipotentieel import groeipotentieel_uit_antwoord
from ladder.treden import TREDEN
from ladder.vragen import VRAGEN, bereikbare_treden

VOORBEELD = "voorbeeld"  # an example of the trede in Table 2.1
VOORWAARDE = "voorwaarde"  # (part of) a condition of the trede's definition in Table 2.1
GROEIVOORBEELD = "groeivoorbeeld"  # an example of the growth question of the trede, Table 3.2


@dataclass(frozen=True)
class Aandachtspunt:
    """One “Let op” note: a verbatim text of the instrument, its trede and why it matters."""

    citaat: str
    trede: int
    soort: str  # VOORBEELD, VOORWAARDE or GROEIVOORBEELD
    waarom: str
    # Words of a condition that the question leaves out (VOORWAARDE only).
    ontbreekt: tuple[str, ...] = ()
    # The expected answer printed with a Table 3.2 example: "+" or "0" (GROEIVOORBEELD only).
    groeipotentieel: str | None = None

    @property
    def herkomst(self) -> str:
        """Where the quote stands in the instrument, in the words of the page."""
        trede = f"trede {self.trede}: {TREDEN[self.trede].naam}"
        if self.soort == VOORBEELD:
            return f"Voorbeeld bij {trede} (tabel 2.1)"
        if self.soort == VOORWAARDE:
            return f"Uit de definitie van {trede} (tabel 2.1)"
        groei = self.groeipotentieel
        return f"Voorbeeld bij de groeivraag van trede {self.trede} (tabel 3.2): {groei}"


def _voorbeeld(trede: int, citaat: str, waarom: str) -> Aandachtspunt:
    return Aandachtspunt(citaat, trede, VOORBEELD, waarom)


def _voorwaarde(trede: int, citaat: str, ontbreekt: tuple[str, ...], waarom: str) -> Aandachtspunt:
    return Aandachtspunt(citaat, trede, VOORWAARDE, waarom, ontbreekt=ontbreekt)


def _groeivoorbeeld(trede: int, citaat: str, uitkomst: str, waarom: str) -> Aandachtspunt:
    return Aandachtspunt(citaat, trede, GROEIVOORBEELD, waarom, groeipotentieel=uitkomst)


WORK_FIRST_4 = "Werken met behoud van uitkering (Work First, participatiebanen e.d.)"
WORK_FIRST_5 = "Werk waarbij uitkering wordt verloond (o.a. bepaalde vormen van Work First)"
BBL = "Bbl-opleiding (4 dagen werken in leerbedrijf en 1 dag opleiding)"
BOL = "Bol-opleiding (dagopleiding met zo nu en dan stage)"
STAGEVERGOEDING = "Werken met stagevergoeding en zonder aanvullende uitkering"
VRIJWILLIG_WEKELIJKS = "Vrijwilligerswerk (minimaal 1 x per week contact)"
VRIJWILLIG_MINDER = "Vrijwilligerswerk (minder dan 1x per week contact)"
MANTELZORG_HUISGENOTEN = "Mantelzorg voor huisgenoten"
MANTELZORG_ANDEREN = (
    "Regelmatige mantelzorg voor niet-huisgenoten (die niet via een organisatie is georganiseerd)"
)
GEORGANISEERD_MINDER = (
    "Neemt deel aan activiteiten in georganiseerd verband maar minder dan 1 x per week"
)
KERK = "Regelmatig kerk/moskeebezoek (minimaal 1x per week)"
SPORTSCHOOL = "Individuele sporten zoals sportschool"
INTERNET = "Alleen actieve contacten via internet/email"
FYSIEK = "Contact via telefoon of internet telt hier niet mee."


# Per question of Table 3.1: first the conditions the question leaves out, then the examples.
BIJ_VRAAG: dict[str, tuple[Aandachtspunt, ...]] = {
    "V1": (
        _voorbeeld(
            6,
            "Ondernemers",
            "De vraag noemt alleen een arbeidscontract en de zzp’er. Tabel 2.1 rekent ook "
            "ondernemers tot betaald werk.",
        ),
        _voorbeeld(
            4,
            WORK_FIRST_4,
            "Wie werkt met behoud van uitkering, heeft geen arbeidscontract: dat is onbetaald "
            "werk, ook al heet het werken.",
        ),
        _voorbeeld(
            5,
            WORK_FIRST_5,
            "‘Work First’ staat bij trede 4 én bij trede 5. Het verschil: wordt de uitkering "
            "verloond (trede 5), of werkt de klant met behoud van uitkering (trede 4)?",
        ),
        _voorbeeld(4, "Stages", "Een stage staat bij trede 4. Let op het voorbeeld hierna."),
        _voorbeeld(
            5,
            STAGEVERGOEDING,
            "Tabel 2.1 plaatst werken met stagevergoeding op trede 5, en trede 5 bereikt u "
            "alleen met ja op deze vraag.",
        ),
        _voorbeeld(
            5,
            BBL,
            "Een bbl-opleiding is trede 5. Een bol-opleiding (een dagopleiding met zo nu en "
            "dan stage) is trede 4.",
        ),
    ),
    "V2": (
        _voorwaarde(
            5,
            "ontvangt een aanvullende uitkering",
            ("aanvullende",),
            "De vraag zegt ‘uitkering’. Bedoeld is een uitkering die het inkomen uit het werk "
            "aanvult.",
        ),
        _voorwaarde(
            5,
            "volgt een reguliere opleiding met arbeidscomponent, onder het niveau van de "
            "startkwalificatie",
            ("met arbeidscomponent", "onder het niveau van de startkwalificatie"),
            "De vraag zegt alleen ‘reguliere opleiding’. Een opleiding telt als ondersteuning "
            "als zij een arbeidscomponent heeft en onder het niveau van de startkwalificatie ligt.",
        ),
        _voorwaarde(
            6,
            "wordt niet door anderen dan leidinggevende of collega’s begeleid bij het uitvoeren "
            "van het werk",
            ("begeleid",),
            "De vraag noemt geen begeleiding. Wie bij het werk wordt begeleid door anderen dan "
            "leidinggevende of collega’s, hoort niet op trede 6.",
        ),
        _voorbeeld(
            5,
            "Werk met externe begeleiding/jobcoach",
            "Een jobcoach staat niet in de vraag, maar is ondersteuning.",
        ),
        _voorbeeld(
            6,
            "Baan met arbeidscontract en pro forma nazorg",
            "Nazorg die onderdeel is van een re-integratietraject en zich beperkt tot één- of "
            "tweemaal telefonisch contact, is geen ondersteuning (voetnoot bij tabel 2.1). "
            "Nazorg die de gemeente apart inkoopt, met echte ondersteuning, is trede 5.",
        ),
        _voorbeeld(
            5,
            "Werk en volgt daarnaast een inburgeringsaanbod",
            "Een inburgeringsaanbod naast het werk is ondersteuning, ook al is het geen "
            "reguliere opleiding. Hetzelfde geldt voor een educatieaanbod.",
        ),
        _voorbeeld(
            5,
            STAGEVERGOEDING,
            "Tabel 2.1 plaatst dit op trede 5, ook zonder uitkering.",
        ),
        _voorbeeld(
            5,
            BBL,
            "Tabel 2.1 noemt de bbl-opleiding bij trede 5, zonder voorwaarde over het niveau.",
        ),
    ),
    "V3": (
        _voorwaarde(
            4,
            "heeft minimaal eens per week fysiek contact met anderen bij het uitvoeren van het "
            "onbetaalde werk",
            ("fysiek", "bij het uitvoeren van het onbetaalde werk"),
            f"Het contact moet fysiek zijn en plaatsvinden bij het werk zelf. {FYSIEK}",
        ),
        _voorbeeld(
            3,
            VRIJWILLIG_MINDER,
            "Vrijwilligerswerk met minder dan 1x per week contact is geen trede 4 maar trede 3 "
            "(zie vraag 4).",
        ),
        _voorbeeld(
            1,
            MANTELZORG_HUISGENOTEN,
            "Zorg voor een huisgenoot lijkt op taken met verantwoordelijkheden naar anderen, "
            "maar tabel 2.1 plaatst het op trede 1. Dit voorbeeld staat verder alleen bij vraag 5.",
        ),
        _voorbeeld(
            2,
            MANTELZORG_ANDEREN,
            "Ook mantelzorg buiten het eigen huis is geen onbetaald werk als zij niet via een "
            "organisatie loopt: trede 2.",
        ),
        _voorbeeld(
            4,
            WORK_FIRST_4,
            "De klant houdt zijn uitkering, maar het werk zelf is onbetaald: trede 4.",
        ),
        _voorbeeld(
            4,
            BOL,
            "Een dagopleiding lijkt op een georganiseerde activiteit (trede 3), maar tabel 2.1 "
            "plaatst de bol-opleiding op trede 4, ook al is er maar ‘zo nu en dan stage’.",
        ),
        _voorbeeld(
            3,
            "Volgen van een inburgeringsaanbod, educatieaanbod of re-integratie-instrument "
            "zonder werkcomponent",
            "Zonder werkcomponent is het geen onbetaald werk. Met werkcomponent wel: "
            "‘Re-integratie-instrument met werkcomponent’ staat bij trede 4.",
        ),
    ),
    "V4": (
        _voorwaarde(
            3,
            "neemt minimaal eens per week deel aan die activiteit waarbij hij/zij in fysiek "
            "contact komt met anderen",
            ("fysiek",),
            f"Het gaat om fysiek contact bij de activiteit zelf. {FYSIEK}",
        ),
        _voorbeeld(
            3,
            VRIJWILLIG_MINDER,
            "Een uitzondering op ‘minimaal 1x per week’: de vraag en de definitie van trede 3 "
            "vragen wekelijks contact, maar tabel 2.1 plaatst dit voorbeeld op trede 3. "
            "Trede 3 bereikt u alleen met ja op deze vraag.",
        ),
        _voorbeeld(
            2,
            GEORGANISEERD_MINDER,
            "Andere georganiseerde activiteiten die minder dan eens per week plaatsvinden, "
            "horen bij trede 2.",
        ),
        _voorbeeld(
            2,
            KERK,
            "Ook wekelijks kerk- of moskeebezoek plaatst tabel 2.1 op trede 2, niet bij de "
            "georganiseerde activiteiten.",
        ),
        _voorbeeld(
            2,
            SPORTSCHOOL,
            "Sporten in een sportschool is individueel: trede 2. Trede 3 is "
            "‘Regelmatige sport beoefenen in georganiseerd verband’.",
        ),
    ),
    "V5": (
        _voorwaarde(
            2,
            "die contacten beperken zich niet alleen tot functioneel contact met "
            "winkelpersoneel, hulpverleners et cetera",
            ("functioneel",),
            "Contact met winkelpersoneel, hulpverleners of buschauffeurs alleen telt niet: "
            "dat is trede 1.",
        ),
        _voorwaarde(
            2,
            "Heeft minimaal één keer per week fysiek contact met mensen die geen huisgenoten zijn",
            ("fysiek",),
            f"Het gaat om fysiek contact. {FYSIEK}",
        ),
        _voorbeeld(1, INTERNET, "Wie alleen via internet of e-mail contact heeft, is trede 1."),
        _voorbeeld(
            1,
            "Dakloos zonder contacten met niet-daklozen, behalve hulpverleners",
            "Ook wie dagelijks andere daklozen ziet, staat volgens tabel 2.1 op trede 1 als er "
            "buiten hulpverleners geen contact is met niet-daklozen.",
        ),
        _voorbeeld(
            1,
            MANTELZORG_HUISGENOTEN,
            "Veel contact met een huisgenoot voor wie de klant zorgt, telt niet.",
        ),
        _voorbeeld(
            2,
            GEORGANISEERD_MINDER,
            "De vraag zegt ‘minimaal 1x per week’, maar tabel 2.1 plaatst ook deelname aan "
            "georganiseerde activiteiten minder dan eens per week op trede 2.",
        ),
    ),
}


# Per trede of the klant, for its growth question (Table 3.2). An example of a higher trede
# counts as growth, an example of the same trede does not.
BIJ_GROEIVRAAG: dict[int, tuple[Aandachtspunt, ...]] = {
    5: (
        _groeivoorbeeld(
            5,
            "Werkt parttime met uitkering: meer uren mogelijk",
            "+",
            "De vraag zegt ‘zonder of met minder ondersteuning’: ook als de klant na een jaar "
            "nog op trede 5 staat, maar met minder ondersteuning, is het antwoord ja.",
        ),
        _groeivoorbeeld(
            5,
            "BBL",
            "0",
            "Tabel 3.2 geeft een bbl-opleiding 0, ook al leert de klant voor een beroep.",
        ),
    ),
    4: (
        _voorbeeld(
            5,
            WORK_FIRST_5,
            "De vraag ‘betaald kan werken met of zonder ondersteuning’ omvat trede 5: de stap "
            "van werken met behoud van uitkering naar werk met verloonde uitkering is een "
            "stijging.",
        ),
        _voorbeeld(5, BBL, "Een bbl-opleiding is betaald werk met ondersteuning."),
        _voorbeeld(
            5,
            STAGEVERGOEDING,
            "Werken met stagevergoeding is betaald werk met ondersteuning.",
        ),
    ),
    3: (
        _voorbeeld(
            4,
            VRIJWILLIG_WEKELIJKS,
            "Vrijwilligerswerk met minimaal 1x per week contact is onbetaald werk. Met minder "
            "contact blijft het trede 3.",
        ),
        _voorbeeld(4, "Stages", "Een stage is onbetaald werk."),
        _voorbeeld(4, BOL, "Een bol-opleiding met stage is onbetaald werk."),
    ),
    2: (
        _voorbeeld(
            2,
            GEORGANISEERD_MINDER,
            "Deelname aan georganiseerde activiteiten minder dan eens per week is nog trede 2.",
        ),
        _voorbeeld(2, KERK, "Wekelijks kerk- of moskeebezoek is trede 2, geen stijging."),
        _voorbeeld(2, SPORTSCHOOL, "Individueel sporten is trede 2, geen stijging."),
    ),
    1: (
        _voorwaarde(
            1,
            "de contacten buiten de huisgenoten beperken zich tot functionele contacten "
            "(winkelpersoneel, hulpverleners, buschauffeurs etc.)",
            (),
            "Meer contact met hulpverleners alleen is geen stijging.",
        ),
        _voorbeeld(1, INTERNET, "Contact alleen via internet of e-mail is nog trede 1."),
        _voorbeeld(1, MANTELZORG_HUISGENOTEN, "Zorg voor een huisgenoot is nog trede 1."),
    ),
}


def antwoord_bij_vraag(code: str, punt: Aandachtspunt) -> str | None:
    """“ja” or “nee”: the answer to this question that leads to the trede of an example.

    A condition of a definition implies no answer of its own: None."""
    if punt.soort != VOORBEELD:
        return None
    vraag = VRAGEN[code]
    if punt.trede in bereikbare_treden(vraag.ja):
        return "ja"
    if punt.trede in bereikbare_treden(vraag.nee):
        return "nee"
    raise ValueError(f"Trede {punt.trede} is vanaf {code} niet te bereiken")


def antwoord_bij_groeivraag(trede: int, punt: Aandachtspunt) -> str | None:
    """“ja” or “nee” to the growth question of this trede if the klant is expected to be in
    the situation of the note a year from now: ja only for a higher trede (Table 3.2: ja is +,
    “naar een hoger participatieniveau”), or as Table 3.2 prints it for its own examples."""
    if punt.soort == GROEIVOORBEELD:
        return "ja" if punt.groeipotentieel == groeipotentieel_uit_antwoord(True) else "nee"
    if punt.soort != VOORBEELD:
        return None
    return "ja" if punt.trede > trede else "nee"


def bij_vraag(code: str) -> list[tuple[Aandachtspunt, str | None]]:
    """The notes for a question of Table 3.1, each with the answer it implies (or None)."""
    return [(punt, antwoord_bij_vraag(code, punt)) for punt in BIJ_VRAAG.get(code, ())]


def bij_groeivraag(trede: int) -> list[tuple[Aandachtspunt, str | None]]:
    """The notes for the growth question of a trede, each with the answer it implies."""
    return [(punt, antwoord_bij_groeivraag(trede, punt)) for punt in BIJ_GROEIVRAAG.get(trede, ())]
