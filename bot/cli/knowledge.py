"""`bot knowledge …`: check the knowledge folder; move documents to and from the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bot.cli.errors import fail, friendly_errors
from bot.config import Settings


@click.group()
def knowledge() -> None:
    """Check the knowledge folder; with PostgreSQL, import and export the shared documents.

    \b
    bot knowledge check                  # the configured folder
    bot knowledge check knowledge/ --strict
    bot knowledge import knowledge/      # folder -> database (every replica follows)
    bot knowledge export backup/         # database -> folder
    """


@knowledge.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings (length, near-duplicates, …) as errors.")
@click.pass_obj
@friendly_errors
def knowledge_check(settings: Settings, directory: Path | None, strict: bool) -> None:
    """Print every problem with file and field; exit non-zero on any error."""
    from collections import Counter

    from bot.knowledge.folder import load_knowledge

    kb = load_knowledge(directory or settings.knowledge_dir)
    for problem in kb.problems:
        click.echo(str(problem))
    failing = kb.problems if strict else kb.errors
    by_category = Counter(s.category for s in kb.snippets)
    summary = "，".join(f"{cat} {n}" for cat, n in sorted(by_category.items(), key=lambda kv: -kv[1]))
    click.echo(
        f"共 {len(kb.snippets)} 条有效条目（{summary}）；错误 {len(kb.errors)} 处，警告 {len(kb.warnings)} 处"
    )
    if failing or not kb.snippets:
        sys.exit(1)


def _shared_documents(settings: Settings):
    from bot.errors import BotError
    from bot.records.documents import SharedDocuments
    from bot.records.store import Records

    if not settings.uses_postgres():
        raise BotError("知识库只有在使用 PostgreSQL（BOT_DATABASE_URL=postgresql://…）时才存放在数据库中")
    records = Records(settings.database_target())
    records.db.upgrade()
    return records, SharedDocuments(records.db)


@knowledge.command("import")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Also delete database documents the folder does not have.")
@click.pass_obj
@friendly_errors
def knowledge_import(settings: Settings, directory: Path, replace: bool) -> None:
    """Store the folder's snippet files in the database (validated first; nothing is stored on any error).
    Every replica mirrors the new revision and rebuilds its index within seconds."""
    import tempfile

    from bot.knowledge.folder import load_knowledge
    from bot.knowledge.shared import folder_documents, mirror

    files = folder_documents(directory)
    records, shared = _shared_documents(settings)
    with records:
        # Validate what the database will hold afterwards (ids must stay unique across kept documents too).
        merged = files if replace else {**shared.all(), **files}
        with tempfile.TemporaryDirectory(prefix="bot-import-") as scratch:
            mirror(Path(scratch), merged)
            kb = load_knowledge(Path(scratch), near_duplicates=False)
        if kb.errors or not kb.snippets or not files:
            for problem in kb.errors:
                click.echo(str(problem), err=True)
            fail(f"{directory} 有 {len(kb.errors)} 处错误或没有有效条目，未导入")
        written, removed = shared.replace_all(files, remove_others=replace)
        revision = shared.revision()
    click.echo(f"已导入 {written} 个文件，删除 {removed} 个；知识库版本 {revision}")


@knowledge.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
@friendly_errors
def knowledge_export(settings: Settings, directory: Path) -> None:
    """Write every document in the database into the folder (snippet files not in the database are
    removed from it, so the folder equals the database)."""
    from bot.knowledge.shared import mirror

    records, shared = _shared_documents(settings)
    with records:
        documents, revision = shared.all(), shared.revision()
    changed = mirror(directory, documents)
    click.echo(
        f"已导出 {len(documents)} 个文件到 {directory}（变更 {len(changed)} 个）；知识库版本 {revision}"
    )
