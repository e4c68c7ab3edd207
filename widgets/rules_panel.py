"""Under the payroll: the rules of the month and their sources, illustrative ones flagged."""
from __future__ import annotations

import ipywidgets as W

from modules.i18n import N_
from modules.payroll.sources import rules_summary

from .common import esc
from .context import LabContext

T_TITLE = N_("Rules used for {period} and their sources")
T_RULE = N_("Rule")
T_VALUE = N_("Value")
T_SINCE = N_("In force since")
T_SOURCE = N_("Source")
T_ILLUSTRATIVE = N_("illustrative")
T_ILLUSTRATIVE_NOTE = N_("{n} of these figures are illustrative: no official source was checked "
                         "for this month. Check them before paying anyone.")
T_ALL_SOURCED = N_("Every figure here comes from the cited source; still check the current law "
                   "before paying anyone.")


class RulesPanel(W.Accordion):
    """A closed-by-default section listing ``modules.payroll.sources.rules_summary``."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.period: str | None = None
        self.body = W.HTML(layout=W.Layout(width="100%"))
        super().__init__(children=[self.body], layout=W.Layout(width="100%"), **kwargs)
        self.selected_index = None
        self.add_class("dwl-rules")
        self.layout.display = "none"
        ctx.on_lang(self._render)

    def show(self, period: str | None) -> None:
        self.period = period
        self._render()

    @property
    def illustrative_count(self) -> int:
        if self.period is None:
            return 0
        return int(rules_summary(self.period, self.ctx.lang)["illustrative"].sum())

    def _render(self, *_args) -> None:
        if self.period is None:
            self.layout.display = "none"
            return
        t = self.ctx.t
        table = rules_summary(self.period, t.lang)
        self.set_title(0, t(T_TITLE, period=t.period(self.period)))
        n = int(table["illustrative"].sum())
        note = (f'<div class="dwl-msg dwl-msg-warning">⚠ {esc(t(T_ILLUSTRATIVE_NOTE, n=n))}</div>' if n
                else f'<div class="dwl-msg dwl-msg-info">ℹ {esc(t(T_ALL_SOURCED))}</div>')
        rows = []
        for _, r in table.iterrows():
            badge = (f' <span class="dwl-badge-illustrative">{esc(t(T_ILLUSTRATIVE))}</span>'
                     if r["illustrative"] else "")
            rows.append(f'<tr><td>{esc(r["label"])}</td><td class="num">{esc(r["value"])}{badge}</td>'
                        f'<td>{esc(t.date(r["since"]))}</td>'
                        f'<td class="dwl-source">{esc(r["reference"])}</td></tr>')
        heads = "".join(f"<th>{esc(t(h))}</th>" for h in (T_RULE, T_VALUE, T_SINCE, T_SOURCE))
        self.body.value = (
            note
            + '<style>.dwl-source{font-size:12px;color:#52606d;max-width:28em;white-space:normal}'
            '.dwl-badge-illustrative{background:#fff3cd;color:#7a5b00;border-radius:4px;'
            'padding:0 4px;font-size:12px;margin-left:4px}</style>'
            f'<div class="dwl-scroll" style="overflow-x:auto"><table class="dwl-table">'
            f'<thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )
        self.layout.display = "flex"
