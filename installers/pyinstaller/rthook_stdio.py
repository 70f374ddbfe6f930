"""PyInstaller runtime hook: give a windowed Windows build somewhere to write.

A windowed (no console) .exe starts with sys.stdout and sys.stderr set to None, so ``--help``,
``--version`` or any message would raise instead of being quietly dropped. Point them at the null
device; ``reviewdesk-cli.exe`` (the console twin) prints normally.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
