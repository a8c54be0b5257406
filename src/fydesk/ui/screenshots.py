"""`make screenshots`: the app on fresh demo data, one PNG per page, drawn offscreen.

With FYDESK_LANG=en the app is drawn in English and the files are named en-*.png. Then, in a
child process whose fontconfig knows DejaVu and nothing else (a stock PC without a Chinese
font), the first-run screen and the main window once more: nocjk-first-run.png, nocjk-main.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SLUGS = {"工作台": "dashboard", "调解案件": "cases", "联动案件": "joint", "企业走访": "firms",
         "司法建议": "suggestions", "涉诉信访": "petitions", "任务清单": "tasks", "统计报表": "stats", "同步": "sync",
         "设置": "settings"}
# The demo PC as IT would manage it: the hub address set and locked by a policy file.
DEMO_POLICY = 'hub_url = "https://fyhub.example.gov.cn"\nsync_interval_minutes = 10\nlocked = ["hub_url"]\n'



def _wait(app, until, timeout_s: float = 30.0) -> None:
    import time

    end = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("the page did not finish loading")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, page, seconds: float = 0.5) -> None:
    """Let the page's queued jobs answer (they are quick on demo data)."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


NO_CJK = "--no-cjk"


def _dejavu_only(folder: Path) -> Path | None:
    """A fonts.conf naming only the folder DejaVu Sans sits in; None without fontconfig or DejaVu."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True,
                           text=True, check=False).stdout.strip()
    if "dejavu" not in found.lower():
        return None
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    f"  <dir>{Path(found).parent}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n"
                    # The generic names a desktop's own set-up maps, as a stock PC's does.
                    "  <alias><family>sans-serif</family><prefer><family>DejaVu Sans</family></prefer></alias>\n"
                    "</fontconfig>\n", encoding="utf-8")
    return conf


def _shoot_without_cjk(out: Path) -> None:
    """The stock-PC pair, drawn by a child process: Qt reads fontconfig once per process."""
    with tempfile.TemporaryDirectory() as tmp:
        conf = _dejavu_only(Path(tmp))
        if conf is None:
            print("no DejaVu font known to fontconfig: the nocjk screenshots are skipped", file=sys.stderr)
            return
        # The demo policy file set above is gone with its folder: the child writes its own.
        env = {k: v for k, v in os.environ.items() if k != "FYDESK_POLICY"}
        env["FONTCONFIG_FILE"] = str(conf)
        subprocess.run([sys.executable, "-m", __spec__.name, str(out), "30", NO_CJK], env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    no_cjk = NO_CJK in argv
    argv = [a for a in argv if a != NO_CJK]
    out = Path(argv[0] if argv else "docs/screenshots")
    records = int(argv[1]) if len(argv) > 1 else 2000
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from fydesk.services import demo
    from fydesk.store.open import open_store

    from . import language
    from .app import Launcher, make_application
    from .tasks import Tasks

    lang = language.chosen()
    prefix = "nocjk-" if no_cjk else "en-" if lang == language.ENGLISH else ""
    app = make_application(lang=lang)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tasks = Tasks()
        settings = QSettings(str(Path(tmp) / "desktop.ini"), QSettings.Format.IniFormat)
        first = Launcher(tasks, Path(tmp) / "empty", "书记员", settings)
        first.start()
        _wait(app, lambda: first.window is not None)
        first.window.resize(900, 640)
        _wait(app, lambda: first.window.isVisible())
        first.window.grab().save(str(out / f"{prefix}first-run.png"))
        first.window.close()

        policy = Path(tmp) / "policy.toml"
        policy.write_text(DEMO_POLICY, encoding="utf-8")
        os.environ["FYDESK_POLICY"] = str(policy)
        store = open_store(Path(tmp) / "demo")
        demo.generate(store, records=records, seed=1)
        store.close()
        launcher = Launcher(tasks, Path(tmp) / "demo", "书记员", settings)
        launcher.start()
        _wait(app, lambda: launcher.window is not None and launcher.window.__class__.__name__ == "MainWindow")
        window = launcher.window
        window.resize(1360, 820)
        # Without a Chinese font only whether the Chinese is drawn is news: one page shows it.
        pages = {"调解案件": "main"} if no_cjk else SLUGS
        for name, slug in pages.items():
            page = window.show_page(name)
            if name == "工作台":
                _wait(app, lambda p=page: p.data is not None)
            if name == "调解案件":
                _wait(app, lambda p=page: p.model.rowCount() > 0 and not p.model.loading)
                page.table.selectRow(2)
                _wait(app, lambda p=page: p.detail.detail is not None)
            elif name == "设置":
                _wait(app, lambda p=page: p.view is not None)
            elif name == "任务清单":  # a task in progress, with every office's reports beside the list
                _wait(app, lambda p=page: p.table.rowCount() > 2)
                page.table.selectRow(2)
                _settle(app, page)
            elif hasattr(page, "model"):  # the other lists: show one record's detail beside them
                _wait(app, lambda p=page: p.model.rowCount() > 0 and not p.model.loading)
                page.table.selectRow(0)
                _settle(app, page)
            else:
                _settle(app, page)
            if hasattr(page, "trend_chart"):  # the charts are drawn once the figures are in
                _wait(app, lambda p=page: p.trend_chart.image() is not None and p.area_chart.image() is not None)
                _settle(app, page, 0.3)  # drawn again at the size the window gives them
            _wait(app, lambda: window.status.state is not None)
            app.processEvents()
            path = out / f"{prefix}{slug}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
        tasks.shutdown(wait=True)
    if not no_cjk and not prefix:
        _shoot_without_cjk(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
