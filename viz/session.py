"""The session's own settings.  For now only its language; a typed session object will grow here.

The language lives in ``st.session_state`` (key LANGUAGE_KEY), never in a module global: module
globals are shared by every user of the server, so one user's choice would change everyone's
words.  Outside a Streamlit script run (unit tests, the command line) the language is English.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

LANGUAGE_KEY = "session.language"
DEFAULT_LANGUAGE = "en"


def language() -> str:
    """This session's language code ("en" until the session chooses another)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return DEFAULT_LANGUAGE
    return st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)


def set_language(code: str) -> None:
    """Make ``code`` (a key of viz.strings.LANGUAGES) this session's language."""
    from viz.strings import LANGUAGES
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    st.session_state[LANGUAGE_KEY] = code
