"""Layering rules of DESIGN §1: only ui/ may load Qt; arrows point down."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import fydesk

SRC = Path(fydesk.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_importing_the_non_ui_packages_loads_no_pyside6():
    code = (
        "import sys, fydesk.models, fydesk.store, fydesk.store.open, fydesk.domain, "
        "fydesk.services.records, fydesk.services.cases, fydesk.services.search, "
        "fydesk.services.stats, fydesk.services.transfer, fydesk.services.maintenance, fydesk.cli, "
        "fydesk.sync.protocol, fydesk.sync.credentials, fydesk.hub.app, fydesk.hub.cli, "
        # The desktop's units of work are plain functions, testable without Qt.
        "fydesk.ui.jobs, fydesk.ui.hubjobs, fydesk.ui.printjobs\n"
        "import fydesk.domain.ids, fydesk.domain.states, fydesk.domain.deadlines\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_module_outside_ui_names_pyside6():
    offenders = [
        str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
        if "ui" not in p.relative_to(SRC).parts[:1]
        and any(n.split(".")[0] in ("PySide6", "shiboken6") for n in _imports(p))
    ]
    assert offenders == []


def test_lower_layers_do_not_import_upper_ones():
    forbidden = {
        "domain": ("fydesk.models", "fydesk.store", "fydesk.services", "fydesk.ui", "sqlalchemy"),
        "models": ("fydesk.store", "fydesk.services", "fydesk.ui"),
        "store": ("fydesk.services", "fydesk.ui"),
        "services": ("fydesk.ui", "fydesk.cli", "fydesk.hub"),
        # The hub shares only the wire protocol (and the pure domain) with the client.
        "hub": ("fydesk.models", "fydesk.store", "fydesk.services", "fydesk.ui", "fydesk.cli"),
        # The desktop reaches data only through the services, never the ORM or the hub.
        "ui": ("fydesk.models", "fydesk.hub", "fydesk.cli", "sqlalchemy"),
    }
    offenders = []
    for layer, banned in forbidden.items():
        for path in (SRC / layer).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(banned):
                    offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert offenders == []


def test_cli_validate_does_not_import_sqlalchemy():
    """The cheap commands stay cheap: validation needs no database layer."""
    code = (
        "import sys\nfrom fydesk.cli import main\n"
        "main(['validate', 'id', '11010519491231002X'])\n"
        "print('SQLALCHEMY' if 'sqlalchemy' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().endswith("CLEAN")


def test_the_protocol_imports_nothing_of_fydesk_but_itself():
    path = SRC / "sync" / "protocol.py"
    assert [n for n in _imports(path) if n.startswith("fydesk")] == []


def test_legal_fields_of_the_protocol_match_the_forms():
    from fydesk.services.entities import ENTITIES
    from fydesk.sync import protocol

    assert set(protocol.LEGAL_FIELDS) == set(ENTITIES)
    for name, spec in ENTITIES.items():
        assert protocol.LEGAL_FIELDS[name] == {f.name for f in spec.fields if f.legal}, name
    assert protocol.APPEND_ONLY == {n for n, e in ENTITIES.items() if e.append_only}


def _module_graph() -> dict[str, set[str]]:
    """fydesk's modules and the fydesk modules each imports (lazy imports inside functions
    included: they are arrows too). `from pkg import mod` is an arrow to pkg.mod only."""
    names = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([node.module] if node.module else []))
                subs = {f"{base}.{a.name}" for a in node.names} & names.keys()
                found.update(subs or {base})
        graph[name] = {m for m in found if m in names and m != name}
    return graph


def test_imports_form_no_loop():
    """STYLE: arrows point down. The last loop (services/entities → hooks → records →
    entities) went when the hook that cascades an edit was handed its writer."""
    graph = _module_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert loops == []
    assert "fydesk.services.records" not in graph["fydesk.services.hooks"]


def test_the_hub_checks_pushed_values_by_the_desks_own_field_rules():
    """One set of rules (DESIGN §4): the hub reads them from domain/, as the desk's entities do."""
    from fydesk.domain.schema import RULES
    from fydesk.services.entities import ENTITIES

    graph = _module_graph()
    assert "fydesk.domain.schema" in graph["fydesk.hub.apply"]
    for name, spec in ENTITIES.items():
        assert spec.fields is RULES[name].fields, name
