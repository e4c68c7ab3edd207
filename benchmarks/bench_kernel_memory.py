"""Memory of a participant's kernel, per lab: idle (the lab built and shown) and after a
participant's typical work, against a plain one-slider kernel measured in the same run.

Each kernel is a real ipykernel started with the project's ``python3`` kernelspec (what Voilà
starts); it runs the lab notebook's code cells, then a few actions done through the lab's
widgets exactly as the widget tests do them (load a case study, compute, change an input,
which draws the charts). Figures are medians of ``--runs`` fresh kernels:

- RSS: resident set size, what ``top`` shows for one kernel;
- USS: memory private to that kernel (RSS minus the pages it shares with other processes,
  e.g. the Python interpreter and the libraries' code): what one more participant costs.

Target: ≤ 150 MiB per participant's kernel (RSS after typical work). The heavy packages
loaded in each kernel are listed so that a lab over target shows which imports cost it.

Run: ``.venv/bin/python -m benchmarks.bench_kernel_memory [--runs 3] [--labs payroll_digital,...]``.
Not a test.
"""
from __future__ import annotations

import argparse
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
#: object the notebook builds), like tests/test_widgets_*.py drive them
TYPICAL_WORK = {
    "payroll_digital": (
        "lab.editor.case_buttons['pe_lalibertad_agroexport'].click()\n"
        "lab.payroll.compute_button.click()\n"
        "for m in (8, 9, 10):\n"
        "    lab.payroll.month.value = m\n"
    ),
    "cash_to_digital": (
        "lab.editor.case_buttons['pe_lalibertad_agroexport'].click()\n"
        "for fee in (2.0, 3.0, 4.0):\n"
        "    lab.business.set_inputs(transfer_fee=fee)\n"
    ),
    "score_productivity": (
        "lab.scenarios.set_inputs(qm_on=True)\n"
        "for s in (120, 150, 80):\n"
        "    lab.scenarios.set_inputs(wc_scale=s)\n"
    ),
    "gender_equality": (
        "lab.staff_view.case_buttons['id_garment'].click()\n"
        "for code, v in (('pay_review', 1), ('voice_committee', 2), ('pay_evaluation', 3)):\n"
        "    lab.assessment.buttons[code].value = v\n"
        "lab.cost.set_inputs(share=0.5, months=6)\n"
    ),
}
REFERENCE = (
    "import ipywidgets as w\n"
    "s = w.IntSlider(description='x')\n"
    "out = w.Label(value='0')\n"
    "s.observe(lambda ch: setattr(out, 'value', str(ch['new'])), 'value')\n"
    "w.VBox([s, out])"
)
#: what the kernel reports about itself: RSS, USS (private) and PSS from /proc, and which
#: heavy packages are loaded
PROBE = r"""
def _dwl_mem():
    import json, sys
    out = {}
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            out['rss'] = int(line.split()[1]) / 1024
    for line in open('/proc/self/smaps_rollup'):
        k, _, v = line.partition(':')
        if k in ('Pss', 'Private_Clean', 'Private_Dirty'):
            out[k] = int(v.split()[0]) / 1024
    out['uss'] = out.get('Private_Clean', 0) + out.get('Private_Dirty', 0)
    heavy = ['matplotlib', 'PIL', 'pandas', 'numpy', 'scipy', 'fpdf', 'openpyxl', 'pypdf',
             'babel', 'yaml', 'voila', 'jupyter_server', 'nbconvert', 'jsonschema',
             'websockets', 'sqlite3', 'fontTools', 'IPython.core.display']
    out['loaded'] = [m for m in heavy if m in sys.modules]
    out['modules'] = len(sys.modules)
    print('DWLMEM' + json.dumps(out))
_dwl_mem()
"""


def notebook_code(name: str) -> list[str]:
    nb = nbformat.read(LABS / f"{name}.ipynb", as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def run_in_kernel(cells: list[str], phases: dict[str, str],
                  extra_env: dict[str, str] | None = None) -> dict[str, dict]:
    """Start a fresh kernel, run ``cells``, then each phase's code followed by the probe;
    returns the probe of each phase (``"idle"`` right after the cells)."""
    km = KernelManager(kernel_name="python3")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOILA_", "QUERY_STRING"))}
    env.update(extra_env or {})
    km.start_kernel(cwd=str(LABS), env=env, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    results: dict[str, dict] = {}
    try:
        kc.wait_for_ready(timeout=120)

        def run(code: str) -> str:
            printed: list[str] = []
            errors: list[str] = []

            def hook(msg):
                if msg["msg_type"] == "stream":
                    printed.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    errors.append("\n".join(msg["content"]["traceback"]))

            reply = kc.execute_interactive(code, output_hook=hook, timeout=300)
            if reply["content"]["status"] != "ok":
                raise RuntimeError("kernel error:\n" + "\n".join(errors))
            return "".join(printed)

        for cell in cells:
            run(cell)
        for phase, code in phases.items():
            if code:
                run(code)
            out = run(PROBE)
            line = next(ln for ln in out.splitlines() if ln.startswith("DWLMEM"))
            results[phase] = json.loads(line[len("DWLMEM"):])
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--labs", default=",".join(TYPICAL_WORK))
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="environment variable for the kernels (repeatable), e.g. "
                         "MALLOC_ARENA_MAX=2, to measure its effect against a run without")
    args = ap.parse_args(argv)
    extra_env = dict(item.split("=", 1) for item in args.env)
    labs = [x.strip().removesuffix(".ipynb") for x in args.labs.split(",") if x.strip()]

    samples: dict[str, dict[str, list[dict]]] = {}
    for _ in range(args.runs):  # interleaved, so that a busy moment hits every lab alike
        ref = run_in_kernel([REFERENCE], {"idle": ""}, extra_env)
        samples.setdefault("one-slider reference", {}).setdefault("idle", []).append(ref["idle"])
        for lab in labs:
            res = run_in_kernel(notebook_code(lab), {"idle": "", "work": TYPICAL_WORK.get(lab, "")},
                                extra_env)
            for phase, probe in res.items():
                samples.setdefault(lab, {}).setdefault(phase, []).append(probe)

    def med(values: list[dict], key: str) -> float:
        return statistics.median(v[key] for v in values)

    ref_rss = med(samples["one-slider reference"]["idle"], "rss")
    ref_uss = med(samples["one-slider reference"]["idle"], "uss")
    print(f"kernel memory, median of {args.runs} fresh kernels (MiB; target <= 150 MiB RSS "
          f"per participant's kernel after typical work)"
          + (f"; kernel environment: {' '.join(args.env)}" if args.env else ""))
    print(f"  {'kernel':<22}{'phase':<7}{'RSS':>7}{'USS':>7}{'PSS':>7}{'RSS/ref':>9}  heavy packages loaded")
    worst = 0.0
    for name, phases in samples.items():
        for phase, values in phases.items():
            rss, uss, pss = med(values, "rss"), med(values, "uss"), med(values, "Pss")
            if name != "one-slider reference":
                worst = max(worst, rss)
            print(f"  {name:<22}{phase:<7}{rss:7.0f}{uss:7.0f}{pss:7.0f}{rss / ref_rss:8.2f}x  "
                  + ", ".join(values[-1]["loaded"]))
    print(f"one-slider reference: RSS {ref_rss:.0f} MiB, USS {ref_uss:.0f} MiB; "
          f"largest lab kernel after typical work: {worst:.0f} MiB RSS "
          f"({'within' if worst <= 150 else 'OVER'} the 150 MiB target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
