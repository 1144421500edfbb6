"""How the page modules fit together, read from their source: one module owns the session state and the
widget keys, modules import only the layers below their own, so no page reaches into another for a
key name, and every widget callback is guarded so that its failure is an incident with an id.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "app_pages"
STATE = "state"
DASHBOARD = ROOT / "dashboard.py"


def _pages() -> set[str]:
    """The modules dashboard.py registers as pages (st.Page("app_pages/NAME.py", ...))."""
    found = set()
    for node in ast.walk(ast.parse(DASHBOARD.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page":
            path = node.args[0]
            assert isinstance(path, ast.Constant) and isinstance(path.value, str)
            found.add(Path(path.value).stem)
    return found


PAGES = _pages()
#: Lowest first: a module may import modules of lower layers only. Shared widget helpers sit low, the
#: upload panels in the middle, the pages on top.
LAYERS: list[set[str]] = [
    {"links", "server"},  # the view as query parameters (pure text); the server process, which imports no page
    {STATE},  # the session and the widget keys
    {"components", "diff_view", "verdict_view"},  # widgets several pages draw
    {"common", "analyst"},  # the active data and the sidebar; the sign-in form (publish and rollback)
    {"upload_file", "publish_panel"},  # the kept upload; the Publish section
    {"upload_panel"},  # the upload steps, drawn on the Data page
    PAGES,
]
LAYER = {name: number for number, names in enumerate(LAYERS) for name in names}


def _modules() -> dict[str, ast.Module]:
    sources = {path.stem: path for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    sources["dashboard"] = DASHBOARD
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in sources.items()}


def session_state_uses(tree: ast.Module) -> list[int]:
    """Lines that touch ``st.session_state`` (subscript, .get, .pop, setdefault, anything) or import it."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "session_state":
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and any(alias.name == "session_state" for alias in node.names):
            lines.append(node.lineno)
    return lines


def key_literals(tree: ast.Module) -> list[int]:
    """Lines passing a written-out ``key=`` (a string or f-string) rather than a name from the state module."""
    return [
        keyword.value.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "key" and isinstance(keyword.value, ast.Constant | ast.JoinedStr)
    ]


def app_imports(tree: ast.Module) -> set[str]:
    """The app_pages modules a module imports, however it spells the import."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "app_pages":
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app_pages."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("app_pages.")}
    return found


CALLBACK_ARGUMENTS = ("on_click", "on_change", "on_submit")


def guarded_callbacks(module: str, tree: ast.Module) -> set[str]:
    """``module.function`` for each function decorated with ``@callback`` or ``@state.callback``."""
    return {
        f"{module}.{node.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(getattr(d, "id", getattr(d, "attr", "")) == "callback" for d in node.decorator_list)
    }


def callbacks_given(module: str, tree: ast.Module) -> list[tuple[int, str]]:
    """(line, ``module.function``) for each callback handed to a widget (``on_click=``, or ``"on_change":`` in
    a dict of widget arguments); a string such as ``"ignore"`` is no function, and an expression is ``?``."""
    given = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            values = [k.value for k in node.keywords if k.arg in CALLBACK_ARGUMENTS]
        elif isinstance(node, ast.Dict):
            values = [v for k, v in zip(node.keys, node.values) if getattr(k, "value", None) in CALLBACK_ARGUMENTS]
        else:
            continue
        for value in values:
            if isinstance(value, ast.Name):
                given.append((value.lineno, f"{module}.{value.id}"))
            elif isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name):
                given.append((value.lineno, f"{value.value.id}.{value.attr}"))
            elif not isinstance(value, ast.Constant):
                given.append((value.lineno, "?"))
    return given


MODULES = _modules()


def test_the_detectors_find_what_they_look_for():
    tree = ast.parse(
        "import streamlit as st\nfrom streamlit import session_state\nfrom app_pages import common\n"
        'x = st.session_state["as_of"]\nst.session_state.get("preview")\nst.button("Go", key="go")\n'
        'st.button("Go", key=f"go_{x}")\nimport app_pages.publish_panel\n'
    )
    assert session_state_uses(tree) == [2, 4, 5]
    assert key_literals(tree) == [6, 7]
    assert app_imports(tree) == {"common", "publish_panel"}
    callbacks = ast.parse(
        "@state.callback\ndef a(): pass\n@callback\ndef b(): pass\ndef c(): pass\n"
        'st.button("A", on_click=a)\nst.button("B", on_click=state.b, on_change="ignore")\n'
        'kwargs = {"on_change": c}\nst.button("C", on_click=lambda: None)\n'
    )
    assert guarded_callbacks("m", callbacks) == {"m.a", "m.b"}
    assert callbacks_given("m", callbacks) == [(6, "m.a"), (7, "state.b"), (8, "m.c"), (9, "?")]


@pytest.mark.parametrize("name", sorted(set(MODULES) - {STATE}))
def test_only_the_state_module_touches_the_session_state(name):
    assert session_state_uses(MODULES[name]) == [], f"{name}.py: use app_pages.state instead"


@pytest.mark.parametrize("name", sorted(set(MODULES) - {STATE}))
def test_widget_keys_are_named_in_the_state_module(name):
    assert key_literals(MODULES[name]) == [], f"{name}.py: add the key to app_pages.state.Keys"


def test_pages_are_the_top_layer_and_every_module_has_a_layer():
    assert PAGES == {"overview", "target", "countries", "data", "methodology", "history", "backtest"}
    assert set(MODULES) - {"dashboard"} == set(LAYER)


@pytest.mark.parametrize("name", sorted(set(MODULES) - {"dashboard"}))
def test_a_module_imports_only_lower_layers(name):
    """So no page imports another page, and no panel imports a sibling for a key name."""
    higher = {imported for imported in app_imports(MODULES[name]) if LAYER[imported] >= LAYER[name]}
    assert higher == set(), f"{name}.py imports modules of its own layer or above"


#: Modules that draw or fill a page: they read scores through the scorer's public methods, never its index.
VIEW_SOURCES = sorted(
    [*PACKAGE.glob("*.py"), DASHBOARD, *(ROOT / "indicators" / "views").glob("*.py")]
    + [*(ROOT / "indicators" / "charts").glob("*.py"), ROOT / "indicators" / "static_edition.py"]
)


def series_index_uses(tree: ast.Module) -> list[int]:
    """Lines that reach into a scorer's series index (``scorer.index``, ``common.scorer().index``) or import it."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "index" and "scorer" in ast.unparse(node.value).lower():
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "indicators.scoring.index":
            lines.append(node.lineno)
    return lines


def test_the_index_detector_finds_the_scorer_index_and_not_a_frame_index():
    tree = ast.parse(
        "from indicators.scoring.index import SeriesIndex\nscorer.index.official('a', 'b')\n"
        "common.scorer().index.published_projections(x, y)\nrows.index\nframe.set_index('a').index\n"
    )
    assert series_index_uses(tree) == [1, 2, 3]


@pytest.mark.parametrize("path", VIEW_SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_pages_and_views_use_the_scorer_and_never_its_index(path):
    lines = series_index_uses(ast.parse(path.read_text(encoding="utf-8")))
    assert lines == [], f"{path.relative_to(ROOT)} lines {lines}: add a public method to Scorer instead"


def test_every_widget_callback_is_guarded():
    """A callback runs before the page's script, out of reach of its guard (see ``state.callback``)."""
    guarded = set().union(*(guarded_callbacks(name, tree) for name, tree in MODULES.items()))
    unguarded = [
        f"{name}.py:{line}: {function}"
        for name, tree in MODULES.items()
        for line, function in callbacks_given(name, tree)
        if function not in guarded
    ]
    assert unguarded == [], "decorate these with @state.callback"
