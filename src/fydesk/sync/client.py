"""HTTP client of the hub: version headers, token, custom CA, retry with backoff and jitter."""

from __future__ import annotations

import random
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Callable

import httpx
from pydantic import BaseModel, ValidationError

from fydesk import __version__
from fydesk.domain.errors import ConfigError, FydeskError

from . import protocol as p


class HubError(FydeskError):
    """The hub answered no, or could not be reached; `code` is the protocol's error code."""

    def __init__(self, message: str, code: str, status: int | None = None, *, note: str = "") -> None:
        super().__init__(message + note)
        self.code = code
        self.status = status
        # What went wrong without `note`, the word on what happens to the data meanwhile:
        # true of a sync, not of an enrollment that did not happen.
        self.cause = message


class HubUnreachable(HubError):
    pass


class PayloadTooLarge(HubError):
    pass


@dataclass(frozen=True)
class RetryPolicy:
    """Network errors, 408, 429 and 5xx are retried: 1 s doubling to 5 min, with jitter."""

    attempts: int = 6
    base: float = 1.0
    cap: float = 300.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0, min(self.cap, self.base * 2 ** attempt))


RETRY_STATUSES = {408, 429, 500, 502, 503, 504}


def _certificate_refused(exc: BaseException) -> str | None:
    """Why the hub's certificate was not trusted, when that is what failed the request."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or seen.reason or "certificate verify failed"
        seen = seen.__cause__ or seen.__context__
    return "certificate verify failed" if "CERTIFICATE_VERIFY_FAILED" in str(exc) else None


def _retry_after(response: httpx.Response) -> float | None:
    """The seconds a Retry-After header asks for; None without one (or in the date form)."""
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


def _encoded(body: BaseModel) -> bytes:
    """The body's JSON. A batch read from the outbox (outbox.Batch) made its ops' JSON as it
    read them, and says so by its `wire`."""
    wire = getattr(body, "wire", None)
    return wire() if callable(wire) else body.model_dump_json().encode()


class HubClient:
    def __init__(self, url: str, *, token: str | None = None, ca_file: str | None = None,
                 schema_version: str = "", timeout: float = 30.0, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None,
                 reauthenticate: Callable[[], str | None] | None = None,
                 ops_waiting: Callable[[], int | None] | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.url = url.rstrip("/")
        # Reported on every request (HEADER_OPS_WAITING, HEADER_CLIENT_TIME) for IT's list of
        # devices: how many ops wait in this PC's outbox (None: not known now) and its clock.
        self.ops_waiting = ops_waiting
        self.clock = clock
        self.token = token
        # Asked once for the token again when the hub answers 401: this PC may have been
        # enrolled anew (a new token in the keyring) since this client was made.
        self.reauthenticate = reauthenticate
        self.retry = retry
        self._sleep = sleep
        self._rng = random.Random()
        headers = {p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION), p.HEADER_SCHEMA: schema_version,
                   p.HEADER_APP: __version__}
        # verify=True checks certificates against the system store; government networks
        # often run their own CA, which a file can add.
        if ca_file and not Path(ca_file).is_file():
            raise ConfigError(f"找不到证书文件 {ca_file}：请检查“证书文件”设置（设置页，或信息管理员的策略文件）。")
        try:
            verify = ssl.create_default_context(cafile=ca_file) if ca_file else True
        except ssl.SSLError as exc:
            raise ConfigError(f"证书文件 {ca_file} 不是可用的证书（{exc.reason or exc}）。") from None
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout, verify=verify,
                                  transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "HubClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- calls -----------------------------------------------------------------------------

    def enroll(self, code: str, device_name: str, attempt_id: str | None = None,
               office_code: str | None = None) -> p.EnrollResponse:
        body = p.EnrollRequest(code=code, device_name=device_name, attempt_id=attempt_id, office_code=office_code)
        return self._call("POST", "/v1/enroll", p.EnrollResponse, body=body)

    def push(self, request: p.PushRequest) -> p.PushResponse:
        return self._call("POST", "/v1/push", p.PushResponse, body=request)

    def pull(self, cursor: int, limit: int = 1000, *, tag: str | None = None) -> p.PullResponse:
        """Changes past `cursor`; `tag`, that of the change pulled at `cursor`, lets the hub say
        whether it still holds that change (a hub restored from a backup does not)."""
        params: dict[str, Any] = {"cursor": cursor, "limit": limit}
        if tag is not None:
            params["tag"] = tag
        return self._call("GET", "/v1/pull", p.PullResponse, params=params)

    def fetch(self, records: list[p.RecordRef]) -> p.FetchResponse:
        return self._call("POST", "/v1/records", p.FetchResponse, body=p.FetchRequest(records=records))

    def lease(self, series: str, year: int, count: int, min_start: int = 1,
              request_id: str | None = None, body_id: str | None = None) -> p.LeaseResponse:
        body = p.LeaseRequest(series=series, year=year, count=count, min_start=min_start, request_id=request_id,
                              body_id=body_id)
        return self._call("POST", "/v1/leases", p.LeaseResponse, body=body)

    # --- attachment bodies (a channel of their own, DESIGN §4) -----------------------------

    def blob_status(self, sha256: str) -> p.BlobStatus | None:
        """The body as our office finds it on the hub (whether we may read it, how much of our
        own upload arrived); None when the hub knows no record naming it for us."""
        response = self._send("HEAD", f"/v1/blobs/{sha256}")
        if response.status_code == 404:
            return None
        if not response.is_success:
            self._fail(response)
        try:
            return p.BlobStatus(sha256=sha256, size=int(response.headers[p.HEADER_BLOB_SIZE]),
                                received=int(response.headers[p.HEADER_BLOB_RECEIVED]),
                                complete=response.headers[p.HEADER_BLOB_COMPLETE] == "1",
                                # a hub from before per-office uploads: whole there is sent
                                uploaded=response.headers.get(p.HEADER_BLOB_UPLOADED,
                                                              response.headers[p.HEADER_BLOB_COMPLETE]) == "1")
        except (KeyError, ValueError):
            raise HubError("市级平台的答复格式不对，可能版本不一致。", "bad_answer", response.status_code) from None

    def put_blob(self, sha256: str, offset: int, data: bytes, total: int) -> p.BlobStatus:
        """One piece of our upload of a body `total` bytes long."""
        response = self._send("PUT", f"/v1/blobs/{sha256}", content=data, params={"offset": offset},
                              headers={"Content-Type": "application/octet-stream", p.HEADER_BLOB_SIZE: str(total)})
        status = self._answer(response, p.BlobStatus)
        if "uploaded" not in status.model_fields_set:  # a hub from before per-office uploads
            status = status.model_copy(update={"uploaded": status.complete})
        return status

    def get_blob(self, sha256: str, start: int, end: int) -> bytes:
        """Bytes start..end (inclusive) of a complete body; the hub may send fewer."""
        response = self._send("GET", f"/v1/blobs/{sha256}", headers={"Range": f"bytes={start}-{end}"})
        if not response.is_success:
            self._fail(response)
        got = response.headers.get("Content-Range", "")
        if response.status_code == 206 and not got.startswith(f"bytes {start}-"):
            raise HubError("市级平台返回的附件片段位置不对。", "bad_answer", response.status_code)
        if response.status_code == 200 and start:
            return response.content[start:end + 1]
        return response.content

    # --- plumbing --------------------------------------------------------------------------

    def _call(self, method: str, path: str, answer: type[BaseModel], *, body: BaseModel | None = None,
              params: dict | None = None) -> Any:
        content = _encoded(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else {}
        return self._answer(self._send(method, path, content=content, params=params, headers=headers), answer)

    def _send(self, method: str, path: str, *, content: bytes | None = None, params: dict | None = None,
              headers: dict[str, str] | None = None) -> httpx.Response:
        """The request, retried on network errors, 408, 429 and 5xx with backoff; once more
        with a fresh token on 401. Any other answer is returned as it is."""
        for attempt in range(self.retry.attempts):
            sent = {**self._report(), **(headers or {})}
            if self.token:
                sent["Authorization"] = f"Bearer {self.token}"
            try:
                response = self._http.request(method, path, content=content, params=params, headers=sent)
            except httpx.TransportError as exc:
                refused = _certificate_refused(exc)
                if refused is not None:  # no retry: the next attempt would be refused alike
                    raise HubError(f"市级平台 {self.url} 的证书未通过验证（{refused}）。本市若使用自建证书颁发机构，"
                                   "请在“证书文件”中指定它的证书", "certificate", note="；数据已保存在本机。") from None
                if attempt + 1 == self.retry.attempts:
                    raise HubUnreachable(f"无法连接市级平台（{type(exc).__name__}）", "unreachable",
                                         note="，数据已保存在本机，稍后再同步。") from None
                self._sleep(self.retry.delay(attempt, self._rng))
                continue
            if response.status_code in RETRY_STATUSES and attempt + 1 < self.retry.attempts:
                wait = self.retry.delay(attempt, self._rng)
                asked = _retry_after(response)
                if asked is not None:
                    if asked > self.retry.cap:
                        return response  # minutes away (too many wrong enrollment codes): say so now
                    wait = max(wait, asked)
                self._sleep(wait)
                continue
            if response.status_code == 401 and self._fresh_token():
                return self._send(method, path, content=content, params=params, headers=headers)
            return response
        raise AssertionError("unreachable")

    def _report(self) -> dict[str, str]:
        """This PC's report of itself, made afresh for every attempt."""
        now = self.clock()
        out = {p.HEADER_CLIENT_TIME: now.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")}
        waiting = self.ops_waiting() if self.ops_waiting is not None else None
        if waiting is not None:
            out[p.HEADER_OPS_WAITING] = str(waiting)
        return out

    def _fresh_token(self) -> bool:
        """A different token than the one just refused, once per call chain."""
        if self.reauthenticate is None:
            return False
        ask, self.reauthenticate = self.reauthenticate, None
        try:
            token = ask()
        finally:
            self.reauthenticate = ask
        if not token or token == self.token:
            return False
        self.token = token
        return True

    @classmethod
    def _answer(cls, response: httpx.Response, answer: type[BaseModel]) -> Any:
        if response.is_success:
            try:
                return answer.model_validate_json(response.content)
            except ValidationError:
                raise HubError("市级平台的答复格式不对，可能版本不一致。", "bad_answer",
                               response.status_code) from None
        cls._fail(response)

    @staticmethod
    def _fail(response: httpx.Response) -> None:
        try:
            err = p.ErrorBody.model_validate_json(response.content)
            message, code = err.message, err.code
        except ValidationError:
            message, code = f"市级平台返回错误 {response.status_code}。", "server_error"
        cls = PayloadTooLarge if response.status_code == 413 else HubError
        if response.status_code in RETRY_STATUSES:
            cls = HubUnreachable
        raise cls(message, code, response.status_code)
