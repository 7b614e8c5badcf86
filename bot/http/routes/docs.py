"""The OpenAPI explorer at /docs: Swagger UI served from the `swagger-ui-bundle-v2` package (Swagger UI 5, which reads OpenAPI 3.1), never a CDN.

The page runs under the same Content-Security-Policy as every other page (no inline script: the set-up
lives in web/static/docs.js), and works on a site without internet access.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

ASSETS = "/docs/assets"

router = APIRouter(include_in_schema=False)

PAGE = f"""<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>12351 职工服务 AI 助手 · 接口文档</title>
  <link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui" data-openapi-url="/openapi.json"></div>
  <script src="{ASSETS}/swagger-ui-bundle.js"></script>
  <script src="/static/docs.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    """Swagger UI over /openapi.json, from local assets."""
    return HTMLResponse(PAGE)


def install_docs(app: FastAPI) -> None:
    """The /docs page and its assets (FastAPI's own /docs and /redoc load from a CDN and stay off)."""
    app.mount(ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")
    app.include_router(router)
