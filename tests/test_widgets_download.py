"""Download buttons: the HTML/JS snippet carries the exact bytes, MIME type and file name."""
from __future__ import annotations

import base64
import re

from widgets import DownloadButton, LabContext, download_snippet, mime_type


def _href(html: str) -> str:
    return re.search(r'href="([^"]+)"', html).group(1)


def test_mime_types():
    assert mime_type("planilla_2025-07.xlsx") == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert mime_type("boletas_2025-07.zip") == "application/zip"
    assert mime_type("b.PDF") == "application/pdf"
    assert mime_type("r.csv") == "text/csv"
    assert mime_type("c.png") == "image/png"
    assert mime_type("x.bin") == "application/octet-stream"


def test_snippet_carries_the_bytes_and_the_file_name():
    data = bytes(range(256)) * 3
    html = download_snippet(data, "boletas_2025-07.zip", "application/zip", "Tap here", token="t1")
    href = _href(html)
    assert href.startswith("data:application/zip;base64,")
    assert base64.b64decode(href.split(",", 1)[1]) == data
    assert 'download="boletas_2025-07.zip"' in html
    assert "<script>" in html and '"t1"' in html and "createObjectURL" in html
    assert ">Tap here</a>" in html


def _outputs_html(button: DownloadButton) -> str:
    return "".join(o.get("data", {}).get("text/html", "") for o in button.output.outputs)


def test_button_click_builds_the_file_and_shows_the_link():
    ctx = LabContext("es")
    payload = "Código,Nombre\r\nW001,Rosa\r\n".encode("utf-8-sig")
    button = DownloadButton(ctx, "Register (CSV)", lambda: ("registro.csv", payload))
    assert button.button.description == "Registro (CSV)"
    button.click()
    html = _outputs_html(button)
    assert base64.b64decode(_href(html).split(",", 1)[1]) == payload
    assert "¿No empezó la descarga? Toque aquí: registro.csv" in html
    assert button.last == ("registro.csv", payload, "text/csv")
    assert not button.button.disabled


def test_nothing_to_download_says_so():
    ctx = LabContext("en")
    button = DownloadButton(ctx, "Download", lambda: None)
    button.click()
    assert button.output.outputs == ()
    assert button.feedback.text == "There is nothing to download yet."


def test_language_change_relabels_the_button_and_link_without_downloading_again():
    ctx = LabContext("es")
    button = DownloadButton(ctx, "Register (CSV)", lambda: ("r.csv", b"a,b\r\n"))
    button.click()
    ctx.lang = "en"
    assert button.button.description == "Register (CSV)"
    html = _outputs_html(button)
    assert "Download did not start? Tap here: r.csv" in html
    assert "<script>" not in html  # a re-label must not trigger a second download


def test_build_errors_become_a_friendly_message():
    ctx = LabContext("en")

    def broken():
        raise OSError("disk")

    button = DownloadButton(ctx, "Download", broken)
    button.click()
    assert button.feedback.kind == "error"
    assert "Sorry, something went wrong" in button.feedback.text
    assert button.output.outputs == ()
