"""HTML pages rendered on the server (Jinja2 templates in web/templates).

The chat page works without JavaScript: its forms post here and the server renders the answer's sections
(the `answer_sections` macro in web/templates/_answer.html), with citation markers as links to the cited
sources. web/static/app.js enhances the same page (streaming, citation panel, saved conversation) and draws
answers from the same section JSON.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from bot.errors import BotError
from bot.http.deps import AssistantDep, IndexDep, MetricsDep, RecordsDep, limit_feedback, limit_handoffs
from bot.http.schemas import AnswerIn, FeedbackIn, HandoffIn
from bot.http.service import (
    answer_payload,
    answer_request,
    check_issued_session,
    handoff_message,
    run_once,
    source_record,
)
from bot.vocab import MAX_QUESTION_CHARS, TICKET_CATEGORIES, Status

router = APIRouter(include_in_schema=False)

# Suggested questions on an empty conversation, one or two per category, phrased the way workers ask.
SUGGESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工资", ("老板拖欠工资怎么办？", "加班费怎么算？")),
    ("劳动合同", ("试用期最长可以定多久？", "单位一直不跟我签劳动合同怎么办？")),
    ("工伤", ("工伤认定要在多长时间内申请？", "单位不给报工伤，我自己能申请吗？")),
    ("休假", ("带薪年休假有几天？",)),
    ("社会保险", ("公司不给交社保怎么办？",)),
    ("女职工", ("产假有多少天？", "怀孕期间单位能辞退我吗？")),
    ("工会", ("怎样申请加入工会？", "工会对困难职工有哪些帮扶？")),
)

# Messages for the no-JavaScript forms, by the field pydantic rejected.
_ANSWER_FIELD_ERRORS = {
    "question": f"问题太长了，请控制在 {MAX_QUESTION_CHARS} 字以内",
    "session_id": "会话编号无效，请点击“新对话”重新开始",
}
_HANDOFF_FIELD_ERRORS = {
    "category": "请选择诉求类别",
    "description": "请简要描述您遇到的问题（2000 字以内）",
    "phone": "请填写联系电话，方便工作人员回电",
    "name": "姓名请控制在 50 字以内",
    "session_id": "会话编号无效，请点击“新对话”重新开始",
}
_FEEDBACK_ERROR = "评价提交失败：找不到要评价的回答，请刷新页面后再试"


def render_chat(request: Request, status_code: int = 200, **context) -> HTMLResponse:
    """The chat page; `context` carries the turn, notices, errors and form values to show."""
    turn = context.get("turn")
    base = {
        "suggestions": SUGGESTIONS,
        "categories": TICKET_CATEGORIES,
        "turn": None,
        "session_id": context.get("session_id") or (turn or {}).get("session_id") or "",
        "error": "",
        "notice": "",
        "handoff": {},
        "handoff_error": "",
        "handoff_open": bool(turn and turn["status"] == Status.NO_MATCH),
        "ticket": None,
        # A fresh key per rendered 转人工 form: submitting it twice opens one ticket.
        "handoff_key": uuid.uuid4().hex,
    }
    base.update(context)
    return request.app.state.templates.TemplateResponse(request, "index.html", base, status_code=status_code)


def first_error_message(exc: ValidationError, messages: dict[str, str]) -> str:
    """The form message for the first field pydantic rejected."""
    for error in exc.errors():
        field = str(error.get("loc", ("",))[0])
        if field in messages:
            return messages[field]
    return "提交的内容有误，请检查后重试"


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request):
    """The chat page: an empty conversation with suggested questions."""
    return render_chat(request)


@router.post("/", response_class=HTMLResponse)
def chat_post(
    request: Request,
    assistant: AssistantDep,
    records: RecordsDep,
    metrics: MetricsDep,
    question: Annotated[str, Form()] = "",
    session_id: Annotated[str, Form()] = "",
):
    """The no-JavaScript question form: answer on the server and render the page with it."""
    question = question.strip()
    if not question:
        return render_chat(request, 400, error="请先输入您的问题", session_id=session_id)
    try:
        body = AnswerIn(question=question, session_id=session_id or None)
    except ValidationError as exc:
        message = first_error_message(exc, _ANSWER_FIELD_ERRORS)
        return render_chat(request, 422, error=message, question=question[:MAX_QUESTION_CHARS])
    try:
        answer, session, turn_id = answer_request(body, assistant, records, metrics)
    except BotError as exc:
        return render_chat(request, exc.status, error=exc.message, question=question, session_id=session_id)
    turn = {"question": question, **answer_payload(answer, session, turn_id)}
    return render_chat(
        request, turn=turn, handoff={"description": question if answer.status == Status.NO_MATCH else ""}
    )


@router.post("/handoff", response_class=HTMLResponse, dependencies=[Depends(limit_handoffs)])
def handoff_post(
    request: Request,
    records: RecordsDep,
    category: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    phone: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    session_id: Annotated[str, Form()] = "",
    idempotency_key: Annotated[str, Form(max_length=100)] = "",
):
    """The no-JavaScript 转人工 form: open a ticket and show its number, or re-show the form with the problem.
    The form carries a key made when it was rendered, so a double submit shows the same ticket."""
    values = {"category": category, "description": description, "phone": phone, "name": name}
    try:
        body = HandoffIn(
            category=category,
            description=description.strip(),
            phone=phone.strip(),
            name=name.strip(),
            session_id=session_id or None,
        )

        def open_ticket() -> dict:
            return {
                "number": records.tickets.create(
                    body.category, body.description, body.phone, body.name
                ).number
            }

        ticket = run_once(records, "handoff-form", idempotency_key or None, body, open_ticket)
    except ValidationError as exc:
        message = first_error_message(exc, _HANDOFF_FIELD_ERRORS)
        return render_chat(
            request, 422, handoff=values, handoff_error=message, handoff_open=True, session_id=session_id
        )
    except BotError as exc:
        return render_chat(
            request,
            exc.status,
            handoff=values,
            handoff_error=exc.message,
            handoff_open=True,
            session_id=session_id,
        )
    message = handoff_message(ticket["number"])
    return render_chat(
        request, ticket={"number": ticket["number"], "message": message}, session_id=session_id
    )


@router.post("/feedback", response_class=HTMLResponse, dependencies=[Depends(limit_feedback)])
def feedback_post(
    request: Request,
    records: RecordsDep,
    session_id: Annotated[str, Form()] = "",
    turn_id: Annotated[str, Form()] = "",
    rating: Annotated[str, Form()] = "",
):
    """The no-JavaScript 👍/👎 buttons: store the rating and thank the worker."""
    try:
        body = FeedbackIn(session_id=session_id, turn_id=turn_id or None, rating=rating)
        check_issued_session(records, body.session_id)
        records.feedback.add(body.turn_id, body.session_id, body.rating, body.comment)
    except ValidationError:
        return render_chat(request, 422, error=_FEEDBACK_ERROR)
    except BotError as exc:
        return render_chat(request, exc.status, error=exc.message, session_id=session_id)
    return render_chat(request, notice="谢谢您的评价！我们会据此改进回答。", session_id=session_id)


@router.get("/sources/{snippet_id}", response_class=HTMLResponse)
def source_page(request: Request, snippet_id: str, index: IndexDep):
    """A knowledge snippet as a page: title, region, source, effective date, body."""
    source = source_record(index, snippet_id)
    return request.app.state.templates.TemplateResponse(request, "source.html", {"source": source})
