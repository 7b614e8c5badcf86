"""Operations: liveness, readiness, Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from bot.http.deps import MetricsDep
from bot.http.errors import error_json
from bot.http.metrics import CONTENT_TYPE

router = APIRouter()


@router.get("/healthz", tags=["ops"])
def healthz() -> dict:
    """Liveness: the process answers."""
    return {"ok": True}


@router.get("/readyz", tags=["ops"])
def readyz(request: Request) -> JSONResponse:
    """Readiness: the index is loaded. While an older version stands in for a damaged current one,
    `fallback_from` names the damaged version and `reason` says what is wrong with it."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return error_json(503, "索引尚未加载")
    serving = runtime.serving
    return JSONResponse(
        {
            "ok": True,
            "index_version": serving.version,
            "chunks": runtime.index().count(),
            **serving.fallback(),
        }
    )


@router.get("/metrics", tags=["ops"])
def metrics_endpoint(metrics: MetricsDep) -> Response:
    """Prometheus metrics: request counts, latencies, answers by status."""
    return Response(metrics.render(), media_type=CONTENT_TYPE)
