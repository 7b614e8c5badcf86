"""One error shape for every route: `{"ok": false, "error": "中文说明", "status": N}` or the error page."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.errors import BotError
from bot.text.redact import mask_digit_runs

logger = logging.getLogger(__name__)


def error_body(status: int, message: str) -> dict:
    """The JSON error shape, built in one place."""
    return {"ok": False, "error": message, "status": status}


def error_json(status: int, message: str) -> JSONResponse:
    """The JSON error shape as a response."""
    return JSONResponse(error_body(status, message), status_code=status)


def error_response(request: Request, status: int, message: str) -> Response:
    """One error shape: JSON `{ok, error, status}` for the API, an error page for browsers."""
    wants_html = "text/html" in request.headers.get("accept", "") and not request.url.path.startswith(
        ("/api/", "/v1/")
    )
    if wants_html:
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )
    return error_json(status, message)


_HTTP_MESSAGES = {
    400: "请求内容无法解析",
    404: "找不到该页面或接口",
    405: "不支持该请求方法",
    413: "请求内容太大",
}


def install_error_handlers(app: FastAPI) -> None:
    """Domain errors, HTTP errors and validation errors all leave in the same shape."""

    @app.exception_handler(BotError)
    async def bot_error(request: Request, exc: BotError):
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        # Framework details are English ("Method Not Allowed", "There was an error parsing the body"); the
        # user reads Chinese, so only a non-ASCII (our own) detail is shown as it is.
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
        return error_response(
            request, exc.status_code, detail or _HTTP_MESSAGES.get(exc.status_code, "请求有误")
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(request, 422, describe_validation(exc.errors()))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        logger.exception("unexpected error on %s", mask_digit_runs(request.url.path))
        return error_response(request, 500, "服务器内部错误，请稍后再试或拨打 12351")


_FIELD_NAMES = {
    "question": "问题",
    "history": "对话历史",
    "session_id": "会话编号",
    "region": "地区",
    "query": "查询",
    "k": "k",
    "category": "分类",
    "messages": "messages",
    "content": "内容",
    "role": "角色",
    "phone": "联系电话",
    "description": "问题描述",
    "name": "姓名",
    "rating": "评价",
    "turn_id": "回答编号",
    "comment": "意见",
    "header": "请求头",
}


# Characters of a field name or value quoted in a message (a hostile request can send megabytes of either).
QUOTE_CHARS = 100

# Messages by pydantic error type, for the types not handled with their context below; and what a value of
# the wrong type should have been. Pydantic's own messages are English ("Input should be a finite number"),
# so none of them is ever shown.
_TYPE_MESSAGES = {
    "finite_number": "必须是有限的数字",
    "int_from_float": "必须是整数",
    "none_required": "必须为空",
    "multiple_of": "不是允许的倍数",
}
_EXPECTED_TYPES = {
    "int": "整数",
    "float": "数字",
    "bool": "true 或 false",
    "string": "文本",
    "list": "列表",
    "dict": "对象（键: 值）",
    "model": "对象（键: 值）",
    "model_attributes": "对象（键: 值）",
}


def _quote(text: object) -> str:
    text = str(text)
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS] + "…"


def describe_validation(errors: list[dict]) -> str:
    """A readable Chinese message for the first few pydantic errors (never pydantic's English)."""
    parts = []
    for error in errors[:3]:
        kind = error.get("type", "")
        loc = [_quote(x) for x in error.get("loc", ()) if x != "body"]
        field = ".".join(_FIELD_NAMES.get(x, x) for x in loc) or "请求体"
        ctx = error.get("ctx") or {}
        if kind == "json_invalid":
            parts.append("请求体不是合法的 JSON")
        elif kind == "missing":
            parts.append(f"缺少字段：{field}")
        elif kind in ("string_too_long", "too_long"):
            limit = ctx.get("max_length", "")
            parts.append(f"{field} 超出长度限制（最多 {limit}）")
        elif kind in ("string_too_short", "too_short"):
            parts.append(f"{field} 不能为空")
        elif kind == "extra_forbidden":
            parts.append(f"不认识的字段：{field}")
        elif kind in ("literal_error", "enum"):
            parts.append(f"{field} 的取值不对，可选：{ctx.get('expected', '')}")
        elif kind in ("less_than_equal", "less_than"):
            parts.append(f"{field} 不能大于 {ctx.get('le', ctx.get('lt', ''))}")
        elif kind in ("greater_than_equal", "greater_than"):
            parts.append(f"{field} 不能小于 {ctx.get('ge', ctx.get('gt', ''))}")
        elif kind == "string_pattern_mismatch":
            parts.append(f"{field} 的格式不对")
        elif kind == "string_unicode":
            parts.append(f"{field} 含有无法识别的字符")
        elif kind == "value_error" and not str(ctx.get("error", "")).isascii():
            parts.append(f"{field} {_quote(ctx['error'])}")  # our own validators speak Chinese
        elif kind in _TYPE_MESSAGES:
            parts.append(f"{field} {_TYPE_MESSAGES[kind]}")
        elif kind.endswith(("_type", "_parsing")):
            expected = _EXPECTED_TYPES.get(kind.rsplit("_", 1)[0])
            parts.append(f"{field} 的类型不对" + (f"，应为{expected}" if expected else ""))
        else:
            parts.append(f"{field} 的值无效")
    return "；".join(parts) or "请求无效"
