"""The 卷宗 checklist: what a mediation file holds, in binding order, mandatory or as needed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    mandatory: bool
    # Attachment kinds (codes.ATTACHMENT_KINDS) filed under this item.
    attachment_kinds: tuple[str, ...] = ()


CHECKLIST: tuple[Item, ...] = (
    Item("application", "申请书或受理登记表", True, ("申请书",)),
    Item("notice", "权利义务告知书", True, ("权利义务告知书",)),
    Item("identity", "身份证明", True, ("身份证明",)),
    Item("authorization", "授权委托书", False, ("授权委托书",)),
    Item("investigation", "调查记录", False),
    Item("evidence", "证据", False, ("证据", "照片", "录音")),
    Item("sessions", "调解记录", True),
    Item("agreement", "协议书", True, ("签署的协议书扫描件",)),
    Item("performance", "履行凭证", False),
    Item("confirmation", "司法确认材料", False),
    Item("followup", "回访记录", False, ("回访记录",)),
    Item("explanation", "情况说明", False, ("其他",)),
    Item("back_cover", "封底", True),
)

BY_KIND: dict[str, str] = {kind: item.key for item in CHECKLIST for kind in item.attachment_kinds}
# Made by the app itself when the file is bound, so never missing.
GENERATED = frozenset({"back_cover"})


def missing_mandatory(present: set[str], *, agreed: bool) -> list[Item]:
    """The mandatory items a file lacks, given the keys of the items it holds. A case that
    ended without agreement has no 协议书 to file."""
    return [item for item in CHECKLIST
            if item.mandatory and item.key not in present | GENERATED and (agreed or item.key != "agreement")]
