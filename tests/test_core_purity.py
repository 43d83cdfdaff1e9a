"""The layering, checked on the source: core/ is a UI-free numerical library, viz/figures/ builds
figures without streamlit, nothing in core/ reaches into viz/, and no project module imports
itself back in a circle."""
import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORE = ROOT / "core"
FIGURES = ROOT / "viz" / "figures"
UI = {"streamlit", "plotly", "st_canvas", "streamlit_drawable_canvas"}
# Modules that may use more than numpy + stdlib, and what each may add (paths inside core/).
# Command-line entries may show tqdm bars; the thread policy uses threadpoolctl; Pillow only
# decodes uploaded PNG/JPEG files, all image maths stays in NumPy.
EXTRA = {"train/cli.py": {"tqdm"}, "data/cli.py": {"tqdm"}, "threads.py": {"threadpoolctl"},
         "data/images.py": {"PIL"}}


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_imports(path):
    """Project modules ``path`` imports at module level (function-level imports are lazy)."""
    tree = ast.parse(path.read_text())
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            names = [f"{module}.{a.name}" for a in node.names]
            yield from (n for n in names if _is_module(n)) if any(map(_is_module, names)) \
                else [module]
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def _is_module(name):
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def test_core_imports_only_numpy_and_stdlib():
    stdlib = set(sys.stdlib_module_names)
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        allowed = stdlib | {"numpy", "core"} | EXTRA.get(rel, set())
        bad = {m for m in _imports(path) if m not in allowed}
        if bad:
            offenders[rel] = sorted(bad)
    assert not offenders, f"core modules import outside numpy + stdlib: {offenders}"


def test_no_ui_library_and_no_viz_anywhere_in_core():
    for path in CORE.rglob("*.py"):
        assert not (set(_imports(path)) & (UI | {"viz"})), path


def test_figure_builders_never_import_streamlit():
    for path in FIGURES.rglob("*.py"):
        assert "streamlit" not in set(_imports(path)), path


def test_no_import_circles_between_project_modules():
    graph = {}
    for top in ("core", "viz"):
        for path in (ROOT / top).rglob("*.py"):
            mod = _module_name(path)
            graph[mod] = {m for m in _project_imports(path)
                          if m.split(".")[0] in ("core", "viz") and m != mod and _is_module(m)}
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == "open":
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError(" -> ".join(cycle))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for mod in sorted(graph):
        if mod not in state:
            visit(mod)


def test_the_circle_check_finds_a_circle(tmp_path, monkeypatch):
    """The check above is worth something only if it can fail: a planted a -> b -> a is found."""
    global ROOT
    pkg = tmp_path / "core"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from core.b import x\n")
    (pkg / "b.py").write_text("from core.a import y\n")
    (tmp_path / "viz").mkdir()
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    try:
        test_no_import_circles_between_project_modules()
    except AssertionError as err:
        assert "core.a" in str(err) and "core.b" in str(err)
    else:
        raise AssertionError("a planted import circle was not found")
