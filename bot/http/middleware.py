"""Plain ASGI middleware: body-size limit, security headers and per-route metrics (no buffering of streams)."""

from __future__ import annotations

import re
import time

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.http.errors import error_response

# The console's notes may be a whole call's transcript: 20,000 characters, which JSON with \u escapes makes
# 120 KB; these paths get this larger limit.
LARGE_BODY_PREFIXES = ("/api/console/",)
LARGE_BODY_BYTES = 256 * 1024


def install_middleware(app: FastAPI, max_body_bytes: int) -> None:
    """Body-size limit and per-route metrics, as plain ASGI so streaming responses are not buffered."""
    inner = app.build_middleware_stack

    def route_of(scope) -> str:
        route = scope.get("route")
        return getattr(route, "path", None) or "unmatched"

    class Guard:
        def __init__(self, wrapped):
            self.wrapped = wrapped

        async def __call__(self, scope, receive, send):
            if scope["type"] != "http":
                return await self.wrapped(scope, receive, send)
            started = time.perf_counter()
            status_holder = {"status": 500}

            async def tracking_send(message):
                if message["type"] == "http.response.start":
                    status_holder["status"] = message["status"]
                    message = {
                        **message,
                        "headers": [*message.get("headers", []), *SECURITY_HEADERS],
                    }
                await send(message)

            headers = dict(scope.get("headers") or [])
            limit = max_body_bytes
            if scope.get("path", "").startswith(LARGE_BODY_PREFIXES):
                limit = max(max_body_bytes, LARGE_BODY_BYTES)
            length = headers.get(b"content-length")
            refusal = None
            if length is not None and not length.isdigit():
                refusal = (400, "请求头 Content-Length 无效")
            elif length is not None and int(length) > limit:
                refusal = (413, f"请求内容太大（上限 {limit // 1024} KB）")
            if refusal is not None:
                # Answered before routing, but in the one error shape (the error page for a browser's
                # form), with the security headers like every other response.
                await error_response(Request(scope), *refusal)(scope, receive, tracking_send)
                app.state.metrics.observe_request(
                    scope["method"], "unmatched", refusal[0], time.perf_counter() - started
                )
                return
            received = 0
            urlencoded = headers.get(b"content-type", b"").startswith(b"application/x-www-form-urlencoded")

            async def limited_receive():
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise _BodyTooLarge(f"请求内容太大（上限 {limit // 1024} KB）")
                    if urlencoded:
                        message = {**message, "body": _percent_encode(message.get("body", b""))}
                return message

            try:
                await self.wrapped(scope, limited_receive, tracking_send)
            except _BodyTooLarge as exc:
                await error_response(Request(scope), 413, exc.detail)(scope, receive, tracking_send)
            finally:
                # Also after an unexpected error (already answered 500 by the error handler, then re-raised).
                app.state.metrics.observe_request(
                    scope["method"], route_of(scope), status_holder["status"], time.perf_counter() - started
                )

    def build():
        return Guard(inner())

    app.build_middleware_stack = build


# Pages load only their own scripts and styles (no inline code, no CDN), the API explorer at /docs included.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Added to every response: the CSP, no MIME sniffing, no referrer leaks.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
]


class _BodyTooLarge(StarletteHTTPException):
    """Raised inside the receive channel when a streamed body passes the limit.

    An HTTP exception, because FastAPI re-raises those while reading a body (any other error becomes a 400
    "error parsing the body"), so the error handler answers 413 in the one error shape.
    """

    def __init__(self, message: str):
        super().__init__(413, message)


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _percent_encode(body: bytes) -> bytes:
    """Percent-encode raw non-ASCII bytes of a URL-encoded form body. Browsers encode them already; `curl
    --data 'q=工资'` does not, and the form parser read such bytes as Latin-1 (工资 became å·¥èµ\x84).
    Encoded, they are decoded as UTF-8 like everything else. Byte by byte, so it works on any chunk."""
    return _NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], body)
