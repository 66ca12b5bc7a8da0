"""The `saydo` console script.

`saydo [--home DIR] toggle|start|stop|cancel` is what a desktop shortcut runs on every key press (Wayland has no
global hotkey), so it goes straight to the running app over the Qt-free channel: loading the CLI (typer, rich,
pydantic and every command module) took a second, and the first words with it. Anything else, options such as
`--verbose` included, is the full CLI (`app.cli`), whose commands of the same names use the same channel.
"""

from __future__ import annotations

import sys
from pathlib import Path

FAST_COMMANDS = frozenset({"toggle", "start", "stop", "cancel"})


def fast_command(args: list[str]) -> tuple[Path | None, str] | None:
    """(the `--home` folder or None, the command) when `args` are a channel command alone; None otherwise."""
    match args:
        case [command] if command in FAST_COMMANDS:
            return None, command
        case ["--home", home, command] if command in FAST_COMMANDS:
            return Path(home), command
        case [option, command] if option.startswith("--home=") and command in FAST_COMMANDS:
            return Path(option.removeprefix("--home=")), command
    return None


def main() -> int | None:
    fast = fast_command(sys.argv[1:])
    if fast is None:
        from .cli import main as cli_main

        return cli_main()
    from . import locations
    from .ipc import deliver

    home, command = fast
    delivered, line = deliver(locations.runtime_dir(locations.data_dir(locations.profile_dir(home))), command)
    # The plain lines of app/output.py's info() and error(), without loading rich for them.
    sys.stderr.write(f"{line}\n" if delivered else f"error: {line}\n")
    return 0 if delivered else 1

