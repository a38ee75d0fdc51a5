"""The participatieladder as a measuring instrument: plain Python, no web framework, no database.

This package holds the instrument as Regioplan Beleidsonderzoek describes it in
"De participatieladder, meetlat voor het participatiebudget". Every Dutch text a
klantmanager sees (definitions, examples, questions) is copied verbatim from that
report, so a policy adviser can check here what the application shows and how it counts.

Modules:

- ``treden``: the six treden with definition and examples (Table 2.1), and the codes 0, 8, 9.
- ``vragen``: the five questions that determine the trede, and their routing (Table 3.1).
- ``groeipotentieel``: the growth-potential question per trede, with examples (Table 3.2).
- ``aandachtspunten``: the “Let op” notes per question: examples and conditions of Tables 2.1
  and 3.2 that are easily placed wrongly at that question, verbatim with their trede.
- ``subgroepen``: the seven subgroepen and their definitions (Table 3.3).
- ``meetmomenten``: the aanleidingen for a meting and the reasons for uitstroom (§3.2).
- ``klantkenmerken``: the nine aanvullende klantkenmerken of the data set (CP-ICT, Bijlage 1).
- ``srg``: the translation of a trede to the ministry's SRG ladder (Table 1.1).
- ``stromen``: the arithmetic of flows between two peildata (§2.6, Figure 2.3).

The package imports only the standard library: the web application uses it, never the
other way round. Import the module you need, e.g. ``from ladder.vragen import route``.
"""
