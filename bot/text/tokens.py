"""Lexical tokens (character unigrams + bigrams) and the colloquial-to-statute query expansion."""

from __future__ import annotations

import re

from bot.text.normalise import normalise_text

# Runs of CJK ideographs, or of ASCII letters/digits; everything else (punctuation, spaces) separates runs,
# so no bigram spans a punctuation mark.
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:\.[0-9]+)?")

# Workers' words -> the statutes' words, so a colloquial question shares tokens with the rule that answers it.
# Applied to queries only (the knowledge is written in statute language already); typos included.
COLLOQUIAL_TERMS = {
    "老板": "用人单位",
    "老细": "用人单位 老板",
    "公司": "用人单位",
    "厂里": "用人单位",
    "工厂": "用人单位",
    "工资": "劳动报酬",
    "人工": "工资 劳动报酬",
    "薪水": "工资 劳动报酬",
    "欠薪": "拖欠工资 劳动报酬",
    "不发钱": "拖欠工资 劳动报酬",
    "辞退": "解除劳动合同",
    "开除": "解除劳动合同 辞退",
    "炒鱿鱼": "辞退 解除劳动合同",
    "炒了": "辞退 解除劳动合同",
    "鱿鱼": "辞退 解除劳动合同",
    "炒咗": "辞退 解除劳动合同",
    "俾钱": "支付",
    "赶走": "辞退 解除劳动合同",
    "辞推": "辞退",
    "公伤": "工伤",
    "和同": "合同",
    "社宝": "社保",
    "社保": "社会保险",
    "五险": "社会保险",
    "加斑": "加班",
    "赔尝": "赔偿",
    "返工": "上班",
    "冇": "没有",
    "边度": "哪里",
    "告佢": "起诉 仲裁 申请",
    "点样": "怎么",
    "乜嘢": "什么",
    "咩": "什么",
    "俾": "给",
    "老婆": "女职工",
    "做嘢": "工作",
    "唔": "不",
    "几多": "多少",
    "怀孕": "孕期",
    "生小孩": "生育 产假",
    "生仔": "生育 产假",
    "坐月子": "产假",
    "n+1": "经济补偿 代通知金",
    "2n": "赔偿金 经济补偿 二倍",
    "双倍工资": "二倍工资",
    "外卖": "新就业形态",
    "骑手": "新就业形态",
    "快递员": "新就业形态",
    "包工头": "个人 发包",
}


def expand_query(text: str) -> str:
    """Append the statute wording of colloquial terms found in `text` (normalised first)."""
    normalised = normalise_text(text)
    extra = [terms for word, terms in COLLOQUIAL_TERMS.items() if word in normalised]
    return normalised if not extra else normalised + " " + " ".join(extra)


def tokenize(text: str) -> list[str]:
    """Character unigrams and bigrams of each CJK run; ASCII words stay whole (N+1 -> n, 1)."""
    tokens: list[str] = []
    for run in _RUN.findall(normalise_text(text)):
        if run[0].isascii():
            tokens.append(run)
            continue
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return tokens
