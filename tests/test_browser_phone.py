"""Every lab of the gallery on a 360 px wide phone: nothing wider than the screen (tables and
charts scroll inside their own boxes), text large enough to read, and no request leaves the
serving machine while the lab loads and a case study is opened."""
from __future__ import annotations

import pytest

from labserver.gallery import load_gallery

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


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
    lang = entry.languages[0]
    page.goto(f"{lab_server.url}voila/render/{entry.notebook}?lang={lang}")
    page.wait_for_selector(".dwl-lab")
    # the first case-study button, as a participant would start
    case = page.locator("button.dwl-case")
    if case.count():
        case.first.click()
        page.wait_for_timeout(1500)
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const lab = document.querySelector('.dwl-lab');
        const wide = [];
        for (const el of lab.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            // inside a box that scrolls sideways is fine
            let p = el.parentElement, scrolls = false;
            while (p && p !== lab) {
                const s = getComputedStyle(p);
                if (['auto', 'scroll'].includes(s.overflowX) && p.scrollWidth > p.clientWidth - 1) { scrolls = true; break; }
                if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && p.getBoundingClientRect().right <= width + 1) { scrolls = true; break; }
                p = p.parentElement;
            }
            if (!scrolls && r.right > width + 2) wide.push(el.className + ' ' + Math.round(r.right));
        }
        return {page: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
    }""")
    assert overflow["page"] <= overflow["width"] + 2, overflow
    assert not overflow["wide"], overflow
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.dwl-intro, .dwl-lab p') || document.body).fontSize)")
    assert size >= 13, size
    assert _local_only(requests) == []
    context.close()
