"""0015: stored prints (issue 17, "instant print").

- afdruk: the PDF of a dossierblad or historieoverzicht as it was rendered, with the
  fingerprint of what is printed on it; deleted with the klant's data it contains.
"""

from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    class Klant(Model):
        class Meta:
            database = db
            table_name = "klant"

    class Afdruk(Model):
        sleutel = CharField(max_length=60, unique=True)
        klant = ForeignKeyField(Klant, on_delete="CASCADE")
        vingerafdruk = CharField(max_length=64)
        vastgelegd_op = DateTimeField()
        pdf = BlobField()

        class Meta:
            database = db
            table_name = "afdruk"

    db.create_tables([Afdruk])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("afdruk"))
