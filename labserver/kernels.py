"""Voilà's preheated kernel pools, made dependable for a room of participants.

Voilà keeps, per lab, a pool of kernels that have already run the lab's notebook, so a page
opens in about a second instead of the several seconds a kernel takes to start and build the
lab. Three things in its pool handling hurt a room (``benchmarks/room.py`` showed them):

- A kernel still starting counts as available: the next participant gets it and waits for
  the whole start, while a kernel that *is* ready may sit behind it in the pool. Under a
  burst of arrivals, participants waited 40-50 s that way. Here only started kernels count,
  and a participant gets a started one first; with none started, Voilà starts a kernel for
  the page as without a pool.
- A pool kernel that died while waiting (out of memory, killed) is restarted empty by the
  server's kernel restarter, without the lab, and handed to the next participant, whose page
  then shows an error. Here a pool kernel whose process is not the one that ran the lab is
  dropped (and replaced) before a page takes one.
- The idle culler walks a list taken before it starts; a kernel shut down or still starting
  meanwhile made it log a traceback (KeyError, TraitError) for every such kernel. Here those
  are skipped: they are not idle participants.

:func:`make_room_ready` applies this to the kernel manager Voilà built (its class is made by
a factory at start-up, so the behaviour is added to that instance's class).
"""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone


def _kernel_process(kernel):
    """The local process of a started kernel (None for kernels started elsewhere)."""
    return getattr(getattr(kernel, "provisioner", None), "process", None)


class RoomReadyPools:
    """Mixin over Voilà's ``VoilaKernelManager`` (see the module docstring)."""

    _pools: dict

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
        if not dead:
            return
        for task, kernel_id in dead:
            pool.remove(task)
            self.log.warning("preheated kernel %s of %s is gone; replacing it", kernel_id,
                             notebook_name)
            if kernel_id is not None and kernel_id in self._kernels:
                asyncio.ensure_future(self._forget(kernel_id))
        self.fill_if_needed(delay=0, notebook_name=notebook_name)

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

    def pooled_kernels(self) -> int:
        """Kernels waiting in all pools, started or still starting (not participants')."""
        return sum(len(pool) for pool in self._pools.values())

    async def get_rendered_notebook(self, notebook_name: str, *args, **kwargs):
        # Voilà hands out the pool's first entry: put the started kernels first.
        pool = self._pools.get(notebook_name)
        if pool:
            pool.sort(key=lambda t: self._pool_kernel_id(t) is None)
        result = await super().get_rendered_notebook(notebook_name, *args, **kwargs)
        # A kernel that waited in the pool longer than the culling timeout (the server started
        # before lunch) would otherwise count as idle that long and could be culled while
        # its page is still loading: its participant's time starts now.
        kernel = self._kernels.get(result[2])
        if kernel is not None and hasattr(kernel, "last_activity"):
            kernel.last_activity = datetime.now(timezone.utc)
        return result

    async def cull_kernel_if_idle(self, kernel_id: str):
        kernel = self._kernels.get(kernel_id)
        if kernel is None:
            return  # shut down since the culler listed it
        ready = getattr(kernel, "ready", None)
        if ready is not None and not ready.done():
            return  # still starting: not an idle participant
        return await super().cull_kernel_if_idle(kernel_id)


def make_room_ready(kernel_manager) -> None:
    """Give ``kernel_manager`` (Voilà's, with preheated pools) the room behaviour."""
    cls = type(kernel_manager)
    if not hasattr(cls, "get_rendered_notebook") or issubclass(cls, RoomReadyPools):
        return  # preheating off: nothing pooled
    kernel_manager.__class__ = type(f"RoomReady{cls.__name__}", (RoomReadyPools, cls), {})
    # the pools Voilà filled when it built the manager started with its own _initialize
    for pool in kernel_manager._pools.values():
        for task in pool:
            task.add_done_callback(lambda t: t.cancelled() or t.exception() is not None
                                   or kernel_manager._remember_process(t.result()))
