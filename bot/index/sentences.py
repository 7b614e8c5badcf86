"""Per chunk, its quotable units (bot.text.sentences), prepared at build time and stored with the index.

sentences.json is one JSON array with one chunk's rows per line, so a loader can keep each chunk's line as
text and parse it when a question first quotes that chunk: parsed at once, the rows of 10,000 snippets took
250 MB (dicts and token lists), the lines 20 MB (bench/bench_10k.py). Any valid JSON array still loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from bot.text.sentences import Sentence


class ChunkSentences(Sequence[list[Sentence]]):
    """Per chunk, its sentence units. Rows read from disk become `Sentence`s when a chunk is first used.

    Eagerly, loading 10,000 chunks meant hashing millions of token strings into frozensets that few
    questions ever need; lazily, a build also copies unchanged chunks' rows to the next version untouched.
    """

    def __init__(self, items: list[list[Sentence] | list[dict] | str]):
        # Per chunk: a list of Sentence, the stored rows ({"text", "tokens", "lead"}), or those rows as a line
        # of JSON text.
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, pos: int) -> list[Sentence]:
        item = self._items[pos]
        if isinstance(item, str):
            item = json.loads(item)
        if item and isinstance(item[0], dict):
            # Two threads may both convert a chunk; either result is the same, and the assignment is atomic.
            item = [Sentence(r["text"], frozenset(r["tokens"]), r["lead"]) for r in item]
            self._items[pos] = item
        return item

    def stored(self, pos: int) -> list[Sentence] | list[dict] | str:
        """A chunk's units in whichever form they are held, for handing to the next build."""
        return self._items[pos]

    def rows(self) -> list[list[dict]]:
        """Every chunk's units as stored rows (JSON-ready)."""
        return [json.loads(line) for line in self.lines()]

    def lines(self) -> Iterable[str]:
        """Every chunk's rows as one line of JSON; a line read from disk is passed on as it is."""
        for item in self._items:
            if isinstance(item, str):
                yield item
                continue
            if not item or not isinstance(item[0], dict):
                item = [{"text": s.text, "tokens": sorted(s.tokens), "lead": s.lead} for s in item]
            yield json.dumps(item, ensure_ascii=False)

    def dumps(self) -> str:
        """The sentences.json text: a JSON array, one chunk per line."""
        return "[\n" + ",\n".join(self.lines()) + "\n]\n"

    @classmethod
    def loads(cls, text: str) -> ChunkSentences:
        """Read sentences.json, keeping each chunk's line unparsed when it has one line per chunk. Every line
        is still parsed once here and checked, so a damaged file fails at load, not on a question."""
        lines = text.split("\n")
        if len(lines) < 3 or lines[0] != "[" or lines[-1] != "" or lines[-2] != "]":
            return cls.from_rows(json.loads(text))  # any other layout (older builds): parsed in full
        chunks = [line.removesuffix(",") for line in lines[1:-2]]
        for line in chunks:
            cls._check(json.loads(line))
        return cls(chunks)

    @classmethod
    def from_rows(cls, rows: object) -> ChunkSentences:
        """Check the shape of stored rows (cheap) so a damaged file fails at load, not on a question."""
        if not isinstance(rows, list):
            raise ValueError("sentences must be a list per chunk")
        for chunk in rows:
            cls._check(chunk)
        return cls(rows)

    @staticmethod
    def _check(chunk: object) -> None:
        if not isinstance(chunk, list):
            raise ValueError("sentences must be a list per chunk")
        for row in chunk:
            if not isinstance(row["text"], str) or not isinstance(row["tokens"], list) or "lead" not in row:
                raise ValueError("malformed sentence row")
