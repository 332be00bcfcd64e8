"""A real Neo4j Community 5.26 server for the tests, run by the small Java launcher in tests/neo4j_server/.

`start_neo4j(work_dir)` builds the launcher with Maven when needed, starts it on a free loopback port with a random
password and returns a `Neo4jServer`; the session-scoped `neo4j_server` fixture wraps it. The fixture skips only when
`java` or `mvn` is missing: a failing build or start is a test error, so a broken setup never passes as a skip.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j_server"
TARGET = LAUNCHER_DIR / "target"
STAMP = TARGET / "kg-build.stamp"
MAIN_CLASS = "kgtest.Neo4jLauncher"
USER = "neo4j"
BUILD_TIMEOUT = 1200  # seconds; a first build on an empty ~/.m2 downloads ~125 MB from Maven Central
START_TIMEOUT = 180  # seconds to the READY line
STOP_TIMEOUT = 60  # seconds for a clean shutdown before the process is killed


@dataclass
class Neo4jServer:
    """A running launcher process. `uri`, `user` and `password` are what a driver needs."""

    uri: str
    user: str
    password: str
    home: Path
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    def stop(self) -> int | None:
        """Shut the server down cleanly (closing its stdin tells it to); kill it if it hangs. Idempotent."""
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.terminate()
                try:
                    self.process.wait(10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        return self.process.returncode

    def __enter__(self) -> Neo4jServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def missing_tools() -> list[str]:
    return [tool for tool in ("java", "mvn") if shutil.which(tool) is None]


def _newest_source_mtime() -> float:
    sources = [LAUNCHER_DIR / "pom.xml", *(p for p in (LAUNCHER_DIR / "src").rglob("*") if p.is_file())]
    return max(p.stat().st_mtime for p in sources)


def _is_built() -> bool:
    outputs = [STAMP, TARGET / "classes" / "kgtest" / "Neo4jLauncher.class", TARGET / "lib"]
    return all(p.exists() for p in outputs) and STAMP.stat().st_mtime >= _newest_source_mtime()


def build_launcher() -> None:
    """`mvn package` unless target/ is up to date with pom.xml and src/ (the stamp is written after a good build)."""
    if _is_built():
        return
    TARGET.mkdir(exist_ok=True)
    # A lock, so that two pytest processes never run Maven in the same folder at once.
    with open(TARGET / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _is_built():
            return
        shutil.rmtree(TARGET / "lib", ignore_errors=True)  # no stale jars left on the class path
        cmd = ["mvn", "-q", "-B", "package"]
        try:
            result = subprocess.run(
                cmd, cwd=LAUNCHER_DIR, capture_output=True, text=True, timeout=BUILD_TIMEOUT, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as e:
            raise RuntimeError(f"{' '.join(cmd)} in {LAUNCHER_DIR} took over {BUILD_TIMEOUT} s") from e
        if result.returncode != 0:
            output = (result.stdout + result.stderr)[-4000:]
            raise RuntimeError(f"{' '.join(cmd)} in {LAUNCHER_DIR} failed ({result.returncode}):\n{output}")
        STAMP.touch()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, chars: int = 4000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def start_neo4j(work_dir: Path, password: str | None = None, heap: str = "512m", pagecache_mb: int = 64) -> Neo4jServer:
    """Build if needed and start a server whose store lives in work_dir/neo4j-home (kept, so a restart reuses it).

    The launcher's output goes to work_dir/neo4j.log (Neo4j's own logs are under the home's logs/).
    Raises RuntimeError if the build fails or the server is not READY within START_TIMEOUT seconds.
    """
    missing = missing_tools()
    if missing:
        raise RuntimeError(f"Neo4j needs java and mvn on PATH; missing: {', '.join(missing)}")
    build_launcher()
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    password = password or secrets.token_urlsafe(18)
    # free_port() can race with another process taking the port: try again with a new one when the bind fails.
    for attempt in range(3):
        server = _launch(work_dir, free_port(), password, heap, pagecache_mb)
        try:
            _wait_ready(server)
            return server
        except _PortTaken:
            if attempt == 2:
                raise RuntimeError(f"Neo4j could not bind a port:\n{_tail(server.log_path)}") from None
    raise AssertionError("unreachable")


def _launch(work_dir: Path, port: int, password: str, heap: str, pagecache_mb: int) -> Neo4jServer:
    home = work_dir / "neo4j-home"
    log_path = work_dir / "neo4j.log"
    classpath = os.pathsep.join([str(TARGET / "classes"), str(TARGET / "lib" / "*")])
    cmd = ["java", f"-Xmx{heap}", "-cp", classpath, MAIN_CLASS]
    cmd += ["--home", str(home), "--port", str(port), "--password", password, "--stop-on-stdin-eof"]
    cmd += ["--pagecache-mb", str(pagecache_mb)]
    with open(log_path, "wb") as log:
        # stdin stays an open pipe: when it closes (stop(), or this process dying) the server shuts down.
        process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, cwd=work_dir)
    return Neo4jServer(f"bolt://127.0.0.1:{port}", USER, password, home, log_path, process)


class _PortTaken(Exception):
    pass


def _wait_ready(server: Neo4jServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    ready = f"READY {server.uri}"
    while time.monotonic() < deadline:
        log = _tail(server.log_path, 1_000_000)
        if ready in log.splitlines():
            return
        if server.process.poll() is not None:
            if "Address already in use" in log or "PortBindException" in log:
                raise _PortTaken()
            raise RuntimeError(f"Neo4j exited with {server.process.returncode} before READY:\n{_tail(server.log_path)}")
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"Neo4j was not READY within {START_TIMEOUT} s:\n{_tail(server.log_path)}")


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """One Neo4j server for the whole test session (its store is shared: tests should clean up what they write)."""
    missing = missing_tools()
    if missing:
        pytest.skip(f"Neo4j tests need java and mvn: {', '.join(missing)} not on PATH")
    server = start_neo4j(tmp_path_factory.mktemp("neo4j"))
    yield server
    server.stop()
