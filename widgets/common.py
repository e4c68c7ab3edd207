"""Building blocks every lab uses: language switch, busy indicator, friendly error messages.

``safe_callback`` wraps every callback a participant can trigger: an exception is written
to the server log (type and traceback frames, never the exception's text, which could
hold personal data) and the participant sees a short translated message next to the
control that caused it, with an incident code the trainer finds in the log.
"""
from __future__ import annotations

import functools
import gc
import html
import logging
import sys
import traceback
import uuid
from contextlib import contextmanager

import ipywidgets as W

from modules.i18n import N_, language_names

from .context import LabContext

log = logging.getLogger("widgets")

# Messages a participant reads --------------------------------------------------------------
MSG_GENERIC_ERROR = N_(
    "Sorry, something went wrong. Your data is still here; please try again. "
    "If it happens again, tell the trainer (code {code})."
)
MSG_WORKING = N_("Computing…")


# ------------------------------------------------------------------------------ server log
def _server_log_stream():
    """A text stream that reaches the Voilà/Jupyter server's terminal.

    Inside a kernel ``sys.stderr`` is sent to the browser (iopub); the kernel keeps a copy
    of the original file descriptor, which is the server's own stderr.
    """
    fd = getattr(sys.stderr, "_original_stdstream_copy", None)
    if fd is None:
        return None
    import io
    import os

    return io.TextIOWrapper(io.FileIO(os.dup(fd), "w"), encoding="utf-8", line_buffering=True)


def _ensure_server_log_handler() -> None:
    if any(getattr(h, "_dwl_server_log", False) for h in log.handlers):
        return
    stream = _server_log_stream()
    if stream is None:  # plain Python / pytest: records propagate to the root logger
        return
    handler = logging.StreamHandler(stream)
    handler._dwl_server_log = True
    handler.setFormatter(logging.Formatter("[%(asctime)s %(levelname)s %(name)s] %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def report_exception(exc: BaseException, where: str = "") -> str:
    """Log ``exc`` for the trainer (no personal data) and return a short incident code.

    The log holds the exception types and the traceback frames (file, line, function) of
    the exception and its causes; never the exception messages, source lines or local
    values, which may contain names, ID numbers or accounts from the register.
    """
    _ensure_server_log_handler()
    code = uuid.uuid4().hex[:6].upper()
    parts = []
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(f'  File "{f.filename}", line {f.lineno}, in {f.name}\n'
                         for f in traceback.extract_tb(current.__traceback__))
        parts.append(f"{type(current).__module__}.{type(current).__qualname__}\n{frames}")
        current = current.__cause__ or current.__context__
    log.error("incident %s in %s: %s\nTraceback (most recent call last, messages withheld):\n%s",
              code, where or "callback", type(exc).__name__, "caused by ".join(parts))
    return code


def friendly_message(exc: BaseException, t) -> str | None:
    """The text a participant sees for ``exc``, or ``None`` for an unexpected error.

    Errors the models raise for participants (``RegisterError``, ``InputError``, the
    payroll's ``RulesError``/``PayrollInputError``) carry a translated, understandable message (the
    payroll's are re-translated into the lab's language); anything else is unexpected and
    gets the generic message with an incident code.
    """
    try:
        from modules.payroll.rules import TranslatableError

        if isinstance(exc, TranslatableError):
            return exc.translate(t.lang)
    except ImportError:  # pragma: no cover - model not installed
        pass
    try:
        from modules.register import RegisterError

        if isinstance(exc, RegisterError):
            return str(exc)
    except ImportError:  # pragma: no cover
        pass
    from modules.inputs import InputError

    if isinstance(exc, InputError):  # declared inputs: the problems, translated at validation
        return str(exc)
    return None


# ------------------------------------------------------------------------------ memory
@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's ``malloc_trim`` (``None`` where the C library has none, e.g. musl or macOS)."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter is linked with
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def _in_kernel() -> bool:
    """This process is a Jupyter kernel (a participant's lab in Voilà, a notebook)."""
    app = sys.modules.get("ipykernel.kernelapp")
    return bool(app is not None and app.IPKernelApp.initialized())


#: modules loaded when the collector last froze what was alive (see release_memory)
_frozen_at_modules = 0
#: a freeze follows an import of at least this many modules (matplotlib: ~250)
_FREEZE_AFTER_MODULES = 50


def release_memory() -> None:
    """Free what a participant's action left behind and give the memory back to the system.

    Every participant has a kernel of their own on the trainer's laptop, so resident memory
    per kernel decides how many fit in the room. Called after every participant's action
    (the outermost :func:`safe_callback`, once its results are sent) and once the lab is
    built (``SessionLab.start_from_request``):

    - a full garbage collection: a drawn matplotlib Figure is a web of reference cycles
      (about 7,000 objects and its pixel buffer) that only the cyclic collector frees, and
      Python runs a full collection only when the long-lived objects grew by a quarter, so
      without it a kernel carries 5-15 MiB of old figures between collections;
    - so that the collection takes milliseconds, not the 60-90 ms of scanning every module
      of pandas and matplotlib each time, what is alive after the lab's first build, and
      again after a large import (matplotlib at the first chart, openpyxl at the first
      download), is frozen (``gc.freeze``): never scanned again. An object frozen this way
      is still freed when its last reference goes, only a cycle of them is kept (bounded:
      the lab's state at those few moments);
    - ``malloc_trim(0)``: glibc keeps freed blocks for reuse, and those in the middle of
      the heap stay resident; this returns them (5-10 MiB after a chart or a payroll) in
      under a millisecond. A no-op where the C library has no such call.

    The collection and the freezing happen in a kernel only (one lab per process); a test
    run or a script building many labs in one process keeps Python's own collection.
    """
    global _frozen_at_modules
    if _in_kernel():  # not in a test run or a script: many labs, and no room to fit in
        gc.collect()
        if len(sys.modules) >= _frozen_at_modules + _FREEZE_AFTER_MODULES:
            gc.freeze()
            _frozen_at_modules = len(sys.modules)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_depth = 0  # participant callbacks running (one inside another: an observer of a change)


# ------------------------------------------------------------------------------ feedback
class Feedback(W.HTML):
    """A message next to a control: error, warning, success or info, in the lab's language.

    ``show(msgid, **kwargs)`` keeps the msgid, so the message is re-translated when the
    language changes; ``show_text(text)`` shows a text that is already translated.
    """

    KINDS = ("error", "warning", "ok", "info")

    def __init__(self, ctx: LabContext, **kwargs):
        super().__init__(value="", layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-feedback")
        self.ctx = ctx
        self._msg = None
        ctx.on_lang(self._render)

    def show(self, msgid: str, kind: str = "info", **kwargs) -> None:
        self._msg = ("id", msgid, kind, kwargs)
        self._render()

    def show_text(self, text: str, kind: str = "info") -> None:
        self._msg = ("text", text, kind, {})
        self._render()

    def clear(self) -> None:
        self._msg = None
        self.value = ""

    @property
    def kind(self) -> str | None:
        return self._msg[2] if self._msg else None

    @property
    def text(self) -> str:
        """The plain text shown (for tests and logs of the widget state)."""
        if not self._msg:
            return ""
        how, message, _, kwargs = self._msg
        return self.ctx.t(message, **kwargs) if how == "id" else message

    def _render(self) -> None:
        if not self._msg:
            self.value = ""
            return
        kind = self._msg[2] if self._msg[2] in self.KINDS else "info"
        icon = {"error": "⚠", "warning": "⚠", "ok": "✔", "info": "ℹ"}[kind]
        self.value = (f'<div class="dwl-msg dwl-msg-{kind}" role="status">'
                      f'<span aria-hidden="true">{icon}</span> {html.escape(self.text)}</div>')


def safe_callback(ctx: LabContext, feedback: Feedback, busy: "Busy | None" = None, *buttons,
                  clear: bool = True):
    """Decorator for a participant's callback: friendly message on error, busy while running.

    ``feedback`` is the message next to the control; it is cleared when the callback
    starts (unless ``clear=False``, for observers that run in the background). ``busy``
    (optional) shows the "Computing…" indicator and disables ``buttons`` while the
    callback runs. The decorated function returns ``None`` after an error. When the
    outermost callback of an action returns, the memory it freed goes back to the system
    (:func:`release_memory`).
    """

    def decorator(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            global _depth
            if clear:
                feedback.clear()
            _depth += 1
            try:
                if busy is None:
                    return fn(*args, **kwargs)
                with busy.running(*buttons):
                    return fn(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - no traceback may reach a participant
                shown = friendly_message(exc, ctx.t)
                if shown is None:
                    code = report_exception(exc, where=getattr(fn, "__qualname__", ""))
                    feedback.show(MSG_GENERIC_ERROR, kind="error", code=code)
                else:
                    log.info("%s: participant input refused (%s)",
                             getattr(fn, "__qualname__", "callback"), type(exc).__name__)
                    feedback.show_text(shown, kind="error")
                return None
            finally:
                _depth -= 1
                if _depth == 0:  # the participant's action is done (its results already sent)
                    release_memory()

        return wrapper

    return decorator


# ------------------------------------------------------------------------------ charts
class ChartsWhenShown:
    """Mixin for a lab step whose charts are drawn only while the step is on screen.

    A lab's steps are tabs, and most are hidden at a time: drawing their charts at every
    change (or while the lab is built) costs the participant's kernel the time, and, before
    any chart is shown, matplotlib's 30 MiB. The step draws its charts in
    :meth:`_draw_charts`, and calls :meth:`_charts_changed` when what they show changed: drawn
    now when the step is shown, else when it is opened (:meth:`set_shown`, called by the lab
    when its tab changes). A participant sees the same chart either way.
    """

    _shown = False  # the step is on screen
    _charts_due = False  # the charts show older data than the step's

    @property
    def charts_due(self) -> bool:
        """The charts wait for the step to be opened."""
        return self._charts_due

    def set_shown(self, shown: bool) -> None:
        """The lab opened (``True``) or left (``False``) this step; draws what is due."""
        self._shown = bool(shown)
        if self._shown and self._charts_due:
            self._draw_charts()
            self._charts_due = False

    def _charts_changed(self) -> None:
        if self._shown:
            self._draw_charts()
            self._charts_due = False
        else:
            self._charts_due = True

    def _draw_charts(self) -> None:  # pragma: no cover - each step draws its own
        raise NotImplementedError


# ------------------------------------------------------------------------------ busy
class Busy(W.HTML):
    """"Computing…" with a spinner, shown while a slow callback runs; disables its buttons."""

    def __init__(self, ctx: LabContext, message: str = MSG_WORKING, **kwargs):
        super().__init__(value="", **kwargs)
        self.add_class("dwl-busy")
        self.ctx = ctx
        self.message = message
        self.layout.display = "none"
        ctx.on_lang(self._render)
        self._render()

    def _render(self) -> None:
        self.value = (f'<span class="dwl-spinner" aria-hidden="true"></span>'
                      f'<span role="status">{html.escape(self.ctx.t(self.message))}</span>')

    @property
    def active(self) -> bool:
        return self.layout.display != "none"

    @contextmanager
    def running(self, *buttons):
        before = [b.disabled for b in buttons]
        was_active = self.active
        for b in buttons:
            b.disabled = True
        self.layout.display = "inline-flex"
        try:
            yield self
        finally:
            for b, state in zip(buttons, before):
                b.disabled = state
            if not was_active:
                self.layout.display = "none"


# ------------------------------------------------------------------------------ language
class LanguageSwitch(W.HBox):
    """Dropdown of the lab's languages, each named in its own language; sets ``ctx.lang``."""

    def __init__(self, ctx: LabContext, **kwargs):
        names = language_names()
        self.ctx = ctx
        self.label = W.HTML()
        self.dropdown = W.Dropdown(
            options=[(names[code], code) for code in ctx.languages],
            value=ctx.lang,
            layout=W.Layout(width="auto", min_width="9em"),
        )
        super().__init__([self.label, self.dropdown],
                         layout=W.Layout(align_items="center", flex_flow="row wrap"), **kwargs)
        self.add_class("dwl-lang")
        self.dropdown.observe(self._picked, names="value")
        ctx.on_lang(self._render)
        self._render()

    def _picked(self, change) -> None:
        if change["new"] and change["new"] != self.ctx.lang:
            self.ctx.lang = change["new"]

    def _render(self) -> None:
        label = self.ctx.t("Language")
        self.label.value = (f'<span class="dwl-lang-label"><i class="fa fa-globe" aria-hidden="true">'
                            f"</i> {html.escape(label)}</span>")
        if self.dropdown.value != self.ctx.lang:
            self.dropdown.value = self.ctx.lang


# ------------------------------------------------------------------------------ helpers
def scroll_box(child: W.Widget, max_height: str | None = None) -> W.Box:
    """A full-width box that scrolls sideways (and down past ``max_height``) on a phone."""
    layout = W.Layout(width="100%", overflow="auto")
    if max_height:
        layout.max_height = max_height
    box = W.Box([child], layout=layout)
    box.add_class("dwl-scroll")
    return box


def wrap_row(children, **layout) -> W.HBox:
    """A row that wraps onto several lines on a narrow screen."""
    return W.HBox(children, layout=W.Layout(flex_flow="row wrap", align_items="center",
                                            width="100%", **layout))


def esc(value) -> str:
    return html.escape("" if value is None else str(value))


LAB_CSS = """
<style>
.dwl-lab { max-width: 1100px; font-size: 15px; box-sizing: border-box; padding-right: 4px; }
.dwl-field > .widget-text, .dwl-field > .widget-dropdown, .dwl-field > .widget-datepicker,
.dwl-field > .widget-html { width: 100%; margin-left: 0; margin-right: 0; }
.dwl-lab *, .dwl-lab *::before, .dwl-lab *::after { box-sizing: border-box; }
.dwl-lab .widget-tab-contents, .dwl-lab .widget-tab > .widget-tab-contents { padding: 8px 6px; }
.dwl-lab .widget-text, .dwl-lab .widget-dropdown, .dwl-lab .widget-datepicker,
.dwl-lab .widget-hbox, .dwl-lab .widget-vbox, .dwl-lab .widget-box { max-width: 100%; }
.dwl-lab .widget-text input, .dwl-lab .widget-dropdown select { min-width: 0; }
.dwl-lab button.dwl-case { height: auto; min-height: 32px; white-space: normal; text-align: left;
  line-height: 1.3; padding: 4px 10px; }
.dwl-lab button.jupyter-button { max-width: 100%; }
.dwl-lab h3 { margin: 0.6em 0 0.3em; }
.dwl-lab .widget-html-content { line-height: 1.35; }
.dwl-lab .dwl-lang .widget-html-content, .dwl-lab .widget-hbox > .widget-html .widget-html-content {
  line-height: var(--jp-widgets-inline-height, 28px); }
.dwl-lab h1.dwl-title { font-size: 1.45em; margin: 0.2em 0 0.1em; line-height: 1.2; }
.dwl-lab .dwl-intro { margin: 0.2em 0 0.4em; line-height: 1.4; }
.dwl-note { background: #fff8e1; border-left: 4px solid #f9a825; padding: 6px 10px;
  margin: 4px 0 8px; font-size: 0.92em; line-height: 1.35; }
.dwl-msg { padding: 6px 10px; border-radius: 4px; margin: 4px 0; line-height: 1.35;
  white-space: normal; }
.dwl-msg-error { background: #fdecea; color: #8a1c13; border-left: 4px solid #c62828; }
.dwl-msg-warning { background: #fff4e5; color: #6d4200; border-left: 4px solid #ef6c00; }
.dwl-msg-ok { background: #e8f5e9; color: #1b5e20; border-left: 4px solid #2e7d32; }
.dwl-msg-info { background: #e3f2fd; color: #0d3c61; border-left: 4px solid #1565c0; }
.dwl-busy { align-items: center; gap: 6px; color: #0d3c61; font-weight: 600; margin: 0 8px; }
.dwl-spinner { display: inline-block; width: 14px; height: 14px; border: 3px solid #bbdefb;
  border-top-color: #1565c0; border-radius: 50%; animation: dwl-spin 0.8s linear infinite; }
@keyframes dwl-spin { to { transform: rotate(360deg); } }
.dwl-table { border-collapse: collapse; font-size: 0.9em; white-space: nowrap; }
.dwl-table th, .dwl-table td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
.dwl-table th { background: #f1f5f9; position: sticky; top: 0; }
.dwl-table td.num, .dwl-table th.num { text-align: right; }
.dwl-table tr.dwl-row-error td { background: #fdecea; }
.dwl-table tr.dwl-row-warning td { background: #fff8e1; }
.dwl-table tr.dwl-row-selected td { background-image: linear-gradient(#1565c022, #1565c022); }
.dwl-table tr.dwl-row-selected td:first-child { box-shadow: inset 4px 0 0 #1565c0; font-weight: 700; }
.dwl-table tr.dwl-problem-row td { border-top: 0; padding-top: 0; }
.dwl-table div.dwl-problems { position: sticky; left: 8px; white-space: normal;
  max-width: min(760px, calc(100vw - 60px)); font-size: 0.92em; }
.dwl-table tr.dwl-row-error:not(.dwl-problem-row) td,
.dwl-table tr.dwl-row-warning:not(.dwl-problem-row) td { border-bottom: 0; }
.dwl-table tr.dwl-total td { font-weight: 700; border-top: 2px solid #555; }
.dwl-field-msg { font-size: 0.88em; line-height: 1.3; white-space: normal; }
.dwl-field-msg .err { color: #b71c1c; }
.dwl-field-msg .warn { color: #8d4e00; }
.dwl-cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 4px 6px 0; }
.dwl-card { border: 1px solid #cfd8dc; border-radius: 6px; padding: 6px 10px; min-width: 9em;
  flex: 1 1 9em; background: #fafafa; }
.dwl-card .k { font-size: 0.85em; color: #455a64; }
.dwl-card .v { font-size: 1.15em; font-weight: 700; }
.dwl-download-fallback { font-size: 0.88em; }
.dwl-lab .widget-tab > .p-TabBar .p-TabBar-tab,
.dwl-lab .widget-tab > .lm-TabBar .lm-TabBar-tab { flex: 1 1 auto; min-width: 0; }
.dwl-slip { max-width: 560px; border: 1px solid #b0bec5; border-radius: 6px; padding: 10px;
  background: #fff; font-size: 0.95em; }
.dwl-slip table { width: 100%; border-collapse: collapse; }
.dwl-slip td { padding: 2px 4px; vertical-align: top; }
.dwl-slip td.num { text-align: right; white-space: nowrap; }
.dwl-slip h3 { margin: 0.2em 0; font-size: 1.1em; }
.dwl-slip h4 { margin: 0.6em 0 0.1em; font-size: 0.95em; border-bottom: 1px solid #cfd8dc; }
</style>
"""
