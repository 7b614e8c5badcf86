"""The knowledge folder: one scan that parses (or, when unchanged, skips) every file and checks ids."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import KnowledgeError
from bot.knowledge.review import Review, review_folder
from bot.knowledge.snippet import Problem, Snippet, file_hash, parse_snippet
from bot.text.similarity import bigrams, gram_frequency, jaccard, rare_prefix

logger = logging.getLogger(__name__)

# Character-bigram Jaccard similarity above which two bodies are reported as near-duplicates.
NEAR_DUPLICATE_JACCARD = 0.8


@dataclass(frozen=True)
class Unchanged:
    """A knowledge file whose content matches the previous version: its chunks are taken over, not parsed."""

    path: str
    sha256: str


@dataclass
class KnowledgeBase:
    """The scanned folder: valid snippets (or unchanged files) plus every problem found on the way."""

    snippets: list[Snippet | Unchanged] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    review: Review | None = None  # snippets due for review (set by `load_knowledge`)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def snippet_files(directory: Path) -> list[Path]:
    """Every `*.md` below `directory`, skipping README files and hidden folders, in a stable order."""
    return [
        p
        for p in sorted(Path(directory).rglob("*.md"))
        if p.name.lower() != "readme.md"
        and not any(part.startswith(".") for part in p.relative_to(directory).parts)
    ]


def knowledge_hashes(knowledge_dir: Path) -> dict[str, str]:
    """Content hash of every snippet file, keyed like the manifest (path relative to the folder)."""
    root = Path(knowledge_dir)
    return {p.relative_to(root).as_posix(): file_hash(p.read_bytes()) for p in snippet_files(root)}


def scan(
    directory: Path, known: dict[str, tuple[str, str]] | None = None, today: dt.date | None = None
) -> KnowledgeBase:
    """Parse every file under `directory`; invalid files and duplicate ids are reported, not raised.

    A file whose content hash is in `known` (path -> (sha256, snippet id), from the previous index version)
    is not parsed again: it was valid then and is identical now, so it becomes an `Unchanged` entry.
    Parsing (YAML) is most of the validation time, so an incremental build only pays for changed files;
    the duplicate-id check still covers every file. `today` (default: now) bounds the `reviewed:` dates.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise KnowledgeError(f"知识库目录不存在：{directory}")
    known = known or {}
    kb = KnowledgeBase()
    seen: dict[str, str] = {}
    for file in snippet_files(directory):
        rel = file.relative_to(directory).as_posix()
        data = file.read_bytes()
        old = known.get(rel)
        if old is not None and old[0] == file_hash(data):
            entry: Snippet | Unchanged = Unchanged(rel, old[0])
            snippet_id = old[1]
        else:
            snippet, problems = parse_snippet(data, rel, today)
            kb.problems.extend(problems)
            if snippet is None:
                continue
            entry, snippet_id = snippet, snippet.id
        if snippet_id in seen:
            kb.problems.append(Problem(rel, "id", f"“{snippet_id}”与 {seen[snippet_id]} 重复"))
            continue
        seen[snippet_id] = rel
        kb.snippets.append(entry)
    return kb


def load_knowledge(
    directory: Path, near_duplicates: bool = True, today: dt.date | None = None
) -> KnowledgeBase:
    """Read every `*.md` under `directory` and its statutes.yaml; problems are reported, not raised.

    Snippets due for review on `today` (default: now) are warnings (bot.knowledge.review), errors in
    statutes.yaml are errors. `near_duplicates=False` skips the one check that compares bodies pairwise
    (an editorial warning that cannot fail a build, and the slowest part of loading a large collection).
    """
    kb = scan(directory, today=today)
    if near_duplicates:
        kb.problems.extend(find_near_duplicates(kb.snippets))
    kb.review = review_folder(directory, kb.snippets, today)
    kb.problems.extend(kb.review.problems)
    kb.problems.extend(kb.review.warnings())
    return kb


def read_knowledge(
    directory: Path, known: dict[str, tuple[str, str]] | None = None
) -> list[Snippet | Unchanged]:
    """Scan the folder and raise `KnowledgeError` listing every error; warnings are only logged.

    Near-duplicate bodies are left to `bot knowledge check`: they are warnings only, and comparing bodies
    is what made building a 10,000-snippet index take minutes.
    """
    kb = scan(directory, known)
    for warning in kb.warnings:
        logger.warning("%s", warning)
    if kb.errors:
        lines = "\n".join(str(p) for p in kb.errors)
        raise KnowledgeError(f"知识库有 {len(kb.errors)} 处错误：\n{lines}", kb.errors)
    if not kb.snippets:
        raise KnowledgeError(f"知识库目录中没有任何 .md 知识条目：{directory}")
    return kb.snippets


def find_near_duplicates(snippets: list[Snippet]) -> list[Problem]:
    """Warn about pairs of bodies whose character bigrams overlap almost completely.

    Exact but not quadratic (all pairs took minutes at 10,000 snippets): only pairs sharing one of their
    rarest bigrams are compared (the prefix filter, see bot.text.similarity).
    """
    grams = [bigrams(s.body) for s in snippets]
    frequency = gram_frequency(grams)
    by_prefix_gram: dict[str, list[int]] = {}
    problems = []
    for j, gb in enumerate(grams):
        if not gb:
            continue
        candidates: set[int] = set()
        for g in rare_prefix(gb, frequency, NEAR_DUPLICATE_JACCARD):
            candidates.update(by_prefix_gram.get(g, ()))
            by_prefix_gram.setdefault(g, []).append(j)
        for i in sorted(candidates):
            ga = grams[i]
            # Cheap bound first: Jaccard can't reach the threshold when the sizes differ too much.
            if min(len(ga), len(gb)) / max(len(ga), len(gb)) < NEAR_DUPLICATE_JACCARD:
                continue
            score = jaccard(ga, gb)
            if score >= NEAR_DUPLICATE_JACCARD:
                a, b = snippets[i], snippets[j]
                problems.append(
                    Problem(b.path, "body", f"与 {a.path} 的正文几乎相同（相似度 {score:.2f}）", "warning")
                )
    return problems
