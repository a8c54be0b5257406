"""本单位: the office's staff, its mediation bodies and its areas' figures, kept through the same
rules, audit and outbox as every record (services/records.py), so that they sync."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from fydesk import models as m
from fydesk.domain import codes
from fydesk.domain.errors import ValidationError
from fydesk.domain.stats import period_bounds

from . import records
from .context import Actor, get_setting
from .records import RecordDTO


@dataclass(frozen=True)
class AreaDTO:
    """One area with the population of its latest year on record and its monthly filings."""

    area_code: str
    area_name: str
    year: int | None
    resident_population: int
    floating_population: int
    filings: tuple[tuple[str, int], ...]  # (period, civil + administrative first-instance filings)

    def to_json(self) -> dict[str, Any]:
        return {"area_code": self.area_code, "area_name": self.area_name, "year": self.year,
                "resident_population": self.resident_population,
                "floating_population": self.floating_population,
                "filings": [{"period": p, "count": n} for p, n in self.filings]}


@dataclass(frozen=True)
class OfficeDTO:
    office: RecordDTO
    staff: tuple[RecordDTO, ...]
    bodies: tuple[RecordDTO, ...]
    areas: tuple[AreaDTO, ...]

    def to_json(self) -> dict[str, Any]:
        return {"office": self.office.to_json(), "staff": [s.to_json() for s in self.staff],
                "bodies": [b.to_json() for b in self.bodies], "areas": [a.to_json() for a in self.areas]}


def local_office_id(session: Session) -> str:
    office_id = get_setting(session, "office_id")
    if office_id is None:
        from fydesk.domain.errors import ConfigError

        raise ConfigError("本机尚未设置所属单位：请先运行 fydesk init 或在首次启动时完成设置。")
    return office_id


def _rows(session: Session, entity: str, model: type, office_id: str, order) -> tuple[RecordDTO, ...]:
    spec = records.entity(entity)
    found = session.scalars(select(model).where(model.office_id == office_id, model.deleted_at.is_(None))
                            .order_by(*order))
    return tuple(records.to_dto(spec, r) for r in found)


def list_staff(session: Session, office_id: str | None = None) -> tuple[RecordDTO, ...]:
    office_id = office_id or local_office_id(session)
    return _rows(session, "staff", m.Staff, office_id, (m.Staff.active.desc(), m.Staff.id))


def body_choices(session: Session, office_id: str | None) -> tuple[tuple[str, str, str], ...]:
    """(id, name, kind) of an office's bodies in use, for pick lists."""
    return tuple((b.id, b["name"], b["kind"]) for b in list_bodies(session, office_id, active_only=True))


def list_bodies(session: Session, office_id: str | None = None, *, active_only: bool = False) -> tuple[RecordDTO, ...]:
    office_id = office_id or local_office_id(session)
    found = _rows(session, "mediation_body", m.MediationBody, office_id,
                  (m.MediationBody.active.desc(), m.MediationBody.id))
    return tuple(b for b in found if b["active"] or not active_only)


def add_staff(session: Session, actor: Actor, values: Mapping[str, Any]) -> RecordDTO:
    return records.create(session, actor, "staff", {"office_id": actor.office_id, "active": True, **values})


def add_body(session: Session, actor: Actor, values: Mapping[str, Any]) -> RecordDTO:
    return records.create(session, actor, "mediation_body", {"office_id": actor.office_id, "active": True, **values})


def default_body(session: Session, office_id: str, category: str | None) -> str | None:
    """The body a new case of `category` is presided over by unless someone chooses another:
    a 调委会 for 人民调解 (and 联合调解), an invited organisation or mediator for the court's
    委派/委托/特邀调解 — the office's first active one of the wanted kinds, else any active one."""
    bodies = list_bodies(session, office_id, active_only=True)
    for kind in codes.body_kinds_for(category):
        for b in bodies:
            if b["kind"] == kind:
                return b.id
    return bodies[0].id if bodies else None


# --- areas ------------------------------------------------------------------------------

def _area_rows(session: Session, area_code: str) -> list[m.AreaStat]:
    return list(session.scalars(select(m.AreaStat).where(m.AreaStat.area_code == area_code,
                                                         m.AreaStat.deleted_at.is_(None))
                                .order_by(m.AreaStat.period)))


def _upsert(session: Session, actor: Actor, rows: dict[str, m.AreaStat], period: str,
            values: dict[str, Any]) -> RecordDTO:
    row = rows.get(period)
    if row is None:
        return records.create(session, actor, "area_stat", {"period": period, **values})
    return records.update(session, actor, "area_stat", row.id, values)


def set_area(session: Session, actor: Actor, area_code: str, *, name: str, year: int, population: int,
             floating: int | None = None) -> tuple[RecordDTO, ...]:
    """An area's resident (+ registered floating) population for a year. 辖区数据 is kept per
    month, as 万人起诉率 is reported; the year's figure is carried into each of its months,
    keeping the filings already entered there."""
    code = records.entity("area_stat").field("area_code").parse(area_code)
    if not (code and code.isdigit() and len(code) in (6, 9, 12)):
        raise ValidationError("area_code", "区划代码", f"行政区划代码应为 6、9 或 12 位数字（镇街为 9 位），实为“{area_code}”。")
    for label, n in (("户籍人口", population), ("登记流动人口", floating or 0)):
        if n < 0:
            raise ValidationError("resident_population", label, f"{label}不能为负数。")
    period_bounds(f"{year:04d}-01")  # the year in range
    rows = {r.period: r for r in _area_rows(session, code)}
    values: dict[str, Any] = {"area_code": code, "area_name": name, "resident_population": population}
    if floating is not None:
        values["floating_population"] = floating
    return tuple(_upsert(session, actor, rows, f"{year:04d}-{month:02d}", values) for month in range(1, 13))


def set_filings(session: Session, actor: Actor, area_code: str, *, period: str, count: int,
                admin: int | None = None) -> RecordDTO:
    """First-instance filings (civil; administrative apart when given) of an area in a month."""
    start, _ = period_bounds(period)
    period = f"{start.year:04d}-{start.month:02d}"
    if count < 0 or (admin or 0) < 0:
        raise ValidationError("civil_filings", "一审民事收案", "收案数不能为负数。")
    rows = _area_rows(session, area_code)
    if not rows:
        raise ValidationError("area_code", "区划代码",
                              f"还没有区划 {area_code} 的人口数据：请先登记该区划（office area set）。")
    by_period = {r.period: r for r in rows}
    values: dict[str, Any] = {"civil_filings": count}
    if admin is not None:
        values["admin_filings"] = admin
    if period not in by_period:
        same_year = [r for r in rows if r.period[:4] == period[:4]] or rows
        src = same_year[-1]
        values.update(area_code=src.area_code, area_name=src.area_name,
                      resident_population=src.resident_population, floating_population=src.floating_population)
    return _upsert(session, actor, by_period, period, values)


def list_areas(session: Session) -> tuple[AreaDTO, ...]:
    rows = session.scalars(select(m.AreaStat).where(m.AreaStat.deleted_at.is_(None))
                           .order_by(m.AreaStat.area_code, m.AreaStat.period))
    by_code: dict[str, list[m.AreaStat]] = {}
    for r in rows:
        by_code.setdefault(r.area_code, []).append(r)
    out = []
    for code, found in by_code.items():
        last = found[-1]
        filings = tuple((r.period, r.civil_filings + r.admin_filings) for r in found
                        if r.civil_filings or r.admin_filings)
        out.append(AreaDTO(code, last.area_name, int(last.period[:4]), last.resident_population,
                           last.floating_population, filings))
    return tuple(out)


def show(session: Session) -> OfficeDTO:
    office_id = local_office_id(session)
    return OfficeDTO(records.get(session, "office", office_id), list_staff(session, office_id),
                     list_bodies(session, office_id), list_areas(session))
