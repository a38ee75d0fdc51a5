"""Management information (§2.6): the report queries, in plain Python and peewee, no Flask.

Each report is a function taking a `filters.Filter` (the selection, within the user's
`Bereik`) and returning plain dataclasses; the counting happens in the database with one
definition of the meting that counts for a klant at a peildatum (`peil`). `tabellen` lays the
results out as `tabel.Tabel`s that the page, the CSV and the XLSX all render (`export`).

- ``peil``: the counted meting per klant at a peildatum, and every filter condition.
- ``stand``: the stand per peildatum (Figure 2.2) and caseloads side by side.
- ``stromen``: flows between two peildata (Figure 2.3), as ladder/stromen.py defines them.
- ``inschattingen``: whether klanten with + at t0 rose by t1.
- ``te_meten``: klanten due for a meting, or measured longer than a year ago.
- ``jaaroverzicht``: the stand on 31 December (or 30 June) against a year earlier.
- ``effect``: observed movement on the ladder per P-instrument, and its cost.
- ``verantwoording``: a placement project's accountability per period (page, PDF, XLSX).
"""
