"""The assistant: resolves follow-ups, retrieves, composes a cited answer, optionally lets a model phrase it."""

from __future__ import annotations

import logging

from bot.answering.answer import Answer
from bot.answering.compose import compose_answer, decline
from bot.answering.followup import HISTORY_TURNS, resolve_query, with_previous_question
from bot.answering.scope import is_greeting, is_injection, missing_terms
from bot.index.index import Index
from bot.index.search import Retrieval, Retriever, check_query
from bot.vocab import Status

logger = logging.getLogger(__name__)


class Assistant:
    """Answers a worker's question from the index; collaborators come in through the constructor."""

    def __init__(
        self,
        retriever: Retriever,
        refusal_threshold: float,
        off_domain_threshold: float | None = None,
        writer=None,
        k: int = 5,
        hedge_threshold: float | None = None,
    ):
        self.retriever = retriever
        self.refusal_threshold = refusal_threshold
        self.off_domain_threshold = off_domain_threshold
        self.writer = writer  # optional language-model writer (bot.answering.writer.AnswerWriter)
        self.k = k
        self.hedge_threshold = hedge_threshold
        self._coverage: tuple[Index, frozenset[str]] | None = None  # (index, its missing topic terms)

    def retrieve(
        self, question: str, history: list[dict] | None = None, region: str | None = None
    ) -> Retrieval:
        """Ranked hits for the question, read together with the history when it is a follow-up."""
        query = resolve_query(question, history[-HISTORY_TURNS:] if history else None)
        return self.retriever.search(query, k=self.k, region=region)

    def missing_terms(self, index: Index) -> frozenset[str]:
        """Topic terms no snippet is about (title and sample questions); recomputed when the index is swapped."""
        if self._coverage is None or self._coverage[0] is not index:
            text = "\n".join("\n".join([chunk.title, *chunk.questions]) for chunk in index.chunks)
            self._coverage = (index, missing_terms(text))
        return self._coverage[1]

    def answer(self, question: str, history: list[dict] | None = None, region: str | None = None) -> Answer:
        """A cited answer, an out-of-scope refusal, or a no-match hand-off."""
        question = check_query(question, self.retriever.max_chars)
        if is_injection(question) or is_greeting(question):
            return decline(question)
        retrieval = self.retrieve(question, history, region)
        answer = compose_answer(
            question,
            retrieval,
            retrieval.index,
            self.refusal_threshold,
            self.off_domain_threshold,
            hedge_threshold=self.hedge_threshold,
            missing=self.missing_terms(retrieval.index),
        )
        if answer.status == Status.ANSWERED and self.writer is not None:
            direct = self.writer.write(with_previous_question(question, history), answer)
            if direct is not None:
                answer = answer.with_sections((direct, *answer.sections[1:]))
        return answer
