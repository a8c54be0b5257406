"""The 本单位 page's database work: plain functions run on the DB worker, frozen DTOs back."""

from __future__ import annotations

from typing import Any, Mapping

from fydesk.store.engine import Store


def read_office(store: Store):
    from fydesk.services import office

    with store.read() as session:
        return office.show(session)


def save_record(store: Store, user: str | None, entity: str, record_id: str | None,
                values: Mapping[str, Any]):
    """Add a staff member or body (record_id None), or change one; then the page anew."""
    from fydesk.services import office, records
    from fydesk.services.context import load_actor

    with store.write() as session:
        actor = load_actor(session, user)
        if record_id is None:
            add = office.add_staff if entity == "staff" else office.add_body
            add(session, actor, values)
        else:
            records.update(session, actor, entity, record_id, values)
    return read_office(store)


def set_area(store: Store, user: str | None, code: str, name: str, year: int, population: int,
             floating: int | None):
    from fydesk.services import office
    from fydesk.services.context import load_actor

    with store.write() as session:
        office.set_area(session, load_actor(session, user), code, name=name, year=year,
                        population=population, floating=floating)
    return read_office(store)


def set_filings(store: Store, user: str | None, code: str, period: str, count: int):
    from fydesk.services import office
    from fydesk.services.context import load_actor

    with store.write() as session:
        office.set_filings(session, load_actor(session, user), code, period=period, count=count)
    return read_office(store)


def import_areas(store: Store, user: str | None, path: str):
    """An area sheet read and written in one transaction; (the page anew, what came in)."""
    from fydesk.documents.xlsx import read_sheets
    from fydesk.services import area_sheet
    from fydesk.services.context import load_actor

    sheets = read_sheets(path)
    with store.write() as session:
        done = area_sheet.import_areas(session, load_actor(session, user), sheets)
    return read_office(store), done


def write_area_template(path: str) -> str:
    from fydesk.documents.xlsx import write_workbook
    from fydesk.services import area_sheet

    write_workbook(path, area_sheet.template_sheets())
    return path


def case_choices(store: Store, office_id: str | None):
    """(staff, bodies) for the case forms: (id, name) and (id, name, kind), active ones only."""
    from fydesk.services import lists, office

    with store.read() as session:
        return lists.staff_choices(session, office_id), office.body_choices(session, office_id)
