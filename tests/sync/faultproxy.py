"""A fault-injecting HTTP/1.1 proxy for tests: loopback only, threaded, bounded.

It sits between a desk PC and the hub so a test can break the link at exactly the point it
wants: part-way through a request body, after the hub has answered but before the answer
reaches the PC, or by refusing connections altogether. It understands just enough HTTP/1.1
(a request head, Content-Length bodies, keep-alive) to know where those points are; it is
not a general proxy and refuses what it does not understand rather than guessing.

    with FaultProxy(hub.port) as proxy:
        proxy.drop_mid_body(after_bytes=1000)    # next POST /v1/push is cut after 1000 body bytes
        proxy.drop_response()                   # next push reaches the hub, its answer is lost
        proxy.link_down(); ...; proxy.link_up()   # connections refused, then accepted again
        proxy.on_answer(then=edit)               # no fault: `edit` runs while the answer waits
"""

from __future__ import annotations

import ipaddress
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_HEAD = 64 * 1024  # a request or response head larger than this is not ours
MAX_BODY = 64 * 1024 * 1024
MAX_CONNECTIONS = 32
IO_TIMEOUT = 15.0  # no socket read or write in the proxy waits longer than this


class _Closed(Exception):
    """The other side went away (or we decided it should)."""


@dataclass
class Fault:
    kind: str  # "mid_body" | "drop_response" | "hook"
    method: str
    path: str
    after_bytes: int = 0
    send_head: bool = False  # drop_response: forward the status line, headers, half the body
    times: int = 1
    then: Callable[[], None] | None = None  # run once the fault has struck, before the cut
    fired: int = 0


@dataclass
class Seen:
    method: str
    path: str
    fault: str | None = None
    status: int | None = None  # the hub's answer, if it gave one


@dataclass(eq=False)  # kept in a set: identity, not value
class _Conn:
    client: socket.socket
    upstream: socket.socket | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def close(self) -> None:
        with self.lock:
            for sock in (self.client, self.upstream):
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    sock.close()


def _loopback(host: str) -> str:
    addr = "127.0.0.1" if host == "localhost" else host
    if not ipaddress.ip_address(addr).is_loopback:
        raise ValueError(f"the fault proxy only talks to loopback addresses, not {host}")
    return addr


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1", *, host: str = "127.0.0.1") -> None:
        self.host = _loopback(host)
        self.target = (_loopback(target_host), target_port)
        self.port = 0
        self.seen: list[Seen] = []
        self.errors: list[Exception] = []  # from a fault's `then`, accepting, or unhandled HTTP
        self.refused = 0  # connections closed at once: too many open, or stopping
        self.response_delay = 0.0  # seconds each answer is held before reaching the client
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._conns: set[_Conn] = set()
        self._threads: set[threading.Thread] = set()
        self._stopping = threading.Event()
        self._acceptor: threading.Thread | None = None

    # --- life cycle ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> FaultProxy:
        self._listen()
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy-accept", daemon=True)
        self._acceptor.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._unlisten()
        self._drop_all()
        if self._acceptor is not None:
            self._acceptor.join(timeout=5)
        for t in list(self._threads):
            t.join(timeout=5)
        alive = [t.name for t in self._threads if t.is_alive()]
        if alive or (self._acceptor is not None and self._acceptor.is_alive()):
            raise RuntimeError(f"fault proxy threads did not stop: {alive}")

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what a test can set ---------------------------------------------------------------

    def passthrough(self) -> None:
        """Forget pending faults and let everything through."""
        with self._lock:
            self._faults.clear()
        self.response_delay = 0.0
        self.link_up()

    def drop_mid_body(self, after_bytes: int, *, method: str = "POST", path: str = "/v1/push",
                      times: int = 1, then: Callable[[], None] | None = None) -> Fault:
        """Forward the head and `after_bytes` of the body, then cut both connections."""
        return self._add(Fault("mid_body", method, path, after_bytes=after_bytes, times=times, then=then))

    def drop_response(self, *, method: str = "POST", path: str = "/v1/push", times: int = 1,
                      send_head: bool = False, then: Callable[[], None] | None = None) -> Fault:
        """Let the request reach the hub whole and read its full answer, then cut the client
        off: with send_head=False it hears nothing, else the head and half the body.
        `then` runs after the hub has answered and before the client is cut off."""
        return self._add(Fault("drop_response", method, path, send_head=send_head, times=times, then=then))

    def on_answer(self, then: Callable[[], None], *, method: str = "POST", path: str = "/v1/push",
                  times: int = 1) -> Fault:
        """No fault: run `then` once the hub has answered, before the answer is passed on
        (something happening on the PC while its request is in flight)."""
        return self._add(Fault("hook", method, path, times=times, then=then))

    def link_down(self) -> None:
        """Refuse new connections (the port is closed) and cut the open ones."""
        self._unlisten()
        self._drop_all()

    def link_up(self) -> None:
        if self._listener is None and not self._stopping.is_set():
            self._listen(self.port)

    def retarget(self, port: int) -> None:
        """Point at another hub port (a hub restarted); open connections are cut."""
        self.target = (self.target[0], port)
        self._drop_all()

    def requests(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if (method is None or s.method == method)
                    and (path is None or s.path == path)]

    def _add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def _take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for f in self._faults:
                if f.method == method and f.path == path and f.fired < f.times:
                    f.fired += 1
                    return f
        return None

    # --- sockets ---------------------------------------------------------------------------

    def _listen(self, port: int = 0) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Re-binding the same port after link_down must not wait for TIME_WAIT to clear.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, port))
        sock.listen(64)
        self.port = sock.getsockname()[1]
        self._listener = sock

    def _unlisten(self) -> None:
        sock, self._listener = self._listener, None
        if sock is not None:
            sock.close()

    def _drop_all(self) -> None:
        with self._lock:
            conns = list(self._conns)
        for c in conns:
            c.close()

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            sock = self._listener
            if sock is None:
                time.sleep(0.01)  # link down: nothing to accept until link_up
                continue
            try:
                ready, _, _ = select.select([sock], [], [], 0.05)
                if not ready:
                    continue
                client, _ = sock.accept()
            except (OSError, ValueError):  # closed under us by link_down/stop
                continue
            with self._lock:
                self._threads = {t for t in self._threads if t.is_alive()}
                full = len(self._threads) >= MAX_CONNECTIONS
            if full or self._stopping.is_set():
                self.refused += 1
                client.close()
                continue
            conn = _Conn(client)
            try:
                t = threading.Thread(target=self._serve, args=(conn,), name="faultproxy-conn", daemon=True)
                with self._lock:
                    self._conns.add(conn)
                    self._threads.add(t)
                t.start()
            except Exception as exc:  # never leave a client waiting on a socket nobody serves
                self.errors.append(exc)
                conn.close()

    def _then(self, fault: Fault) -> None:
        if fault.then is not None:
            try:
                fault.then()
            except Exception as exc:  # kept for the test to see; the connection is cut anyway
                self.errors.append(exc)

    # --- one client connection: request, answer, repeat (keep-alive) ------------------------

    def _serve(self, conn: _Conn) -> None:
        conn.client.settimeout(IO_TIMEOUT)
        buf = bytearray()
        try:
            while not self._stopping.is_set():
                head, buf = _read_head(conn.client, buf)
                if head is None:
                    return  # the client closed a kept-alive connection: normal
                method, path, length = _request_line(head)
                fault = self._take(method, path)
                seen = Seen(method, path, fault.kind if fault else None)
                with self._lock:
                    self.seen.append(seen)
                # A fresh hub connection per request: the hub may close one after an error
                # answer, and the client's keep-alive must not carry that into its next request.
                up = socket.create_connection(self.target, timeout=IO_TIMEOUT)
                with conn.lock:
                    old, conn.upstream = conn.upstream, up
                if old is not None:
                    old.close()
                up.sendall(head)
                # The body: whatever came with the head first, then the rest from the socket.
                cut = fault is not None and fault.kind == "mid_body"
                limit = fault.after_bytes if cut else length
                sent = 0
                while sent < length:
                    if not buf:
                        chunk = conn.client.recv(65536)
                        if not chunk:
                            raise _Closed
                        buf += chunk
                    take = min(len(buf), length - sent)
                    piece = bytes(buf[:take])
                    del buf[:take]
                    if cut and sent + len(piece) >= limit:
                        up.sendall(piece[:limit - sent])
                        self._then(fault)
                        raise _Closed  # mid_body: the hub got part of it, then the line died
                    up.sendall(piece)
                    sent += len(piece)
                if cut:
                    self._then(fault)
                    raise _Closed  # asked to cut after more bytes than the body has: cut at its end
                answer, keep_alive = _read_response(up, method)
                seen.status = int(answer.split(b" ", 2)[1])
                if fault and fault.kind == "drop_response":
                    self._then(fault)
                    if fault.send_head:
                        end = answer.index(b"\r\n\r\n") + 4
                        conn.client.sendall(answer[:end + (len(answer) - end) // 2])
                    raise _Closed  # the hub committed and answered; the client hears (almost) nothing
                if fault and fault.kind == "hook":
                    self._then(fault)
                if self.response_delay:
                    time.sleep(self.response_delay)
                conn.client.sendall(answer)
                if not keep_alive:
                    return
        except (_Closed, OSError):
            return
        except ValueError as exc:  # HTTP this proxy does not handle: cut, and tell the test
            self.errors.append(exc)
        finally:
            conn.close()
            with self._lock:
                self._conns.discard(conn)


def _read_head(sock: socket.socket, buf: bytearray) -> tuple[bytes | None, bytearray]:
    while b"\r\n\r\n" not in buf:
        if len(buf) > MAX_HEAD:
            raise ValueError("head too large")
        chunk = sock.recv(65536)
        if not chunk:
            if buf:
                raise _Closed
            return None, buf
        buf += chunk
    end = buf.index(b"\r\n\r\n") + 4
    return bytes(buf[:end]), bytearray(buf[end:])


def _headers(head: bytes) -> tuple[str, dict[str, str]]:
    first, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return first, headers


def _request_line(head: bytes) -> tuple[str, str, int]:
    first, headers = _headers(head)
    method, target, _ = first.split(" ", 2)
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raise ValueError("chunked request bodies are not supported")  # httpx sends Content-Length
    length = int(headers.get("content-length", "0"))
    if not 0 <= length <= MAX_BODY:
        raise ValueError("body too large")
    return method, target.split("?", 1)[0], length


def _read_response(sock: socket.socket, method: str) -> tuple[bytes, bool]:
    """One whole answer from the hub (Content-Length bodies only) and whether to keep going."""
    head, rest = _read_head(sock, bytearray())
    if head is None:
        raise _Closed
    first, headers = _headers(head)
    status = int(first.split(" ", 2)[1])
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raise ValueError("chunked answers are not supported")  # uvicorn sends Content-Length for JSON
    no_body = method == "HEAD" or status in (204, 304) or 100 <= status < 200
    length = 0 if no_body else int(headers.get("content-length", "-1"))
    if length < 0 or length > MAX_BODY:
        raise ValueError("answer without a usable Content-Length")
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise _Closed
        rest += chunk
    keep_alive = headers.get("connection", "").lower() != "close"
    return head + bytes(rest[:length]), keep_alive
