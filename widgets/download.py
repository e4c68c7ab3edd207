"""Download buttons that work in Voilà with no extra JavaScript library.

On click the button builds the file's bytes in the kernel and shows, in an Output widget
below it, a small HTML snippet: a link to the file as a ``data:`` URL and a script that
turns it into a Blob and clicks it, so the browser downloads the file at once. The link
stays visible ("Download did not start? Tap here"), so the file can still be saved when
scripts are blocked. The script runs once per click (a re-rendered output does not
download again).
"""
from __future__ import annotations

import base64
import html
import json
import uuid
from typing import Callable

import ipywidgets as W
from IPython.display import HTML

from modules.i18n import N_

from .common import Busy, Feedback, safe_callback, wrap_row
from .context import LabContext

MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "png": "image/png",
}

MSG_NOT_STARTED = N_("Download did not start? Tap here: {filename}")
MSG_PREPARING = N_("Preparing the file…")
MSG_NOTHING = N_("There is nothing to download yet.")


def mime_type(filename: str) -> str:
    return MIME_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def download_snippet(data: bytes, filename: str, mime: str, link_text: str, token: str | None = None) -> str:
    """HTML that downloads ``data`` as ``filename`` when shown, with a visible fallback link."""
    token = token or uuid.uuid4().hex
    b64 = base64.b64encode(data).decode("ascii")
    href = f"data:{mime};base64,{b64}"
    script = """
(function () {
  var done = window.__dwlDownloads = window.__dwlDownloads || {};
  var token = %(token)s;
  if (done[token]) { return; }
  done[token] = true;
  var a = document.getElementById("dwl-dl-" + token);
  if (!a) { return; }
  try {
    var raw = atob(a.href.split(",")[1]);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    var url = URL.createObjectURL(new Blob([bytes], {type: %(mime)s}));
    var tmp = document.createElement("a");
    tmp.href = url; tmp.download = %(filename)s; tmp.style.display = "none";
    document.body.appendChild(tmp); tmp.click();
    setTimeout(function () { URL.revokeObjectURL(url); tmp.remove(); }, 60000);
  } catch (err) { a.click(); }
})();
""" % {"token": json.dumps(token), "mime": json.dumps(mime), "filename": json.dumps(filename)}
    return (
        f'<div class="dwl-download-fallback"><a id="dwl-dl-{token}" href="{href}" '
        f'download="{html.escape(filename)}" type="{html.escape(mime)}">{html.escape(link_text)}</a></div>'
        f"<script>{script}</script>"
    )


class DownloadButton(W.VBox):
    """A button that builds a file and makes the browser download it.

    ``build()`` returns ``(filename, bytes)`` (or ``None`` when there is nothing to
    download yet); the MIME type follows the file's extension. ``label`` is a msgid,
    translated in the lab's language. Errors in ``build`` show a friendly message below.
    """

    def __init__(self, ctx: LabContext, label: str, build: Callable[[], tuple[str, bytes] | None],
                 icon: str = "download", button_style: str = "", css_class: str | None = None,
                 **kwargs):
        self.ctx = ctx
        self.label = label
        self.build = build
        self.button = W.Button(icon=icon, button_style=button_style,
                               layout=W.Layout(width="auto", max_width="100%"))
        self.button.add_class("dwl-download")
        if css_class:  # a stable hook for browser tests, e.g. "dwl-dl-payroll-xlsx"
            self.button.add_class(css_class)
        self.last: tuple[str, bytes, str] | None = None
        # The output, message and busy indicator are built on the first click: a lab has
        # many download buttons and each widget costs the page a model at start-up.
        self._parts: tuple[W.Output, Feedback, Busy] | None = None
        super().__init__([self.button],
                         layout=W.Layout(width="auto", max_width="100%", margin="2px 6px 2px 0"),
                         **kwargs)
        self.button.on_click(self._on_click)
        ctx.on_lang(self._relabel)
        self._relabel()

    def _ensure_parts(self) -> tuple[W.Output, Feedback, Busy]:
        if self._parts is None:
            output = W.Output(layout=W.Layout(width="100%"))
            feedback, busy = Feedback(self.ctx), Busy(self.ctx, MSG_PREPARING)
            self._parts = (output, feedback, busy)
            self._safe_clicked = safe_callback(self.ctx, feedback, busy, self.button)(self._clicked)
            self.children = [wrap_row([self.button, busy]), output, feedback]
        return self._parts

    @property
    def output(self) -> W.Output:
        return self._ensure_parts()[0]

    @property
    def feedback(self) -> Feedback:
        return self._ensure_parts()[1]

    @property
    def busy(self) -> Busy:
        return self._ensure_parts()[2]

    def _on_click(self, _button=None) -> None:
        self._ensure_parts()
        self._safe_clicked(_button)

    def _relabel(self) -> None:
        self.button.description = self.ctx.t(self.label)
        self.button.tooltip = self.ctx.t(self.label)
        if self.last is not None:  # the fallback link follows the language too
            filename, data, mime = self.last
            self._show(filename, data, mime, token=None, run=False)

    def _show(self, filename: str, data: bytes, mime: str, token: str | None, run: bool = True) -> None:
        snippet = download_snippet(data, filename, mime,
                                   self.ctx.t(MSG_NOT_STARTED, filename=filename), token=token)
        if not run:  # keep the link, drop the script
            snippet = snippet.split("<script>")[0]
        # set the Output's state directly: works in a kernel and without one (tests)
        self.output.outputs = ()
        self.output.append_display_data(HTML(snippet))

    def _clicked(self, _button=None) -> None:
        built = self.build()
        if built is None:
            self.output.outputs = ()
            self.last = None
            self.feedback.show(MSG_NOTHING, kind="info")
            return
        filename, data = built
        mime = mime_type(filename)
        self.last = (filename, bytes(data), mime)
        self._show(filename, self.last[1], mime, token=uuid.uuid4().hex)

    def click(self) -> None:
        """Simulate a click (tests)."""
        self.button.click()
