"""Two workers' figures told in one turn (bot.answering.persons) and a follow-up asking about the other one."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answering.case import read_story
from bot.answering.facts import extract_facts
from bot.answering.persons import asks_about_other, split_persons
from bot.answering.scope import is_in_domain

pytest_plugins = ["support.app_fixtures"]

BOTH = (
    "我跟我老婆都在普宁一间腐竹厂做工 厂里说年底关门了全部人都要走 我做了4年 工资4千5 她做了1年4个月 工资3千9"
)
DAY = dt.date(2026, 12, 2)


def test_each_workers_figures_are_read_apart_and_shared_clauses_stay_with_both() -> None:
    tellings = split_persons(BOTH)
    assert tellings is not None and len(tellings.own) == len(BOTH) == len(tellings.other)
    own, other = extract_facts(tellings.own, DAY), extract_facts(tellings.other, DAY)
    assert (own.tenure_months.value, own.monthly_wage.value) == (48, 4500)
    assert (other.tenure_months.value, other.monthly_wage.value) == (16, 3900)
    assert own.has("closed") and other.has("closed")  # 年底关门: told of both
    assert not own.conflicts


def test_one_worker_told_or_another_persons_words_are_not_split() -> None:
    assert split_persons("我老公做了3年 工资5000 厂里说要搬走") is None  # the husband is the worker
    assert split_persons("我做了3年 工资5000 他说要扣我300") is None  # the boss's words
    # the caller's father is the worker (我爸 leads no clause of the caller's own)
    assert split_persons("我爸在揭西一间五金厂做冲床八年了 今年十月合同到期 他每个月4k8") is None
    assert asks_about_other("那我老婆呢") and asks_about_other("她呢")
    assert not asks_about_other("那加班费呢")


def test_the_story_is_the_callers_until_a_turn_asks_about_the_other_worker() -> None:
    history = [{"role": "user", "content": BOTH}, {"role": "assistant", "content": "……"}]
    _, facts, _ = read_story("我能拿多少补偿", history, is_in_domain, DAY)
    assert (facts.tenure_months.value, facts.monthly_wage.value) == (48, 4500) and not facts.open_conflicts()
    history += [{"role": "user", "content": "我能拿多少补偿"}, {"role": "assistant", "content": "……"}]
    _, facts, _ = read_story("那我老婆呢", history, is_in_domain, DAY)
    assert (facts.tenure_months.value, facts.monthly_wage.value) == (16, 3900)


@pytest.mark.slow
def test_asking_about_the_other_worker_answers_their_figure(real_assistant, monkeypatch) -> None:
    history = [{"role": "user", "content": BOTH}, {"role": "assistant", "content": "……"}]
    history += [{"role": "user", "content": "我能拿多少补偿"}, {"role": "assistant", "content": "……"}]
    monkeypatch.setattr(real_assistant, "today", lambda: DAY)
    answer = real_assistant.answer("那我老婆呢", history)
    assert "1.5个月×3900元＝5850元" in answer.text
    assert "请问哪一个是准确的" not in real_assistant.answer(BOTH).text
