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
    """Readiness: the index is loaded (503 until then). While an older version stands in for a damaged current
    one, `fallback_from` names the damaged version and `reason` says what is wrong with it. The records
    database is checked too: when it is unreachable the replica still answers (turns are not logged), so it
    stays ready but says "degraded"."""
    runtime = getattr(request.app.state, "runtime", None)
    if runtime is None:
        return error_json(503, "索引尚未加载")
    serving = runtime.serving
    body = {
        "ok": True,
        "index_version": serving.version,
        "chunks": runtime.index().count(),
        **serving.fallback(),
    }
    records = runtime.records
    if records is not None:
        healthy = records.db.ping()
        body["database"] = {"backend": records.db.dialect, "ok": healthy}
        if not healthy:
            body["status"] = "degraded"
            body["database"]["error"] = records.db.last_error
            body["database"]["message"] = "对话记录数据库暂时不可用：仍可回答问题，但对话、评价和工单无法保存"
        else:
            body["status"] = "ready"
    return JSONResponse(body)


@router.get("/metrics", tags=["ops"])
def metrics_endpoint(metrics: MetricsDep) -> Response:
    """Prometheus metrics: request counts, latencies, answers by status."""
    return Response(metrics.render(), media_type=CONTENT_TYPE)
