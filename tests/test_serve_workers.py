"""`bot serve --workers N`: accepted connections have TCP_NODELAY, so kept-alive requests are not held back."""

from __future__ import annotations

import ctypes
import http.client
import os
import socket
from pathlib import Path

import pytest

pytest_plugins = ["support.app_fixtures"]
pytestmark = pytest.mark.slow

SYS_PIDFD_OPEN = 434
SYS_PIDFD_GETFD = 438


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (the uvicorn workers of a supervisor)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def borrow_socket(pid: int, fd: int) -> socket.socket:
    """A duplicate of another process's socket descriptor (pidfd_getfd, Linux 5.6+; the test runs as its
    owner), so its options can be read from here."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = libc.syscall(SYS_PIDFD_OPEN, pid, 0)
    if pidfd < 0:
        raise OSError(ctypes.get_errno(), "pidfd_open")
    try:
        copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
        if copy < 0:
            raise OSError(ctypes.get_errno(), "pidfd_getfd")
    finally:
        os.close(pidfd)
    return socket.socket(fileno=copy)


def server_side(workers: list[int], client: socket.socket) -> socket.socket:
    """The worker's end of the client's connection, found among the workers' open sockets."""
    wanted = (client.getpeername(), client.getsockname())
    for pid in workers:
        for entry in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if not os.readlink(entry).startswith("socket:["):
                    continue
                sock = borrow_socket(pid, int(entry.name))
            except OSError:
                continue
            try:
                if sock.type == socket.SOCK_STREAM and (sock.getsockname(), sock.getpeername()) == wanted:
                    return sock
            except OSError:
                pass  # a listening or unconnected socket has no peer
            sock.close()
    raise AssertionError("no worker holds the server side of the connection")


def test_two_workers_set_tcp_nodelay_on_accepted_connections(small_index_dir, tmp_path):
    from support.app_fixtures import free_port, start_server, stop_server

    port = free_port()
    server = start_server(small_index_dir, tmp_path / "data", port, timeout=120, workers=2)
    try:
        workers = children(server.pid)
        # uvicorn's supervisor spawns the workers (and possibly a resource tracker) as children.
        assert len(workers) >= 2, workers
        for _ in range(4):  # fresh connections, so both workers are likely to be checked
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                for _ in range(2):  # kept alive: the second request reuses the connection
                    connection.request("GET", "/healthz")
                    response = connection.getresponse()
                    assert response.status == 200 and response.read() == b'{"ok":true}'
                accepted = server_side(workers, connection.sock)
                with accepted:
                    assert accepted.proto == socket.IPPROTO_TCP
                    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            finally:
                connection.close()
    finally:
        stop_server(server)
