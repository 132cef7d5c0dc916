"""Build processes that stay, for the preview: each keeps Python, Pelican, the plugins, Babel's
locale data and the compiled templates in memory between builds, so that an edit is rendered
without starting any of them again.

`make html` starts one process per group of sites and lets it end (zonesites.build.run_groups).
The preview server instead keeps a `Workers`: its first build starts the processes, and every later
one hands each process the same kind of group (the sites of one language, as build.groups_of makes
them) over a pipe. The processes are started afresh ("spawn"), never forked from the server, which
has loaded Pelican and the plugins itself: a process whose code changed under it (a plugin, the
library, a package) is replaced by one that imports the new code. They may start processes of their
own (the photo encoders).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection, wait

from zonelib.signals import read_store

from . import reads
from .build import build_site, lost

DONE = None  # what a process sends once its group is built and its reads are kept


def serve_builds(connection: Connection) -> None:
    """Build each group of sites received, sending every site's result as soon as it is built;
    end when told to, or when the server is gone."""
    data = {}  # what reading data files gave, kept between builds (reads.Reads.kept)
    try:
        while (task := connection.recv()) is not None:
            conf, group, store = task
            kept = reads.Reads(*store, data=data)  # the content as it is now
            with read_store.connected_to(kept.answer):
                for overrides in group:
                    connection.send(build_site(conf, overrides))
            kept.save()
            connection.send(DONE)
    except (EOFError, OSError):  # the server stopped without saying so
        pass


class Workers:
    """Processes that build groups of sites, started on first use and kept until `close()`."""

    def __init__(self):
        self.processes: list[tuple[multiprocessing.Process, Connection]] = []
        self.code = None  # the code fingerprint the processes were started with

    def _start(self, count: int, code: str) -> None:
        if code != self.code:
            self.close()
        for process, connection in [pair for pair in self.processes if not pair[0].is_alive()]:
            self._drop(process, connection)
        spawn = multiprocessing.get_context("spawn")
        while len(self.processes) < count:
            mine, theirs = spawn.Pipe()
            process = spawn.Process(target=serve_builds, args=(theirs,))
            process.start()
            theirs.close()
            self.processes.append((process, mine))
        self.code = code

    def _drop(self, process: multiprocessing.Process, connection: Connection) -> None:
        """Forget a process that ended (or is made to)."""
        connection.close()
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)
        self.processes.remove((process, connection))

    def run(self, conf: str, groups: list[list[dict]], store: tuple, progress=None) -> list:
        """Build each group in a process of its own (as build.run_groups does); return every site's
        result, reporting each as it comes. A process that died is replaced at the next build."""
        self._start(len(groups), store[-1])
        busy, done = {}, []
        for (process, connection), group in zip(list(self.processes), groups, strict=False):
            try:
                connection.send((conf, group, store))
                busy[connection] = (process, group)
            except OSError:  # it ended since it was started or last used
                done += lost(group, done, str(process.exitcode))
                self._drop(process, connection)
        while busy:
            for connection in wait(list(busy)):
                process, group = busy[connection]
                try:
                    result = connection.recv()
                except (EOFError, OSError):
                    del busy[connection]
                    self._drop(process, connection)
                    done += lost(group, done, str(process.exitcode))
                    continue
                if result is DONE:
                    del busy[connection]
                    continue
                done.append(result)
                if progress:
                    progress(result)
        return done

    def close(self) -> None:
        """Stop every process."""
        for process, connection in list(self.processes):
            try:
                connection.send(None)
            except OSError:
                pass
            self._drop(process, connection)
        self.code = None
