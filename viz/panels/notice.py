"""A one-shot message a callback left for the next script run: ``(kind, text)``, kind one of
"info" | "warning" | "error" | "success" (the st function that shows it)."""
from __future__ import annotations

import streamlit as st


def show(notice) -> None:
    """Show ``notice`` (a (kind, text) pair) if there is one; None shows nothing."""
    if notice:
        getattr(st, notice[0])(notice[1])
