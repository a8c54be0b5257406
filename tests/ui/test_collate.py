"""Names in pick lists read in pinyin order, as in any Chinese register."""

from __future__ import annotations

from fydesk.services import records
from fydesk.services.context import load_actor
from fydesk.ui.collate import pinyin_sorted
from fydesk.ui.pages.cases import CasesPage


def test_pinyin_order_is_not_code_point_order(qapp):
    names = ["张三", "李四", "王五", "安六", "陈七"]
    assert sorted(names) == ["安六", "张三", "李四", "王五", "陈七"]
    assert pinyin_sorted(names) == ["安六", "陈七", "李四", "王五", "张三"]


def test_the_mediator_pick_list_is_in_pinyin_order(qtbot, ctx):
    with ctx.store.write() as session:
        actor = load_actor(session, "书记员甲")
        for name in ("张伟", "陈静", "安然"):
            records.create(session, actor, "staff", {"office_id": ctx.office_id, "name": name, "role": "专职调解员"})
    page = CasesPage(ctx)
    qtbot.addWidget(page)
    combo = page.register.case_form.inputs["lead_mediator_id"]
    qtbot.waitUntil(lambda: combo.count() == 5, timeout=5000)  # the blank choice and four mediators
    assert [combo.itemText(i) for i in range(1, 5)] == ["安然", "陈静", "李明", "张伟"]
