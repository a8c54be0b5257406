"""SQLAlchemy models of every entity; no Qt, no I/O beyond the ORM."""

from .attachment import Attachment, AttachmentBody
from .base import Base, Synced, new_id, utcnow
from .enterprise import Enterprise, Risk, Visit
from .joint import Handoff, JointCase, JointCaseOffice
from .local import (
    AuditEntry,
    CoordinationNote,
    DeadlineRuleRow,
    LocalSetting,
    MissedRecord,
    NumberLease,
    OutboxOp,
    QuarantinedOp,
    SentBatch,
    SentOp,
    SyncConflict,
    SyncLogEntry,
)
from .mediation import (
    Agreement,
    AgreementTerm,
    JudicialConfirmation,
    MediationCase,
    MediationSession,
    Party,
    Performance,
    TermExtension,
)
from .org import AreaStat, MediationBody, Office, Staff
from .petition import Petition, PetitionStep
from .suggestion import JudicialSuggestion
from .task import Task, TaskReport

__all__ = [
    "Agreement", "Attachment", "AttachmentBody", "AgreementTerm", "AreaStat", "AuditEntry", "Base", "CoordinationNote", "DeadlineRuleRow",
    "Enterprise", "Handoff", "JointCase", "JointCaseOffice", "JudicialConfirmation",
    "JudicialSuggestion", "LocalSetting", "MediationBody", "MediationCase", "MediationSession", "NumberLease",
    "MissedRecord", "Office", "OutboxOp", "QuarantinedOp", "SentBatch", "SentOp", "SyncConflict", "SyncLogEntry", "Party", "Performance", "Petition", "PetitionStep", "Risk", "Staff", "Synced", "Task", "TaskReport", "TermExtension",
    "Visit", "new_id", "utcnow",
]
