"""Typos made by typing pinyin: a word that sounds like a term of the knowledge base is read as that term.

Workers type with pinyin input methods and pick the wrong character of the right sound: 调刚 for 调岗, 公资 for
工资, 医聊期 for 医疗期, 法律元助 for 法律援助. A hand-written typo list (bot/text/data/dialect.tsv) cannot
foresee them all. Here the knowledge base's own vocabulary (its words, found by segmenting its titles, sample
questions and bodies with jieba's dictionary and HMM, via `rjieba`) is indexed by toneless pinyin (pypinyin's data),
and a stretch of a question is replaced by the term that sounds the same only when:

- the stretch is not a word itself (in jieba's dictionary or the knowledge base), and exactly one term sounds
  like it;
- it keeps at least one character of the term (a typo changes a character, it does not invent a word);
- a character it changes is not a toneless particle (着, 的), and does not make a common word with the
  character just outside the stretch (经半年 is 经 + 半年, not a typo of 经办);
- for a term that is also an everyday word, the tones match as well (有任 is not 有人).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import rjieba

_HAN = re.compile(r"[\u4e00-\u9fff]+")
# A knowledge-base word used as a correction must occur this often (a one-off segmentation is not a term).
MIN_TERM_COUNT = 3
# A character changed at the edge of a stretch that makes a word this common with its outside neighbour is
# that word's, not a typo's (jieba dictionary frequency).
EDGE_WORD_FREQ = 100
LENGTHS = (4, 3, 2)
# Characters that glue onto any word (了, 的, 是…): a stretch that keeps one at its edge straddles two words
# (欠了 is 欠 + 了, not a typo of 签了). Numerals are never a typo of a sound (按十 is not 按时).
FUNCTION_CHARS = frozenset("了的着过是在个和有不吗呢吧啊也都就还又要我你他她它们这那")
NUMERALS = frozenset("零一二两三四五六七八九十百千万")
NEVER_CHANGED = FUNCTION_CHARS | NUMERALS


class Homophones:
    """The knowledge base's terms by sound, and the correction of a question towards them."""

    def __init__(self, texts: Iterable[str]):
        counts: Counter[str] = Counter()
        for text in texts:
            for word in rjieba.cut(text):
                if 2 <= len(word) <= max(LENGTHS) and _HAN.fullmatch(word):
                    counts[word] += 1
        # A "word" holding a function character (天是, 的工资) is a segmentation artifact, not a term.
        self.terms = frozenset(
            w for w, n in counts.items() if n >= MIN_TERM_COUNT and not FUNCTION_CHARS.intersection(w)
        )
        by_sound: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for term in self.terms:
            by_sound[sounds_of(term)[0]].add(term)
        # Only unambiguous sounds are kept: two terms sounding alike leave the stretch as written.
        self.by_sound = {sound: next(iter(words)) for sound, words in by_sound.items() if len(words) == 1}

    def corrections(self, text: str) -> list[tuple[str, str]]:
        """(stretch, term) pairs for `text`, in order."""
        return [(text[start : start + n], term) for start, n, term in self._spans(text)]

    def correct(self, text: str) -> str:
        """`text` with each pinyin typo of a knowledge-base term replaced by the term."""
        out, pos = [], 0
        for start, n, term in self._spans(text):
            out += [text[pos:start], term]
            pos = start + n
        out.append(text[pos:])
        return "".join(out)

    def _spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, length, term) of each correction, longest stretches first at a position, in text order."""
        found: list[tuple[int, int, str]] = []
        for run_match in _HAN.finditer(text):
            run = run_match.group()
            sounds, tones = sounds_of(run)
            taken = [False] * len(run)
            for n in LENGTHS:
                for i in range(len(run) - n + 1):
                    if any(taken[i : i + n]):
                        continue
                    term = self._term_for(run, i, n, sounds, tones)
                    if term is not None:
                        found.append((run_match.start() + i, n, term))
                        taken[i : i + n] = [True] * n
        return sorted(found)

    def _term_for(
        self, run: str, i: int, n: int, sounds: tuple[str, ...], tones: tuple[str, ...]
    ) -> str | None:
        term = self.by_sound.get(sounds[i : i + n])
        stretch = run[i : i + n]
        if term is None or stretch in self.terms or rjieba.has_word(stretch):
            return None
        changed = [k for k in range(n) if stretch[k] != term[k]]
        if not changed or len(changed) == n:
            return None
        if any(not tones[i + k][-1:].isdigit() or stretch[k] in NEVER_CHANGED for k in changed):
            return None  # a particle read without tone (着, 的, 了), a number, a character of every sentence
        edges = {0, n - 1} - set(changed)
        if any(stretch[k] in FUNCTION_CHARS for k in edges):
            return None
        if rjieba.has_word(term) and tones[i : i + n] != sounds_of(term)[1]:
            return None
        for k in changed:
            j = i + k
            outside = run[j - 1 : j + 1] if k == 0 and j > 0 else run[j : j + 2] if k == n - 1 else ""
            if (
                len(outside) == 2
                and rjieba.has_word(outside)
                and rjieba.suggest_freq(outside) > EDGE_WORD_FREQ
            ):
                return None
        return term


# Tone-marked vowels as the letter and the tone's digit (pypinyin's dictionary writes zhōng; TONE3 is zhong1).
_TONE_MARKS = {
    mark: (base, str(tone))
    for base, marks in {
        "a": "āáǎà",
        "e": "ēéěè",
        "i": "īíǐì",
        "o": "ōóǒò",
        "u": "ūúǔù",
        "ü": "ǖǘǚǜ",
        "n": "\u0144\u0148\u01f9",
        "m": "\u1e3f",
    }.items()
    for tone, mark in enumerate(marks, start=2 if base in "nm" else 1)
}


@cache
def _readings() -> dict[int, str]:
    """pypinyin's dictionary of single characters (code point -> "zhōng,zhòng"), read from its JSON file
    without importing pypinyin, whose phrase dictionary would add ~55 MB to every serving process."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pypinyin is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    return {int(code): readings for code, readings in json.loads(path.read_text("utf-8")).items()}


@cache
def _reading(char: str) -> str:
    """A character's first dictionary reading with its tone digit (调 → tiao2; a neutral tone has no digit),
    the same wherever it stands: questions and terms are compared character by character, so a context-free
    reading is used on both sides."""
    readings = _readings().get(ord(char))
    if not readings:
        return char
    syllable, tone = [], ""
    for letter in readings.split(",")[0]:
        base, digit = _TONE_MARKS.get(letter, (letter, ""))
        syllable.append("v" if base == "ü" else base)
        tone = digit or tone
    return "".join(syllable) + tone


def sounds_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The toneless and toned readings of each character of a run of Han characters."""
    tones = tuple(_reading(ch) for ch in text)
    return tuple(t.rstrip("12345") for t in tones), tones
