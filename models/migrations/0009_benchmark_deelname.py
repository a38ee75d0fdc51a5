"""0009: whether an organisation takes part in the benchmark (report 7). Off by default: an
organisation's aggregates are compared with others only after its beheerder opts in."""

from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("organisatie", "benchmark_deelname", BooleanField(default=False))
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("organisatie", "benchmark_deelname"))
