"""The phone version of an answer: built from sections, short, no markers or links, numbers as said."""

from __future__ import annotations

import re

import pytest

from bot.answering.answer import (
    HEDGE_LINE,
    HELP_LINE,
    NO_MATCH_TEXT,
    OUT_OF_SCOPE_TEXT,
    Answer,
    Citation,
    Line,
    Part,
    Section,
    SectionKind,
    notice,
)
from bot.answering.compose_case import COMPUTED_LEAD, METHOD_LEAD
from bot.answering.spoken import MAX_ISSUE_CHARS, say_numbers, speak
from bot.vocab import Status


def citation(n: int, title: str) -> Citation:
    return Citation(
        n, f"s{n}", title, "《劳动合同法》第四十七条", "全国", "2008-01-01", "正文", f"/sources/s{n}"
    )


def section(kind: SectionKind, *lines: Line, title: str = "") -> Section:
    return Section(kind, tuple(lines), title)


HELP = section(SectionKind.HELP, Line.plain(HELP_LINE))


def three_issue_answer() -> Answer:
    """The shape compose_case_answer builds for a dismissal story with three problems."""
    long_rule = "用人单位自用工之日起满一年仍未与劳动者订立书面劳动合同的，视为已订立无固定期限劳动合同。" * 3
    return Answer(
        status=Status.ANSWERED,
        sections=(
            section(
                SectionKind.DIRECT, Line.plain("您的情况涉及3个问题：未签书面劳动合同、拖欠工资、违法辞退。")
            ),
            section(
                SectionKind.ISSUE,
                Line((Part(long_rule, 1),)),
                Line((Part(f"{COMPUTED_LEAD}二倍工资差额＝11个月×5000元＝55000元", 2, quote=False),)),
                Line.plain("单位能证明因不可抗力而未签合同的，不支付二倍工资（法释〔2025〕12号第七条）。"),
                title="未签书面劳动合同",
            ),
            section(SectionKind.ISSUE, Line((Part("工资应当按月支付。", 3),)), title="拖欠工资"),
            section(
                SectionKind.ISSUE,
                Line((Part("违法解除的，按经济补偿标准的二倍支付赔偿金。", 4),)),
                Line((Part(f"{COMPUTED_LEAD}赔偿金＝7个月×5000元＝35000元", 5, quote=False),)),
                Line(
                    (
                        Part(
                            "如果单位能证明是依法解除，则支付经济补偿：经济补偿＝3.5个月×5000元＝17500元",
                            5,
                            quote=False,
                        ),
                    )
                ),
                title="违法辞退",
            ),
            section(
                SectionKind.ISSUE, Line.plain("关于加班费，知识库暂时没有相关规定……"), title="关于加班费"
            ),
            section(SectionKind.BASIS, Line((Part("", 1), Part(" 《劳动合同法》第十四条（全国）")))),
            section(
                SectionKind.STEPS, Line.plain("收集工牌、考勤等证据，2026-07-01前申请仲裁"), title="下一步"
            ),
            HELP,
        ),
        citations=(
            citation(1, "满1年不签合同：视为已订无固定期限合同"),
            citation(2, "入职超过1个月不签合同，单位每月付2倍工资"),
            citation(3, "工资要按月足额发，不得无故拖欠"),
            citation(4, "违法辞退：可要求恢复工作或按2N赔偿"),
            citation(5, "经济补偿：每满1年付1个月工资"),
        ),
        confidence=0.8,
    )


def test_one_part_per_issue_each_short_with_the_figure_said_and_the_next_step_last():
    spoken = speak(three_issue_answer())
    assert spoken.opening == "您的情况涉及四个问题。"
    assert [p.label for p in spoken.parts] == ["未签书面劳动合同", "拖欠工资", "违法辞退", "关于加班费"]
    assert all(0 < len(p.text) <= MAX_ISSUE_CHARS for p in spoken.parts)
    first, _, dismissal, uncovered = (p.text for p in spoken.parts)
    # The rule is the cited snippet's one-line title, not the long quoted article.
    assert first.startswith("第一，未签书面劳动合同：满一年不签合同")
    assert "二倍工资差额是五万五千元" in first and "×" not in first and "＝" not in first
    assert "法释" not in first  # legal asides are for reading, not for saying
    assert "赔偿金是三万五千元" in dismissal and "经济补偿一万七千五百元" in dismissal
    assert dismissal.startswith("第三，违法辞退：可要求恢复工作")  # the label is not said twice
    assert "转人工" in uncovered
    assert spoken.next_step == "下一步，收集工牌、考勤等证据，2026年7月1日前申请仲裁。"
    assert spoken.text.endswith(spoken.next_step)
    assert not re.search(r"\[\d+\]|https?://|/sources/|\d{3,}元", spoken.text)


def test_single_answer_says_the_rule_title_and_asks_the_missing_fact():
    answer = Answer(
        status=Status.ANSWERED,
        sections=(
            section(
                SectionKind.DIRECT,
                Line.plain(HEDGE_LINE),
                Line((Part("职工连续工作满12个月以上的，享受带薪年休假。", 1),)),
                Line((Part(f"{METHOD_LEAD}年休假：已满1年不满10年5天", 1, quote=False),)),
                Line.plain("请问您参加工作以来累计工作了几年？"),
            ),
            HELP,
        ),
        citations=(citation(1, "年休假天数：满1年5天、满10年10天、满20年15天"),),
        confidence=0.5,
        case={"issues": [{"label": "带薪年休假"}]},
    )
    spoken = speak(answer)
    assert spoken.opening.startswith("这是知识库里最接近的规定")
    (part,) = spoken.parts
    assert part.label == "带薪年休假"
    assert (
        part.text == "年休假天数：满一年五天、满十年十天、满二十年十五天。请问您参加工作以来累计工作了几年？"
    )
    assert spoken.next_step == "如需帮助，可拨打一二三五一职工服务热线。"


@pytest.mark.parametrize("text", [OUT_OF_SCOPE_TEXT, NO_MATCH_TEXT])
def test_notices_are_kept_short_and_end_with_where_to_turn(text):
    spoken = speak(notice(Status.NO_MATCH, text))
    assert len(spoken.text) <= MAX_ISSUE_CHARS
    assert "一二三五一" in spoken.text and "12351" not in spoken.text
    assert spoken.text.endswith("。")


def test_an_issue_too_long_for_the_phone_is_cut_at_a_comma():
    title = "单位拖欠工资，可以投诉，也可以申请仲裁，" * 12
    answer = Answer(
        status=Status.ANSWERED,
        sections=(section(SectionKind.ISSUE, Line((Part("正文。", 1),)), title="拖欠工资"),),
        citations=(citation(1, title),),
        confidence=0.7,
    )
    (part,) = speak(answer).parts
    assert len(part.text) <= MAX_ISSUE_CHARS and part.text.endswith("。")


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("17500元", "一万七千五百元"),
        ("17,500元", "一万七千五百元"),
        ("2026-07-01", "2026年7月1日"),
        ("2026年7月1日前", "2026年7月1日前"),
        ("3.5个月", "三点五个月"),
        ("2个月", "两个月"),
        ("2000元", "两千元"),
        ("150%", "百分之一百五十"),
        ("拨打12351", "拨打一二三五一"),
        ("第47条", "第四十七条"),
        ("0663", "零六六三"),
        ("≈1034.48元", "约一千零三十四点四八元"),
    ],
)
def test_numbers_and_dates_are_written_as_said(written, said):
    assert say_numbers(written) == said
