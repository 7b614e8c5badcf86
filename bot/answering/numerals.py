"""Numbers as workers write them: 三千五, 4千5, 3k, 1.2万, 八九十, 十几, 3到5, 廿."""

from __future__ import annotations

import re
from dataclasses import dataclass

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4}
DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
TENS = {"廿": 20, "卅": 30}
SCALE_CHARS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "k": 1000, "K": 1000, "w": 10000, "W": 10000}
MULTIPLIERS = {"k": 1000, "K": 1000, "千": 1000, "w": 10000, "W": 10000, "万": 10000}

# One number token: Arabic (optionally with a k/千/万 multiplier and a colloquial trailing digit,
# as in 4千5 = 4500) or a run of Chinese numeral characters (几 included, for 十几/二十几). A run ending in a digit
# before 一分 / 一个 stops there (工资三千九一分补偿都没有, 三千五一个月: 3900, 3500, not the unreadable 三千九一).
CN_CHARS = "零〇一二两俩三四五六七八九十百千万廿卅几"
NUMBER = (
    r"(?:\d+(?:\.\d+)?(?:\s*[kKwW千万](?:[0-9一二两三四五六七八九](?![0-9十百千万kKwW]))?)?"
    rf"|[{CN_CHARS}]*[二两三四五六七八九](?=一[分个])|[{CN_CHARS}]+)"
)
RANGE_SEP = r"\s*(?:到|至|-|~|～|—|－|或者|或)\s*"
NUMBER_RANGE = rf"{NUMBER}(?:{RANGE_SEP}{NUMBER})?"

_ARABIC = re.compile(r"^(\d+(?:\.\d+)?)\s*([kKwW千万])?([0-9一二两三四五六七八九])?$")
_SEP = re.compile(RANGE_SEP)


@dataclass(frozen=True)
class Amount:
    """A number read from text: a point (`high` None) or a range low–high."""

    low: float
    high: float | None = None

    def scaled(self, factor: float) -> Amount:
        """The same amount multiplied (years to months, weeks to months)."""
        return Amount(tidy(self.low * factor), None if self.high is None else tidy(self.high * factor))

    def plus(self, extra: float) -> Amount:
        """The same amount with `extra` added to both ends (两年 + 3个月)."""
        return Amount(tidy(self.low + extra), None if self.high is None else tidy(self.high + extra))


def tidy(value: float) -> float | int:
    """An int when the value is whole, else the float rounded to two places."""
    return int(value) if float(value).is_integer() else round(value, 2)


def parse_chinese(text: str) -> int | None:
    """A plain Chinese numeral, with the spoken short tail (三千五 = 3500, 一万二 = 12000)."""
    if not text or any(ch not in DIGITS and ch not in UNITS and ch not in TENS and ch != "万" for ch in text):
        return None
    if len(text) > 2 and all(ch in DIGITS for ch in text):  # digit by digit, as in years: 二〇二三
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = number = 0
    last_unit = 0
    pending = saw_zero = False
    for ch in text:
        if ch in "零〇":
            saw_zero = True
        elif ch in DIGITS:
            if pending:  # two digits in a row without a unit between: not a number
                return None
            number, pending = DIGITS[ch], True
        elif ch in TENS:
            section += TENS[ch]
            last_unit, number, pending = 10, 0, False
        elif ch in UNITS:
            unit = UNITS[ch]
            if not pending and unit == 10:
                number = 1  # 十五 = 15
            elif not pending:
                return None
            section += number * unit
            last_unit, number, pending = unit, 0, False
        else:  # 万
            if not pending and section == 0:
                return None
            total += (section + number) * 10000
            section, last_unit, number, pending = 0, 10000, 0, False
    if pending and last_unit >= 100 and not saw_zero:
        number *= last_unit // 10  # the spoken tail: 三千五 -> 五百
    return total + section + number


def parse_number(text: str) -> Amount | None:
    """One number token, or two joined by 到/至/-, or an adjacent-digit range (三四千, 八九十)."""
    text = text.strip()
    parts = _SEP.split(text)
    if len(parts) == 2:
        low, high = _parse_single(parts[0]), _parse_single(parts[1])
        if low is None or high is None:
            return None
        unit = SCALE_CHARS.get(parts[1][-1])
        if unit and parts[0][-1] not in SCALE_CHARS and low.low < 10:
            low = low.scaled(unit)  # 三到五千 = 3000–5000
        if high.low < low.low:
            return None
        return Amount(low.low, high.high if high.high is not None else high.low)
    return _parse_single(text)


def _parse_single(text: str) -> Amount | None:
    match = _ARABIC.match(text)
    if match:
        value = float(match.group(1))
        multiplier = MULTIPLIERS.get(match.group(2) or "", 1)
        if match.group(3):
            if multiplier == 1:
                return None
            tail = match.group(3)
            value = value * multiplier + int(DIGITS.get(tail, tail)) * multiplier / 10
        else:
            value *= multiplier
        return Amount(tidy(value))
    if len(text) > 2 and all(ch in DIGITS for ch in text):
        return Amount(parse_chinese(text))
    if "几" in text:
        return _parse_some(text)
    for i in range(len(text) - 1):
        a, b = DIGITS.get(text[i]), DIGITS.get(text[i + 1])
        if a and b and b == a + 1:  # 三四千 -> 三千 .. 四千; 十七八 -> 十七 .. 十八
            low = parse_chinese(text[:i] + text[i] + text[i + 2 :])
            high = parse_chinese(text[:i] + text[i + 1] + text[i + 2 :])
            if low is None or high is None:
                return None
            return Amount(low, high)
    value = parse_chinese(text)
    return None if value is None else Amount(value)


def _parse_some(text: str) -> Amount | None:
    """十几 = 11–19, 二十几 = 21–29; 几千, 几个 are too vague to use."""
    if not text.endswith("几") or text.count("几") != 1:
        return None
    head = parse_chinese(text[:-1])
    if head is None or not text[:-1].endswith("十"):
        return None
    return Amount(head + 1, head + 9)
