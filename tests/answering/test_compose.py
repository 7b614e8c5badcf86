"""compose.classify on uncovered topic terms: a passage must be about the term, not merely list it."""

from __future__ import annotations

import pytest

from bot.answering.compose import classify
from bot.index.search import Hit, Retrieval
from bot.knowledge.snippet import Chunk
from bot.vocab import Status

WITHHOLDING = "用人单位可以从劳动者工资中代扣的款项是：代扣代缴的个人所得税；应由劳动者个人缴纳的社会保险费和住房公积金。"


def retrieval(
    question: str, text: str, dense: float, dense_rank: int | None, lexical_rank: int = 1
) -> Retrieval:
    chunk = Chunk(
        id="wage-withholding",
        snippet_id="wage-withholding",
        title="单位可以从工资里代扣的款项",
        text=text,
        category="工资",
        region="全国",
        source="《工资支付暂行规定》第十五条",
        effective="1995-01-01",
    )
    hit = Hit(chunk=chunk, score=5.0, dense=dense, dense_rank=dense_rank, lexical_rank=lexical_rank)
    return Retrieval(query=question, hits=(hit,), top_dense=max(dense, 0.5))


@pytest.mark.parametrize(
    ("dense_rank", "expected"),
    [
        (None, Status.NO_MATCH),  # found only lexically, on the word itself
        (17, Status.NO_MATCH),  # meaning puts it far down
        (4, Status.NO_MATCH),
        (3, Status.ANSWERED),  # both rankings agree the passage is close
        (1, Status.ANSWERED),
    ],
)
def test_a_passage_listing_an_uncovered_term_answers_only_when_meaning_agrees(dense_rank, expected):
    question = "住房公积金怎么提取"
    status = classify(
        question, retrieval(question, WITHHOLDING, 0.6, dense_rank), 0.4, 0.4, missing=frozenset({"公积金"})
    )
    assert status == expected


def test_an_uncovered_term_the_best_passage_never_mentions_goes_to_a_person():
    question = "住房公积金怎么提取"
    found = retrieval(question, "用人单位应当按月足额支付劳动者工资。", 0.9, 1)
    assert classify(question, found, 0.4, 0.4, missing=frozenset({"公积金"})) == Status.NO_MATCH
    # The same retrieval answers once a snippet is about the term (it is no longer missing).
    assert classify(question, found, 0.4, 0.4, missing=frozenset()) == Status.ANSWERED
