"""A worker's question in canonical Mandarin: simplified script, half-width, typos and dialect words fixed.

Retrieval sees the canonical text; the log keeps the worker's own words. The lexicon is data
(`data/dialect.tsv`, one rule a row); this module only reads it and applies it:

    variant  canonical  dialect  context  note

Matching runs left to right and takes the longest variant that starts at a position and whose context
holds; rows with the same variant are tried in file order. `keep` rows (canonical == variant) hold Mandarin
words such as 人工智能 or 系统 whole, so no shorter rule fires inside them. A context is a space-separated
list of conditions, all of which must hold:

    after:RE    the text right after the variant starts with RE       (!after:RE: it does not)
    before:RE   the text right before the variant ends with RE       (!before:RE: it does not)

RE is a Python regular expression over the simplified, half-width text with ASCII in lower case; `@name`
stands for a named pattern of `data/dialect_classes.tsv`, and `^` (in `before`) or `$` (in `after`) is the
start or end of the whole text. Replacement is a single pass: a canonical word is never rewritten again.
"""

from __future__ import annotations

import functools
import json
import re
import string
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import opencc
from opencc import OpenCC

DATA_DIR = Path(__file__).parent / "data"
LEXICON_PATH = DATA_DIR / "dialect.tsv"
CLASSES_PATH = DATA_DIR / "dialect_classes.tsv"
DIALECTS = ("yue", "teochew", "hakka", "typo", "mandarin-colloquial", "keep")
# How far back a `before:` condition may look; the longest lexicon context is four characters.
BEFORE_WINDOW = 12

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_CLASS_REF = re.compile(r"@([a-z_]+)")


@dataclass(frozen=True)
class Condition:
    """One context test next to a match: a pattern after or before it, possibly negated."""

    side: str  # "after" or "before"
    pattern: re.Pattern[str]
    negated: bool

    def holds(self, low: str, start: int, end: int) -> bool:
        if self.side == "after":
            found = self.pattern.match(low, end) is not None
        else:
            # search() with endpos makes \Z the match start; ^ still means the start of the whole text.
            found = self.pattern.search(low, max(0, start - BEFORE_WINDOW), start) is not None
        return found != self.negated


@dataclass(frozen=True)
class Rule:
    """One lexicon row."""

    variant: str  # as matched: simplified script, ASCII lower case
    canonical: str
    dialect: str
    conditions: tuple[Condition, ...]
    note: str
    line: int

    def matches(self, low: str, start: int) -> bool:
        end = start + len(self.variant)
        return low.startswith(self.variant, start) and all(c.holds(low, start, end) for c in self.conditions)


@dataclass(frozen=True)
class Rewrite:
    """A rule applied at [start, end) of the script-normalised text."""

    start: int
    end: int
    rule: Rule


class Lexicon:
    """Dialect and typo rules, applied longest match first."""

    def __init__(self, rules: list[Rule]):
        self.rules = tuple(rules)
        by_first: dict[str, list[Rule]] = {}
        # sorted() is stable: rows of equal length keep their file order.
        for rule in sorted(self.rules, key=lambda r: -len(r.variant)):
            by_first.setdefault(rule.variant[0], []).append(rule)
        self._by_first = by_first
        # Longest first, so the regex stops only where some variant starts; contexts are checked in Python.
        variants = sorted({r.variant for r in self.rules}, key=lambda v: (-len(v), v))
        self._any_variant = re.compile("|".join(re.escape(v) for v in variants))

    @classmethod
    def load(cls, path: Path = LEXICON_PATH, classes_path: Path = CLASSES_PATH) -> Lexicon:
        """Read the lexicon; a malformed row raises ValueError naming its line."""
        classes = {name: pattern for name, pattern, _ in _read_tsv(classes_path, 3)}
        rules = []
        for number, (variant, canonical, dialect, context, note) in enumerate(_read_tsv(path, 5), start=1):
            where = f"{path.name} row {number} ({variant})"
            if dialect not in DIALECTS:
                raise ValueError(f"{where}: unknown dialect {dialect!r}")
            if not variant or not canonical:
                raise ValueError(f"{where}: empty variant or canonical")
            if (dialect == "keep") != (canonical == variant):
                raise ValueError(f"{where}: keep rows, and only they, have canonical == variant")
            conditions = tuple(_parse_condition(token, classes, where) for token in context.split())
            rules.append(Rule(variant.translate(_ASCII_LOWER), canonical, dialect, conditions, note, number))
        return cls(rules)

    def rewrites(self, text: str) -> list[Rewrite]:
        """The rules that apply to script-normalised `text`, left to right, never overlapping."""
        low = text.translate(_ASCII_LOWER)  # same length as text, so positions carry over
        found = []
        pos = 0
        while match := self._any_variant.search(low, pos):
            start = match.start()
            pos = start + 1
            for rule in self._by_first[low[start]]:
                if rule.matches(low, start):
                    pos = start + len(rule.variant)
                    found.append(Rewrite(start, pos, rule))
                    break
        return found

    def canonicalise(self, text: str) -> str:
        """Simplified, half-width text with every applicable rule replaced by its canonical word."""
        text = normalise_script(text)
        parts = []
        last = 0
        for rewrite in self.rewrites(text):
            parts.append(text[last : rewrite.start])
            parts.append(rewrite.rule.canonical)
            last = rewrite.end
        parts.append(text[last:])
        return "".join(parts)

    def explain(self, text: str) -> list[Rewrite]:
        """The rewrites canonicalise(text) makes, positioned in normalise_script(text)."""
        return self.rewrites(normalise_script(text))


def _read_tsv(path: Path, columns: int) -> list[list[str]]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], start=2):  # line 1 is the header
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            raise ValueError(f"{path.name} line {number}: {len(fields)} columns, expected {columns}")
        rows.append([f.strip() for f in fields])
    return rows


def _parse_condition(token: str, classes: dict[str, str], where: str) -> Condition:
    negated = token.startswith("!")
    side, sep, pattern = token.removeprefix("!").partition(":")
    if side not in ("after", "before") or not sep or not pattern:
        raise ValueError(f"{where}: bad condition {token!r}")

    def expand(ref: re.Match[str]) -> str:
        if ref.group(1) not in classes:
            raise ValueError(f"{where}: unknown class @{ref.group(1)}")
        return classes[ref.group(1)]

    pattern = _CLASS_REF.sub(expand, pattern)
    compiled = re.compile(f"(?:{pattern})" if side == "after" else f"(?:{pattern})\\Z")
    return Condition(side, compiled, negated)


class _Simplifier:
    """OpenCC traditional-to-simplified, skipping the clauses that contain no traditional character.

    OpenCC converts clause by clause and is pure Python (about 1.5 µs a character); most questions are
    typed in simplified script already, and a clause without any character of its dictionaries is returned
    unchanged by it, so skipping such clauses gives the same text.
    """

    def __init__(self):
        self._converter = OpenCC("t2s")
        self._triggers = _dictionary_chars("t2s")

    def convert(self, text: str) -> str:
        if self._triggers is None:
            return self._converter.convert(text)
        if self._triggers.isdisjoint(text):
            return text
        pieces = self._converter.split_chars_re.split(text)
        # Odd positions are the separators split() keeps.
        for i in range(0, len(pieces), 2):
            if not self._triggers.isdisjoint(pieces[i]):
                pieces[i] = self._converter.convert(pieces[i])
        return "".join(pieces)


def _dictionary_chars(conversion: str) -> frozenset[str] | None:
    """Characters without which the conversion changes nothing; None if its files are not where expected.

    A clause changes only if it holds a dictionary key whose value differs from the key. Such a key either
    is a character that converts on its own (kept) or is a phrase; a phrase with no such character adds
    its first character. Every changing key then has a character in the set.
    """
    package = Path(opencc.__file__).parent
    try:
        config = json.loads((package / "config" / f"{conversion}.json").read_text(encoding="utf-8"))
        files = {
            d["file"]
            for chain in config["conversion_chain"]
            for d in chain["dict"].get("dicts", [chain["dict"]])
        }
        changing = []
        for name in sorted(files):
            for line in (package / "dictionary" / name).read_text(encoding="utf-8").splitlines():
                key, value = line.split("\t", 1)
                if key and value != key:
                    changing.append(key)
    except (OSError, KeyError, ValueError):
        return None
    chars = {key for key in changing if len(key) == 1}
    chars.update(key[0] for key in changing if len(key) > 1 and chars.isdisjoint(key))
    return frozenset(chars)


@functools.cache
def _simplifier() -> _Simplifier:
    return _Simplifier()


@functools.cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped in bot/text/data, read once."""
    return Lexicon.load()


def normalise_script(text: str) -> str:
    """Full-width to half-width (NFKC), then traditional to simplified characters; case is kept."""
    return _simplifier().convert(unicodedata.normalize("NFKC", text))


def canonicalise(text: str) -> str:
    """The worker's question in canonical Mandarin, for retrieval: 老细冇出粮点算 -> 老板没有发工资怎么办."""
    return default_lexicon().canonicalise(text)


def explain(text: str) -> list[Rewrite]:
    """Which rules canonicalise(text) applies, with their dialects (for logs and the case view)."""
    return default_lexicon().explain(text)
