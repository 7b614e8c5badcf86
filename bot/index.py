"""The searchable index: FAISS vectors + BM25 over chunks, saved as versioned directories."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from bot.embed import Embedder, embedder_id
from bot.errors import IndexMismatchError, IndexMissingError
from bot.knowledge import Chunk, Snippet, chunk_snippet, file_hash, snippet_files
from bot.lexical import LexicalIndex, tokenize

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
VERSIONS_DIR = "versions"
KEEP_VERSIONS = 2
EMBED_BATCH = 256  # texts per progress step while building


@dataclass(frozen=True)
class Sentence:
    """A quotable unit of a chunk body with its lexical tokens.

    A list sentence ("…：（一）…；（二）…。") becomes its lead-in plus one unit per item; an item carries the
    position of its lead-in so an answer can quote the item in context.
    """

    text: str
    tokens: frozenset[str]
    lead: int | None = None  # position of the lead-in unit, for list items


_LIST_ITEM = re.compile(r"(?=（[一二三四五六七八九十]+）)")
_SENTENCE = re.compile(r"(?<=[。！？!?])")


def split_chunk_sentences(chunk: Chunk) -> list[Sentence]:
    """Quotable units of a chunk's body: sentences, with enumerated lists split into lead-in and items."""
    units: list[Sentence] = []
    for line in chunk.text.splitlines():
        for sentence in (s.strip() for s in _SENTENCE.split(line)):
            if not sentence:
                continue
            lead, colon, rest = sentence.partition("：")
            items = [i.strip() for i in _LIST_ITEM.split(rest) if i.strip()] if colon else []
            if len(items) < 2 or not items[0].startswith("（"):
                # Whole sentences only: the clauses of a "；" series qualify each other.
                units.append(Sentence(sentence, frozenset(tokenize(sentence))))
                continue
            lead_pos = len(units)
            units.append(Sentence(lead + colon, frozenset(tokenize(lead))))
            units.extend(Sentence(item, frozenset(tokenize(item)), lead_pos) for item in items)
    return units


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


@dataclass(frozen=True)
class BuildStats:
    """What a build did, for the CLI summary and the admin API."""

    files: int
    chunks: int
    vectors: int
    seconds: float
    embedded: int = 0  # vectors computed in this build (the rest were reused from the previous version)
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


class Index:
    """Chunks with their dense vectors (several per chunk) and a lexical index, searchable together."""

    def __init__(
        self,
        chunks: list[Chunk],
        vectors: faiss.Index,
        vector_chunk: np.ndarray,
        lexical: LexicalIndex,
        manifest: dict,
        sentences: list[list[Sentence]] | ChunkSentences | None = None,
        tokens: LexicalTokens | None = None,
    ):
        self.chunks = chunks
        self.vectors = vectors
        self.vector_chunk = vector_chunk
        self.lexical = lexical
        self.manifest = manifest
        # Per chunk, its sentences with their lexical tokens, prepared at build time for answer composition.
        if sentences is None:
            sentences = [split_chunk_sentences(c) for c in chunks]
        self.sentences = (
            sentences if isinstance(sentences, ChunkSentences) else ChunkSentences(list(sentences))
        )
        # Each chunk's BM25 tokens, kept so the next build need not tokenise unchanged chunks again. A built
        # index holds them; a loaded one reads them from `directory` only when a build asks.
        self._tokens = tokens
        self.directory: Path | None = None
        self._position = {c.id: pos for pos, c in enumerate(chunks)}

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

    def search_dense(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top-k chunks by their best-matching vector: (chunk position, cosine)."""
        if self.vectors.ntotal == 0:
            return []
        # Each chunk owns several vectors; over-fetch so k distinct chunks survive the max-per-chunk merge.
        fetch = min(self.vectors.ntotal, k * 8)
        # One query vector gains nothing from OpenMP threads, and on a busy machine their spin-waiting made a
        # search over 35,000 vectors ~4x slower (bench/bench_retrieval.py). The setting is per calling thread,
        # so it is made here, in whichever server thread searches.
        faiss.omp_set_num_threads(1)
        scores, ids = self.vectors.search(query_vector.reshape(1, -1).astype(np.float32), fetch)
        best: dict[int, float] = {}
        for score, vid in zip(scores[0], ids[0], strict=True):
            if vid < 0:
                continue
            chunk_pos = int(self.vector_chunk[vid])
            if chunk_pos not in best:
                best[chunk_pos] = float(score)
            if len(best) == k:
                break
        return list(best.items())

    def search_lexical(self, query: str, k: int) -> list[tuple[int, float]]:
        """Top-k chunks by BM25 over title, questions and body."""
        return self.lexical.search(query, k)

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
        faiss.write_index(self.vectors, str(directory / "vectors.faiss"))
        np.save(directory / "vector_chunk.npy", self.vector_chunk)
        # json.dumps, not json.dump: only the one-shot encoder runs in C (dump to a file is pure Python); and
        # vars(), not asdict(): Chunk holds only strings and tuples, so asdict's deep copy is wasted work.
        chunks = json.dumps([vars(c) for c in self.chunks], ensure_ascii=False)
        (directory / "chunks.json").write_text(chunks, encoding="utf-8")
        self.lexical.save(directory / "lexical")
        rows = json.dumps(self.sentences.rows(), ensure_ascii=False)
        (directory / "sentences.json").write_text(rows, encoding="utf-8")
        tokens = self.tokens()
        if tokens is not None:
            tokens.save(directory)
        # The manifest goes last: a directory without one is an unfinished build.
        with open(directory / "manifest.json", "w", encoding="utf-8") as fh:
            json.dump(self.manifest, fh, ensure_ascii=False, indent=2)

    @classmethod
    def load(cls, directory: Path, embedder: Embedder) -> Index:
        """Read a saved index, refusing one built by another embedder or format."""
        manifest_path = directory / "manifest.json"
        if not manifest_path.is_file():
            raise IndexMissingError(
                f"索引目录 {directory} 不完整（缺少 manifest.json），请运行 bot index build 重建"
            )
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexMismatchError(
                f"索引格式版本为 {manifest.get('format')}，当前程序需要 {FORMAT_VERSION}：请运行 bot index build 重建"
            )
        expected = embedder_id(embedder)
        if manifest.get("embedder") != expected:
            raise IndexMismatchError(
                f"索引由向量模型 {manifest.get('embedder')} 构建，当前配置的是 {expected}："
                "请运行 bot index build 重建索引，或改回原来的模型"
            )
        with open(directory / "chunks.json", encoding="utf-8") as fh:
            chunks = [_chunk_from_json(row) for row in json.load(fh)]
        vectors = faiss.read_index(str(directory / "vectors.faiss"))
        vector_chunk = np.load(directory / "vector_chunk.npy")
        lexical = LexicalIndex.load(directory / "lexical")
        try:
            sentences = ChunkSentences.from_rows(
                json.loads((directory / "sentences.json").read_text("utf-8"))
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexMismatchError(
                f"索引 {directory} 的 sentences.json 已损坏（{exc}），请运行 bot index build 重建"
            ) from exc
        if (
            vectors.ntotal != len(vector_chunk)
            or manifest.get("chunks") != len(chunks)
            or len(sentences) != len(chunks)
        ):
            raise IndexMismatchError(f"索引 {directory} 的文件彼此不一致，请运行 bot index build 重建")
        index = cls(chunks, vectors, vector_chunk, lexical, manifest, sentences)
        index.directory = directory
        return index


def _chunk_from_json(row: dict) -> Chunk:
    row["questions"] = tuple(row.get("questions") or ())
    row["steps"] = tuple(row.get("steps") or ())
    return Chunk(**row)


def lexical_text(chunk: Chunk) -> str:
    """What BM25 sees for a chunk: title, sample questions and body."""
    return "\n".join([chunk.title, *chunk.questions, chunk.text])


class LexicalTokens:
    """Every chunk's BM25 tokens as ids into one vocabulary: `ids[offsets[i]:offsets[i + 1]]` is chunk i."""

    FILE = "lexical_tokens.npz"
    VOCAB_FILE = "lexical_vocab.json"

    def __init__(self, vocab: list[str], ids: np.ndarray, offsets: np.ndarray):
        self.vocab = vocab
        self.ids = ids
        self.offsets = offsets

    def chunk(self, pos: int) -> np.ndarray:
        return self.ids[self.offsets[pos] : self.offsets[pos + 1]]

    def save(self, directory: Path) -> None:
        np.savez(directory / self.FILE, ids=self.ids, offsets=self.offsets)
        (directory / self.VOCAB_FILE).write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path, chunks: int) -> LexicalTokens:
        with np.load(directory / cls.FILE) as arrays:
            ids, offsets = arrays["ids"], arrays["offsets"]
        vocab = json.loads((directory / cls.VOCAB_FILE).read_text("utf-8"))
        if len(offsets) != chunks + 1 or offsets[-1] != len(ids) or (len(ids) and ids.max() >= len(vocab)):
            raise ValueError("lexical tokens do not match the chunks")
        return cls(vocab, ids, offsets)


def lexical_from_tokens(token_ids: list[np.ndarray], vocab: list[str]) -> tuple[LexicalIndex, LexicalTokens]:
    """BM25 over chunks given as token ids, and the compacted tokens to store (unused vocabulary dropped).

    Equivalent to `LexicalIndex.build` over the chunks' texts (same scores), without tokenising them again:
    tokenising is most of a rebuild at 10,000 snippets. (It drives bm25s itself because `LexicalIndex` only
    takes texts; a `LexicalIndex.from_token_ids` in bot.lexical would be its natural home.)
    """
    ids = np.concatenate(token_ids) if token_ids else np.zeros(0, dtype=np.int32)
    used = np.zeros(len(vocab), dtype=bool)
    used[ids] = True
    renumber = np.cumsum(used, dtype=np.int64) - 1
    ids = renumber[ids].astype(np.int32)
    vocab = [token for token, keep in zip(vocab, used, strict=True) if keep]
    offsets = np.zeros(len(token_ids) + 1, dtype=np.int64)
    np.cumsum([len(t) for t in token_ids], out=offsets[1:])
    model = bm25s.BM25()
    corpus = [ids[offsets[i] : offsets[i + 1]].tolist() for i in range(len(token_ids))]
    model.index((corpus, {token: n for n, token in enumerate(vocab)}), show_progress=False)
    return LexicalIndex(model), LexicalTokens(vocab, ids, offsets)


@dataclass(frozen=True)
class Unchanged:
    """A knowledge file whose content matches the previous version: its chunks are taken over, not parsed."""

    path: str
    sha256: str


class Reuse:
    """What a build takes over from the previous version for files whose content and chunking are unchanged:
    their chunks, vectors, sentence units and BM25 tokens."""

    def __init__(self, previous: Index, paths: set[str]):
        self.previous = previous
        self.paths = paths
        self.tokens = previous.tokens()
        self._by_path: dict[str, list[int]] = {}
        for pos, chunk in enumerate(previous.chunks):
            if chunk.path in paths:
                self._by_path.setdefault(chunk.path, []).append(pos)
        # Row range of each previous chunk's vectors (stored chunk by chunk, but don't rely on it).
        self._order = np.argsort(previous.vector_chunk, kind="stable")
        self._bounds = np.searchsorted(previous.vector_chunk[self._order], np.arange(previous.count() + 1))

    def positions(self, path: str) -> list[int]:
        """Positions in the previous version of an unchanged file's chunks."""
        return self._by_path.get(path, [])

    def vector_rows(self, pos: int) -> np.ndarray:
        return self._order[self._bounds[pos] : self._bounds[pos + 1]]


def reusable_parts(
    previous: Index | None, snippets: list[Snippet | Unchanged], chunk_chars: int
) -> Reuse | None:
    """What can be reused from `previous` for these files (None when nothing: no index, or another chunk size)."""
    if previous is None or previous.manifest.get("chunk_chars", chunk_chars) != chunk_chars:
        return None
    old_files = previous.manifest.get("files", {})
    unchanged = {s.path for s in snippets if old_files.get(s.path) == s.sha256}
    return Reuse(previous, unchanged) if unchanged else None


def build_index(
    snippets: list[Snippet | Unchanged],
    embedder: Embedder,
    chunk_chars: int = 500,
    progress: Callable[[int, int], None] | None = None,
    reuse: Reuse | None = None,
) -> Index:
    """Chunk the snippets, embed each chunk's passage and sample questions, and index both sides.

    Files found unchanged in `reuse` keep their chunks, vectors, sentence units and BM25 tokens; only the
    rest is chunked, embedded and tokenised. An `Unchanged` entry needs `reuse` to cover its path.
    """
    chunks: list[Chunk] = []
    kept: list[int | None] = []  # per chunk: its position in the previous version, or None when new
    for snippet in snippets:
        if reuse is not None and snippet.path in reuse.paths:
            for pos in reuse.positions(snippet.path):
                chunks.append(reuse.previous.chunks[pos])
                kept.append(pos)
        elif isinstance(snippet, Unchanged):
            raise ValueError(f"{snippet.path}: unchanged file without a previous version to take it from")
        else:
            fresh_chunks = chunk_snippet(snippet, chunk_chars)
            chunks.extend(fresh_chunks)
            kept.extend([None] * len(fresh_chunks))

    texts: list[str] = []
    for chunk, old in zip(chunks, kept, strict=True):
        if old is None:
            texts.extend((chunk.passage(), *chunk.questions))
    fresh = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(texts), EMBED_BATCH):
        fresh[start : start + EMBED_BATCH] = embedder.embed(texts[start : start + EMBED_BATCH])
        if progress:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts))
    if progress and not texts:
        progress(0, 0)

    # Lay the vectors out chunk by chunk: reused rows copied from the previous matrix, fresh ones in order.
    counts = [1 + len(c.questions) for c in chunks]
    vector_chunk = np.repeat(np.arange(len(chunks), dtype=np.int32), counts)
    matrix = np.empty((len(vector_chunk), embedder.dim), dtype=np.float32)
    target: list[np.ndarray] = []  # rows of `matrix` filled from the previous version ...
    source: list[np.ndarray] = []  # ... and the previous rows they come from
    row = cursor = 0
    for count, old in zip(counts, kept, strict=True):
        if old is None:
            matrix[row : row + count] = fresh[cursor : cursor + count]
            cursor += count
        else:
            target.append(np.arange(row, row + count))
            source.append(reuse.vector_rows(old))
        row += count
    if target:
        previous_matrix = reuse.previous.vectors.reconstruct_n(0, reuse.previous.vectors.ntotal)
        matrix[np.concatenate(target)] = previous_matrix[np.concatenate(source)]
    vectors = faiss.IndexFlatIP(embedder.dim)
    if len(matrix):
        vectors.add(matrix)

    # BM25 over token ids: unchanged chunks keep theirs (in the previous vocabulary), new ones are tokenised.
    old_tokens = reuse.tokens if reuse is not None else None
    vocab = list(old_tokens.vocab) if old_tokens is not None else []
    token_id = {token: n for n, token in enumerate(vocab)}
    token_ids: list[np.ndarray] = []
    for chunk, old in zip(chunks, kept, strict=True):
        if old is not None and old_tokens is not None:
            token_ids.append(old_tokens.chunk(old))
            continue
        # bm25s rejects an empty token list; a lone placeholder keeps positions aligned with chunks.
        tokens = tokenize(lexical_text(chunk)) or ["\u2205"]
        token_ids.append(
            np.fromiter((token_id.setdefault(t, len(token_id)) for t in tokens), np.int32, len(tokens))
        )
    vocab.extend(list(token_id)[len(vocab) :])
    lexical, lexical_tokens = lexical_from_tokens(token_ids, vocab)

    sentences = ChunkSentences(
        [
            reuse.previous.sentences.stored(old) if old is not None else split_chunk_sentences(chunk)
            for chunk, old in zip(chunks, kept, strict=True)
        ]
    )
    manifest = {
        "format": FORMAT_VERSION,
        "embedder": embedder_id(embedder),
        "dim": embedder.dim,
        "chunk_chars": chunk_chars,
        "files": {s.path: s.sha256 for s in snippets},
        "snippets": len(snippets),
        "chunks": len(chunks),
        "vectors": int(vectors.ntotal),
        "embedded": len(texts),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    return Index(chunks, vectors, vector_chunk, lexical, manifest, sentences, lexical_tokens)


class IndexStore:
    """Versioned index directories under one root, with a CURRENT pointer swapped atomically.

    Layout: `<root>/versions/<version>/` holds one complete index; `<root>/CURRENT` names the one in use.
    A build writes into a hidden temporary directory, renames it into `versions/`, then replaces CURRENT,
    so readers never see a half-written index and a failed or killed build leaves the old one current.
    """

    def __init__(self, root: Path):
        self.root = Path(root)

    def current_version(self) -> str | None:
        """Name of the version in use, or None when nothing has been built."""
        try:
            name = (self.root / CURRENT_FILE).read_text("utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / VERSIONS_DIR / name / "manifest.json").is_file() else None

    def current_path(self) -> Path:
        """Directory of the version in use; IndexMissingError when there is none."""
        version = self.current_version()
        if version is None:
            raise IndexMissingError(f"还没有索引（{self.root}）：请先运行 bot index build")
        return self.root / VERSIONS_DIR / version

    def load(self, embedder: Embedder) -> Index:
        """Load the current version."""
        return Index.load(self.current_path(), embedder)

    def publish(self, index: Index, verify: Callable[[Path], None] | None = None) -> str:
        """Save `index` as a new version, check it, make it current, and prune all but the newest versions.

        `verify(path)` runs on the saved version before CURRENT moves; if it raises, the version is removed
        and the previous one stays current.
        """
        versions = self.root / VERSIONS_DIR
        versions.mkdir(parents=True, exist_ok=True)
        # Names must sort in build order (pruning keeps the last ones by name): date, time and the
        # nanoseconds within that second all come from one clock reading; the pid keeps them unique.
        now = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now // 10**9))
        version = f"{stamp}-{now % 10**9:09d}-{os.getpid()}"
        tmp = versions / f".tmp-{version}"
        try:
            index.save(tmp)
            if verify is not None:
                verify(tmp)
            os.replace(tmp, versions / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        index.directory = versions / version
        pointer_tmp = self.root / f".{CURRENT_FILE}.{version}"
        pointer_tmp.write_text(version + "\n", encoding="utf-8")
        os.replace(pointer_tmp, self.root / CURRENT_FILE)
        self._prune(keep=version)
        logger.info("index version %s is current", version)
        return version

    def _prune(self, keep: str) -> None:
        versions = self.root / VERSIONS_DIR
        finished = sorted(p for p in versions.iterdir() if not p.name.startswith("."))
        for old in finished[:-KEEP_VERSIONS]:
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)
        for leftover in versions.glob(".tmp-*"):
            # Left by a killed build; an active build in another process is younger than an hour.
            if time.time() - leftover.stat().st_mtime > 3600:
                shutil.rmtree(leftover, ignore_errors=True)


def knowledge_hashes(knowledge_dir: Path) -> dict[str, str]:
    """Content hash of every snippet file, keyed like the manifest (path relative to the folder)."""
    root = Path(knowledge_dir)
    return {p.relative_to(root).as_posix(): file_hash(p.read_bytes()) for p in snippet_files(root)}


def is_stale(store: IndexStore, knowledge_dir: Path, embedder_name: str | None = None) -> bool:
    """True when there is no index, or the knowledge files (or the embedder kind) differ from the manifest."""
    if store.current_version() is None:
        return True
    manifest = json.loads((store.current_path() / "manifest.json").read_text("utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        return True
    if embedder_name and not str(manifest.get("embedder", "")).startswith(embedder_name):
        return True
    return manifest.get("files") != knowledge_hashes(knowledge_dir)


def rebuild_index(
    snippets: list[Snippet | Unchanged],
    embedder: Embedder,
    store: IndexStore,
    chunk_chars: int = 500,
    progress: Callable[[int, int], None] | None = None,
    previous: Index | None = None,
    verify: Callable[[Path], None] | None = None,
    full: bool = False,
) -> tuple[str, Index, BuildStats]:
    """Build from validated snippets, reusing `previous`'s vectors for unchanged files (unless `full`), and publish.

    `previous` is also what the added/changed/removed lists are relative to.
    """
    started = time.perf_counter()
    reuse = None if full else reusable_parts(previous, snippets, chunk_chars)
    index = build_index(snippets, embedder, chunk_chars, progress, reuse)
    version = store.publish(index, verify)
    old_files = previous.manifest.get("files", {}) if previous is not None else {}
    new_files = index.manifest["files"]
    stats = BuildStats(
        files=len(snippets),
        chunks=index.count(),
        vectors=int(index.vectors.ntotal),
        seconds=time.perf_counter() - started,
        embedded=index.manifest["embedded"],
        added=tuple(sorted(set(new_files) - set(old_files))),
        changed=tuple(sorted(p for p in new_files if p in old_files and old_files[p] != new_files[p])),
        removed=tuple(sorted(set(old_files) - set(new_files))),
    )
    return version, index, stats


def load_previous(store: IndexStore, embedder: Embedder) -> Index | None:
    """The current version for reuse, or None when there is none or it was built differently."""
    try:
        return store.load(embedder)
    except (IndexMissingError, IndexMismatchError) as exc:
        logger.info("no reusable index (%s); building from scratch", exc.message)
    except Exception as exc:  # a damaged version must not stop the build that replaces it
        logger.warning("current index cannot be read (%s); building from scratch", exc)
    return None
