"""Request and response models of the HTTP API (pydantic at the edge), split by direction."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.vocab import (
    MAX_HISTORY_TURNS,
    MAX_NAME_CHARS,
    MAX_QUESTION_CHARS,
    MAX_SESSION_ID_CHARS,
    MAX_TEXT_CHARS,
    MAX_TURN_CHARS,
    SESSION_ID_PATTERN,
    TICKET_CATEGORIES,
    Region,
    Status,
)

# Literal (not an enum) keeps the OpenAPI schema a plain list of strings; the values come from vocab.
TicketCategory = Literal[TICKET_CATEGORIES]  # type: ignore[valid-type]


class Turn(BaseModel):
    """One earlier message of the conversation."""

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


class CitationOut(BaseModel):
    """A numbered source behind an answer."""

    n: int
    id: str
    title: str
    source: str
    region: str
    effective: str
    text: str
    url: str


class PartOut(BaseModel):
    """A piece of a line: its text, then (when `cite` is set) the citation marker [cite]."""

    text: str
    cite: int | None = None


class LineOut(BaseModel):
    """One line of a section, with the citation numbers it uses."""

    parts: list[PartOut]
    citations: list[int]


class SectionOut(BaseModel):
    """One block of the answer: notice, direct (the answer), basis (法律依据), steps, help."""

    kind: Literal["notice", "direct", "basis", "steps", "help"]
    title: str = Field(description="小标题，如“法律依据”；没有则为空")
    lines: list[LineOut]


class AnswerOut(BaseModel):
    """The answer, its status and every source its [n] markers refer to."""

    status: Status
    answer: str = Field(description="整条回答的纯文本（由 sections 渲染）")
    sections: list[SectionOut] = Field(description="结构化的回答：按顺序的各个部分")
    confidence: float
    citations: list[CitationOut]
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
