"""The national data set of bench/landelijk.py, generated inside PostgreSQL (no rows in Python).

340 gemeenten of very different sizes (Zipf: a few large cities, many small gemeenten); the
largest 300 are each their own organisation, the smallest 40 share ten ISDs of four. Klanten
land on a gemeente at random in proportion to its size (ids interleaved across organisations,
as in a shared installation); each has 1 to 15 metingen (about five on average), spread over
2017-2026 a few months to a year apart, inserted in meetdatum order (as they come in).
Statuses: definitief, vervangen (each with the definitive correction on the same day, which
counts), concept and ter_beoordeling; some old definitive metingen lack definitief_op (imports).
"""

GEMEENTEN = 340
EIGEN_ORGANISATIES = 300  # the largest gemeenten; the other 40 form ISDs of four
PER_ISD = 4
METINGEN_PER_KLANT = 5  # on average
KLANTEN_PER_KLANTMANAGER = 150
KLANTMANAGERS_PER_TEAM = 8

BASIS = f"""
INSERT INTO gemeente (id, cbs_code, naam)
SELECT g, lpad(g::text, 4, '0'), 'Gemeente ' || g FROM generate_series(1, {GEMEENTEN}) g;

INSERT INTO organisatie (id, naam, soort, standaard_interval_maanden,
    partner_metingen_beoordelen, bewaartermijn_jaren, benchmark_deelname)
SELECT o, 'Organisatie ' || lpad(o::text, 3, '0'), 'gemeente', 12, false, 7, true
FROM generate_series(1, {EIGEN_ORGANISATIES + (GEMEENTEN - EIGEN_ORGANISATIES) // PER_ISD}) o;

CREATE TEMP TABLE verdeling AS
SELECT g AS gemeente_id,
    CASE WHEN g <= {EIGEN_ORGANISATIES} THEN g
         ELSE {EIGEN_ORGANISATIES} + 1 + (g - {EIGEN_ORGANISATIES} - 1) / {PER_ISD} END
        AS organisatie_id,
    (1.0 / g ^ 0.9) / SUM(1.0 / g ^ 0.9) OVER () AS aandeel
FROM generate_series(1, {GEMEENTEN}) g;

INSERT INTO organisatie_gemeente (organisatie_id, gemeente_id)
SELECT organisatie_id, gemeente_id FROM verdeling;
"""  # noqa: S608 - only this module's constants

# Per organisation: one klantmanager per KLANTEN_PER_KLANTMANAGER klanten, eight per team.
MEDEWERKERS = f"""
CREATE TEMP TABLE bezetting AS
SELECT organisatie_id, greatest(1, ceil(SUM(aandeel) * %(klanten)s
        / {KLANTEN_PER_KLANTMANAGER}))::int AS klantmanagers
FROM verdeling GROUP BY organisatie_id;

INSERT INTO team (organisatie_id, naam, afdeling)
SELECT b.organisatie_id, 'Team ' || t, ''
FROM bezetting b, generate_series(1, (b.klantmanagers + {KLANTMANAGERS_PER_TEAM - 1})
    / {KLANTMANAGERS_PER_TEAM}) t
ORDER BY b.organisatie_id, t;

INSERT INTO gebruiker (naam, email, wachtwoord_hash, rol, organisatie_id, team_id, actief,
    aangemaakt, wachtwoord_wijzigen, kwaliteit)
SELECT 'Klantmanager ' || b.organisatie_id || '-' || k,
    'km' || b.organisatie_id || '-' || k || '@bench.nl', '-', 'klantmanager',
    b.organisatie_id,
    (SELECT min(id) FROM team WHERE organisatie_id = b.organisatie_id)
        + (k - 1) / {KLANTMANAGERS_PER_TEAM},
    true, '2025-01-01', false, false
FROM bezetting b, generate_series(1, b.klantmanagers) k
ORDER BY b.organisatie_id, k;

CREATE TEMP TABLE staf AS
SELECT organisatie_id, min(id) AS eerste, count(*) AS aantal FROM gebruiker
GROUP BY organisatie_id;
CREATE UNIQUE INDEX ON staf (organisatie_id);
"""  # noqa: S608 - only this module's constants

KLANTEN = """
CREATE TEMP TABLE grens AS
SELECT array_agg(tot ORDER BY gemeente_id) AS grenzen FROM (
    SELECT gemeente_id, SUM(aandeel) OVER (ORDER BY gemeente_id) AS tot FROM verdeling) s;

INSERT INTO klant (id, bsn, achternaam, tussenvoegsel, voornaam, voorletters, geboortedatum,
    geslacht, adres, postcode, woonplaats, gemeente_id, organisatie_id, klantmanager_id,
    team_id, aangemaakt, gewijzigd, versie)
SELECT n, lpad(n::text, 9, '0'), 'Klant ' || n, '', '', '', DATE '1960-01-01' + n %% 15000,
    'x', '', '', '', v.gemeente_id, v.organisatie_id, NULL, NULL,
    '2025-01-01', '2025-01-01', 1
FROM (SELECT n, least(width_bucket(random(), (SELECT grenzen FROM grens)) + 1,
        %(gemeenten)s) AS gemeente_id
      FROM generate_series(1, %(klanten)s) n) k
JOIN verdeling v USING (gemeente_id);
SELECT setval('klant_id_seq', %(klanten)s);
"""

# Per klant: how many metingen (1-15, geometric, mean about five), when the first one was,
# how far apart, the rung it starts on and its klantmanager.
REEKSEN = f"""
CREATE TEMP TABLE reeks AS
SELECT klant_id, organisatie_id, aantal, tussen,
    DATE '2017-01-01' + (random() * greatest(0, 3450 - (aantal - 1) * tussen))::int AS eerste,
    1 + (random() * 4.5)::int AS start_trede,
    eerste_km + (random() * (klantmanagers - 1))::int AS klantmanager_id
FROM (
    SELECT klant_id, organisatie_id, aantal, eerste_km, klantmanagers,
        least(90 + (random() * 300)::int, 3450 / greatest(1, aantal - 1)) AS tussen
    FROM (
        SELECT k.id AS klant_id, k.organisatie_id, s.eerste AS eerste_km,
            s.aantal AS klantmanagers,
            least(15, 1 + floor(ln(1 - random() * 0.9999999)
                / ln(1 - 1.0 / {METINGEN_PER_KLANT}))::int) AS aantal
        FROM klant k JOIN staf s USING (organisatie_id)
    ) a
) b;
"""  # noqa: S608 - only this module's constants

# The metingen, in meetdatum order. A random walk would need a window over every meting;
# a drift of about a third of a rung a year with noise gives the same kind of flows.
METINGEN = """
INSERT INTO meting (klant_id, organisatie_id, status, meetdatum, aanleiding, uitstroomreden,
    trede, code_toelichting, groeipotentieel, antwoorden, groei_antwoord, inkomenssituatie,
    startkwalificatie, inburgeringsplichtig, inburgeringsbehoeftig, laaggeletterd,
    vrijstelling_arbeidsplicht, vrijstelling_inburgeringsplicht, lopend_p_instrument,
    nieuw_p_instrument, toelichting, volgende_meetdatum, klantmanager_id, afdeling, team_id,
    invoerder_id, bron, correctiereden, stap, bevestigde_stappen, aangemaakt, gewijzigd,
    definitief_op, versie, beoordelingsreden)
SELECT klant_id, organisatie_id, status, meetdatum, aanleiding, '', trede, '',
    CASE WHEN trede IN (0, 6, 8, 9) THEN NULL WHEN random() < 0.5 THEN '+' ELSE '0' END,
    '{}', '', '', '', '', '', '',
    (ARRAY['nee', 'nee', 'ja', '', 'G12'])[1 + floor(random() * 5)::int], '',
    (ARRAY['ja', 'nee'])[1 + floor(random() * 2)::int],
    (ARRAY['ja', 'nee', 'nee'])[1 + floor(random() * 3)::int], '',
    meetdatum + 365, klantmanager_id, '', team_id, klantmanager_id, 'scherm', '', '', '[]',
    moment, moment,
    CASE WHEN status IN ('definitief', 'vervangen') AND NOT (meetdatum < DATE '2019-01-01'
        AND random() < 0.1) THEN moment END,
    1, ''
FROM (
    SELECT r.klant_id, r.organisatie_id, r.klantmanager_id, g.team_id,
        r.eerste + (j - 1) * r.tussen + (random() * 40)::int AS meetdatum,
        CASE WHEN j = r.aantal AND random() < 0.08 THEN 'uitstroom'
             ELSE (ARRAY['jaarlijks', 'jaarlijks', 'start_traject', 'afronding_traject',
                         'overig'])[1 + floor(random() * 5)::int] END AS aanleiding,
        CASE WHEN random() < 0.03 THEN (ARRAY[0, 8, 9])[1 + floor(random() * 3)::int]
             ELSE least(6, greatest(1, r.start_trede + ((j - 1) / 4.0
                 + random() * 2 - 1)::int)) END AS trede,
        CASE WHEN j = r.aantal AND random() < 0.3 THEN
                 (ARRAY['concept', 'ter_beoordeling'])[1 + floor(random() * 2)::int]
             ELSE 'definitief' END AS status,
        (r.eerste + (j - 1) * r.tussen)::timestamp + interval '10 hours' AS moment
    FROM reeks r
    JOIN gebruiker g ON g.id = r.klantmanager_id
    CROSS JOIN generate_series(1, r.aantal) j
) m
ORDER BY meetdatum;
"""

# About 3 % of the definitive metingen were corrected: a new definitive meting on the same
# day, confirmed a week later, replaces them (they become "vervangen").
CORRECTIES = """
CREATE TEMP TABLE gecorrigeerd AS
SELECT id FROM meting WHERE status = 'definitief' AND random() < 0.03;

INSERT INTO meting (klant_id, organisatie_id, status, meetdatum, aanleiding, uitstroomreden,
    trede, code_toelichting, groeipotentieel, antwoorden, groei_antwoord, inkomenssituatie,
    startkwalificatie, inburgeringsplichtig, inburgeringsbehoeftig, laaggeletterd,
    vrijstelling_arbeidsplicht, vrijstelling_inburgeringsplicht, lopend_p_instrument,
    nieuw_p_instrument, toelichting, volgende_meetdatum, klantmanager_id, afdeling, team_id,
    invoerder_id, bron, corrigeert_id, correctiereden, stap, bevestigde_stappen, aangemaakt,
    gewijzigd, definitief_op, versie, beoordelingsreden)
SELECT klant_id, organisatie_id, 'definitief', meetdatum, aanleiding, uitstroomreden,
    CASE WHEN trede BETWEEN 2 AND 5 THEN trede + 1 ELSE trede END, code_toelichting,
    groeipotentieel, antwoorden, groei_antwoord, inkomenssituatie, startkwalificatie,
    inburgeringsplichtig, inburgeringsbehoeftig, laaggeletterd, vrijstelling_arbeidsplicht,
    vrijstelling_inburgeringsplicht, lopend_p_instrument, nieuw_p_instrument, toelichting,
    volgende_meetdatum, klantmanager_id, afdeling, team_id, invoerder_id, bron, id,
    'bench', stap, bevestigde_stappen, aangemaakt + interval '7 days',
    gewijzigd + interval '7 days', coalesce(definitief_op, aangemaakt) + interval '7 days',
    1, ''
FROM meting WHERE id IN (SELECT id FROM gecorrigeerd) ORDER BY meetdatum;

UPDATE meting SET status = 'vervangen' WHERE id IN (SELECT id FROM gecorrigeerd);
"""


def genereer(cursor, klanten: int) -> None:
    """Fill the empty, migrated database with about klanten x 5 metingen. Bulk loading goes
    fastest without the secondary indexes and the foreign key triggers: the indexes are
    dropped and built again afterwards (the same definitions), the triggers are off for this
    session only (the data is consistent by construction)."""
    parameters = {"klanten": klanten, "gemeenten": GEMEENTEN}
    cursor.execute("SET session_replication_role = replica")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    cursor.execute("SET work_mem = '256MB'")
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('klant', 'meting') "
        "AND indexname NOT LIKE '%%_pkey'"
    )
    indexen = cursor.fetchall()
    for naam, _definitie in indexen:
        cursor.execute(f'DROP INDEX "{naam}"')
    for deel in (BASIS, MEDEWERKERS, KLANTEN, REEKSEN, METINGEN, CORRECTIES):
        cursor.execute(deel, parameters)
    for _naam, definitie in indexen:
        cursor.execute(definitie)
    for tabel in ("organisatie", "gemeente", "team", "gebruiker", "meting"):
        cursor.execute(
            f"SELECT setval('{tabel}_id_seq', (SELECT coalesce(max(id), 1) FROM {tabel}))"  # noqa: S608
        )
    cursor.execute("SET session_replication_role = DEFAULT")
