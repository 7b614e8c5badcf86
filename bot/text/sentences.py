"""The one sentence splitter, and quotable units (sentences, list lead-ins and items) with their tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text.tokens import tokenize

# Where a chunk may be cut: after 。！？； (and ASCII equivalents).
CHUNK_ENDS = "。！？；!?;"
# Where a quote may end: whole sentences only, since the clauses of a "；" series qualify each other.
QUOTE_ENDS = "。！？!?"
_LIST_ITEM = re.compile(r"(?=（[一二三四五六七八九十]+）)")


def split_sentences(text: str, ends: str = CHUNK_ENDS) -> list[str]:
    """Split after any character of `ends` and at line breaks; pieces are stripped, empty ones dropped."""
    boundary = re.compile(f"(?<=[{re.escape(ends)}])")
    pieces = []
    for line in text.splitlines():
        pieces.extend(s.strip() for s in boundary.split(line))
    return [p for p in pieces if p]


@dataclass(frozen=True)
class Sentence:
    """A quotable unit of a text with its lexical tokens.

    A list sentence ("…：（一）…；（二）…。") becomes its lead-in plus one unit per item; an item carries the
    position of its lead-in so an answer can quote the item in context.
    """

    text: str
    tokens: frozenset[str]
    lead: int | None = None  # position of the lead-in unit, for list items


def quotable_units(text: str) -> list[Sentence]:
    """Quotable units of a body: sentences, with enumerated lists split into lead-in and items."""
    units: list[Sentence] = []
    # a lead-in ending its line (…之一的，不享受当年的年休假：), its items on the next lines
    lead_pos: int | None = None
    for sentence in split_sentences(text, QUOTE_ENDS):
        if lead_pos is not None and _LIST_ITEM.match(sentence):
            units.append(Sentence(sentence, frozenset(tokenize(sentence)), lead_pos))
            continue
        lead_pos = None
        if sentence.endswith("："):
            lead_pos = len(units)
            units.append(Sentence(sentence, frozenset(tokenize(sentence[:-1]))))
            continue
        lead, colon, rest = sentence.partition("：")
        items = [i.strip() for i in _LIST_ITEM.split(rest) if i.strip()] if colon else []
        if len(items) < 2 or not items[0].startswith("（"):
            units.append(Sentence(sentence, frozenset(tokenize(sentence))))
            continue
        lead_pos = len(units)
        units.append(Sentence(lead + colon, frozenset(tokenize(lead))))
        units.extend(Sentence(item, frozenset(tokenize(item)), lead_pos) for item in items)
    return units
