"""One headless Chromium per process turns plotly figures into SVG, through kaleido.

Starting Chromium takes seconds and about 400 MiB, a chart about 0.1 s once it
runs: the browser is started once per process (lazily, or warmed up by the
Celery ``worker_process_init`` signal in the PDF workers) and reused for every chart. kaleido's own
``start_sync_server`` blocks forever if Chromium dies or never starts; this
server runs the same ``Kaleido`` object on its own event loop thread, so that
every call has a time limit and a failure says what went wrong.
"""

import asyncio
import atexit
import logging
import os
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

logger = logging.getLogger(__name__)


class ChartError(Exception):
    """A chart could not be drawn. Usually transient: the browser is restarted next time."""


class ChartServer:
    def __init__(self, *, start_timeout: float = 60, call_timeout: float = 30) -> None:
        self.start_timeout = start_timeout
        self.call_timeout = call_timeout
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._opened: Future[Any] | None = None
        self._pending: set[Future[bytes]] = set()
        self.starts = 0

    @property
    def is_running(self) -> bool:
        return self._pid == os.getpid() and self._opened is not None

    def start(self) -> None:
        """Launch the browser in the background; does not wait for it."""
        with self._lock:
            if self._pid != os.getpid():
                # Forked from a process that had a server: that browser is not ours.
                self._forget()
            if self._opened is not None:
                return
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido-server", daemon=True)
            thread.start()
            self._loop, self._thread, self._pid = loop, thread, os.getpid()
            self._opened = asyncio.run_coroutine_threadsafe(self._open(), loop)
            self.starts += 1

    def svg(self, figure: Any, *, width: int, height: int) -> bytes:
        return self.result(self.submit(figure, width=width, height=height))

    def submit(self, figure: Any, *, width: int, height: int) -> "Future[bytes]":
        """Start drawing ``figure`` as SVG and return at once; :meth:`result` waits for it."""
        self.start()
        assert self._loop is not None
        opts = {"format": "svg", "width": width, "height": height}
        future = asyncio.run_coroutine_threadsafe(self._calc(figure, opts), self._loop)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    def result(self, future: "Future[bytes]") -> bytes:
        try:
            return bytes(future.result(timeout=self.start_timeout + self.call_timeout))
        except FutureTimeout as exc:
            future.cancel()
            self.stop()
            raise ChartError("the chart engine (Chromium through kaleido) did not answer") from exc
        except ChartError:
            self.stop()
            raise
        except Exception as exc:
            self.stop()
            raise ChartError(f"the chart engine failed: {type(exc).__name__}: {exc}") from exc

    def stop(self) -> None:
        with self._lock:
            if self._pid != os.getpid():
                self._forget()
                return
            loop, opened = self._loop, self._opened
            if loop is None:
                return
            # Whoever waits for a chart of this browser gets an error now, not a timeout.
            for future in list(self._pending):
                future.cancel()
            browser = None
            if opened is not None and opened.done() and not opened.cancelled():
                browser = None if opened.exception() else opened.result()
            try:
                asyncio.run_coroutine_threadsafe(self._shutdown(browser), loop).result(timeout=10)
            except Exception:  # noqa: BLE001 — a dying browser may not close cleanly
                logger.warning("The kaleido browser did not close cleanly", exc_info=True)
            loop.call_soon_threadsafe(loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._forget()

    async def _calc(self, figure: Any, opts: dict[str, Any]) -> bytes:
        assert self._opened is not None
        try:
            kaleido = await asyncio.wait_for(
                asyncio.wrap_future(self._opened), timeout=self.start_timeout
            )
        except TimeoutError as exc:
            raise ChartError(
                f"the chart engine (Chromium) did not start within {self.start_timeout:.0f} s"
            ) from exc
        except Exception as exc:
            raise ChartError(
                f"the chart engine (Chromium through kaleido) could not start: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        data: bytes = await kaleido.calc_fig(figure, opts=opts)
        return data

    async def _shutdown(self, browser: Any) -> None:
        if browser is not None:
            await asyncio.wait_for(browser.close(), timeout=8)
        current = asyncio.current_task()
        leftovers = [task for task in asyncio.all_tasks() if task is not current]
        for task in leftovers:
            task.cancel()
        await asyncio.wait(leftovers, timeout=1) if leftovers else None

    async def _open(self) -> Any:
        import kaleido

        # Two tabs: a follow-up report's two charts are drawn side by side.
        browser = kaleido.Kaleido(n=2, mathjax=False, timeout=self.call_timeout)
        await browser.open()
        return browser

    def _forget(self) -> None:
        self._loop = self._thread = self._opened = None
        self._pid = None


server = ChartServer()
atexit.register(server.stop)
