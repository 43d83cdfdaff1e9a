"""viz.markdown.literal: outside text shown inside Streamlit Markdown reads as itself."""
from viz.markdown import MAX_CHARS, literal


def test_markdown_specials_are_escaped():
    assert literal("**x**_[a](b)`c`~d~$e$<f>&g:h|i\\") == (
        r"\*\*x\*\*\_\[a\](b)\`c\`\~d\~\$e\$\<f\>\&g\:h\|i\\")


def test_plain_names_are_unchanged():
    assert literal("three.png") == "three.png"
    assert literal("my model (v2) - final!.npz") == "my model (v2) - final!.npz"


def test_autolinks_line_breaks_and_length():
    assert literal("www.evil.com.npz") == r"www\.evil.com.npz"
    assert literal("a\nb\r\n# c") == "a b  # c"
    assert literal("x\x00y") == "x y"
    long = literal("a" * 1000)
    assert len(long) == MAX_CHARS and long.endswith("…")


def test_errors_are_shown_by_their_sentence():
    assert literal(ValueError("bad: [x]")) == r"bad\: \[x\]"
