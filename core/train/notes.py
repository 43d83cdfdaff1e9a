"""What a run says about itself, as a code and its numbers: the engine writes no sentences.

    Note(code, params)   e.g. Note("paused", {"step": 120})
    english(note)        the English sentence, for the command line and logs only; the app words
                         the codes itself, in the reader's language.

Codes and their params:
    ready {}                     training {}
    paused {step}                paused_idle {step, seconds}      released_idle {step, seconds}
    stopped {step}               finished {epochs, split, accuracy}
    diverged {step, reason, lr, suggested_lr, kept_step} (+ loss, first_loss: "loss_exploded")
        reason: loss_nan, grads_nan, weights_nan, loss_exploded, update_nan, eval_nan
    error {step, error}          error = str() of the exception that ended the run
"""
from __future__ import annotations

from typing import NamedTuple

REASONS = ("loss_nan", "grads_nan", "weights_nan", "loss_exploded", "update_nan", "eval_nan")


class Note(NamedTuple):
    """A status note: a code and its parameters (plain numbers and strings)."""

    code: str
    params: dict


def _duration(seconds):
    return f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:.0f} seconds"


_REASONS = {
    "loss_nan": "the loss became NaN or infinite",
    "grads_nan": "the gradients became NaN or infinite",
    "weights_nan": "the weights became NaN or infinite",
    "update_nan": "the update became infinite or NaN",
    "eval_nan": "the held-out loss became NaN or infinite",
}


def _diverged(p):
    if p["reason"] == "loss_exploded":
        what = f"the loss exploded to {p['loss']:.3g} (it started at {p['first_loss']:.3g})"
    else:
        what = _REASONS[p["reason"]]
    return (f"Diverged at step {p['step']:,}: {what}. The likely cause is a learning rate too "
            f"high for this network ({p['lr']:g}); try {p['suggested_lr']:g}. The parameters of "
            f"step {p['kept_step']:,}, the last that gave a finite, sane loss, were restored.")


_ENGLISH = {
    "ready": lambda p: "Ready to train.",
    "training": lambda p: "Training.",
    "paused": lambda p: f"Paused at step {p['step']:,}.",
    "paused_idle": lambda p: (f"Paused at step {p['step']:,}: nobody has watched for "
                              f"{_duration(p['seconds'])}."),
    "released_idle": lambda p: (f"Paused at step {p['step']:,}: nobody has watched for "
                                f"{_duration(p['seconds'])}, so the training thread was "
                                f"released. Resume continues the run."),
    "stopped": lambda p: f"Stopped at step {p['step']:,}.",
    "finished": lambda p: (f"Finished {p['epochs']:,} epochs: {p['split']} accuracy "
                           f"{p['accuracy']:.2%}."),
    "diverged": _diverged,
    "error": lambda p: f"Training stopped by an error at step {p['step']:,}: {p['error']}",
}
CODES = tuple(_ENGLISH)


def english(note):
    """The note as one English sentence (command line and logs)."""
    return _ENGLISH[note.code](note.params)
