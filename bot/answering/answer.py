"""What the assistant says, kept structured until rendered: sections of lines, each part with its citation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.vocab import Status

MARKER = re.compile(r"\[(\d+)\]")  # a citation marker [n] in rendered answer text

HELP_LINE = "如需进一步帮助，可拨打 12351 职工服务热线，或点击“转人工”，由工会工作人员跟进。"
SCOPE_LINE = (
    "我可以解答工资待遇、劳动合同、工伤认定、社会保险、工时与休假、女职工权益、劳动争议处理，"
    "以及入会和工会服务等方面的问题。"
)
OUT_OF_SCOPE_TEXT = (
    "抱歉，这个问题不在我的服务范围内，我无法回答。我是 12351 职工服务 AI 助手，" + SCOPE_LINE + HELP_LINE
)
GREETING_TEXT = "您好！我是 12351 职工服务 AI 助手。" + SCOPE_LINE + "请直接描述您遇到的情况。"
HEDGE_LINE = "以下是知识库中与您的问题最接近的规定，可能与您的具体情况不完全对应；如不符合，请转人工咨询。"
NO_MATCH_TEXT = (
    "抱歉，知识库里暂时没有能准确回答这个问题的内容。为避免误导您，我不作猜测。"
    "建议拨打 12351 职工服务热线，或点击“转人工”，由工会工作人员为您解答。"
)
BASIS_TITLE = "法律依据"
STEPS_TITLE = "下一步可以这样做"


class SectionKind(StrEnum):
    """The blocks an answer is made of, in the order they appear."""

    NOTICE = "notice"  # a refusal, greeting or hand-off message standing alone
    DIRECT = "direct"  # the direct answer: quoted rule sentences, each followed by its citation
    ISSUE = "issue"  # one problem of a several-problem story: its rule, figure and what is missing
    BASIS = "basis"  # 法律依据: one line per citation
    STEPS = "steps"  # 下一步可以这样做: numbered steps
    HELP = "help"  # the standing 12351 / 转人工 line


@dataclass(frozen=True)
class Part:
    """A piece of a line: its text, then (when `cite` is set) the citation marker [cite].

    `quote` tells a sentence quoted from the cited passage from text the program wrote on its basis (a
    computed figure, a model's phrasing): only quotes are checked word for word against the passage.
    """

    text: str
    cite: int | None = None
    quote: bool = True


@dataclass(frozen=True)
class Line:
    """One line of a section."""

    parts: tuple[Part, ...]

    @classmethod
    def plain(cls, text: str) -> Line:
        return cls((Part(text),))

    @property
    def citations(self) -> tuple[int, ...]:
        """The citation numbers this line uses, in order, without repeats."""
        return tuple(dict.fromkeys(p.cite for p in self.parts if p.cite is not None))


@dataclass(frozen=True)
class Section:
    """One block of an answer."""

    kind: SectionKind
    lines: tuple[Line, ...]
    title: str = ""


@dataclass(frozen=True)
class Citation:
    """A numbered source behind part of an answer."""

    n: int
    id: str
    title: str
    source: str
    region: str
    effective: str
    text: str
    url: str


@dataclass(frozen=True)
class Answer:
    """What the assistant says: `sections` to render, the sources every citation number refers to, and the
    same answer as plain text (`text`, rendered from the sections) for the log, the OpenAI endpoint and
    clients that want text."""

    status: Status
    sections: tuple[Section, ...]
    citations: tuple[Citation, ...]
    confidence: float
    query: str = ""
    category: str = ""
    steps: tuple[str, ...] = ()
    text: str = field(default="", compare=False)
    # What was understood of the worker's story (facts, issues and how each was handled), JSON-ready.
    case: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.text:
            from bot.answering.render import render_text  # render depends on these types

            object.__setattr__(self, "text", render_text(self.sections))

    def with_sections(self, sections: tuple[Section, ...]) -> Answer:
        """The same answer with other sections (and the text rendered from them)."""
        return replace(self, sections=sections, text="")


def notice(status: Status, text: str, confidence: float = 0.0, query: str = "") -> Answer:
    """An answer that is one message and nothing else (refusal, greeting, hand-off)."""
    section = Section(SectionKind.NOTICE, (Line.plain(text),))
    return Answer(status=status, sections=(section,), citations=(), confidence=confidence, query=query)


def markers(text: str) -> set[int]:
    """Every [n] marker number used in a text."""
    return {int(m) for m in MARKER.findall(text)}
