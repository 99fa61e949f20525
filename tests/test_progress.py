"""The terminal progress bar: drawn on a terminal, silent elsewhere."""

from __future__ import annotations

import io

from flows.progress import file_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_files_done_rate_and_time_left():
    screen = Terminal()
    with file_progress(10, screen) as advance:
        advance(4)
        advance(6)
    drawn = screen.getvalue()
    assert "files" in drawn and "10/10" in drawn and "left" in drawn


def test_logs_and_pipes_get_nothing():
    pipe = io.StringIO()
    with file_progress(10, pipe) as advance:
        advance(10)
    assert pipe.getvalue() == ""
