"""Save the register on the serving machine and open it again later, with a short code.

The register goes to the embedded store (SQLite under ``var/``, ``modules.store``) with
every value as typed, so it survives a page refresh, a kernel restart or a server
restart. There is no list of saved work: a participant opens theirs with the code the lab
gives them when they save, so nobody browses another enterprise's register.
"""
from __future__ import annotations

import ipywidgets as W

from modules.codes import new_code, normalize_code
from modules.i18n import N_
from modules.register.document import register_from_document, register_to_document
from modules.store import Store

from .common import Busy, Feedback, esc, safe_callback, wrap_row
from .context import LabContext

NAMESPACE = "payroll_register"

T_TITLE = N_("Save your work")
T_HINT = N_("Your register is kept on the trainer's computer. Note the code: with it you "
            "open your work again later, even after closing this page.")
T_SAVE = N_("Save")
T_SAVING = N_("Saving…")
T_OPEN = N_("Open")
T_OPENING = N_("Opening…")
T_CODE_PLACEHOLDER = N_("Code, e.g. K7P-4QX")
T_SAVED = N_("Saved. Your code is {code}: write it down to open your work later.")
T_NOTHING = N_("There are no workers to save yet.")
T_BAD_CODE = N_("A code has 6 letters or digits, like K7P-4QX. Please check it.")
T_UNKNOWN_CODE = N_("No saved work has the code {code}. Please check it with the one you noted.")
T_OPENED = N_("Opened the work saved with code {code}: {n} workers.")


class SavedWork(W.VBox):
    """Save / open a register by code. ``editor`` is the lab's ``RegisterEditor``."""

    def __init__(self, ctx: LabContext, editor, store: Store | None = None, **kwargs):
        self.ctx, self.editor = ctx, editor
        self._store = store
        self.code: str | None = None  # the code of this lab's saved work, once saved
        self._saved_source = None  # the loaded register that code belongs to
        self.title = W.HTML()
        self.hint = W.HTML(layout=W.Layout(width="100%"))
        self.save_button = W.Button(icon="save", button_style="primary", layout=W.Layout(width="auto"))
        self.code_input = W.Text(layout=W.Layout(width="12em"))
        self.open_button = W.Button(icon="folder-open", layout=W.Layout(width="auto"))
        self.save_busy, self.open_busy = Busy(ctx, T_SAVING), Busy(ctx, T_OPENING)
        self.save_feedback, self.open_feedback = Feedback(ctx), Feedback(ctx)
        self.save_button.add_class("dwl-save-work")
        self.open_button.add_class("dwl-open-work")
        self.code_input.add_class("dwl-work-code")
        super().__init__([
            self.title, self.hint,
            wrap_row([self.save_button, self.save_busy]), self.save_feedback,
            wrap_row([self.code_input, self.open_button, self.open_busy]), self.open_feedback,
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-saved-work")
        self.save_button.on_click(
            safe_callback(ctx, self.save_feedback, self.save_busy, self.save_button)(self._save_clicked))
        self.open_button.on_click(
            safe_callback(ctx, self.open_feedback, self.open_busy, self.open_button)(self._open_clicked))
        ctx.on_lang(self._relabel)
        self._relabel()

    @property
    def store(self) -> Store:
        if self._store is None:  # the file is created only when someone saves or opens
            self._store = Store()
        return self._store

    def _unused_code(self) -> str:
        while True:
            code = new_code()
            if self.store.load(NAMESPACE, code) is None:
                return code

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.hint.value = f"<div>{esc(t(T_HINT))}</div>"
        self.save_button.description = t(T_SAVE)
        self.open_button.description = t(T_OPEN)
        self.code_input.placeholder = t(T_CODE_PLACEHOLDER)

    # ------------------------------------------------------------------ actions
    def save_work(self) -> str | None:
        """Save the editor's register (and employer); returns the code, reused on later saves."""
        if not len(self.editor.workers):
            self.save_feedback.show(T_NOTHING, kind="info")
            return None
        if self.code is None or self._saved_source is not self.editor._loaded_workers:
            # another register was loaded since the last save: it gets a code of its own
            self.code = self._unused_code()
        self._saved_source = self.editor._loaded_workers
        document = register_to_document(self.editor.workers, self.editor.employer)
        document["source_name"] = str(getattr(self.editor, "source_name", "") or "")
        self.store.save(NAMESPACE, self.code, document)
        self.save_feedback.show(T_SAVED, kind="ok", code=self.code)
        return self.code

    def open_code(self, text: str) -> bool:
        code = normalize_code(text)
        if code is None:
            self.open_feedback.show(T_BAD_CODE, kind="error")
            return False
        document = self.store.load(NAMESPACE, code)
        if document is None:
            self.open_feedback.show(T_UNKNOWN_CODE, kind="error", code=code)
            return False
        workers, employer = register_from_document(document)
        self.editor.load_saved(workers, employer, name=document.get("source_name") or code)
        self.code = code  # saving again updates the same saved work
        self._saved_source = self.editor._loaded_workers
        self.code_input.value = code
        self.open_feedback.show(T_OPENED, kind="ok", code=code, n=len(workers))
        return True

    def _save_clicked(self, _button=None) -> None:
        self.save_work()

    def _open_clicked(self, _button=None) -> None:
        self.open_code(self.code_input.value)
