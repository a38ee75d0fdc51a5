"""0016: on PostgreSQL, the index of 0008 in the order the reports ask for.

The reports take a klant's latest definitive meting by meetdatum, then definitief_op with the
empty ones last, then id (reports/peil.py). Read backwards, 0008's index gives definitief_op
empty last on SQLite (which sorts NULL first) but empty first on PostgreSQL (NULL sorts last
there), so PostgreSQL sorted every klant's candidates again before taking the first. With
definitief_op NULLS FIRST the backward scan is the report's order, on both engines; the
index keeps its name and columns. SQLite needs nothing."""

from peewee import SqliteDatabase

NAAM = "meting_klant_id_status_meetdatum_definitief_op_id"


def _vervang(db, definitief_op: str) -> None:
    db.execute_sql(
        f"CREATE INDEX meting_peilvolgorde_nieuw ON meting "  # noqa: S608 - constants only
        f"(klant_id, status, meetdatum, definitief_op {definitief_op}, id)"
    )
    db.execute_sql(f'DROP INDEX "{NAAM}"')
    db.execute_sql(f'ALTER INDEX meting_peilvolgorde_nieuw RENAME TO "{NAAM}"')


def up(migrator, db):
    if not isinstance(db, SqliteDatabase):
        _vervang(db, "NULLS FIRST")


def down(migrator, db):
    if not isinstance(db, SqliteDatabase):
        _vervang(db, "NULLS LAST")
