"""Run the real `kg` executable in a subprocess, as a user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"


def run_kg(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``kg ARGS`` with captured text output; never raises on a non-zero exit."""
    full_env = {**os.environ, "KG_NO_APP": "1", **(env or {})}
    full_env.pop("KG_STORE", None)
    return subprocess.run([KG, *args], capture_output=True, text=True, env=full_env, timeout=timeout)
