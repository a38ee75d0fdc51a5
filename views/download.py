"""Files sent to the browser in chunks from an open file (an export's temporary file),
rather than read into memory first."""

import os
from typing import IO

from flask import Response
from werkzeug.wsgi import FileWrapper

STUK = 64 * 1024


def download(bestand: IO[bytes], mimetype: str, naam: str) -> Response:
    """The file as an attachment (see verstuur)."""
    response = verstuur(bestand, mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


def verstuur(bestand: IO[bytes], mimetype: str) -> Response:
    """The file from its start, sent in chunks; the response closes it (see Stukken)."""
    grootte = bestand.seek(0, os.SEEK_END)
    bestand.seek(0)
    response = Response(Stukken(bestand), mimetype=mimetype, direct_passthrough=True)
    response.content_length = grootte
    return response


class Stukken(FileWrapper):
    """werkzeug's FileWrapper (what send_file sends a file object with), which the WSGI
    server closes with the response, also when the browser breaks off; this one also
    closes the file after its last chunk, so a reader that never closes the response
    (the test client) leaves no file open either."""

    def __init__(self, bestand: IO[bytes]) -> None:
        super().__init__(bestand, buffer_size=STUK)

    def __next__(self) -> bytes:
        try:
            return super().__next__()
        except StopIteration:
            self.close()
            raise
