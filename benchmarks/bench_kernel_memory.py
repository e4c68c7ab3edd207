"""Memory of a participant's kernel, per lab: idle (the lab built and shown) and after a
participant's typical work, against a plain one-slider kernel measured in the same run.

Each kernel is a real ipykernel started with the project's ``python3`` kernelspec (what Voilà
starts); it runs the lab notebook's code cells, then a few actions done through the lab's
widgets exactly as the widget tests do them (load a case study, open the step with the input,
change it a few times, which draws the charts, then open the other steps: see ``TYPICAL_WORK``).
Figures are medians of ``--runs`` fresh kernels (MiB):

- RSS: resident set size, what ``top`` shows for one kernel (target: ≤ 150 MiB after the
  typical work);
- anon: the part of RSS that is the kernel's own heap (``RssAnon``), what one more
  participant costs; the rest (``RssFile``: the interpreter and the libraries' code) is
  shared by all kernels of the machine;
- peak: the highest RSS the kernel reached so far (``VmHWM``), while building or computing.

``--breakdown`` adds, per lab, the RSS each step adds in a fresh kernel (the heavy imports one
after the other, then the lab's own imports, building the lab, showing it, the typical work):
which imports cost the memory. ``--env NAME=VALUE`` sets an environment variable for the
kernels (e.g. ``MALLOC_ARENA_MAX=2``) to measure its effect against a run without; repeat it
for several variables (``--env MALLOC_ARENA_MAX=2 --env MALLOC_TRIM_THRESHOLD_=131072``).

Run: ``.venv/bin/python -m benchmarks.bench_kernel_memory [--runs 3] [--labs payroll_digital,...]
[--breakdown] [--env NAME=VALUE ...]``. Not a test.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
LABS = ROOT / "labs"

#: a participant's typical work in each lab, done through the lab's widgets (``lab`` is the
#: object the notebook builds), like tests/test_widgets_*.py drive them: what the room benchmark
#: (benchmarks/room.py) does before a chart reacts (a case study, the step with the input, a few
#: changes), then the lab's other steps opened in turn, as a participant goes through the lab
#: (a step's charts are drawn when it is first opened)
TYPICAL_WORK = {
    "payroll_digital": (
        "lab.editor.case_buttons['pe_lalibertad_agroexport'].click()\n"
        "lab.steps.selected_index = 1\n"
        "lab.payroll.compute_button.click()\n"
        "for m in (8, 9, 10):\n"
        "    lab.payroll.month.value = m\n"
        "lab.steps.selected_index = 2\n"
    ),
    "cash_to_digital": (
        "lab.editor.case_buttons['pe_lalibertad_agroexport'].click()\n"
        "lab.steps.selected_index = 1\n"
        "for fee in (2.0, 3.0, 4.0):\n"
        "    lab.business.set_inputs(transfer_fee=fee)\n"
        "lab.steps.selected_index = 2\n"
        "lab.steps.selected_index = 3\n"
    ),
    "score_productivity": (
        "lab.steps.selected_index = 1\n"
        "lab.scenarios.set_inputs(qm_on=True)\n"
        "for s in (120, 150, 80):\n"
        "    lab.scenarios.set_inputs(wc_scale=s)\n"
        "lab.steps.selected_index = 2\n"
        "lab.steps.selected_index = 3\n"
    ),
    "gender_equality": (
        "lab.staff_view.case_buttons['id_garment'].click()\n"
        "lab.steps.selected_index = 1\n"
        "lab.steps.selected_index = 2\n"
        "for code, v in (('pay_review', 1), ('voice_committee', 2), ('pay_evaluation', 3)):\n"
        "    lab.assessment.buttons[code].value = v\n"
        "lab.steps.selected_index = 3\n"
        "lab.cost.set_inputs(share=0.5, months=6)\n"
    ),
    "microinsurance_viability": (
        "lab.steps.selected_index = 1\n"
        "lab.designs.add(copy=True)\n"
        "for p in (22.0, 24.0, 26.0):\n"
        "    lab.designs.set_inputs(premium_month=p)\n"
        "lab.steps.selected_index = 2\n"
        "lab.steps.selected_index = 3\n"
        "lab.steps.selected_index = 4\n"
    ),
}
REFERENCE = (
    "import ipywidgets as w\n"
    "s = w.IntSlider(description='x')\n"
    "out = w.Label(value='0')\n"
    "s.observe(lambda ch: setattr(out, 'value', str(ch['new'])), 'value')\n"
    "w.VBox([s, out])"
)
#: the heavy imports of a lab kernel, measured one after the other in --breakdown
HEAVY_IMPORTS = [
    ("ipywidgets", "import ipywidgets"),
    ("numpy", "import numpy"),
    ("pandas", "import pandas"),
    ("yaml, babel", "import yaml, babel.numbers, babel.dates"),
    ("matplotlib (Figure, Agg canvas; pulls PIL, fontTools)",
     "import matplotlib.figure\nfrom matplotlib.backends.backend_agg import FigureCanvasAgg"),
]
#: what the kernel reports about itself: RSS, its anonymous (own) and file-backed (shared)
#: parts, and which heavy packages are loaded
PROBE = r"""
def _dwl_mem():
    import json, sys
    out = {}
    for line in open('/proc/self/status'):
        key, _, value = line.partition(':')
        if key in ('VmRSS', 'VmHWM', 'RssAnon', 'RssFile', 'RssShmem'):
            out[key] = int(value.split()[0]) / 1024
    heavy = ['matplotlib', 'PIL', 'pandas', 'numpy', 'scipy', 'fpdf', 'openpyxl', 'pypdf',
             'babel', 'yaml', 'voila', 'jupyter_server', 'nbconvert', 'jsonschema',
             'websockets', 'sqlite3', 'fontTools']
    out['loaded'] = [m for m in heavy if m in sys.modules]
    out['modules'] = len(sys.modules)
    print('DWLMEM' + json.dumps(out))
_dwl_mem()
"""


def notebook_code(name: str) -> list[str]:
    nb = nbformat.read(LABS / f"{name}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def split_imports(code: str) -> tuple[str, str]:
    """A cell's import statements, and the rest."""
    tree = ast.parse(code)
    lines = code.splitlines()
    imports, rest = [], []
    for node in tree.body:
        text = "\n".join(lines[node.lineno - 1:node.end_lineno])
        (imports if isinstance(node, (ast.Import, ast.ImportFrom)) else rest).append(text)
    return "\n".join(imports), "\n".join(rest)


class Kernel:
    """A fresh ipykernel (the project's python3 kernelspec) that runs code and reports its
    memory."""

    def __init__(self, extra_env: dict[str, str] | None = None):
        self.km = KernelManager(kernel_name="python3")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VOILA_", "QUERY_STRING"))}
        env.update(extra_env or {})
        self.km.start_kernel(cwd=str(LABS), env=env, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def run(self, code: str) -> str:
        printed: list[str] = []
        errors: list[str] = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                errors.append("\n".join(msg["content"]["traceback"]))

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=300)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("kernel error:\n" + "\n".join(errors))
        return "".join(printed)

    def memory(self) -> dict:
        out = self.run(PROBE)
        line = next(ln for ln in out.splitlines() if ln.startswith("DWLMEM"))
        return json.loads(line[len("DWLMEM"):])

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def measure(cells: list[str], phases: dict[str, str], extra_env: dict[str, str] | None) -> dict:
    """Run ``cells`` in a fresh kernel, then each phase's code; the memory after each phase
    (``"idle"``: right after the cells)."""
    kernel = Kernel(extra_env)
    try:
        for cell in cells:
            kernel.run(cell)
        results = {}
        for phase, code in phases.items():
            if code:
                kernel.run(code)
            results[phase] = kernel.memory()
        return results
    finally:
        kernel.stop()


def breakdown(lab: str, extra_env: dict[str, str] | None) -> list[tuple[str, float]]:
    """RSS added by each step of a lab kernel's life, in a fresh kernel."""
    cells = notebook_code(lab)
    lab_imports, build = split_imports(cells[0])
    steps = [*HEAVY_IMPORTS, ("the lab's own modules (" + lab_imports.replace("\n", "; ")[:60] + ")",
                              lab_imports),
             ("building the lab (widgets, data, first charts)", build),
             *[(f"cell {i + 2} (language, shown)", c) for i, c in enumerate(cells[1:])],
             ("typical work", TYPICAL_WORK.get(lab, ""))]
    kernel = Kernel(extra_env)
    try:
        out = [("kernel started (ipykernel)", kernel.memory()["VmRSS"])]
        before = out[0][1]
        for label, code in steps:
            if code:
                kernel.run(code)
            now = kernel.memory()["VmRSS"]
            out.append((label, now - before))
            before = now
        out.append(("total", before))
        return out
    finally:
        kernel.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--labs", default=",".join(TYPICAL_WORK))
    ap.add_argument("--breakdown", action="store_true",
                    help="also the RSS each import and step adds, per lab")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="environment variable for the kernels (repeatable), e.g. "
                         "MALLOC_ARENA_MAX=2, to measure its effect against a run without")
    args = ap.parse_args(argv)
    if any("=" not in item for item in args.env):
        ap.error("--env takes NAME=VALUE")
    extra_env = dict(item.split("=", 1) for item in args.env)
    labs = [x.strip().removesuffix(".ipynb") for x in args.labs.split(",") if x.strip()]

    samples: dict[str, dict[str, list[dict]]] = {}
    for _ in range(args.runs):  # interleaved, so that a busy moment hits every lab alike
        ref = measure([REFERENCE], {"idle": ""}, extra_env)
        samples.setdefault("one-slider reference", {}).setdefault("idle", []).append(ref["idle"])
        for lab in labs:
            res = measure(notebook_code(lab), {"idle": "", "work": TYPICAL_WORK.get(lab, "")},
                          extra_env)
            for phase, probe in res.items():
                samples.setdefault(lab, {}).setdefault(phase, []).append(probe)

    def med(values: list[dict], key: str) -> float:
        return statistics.median(v[key] for v in values)

    ref_rss = med(samples["one-slider reference"]["idle"], "VmRSS")
    print(f"kernel memory, median of {args.runs} fresh kernels (MiB; target <= 150 MiB RSS "
          f"per participant's kernel after typical work)"
          + (f"; kernel environment: {' '.join(args.env)}" if args.env else ""))
    print(f"  {'kernel':<26}{'phase':<7}{'RSS':>6}{'anon':>6}{'file':>6}{'peak':>6}{'RSS/ref':>9}"
          "  heavy packages loaded")
    worst = 0.0
    for name, phases in samples.items():
        for phase, values in phases.items():
            rss = med(values, "VmRSS")
            if name != "one-slider reference" and phase == "work":
                worst = max(worst, rss)
            print(f"  {name:<26}{phase:<7}{rss:6.0f}{med(values, 'RssAnon'):6.0f}"
                  f"{med(values, 'RssFile'):6.0f}{med(values, 'VmHWM'):6.0f}{rss / ref_rss:8.2f}x  "
                  + ", ".join(values[-1]["loaded"]))
    print(f"one-slider reference kernel: RSS {ref_rss:.0f} MiB; largest lab kernel after typical "
          f"work: {worst:.0f} MiB RSS ({'within' if worst <= 150 else 'OVER'} the 150 MiB target)")

    if args.breakdown:
        for lab in labs:
            print(f"\nRSS added by each step, {lab} (one fresh kernel, MiB):")
            for label, value in breakdown(lab, extra_env):
                sign = "" if label.startswith(("kernel started", "total")) else "+"
                print(f"  {sign}{value:6.1f}  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
