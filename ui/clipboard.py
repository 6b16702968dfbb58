"""What FrontDesk put on the clipboard does not outlive the work on screen.

An РНОКПП or IBAN copied from the form stayed on the clipboard for whoever used the
laptop next (and, on X11, a text selected in a field stays as the "primary selection",
pasted with the middle button). When the screen locks, when the work ends at the lock
screen for a colleague, and when FrontDesk closes, :func:`clear_own_clipboard` empties
each of them that FrontDesk still owns; what another program put there since is left.
"""

from __future__ import annotations

from PySide6.QtGui import QClipboard, QGuiApplication


def clear_own_clipboard() -> None:
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    owned = [(QClipboard.Mode.Clipboard, clipboard.ownsClipboard())]
    if clipboard.supportsSelection():  # X11
        owned.append((QClipboard.Mode.Selection, clipboard.ownsSelection()))
    if clipboard.supportsFindBuffer():  # macOS
        owned.append((QClipboard.Mode.FindBuffer, clipboard.ownsFindBuffer()))
    for mode, ours in owned:
        if ours:
            clipboard.clear(mode)
