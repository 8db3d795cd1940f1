"""Language-aware text folding and tokenising for full-text search.

Default database tokenisers fail for this region's languages: SQLite FTS5 and PostgreSQL's
full-text search treat a run of Chinese, Japanese or Korean characters as one token (so
``下龙湾`` never matches ``下龙``) and keep Vietnamese diacritics (so ``ha long`` never
matches ``Hạ Long``). tourlink therefore indexes *terms* computed here, identically for every
database:

- Latin text is lower-cased and folded: diacritics removed, ``đ`` → ``d`` (``Đồ Sơn`` →
  ``do son``); each word is a term, and so is each pair of adjacent words (a phrase term
  that rewards names typed in order).
- Runs of Han, kana and Hangul characters are split into overlapping character bigrams
  (``下龙湾`` → ``下龙``, ``龙湾``); a run of one character is its own term, so one-character
  queries (``湾``) still find something. Korean words separated by spaces are treated the
  same way, so ``하롱베이`` matches ``하롱 베이``.
- Other scripts (Devanagari for Hindi) keep their combining marks, which are letters there,
  and are split on spaces and punctuation.

The index (:func:`index_terms`) holds two more kinds of terms than a query produces, so
that common ways of typing still match: every CJK character on its own (``湾`` finds
``下龙湾``) and each pair of adjacent Latin words written together (``halong`` finds
``Hạ Long``).

Scoring is a weighted term match: every query term must be present (AND); each document
field has a weight (name ≫ description), and rarer terms count more (an IDF factor). The
result is then multiplied by ``1 + name_coverage`` (see :func:`name_coverage`), so that an
entry whose name *is* the query (``Ha Long Bay``) beats one whose name merely contains it
(``Ha Long Bay Day Cruise``).
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

FIELD_WEIGHTS: Mapping[str, float] = {
    "name": 10.0,
    "alias": 6.0,
    "tag": 3.0,
    "text": 1.0,
}
"""How much a term found in each field counts: a match in the name beats one in a story."""

_CJK_RANGES = (
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0x1100, 0x11FF),  # Hangul jamo
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0xFF66, 0xFF9D),  # half-width katakana
)


def _words(text: str) -> list[str]:
    """Maximal runs of letters, digits and combining marks (Devanagari vowel signs are
    marks, which ``\\w`` in regular expressions would split on)."""
    out: list[str] = []
    current: list[str] = []
    for char in text:
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def is_cjk(char: str) -> bool:
    """Whether ``char`` is a Han, kana or Hangul character."""
    code = ord(char)
    return any(lo <= code <= hi for lo, hi in _CJK_RANGES)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    if char.isascii():
        return char.lower()
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        base = unicodedata.normalize("NFD", char)
        return "".join(c for c in base if not unicodedata.combining(c)).lower()
    return char.lower()


def fold(text: str) -> str:
    """Lower-case and strip Latin diacritics (``Hạ Long`` → ``ha long``, ``Đ`` → ``d``).

    Non-Latin scripts are left as they are (after NFKC normalisation), so Hindi vowel signs
    survive.
    """
    normal = unicodedata.normalize("NFKC", text)
    # Compose first so that a decomposed "ạ" folds as one Latin letter.
    normal = unicodedata.normalize("NFC", normal)
    return "".join(_fold_char(c) for c in normal)


def _cjk_terms(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokenize(text: str) -> list[str]:
    """Split ``text`` into search terms (see the module docstring), in order, with repeats.

    >>> tokenize("Vịnh Hạ Long")
    ['vinh', 'ha', 'long', 'vinh ha', 'ha long']
    >>> tokenize("下龙湾")
    ['下龙', '龙湾']
    """
    words: list[str] = []
    terms: list[str] = []
    cjk_run = ""
    for word in _words(fold(text)):
        # Split a word into CJK and non-CJK stretches ("ハロン湾tour" → "ハロン湾", "tour").
        pieces: list[tuple[bool, str]] = []
        for char in word:
            cjk = is_cjk(char)
            if pieces and pieces[-1][0] == cjk:
                pieces[-1] = (cjk, pieces[-1][1] + char)
            else:
                pieces.append((cjk, char))
        for cjk, piece in pieces:
            if cjk:
                cjk_run += piece
            else:
                if cjk_run:
                    terms.extend(_cjk_terms(cjk_run))
                    cjk_run = ""
                words.append(piece)
                terms.append(piece)
        # A space ends a Latin word but joins CJK/Hangul runs (하롱 베이 ~ 하롱베이).
    if cjk_run:
        terms.extend(_cjk_terms(cjk_run))
    terms.extend(f"{a} {b}" for a, b in itertools.pairwise(words))
    return terms


def query_terms(text: str) -> list[str]:
    """The distinct terms a query must match, without phrase terms for single words."""
    seen: dict[str, None] = {}
    for term in tokenize(text):
        seen.setdefault(term, None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class IndexedTerm:
    """One term of one entry, with the weight of the strongest field it occurs in."""

    term: str
    weight: float


def _index_extras(terms: list[str]) -> list[str]:
    """Extra index terms: single CJK characters and adjacent Latin words joined."""
    extras: list[str] = []
    for term in terms:
        if " " in term:
            first, second = term.split(" ")
            if first.isascii() and second.isascii():
                extras.append(first + second)
        elif len(term) == 2 and is_cjk(term[0]):
            extras.extend(term)
    return extras


def index_terms(fields: Mapping[str, Iterable[str]]) -> list[IndexedTerm]:
    """The terms to index for one entry: each term once, with its best field weight.

    ``fields`` maps a field kind (``name``, ``alias``, ``tag``, ``text``) to its texts in
    every language. Besides :func:`tokenize`'s terms, the index holds every CJK character
    alone and adjacent Latin words joined, so that one-character and run-together queries
    match:

    >>> sorted(t.term for t in index_terms({"name": ["Hạ Long 下龙"]}))
    ['ha', 'ha long', 'halong', 'long', '下', '下龙', '龙']
    """
    best: dict[str, float] = {}
    for kind, texts in fields.items():
        weight = FIELD_WEIGHTS[kind]
        for text in texts:
            terms = tokenize(text)
            for term in itertools.chain(terms, _index_extras(terms)):
                if best.get(term, 0.0) < weight:
                    best[term] = weight
    return [IndexedTerm(t, w) for t, w in best.items()]


@functools.lru_cache(maxsize=16384)
def _units(text: str) -> tuple[str, ...]:
    """Words (folded) and CJK characters: what a name is made of, for coverage."""
    units: list[str] = []
    for word in _words(fold(text)):
        latin = ""
        for char in word:
            if is_cjk(char):
                if latin:
                    units.append(latin)
                    latin = ""
                units.append(char)
            else:
                latin += char
        if latin:
            units.append(latin)
    return tuple(units)


def name_coverage(query: str, names: Iterable[str]) -> float:
    """How much of the best-matching name the query covers, from 0 to 1.

    For each name, the larger of (a) the share of the name's words (and CJK characters)
    found in the query and (b) the query's share of the name's letters when the query,
    spaces removed, appears in it as is (``halong`` in ``Ha Long Bay``).

    >>> name_coverage("ha long bay", ["Ha Long Bay", "Vịnh Hạ Long"])
    1.0
    >>> name_coverage("ha long bay", ["Ha Long Bay Day Cruise"])
    0.6
    >>> round(name_coverage("湾", ["下龙湾"]), 2)
    0.33
    """
    query_units = _units(query)
    wanted = set(query_units)
    compact = "".join(query_units)
    best = 0.0
    for name in names:
        units = _units(name)
        if not units:
            continue
        share = sum(1 for u in units if u in wanted) / len(units)
        whole = "".join(units)
        if compact and compact in whole:
            share = max(share, len(compact) / len(whole))
        best = max(best, share)
    return best


def score(
    matched: Mapping[str, float],
    query: list[str],
    document_frequency: Mapping[str, int],
    n_docs: int,
) -> float:
    """Relevance of a document whose matched terms have weights ``matched``.

    Each query term contributes its field weight times an IDF factor
    ``log(1 + n_docs / df)``; phrase terms (two words) count double. Returns 0 when any
    single-word query term is missing (AND semantics; phrase terms are optional boosts).
    """
    total = 0.0
    for term in query:
        weight = matched.get(term)
        is_phrase = " " in term
        if weight is None:
            if is_phrase:
                continue
            return 0.0
        idf = math.log(1.0 + n_docs / max(1, document_frequency.get(term, 1)))
        total += weight * idf * (2.0 if is_phrase else 1.0)
    return total


def required_terms(query: list[str]) -> list[str]:
    """The query terms every result must contain (phrase terms are only boosts)."""
    return [t for t in query if " " not in t]
