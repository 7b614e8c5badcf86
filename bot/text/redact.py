"""Personal-data redaction: mask phone, ID and bank-card numbers and e-mail addresses before text is stored
or logged.

Detection runs on a half-width copy of the text; masks are applied to the original characters, so everything
that is not personal data (full-width punctuation, spacing, statute numbers, amounts, dates, the hotline
numbers 12351/12333/110/120) comes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Full-width ASCII (U+FF01..U+FF5E), the ideographic space and the Unicode dashes each map to exactly one
# ASCII character, so positions in the normalised copy are positions in the original text.
_HALFWIDTH = (
    {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    | {0x3000: ord(" ")}
    | dict.fromkeys([*range(0x2010, 0x2016), 0x2212], ord("-"))
)

# One optional space or dash between digit groups: 138 1234 5678, 138-1234-5678.
_SEP = r"[ \-]?"
# Mobile numbers: 1[3-9] and 11 digits; groups of 3-4-4 are how people write them.
_MOBILE = rf"1[3-9][0-9](?:{_SEP}[0-9]{{4}}){{2}}"
# Country prefix as written: +86, 0086, 86, followed by an optional separator.
_COUNTRY = rf"(?:(?:\+|00)?86{_SEP})"
# Area codes start with 0 and have 3 (010, 020-029) or 4 digits (0663); a bare "(020)" is also common.
_AREA = r"(?:\((?P<paren>0[1-9][0-9]{1,2})\)|(?P<area>0[1-9][0-9]{1,2}))"
# Local numbers have 7 or 8 digits; 12351-style service numbers have 5 and never match.
_LOCAL = rf"[1-9][0-9]{{2,3}}{_SEP}[0-9]{{4}}"
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# 18-digit resident ID: 6-digit area, birth date, 3-digit sequence, check digit or X (spaces as 6-8-4 allowed).
_ID18 = re.compile(
    rf"(?<![0-9])[1-9][0-9]{{5}} ?(?:18|19|20)[0-9]{{2}}{_DATE} ?[0-9]{{3}}[0-9Xx](?![0-9A-Za-z])"
)
# Seventeen digits and an X can only be an ID, even with a mistyped birth date.
_ID18_X = re.compile(r"(?<![0-9])[0-9]{17}[Xx](?![0-9A-Za-z])")
# Old 15-digit ID: 2-digit birth year, no check character.
_ID15 = re.compile(rf"(?<![0-9])[1-9][0-9]{{5}}[0-9]{{2}}{_DATE}[0-9]{{3}}(?![0-9])")
# Bank cards: 16-19 digits, plain or in groups of four (the last group may be shorter).
_CARD_GROUPED = re.compile(r"(?<![0-9])[0-9]{4}(?:[ \-][0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?(?![0-9])")
_CARD = re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])")
_MOBILE_IN_TEXT = re.compile(rf"(?<![0-9]){_COUNTRY}?(?P<number>{_MOBILE})(?![0-9])")
_LANDLINE_IN_TEXT = re.compile(rf"(?<![0-9]){_AREA}{_SEP}(?P<local>{_LOCAL})(?![0-9])")
# A bare 7-8 digit local number is only masked right after a phone word: on its own, 20250901 is a date
# and 12000000 an amount far more often than a phone number.
_LOCAL_AFTER_WORD = re.compile(
    rf"(?:电话|座机|手机|联系方式|号码|tel|phone)[^0-9\n]{{0,4}}?(?P<local>{_LOCAL})(?![0-9])",
    re.IGNORECASE,
)

_MOBILE_ONLY = re.compile(rf"{_COUNTRY}?(?P<number>{_MOBILE})")
_LANDLINE_ONLY = re.compile(rf"{_AREA}{_SEP}(?P<local>{_LOCAL})(?:(?:-|转|ext\.?)(?P<ext>[0-9]{{1,6}}))?")


def _mask_digits(text: str, keep_head: int, keep_tail: int) -> str:
    """Replace each digit (and an ID's final X) with '*', except the first `keep_head` and last `keep_tail`."""
    normalised = text.translate(_HALFWIDTH)
    positions = [i for i, ch in enumerate(normalised) if ch in "0123456789Xx"]
    masked = set(positions[keep_head : max(keep_head, len(positions) - keep_tail)])
    return "".join("*" if i in masked else ch for i, ch in enumerate(text))


def _mask_email(text: str) -> str:
    """Keep the first character of the mailbox and the whole domain: z***@example.com."""
    return text[0] + "***" + text[text.translate(_HALFWIDTH).index("@") :]


def _mask_local(text: str) -> str:
    """Mask the first four digits of a landline's local number: 1234567 -> ****567."""
    digits = sum(ch.isdigit() for ch in text.translate(_HALFWIDTH))
    return _mask_digits(text, 0, digits - 4)


# (pattern, group to mask, masker), in priority order: once a span is claimed, later rules skip it, so an
# ID number is never half-masked as a phone number and an e-mail's digits stay part of the address.
_Masker = Callable[[str], str]
_RULES: tuple[tuple[re.Pattern[str], str | int, _Masker], ...] = (
    (_EMAIL, 0, _mask_email),
    (_ID18, 0, lambda s: _mask_digits(s, 4, 4)),
    (_ID18_X, 0, lambda s: _mask_digits(s, 4, 4)),
    (_CARD_GROUPED, 0, lambda s: _mask_digits(s, 0, 4)),
    (_CARD, 0, lambda s: _mask_digits(s, 0, 4)),
    (_ID15, 0, lambda s: _mask_digits(s, 4, 4)),
    (_MOBILE_IN_TEXT, "number", lambda s: _mask_digits(s, 3, 4)),
    (_LANDLINE_IN_TEXT, "local", _mask_local),
    (_LOCAL_AFTER_WORD, "local", _mask_local),
)


# What every rule's match contains: an "@", or 7 or more characters of digits, spaces and dashes that start
# and end with a digit (a local number's 7 digits are the shortest). A text without one, like most answers
# (article numbers are written in Chinese numerals), is returned without running the rules.
_MAY_HOLD_PERSONAL_DATA = re.compile(r"@|[0-9][0-9 \-]{5,}[0-9]")


def redact(text: str) -> str:
    """Mask mobile and landline numbers, ID and bank-card numbers and e-mail addresses in `text`."""
    if not text:
        return text
    normalised = text.translate(_HALFWIDTH)
    if not _MAY_HOLD_PERSONAL_DATA.search(normalised):
        return text
    claimed = [False] * len(text)
    replacements: list[tuple[int, int, str]] = []
    for pattern, group, mask in _RULES:
        for match in pattern.finditer(normalised):
            if any(claimed[match.start() : match.end()]):
                continue
            claimed[match.start() : match.end()] = [True] * (match.end() - match.start())
            start, end = match.span(group)
            replacements.append((start, end, mask(text[start:end])))
    parts: list[str] = []
    position = 0
    for start, end, replacement in sorted(replacements):
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def mask_phone(phone: str) -> str:
    """Mask a contact phone for lists (138****5678, 0663-****567); any other number of 7 or more digits keeps
    only its last 4, and short service numbers such as 12351 are shown as they are."""
    masked = redact(phone)
    if masked != phone or sum(ch.isdigit() for ch in phone) < 7:
        return masked
    return _mask_digits(phone, 0, 4)


def _digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def parse_phone(phone: str) -> str | None:
    """The phone in a canonical form (13812345678, 0663-1234567, 0663-1234567-123), or None if `phone` is
    neither a mobile number nor a landline with its area code."""
    text = re.sub(r"\s+", " ", phone.translate(_HALFWIDTH).strip())
    if match := _MOBILE_ONLY.fullmatch(text):
        return _digits_only(match["number"])
    if match := _LANDLINE_ONLY.fullmatch(text):
        number = f"{match['paren'] or match['area']}-{_digits_only(match['local'])}"
        return f"{number}-{match['ext']}" if match["ext"] else number
    return None


# A digit, percent-encoded or not, half- or full-width (full-width 0-9 are EF BC 90-99 in UTF-8).
_URL_DIGIT = r"(?:[0-9\uff10-\uff19]|%3[0-9]|%EF%BC%9[0-9])"
_URL_DIGIT_RUN = re.compile(rf"{_URL_DIGIT}{{6,}}", re.IGNORECASE)
_ONE_URL_DIGIT = re.compile(_URL_DIGIT, re.IGNORECASE)


def mask_digit_runs(url: str) -> str:
    """Replace every run of six or more digits in a URL (raw or percent-encoded) with one '*' per digit:
    /sources/13812345678 -> /sources/***********. For access logs, where a phone number typed into a
    path or query must not be kept; short ids (turn numbers, ports) stay readable."""
    return _URL_DIGIT_RUN.sub(lambda m: "*" * len(_ONE_URL_DIGIT.findall(m.group())), url)
