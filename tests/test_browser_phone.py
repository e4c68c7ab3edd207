"""Every lab of the gallery on a 360 px wide phone: nothing wider than the screen (tables and
charts scroll inside their own boxes), text large enough to read, and no request leaves the
serving machine while the lab loads and a case study is opened."""
from __future__ import annotations

import pytest

from labserver.gallery import load_gallery

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
#: elements that pass the lab's right edge outside a box that scrolls sideways
OVERFLOW_JS = """() => {
    const lab = document.querySelector('.dwl-lab');
    const screen = document.documentElement.clientWidth;
    const wide = [];
    for (const el of lab.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        let p = el.parentElement, problem = null;
        while (p) {
            const s = getComputedStyle(p);
            const pr = p.getBoundingClientRect();
            // inside a box made to scroll sideways (wide tables, charts): fine
            if (['auto', 'scroll'].includes(s.overflowX) && /scroll/.test(p.className.toString())
                && pr.right <= screen + 1) break;
            // past the edge of any other box: cut off, or the whole step scrolls sideways
            if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX) && r.right > pr.right + 2) {
                problem = 'past ' + Math.round(r.right) + '>' + Math.round(pr.right); break; }
            if (p === document.body) { if (r.right > screen + 2) problem = 'off screen ' + Math.round(r.right); break; }
            p = p.parentElement;
        }
        if (problem) wide.push(el.tagName + '.' + el.className.toString().slice(0, 40) + ' ' + problem);
    }
    return {page: document.documentElement.scrollWidth, width: screen, wide: wide.slice(0, 5)};
}"""


def _local_only(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]


@pytest.mark.parametrize("entry", load_gallery(), ids=lambda e: e.notebook)
def test_lab_fits_a_phone_and_stays_local(entry, browser, lab_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    finished = []
    page.on("requestfinished", lambda r: finished.append(r))
    lang = entry.languages[0]
    page.goto(f"{lab_server.url}voila/render/{entry.notebook}?lang={lang}")
    page.wait_for_selector(".dwl-lab")
    # the first case-study button, as a participant would start
    case = page.locator("button.dwl-case")
    if case.count():
        case.first.click()
        page.wait_for_timeout(1500)
    overflow = page.evaluate(OVERFLOW_JS)
    assert overflow["page"] <= overflow["width"] + 2, overflow
    assert not overflow["wide"], overflow
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.dwl-intro, .dwl-lab p') || document.body).fontSize)")
    assert size >= 13, size
    assert _local_only(requests) == []
    # what a phone with an empty cache downloads over the room's Wi-Fi: scripts and styles
    # come gzipped (~4.8 MiB as they are)
    received = sum(r.sizes()["responseBodySize"] for r in finished)
    assert received <= 2 * 2**20, f"{received / 2**20:.2f} MiB for one lab page"
    scripts = [r for r in finished if r.url.split("?")[0].endswith(".js") and r.response()
               and r.sizes()["responseBodySize"] > 4096]  # (the server leaves tiny ones as they are)
    assert scripts and all(r.response().header_value("content-encoding") == "gzip"
                           for r in scripts), [r.url for r in scripts][:5]
    context.close()


def test_trainers_guide_fits_a_phone(browser, lab_server):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{lab_server.url}voila/render/trainer.ipynb?lang=es")
    page.wait_for_selector(".dwl-trainer")
    page.locator(".lm-TabBar-tab", has_text="4.").first.click()
    page.wait_for_selector("article.dwl-guide h3")
    page.locator(".dwl-guide-lab select").select_option(index=1)  # a long lab title
    page.wait_for_function("() => document.querySelector('article.dwl-guide h2').innerText.includes('efectivo')")
    overflow = page.evaluate(OVERFLOW_JS)
    assert not overflow["wide"], overflow
    context.close()
