"""The 任务清单's annual list as a workbook: the template to fill, and its rows issued as tasks
(source 年度清单), all or none, one sentence per bad row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk.domain.errors import FydeskError

from .models import HubOffice, WorkGroup
from .tasks import issue_task

SHEET_HEADERS = ("任务内容", "专项工作组", "牵头单位", "配合单位", "完成时限", "进度节点")


def template_xlsx() -> bytes:
    """The annual list's workbook: its headers and one example row to overwrite."""
    from fydesk.documents.xlsx import Sheet, workbook_bytes

    return workbook_bytes([Sheet("年度任务清单", SHEET_HEADERS, [
        ["（示例，请删除本行）建立诉前调解与诉讼服务衔接机制", "诉源治理", "某区人民法院", "某区司法局、某街道办事处",
         date(date.today().year, 12, 31), "6月底前出台办法；12月底前全面运行"]], (48, 18, 22, 30, 14, 40))])


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def import_xlsx(session: Session, data: bytes, user: str | None = None, issued: date | None = None) -> list[str]:
    """Every row of the annual list as a task (source 年度清单), all or none.

    Offices are named by their name or code as the hub registers them, several joined by 、
    or a comma. Raises one sentence per bad row (joined by new lines) and writes nothing then.
    """
    import tempfile
    from pathlib import Path

    from fydesk.documents.xlsx import read_sheets

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "年度任务清单.xlsx"
        path.write_bytes(data)
        sheets = read_sheets(path)
    if not sheets:
        raise FydeskError("工作簿中没有带表头的工作表；请用下载的模板填写。")
    title, header, rows = sheets[0]
    header = [_cell(h) for h in header]
    missing = [h for h in ("任务内容", "牵头单位", "完成时限") if h not in header]
    if missing:
        raise FydeskError(f"工作表“{title}”缺少“{'、'.join(missing)}”列；请用下载的模板填写。")
    col = {h: header.index(h) for h in SHEET_HEADERS if h in header}
    by_key: dict[str, str] = {}
    for o in session.scalars(select(HubOffice)):
        by_key[o.name] = o.id
        by_key[o.code] = o.id
    groups = set(session.scalars(select(WorkGroup.name)))
    issued = issued or date.today()
    errors: list[str] = []
    wanted: list[dict[str, Any]] = []

    def get(cells: list[Any], name: str) -> Any:
        i = col.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    for number, cells in rows:
        if all(_cell(c) == "" for c in cells):
            continue
        content = _cell(get(cells, "任务内容"))
        group = _cell(get(cells, "专项工作组"))
        lead = _cell(get(cells, "牵头单位"))
        partners = [p.strip() for p in _cell(get(cells, "配合单位")).replace("，", "、").replace(",", "、").split("、")
                    if p.strip()]
        deadline = get(cells, "完成时限")
        try:
            if not content:
                raise FydeskError("未填写任务内容")
            if lead not in by_key:
                raise FydeskError(f"牵头单位“{lead}”不是市级平台上登记的单位" if lead else "未填写牵头单位")
            unknown = [p for p in partners if p not in by_key]
            if unknown:
                raise FydeskError(f"配合单位“{unknown[0]}”不是市级平台上登记的单位")
            if group and group not in groups:
                raise FydeskError(f"专项工作组“{group}”尚未建立")
            if isinstance(deadline, str):
                try:
                    deadline = date.fromisoformat(deadline.strip())
                except ValueError:
                    raise FydeskError(f"完成时限“{deadline}”不是日期（如 2026-12-31）") from None
            if not isinstance(deadline, date):
                raise FydeskError("未填写完成时限" if deadline is None else f"完成时限“{deadline}”不是日期")
            if isinstance(deadline, datetime):
                deadline = deadline.date()
            if deadline < issued:
                raise FydeskError("完成时限早于下达日期")
            lead_id = by_key[lead]
            wanted.append({"content": content, "work_group": group or None, "lead_office_id": lead_id,
                           "partner_office_ids": [o for o in dict.fromkeys(by_key[p] for p in partners) if o != lead_id],
                           "deadline": deadline, "milestones": _cell(get(cells, "进度节点")) or None})
        except FydeskError as exc:
            errors.append(f"第 {number} 行：{exc.message}。")
    if errors:
        raise FydeskError("\n".join(errors))
    if not wanted:
        raise FydeskError(f"工作表“{title}”中没有任务。")
    return [issue_task(session, source="年度清单", issued=issued, user=user, **w) for w in wanted]
