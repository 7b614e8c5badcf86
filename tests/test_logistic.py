"""The logistic regression behind the scope classifier (bot.answering.logistic, bot.answering.referral) and the
issue model's trainer."""

from __future__ import annotations

import numpy as np
from conftest import SNIPPETS, FakeEmbedder, write_snippet

from bot.answering.logistic import train_logistic
from bot.answering.referral import REFERRAL_TOPIC, STORY_FILES, ReferralCheck, _examples, labour_vectors
from bot.index.build import build_index
from bot.knowledge.folder import read_knowledge

OUTSIDE = ["房东不退租房押金", "离婚后孩子抚养费", "邻居家的狗咬伤了孩子", "网购的手机是假货"]


def test_a_logistic_regression_separates_two_clusters_and_weighs_the_classes_equally():
    rng = np.random.default_rng(0)
    centre = np.zeros(8)
    centre[0] = 1.0
    outside = centre + 0.3 * rng.standard_normal((10, 8))  # few examples of one class...
    labour = -centre + 0.3 * rng.standard_normal((200, 8))  # ...many of the other
    model = train_logistic({"v": np.vstack([outside, labour])}, np.r_[np.ones(10), np.zeros(200)])
    p = model.predict({"v": np.vstack([centre, -centre, np.zeros(8)])})
    assert p[0] > 0.9 and p[1] < 0.1
    assert 0.2 < p[2] < 0.8  # the midpoint stays undecided although one class is twenty times larger


def tiny_index(tmp_path, embedder):
    knowledge = tmp_path / "knowledge"
    for snippet_id in ("wage-arrears", "annual-leave", "union-join"):
        write_snippet(knowledge, snippet_id, subdir="rules", **SNIPPETS[snippet_id])
    write_snippet(
        knowledge,
        "hotline-12348",
        subdir="hotline",
        title="劳动法以外的法律问题",
        topic=REFERRAL_TOPIC,
        questions=["离婚的问题可以问你吗", "借钱不还去哪里咨询法律", "12348是什么电话"],
    )
    return build_index(read_knowledge(knowledge), embedder)


def test_the_12348_snippet_trains_neither_side(tmp_path):
    index = tiny_index(tmp_path, FakeEmbedder())
    owners = np.asarray(index.dense.vector_chunk)
    referral_rows = sum(index.chunks[int(pos)].topic == REFERRAL_TOPIC for pos in owners)
    assert referral_rows == 4  # its passage and three questions
    assert len(labour_vectors(index)) == index.dense.count() - referral_rows


class Marks:
    """Staff marks kept in memory (the DeclinedSource of the records store)."""

    def __init__(self):
        self.questions: list[str] = []

    def declined_revision(self):
        return len(self.questions)

    def declined_questions(self):
        return list(self.questions)


def test_the_classifier_is_trained_once_per_index_and_again_after_a_staff_mark(tmp_path):
    embedder, marks = FakeEmbedder(), Marks()
    index = tiny_index(tmp_path, embedder)
    check = ReferralCheck(embedder, examples=OUTSIDE, declined=marks)
    first = check.classifier(index)
    assert first is not None and check.classifier(index) is first

    marked = "单位宿舍的热水器坏了找谁修"
    vector = embedder.embed([marked])
    before = float(first.score({"vector": vector})[0])
    marks.questions.append(marked)
    check.refresh()
    second = check.classifier(index)
    assert second is not first
    assert float(second.score({"vector": vector})[0]) > before  # the marked question now counts as outside

    other = tiny_index(tmp_path / "again", embedder)  # a rebuilt index: trained again
    assert check.classifier(other) is not second


def test_the_classifier_moves_the_decision_except_for_a_story_that_reports_work(tmp_path):
    embedder = FakeEmbedder()
    index = tiny_index(tmp_path, embedder)
    question = embedder.embed(["房东不退押金还扣了我的东西"])[0]
    # The margin alone keeps the question (a labour passage is as near as the nearest example)...
    nearest = float(np.max(embedder.embed(OUTSIDE) @ question))
    margin_only = ReferralCheck(embedder, examples=OUTSIDE, classifier_weight=0.0)
    assert not margin_only.outside_labour_law(question, nearest, index=index)
    # ...a strongly weighted classifier that has learnt leases are outside refers it...
    check = ReferralCheck(embedder, examples=OUTSIDE, classifier_weight=10.0)
    assert check.classifier(index).score({"vector": question[None]})[0] > 0
    assert check.outside_labour_law(question, nearest, index=index)
    # ...but not when the story reports work, nor without an index to train on.
    assert not check.outside_labour_law(question, nearest, index=index, margin_only=True)
    assert not check.outside_labour_law(question, nearest)


def test_a_dialect_example_is_read_as_the_same_question_asked():
    # The question "业主唔退我押金，点算" reaches the check as Mandarin; its example must sit at the same place.
    embedder = FakeEmbedder()
    check = ReferralCheck(embedder, examples=["业主唔退我押金，点算"])
    mandarin = embedder.embed(["业主不退我押金,怎么办"])[0]
    assert float(check.vectors()[0] @ mandarin) > 0.999


def test_example_stories_count_on_both_sides_of_the_whole_question_but_not_of_a_clause():
    embedder = FakeEmbedder()
    outside_story = "上个月厂里发工资后跟工友去吃宵夜，结果食物中毒住院，店老板讲不关他的事，能叫他赔吗"
    labour_story = "我老公跑外卖送餐路上被小车撞了，家里还有房贷要还，站长讲这个不算工伤要我们自己私了"
    stories = {"outside": [outside_story], "labour": [labour_story]}
    check = ReferralCheck(embedder, examples=OUTSIDE, stories=stories, classifier_weight=0.0)
    plain = ReferralCheck(embedder, examples=OUTSIDE, stories={}, classifier_weight=0.0)
    told_outside, told_labour = embedder.embed([outside_story, labour_story])
    # A story told like a non-labour example story is referred although no short example is near it...
    assert not plain.outside_labour_law(told_outside, 0.5)
    assert check.outside_labour_law(told_outside, 0.5)
    # ...one told like a labour story is kept although no passage is near it...
    assert plain.outside_labour_law(told_labour, 0.0)
    assert not check.outside_labour_law(told_labour, 0.0)
    # ...and a clause's score (the story thresholds were chosen without the stories) does not change.
    assert check.score(told_outside, 0.5) == plain.score(told_outside, 0.5)
    assert check.score(told_labour, 0.0) == plain.score(told_labour, 0.0)


def test_the_example_stories_load_from_their_files_without_a_line_on_both_sides():
    sides = {side: _examples(path) for side, path in STORY_FILES.items()}
    assert len(sides["outside"]) >= 200 and len(sides["labour"]) >= 100
    assert not set(sides["outside"]) & set(sides["labour"])
    assert not set(sides["outside"]) & set(_examples())  # the short examples are not repeated
    check = ReferralCheck(FakeEmbedder(), examples=OUTSIDE)
    vectors = check.story_vectors()
    assert {side: len(v) for side, v in vectors.items()} == {side: len(t) for side, t in sides.items()}


def test_the_example_stories_are_embedded_once_per_embedder():
    class Counting(FakeEmbedder):
        calls = 0

        def embed(self, texts):
            Counting.calls += len(texts)
            return super().embed(texts)

    stories = {"outside": ["放假去钓鱼被狗咬了"], "labour": ["老板欠我三个月工资"]}
    embedder = Counting()
    first = ReferralCheck(embedder, examples=OUTSIDE, stories=stories).story_vectors()
    second = ReferralCheck(embedder, examples=OUTSIDE, stories=stories).story_vectors()
    assert Counting.calls == 2 and np.array_equal(first["outside"], second["outside"])
    # another embedder, or other stories, are embedded afresh
    ReferralCheck(Counting(), examples=OUTSIDE, stories=stories).story_vectors()
    ReferralCheck(embedder, examples=OUTSIDE, stories={"outside": ["邻居漏水"]}).story_vectors()
    assert Counting.calls == 5


def test_the_issue_model_trainer_folds_the_feature_scale_into_the_weights():
    # bench/train_issue_model.py trains on standardised features and stores weights for the raw ones: the
    # stored model must rank raw candidates as the standardised fit does.
    import importlib.util
    from pathlib import Path

    from bot.answering.issue_model import FEATURES, Candidate

    path = Path(__file__).resolve().parent.parent / "bench" / "train_issue_model.py"
    spec = importlib.util.spec_from_file_location("train_issue_model", path)
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, len(FEATURES))) * np.arange(1, len(FEATURES) + 1) + 50.0
    y = (x[:, FEATURES.index("cosine")] - 50.0 + 0.2 * rng.normal(size=400) > 0).astype(float)
    model = trainer.train(x, y)
    p = model.probabilities([Candidate("", None, "", dict(zip(FEATURES, row, strict=True))) for row in x])
    assert ((p >= 0.5) == (y == 1)).mean() > 0.95
    assert abs(model.weights["cosine"]) > 10 * abs(model.weights["clauses"])
