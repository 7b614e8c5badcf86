"""The searchable index: FAISS vectors + BM25 over chunks, saved as versioned directories."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

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
        sentences: list[list[Sentence]] | None = None,
    ):
        self.chunks = chunks
        self.vectors = vectors
        self.vector_chunk = vector_chunk
        self.lexical = lexical
        self.manifest = manifest
        # Per chunk, its sentences with their lexical tokens, prepared at build time for answer composition.
        self.sentences = sentences if sentences is not None else [split_chunk_sentences(c) for c in chunks]
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

    def save(self, directory: Path) -> None:
        """Write every part and the manifest into `directory` (which must not exist yet)."""
        directory.mkdir(parents=True)
        faiss.write_index(self.vectors, str(directory / "vectors.faiss"))
        np.save(directory / "vector_chunk.npy", self.vector_chunk)
        with open(directory / "chunks.json", "w", encoding="utf-8") as fh:
            json.dump([asdict(c) for c in self.chunks], fh, ensure_ascii=False)
        self.lexical.save(directory / "lexical")
        with open(directory / "sentences.json", "w", encoding="utf-8") as fh:
            rows = [
                [{"text": s.text, "tokens": sorted(s.tokens), "lead": s.lead} for s in chunk]
                for chunk in self.sentences
            ]
            json.dump(rows, fh, ensure_ascii=False)
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
        with open(directory / "sentences.json", encoding="utf-8") as fh:
            sentences = [
                [Sentence(r["text"], frozenset(r["tokens"]), r.get("lead")) for r in chunk]
                for chunk in json.load(fh)
            ]
        if (
            vectors.ntotal != len(vector_chunk)
            or manifest.get("chunks") != len(chunks)
            or len(sentences) != len(chunks)
        ):
            raise IndexMismatchError(f"索引 {directory} 的文件彼此不一致，请运行 bot index build 重建")
        return cls(chunks, vectors, vector_chunk, lexical, manifest, sentences)


def _chunk_from_json(row: dict) -> Chunk:
    row["questions"] = tuple(row.get("questions") or ())
    row["steps"] = tuple(row.get("steps") or ())
    return Chunk(**row)


def lexical_text(chunk: Chunk) -> str:
    """What BM25 sees for a chunk: title, sample questions and body."""
    return "\n".join([chunk.title, *chunk.questions, chunk.text])


@dataclass(frozen=True)
class Reusable:
    """A chunk's vectors and sentence units from the previous version, valid while its file is unchanged."""

    vectors: np.ndarray
    sentences: list[Sentence]


def reusable_parts(previous: Index | None, snippets: list[Snippet], chunk_chars: int) -> dict[str, Reusable]:
    """Vectors and sentences of the previous version's chunks whose file content and chunking are unchanged."""
    if previous is None or previous.manifest.get("chunk_chars", chunk_chars) != chunk_chars:
        return {}
    old_files = previous.manifest.get("files", {})
    unchanged = {s.path for s in snippets if old_files.get(s.path) == s.sha256}
    if not unchanged:
        return {}
    matrix = previous.vectors.reconstruct_n(0, previous.vectors.ntotal)
    order = np.argsort(previous.vector_chunk, kind="stable")
    bounds = np.searchsorted(previous.vector_chunk[order], np.arange(previous.count() + 1))
    parts = {}
    for pos, chunk in enumerate(previous.chunks):
        if chunk.path in unchanged:
            rows = order[bounds[pos] : bounds[pos + 1]]
            parts[chunk.id] = Reusable(matrix[rows], previous.sentences[pos])
    return parts


def build_index(
    snippets: list[Snippet],
    embedder: Embedder,
    chunk_chars: int = 500,
    progress: Callable[[int, int], None] | None = None,
    reuse: dict[str, Reusable] | None = None,
) -> Index:
    """Chunk the snippets, embed each chunk's passage and sample questions, and index both sides.

    Chunks found in `reuse` (unchanged files) keep their vectors and sentence units; only the rest is embedded.
    """
    reuse = reuse or {}
    chunks = [chunk for snippet in snippets for chunk in chunk_snippet(snippet, chunk_chars)]
    texts: list[str] = []
    owners: list[int] = []
    pieces: list[np.ndarray | None] = []  # per chunk: reused vectors, or None when embedded below
    for pos, chunk in enumerate(chunks):
        kept = reuse.get(chunk.id)
        chunk_texts = (chunk.passage(), *chunk.questions)
        if kept is not None and len(kept.vectors) == len(chunk_texts):
            pieces.append(kept.vectors)
            continue
        pieces.append(None)
        texts.extend(chunk_texts)
        owners.extend([pos] * len(chunk_texts))
    fresh = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for start in range(0, len(texts), EMBED_BATCH):
        fresh[start : start + EMBED_BATCH] = embedder.embed(texts[start : start + EMBED_BATCH])
        if progress:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts))
    if progress and not texts:
        progress(0, 0)
    # Lay the vectors out chunk by chunk: reused blocks as they were, fresh ones in embedding order.
    blocks: list[np.ndarray] = []
    vector_chunk: list[int] = []
    cursor = 0
    for pos, (chunk, kept) in enumerate(zip(chunks, pieces, strict=True)):
        if kept is None:
            count = 1 + len(chunk.questions)
            kept = fresh[cursor : cursor + count]
            cursor += count
        blocks.append(kept)
        vector_chunk.extend([pos] * len(kept))
    vectors = faiss.IndexFlatIP(embedder.dim)
    if blocks:
        vectors.add(np.ascontiguousarray(np.vstack(blocks), dtype=np.float32))
    lexical = LexicalIndex.build([lexical_text(c) for c in chunks])
    sentences = [
        reuse[c.id].sentences if c.id in reuse and pieces[pos] is not None else split_chunk_sentences(c)
        for pos, c in enumerate(chunks)
    ]
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
    return Index(chunks, vectors, np.asarray(vector_chunk, dtype=np.int32), lexical, manifest, sentences)


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
    snippets: list[Snippet],
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
    reuse = {} if full else reusable_parts(previous, snippets, chunk_chars)
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
