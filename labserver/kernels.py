"""Voilà's preheated kernel pools, made dependable for a room of participants.

Voilà keeps, per lab, a pool of kernels that have already run the lab's notebook, so a page
opens in about a second instead of the several seconds a kernel takes to start and build the
lab. Four things in its pool handling hurt a room (``benchmarks/room.py`` showed them):

- A kernel still starting counts as available: the next participant gets it and waits for
  the whole start, while a kernel that *is* ready may sit behind it in the pool. Under a
  burst of arrivals, participants waited 40-50 s that way. Here only started kernels count,
  and a participant gets a started one first; with none started, Voilà starts a kernel for
  the page as without a pool.
- A pool kernel that died while waiting (out of memory, killed) is restarted empty by the
  server's kernel restarter, without the lab, and handed to the next participant, whose page
  then shows an error. Here a pool kernel whose process is not the one that ran the lab is
  dropped (and replaced) before a page takes one.
- Each kernel taken from a pool is replaced at once: while a room joins, every participant's
  page then competes for the CPU with the start of a replacement (a kernel and its lab cost
  some 3 CPU-seconds), which doubled the work of the busiest minute and made pages take
  30-50 s on two cores. Here pools are refilled once no lab page has been asked for during
  ``QUIET_SECONDS`` (the room's arrivals first, the pools after), and only as far as the room
  has places left (``max_lab_kernels`` minus the participants' labs): a full room does not
  also keep a full set of waiting kernels in memory.
- The idle culler walks a list taken before it starts; a kernel shut down or still starting
  meanwhile made it log a traceback (KeyError, TraitError) for every such kernel. Here those
  are skipped: they are not idle participants.

:func:`make_room_ready` applies this to the kernel manager Voilà built (its class is made by
a factory at start-up, so the behaviour is added to that instance's class).
"""
from __future__ import annotations

import asyncio
import math
from datetime import datetime, timezone

from .room import labs_in_use


#: pools are refilled once no lab page has been asked for during this many seconds
QUIET_SECONDS = 10.0
POLL_SECONDS = 2.0


def _kernel_process(kernel):
    """The local process of a started kernel (None for kernels started elsewhere)."""
    return getattr(getattr(kernel, "provisioner", None), "process", None)


class RoomReadyPools:
    """Mixin over Voilà's ``VoilaKernelManager`` (see the module docstring)."""

    _pools: dict
    #: participants' labs the room holds (``max_lab_kernels``); None: no bound
    room_places: int | None = None
    _last_page_at = -math.inf
    _participants: set[str]

    def _pool_kernel_id(self, task: asyncio.Future) -> str | None:
        """The kernel id of a pool entry whose kernel has started, else None."""
        if not task.done() or task.cancelled() or task.exception() is not None:
            return None
        return task.result().get("kernel_id")

    def _drop_dead_pool_kernels(self, notebook_name: str) -> None:
        pool = self._pools.get(notebook_name, [])
        dead = []
        for task in list(pool):
            if task.done() and (task.cancelled() or task.exception() is not None):
                dead.append((task, None))
                continue
            kernel_id = self._pool_kernel_id(task)
            if kernel_id is None:
                continue  # still starting
            kernel = self._kernels.get(kernel_id)
            process = _kernel_process(kernel)
            if kernel is None or (process is not None and (
                    process.poll() is not None or process.pid != task.result().get("pid"))):
                dead.append((task, kernel_id))
        for task, kernel_id in dead:
            pool.remove(task)
            self.log.warning("preheated kernel %s of %s is gone; replacing it", kernel_id,
                             notebook_name)
            if kernel_id is not None and kernel_id in self._kernels:
                asyncio.ensure_future(self._forget(kernel_id))

    async def _forget(self, kernel_id: str) -> None:
        try:
            await self.shutdown_kernel(kernel_id, now=True)
        except Exception as exc:  # already gone: nothing to free
            self.log.info("dead kernel %s: %s", kernel_id, exc)

    def _remember_process(self, content: dict) -> dict:
        # the process that runs the lab: a restarted kernel has another one, without the lab
        process = _kernel_process(self._kernels.get(content["kernel_id"]))
        content["pid"] = process.pid if process is not None else None
        return content

    async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs):
        return self._remember_process(
            await super()._initialize(notebook_path, kernel_id, **kwargs))

    def get_pool_size(self, notebook_name: str) -> int:
        """Preheated kernels of ``notebook_name`` that have started and still run."""
        self._drop_dead_pool_kernels(notebook_name)
        return sum(self._pool_kernel_id(t) is not None for t in self._pools.get(notebook_name, []))

    def participant_kernel_ids(self) -> set[str]:
        """The running kernels serving participants: taken from a pool by a page, or started
        for a page when its pool had none ready (pool kernels start through Voilà's
        ``_initialize``, which does not come through :meth:`start_kernel` here)."""
        self._participants &= set(self.list_kernel_ids())
        return self._participants

    async def start_kernel(self, *args, **kwargs):
        kernel_id = await super().start_kernel(*args, **kwargs)
        self._participants.add(kernel_id)
        return kernel_id

    def pooled_kernels(self) -> int:
        """Kernels waiting in all pools, started or still starting (not participants')."""
        return sum(len(pool) for pool in self._pools.values())

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        """Voilà refills a pool the moment a kernel is taken; here :meth:`top_up_pools` does,
        once the room is quiet."""

    def _pool_size(self, notebook_name: str) -> int:
        default = self.kernel_pools_config.get("default", {})
        return self.kernel_pools_config.get(notebook_name, default).get("pool_size", 1)

    def top_up_pools(self) -> int:
        """Start kernels for the pools below their size, never more waiting kernels than the
        room has places left (``room_places`` minus the participants' kernels); returns how
        many were started."""
        left = math.inf
        if self.room_places:
            left = self.room_places - labs_in_use(self) - self.pooled_kernels()
        started = 0
        for name, pool in self._pools.items():
            n = min(self._pool_size(name) - len(pool), left - started)
            if n <= 0:
                continue
            # Voilà's fill starts kernels up to the configured size: give it this one's
            config = self.kernel_pools_config
            self.kernel_pools_config = {**config, name: {"pool_size": len(pool) + n}}
            try:
                super().fill_if_needed(delay=0, notebook_name=name)
            finally:
                self.kernel_pools_config = config
            started += n
        return started

    async def keep_pools(self) -> None:
        """Top the pools up whenever no lab page has been asked for in ``QUIET_SECONDS``."""
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(POLL_SECONDS)
            if loop.time() - self._last_page_at >= QUIET_SECONDS:
                try:
                    self.top_up_pools()
                except Exception:  # never let the loop die: the pools would stay empty
                    self.log.exception("could not top up the preheated kernel pools")

    async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
        self.note_page()
        # Voilà hands out the pool's first entry: the started kernels first, the one furthest
        # into building its lab first among them
        pool = self._pools.get(notebook_name)
        if pool:
            pool.sort(key=self._readiness)
        result = await super().get_rendered_notebook(notebook_name, *args, **kwargs)
        self._participants.add(result[2])
        # A kernel that waited in the pool longer than the culling timeout (the server started
        # before lunch) would otherwise count as idle that long and could be culled while
        # its page is still loading: its participant's time starts now.
        kernel = self._kernels.get(result[2])
        if kernel is not None and hasattr(kernel, "last_activity"):
            kernel.last_activity = datetime.now(timezone.utc)
        return result

    def _readiness(self, task: asyncio.Future) -> tuple[int, int]:
        if self._pool_kernel_id(task) is None:
            return (1, 0)
        renderer = task.result().get("renderer")
        return (0, -len(getattr(renderer, "rendered_cache", ())))

    def note_page(self) -> None:
        """A lab page was asked for (with or without a pool kernel): the room is not quiet."""
        self._last_page_at = asyncio.get_running_loop().time()

    async def cull_kernel_if_idle(self, kernel_id: str):
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            return  # shut down since the culler listed it
        ready = getattr(kernel, "ready", None)
        if ready is not None and not ready.done():
            return  # still starting: not an idle participant
        return await super().cull_kernel_if_idle(kernel_id)


def make_room_ready(kernel_manager, room_places: int | None = None) -> None:
    """Give ``kernel_manager`` (Voilà's, with preheated pools) the room behaviour; call it
    where an event loop is current (the pools are kept by a task on it)."""
    cls = type(kernel_manager)
    if not hasattr(cls, "get_rendered_notebook") or issubclass(cls, RoomReadyPools):
        return  # preheating off: nothing pooled
    kernel_manager.__class__ = type(f"RoomReady{cls.__name__}", (RoomReadyPools, cls), {})
    kernel_manager.room_places = room_places
    kernel_manager._participants = set()
    kernel_manager._keeper = asyncio.get_event_loop().create_task(kernel_manager.keep_pools())
    # the pools Voilà filled when it built the manager started with its own _initialize
    for pool in kernel_manager._pools.values():
        for task in pool:
            task.add_done_callback(lambda t: t.cancelled() or t.exception() is not None
                                   or kernel_manager._remember_process(t.result()))
