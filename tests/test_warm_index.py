"""What answers derive from an index version is made once, before the version serves a worker."""

from __future__ import annotations

import logging
import threading
import time

import numpy as np
import pytest
from conftest import FakeEmbedder, write_knowledge
from pydantic import ValidationError

from bot.config import Settings
from bot.heap import fix_mmap_threshold
from bot.index.build import run_build
from bot.index.derived import PerIndex
from bot.index.serving import ServingIndex
from bot.index.versions import IndexStore
from bot.runtime import build_runtime


class Version:
    """Stands for an index version: PerIndex only compares identities."""


def test_a_value_is_made_once_while_several_threads_ask_for_it():
    derived, calls = PerIndex(), []

    def make():
        calls.append(1)
        time.sleep(0.05)  # long enough for every thread to arrive while it is being made
        return "value"

    version = Version()
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(derived.get(version, "k", make))) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["value"] * 6 and len(calls) == 1


def test_the_serving_and_the_prepared_versions_both_stay_warm():
    derived = PerIndex()
    old, new, newer = Version(), Version(), Version()
    made = []
    for version in (old, new, old, new):
        derived.get(version, "k", lambda v=version: made.append(v) or v)
    assert made == [old, new]  # asking the old version again did not drop the new one's value
    derived.get(newer, "k", lambda: made.append(newer))
    derived.get(old, "k", lambda: made.append(old))
    assert made == [old, new, newer, old]  # only two versions are kept


def test_a_swap_prepares_the_new_index_first_and_survives_a_failing_preparer(caplog):
    serving = ServingIndex(Version(), "v1")
    seen = []
    serving.prepare_with(lambda index: seen.append((index, serving.current())))

    def broken(index):
        raise RuntimeError("warm-up failed")

    serving.prepare_with(broken)
    new = Version()
    with caplog.at_level(logging.ERROR, logger="bot.index.serving"):
        serving.swap("v2", new)
    assert seen[0][0] is new and seen[0][1] is not new  # prepared while the old one still served
    assert serving.current() is new and serving.version == "v2"
    assert "v2" in caplog.text


def test_the_runtime_warms_the_served_version_and_every_version_swapped_in(tmp_path):
    knowledge = write_knowledge(tmp_path / "knowledge", ["wage-arrears", "injury-deadline", "annual-leave"])
    store = IndexStore(tmp_path / "index")
    run_build(knowledge, store, FakeEmbedder())
    runtime = build_runtime(
        Settings(knowledge_dir=knowledge, index_dir=store.root, data_dir=tmp_path / "data"),
        embedder=FakeEmbedder(),
    )
    assistant = runtime.assistant
    first = runtime.index()
    assert {"missing", "hubs", "homophones"} <= set(assistant.derived(first))
    write_knowledge(knowledge, ["union-join"])
    version, new, _ = run_build(knowledge, store, FakeEmbedder(), previous=first)
    assert "hubs" not in assistant.derived(new)
    runtime.serving.swap(version, new)
    assert runtime.index() is new
    assert {"missing", "hubs", "homophones"} <= set(assistant.derived(new))
    assert np.isfinite(list(assistant.hub_penalties(new).values())).all()


def test_the_heap_threshold_is_set_here_and_zero_leaves_the_default():
    import ctypes.util

    assert fix_mmap_threshold(0) is False
    assert fix_mmap_threshold(131072) is (ctypes.util.find_library("c") is not None)


def test_a_negative_heap_threshold_is_refused():
    with pytest.raises(ValidationError):
        Settings(malloc_mmap_threshold=-1)
