"""The cases a kalibratieronde starts with (issue 15, the casusbank): short cases written
from the instrument's own material, each with the rung the source itself gives it.

Most come from the four stories in the VNG brochure (`seeds/000…`): Podgorski, Van
Amerongen, Gicheru and Van Miltenburg, with the names shortened to an initial. The text a
participant reads never says the rung; `uitkomst` is the brochure's own sentence that does,
and `citaten` are the passages the text was written from. Two more are examples of Table 2.1
that the questions' short wording easily places elsewhere (see ladder/aandachtspunten.py).
Both are checked verbatim against the sources by tests/ladder/test_casussen.py.

A gemeente adds its own cases; these are where every organisation starts.
"""

from dataclasses import dataclass

from ladder import vragen

BROCHURE = "brochure De Participatieladder (VNG)"
TABEL_2_1 = "tabel 2.1 (Regioplan)"


@dataclass(frozen=True)
class Casus:
    code: str
    titel: str
    tekst: str  # what a participant reads: no rung, no outcome
    trede: int  # the reference answer, as the source gives it
    uitkomst: str  # the source's own words for the rung, verbatim
    citaten: tuple[str, ...]  # the source passages the text is written from, verbatim
    bron: str
    groeipotentieel: str | None = None  # "+" or "0" only where the source says so

    @property
    def antwoorden(self) -> dict[str, bool]:
        """The answers to Table 3.1 that lead to the reference rung (its one path)."""
        return vragen.pad_naar(self.trede)


CASUSSEN: tuple[Casus, ...] = (
    Casus(
        code="bouw-taalcursus",
        titel="De bouwvakker en zijn Nederlands",
        tekst=(
            "De heer P. werkt in de bouw. Hij wordt geroemd om zijn vakkennis, maar zijn "
            "Nederlands leidt dagelijks tot misverstanden. Daarom besluit hij alsnog om een "
            "cursus Nederlands te volgen."
        ),
        trede=5,
        uitkomst="Zodoende betreedt hij tijdelijk de Participatieladder, en wel op niveau 5.",
        citaten=(
            "De heer Podgorski werkt in de bouw. Hij wordt geroemd om zijn vakkennis, maar zijn "
            "Nederlands leidt dagelijks tot misverstanden. Daarom besluit hij alsnog om een "
            "cursus Nederlands te volgen.",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="bouw-na-de-cursus",
        titel="De bouwvakker na zijn cursus",
        tekst=(
            "De heer P. werkt in de bouw. Hij heeft een cursus Nederlands gevolgd omdat zijn "
            "Nederlands tot misverstanden leidde; de cursus is nu afgerond. Hij werkt zoals "
            "voorheen."
        ),
        trede=6,
        uitkomst="Na de cursus stroomt hij uit op niveau 6, hij heeft immers werk.",
        citaten=("De heer Podgorski werkt in de bouw.",),
        bron=BROCHURE,
    ),
    Casus(
        code="alleen-thuis",
        titel="Alleen thuis",
        tekst=(
            "Meneer V. is alleenstaand en komt zijn huis nauwelijks uit, eigenlijk alleen om "
            "boodschappen te doen. Zijn buren zien of spreken hem zelden."
        ),
        trede=1,
        uitkomst="Hij zit onderop de Participatieladder, op niveau 1.",
        citaten=(
            "Meneer Van Amerongen is alleenstaand en komt zijn huis nauwelijks uit, eigenlijk "
            "alleen om boodschappen te doen. Zijn buren zien of spreken hem zelden.",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="praatje-in-de-straat",
        titel="Een praatje in de straat",
        tekst=(
            "Meneer V. is alleenstaand. Hij knoopt langzamerhand toch contacten aan met "
            "buurtgenoten en maakt vrij regelmatig een praatje in de straat."
        ),
        trede=2,
        uitkomst="dan stijgt hij op de ladder naar trede 2.",
        citaten=(
            "langzamerhand toch contacten aanknoopt met buurtgenoten en vrij regelmatig een "
            "praatje maakt in de straat",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="kaartavond",
        titel="De wekelijkse kaartavond",
        tekst=(
            "Meneer V. is alleenstaand. Aangespoord door zijn buren bezoekt hij de wekelijkse "
            "kaartavond in het buurthuis."
        ),
        trede=3,
        uitkomst="komt hij op trede 3 terecht.",
        citaten=(
            "aangespoord door zijn buren, de wekelijkse kaartavond in het buurthuis gaat bezoeken",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="kaartavond-organiseren",
        titel="De kaartavond organiseren",
        tekst=(
            "Meneer V. bezoekt al een tijd de wekelijkse kaartavond in het buurthuis. Nu helpt "
            "hij de kaartavonden te organiseren."
        ),
        trede=4,
        uitkomst="verricht hij vrijwilligerswerk, en komt hij op trede 4.",
        citaten=("om de kaartavonden te helpen organiseren, verricht hij vrijwilligerswerk",),
        bron=BROCHURE,
    ),
    Casus(
        code="inburgeringscursus",
        titel="Drie keer per week naar cursus",
        tekst="De heer G. is inburgeringsplichtig. Drie maal per week gaat hij naar cursus.",
        trede=3,
        uitkomst="Dat brengt hem op Participatieniveau 3.",
        citaten=(
            "De heer Gicheru is inburgeringsplichtig. Drie maal per week gaat hij",
            "naar cursus.",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="na-het-examen",
        titel="Na het inburgeringsexamen",
        tekst=(
            "De heer G. slaagt voor zijn inburgeringsexamen. Daarna: geen baan, geen "
            "vrijwilligerswerk, geen sportclub. Hij raakt teleurgesteld en zondert zich steeds "
            "meer af."
        ),
        trede=1,
        uitkomst="Bij de volgende meting zit hij dan ook op niveau 1.",
        citaten=(
            "Helaas houdt hij de opgaande lijn niet vast: geen baan, geen vrijwilligerswerk, "
            "geen sportclub. Hij raakt teleurgesteld en zondert zich steeds meer af.",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="gastvrouw",
        titel="Gastvrouw in het ziekenhuis",
        tekst=(
            "Mevrouw V. werkte lang op de debiteurenafdeling van een verzekeraar. De problemen "
            "rond haar verslaafde zoon leidden tot een scheiding en tot arbeidsongeschiktheid. "
            "Voorlopig zit ze thuis. Ze doet wel vrijwilligerswerk als gastvrouw in het "
            "ziekenhuis. Een nieuwe baan behoort tot de mogelijkheden."
        ),
        trede=4,
        groeipotentieel="+",
        uitkomst=(
            "Aanvankelijk staat ze op de Participatieladder op niveau 4+, waarbij de plus "
            "aanduidt dat een nieuwe baan tot de mogelijkheden behoort."
        ),
        citaten=(
            "Mevrouw Van Miltenburg werkte lang op de debiteurenafdeling van een verzekeraar.",
            "De problemen rond haar verslaafde zoon leidden tot een scheiding en tot "
            "arbeidsongeschiktheid.",
            "Voorlopig zit ze thuis. Ze doet wel vrijwilligerswerk als gastvrouw in het "
            "ziekenhuis.",
        ),
        bron=BROCHURE,
    ),
    Casus(
        code="vrijwilliger-tweewekelijks",
        titel="Vrijwilligerswerk, twee keer per maand",
        tekst=(
            "Mevrouw D. heeft geen betaald werk. Twee keer per maand helpt ze als vrijwilliger "
            "bij de voedselbank; verder heeft ze weinig contacten buiten haar gezin."
        ),
        trede=3,
        uitkomst="Vrijwilligerswerk (minder dan 1x per week contact)",
        citaten=("Vrijwilligerswerk (minder dan 1x per week contact)",),
        bron=TABEL_2_1,
    ),
    Casus(
        code="mantelzorg-huisgenoot",
        titel="Mantelzorg voor haar man",
        tekst=(
            "Mevrouw K. verzorgt dag en nacht haar zieke man, met wie ze samenwoont. Ze heeft "
            "daardoor nauwelijks tijd voor andere contacten en komt alleen de deur uit voor "
            "boodschappen."
        ),
        trede=1,
        uitkomst="Mantelzorg voor huisgenoten",
        citaten=("Mantelzorg voor huisgenoten",),
        bron=TABEL_2_1,
    ),
)
