"""The frozen program's entry: the `saydo` console script (app.entry:main) under PyInstaller."""

import multiprocessing
import sys

from app.entry import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # `saydo bench models` starts spawn workers: they re-enter here
    sys.exit(main())
