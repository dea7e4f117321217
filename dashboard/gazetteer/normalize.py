"""One spelling per place name, so article text and gazetteer names meet.

Both sides go through `normalize_name`: "Åndalsnes", "ANDALSNES" and "Andalsnes"
become one key, as do "St. Moritz" and "Saint Moritz".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition leaves alone but readers treat as plain Latin.
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ŧ": "t",
        "ŋ": "n",
        "ə": "e",
    }
)
_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032\u00b4`\u02bb\u02bc\u02bd]")
_DQUOTES = re.compile(r"[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
# Hyphens and dashes separate words like spaces do: "Saint-Denis" == "Saint Denis".
_DASHES = re.compile(r"[\-\u2010-\u2015\u2212_\s]+")
_EDGE_PUNCT = " .,;:!?\"'()[]"
# Abbreviated leading words that gazetteers spell out (or not) at random.
_ABBREVIATIONS = {
    "st": "saint",
    "st.": "saint",
    "ste": "sainte",
    "ste.": "sainte",
    "mt": "mount",
    "mt.": "mount",
    "ft": "fort",
    "ft.": "fort",
}
_LATIN_ONLY = re.compile(r"^[\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u0300-\u036f]+$")
_HAS_UPPER = re.compile(r"[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """Casefolded, accent-free, punctuation-unified key of a place name."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _QUOTES.sub("'", text)
    text = _DQUOTES.sub('"', text)
    text = text.translate(_LETTERS)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _DASHES.sub(" ", text).strip(_EDGE_PUNCT)
    words = text.split(" ")
    if len(words) > 1 or words[0] not in _ABBREVIATIONS:
        words = [_ABBREVIATIONS.get(w, w) for w in words]
    return " ".join(words)


def is_latin(name: str) -> bool:
    """True when the name is written in Latin script (possibly with accents)."""
    return bool(_LATIN_ONLY.match(name))


def is_useful_alternate(name: str, primary: str) -> bool:
    """Whether an alternate name from GeoNames is a real Latin-script name.

    GeoNames alternates mix in airport and postal codes ("ROM", "RMG") and
    lower-case machine transliterations of other scripts ("luo ma shi", "rwm");
    neither ever appears as a place name in English news, so both are dropped
    unless they are the primary name itself.
    """
    if not name or name == primary:
        return bool(name)
    if not is_latin(name) or any(ch.isdigit() for ch in name):
        return False
    if not _HAS_UPPER.search(name):
        return False
    letters = [ch for ch in name if ch.isalpha()]
    return not (len(letters) <= 4 and all(ch.isupper() for ch in letters))
