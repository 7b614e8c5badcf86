"""Extractive answers: pick the sentences that answer the question, cite every one, or decline."""

from __future__ import annotations

from bot.answering.answer import (
    BASIS_TITLE,
    GREETING_TEXT,
    HEDGE_LINE,
    HELP_LINE,
    NO_MATCH_TEXT,
    OUT_OF_SCOPE_TEXT,
    STEPS_TITLE,
    Answer,
    Citation,
    Line,
    Part,
    Section,
    SectionKind,
    notice,
)
from bot.answering.scope import gap_terms_in, is_greeting, is_in_domain, is_injection, is_off_topic
from bot.index.index import Index
from bot.index.search import Hit, Retrieval
from bot.text.sentences import Sentence
from bot.text.tokens import expand_query, tokenize
from bot.vocab import Status

# How close (in cosine) a further hit must be to the best one to be quoted beside it.
SECONDARY_MARGIN = 0.03
MAX_SENTENCES = 3
# List items quoted under a lead-in sentence.
LIST_ITEMS = 2
ITEM_RUNNER_UP = 0.75
MAX_STEPS = 4
# A passage both rankings put this near the top is "agreed on" (runners-up, answers on uncovered terms).
AGREEING_RANK = 3


def decline(question: str) -> Answer:
    """The polite refusal for off-topic questions, chit-chat and prompt injection."""
    text = GREETING_TEXT if is_greeting(question) else OUT_OF_SCOPE_TEXT
    return notice(Status.OUT_OF_SCOPE, text, query=question)


def classify(
    question: str,
    retrieval: Retrieval,
    threshold: float,
    off_domain_threshold: float | None = None,
    missing: frozenset[str] = frozenset(),
) -> Status:
    """answered / out_of_scope / no_match, from the question and the retrieval confidence.

    A question with no labour or union words at all must clear the stricter `off_domain_threshold`: a chatty
    off-topic question often reaches a middling cosine with some snippet, while an in-domain question that
    scores that low is usually a gap in the knowledge base and goes to a person (no_match).
    """
    if is_injection(question) or is_greeting(question) or is_off_topic(question):
        return Status.OUT_OF_SCOPE
    gaps = gap_terms_in(question, missing)
    if gaps and not _speaks_to(retrieval.hits[0] if retrieval.hits else None, gaps):
        return Status.NO_MATCH  # asks about a topic no snippet covers, and no passage is about it
    in_domain = is_in_domain(retrieval.query)
    needed = threshold if in_domain or off_domain_threshold is None else max(threshold, off_domain_threshold)
    if retrieval.hits and retrieval.top_dense >= needed:
        return Status.ANSWERED
    return Status.NO_MATCH if in_domain else Status.OUT_OF_SCOPE


def _speaks_to(best: Hit | None, gaps: list[str]) -> bool:
    """Whether the best passage can answer a question on uncovered topic terms.

    It must mention every term, and the meaning (dense) ranking must agree it is among the closest
    passages: a term merely listed in a rule about something else ("住房公积金" among the lawful wage
    deductions) ranks a passage first lexically, not by meaning, and that passage does not answer
    "住房公积金怎么提取".
    """
    if best is None or any(term not in best.chunk.text for term in gaps):
        return False
    return best.dense_rank is not None and best.dense_rank <= AGREEING_RANK


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
    if status == Status.OUT_OF_SCOPE:
        return decline(question)
    if status == Status.NO_MATCH:
        return notice(Status.NO_MATCH, NO_MATCH_TEXT, round(retrieval.top_dense, 4), retrieval.query)

    chosen = choose_hits(retrieval.hits)
    index = retrieval.index or index  # sentences must come from the index the hits came from
    query_tokens = set(tokenize(expand_query(retrieval.query)))
    citations: list[Citation] = []
    lines: list[Line] = []
    mixed_regions = len({hit.chunk.region for hit in chosen}) > 1
    # Every chosen source is quoted once; the best one gets a second sentence while the total stays ≤ 3.
    first_take = max(1, min(2, MAX_SENTENCES - (len(chosen) - 1)))
    for hit in chosen:
        chunk = hit.chunk
        n = len(citations) + 1
        take = first_take if n == 1 else 1
        picked = best_sentences(index.chunk_sentences(chunk), query_tokens, take)
        if not picked:
            continue
        label = (Part(f"【{chunk.region}】"),) if mixed_regions else ()
        lines.append(Line(label + tuple(Part(s, n) for s in picked)))
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
        lines.insert(0, Line.plain(HEDGE_LINE))
    sections = (Section(SectionKind.DIRECT, tuple(lines)), *supporting_sections(citations, steps))
    return Answer(
        status=Status.ANSWERED,
        sections=sections,
        citations=tuple(citations),
        confidence=round(chosen[0].dense, 4),
        query=retrieval.query,
        category=chosen[0].chunk.category,
        steps=tuple(steps),
    )


def supporting_sections(citations, steps) -> tuple[Section, ...]:
    """Everything after the direct answer: 法律依据 per citation, next steps, the help line."""
    basis = tuple(Line((Part("", c.n), Part(f" {c.source}（{c.region}）"))) for c in citations)
    sections = [Section(SectionKind.BASIS, basis, BASIS_TITLE)]
    if steps:
        sections.append(Section(SectionKind.STEPS, tuple(Line.plain(step) for step in steps), STEPS_TITLE))
    sections.append(Section(SectionKind.HELP, (Line.plain(HELP_LINE),)))
    return tuple(sections)


def choose_hits(hits: tuple[Hit, ...]) -> list[Hit]:
    """The best hit, close runners-up, and the other region's rule on the same topic when there is one."""
    best = hits[0]
    chosen = [best]
    for hit in hits[1:3]:
        close = hit.dense >= best.dense - SECONDARY_MARGIN
        # Both rankings must agree that a runner-up belongs: near the top lexically as well.
        lexically_near = hit.lexical_rank is not None and hit.lexical_rank <= AGREEING_RANK
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
