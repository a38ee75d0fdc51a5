"""Data exchange of the participatiedatabase: plain Python and peewee, no Flask.

- ``kolommen``: the columns of the data set (CSV, XLSX and XML share them).
- ``cellen``: the one neutraliser of text cells, for every CSV and XLSX the application writes.
- ``rijen``: the export query and one row per meting, with its SRG code.
- ``schrijvers``: CSV (UTF-8 with BOM, ``;``) and XLSX writers, and the import template.
- ``bericht``: the XML message (``schemas/participatieladder-1.0.xsd``).
- ``bestand``: checks on an uploaded file and reading its rows (CSV or XLSX).
- ``validatie``: the per-row check of an import against a looked-up context.
- ``importeren``: loading that context, the dry run, and the commit.
"""
