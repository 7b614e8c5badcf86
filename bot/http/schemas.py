"""Request and response models of the HTTP API (pydantic at the edge), split by direction."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.answering.answer import Citation
from bot.vocab import (
    MAX_HISTORY_TURNS,
    MAX_NAME_CHARS,
    MAX_QUESTION_CHARS,
    MAX_SESSION_ID_CHARS,
    MAX_TEXT_CHARS,
    MAX_TURN_CHARS,
    SESSION_ID_PATTERN,
    TICKET_CATEGORIES,
    TICKET_STATUSES,
    Region,
    Status,
)

# Literal (not an enum) keeps the OpenAPI schema a plain list of strings; the values come from vocab.
TicketCategory = Literal[TICKET_CATEGORIES]  # type: ignore[valid-type]


class Turn(BaseModel):
    """One earlier message of the conversation."""

    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_TURN_CHARS)


class AnswerIn(BaseModel):
    """A worker's question, with earlier turns or a session for follow-ups."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=MAX_QUESTION_CHARS, description=f"问题，1–{MAX_QUESTION_CHARS} 字")
    history: list[Turn] = Field(
        default_factory=list,
        max_length=MAX_HISTORY_TURNS,
        description=f"此前的对话，最多 {MAX_HISTORY_TURNS} 轮",
    )
    session_id: str | None = Field(default=None, max_length=MAX_SESSION_ID_CHARS, pattern=SESSION_ID_PATTERN)
    region: Region | None = None


# The domain dataclass itself: pydantic builds its schema, so the web edge does not retype it.
CitationOut = Citation


class PartOut(BaseModel):
    """A piece of a line: its text, then (when `cite` is set) the citation marker [cite]."""

    text: str
    cite: int | None = None
    quote: bool = Field(default=True, description="true：原文引用；false：依据该条文的计算或转述")


class LineOut(BaseModel):
    """One line of a section, with the citation numbers it uses."""

    parts: list[PartOut]
    citations: list[int]


class SectionOut(BaseModel):
    """One block of the answer: notice, direct (the answer), basis (法律依据), steps, help."""

    kind: Literal["notice", "direct", "issue", "basis", "steps", "help"]
    title: str = Field(description="小标题，如“法律依据”；没有则为空")
    lines: list[LineOut]


class IssueOut(BaseModel):
    """One problem of the worker's story and how the answer handled it."""

    topic: str = Field(description="知识库主题键，如 illegal_termination；未覆盖的问题为空")
    label: str = Field(description="问题的中文名称")
    status: Literal["answered", "computed", "needs_fact", "not_covered"] = Field(
        description="answered 已引用规定作答；computed 已按事实算出金额或天数；needs_fact 还缺事实；not_covered 知识库未覆盖"
    )
    citations: list[int] = Field(description="该问题引用的依据编号")
    figure: str | None = Field(default=None, description="计算公式与结果")


class CaseOut(BaseModel):
    """What the assistant understood of the conversation."""

    facts: dict[str, Any] = Field(
        description="读出的事实（工作年限、月工资、地区、事件、诉求等），含原话位置"
    )
    issues: list[IssueOut]
    continued: bool = Field(description="是否为此前叙述的追问（沿用此前的事实和问题）")


class AnswerOut(BaseModel):
    """The answer, its status and every source its [n] markers refer to."""

    status: Status
    answer: str = Field(description="整条回答的纯文本（由 sections 渲染）")
    sections: list[SectionOut] = Field(description="结构化的回答：按顺序的各个部分")
    confidence: float
    citations: list[CitationOut]
    case: CaseOut | None = Field(
        default=None, description="从职工叙述中理解到的情况：事实与各个问题的处理方式"
    )
    spoken: str = Field(
        default="",
        description="口播版：供语音合成或坐席朗读，每个问题不超过150字，不含[n]标记和链接，数字日期按读法书写，最后是下一步",
    )
    session_id: str
    turn_id: int | None = None


class SearchIn(BaseModel):
    """A retrieval query."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(max_length=MAX_QUESTION_CHARS)
    k: int = Field(default=5, ge=1, le=50)
    region: Region | None = None
    category: str | None = Field(default=None, max_length=20)


class HitOut(BaseModel):
    """One ranked passage."""

    rank: int
    id: str
    chunk_id: str
    title: str
    source: str
    region: str
    category: str
    text: str
    score: float
    dense: float
    lexical_rank: int | None


class SearchOut(BaseModel):
    """Ranked passages and the top dense cosine."""

    query: str
    top_dense: float
    hits: list[HitOut]


class SourceOut(BaseModel):
    """A knowledge snippet as stored in the index."""

    id: str
    title: str
    category: str
    region: str
    source: str
    effective: str
    body: str
    steps: list[str]
    url: str


class ChatMessage(BaseModel):
    """An OpenAI-style chat message; content may be a string or a list of text parts."""

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    @field_validator("content")
    @classmethod
    def check_encodable(cls, content):
        """Reject lone surrogates ("\\ud800"): the str-or-list union lets them through, the model cannot embed them."""
        parts = [content] if isinstance(content, str) else [p.get("text") for p in content or ()]
        for text in parts:
            try:
                if isinstance(text, str):
                    text.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("含有无法识别的字符") from None
        return content


class ChatIn(BaseModel):
    """OpenAI-compatible chat completion request (extra fields such as temperature are accepted and ignored)."""

    model_config = ConfigDict(extra="allow")

    messages: list[ChatMessage] = Field(min_length=1, max_length=41)
    model: str | None = Field(default=None, max_length=100)
    stream: bool = False
    spoken: bool = Field(default=False, description="true：回复内容为口播版（供语音合成），不附参考资料")


class FeedbackIn(BaseModel):
    """👍/👎 on one answer."""

    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=MAX_SESSION_ID_CHARS, pattern=SESSION_ID_PATTERN)
    # SQLite integers are 64-bit; a larger id would overflow in the driver instead of failing validation.
    turn_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    rating: Literal["up", "down"]
    comment: str = Field(default="", max_length=MAX_TEXT_CHARS)


class FeedbackOut(BaseModel):
    """The stored feedback's id."""

    ok: bool = True
    id: int


class HandoffIn(BaseModel):
    """A request to be contacted by union staff (转人工)."""

    model_config = ConfigDict(extra="forbid")

    category: TicketCategory
    description: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    phone: str = Field(min_length=3, max_length=40)
    name: str = Field(default="", max_length=MAX_NAME_CHARS)
    session_id: str | None = Field(default=None, max_length=MAX_SESSION_ID_CHARS, pattern=SESSION_ID_PATTERN)


class HandoffOut(BaseModel):
    """The ticket number the worker can quote when staff call back."""

    ok: bool = True
    ticket: str
    status: str
    message: str


class CalculatorOut(BaseModel):
    """One calculator: its name (for the URL), Chinese title and the JSON schema of its inputs."""

    name: str = Field(description="计算器名称，用于 POST /api/calculate/{name}")
    title: str = Field(description="中文名称")
    input_schema: dict[str, Any] = Field(
        description="输入项的 JSON Schema（每项的 title/description 为中文说明）"
    )


class CalculatorsOut(BaseModel):
    """Every calculator."""

    calculators: list[CalculatorOut] = Field(description="全部计算器")


class StepOut(BaseModel):
    """One line of working with the article it rests on."""

    text: str = Field(description="这一步的计算或依据（中文）")
    source: str = Field(description="法规名称及条款")
    snippet_id: str = Field(description="知识库条目编号")
    citation: int | None = Field(description="对应 citations 中的编号")


class CalculationOut(BaseModel):
    """A computed entitlement: the figures that apply, the one-line formula, each step with its citation."""

    name: str = Field(description="计算器名称")
    title: str = Field(description="计算器中文名称")
    months: float | None = Field(description="折合月数（如经济补偿 N）")
    amount: float | None = Field(description="金额（元）")
    days: int | None = Field(description="天数（如年休假、产假）")
    deadline: str | None = Field(description="截止日期 YYYY-MM-DD（申请期限）")
    headline: str | None = Field(default=None, description="其他结果（如法定退休年龄和退休年月）")
    formula: str = Field(description="一行中文公式")
    steps: list[StepOut] = Field(description="计算步骤，每步注明依据的条款和 citations 编号")
    notes: list[str] = Field(description="需要注意的情况")
    asks: list[str] = Field(description="还缺少的信息（一句话提问）")
    citations: list[CitationOut] = Field(description="步骤引用的知识库条目（与回答的 citations 格式相同）")


class QuestionLinkIn(BaseModel):
    """Staff: the snippet that should answer a worker's question."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=MAX_QUESTION_CHARS, description="职工的原问题（会去除个人信息）")
    snippet_id: str = Field(min_length=1, max_length=80, description="应当回答它的知识条目编号")
    staff: str = Field(default="", max_length=MAX_NAME_CHARS, description="操作人（记入审计记录）")


class QuestionDeclineIn(BaseModel):
    """Staff: a worker's question the assistant should decline."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=MAX_QUESTION_CHARS)
    staff: str = Field(default="", max_length=MAX_NAME_CHARS)


# -- the caseworker console -------------------------------------------------------------------------------

# Notes as a caseworker types them or a call system sends a transcript (bot.answering.suggest).
MAX_NOTES_CHARS = 20_000


class NotesIn(BaseModel):
    """The caseworker's notes of a call (typed as the worker talks, or a pasted transcript)."""

    model_config = ConfigDict(extra="forbid")

    notes: str = Field(
        min_length=1, max_length=MAX_NOTES_CHARS, description=f"通话笔记，1–{MAX_NOTES_CHARS} 字"
    )


class FactRowOut(BaseModel):
    field: str
    label: str = Field(description="事实名称，如“月工资”")
    value: str = Field(description="读出的值，如“5000元”")
    said: str = Field(description="职工的原话")


class ConsoleIssueOut(IssueOut):
    spoken: str = Field(description="该问题的口播版（≤150字）")
    missing: list[str] = Field(description="算出金额或天数还缺的事实（要问职工的话）")
    has_section: bool = Field(description="sections 里是否有该问题单独的一节（kind=issue，title=label）")


class PrefilledCalculatorOut(BaseModel):
    name: str = Field(description="计算器名称，重算：POST /api/calculate/{name}")
    title: str
    inputs: dict[str, Any] = Field(description="从笔记事实预填的输入项（可修改后重算）")
    result: CalculationOut


class AnalysedOut(BaseModel):
    chars: int = Field(description="实际分析的字数")
    total_chars: int = Field(description="笔记总字数")
    truncated: bool = Field(description="笔记超过单次分析上限时为 true：只分析了最后一部分")
    notice: str = Field(description="给坐席的说明（未截断时为空）")


class TicketDraftOut(BaseModel):
    category: TicketCategory = Field(description="按问题建议的诉求类别（可修改）")
    categories: list[str] = Field(description="全部五类诉求类别")
    summary: str = Field(description="工单描述草稿：问题、事实、引用的规定")
    topics: list[str]


class SuggestOut(BaseModel):
    """What the console shows for the notes: the case, the answer per issue, calculators, a ticket draft."""

    status: Status
    case: CaseOut | None
    facts: list[FactRowOut]
    issues: list[ConsoleIssueOut]
    missing: list[str] = Field(description="还需要问职工的事实")
    sections: list[SectionOut]
    citations: list[CitationOut]
    answer: str
    spoken: str = Field(description="整条回答的口播版")
    calculators: list[PrefilledCalculatorOut]
    ticket: TicketDraftOut
    analysed: AnalysedOut


class CallTicketIn(BaseModel):
    """Turn the call into a ticket: the category (editable), the summary, the caller's phone."""

    model_config = ConfigDict(extra="forbid")

    notes: str = Field(min_length=1, max_length=MAX_NOTES_CHARS)
    category: TicketCategory | None = Field(default=None, description="不填则按问题自动选择")
    phone: str = Field(min_length=3, max_length=40, description="来电号码（只在工单页完整显示）")
    name: str = Field(default="", max_length=MAX_NAME_CHARS)
    summary: str | None = Field(default=None, max_length=MAX_TEXT_CHARS, description="不填则按笔记生成")
    topics: list[str] | None = Field(default=None, max_length=20, description="问题主题键；不填则按笔记分析")


class CallResolvedIn(BaseModel):
    """Mark the call resolved on the line, with its issues."""

    model_config = ConfigDict(extra="forbid")

    notes: str = Field(min_length=1, max_length=MAX_NOTES_CHARS)
    topics: list[str] | None = Field(default=None, max_length=20, description="问题主题键；不填则按笔记分析")


class CallOut(BaseModel):
    ok: bool = True
    call_id: int
    outcome: Literal["resolved", "ticket"]
    topics: list[str]
    ticket: str | None = None
    ticket_url: str | None = None
    phone: str | None = Field(default=None, description="已打码的来电号码")
    ticket_version: str | None = Field(
        default=None, description="工单的 updated_at，修改工单时作为 version 传回"
    )
    message: str


class TicketEditIn(BaseModel):
    """A ticket edit that names the version it started from (optimistic concurrency)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal[TICKET_STATUSES] | None = None  # type: ignore[valid-type]
    staff_note: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    version: str = Field(
        min_length=1, max_length=40, description="打开工单时的 updated_at；已被他人修改时返回 409"
    )
