"""The hand-written PostgreSQL of bench/landelijk.py: the fastest formulation found for each
figure, and the same figures computed by the application's reports, for comparison.

Tried on 1 000 000 metingen: a LATERAL (… ORDER BY … LIMIT 1) per klant is as fast as or a
little faster than the correlated `m.id = (SELECT … LIMIT 1)` of reports/peil.py for one
gemeente; DISTINCT ON (klant_id) over the gemeente's metingen is 1.2-2x slower (it reads every
definitive meting, not one per klant). For the whole installation DISTINCT ON over the whole
index comes closer, but the LATERAL stays fastest at every size measured.
"""

# The seven aggregates of reports/stand.py: trede, aantal, +, 0 zonder vrijstelling,
# 0 met ontheffing, nieuw P-instrument, lopend P-instrument.
KOLOMMEN = """m.trede, COUNT(*),
    COUNT(*) FILTER (WHERE m.groeipotentieel = '+'),
    COUNT(*) FILTER (WHERE m.groeipotentieel = '0' AND m.vrijstelling_arbeidsplicht IN ('', 'nee')),
    COUNT(*) FILTER (WHERE m.groeipotentieel = '0'
        AND m.vrijstelling_arbeidsplicht NOT IN ('', 'nee')),
    COUNT(*) FILTER (WHERE m.nieuw_p_instrument = 'ja'),
    COUNT(*) FILTER (WHERE m.lopend_p_instrument = 'ja' AND m.nieuw_p_instrument <> 'ja')"""

LAATSTE = """SELECT {kolommen} FROM meting l
    WHERE l.klant_id = k.id AND l.status = 'definitief' AND l.meetdatum <= {peildatum}
    ORDER BY l.meetdatum DESC, l.definitief_op DESC NULLS LAST, l.id DESC LIMIT 1"""

# One gemeente: the klanten of its organisation that live there.
STAND = f"""
SELECT {KOLOMMEN}
FROM klant k CROSS JOIN LATERAL ({LAATSTE.format(kolommen="*", peildatum="%(p)s")}) m
WHERE k.organisatie_id = %(org)s AND k.gemeente_id = %(gemeente)s
    AND m.aanleiding <> 'uitstroom'
GROUP BY m.trede
"""  # noqa: S608 - only this module's constants

_TREDE = """LEFT JOIN LATERAL (SELECT CASE WHEN l.aanleiding <> 'uitstroom'
    AND l.trede BETWEEN 1 AND 6 THEN l.trede END AS trede FROM meting l
    WHERE l.klant_id = k.id AND l.status = 'definitief' AND l.meetdatum <= {peildatum}
    ORDER BY l.meetdatum DESC, l.definitief_op DESC NULLS LAST, l.id DESC LIMIT 1) {naam}
    ON true"""

STROMEN = f"""
SELECT van.trede, naar.trede, COUNT(*)
FROM klant k
{_TREDE.format(peildatum="%(t0)s", naam="van")}
{_TREDE.format(peildatum="%(t1)s", naam="naar")}
WHERE k.organisatie_id = %(org)s AND k.gemeente_id = %(gemeente)s
    AND (van.trede IS NOT NULL OR naar.trede IS NOT NULL)
GROUP BY van.trede, naar.trede
"""  # noqa: S608 - only this module's constants

# The whole installation: every organisation, per organisation (and for the benchmark per
# gemeente), in one query.
STAND_ALLE = f"""
SELECT k.organisatie_id, {KOLOMMEN}
FROM klant k CROSS JOIN LATERAL ({LAATSTE.format(kolommen="*", peildatum="%(p)s")}) m
WHERE m.aanleiding <> 'uitstroom'
GROUP BY k.organisatie_id, m.trede
"""  # noqa: S608 - only this module's constants

STROMEN_ALLE = f"""
SELECT k.organisatie_id, van.trede, naar.trede, COUNT(*)
FROM klant k
{_TREDE.format(peildatum="%(t0)s", naam="van")}
{_TREDE.format(peildatum="%(t1)s", naam="naar")}
WHERE van.trede IS NOT NULL OR naar.trede IS NOT NULL
GROUP BY k.organisatie_id, van.trede, naar.trede
"""  # noqa: S608 - only this module's constants

BENCHMARK = f"""
SELECT k.organisatie_id, k.gemeente_id, m.trede, COUNT(*),
    COUNT(*) FILTER (WHERE m.groeipotentieel = '+')
FROM klant k
JOIN organisatie o ON o.id = k.organisatie_id
CROSS JOIN LATERAL ({LAATSTE.format(kolommen="*", peildatum="%(p)s")}) m
WHERE o.benchmark_deelname AND m.aanleiding <> 'uitstroom'
GROUP BY k.organisatie_id, k.gemeente_id, m.trede
"""  # noqa: S608 - only this module's constants

# The same figures for the whole installation by DISTINCT ON: one pass over the index in
# klant order instead of one lookup per klant.
_LAATSTE_ALLE = """SELECT DISTINCT ON (l.klant_id) l.id FROM meting l
    WHERE l.status = 'definitief' AND l.meetdatum <= {peildatum}
    ORDER BY l.klant_id DESC, l.meetdatum DESC, l.definitief_op DESC NULLS LAST, l.id DESC"""

STAND_ALLE_DISTINCT = f"""
SELECT k.organisatie_id, {KOLOMMEN}
FROM ({_LAATSTE_ALLE.format(peildatum="%(p)s")}) d
JOIN meting m ON m.id = d.id JOIN klant k ON k.id = m.klant_id
WHERE m.aanleiding <> 'uitstroom'
GROUP BY k.organisatie_id, m.trede
"""  # noqa: S608 - only this module's constants

STROMEN_ALLE_DISTINCT = f"""
SELECT k.organisatie_id, van.trede, naar.trede, COUNT(*)
FROM klant k
LEFT JOIN (SELECT m.klant_id, m.trede FROM ({_LAATSTE_ALLE.format(peildatum="%(t0)s")}) d
    JOIN meting m ON m.id = d.id
    WHERE m.aanleiding <> 'uitstroom' AND m.trede BETWEEN 1 AND 6) van ON van.klant_id = k.id
LEFT JOIN (SELECT m.klant_id, m.trede FROM ({_LAATSTE_ALLE.format(peildatum="%(t1)s")}) d
    JOIN meting m ON m.id = d.id
    WHERE m.aanleiding <> 'uitstroom' AND m.trede BETWEEN 1 AND 6) naar ON naar.klant_id = k.id
WHERE van.trede IS NOT NULL OR naar.trede IS NOT NULL
GROUP BY k.organisatie_id, van.trede, naar.trede
"""  # noqa: S608 - only this module's constants

BENCHMARK_DISTINCT = f"""
SELECT k.organisatie_id, k.gemeente_id, m.trede, COUNT(*),
    COUNT(*) FILTER (WHERE m.groeipotentieel = '+')
FROM ({_LAATSTE_ALLE.format(peildatum="%(p)s")}) d
JOIN meting m ON m.id = d.id JOIN klant k ON k.id = m.klant_id
JOIN organisatie o ON o.id = k.organisatie_id
WHERE o.benchmark_deelname AND m.aanleiding <> 'uitstroom'
GROUP BY k.organisatie_id, k.gemeente_id, m.trede
"""  # noqa: S608 - only this module's constants
