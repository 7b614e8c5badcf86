"""How every CLI command reports a problem: '错误：…' on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import functools
import sys

import click

from bot.errors import BotError


def fail(message: str, code: int = 1) -> None:
    """Print the message the way every command does and exit."""
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


def friendly_errors(command):
    """Turn domain errors into a clean message and a non-zero exit."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BotError as exc:
            fail(exc.message)

    return wrapper
