"""Building an index version: chunk, embed (reusing unchanged files' vectors), tokenise, self-check, publish."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from filelock import FileLock

from bot.errors import IndexMismatchError, IndexMissingError
from bot.index import translation
from bot.index.dense import DenseVectors
from bot.index.embedders import Embedder, channels, embedder_id
from bot.index.index import Index, Manifest
from bot.index.lexical import EMPTY_TOKEN, LexicalIndex, lexical_text
from bot.index.search import Retriever
from bot.index.sentences import ChunkSentences
from bot.index.translation import ITERATIONS, train_table, training_pairs
from bot.index.versions import IndexStore
from bot.knowledge.folder import Unchanged, read_knowledge
from bot.knowledge.snippet import Chunk, Snippet, chunk_snippet
from bot.text.sentences import quotable_units
from bot.text.tokens import tokenize

logger = logging.getLogger(__name__)

BUILD_LOCK_FILE = ".build.lock"
EMBED_BATCH = 256  # texts per progress step while building
# The self-check passes when the probe question's own snippet is among this many hits.
SELF_CHECK_K = 5

# progress(done, total, model): called after each batch of each model (`model` is the embedder's name).
Progress = Callable[[int, int, str], None]


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
        owners = previous.dense.vector_chunk
        self._order = np.argsort(owners, kind="stable")
        self._bounds = np.searchsorted(owners[self._order], np.arange(previous.count() + 1))

    def positions(self, path: str) -> list[int]:
        """Positions in the previous version of an unchanged file's chunks."""
        return self._by_path.get(path, [])

    def vector_rows(self, pos: int) -> np.ndarray:
        return self._order[self._bounds[pos] : self._bounds[pos + 1]]


def reusable_parts(
    previous: Index | None, snippets: list[Snippet | Unchanged], chunk_chars: int
) -> Reuse | None:
    """What can be reused from `previous` for these files (None when nothing: no index, or another chunk size).

    A channel `previous` has no vectors for (a newly added model) is embedded in full by `build_index`.
    """
    if previous is None or previous.manifest.chunk_chars != chunk_chars:
        return None
    old_files = previous.manifest.files
    unchanged = {s.path for s in snippets if old_files.get(s.path) == s.sha256}
    return Reuse(previous, unchanged) if unchanged else None


def build_index(
    snippets: list[Snippet | Unchanged],
    embedder: Embedder,
    chunk_chars: int = 500,
    progress: Progress | None = None,
    reuse: Reuse | None = None,
) -> Index:
    """Chunk the snippets, embed each chunk's passage and sample questions, and index both sides.

    Files found unchanged in `reuse` keep their chunks, vectors, sentence units and BM25 tokens; only the
    rest is chunked, embedded and tokenised. An `Unchanged` entry needs `reuse` to cover its path.
    """
    chunks, kept = _collect_chunks(snippets, chunk_chars, reuse)
    texts = [text for chunk, old in zip(chunks, kept, strict=True) if old is None for text in _texts(chunk)]
    members = channels(embedder)
    vectors: dict[str, DenseVectors] = {}
    embedded = 0
    for n, member in enumerate(members):
        channel = embedder_id(member)
        if reuse is not None and channel in reuse.previous.channels:
            fresh = _embed(texts, member, progress)
            laid_out = _lay_out_vectors(chunks, kept, fresh, member.dim, reuse, channel, half=n > 0)
        else:  # no previous vectors of this model: every chunk's texts
            fresh = _embed([t for chunk in chunks for t in _texts(chunk)], member, progress)
            laid_out = _lay_out_vectors(chunks, [None] * len(chunks), fresh, member.dim, None, channel, n > 0)
        # Second channels are stored as float16: e5 doubles the vectors, and its ranking does not need float32.
        vectors[channel] = laid_out
        embedded = max(embedded, len(fresh))
    dense = vectors.pop(embedder_id(members[0]))
    lexical, lexical_tokens = _lexical(chunks, kept, reuse)
    sentences = ChunkSentences(
        [
            reuse.previous.sentences.stored(old) if old is not None else quotable_units(chunk.text)
            for chunk, old in zip(chunks, kept, strict=True)
        ]
    )
    # The translation table is learned again from every snippet's questions (~0.4 s on the repo base): any
    # changed file changes what it learns from.
    pairs = training_pairs(chunks)
    table = train_table(pairs) if len(pairs) >= translation.MIN_SNIPPETS else None
    manifest = Manifest(
        embedder=embedder_id(embedder),
        dim=embedder.dim,
        embedders=[embedder_id(m) for m in members],
        chunk_chars=chunk_chars,
        files={s.path: s.sha256 for s in snippets},
        snippets=len(snippets),
        chunks=len(chunks),
        vectors=dense.count(),
        embedded=embedded,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        translation=_translation_summary(pairs, table),
    )
    return Index(
        chunks, dense, lexical, manifest, sentences, lexical_tokens, extra=vectors, translation=table
    )


def _translation_summary(pairs, table) -> dict:
    """What the manifest records of the translation table ({} when none was trained or it is empty)."""
    if table is None or not table.count():
        return {}
    return {
        "snippets": len(pairs),
        "questions": sum(len(questions) for questions, _ in pairs),
        "entries": table.count(),
        "tokens": "char unigrams + bigrams",
        "iterations": ITERATIONS,
    }


def _texts(chunk: Chunk) -> tuple[str, ...]:
    """What is embedded for a chunk: its passage and each sample question (one vector each).

    A question that only repeats the title gets no vector of its own: the passage starts with the title
    already, and the short formal title vector outranked the right passage for colloquial questions on
    documents added without sample questions (cold hit@1 0.56 -> 0.60, bench/bench_ablation.py).
    """
    return (chunk.passage(), *[q for q in chunk.questions if q != chunk.title])


def _collect_chunks(
    snippets: list[Snippet | Unchanged], chunk_chars: int, reuse: Reuse | None
) -> tuple[list[Chunk], list[int | None]]:
    """Every chunk in order, and per chunk its position in the previous version (None when new)."""
    chunks: list[Chunk] = []
    kept: list[int | None] = []
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
    return chunks, kept


def _embed(texts: list[str], embedder: Embedder, progress: Progress | None) -> np.ndarray:
    """Embed in batches, reporting progress after each."""
    fresh = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    # The bar appears (and its rate counts) from the start, not after a first batch (~12 s of e5).
    if progress:
        progress(0, len(texts), embedder.name)
    for start in range(0, len(texts), EMBED_BATCH):
        fresh[start : start + EMBED_BATCH] = embedder.embed(texts[start : start + EMBED_BATCH])
        if progress:
            progress(min(start + EMBED_BATCH, len(texts)), len(texts), embedder.name)
    return fresh


def _lay_out_vectors(
    chunks: list[Chunk],
    kept: list[int | None],
    fresh: np.ndarray,
    dim: int,
    reuse: Reuse | None,
    channel: str,
    half: bool = False,
) -> DenseVectors:
    """Vectors chunk by chunk: reused rows copied from the previous matrix, fresh ones in order."""
    counts = [len(_texts(c)) for c in chunks]
    vector_chunk = np.repeat(np.arange(len(chunks), dtype=np.int32), counts)
    matrix = np.empty((len(vector_chunk), dim), dtype=np.float32)
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
        previous = reuse.previous.channels[channel].matrix()
        matrix[np.concatenate(target)] = previous[np.concatenate(source)]
    return DenseVectors.from_matrix(matrix, vector_chunk, dim, half)


def _lexical(chunks: list[Chunk], kept: list[int | None], reuse: Reuse | None):
    """BM25 over token ids: unchanged chunks keep theirs (in the previous vocabulary), new ones are tokenised."""
    old_tokens = reuse.tokens if reuse is not None else None
    vocab = list(old_tokens.vocab) if old_tokens is not None else []
    token_id = {token: n for n, token in enumerate(vocab)}
    token_ids: list[np.ndarray] = []
    for chunk, old in zip(chunks, kept, strict=True):
        if old is not None and old_tokens is not None:
            token_ids.append(old_tokens.chunk(old))
            continue
        tokens = tokenize(lexical_text(chunk)) or [EMPTY_TOKEN]
        token_ids.append(
            np.fromiter((token_id.setdefault(t, len(token_id)) for t in tokens), np.int32, len(tokens))
        )
    vocab.extend(list(token_id)[len(vocab) :])
    return LexicalIndex.from_token_ids(token_ids, vocab)


def load_previous(store: IndexStore, embedder: Embedder) -> Index | None:
    """The current version for reuse, or None when there is none or it was built differently.

    A version without vectors of a further channel is still taken (its main vectors are reused).
    """
    try:
        try:
            return store.load(embedder)
        except IndexMismatchError:
            if len(channels(embedder)) == 1:
                raise
            return store.load(channels(embedder)[0])
    except (IndexMissingError, IndexMismatchError) as exc:
        logger.info("no reusable index (%s); building from scratch", exc.message)
    except Exception as exc:  # a damaged version must not stop the build that replaces it
        logger.warning("current index cannot be read (%s); building from scratch", exc)
    return None


def self_check(path: Path, embedder: Embedder) -> None:
    """Load a freshly saved version and ask it one of its own sample questions; raise if it can't answer."""
    check_index(Index.load(path, embedder), embedder)


def check_index(index: Index, embedder: Embedder) -> None:
    """Ask a loaded index one of its own sample questions; IndexMismatchError if it can't answer."""
    if index.count() == 0:
        raise IndexMismatchError("新索引是空的，未启用")
    probe = next((c for c in index.chunks if c.questions), index.chunks[0])
    question = probe.questions[0] if probe.questions else probe.title
    # Without the translation ranking: it learned the probe question itself, and it is computed from the
    # chunks on load, so it would find the snippet even when the stored vectors and BM25 rows do not line up.
    hits = Retriever(embedder, index, translation_weight=0).search(question, k=SELF_CHECK_K).hits
    # Large collections repeat sample questions word for word; a hit that owns the same question also
    # shows the vectors and the lexical side line up with their chunks.
    if not any(hit.chunk.snippet_id == probe.snippet_id or question in hit.chunk.questions for hit in hits):
        raise IndexMismatchError(f"新索引自检失败：问题“{question}”没有检索到条目 {probe.snippet_id}，未启用")


def known_files(previous: Index | None, chunk_chars: int) -> dict[str, tuple[str, str]]:
    """Path -> (sha256, snippet id) of the files whose chunks the previous version can hand over."""
    if previous is None or previous.manifest.chunk_chars != chunk_chars:
        return {}
    hashes = previous.manifest.files
    return {c.path: (hashes[c.path], c.snippet_id) for c in previous.chunks if c.path in hashes}


def rebuild_index(
    snippets: list[Snippet | Unchanged],
    embedder: Embedder,
    store: IndexStore,
    chunk_chars: int = 500,
    progress: Progress | None = None,
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
    old_files = previous.manifest.files if previous is not None else {}
    new_files = index.manifest.files
    stats = BuildStats(
        files=len(snippets),
        chunks=index.count(),
        vectors=index.dense.count(),
        seconds=time.perf_counter() - started,
        embedded=index.manifest.embedded,
        added=tuple(sorted(set(new_files) - set(old_files))),
        changed=tuple(sorted(p for p in new_files if p in old_files and old_files[p] != new_files[p])),
        removed=tuple(sorted(set(old_files) - set(new_files))),
    )
    return version, index, stats


def run_build(
    knowledge_dir: Path,
    store: IndexStore,
    embedder: Embedder,
    chunk_chars: int = 500,
    full: bool = False,
    previous: Index | None = None,
    progress: Progress | None = None,
    snippets: list[Snippet | Unchanged] | None = None,
) -> tuple[str, Index, BuildStats]:
    """Validate the folder, build (reusing unchanged files' vectors unless `full`), self-check, publish.

    `snippets`, when given, are the folder as already validated by the caller (`bot index build` checks it
    before loading the model).
    """
    started = time.perf_counter()
    with build_lock(store):
        return _run_build(
            knowledge_dir, store, embedder, chunk_chars, full, previous, progress, snippets, started
        )


def build_lock(store: IndexStore) -> FileLock:
    """The lock every build of one index folder takes, so builds by several workers, the CLI and --watch
    run one at a time (a file lock: it spans processes, and the OS drops it when a process dies)."""
    store.root.mkdir(parents=True, exist_ok=True)
    return FileLock(store.root / BUILD_LOCK_FILE)


def _run_build(
    knowledge_dir: Path,
    store: IndexStore,
    embedder: Embedder,
    chunk_chars: int,
    full: bool,
    previous: Index | None,
    progress: Progress | None,
    snippets: list[Snippet | Unchanged] | None,
    started: float,
) -> tuple[str, Index, BuildStats]:
    if previous is None:
        # Loaded even for a full build: the summary of added/changed/removed files compares against it.
        previous = load_previous(store, embedder)
    if snippets is None:
        snippets = read_knowledge(knowledge_dir, None if full else known_files(previous, chunk_chars))
    version, index, stats = rebuild_index(
        snippets,
        embedder,
        store,
        chunk_chars,
        progress,
        previous=previous,
        verify=lambda path: self_check(path, embedder),
        full=full,
    )
    # The time reported covers the whole job, validation included.
    return version, index, replace(stats, seconds=time.perf_counter() - started)
