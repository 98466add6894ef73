"""`python -m bench` command line: --help, and one run at a time."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from bench.__main__ import EXIT_BUSY, main


def test_help_lists_the_settings_and_runs_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "BENCH_DURATION" in out and "BENCH_GATEWAYS" in out


def test_unknown_arguments_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--fast"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --fast" in capsys.readouterr().err


def test_a_second_run_does_not_start_while_one_holds_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock_path = tmp_path / "bench.lock"
    with lock_path.open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        assert main([], lock_path=lock_path) == EXIT_BUSY
    assert "another benchmark run (pid 4242) is in progress" in capsys.readouterr().out
