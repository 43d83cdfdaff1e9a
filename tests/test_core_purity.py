"""core/ stays a UI-free numerical library (DESIGN.md): checked on the source, not by trust."""
import ast
import pathlib

CORE = pathlib.Path(__file__).resolve().parents[1] / "core"
UI = {"streamlit", "plotly", "st_canvas", "streamlit_drawable_canvas"}
# Modules that may use more than numpy + stdlib, and what each may add.
# Command-line entries may show tqdm bars; the thread policy uses threadpoolctl.
EXTRA = {"cli.py": {"tqdm"}, "data_cli.py": {"tqdm"}, "threads.py": {"threadpoolctl"},
         "digit_images.py": {"PIL"}}
# PIL only decodes uploaded PNG/JPEG files; all image maths stays in NumPy.


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_core_imports_only_numpy_and_stdlib():
    import sys
    stdlib = set(sys.stdlib_module_names)
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        allowed = stdlib | {"numpy", "core"} | EXTRA.get(path.name, set())
        bad = {m for m in _imports(path) if m not in allowed}
        if bad:
            offenders[str(path.relative_to(CORE))] = sorted(bad)
    assert not offenders, f"core modules import outside numpy + stdlib: {offenders}"


def test_no_ui_library_anywhere_in_core():
    for path in CORE.rglob("*.py"):
        assert not (set(_imports(path)) & UI), path
