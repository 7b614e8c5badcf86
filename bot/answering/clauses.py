"""A worker's story cut into clauses: each usually carries one event or one question."""

from __future__ import annotations

import re

# Clause ends: Chinese and ASCII punctuation, line breaks, runs of spaces; and the connectives that start a
# new complaint in run-on stories written without punctuation.
_BREAK = re.compile(
    r"[，,。；;！!？?\n、…~]+|\s{2,}|(?=(?:而且|还有|另外|然后|结果|但是|可是|并且)(?!.{0,1}$))"
)
# A piece shorter than this ("我是", "然后") cannot be searched alone; it joins the next piece.
MIN_CLAUSE_CHARS = 5
MAX_CLAUSES = 12
# Words with which a worker turns to another matter in the same message (还有一件事…, 另外…, 顺便问下…): the text
# from one to the next is one matter. Not at the very end ("…还有吗").
_MATTER_TURN = re.compile(r"(?=(?:还有|另外|顺便|另一件|此外|再问|还想问|第二件)(?!.{0,1}$))")
# A matter shorter than this ("还有呢") joins the next one.
MIN_MATTER_CHARS = 8
_EDGES = " ，,。.；;！!？?\n、…~"


# A run-on piece typed without punctuation (今年三月初进去的一直没签和同老板说签了就要买社宝…) is cut further where a
# subject starts a new clause: the worker or the employer's side, not as the object of a verb (排她, 叫我, 通知我)
# or a possessor, nor after 合同 read as 同 ("with").
LONG_PIECE = 24
_SUBJECT_START = re.compile(
    r"(?<![的跟和给帮叫让被说讲与对把问要找请逼劝着了我她他们排轮骂打告赔扣罚炒辞开催喊通知拿教带派调欠骗个位名住男女])(?<!(?<!合)同)"
    # nor inside a shop's or a guesthouse's owner (民宿老板, 店老板, 大排档老板): that business's party, not the employer
    r"(?!(?<=[店宿档馆铺摊吧廊])(?:老板|老细|头家))"
    # nor a person gone to (去他厂里扣工资: his workplace, the place gone to)
    r"(?!(?<=去)(?:我们|我|她|他))"
    r"(?=(?:我们|我|她|他|老板|老细|头家|厂里|公司|主管|组长|经理|人事|站长|包工头|"
    # or a party of another matter (孩子在镇上读书…学校讲…, 营业厅讲…): where a story turns to it
    r"孩子|小孩|儿子|女儿|老婆|老公|学校|老师|房东|对方|医院|银行|营业厅|保险公司|交警|法院|商家|店家|物业)(?![们的]))"
    # the employer's side or co-workers after a clause that ended in 了 or 着 (拖着…告不了了老板电话也不接了工友说…):
    # a pronoun there is usually an object (打了我, 拖着我), a person named rarely is
    r"|(?<=[了着])(?=(?:老板|老细|头家|厂里|公司|主管|组长|经理|人事|站长|包工头|工友|同事)(?![们的]))"
)


def _pieces(text: str) -> list[str]:
    pieces = []
    for piece in _BREAK.split(text):
        if len(piece) > LONG_PIECE:
            pieces += [p for p in _SUBJECT_START.split(piece) if p]
        else:
            pieces.append(piece)
    return pieces


def split_clauses(text: str) -> list[str]:
    """The story's clauses in order; short pieces are joined to the following one."""
    clauses: list[str] = []
    carry = ""
    for piece in _pieces(text):
        piece = piece.strip()
        if not piece:
            continue
        piece = carry + piece
        if len(piece) < MIN_CLAUSE_CHARS:
            carry = piece
            continue
        clauses.append(piece)
        carry = ""
    if carry:
        if clauses:
            clauses[-1] += carry
        else:
            clauses.append(carry)
    if len(clauses) > MAX_CLAUSES:
        # A very long story: pair neighbours so the number of searches stays bounded.
        size = -(-len(clauses) // MAX_CLAUSES)
        clauses = ["，".join(clauses[i : i + size]) for i in range(0, len(clauses), size)]
    return clauses


def split_matters(text: str) -> list[str]:
    """The matters a message tells, split where the worker turns to another (还有, 另外, 顺便问下…); none when it
    tells one. A matter holds several clauses: long enough to be read on its own for its scope."""
    matters: list[str] = []
    carry = ""
    for piece in _MATTER_TURN.split(text):
        piece = (carry + piece).strip(_EDGES)
        if len(piece) < MIN_MATTER_CHARS:
            carry = piece
            continue
        matters.append(piece)
        carry = ""
    if carry and matters:
        matters[-1] += carry
    return matters if len(matters) >= 2 else []
