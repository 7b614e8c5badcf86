"""`bot say`: the answer's phone version as a WAV with espeak-ng (Mandarin via pinyin, or Cantonese)."""

from __future__ import annotations

import shutil
import wave

import pytest
from click.testing import CliRunner

from bot.answering.speech import pinyin, spell_dates, synthesise
from bot.cli import main

pytest_plugins = ["support.app_fixtures"]

# The Makefile's test install puts espeak-ng in (apt); only a machine where it cannot be installed skips.
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def test_dates_and_numbers_are_spelled_for_espeak():
    assert spell_dates("2026年7月1日前") == "二零二六年七月一日前"
    assert spell_dates("经济补偿17500元") == "经济补偿一万七千五百元"


def test_mandarin_goes_to_espeak_as_tone_numbered_pinyin():
    assert (
        pinyin("经济补偿一万元，可拨打热线。")
        == "jing1 ji4 bu3 chang2 yi1 wan4 yuan2, ke3 bo1 da3 re4 xian4."
    )


def wav_seconds(path) -> float:
    with wave.open(str(path)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        return audio.getnframes() / audio.getframerate()


@needs_espeak
@pytest.mark.parametrize("voice", ["cmn", "yue"])
def test_synthesise_writes_a_wav_of_plausible_length(tmp_path, voice):
    path = synthesise(
        "经济补偿是一万七千五百元。下一步，2026年7月1日前申请仲裁。", tmp_path / "out.wav", voice
    )
    assert 3 < wav_seconds(path) < 30


def test_without_espeak_the_command_says_so_and_fails(tmp_path):
    result = CliRunner().invoke(
        main, ["say", "产假有多少天", "-o", str(tmp_path / "a.wav")], env={"PATH": str(tmp_path)}
    )
    assert result.exit_code == 1
    assert "未找到 espeak-ng" in result.stderr and "apt-get install espeak-ng" in result.stderr
    assert not (tmp_path / "a.wav").exists()


def test_output_file_is_required_unless_text_only(tmp_path):
    result = CliRunner().invoke(main, ["say", "产假有多少天"])
    assert result.exit_code == 1 and "-o" in result.stderr


@needs_espeak
@pytest.mark.slow
def test_bot_say_writes_the_spoken_answer(small_index_dir, tmp_path):
    env = {"BOT_INDEX_DIR": str(small_index_dir), "BOT_DATA_DIR": str(tmp_path / "data")}
    out = tmp_path / "reply.wav"
    result = CliRunner().invoke(main, ["say", "产假有多少天", "-o", str(out)], env=env)
    assert result.exit_code == 0, result.output
    spoken = result.stdout.strip()
    assert "九十八天" in spoken and "[" not in spoken
    assert wav_seconds(out) > 3 and "声音机械" in result.stderr
