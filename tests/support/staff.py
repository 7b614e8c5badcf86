"""Signing a test client in as staff through the real sign-in form."""

from __future__ import annotations

import re

from bot.http.deps import ADMIN_COOKIE

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def sign_in(client, token: str) -> tuple[dict[str, str], str]:
    """Sign in with the form; returns (headers carrying the session cookie, the session's CSRF token).

    The cookie is returned as a header (and dropped from the client's jar), so a test decides per request
    whether the browser's cookie is sent."""
    response = client.post("/admin/login", data={"token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    session_id = response.cookies[ADMIN_COOKIE]
    client.cookies.clear()
    cookie = {"Cookie": f"{ADMIN_COOKIE}={session_id}"}
    page = client.get("/admin/insights", headers={**cookie, "Accept": "text/html"})
    assert page.status_code == 200, page.text
    return cookie, CSRF_FIELD.search(page.text).group(1)
