"""The embedded server's life cycle: shared by every user of a data directory, durable, stopped by the last user."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kg.stores.falkor_server import EmbeddedServer
from kg.stores.falkordb import FalkorStore
from tests.stores.factories import acquisition, muse_launch

REPO = Path(__file__).resolve().parents[2]


def test_server_shared_by_two_users_and_stopped_by_the_last(tmp_path):
    first = FalkorStore(str(tmp_path))
    second = FalkorStore(str(tmp_path))
    server = EmbeddedServer(tmp_path)
    first.write_extraction(acquisition("a1"))
    first.close()
    assert server.is_running()  # the second user still holds it
    assert second.has_article("a1")
    second.close()
    assert not server.is_running()


def test_server_data_persists_across_restarts(tmp_path):
    with FalkorStore(str(tmp_path)) as store:
        store.write_extraction(acquisition("a1"))
    assert not EmbeddedServer(tmp_path).is_running()
    with FalkorStore(str(tmp_path)) as store:
        assert store.query("MATCH ()-[r:ACQUIRED]->() RETURN r.amount").rows == [["$14.3 billion"]]


def test_server_killed_after_write_loses_nothing(tmp_path):
    store = FalkorStore(str(tmp_path))
    store.write_extraction(acquisition("a1"))
    pid = int((tmp_path / "falkordb.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    while True:  # wait until the process is gone
        try:
            os.kill(pid, 0)
            time.sleep(0.02)
        except ProcessLookupError:
            break
    store._db = None  # its connection died with the server
    with FalkorStore(str(tmp_path)) as reopened:
        assert reopened.has_article("a1")
        assert reopened.stats()["facts"]["ACQUIRED"] == 1
    store._server.release()


def test_server_lease_of_a_dead_process_does_not_keep_it_alive(tmp_path):
    server = EmbeddedServer(tmp_path)
    server.acquire()
    (tmp_path / "leases" / "999999-dead").write_text("999999")  # a pid that cannot exist
    server.release()
    assert not server.is_running()
    assert list((tmp_path / "leases").iterdir()) == []


def test_server_long_data_dir_gets_a_short_socket(tmp_path):
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    with FalkorStore(str(deep)) as store:
        store.write_extraction(acquisition("a1"))
        assert len(EmbeddedServer(deep).socket_path) < 108
        assert store.has_article("a1")


_WRITER = """
import sys
sys.path.insert(0, {repo!r})
from kg.stores.falkordb import FalkorStore
from tests.stores.factories import acquisition
with FalkorStore({data!r}) as store:
    for i in range(15):
        store.write_extraction(acquisition(f"{{sys.argv[1]}}-{{i}}"))
"""


def test_server_two_processes_write_concurrently_without_loss(tmp_path):
    data = str(tmp_path / "kg-data")
    script = _WRITER.format(repo=str(REPO), data=data)
    with FalkorStore(data) as reader:  # a third user reading meanwhile, like the explorer
        procs = [subprocess.Popen([sys.executable, "-c", script, name]) for name in ("p", "q")]
        reader.write_extraction(muse_launch("b1"))
        assert [p.wait(timeout=120) for p in procs] == [0, 0]
        assert reader.query("MATCH (a:Article) RETURN count(a)").rows == [[31]]
        assert reader.query("MATCH ()-[r:ACQUIRED]->() RETURN r.support").rows == [[30]]
