"""Record ids typed by people and programs (query strings, form fields, API filters)."""

# The largest key SQLite's INTEGER and PostgreSQL's bigint hold. A bigger number reaches SQLite's driver as an
# OverflowError, so it is refused before any query.
MAX_ID = 2**63 - 1


def parse_id(text) -> int | None:
    """The id in `text`, or None unless it is plain ASCII digits naming a possible key ("²" is a digit to Python
    but not to int())."""
    text = str(text or "")
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
