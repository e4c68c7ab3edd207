"""JupyterHub as the engine past one machine (deploy/jupyterhub): the real hub, the real
configurable-http-proxy from the npm registry, the real local-process spawner and idle culler.

The hub runs on free loopback ports with its state in a temporary folder; a participant signs
in over HTTP with a nickname and a session code and lands on the lab gallery under
/user/<nickname>/; a lab renders and its widgets work through the hub's proxy (Chromium);
wrong codes get a clear, translated message; two nicknames get two servers; the idle culler
stops a server nobody uses. Every process the hub starts is stopped by its PID afterwards.

Needs jupyterhub, jupyterhub-idle-culler (deploy/jupyterhub/requirements.txt) and
deploy/jupyterhub/node_modules (npm): `deploy/jupyterhub/install.sh <venv>` installs them.
These tests fail, they do not skip, when something is missing.
"""
from __future__ import annotations

import ast
import importlib.util
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests
from babel.messages.pofile import read_po

from modules.i18n import LANGUAGES, translator
from modules.sessions import Workshop
from modules.store import Store
from tests import browser_helpers as H
from tests.conftest import _free_port

ROOT = Path(__file__).resolve().parents[1]
HUB_DIR = ROOT / "deploy" / "jupyterhub"
HUB_CONFIG = HUB_DIR / "jupyterhub_config.py"
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
ROOM_CODE = "K7P-4QX"  # the trainer's listed session code (DWL_SESSION_CODES)
TRAINER_CODE = "TRN-3MX-Q7R"


class Hub:
    """``python -m jupyterhub`` with deploy/jupyterhub/jupyterhub_config.py, as a child
    process of the tests. A test service token (added by a wrapper config file) lets the
    tests read the hub's REST API; nothing else of the configuration changes."""

    def __init__(self, tmp: Path, **env_extra: str):
        missing = [what for what, ok in (
            ("jupyterhub", importlib.util.find_spec("jupyterhub") is not None),
            ("jupyterhub-idle-culler", importlib.util.find_spec("jupyterhub_idle_culler") is not None),
            (f"configurable-http-proxy ({PROXY})", PROXY.exists()),
        ) if not ok]
        if missing:
            pytest.fail(f"missing {', '.join(missing)}: run `deploy/jupyterhub/install.sh "
                        f"{Path(sys.prefix)}`", pytrace=False)
        self.tmp = tmp
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.token = secrets.token_hex(16)
        self.store_path = tmp / "store.sqlite3"
        (tmp / "decent_work_lab.yaml").write_text(
            f"default_language: es\nstore_path: {self.store_path}\n", encoding="utf-8")
        self.codes_file = tmp / "session_codes.txt"
        self.codes_file.write_text("# codes the trainer adds while the hub runs\n", encoding="utf-8")
        wrapper = tmp / "test_jupyterhub_config.py"
        wrapper.write_text(
            f"c = get_config()\n"
            f"load_subconfig({str(HUB_CONFIG)!r})\n"
            f"c.JupyterHub.services.append({{'name': 'dwl-test', 'api_token': {self.token!r}}})\n"
            f"c.JupyterHub.load_roles.append({{'name': 'dwl-test', 'services': ['dwl-test'],\n"
            f"    'scopes': ['admin:users', 'admin:servers', 'admin:groups', 'list:services',\n"
            f"               'read:services', 'tokens', 'access:servers']}})\n",
            encoding="utf-8",
        )
        env = dict(os.environ)
        env.update({
            "DWL_CONFIG": str(tmp / "decent_work_lab.yaml"),
            "DWL_HUB_STATE_DIR": str(tmp / "state"),
            "DWL_HUB_PORT": str(self.port),
            "DWL_HUB_API_PORT": str(_free_port()),
            "DWL_HUB_PROXY_API_PORT": str(_free_port()),
            "DWL_SESSION_CODES": ROOM_CODE,
            "DWL_SESSION_CODES_FILE": str(self.codes_file),
            "DWL_TRAINER_CODE": TRAINER_CODE,
        })
        env.pop("DWL_TRAINER_NAME", None)
        env.update(env_extra)
        self.log_path = tmp / "hub.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(wrapper)],
            cwd=tmp, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            # a hub started from a background shell inherits an ignored SIGINT, which its
            # children (the culler) would keep: give it the default back
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self._seen: dict[int, psutil.Process] = {}
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited early:\n{self.log()}")
            try:
                if requests.get(self.url + "hub/login", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        else:
            self.stop()
            raise RuntimeError(f"the hub did not answer within 90 s:\n{self.log()}")
        self.descendants()

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def descendants(self) -> list[psutil.Process]:
        """The hub's processes (proxy, culler, participants' servers, their kernels); every
        one seen is remembered so that :meth:`stop` ends it even if the hub does not."""
        try:
            found = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            found = []
        for p in found:
            self._seen.setdefault(p.pid, p)
        return found

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return requests.request(method, self.url + "hub/api/" + path.lstrip("/"),
                                headers={"Authorization": f"token {self.token}"}, timeout=30, **kw)

    def user(self, name: str) -> dict | None:
        r = self.api("GET", f"users/{name}")
        return r.json() if r.status_code == 200 else None

    def wait_ready(self, name: str, timeout: float = 150) -> dict:
        deadline = time.time() + timeout
        while time.time() < deadline:
            user = self.user(name)
            server = (user or {}).get("servers", {}).get("")
            if server and server.get("ready"):
                self.descendants()
                return server
            time.sleep(0.5)
        raise AssertionError(f"{name}'s server was not ready within {timeout} s:\n{self.log()[-4000:]}")

    def server_process(self, name: str) -> psutil.Process:
        """The single-user server process of ``name`` (by its JUPYTERHUB_USER)."""
        for p in self.descendants():
            try:
                if "jupyterhub.singleuser" in " ".join(p.cmdline()) and \
                        p.environ().get("JUPYTERHUB_USER") == name:
                    return p
            except psutil.NoSuchProcess:
                continue
        raise AssertionError(f"no single-user server process for {name}")

    def stop(self) -> None:
        self.descendants()
        if self.proc.poll() is None:
            self.proc.terminate()  # the hub stops its servers, the culler and the proxy
            try:
                self.proc.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for p in self._seen.values():  # anything the hub left behind, by its PID
            try:
                if p.is_running():
                    p.kill()
                    p.wait(timeout=10)
            except psutil.NoSuchProcess:
                pass
        self._log.close()


def _utf8(response, *args, **kwargs):
    # the hub's pages declare UTF-8 in a <meta> tag, not in Content-Type (as browsers read them)
    response.encoding = "utf-8"
    return response


def session() -> requests.Session:
    s = requests.Session()
    s.hooks["response"].append(_utf8)
    return s


def sign_in(hub: Hub, nickname: str, code: str, lang: str = "es",
            follow: bool = True) -> tuple[requests.Session, requests.Response]:
    """What a browser does on the sign-in page: take the form's _xsrf, post the form
    (``follow=False``: stop at the redirect, before the hub starts the server)."""
    s = session()
    page = s.get(hub.url + f"hub/login?lang={lang}", timeout=30)
    assert page.status_code == 200
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
    r = s.post(hub.url + "hub/login", data={"_xsrf": xsrf, "username": nickname,
                                            "password": code, "lang": lang},
               allow_redirects=follow, timeout=60)
    return s, r


def login_error(html: str) -> str:
    m = re.search(r'class="login_error"[^>]*>(.*?)</p>', html, re.S)
    return m.group(1).strip().replace("&#39;", "'").replace("&quot;", '"') if m else ""


def gallery(s: requests.Session, hub: Hub, name: str) -> requests.Response:
    r = s.get(hub.url + f"user/{name}/", timeout=60)
    assert r.status_code == 200, r.text[:500]
    return r


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    h = Hub(tmp_path_factory.mktemp("hub"))
    yield h
    h.stop()


# --------------------------------------------------------------------------- the hub itself
def test_hub_runs_the_npm_proxy_and_the_idle_culler_service(hub):
    procs = {p.pid: " ".join(p.cmdline()) for p in hub.descendants()}
    proxy = [cmd for cmd in procs.values() if "configurable-http-proxy" in cmd]
    assert proxy and str(PROXY) in proxy[0], procs
    assert f"--port {hub.port}" in proxy[0] and "--ip 127.0.0.1" in proxy[0]
    culler = [cmd for cmd in procs.values() if "jupyterhub_idle_culler" in cmd]
    assert len(culler) == 1 and "--timeout=3600" in culler[0] and "--cull-every=300" in culler[0]
    services = hub.api("GET", "services").json()
    assert "idle-culler" in services, services
    model = services["idle-culler"]
    assert model["command"][-2:] == ["--timeout=3600", "--cull-every=300"]
    assert psutil.pid_exists(model["pid"])
    # its role lets it list the users and their servers' activity (its first round)
    deadline = time.time() + 60
    while time.time() < deadline and not re.search(
            r"200 GET /hub/api/users\S* \(idle-culler@127\.0\.0\.1\)", hub.log()):
        time.sleep(0.5)
    assert re.search(r"200 GET /hub/api/users\S* \(idle-culler@127\.0\.0\.1\)", hub.log())


# --------------------------------------------------------------------------- signing in
def test_a_participant_lands_on_the_gallery_under_their_nickname(hub):
    s, r = sign_in(hub, "José Luis", "k7p 4qx")  # case, spaces and accents do not matter
    assert r.status_code == 200
    user = hub.user("jose-luis")
    assert user is not None and f"session-{ROOM_CODE.replace('-', '')}" in user["groups"]
    hub.wait_ready("jose-luis")
    page = gallery(s, hub, "jose-luis")
    assert page.url == hub.url + "user/jose-luis/"
    t = translator("es")
    assert f"<h1>{t('Decent Work Lab')}</h1>" in page.text
    assert t("Digital payroll and pay slips") in page.text
    links = re.findall(r'class="open" href="([^"]+)"', page.text)
    assert links and all(u.startswith("/user/jose-luis/voila/render/") and u.endswith("?lang=es")
                         for u in links)  # a code of the trainer's list is no workshop session
    # the loading screen's messages come from the participant's server too
    script = s.get(hub.url + "user/jose-luis/dwl/i18n.js", timeout=30).text
    assert t("Preparing your lab…") in script


def test_the_language_chosen_on_the_sign_in_page_is_the_gallerys(hub):
    s, r = sign_in(hub, "Wayan", ROOM_CODE, lang="en")
    hub.wait_ready("wayan")
    page = gallery(s, hub, "wayan")
    assert "<h1>Decent Work Lab</h1>" in page.text and "Digital payroll and pay slips" in page.text
    assert all(u.endswith("?lang=en") for u in re.findall(r'class="open" href="([^"]+)"', page.text))


def test_the_sign_in_page_is_translated(hub):
    for lang in ("es", "id"):
        html = session().get(hub.url + f"hub/login?lang={lang}", timeout=30).text
        t = translator(lang)
        assert t("Session code") in html and t("Session code") != "Session code"
        assert 'name="username"' in html and 'name="password"' in html
        assert "Username:" not in html and "Password:" not in html


@pytest.mark.parametrize("lang", ["es", "en", "id"])
def test_a_wrong_session_code_gets_a_clear_message_and_no_server(hub, lang):
    t = translator(lang)
    s, r = sign_in(hub, "Rosa", "ZZZ-999", lang=lang)
    assert r.status_code == 403
    expected = t("There is no workshop session with the code {code}. Please check it with your trainer.",
                 code="ZZZ-999")
    assert login_error(r.text) == expected
    assert 'value="Rosa"' in r.text  # nothing typed is lost
    assert hub.user("rosa") is None  # nobody was created, nothing was started


def test_other_mistakes_get_their_own_message(hub):
    es, hub_es = translator("es"), _hub_catalog("es")
    cases = [  # nickname, code, the message expected next to the form
        ("Rosa", "", hub_es["Please write the session code your trainer gave you."]),
        ("", ROOM_CODE, es("Please write a nickname (up to {max} characters) so that your "
                           "trainer knows who joined.", max=30)),
        ("R@sa!", ROOM_CODE, hub_es["A nickname can have letters, digits, - and _ only, and "
                                    "starts with a letter or a digit."]),
        ("x" * 31, ROOM_CODE, es("A nickname has at most {max} characters.", max=30)),
        ("trainer", ROOM_CODE, hub_es["This nickname is kept for the trainer. Please choose "
                                      "another one."]),
    ]
    for nickname, code, expected in cases:
        s, r = sign_in(hub, nickname, code)
        assert r.status_code == 403, (nickname, code)
        assert login_error(r.text) == expected, (nickname, code)
    assert len({expected for _, _, expected in cases}) == len(cases)
    assert hub.user("trainer")["admin"] is True and not hub.user("trainer")["servers"]


def test_the_trainer_signs_in_with_the_trainer_code_and_sees_the_admin_page(hub):
    s, r = sign_in(hub, "Trainer", TRAINER_CODE.lower())
    assert r.status_code == 200 and r.url == hub.url + "hub/admin"
    assert 'href="/hub/spawn"' in r.text  # the trainer's own labs are one click away
    assert not hub.user("trainer")["servers"]  # the trainer's page, not a server


def test_a_workshop_session_code_opens_the_hub_and_a_code_added_to_the_file_too(hub):
    session = Workshop(Store(hub.store_path)).create_session(
        "Taller Cusco", "2026-11-23", "Cusco", "es", ["payroll_digital"])
    s, r = sign_in(hub, "Ana", session.code.lower().replace("-", ""))
    assert r.status_code == 200 and hub.user("ana") is not None
    assert f"session-{session.code.replace('-', '')}" in hub.user("ana")["groups"]
    hub.wait_ready("ana")
    # Ana's labs open inside her workshop session (the gallery's ?session=)
    links = re.findall(r'class="open" href="([^"]+)"', gallery(s, hub, "ana").text)
    assert links and all(u.endswith(f"?lang=es&amp;session={session.code}") for u in links), links

    s, r = sign_in(hub, "Mirta", "PUNO-2026", follow=False)
    assert r.status_code == 403
    with hub.codes_file.open("a", encoding="utf-8") as fh:
        fh.write("PUNO-2026   # second room, added while the hub runs\n")
    s, r = sign_in(hub, "Mirta", "puno 2026", follow=False)
    assert r.status_code == 302 and hub.user("mirta") is not None


# --------------------------------------------------------------------------- servers
def test_two_nicknames_get_two_separate_servers(hub):
    t_es = translator("es")
    s1, _ = sign_in(hub, "Rosa", ROOM_CODE)
    s2, _ = sign_in(hub, "Nina", ROOM_CODE)
    a, b = hub.wait_ready("rosa"), hub.wait_ready("nina")
    assert a["url"] == "/user/rosa/" and b["url"] == "/user/nina/"
    pa, pb = hub.server_process("rosa"), hub.server_process("nina")
    assert pa.pid != pb.pid
    assert gallery(s1, hub, "rosa").url.endswith("/user/rosa/")
    assert gallery(s2, hub, "nina").url.endswith("/user/nina/")
    # Rosa cannot open Nina's server
    other = s1.get(hub.url + "user/nina/", timeout=60)
    assert other.status_code == 403 and "/hub/api/oauth2/authorize" in other.url
    assert t_es("Choose a lab") not in other.text


def test_a_participants_server_shows_only_the_labs_read_only(hub):
    s, _ = sign_in(hub, "Rosa", ROOM_CODE)
    hub.wait_ready("rosa")
    token = hub.api("POST", "users/rosa/tokens",
                    json={"note": "test", "scopes": ["access:servers!user=rosa"]}).json()["token"]
    auth = {"Authorization": f"token {token}"}
    base = hub.url + "user/rosa/"
    nb = requests.get(base + "api/contents/payroll_digital.ipynb", headers=auth, timeout=30)
    assert nb.status_code == 200 and nb.json()["type"] == "notebook"
    put = requests.put(base + "api/contents/payroll_digital.ipynb", headers=auth, timeout=30,
                       json={"type": "notebook", "format": "json", "content": nb.json()["content"]})
    assert put.status_code == 403
    new = requests.post(base + "api/contents", headers=auth, json={"type": "notebook"}, timeout=30)
    assert new.status_code == 403
    assert requests.get(base + "lab", headers=auth, timeout=30).status_code == 404
    assert requests.post(base + "api/terminals", headers=auth, timeout=30).status_code == 404


def test_a_participant_runs_at_most_three_labs_at_once(hub):
    """DWL_LABS_PER_PARTICIPANT (default 3): one more lab gets the translated 'room is full'
    page, not a fourth kernel."""
    s, _ = sign_in(hub, "Nina", ROOM_CODE)
    server = hub.wait_ready("nina")
    lab = hub.url + "user/nina/voila/render/payroll_digital.ipynb?lang=es"
    for _ in range(3):
        assert s.get(lab, timeout=120).status_code == 200
    proc = hub.server_process("nina")
    kernels = [k for k in proc.children(recursive=True) if "ipykernel" in " ".join(k.cmdline())]
    assert len(kernels) == 3
    full = s.get(lab, timeout=120)
    assert full.status_code == 503 and full.headers.get("Retry-After")
    assert translator("es")("The room is full") in full.text
    assert len([k for k in proc.children(recursive=True) if "ipykernel" in " ".join(k.cmdline())]) == 3
    assert server["url"] == "/user/nina/"


@pytest.mark.browser
def test_a_lab_opened_from_the_gallery_works_through_the_hub(hub, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    try:
        page.goto(hub.url + "hub/login?lang=es")
        page.fill("#username_input", "Lucia")
        page.fill("#password_input", ROOM_CODE)
        page.click("#login_submit")
        page.wait_for_url(hub.url + "user/lucia/", timeout=150_000)
        page.locator("a.open").first.click()  # the payroll lab
        page.wait_for_url(re.compile(r"/user/lucia/voila/render/payroll_digital\.ipynb\?lang=es"))
        page.wait_for_selector(H.LAB_READY)
        # the widgets talk to the kernel through the hub's proxy: a case study loads
        H.load_case_study(page, "pe_cusco_hotel", lang="es")
        assert page.locator(".dwl-register-table tbody tr").count() > 0
        outside = [u for u in requested
                   if not u.startswith((hub.url, hub.url.replace("http", "ws"), "data:", "blob:"))]
        assert not outside, outside
    finally:
        context.close()


def test_a_signed_in_participant_who_comes_back_gets_the_same_server(hub):
    s, _ = sign_in(hub, "Rosa", ROOM_CODE)
    pid = hub.server_process("rosa").pid
    s2, r = sign_in(hub, "rosa", ROOM_CODE)  # another device, same nickname
    assert r.url.endswith("/user/rosa/")
    assert hub.server_process("rosa").pid == pid


# --------------------------------------------------------------------------- culling
def test_the_idle_culler_stops_a_server_nobody_uses(tmp_path):
    hub = Hub(tmp_path, DWL_CULL_TIMEOUT="20", DWL_CULL_EVERY="3")
    try:
        culler = [" ".join(p.cmdline()) for p in hub.descendants()
                  if "jupyterhub_idle_culler" in " ".join(p.cmdline())]
        assert culler and "--timeout=20" in culler[0] and "--cull-every=3" in culler[0]
        s, r = sign_in(hub, "Rosa", ROOM_CODE)
        hub.wait_ready("rosa")
        server = hub.server_process("rosa")
        deadline = time.time() + 180
        while time.time() < deadline and hub.user("rosa")["servers"]:
            time.sleep(1)
        assert not hub.user("rosa")["servers"], hub.log()[-3000:]
        server.wait(timeout=60)  # the process is gone, not only forgotten
        assert "Culling server rosa (inactive for" in hub.log()  # the culler did it
        # coming back: a translated page, and the server starts again by itself
        back = s.get(hub.url + "user/rosa/", timeout=60)
        assert _hub_catalog("es")["Your lab space was closed after a break"] in back.text
        assert re.search(r"var implicit_spawn_seconds = 2(\.0)?;", back.text)
    finally:
        hub.stop()


# --------------------------------------------------------------------------- translations
def _hub_msgids() -> set[str]:
    """Every msgid the hub's pages use: N_()/t() in dwl_hub, dwl_t() in the templates."""
    ids: set[str] = set()
    for path in (HUB_DIR / "dwl_hub").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"N_", "t"} \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                ids.add(node.args[0].value)
    for path in (HUB_DIR / "templates").glob("*.html"):
        ids |= set(re.findall(r'dwl_t\("([^"]+)"\)', path.read_text(encoding="utf-8")))
    return ids


def _hub_catalog(lang: str) -> dict[str, str]:
    path = HUB_DIR / "locale" / lang / "LC_MESSAGES" / "hub.po"
    with path.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh, locale=lang) if m.id and m.string}


def test_every_text_of_the_hub_pages_is_translated():
    ids = _hub_msgids()
    assert "Join the workshop" in ids and "Your lab space was closed after a break" in ids
    for lang in (code for code in LANGUAGES if code != "en"):
        own, project = _hub_catalog(lang), translator(lang)
        missing = [m for m in ids if m not in own and project(m) == m]
        assert not missing, (lang, missing)
        unused = set(own) - ids
        assert not unused, (lang, unused)
        for msgid, text in own.items():  # one msgid, one translation across the catalogs
            assert project(msgid) in (msgid, text), (lang, msgid)
            assert re.findall(r"{\w+}", msgid) == re.findall(r"{\w+}", text), (lang, msgid)
