"""0004: when a klant's personal data was anonymised after the retention period."""

from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(migrator.add_column("klant", "geanonimiseerd", DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("klant", "geanonimiseerd"))
