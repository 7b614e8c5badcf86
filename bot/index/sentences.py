"""Per chunk, its quotable units (bot.text.sentences), prepared at build time and stored with the index."""

from __future__ import annotations

from collections.abc import Sequence

from bot.text.sentences import Sentence


class ChunkSentences(Sequence[list[Sentence]]):
    """Per chunk, its sentence units. Rows read from disk become `Sentence`s when a chunk is first used.

    Eagerly, loading 10,000 chunks meant hashing millions of token strings into frozensets that few
    questions ever need; lazily, a build also copies unchanged chunks' rows to the next version untouched.
    """

    def __init__(self, items: list[list[Sentence] | list[dict]]):
        self._items = items  # per chunk: a list of Sentence, or the stored rows ({"text", "tokens", "lead"})

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, pos: int) -> list[Sentence]:
        item = self._items[pos]
        if item and isinstance(item[0], dict):
            # Two threads may both convert a chunk; either result is the same, and the assignment is atomic.
            item = [Sentence(r["text"], frozenset(r["tokens"]), r["lead"]) for r in item]
            self._items[pos] = item
        return item

    def stored(self, pos: int) -> list[Sentence] | list[dict]:
        """A chunk's units in whichever form they are held, for handing to the next build."""
        return self._items[pos]

    def rows(self) -> list[list[dict]]:
        """Every chunk's units as stored rows (JSON-ready)."""
        return [
            item
            if item and isinstance(item[0], dict)
            else [{"text": s.text, "tokens": sorted(s.tokens), "lead": s.lead} for s in item]
            for item in self._items
        ]

    @classmethod
    def from_rows(cls, rows: object) -> ChunkSentences:
        """Check the shape of stored rows (cheap) so a damaged file fails at load, not on a question."""
        if not isinstance(rows, list):
            raise ValueError("sentences must be a list per chunk")
        for chunk in rows:
            for row in chunk:
                if (
                    not isinstance(row["text"], str)
                    or not isinstance(row["tokens"], list)
                    or "lead" not in row
                ):
                    raise ValueError("malformed sentence row")
        return cls(rows)
