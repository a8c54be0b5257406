"""argparse speaking Chinese: its usage line, help headings and error messages.

argparse looks its words up through gettext's default domain at the moment it uses them,
so a catalogue could only be installed by changing that domain for the whole process and
by the user's locale (often C on a desk PC). Instead the parser names its own headings, and
its errors, which all pass through `error()`, are matched against argparse's English
templates and written again in Chinese; a message no template matches is shown as it is.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

# argparse's message templates (Python 3.11 to 3.13) and what a clerk reads instead.
# Placeholders keep their names; %r becomes %s because the value arrives already quoted.
TEMPLATES = (
    ("argument %(argument_name)s: %(message)s", "参数 %(argument_name)s：%(message)s"),
    ("the following arguments are required: %s", "缺少必需的参数：%s"),
    ("one of the arguments %s is required", "须给出下列参数之一：%s"),
    ("unrecognized arguments: %s", "无法识别的参数：%s"),
    ("invalid choice: %(value)r (choose from %(choices)s)", "无效的选择 %(value)s（可选：%(choices)s）"),
    ("invalid %(type)s value: %(value)r", "%(value)s 不是有效的%(type)s"),
    ("not allowed with argument %s", "不能与参数 %s 同时使用"),
    ("ignored explicit argument %r", "不接受值 %s"),
    ("expected one argument", "需要一个值"),
    ("expected at most one argument", "最多只能有一个值"),
    ("expected at least one argument", "至少需要一个值"),
    ("expected %s argument", "需要 %s 个值"),
    ("expected %s arguments", "需要 %s 个值"),
    ("ambiguous option: %(option)s could match %(matches)s", "选项 %(option)s 不明确，可能是 %(matches)s"),
    ("unexpected option string: %s", "意外的选项 %s"),
    ("can't open '%(filename)s': %(error)s", "无法打开文件“%(filename)s”：%(error)s"),
    ("unknown parser %(parser_name)r (choices: %(choices)s)", "没有子命令 %(parser_name)s（可选：%(choices)s）"),
)
TYPE_NAMES = {"int": "整数", "float": "数字"}
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[sr]")


def _compile(template: str) -> re.Pattern[str]:
    parts, last, n = [], 0, 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last:m.start()]))
        parts.append(f"(?P<{m.group(1) or f'p{n}'}>.+?)")
        n += 1
        last = m.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


def _positional(template: str) -> str:
    n = iter(range(99))
    return _PLACEHOLDER.sub(lambda m: f"%({m.group(1) or f'p{next(n)}'})s", template)


_RULES = tuple((_compile(en), _positional(zh)) for en, zh in TEMPLATES)


def chinese(message: str) -> str:
    """An argparse message in Chinese; the inner message of "argument X: …" too."""
    for pattern, zh in _RULES:
        m = pattern.fullmatch(message)
        if m is None:
            continue
        values = m.groupdict()
        if "message" in values:
            values["message"] = chinese(values["message"])
        if "type" in values:
            values["type"] = TYPE_NAMES.get(values["type"], values["type"])
        return zh % values
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese; subcommand parsers are made alike."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese(message)}\n")
