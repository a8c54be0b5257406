"""The console in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
chromedriver, with nothing fetched from the internet at run time.

One browser per test module (starting one costs a second or two), its cookies cleared before
each test; helpers to sign in through the form, to save a page as a PNG under docs/console/
(only when FYDESK_CONSOLE_SHOTS=1), to tell whether an ECharts chart has drawn anything, and
desk PCs run as `fydesk` subprocesses that enroll with a code and sync against the live hub.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = ROOT / "docs" / "console"
SHOTS_ENV = "FYDESK_CONSOLE_SHOTS"
WIDTH, HEIGHT = 1366, 900
SESSION_COOKIE = "fydesk_console"
WAIT = 10  # seconds a page or a chart gets to appear

# Selenium Manager is not even started when the driver's path is given; should it ever be, it
# must not go looking for a browser or a driver to download.
os.environ.setdefault("SE_OFFLINE", "true")

FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--lang=zh-CN", f"--window-size={WIDTH},{HEIGHT}",
    # The same pixels for the same page: no scrollbars, no hinting that varies, one pixel a pixel.
    "--hide-scrollbars", "--font-render-hinting=none", "--force-device-scale-factor=1",
]


def chrome(profile: Path) -> WebDriver:
    """A headless Chromium with a fresh profile in `profile`, speaking Chinese (zh-CN)."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.fail(f"the console's browser tests need Debian's chromium and chromium-driver ({', '.join(missing)} "
                    "missing): run packaging/setup-system.sh test", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    # --lang alone leaves headless Linux saying en-US: the Accept-Language preference is what counts.
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    """One browser for the test module; `driver` hands it to each test with no cookies."""
    driver = chrome(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture
def driver(chromium):
    """The module's browser on a blank page, every cookie of every site gone (each test's hub
    listens on a port of its own, but cookies are kept by host, not by port)."""
    chromium.get("about:blank")
    chromium.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chromium.set_window_size(WIDTH, HEIGHT)
    return chromium


# --- pages -------------------------------------------------------------------------------------

def open_page(driver: WebDriver, hub, path: str) -> None:
    """Go to /console`path` on `hub` and wait until the page has loaded."""
    driver.get(hub.url + "/console" + path)
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")


def here(driver: WebDriver) -> str:
    """The path the browser is on, without the hub's address."""
    return driver.execute_script("return location.pathname + location.search")


def submit(driver: WebDriver, button) -> None:
    """Click a form's button and wait for the page it brings (the old one goes stale)."""
    html = driver.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(driver, WAIT).until(lambda d: _stale(html))
    WebDriverWait(driver, WAIT).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _stale(element) -> bool:
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    return False


def button(driver: WebDriver, label: str, within=None):
    """The button whose text is `label`, on the page or inside `within`."""
    found = [b for b in (within or driver).find_elements(By.TAG_NAME, "button") if b.text.strip() == label]
    assert found, f"no button 「{label}」 on {here(driver)}"
    return found[0]


def sign_in(driver: WebDriver, hub, login: str, password: str | None = None) -> None:
    """Type into the sign-in form and click 登录, as a person does (opens the form if not on it);
    `password` defaults to the one every account of `console_hub` has."""
    from .conftest import PASSWORD  # conftest imports this module's fixtures

    password = PASSWORD if password is None else password
    if not here(driver).startswith("/console/login"):
        open_page(driver, hub, "/login")
    form = driver.find_element(By.CSS_SELECTOR, "section.login form")
    for name, value in (("login", login), ("password", password)):
        field = form.find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
    submit(driver, button(driver, "登录", form))


def signed_in(driver: WebDriver, hub, login: str, password: str | None = None) -> str:
    """Sign in as `login` and return the path of the page one lands on (the role's own)."""
    sign_in(driver, hub, login, password)
    assert driver.get_cookie(SESSION_COOKIE), f"{login} is not signed in: {here(driver)} says {alert(driver)!r}"
    return here(driver)


def sign_out(driver: WebDriver) -> None:
    submit(driver, button(driver, "退出", driver.find_element(By.CSS_SELECTOR, "header.top")))


def alert(driver: WebDriver) -> str | None:
    """The page's one sentence of error (role="alert"), if it shows one."""
    found = driver.find_elements(By.CSS_SELECTOR, '[role="alert"]')
    return found[0].text if found else None


def notice(driver: WebDriver) -> str | None:
    """The page's note that something was done (role="status"), if it shows one."""
    found = driver.find_elements(By.CSS_SELECTOR, '[role="status"]')
    return found[0].text if found else None


def table_rows(driver: WebDriver, selector: str = "main table") -> list[list[str]]:
    """The text of each body row's cells of the first table matching `selector`."""
    table = driver.find_element(By.CSS_SELECTOR, selector)
    return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]


# --- screenshots -------------------------------------------------------------------------------

def shots_wanted() -> bool:
    return os.environ.get(SHOTS_ENV) == "1"


def shot(driver: WebDriver, name: str) -> Path | None:
    """The whole page, top to bottom, as docs/console/`name`.png, when FYDESK_CONSOLE_SHOTS=1
    (`make screenshots`); otherwise nothing, so that a test run leaves tracked files alone."""
    if not shots_wanted():
        return None
    # Fonts loaded, no blinking caret, no hover from wherever the last click left the mouse.
    driver.execute_async_script("document.fonts.ready.then(() => arguments[arguments.length - 1]())")
    driver.execute_script("""
        const style = document.createElement('style');
        style.textContent = '* { caret-color: transparent !important; }';
        document.head.appendChild(style);
        if (document.activeElement) document.activeElement.blur();""")
    frame = driver.execute_script("return window.outerHeight - window.innerHeight")
    height = driver.execute_script(
        "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
    driver.set_window_size(WIDTH, max(height, HEIGHT - frame) + frame)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        assert driver.get_screenshot_as_file(str(path)), f"no screenshot of {here(driver)}"
    finally:
        driver.set_window_size(WIDTH, HEIGHT)
    return path


# --- charts ------------------------------------------------------------------------------------

# How many pixels of the chart's canvas differ from its first: none means nothing was drawn.
_INKED = """
const canvas = document.querySelector('#' + CSS.escape(arguments[0]) + ' canvas');
if (!canvas || !canvas.width || !canvas.height) return -1;
const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
let inked = 0;
for (let i = 4; i < data.length; i += 4) {
  if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2] || data[i + 3] !== data[3]) inked++;
}
return inked;
"""


def echarts_drawn(driver: WebDriver, element_id: str, timeout: float = WAIT) -> bool:
    """Whether the chart in the element `element_id` has a <canvas> with something drawn on it
    (its pixels read back, not merely the element present), waiting up to `timeout` seconds for
    ECharts' opening animation."""
    try:
        WebDriverWait(driver, timeout, poll_frequency=0.2).until(
            lambda d: d.execute_script(_INKED, element_id) > 0)
    except TimeoutException:  # never drew
        return False
    return True


# --- desk PCs ----------------------------------------------------------------------------------

class Desk:
    """One desk PC: a data dir of its own, driven by `fydesk` in a subprocess as its people do.

    Its hub token goes to a keyring kept in a file for tests only (tests/sync/filekeyring.py),
    which the subprocess is pointed at; the real keyring of the machine is never touched."""

    def __init__(self, root: Path, keyring_file: Path, name: str) -> None:
        from ..sync.filekeyring import ENV as KEYRING_FILE_ENV

        self.root = root / name
        self.name = name
        self.env = {**os.environ, "PYTHON_KEYRING_BACKEND": "filekeyring.FileKeyring",
                    KEYRING_FILE_ENV: str(keyring_file),
                    "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "sync"), str(ROOT / "src"),
                                                   *filter(None, [os.environ.get("PYTHONPATH")])])}

    def run(self, *argv: str, ok: bool = True) -> dict | list | None:
        """`fydesk --data-dir <root> <argv> --json`: its JSON answer; a failure fails the test
        with fydesk's own sentence, unless `ok=False` (then the CompletedProcess is returned)."""
        done = subprocess.run([sys.executable, "-m", "fydesk", "--data-dir", str(self.root), *argv, "--json"],
                              check=False, env=self.env, capture_output=True, text=True, timeout=120)
        if not ok:
            return done
        assert done.returncode == 0, f"fydesk {' '.join(argv)} on {self.name}: {done.stderr.strip()}"
        return json.loads(done.stdout) if done.stdout.strip() else None

    def enroll(self, hub, code: str) -> dict:
        """Enroll with the one-time `code` (as IT hands it out), as the PC named `self.name`."""
        return self.run("enroll", "--hub", hub.url, "--code", code, "--device-name", self.name)

    def sync(self) -> dict:
        return self.run("sync")


@pytest.fixture
def desks(tmp_path):
    """`desks(name)`: a new desk PC, not yet enrolled; all share one test keyring file."""
    keyring_file = tmp_path / "keyring.json"
    return lambda name: Desk(tmp_path / "desks", keyring_file, name)
