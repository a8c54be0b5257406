"""Schema upgrades through Alembic: backed up first, applied in one transaction."""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine, inspect, text

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head so that
# start-up can tell "nothing to do" without importing Alembic (about 0.1 s saved per command).
SCHEMA_HEAD = "0019"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate leaves alone the search tables, which are made by raw SQL."""
    return not (type_ == "table" and name is not None and name.startswith("search_"))


def script_location() -> str:
    return str(resources.files("fydesk.store") / "migrations")


def earlier_migration(filename: str) -> ModuleType:
    """Another revision file of migrations/versions as a module (the folder is no package): a
    later migration rewrites exactly the triggers an earlier one made, from its frozen text."""
    path = Path(script_location()) / "versions" / filename
    spec = importlib.util.spec_from_file_location(f"fydesk_migration_{filename[:4]}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not inspect(conn).get_table_names()


def upgrade(engine: Engine, *, scripts: str | Path | None = None, target: str = "head") -> None:
    """Upgrade to `target` inside one transaction; on any error nothing is changed."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(scripts or script_location()))
    with engine.execution_options(sqlite_begin="EXCLUSIVE").begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def is_known(revision: str, scripts: str | Path | None = None) -> bool:
    """Whether this version of fydesk has the migration `revision` (else a newer one wrote it)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    cfg = Config()
    cfg.set_main_option("script_location", str(scripts or script_location()))
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except CommandError:
        return False


def head_revision(scripts: str | Path | None = None) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(scripts or script_location()))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head
