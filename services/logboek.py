"""Keeping BSNs out of the application log: a database error's detail (a unique violation
on klant.bsn, say) ends up in the log text, and log files are kept and read far more
widely than the database itself."""

import logging
import re

BSN_PATROON = re.compile(r"(?<!\d)\d{9}(?!\d)")
MASKER = "*********"

_FORMATTER = logging.Formatter()


def maskeer(tekst: str) -> str:
    """Every run of exactly nine digits, the shape of a BSN, replaced by asterisks."""
    return BSN_PATROON.sub(MASKER, tekst)


class BsnFilter(logging.Filter):
    """Masks BSNs in the message, its arguments and the formatted exception of a record.

    The record is changed in place, before any handler sees it, so every handler (also a
    parent logger's) writes the masked text. The exception is formatted here and exc_info
    dropped: a handler formatting the traceback itself would bring the BSN back."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except (TypeError, ValueError):  # a bad format string must not break the request
            bericht = f"{record.msg} {record.args!r}"
        record.msg, record.args = maskeer(bericht), None
        if record.exc_info:
            record.exc_text = record.exc_text or _FORMATTER.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = maskeer(record.exc_text)
        if record.stack_info:
            record.stack_info = maskeer(record.stack_info)
        return True


def installeer(logger: logging.Logger) -> None:
    """Put the filter on the logger once (the app logger outlives one app in the tests)."""
    if not any(isinstance(f, BsnFilter) for f in logger.filters):
        logger.addFilter(BsnFilter())
