"""Printing: HTML from templates/pdf/ to a tagged PDF/A-2a with WeasyPrint, which may read
the app's own static files (the fonts) and nothing else."""

import mimetypes
import re
import unicodedata
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.css import ColorProfile
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/a-2a"  # archival, tagged (accessible), fonts embedded

# Relative URLs in the print templates ("static/fonts/…") resolve against this origin. It is
# never contacted: the fetcher maps it onto the static folder. `.invalid` cannot resolve.
BASE_URL = "https://participatieladder.invalid/"
STATIC_PREFIX = BASE_URL + "static/"

# WeasyPrint 70 opens its bundled sRGB profile for PDF/A and never closes the file (a
# ResourceWarning on every print). Handing it the same profile ourselves avoids that.
_SRGB = files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()
_INTENT = "ladder-srgb"


class StaticFetcher(URLFetcher):
    """Serves STATIC_PREFIX URLs from the static folder on disk and refuses every other URL
    (file:, http(s):, data:, other paths): a refused resource is simply left out."""

    def __init__(self, static_folder: str | Path):
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self.static = Path(static_folder).resolve()
        self.geweigerd: list[str] = []

    def pad(self, url: str) -> Path | None:
        """The static file an URL names, or None if it names anything else."""
        if not url.startswith(STATIC_PREFIX):
            return None
        parts = urlsplit(url)
        if parts.query or parts.fragment:
            return None
        try:
            pad = (self.static / unquote(parts.path.removeprefix("/static/"))).resolve()
            return pad if pad.is_relative_to(self.static) and pad.is_file() else None
        except (OSError, ValueError):  # a NUL byte, a name too long for the file system
            return None

    def fetch(self, url, headers=None):
        pad = self.pad(url)
        if pad is None:
            self.geweigerd.append(url)
            raise ValueError(f"Niet toegestaan in een afdruk: {url[:200]}")
        soort = mimetypes.guess_type(pad.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, pad.read_bytes(), {"Content-Type": soort})


def render_pdf(
    html: str,
    *,
    title: str,
    author: str,
    subject: str,
    fetcher: StaticFetcher,
) -> bytes:
    """One PDF/A-2a document; title, author and subject go into its metadata (XMP too)."""
    profiel = ColorProfile(
        BytesIO(_SRGB), "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"])
    )
    opties = {"pdf_variant": PDF_VARIANT, "output_intent": _INTENT}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        color_profiles={_INTENT: profiel}, **opties
    )
    document.metadata.title = title
    document.metadata.authors = [author]
    document.metadata.description = subject
    document.metadata.lang = "nl"
    return document.write_pdf(**opties)


def bestandsnaam(*delen: str) -> str:
    """'dossierblad-Ozturk-2026-03-02.pdf': ASCII letters, digits and hyphens only."""
    schoon = []
    for deel in delen:
        ascii_ = unicodedata.normalize("NFKD", deel).encode("ascii", "ignore").decode()
        ascii_ = re.sub(r"[^A-Za-z0-9]+", "-", ascii_).strip("-")
        if ascii_:
            schoon.append(ascii_)
    return "-".join(schoon or ["afdruk"]) + ".pdf"
