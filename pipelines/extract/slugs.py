"""The one way a name becomes part of an identifier."""

from __future__ import annotations

import re
import unicodedata


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Zoë O’Brien" gives
    "zoe-obrien", "Sodexo & Interserve" gives "sodexo-and-interserve". Empty
    when the text has no letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
