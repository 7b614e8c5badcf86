"""Redaction: personal numbers and addresses are masked, everything a legal answer needs is left alone."""

import pytest

from bot.text.redact import mask_phone, parse_phone, redact

MASKED = [
    # mobile numbers, as people type them
    ("我的手机13812345678，请回电", "我的手机138****5678，请回电"),
    ("电话 138 1234 5678", "电话 138 **** 5678"),
    ("138-1234-5678", "138-****-5678"),
    ("+86 13812345678", "+86 138****5678"),
    ("+8613812345678", "+86138****5678"),
    ("86-138-1234-5678", "86-138-****-5678"),
    ("0086 199 8765 4321", "0086 199 **** 4321"),
    ("手机：１３８１２３４５６７８。", "手机：１３８****５６７８。"),
    ("手机：１３８　１２３４　５６７８", "手机：１３８　****　５６７８"),
    ("联系13812345678或15987654321", "联系138****5678或159****4321"),
    # landlines
    ("座机0663-1234567", "座机0663-****567"),
    ("(020)12345678", "(020)****5678"),
    ("（020）12345678", "（020）****5678"),
    ("020 1234 5678", "020 **** 5678"),
    ("0663-12345678-123", "0663-****5678-123"),
    ("0663-1234567转123", "0663-****567转123"),
    ("电话：87654321", "电话：****4321"),
    # ID numbers
    ("身份证440102199001011234", "身份证4401**********1234"),
    ("身份证号44010219900101123X。", "身份证号4401**********123X。"),
    ("44010219900101123x", "4401**********123x"),
    ("440102 19900101 123X", "4401** ******** 123X"),
    ("４４０１０２１９９００１０１１２３Ｘ", "４４０１**********１２３Ｘ"),
    ("老身份证440102900101123", "老身份证4401*******1123"),
    # bank cards
    ("工资卡6222021234567890123", "工资卡***************0123"),
    ("6222021234567890", "************7890"),
    ("6222 0212 3456 7890", "**** **** **** 7890"),
    ("6222-0212-3456-7890-123", "****-****-****-***0-123"),
    # e-mail
    ("邮箱zhang.san@example.com谢谢", "邮箱z***@example.com谢谢"),
    ("13812345678@qq.com", "1***@qq.com"),
    ("ＡＢＣ＠ｍａｉｌ．ｃｎ", "Ａ***＠ｍａｉｌ．ｃｎ"),
]

UNCHANGED = [
    "依据《劳动合同法》第四十七条、第47条、第八十二条",
    "月工资3000元，补偿1,750元，欠薪12000块，罚款100000元",
    "2025-09-01入职，2025年9月1日离职",
    "合同从20250901开始，到20260831结束",
    "加班费按150%、200%、300%计算",
    "30日内，12个月，工作满15年，试用期6个月",
    "拨打12351、12333、110或120",
    "010-12351或020-12351都是工会热线",
    "工单号GH20261125-0007",
    "上午9:00至下午17:30，周一至周五",
    "最低工资标准为1720元/月，非全日制16.6元/小时",
    "",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_personal_data_is_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_legal_and_service_text_is_left_alone(text):
    assert redact(text) == text


def test_redaction_is_idempotent():
    once = redact("手机13812345678，身份证440102199001011234，邮箱a@b.cn，座机0663-1234567")
    assert redact(once) == once


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("13812345678", "138****5678"),
        ("0663-1234567", "0663-****567"),
        ("0663-1234567-123", "0663-****567-123"),
        ("87654321", "****4321"),  # unrecognised but long: keep the last 4 digits only
        ("12351", "12351"),  # a service number is not personal
    ],
)
def test_mask_phone(phone, expected):
    assert mask_phone(phone) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("13812345678", "13812345678"),
        (" +86 138-1234-5678 ", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0663-1234567", "0663-1234567"),
        ("(020)1234 5678", "020-12345678"),
        ("0663 1234567转123", "0663-1234567-123"),
        ("12351", None),
        ("1381234567", None),  # ten digits
        ("12812345678", None),  # no mobile prefix starts with 12
        ("87654321", None),  # landline without its area code
        ("电话", None),
        ("", None),
    ],
)
def test_parse_phone(phone, expected):
    assert parse_phone(phone) == expected


@pytest.mark.parametrize(
    "text",
    [
        "电话123-4567",
        "座机 1234567",
        "(020)123 4567",
        "ｚ＠ｅｘａｍｐｌｅ．ｃｎ",
        "１３８ １２３４ ５６７８",
        "a@b.cn",
    ],
)
def test_shortest_personal_data_passes_the_quick_check(text):
    # The quick check that skips texts without personal data must not skip the shortest forms of it.
    assert redact(text) != text
