"""viz.preload lists every module the pages import, so a cold server imports them all once."""
from pathlib import Path

from viz.preload import MODULES

REPO = Path(__file__).resolve().parents[1]
SKIP = {"__main__", "cli"}   # command-line entry points: never imported by the app


def _modules(folder):
    pkg = ".".join(folder.relative_to(REPO).parts)
    for path in sorted(folder.glob("*.py")):
        if path.stem == "__init__":
            yield pkg
        elif path.stem not in SKIP:
            yield f"{pkg}.{path.stem}"


def test_every_engine_and_app_module_is_preloaded():
    folders = [REPO / "core", REPO / "core" / "data", REPO / "core" / "train",
               REPO / "viz" / "figures", REPO / "viz" / "panels"]
    wanted = {m for f in folders for m in _modules(f)}
    wanted |= {"viz.session", "viz.shared", "viz.words", "viz.strings", "viz.markdown",
               "viz.app_pages"}
    wanted -= {"core", "viz"}
    missing = sorted(wanted - set(MODULES))
    assert not missing, missing


def test_page_scripts_are_not_imported():
    assert not [m for m in MODULES if m.startswith("viz.app_pages.")]


def test_the_entry_script_preloads_before_any_page():
    src = (REPO / "viz" / "app.py").read_text()
    assert src.index("preload()") < src.index("st.navigation(")
    assert src.index("preload()") < src.index("import streamlit")


def test_preload_freezes_what_it_imported_so_streamlits_per_run_gc_skips_it(monkeypatch):
    import gc

    from viz import preload as module
    monkeypatch.setattr(module, "_done", False)
    gc.unfreeze()
    module.preload(modules=("json",))
    assert gc.get_freeze_count() > 1000
    assert module._done


def test_preload_sets_the_allocator_once_before_the_script_threads(monkeypatch):
    import viz.preload as module
    from viz import memory
    calls = []
    monkeypatch.setattr(memory, "cap_arenas", lambda: calls.append("arenas"))
    monkeypatch.setattr(memory, "fix_mmap_threshold", lambda: calls.append("mmap"))
    monkeypatch.setattr(module, "_done", False)
    module.preload(modules=())
    module.preload(modules=())
    assert calls == ["arenas", "mmap"]
