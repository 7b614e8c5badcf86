"""The searchable index: chunks with dense vectors, a lexical index and quotable sentences, plus its manifest."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from bot.errors import IndexMismatchError, IndexMissingError
from bot.index.dense import DenseVectors
from bot.index.embedders import Embedder, channels, embedder_id
from bot.index.lexical import LexicalIndex, LexicalTokens
from bot.index.sentences import ChunkSentences
from bot.index.translation import TermTranslation, TranslationTable
from bot.knowledge.snippet import Chunk
from bot.text.sentences import Sentence, quotable_units

logger = logging.getLogger(__name__)

# 2: second dense channels (dense-<embedder>/), no vector for a sample question equal to the title.
# 3: a list's items on their own lines stored as items of their lead-in (bot.text.sentences.quotable_units).
FORMAT_VERSION = 3
MANIFEST_FILE = "manifest.json"


@dataclass
class Manifest:
    """What an index version was built from: format, embedder, chunking, per-file hashes, counts."""

    format: int = FORMAT_VERSION
    embedder: str = ""  # the main embedder (its vectors sit at the top of the version folder)
    dim: int = 0
    embedders: list[str] = field(default_factory=list)  # every dense channel, main first
    chunk_chars: int = 500
    files: dict[str, str] = field(default_factory=dict)  # path relative to the folder -> sha256
    snippets: int = 0
    chunks: int = 0
    vectors: int = 0
    embedded: int = 0  # vectors computed by the build that made this version (the rest were reused)
    built_at: str = ""
    # The term-translation table trained by this build (bot.index.translation): snippets and sample questions
    # it learned from, its entries; empty when none (no sample questions).
    translation: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)

    def channel_ids(self) -> list[str]:
        """Every embedder with vectors in this version, main first (older manifests list only the main one)."""
        return list(self.embedders) or [self.embedder]

    @classmethod
    def from_dict(cls, data: object) -> Manifest:
        """A manifest from parsed JSON; unknown keys are ignored, a non-object is refused."""
        if not isinstance(data, dict):
            raise ValueError("manifest must be a JSON object")
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        known.setdefault("format", 0)  # a manifest without a format is from no known version
        return cls(**known)

    def save(self, directory: Path) -> None:
        with open(directory / MANIFEST_FILE, "w", encoding="utf-8") as fh:
            json.dump(self.as_dict(), fh, ensure_ascii=False, indent=2)

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        return cls.from_dict(json.loads((directory / MANIFEST_FILE).read_text("utf-8")))


def channel_folder(directory: Path, channel: str) -> Path:
    """Where a second embedder's vectors are saved inside a version folder."""
    return directory / ("dense-" + channel.replace("/", "-").replace(":", "-"))


class Index:
    """Chunks with their dense vectors (several per chunk, per embedder) and a lexical index, searchable
    together. `dense` is the main embedder's channel; `channels` maps every embedder id to its vectors,
    laid out alike (same rows, same owners)."""

    def __init__(
        self,
        chunks: list[Chunk],
        dense: DenseVectors,
        lexical: LexicalIndex,
        manifest: Manifest,
        sentences: list[list[Sentence]] | ChunkSentences | None = None,
        tokens: LexicalTokens | None = None,
        extra: dict[str, DenseVectors] | None = None,
        translation: TranslationTable | None = None,
    ):
        self.chunks = chunks
        self.dense = dense
        self.channels: dict[str, DenseVectors] = {manifest.embedder: dense, **(extra or {})}
        self.lexical = lexical
        self.manifest = manifest
        # Per chunk, its sentences with their lexical tokens, prepared at build time for answer composition.
        if sentences is None:
            sentences = [quotable_units(c.text) for c in chunks]
        self.sentences = (
            sentences if isinstance(sentences, ChunkSentences) else ChunkSentences(list(sentences))
        )
        # Each chunk's BM25 tokens, kept so the next build need not tokenise unchanged chunks again. A built
        # index holds them; a loaded one reads them from `directory` only when a build asks.
        self._tokens = tokens
        self.directory: Path | None = None
        self._position = {c.id: pos for pos, c in enumerate(chunks)}
        # What workers' words translate to in these chunks (None: no table, nothing to learn from).
        self.translation = (
            TermTranslation(translation, chunks) if translation and translation.count() else None
        )

    def count(self) -> int:
        """Number of chunks."""
        return len(self.chunks)

    def chunk(self, chunk_id: str) -> Chunk | None:
        """The chunk with this id, or None."""
        pos = self._position.get(chunk_id)
        return None if pos is None else self.chunks[pos]

    def snippet_chunks(self, snippet_id: str) -> list[Chunk]:
        """All chunks of one snippet, in order ([] for an unknown id)."""
        return [c for c in self.chunks if c.snippet_id == snippet_id]

    def position(self, chunk_id: str) -> int:
        """Position of a chunk (vectors, sentences and lexical rows are stored by position)."""
        return self._position[chunk_id]

    def chunk_sentences(self, chunk: Chunk) -> list[Sentence]:
        """The quotable units of one chunk."""
        return self.sentences[self.position(chunk.id)]

    def search_dense(
        self, query_vector: np.ndarray, k: int, channel: str | None = None
    ) -> list[tuple[int, float]]:
        """Top-k chunks by their best-matching vector in one channel (the main one by default)."""
        vectors = self.dense if channel is None else self.channels[channel]
        return vectors.search(query_vector, k)

    def search_lexical(self, query: str, k: int, expand: bool = True) -> list[tuple[int, float]]:
        """Top-k chunks by BM25 over title, questions and body."""
        return self.lexical.search(query, k, expand)

    def search_translation(self, query: str, k: int) -> list[tuple[int, float]]:
        """Top-k chunks by the term-translation score ([] without a table)."""
        return self.translation.search(query, k) if self.translation is not None else []

    def tokens(self) -> LexicalTokens | None:
        """Each chunk's BM25 tokens (None when unknown: an index saved without them, or since pruned)."""
        if self._tokens is not None:
            return self._tokens
        if self.directory is None:
            return None
        try:
            return LexicalTokens.load(self.directory, self.count())
        except (OSError, ValueError, KeyError) as exc:
            logger.info("no stored lexical tokens in %s (%s)", self.directory, exc)
            return None

    def save(self, directory: Path) -> None:
        """Write every part and the manifest into `directory` (which must not exist yet)."""
        directory.mkdir(parents=True)
        self.dense.save(directory)
        for channel, vectors in self.channels.items():
            if vectors is not self.dense:
                channel_folder(directory, channel).mkdir()
                vectors.save(channel_folder(directory, channel))
        # json.dumps, not json.dump: only the one-shot encoder runs in C (dump to a file is pure Python); and
        # vars(), not asdict(): Chunk holds only strings and tuples, so asdict's deep copy is wasted work.
        chunks = json.dumps([vars(c) for c in self.chunks], ensure_ascii=False)
        (directory / "chunks.json").write_text(chunks, encoding="utf-8")
        self.lexical.save(directory / "lexical")
        (directory / "sentences.json").write_text(self.sentences.dumps(), encoding="utf-8")
        tokens = self.tokens()
        if tokens is not None:
            tokens.save(directory)
        if self.translation is not None:
            self.translation.table.save(directory)
        # The manifest goes last: a directory without one is an unfinished build.
        self.manifest.save(directory)

    @classmethod
    def load(cls, directory: Path, embedder: Embedder) -> Index:
        """Read a saved index, refusing one built by another embedder or format.

        Only the channels `embedder` asks for are read: a version built with a second model still serves
        a process that runs without it.
        """
        if not (directory / MANIFEST_FILE).is_file():
            raise IndexMissingError(
                f"索引目录 {directory} 不完整（缺少 manifest.json），请运行 bot index build 重建"
            )
        try:
            manifest = Manifest.read(directory)
        except (ValueError, TypeError) as exc:
            raise IndexMismatchError(
                f"索引 {directory} 的 manifest.json 已损坏（{exc}），请运行 bot index build 重建"
            ) from exc
        if manifest.format != FORMAT_VERSION:
            raise IndexMismatchError(
                f"索引格式版本为 {manifest.format}，当前程序需要 {FORMAT_VERSION}：请运行 bot index build 重建"
            )
        expected = embedder_id(embedder)
        if manifest.embedder != expected:
            raise IndexMismatchError(
                f"索引由向量模型 {manifest.embedder} 构建，当前配置的是 {expected}："
                "请运行 bot index build 重建索引，或改回原来的模型"
            )
        wanted = [embedder_id(member) for member in channels(embedder)[1:]]
        absent = [channel for channel in wanted if channel not in manifest.channel_ids()]
        if absent:
            raise IndexMismatchError(
                f"索引没有向量模型 {'、'.join(absent)} 的向量：请运行 bot index build 重建索引，"
                "或设置 BOT_SECOND_EMBEDDER=none"
            )
        chunks = read_chunks(directory)
        dense = DenseVectors.load(directory)
        extra = {channel: DenseVectors.load(channel_folder(directory, channel)) for channel in wanted}
        lexical = LexicalIndex.load(directory / "lexical")
        translation = None
        if manifest.translation:
            try:
                translation = TranslationTable.load(directory)
            except (OSError, ValueError, KeyError) as exc:
                raise IndexMismatchError(
                    f"索引 {directory} 的词语翻译表已损坏（{exc}），请运行 bot index build 重建"
                ) from exc
        try:
            sentences = ChunkSentences.loads((directory / "sentences.json").read_text("utf-8"))
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexMismatchError(
                f"索引 {directory} 的 sentences.json 已损坏（{exc}），请运行 bot index build 重建"
            ) from exc
        if (
            dense.count() != len(dense.vector_chunk)
            or manifest.chunks != len(chunks)
            or len(sentences) != len(chunks)
            or lexical.count() != len(chunks)
            or (len(dense.vector_chunk) and int(dense.vector_chunk.max()) >= len(chunks))
            or any(vectors.count() != dense.count() for vectors in extra.values())
        ):
            raise IndexMismatchError(f"索引 {directory} 的文件彼此不一致，请运行 bot index build 重建")
        index = cls(chunks, dense, lexical, manifest, sentences, extra=extra, translation=translation)
        index.directory = directory
        return index


def read_chunks(directory: Path) -> list[Chunk]:
    """The chunks of a saved version (no vectors, no model): enough to cite snippets."""
    with open(directory / "chunks.json", encoding="utf-8") as fh:
        return [_chunk_from_json(row) for row in json.load(fh)]


class ChunkCatalogue:
    """Chunks by snippet, for citing snippets where no searchable index is loaded (the CLI calculators)."""

    def __init__(self, chunks: list[Chunk]):
        self.chunks = chunks

    def snippet_chunks(self, snippet_id: str) -> list[Chunk]:
        """All chunks of one snippet, in order ([] for an unknown id)."""
        return [c for c in self.chunks if c.snippet_id == snippet_id]


def _chunk_from_json(row: dict) -> Chunk:
    row["questions"] = tuple(row.get("questions") or ())
    row["steps"] = tuple(row.get("steps") or ())
    return Chunk(**row)
