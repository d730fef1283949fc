"""Progress lines of a long extraction, and where the CLI shows them."""

from __future__ import annotations

import logging
import sys

from pipelines.assets.progress import PREFIX, Progress


def test_progress_says_done_total_rate_and_time_left_at_most_every_few_seconds():
    now = [0.0]
    progress = Progress(total=100, every=5.0, clock=lambda: now[0])
    lines = []
    for _ in range(100):
        now[0] += 0.5  # two documents a second
        lines.append(progress.step())
    shown = [line for line in lines if line]
    assert len(shown) == 10  # one every 5 s over 50 s, the last at the last document
    assert shown[0] == f"{PREFIX}10/100 documents, 2.0/s, about 45 s left"
    assert shown[-1] == f"{PREFIX}100/100 documents, 2.0/s, about 0 s left"


def _printer_output(monkeypatch, capsys, tty: bool) -> str:
    from pipelines.cli import _progress_logger

    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    logger = _progress_logger().logger_fn(None)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, f"run - step - {PREFIX}3/9 documents", None, None)
    logger.handle(record)
    return capsys.readouterr().err


def test_the_cli_prints_progress_on_a_terminal_only(monkeypatch, capsys):
    assert f"{PREFIX}3/9 documents" in _printer_output(monkeypatch, capsys, tty=True)
    assert _printer_output(monkeypatch, capsys, tty=False) == ""
