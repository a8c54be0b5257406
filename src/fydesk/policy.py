"""The machine-wide policy an IT admin lays on a PC: hub address, CA file, office, sync interval,
and which of them the user may not change.

One TOML file, read once when a data dir is opened:
`/etc/fydesk/policy.toml`, or `%ProgramData%\\fydesk\\policy.toml` on Windows; the environment
variable FYDESK_POLICY names another file. A missing or empty file means no policy. A file
that is there but wrong stops the app with a sentence naming the file and the
fault: running on with the admin's locks silently dropped would be worse.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from urllib.parse import urlsplit

from fydesk.domain.errors import ConfigError

ENV_VAR = "FYDESK_POLICY"


def _text(limit: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise ValueError(f"应为不超过 {limit} 个字符的非空文字")
        return value.strip()

    return parse


def parse_hub_url(value: object) -> str:
    url = _text(500)(value)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("应为 http:// 或 https:// 开头的网址")
    return url.rstrip("/")


def parse_interval(value: object) -> int:
    # TOML gives int; a settings form or the command line gives text.
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1440:
        raise ValueError("应为 1 至 1440 之间的整数（分钟）")
    return value


@dataclass(frozen=True)
class Spec:
    label: str
    parse: Callable[[object], object]


# The settings a policy may set, in the order the settings page shows them.
SETTINGS: Mapping[str, Spec] = {
    "hub_url": Spec("市级平台地址", parse_hub_url),
    "ca_file": Spec("证书文件", _text(1000)),
    "office_code": Spec("单位代码", _text(40)),
    "sync_interval_minutes": Spec("自动同步间隔（分钟）", parse_interval),
}


@dataclass(frozen=True)
class Policy:
    values: Mapping[str, object] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    path: Path | None = None  # the file read; None when there was none

    def value(self, name: str) -> object | None:
        return self.values.get(name)

    def is_locked(self, name: str) -> bool:
        return name in self.locked


NO_POLICY = Policy()


def policy_path(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    if (platform or sys.platform) == "win32":
        base = env.get("ProgramData") or env.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(PureWindowsPath(base, "fydesk", "policy.toml"))
    return Path("/etc/fydesk/policy.toml")


def parse_policy(text: str, path: Path) -> Policy:
    """The policy in `text`; ConfigError with one sentence naming `path` when it is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"策略文件 {path} 格式有误：{exc}。请信息管理员改正。") from None
    locked = data.pop("locked", [])
    if not isinstance(locked, list) or not all(isinstance(x, str) for x in locked):
        raise ConfigError(f"策略文件 {path} 中 locked 应为设置项名称的列表，如 locked = [\"hub_url\"]。")
    known = "、".join(SETTINGS)
    for name in [*data, *locked]:
        if name not in SETTINGS:
            raise ConfigError(f"策略文件 {path} 中有未知的设置项“{name}”；可用的有：{known}、locked。")
    values: dict[str, object] = {}
    for name, raw in data.items():
        try:
            values[name] = SETTINGS[name].parse(raw)
        except ValueError as exc:
            raise ConfigError(f"策略文件 {path} 中 {name}（{SETTINGS[name].label}）{exc}。") from None
    return Policy(values=values, locked=frozenset(locked), path=path)


def load_policy(path: Path | None = None) -> Policy:
    path = path or policy_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return NO_POLICY
    except OSError as exc:
        raise ConfigError(f"无法读取策略文件 {path}：{exc.strerror}。") from None
    try:
        text = raw.decode("utf-8-sig")  # Windows editors like to start UTF-8 with a BOM
    except UnicodeDecodeError:
        raise ConfigError(f"策略文件 {path} 不是 UTF-8 编码；请用 UTF-8 保存。") from None
    policy = parse_policy(text, path)
    return policy if policy.values or policy.locked else NO_POLICY
