"""Text from outside the app (a file's name, a refusal quoting a file) shown inside Markdown.

Streamlit renders st.success / st.info / st.error / st.caption text as Markdown, with its own
extras (``:red[...]``, ``:material/icon:``, ``$maths$``).  ``literal`` backslash-escapes the
characters that can start formatting in the middle of a line (CommonMark lets any ASCII
punctuation be escaped), breaks bare-URL autolinks ("http:", "www.") and flattens line breaks, so
an upload named ``**[click](http://x)**.npz`` is shown exactly as that, never as a link.
"""
from __future__ import annotations

import re

MAX_CHARS = 200
_SPECIAL = re.compile(r"([\\`*_~\[\]<>$&:|])")
_WWW = re.compile(r"(?i)(www)\.")


def literal(text) -> str:
    """``str(text)`` with Markdown specials escaped and control characters made spaces, cut to
    MAX_CHARS characters."""
    text = str(text)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS - 1] + "…"
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return _WWW.sub(r"\1\\.", _SPECIAL.sub(r"\\\1", text))
