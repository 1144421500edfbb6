"""How a column name, code or label is compared: one rule for every header and every registry lookup.

Two spellings are the same name when they differ only in case, Unicode form (full-width letters,
ligatures, a no-break space), invisible marks (a byte-order mark, zero-width spaces), underscores
standing for spaces, or the amount of space. Every lookup uses :func:`fold`, so a header the reader
finds is the header the duplicate check sees: two columns that fold alike make a file that could be
read two ways, which the reader reports instead of choosing one.
"""

from __future__ import annotations

import unicodedata

#: Characters that are invisible in a spreadsheet cell yet make two names differ.
INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00ad"), None)


def fold(text: object) -> str:
    """The comparison key of a name: NFKC, invisible marks removed, ``_`` as space, casefolded, spaces collapsed."""
    value = str(text)
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value).translate(INVISIBLE)
    return " ".join(value.replace("_", " ").casefold().split())
