"""Running the desk: bind the address first (a taken port is a one-line error before any model
loads), then serve the app with uvicorn on that socket until Ctrl-C or SIGTERM.

Uvicorn's own log lines go to stderr (stdout carries data, and a server prints none).
"""

from __future__ import annotations

import copy
import ipaddress
import socket

from verifier.errors import InputError
from verifier.serve.desk import Desk

# Open event streams get this long to end before the server stops anyway.
GRACEFUL_S = 3


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or ``InputError`` (V007)."""
    host = host.strip("[]")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r} is not an address of this machine ({exc.strerror}).",
                         code="V007", hint="Use 127.0.0.1 (this machine only) or an address it has.") from exc
    family, _, _, _, address = infos[0]
    try:
        return socket.create_server(address, family=family, backlog=128)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port} ({exc.strerror}).", code="V007",
                         hint="Pick another --port (--port 0 takes a free one), or stop the "
                              "program that holds it.") from exc


def log_config(access_log: bool) -> dict:
    """uvicorn's logging, every line on stderr."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    if not access_log:
        config["loggers"]["uvicorn.access"]["level"] = "WARNING"
    return config


def make_server(app, desk: Desk, *, access_log: bool = True):
    """A uvicorn server for ``app`` whose stop also ends ``desk``'s open event streams (set
    ``.should_exit`` to stop it from another thread)."""
    import uvicorn

    class _Server(uvicorn.Server):
        def handle_exit(self, sig, frame) -> None:
            desk.close_streams()  # open run pages end their event streams now
            super().handle_exit(sig, frame)
            # Ctrl-C and SIGTERM are how a server is stopped: after the clean shutdown the
            # command exits 0 (uvicorn would raise the signal again and die by it).
            self._captured_signals.clear()

    config = uvicorn.Config(app, log_config=log_config(access_log), lifespan="off",
                            timeout_graceful_shutdown=GRACEFUL_S, server_header=False,
                            proxy_headers=False)
    return _Server(config)


def serve(app, sock: socket.socket, desk: Desk, *, access_log: bool = True) -> None:
    """Serve ``app`` on ``sock`` until interrupted; then stop ``desk``'s worker (a run in
    progress is taken up again at the next start)."""
    try:
        make_server(app, desk, access_log=access_log).run(sockets=[sock])
    finally:
        desk.close()
