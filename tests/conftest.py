"""Shared fixtures: a real Decent Work Lab server and a headless Chromium.

Browser tests drive the system Chromium (Debian package) through Playwright; `make test`
installs it when missing. Nothing is downloaded by Playwright itself.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("DWL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServerProcess:
    """`python -m labserver` as a child process of the tests (stopped by its own PID)."""

    def __init__(self, tmp: Path, extra_args: tuple[str, ...] = (), env: dict | None = None,
                 port: int | None = None):
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = tmp / f"labserver-{self.port}.log"
        self._log = self.log_path.open("w")
        env = {**os.environ, **(env or {})}
        if not any(a.startswith("--LabServer.labs_ready_in_advance=") for a in extra_args):
            # one preheated kernel per lab is enough for one test at a time
            extra_args = ("--LabServer.labs_ready_in_advance=1", *extra_args)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "labserver", f"--port={self.port}", *extra_args],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"labserver exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            raise RuntimeError(f"labserver did not answer within 60 s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    server = LabServerProcess(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs the Debian package).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
