"""The browser tests' own helpers hold to what they promise: a chart counts as drawn only when
its canvas has pixels on it, a screenshot covers the whole page, and a desk PC run as `fydesk`
enrolls with IT's code and syncs with the live hub."""

from __future__ import annotations

import struct
from datetime import datetime

import pytest
from sqlalchemy import select

from fydesk.hub.models import Device

from . import browsers
from .browsers import echarts_drawn, open_page, shot

pytestmark = pytest.mark.parametrize("hub_url", ["postgresql"], indirect=True)


def test_a_chart_counts_as_drawn_only_with_ink_on_its_canvas(driver, console_hub):
    open_page(driver, console_hub, "/login")
    # The hub's own ECharts, loaded as a console page loads it (the page's CSP allows 'self').
    driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const s = document.createElement('script');
        s.src = '/console/static/echarts.min.js';
        s.onload = () => done(true);
        document.head.appendChild(s);""")
    driver.execute_script("""
        for (const id of ['nothing', 'blank', 'bars']) {
          const div = document.createElement('div');
          div.id = id; div.style.width = '400px'; div.style.height = '300px';
          document.body.appendChild(div);
        }
        echarts.init(document.getElementById('blank'));  // a canvas, nothing on it
        echarts.init(document.getElementById('bars')).setOption({
          xAxis: {type: 'category', data: ['一月', '二月', '三月']}, yAxis: {type: 'value'},
          series: [{type: 'bar', data: [3, 7, 5]}]});""")
    assert not echarts_drawn(driver, "nothing", timeout=0.5)  # no canvas at all
    assert not echarts_drawn(driver, "blank", timeout=0.5)
    assert echarts_drawn(driver, "bars")


def test_a_screenshot_is_the_whole_page_and_only_when_asked_for(driver, console_hub, tmp_path, monkeypatch):
    monkeypatch.setattr(browsers, "SHOTS", tmp_path)
    monkeypatch.delenv(browsers.SHOTS_ENV, raising=False)
    open_page(driver, console_hub, "/login")
    driver.execute_script("document.querySelector('main').style.height = '2500px'")
    assert shot(driver, "long") is None and not list(tmp_path.iterdir())
    monkeypatch.setenv(browsers.SHOTS_ENV, "1")
    path = shot(driver, "long")
    assert path == tmp_path / "long.png"
    width, height = struct.unpack(">II", path.read_bytes()[16:24])  # the PNG's IHDR
    assert (width, height) == (browsers.WIDTH, driver.execute_script("return document.body.scrollHeight"))
    assert height > 2500
    assert driver.get_window_size() == {"width": browsers.WIDTH, "height": browsers.HEIGHT}


def test_a_desk_enrolls_with_its_code_and_syncs_with_the_hub(console_hub, desks):
    pc = desks("法庭PC")
    pc.enroll(console_hub, console_hub.code("T1"))
    with console_hub.store.session() as s:
        [(name, seen)] = s.execute(select(Device.name, Device.last_seen_at)).all()
    pc.sync()
    with console_hub.store.session() as s:
        assert s.scalar(select(Device.last_seen_at)) > (seen or datetime.min)
    assert name == "法庭PC"
    refused = desks("另一台PC").run("enroll", "--hub", console_hub.url, "--code", "ABCD-EFGH-JKLM", ok=False)
    assert refused.returncode != 0 and refused.stderr.strip()
