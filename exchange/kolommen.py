"""The columns of the exchange format: one vocabulary for CSV, XLSX, the template and XML.

Names follow the data set (CP-ICT impact analysis, Bijlage 1) and the fields of the
application. Importing reads the same names, so an export can be imported as it is.
"""

from dataclasses import dataclass

from ladder.klantkenmerken import KLANTKENMERKEN


@dataclass(frozen=True)
class Kolom:
    naam: str
    uitleg: str
    persoonsgegeven: bool = False
    importeren: bool = True  # read by the importer (ids and derived values are not)


IDS = (
    Kolom("meting_id", "Nummer van de meting in deze installatie.", importeren=False),
    Kolom("klant_id", "Nummer van de klant in deze installatie.", importeren=False),
)

PERSOONSGEGEVENS = (
    Kolom("bsn", "Burgerservicenummer: 9 cijfers, elfproef.", True),
    Kolom("achternaam", "Achternaam (verplicht voor een nieuwe klant).", True),
    Kolom("tussenvoegsel", "Bijvoorbeeld van der.", True),
    Kolom("voornaam", "Voornaam.", True),
    Kolom("voorletters", "Bijvoorbeeld J.P.", True),
    Kolom("geboortedatum", "JJJJ-MM-DD of DD-MM-JJJJ (verplicht voor een nieuwe klant).", True),
    Kolom("geslacht", "m, v of x.", True),
    Kolom("adres", "Straat en huisnummer.", True),
    Kolom("postcode", "Bijvoorbeeld 3511 AB.", True),
    Kolom("woonplaats", "Woonplaats.", True),
)

WERKPROCES = (
    Kolom("gemeente_code", "CBS-gemeentecode van de klant (4 cijfers), een van uw gemeenten."),
    Kolom("gemeente", "Naam van de gemeente (alleen ter informatie).", importeren=False),
    Kolom("meetdatum", "Datum van het meetmoment: JJJJ-MM-DD of DD-MM-JJJJ."),
    Kolom("aanleiding", "Code van de aanleiding, zie het tabblad Codes."),
    Kolom("uitstroomreden", "Alleen bij aanleiding uitstroom: code van de reden."),
    Kolom("volgende_meetdatum", "Geplande / uiterste datum van het volgende meetmoment."),
    Kolom("klantmanager", "Naam van de behandelend klantmanager (ter info).", importeren=False),
    Kolom("klantmanager_email", "E-mailadres van de behandelend klantmanager in uw organisatie."),
    Kolom("team", "Naam van een team van uw organisatie."),
    Kolom("afdeling", "Afdeling."),
    Kolom("invoerder", "Wie de meting invoerde (bij import: uzelf).", importeren=False),
    Kolom("organisatie", "Organisatie die de meting vastlegde.", importeren=False),
)

POSITIE = (
    Kolom("trede", "Positie op de ladder: 1 t/m 6, of de code 0, 8 of 9."),
    Kolom("groeipotentieel", "+ of 0 bij trede 1 t/m 5; leeg bij trede 6 en de codes."),
    Kolom("code_toelichting", "Toelichting bij de code 0, 8 of 9."),
    *(
        Kolom(f"v{n}", f"Antwoord op vraag {n} van tabel 3.1: ja, nee of leeg (niet gesteld).")
        for n in range(1, 6)
    ),
    Kolom("subgroepen", "Codes van de subgroepen, gescheiden door komma's, bijvoorbeeld 1,3."),
)

KENMERKEN = tuple(
    Kolom(k.code, f"{k.vraag}: {', '.join(code for code, _ in k.opties)}.") for k in KLANTKENMERKEN
)

SLOT = (
    Kolom("toelichting", "Vrij veld: toelichting op de plaatsing en de problematiek."),
    Kolom("status", "definitief (andere statussen worden niet ingelezen)."),
    Kolom("srg_code", "Positie op de SRG-ladder (tabel 1.1); wordt berekend.", importeren=False),
)

ALLE_KOLOMMEN: tuple[Kolom, ...] = IDS + PERSOONSGEGEVENS + WERKPROCES + POSITIE + KENMERKEN + SLOT
IMPORT_KOLOMMEN: tuple[Kolom, ...] = tuple(k for k in ALLE_KOLOMMEN if k.importeren)
KENMERK_CODES: tuple[str, ...] = tuple(k.code for k in KLANTKENMERKEN)
VRAAG_KOLOMMEN: dict[str, str] = {f"v{n}": f"V{n}" for n in range(1, 6)}


def kolommen(met_persoonsgegevens: bool) -> tuple[Kolom, ...]:
    """The export's columns, with or without the personal data of Bijlage 1."""
    return tuple(k for k in ALLE_KOLOMMEN if met_persoonsgegevens or not k.persoonsgegeven)
