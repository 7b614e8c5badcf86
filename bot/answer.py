"""Extractive answers: pick the sentences that answer the question, cite every one, or decline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.index import Index, Sentence
from bot.lexical import expand_query, tokenize
from bot.retrieve import Hit, Retrieval
from bot.scope import gap_terms_in, is_greeting, is_in_domain, is_injection, is_off_topic

ANSWERED = "answered"
OUT_OF_SCOPE = "out_of_scope"
NO_MATCH = "no_match"

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

# How close (in cosine) a further hit must be to the best one to be quoted beside it.
SECONDARY_MARGIN = 0.03
MAX_SENTENCES = 3
# List items quoted under a lead-in sentence.
LIST_ITEMS = 2
ITEM_RUNNER_UP = 0.75
MAX_STEPS = 4
MARKER = re.compile(r"\[(\d+)\]")  # a citation marker [n] in answer text


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
    """What the assistant says, with the sources every [n] in `text` refers to."""

    status: str
    text: str
    citations: tuple[Citation, ...]
    confidence: float
    query: str = ""
    category: str = ""
    steps: tuple[str, ...] = ()


def decline(question: str) -> Answer:
    """The polite refusal for off-topic questions, chit-chat and prompt injection."""
    text = GREETING_TEXT if is_greeting(question) else OUT_OF_SCOPE_TEXT
    return Answer(status=OUT_OF_SCOPE, text=text, citations=(), confidence=0.0, query=question)


def classify(
    question: str,
    retrieval: Retrieval,
    threshold: float,
    off_domain_threshold: float | None = None,
    missing: frozenset[str] = frozenset(),
) -> str:
    """answered / out_of_scope / no_match, from the question and the retrieval confidence.

    A question with no labour or union words at all must clear the stricter `off_domain_threshold`: a chatty
    off-topic question often reaches a middling cosine with some snippet, while an in-domain question that
    scores that low is usually a gap in the knowledge base and goes to a person (no_match).
    """
    if is_injection(question) or is_greeting(question) or is_off_topic(question):
        return OUT_OF_SCOPE
    gaps = gap_terms_in(question, missing)
    best_text = retrieval.hits[0].chunk.text if retrieval.hits else ""
    if any(term not in best_text for term in gaps):
        return NO_MATCH  # asks about a topic no snippet covers, and the best passage does not mention it
    in_domain = is_in_domain(retrieval.query)
    needed = threshold if in_domain or off_domain_threshold is None else max(threshold, off_domain_threshold)
    if retrieval.hits and retrieval.top_dense >= needed:
        return ANSWERED
    return NO_MATCH if in_domain else OUT_OF_SCOPE


def compose_answer(
    question: str,
    retrieval: Retrieval,
    index: Index,
    threshold: float,
    off_domain_threshold: float | None = None,
    source_url: str = "/sources/{id}",
    hedge_threshold: float | None = None,
    missing: frozenset[str] = frozenset(),
) -> Answer:
    """Build the cited answer for `question` from ranked hits, or a refusal when they do not answer it.

    `missing` holds topic terms the knowledge base never treats (see bot.scope.missing_terms).
    """
    status = classify(question, retrieval, threshold, off_domain_threshold, missing)
    if status == OUT_OF_SCOPE:
        return decline(question)
    if status == NO_MATCH:
        return Answer(NO_MATCH, NO_MATCH_TEXT, (), round(retrieval.top_dense, 4), retrieval.query)

    chosen = choose_hits(retrieval.hits)
    index = retrieval.index or index  # sentences must come from the index the hits came from
    query_tokens = set(tokenize(expand_query(retrieval.query)))
    citations: list[Citation] = []
    lines: list[str] = []
    mixed_regions = len({hit.chunk.region for hit in chosen}) > 1
    # Every chosen source is quoted once; the best one gets a second sentence while the total stays ≤ 3.
    first_take = max(1, min(2, MAX_SENTENCES - (len(chosen) - 1)))
    for hit in chosen:
        chunk = hit.chunk
        n = len(citations) + 1
        take = first_take if n == 1 else 1
        picked = best_sentences(index.sentences[index.position(chunk.id)], query_tokens, take)
        if not picked:
            continue
        label = f"【{chunk.region}】" if mixed_regions else ""
        lines.append(label + "".join(f"{s}[{n}]" for s in picked))
        citations.append(
            Citation(
                n=n,
                id=chunk.snippet_id,
                title=chunk.title,
                source=chunk.source,
                region=chunk.region,
                effective=chunk.effective,
                text=chunk.text,
                url=source_url.format(id=chunk.snippet_id),
            )
        )
    steps = next((hit.chunk.steps for hit in chosen if hit.chunk.steps), ())[:MAX_STEPS]
    if hedge_threshold is not None and chosen[0].dense < hedge_threshold:
        # Middling confidence: often the nearest rule rather than the rule asked about. Say so.
        lines.insert(0, HEDGE_LINE)
    text = render(lines, citations, steps)
    return Answer(
        status=ANSWERED,
        text=text,
        citations=tuple(citations),
        confidence=round(chosen[0].dense, 4),
        query=retrieval.query,
        category=chosen[0].chunk.category,
        steps=tuple(steps),
    )


def choose_hits(hits: tuple[Hit, ...]) -> list[Hit]:
    """The best hit, close runners-up, and the other region's rule on the same topic when there is one."""
    best = hits[0]
    chosen = [best]
    for hit in hits[1:3]:
        close = hit.dense >= best.dense - SECONDARY_MARGIN
        # Both rankings must agree that a runner-up belongs: near the top lexically as well.
        lexically_near = hit.lexical_rank is not None and hit.lexical_rank <= 3
        if close and lexically_near and hit.chunk.snippet_id != best.chunk.snippet_id:
            chosen.append(hit)
    # A national rule and a Guangdong/Jieyang rule on the same topic both apply: show both, labelled.
    topics = {(hit.chunk.topic, hit.chunk.region) for hit in chosen if hit.chunk.topic}
    for hit in hits[1:5]:
        if hit in chosen or not hit.chunk.topic:
            continue
        same_topic = {region for topic, region in topics if topic == hit.chunk.topic}
        if same_topic and hit.chunk.region not in same_topic:
            chosen.append(hit)
            break
    return chosen[:3]


def best_sentences(sentences: list[Sentence], query_tokens: set[str], count: int) -> list[str]:
    """The rule sentence (a body states its rule first) plus the units that share most with the question.

    A further sentence must share a word (bigram) with the query; a list item may match on single
    characters (怀孕 ~ 孕期) since its lead-in already matched. Items are quoted after their lead-in; a
    list lead-in with no matching item is quoted with its first items.
    """
    if count <= 0 or not sentences:
        return []

    def score(pos: int) -> float:
        unit = sentences[pos]
        shared = unit.tokens & query_tokens
        lead = sentences[unit.lead].tokens if unit.lead is not None else frozenset()
        # Bigrams carry meaning in Chinese; single characters mostly do not. Words an item shares with its
        # lead-in tell less about which item fits, so they count half.
        weight = sum((2.0 if len(t) > 1 else 0.5) * (0.5 if t in lead else 1.0) for t in shared)
        if unit.lead is None and not any(len(t) > 1 for t in shared):
            return 0.0
        return weight / (len(unit.tokens) ** 0.5 or 1.0)

    picked = {0}
    items_of_first = [pos for pos, u in enumerate(sentences) if u.lead == 0]
    if items_of_first:
        matching = sorted((p for p in items_of_first if score(p) > 0), key=lambda p: -score(p))
        # A second item only when it matches nearly as well as the best one.
        matching = [p for p in matching if score(p) >= ITEM_RUNNER_UP * score(matching[0])]
        picked.update(matching[:LIST_ITEMS] or items_of_first[:LIST_ITEMS])
    others = [p for p in range(1, len(sentences)) if sentences[p].lead is None and score(p) > 0]
    for pos in sorted(others, key=lambda p: -score(p))[: count - 1]:
        picked.add(pos)
    quoted: list[str] = []
    for pos in sorted(picked):
        unit = sentences[pos]
        if unit.lead is not None and unit.lead in picked and quoted:
            quoted[-1] += unit.text  # an item follows its lead-in in one quoted sentence
        else:
            quoted.append(unit.text)
    return [q[:-1] + "。" if q.endswith(("；", ";")) else q for q in quoted]


def render(lines: list[str], citations: list[Citation], steps: tuple[str, ...] | list[str]) -> str:
    """Lay out the answer: direct answer, 法律依据, next steps, and the standing help line."""
    return "\n".join(lines) + "\n\n" + render_tail(citations, steps)


def render_tail(citations, steps) -> str:
    """Everything after the direct answer: 法律依据 per citation, next steps, the help line."""
    parts = ["法律依据：\n" + "\n".join(f"[{c.n}] {c.source}（{c.region}）" for c in citations)]
    if steps:
        parts.append(
            "下一步可以这样做：\n" + "\n".join(f"{i}. {step}" for i, step in enumerate(steps, start=1))
        )
    parts.append(HELP_LINE)
    return "\n\n".join(parts)


def markers(text: str) -> set[int]:
    """Every [n] marker number used in a text."""
    return {int(m) for m in MARKER.findall(text)}
