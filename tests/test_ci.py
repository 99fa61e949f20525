"""CI runs what the README tells a new user to run, in the same order."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    first_block = re.search(
        r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S
    )
    assert first_block, "the README opens with a shell block of commands"
    return [
        line.split("#")[0].strip() for line in first_block.group(1).splitlines() if line.strip()
    ]


def test_ci_runs_the_readmes_two_commands_in_order():
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line.strip() for line in script if line.strip().startswith("make")]
    assert _readme_commands() == ["make run", "make test"]
    assert commands == _readme_commands()
