"""The knowledge folder as documents staff can list, upload and delete — validated, written atomically."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.errors import BotError, KnowledgeError, NotFoundError
from bot.knowledge.folder import scan, snippet_files
from bot.knowledge.review import review_folder
from bot.knowledge.snippet import Problem, parse_snippet

MAX_DOCUMENT_BYTES = 32 * 1024
# One writer at a time in this process, so the duplicate-id check and the write it allows stay together.
_WRITING = threading.Lock()
# `<folder>/<id>.md` or `<id>.md`: lower-case ASCII names only, so no encoding trick can reach ".." or "/".
_FOLDER = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_FILE = re.compile(r"[a-z0-9][a-z0-9-]{0,79}\.md")


class DocumentPathError(BotError):
    """The document path is not a plain `<folder>/<id>.md` inside the knowledge folder."""

    status = 400


class DocumentTooLargeError(BotError):
    """The uploaded document is larger than allowed."""

    status = 413


@dataclass(frozen=True)
class Document:
    """A knowledge file with its validation result."""

    path: str
    id: str
    title: str
    category: str
    region: str
    status: str  # ok | warning | error
    problems: tuple[str, ...]
    size: int
    stale: tuple[str, ...] = ()  # why the snippet is due for review (bot.knowledge.review), empty when not


class DocumentStore:
    """List, write and delete snippet files under one knowledge folder."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def resolve(self, path: str) -> Path:
        """The file for a relative document path; DocumentPathError for anything but `[folder/]id.md`."""
        parts = path.split("/")
        if not 1 <= len(parts) <= 2 or not _FILE.fullmatch(parts[-1]):
            raise DocumentPathError(
                f"文档路径“{path[:100]}”无效：只能是“分类目录/编号.md”，由小写字母、数字和连字符组成"
            )
        if parts[-1] == "readme.md":
            # The loader skips README files as folder notes, so a snippet saved under that name would vanish.
            raise DocumentPathError("文件名不能是 readme.md：请用条目编号作文件名（编号.md）")
        if len(parts) == 2 and not _FOLDER.fullmatch(parts[0]):
            raise DocumentPathError(f"目录名“{parts[0][:50]}”无效：只能由小写字母、数字、连字符组成")
        target = (self.root / path).resolve()
        if not target.is_relative_to(self.root.resolve()):
            raise DocumentPathError("文档路径必须在知识库目录之内")
        return target

    def list(self, today: dt.date | None = None) -> list[Document]:
        """Every snippet file with its validation status (duplicate ids flagged on both files) and, as of
        `today` (default: now), the reasons it is due for review."""
        docs = []
        parsed = []
        ids: dict[str, list[int]] = {}
        for file in snippet_files(self.root):
            rel = file.relative_to(self.root).as_posix()
            data = file.read_bytes()
            snippet, problems = parse_snippet(data, rel)
            status = _status(problems)
            docs.append(
                Document(
                    path=rel,
                    id=snippet.id if snippet else "",
                    title=snippet.title if snippet else "",
                    category=snippet.category if snippet else "",
                    region=snippet.region if snippet else "",
                    status=status,
                    problems=tuple(str(p) for p in problems),
                    size=len(data),
                )
            )
            if snippet:
                parsed.append(snippet)
                ids.setdefault(snippet.id, []).append(len(docs) - 1)
        for snippet_id, positions in ids.items():
            if len(positions) > 1:
                for pos in positions:
                    doc = docs[pos]
                    others = [docs[p].path for p in positions if p != pos]
                    docs[pos] = Document(
                        **{
                            **doc.__dict__,
                            "status": "error",
                            "problems": (*doc.problems, f"编号“{snippet_id}”与 {'、'.join(others)} 重复"),
                        }
                    )
        due = {s.path: s.reasons for s in review_folder(self.root, parsed, today).stale}
        return [
            Document(**{**doc.__dict__, "stale": due[doc.path]}) if doc.path in due else doc for doc in docs
        ]

    def statute_problems(self, today: dt.date | None = None) -> list[str]:
        """What is wrong in the folder's statutes.yaml (bot.knowledge.statutes), as lines for staff."""
        return [str(p) for p in review_folder(self.root, [], today).problems]

    def put(self, path: str, data: bytes) -> tuple[bool, list[Problem]]:
        """Validate and write one snippet atomically; (created, warnings). Nothing is written on any error."""
        target = self.resolve(path)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentTooLargeError(
                f"文档太大（{len(data) // 1024} KB），上限 {MAX_DOCUMENT_BYTES // 1024} KB"
            )
        with _WRITING:
            return self._put(path, target, data)

    def _put(self, path: str, target: Path, data: bytes) -> tuple[bool, list[Problem]]:
        snippet, problems = parse_snippet(data, path)
        errors = [p for p in problems if p.level == "error"]
        if snippet is not None and Path(path).stem != snippet.id:
            errors.append(Problem(path, "id", f"文件名必须与编号一致：应为 {snippet.id}.md"))
        if snippet is not None and self.root.is_dir():
            for other in scan(self.root).snippets:
                if (self.root / other.path).resolve() != target and other.id == snippet.id:
                    errors.append(Problem(path, "id", f"编号“{snippet.id}”已被 {other.path} 使用"))
        if errors:
            raise KnowledgeError("文档未保存：" + "；".join(str(p) for p in errors), errors)
        created = not target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return created, [p for p in problems if p.level == "warning"]

    def delete(self, path: str) -> None:
        """Remove one snippet file; NotFoundError when there is none."""
        target = self.resolve(path)
        with _WRITING:
            if not target.is_file():
                raise NotFoundError(f"知识库中没有文档 {path[:100]}")
            target.unlink()


def _status(problems: list[Problem]) -> str:
    if any(p.level == "error" for p in problems):
        return "error"
    return "warning" if problems else "ok"
