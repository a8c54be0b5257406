"""HTTP client of the hub: version headers, token, custom CA, retry with backoff and jitter."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any, Callable

import httpx
from pydantic import BaseModel, ValidationError

from fydesk import __version__
from fydesk.domain.errors import FydeskError

from . import protocol as p


class HubError(FydeskError):
    """The hub answered no, or could not be reached; `code` is the protocol's error code."""

    def __init__(self, message: str, code: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


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


class HubClient:
    def __init__(self, url: str, *, token: str | None = None, ca_file: str | None = None,
                 schema_version: str = "", timeout: float = 30.0, retry: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep, transport: httpx.BaseTransport | None = None,
                 reauthenticate: Callable[[], str | None] | None = None):
        self.url = url.rstrip("/")
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
        self._http = httpx.Client(base_url=self.url, headers=headers, timeout=timeout,
                                  verify=ca_file or True, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "HubClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # --- calls -----------------------------------------------------------------------------

    def enroll(self, code: str, device_name: str, attempt_id: str | None = None) -> p.EnrollResponse:
        body = p.EnrollRequest(code=code, device_name=device_name, attempt_id=attempt_id)
        return self._call("POST", "/v1/enroll", p.EnrollResponse, body=body)

    def push(self, request: p.PushRequest) -> p.PushResponse:
        return self._call("POST", "/v1/push", p.PushResponse, body=request)

    def pull(self, cursor: int, limit: int = 1000) -> p.PullResponse:
        return self._call("GET", "/v1/pull", p.PullResponse, params={"cursor": cursor, "limit": limit})

    def lease(self, series: str, year: int, count: int, min_start: int = 1,
              request_id: str | None = None) -> p.LeaseResponse:
        body = p.LeaseRequest(series=series, year=year, count=count, min_start=min_start, request_id=request_id)
        return self._call("POST", "/v1/leases", p.LeaseResponse, body=body)

    # --- plumbing --------------------------------------------------------------------------

    def _call(self, method: str, path: str, answer: type[BaseModel], *, body: BaseModel | None = None,
              params: dict | None = None) -> Any:
        content = body.model_dump_json().encode() if body is not None else None
        for attempt in range(self.retry.attempts):
            headers = {"Content-Type": "application/json"} if content is not None else {}
            if self.token:
                headers["Authorization"] = f"Bearer {self.token}"
            try:
                response = self._http.request(method, path, content=content, params=params, headers=headers)
            except httpx.TransportError as exc:
                if attempt + 1 == self.retry.attempts:
                    raise HubUnreachable(f"无法连接市级平台（{type(exc).__name__}），数据已保存在本机，稍后再同步。",
                                         "unreachable") from None
                self._sleep(self.retry.delay(attempt, self._rng))
                continue
            if response.status_code in RETRY_STATUSES and attempt + 1 < self.retry.attempts:
                self._sleep(self.retry.delay(attempt, self._rng))
                continue
            if response.status_code == 401 and self._fresh_token():
                return self._call(method, path, answer, body=body, params=params)
            return self._answer(response, answer)
        raise AssertionError("unreachable")

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

    @staticmethod
    def _answer(response: httpx.Response, answer: type[BaseModel]) -> Any:
        if response.is_success:
            try:
                return answer.model_validate_json(response.content)
            except ValidationError:
                raise HubError("市级平台的答复格式不对，可能版本不一致。", "bad_answer",
                               response.status_code) from None
        try:
            err = p.ErrorBody.model_validate_json(response.content)
            message, code = err.message, err.code
        except ValidationError:
            message, code = f"市级平台返回错误 {response.status_code}。", "server_error"
        cls = PayloadTooLarge if response.status_code == 413 else HubError
        if response.status_code in RETRY_STATUSES:
            cls = HubUnreachable
        raise cls(message, code, response.status_code)
