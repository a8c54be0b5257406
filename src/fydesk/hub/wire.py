"""The hub's no: ErrorBody answers, their entries in the OpenAPI schema, and the one Chinese
sentence that tells a person what was wrong with a malformed request."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.responses import Response

from fydesk.sync import protocol as p

_MEANING = {
    400: "The enrollment code is wrong, used or expired, or of another office.",
    401: "No device token, or one the hub does not know.",
    403: "The device was revoked.",
    404: "Nothing of that name the device may see.",
    409: "The request clashes with what the hub holds.",
    413: "The body is over the limit (a batch: MAX_BATCH_BYTES); the desk halves the batch.",
    422: "The request does not follow the protocol: a field missing, of the wrong type or out of range.",
    426: "The client's protocol version is not supported.",
    429: "Too many failed enrollments from this address or for this office; wait Retry-After seconds.",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries: each status answers an ErrorBody."""
    return {s: {"model": p.ErrorBody, "description": _MEANING[s]} for s in statuses}


# What the HTTP layer answers of itself, on any route (the body limit; a request FastAPI could
# not read, a 422 it would otherwise declare with its own body); any /v1 route also the version
# check; a device's routes also these. The attachment routes declare the rest themselves.
HTTP_LAYER = errors(413, 422)
ALWAYS = {**HTTP_LAYER, **errors(426)}
DEVICE = errors(401, 403)


def ErrorBodyResponse(body: p.ErrorBody, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(body.model_dump_json(), status_code=status, headers=headers, media_type="application/json")


def status_error(status: int, detail: Any) -> tuple[int, str, str]:
    """Status, code and sentence for an answer Starlette or FastAPI gives of itself."""
    if status == 413:
        return 413, "payload_too_large", str(detail)  # bodylimit.BodyTooLarge: a sentence already
    if status == 404:
        return 404, "not_found", "市级平台没有这个地址；请检查市级平台地址是否正确。"
    if status == 405:
        return 405, "bad_request", "这个地址不接受这种请求方式。"
    if status == 400:
        # FastAPI's answer to a body it could not even read as JSON (not UTF-8, nested past
        # what the parser takes); JSON it could not decode it answers 422. One answer for both.
        return 422, "bad_request", "请求内容不是有效的 JSON。"
    return status, ("bad_request" if 400 <= status < 500 else "server_error"), f"市级平台无法处理这个请求（{status}）。"


# What each kind of pydantic error means, said once for a person.
_WHAT = {
    "missing": "缺少必填项", "extra_forbidden": "是协议里没有的项",
    "string_too_long": "文字过长", "string_too_short": "文字过短或为空",
    "too_long": "项数过多", "too_short": "项数过少",
    "less_than_equal": "数值过大", "less_than": "数值过大",
    "greater_than_equal": "数值过小", "greater_than": "数值过小",
    "int_type": "应为整数", "int_parsing": "应为整数", "int_from_float": "应为整数", "int_parsing_size": "数值过大",
    "finite_number": "应为有限的数", "float_type": "应为数", "float_parsing": "应为数",
    "string_type": "应为文字", "string_unicode": "含有无效的 Unicode 字符（孤立代理项）",
    "string_pattern_mismatch": "含有不允许的字符（空字符）",
    "bool_type": "应为是或否", "bool_parsing": "应为是或否",
    "literal_error": "不是允许的取值", "enum": "不是允许的取值",
    "dict_type": "应为对象", "model_type": "应为对象", "model_attributes_type": "应为对象",
    "list_type": "应为列表", "json_invalid": "不是有效的 JSON", "json_type": "不是有效的 JSON",
}
_LOCATIONS = {"body": "", "query": "查询参数 ", "header": "请求头 ", "path": "地址中的 "}


def invalid_request_message(problems: Sequence[dict[str, Any]]) -> str:
    """One sentence naming the first problem (where and what), and how many more there are.

    Never echoes the offending value, and escapes what the place's name may hold (a field
    name is the client's): a NaN or a lone surrogate in the answer would fail its encoding.
    """
    if not problems:
        return "请求不符合同步协议。"
    first = problems[0]
    loc = list(first.get("loc") or ())
    where = _LOCATIONS.get(str(loc[0]), "") if loc else ""
    path = ".".join(_printable(part) for part in loc[1:] if part != "[key]")
    if len(path) > 120:
        path = path[:117] + "…"
    kind = first.get("type", "")
    what = _WHAT.get(kind)
    if what is None and kind == "value_error":
        what = _printable(str((first.get("ctx") or {}).get("error", "")), 200) or None
    sentence = f"请求不符合同步协议：{where}{path or '请求内容'} {what or '不合要求'}"
    more = len(problems) - 1
    return sentence + (f"（另有 {more} 处问题）。" if more else "。")


def _printable(part: Any, most: int = 40) -> str:
    text = str(part)[:most]
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
