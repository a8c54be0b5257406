"""Which courts a 司法确认 application may go to (民诉法 art. 205, 法释〔2011〕5号), each with why.

For a case a court delegated or entrusted (委派/委托调解), or that its 驻庭 committee mediated,
that court is the competent one. Otherwise the basic court or tribunal for the presiding body's
area — the tribunal of that very area, then the basic court of its county, then the county's
other courts — and then those where each party lives and where the subject matter lies. The
parties may still name another court. Pure: the caller reads the courts and places on record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COURT_KINDS = ("人民法庭", "基层法院")
INVITED = {"委派调解(诉前)": "delegated", "委托调解(诉中)": "entrusted"}

# (kind, who): kind is delegated / entrusted / stationed (the court that invited the mediation or
# houses the committee), body (the body's area), party (where `who` lives), subject.
Reason = tuple[str, str]


@dataclass(frozen=True)
class Court:
    name: str
    kind: str
    area_code: str | None


def _rank(court: Court, area: str) -> tuple[int, int]:
    code = court.area_code or ""
    if code and code == area:
        return (0, 0)
    if code and area.startswith(code):
        return (1, -len(code))
    if code and area and code[:6] == area[:6]:
        return (2, 0 if court.kind == "基层法院" else 1)
    return (9, 0)


def competent_courts(courts: Sequence[Court], *, office: Court | None, category: str | None,
                     body_kind: str | None, body_area: str | None,
                     party_areas: Sequence[tuple[str, str]] = (),
                     subject_area: str | None = None) -> list[tuple[str, tuple[Reason, ...]]]:
    """(court name, reasons) the default first. `office`: the case's office; `party_areas`:
    (party name, area code) of each party whose residence could be placed, in party order."""
    found: dict[str, list[Reason]] = {}

    def offer(name: str, reason: Reason) -> None:
        reasons = found.setdefault(name, [])
        if reason not in reasons:
            reasons.append(reason)

    def offer_area(area: str, reason: Reason, within: int) -> None:
        for court in sorted(courts, key=lambda c: _rank(c, area)):
            if _rank(court, area)[0] <= within:
                offer(court.name, reason)

    at_court = office is not None and office.kind in COURT_KINDS
    invited = at_court and (category in INVITED or body_kind == "驻庭人民调解委员会")
    if invited:
        offer(office.name, (INVITED.get(category or "", "stationed"), ""))
    offer_area(body_area or (office.area_code if office else None) or "", ("body", ""), 2)
    if at_court and office.name not in found:
        offer(office.name, ("body", ""))  # the court at hand, when no register names the area's
    if not invited:  # a court that invited the mediation is the only one competent
        for who, area in party_areas:  # the basic court of that county, or that town's tribunal
            offer_area(area, ("party", who), 1)
        if subject_area:
            offer_area(subject_area, ("subject", ""), 1)
    return [(name, tuple(reasons)) for name, reasons in found.items()]
