"""0011: a klant's identity belongs to its organisation; bulk reads name their klanten.

- The BSN was unique in the installation, so registering or importing a BSN answered
  whether it was a klant of another organisation. Now it is unique per organisation: two
  organisations in one installation never collide, and nothing about one crosses to another.
- auditregel_klant records which klanten a search, bulk export or API call showed.
- SQLite's INSERT OR REPLACE deleted an audit line without firing the DELETE trigger
  (recursive_triggers is off): an insert with an existing id is refused outright.
"""

from peewee import IntegerField, Model, SqliteDatabase

SQLITE_TRIGGERS = (
    "CREATE TRIGGER auditregel_geen_vervanging BEFORE INSERT ON auditregel "
    "WHEN EXISTS (SELECT 1 FROM auditregel WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'auditregel is append-only'); END",
    "CREATE TRIGGER auditregel_klant_geen_vervanging BEFORE INSERT ON auditregel_klant "
    "WHEN EXISTS (SELECT 1 FROM auditregel_klant WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'auditregel_klant is append-only'); END",
    "CREATE TRIGGER auditregel_klant_geen_update BEFORE UPDATE ON auditregel_klant "
    "BEGIN SELECT RAISE(ABORT, 'auditregel_klant is append-only'); END",
    "CREATE TRIGGER auditregel_klant_geen_delete BEFORE DELETE ON auditregel_klant "
    "BEGIN SELECT RAISE(ABORT, 'auditregel_klant is append-only'); END",
)

# The function auditregel_append_only() of 0001 raises for any row.
POSTGRES_TRIGGERS = (
    "CREATE TRIGGER auditregel_klant_geen_wijziging BEFORE UPDATE OR DELETE ON auditregel_klant "
    "FOR EACH ROW EXECUTE FUNCTION auditregel_append_only()",
    "CREATE TRIGGER auditregel_klant_geen_truncate BEFORE TRUNCATE ON auditregel_klant "
    "FOR EACH STATEMENT EXECUTE FUNCTION auditregel_append_only()",
)


def up(migrator, db):
    class AuditregelKlant(Model):
        auditregel_id = IntegerField(index=True)
        klant_id = IntegerField(index=True)

        class Meta:
            database = db
            table_name = "auditregel_klant"

    db.create_tables([AuditregelKlant])
    migrator.migrate(
        migrator.drop_index("klant", "klant_bsn"),
        migrator.add_index("klant", ("organisatie_id", "bsn"), unique=True),
    )
    for sql in SQLITE_TRIGGERS if isinstance(db, SqliteDatabase) else POSTGRES_TRIGGERS:
        db.execute_sql(sql)


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("klant", "klant_organisatie_id_bsn"),
        migrator.add_index("klant", ("bsn",), unique=True),
    )
    db.execute_sql("DROP TABLE auditregel_klant")
    if isinstance(db, SqliteDatabase):
        db.execute_sql("DROP TRIGGER auditregel_geen_vervanging")
