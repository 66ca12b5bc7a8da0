"""The `saydo` console script.

`saydo [--home DIR] toggle|start|stop|cancel` is what a desktop shortcut runs on every key press (Wayland has no
global hotkey), so it goes straight to the running app over the Qt-free channel: loading the CLI (typer, rich,
pydantic and every command module) took a second, and the first words with it. Anything else, options such as
`--verbose` included, is the full CLI (`app.cli`), whose commands of the same names use the same channel.

A start of the app (`saydo`, `saydo app`) says so in the runtime folder before those imports, so that a shortcut
pressed in the seconds before it listens waits for it instead of being told that saydo is not running.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

FAST_COMMANDS = frozenset({"toggle", "start", "stop", "cancel"})
_VERBOSE = frozenset({"--verbose", "-v"})


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


def app_start(args: list[str]) -> tuple[Path | None] | None:
    """(the `--home` folder or None,) when `args` start the app (`saydo` or `saydo app`, with the global options);
    None otherwise. Only what certainly starts it: anything unusual goes to the full CLI unmarked."""
    home: Path | None = None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in _VERBOSE:
            index += 1
        elif arg == "--home" and index + 1 < len(args):
            home, index = Path(args[index + 1]), index + 2
        elif arg.startswith("--home="):
            home, index = Path(arg.removeprefix("--home=")), index + 1
        else:
            return (home,) if args[index:] == ["app"] else None
    return (home,)


def _runtime_dir(home: Path | None) -> Path:
    from . import locations

    return locations.runtime_dir(locations.data_dir(locations.profile_dir(home)))


def main() -> int | None:
    fast = fast_command(sys.argv[1:])
    if fast is None:
        start = app_start(sys.argv[1:])
        if start is not None:
            from .ipc import mark_starting

            with contextlib.suppress(OSError):  # an unwritable profile: the start itself says so, better
                mark_starting(_runtime_dir(*start))
        from .cli import main as cli_main

        return cli_main()
    from .ipc import deliver

    home, command = fast
    delivered, line = deliver(_runtime_dir(home), command)
    # The plain lines of app/cli/output.py's info() and error(), without loading rich for them.
    sys.stderr.write(f"{line}\n" if delivered else f"error: {line}\n")
    return 0 if delivered else 1

