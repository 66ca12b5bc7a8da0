"""The PySide6 desktop app: tray, hotkey, recording overlay, confirmation card, records window, settings.

Nothing here imports Qt at package import time for the CLI's sake: `saydo toggle` talks to a running instance
through `single_instance`, and `application.run_app` starts the tray.
"""
