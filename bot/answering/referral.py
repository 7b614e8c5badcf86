"""Legal questions outside labour law: a nearest-neighbour check over the embeddings, and the referral.

The labelled examples are the knowledge base itself (every passage and sample question is a labour or union
question) against `data/non_labour_legal.txt` (leases, consumer disputes, traffic accidents off duty, family,
inheritance, debts, crimes, lookups of a person) and the questions staff marked "should be declined" on the
dashboard (read from the records store while serving, see `DeclinedSource`). A question is referred to 12348
when it is clearly nearer the second set than the first: `margin` was chosen on the dev split of
tests/eval/cases.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.errors import BotError
from bot.index.embedders import Embedder, query_vectors
from bot.text.dialect import canonicalise
from bot.text.normalise import normalise_text

logger = logging.getLogger(__name__)

EXAMPLES_FILE = Path(__file__).parent / "data" / "non_labour_legal.txt"

REFERRAL_TEXT = (
    "这个问题不属于劳动和工会方面的法律问题，我无法给出可靠的解答。"
    "建议拨打 12348 公共法律服务热线（司法行政部门开设），可以咨询法律问题、了解法律援助和人民调解；"
    "也可以到当地公共法律服务中心咨询。如果您在工作中也遇到了问题，欢迎单独告诉我。"
)
PRIVACY_TEXT = (
    "抱歉，我不能帮助查找他人的住址、电话、身份证号等个人信息。"
    "如果是欠薪、工伤等劳动纠纷需要找到用人单位，可以向当地人社部门劳动保障监察机构投诉，"
    "或拨打 12351 职工服务热线，由工会工作人员协助。"
)
# Asking for someone's personal details: an identifying item and a request to find or give it.
_PERSON_LOOKUP = re.compile(
    r"(查|找|告诉我|给我|发我).{0,12}(住址|家住|住在哪|住哪|地址|手机号|电话号码|电话|身份证号|联系方式)"
    r"|(住址|家住|住在哪|住哪|手机号|电话号码|身份证号|联系方式).{0,6}(是多少|在哪|发我|给我|告诉我)"
)
# Offices and employers are not persons: their phone or address is what a worker needs.
_OFFICE = re.compile(
    r"(公司|单位|工厂|厂里|用人单位|劳动监察|监察大队|人社|仲裁委|法院|工会|热线|12351|12333|12348)"
)


# How often a serving process asks the store whether staff declined a question elsewhere (another replica or
# worker process sharing the database): one small query, so a mark reaches every process within seconds. A
# mark saved in this process is read at once (`ReferralCheck.refresh`).
RECHECK_SECONDS = 2.0


class DeclinedSource(Protocol):
    """Where the questions staff marked "should be declined" are kept (bot.records.teaching.TeachingLog)."""

    def declined_revision(self) -> object:
        """Changes whenever a question is marked; cheap to ask."""

    def declined_questions(self) -> list[str]:
        """The marked questions (PII-redacted), oldest first, without repeats."""


def _examples() -> list[str]:
    lines = EXAMPLES_FILE.read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def asks_for_personal_details(text: str) -> bool:
    """True when the worker asks to find another person's address, phone or id number."""
    normalised = normalise_text(text)
    match = _PERSON_LOOKUP.search(normalised)
    # "劳动监察的电话是多少" asks for an office, not a person.
    return bool(match) and not _OFFICE.search(normalised)


class ReferralCheck:
    """Is a question a legal question outside labour law? Compares the question's nearest labour example
    (the top dense cosine over the index) with its nearest non-labour example."""

    def __init__(
        self,
        embedder: Embedder,
        margin: float = 0.0,
        examples: list[str] | None = None,
        declined: DeclinedSource | None = None,
        recheck_seconds: float = RECHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.embedder = embedder
        self.margin = margin
        self._examples = examples
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()
        self.declined = declined
        self.recheck_seconds = recheck_seconds
        self._clock = clock
        self._next_check = 0.0  # when to ask the store again (0: at the next question)
        self._revision: object = None
        self._declined_vectors: dict[str, np.ndarray] = {}  # question -> vector, embedded once each
        self._learned = np.zeros((0, 0), dtype=np.float32)
        self._learned_lock = threading.Lock()

    def vectors(self) -> np.ndarray:
        """The non-labour examples' vectors, embedded once on first use."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    texts = self._examples if self._examples is not None else _examples()
                    self._vectors = self.embedder.embed([normalise_text(t) for t in texts])
        return self._vectors

    def learned_vectors(self) -> np.ndarray:
        """The vectors of the questions staff marked "should be declined"; the store is asked again after
        `recheck_seconds` (at once after `refresh`), and only questions not seen before are embedded."""
        if self.declined is not None and self._clock() >= self._next_check:
            with self._learned_lock:
                if self._clock() >= self._next_check:
                    self._read_declined()
        return self._learned

    def refresh(self) -> None:
        """A question was just marked in this process: read the marks at the next question."""
        self._next_check = 0.0

    def _read_declined(self) -> None:
        self._next_check = self._clock() + self.recheck_seconds
        try:
            revision = self.declined.declined_revision()
            if revision == self._revision:
                return
            questions = self.declined.declined_questions()
        except BotError as exc:  # the store is down: keep the examples already read, try again later
            logger.warning("could not read the declined questions: %s", exc.message)
            return
        new = [q for q in questions if q not in self._declined_vectors]
        if new:
            vectors = query_vectors(self.embedder, [normalise_text(canonicalise(q)) for q in new])
            self._declined_vectors.update(zip(new, np.asarray(vectors, dtype=np.float32), strict=True))
        rows = [self._declined_vectors[q] for q in questions]
        self._learned = np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        self._revision = revision
        logger.info("scope check: %d questions staff marked as declined (%d new)", len(rows), len(new))

    def outside_labour_law(self, query_vector: np.ndarray, top_labour: float) -> bool:
        """True when the nearest non-labour example (a staff-declined question included) is clearly closer
        than the nearest labour one."""
        nearest = max(
            (
                float(np.max(vectors @ query_vector))
                for vectors in (self.vectors(), self.learned_vectors())
                if len(vectors)
            ),
            default=0.0,
        )
        return nearest - top_labour > self.margin
