"""A bounded room: past ``max_lab_kernels`` participants' labs, a new lab gets a translated
"the room is full" page (HTTP 503, Retry-After) and the labs already open keep running."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from labserver.room import RETRY_SECONDS, labs_in_use, room_full_context
from modules import config

from .conftest import LabServerProcess

LAB = "voila/render/cash_to_digital.ipynb"


class PlainKernelManager:  # Voilà without preheated kernels
    def list_kernel_ids(self):
        return ["k1", "k2"]


class PooledKernelManager(PlainKernelManager):
    def participant_kernel_ids(self):
        return {"k2"}


def test_labs_in_use_leaves_out_the_preheated_kernels():
    assert labs_in_use(PooledKernelManager()) == 1
    assert labs_in_use(PlainKernelManager()) == 2


def test_room_full_page_speaks_the_participants_language():
    assert room_full_context("es")["title"] == "La sala está llena"
    assert room_full_context("id")["retry"] == "Coba lagi sekarang"
    assert room_full_context("en")["title"] == "The room is full"
    assert room_full_context("es")["seconds"] == RETRY_SECONDS


def test_the_cap_is_read_from_the_settings_file(tmp_path, monkeypatch):
    path = tmp_path / "dwl.yaml"
    monkeypatch.setenv("DWL_CONFIG", str(path))
    config.settings.cache_clear()
    try:
        path.write_text("max_lab_kernels: 25\n")
        assert config.settings().max_lab_kernels == 25
        config.settings.cache_clear()
        path.write_text("max_lab_kernels: 0\n")
        with pytest.raises(ValueError, match="max_lab_kernels"):
            config.settings()
        config.settings.cache_clear()
        path.write_text("default_language: en\n")
        assert config.settings().max_lab_kernels == 40
    finally:
        config.settings.cache_clear()


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.headers, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


def test_a_full_room_refuses_a_new_lab_politely_and_keeps_the_open_one(tmp_path):
    server = LabServerProcess(tmp_path, ("--LabServer.max_lab_kernels=1",))
    try:
        status, headers, page = _get(server.url + LAB + "?lang=es")
        assert status == 200, page[:500]
        # the page sets the _xsrf cookie its shutdown request needs when the tab closes
        assert any(c.startswith("_xsrf=") for c in headers.get_all("Set-Cookie") or []), headers
        # the one place is taken; once the pool has refilled the next lab is refused
        deadline = time.time() + 60
        while True:
            status, headers, page = _get(server.url + LAB + "?lang=es")
            if status == 503 or time.time() > deadline:
                break
            time.sleep(1)
        assert status == 503, "a second lab was served although the room holds one"
        assert headers.get("Retry-After") == str(RETRY_SECONDS)
        assert "La sala está llena" in page and 'http-equiv="refresh"' in page
        status, _headers, page = _get(server.url + LAB + "?lang=id")
        assert status == 503 and "Ruangan penuh" in page
        # the gallery still answers: it starts no kernel
        status, _headers, page = _get(server.url + "?lang=es")
        assert status == 200
        assert "room full" in server.log()
    finally:
        server.stop()
