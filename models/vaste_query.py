"""A select whose SQL is built once (see VasteQuery)."""

from collections.abc import Callable
from typing import Any

from peewee import Model

from models.base import db


class VasteQuery:
    """A select whose SQL is built once per kind of database and then run with other values
    for its parameters. On the pages of a meting, peewee building the SQL of the few selects
    of many columns that every request runs (the user and the meting) cost more than running
    them; the rows come back as the same model objects as from the query itself.

    `bouw(*waarden)` makes the query; it is built once with `voorbeeld` values that must each
    occur exactly once among its parameters, which are then replaced by the values given."""

    def __init__(self, bouw: Callable[..., Any], *voorbeeld: object):
        self._bouw = bouw
        self._voorbeeld = voorbeeld
        self._per_soort: dict[type, tuple] = {}
        # How the columns of a row become model objects: peewee works that out from the
        # cursor for each execution (for 80 columns a tenth of a page of a meting); the SQL
        # is the same each time, so it is worked out once (read-only afterwards, so the
        # threads of a process can share it).
        self._kolommen: dict[type, dict] = {}

    def _gebouwd(self, database) -> tuple:
        soort = type(database)
        if soort not in self._per_soort:
            query = self._bouw(*self._voorbeeld)
            sql, params = database.get_sql_context().sql(query).query()
            posities = []
            for waarde in self._voorbeeld:
                gevonden = [i for i, p in enumerate(params) if p == waarde]
                if len(gevonden) != 1:
                    raise ValueError(f"voorbeeldwaarde {waarde!r} niet precies eenmaal in de SQL")
                posities.append(gevonden[0])
            self._per_soort[soort] = (query, sql, tuple(params), tuple(posities))
        return self._per_soort[soort]

    def _uitvoeren(self, waarden: tuple) -> tuple:
        """Run the query with these values: the query and its cursor."""
        database = db.obj
        query, sql, params, posities = self._gebouwd(database)
        params = list(params)
        for positie, waarde in zip(posities, waarden, strict=True):
            # A row stands for its primary key, as in peewee's comparisons with a foreign
            # key (not get_id(): Gebruiker's is the session token, for Flask-Login).
            params[positie] = waarde._pk if isinstance(waarde, Model) else waarde
        return query, database.execute_sql(sql, params)

    def _objecten(self, query, cursor) -> list:
        """The cursor's rows as the query gives them (model objects, tuples…)."""
        rijen = query._get_cursor_wrapper(cursor)
        soort = type(db.obj)
        kolommen = self._kolommen.get(soort)
        if kolommen is not None:
            rijen.__dict__.update(kolommen)
            rijen.initialized = True
        resultaat = list(rijen)
        if kolommen is None and rijen.initialized:
            nieuw = {"cursor", "count", "index", "initialized", "populated", "row_cache"}
            self._kolommen[soort] = {k: v for k, v in rijen.__dict__.items() if k not in nieuw}
        return resultaat

    def rijen(self, *waarden) -> list:
        """The rows for these values, as the query built with them would give them."""
        return self._objecten(*self._uitvoeren(waarden))

    def gelezen(self, *waarden) -> "Gelezen":
        """The rows for these values as the database gives them (see Gelezen)."""
        query, cursor = self._uitvoeren(waarden)
        return Gelezen(self, query, cursor)

    def eerste(self, *waarden):
        """The first row, or None (build the query with a LIMIT 1)."""
        rijen = self.rijen(*waarden)
        return rijen[0] if rijen else None


class Gelezen:
    """The rows of one run of a query as the database gave them: plain values, cheap to hash
    or compare (a stored print's fingerprint), and `objecten()`, the model objects the query
    gives, made from the same rows without reading them again."""

    def __init__(self, vast: VasteQuery, query, cursor):
        self._vast, self._query = vast, query
        self.description = cursor.description
        self.rijen = tuple(map(tuple, cursor.fetchall()))

    def objecten(self) -> list:
        return self._vast._objecten(self._query, _Cursor(self.description, self.rijen))


class _Cursor:
    """Rows already read, offered as the cursor that peewee's cursor wrappers read."""

    def __init__(self, description, rijen):
        self.description = description
        self._rijen = iter(rijen)

    def fetchone(self):
        return next(self._rijen, None)

    def close(self) -> None:
        pass
