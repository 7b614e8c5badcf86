"""HTML pages rendered on the server (Jinja2 templates in web/templates)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from bot.api import source_record
from bot.deps import AssistantDep

router = APIRouter(include_in_schema=False)


@router.get("/sources/{snippet_id}", response_class=HTMLResponse)
def source_page(request: Request, snippet_id: str, assistant: AssistantDep):
    """A knowledge snippet as a page: title, region, source, effective date, body."""
    source = source_record(assistant, snippet_id)
    return request.app.state.templates.TemplateResponse(request, "source.html", {"source": source})
