"""One knowledge snippet: a Markdown file with YAML front matter, parsed, validated and cut into chunks."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.text.sentences import split_sentences
from bot.vocab import CATEGORIES, REGIONS

# `reviewed`: the date someone last checked the snippet against its source (see bot.knowledge.review).
REQUIRED_FIELDS = ("id", "title", "category", "region", "source", "effective", "reviewed", "questions")
OPTIONAL_FIELDS = ("steps", "topic")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
# A statute citation: a title in 《》 followed by an article (第…条) or a document number (〔2008〕3号),
# or else the name of an official body.
STATUTE_PATTERN = re.compile(r"《[^》]+》.*(第[一二三四五六七八九十百零〇\d]+条|〔\d{4}〕\d+号)")
OFFICIAL_BODY_PATTERN = re.compile(
    r"(总工会|人民政府|人力资源和社会保障|人社|人民法院|委员会|办公厅|部$|局$)"
)
# Body length bounds for one rule per snippet; outside them the checker warns (errors with --strict).
BODY_MIN_CHARS = 80
BODY_MAX_CHARS = 400
QUESTIONS_MIN = 3
QUESTIONS_MAX = 8
# A date "in the future" must be later than tomorrow on this machine's clock: staff in UTC+8 write today's
# date while a server on UTC may still be on yesterday.
CLOCK_SLACK = dt.timedelta(days=1)


class TextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that keeps dates as text (read them with `parse_date`): PyYAML raises a bare ValueError
    on 2020-13-01, which would escape as a crash instead of a problem naming the field. The libyaml parser,
    when present, reads front matter about five times faster than the pure-Python one."""


TextDateLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

# Front matter is one flat mapping of text values, with lists of text for these fields. The shape is checked
# on the composed YAML nodes, before any Python value is built: an 834-byte file whose aliases nested eight
# levels deep ("billion laughs") expanded into 312 MB while loading. Aliases are refused outright.
TEXT_FIELDS = ("id", "title", "category", "region", "source", "effective", "reviewed", "topic")
LIST_FIELDS = ("questions", "steps")
# Characters of a value quoted in a message; the rest is cut.
QUOTE_CHARS = 100

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.S)
_HEADING = re.compile(r"^#{1,6}\s+", re.M)


@dataclass(frozen=True)
class Snippet:
    """One knowledge file: a single rule with its legal source."""

    id: str
    title: str
    category: str
    region: str
    source: str
    effective: str
    questions: tuple[str, ...]
    body: str
    path: str
    steps: tuple[str, ...] = ()
    topic: str = ""
    sha256: str = ""
    reviewed: str = ""  # ISO date the snippet was last checked against its source


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a snippet; `text` is part of the body, `title` gives it context."""

    id: str
    snippet_id: str
    title: str
    text: str
    category: str
    region: str
    source: str
    effective: str
    questions: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    path: str = ""
    topic: str = ""

    def passage(self) -> str:
        """Title plus text: what gets embedded and shown as the passage."""
        return f"{self.title}\n{self.text}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge file."""

    path: str
    field: str
    message: str
    level: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.path}: [{self.level}] {self.field}: {self.message}"


def file_hash(data: bytes) -> str:
    """Content hash used to tell changed files apart."""
    return hashlib.sha256(data).hexdigest()


def parse_snippet(
    data: bytes, path: str, today: dt.date | None = None
) -> tuple[Snippet | None, list[Problem]]:
    """Parse and validate one file's bytes; returns the snippet (None when unusable) and its problems.

    `today` (default: the current date) bounds the `reviewed:` date, which may not lie in the future.
    """
    problems: list[Problem] = []

    def bad(field_name: str, message: str, level: str = "error") -> None:
        problems.append(Problem(path, field_name, message, level))

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad("file", f"不是 UTF-8 编码的文本（第 {exc.start} 字节）")
        return None, problems
    match = _FRONT_MATTER.match(text)
    if not match:
        bad("front matter", "文件开头缺少以 --- 包围的 YAML 头信息")
        return None, problems
    try:
        meta, shape = load_front_matter(match.group(1))
        if shape is not None:
            bad(*shape)
            return None, problems
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（头信息第 {mark.line + 2} 行）" if mark else ""
        bad("front matter", f"YAML 格式错误{where}: {clip(getattr(exc, 'problem', None) or exc)}")
        return None, problems
    except ValueError:
        # PyYAML turns a plain run of digits into an int, and Python refuses more than 4,300 of them.
        bad("front matter", "头信息中有过长的数字，请加引号写成文本")
        return None, problems
    if not isinstance(meta, dict):
        bad("front matter", "头信息必须是 键: 值 的映射")
        return None, problems
    body = match.group(2).strip()

    for name in REQUIRED_FIELDS:
        if meta.get(name) in (None, "", []):
            bad(name, "缺少必填字段")
    for name in meta:
        if name not in REQUIRED_FIELDS and name not in OPTIONAL_FIELDS:
            bad(clip(name), "未知字段（将被忽略）", "warning")

    snippet_id = str(meta.get("id") or "")
    if snippet_id and not ID_PATTERN.fullmatch(snippet_id):
        bad("id", f"“{clip(snippet_id)}”只能包含小写字母、数字和连字符，且不超过 80 个字符")
    if snippet_id and Path(path).stem != snippet_id:
        bad("id", f"文件名应为 {clip(snippet_id)}.md", "warning")
    for name in ("title", "source", "category", "region", "topic"):
        if name in meta and meta[name] is not None and not isinstance(meta[name], str):
            bad(name, "必须是文本")
    category = meta.get("category")
    if isinstance(category, str) and category and category not in CATEGORIES:
        bad("category", f"“{clip(category)}”不在允许的分类中：{'、'.join(CATEGORIES)}")
    region = meta.get("region")
    if isinstance(region, str) and region and region not in REGIONS:
        bad("region", f"“{clip(region)}”不在允许的地区中：{'、'.join(REGIONS)}")
    source = meta.get("source")
    if isinstance(source, str) and source:
        if not (STATUTE_PATTERN.search(source) or OFFICIAL_BODY_PATTERN.search(source)):
            bad("source", "应写明《法规名称》及条款（如 第十七条），或发布的官方机构")
    effective = parse_date(meta.get("effective"))
    if meta.get("effective") not in (None, "") and effective is None:
        bad("effective", f"“{clip(meta.get('effective'))}”不是 YYYY-MM-DD 格式的日期")
    reviewed = parse_date(meta.get("reviewed"))
    today = today or dt.date.today()
    if meta.get("reviewed") not in (None, "") and reviewed is None:
        bad("reviewed", f"“{clip(meta.get('reviewed'))}”不是 YYYY-MM-DD 格式的日期")
    elif reviewed is not None and reviewed > today + CLOCK_SLACK:
        # A review date records a check already made; a later one is a typo. (One before `effective` is
        # fine: rules are published, and can be checked, before they take effect.)
        bad(
            "reviewed",
            f"复核日期 {reviewed.isoformat()} 晚于今天（{today.isoformat()}），应为实际核对原文的日期",
        )
    questions = _string_list(meta.get("questions"), "questions", bad)
    steps = _string_list(meta.get("steps"), "steps", bad)
    if questions and not QUESTIONS_MIN <= len(questions) <= QUESTIONS_MAX:
        bad("questions", f"建议 {QUESTIONS_MIN}–{QUESTIONS_MAX} 个问法，现有 {len(questions)} 个", "warning")
    if not body:
        bad("body", "正文为空")
    elif not BODY_MIN_CHARS <= len(body) <= BODY_MAX_CHARS:
        bad("body", f"正文 {len(body)} 字，建议 {BODY_MIN_CHARS}–{BODY_MAX_CHARS} 字", "warning")

    if any(p.level == "error" for p in problems):
        return None, problems
    snippet = Snippet(
        id=snippet_id,
        title=meta["title"].strip(),
        category=category,
        region=region,
        source=source.strip(),
        effective=effective.isoformat(),
        questions=tuple(questions),
        body=body,
        path=path,
        steps=tuple(steps),
        topic=str(meta.get("topic") or ""),
        sha256=file_hash(data),
        reviewed=reviewed.isoformat(),
    )
    return snippet, problems


def clip(value: object, limit: int = QUOTE_CHARS) -> str:
    """A value as text for a message, cut to `limit` characters."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def load_front_matter(text: str) -> tuple[object, tuple[str, str] | None]:
    """The front matter's value, or (None, (field, message)) when its shape is not allowed.

    The YAML is composed into nodes first, which is linear in the input: an alias becomes a second
    reference to the same node, not a copy. The node tree is checked before any Python value is built, so
    a hostile file is refused before it can expand; only then are the values constructed.
    """
    loader = TextDateLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        problem = _shape_problem(node)
        if problem is not None:
            return None, problem
        return loader.construct_document(node), None
    finally:
        loader.dispose()


def _shape_problem(root: yaml.Node) -> tuple[str, str] | None:
    """(field, message) for the first node that breaks the allowed shape: a flat mapping of text values,
    with lists of text for LIST_FIELDS (and for unknown fields, which are ignored); no node used twice."""
    if not isinstance(root, yaml.MappingNode):
        return "front matter", "头信息必须是 键: 值 的映射"
    seen: set[int] = {id(root)}

    def reused(node: yaml.Node) -> bool:
        if id(node) in seen:
            return True
        seen.add(id(node))
        return False

    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            return "front matter", "字段名必须是文本"
        field = clip(key_node.value)
        if reused(key_node) or reused(value_node):
            return field, "不支持 YAML 别名（*），请直接写出内容"
        if isinstance(value_node, yaml.ScalarNode):
            continue
        if isinstance(value_node, yaml.MappingNode) or field in TEXT_FIELDS:
            if field in LIST_FIELDS:
                return field, "必须是文本列表（每行以 - 开头）"
            return field, "必须是文本，不能是列表或映射"
        for item in value_node.value:
            if reused(item):
                return field, "不支持 YAML 别名（*），请直接写出内容"
            if not isinstance(item, yaml.ScalarNode):
                return field, "列表中的每一项必须是文本，不能再嵌套列表或映射"
    return None


def parse_date(value) -> dt.date | None:
    """A YYYY-MM-DD date (text or a YAML date), or None when the value is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _string_list(value, name: str, bad) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        bad(name, "必须是文本列表（每行以 - 开头）")
        return []
    items = [str(v).strip() for v in value]
    if any(not item for item in items):
        bad(name, "列表中有空项")
    return [item for item in items if item]


def chunk_snippet(snippet: Snippet, max_chars: int = 500) -> list[Chunk]:
    """One chunk per snippet unless the body is long: then split on headings and sentence ends."""
    sections = [snippet.body] if len(snippet.body) <= max_chars else _split_long(snippet.body, max_chars)
    chunks = []
    for n, text in enumerate(sections):
        chunks.append(
            Chunk(
                id=snippet.id if len(sections) == 1 else f"{snippet.id}#{n + 1}",
                snippet_id=snippet.id,
                title=snippet.title,
                text=text,
                category=snippet.category,
                region=snippet.region,
                source=snippet.source,
                effective=snippet.effective,
                # Sample questions describe the whole snippet; keep them on the first chunk only.
                questions=snippet.questions if n == 0 else (),
                steps=snippet.steps,
                path=snippet.path,
                topic=snippet.topic,
            )
        )
    return chunks


def _split_long(body: str, max_chars: int) -> list[str]:
    sections = [s.strip() for s in _HEADING.split(body) if s.strip()]
    out: list[str] = []
    for section in sections:
        current = ""
        for sentence in split_sentences(section):
            if current and len(current) + len(sentence) > max_chars:
                out.append(current)
                current = ""
            current += sentence
        if current:
            out.append(current)
    return out
