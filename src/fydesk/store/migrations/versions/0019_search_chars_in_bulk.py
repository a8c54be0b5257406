"""Search index: a bulk writer may keep search_chars itself, instead of the triggers row by row.

The triggers of 0018 take each written text apart character by character in SQL: about 40 µs
a record inserted and 75 µs a record edited (the old characters are worked out again to be
removed), most of what applying a pulled page of cases cost. Python does the same in a few µs.
So the insert and update triggers leave search_chars alone while search_chars_deferred holds a
row; a writer that puts one there (`fydesk.store.bulk.chars_kept_in_bulk`) does so inside its
own transaction, where no other connection sees it, writes its rows, takes the row out and
brings search_chars up to date for the records it wrote, in one statement each way. Everything
else (search_map, the trigram index, the delete trigger, every other writer) is as in 0018.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

from alembic import op

from fydesk.store.migrate import earlier_migration

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

DEFERRED = "search_chars_deferred"
_UNLESS_DEFERRED = f" AND NOT EXISTS (SELECT 1 FROM {DEFERRED})"


def _modules():
    return (earlier_migration("0001_initial_schema.py"),
            earlier_migration("0008_search_skip_unchanged.py"),
            earlier_migration("0018_search_characters.py"))


def _triggers(source, initial, skip_unchanged, chars) -> dict[str, str]:
    """0018's triggers; in the insert and update ones, the search_chars statements skipped
    while the deferral row is there (both end in a WHERE clause, so the condition is added)."""
    made = chars._triggers(source, initial, skip_unchanged)
    for kind in ("ai", "au"):
        made[kind] = (made[kind].replace(chars.ADD, chars.ADD + _UNLESS_DEFERRED)
                      .replace(chars.REMOVE, chars.REMOVE + _UNLESS_DEFERRED))
    return made


def _replace_triggers(triggers) -> None:
    initial, skip_unchanged, chars = _modules()
    for source in initial._SEARCH_SOURCES:
        for kind, sql in triggers(source, initial, skip_unchanged, chars).items():
            op.execute(f"DROP TRIGGER IF EXISTS search_{kind}_{source[0]}")
            op.execute(sql)


def upgrade() -> None:
    # At most one row: its presence is the whole message.
    op.execute(f"CREATE TABLE {DEFERRED} (one INTEGER PRIMARY KEY CHECK (one = 1))")
    _replace_triggers(_triggers)


def downgrade() -> None:
    _replace_triggers(lambda source, initial, skip_unchanged, chars:
                      chars._triggers(source, initial, skip_unchanged))
    op.execute(f"DROP TABLE {DEFERRED}")
