"""Search and dedupe keys of a customer, derived from its name and phone (pure functions, no ORM)."""

import functools
import re
import unicodedata

from pypinyin import lazy_pinyin
from pypinyin.seg.simpleseg import seg

from core.phones import national_digits

# Longest first, so 有限责任公司 is removed whole rather than leaving 有限责任.
_COMPANY_SUFFIXES = sorted([
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "总公司", "分公司", "公司", "厂", "商行", "经营部",
    "co., ltd.", "co.,ltd.", "co. ltd", "co ltd", "company limited", "limited", "ltd", "inc", "corp", "co",
], key=len, reverse=True)
_PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")


def fold(text: str) -> str:
    """Full-width to half-width and lower case: '１３８ＡＢＣ' -> '138abc'."""
    return unicodedata.normalize("NFKC", text or "").lower()


def name_key(name: str) -> str:
    """The name for duplicate detection: no punctuation, no bracketed parts, no company suffixes."""
    text = _PARENTHESES.sub("", fold(name)).strip()
    changed = True
    while changed:
        changed = False
        for suffix in _COMPANY_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].rstrip(" ,.")
                changed = True
    return _PUNCTUATION.sub("", text)


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin, first letters): 北京艾礼富 -> ('beijingailifu', 'bjalf').

    First letters are the first letter of each syllable (pypinyin's INITIALS would give '' for 艾); the name is cut
    into words as pypinyin cuts it, and each word's syllables are memoised (names share most of their words)."""
    syllables = [s for word in seg(_PUNCTUATION.sub("", fold(name))) for s in _word_pinyin(word)]
    return "".join(syllables).lower(), "".join(s[:1] for s in syllables).lower()


@functools.lru_cache(maxsize=1 << 16)
def _word_pinyin(word: str) -> tuple[str, ...]:
    """The syllables of one word of pypinyin's segmentation: pypinyin converts each word on its own (a word cuts
    into itself again), so this equals the word's part of a whole-name conversion."""
    return tuple(lazy_pinyin(word, errors=list))


def phone_keys(e164: str) -> tuple[str, str]:
    """(national digits, reversed digits) of a normalised phone; the reversed form makes suffix search an
    indexed prefix search."""
    digits = national_digits(e164 or "")
    return digits, digits[::-1]


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", fold(text))
