"""Schema migrations on both backends: from empty, idempotent, matching the one schema, atomic on failure."""

from __future__ import annotations

import shutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect

from bot.cli import main
from bot.records.db import StoreError, sqlalchemy_url
from bot.records.migrate import HEAD, MIGRATIONS_DIR
from bot.records.schema import metadata
from bot.records.store import Records


def engine_for(target: str):
    url = sqlalchemy_url(target) if "://" in target else f"sqlite:///{target}"
    if url.startswith("postgresql+psycopg://"):
        from sqlalchemy.engine import make_url

        options = make_url(url).query.get("options")
        return create_engine(url, connect_args={"options": options} if options else {})
    return create_engine(url)


def tables(target: str) -> set[str]:
    engine = engine_for(target)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_head_is_the_newest_migration_file():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_migrations_from_empty_give_exactly_the_schema(database_target):
    with Records(database_target) as records:
        assert records.db.upgrade() is True
        assert records.db.upgrade() is False  # idempotent
        assert records.db.revision() == HEAD
    engine = engine_for(database_target)
    try:
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert differences == []


BROKEN_MIGRATION = '''
"""A migration that fails half-way."""
import sqlalchemy as sa
from alembic import op

revision = "{next}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.add_column("turns", sa.Column("extra", sa.Text))
    raise RuntimeError("the migration broke")
'''


def test_a_failed_migration_leaves_the_schema_as_it_was(database_target, tmp_path):
    with Records(database_target) as records:
        records.turns.log("s1", "问题", "answered", None, [], 0.5, 10, answer="回答")
    scripts = shutil.copytree(MIGRATIONS_DIR, tmp_path / "migrations")
    (scripts / "versions" / "9999_broken.py").write_text(
        BROKEN_MIGRATION.format(next=f"{int(HEAD) + 1:04d}", head=HEAD), encoding="utf-8"
    )
    before = tables(database_target)
    with Records(database_target) as records, pytest.raises(StoreError) as caught:
        records.db.upgrade(scripts)
    assert "the migration broke" in caught.value.message
    assert tables(database_target) == before and "half_done" not in before
    engine = engine_for(database_target)
    try:
        assert "extra" not in {c["name"] for c in inspect(engine).get_columns("turns")}
    finally:
        engine.dispose()
    with Records(database_target) as records:
        assert records.db.revision() == HEAD
        assert records.turns.history("s1") == [
            {"role": "user", "content": "问题"},
            {"role": "assistant", "content": "回答"},
        ]


def test_bot_db_upgrade_and_status(database_target, tmp_path, monkeypatch):
    monkeypatch.setenv("BOT_DATABASE_URL", database_target)
    runner = CliRunner()
    first = runner.invoke(main, ["db", "upgrade"])
    assert first.exit_code == 0 and f"已升级到结构版本 {HEAD}" in first.output
    again = runner.invoke(main, ["db", "upgrade"])
    assert again.exit_code == 0 and f"已是结构版本 {HEAD}" in again.output
    status = runner.invoke(main, ["db", "status"])
    assert status.exit_code == 0 and f"结构版本：{HEAD}" in status.output and "最新" in status.output


def test_unreachable_database_fails_naming_the_url_without_password(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    url = f"postgresql://bot:hunter2@/records?host={tmp_path / 'empty'}"
    monkeypatch.setenv("BOT_DATABASE_URL", url)
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 1
    assert "postgresql://bot:***@/records" in result.output and "hunter2" not in result.output
    with Records(url) as records, pytest.raises(StoreError) as caught:
        records.db.upgrade()
    assert "hunter2" not in caught.value.message and "bot:***@" in caught.value.message
