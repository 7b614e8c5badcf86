"""Answers for a story with several problems: a one-line overview, then one section per issue (its rule,
the computed figure or what is missing), uncovered topics named with a hand-off, then 法律依据 and help."""

from __future__ import annotations

import datetime as dt

from bot.answering.answer import Answer, Citation, Line, Part, Section, SectionKind
from bot.answering.calculators import Calculation, LocalFigure
from bot.answering.case import Case
from bot.answering.compose import MAX_STEPS, best_sentences, supporting_sections
from bot.answering.entitlements import calculations_for
from bot.answering.referral import REFERRAL_TOPIC
from bot.index.index import Index
from bot.knowledge.snippet import Chunk
from bot.text.tokens import expand_query, tokenize
from bot.vocab import Status

SOURCE_URL = "/sources/{id}"
# How a calculation line opens: with the figure from the worker's facts, or only the method (a fact missing).
COMPUTED_LEAD = "按您说的情况计算："
METHOD_LEAD = "计算方法："
# A matter outside labour law told beside the labour problem (the referral issue): named in the worker's words,
# then the 12348 snippet's rule sentence and the one nearest these words (the sentence giving the number).
OTHER_MATTER_LINE = "您提到的“{clause}”不属于劳动和工会方面的问题。"
OTHER_MATTER_CHARS = 30  # longer clauses are cut (…): the line names the matter, it does not repeat the story
REFERRAL_WORDS = "劳动法以外的法律问题 拨打12348公共法律服务热线咨询"
UNCOVERED_LINE = (
    "关于{term}，知识库暂时没有相关规定，为避免误导，我不作猜测；"
    "可拨打 12351 职工服务热线，或点击“转人工”，由工会工作人员解答。"
)


class CitationBook:
    """Numbers the snippets an answer cites, each once, in first-use order."""

    def __init__(self, index: Index):
        self.index = index
        self.citations: list[Citation] = []
        self._numbers: dict[str, int] = {}

    def cites(self, snippet_id: str) -> bool:
        """True when the answer cites the snippet already."""
        return snippet_id in self._numbers

    def cite(self, chunk: Chunk) -> int:
        return self.cite_snippet(chunk.snippet_id, chunk) or 0

    def cite_snippet(self, snippet_id: str, chunk: Chunk | None = None) -> int | None:
        """The citation number of a snippet (None when the index does not have it)."""
        if snippet_id in self._numbers:
            return self._numbers[snippet_id]
        chunks = self.index.snippet_chunks(snippet_id)
        if not chunks:
            return None
        first = chunk or chunks[0]
        n = len(self.citations) + 1
        self._numbers[snippet_id] = n
        self.citations.append(
            Citation(
                n=n,
                id=snippet_id,
                title=first.title,
                source=first.source,
                region=first.region,
                effective=first.effective,
                text="\n".join(c.text for c in chunks),
                url=SOURCE_URL.format(id=snippet_id),
            )
        )
        return n


# How the second of N and 2N is introduced after the first (a dismissal may turn out lawful or not).
ALTERNATIVE_LEAD = {
    "severance": "如果单位能证明是依法解除，则支付经济补偿：",
    "illegal_termination": "如果属于违法解除，赔偿金按经济补偿的二倍（2N）计算：",
}


def rule_line(chunk: Chunk, book: CitationBook, index: Index, tokens: set[str], count: int = 1) -> Line:
    """The rule's sentence (and up to `count` - 1 more) nearest the worker's words (`tokens`), cited."""
    number = book.cite(chunk)
    return Line(tuple(Part(s, number) for s in best_sentences(index.chunk_sentences(chunk), tokens, count)))


# A calculator's input and the story's fact it comes from (for facts already asked about as contradictions).
INPUT_FACTS = {
    "years": "tenure_months",
    "years_worked": "tenure_months",
    "years_at_employer": "tenure_months",
    "total_years": "total_work_months",
    "monthly_wage": "monthly_wage",
    "grade": "injury_grade",
    "pregnancy_months": "pregnancy_month",
    "months_without_contract": "months_without_contract",
}


def calculation_lines(
    calculation: Calculation,
    book: CitationBook,
    alternative: bool = False,
    contradicted: frozenset[str] = frozenset(),
) -> list[Line]:
    """The figure with its formula (cited), or the formula and a one-line ask for the missing fact.

    `alternative` marks the other of N and 2N for the same dismissal: introduced as such, without repeating
    the caveat. No ask is repeated for a fact the worker gave two ways (`contradicted` fact fields): the
    answer's first lines already ask which is right."""
    steps = calculation.steps
    if alternative:
        # the other of N and 2N cites the rule of its own first (2N: 劳动合同法第八十七条), not the formula they share
        steps = sorted(steps, key=lambda s: book.cites(s.snippet_id))
    cite = next((n for s in steps if (n := book.cite_snippet(s.snippet_id)) is not None), None)
    has_figure = any(
        v is not None
        for v in (calculation.amount, calculation.days, calculation.deadline, calculation.headline)
    ) or (calculation.months is not None and not calculation.missing)
    asks = calculation.asks[:1]
    if calculation.missing and all(INPUT_FACTS.get(name) in contradicted for name in calculation.missing):
        asks = ()
    lines = []
    if alternative:
        lead = ALTERNATIVE_LEAD.get(calculation.name, "另外：")
        lines.append(Line((Part(f"{lead}{calculation.formula}", cite, quote=False),)))
    elif has_figure:
        # A figure computed from what the story gives (the probation pay floor without the contract's term):
        # shown, with the ask for what would complete the rest.
        lines.append(Line((Part(f"{COMPUTED_LEAD}{calculation.formula}", cite, quote=False),)))
        extra = asks if calculation.missing else calculation.notes[:1]
        lines.extend(Line.plain(line) for line in extra)
    else:
        lines.append(Line((Part(f"{METHOD_LEAD}{calculation.formula}", cite, quote=False),)))
        lines.extend(Line.plain(ask) for ask in asks)
    return lines


# Calculators whose figure changes with the region (Guangdong's 80 days of 产假, its injury lump sums).
REGIONAL_CALCULATORS = frozenset({"maternity_leave", "injury_disability", "heat_allowance"})


def assumed_region_lines(case: Case, calculations: list[Calculation]) -> list[Line]:
    """Says once that a regional figure follows the hotline's own region because the worker named none."""
    region = case.facts.region
    if not case.facts.region_assumed or not any(c.name in REGIONAL_CALCULATORS for c in calculations):
        return []
    place = "广东省揭阳市" if region.value == "揭阳市" else region.value
    return [Line.plain(f"您没有说明在哪里工作，下面按{place}的规定计算；在其他地方工作的，以当地规定为准。")]


def fact_problem_lines(case: Case) -> list[Line]:
    """Contradictory facts are asked about; absurd ones are named as not used."""
    lines = [Line.plain(c.question) for c in case.facts.open_conflicts()]
    lines += [
        Line.plain(f"您提到的“{r.span.text}”{r.reason}，没有据此计算。") for r in case.facts.rejected[:2]
    ]
    return lines


def compose_case_answer(
    case: Case,
    index: Index,
    query: str,
    confidence: float,
    figures: tuple[LocalFigure, ...] = (),
    today: dt.date | None = None,
) -> Answer:
    """One section per issue (at most four) after a one-line overview; uncovered topics named on their own."""
    book = CitationBook(index)
    labels = [i.label for i in case.issues] + list(case.uncovered)
    # Labels are joined with "；" when one holds a "、" of its own (停工、扣工资与调岗降薪), so the count reads true.
    joiner = "；" if any("、" in label for label in labels) else "、"
    overview = (
        f"您的情况涉及{len(labels)}个问题：{joiner.join(labels)}。下面逐一说明。"
        if len(labels) > 1
        else f"您的情况涉及的问题：{labels[0]}。"
    )
    sections = [Section(SectionKind.DIRECT, (Line.plain(overview), *fact_problem_lines(case)))]
    outcomes = []
    contradicted = frozenset(c.field for c in case.facts.open_conflicts())
    every_calculation = []
    shown: set[str] = set()
    for issue in case.issues:
        n = book.cite(issue.hit.chunk)
        # The sentences quoted are those nearest the clause that raised the issue and the whole story (a
        # follow-up's words alone would pick the list item of another situation).
        tokens = set(tokenize(expand_query(f"{issue.clause} {case.story or query}")))
        lines = []
        if issue.topic == REFERRAL_TOPIC:
            lines.append(Line.plain(OTHER_MATTER_LINE.format(clause=_cut(issue.clause, OTHER_MATTER_CHARS))))
            tokens = set(tokenize(expand_query(REFERRAL_WORDS)))
        count = 2 if issue.topic == REFERRAL_TOPIC else 1
        lines += [rule_line(hit.chunk, book, index, tokens, count) for hit in (issue.hit, *issue.more)]
        # a figure two issues share (服务期违约金 under 辞职 and the 2025 interpretation) is shown once
        calculations = [
            c for c in calculations_for(issue.topic, case.facts, figures, today) if c.formula not in shown
        ]
        shown.update(c.formula for c in calculations if not c.missing)
        every_calculation += calculations
        for position, calculation in enumerate(calculations):
            lines += calculation_lines(calculation, book, position > 0, contradicted)
        sections.append(Section(SectionKind.ISSUE, tuple(lines), issue.label))
        outcomes.append(issue_outcome(issue.topic, issue.label, calculations[0] if calculations else None, n))
    if assumed := assumed_region_lines(case, every_calculation):
        sections[0] = Section(SectionKind.DIRECT, (*sections[0].lines, *assumed))
    for term in case.uncovered:
        line = Line.plain(UNCOVERED_LINE.format(term=term))
        sections.append(Section(SectionKind.ISSUE, (line,), f"关于{term}"))
        outcomes.append(uncovered_outcome(term))
    steps = issue_steps(case.issues)
    sections.extend(supporting_sections(book.citations, steps))
    return Answer(
        status=Status.ANSWERED,
        sections=tuple(sections),
        citations=tuple(book.citations),
        confidence=confidence,
        query=query,
        category=case.issues[0].hit.chunk.category if case.issues else "",
        steps=tuple(steps),
        case=case_summary(case, outcomes),
    )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def issue_steps(issues, limit: int = MAX_STEPS) -> list[str]:
    """What to do next for the whole story: each issue's first step in turn (the rule quoted for it, else its
    second rule), then their further steps, without repeats, at most `limit`."""
    lists = []
    for issue in issues:
        own = [hit.chunk.steps for hit in (issue.hit, *issue.more) if hit.chunk.steps]
        if own:
            lists.append(list(own[0]))
    steps: list[str] = []
    for depth in range(max((len(x) for x in lists), default=0)):
        for own in lists:
            if depth < len(own) and own[depth] not in steps and len(steps) < limit:
                steps.append(own[depth])
    return steps


def issue_outcome(topic: str, label: str, calculation: Calculation | None, n: int | None) -> dict:
    """How one issue was handled, for the `case` the API returns and the dashboard counts."""
    status = "answered"
    figure = None
    if calculation is not None:
        status = "needs_fact" if calculation.missing else "computed"
        figure = calculation.formula
    return {"topic": topic, "label": label, "status": status, "citations": [n] if n else [], "figure": figure}


def uncovered_outcome(term: str) -> dict:
    """A topic the knowledge base does not cover (公积金…), for the `case` and the dashboard's gap counts."""
    return {"topic": "", "label": term, "status": "not_covered", "citations": []}


def case_summary(case: Case, outcomes: list[dict]) -> dict:
    """The case as JSON: facts with values, issues with how each was handled."""
    facts = case.facts.as_dict()
    return {
        "facts": {k: v for k, v in facts.items() if v not in (None, [], ())},
        "issues": outcomes,
        "continued": case.continued,
    }
