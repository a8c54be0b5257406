"""Excel in and out: an office's existing 台账 brought in row by row, and the registers and
figures laid out as sheets with Chinese headers (the workbook itself is written by documents/xlsx.py).

A 台账 row is one mediation case with its applicant and respondent. Columns are found by their
header names (the usual variants of each); every row goes through the same rules as the forms
and the JSON import (transfer.create_all): all or nothing, each error named by row and column.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fydesk.documents.xlsx import Sheet
from fydesk.domain.errors import FydeskError
from fydesk.domain.stats import format_period
from fydesk.models import MediationCase, Staff, new_id

from . import transfer
from .cases import case_numbers
from .context import Actor
from .entities import ENTITIES
from .hooks import RareCheck
from .stats import monthly

# (target, field) ← the header names offices use for it. Target "case", "p1" (申请人), "p2" (被申请人).
COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {
    ("case", "case_number"): ("案号", "编号", "调解案号"),
    ("case", "registered_date"): ("登记日期", "申请日期", "收案日期"),
    ("case", "accepted_date"): ("受理日期",),
    ("case", "category"): ("调解类别", "调解类型"),
    ("case", "source"): ("案件来源", "纠纷来源"),
    ("case", "dispute_type"): ("纠纷类型", "纠纷类别", "案由"),
    ("case", "summary"): ("纠纷简要情况", "简要案情", "纠纷摘要", "纠纷事由"),
    ("case", "claims"): ("申请事项", "当事人申请事项"),
    ("case", "amount_cents"): ("涉及金额", "涉案金额", "标的额", "涉及金额（元）"),
    ("case", "people_involved"): ("涉及人数",),
    ("case", "status"): ("案件状态", "办理状态"),
    ("case", "result"): ("调解结果",),
    ("case", "close_date"): ("结案日期", "办结日期"),
    ("case", "archive_number"): ("归档号", "卷宗号"),
    ("case", "lead_mediator_id"): ("调解员", "主办调解员", "承办人"),
    ("p1", "name"): ("申请人", "申请人姓名", "当事人"),
    ("p1", "id_number"): ("身份证号", "申请人身份证号", "身份证号码", "申请人身份证号码", "公民身份号码"),
    ("p1", "address"): ("住址", "申请人住址", "申请人地址"),
    ("p1", "phone"): ("联系电话", "申请人电话", "申请人联系电话"),
    ("p2", "name"): ("被申请人", "被申请人姓名", "对方当事人"),
    ("p2", "id_number"): ("被申请人身份证号", "被申请人身份证号码"),
    ("p2", "address"): ("被申请人住址", "被申请人地址"),
    ("p2", "phone"): ("被申请人电话", "被申请人联系电话"),
}
REQUIRED = (("case", "registered_date"), ("case", "dispute_type"), ("case", "summary"), ("p1", "name"))
DEFAULTS = {"category": "人民调解", "source": "当事人申请"}
ROLES = {"p1": "申请人", "p2": "被申请人"}


def _names(header: Sequence[Any]) -> list[str]:
    return [str(h).strip().replace(" ", "") if h is not None else "" for h in header]


def _missing(names: Sequence[str]) -> list[str]:
    return [COLUMNS[k][0] for k in REQUIRED if not any(n in COLUMNS[k] for n in names)]


def choose_sheet(sheets: Sequence[tuple[str, Sequence[Any]]]) -> int:
    """Of a workbook's sheets (title, header row), the first whose header has a 台账's required
    columns: an office's workbook may open with a summary, the app's own export with 单位."""
    closest: tuple[str, list[str]] | None = None
    exported = 0
    for index, (title, header) in enumerate(sheets):
        names = _names(header)
        if tuple(names) in _EXPORTED_HEADERS:
            exported += 1
            continue
        missing = _missing(names)
        if not missing:
            return index
        if closest is None or len(missing) < len(closest[1]):
            closest = (title, missing)
    if exported:
        raise FydeskError(f"这是 fydesk 导出的 Excel 工作簿（已读取全部 {len(sheets)} 个工作表的表头，"
                          "其中没有台账，证件号码已打码），不能作为台账导入；"
                          "迁移数据请用 fydesk export json --full 导出后再导入。")
    title, missing = closest or (sheets[0][0], [])
    raise FydeskError(f"工作簿的 {len(sheets)} 个工作表中没有台账（按第 1 行的表头识别）：最接近的工作表"
                      f"“{title}”缺少必需的列：{'、'.join(missing)}。")


def _header_map(header: Sequence[Any]) -> dict[tuple[str, str], tuple[int, str]]:
    """(target, field) → (column index, header text as written), refusing ambiguous files."""
    names = _names(header)
    if tuple(names) in _EXPORTED_HEADERS:
        raise FydeskError("这是 fydesk 导出的 Excel 工作簿（证件号码已打码），不能作为台账导入；"
                          "迁移数据请用 fydesk export json --full 导出后再导入。")
    found: dict[tuple[str, str], tuple[int, str]] = {}
    for key, variants in COLUMNS.items():
        hits = [(i, n) for i, n in enumerate(names) if n in variants]
        if len(hits) > 1:
            raise FydeskError(f"台账中有多列都可作为“{variants[0]}”：{'、'.join(n for _, n in hits)}；请只保留一列。")
        if hits:
            found[key] = hits[0]
    missing = [COLUMNS[k][0] for k in REQUIRED if k not in found]
    if missing:
        raise FydeskError(f"台账第 1 行缺少必需的列：{'、'.join(missing)}（列名按表头识别）。")
    return found


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


Progress = Callable[[int, int], None]  # (rows read, rows in the sheet or 0 if unknown)


def import_ledger(session: Session, actor: Actor, header: Sequence[Any],
                  rows: Iterable[tuple[int, Sequence[Any]]], *, today: date | None = None,
                  rare: RareCheck | None = None, progress: Progress | None = None,
                  total: int = 0) -> Mapping[str, int]:
    """Create a case (and its parties) for every row; rows are (sheet row number, cells).

    Rows are read, checked and written as they come, so a large sheet is never held whole;
    `progress` hears every few hundred rows (and the last) of `total`."""
    columns = _header_map(header)
    staff = {name: sid for sid, name in session.execute(
        select(Staff.id, Staff.name).where(Staff.office_id == actor.office_id, Staff.deleted_at.is_(None)))}
    errors = transfer.Errors()
    count = [0]
    numbers = case_numbers(session, actor, actor.office_id)

    def pending() -> Iterator[transfer.Pending]:
        for number, cells in rows:
            count[0] += 1
            if progress is not None and count[0] % PROGRESS_EVERY == 0:
                progress(count[0], total)
            yield from _row_records(numbers, actor, columns, staff, errors, number, cells)

    created = transfer.create_new(session, actor, pending(), today=today, rare=rare, errors=errors)
    if progress is not None:
        progress(count[0], max(total, count[0]))
    return created


PROGRESS_EVERY = 500


def _row_records(numbers: Callable[[int], tuple[str | None, bool]], actor: Actor, columns: Mapping[tuple[str, str], tuple[int, str]],
                 staff: Mapping[str, str], errors: transfer.Errors, number: int,
                 cells: Sequence[Any]) -> list[transfer.Pending]:
    """The case and parties of one sheet row (none for a blank line or a row in error)."""
    values: dict[str, dict[str, Any]] = {"case": {}, "p1": {}, "p2": {}}
    named: dict[str, dict[str, str]] = {"case": {}, "p1": {}, "p2": {}}
    for (target, fname), (index, header_text) in columns.items():
        value = _cell(cells[index]) if index < len(cells) else None
        named[target][fname] = header_text
        if value is not None:
            values[target][fname] = value
    if not any(values[t] for t in values):
        return []  # a blank line in the sheet
    case = {**DEFAULTS, **values["case"], "office_id": actor.office_id}
    mediator = case.pop("lead_mediator_id", None)
    where = f"第 {number} 行"
    if mediator is not None:
        if str(mediator) not in staff:
            errors.add(where, f"本单位没有名为“{mediator}”的人员。", named["case"]["lead_mediator_id"])
            return []
        case["lead_mediator_id"] = staff[str(mediator)]
    if "result" in case and "status" not in case:
        case["status"] = "结案"
    elif "status" not in case:
        case["status"] = "调解中" if case.get("accepted_date") else "登记"
    system = {}
    if "case_number" in case:
        system = {"case_number": str(case.pop("case_number")), "number_provisional": False}
    case_id = new_id()
    out = [_with_number(numbers, transfer.Pending(where, "case", case, case_id, named["case"], system))]
    for target in ("p1", "p2"):
        if values[target]:
            party = {"role": ROLES[target], "kind": "自然人", **values[target], "case_id": case_id}
            out.append(transfer.Pending(where, "party", party, new_id(), named[target], parent=case_id))
    return out


def _with_number(numbers: Callable[[int], tuple[str | None, bool]], item: transfer.Pending) -> transfer.Pending:
    """A row without its own 案号 gets the office's next number for the year it was registered."""
    if item.system:
        return item
    registered = ENTITIES["case"].field("registered_date")
    try:
        year = registered.parse(item.values.get("registered_date")).year
    except (FydeskError, AttributeError):
        return item  # the rules will name the bad date
    number, provisional = numbers(year)
    return transfer.Pending(item.where, item.entity, item.values, item.record_id, item.columns,
                            {"case_number": number, "number_provisional": provisional})


# --- export ------------------------------------------------------------------------------

_TITLES = {"office": "name", "staff": "name", "mediation_body": "name", "case": "case_number", "agreement": "number",
           "term": "content", "enterprise": "name", "visit": "report_number", "joint_case": "title"}
_SHEETS = {"office": "单位", "staff": "人员", "mediation_body": "调解组织", "area_stat": "辖区数据", "case": "调解案件", "party": "当事人",
           "extension": "延期记录", "session": "调解记录", "agreement": "调解协议", "term": "协议条款",
           "performance": "履行情况", "confirmation": "司法确认", "joint_case": "联动案件",
           "joint_office": "联动参与单位", "handoff": "移交记录", "enterprise": "企业", "visit": "走访及法治体检",
           "risk": "风险点", "suggestion": "司法建议"}


def _excel_value(kind: str, value: Any, titles: Mapping[str, str]) -> Any:
    if value is None:
        return None
    if kind == "money":
        return Decimal(value)
    if kind == "date":  # a masked birth date is its year alone, kept as text
        return date.fromisoformat(value) if len(value) > 4 else value
    if kind == "datetime":
        return datetime.fromisoformat(value).replace(tzinfo=None)
    if kind == "bool":
        return "是" if value else "否"
    if kind == "ref":
        return titles.get(value, value)
    if kind == "list":
        if value and isinstance(value[0], dict):  # checklist items
            return "；".join(f"{i.get('item', '')}：{i.get('result', '')}" for i in value)
        return "、".join(str(titles.get(v, v)) for v in value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _sheet_fields(spec) -> list:
    return [f for f in spec.fields if not (f.system and f.name in ("number_provisional", "needs_coordination"))]


def export_sheets(session: Session, *, period: str | None = None, today: date | None = None) -> list[Sheet]:
    """Every register as a sheet (ID numbers masked), then the month's figures."""
    document = transfer.export(session, period=period, full=False)
    recs = document["records"]
    titles = {r["id"]: str(r.get(_TITLES[name]) or r.get("visit_date") or r["id"])
              for name in _TITLES for r in recs.get(name, [])}
    sheets = []
    for name, spec in ENTITIES.items():
        fields = _sheet_fields(spec)
        rows = tuple(tuple(_excel_value(f.kind, r.get(f.name), titles) for f in fields) for r in recs.get(name, []))
        sheets.append(Sheet(_SHEETS.get(name, spec.label), tuple(f.label for f in fields), rows))
    sheets.extend(figure_sheets(session, period or _latest_period(session), today=today))
    return sheets


# The header rows export_sheets writes: such a workbook is an export, masked, not a 台账.
_EXPORTED_HEADERS = frozenset(tuple(f.label for f in _sheet_fields(spec)) for spec in ENTITIES.values())


def _latest_period(session: Session) -> str:
    latest = session.scalar(select(func.max(MediationCase.accepted_date)).where(MediationCase.deleted_at.is_(None)))
    return format_period(latest or date.today())


def figure_sheets(session: Session, period: str, *, today: date | None = None) -> list[Sheet]:
    from fydesk.services.context import get_setting

    s = monthly(session, period, today=today, office_id=get_setting(session, "office_id"))
    rate = s.success_rate
    summary = (
        ("统计期间", s.period), ("登记纠纷（件）", s.registered), ("受理案件（件）", s.accepted),
        ("进入调解（件）", s.mediated), ("调解成功（件）", s.succeeded), ("调解不成（件）", s.failed),
        ("撤回（件）", s.withdrawn), ("结案（件）", s.concluded),
        (f"调解成功率（%，分母：{s.denominator_label}）", rate),
        ("涉及金额（元）", Decimal(s.amount_involved)), ("协议金额（元）", Decimal(s.amount_agreed)),
        ("企业走访及法治体检（次）", s.visits), ("发出司法建议（件）", s.suggestions_issued),
        ("司法建议收到答复（件）", s.suggestions_replied), ("司法建议逾期未答复（件）", s.suggestions_overdue),
    )
    breakdown = tuple((kind, b.key, b.accepted, b.succeeded) for kind, items in (
        ("纠纷类型", s.by_dispute_type), ("案件来源", s.by_source), ("调解类别", s.by_category),
        ("承办单位", s.by_office)) for b in items)
    areas = tuple((a.area_code, a.area_name, a.population, a.filings, a.rate_per_10k)
                  for a in (*s.areas, s.area_total))
    return [
        Sheet("月度统计", ("指标", "数值"), summary, (36, 18)),
        Sheet("分类统计", ("分类", "项目", "受理（件）", "调解成功（件）"), breakdown, (12, 28, 12, 14)),
        Sheet("万人起诉率", ("区划代码", "辖区", "人口（户籍＋登记流动）", "一审民事及行政收案", "万人起诉率"),
              areas, (14, 24, 22, 20, 12)),
    ]
