"""人民调解协议书, with the contents 人民调解法 art. 29 asks for.

Art. 29: the parties' basic facts; the main facts of the dispute, the disputed matters and
each side's responsibility; the agreed terms with the manner and deadline of performance.
It takes effect once every party has signed (or sealed, or put a fingerprint) and the
mediator has signed and the committee's seal is on it; each party keeps a copy and the
committee one, so the copies are the parties plus one. The mediator's signature and the seal
never stand on a page of their own: the agreement's closing words go over with them.
"""

from __future__ import annotations

import os
from typing import Any

from fydesk.domain.codes import COMMITTEE_KINDS

from .common import cn_count, party_facts, seal_block, signature_boxes, term_text
from .fonts import FontSet
from .model import AgreementDoc
from .page import BODY_LEADING, Meta, Writer, keep_with_tail


def render(doc: AgreementDoc, out: str | os.PathLike | Any, fonts: FontSet) -> int:
    # Only a 人民调解委员会 makes a 人民调解协议书 (人民调解法 art. 29); an invited organisation or
    # mediator of a court (委派/委托/特邀调解) makes a 调解协议书 in its own name.
    people = doc.body_kind is None or doc.body_kind in COMMITTEE_KINDS
    title = "人民调解协议书" if people else "调解协议书"
    mediator, seal_label = (("人民调解员", "调解委员会印章") if people
                            else ("调解员", "调解组织印章" if doc.seal else "调解员签名"))
    sealing = "并加盖人民调解委员会印章" if people else "并加盖调解组织印章" if doc.seal else ""
    by = "人民调解委员会" if people else ""
    # The copy kept besides the parties' is the issuing body's (a mediator keeps it for the court).
    keeper = "人民调解委员会" if people else "调解组织" if doc.seal else "调解员"
    w = Writer(fonts, Meta(title, doc.committee, doc.number or ""))
    w.p(doc.committee, "subtitle", "调解组织")
    w.p(title, "title")
    w.p(f"编号：{doc.number or '（未编号）'}", "right", "协议编号")
    w.space(0.3)
    w.p("一、当事人基本情况", "heading")
    for p in doc.parties:
        w.p(party_facts(p), "body", f"当事人{p.name}")
    w.p("二、纠纷的主要事实、争议事项及各方责任", "heading")
    w.p(f"纠纷的主要事实：{doc.facts}", "body", "纠纷事实")
    w.p(f"争议事项：{doc.disputes or '无'}", "body", "争议事项")
    w.p(f"各方当事人的责任：{doc.responsibility or '无'}", "body", "各方责任")
    # The heading, the sentence ending in a colon and two lines of the first term start a page
    # together: a page must not end on "达成如下协议：".
    from reportlab.platypus import CondPageBreak

    w.add(CondPageBreak(BODY_LEADING * 6))
    w.p("三、调解协议内容、履行方式和期限", "heading")
    w.p(f"经{doc.committee}主持调解，当事人自愿达成如下协议：", "body")
    w.add(*(w.para(term_text(t, i, doc.parties), "body", f"第{i}项条款") for i, t in enumerate(doc.terms, start=1)))
    effect = w.para(f"本协议自各方当事人签名、盖章或者按指印，{mediator}签名{sealing}之日起生效。"
                    f"当事人应当按照约定履行自己的义务。经{by}调解达成的调解协议，具有法律约束力；"
                    "双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。", "body")
    # The terms follow their heading at once, and the signatures take the agreement's own
    # closing words (two lines at least) over to their page: keeping the whole last term there
    # instead left up to a page blank before a short one.
    w.add(keep_with_tail(effect, [
        w.para(f"本协议一式{cn_count(doc.copies)}份，当事人各执一份，{keeper}留存一份。", "body", "协议份数"),
        signature_boxes(w, doc.parties),
        seal_block(w, f"{mediator}（签名）：＿＿＿", doc.seal or doc.committee, doc.signed_date,
                   seal_label=seal_label, signer_note=f"（{doc.mediator}）" if doc.mediator else ""),
    ]))
    return w.build(out)
