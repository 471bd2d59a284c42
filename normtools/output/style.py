"""Colour for terminals: when to use it, and ANSI styling that is a no-op when off.

Colour is on when the stream is a terminal, and follows NO_COLOR (https://no-color.org)
and FORCE_COLOR (https://force-color.org): either set to a non-empty value switches it
off or on whatever the stream; NO_COLOR wins when both are set. ``TERM=dumb`` switches
it off. A diff is data (``git apply`` reads it): it is coloured only on a terminal.
"""

from __future__ import annotations

import os
from typing import TextIO

BOLD, DIM, UNDERLINE, REVERSE, STRIKE = "1", "2", "4", "7", "9"
RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN = "31", "32", "33", "34", "35", "36"
SEVERITY_COLORS = {"error": RED, "warning": YELLOW, "info": BLUE}


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def wants_color(stream: TextIO) -> bool:
    """Colour for findings written to ``stream``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream) and os.environ.get("TERM") != "dumb"


def diff_color(stream: TextIO) -> bool:
    """Colour for a diff: only on a terminal, never when piped (FORCE_COLOR included)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


class Style:
    """``style(text, RED, BOLD)`` wraps ``text`` in ANSI codes when enabled."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *codes: str) -> str:
        if not self.enabled or not codes or not text:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def severity(self, text: str, severity: str, *codes: str) -> str:
        return self(text, SEVERITY_COLORS.get(severity, YELLOW), *codes)
