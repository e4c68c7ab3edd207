"""The participant's side of a workshop session, at the top of every lab.

Collapsed it is one line ("Workshop session: join with the code your trainer gives you").
A participant types the session code and a nickname and joins; from then on everything they
enter in the lab is saved as they go (``modules.sessions``, SQLite on the trainer's machine)
and comes back after a refresh, a new kernel or a server restart: the page address gets
``?session=<code>&me=<personal code>`` and the lab reopens the work it names. The personal
code is shown so that the work can be reopened on another day or device; the work can also
be downloaded as a file and loaded again. Feedback on the lab goes to the session.

A lab using the panel provides (duck typing)::

    lab.work_state() -> dict            everything the participant entered (JSON-able)
    lab.restore_work(state: dict)       put it back
    lab.work_results() -> dict          key results for the trainer's dashboard
    lab.work_progress() -> (step, steps)
    lab.apply_session(session)          the session's case study and adapted parameters
                                        (called when the participant has no saved work yet)

and calls ``panel.changed()`` whenever the participant changes something.
"""
from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from urllib.parse import parse_qs

import ipywidgets as W
from IPython.display import HTML

from modules.i18n import N_
from modules.sessions import MAX_NICKNAME, SessionError, Workshop

from .common import Busy, Feedback, esc, release_memory, report_exception, safe_callback, wrap_row
from .context import LabContext, lang_from_request, page_query
from .download import DownloadButton

log = logging.getLogger(__name__)

T_TITLE_OUT = N_("Workshop session: join with the code your trainer gives you")
T_TITLE_IN = N_("Session {session} · {nickname} · {status}")
T_SAVED_AT = N_("saved {time}")
T_NOT_SAVED = N_("not saved yet")
T_JOIN_HINT = N_("Join to keep your work: it is saved on the trainer's computer as you go and "
                 "comes back if the page closes. Your trainer sees how far you got and your key "
                 "results, never your data.")
T_CODE = N_("Session code")
T_CODE_PLACEHOLDER = N_("e.g. K7P-4QX")
T_NICKNAME = N_("Your nickname")
T_NICKNAME_PLACEHOLDER = N_("e.g. Rosa")
T_JOIN = N_("Join")
T_JOINING = N_("Joining…")
T_RESUME_HINT = N_("Joined before? Type the session code above and your personal code here.")
T_PERSONAL = N_("Personal code")
T_RESUME = N_("Continue my work")
T_JOINED = N_("Welcome, {nickname}! You joined «{session}». Your personal code is {key}: note it "
              "to open your work again on another day.")
T_RESUMED = N_("Welcome back, {nickname}: your work in this lab is here again (saved {time}).")
T_RESUMED_EMPTY = N_("Welcome back, {nickname}. Nothing was saved in this lab yet.")
T_STATUS = N_("Session «{session}» ({place}, {date}) · you: {nickname} · personal code: {key}")
T_OTHER_TAB = N_("This lab is also open in another tab or device: this tab's work was saved over "
                 "the other one's (the last change wins). Close the tab you no longer use.")
T_DOWNLOAD_WORK = N_("Download my work")
T_LOAD_WORK = N_("Load a work file")
T_WORK_LOADED = N_("Your work file was loaded.")
T_SAVE_FAILED = N_("Your last change could not be saved. It is still on this page; please tell "
                   "the trainer (code {code}).")
T_RESTORE_FAILED = N_("Your saved work could not be opened in this version of the lab. The lab "
                      "starts from the case study; please tell the trainer (code {code}).")
T_FEEDBACK_TITLE = N_("Your feedback on this lab")
T_GIVE_FEEDBACK = N_("Give feedback on this lab")
T_RATING = N_("How useful was this lab? (1 = not useful, 5 = very useful)")
T_UNCLEAR = N_("What was unclear?")
T_SUGGESTIONS = N_("Suggestions to fit your local context")
T_SEND = N_("Send feedback")
T_SENT = N_("Thank you! Your feedback was sent to the trainer (anonymously).")
T_NO_RATING = N_("Give a rating from 1 (not useful) to 5 (very useful).")

_URL_SCRIPT = """
(function () {
  try {
    var u = new URL(window.location.href);
    var p = %(params)s;
    Object.keys(p).forEach(function (k) {
      if (p[k] === null) { u.searchParams.delete(k); } else { u.searchParams.set(k, p[k]); }
    });
    window.history.replaceState(window.history.state, "", u.toString());
  } catch (err) { /* an old browser keeps the address: the personal code still works */ }
})();
"""


def _bottom_row(children) -> W.HBox:
    """Labelled fields and their button on one line, wrapping on a phone."""
    return W.HBox(children, layout=W.Layout(flex_flow="row wrap", align_items="flex-end",
                                            width="100%", grid_gap="4px 10px"))


def _short_time(stamp: str) -> str:
    """``HH:MM`` of a UTC time stamp, in the serving machine's time zone (the room's)."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return stamp


class SessionPanel(W.Accordion):
    """Join a workshop session, save the lab's work as it goes, download/load it, send
    feedback. ``lab_id``: the lab's id in :data:`modules.sessions.LABS`."""

    def __init__(self, ctx: LabContext, lab_id: str, lab, workshop: Workshop | None = None, **kwargs):
        self.ctx, self.lab_id, self.lab = ctx, lab_id, lab
        self.workshop = workshop or Workshop()
        self.session = None
        self.participant = None
        self.version: int | None = None
        self.saved_at = ""
        self.tab = uuid.uuid4().hex[:8]  # this page (kernel): tells two tabs apart
        self._restoring = False

        # not joined
        self.hint = W.HTML()
        self.code_label, self.nick_label, self.personal_label = W.HTML(), W.HTML(), W.HTML()
        self.code = W.Text(layout=W.Layout(width="9em"))
        self.nickname = W.Text(layout=W.Layout(width="12em"))
        self.join_button = W.Button(icon="sign-in", button_style="primary", layout=W.Layout(width="auto"))
        self.resume_hint = W.HTML()
        self.personal = W.Text(layout=W.Layout(width="9em"))
        self.resume_button = W.Button(icon="folder-open", layout=W.Layout(width="auto"))
        self.busy = Busy(ctx, T_JOINING)
        self.feedback = Feedback(ctx)
        for widget, css in ((self.code, "dwl-session-code"), (self.nickname, "dwl-session-nickname"),
                            (self.join_button, "dwl-session-join"), (self.personal, "dwl-session-key"),
                            (self.resume_button, "dwl-session-resume")):
            widget.add_class(css)
        self.join_box = W.VBox([
            self.hint,
            _bottom_row([W.VBox([self.code_label, self.code]), W.VBox([self.nick_label, self.nickname]),
                         self.join_button, self.busy]),
            self.resume_hint,
            _bottom_row([W.VBox([self.personal_label, self.personal]), self.resume_button]),
        ], layout=W.Layout(width="100%"))

        # joined
        self.status = W.HTML()
        self.status.add_class("dwl-session-status")
        self.download = DownloadButton(ctx, T_DOWNLOAD_WORK, self.build_work_file,
                                       css_class="dwl-dl-work")
        self.upload = W.FileUpload(accept=".json", multiple=False, layout=W.Layout(width="auto"))
        self.upload.add_class("dwl-load-work")
        self.upload_feedback = Feedback(ctx)
        self.fb_title, self.rating_label = W.HTML(), W.HTML()
        self.rating = W.ToggleButtons(options=["1", "2", "3", "4", "5"], value=None,
                                      style={"button_width": "2.6em"})
        self.rating.add_class("dwl-rating")
        self.unclear_label, self.suggestions_label = W.HTML(), W.HTML()
        self.unclear = W.Textarea(layout=W.Layout(width="100%", height="4em"))
        self.suggestions = W.Textarea(layout=W.Layout(width="100%", height="4em"))
        self.send = W.Button(icon="paper-plane", layout=W.Layout(width="auto"))
        self.send.add_class("dwl-send-feedback")
        self.fb_feedback = Feedback(ctx)
        self.fb_toggle = W.Button(icon="comment", layout=W.Layout(width="auto"))
        self.fb_toggle.add_class("dwl-feedback-toggle")
        self.fb_box = W.VBox([self.fb_title, self.rating_label, self.rating, self.unclear_label,
                              self.unclear, self.suggestions_label, self.suggestions, self.send,
                              self.fb_feedback], layout=W.Layout(width="100%", display="none"))
        self.joined_box = W.VBox([
            self.status,
            wrap_row([self.download, self.upload, self.fb_toggle]), self.upload_feedback,
            self.fb_box,
        ], layout=W.Layout(width="100%", display="none"))
        self.url = W.Output(layout=W.Layout(height="0px", overflow="hidden"))

        # the message sits under the join form, or at the top once joined
        body = W.VBox([self.join_box, self.feedback, self.joined_box, self.url],
                      layout=W.Layout(width="100%"))
        super().__init__(children=[body], selected_index=None, layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-session")

        self.join_button.on_click(safe_callback(ctx, self.feedback, self.busy, self.join_button)(
            lambda _b: self.join(self.code.value, self.nickname.value)))
        self.resume_button.on_click(safe_callback(ctx, self.feedback, self.busy, self.resume_button)(
            lambda _b: self.resume(self.code.value, self.personal.value)))
        self.upload.observe(safe_callback(ctx, self.upload_feedback, clear=False)(self._uploaded),
                            names="value")
        self.send.on_click(safe_callback(ctx, self.fb_feedback, None, self.send)(
            lambda _b: self.send_feedback()))
        self.fb_toggle.on_click(lambda _b: self.show_feedback_form())
        ctx.on_lang(self._relabel)
        self._relabel()

    # ------------------------------------------------------------------ joining
    @property
    def joined(self) -> bool:
        return self.participant is not None

    def join(self, code: str, nickname: str) -> bool:
        """Join the session ``code`` as ``nickname``; the session's case study and parameters
        are applied. Returns False (message next to the field) on a bad code or nickname."""
        try:
            participant = self.workshop.join(code, nickname, lang=self.ctx.lang)
        except SessionError as exc:
            self._field_error(exc)
            return False
        self._enter(participant)
        self.lab.apply_session(self.session)
        self.feedback.show(T_JOINED, kind="ok", nickname=participant.nickname,
                           session=self.session.name, key=participant.key)
        self.changed()
        return True

    def resume(self, code: str, key: str, quiet: bool = False) -> bool:
        """Back in the session with the personal code: the saved work comes back."""
        try:
            participant = self.workshop.participant(code, key, lang=self.ctx.lang)
        except SessionError as exc:
            self._field_error(exc)
            return False
        self._enter(participant)
        saved = self.workshop.load(participant, self.lab_id)
        if saved is None:
            self.lab.apply_session(self.session)
            self.feedback.show(T_RESUMED_EMPTY, kind="info", nickname=participant.nickname)
            self.changed()
        else:
            if self._restore(saved.state):
                self.version, self.saved_at = saved.version, saved.saved_at
                if not quiet:
                    self.feedback.show(T_RESUMED, kind="ok", nickname=participant.nickname,
                                       time=_short_time(saved.saved_at))
        self._render_status()
        return True

    def from_query(self, query: str | None) -> bool:
        """Rejoin from the page address (``?session=...&me=...``) after a refresh."""
        params = parse_qs((query or "").lstrip("?"))
        code, key = (params.get("session") or [""])[0], (params.get("me") or [""])[0]
        if not code:
            return False
        self.code.value = code
        if not key:  # a link from the trainer with the session code only: join by nickname
            self.selected_index = 0
            return False
        ok = self.resume(code, key)
        if not ok:
            self.selected_index = 0
        return ok

    def _enter(self, participant) -> None:
        self.participant = participant
        self.session = self.workshop.session(participant.session, lang=self.ctx.lang)
        self.version, self.saved_at = None, ""
        self.code.value = self.session.code
        self.personal.value = participant.key
        self.join_box.layout.display = "none"
        self.joined_box.layout.display = None
        self._set_url({"session": self.session.code, "me": participant.key})
        self._render_status()

    def _field_error(self, exc: SessionError) -> None:
        self.feedback.show_text(str(exc), kind="error")
        self.selected_index = 0

    def _restore(self, state) -> bool:
        self._restoring = True
        try:
            self.lab.restore_work(state)
            return True
        except Exception as exc:  # a state from an older lab version: start again, say so
            code = report_exception(exc, "restore work")
            self.feedback.show(T_RESTORE_FAILED, kind="warning", code=code)
            self.lab.apply_session(self.session)
            return False
        finally:
            self._restoring = False

    # ------------------------------------------------------------------ saving
    def changed(self) -> None:
        """The participant changed something: save the lab's state (when joined)."""
        if not self.joined or self._restoring:
            return
        try:
            step, steps = self.lab.work_progress()
            saved = self.workshop.save(self.participant, self.lab_id, self.lab.work_state(),
                                       step=step, steps=steps, results=self.lab.work_results(),
                                       tab=self.tab, base_version=self.version)
        except Exception as exc:
            code = report_exception(exc, "save work")
            self.feedback.show(T_SAVE_FAILED, kind="error", code=code)
            return
        self.version, self.saved_at = saved.version, saved.saved_at
        if saved.replaced_other_tab:
            self.feedback.show(T_OTHER_TAB, kind="warning")
        self._render_status()

    def build_work_file(self):
        if not self.joined:
            return None
        return self.workshop.work_file(self.participant, self.lab_id)

    def _uploaded(self, change) -> None:
        if not change["new"]:
            return
        item = change["new"][0]
        data = bytes(item["content"]) if not isinstance(item, dict) else bytes(item.get("content", b""))
        try:
            saved = self.workshop.load_work_file(self.participant, self.lab_id, data, tab=self.tab,
                                                 lang=self.ctx.lang)
        except SessionError as exc:
            self.upload_feedback.show_text(str(exc), kind="error")
            return
        finally:
            self.upload.value = ()  # the same file can be loaded again; () is ignored above
        if self._restore(saved.state):
            self.version, self.saved_at = saved.version, saved.saved_at
            if saved.note:
                self.upload_feedback.show_text(saved.note, kind="warning")
            else:
                self.upload_feedback.show(T_WORK_LOADED, kind="ok")
        self._render_status()

    # ------------------------------------------------------------------ feedback
    def show_feedback_form(self, show: bool = True) -> None:
        self.fb_box.layout.display = None if show else "none"
        self.fb_toggle.layout.display = "none" if show else None

    def send_feedback(self) -> bool:
        if not self.joined:
            return False
        if self.rating.value is None:
            self.fb_feedback.show(T_NO_RATING, kind="error")
            return False
        try:
            self.workshop.add_feedback(self.session.code, self.lab_id, int(self.rating.value),
                                       self.unclear.value, self.suggestions.value, lang=self.ctx.lang)
        except SessionError as exc:
            self.fb_feedback.show_text(str(exc), kind="error")
            return False
        self.rating.value, self.unclear.value, self.suggestions.value = None, "", ""
        self.fb_feedback.show(T_SENT, kind="ok")
        return True

    # ------------------------------------------------------------------ display
    def _set_url(self, params: dict) -> None:
        script = _URL_SCRIPT % {"params": json.dumps(params)}
        self.url.outputs = ()
        self.url.append_display_data(HTML(f"<script>{script}</script>"))

    def _render_status(self) -> None:
        t = self.ctx.t
        if not self.joined:
            self.set_title(0, t(T_TITLE_OUT))
            return
        status = t(T_SAVED_AT, time=_short_time(self.saved_at)) if self.saved_at else t(T_NOT_SAVED)
        self.set_title(0, t(T_TITLE_IN, session=self.session.name, nickname=self.participant.nickname,
                            status=status))
        s = self.session
        self.status.value = (f'<div class="dwl-msg dwl-msg-info">'
                             f'{esc(t(T_STATUS, session=s.name, place=s.place or "-", date=t.date(s.date), nickname=self.participant.nickname, key=self.participant.key))}'
                             f"</div>")

    def _relabel(self) -> None:
        t = self.ctx.t
        self.hint.value = f'<div class="dwl-help">{esc(t(T_JOIN_HINT))}</div>'
        self.code_label.value = f"<b>{esc(t(T_CODE))}</b>"
        self.nick_label.value = f"<b>{esc(t(T_NICKNAME))}</b>"
        self.personal_label.value = f"<b>{esc(t(T_PERSONAL))}</b>"
        self.code.placeholder = t(T_CODE_PLACEHOLDER)
        self.nickname.placeholder = t(T_NICKNAME_PLACEHOLDER)
        self.personal.placeholder = t(T_CODE_PLACEHOLDER)
        self.join_button.description = t(T_JOIN)
        self.resume_hint.value = f'<div class="dwl-help">{esc(t(T_RESUME_HINT))}</div>'
        self.resume_button.description = t(T_RESUME)
        self.upload.description = t(T_LOAD_WORK)
        self.fb_title.value = f"<h4>{esc(t(T_FEEDBACK_TITLE))}</h4>"
        self.rating_label.value = esc(t(T_RATING))
        self.unclear_label.value = esc(t(T_UNCLEAR))
        self.suggestions_label.value = esc(t(T_SUGGESTIONS))
        self.send.description = t(T_SEND)
        self.fb_toggle.description = t(T_GIVE_FEEDBACK)
        self.nickname.layout.max_width = f"{MAX_NICKNAME + 4}em"
        self._render_status()


class SessionLab:
    """What every lab in a workshop session shares (mixed into the lab's ``W.VBox``): it has
    ``ctx``, ``steps`` (the tabs) and ``session`` (a :class:`SessionPanel`); it knows the
    furthest step the participant opened (``reached``, for the trainer's dashboard) and
    starts, in Voilà, from the page's language and the participant's saved work."""

    reached: int = 1

    def start_from_request(self) -> None:
        """In Voilà: the page's ``?lang=``, and after a refresh the participant's session work
        (``?session=...&me=...``); outside Voilà the trainer's default language."""
        self.ctx.lang = lang_from_request(self.ctx.languages)
        self.session.from_query(page_query())
        release_memory()  # what building the lab freed goes back to the system

    def work_progress(self) -> tuple[int, int]:
        return self.reached, len(self.steps.children)

    def step_opened(self, index: int | None) -> None:
        """A tab was opened: a step further than before is saved (the dashboard shows it)."""
        if index is not None and index + 1 > self.reached:
            self.reached = index + 1
            self.session.changed()
