"""Pinyin typos of the knowledge base's terms (bot.text.homophones)."""

from __future__ import annotations

import pytest

from bot.text.homophones import Homophones

# A small knowledge base: each term occurs often enough to count as one.
KNOWLEDGE = [
    "用人单位调岗降薪，应当与劳动者协商一致。",
    "调岗需要书面变更劳动合同，调岗不能降低工资。",
    "工资应当按月支付，拖欠工资可以投诉，工资条要保存。",
    "病假的医疗期，按工作年限计算医疗期，医疗期是三个月到二十四个月。",
    "申请法律援助，可以向法律援助机构提出；法律援助免费。",
    "上下班途中受到非本人主要责任的交通事故，上下班途中认定工伤，上下班时间合理。",
    "劳动者签订劳动合同，签了合同要保存一份。拖欠了工资要及时投诉，签了字的工资条可以作证据。",
]


@pytest.fixture(scope="module")
def homophones() -> Homophones:
    return Homophones(KNOWLEDGE)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("公司要给我调刚", "公司要给我调岗"),
        ("这个月的公资还没发", "这个月的工资还没发"),
        ("医聊期满了公司能辞退我吗", "医疗期满了公司能辞退我吗"),
        ("怎么申请法律元助", "怎么申请法律援助"),
        ("上下斑路上被车撞了", "上下班路上被车撞了"),
    ],
)
def test_a_typo_that_sounds_like_a_term_is_read_as_the_term(homophones, typed, meant):
    assert homophones.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "老板欠了我三个月工资",  # 欠了 is 欠 + 了, not a typo of 签了
        "我在这里工作了十年",  # real words and numerals stay
        "工资条上写的是九十块",
        "公司要给我调岗",  # already the term
        "I was moved to another post 调岗",  # other scripts are left alone
        "",
    ],
)
def test_words_and_stretches_across_words_are_left_as_written(homophones, text):
    assert homophones.correct(text) == text


def test_corrections_name_what_was_replaced(homophones):
    assert homophones.corrections("公资和医聊期") == [("公资", "工资"), ("医聊期", "医疗期")]


def test_a_knowledge_base_without_the_term_corrects_nothing():
    assert Homophones(["年休假按工作年限计算。"]).correct("公资还没发") == "公资还没发"


@pytest.mark.parametrize("text", ["调岗工资医疗期法律援助女职工哺乳期绿色嗯呣", "了着的"])
def test_readings_are_pypinyins_tone3_readings(text):
    from pypinyin import Style, lazy_pinyin

    from bot.text.homophones import sounds_of

    expected = tuple(lazy_pinyin(ch, style=Style.TONE3)[0] for ch in text)
    assert sounds_of(text)[1] == expected
    assert sounds_of(text)[0] == tuple(t.rstrip("12345") for t in expected)


def test_the_module_does_not_load_pypinyins_phrase_dictionary():
    """Importing pypinyin costs every serving process ~55 MB (its phrase dictionary): the readings come from its
    single-character file instead."""
    import subprocess
    import sys

    code = "import sys; from bot.text.homophones import Homophones; Homophones(['调岗调岗调岗']).correct('调刚');"
    code += "print('pypinyin' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
