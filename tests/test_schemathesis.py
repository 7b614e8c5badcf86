"""Property-based API testing from /openapi.json (schemathesis, in-process ASGI): no input gives a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from bot.config import Settings
from bot.http.app import create_app

pytestmark = pytest.mark.slow
pytest_plugins = ["support.app_fixtures"]

# The document is the app's own /openapi.json; building it needs no index, so it is read at collection.
# (schemathesis' lazy `from_fixture` loader does not work with pytest 9: it reads a removed `_nodeid`.)
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@pytest.fixture(scope="module")
def app(small_index_dir, usem3, tmp_path_factory):
    """The app on the small index; schemathesis starts its lifespan on the first request and keeps it."""
    app_settings = Settings(index_dir=small_index_dir, data_dir=tmp_path_factory.mktemp("schemathesis-data"))
    return create_app(app_settings, embedder=usem3)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_no_input_gives_a_server_error(case, app):
    case.call_and_validate(app=app, checks=[not_a_server_error])
