"""Each entity on the desk: its fields (domain/schema.py, shared with the hub), the table it
lives in, and the rules that need the database (services/hooks.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from fydesk import models as m
from fydesk.domain.errors import ValidationError
from fydesk.domain.fields import Field
from fydesk.domain.schema import RULES

from .hooks import (
    Hook,
    WriteContext,
    agreement_case_open,
    agreement_rules,
    area_stat_rules,
    case_rules,
    confirmation_case_open,
    confirmation_rules,
    enterprise_rules,
    extension_applied,
    extension_rules,
    joint_case_rules,
    mediation_body_rules,
    party_rules,
    performance_rules,
    petition_rules,
    petition_step_rules,
    risk_rules,
    session_rules,
    suggestion_rules,
    term_rules,
)

__all__ = ["ENTITIES", "BY_MODEL", "Entity", "WriteContext", "entity"]


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    model: type
    fields: tuple[Field, ...]
    append_only: bool = False
    title_field: str = "name"
    hooks: tuple[Hook, ...] = field(default=())
    # Run after the insert, in the same transaction, for records that move their parent.
    after_create: tuple[Callable[[WriteContext, Any], None], ...] = field(default=())

    def field(self, name: str) -> Field:
        return RULES[self.name].field(name)

    @cached_property
    def field_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields)

    @property
    def status_field(self) -> Field | None:
        return RULES[self.name].status_field


# --- the entities ------------------------------------------------------------------------

# The desk's side of each entity: where it is stored and the rules that need the database.
_MODELS: dict[str, type] = {
    "office": m.Office, "staff": m.Staff, "mediation_body": m.MediationBody, "area_stat": m.AreaStat, "case": m.MediationCase,
    "party": m.Party, "extension": m.TermExtension, "session": m.MediationSession,
    "agreement": m.Agreement, "term": m.AgreementTerm, "performance": m.Performance,
    "confirmation": m.JudicialConfirmation, "joint_case": m.JointCase, "joint_office": m.JointCaseOffice,
    "handoff": m.Handoff, "enterprise": m.Enterprise, "visit": m.Visit, "risk": m.Risk,
    "suggestion": m.JudicialSuggestion, "petition": m.Petition, "petition_step": m.PetitionStep,
    "attachment": m.Attachment, "task": m.Task, "task_report": m.TaskReport,
}


def _hooks() -> dict[str, tuple[tuple[Hook, ...], tuple[Callable[[WriteContext, Any], None], ...]]]:
    return {
        "area_stat": ((area_stat_rules,), ()),
        "mediation_body": ((mediation_body_rules,), ()),
        "case": ((case_rules,), ()),
        "party": ((party_rules,), ()),
        "extension": ((extension_rules,), (extension_applied,)),
        "session": ((session_rules,), ()),
        "agreement": ((agreement_case_open, agreement_rules), ()),
        "term": ((term_rules,), ()),
        "performance": ((performance_rules,), ()),
        "confirmation": ((confirmation_case_open, confirmation_rules), ()),
        "joint_case": ((joint_case_rules,), ()),
        "enterprise": ((enterprise_rules,), ()),
        "risk": ((risk_rules,), ()),
        "suggestion": ((suggestion_rules,), ()),
        "petition": ((petition_rules,), ()),
        "petition_step": ((petition_step_rules,), ()),
        "attachment": ((_attachment_owner,), ()),
        "task": ((_hub_writes,), ()),
    }


def _entities() -> dict[str, Entity]:
    hooks = _hooks()
    return {
        name: Entity(name, rules.label, _MODELS[name], rules.fields, rules.append_only, rules.title_field,
                     *hooks.get(name, ((), ())))
        for name, rules in RULES.items()
    }


# Written at the hub alone and received by sync: this PC only reads them (records.void too).
HUB_WRITTEN = frozenset({"task"})
HUB_WRITTEN_MESSAGE = "任务由市级平台下达，不能在本机新增、修改或作废；请报告进展。"


def _hub_writes(ctx: WriteContext, before: dict | None, after: dict) -> None:
    raise ValidationError("content", "任务", HUB_WRITTEN_MESSAGE)


def _attachment_owner(ctx: WriteContext, before: dict | None, after: dict) -> None:
    """A file belongs to a record that exists here (the owner is named by type and id, so no
    foreign key can say it)."""
    if before is not None:
        return
    spec = ENTITIES[after["owner_entity"]]
    row = ctx.session.get(spec.model, after["owner_id"])
    if row is None or row.deleted_at is not None:
        raise ValidationError("owner_id", "所属记录", f"找不到要添加附件的{spec.label} {after['owner_id']}。")


ENTITIES: dict[str, Entity] = _entities()
BY_MODEL: dict[type, Entity] = {e.model: e for e in ENTITIES.values()}


def entity(name: str) -> Entity:
    try:
        return ENTITIES[name]
    except KeyError:
        known = "、".join(ENTITIES)
        raise ValidationError("entity", "记录类型", f"没有名为“{name}”的记录类型；可用的有：{known}。") from None
