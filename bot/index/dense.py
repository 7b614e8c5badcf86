"""Dense side of retrieval: several unit vectors per chunk in a FAISS inner-product index."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

VECTORS_FILE = "vectors.faiss"
OWNERS_FILE = "vector_chunk.npy"


class DenseVectors:
    """Vectors (passage + each sample question) with, per row, the position of the chunk that owns it."""

    def __init__(self, vectors: faiss.Index, vector_chunk: np.ndarray):
        self.vectors = vectors
        self.vector_chunk = vector_chunk

    @classmethod
    def from_matrix(
        cls, matrix: np.ndarray, vector_chunk: np.ndarray, dim: int, half: bool = False
    ) -> DenseVectors:
        """An exact inner-product index over the rows of `matrix` (unit vectors: inner product = cosine).

        `half` stores float16 (half the memory; cosines change in the fourth decimal).
        """
        if half:
            vectors = faiss.IndexScalarQuantizer(
                dim, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
            )
        else:
            vectors = faiss.IndexFlatIP(dim)
        if len(matrix):
            vectors.add(matrix)
        return cls(vectors, vector_chunk)

    def count(self) -> int:
        """Number of vectors."""
        return int(self.vectors.ntotal)

    def matrix(self) -> np.ndarray:
        """Every vector as an (n, dim) float32 array, in row order."""
        return self.vectors.reconstruct_n(0, self.vectors.ntotal)

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Top-k chunks by their best-matching vector: (chunk position, cosine)."""
        if self.vectors.ntotal == 0:
            return []
        # Each chunk owns several vectors; over-fetch so k distinct chunks survive the max-per-chunk merge.
        fetch = min(self.vectors.ntotal, k * 8)
        # One query vector gains nothing from OpenMP threads, and on a busy machine their spin-waiting made a
        # search over 35,000 vectors ~4x slower (bench/bench_retrieval.py). The setting is per calling thread,
        # so it is made here, in whichever server thread searches.
        faiss.omp_set_num_threads(1)
        scores, ids = self.vectors.search(query_vector.reshape(1, -1).astype(np.float32), fetch)
        best: dict[int, float] = {}
        for score, vid in zip(scores[0], ids[0], strict=True):
            if vid < 0:
                continue
            chunk_pos = int(self.vector_chunk[vid])
            if chunk_pos not in best:
                best[chunk_pos] = float(score)
            if len(best) == k:
                break
        return list(best.items())

    def save(self, directory: Path) -> None:
        faiss.write_index(self.vectors, str(directory / VECTORS_FILE))
        np.save(directory / OWNERS_FILE, self.vector_chunk)

    @classmethod
    def load(cls, directory: Path) -> DenseVectors:
        return cls(faiss.read_index(str(directory / VECTORS_FILE)), np.load(directory / OWNERS_FILE))
