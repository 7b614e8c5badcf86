"""Staff teach the assistant from real traffic (shared by the admin API and the dashboard's forms).

Linking appends the worker's question, PII-redacted, to the `questions` of the snippet that should have
answered it (in its file, validated and written atomically), logs who did it and when, and asks for an
incremental rebuild, after which the question's vector sits on that snippet. Declining stores the question
as an example of what the assistant should refuse: the scope check (bot.answering.referral) reads it at the
next question here, and within seconds on every other process sharing the database. A decline marked by
mistake is taken back the same way (an undo row in the log; the example leaves the scope check).
"""

from __future__ import annotations

import re

from bot.errors import NotFoundError, QueryError
from bot.records.teaching import DECLINE, LINK, UNDECLINE
from bot.runtime import Runtime
from bot.text.redact import redact

# A sample question is a short sentence; the worker's long story is trimmed by staff before linking.
MAX_LINKED_CHARS = 200
DEFAULT_STAFF = "管理员"


def clean_question(question: object) -> str:
    """One line, redacted; QueryError (422) when empty or too long for a sample question."""
    text = re.sub(r"\s+", " ", question if isinstance(question, str) else "").strip()
    if not text:
        raise QueryError("问题不能为空")
    if len(text) > MAX_LINKED_CHARS:
        raise QueryError(f"问题太长（{len(text)} 字）：作为样例问法请精简到 {MAX_LINKED_CHARS} 字以内")
    return redact(text)


def link_question(
    runtime: Runtime, question: str, snippet_id: str, staff: str = "", client: str = ""
) -> dict:
    """Add the question to the snippet, record it, start the rebuild; the outcome with the rebuild state."""
    text = clean_question(question)
    path, added = runtime.document_store().add_question(snippet_id.strip(), text)
    mark = runtime.records.teaching.record(
        LINK, text, staff.strip() or DEFAULT_STAFF, client, snippet_id=snippet_id.strip(), path=path
    )
    shared = runtime.follower is not None
    # With PostgreSQL every replica's follower rebuilds on the new knowledge revision, this one included.
    build = runtime.build_job.request() if added and not shared else runtime.build_job.status
    if not added:
        message = "该条目已有这个问法，无需更新"
    elif shared:
        message = "已加入该条目的样例问法并写入共享数据库，各服务副本将在几秒内自动重建索引"
    else:
        message = "已加入该条目的样例问法，索引正在更新"
    return {
        "ok": True,
        "question": text,
        "snippet_id": mark.snippet_id,
        "path": path,
        "added": added,
        "message": message,
        "rebuild": build.as_dict(),
    }


def decline_question(runtime: Runtime, question: str, staff: str = "", client: str = "") -> dict:
    """Store the question as one the assistant should decline; the scope check takes it up at once."""
    text = clean_question(question)
    return _scope_mark(
        runtime,
        DECLINE,
        text,
        staff,
        client,
        "已记录为“应拒答”的问题并加入范围判断的样例：相近的问题今后将婉拒，并建议拨打 12348 公共法律服务热线",
    )


def undecline_question(runtime: Runtime, question: str, staff: str = "", client: str = "") -> dict:
    """Take back a "should be declined" mark; NotFoundError (404) when the question is not marked."""
    text = clean_question(question)
    if text not in {mark.question for mark in runtime.records.teaching.declined_marks()}:
        raise NotFoundError(f"“{text}”没有被标为应拒答，无需撤销")
    return _scope_mark(
        runtime,
        UNDECLINE,
        text,
        staff,
        client,
        "已撤销“应拒答”标记：这个问题不再作为范围判断的样例，相近的问题将照常解答",
    )


def _scope_mark(runtime: Runtime, action: str, text: str, staff: str, client: str, message: str) -> dict:
    """Log a decline mark or its undo, and have this process's scope check read the examples again now."""
    runtime.records.teaching.record(action, text, staff.strip() or DEFAULT_STAFF, client)
    referral = getattr(runtime.assistant, "referral", None)
    if referral is not None:
        referral.refresh()
    return {"ok": True, "question": text, "message": message}
