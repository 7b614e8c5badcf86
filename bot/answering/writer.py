"""Optional language model (any OpenAI-compatible endpoint) that phrases an answer from cited passages only."""

from __future__ import annotations

import logging

import httpx

from bot.answering.answer import MARKER, Answer, Line, Part, Section, SectionKind, markers

logger = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "你是 12351 职工服务热线的 AI 助手。只能依据用户消息中编号的资料回答，不得使用资料以外的知识，"
    "不得编造数字、条款或机构。用简体中文写 1–3 句直接回答，每句末尾用 [编号] 标注所依据的资料。"
    "资料不足以回答时，只回答：资料不足。"
)


class AnswerWriter:
    """Asks the model to phrase the answer; returns None (use the extractive answer) on any failure."""

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 10.0, client=None):
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout = timeout
        self.client = client or httpx.Client(timeout=timeout)

    def write(self, question: str, answer: Answer) -> Section | None:
        """The model's direct answer as a section (only valid [n] markers kept); None to fall back."""
        sources = "\n\n".join(
            f"[{c.n}] {c.title}（{c.source}，{c.region}）\n{c.text}" for c in answer.citations
        )
        payload = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                # A follow-up ("那试用期呢？") only makes sense with the earlier question it was resolved with.
                {"role": "user", "content": f"资料：\n{sources}\n\n问题：{question}"},
            ],
        }
        try:
            response = self.client.post(self.url, json=payload, headers=self.headers, timeout=self.timeout)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            logger.warning("language model failed, using the extractive answer: %s", exc)
            return None
        checked = self.check(content, answer)
        return None if checked is None else direct_section(checked)

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self.client.close()

    @staticmethod
    def check(content: object, answer: Answer) -> str | None:
        """Drop [n] markers that match no citation; reject an answer left without any valid marker."""
        if not isinstance(content, str) or not content.strip():
            return None
        valid = {c.n for c in answer.citations}
        cleaned = MARKER.sub(lambda m: m.group(0) if int(m.group(1)) in valid else "", content).strip()
        if not markers(cleaned) & valid:
            logger.warning("language model answer has no valid citation marker; using the extractive answer")
            return None
        return cleaned


def direct_section(text: str) -> Section:
    """The model's checked text as the answer's direct section: a line per paragraph, each [n] marker
    attached to the text before it. (This reads the model's output, never an answer this program rendered.)"""
    lines = []
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        parts, position = [], 0
        for match in MARKER.finditer(paragraph):
            parts.append(Part(paragraph[position : match.start()], int(match.group(1)), quote=False))
            position = match.end()
        if position < len(paragraph):
            parts.append(Part(paragraph[position:]))
        lines.append(Line(tuple(parts)))
    return Section(SectionKind.DIRECT, tuple(lines))
