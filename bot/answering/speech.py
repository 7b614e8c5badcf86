"""The spoken answer as audio with Debian's espeak-ng: a demonstration of an IVR reply, robotic by design.

Two voices: `yue` (Cantonese) reads Chinese characters itself; Mandarin goes through pinyin with tone
numbers (pypinyin) for espeak-ng's `cmn-latn-pinyin` voice. Digits left in dates are spelled out first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from bot.answering.spoken import DIGITS, say_numbers
from bot.errors import BotError

VOICES = {"cmn": "cmn-latn-pinyin", "yue": "yue"}
# Words per minute: a little slower than espeak's 175, for a worker on the phone.
SPEED = 150
_YEAR = re.compile(r"(\d{4})年")
_DIGITS = re.compile(r"\d+")


class SpeechError(BotError):
    """espeak-ng is missing or could not write the audio file."""

    status = 503


def espeak_path() -> str | None:
    """The espeak-ng program, or None when it is not installed."""
    return shutil.which("espeak-ng")


def spell_dates(text: str) -> str:
    """Digits a reader says well but espeak does not: 2026年 -> 二零二六年, then every other number as said."""
    text = _YEAR.sub(lambda m: "".join(DIGITS[int(d)] for d in m.group(1)) + "年", text)
    return _DIGITS.sub(lambda m: say_numbers(m.group()), text)


def pinyin(text: str) -> str:
    """Mandarin text as tone-numbered pinyin syllables (neutral tone 5), punctuation kept as pauses."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    out = " ".join(syllables)
    out = re.sub(r"\s*[，、；：]\s*", ", ", out)
    return re.sub(r"\s*[。！？]\s*", ". ", out).strip()


def synthesise(text: str, path: Path, voice: str = "cmn") -> Path:
    """Write `text` to a WAV file at `path` with espeak-ng; SpeechError when espeak-ng is absent or fails."""
    program = espeak_path()
    if program is None:
        raise SpeechError(
            "未找到 espeak-ng，无法生成语音：请先安装（Debian/Ubuntu：apt-get install espeak-ng），或用 --text 只输出口播文字"
        )
    if voice not in VOICES:
        raise SpeechError(f"不支持的语音：{voice}，可选：{'、'.join(VOICES)}")
    spoken = spell_dates(text)
    if voice == "cmn":
        spoken = pinyin(spoken)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [program, "-v", VOICES[voice], "-s", str(SPEED), "-w", str(path), "--", spoken],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise SpeechError(f"espeak-ng 生成语音失败：{exc}") from exc
    return path
