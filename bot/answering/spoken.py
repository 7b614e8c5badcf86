"""The answer as it is said on the phone: short, no [n] markers or links, numbers and dates as they are read.

Built from `Answer.sections` and `Answer.citations` (never by re-reading the rendered text): per issue its
rule (the cited snippet's title, written as a one-line summary), the figure computed from the worker's
facts and the question for a missing fact, each issue at most `MAX_ISSUE_CHARS`; then the next step last.

    speak(answer).text  # "年休假天数：满一年五天、满十年十天、满二十年十五天。……可拨打一二三五一职工服务热线。"
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from bot.answering.answer import HEDGE_LINE, Answer, Citation, Line, Section, SectionKind
from bot.answering.compose_case import COMPUTED_LEAD, METHOD_LEAD

# A caseworker reads one issue in about 30 seconds at this length; a TTS prompt stays short too.
MAX_ISSUE_CHARS = 150
HOTLINE_STEP = "如需帮助，可拨打12351职工服务热线。"
HEDGE_SPOKEN = "这是知识库里最接近的规定，可能不完全符合您的情况。"
UNCOVERED_SPOKEN = "知识库里暂时没有相关规定，需要转人工解答。"

# Numbers read digit by digit: emergency and service hotlines, and anything starting with 0 (area codes).
HOTLINES = frozenset({"110", "119", "120", "122", "12315", "12333", "12345", "12348", "12351"})
DIGITS = "零一二三四五六七八九"
# After these a number is a count or an amount (read as a cardinal); a long number without one is read
# digit by digit like a phone number.
UNITS = "元万千百天个年月日号时小分秒倍次周岁级人名条款项%％份"
# A lone 2 before a measure word is read 两 (两个月, 两倍), as people say it.
TWO_BEFORE = "个天年倍次周小份条项名位"

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Dates already in Chinese order keep their digits: every reader and TTS says "2026年7月1日" right.
_CHINESE_DATE = re.compile(r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月\d{1,2}日")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3})")
_MARKER = re.compile(r"\[\d+\]")
_URL = re.compile(r"(?:https?://|www\.)\S+|/sources/[\w.-]+")
# A parenthesised legal reference ("（法释〔2025〕12号第七条）") is for reading, not for saying.
_LEGAL_ASIDE = re.compile(r"[（(][^（）()]*(?:〔|第[^（）()]*条)[^（）()]*[）)]")
# A space next to a Chinese character is a typesetting habit ("拨打 12351 热线"), not a pause.
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) +| +(?=[\u3000-\u9fff\uff00-\uffef])")
_SYMBOLS = {"×": "乘", "÷": "除以", "≈": "约", "＋": "加", "－": "减", "~": "至", "～": "至", "—": "至"}
_SENTENCE_END = "。！？；"


@dataclass(frozen=True)
class SpokenPart:
    """What is said about one issue (or the one answer of a single-issue question)."""

    label: str
    text: str


@dataclass(frozen=True)
class Spoken:
    """The phone version of an answer: an opening, one part per issue, and the next step last."""

    opening: str
    parts: tuple[SpokenPart, ...]
    next_step: str

    @property
    def text(self) -> str:
        return "".join([self.opening, *(p.text for p in self.parts), self.next_step])

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "parts": [{"label": p.label, "text": p.text} for p in self.parts],
            "next_step": self.next_step,
        }


# -- numbers and symbols --------------------------------------------------------------------------------


def _digit_by_digit(number: str) -> str:
    return "".join(DIGITS[int(d)] if d.isdigit() else "点" for d in number)


def _cardinal(number: str) -> str:
    """17500 -> 一万七千五百, 3.5 -> 三点五, 2000 -> 两千."""
    words = cn2an.an2cn(number, "low")
    if words.startswith("二") and len(words) > 1 and words[1] in "千万亿":
        words = "两" + words[1:]
    return words


def _say_number(match: re.Match) -> str:
    number = match.group()
    after = match.string[match.end() : match.end() + 1]
    before = match.string[max(0, match.start() - 1) : match.start()]
    if number in HOTLINES or (number.startswith("0") and "." not in number and len(number) > 1):
        return _digit_by_digit(number)
    if len(number) >= 5 and "." not in number and not (after and after in UNITS) and before not in "第约共":
        return _digit_by_digit(number)  # a phone or case number
    if number == "2" and after and after in TWO_BEFORE:
        return "两"
    return _cardinal(number)


def say_numbers(text: str) -> str:
    """Numbers, dates and symbols written the way they are said: 17500元 -> 一万七千五百元,
    2026-07-01 -> 2026年7月1日, 150% -> 百分之一百五十, 12351 -> 一二三五一."""
    text = _GROUPED.sub("", text)
    text = _ISO_DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", text)
    text = _PERCENT.sub(lambda m: "百分之" + _cardinal(m.group(1)), text)
    out, last = [], 0
    for date in _CHINESE_DATE.finditer(text):
        out.append(_NUMBER.sub(_say_number, text[last : date.start()]))
        out.append(date.group())
        last = date.end()
    out.append(_NUMBER.sub(_say_number, text[last:]))
    text = "".join(out)
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    return text


def clean(text: str) -> str:
    """No [n] markers, links or legal asides; numbers as said; one sentence end."""
    text = _URL.sub("", _MARKER.sub("", text))
    text = _LEGAL_ASIDE.sub("", text)
    text = say_numbers(" ".join(text.split()))
    return _end_sentence(_CJK_SPACE.sub("", text))


def _end_sentence(text: str) -> str:
    text = text.strip().rstrip("，、：:,")
    return text if not text or text[-1] in _SENTENCE_END else text + "。"


def _fit(pieces: list[str], limit: int = MAX_ISSUE_CHARS) -> str:
    """The pieces in order while they fit in `limit` characters; the first is cut at a comma if it must be."""
    out = ""
    for piece in pieces:
        if len(out) + len(piece) <= limit:
            out += piece
        elif not out:
            cut = piece[: limit - 1]
            comma = max(cut.rfind("，"), cut.rfind("；"))
            out = (cut[:comma] if comma > limit // 3 else cut) + "。"
    return out


# -- from sections ---------------------------------------------------------------------------------------


def _figure(text: str) -> str:
    """A computed line as said: "经济补偿＝3.5个月×5000元＝17500元" -> "经济补偿是17500元" (converted later).

    The working stays on screen; the phone gets the result. A line without a worked result is kept whole.
    """
    lead, _, formula = text.rpartition("：") if "＝" in text or "≈" in text else ("", "", text)
    if "＝" not in formula and "≈" not in formula:
        return text
    name = formula.split("＝", 1)[0]
    approx = "≈" in formula and formula.rfind("≈") > formula.rfind("＝")
    result = re.split(r"[＝≈]", formula)[-1]
    said = f"{name}{'约' if approx else '是'}{result}"
    if lead:
        said = f"{lead}{result}" if lead.endswith(name) else f"{lead}，{said}"
    return said


def _issue_pieces(lines: tuple[Line, ...], citations: dict[int, Citation]) -> list[str]:
    """The rule (its snippet's title), each computed figure, then one question for a missing fact."""
    rule, figures, ask = "", [], ""
    for line in lines:
        for part in line.parts:
            text = part.text.strip()
            if not text:
                continue
            if part.cite is not None and not rule and part.cite in citations and part.quote:
                rule = citations[part.cite].title
            elif not part.quote and text.startswith(METHOD_LEAD):
                continue  # only the method: the ask below says what is missing
            elif not part.quote:
                computed = text.startswith(COMPUTED_LEAD)
                said = _figure(text.removeprefix(COMPUTED_LEAD))
                figures.append(f"按您说的情况，{said}" if computed else said)
                if part.cite is not None and not rule and part.cite in citations:
                    rule = citations[part.cite].title
            elif part.cite is None and text.endswith("？") and not ask:
                ask = text
    return [clean(piece) for piece in (rule, *figures, ask) if piece]


def _next_step(answer: Answer) -> str:
    steps = next((s for s in answer.sections if s.kind is SectionKind.STEPS and s.lines), None)
    if steps is None:
        return clean(HOTLINE_STEP)
    first = "".join(p.text for p in steps.lines[0].parts)
    return _fit([clean("下一步，" + first)]) or clean(HOTLINE_STEP)


def _notice(section: Section) -> str:
    """A standalone message (refusal, no match, greeting) kept to its first and its last sentence."""
    text = clean("".join(p.text for line in section.lines for p in line.parts))
    sentences = [s for s in re.split(r"(?<=[。！？])", text) if s]
    if len(text) <= MAX_ISSUE_CHARS or len(sentences) < 2:
        return _fit([text])
    return _fit([sentences[0], sentences[-1]])


def speak(answer: Answer) -> Spoken:
    """The phone version of `answer`: per issue ≤ MAX_ISSUE_CHARS characters, the next step last."""
    citations = {c.n: c for c in answer.citations}
    notices = [s for s in answer.sections if s.kind is SectionKind.NOTICE]
    if notices and not any(s.kind in (SectionKind.DIRECT, SectionKind.ISSUE) for s in answer.sections):
        return Spoken("", tuple(SpokenPart("", _notice(s)) for s in notices), "")
    issues = [s for s in answer.sections if s.kind is SectionKind.ISSUE]
    direct = next((s for s in answer.sections if s.kind is SectionKind.DIRECT), None)
    opening = ""
    parts: list[SpokenPart] = []
    if issues:
        opening = clean(f"您的情况涉及{len(issues)}个问题")
        for number, section in enumerate(issues, start=1):
            label = section.title
            pieces = _issue_pieces(section.lines, citations) or [clean(UNCOVERED_SPOKEN)]
            head = "" if pieces[0].startswith(label) else f"{label}："
            if len(issues) > 1:
                head = f"第{say_numbers(str(number))}，{head}"
            parts.append(SpokenPart(label, _fit([head + pieces[0], *pieces[1:]])))
    elif direct is not None:
        lines = direct.lines
        if lines and lines[0] == Line.plain(HEDGE_LINE):
            opening, lines = HEDGE_SPOKEN, lines[1:]
        label = ((answer.case or {}).get("issues") or [{}])[0].get("label", "")
        parts.append(SpokenPart(label, _fit(_issue_pieces(lines, citations))))
    return Spoken(opening, tuple(p for p in parts if p.text), _next_step(answer))
