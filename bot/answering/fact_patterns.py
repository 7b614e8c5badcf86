"""Word lists and patterns for reading a worker's story (Mandarin, Cantonese and Teochew forms).

Kept as data next to their only user, `facts.py`. Every pattern runs on the length-preserving normalised
copy of the text (see `normalise_for_facts`), so match offsets are offsets in the worker's own words.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.answering.numerals import CN_CHARS, NUMBER, NUMBER_RANGE

NUMBER_START = r"\d" + CN_CHARS


class Event(StrEnum):
    """What happened to the worker."""

    DISMISSED = "dismissed"
    RESIGNED = "resigned"
    RESIGNING = "resigning"  # the worker means to resign (我想辞工, 打算辞职): the notice to give
    LEFT = "left"
    UNPAID = "unpaid"
    EMPLOYER_FLED = "employer_fled"  # the employer gone, unreachable (老细走佬, 老板跑路, 电话打不通)
    NO_WAGE = "no_wage"  # no wage at all for the work (学徒没有工资 只包吃住): below any minimum wage
    INJURED = "injured"
    TRANSFERRED = "transferred"
    NOT_INSURED = "not_insured"
    INSURANCE_WAIVED = (
        "insurance_waived"  # a waiver of insurance, or its cost paid as wages (自愿不买社保, 当社保钱)
    )
    # the employer's share of insurance put on the worker (社保要我自己出晒两份钱, 从工资扣工伤保险)
    INSURANCE_SHIFTED = "insurance_shifted"
    NO_CONTRACT = "no_contract"
    PREGNANT = "pregnant"
    PRENATAL_CHECK = "prenatal_check"  # a pregnant worker's check-ups at the hospital (docked, refused)
    NURSING = "nursing"
    OVERTIME = "overtime"
    NON_COMPETE = "non_compete"
    PAY_CUT = "pay_cut"
    HARASSED = "harassed"
    DEPOSIT = "deposit"
    CONTRACT_ENDED = "contract_ended"
    LEAVE_DENIED = "leave_denied"
    # annual leave imposed when the employer has no work (淡季叫我们全部去休年假): scheduled by the employer with the
    # worker's wishes considered (职工带薪年休假条例第五条)
    LEAVE_IMPOSED = "leave_imposed"
    PENALTY = "penalty"  # a penalty for leaving demanded (扣一个月工资当违约金, 要我赔违约金)
    NO_HEAT_PAY = "no_heat_pay"  # no high-temperature allowance paid (一分高温补贴都没有, 发凉茶就算了)
    LEAVE_REFUSED = "leave_refused"  # another leave (陪产假, 产假, 育儿假, 婚假, 病假…) refused or unknown to the employer
    FINAL_PAY = "final_pay"
    STOPPED = "stopped"  # work stopped by the employer (停工, 停产, 没活干叫我们不用上班)
    MADE_TO_PAY = "made_to_pay"  # the employer makes the worker pay for a loss (a lost parcel, a crash)
    RELOCATED = "relocated"  # the workplace moves to another place (厂要搬去惠州)
    CLOSED = "closed"  # the employer closes down (倒闭, 关厂, 执笠)
    NO_REST = "no_rest"  # less than one rest day a week (一个月只休两天, 全年无休, 一个月做足三十日)
    HOLIDAY_WORK = "holiday_work"  # work on a legal public holiday, or the holiday not given (中秋节也不放假)
    FINED = "fined"  # the employer fines the worker out of the wage (超时一单罚二十, 被罚了六百多)
    CERTIFICATE_REFUSED = (
        "certificate_refused"  # the leaving certificate refused or withheld (不给开离职证明)
    )
    ILL = "ill"  # the worker fell ill, off work or in hospital (病了, 住院, 脑出血): the 医疗期 protects the job
    # died of a sudden illness (突然晕倒…第二天人就走了, 猝死): 视同工伤 at the post or within 48 hours (工伤保险条例第十五条)
    SUDDEN_DEATH = "sudden_death"
    # a dispatched worker paid less than the client's own workers for the same work (跟厂里正式工做一样的活 他们一个
    # 月比我多八百): 同工同酬 (劳动合同法第六十三条); read only in a dispatch story (see fact_reader)
    UNEQUAL_PAY = "unequal_pay"


class Ask(StrEnum):
    """What the worker asks."""

    HOW_MUCH = "how_much"
    WHERE = "where"
    HOW_LONG = "how_long"
    IS_LEGAL = "is_legal"
    WHAT_TO_DO = "what_to_do"
    COMPENSATION = "compensation"  # asks for 补偿 / 赔偿 (money on leaving, or for a loss)
    COST = "cost"  # asks what taking the employer on costs (打官司要不要交钱, 仲裁使唔使钱)
    LEAVE_PAY = "leave_pay"  # asks whether maternity leave is paid (放产假有冇人工, 产假工资要发吗)
    PAY_HOW = "pay_how"  # how the money is paid, of whatever the story is about (钱应该怎么给, 钱谁出)
    LAWYER = "lawyer"  # cannot pay a lawyer, or asks for legal aid (没钱请律师, 请不起律师, 法律援助)
    BIRTH_LEAVE = "birth_leave"  # how long the mother rests after the birth (生完以后可以在家休多久)
    LIMITATION = "limitation"  # whether it is too late to take the employer on (过了时效, 过了时间告不了了)
    PATERNITY = "paternity"  # the father's leave at the birth (老婆生的时候我想请假照顾, 男的没有这种假)
    FORM_UNION = (
        "form_union"  # setting up a union where there is none (没有工会大家想自己搞一个, 能不能成立工会)
    )
    JOIN_UNION = "join_union"  # whether the worker may join a union (我们这种可以入工会吗, 送外卖能不能入会)
    NOTICE = "notice"  # how long ahead the employer must be told (还要提前多久跟厂里讲, 使唔使提前讲)
    UNION_HELP = (
        "union_help"  # whether the union helps with money (工会有没有上大学的补助, 工会能不能帮扶一下)
    )
    RESULT_TIME = "result_time"  # how long until a claim has its result (要几耐先有结果, 仲裁要多久)
    # what to bring or write to take the employer on (告他要准备什么材料, 仲裁申请书点写)
    APPLY_PAPERS = "apply_papers"
    # the employer's word that the overtime pay is in the wage (加班费老板说早就包在工资里面): its proof is the
    # employer's (广东省工资支付条例第十六条、第四十八条)
    PAY_INCLUDED = "pay_included"


class WorkerType(StrEnum):
    """Kinds of work that change which rules apply."""

    PLATFORM = "platform"
    DISPATCH = "dispatch"
    CONSTRUCTION = "construction"
    RETIRED = "retired"
    PART_TIME = "part_time"
    TEMPORARY = "temporary"
    INTERN = "intern"
    PROBATION = "probation"  # still in the probation period (试用期做咗两个礼拜, 还在试用期, 试用期还没过)


class BirthKind(StrEnum):
    """How a birth went; leave rules differ for each."""

    BIRTH = "birth"
    NATURAL = "natural"
    CAESAREAN = "caesarean"
    DIFFICULT = "difficult"
    MULTIPLE = "multiple"
    MISCARRIAGE = "miscarriage"


class Per(StrEnum):
    """The period an hour count is given for."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


# --- normalisation (every replacement keeps the length, so spans stay valid) -------------------------

_CHAR_MAP = dict(zip("０１２３４５６７８９ＫｋＷｗ．－～　", "0123456789KkWw.-~ ", strict=True))
# Traditional characters common in these stories (a full converter runs elsewhere; this keeps spans).
_CHAR_MAP |= dict(
    zip(
        "資個萬兩懷廠傷殘級險辭補償簽約訂勞動時東廣陽區幾錢塊歲發開這還沒無試計請問們說後來賠麼嗎為對門違雙產難"
        "裡錢週禮拜鐘頭強電話遞職員該養療醫懷鑑薪於從跟隨歡實際預額",
        "资个万两怀厂伤残级险辞补偿签约订劳动时东广阳区几钱块岁发开这还没无试计请问们说后来赔么吗为对门违双产难"
        "里钱周礼拜钟头强电话递职员该养疗医怀鉴薪于从跟随欢实际预额",
        strict=True,
    )
)
_TRANSLATE = str.maketrans(_CHAR_MAP)

# Same-length typo fixes seen in workers' typing (pinyin input picks the wrong homophone).
TYPOS = {
    "托欠": "拖欠",
    "脱欠": "拖欠",
    "合筒": "合同",
    "工姿": "工资",
    "公资": "工资",
    "词退": "辞退",
    "辞推": "辞退",
    "词职": "辞职",
    "设保": "社保",
    "社宝": "社保",
    "陪偿": "赔偿",
    "培偿": "赔偿",
    "赔尝": "赔偿",
    "怀运": "怀孕",
    "坏孕": "怀孕",
    "加斑": "加班",
    "伤惨": "伤残",
    "实用期": "试用期",
    "使用期": "试用期",
    "月新": "月薪",
    "作了": "做了",
    "那个部门": "哪个部门",
    "那里投诉": "哪里投诉",
    "那里告": "哪里告",
    "找那个": "找哪个",
    "仲栽": "仲裁",
}
# 和同 is 合同 unless it starts 和同事/和同学/和同乡.
_TYPO_RE = re.compile(
    "|".join(sorted(map(re.escape, TYPOS), key=len, reverse=True)) + r"|和同(?![事学乡伴意])"
)


def normalise_for_facts(text: str) -> str:
    """Full-width to half-width, common traditional characters and typos fixed; same length as the input."""
    text = text.translate(_TRANSLATE)
    return _TYPO_RE.sub(lambda m: TYPOS.get(m.group(0), "合同"), text)


# --- clauses ---------------------------------------------------------------------------------------------

CLAUSE_SEP = re.compile(r"[，,。!！?？；;\n…、]+|(?<!\d)\.|\.(?!\d)|\s{2,}|(?:然后|但是|可是|结果|后来)")

# --- numbers in context ----------------------------------------------------------------------------------

APPROX_BEFORE = re.compile(r"(?:大概|大约|大致|差不多|将近|接近|估计|约|快|不到|近|左右)[有是了]?\s*$")
APPROX_AFTER = re.compile(r"^\s*(?:多|来|余|出头|左右|上下|几)")

DATE = re.compile(
    r"(?=[12一二大前去今])(?:(?P<y4>(?:19|20)\d{2})\s*(?:年|(?=[./-]\d))"
    # 二〇二一年, and two digits before a month (21年8月, 二一年八月): the 2000s
    r"|(?P<y4c>二[〇零][一二][〇零一二三四五六七八九])年"
    r"|(?P<y2>[12]\d|[一二][〇零一二三四五六七八九])年(?=\s*(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月)"
    r"|(?P<rel>大前年|前年|去年|今年))"
    r"(?:\s*(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|正)\s*月份?|[./-](?P<m2>1[0-2]|0?[1-9])(?!\d))?"
    r"(?:\s*(?P<day>\d{1,2}|[一二三]?十?[一二三四五六七八九十])\s*[日号])?"
)
DATE_START = re.compile(
    r"^.{0,8}?(?:进厂|进公司|进的|入职|进去|入去|入厂|进来|来的|来(?:公司|厂|这|做|干|打工|返工|上班)|开始|上班|上岗|过来|去(?:公司|厂|做|上班|打工|返工)|到(?:公司|厂)|招进|入的职|进入|进了"
    # 2025年7月进揭东一间五金厂: 进 and the workplace a few words on
    r"|进(?=[^，。,.!?！？]{0,8}?(?:厂|公司|店|工地|酒楼|酒店|餐厅|饭店|超市|仓库|医院|学校|幼儿园|网点|站点))"
    # 去年8月去的: the worker's going there, told alone
    r"|去(?:的|嘅)(?![^，。,.!?！？\s]{0,3}(?:时候|那天)))"
    # 今年三月一号做到十月底: the date work ran from, told by where it ran to
    r"|^\s*(?:份)?\s*(?:开始)?(?:一直)?(?:做|干|上班|返工|打工|做工)(?:到|至)"
)
# 今年春节除夕到初三都上班 (a holiday of that year), 社保去年才开始帮我们买 (something else began): a start verb a
# few words on that is not the worker's start.
# (从今年六月开始就不发工资了: from then on something else, even after 从)
DATE_OTHER_BEGINS = re.compile(
    r"^.{0,6}?开始(?:就|都|又|也|便|一直)?(?:帮|给|替|同|跟|和|买|交|缴|扣|发|拖|欠|涨|降|加|减|罚|签|不|冇|没|唔|停|放假|讲|说|叫|让)"
)
DATE_NOT_START = re.compile(
    r"^.{0,8}?(?:春节|过年|除夕|国庆|五一|中秋|端午|元旦|清明|劳动节|年三十|大年)|"
    + DATE_OTHER_BEGINS.pattern
)
# 今年八月老板说看我不顺眼把我赶走了: the date the worker left, the leaving told a few words on.
DATE_END_LATE = re.compile(
    r"^[^。!?！？]{0,16}?(?:赶走|赶我走|辞退|开除|炒了|炒咗|炒我|不用来|走人|离职|辞职|辞工|不干了|不做了|叫我走)"
)
# 今年三月入职…拖到九月初才签合同: a month without its year, after a dated start.
# A month's number, in digits or in words (12月, 十二月, 6月, 六月).
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
BARE_MONTH = re.compile(rf"(?<![\d年一二三四五六七八九十个])(?P<m>{_MONTH})月(?:初|中|底|份|尾)?")
# 拖到九月初才跟我签合同: the date the written contract was signed.
DATE_CONTRACT = re.compile(
    # not a contract never signed (做到九月底一直没跟我签合同: the month is the end of the work)
    r"^(?![^签]{0,3}[没未不冇无唔])"
    r".{0,3}(?:才|先|终于)?(?:跟我|同我|和我|给我|与我)?(?:补)?签(?:了|咗)?(?:劳动)?合同"
)
# 合同今年11月到期…说不续: the contract not carried on at its end (the work ended with it, unless it went on
# unrenewed: NOT_RENEWED).
CONTRACT_NOT_CONTINUED = re.compile(
    r"(?:不|唔|冇|没)(?:再|肯|想|给|同意|愿意)?续(?!签|订|约|合同)|不续签|不续约|不再续签"
)
# 合同是去年十一月到期的…一直没跟我续签: the month a contract ran out, and that it was not renewed.
DATE_EXPIRY = re.compile(r"^(?:份|的|就|已经|便)*(?:到期|期满|满期)")
CONTRACT_BEFORE_EXPIRY = re.compile(r"合同[^，,。.!?！？；;]{0,4}$")
NOT_RENEWED = re.compile(
    r"(?:没|未|冇|不|无)(?:有)?(?:再)?(?:跟我|同我|和我|给我|与我|跟他|同他|和他|给他|跟她|给她)?(?:续签|续订|再签|重签|重新签|续约|续合同)"
)
# 今年五月涨到4800, 7月份开始人工降到3000: a date that tells when the wage changed, not when work started.
WAGE_CHANGE_VERB = re.compile(r"涨到|涨为|降到|降为|降成|减到|减为|加到|改成|改为|调到|调成|调为|砍到")
DATE_WAGE_CHANGE = re.compile(
    rf"^[^，,。!?！？；;]{{0,12}}?(?:{WAGE_CHANGE_VERB.pattern}|降薪|减薪|涨工资|加工资|降工资|减工资)"
)
# 做到这个月底就走: the end of the current month as the worker's last day.
THIS_MONTH_END = re.compile(r"(?:这个|这|本|今个|呢个|今)月(?:底|末|尾)")
LAST_MONTH_END = re.compile(r"(?:上个|上|上一个)月(?:底|末|尾)")
THIS_MONTH_END_LEAVING = re.compile(r"^(?:就|再|便|才)?(?:走|离职|辞职|辞工|不干|不做|离开|唔做)")
# 上个月底他不想做了就走了: the worker leaving at last month's end, told a few words on.
LAST_MONTH_END_LEFT = re.compile(
    r"^[^，,。.!?！？；;\s]{0,6}?(?:不想做了|不想干了|不做了|不干了|唔做了|唔做喇|辞工了|辞职了|离职了|走了|走咗)"
)
# 上个月底老板说生意不好叫他不用来了: last month's end is when the worker was let go, told in the same clause.
LAST_MONTH_END_LET_GO = re.compile(
    r"^[^，,。.!?！？；;]{0,24}?(?:不用(?:我|他|她)?(?:了|来|做|干|上班|返工)|辞退|开除|解雇|炒|(?:叫|让)(?:我|他|她)走"
    r"|(?:把|将)(?:我们|我|他|她)(?:开|辞)(?:了|掉|咗))"
)
# Whether the worker agreed to a change of the pay (《劳动合同法》第三十五条): refusal words win over agreement words.
CHANGE_REFUSED = re.compile(
    r"(?:不|没|冇|唔|未|无)(?:有)?(?:同意|答应|签字|签名|认可)"
    r"|(?:不|没|冇|唔|未|无)(?:有)?(?:跟我|同我|和我|与我|找我|跟我们|同我们|和我们)?(?:商量|协商|沟通)"
    r"|单方面|强行|硬要|逼我|强迫|擅自"
)
CHANGE_AGREED = re.compile(
    r"同意|答应|签(?:了|咗)?字|协商一致|商量好|(?:我)?自己(?:申请|要求|提出|想)|主动(?:申请|要求|提出)"
)
DATE_END = re.compile(
    r"^.{0,3}(?:离职|辞职|辞工|走的|走了|不干|不做|炒|辞退|开除|离开|解除|终止|结束|停工|没做|没干"
    # sent away (被辞退, 被老板炒了), not hurt (九月底被石头砸断两个脚趾: still at work)
    r"|被(?:公司|厂里|厂|老板|老细|头家|单位|主管|经理)?(?:辞|炒|开除|解雇|裁|赶|劝退|叫走|踢"
    # 十月底被开 (被开 = 被开除), not 被开车的撞了
    r"|开(?:了|咗|掉)?(?=[，。,.!?！？\s]|$)))"
)

# (有咗四个月, Cantonese, read 有了四个月: a woman said pregnant, not the months of something else)
_WITH_CHILD = r"(?<=[我她佢婆妹女])有了(?=\s*[\d一二两三四五六七八九]\s*个?多?半?月(?![工没冇未不的]))"
PREGNANCY = re.compile(
    rf"(?:怀孕|怀了|怀上|孕|怀胎|{_WITH_CHILD})(?:了|已经|已|有|快|都|差不多|大概|将近|到|\s)*"
    rf"(?P<n>{NUMBER_RANGE})\s*(?P<more>多)?\s*(?P<unit>个半月|个多月|个月|多个月|周|星期|个星期|月)"
    rf"|(?P<n2>{NUMBER_RANGE})\s*个多?月的?(?:身孕|孕)"
)
HOURS = re.compile(
    rf"(?=[{NUMBER_START}])(?P<n>{NUMBER_RANGE})\s*(?P<more>多)?\s*个?(?P<half>半)?(?P<more2>多)?\s*(?:小时|钟头|个钟|钟(?!点)|h(?![a-z])|H(?![a-z]))"
)
# A working day given by the clock: 早八点到晚八点, 8点上班做到晚上10点, 朝八晚十.
_CLOCK_N = r"[\d一二两三四五六七八九十]{1,3}"
CLOCK_SPAN = re.compile(
    rf"(?P<p1>早上|早晨|上午|早|朝|白天)?(?P<s>{_CLOCK_N})\s*(?:点钟|点|时(?![间候]))(?P<sh>半)?"
    r"\s*(?:钟)?\s*(?:上班|开工|返工|开始|做|干|出门)?\s*(?:到|至|-|~|～|一直做到|一直干到|一直到|做到|干到|上到|搞到)\s*"
    rf"(?P<p2>晚上|晚|夜里|夜晚|夜|中午|下午|傍晚|凌晨|半夜)?(?P<e>{_CLOCK_N})\s*(?:点钟|点|时(?![间候]))(?P<eh>半)?"
    rf"|(?:早|朝)(?P<s2>{_CLOCK_N})晚(?P<e2>{_CLOCK_N})(?![\d一二两三四五六七八九十点个年月天])"
)
# The second part of a split shift told right after the first (早上五点做到中午十二点下午三点又做到六点): its hours are
# worked the same day.
SECOND_SHIFT = re.compile(
    rf"[，,\s]{{0,2}}(?P<p1>中午|下午|傍晚|晚上|晚)(?P<s>{_CLOCK_N})\s*(?:点钟|点)(?P<sh>半)?\s*(?:又|再|还|就)?(?:要)?"
    r"(?:上班|开工|返工|做|干|上)?\s*(?:到|至|做到|干到|上到)\s*"
    rf"(?P<p2>晚上|晚|夜里|夜晚|夜|下午|傍晚)?(?P<e>{_CLOCK_N})\s*(?:点钟|点)(?P<eh>半)?"
)
# A break told right after the clock span (中间吃饭一个钟, 中午休息一个半小时): its hours (HOURS, from where this
# match ends) are not worked.
BREAK_AFTER_CLOCK = re.compile(
    r"[，,\s]{0,2}(?:中间|中午|当中|期间|其中)?(?:有|要)?(?:吃饭|食饭|吃午饭|午饭|饭点|午休|休息|歇)"
    r"(?:时间|时间有|就|只有|有|得|是|大概|约|差不多){0,2}\s*"
)
EVENING = ("晚上", "晚", "夜里", "夜晚", "夜", "下午", "傍晚")
NIGHT = ("凌晨", "半夜")
# Where the words of one statement end (a stop, or a space in phone-typed text).
CLAUSE_BREAK = re.compile(r"[，。,.!?！？；;\s]")
OVERTIME_CONTEXT = re.compile(
    r"加班|加钟|超时|OT|多干|多做|多上|多开|延长|延时|拖班|拖堂|加\s*$"
    # 每日做多3个钟 (Cantonese: three hours more), not 做多久
    r"|(?:做|返|开)多(?![久少长])"
)  # 每天都加2个钟
# More hours a month than this, told after a clause about overtime, are the month's whole hours, not overtime.
MAX_OVERTIME_HOURS_TOLD = 120
# 一天上12个钟: 上 right before the hours is a shift worked (as 上班)
WORK_CONTEXT = re.compile(r"上班|工作|干活|干|做|返工|返|开工|做工|站|开|跑|送|上\s*$")
PER_WORDS = (
    (Per.DAY, re.compile(r"每天|一天|天天|每日|一日|日均|每晚|每个晚上|晚晚|日日")),
    (Per.WEEK, re.compile(r"每周|一周|每个星期|一个星期|一星期|每星期|每礼拜|一个礼拜|每个礼拜")),
    (Per.MONTH, re.compile(r"每月|一个月|每个月|一月|月均|月")),
)
GRADE = re.compile(
    rf"(?:伤残|残疾|工伤|鉴定|评|定|认定|劳动能力)(?:等级)?(?:鉴定)?(?:结果)?(?:为|是|系|係|了|着|咗|成|出来|个|做了|\s)*(?P<n>{NUMBER})\s*级"
    rf"|(?P<n2>{NUMBER})\s*级\s*(?:伤残|残疾|工伤|伤)"
)
AGE = re.compile(rf"(?=[{NUMBER_START}])(?P<n>{NUMBER_RANGE})\s*(?P<more>多)?\s*岁(?P<more2>多)?")
# 我爸今年六十三了, 今年满六十一了: an age said without 岁 after 今年, a clause's last words or closed by 了 (我爸今年65了在商场做保洁).
AGE_THIS_YEAR = re.compile(
    rf"今年\s*(?:已经|都|有|刚)?\s*(?:满|够)?\s*(?P<n>[{CN_CHARS}\d]{{2,4}})\s*(?:(?:了|啦|喇|咯)|(?=[，,。.!！?？\s]|$))"
)
AGE_SAID_BARE = (15, 99)
# 明年五十岁, 到时六十岁: an age the worker will reach, not the age now.
FUTURE_AGE_BEFORE = re.compile(
    r"(?:明年|后年|下年|出年|到时|到时候|再过[^，。,.!?！？]{1,4}(?:年|个月))(?:就|就会|会|都|才|满|到)*\s*$"
)
CHILD = re.compile(r"孩子|小孩|儿子|女儿|宝宝|BB|仔|囡")
# An age the worker is still under (未满十八岁有没有保护, 冇够十六岁): a limit asked about, not the worker's age.
AGE_LIMIT_BEFORE = re.compile(r"(?:未|不|没|冇|唔|无)(?:满|够|到)\s*$")

MONEY = re.compile(
    rf"(?=[-－负{NUMBER_START}])(?P<neg>[-－负])?(?P<n>{NUMBER_RANGE})\s*(?P<more>多)?\s*(?P<unit>块钱|块|元|蚊|圆|rmb|RMB)?(?P<more2>多|左右|上下)?"
)
# Words that start with 一 after an amount (三千八一直没签, 六千一个月): the 一 is theirs, not the amount's.
WORD_AFTER_ONE = re.compile(r"个月|月(?![份号日初中底])|直|共|起|样|般|定|下子|点(?!钟)")
# After 周, 星期 or 礼拜, a weekday's name (礼拜一到礼拜六, 周末): a day, no count of weeks (两个礼拜一直加班 is one).
NOT_WEEKDAY = r"(?![一二三四五六](?!直|共)|[日天末])"
NOT_MONEY_AFTER = re.compile(
    # 天天 and 日日 say "every day" (工资5千2 天天做十一个钟): the amount before them is no count of days
    rf"^\s*(?:多)?\s*(?:个|年|月|天(?!天)|日(?!日)|号|岁|级|小时|钟|点|(?:周|星期|礼拜){NOT_WEEKDAY}|次|%|％|人|倍|楼|栋|分|期|份|件|公里|斤|平(?!时|常|日|均)|米|名|家(?![里人中乡庭属])|胞)"
)
# 一元工资都没有给过, 一蚊都唔使俾: "not a single yuan", no amount
NOT_A_CENT_AFTER = re.compile(r"^\s*(?:钱)?(?:的)?(?:工资|人工|工钱|薪水)?(?:都|也)(?:没|冇|无|不|唔|未)")
PROBATION_WORDS = re.compile(r"试用期|试用")
# 试用期不用签, 试用期唔使签合同: what the probation words say is about the contract, not the pay after them.
PROBATION_NOT_PAY_AFTER = re.compile(
    r"^(?:期)?(?:内|里|间)?\s*(?:都|就|也)?\s*(?:不用|不需要|无需|不需|不必|不|没|冇|无|唔使)(?:有)?签"
)
# Between the probation words and an agreed wage's words, a number: the probation's length was told (试用期写了六个月
# 讲好工资四千), so the wage agreed after it is the contract's, not the probation pay.
PROBATION_TOLD_BETWEEN = re.compile(r"[\d一二两三四五六七八九十半]")
REGULAR_WAGE_WORDS = re.compile(r"转正")
# An amount right after a change verb is by how much the wage changed (降500, 涨了300), not the wage (降到3000).
# 工资降500, 涨了300; 每个月多给我300, 比我们多拿800, 他们一个月比我多八百 (an extra, a difference): by how much,
# not a wage
CHANGE_BY_BEFORE = re.compile(
    r"(?:降|减|涨|加|少)(?:了|咗)?\s*$|多(?:给|发|俾|畀|补|拿|挣|赚|收|领|得)(?:了|咗)?(?:我们|我|阮)?\s*$"
    r"|比(?:我们|我哋|我|她|他|佢|阮|人家|别人)(?:每个月|一个月)?(?:多|少|高|低)(?:了|拿|出|发|领)?$"
)
AGREED_WORDS = re.compile(
    r"合同(?:上|里)?(?:写|签|定|约定|规定)|说好|讲好|谈好|约好|约定|承诺|答应|招聘|招工|面试|广告|讲定|讲明|原本说|本来说|当初说|入职时说|开始说|说是|转正"
)
# A training's cost and its service period (培训花了九千, 签了三年服务期 / 服务期三年).
TRAINING_COST_BEFORE = re.compile(
    r"培训[^，。,.!?！？]{0,4}(?:花了|花咗|用了|费|费用|成本|要|共)[^，。,.!?！？]{0,2}$"
)
# Not after a numeral: 一个月返二十六日工资得四千八 counts the days worked, the wage after it is the month's.
# The days a day-paid worker worked (做了一百二十天, 总共干了45日): not a day's pay (日薪) nor days of leave.
DAYS_WORKED = re.compile(
    rf"(?:做|干|上班|做工|返工|开工)(?:了|咗)?(?:总共|一共|共|足)?(?P<n>[{NUMBER_START}][\d{CN_CHARS}]{{0,6}}?)\s*(?:天|日)(?!薪|工资|假)"
)
# A period just before a count (一个月做26天, 每周上六天): the days of a schedule.
PER_PERIOD_END = re.compile(r"(?:月|周|礼拜|星期|个星期)\s*$")
# What was paid so far of the wages owed (包工头只给过八千, 前后预支了两千, 一共才结了五千): a sum, not a month's wage.
PAID_SO_FAR_BEFORE = re.compile(
    r"(?:(?:只|才|总共|一共|前后|先后|中间)(?:只|才)?(?:给|付|发|结|支)(?:过|咗)"
    r"|(?:总共|一共|前后|先后)(?:只|才)?(?:给|付|发|结|支)了"
    r"|(?:预支|借支)(?:过|了|咗)?)"
    r"(?:我们|我|他|她|佢|阮|伊)?(?:工资|人工|工钱)?\s*$"
)
# A day-paid worker's sum paid so far (一天260…包工头只给了一万块, 一日工钱三百二…只发伊五千): 只给了 then a sum is what was
# paid of the days' pay, not a month's wage. Asked only of a story that tells a day's pay (`DAY_RATE`).
PAID_PART_BEFORE = re.compile(
    r"(?:只|才)(?:给|付|发|结|支|俾|畀)(?:了|咗)?(?:我们|我|他们|他|她|佢|阮|伊)?(?:工资|人工|工钱)?\s*$"
)
# (日工资按两百算: 按 and a hedge before the amount too)
_DAY_PAY_WORDS = r"(?:一天|每天|一日|每日|日薪|日工资|一个工)(?:是|有|给|得|算|按|按照|大概|大约|差不多|工资|人工|工钱){0,2}\s*"
DAILY_PAY_BEFORE = re.compile(rf"(?<![\d〇零一二两三四五六七八九十百几]){_DAY_PAY_WORDS}$")
# A day's pay told anywhere in the story (一天260, 一日工钱三百二).
DAY_RATE = re.compile(rf"{_DAY_PAY_WORDS}[{NUMBER_START}]")
TRAINING_COST_AFTER = re.compile(
    r"^(?:块钱|块|元|蚊)?(?:的)?(?:培训费|学费|(?:送|让|叫|派)?(?:我们|我)?去(?:学|培训|进修)"
    # 出12000送我培训, 出6000送我去广州学修图: the employer paid the sum sending the worker to training
    r"|(?:送|派)(?:我们|我|他|她|佢|阮|伊)(?:去[^，。,.!?！？\s]{0,5}?)?(?:培训|进修|学习|学))"
)
SERVICE_BEFORE = re.compile(
    r"服务期(?:是|为|有|签了|定了)?$"
    # 送他去学…说学完要做满三年: the service period a training was given for, told as the years to stay
    r"|(?:培训|学完|学成|学好)[^，。,.!?！？]{0,10}(?:要|得|必须|需要)(?:在厂里|在公司)?(?:做满|干满|服务满|做够|干够|留)$"
)
SERVICE_AFTER = re.compile(r"^(?:的)?服务期")
# Off work after an injury (停工留薪六个月, 休养咗三个月, 在家养了五个月) and what was paid meanwhile (只发了底薪2000,
# 只俾咗一半人工).
SUSPENSION_STORY = re.compile(
    r"停工留薪|工伤|受伤|伤残|养伤|休养|骨折|石膏|砸断|压断|撞断|摔断|夹断|缝了|撞伤|车祸|被[^，。,.!?！？\s]{0,4}车撞"
)
SUSPENSION_BEFORE = re.compile(
    r"(?:停工留薪(?:期)?|休养|养伤|在家养|养了|治疗|休|(?:石膏|骨折)[^，。,.!?！？]{0,3}在家)(?:了|咗|左)?$"
)
SUSPENSION_PAID_BEFORE = re.compile(r"(?:只|才)(?:发|给|俾|畀)(?:了|咗)?(?:底薪|基本工资|生活费)?$")
# 前12个月工资照发: the first months off work paid in full (only the later ones are owed).
FIRST_MONTHS_BEFORE = re.compile(r"(?:前|头|开头|最初|开始)(?:那)?$")
PAID_IN_FULL_AFTER = re.compile(
    r"^\s*(?:的)?(?:工资|人工|工钱)?\s*(?:都|还|是|就)?\s*(?:照发|照常发|照样发|全发|足额发|按时发|有发|发了|正常发|照俾|有俾)"
)
SUSPENSION_HALF = re.compile(r"(?:只|才)(?:发|给|俾|畀)(?:了|咗)?一半(?:人工|工资|工钱)")
# The high-temperature allowance (高温补贴, 高温费, 防暑津贴): a story about it has its summer months read.
HEAT_PAY = re.compile(r"(?:高温|防暑|降温)(?:补贴|津贴|费|补助|钱)")
# The summer months worked in the heat: a range (六月到九月, 7月至10月) or a list (七八月, 六七八月, 7、8月, 七月同八月).
HEAT_MONTH_RANGE = re.compile(
    rf"(?<![\d一二三四五六七八九十个])(?P<a>{_MONTH})\s*月(?:份)?(?:初|中|头)?\s*"
    rf"(?:到|至|—|－|-|~|～|做到|干到|一直到|直到)\s*(?P<b>{_MONTH})\s*月(?:份)?(?:底|尾|末)?"
)
HEAT_MONTH_LIST = re.compile(
    # 七八月 / 六七八月 (not 七八个月, a duration; not 三十七八度)
    r"(?<![\d一二三四五六七八九十个])(?P<run>[五六七八九十]{2,5})月(?!\s*[日号])"
    r"|(?<!\d)(?P<digits>(?:(?:[5-9]|10)[、,，/和同及跟与]){1,4}(?:[5-9]|10))\s*月"
    r"|(?<![\d一二三四五六七八九十个])(?P<named>(?:(?:[五六七八九]|十)月份?[、,，和同及跟与]?){2,5})"
)
HEAT_WORDS = re.compile(r"高温|热|暑|晒|太阳|三十[五六七八九]|[34]\d\s*度|度以上")
# 高温费一个月只发150: what was paid of the allowance a month (below the standard: the rest is owed).
# Wages held back to the year's end (工资要等年底一起发, 剩下的说年底结): every month's wage owed in part or whole.
YEAR_END_HOLD = re.compile(
    r"(?:工资|工钱|人工|剩下的|剩余的|其余的|余下的)[^，。,.!?！？]{0,6}(?:要等|等到|拖到|推到|压到|押到|留到|说|都)?"
    r"(?:年底|年尾|年终|过年|春节)(?:前|才|再|先|一起|一次|统一|一次性)*(?:发|给|结|俾|算|结算|出粮)"
)
# The part of the wage paid a month as living money while the rest is held back (每个月只给八百生活费).
LIVING_PAID = re.compile(
    r"(?:每个?月|一个?月)(?:只|就|才)?(?:给|发|俾|预支|支|借)(?:了|咗)?(?:我们|我|阮|他|她)?\s*"
    r"(?P<n>\d{3,4}|[一二三四五六七八九两]?千[一二三四五六七八九]?|[一二三四五六七八九两]百[零一二三四五六七八九十]*)\s*"
    r"(?:块|元|蚊)?(?:钱)?(?:的)?(?:生活费|伙食费|零用钱|零花钱|饭钱)"
    r"|(?:生活费|伙食费)(?:每个?月|一个?月)(?:只|就|才)?(?:给|发|俾)?(?:了|咗)?\s*"
    r"(?P<n2>\d{3,4}|[一二三四五六七八九两]?千[一二三四五六七八九]?|[一二三四五六七八九两]百[零一二三四五六七八九十]*)"
)
HEAT_PAID = re.compile(
    r"(?:高温|防暑|降温)(?:补贴|津贴|费|补助)[^，。,.!?！？\d]{0,4}?(?:每个?月|一个?月)?\s*"
    r"(?:只|才|就)?(?:有|发|给|俾|得|发了|给了|俾咗|得)?\s*"
    r"(?P<n>\d{2,3}|[一二三四五六七八九]?百[零一二三四五六七八九十]*|[一二三四五六七八九]十[一二三四五六七八九]?)\s*"
    r"(?:蚊|块|元|文|银)?(?!\s*(?:度|天|日|个|多天|小时|℃))"
)
# 服务期满了一年半, 服务期做了两年: the part of the service period already served.
SERVED_BEFORE = re.compile(
    r"服务期(?:已经|都|才|只)?(?:满了|做了|过了|履行了|干了|做咗|满咗)$"
    # 学完回来到现在刚好一年: the time worked since the training, the part of its service period served
    r"|(?:学完|学成|学好|培训完|进修完|学咗返)(?:回来|返来|回厂|回公司)?(?:之后|以后|后)?(?:到现在|至今)?"
    r"(?:已经|刚好|才|都|只|又)?(?:做了|干了|做咗|上了)?$"
)
PROBATION_TERM_BEFORE = re.compile(r"试用期(?:是|为|有|签了|定了|约定|写了|写的|要|讲|说|讲好|说好|定)?$")
PROBATION_TERM_AFTER = re.compile(r"^(?:的)?试用期")
OWED_WORDS = re.compile(r"欠|拖欠|没发|没给|未发|冇出粮|冇俾")
# 要扣我人工两千…我人工先4千5: an amount right after the wage it is taken from is the wage only when no other is told
# (这个月已经扣了我工资四千二: the wage, the deductions told before).
DEDUCTED_FROM_WAGE_BEFORE = re.compile(
    r"扣(?:了|咗|掉)?(?:我们|我|他|她|佢|阮|伊)?(?:的)?(?:工资|人工|工钱)\s*$"
)
NOT_WAGE_WORDS = re.compile(
    r"赔|补偿|补|罚|押金|借|报销|(?<!公)共|医药费|医疗费|社保|公积金|个税|房租|年薪|日薪|时薪|一天|每天|一日|一晚|小时|个钟|一件|扣|少发|少给|还差|一共|总共|加起来|累计|交了|花了|提成|奖金|补贴|加班费|违约金"
    # a debt repaid (分期买手机每个月还三百, 月供两千): 还 just before the amount is "repay", not "still"
    r"|分期|贷款|房贷|车贷|月供|按揭|网贷|利息|还款|还\s*$"
    # a sum the worker is made to hand over (每个月交200块团建费): paid by the worker, not to the worker
    r"|(?:交|缴|上交|上缴)\s*$"
)
# Pay that is not the wage a figure is computed on: sick pay, a living allowance during a stoppage.
OTHER_PAY_AFTER = re.compile(
    r"^(?:块钱|块|元|蚊)?(?:的)?(?:生活费|病假工资|补贴|津贴|奖金|提成|押金|违约金|罚款|医药费|过节费|过节钱|红包|慰问金|抚养费|赡养费"
    # a sum offered to settle (给我两万块了事): no wage
    r"|了事|私了|打发|算数|就算了|就当了结|了结)"
)
# A sum in yuan named as a fee or some other money right after (两百块夜宵钱, 200块团建费): not the wage (工钱, 工资钱,
# 加班费 are).
FEE_AFTER = re.compile(r"^(?:块钱|块|元|蚊)(?:的)?(?!加班|工|人工|薪|月)[\u4e00-\u9fff]{1,3}?(?:费|钱)")
# 房租一个月600: the period of a sum named just before it (rent, a loan's instalment), not a monthly wage
PERIOD_ONLY_AFTER_OTHER = re.compile(
    r"^\s*(?:是|要|交|付)?\s*(?:一个月|每个月|每月|一月|月)\s*(?:是|要|交|付|都要)?\s*$"
)
# Another worker's pay told to compare (厂里正式工拿五千二 她只拿四千, 自己招的工人做一样的活一个月拿4600): not the
# worker's wage.
OTHERS_PAY_BEFORE = re.compile(
    r"(?<!我们)(?<!我哋)(?:正式工|正式员工|合同工|招的(?:工人|员工|人)|本厂(?:的)?(?:工人|员工)|别人|人家|其他人|其他同事"
    r"|同事|工友|他们|佢哋|老员工|新来的|新人)"
    r"[^，。,.!?！？\s\d]{0,10}(?:拿|领|有|是|发|得|攞)(?:到)?$"
)
# ...and the worker's own pay told against it (我们派遣的只有3800, 她只拿四千): the wage.
OWN_PAY_CONTRAST_BEFORE = re.compile(
    r"(?:我们|我哋|我|她|他|阮)[^，。,.!?！？\s\d]{0,6}(?:只有|只拿|才拿|只领|才领|才有|只得|先得)$"
)
# What is left after deductions, told right after the wage (工资本来四千三百五到手只有三千一百五): no second wage.
TAKE_HOME_AFTER_WAGE_BEFORE = re.compile(
    r"(?:本来|原本|应发|本应)[^，。,.!?！？\s]{0,3}[\d千百万一二三四五六七八九十两]+(?:块|元|蚊)?"
    r"(?:但是|但|可是|结果)?(?:到手|实发|实际|拿到手)(?:只有|只剩|才|就|得)?$"
)
OTHER_PAY_WORDS = re.compile(
    r"病假(?:工资|费|期间|那段|这段|每个?月|一个?月|只|才)|病休|生活费|停工期间|停产期间|放假期间"
)
MONTHLY_WORDS = re.compile(
    # 底薪2千1加计件平均五千: the whole pay with piece rates or commission added (the 底薪 alone is not the wage)
    r"(?:加|加上|连|连同|算上)(?:计件|提成|绩效|奖金|补贴|津贴|补助)(?:的话)?(?:平均|大概|一般|差不多|算下来|下来|一共|总共|合计)?"
    r"|准确(?:讲|说|来讲|来说|啲)?(?:系|是)|确切(?:讲|说)?(?:系|是)|涨到|涨了|降到|降了|加到|减到|调到|调成|变成|改成|月薪|工资|人工|薪水|薪资|工钱|薪酬|底薪|基本工资|保底|每个月|一个月|每月|月入|月收入|收入|出粮|拿|发|挣|赚|领|俾|给我|实际|到手"
    # 一月四千五 (Teochew and Hakka: a month, four thousand five), right before the amount
    r"|(?<![年\d])一月(?=\s*$)"
)
MONEY_CONTEXT = re.compile(
    "|".join(p.pattern for p in (PROBATION_WORDS, AGREED_WORDS, OWED_WORDS, NOT_WAGE_WORDS, MONTHLY_WORDS))
)
WAGE_NOUNS = re.compile(r"月薪|工资|人工|薪水|工钱|收入|底薪")
MONTHLY_AFTER = re.compile(r"^\s*(?:的)?(?:月薪|工资|人工|薪水|底薪|一个月|每月|每个月|一月|/月|每个月)")
BASE_WAGE = re.compile(r"底薪|基本工资|保底|(?:社保|社会保险|工伤保险)[^，。,.!?！？\d]{0,4}(?:按|按照|以)")
# The wage social insurance was paid on (受伤前社保按6000交的): the 本人工资 of a work injury's benefits (工伤保险条例
# 第六十四条: the average contribution wage), and the wage for want of any other told.
INSURED_WAGE_BEFORE = re.compile(
    r"(?:社保|社会保险|工伤保险)(?:是|都是|一直)?(?:按|按照|以)(?:每个月|每月)?\s*$"
)
CHANGE_WORDS = re.compile(r"涨|降|加到|减到|改成|变成|现在|后来|目前|调到|调成|调整|之后|转正")
# Between two amounts: the second corrects the first (不对是) or hedges between them (又好像是: ask which).
RESTATED = re.compile(
    r"[，,、\s]*(?:(?P<fix>不对|唔啱|唔系|讲错|说错|打错|写错|搞错|更正|纠正|哦不|应该)"
    r"|(?:又|或者|抑或|还是|定系|或|也)?(?:好像|可能|大概|似乎)|或者|抑或|还是|定系|或是|又或)"
    r"[了咗，,\s]*(?:是|系|为)?(?:有|做了|做咗)?"
)
# Between two amounts, the first taken back, by name or not (2年5个月，不是2年5个月，是5年2个月; 300年，不是，是3年): the
# second corrects it.
TAKEN_BACK_BETWEEN = re.compile(
    r"[，,、\s]*(?:不是|唔系|毋是|不系)\s*[^，,。.!?！？]{0,10}?[，,\s]*(?:而|就)?(?:是|系)\s*"
)
# A duration taken back, then the one meant (试用期不是三个月是一个月): what is between them.
MEANT_AFTER_TAKEN_BACK = re.compile(r"[^，。,.!?！？\d]{0,2}?[，,\s]*(?:而|就)?(?:是|系)\s*")
# An amount followed by the one it replaces (是4350不是4000, 系五千五唔系五千).
NOT_THIS_AFTER = re.compile(r"\s*(?:不是|唔系|毋是|不系|而不是)\s*[\d一二两三四五六七八九]")
# 工资也不是五千是五千五, 工钱系四千五唔系四千: an amount the worker says it is not, beside the one it is.
NEGATED_COPULA_BEFORE = re.compile(r"(?:不是|唔系|毋是|不系|并非)\s*$")
CORRECTED_AFTER = re.compile(r"^[^，。,.!?！？\d]{0,2}?[，,\s]*(?:而)?(?:是|系)\s*[\d一二两三四五六七八九]")
CORRECTED_BEFORE = re.compile(
    r"(?:是|系)\s*[\d一二两三四五六七八九][\d一二两三四五六七八九十百千万kK.块元蚊]*\s*$"
)
# 我记错了 是前年三月进去的: a date the worker tells again, correcting the one told before.
CORRECTION_BEFORE = re.compile(r"记错|记不着|讲错|说错|打错|写错|搞错|不对|唔啱|更正|纠正")
# A month's day told after a bare month (做到九月三十号辞工): from the 28th on, the month was worked to its end.
DAY_AFTER_MONTH = re.compile(r"^\s*(?P<day>\d{1,2}|[一二三]?十?[一二三四五六七八九十])\s*[日号]")
PAST_WORDS = re.compile(r"以前|原来|之前|刚开始|刚进|开始|当初|去年|那时")

# 做到第二个月月尾, 干了第三个月就被炒: the months worked, as the month the worker reached.
MONTH_REACHED = re.compile(
    rf"(?:做|干|上班|返工|做工|上)(?:到|了|咗|左)第(?P<n>[{NUMBER_START}]{{1,2}})个月(?P<part>(?:的)?(?:月尾|月底|月末|月中|月初|底|尾|末|中|初|头))?"
)
# 合同签了三年这个月底就到期了, 签了两年的合同下个月期满: the whole term of a contract that runs out now was worked.
CONTRACT_TERM_RUN_OUT = re.compile(
    rf"(?:合同(?:签了|签咗|签的|是|期|期限)?|签(?:了|咗|的)?)(?P<n>[{NUMBER_START}]{{1,2}})年(?:的)?(?:劳动)?(?:合同)?"
    # (前年十一月签的两年合同 今年十月底到期: the year of the end told between)
    r"(?:(?![没未不冇唔])(?:今年|明年|[^，。,.!?！？\d年])){0,10}(?:到期|期满)"
)
DURATION = re.compile(
    rf"(?=[大半年{NUMBER_START}])(?:(?P<y>{NUMBER_RANGE})\s*(?P<ymore>多)?\s*(?:周年|年)(?P<yhalf>半)?(?P<ymore2>多)?"
    # 三年零四个月, 三年加四个月, 三年又四个月: the months on top of the years
    rf"(?:(?:零|加|又|再加|另加)?(?P<m>{NUMBER})\s*个?(?P<mmore>多)?\s*月)?"
    rf"|(?P<mo>{NUMBER_RANGE})\s*个(?P<mhalf>半)?(?P<mmore2>多)?\s*月(?P<mmore3>多)?"
    r"|(?P<half>大?半)年(?P<hmore>多)?"
    # 做咗年半: a year and a half told without 一, right after the work verb (not 去年半年)
    r"|(?<=[了咗做干返左])(?P<yhalf1>年半)"
    # not 天天 (工资5千2 天天做十一个钟: a wage, then "every day")
    rf"|(?P<d>{NUMBER_RANGE})\s*(?P<dmore>多)?\s*(?:天(?!天)|日)(?!薪)"
    # not a weekday's name (底薪4千2 礼拜一到礼拜六都要上班: a wage, then Monday)
    rf"|(?P<w>{NUMBER_RANGE})\s*(?P<wmore>多)?\s*个?(?:星期|礼拜|周){NOT_WEEKDAY})"
)
PER_PERIOD_AFTER = re.compile(
    r"^\s*(?:都|也|能|可以|才|只|就)?\s*(?:\d|[一二两三四五六七八九十][千万百]|拿|发|赚|挣|有\s*\d|工资|人工|到手|实发|底薪|薪水|工钱|出粮|领|加班|收入|俾|给|休|放|比(?:我|你|他|她|我们|人家)|多(?:\d|[一二两三四五六七八九十几]))"
)
# 一天做12个小时, 一日要开十个钟: one day before the hours worked in it is the working day, no time worked.
# One day as the duration read (一天, 1日): before hours or an amount it is the working day, not a day worked.
ONE_DAY = re.compile(r"[1一]\s*(?:天|日)")
HOURS_IN_THE_DAY_AFTER = re.compile(
    rf"^\s*(?:都|也|要|得|只|才|就|至少|起码)*\s*(?:做|干|上|开|返|站|跑|工作|上班|干活|开工|返工)?\s*(?:工|班)?"
    rf"\s*(?:[{NUMBER_START}]{{1,3}})\s*(?:多)?\s*个?(?:半)?\s*(?:小时|钟头|个钟|钟(?!点))"
)
SKIP_DURATION_BEFORE = re.compile(
    r"第|试用|实习期|合同期|签了|签的|签个|合同|产假|病假|休|请假|医疗期|停工|停产|放假|住院|坐牢|赔|补偿|补|以内|之内|提前|放了|放咗|停了|停咗|还有|剩|每|押|压|扣|孕|加班|罚|内|学了|学咗|培训|进修|学习|服务期"
    # 来不够一年 (a bound someone names, not the time worked), 旷工三天 (days missed)
    r"|不够|不到|不满|未满|没满|唔够|冇够|旷工"
    # 老板说我没做满两年: a bound the employer names, not the time worked
    r"|(?:没|未|冇|唔|无)(?:有)?(?:做|干|上|返工|返)(?:满|够)"
)
# The wage told just before 一个月 (工资三千九一个月): per month, not a month's duration.
WAGE_PER_MONTH_BEFORE = re.compile(
    rf"(?:工资|人工|工钱|月薪|底薪|薪水)(?:是|有|才|只有)?\s*[{NUMBER_START}][\d{CN_CHARS}千万百kKwW.]*(?:块钱|块|元|蚊)?\s*$"
)
# A fixed-term contract's term (签了两年合同, 续签了三年的劳动合同, 合同签的是一年, 合同期三年): not the time worked. A
# contract not signed (没签合同两年) has none.
CONTRACT_TERM_BEFORE = re.compile(
    r"(?<![没未冇无不唔])(?:签|订|续签|续订)(?:了|咗|过|的)?(?:一份|份|个|一个)?\s*$"
)
CONTRACT_TERM_AFTER = re.compile(r"^\s*(?:的)?(?:劳动|书面|固定期限)?(?:合同|和同)")
CONTRACT_TERM_OF_BEFORE = re.compile(
    r"(?<![没未冇无不唔]签)(?<![没未冇无不唔]签了)(?:合同|和同)(?:签了|签咗|签的是|签的|订了|订的是|是|为|签|订)\s*$"
    r"|(?:合同|和同)期(?:限)?(?:是|为|有)?\s*$"
)
PER_PERIOD_BEFORE = re.compile(r"每|一周|一个星期|一星期|礼拜")
# Days worked a month (一个月做足三十日, 每月上二十六天班): a schedule, whose days are no duration of work; with
# overtime hours a day, they make the month's hours.
# Without a verb (一个月30天一天都不休), the days must be said to be all worked.
MONTH_SCHEDULE = re.compile(
    r"(?:一个月|每个月|每月|一月|上个月|这个月|本月|上月)(?:大概|大约|差不多|基本上?)?(?:要|都|一共|总共|有)?"
    # 一个月加班22天每天2个小时: the days a day's overtime is worked (their hours are counted over them)
    r"(?P<verb>(?:做|上|干|返|出|加班|加斑|开OT)(?:了|咗)?(?:足|满|够|勤)?)?\s*"
    r"(?P<n>[二三]十[一]?|二十[一二三四五六七八九]|十[五六七八九]|1[5-9]|2\d|3[01])\s*(?:日|天|个工)"
    r"(?(verb)|(?=(?:都|全)(?:要|得)?(?:上班|做|干|返工|开工)|(?:一天|一日)(?:都|也)(?:不|没|冇|无|唔)(?:有)?(?:得)?(?:休|放)"
    r"|(?:每天|每日|天天)(?:都)?(?:要)?(?:加班|加斑|开OT)))"
)
# The days overtime was worked in the month, told after the day's overtime (每天加班3个钟 加了20天, 做了21晚): the
# days the day's hours count over.
OVERTIME_DAYS = re.compile(
    rf"(?:加班|加斑|加|开OT|开工|做|上|返)(?:了|咗)\s*(?P<n>[{NUMBER_START}]{{1,2}})\s*(?:天|日|晚|个晚上|个夜班)"
)
# 4个礼拜六都叫我回去加班, 周末也加了两天: rest days worked, counted (200 % without time off in lieu).
RESTDAYS_WORKED = re.compile(
    rf"(?P<n>[{NUMBER_START}]{{1,2}})\s*个(?:礼拜|星期|周)(?:六|日|天)[^，。,.!?！？]{{0,8}}?"
    r"(?:上班|加班|做|返工|回去|开工|干活|返|赶货|赶工|赶单|值班|出车)"
    rf"|(?:周末|礼拜六|礼拜天|礼拜日|星期六|星期天|星期日|周六|周日|休息日)(?:也|都|又)?(?:要)?(?:加|做|上|返|干)(?:了|咗)?(?:班)?\s*(?P<n2>[{NUMBER_START}]{{1,2}})\s*(?:天|日)"
    # 一个月返四个礼拜六: the work word before the count
    rf"|(?:上班|加班|做|返工|返|上|开工|干|加)(?:了|咗)?(?:足)?(?P<n3>[{NUMBER_START}]{{1,2}})\s*个(?:礼拜|星期|周)(?:六|日|天)"
    # A count corrected (系四个礼拜六唔系三个, 不是三个星期六是四个): the count the worker says it is
    rf"|(?P<n4>[{NUMBER_START}]{{1,2}})\s*个(?:礼拜|星期|周)(?:六|日|天)(?=[，,\s]*(?:唔系|不是|而不是)\s*[{NUMBER_START}]{{1,2}}\s*个)"
    rf"|(?:唔系|不是)\s*[{NUMBER_START}]{{1,2}}\s*个(?:礼拜|星期|周)(?:六|日|天)[，,\s]*(?:系|是|而是)\s*(?P<n5>[{NUMBER_START}]{{1,2}})\s*个"
    # 周六日加班没补休 上个月加了4天: the rest days' overtime named, then the days it was added on
    rf"|(?:周末|周六日|周六|周日|礼拜六|礼拜天|礼拜日|星期六|星期天|星期日|休息日)(?:都|也|又)?(?:要)?加班[^。.!?！？]{{0,16}}?"
    rf"加(?:了|咗)\s*(?P<n6>[{NUMBER_START}]{{1,2}})\s*(?:天|日)"
)
# The hours of each rest day worked, told after their count (返咗三个礼拜六 每次八个钟): no overtime of a working day.
RESTDAY_HOURS_EACH = re.compile(
    rf"[，,\s]*(?:每次|每个|每日|每天|一次|一日|一天)(?:都|也)?(?:做|上|返|加|干)?(?:了|咗)?\s*"
    rf"[{NUMBER_START}]{{1,2}}\s*(?:个钟|个小时|小时|钟头|个钟头)"
)
# Every rest day of the week worked (逢礼拜六都要返工, 每个星期天都要上班), and how many such days a month has as the
# worker counts them (一个月四个礼拜六): the rest days worked a month.
EVERY_RESTDAY_WORKED = re.compile(
    r"(?:逢|每个|每|个个)(?:礼拜|星期|周)(?:六|日|天)(?:都|也|又)?(?:要|得)?(?:返工|上班|加班|开工|做|返|干活)"
    # 礼拜六也是照常上: the rest day worked as any other
    r"|(?:礼拜|星期|周)(?:六|日|天)(?:都|也|又)?(?:是)?(?:照常|照样|正常)(?:要)?(?:上|返|做|开工|干)"
)
# A single period (一个礼拜, 一周, 一个月), which a schedule may follow.
ONE_PERIOD = re.compile(r"(?:一|1)\s*(?:个)?\s*(?:礼拜|星期|周|月)")
# 一个礼拜要做六天, 一个月只休两天: a schedule told after its period, not a time worked
SCHEDULE_AFTER = re.compile(
    r"^\s*(?:要|得|都|只|才|就|都要)?(?:做|上|干|返|开|休|上班|做工|返工|开工)(?:满)?"
    r"[\d一二两三四五六七八九十]+\s*(?:天|日)"
)
# The months of a pay change counted by the worker (八九十这三个月工资从六千降到三千五).
THESE_MONTHS = re.compile(
    rf"(?:这|呢|那|最近)(?P<n>[{NUMBER_START}]{{1,2}})个月(?:的)?(?:工资|人工|工钱)?(?:都|就)?(?=从|由|被|给|降|减|少)"
)
# The rest days' overtime told in hours (礼拜天加了32个钟, 周末加班加咗二十个小时).
RESTDAY_HOURS = re.compile(
    r"(?:礼拜天|礼拜日|星期天|星期日|周日|周末|礼拜六|星期六|周六|休息日)(?:都|也|又)?(?:加班|加斑|返工|上班)?(?:加|做|上|返)?(?:了|咗)?"
    rf"(?P<n>[{NUMBER_START}][\d{CN_CHARS}]{{0,4}}?)\s*(?:个钟|个小时|小时|钟头|个钟头)"
)
RESTDAYS_A_MONTH = re.compile(
    rf"(?:一个月|每个月|每月)(?:有|都有|就有)?(?P<n>[{NUMBER_START}]{{1,2}})\s*个(?:礼拜|星期|周)(?:六|日|天)"
)
# 上班一天没休, 一天假都没请, 一日都冇休: after a number of days, "not a single day".
NOT_A_DAY_AFTER = re.compile(
    r"^\s*(?:假|的假)?\s*(?:都|也|仲|还)?\s*(?:没|冇|唔|不|无|未)(?:有)?(?:补)?(?:休|请|放|停|歇|落|得休|俾|给)"
)
# Not across a space: a story typed with spaces between its clauses (做了四年零三个月 工资每个月六千) puts the next
# clause there, not the duration's object.
SKIP_DURATION_AFTER = re.compile(
    r"^(?:的|之)?(?:试用期|合同|产假|病假|内|以内|之内|后|以后|之后|前|以前|的工资|工资|人工|的人工|的钱|左右的?工资)"
)
# 没签合同两年; not a later event's days told after it (一直没签合同上个月底她请了两天假: the leave's days)
NO_CONTRACT_BEFORE = re.compile(
    r"(?:没|未|冇|无|不)(?:有)?(?:和我|跟我|给我|同我|与我|帮我)?签"
    r"(?![^，。,.!?！？]*(?:请|休|假|病|住院|上个月|上周|上礼拜|昨天|前天|前几天|月底|月初|那天|今天))"
)
NO_CONTRACT_AFTER = re.compile(
    r"^\s*(?:了|啦)?\s*(?:都|也|还|一直|仲)?\s*(?:没|未|冇|无|唔)(?:有)?(?:和我|跟我|给我|同我|与我|帮我)?签"
)
UNPAID_BEFORE = re.compile(
    r"(?:欠|拖欠|没发|没给|未发|不发|不给|无给|无发|冇发|冇出粮|冇俾|唔俾)(?:我们|我哋|他们|佢哋|我|他|她|佢|伊|阮|了|的)*(?:工资|人工|工钱)?(?:都|已经|有|了)*\s*$"
    # 拖了 alone delays anything (装修拖了两个月): wages only when named before it (工资又拖了两个月)
    r"|(?:工资|人工|工钱|薪水)(?:又|都|已经|一直|也)?拖了(?:我)?\s*$"
)
# 拖了 before the months and the wages after them (拖了我三个月工资)
DELAYED_BEFORE = re.compile(r"拖了(?:我们|我)?\s*$")
WAGES_AFTER = re.compile(r"^\s*(?:的)?(?:工资|人工|工钱)")
UNPAID_AFTER = re.compile(
    # (两个月工资店里都没发: the employer named between; 这两个月一分工资都没发)
    r"^\s*(?:了|啦)?\s*(?:的)?(?:(?:工资|人工|工钱|钱)\s*(?:店里|厂里|公司|老板|老细|头家|单位|包工头|工头)?)?\s*"
    r"(?:一分钱?|一毛钱?|一蚊|一个钱|一个仙)?\s*(?:的)?(?:工资|人工|工钱)?\s*(?:都|也|还|一直)?\s*(?:没|未|冇|不|无|唔)(?:有)?(?:发|给|结|俾|出粮|到)"
    r"|^\s*(?:的)?(?:工资|人工|工钱)\s*(?:被)?(?:拖欠|欠)"
)
TENURE_BEFORE = re.compile(
    r"做了|干了|做咗|做左|干咗|工作了|上班|上了|打工|打了|做工|返工|返咗|返了|待了|呆了|来了|入职|进厂|入厂|进公司|入公司|进来|工龄|做|干|工作|跑|开车|开货车|开大车|开叉车|开铲车|开的士|开出租|开挖机|开吊车|送"
)
# 做了三年工资四千二: a tenure verb right before the duration and a wage amount right after it.
# 做了四年工资每月5千2: the wage told right after the time worked, per month or as take-home
TENURE_THEN_WAGE = re.compile(
    rf"^\s*(?:工资|人工|月薪|薪水)\s*(?:是|有)?\s*(?:每个月|每月|一个月|一月|月)?\s*(?:到手|实发)?\s*(?:是|有)?\s*[{NUMBER_START}]"
)
# 做了四年零九个月合同月底到期: the time worked, then the contract's end (not a contract's term)
TENURE_THEN_CONTRACT = re.compile(r"^\s*(?:合同|和同)(?!期|的期限)")
# 返咗八年人工六千 (Cantonese 返 = to work; 退返, 补返 = give back)
TENURE_VERB_END = re.compile(
    r"(?:(?:做|干|工作|上班|打工|返工|做工)(?:了|咗|左)?|(?<![退补还给俾拿找攞])返(?:了|咗|左))"
    # 做了快三年工资四千三百五: about that long (the count of years the same: a part of 6 months or more is a year)
    r"(?:快|差不多|将近|接近|大概|大约|近)?\s*$"
)
# 做满三年才还, 做够一年先有年假: a duration the employer sets as a condition, not the time worked.
CONDITION_BEFORE = re.compile(r"(?:做|干|上班|工作|返工)(?:满|够|足)\s*$")
# 老板说没做满一年自己走的: the time NOT worked in full, said of the tenure; no duration of anything
NOT_IN_FULL_BEFORE = re.compile(r"(?:没|未|冇|无|不|唔)(?:有)?(?:做|干|上班|工作|返工)(?:满|够|足)\s*$")
CONDITION_AFTER = re.compile(
    # 正 is the Hakka and Teochew 才 (要做满一年正发工钱, 做满一年正同我签合同)
    r"^\s*(?:以后|之后|后)?(?:才|先|再|正)(?:能|可以|会|肯)?(?:同|跟|和|给|帮|替)?(?:我们|我|阮)?"
    r"(?:还|退|给|发|俾|畀|有|签|买|交|放)"
)
# 被辞退…一直拖着没去告到现在都十四个月了: the time since something else, unless work went on to now (做到现在).
TO_NOW_WORDS = r"到现在|到而家|到今天|到今日|至今"
SINCE_NOW_BEFORE = re.compile(rf"(?:{TO_NOW_WORDS})(?:为止)?(?:都|已经|也|有|差不多|快)*\s*$")
# What the time since is counted from, just before 到现在: something that ended, was put off or befell the worker
# (没去告, 一直拖着, 被辞退, 受伤). Without one the time to now is the time worked (讲好一个月六千到现在八个月了).
SINCE_OTHER = re.compile(r"告|拖|辞退|炒|开除|解雇|离职|辞工|辞职|走了|受伤|出事|停工|停产|没发|不发")
WORKED_TO_NOW = re.compile(
    r"(?:做|干|工作|上班|打工|返工|做工|进厂|入职|进来|进公司|来|做咗|干咗|开车|跑)(?:了|咗)?\s*$"
)
# 开校车，开了2年10个月: a driver's time, the vehicle named in the clause before
DRIVER_TIME_BEFORE = re.compile(r"开[^，。,.!?！？\s]{0,3}车[，,\s]?开(?:了|咗)\s*$")
TENURE_AFTER = re.compile(
    r"^\s*(?:的)?(?:工龄|工)"
    # 开了九年车: a driver's years
    r"|^\s*(?:的)?(?:货车|大车|的士|出租车?|网约车|滴滴|叉车|车)(?![间位库费票牌厂])"
)
# Days worked over a public holiday (国庆那三天都要返工, 春节加班七天): the holiday, the number of days, and a
# work word within the clause. 《全国年节及纪念日放假办法》 (2024 revision, from 2025): the legal holidays'
# days; days beyond them in the same break are rest days moved around them (休息日).
HOLIDAY_DAYS = {
    "元旦": 1,
    "春节": 4,
    "过年": 4,
    "清明": 1,
    "五一": 2,
    "劳动节": 2,
    "端午": 1,
    "中秋": 1,
    "国庆": 3,
}
HOLIDAY_NAME = re.compile("|".join(HOLIDAY_DAYS))
# Two names of one holiday; the year a holiday was worked, told just before its name (去年国庆, 今年五一): the same
# holiday told twice in one year is counted once (国庆那三天…我想问国庆这三天), in two years twice.
SAME_HOLIDAY = {"过年": "春节", "五一": "劳动节"}
YEAR_BEFORE_HOLIDAY = re.compile(r"(去年|今年|前年|上年|明年|\d{2,4}年)[^，。,.!?！？]{0,4}$")
# 国庆1号到3号, 五一1号至5号: the dates of the holiday worked, right after its name (节 and 期间 allowed between).
# 国庆十月一号到三号: the month may be named before either date.
_HOLIDAY_MONTH = r"(?:(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?)?"
HOLIDAY_DATE_RANGE = re.compile(
    rf"^(?:节)?(?:期间|假期)?(?:从)?{_HOLIDAY_MONTH}(?P<a>[{NUMBER_START}]{{1,2}})(?:号|日)(?:到|至|-|~|－)"
    rf"{_HOLIDAY_MONTH}(?P<b>[{NUMBER_START}]{{1,2}})(?:号|日)"
)
# The year's annual leave as the worker states it: 年假五天, 年休假有10天, 五天年假 (not 休了三天年假: days taken).
ANNUAL_LEAVE_DAYS = re.compile(
    rf"(?:年假|年休假)(?:一年|每年)?(?:只有|只得|得|才|只|有|是|共|总共)?(?P<n>[{NUMBER_START}]{{1,3}})(?:天|日)"
    rf"|(?<![休了咗过])(?P<n2>[{NUMBER_START}]{{1,3}})(?:天|日)(?:的)?(?:带薪)?(?:年假|年休假)"
)
# The Spring Festival's days by name (年三十晚同年初一到初三都要返工): 除夕 and 初一 to 初三 are the legal ones (from
# 2025); 初四 onwards are rest days moved around them.
NEW_YEARS_EVE = re.compile(r"除夕|年三十|年卅|大年夜|年夜")
LUNAR_DAY = "一二三四五六七八九十"
LUNAR_DAYS = re.compile(
    # 初一初二初三, 初一、初二同初三: a list of days, the last one ends it
    rf"(?:大年)?初(?P<la>[{LUNAR_DAY}])(?:(?:、|,|，|同|和|甲|及)?初[{LUNAR_DAY}])*(?:、|,|，|同|和|甲|及)?初(?P<lb>[{LUNAR_DAY}])"
    rf"|(?:大年)?初(?P<a>[{LUNAR_DAY}])(?:(?:到|至|同|和|、|-|~|－)(?:年)?初(?P<b>[{LUNAR_DAY}]))?"
)
SPRING_LEGAL_LUNAR_DAYS = 3
SPRING_NAMES = ("春节", "过年")
# A public holiday named in a story, the legal ones as a whole included (法定节假日).
ANY_HOLIDAY = "|".join([*HOLIDAY_DAYS, "除夕", "法定节假日", "法定假日", "法定假", "国假"])
HOLIDAY_DAY_COUNT = re.compile(
    rf"(?P<n>[{NUMBER_START}][^天日，。,.]{{0,3}}?)(?:天|日)|(?P<one>那天|当天|那日|嗰日)"
)
HOLIDAY_WORK_WORD = re.compile(
    r"上班|加班|返工|开工|做工|干活|返|赶货|值班|出车|送单|做嘢|守(?![法规信约则])|看门|看铺|开铺|开档|(?:上|做|值)(?:了|咗)?[^，。,.]{0,4}班"
    r"|(?:上|做|干|开)(?:了|咗)(?=[^，。,.]{0,2}(?:天|日))|(?:做|上|返|干)到|(?:冇|没|无)得?休"
)
# A duration of work with other employers counted in (之前在别的地方也打过几年工，加起来参加工作九年): the total
# years of work (累计工作年限), which set annual leave and the 医疗期, not the years at this employer.
TOTAL_WORK_BEFORE = re.compile(
    r"加起来|累计|参加工作|总工龄|算上(?:之前|以前)|连同(?:之前|以前)|(?:前前后后|前后)(?:一共|总共)?(?:打工|(?:在|喺)?(?:几|好几|两|三|多)(?:间|个|家|份))"
    # 我出来打工都八年了, 出来干活做了十二年: the years since starting work, not at this employer
    r"|出来(?:打工|做工|做事|工作|干活|上班|社会|做嘢|揾食|混)[^，。,.!?！？\d]{0,4}"
)
# The worker has had no other employer (冇在别处做过, 第一份工): the total years of work are the years here.
ONLY_EMPLOYER = re.compile(
    r"(?:没|冇|未|无|没有|唔)(?:有)?(?:在)?(?:别处|别的地方|其他地方|别的单位|别的厂|别的公司|其他单位|其他公司|第二间|别间)"
    r"(?:做|干|工作|上班|打工|返工)过|第一份工|一直(?:都)?(?:在|喺)(?:这间|这家|呢间|这里|这个厂|这个单位|呢度)(?:做|干|工作|上班)"
)
TO_NOW = re.compile(TO_NOW_WORDS)
WORKPLACE = re.compile(r"公司|厂|单位|店|工地|这里|呢度|老板|老细|头家|这家|酒店|餐厅|饭店")
# 我在KTV做服务员，两年零三个月了: the job told in the clause just before a duration that is a clause of its own
JOB_TOLD_BEFORE = re.compile(r"(?:做|干|上班|打工|返工|工作|做嘢|做事)[^，。,.!?！？\d]{0,8}[，,]\s*$")
# ...a clause that is the duration alone (已经两年零三个月了): `DURATION_CLAUSE.format(re.escape(duration))`.
DURATION_CLAUSE = r"(?:已经|都|有|差不多|快|做了|做咗)?\s*{}\s*(?:了|咗|啦|喇|咯)+"
ALWAYS_NO_CONTRACT = re.compile(
    r"(?:一直|从来|从|始终|至今|到现在|一直都|从头到尾|都)(?:都|也)?(?:没|未|冇|无)(?:有)?(?:和我|跟我|给我|同我|与我|帮我)?签"
)

# --- tags ------------------------------------------------------------------------------------------------

# A job before this one (之前喺深圳做过三年, 以前在别的厂干了两年): its years count in the years of work in all.
EARLIER_JOB = re.compile(
    r"(?:之前|以前|先前|早前|原来|从前|过去)[^，。,.!?！？]{0,10}(?:做过|干过|做了|干了|打过工|上过班|做咗"
    # 之前在汕头别的公司也开了九年车: a driver's years
    r"|(?:开|跑)(?:过|了|咗)(?=[^，。,.!?！？]{0,6}(?:车|的士|出租|滴滴)))"
)
# Hours told on top of others (做足八个钟之后仲要开三个钟, 八小时以外还要加三个小时): the same period's.
# 两班倒一个班12个小时: one shift's hours, told just before them, are the working day.
SHIFT_BEFORE = re.compile(r"(?:一个|每个|一|每)班(?:都|要|就|是|有|得)*(?:做|上|干|开|返)?(?:足|满)?\s*$")
# 加班费…天天这样做12个小时: a day and a work verb told after the overtime word, before the hours: the working
# day's whole hours (the overtime is what goes beyond eight), not overtime hours.
WORKING_DAY_AFTER_OVERTIME = re.compile(
    r"(?:每天|天天|一天|每日|日日|一日)[^，。,.!?！？\d]{0,4}?(?:做|干|上班|返工|开工|工作|上)(?:了|咗)?(?:足|满)?\s*$"
)
# 一个小时的加班费最少要给多少: the hour that prices the overtime pay, not an hour worked.
HOURLY_RATE_AFTER = re.compile(r"^\s*(?:的)?(?:加班费|加班工资|加班钱|加班人工)")
# After the overtime pay is named (加班费一个钟只算15块, 加班费到底一个钟要给多少): an hour's rate told or asked, not an
# hour worked.
OVERTIME_PAY_BEFORE = re.compile(r"(?:加班费|加班工资|加班钱|加班人工)[^，。,.!?！？]{0,4}$")
RATE_AFTER = re.compile(
    r"^\s*(?:要|应该|应|该|又该)?(?:只|才|就)?(?:算|给|俾|计|发|开)(?:了|咗)?\s*"
    r"(?:多少|几多|几钱|若济|[\d一二两三四五六七八九十几]+(?:\.\d+)?\s*(?:块|元|蚊|文))"
)
THEN_MORE = re.compile(r"之后|以后|以外|之外|然后|再|还要|还得|仲要|又")
# A loan repaid out of the pay (每个月的供楼钱照样扣我的工资卡, 房贷从工资里扣): a debit, not wages withheld.
REPAYMENT_BEFORE = re.compile(r"供楼|房贷|车贷|月供|贷款|分期|还款|供款|按揭|网贷|信用卡|借呗|花呗")
# Others who left, told as such (装修公司老板说工人都辞职了, 人家都辞工了, 前同事辞工后…, 那个工友也辞职不见了): no
# leaving of the worker's; "我们工人都辞职了" and "我和工友都辞工了" are the worker's too.
OTHERS_LEFT_BEFORE = re.compile(
    r"(?<!我们)(?<!我哋)(?<![和跟同与及])(?:工人|员工|师傅|别人|其他人|人家|同事|工友|老乡)"
    r"(?:都|也|全|全部|已经|早就)*$"
)
# Another party's account of its own trouble (开发商讲工地工人工资没结清停工了: the developer's excuse to a home
# buyer): wages unpaid or work stopped told in it are not the worker's.
OTHER_PARTY_SAYS_BEFORE = re.compile(
    r"(?:开发商|房东|中介|卖家|保险公司|装修公司)(?:的人)?(?:讲|说|话|称|解释)(?:是|讲|说)?"
    r"[^，。,.!?！？]{0,12}$"
)
# (又不肯辞退我们: an employer refusing to dismiss has not dismissed)
NEGATION_BEFORE = re.compile(r"(?:没有|没|未|不是|并非|冇|无|唔系|不会|不肯|唔肯|不愿)被?$")
# The pay of the days the worker took off (请了半个月假，厂里这半个月没发工资): leave unpaid, no wages owed.
# 请假要扣钱: the job's rule that leave goes unpaid, told in passing; no wages owed
LEAVE_RULE_BEFORE = re.compile(r"请(?:个|天)?假(?:就|要|会|都|也)?$")
LEAVE_TAKEN_BEFORE = re.compile(r"请(?:了|咗)?[^，。,.!?！？]{0,6}假")
LEAVE_DAYS_BEFORE = re.compile(
    r"(?:这|呢|那)(?:半个月|几天|几日|段时间|[\d一二两三四五六七八九十半]+(?:天|日|个月|个星期))(?:的)?(?:工资|人工)?(?:都|也)?$"
)
# A court ordering the deduction (叫法院去他厂里扣工资: child support taken from the ex-husband's pay): enforcement of
# a judgment, not wages the employer owes the worker.
COURT_ORDER_BEFORE = re.compile(r"法院|强制执行")
# Time off with its own pay rule (受伤后休养咗三个月，厂里只俾咗一半人工: the injury's pay while off work, 病假, 停工):
# part of the pay told after it is that rule's question, not wages owed.
OFF_WORK_BEFORE = re.compile(r"休养|养伤|停工|病假|医疗期|放假|歇业|停产")
# A threat of what follows if the worker does not comply (老板说要提前一个月讲不然工资不给, 店长叫她去搬货不去就扣工资):
# not done yet.
THREAT_BEFORE = re.compile(
    r"(?:(?:不然|否则|要不然|要不|唔系)(?:的话)?(?:就|便)?"
    # refusing what was asked (不去就, 唔签就, 不听话就); not a rule told (放假不上班就不发工资)
    r"|(?:不|唔)(?:肯)?(?:去|签|同意|答应|接受|服从|配合|听话|听|赔|还)(?:的话)?(?:就|便))$"
)

# The employer's side "borrowing" the worker's wages (老板娘…跟我借了三个月工资): see WAGES_BORROWED.
# Not the boss of a business the worker paid as a customer (补习班老板跑了, 装修公司卷款): said before the employer's words.
_NOT_A_CUSTOMERS_BOSS = r"(?<!补习班)(?<!培训班)(?<!辅导班)(?<!托管班)(?<!驾校)(?<!健身房)(?<!美容院)(?<!装修)(?<!中介)(?<!商家)(?<!网店)"
_WAGES_BORROWED = (
    r"(?:老板|老细|头家|包工头|工头|公司|厂里)(?:(?!工友|同事|朋友|老乡|亲戚|同乡)[^。.!?！？]){0,14}"
    r"(?:跟|向|问|找)(?:我们|我|阮|工人|大家)借(?:了|咗|走)?(?:我们|我|阮)?(?:的)?"
    r"(?:[\d一二两三四五六七八九十几半]+(?:个)?月)?(?:的)?(?:工资|工钱|人工)"
    # 把我五个月的工资三万一写成一张借条: the wages owed written up as a loan
    r"|(?:工资|工钱|人工)[^。.!?！？，,]{0,8}(?:写成|打成|变成|转成|换成|改成|算成)[^。.!?！？，,]{0,4}(?:借条|借款|欠条)"
    # 工钱一共三万六包工头一直没给后来写了张借条: the wages left unpaid, then a note written for them
    r"|(?:工资|工钱|人工)[^。.!?！？]{0,16}(?:没给|没发|不给|不发|没结|冇俾|无给)[^。.!?！？]{0,6}(?:写|打|开)(?:了|咗)?"
    r"(?:一张|张|个)?(?:借条|借据)"
    # 包工头打的借条一万二 其实是我做了四个月的工钱: the employer's side's note, told to be the wages
    r"|(?:老板|老细|头家|包工头|工头|公司|厂里)[^。.!?！？，,]{0,3}(?:打|写|开)(?:的|了|咗)?(?:一张|张|个)?(?:借条|欠条|借据)"
    r"[^。.!?！？]{0,24}(?:工资|工钱|人工)"
    # 老板说工资先当是借给他周转: the wages kept as a loan to the employer
    r"|(?:工资|工钱|人工)[^。.!?！？，,]{0,4}(?:当是|当作|当做|当成|算是|算做)(?:借|借给)"
)
# The whole pay kept back (把我老婆十月十一月工资全扣了, 人工扣光): wages withheld, not a deduction from them.
_WAGES_ALL_KEPT = (
    r"(?:工资|工钱|人工)[^，。,.!?！？]{0,3}(?:全|全部|都|统统)(?:被)?扣(?:了|光|掉|完|咗|走)?"
    r"|(?:工资|工钱|人工)[^，。,.!?！？]{0,3}扣(?:光|完)"
)
# After a sum taken out of the pay: not the tax or insurance withheld (从工资里扣社保), nor someone else's pay paid over
# to the worker (叫他厂里直接从工资里扣给我).
NOT_WITHHELD = r"(?![^，。,.!?！？]{0,5}(?:税|社保|保险|公积金|五险))"
NOT_PAID_OVER = r"(?![^，。,.!?！？]{0,3}(?:给我|俾我|畀我|还我|给回我))"
# What is owed after a duration when it is not wages (厂里欠了半年房租, 拖了三个月的货款).
OWED_OTHER_AFTER = re.compile(
    r"^(?:的)?(?:房租|租金|水电费?|物业费|管理费|货款|工程款|贷款|房贷|车贷|利息|网贷|信用卡|学费|医药费)"
)
# A traffic offence (闯红灯, 违章停车, 超速, 扣六分): its fine is the police's, not the employer's.
TRAFFIC_OFFENCE = re.compile(
    r"闯(?:了|咗)?(?:个|一个)?红灯|违章|违停|超速|酒驾|醉驾|无证驾驶|驾照(?:被)?扣|扣(?:了|咗)?[\d一二三四五六七八九十两几]+分|电子眼|抄牌"
)
# A worker sent by an agency (劳务公司派到, 中介派过来的, 派遣工): the story's worker is dispatched.
DISPATCH_WORDS = re.compile(r"派遣|劳务公司|人力公司|外包|中介[^，。,.!?！？\s]{0,4}派")
# 银行说要扣我工资还(贷款): the pay taken to repay someone's debt, not wages the employer keeps back
_REPAYING = r"(?:来|去|拿去|用来)?还(?:钱|债|贷款|款|账|清|\s|$|[，。,.!?！？])"

EVENTS: dict[Event, re.Pattern[str]] = {
    Event.DISMISSED: re.compile(
        r"辞退|开除|解雇|炒鱿鱼|炒了我|把我炒|被炒|炒咗我|炒左我|炒我|裁员|减员|(?:要|说|话|讲)减人|被裁|裁掉|裁了我|不用来了|不用再来|不要来了|唔使返工|唔使嚟|唔洗返"
        r"|(?:叫|让|要|说|话|讲|呾)(?:我们|我|她|他)?(?:明天|明日|以后|下个月|从明天起)?(?:就)?(?:不用|不免|毋免|别|不要)(?:再)?(?:来)?(?:上班|上工|做工|做了|干了|返工|返)"
        # 厂里说不要他了: the employer wanting the worker no more
        r"|(?:说|话|讲|呾|突然)(?:不要|唔要|毋爱)(?:我们|我|她|他|阮|佢|伊)(?:了|喇|啦|咯|嘞)"
        # 叫阮免来 (Teochew: told not to come), the clause ending there
        r"|(?:叫|让)(?:我们|我|她|他)(?:明天|以后)?(?:不用|不要|别)(?:再)?来(?=$|[，。,.!?！？\s]|了|啦)"
        # (叫他月底走人: the day set for leaving)
        r"|(?:叫|让|赶|要)(?:我们|我|她|他|佢)(?:都|全部|一起|统统|全都)?"
        r"(?:明天|明日|今天|月底|这个月底|下个月|下个月底|年底|下周|下礼拜|过两天|过几天)?(?:就)?"
        r"(?:直接|马上|立刻|即刻|赶紧|现在)?走(?!路|过|廊|开车|去)|劝退|逼我走|被离职|辞掉我|把我辞|不要我了|开了我|开掉"
        r"|被优化|优化(?:掉|了)?(?:我们|我|她|他|人员|员工|人手)|人员优化|(?:签字|签个字|签名)(?:就)?走人|卷铺盖"
        # 老板就说我旷工把我开了, 把佢炒咗
        r"|把(?:我们|我|她|他|佢|阮)(?:给)?(?:开了|开掉|开除|炒了|炒掉|炒咗|赶走)"
        r"|(?:别|不用|不要|不必)(?:再)?来(?:上班|上工|做工|干活)?了|(?:明天|明日|以后|从明天起)(?:就|开始)?(?:不用|别|不要|不必)(?:再)?来|被(?:公司|单位|厂里|工厂|老板|主管)?(?:开了|辞了|炒了|叫走|赶走|请走)(?![罚单票张])"
        # 十月底被开，… (被开 = 被开除, told bare before a pause)
        r"|被(?:公司|单位|厂里|工厂|老板|主管)?开(?=[，。,.!?！？\s]|$)"
        r"|(?:收拾|执)东西(?:走|滚|离开)|不让(?:我们|我|她|他)(?:再)?(?:干|做)了|执包袱|收拾包袱(?:走|滚)?|卷包袱"
        r"|(?:叫|让|要)(?:我们|我|她|他)回家(?!(?:先)?(?:休息|休养|养伤|养病|养身体|歇))|(?:叫|让|要)(?:我们|我|她|他)(?:马上|立刻|即刻|现在|赶紧|立即)?(?:就)?滚|(?<![推告])辞(?:我们|我|她|他|佢|伊)(?![的职工])|裁我|裁人|裁(?:一批|一些|一部分|部分|几个|十几个|一半的?)人|(?:不|唔)(?:再)?请(?:我们|我|她|他|佢)(?![吃喝食饮帮])|(?:唔|不)要我(?![们的])(?!(?:再)?(?:加班|做夜班|上夜班|夜班|上晚班|晚班|值班|倒班|出差|加钟))|(?:不|唔)用我(?:了|啦|喇)|赶我|不让(?:我们|我|她|他)上班|不给(?:我们|我|她|他)上班|(?:公司|单位|老板|老细|头家)(?:单方面)?解除"
        # the employer calling it the worker's own leaving (不去就算自动离职, 按旷工处理): a dismissal
        r"|(?:算|当|当作|视为|按)(?:你们|你|我们|我|她|他)?(?:是)?(?:自动离职|自离|自动辞职|旷工(?:处理|开除|辞退))"
        # 老板就说我是自己辞职 (after refusing a move or being sent away): the employer's name for it
        r"|(?:说|讲|话|呾|当|算)(?:我们|我|她|他|佢|阮|伊)(?:是)?(?:自己|主动)(?:辞职|辞工|离职|走)"
        # 叫他这个月做完就走, 这样被辞: sent away at a date the employer sets; dismissed, said short
        r"|(?:叫|让|要)(?:我们|我|她|他|佢|伊)[^，。,.!?！？]{0,6}(?:做完|干完|做到|干到|做埋)[^，。,.!?！？]{0,2}(?:就|便)?走(?!路|过|廊)"
        r"|被辞(?!职|工)"
        # 还说要她生完孩子就别回来了: told not to come back after a leave or a birth
        r"|(?:叫|让|要|说|讲|话|呾)(?:我们|我|她|他|佢|伊)[^，。,.!?！？]{0,8}(?:就)?(?:别|不用|不要|唔使|唔好)(?:再)?回来(?!拿|取|签|领|办|结)"
    ),
    Event.RESIGNED: re.compile(
        r"(?<!逼我)(?<!让我)(?<!叫我)(?<!要我)(?<!说我是自己)(?<!说我自己)(?<!说他是自己)(?<!说她是自己)(?:辞职|辞工)"
        r"|(?<!说我)(?<!说我是)(?<!说他是)(?<!说她是)自己走|主动离职|提离职|提出离职|辞呈|(?<!不用)(?<!不要)(?<!叫我)(?:不干了|不做了)|不想干了|不想做了|炒老板|炒老细|炒咗老细|炒了老板"
    ),
    Event.RESIGNING: re.compile(
        r"(?:想|打算|准备|计划|(?<![不叫让逼])要)(?:去)?(?:辞职|辞工|离职|不做了|不干了|走人|跳槽)"
        # 我想走能要补偿吗: leaving the job, not walking somewhere
        r"|(?:想|打算|准备)走(?![路过去来进出回到开掉失])"
        # 打算做到这个月底就走, 准备干到年底就辞工: the last day of work set by the worker
        r"|(?:想|打算|准备|计划)(?:做|干|返工|做埋)到[^，。,.!?！？]{1,8}?(?:就|再|便)?(?:走(?![路过去来进出回到开掉失])|辞职|辞工|离职|不做|不干)"
    ),
    Event.LEFT: re.compile(r"(?<!被)(?<!自动)离职(?!证明|证)|离开公司|离开了公司|走了之后"),
    Event.UNPAID: re.compile(
        # (讲我欠钱不还: the worker owing a debt is no wage owed; 我工资这么点能不能少给一点: the teller asking to pay
        # less, child support say, is no wage kept back)
        r"欠薪|拖欠|只(?:发|给|俾|结)(?:了|咗)?(?:一半|半个月|一部分|小部分)|(?<![我阮])欠(?:了)?(?:我们|我|他们|他|她|佢)?.{0,4}(?:工资|人工|工钱|钱)"
        # 欠了我们八个人三个月的工钱: the wage noun further on
        r"|欠(?:了)?(?:我们|我|他们|他|她|佢)[^，。,.!?！？]{0,10}(?:工资|人工|工钱)|(?:工资|人工|工钱)(?:一直|都|也|还)?(?:没|未|冇|不|无|唔)(?:有)?(?:发|给|结|俾|到位|出)"
        rf"|(?:没|冇|无|唔|不)(?:有)?(?:发|给|俾|结){{1,2}}(?:我们|我)?(?:工资|人工|工钱|钱)|(?:没|冇|未|唔|无)(?:有)?出粮|克扣|扣(?:了)?(?:我)?.{{0,3}}(?:工资|钱|人工)(?!{_REPAYING})|扣(?:了|咗)?(?:他|她|佢)?(?:半个月|一个月|[一二两三四五六七八九十几\d]+(?:个月|天|日))(?:的)?(?:工资|人工|工钱)|(?<![最至])(?<!能不能)(?<!可不可以)(?<!能否)(?<!可以)少(?:发|给)|讨薪|要不到(?:钱|工资)"
        r"|拿不到(?:钱|工资)|结不到|不给钱|不结(?:工资|账|钱)|唔俾人工|冇人工|无工钱|(?<![我阮])欠钱|压工资|押工资|工资.{0,3}拖"
        # not a repayment promised from the teller's pay or another's (等发工资再还我…到现在也没给)
        r"|(?:工资|工钱|人工|薪水|薪资)(?![条单卡表])(?:(?!还[我你他她佢钱])[^，。,.!?！？；;]){0,8}"
        r"(?:没|未|冇|不|无|还没|都没)(?:有)?(?:按月|按时|准时|及时|足额)?(?:发|给|结|到账|到位|拿到|收到|领到|收着)(?![票])"
        r"|(?:没|未|冇)(?:有)?(?:拿到|收到|领到)(?:过)?[^，。,.]{0,4}(?:工资|工钱|人工)|(?:工资|工钱|人工)[^，。,.]{0,4}(?:只|才)发了?(?:一半|一部分)"
        r"|(?:工资|工钱|人工)[^，。,.]{0,4}(?:只|才)(?:拿|领|收)(?:了|到|咗)?(?:一半|一部分)"
        r"|(?:工资|工钱|人工)[^，。,.]{0,8}少(?:了|发了|给了)|押(?:了|着)?(?:我们|我)?[^，。,.]{0,5}(?:工资|工钱|人工)|没钱发工资|发不出(?:工资|钱)"
        r"|(?:工资|工钱|人工)[^，。,.!?！？]{0,4}(?:压着|压住|押着|押住|扣住|扣着|卡着)"
        rf"|{_WAGES_ALL_KEPT}"
        # part of the pay taken or withheld: 扣了全勤奖三百, 年底奖金不发了
        r"|扣(?:了|咗|掉)?(?:我们|我|阮)?(?:的)?(?:全勤奖|全勤|奖金|提成|绩效|年终奖)"
        r"|(?:全勤奖|奖金|提成|绩效工资|年终奖)[^，。,.!?！？]{0,4}(?:不发|没发|冇发|唔发|取消)"
        # 工资要等年底一起发: pay held back to the year's end
        r"|(?:工资|工钱|人工)[^，。,.!?！？]{0,6}(?:要等|等到|拖到|推到|压到|押到|留到)(?:年底|年尾|年终|过年|春节)"
        # 工资说要等下个月底才发: pay held back to a later day
        r"|(?:工资|工钱|人工)[^，。,.!?！？]{0,4}(?:要等|等到|拖到|推到)[^，。,.!?！？]{0,8}(?:才|再)(?:发|给|结|俾|出)"
        # 要做满一年正发工钱: pay held back until a term is served (正: the Hakka and Teochew 才)
        r"|(?:做满|干满|做够|干够|做足)[^，。,.!?！？]{1,6}(?:才|再|正)(?:发|给|结|俾|出)(?:工资|工钱|人工)"
        # 要找到人顶岗才给最后一个月工资: the last pay held back until the employer finds a replacement
        r"|(?:找到|招到|请到|有)(?:新)?人(?:来)?(?:顶岗|顶替|顶上|接手|接班|替)[^，。,.!?！？]{0,3}(?:才|再|正)(?:发|给|结|俾|出)"
        # 到现在一分钱都没有拿到: not a cent of pay received
        r"|(?:一分钱|一分|一蚊|一文钱)(?:都|也)(?:没|冇|无|未)(?:有)?(?:拿到|收到|领到|拿过|见到)"
        r"|差(?:了)?(?:我|我们|工人|大家)(?:的)?[^，。,.]{0,6}(?:万|千|百|块|元|钱|工资|工钱|人工)"
        rf"|{_NOT_A_CUSTOMERS_BOSS}(?:老板|老细|头家|包工头|公司)"
        r"[^，。,.]{0,2}(?:逃匿|跑路|卷款|失联)|(?:工资|工钱|人工)(?:找谁|向谁|跟谁|问谁)(?:要|讨|拿)"
        # 用厂里一间房子抵我一年的工资: the wages "paid" in things, not in money (工资应当以货币形式支付)
        r"|(?:用|拿|以)[^，。,.!?！？]{1,10}(?:抵|顶|冲抵|折抵)(?:我们|我|阮|他|她)?(?:的)?[^，。,.!?！？]{0,6}(?:工资|工钱|人工)"
        # the employer "borrowing" the wages (老板娘…跟我借了三个月工资): wages withheld under a loan's name
        rf"|{_WAGES_BORROWED}"
    ),
    Event.INJURED: re.compile(
        r"受伤|受(?:了|咗)伤|工伤|摔伤|砸伤|压伤|烫伤|烧伤|割伤|夹伤|扭伤|撞伤|扎伤|扎穿|扎破|刺伤|刺穿|戳伤|划伤|划破|磕伤|碰伤|咬伤|骨折|骨裂|摔断|砸断|压断|切断|伤到|弄伤|伤了|致残|残疾|伤残|职业病|截肢|工亡|车祸|整伤|跌伤"
        r"|被(?:机器|机械|机床|车|叉车|货车|货物|钢管|钢筋|铁板|模具|东西|石头|砖)?[^，。,.]{0,2}(?:压|砸|撞|切|夹|轧|绞|烫|割)(?:了|到|伤|断|掉|住|着)"
        r"|(?:从|由)[^，。,.]{1,8}(?:摔|跌|掉)(?:了|咗)?(?:下|落)(?:来|嚟)|闪了腰|扭了腰|腰扭了"
        r"|跌(?:落|下)(?:来|去|楼|地)|(?:脚|腿|手|腰|骨)[^，。,.!?！？]{0,2}断(?:了|去|咗|掉)"
        # 被掉下来的砖砸到头, 缝了十几针: a body part struck, a wound stitched
        r"|被[^，。,.!?！？]{0,8}(?:砸|压|撞|夹|轧|割|烫)(?:到|中|伤|破)(?:了|咗)?(?:我的|我)?(?:头|脚|手|腰|腿|眼|背|胸|肩|脸)"
        r"|缝(?:了|咗)?[^，。,.!?！？]{0,3}针"
        # Cantonese 亲 after the verb: hurt by it (畀铁枝插亲只脚, 跌亲, 整亲只手)
        r"|(?:插|整|撞|跌|割|夹|压|砸|烫|刮|弄|伤|碰|扭|拗|锯|轧)亲"
        # 被泥头车撞断了腿, 压断咗手指: the part broken told after the verb
        r"|(?:撞|压|砸|摔|跌|夹|轧|打)断(?:了|咗|去)?(?:我的|他的|她的|佢的|伊个)?(?:只|条|根|个|双)?(?:脚|腿|手|腰|骨|肋骨|胳膊|手臂|手指|脚趾)"
        r"|被[^，。,.!?！？]{0,4}车(?:撞|压|轧|碾|刮)(?:了|到|伤|倒|翻|断|咗)"
        # 被人家的狗咬了: bitten by an animal
        r"|被[^，。,.!?！？]{0,6}(?:狗|猫|蛇|马蜂|蜂)[^，。,.!?！？]{0,2}(?:咬|蜇|叮)"
    ),
    Event.TRANSFERRED: re.compile(
        r"调岗|调去|调到(?!\s*[\d一二两三四五六七八九])|调我|调动|调职|换岗|转岗|派我去外地|派去外地|调外地|去外地上班|搬厂|搬迁|换去|(?:叫|让|安排|派|要)(?:我们|我|她|他)去(?:仓库(?!搬|拿|取|帮|送|找|卸|装|点)|外地|别的|其他|另一|其它)|(?<![转换跳进了咗])(?:厂|公司|工厂)(?:要|准备)?搬"
        r"|(?:派|调|安排)(?:我们|我|她|他)?(?:去|到)(?:外省|外地|外市|省外|别的城市|其他城市|别的地方|其他地方)"
        r"|(?:要|准备)?搬(?:到|去)(?:外省|外地|外市|省外|别的城市|其他城市|别的地方|其他地方|别的省)"
    ),
    Event.NOT_INSURED: re.compile(
        r"(?:没|未|冇|不|无|没有)(?:有)?(?:给|帮|替|同|为|跟|俾)?(?:我们|我|她|他|佢|员工|工人)?(?:买|交|缴|办|上|参)(?:过)?(?:社保|社会保险|保险|五险|养老保险|工伤保险|医保)"
        r"|社保(?:一直|都|也|还|从来|从|到现在|至今|现在|到今天)*(?:没|未|冇|不|无)(?:有)?(?:给|帮|替|同|为|跟|俾)?"
        r"(?:我们|我|她|他|佢|员工|工人)?(?:买|交|缴|办|上)(?![满够齐])|没有社保|冇社保|无社保|没社保|断缴|停保|停了社保"
        # started only lately (社保也是上个月才开始买, 今年才开始帮我交社保): the time before unpaid
        # (社保才交了八年 tells how long, not a late start)
        r"|社保[^，。,.!?！？]{0,8}才开始(?:给|帮|替|同|为)?(?:我们|我|她|他|佢)?(?:买|交|缴)"
        r"|才开始(?:给|帮|替|同|为)?(?:我们|我|她|他|佢)?(?:买|交|缴)(?:社保|社会保险|五险)"
        r"|五险一金都(?:没|冇|无)|(?:没|冇|无)(?:有)?五险|(?:让|叫|要)(?:我们|我)自己(?:交|缴|买)(?:社保|保险)|社保折现|折现.{0,3}社保"
        r"|停(?:了|掉)(?:我们|我)?的?社保"
        # 社保也说派遣工不用买: the employer's side saying it need not be paid
        r"|社保(?:也|都|就)?(?:说|讲|话|呾)[^，。,.!?！？]{0,8}(?:不用|不需要|无需|唔使|不必|不给|不能)(?:买|交|缴)"
        # paid for part of the time or on part of the wage (社保厂里也只帮我交了十二年)
        r"|社保[^，。,.!?！？]{0,6}只(?:给|帮|替|同|为|跟|俾)?(?:我们|我)?(?:交|缴|买)"
        # paid on the lowest base, not the wage (社保只按最低的基数帮我们买, 按最低档交社保): not paid in full
        r"|(?:按|以|用)(?:最低|最少|最低档|最底|最低标准)(?:的)?(?:基数|档次|档|标准)?[^，。,.!?！？]{0,6}(?:买|交|缴)"
        r"|(?:社保|社会保险|缴费)基数[^，。,.!?！？]{0,8}(?:最低|偏低|太低|很低|低过|低于|比工资低|按最低)"
        # insurance the employer will not pay for, or finds not worth it (签了要买社保不划算, 不肯帮我们买社保)
        r"|(?:不肯|不想|不愿|不愿意|唔肯|唔想)(?:给|帮|替|同|为|跟|俾)?(?:我们|我|她|他|佢|员工|工人)?(?:买|交|缴)(?:社保|社会保险|五险)"
        r"|(?:买|交|缴)(?:社保|社会保险|五险)[^，。,.!?！？]{0,2}(?:不划算|不合算|唔抵|唔化算|不值|太贵|亏本)"
    ),
    Event.INSURANCE_WAIVED: re.compile(
        r"自愿(?:放弃|不|唔|无)(?:买|交|缴|参加|要)?(?:社保|社会保险|保险)?"
        r"|放弃(?:购买|买|交|缴|参加)?(?:社保|社会保险)"
        r"|(?:不|唔|无)(?:买|交|缴|要)(?:社保|社会保险)(?:的)?(?:承诺书|承诺|声明|协议|保证书)"
        r"|(?:当|算|作为)(?:系|是|作|做)?(?:社保|社会保险)(?:钱|费|补贴|补助)"
        r"|社保(?:补贴|补助)|社保(?:钱)?(?:折现|直接发|发给|打到工资)|折现[^，。,.!?！？]{0,3}社保"
    ),
    Event.INSURANCE_SHIFTED: re.compile(
        r"(?:社保|社会保险|保险)[^。.!?！？]{0,20}?(?:要|叫|让|逼)(?:我们|我|她|他|佢|阮)(?:自己|家己)?(?:全部|全额)?"
        r"(?:出|交|缴|给|俾|畀|付)(?:晒|齐|埋|全部|全额)?(?:两份|单位|公司|老板|厂里|全部|全额)"
        r"|(?:单位|公司|老板|厂里|厂)(?:的|那)?(?:部分|那份|那部分|份)(?:也|都)?(?:要|叫|让)(?:我们|我)(?:自己)?(?:出|交|缴|给|俾)"
        r"|(?:从|在)(?:工资|人工|工钱)(?:里|里面)?扣(?:了|咗)?(?:我们|我)?(?:的)?(?:工伤保险|生育保险|工伤险|生育险)"
    ),
    Event.NO_CONTRACT: re.compile(
        r"(?:没|未|冇|不|无)(?:有)?(?:(?:和|跟|给|同|与|帮|合)(?:我们|我|她|他|佢))?签(?:过|订)?(?:劳动)?合同|合同(?:一直|都|也|还)?(?:没|未|冇|无)(?:有)?签"
        r"|没有(?:劳动)?合同|没合同|冇合同|无合同|不肯签|不愿意签|一直没签|从来没签|从没签|都没签"
        r"|合同[^，。,.]{0,4}(?:没|未|冇|不)(?:有|肯)?(?:给|跟|和|同|帮)(?:我们|我|她|他|佢)签|没(?:有)?签(?:过)?任何|不肯(?:跟|和|同|与|给)(?:我们|我|她|他|佢)签"
        r"|(?:不用|不需要|不必|唔使|唔洗|免)签(?:劳动)?合同"
    ),
    # 老细走佬咗成个礼拜, 老板跑路了 电话都打不通: the employer gone with the wages (not a customer's business's boss)
    Event.EMPLOYER_FLED: re.compile(
        rf"{_NOT_A_CUSTOMERS_BOSS}(?:老板|老细|头家|包工头|工头|判头|厂长)"
        r"[^，。,.!?！？]{0,3}(?:逃匿|跑路|走佬|卷款|失联|跑了|走去无影|不见了|搵唔到|找不到)"
    ),
    # 学徒没有工资 只包吃住: work for board alone, or an apprentice or trial worker told there is no wage
    Event.NO_WAGE: re.compile(
        r"(?:学徒|学师|学师仔|试工|帮工)[^。.!?！？，,]{0,8}(?:没有|没|冇|无|不给|不发|唔俾)(?:工资|人工|工钱|薪水)"
        r"|(?:没有|冇|无|不给|不发|唔俾)(?:工资|人工|工钱|薪水)[，,\s]*(?:只|就|净|淨)?(?:是)?包(?:吃住|食宿|吃喝|三餐|食住)"
    ),
    Event.PREGNANT: re.compile(
        r"怀孕|怀了|怀上|孕期|有身孕|大肚|有咗|孕妇|有了?(?:BB|bb|宝宝|身孕)|怀(?:了)?(?:BB|bb|宝宝)|预产期"
        rf"|{_WITH_CHILD}"
    ),
    # 产检, or a pregnant worker's visits to the hospital for a check (大肚七个月…去病院检查一次扣一日工钱)
    Event.PRENATAL_CHECK: re.compile(
        r"产检|产前检查|孕检"
        r"|(?:怀孕|怀了|孕|大肚|有咗|有了?(?:BB|bb|宝宝|身孕))[^。.!?！？]{0,30}?(?:去|到|返)(?:医院|病院|卫生院|妇幼)(?:做)?(?:检查|产检|检)"
    ),
    Event.NURSING: re.compile(r"哺乳|喂奶|喂母乳"),
    Event.OVERTIME: re.compile(
        r"加班|加钟|超时工作|(?:周末|周六|周日|星期六|星期天|星期日|礼拜六|礼拜天|休息日)(?:也|都|还)?(?:要|得)?(?:上班|干活|开工|返工)"
        r"|(?:一个月|每个月|每月|一月)(?:只|才)?(?:能)?休(?:息)?(?:[一两二三四1-4])天|(?:一周|每周|一星期|一个星期)(?:七|7)天|全年无休|没有休息日"
    ),
    Event.RELOCATED: re.compile(
        # not the worker changing jobs and moving house (我转了厂要搬走)
        r"(?<![转换跳进])(?<!转了)(?<!换了)(?<!转咗)(?<!换咗)(?<!进了)"
        r"(?:厂|公司|工厂|单位|厂房|车间)(?:里)?(?:说|讲|话|呾|通知)?(?:要|准备|将|打算|决定|整体)*(?:从[^，。,.!?！？]{1,6})?(?:搬|迁)(?:迁|到|去|走|过去)|搬厂|搬迁|迁厂|迁址"
    ),
    Event.CLOSED: re.compile(
        # 老细话唔做喇要收档: the business given up (收档 alone may be the day's closing)
        r"倒闭|(?<![不唔无冇])关厂(?![里的])|执笠|结业|破产|撤店|撤点|不做(?:了|喇|啦)?[^，。,.!?！？\s]{0,2}收档"
        r"|(?:干脆|就要|准备|打算|要|年底|年尾|月底|下个月|下月|明年|过完年)关门(?:了|咗)?(?![的口])"
        r"|(?:厂|公司|店|铺头|铺面|网点|站点|档口|园)(?:要|准备|已经|突然|就)?(?:关门|关了|解散|注销|不开了|唔开|撤掉|撤了|撤销)"
    ),
    Event.SUDDEN_DEATH: re.compile(
        r"(?:突然|突发)[^，。,.!?！？]{0,6}(?:晕倒|倒下|倒地|昏倒|昏迷|发病|心梗|心肌梗|脑溢血|脑出血|中风|心脏病)"
        r"[^。.!?！？]{0,24}?(?:走了|死了|死咗|去世|过世|过身|离世|身亡|没了|冇咗|抢救无效|没救过来|救唔返)"
        r"|猝死"
    ),
    Event.NO_REST: re.compile(
        r"(?:一个月|每个月|每月|一月)(?:只|才)?(?:给|俾|畀|让)?(?:我们|我|阮|他们|他|她)?(?:能|有)?休(?:息)?(?:[一两二三1-3]|半)天|(?:一周|每周|一星期|一个星期|一个礼拜)(?:要)?(?:做|上|干|返|开)?(?:足)?(?:七|7)天"
        r"|全年无休|(?:没有|冇|无|没)(?:得)?(?:休息日|礼拜日|周末)|天天(?:都)?(?:要)?(?:上班|返工|做工|开工)[^，。,.!?！？]{0,4}(?:没|冇|无)(?:得)?休"
        # 一年到头都没休过一天: no weekly rest (weekends worked alone are rest-day overtime)
        r"|(?:一年到头|一年四季|成年|全年|一整年)[^，。,.!?！？]{0,3}(?:都|也)?(?:没|冇|无|未)(?:有)?(?:休|放)"
        # 一个月一天都不休, 每个礼拜一日都冇得休
        r"|(?:一个月|每个月|每月|一月|一周|每周|一星期|一个星期|一个礼拜|每个礼拜)(?:里|里面)?"
        r"(?:一天|一日)(?:都|也)(?:不|没|冇|无|唔)(?:有)?(?:得)?(?:休|放假)"
        # 整整两个月一天都没休过, 三个礼拜一日都冇得休: weeks or months on end without a day off
        r"|(?:[两二三四五六七八九十几]|\d{1,2})个(?:多)?(?:月|礼拜|星期)(?:都|也|来|里)?(?:一天|一日)(?:都|也)"
        r"(?:不|没|冇|无|唔)(?:有)?(?:得)?(?:休|放)"
        # 一个礼拜都没休息: a whole week without a day off
        r"|(?:一周|一星期|一个星期|一个礼拜|一礼拜|成个礼拜)(?:都|也)(?:不|没|冇|无|唔)(?:有)?(?:得)?(?:休|放假)"
    ),
    Event.HOLIDAY_WORK: re.compile(
        rf"(?:{ANY_HOLIDAY})(?:节)?(?:期间|那几天|嗰几日|当天)?[^，。,.!?！？]{{0,3}}"
        r"(?:(?:也|都|还|照样|照常)?(?:不|没|冇|唔|无)(?:有)?(?:得)?(?:放假|放|休息|休)"
        # 国庆都叫我们上班: the employer making them work it
        r"|(?:也|都|还|照样|照常)(?:(?:叫|让|要|安排)(?:我们|我|大家|工人|员工))?(?:要|得)?(?:去|来|回来|回去)?"
        r"(?:上班|返工|开工|做工|加班|干活))"
    ),
    Event.NON_COMPETE: re.compile(
        r"竞业"
        # 离职两年内不能去别的针织厂做: a non-compete told without its name
        r"|(?:离职|辞职|辞工|离开|走了|走后)[^，。,.!?！？]{0,6}(?:不能|不准|不得|不许|不可以)(?:去|到|在)?(?:别的|其他|同行|同类|对手)"
        # 两年内不能去同行做: barred from the trade itself, leaving or not said
        r"|(?:不能|不准|不得|不许|不可以|唔准|唔可以|唔得)(?:再)?(?:去|到|在|做|入)?(?:同行|竞争对手|同类(?:企业|公司|工厂|厂))"
    ),
    Event.FINED: re.compile(
        # the pay kept against a debt (工资全扣了抵房租, 扣咗人工顶欠款): a deduction the law may not allow
        r"扣(?:了|咗|掉|光)?(?:我们|我|阮|他|她|佢)?[^，。,.!?！？]{0,2}(?:抵|顶|充)(?:了)?"
        r"(?:房租|租金|欠款|借款|水电费?|伙食费?|住宿费|宿舍费)|"
        # not the employer fined by an authority (公司被环保局罚款)
        r"(?<![局所队])(?<!公司被)(?<!单位被)(?<!老板被)(?<!厂被)(?<!企业被)"
        r"(?:(?:被|乱|就|要|会|又)?罚(?:款|钱|了|咗|我|人|左)|罚(?:[\d一二三四五六七八九十两几百千]+)(?:块|蚊|元|文)?)"
        # a fee taken out of the pay (扣伙食费两百, 每个月扣100块管理费): a deduction the law may not allow
        r"|扣(?:了|咗)?(?:我们|我|阮)?(?:每人|每个人|每个)?(?:的)?(?:[\d一二三四五六七八九十两几百千]+(?:块|蚊|元)?)?"
        # 每个月扣我们每人20块说是工会费: the fee named after the sum
        r"(?:(?:说是|讲是|话系|叫做|算是|当)?工会费|伙食费|饭钱|饭费|餐费|住宿费|宿舍费|水电费|管理费|服装费|工衣费|工服费|卫生费|床位费|房租|租金)"
        # 买不够就从工资里扣: a sum taken out of the pay (not the tax or insurance withheld, nor someone else's pay
        # paid over to the worker: 叫他厂里直接从工资里扣给我)
        r"|(?:从|在)(?:他|她|佢|伊)?(?:的)?(?:工资|人工|工钱)(?:里|里面|中)?扣"
        rf"{NOT_WITHHELD}{NOT_PAID_OVER}"
    ),
    Event.PAY_CUT: re.compile(
        r"降薪|减薪|降(?:我们|我|她|他)?(?:的)?(?:工资|人工|底薪|薪水)|(?<!最低)(?:工资|人工|底薪|薪水)(?!标准)[^，。,.!?！？]{0,8}(?:降到|降为|降成|降低|减到|减少|砍到|砍了|打折)"
        # 下个月开始人工减一千, 底薪从三千八改做两千五
        r"|(?<!最低)(?:工资|人工|底薪|薪水)(?!标准)[^，。,.!?！？]{0,4}(?:减|降|砍|少)(?:[\d一二两三四五六七八九十几百千]+)"
        r"|(?<!最低)(?:工资|人工|底薪|薪水)从[^，。,.!?！？]{1,8}(?:改做|改成|改为|变成|变做|降到|减到|调到|调成)"
    ),
    Event.HARASSED: re.compile(
        r"性骚扰|骚扰(?:我|她|女工|女员工|女同事)|动手动脚|毛手毛脚|摸(?:我|她)(?:的)?(?:手|腰|屁股|身|大腿|胸)"
        r"|(?:讲|说|发)(?:些|啲|一些)?(?:下流|黄色|咸湿|荤|黄)(?:的)?(?:话|笑话|段子|图片)|咸湿"
    ),
    Event.UNEQUAL_PAY: re.compile(
        r"同工不同酬|同工同酬"
        r"|(?:一样|同样|相同)的(?:活|工作|岗位|工|事)[^。.!?！？]{0,24}(?:比(?:我们|我|她|他|阮)[^，。,.!?！？\s]{0,4}(?:多|高)"
        r"|(?:我们|我|她|他|阮)[^，。,.!?！？\s\d]{0,6}(?:只有|只拿|才拿|只领|才有|少))"
        r"|(?:正式工|正式员工|合同工|招的(?:工人|员工))[^。.!?！？]{0,16}(?:比(?:我们|我|她|他|阮)[^，。,.!?！？\s]{0,4}(?:多|高))"
    ),
    Event.DEPOSIT: re.compile(
        r"押金|(?<!工资)保证金|风险金|(?:扣|押|收|拿)(?:了|着|走)?(?:我们|我|她|他)?(?:的)?(?:身份证|毕业证|证件)|工衣钱|工服钱|服装费|工衣费|衣服钱|制服钱|制服费"
        # money kept back to be refunded after a term (扣了300块…说做满一年才退): a deposit by another name
        r"|(?:做满|干满|做够|干够|满)[^，。,.!?！？]{0,5}(?:才|先|再|就)?(?:退(?!休)|返还|退还|还给)"
        # 身份证被厂里收起来了, 证件押喺公司: the papers kept, told with them first
        r"|(?:身份证|毕业证|证件)(?:被|给|俾|畀)?[^，。,.!?！？]{0,4}(?:扣|押|收|没收|拿)(?:了|着|走|去|起来|住|咗|喺|在)"
        # the employer keeping the worker's own things (老板不肯还我自己带去的那套工具): held like a deposit
        r"|(?:老板|老细|头家|公司|厂里|店里|工头|包工头)[^，。,.!?！？]{0,3}(?:不肯|不愿|不给|唔肯|唔俾|冇俾|不让我)"
        r"(?:还|退|拿回|给回|俾返)(?:给)?(?:我们|我|阮)?(?:的|自己)?[^，。,.!?！？]{0,8}"
        r"(?:工具|摩托车|电动车|行李|物品|证件|档案|手机|电脑)"
    ),
    Event.CONTRACT_ENDED: re.compile(
        r"合同[^，。,.!?！？]{0,6}(?:到期|期满)[^，。,.!?！？]{0,8}(?:不续|不再续|不签了|不要我|终止|唔续)"
        r"|不(?:再)?(?:跟我|和我|同我|与我)?续签|不续约|不(?:再)?续(?:订)?(?:劳动)?合同|唔续约|唔同我续"
        # 第二次今年十月到期公司说不续了: the end told far from the word 合同
        r"|(?:到期|期满)[^，。,.!?！？]{0,8}(?:不续|不再续|唔续)"
        # 份合同做到月尾 老细话唔续喇: the contract's end, then the employer's word a clause on
        r"|合同[^。.!?！？]{0,16}(?:不|唔)(?:再)?续(?:了|喇|啦|嘞|咯|咗)"
    ),
    Event.LEAVE_REFUSED: re.compile(
        r"(?<![给批让准俾放])(?:没|不|冇|唔|无|未)(?:有)?(?:给|批|让|准|俾|放)(?:我|她|他|我们)?(?:休|请)?(?:过)?(?:陪产假|产假|育儿假|护理假|婚假|丧假|病假|探亲假|哺乳假|产检假|流产假)"
        r"|(?:陪产假|产假|育儿假|护理假|婚假|丧假|病假|探亲假|产检假)[^，。,.!?！？]{0,6}(?:没|冇|未|无|不)(?:有)?(?:给|批|让|放|准|听过)"
        # 厂里只给了一个月产假: the leave cut short
        r"|(?:只|才)(?:给|批|放|准|俾|让)(?:了|咗)?(?:我|她|阮|佢)?(?:休)?[^，。,.!?！？]{0,5}(?:陪产假|产假|育儿假|护理假|婚假|丧假|产检假)"
    ),
    Event.PENALTY: re.compile(
        r"违约金"
        # leaving, or leaving without the notice the employer sets, threatened with a sum docked (辞工要提前三个月讲
        # 不然扣一个月工资): a penalty on the worker by another name
        r"|(?:辞工|辞职|离职|提前)[^。.!?！？]{0,16}(?:不然|否则|要不然|要不|唔系)(?:的话)?(?:就|便)?(?:要)?(?:扣|罚|赔)"
        # 要走就罚一个月工资, 辞工要罚钱: a sum docked or owed for leaving at all
        r"|(?:走|辞职|辞工|离职|跳槽|不做|不干)(?:人|了)?(?:的话)?(?:就|要|便|会|都要)(?:要|得)?(?:罚|赔|扣|交)"
        r"(?:我|他|她|佢|阮)?[^，。,.!?！？]{0,6}?(?:工资|人工|工钱|钱)"
    ),
    Event.NO_HEAT_PAY: re.compile(
        r"(?:高温|防暑)(?:补贴|津贴|费|补助|钱)[^，。,.!?！？]{0,6}(?:没有|没|冇|无|未|不发|不给|唔俾|唔发)"
        r"|(?:没有|没|冇|无|未|不|唔)(?:有)?(?:发|给|俾)?(?:过)?(?:高温|防暑)(?:补贴|津贴|费|补助)"
    ),
    Event.LEAVE_DENIED: re.compile(
        r"(?:年假|年休假)[^，。,.!?！？]{0,6}(?:没|冇|未|无|不)(?:有)?(?:休|放|给|批|让)(?![完满够齐])"
        # (没有放的年假, 冇放嘅年假: the leave not taken, named after it)
        r"|(?:没|冇|未|从来没|从没|不给|不让|唔俾)(?:有)?(?:休|放|请)(?:过)?(?:的|嘅)?(?:年假|年休假)|(?:没有|冇|无)(?:年假|年休假)"
        # 年假这几年一天都没有: the leave "not there at all", the clause's last words (or before the question:
        # 一天年假都没有过想问)
        r"|(?:年假|年休假)[^，。,.!?！？]{0,6}(?:都|也)(?:从来|一直|根本|从)?(?:没有|冇|无)(?:过)?(?=[，。,.!?！？\s]|$|想问|我想|请问|问下|问一下)"
        # 年假最多俾五日…今年一日都冇放过: the leave named, then not one day of it taken a clause or two on
        r"|(?:年假|年休假)[^。.!?！？]{0,24}?(?:一天|一日)(?:都|也)(?:没|冇|未|无)(?:有)?(?:休|放|请)(?:过)?"
    ),
    Event.LEAVE_IMPOSED: re.compile(
        r"(?:叫|让|要|逼|强制|强迫|硬要|统一安排|安排)(?:我们|我|大家|全部人|所有人|全厂|员工|工人|阮|我哋)?"
        r"(?:全部|统一|都|一齐|一起|先|提前)?(?:去|在淡季)?(?:休|放|请)(?:掉|完|晒|咗)?(?:今年的?)?(?:年假|年休假)"
        r"|(?:年假|年休假)[^，。,.!?！？]{0,4}(?:被|给|俾)?(?:强制|统一)(?:安排)?(?:休|放)?"
        # 逼我们在淡季把年假休掉
        r"|(?:叫|让|要|逼|强制|强迫|硬要)[^，。,.!?！？]{0,8}把(?:今年的?)?(?:年假|年休假)(?:全部|都)?(?:休|放)(?:掉|完|晒)"
    ),
    Event.STOPPED: re.compile(
        r"停工(?!留薪)|停产|(?:没有|没|冇)(?:订单|单|活)(?:干|做)?[^，。,.!?！？]{0,8}(?:不用|不要|唔使|别)(?:来)?(?:上班|返工|开工)"
        r"|(?:订单少|没订单|没活|冇活|冇单)[^。.!?！？]{0,8}(?:不用|唔使|不要)(?:来)?(?:上班|返工)"
        # 没有单 老板叫我们全部回家放假: no orders, everyone sent home on leave
        r"|(?:没有|没|冇|无)(?:订单|单|活)(?:做|干)?[^。.!?！？]{0,14}(?:回家|返屋企|归厝)(?:放假|休息)"
        # 叫我们先回家等通知, 在家等开工: sent home to wait until work starts again
        r"|(?:回家|在家|返屋企|喺屋企|归厝|在屋里)(?:里)?(?:先)?等(?:通知|开工|复工|电话)"
        # 放长假没工资 (not 礼拜天放假没上班: a day off, no stoppage)
        r"|放(?:长)?假[^，。,.!?！？]{0,4}(?:没(?!上班|上工|做工|返工|开工|干活)|冇(?!返工|做工|上班|开工)|不发|只发)"
    ),
    Event.MADE_TO_PAY: re.compile(
        # (公司说要他赔一万二: told by a relative)
        r"(?:公司|老板|老细|单位|厂里|站长|主管|经理|头家|店长)[^，。,.!?！？]{0,4}(?:要|让|叫|逼|话|说)(?:我们|我|他|她|佢|阮|伊)"
        r"[^，。,.!?！？]{0,3}赔(?!我|给我|俾我|阮)"
        # 老板讲我们同一个班的都要一起赔: the employer telling the workers they must pay
        r"|(?:公司|老板|老细|单位|厂里|站长|主管|经理|头家|店长)[^，。,.!?！？\s]{0,3}(?:讲|说|话|呾)(?:我们|我|阮)"
        r"[^，。,.!?！？\s]{0,10}(?:要|得|着)(?:一起|全部|平摊|分摊)?赔(?!我|给我|俾我|阮)"
        r"|(?:从|在)?(?:工资|人工|工钱)(?:里)?(?:扣|抵)[^，。,.!?！？]{0,4}(?:赔|损失)"
        # 说我把宿舍空调弄坏了 要从我最后一个月工资里扣2000, 说我弄坏了机器 每月再扣1200: a thing broken, then a sum
        # taken from the pay for it
        r"|(?:弄坏|搞坏|损坏|打烂|整坏|整烂|打坏|弄丢|搞丢|弄烂|刮花|洗花|撞花|弄花|整花|刮坏|撞坏|碰坏|摔坏|摔烂)[^。.!?！？]{0,16}?(?:(?:从|在)[^，。,.!?！？]{0,8}(?:工资|人工|工钱)"
        r"[^，。,.!?！？]{0,8}(?:扣|抵)|(?:每个?月|一个?月)?(?:再|要|又|都)?扣(?:我|他|她|阮)?[\d一二两三四五六七八九十百千])"
        # 公司说要从我工资里扣八千: the employer taking a sum out of the worker's wages (not tax or insurance)
        # (店长又说我收银差了钱要从工资里扣: the employer says it of the worker, whose pay is named alone)
        # (told by a relative: 老板说是她看店没看好要从她工资里扣一千五)
        r"|(?:公司|老板|老细|单位|厂里|站长|主管|经理|头家|店长)[^，。,.!?！？]{0,3}(?:说|话|讲|呾)(?:是)?(?:我们|我|阮|他|她|佢|伊)"
        rf"[^，。,.!?！？]{{0,8}}(?:从|在)(?:我们|我|阮|他|她|佢|伊)?(?:的)?(?:工资|人工|工钱)(?:里|里面|中)?(?:扣|抵){NOT_WITHHELD}"
        # (told by a relative: 老板讲车损全部从他工资里扣)
        r"|(?:公司|老板|老细|单位|厂里|站长|主管|经理|头家|店长)[^，。,.!?！？]{0,6}(?:从|在)(?:我们|我|阮|他|她|佢|伊)(?:的)?"
        rf"(?:工资|人工|工钱)(?:里|里面|中)?(?:一次|一次性|直接|全部|分期|慢慢)?(?:扣|抵){NOT_WITHHELD}{NOT_PAID_OVER}"
        # 打坏了一批货主管讲要扣我一千五: a loss the worker caused, taken out of the pay
        r"|(?:打坏|弄坏|搞坏|整坏|做坏|修坏|损坏|打烂|整烂|报废|弄丢|搞丢|做错|拍不见|搞不见|弄不见|整不见|刮花|洗花|撞花|弄花|整花|刮坏|撞坏|碰坏|摔坏|摔烂)[^。!?！？]{0,12}扣(?:我们|我|阮)?"
        # 要从工资扣3000修车费: a repair bill taken out of the pay
        r"|(?:从|在)(?:我们|我|阮|他|她|佢|伊)?(?:的)?(?:工资|人工|工钱)(?:里|里面|中)?(?:扣|抵)[^，。,.!?！？]{0,8}(?:修车费|修理费|维修费|赔偿|损失)"
        # 收银短款一千二店长一次从工资里全扣了: a till's shortage taken out of the pay
        rf"|(?:短款|差款|缺款|收银差|对不上数)[^。!?！？]{{0,16}}(?:工资|人工|工钱)[^，。,.!?！？]{{0,4}}扣{NOT_WITHHELD}"
        # 老板说全责的不算工伤 车修了一万多还要他赔: the employer's damaged goods or vehicle to be paid for (not another
        # party's: 对方还要我赔)
        r"|(?:公司|老板|老细|单位|厂里|站长|主管|经理|头家|店长)[^。!?！？]{0,30}(?:车|货|机器|设备|东西|手机|电脑)"
        r"[^。!?！？]{0,4}(?:修了|修咗|修好|坏了|烂了|报废|撞坏)[^。!?！？]{0,10}(?<!对方)(?<!车主)(?<!司机)(?<!人家)"
        r"(?:还|都|就)?(?:要|叫|让|逼)(?:我们|我|他|她|佢|阮|伊)(?:来)?赔(?!我|给我|俾我|阮)"
        # 要我赔1200直接从最后一个月工资里扣, 老板赔了客人三千…要从他工资里扣回: a loss paid back out of the wages
        rf"|赔[^。!?！？]{{0,24}}(?:从|在)[^，。,.!?！？]{{0,8}}(?:工资|人工|工钱)[^，。,.!?！？]{{0,5}}?(?:里|里面|中)?(?:扣|抵){NOT_WITHHELD}"
    ),
    # 晕倒送医院是脑出血现在还住院, 生了场大病: an illness, not an injury at work (read as INJURED first)
    Event.ILL: re.compile(
        r"生病|生了[^，。,.!?！？]{0,3}病|(?<![毛通])病了|病倒|得了[^，。,.!?！？]{0,6}(?:病|癌|症)|患(?:了|上)[^，。,.!?！？]{0,6}(?:病|癌|症)"
        r"|住院|住了院|脑出血|脑梗|中风|癌症|肿瘤|动手术|做手术|开刀|(?:请|休)了?[^，。,.!?！？]{0,3}病假"
    ),
    Event.CERTIFICATE_REFUSED: re.compile(
        r"(?:不|没|冇|唔|未|无)(?:有)?(?:会|肯|愿意|想|同意|帮|给|同)?(?:我|我们)?(?:给|帮|同|俾|畀)?(?:我|我们)?(?:开|出|出具|办|写)(?:具)?(?:离职证明|解除证明|终止证明|解除劳动合同证明|离职证)"
        r"|(?:离职证明|解除证明|离职证)[^，。,.!?！？]{0,6}(?:不给|不开|不肯|不出|没给|没开|冇俾|唔俾|唔开|拖着|扣着|不办)"
        # 厂不肯给离职证明: given, not written; 社保又不帮我转: the insurance not transferred (the same duty on leaving,
        # 劳动合同法第五十条)
        r"|(?:不|没|冇|唔|未)(?:肯|愿意|会)?(?:给|俾|畀|发)(?:我们|我|他|她)?(?:开)?(?:离职证明|解除证明|终止证明|离职证)"
        r"|(?:社保|社会保险)(?:关系)?[^，。,.!?！？\s]{0,3}(?:不|没|冇|唔)(?:肯)?(?:帮|给|同)?(?:我们|我|他|她)?(?:转|转移|转出)"
    ),
    Event.FINAL_PAY: re.compile(
        r"(?:最后|尾|离职|走的时候|走之前|辞职|辞工)[^，。,.!?！？]{0,6}(?:工资|人工|粮|工钱|提成)[^，。,.!?！？]{0,6}(?:扣|押|压|不给|不发|唔俾|冇|没|拖|不结)"
        r"|(?:扣|押|不发|不给|不结|冇俾|唔俾|无俾)(?:着|住|了)?[^，。,.!?！？]{0,4}(?:最后|尾)[^，。,.!?！？]{0,4}(?:工资|人工|粮|工钱)"
        # 辞工要等下个月底才结工资: paid only some time after leaving
        r"|(?:辞工|辞职|离职)[^，。,.!?！？]{0,10}?(?:才|先)(?:能|可以|会)?(?:结|发|出粮|俾|给)(?:工资|人工|粮|工钱|钱)"
        r"|(?:走了|离职后|辞职后|唔做之后)[^，。,.!?！？]{0,6}(?:拿到|领到|攞到|结到)|(?:做满|做够)[^，。,.!?！？]{0,4}(?:先|才)(?:发|出粮|给|结)"
        r"|压(?:一个月|半个月|一个多月)(?:的)?(?:工资|人工)"
    ),
}
# A story speaking of a union (工会, 入会, 会费): only then are union topics issues of it.
UNION_WORDS = re.compile(r"工会|入会|会员|会费|经费|12351")
# A "where" ask about taking the employer on (要去边度告佢, 去哪里投诉他), not about who pays.
# Taking the employer on (哪里告, 去哪投诉), and with it asking where to get wages back or to apply (申请, 拿回).
TAKE_ON_WORDS = r"告|投诉|举报|仲裁|起诉|维权|讨薪|追讨"
# Or asks which office to go to about it (罚款这种事是找派出所还是找哪里); 找谁 asks who is liable (工钱要找谁) as often.
TAKE_ON = re.compile(TAKE_ON_WORDS + r"|找(?:哪里|哪个部门|什么部门|边度|叨位)")
# The employer's threat to take the worker to law (还说不赔就告他): no question of where the worker goes.
THREATENED_TAKE_ON_BEFORE = re.compile(
    r"(?:(?:不|唔)(?:肯)?(?:赔|还|给|俾)(?:钱)?(?:的话)?(?:就|便)(?:要|去)?)$"
)
WHERE_TO_COMPLAIN = re.compile(TAKE_ON_WORDS + r"|申请|攞返|要返|拿回")
# Forced resignation (逼我辞职, 要我主动离职) is a dismissal, and must not also read as a resignation.
# Money lent to someone who is not the employer (工友跟我借了一万块, 借给同事两千, 打了借条): a debt between persons,
# whatever the borrower did at work afterwards (他辞工回老家了). The employer borrowing is left out (老板跟我借钱).
# The employer's side borrowing the worker's wages (老板娘…跟我借了三个月工资, 写了张借条): wages withheld under a
# loan's name (an unpaid event), no personal loan.
WAGES_BORROWED = re.compile(_WAGES_BORROWED)
# The employer's side making the worker sign or write an IOU (头家叫阮签一张借条…, 老板拖了我五个月的工资…叫我写
# 一张借条): a note written over wages owed, not a loan.
EMPLOYER_IOU = re.compile(
    r"(?:老板|老细|头家|包工头|工头|公司|厂里)[^。.!?！？]{0,20}?(?:叫|让|要|逼|喊)(?:我们|我|阮|工人|大家)?"
    r"[^。.!?！？]{0,4}(?:签|写|打)[^。.!?！？]{0,6}借条"
    # 发不出工资 老板就给每个工人写了借条: the employer's side writing the workers notes for their wages
    r"|(?:老板|老细|头家|包工头|工头|公司|厂里)[^。.!?！？]{0,4}(?:给|帮|同|跟)(?:每个|每一个|我们|我|阮|工人|大家)"
    r"[^。.!?！？]{0,4}(?:写|打|开)(?:了|咗)?(?:一张|张|个)?借条"
)
_PERSONAL_LENDING = (
    r"(?<!老板)(?<!老细)(?<!头家)(?<!公司)(?<!厂里)(?:跟|向|问|找)(?:我们|我|阮)借(?:了|咗)?(?:钱|[\d一二两三四五六七八九十百千万几]+)"
    # 借三千给同厂个工友: the sum and the borrower's kind (同厂, 一个) between
    r"|借(?:了|咗)?(?:钱|[\d一二两三四五六七八九十百千万几]+(?:块钱|块|元|蚊)?)?给(?:[^，。,.!?！？\s]{0,3}?)(?:工友|同事|老乡|朋友|亲戚|他|她|佢|伊)"
    # 厂里工友借了我三千块: a workmate borrowing of the worker
    r"|(?:工友|同事|老乡|朋友|亲戚|同乡)借(?:了|咗|过)?(?:我们|我|阮)(?:的)?(?:钱|[\d一二两三四五六七八九十百千万几]+)"
)
# Money lent between persons told in so many words (借三千给同厂个工友, 工友借了我三千块)
PERSONAL_LENDING = re.compile(_PERSONAL_LENDING)
# ...or a 借条 (a loan's; a 欠条 is as often the 包工头's note for wages owed)
PERSONAL_LOAN = re.compile(_PERSONAL_LENDING + r"|借条")
# The worker's wages owed (工钱一直拖欠, 还欠我两个月工资): told in the unpaid event's own words, with someone on the
# employer's side named in the story (a scam's 对方 or a borrower is not).
OWED_WAGES = re.compile(
    r"(?:欠|拖|没发|没有发|不发|未发|冇发|无发|唔俾|没给|不给|发不出|发唔出)[^，。,.!?！？]{0,8}(?:工资|工钱|人工|薪水)"
    r"|(?:工资|工钱|人工|薪水)[^，。,.!?！？]{0,6}(?:欠|拖|没发|未发|不发|冇发|不结|没结|未结|冇结|唔结)"
    rf"|{_WAGES_BORROWED}"
    rf"|{_WAGES_ALL_KEPT}"
)
# Asking whether the worker can take someone to law (能告他吗, 可以起诉吗, 告得赢吗).
SUE_ASKED = re.compile(
    r"(?:告|起诉|仲裁|投诉)(?:他们|他|她|佢|伊|老板|公司|厂里)|(?:能|可以|可唔可以|能不能)(?:去)?(?:告|起诉)|告得(?:赢|过)"
)
EMPLOYER_SIDE = re.compile(r"老板|老细|头家|包工头|工头|判头|总包|公司|厂|单位|项目部")
# Who takes a deposit, the worker's papers or a fee out of the pay (`facts.taken_by_employer`): the employer's
# side, its staff, or the pay itself (从工资里扣200房租: only the employer pays the wage).
TAKER_EMPLOYER = re.compile(
    r"老板|老细|头家|包工头|工头|判头|公司|厂|单位|人事|财务|主管|组长|拉长|(?:从|在)(?:工资|人工|工钱)|(?:工资|人工|工钱)(?:里|中)"
    # taken on joining (进去的时候交了五百押金, 入职要交押金): the employer's, whatever the workplace is called
    r"|(?:进去|进来|入职|进厂|上岗|报到|招工|应聘|面试)(?:的)?(?:时候|时|那天|之前|前)?"
)
# ...and who else may (房东扣押金, 被交警罚了两百): the deposit or the fine is theirs.
_LANDLORDS = r"房东|业主|房主|包租|中介"
TAKER_OTHER = re.compile(rf"{_LANDLORDS}|交警|警察|派出所|城管|法院|学校|商家|店家|平台客服")
# A landlord's deposit (房东说我提前退租押金不退): the landlord named earlier in the same clause holds it.
LANDLORD_BEFORE = re.compile(rf"(?:{_LANDLORDS})[^，。,.!?！？]{{0,12}}$")
# A deposit paid on a booking or an order (在租车公司订了六辆婚车交了三千押金): the worker is the firm's customer,
# and the story's deposit no labour event.
BOOKED = re.compile(r"订了|订咗|订购|预订|预定|定了|报名")
# A prepaid card or membership bought (充了三千块会员卡, 办了张年卡, 储值): a business closing after it is one the teller
# paid as a customer, not the employer.
PREPAID = re.compile(
    r"会员卡|储值卡|预付卡|充值卡|次卡|年卡|月卡|办了(?:张|一张)?卡|(?:充|存)(?:了|咗)[^，。,.!?！？]{0,8}(?:卡|会员)"
)
# Working, or on the way to or from work, just before an injury is told (送餐路上被小车撞了, 上班时被机器压伤,
# 下班途中摔倒): the injury is a 工伤 question, not a road accident on a day off (回来路上, 休息日开车).
WHILE_WORKING = re.compile(
    r"(?:上班|下班|返工|放工|收工|送餐|送外卖|送货|送快递|送件|送单|派件|派送|配送|跑单|接单|干活|做工|做嘢|开工|工作|出车|拉货"
    r"|搬货|装货|卸货|施工|巡逻|值班)"
    r"(?:的|那)?(?:时候|时(?!间)|途中|路上|过程中)"
    # 下夜班回宿舍的路上, 放工返屋企路上, 下班骑摩托车回出租屋路上, 下了夜班骑电动车回出租屋 在路上
    r"|(?:上|下|返|放)(?:了|咗)?(?:夜|早|晚|中|白)?(?:班|工)[^，。,.!?！？]{0,10}?(?:途中|路上)"
    # 骑电动车去厂里上班在路口被小车撞了: riding (driving, taking a bus) to work when it happened; not taking someone
    # else to theirs (开车送老婆去上班)
    r"|(?:骑|开|坐|搭|踩|揸)[^，。,.!?！？送载带接]{0,8}?(?:去|返)[^，。,.!?！？]{0,6}?(?:上|返)(?:夜|早|晚|中|白)?(?:班|工)"
    # 在窑炉车间被烫伤, 喺工地畀钢筋插伤: where the work is done, told just before the injury
    r"|(?:在|喺|响|伫)(?![^，。,.!?！？]{0,4}(?:家|屋企|宿舍|出租))[^，。,.!?！？]{0,6}?"
    r"(?:车间|厂里|厂房|工地|地盘|仓库|货仓|流水线|生产线|机台|工位|岗位|窑炉|窑上|车床)[^，。,.!?！？]{0,4}?(?:被|给|俾|畀|让|时)"
    # 送件到村里被狗咬了: on a delivery, where it was going
    r"|(?:送餐|送外卖|送货|送快递|送件|送单|派件|拉货)(?:到|去)[^，。,.!?！？]{1,8}?被"
    # hurt by the people the work serves (一个喝醉的客人…拿酒瓶砸我的头, 被病人家属打伤): at work, by violence
    r"|(?:客人|顾客|客户|乘客|病人|病人家属|家属|食客|住客)[^，。,.!?！？]{0,14}?(?:打|砸|推|踢|泼|咬|捅|刺)"
    # 骑摩托去送货 被车撞着: setting off on the job's errand, then struck
    r"|去(?:送餐|送外卖|送货|送快递|送件|送单|派件|拉货|收货|提货)[，,\s]?(?:被|乎|俾|畀)"
    # 在厂里受了伤, 喺车间整亲: at the workplace, the injury told right after it (the window ends at the injury)
    r"|(?:在|喺|佇)(?:厂里|厂内|车间|工地|工厂|仓库|地盘|流水线|生产线)[^，。,.!?！？\s]{0,3}.$"
)
# The worker off work when what the story tells happened (今日放假揸自己架车去揭西办事, 礼拜日无做工家己骑摩托去食喜酒,
# 上个礼拜天休息自己开车带家人去吃饭): what work they do is background, not where it happened.
DAY_OFF = re.compile(
    r"(?<![没不冇唔无未])(?:放假|休息|休假|轮休|调休)(?![室区日的时])"
    r"|(?:无|冇|没|唔使|不用|没有)(?:做工|上班|返工|开工)"
)
# A road accident (被一辆小车撞了, 被面包车追尾, 出了车祸), and a trip of the worker's own it may happen on (去汕头食喜酒,
# 带儿子去水库钓鱼, 去普宁吃饭): with the worker off, the accident is no work injury (not on the way to or from work).
ROAD_ACCIDENT = re.compile(
    r"(?:车|摩托|电动车|单车)[^，。,.!?！？]{0,6}(?:撞|追尾|刮倒|碰倒)|撞(?:着|到|倒|伤|了)|追尾|车祸|交通事故"
)
OWN_TRIP = re.compile(
    r"(?:去|到)[^，。,.!?！？]{0,8}?(?:吃饭|食饭|饮茶|喝茶|吃喜酒|食喜酒|喝喜酒|饮喜酒|吃酒|喝酒|钓鱼|旅游|游玩|玩|逛街|探亲|走亲戚|办事|买菜|买东西|买嘢|唱歌|看病|睇医生)"
)
# ...unless the trip is home or to the dormitory (放假回老家路上: between work and home may be the way from work),
# back to work (叫我回去加班…回厂的路上), one the employer organised (公司组织去旅游), or a break in the working day
# (中午休息出去买饭).
HOME_TRIP = re.compile(
    r"回家|回老家|返屋企|返乡下|归厝|回宿舍|返宿舍|回出租屋|回厂|返厂|回公司|回单位|回去(?:上班|加班|开工|返工)"
    r"|组织|中午休息|午休|休息时间"
)
# Hurt by a machine of the trade (被机器夹伤, 手被冲床压断, 被啤机压伤): the injury itself tells it happened at work.
WORK_MACHINE = re.compile(
    r"机器|机床|冲床|啤机|压机|车床|铣床|刨床|钻床|磨床|切割机|绞肉机|搅拌机|注塑机|织布机|传送带|流水线|模具|叉车|吊机|塔吊"
)
FORCED_RESIGNATION = re.compile(
    r"(?:逼|让|叫|要|劝)(?:我们|我|她|他)(?:自愿|主动)?(?:去)?(?:写|办|签|交)?(?:离职|辞职|辞工|走人)"
    r"|(?:逼|让|叫|要|劝)(?:我们|我|她|他)(?:自己|家己)(?:走|离职|辞职|辞工)"
    # 叫我们要么跟过去要么自己写辞职, 不去就自己辞职: the worker's leaving set as the employer's alternative
    r"|(?:逼|让|叫|要|劝)(?:我们|我|她|他)[^，。,.!?！？]{0,12}(?:要么|或者|不然|否则|不去就|不肯就)[^，。,.!?！？]{0,3}"
    r"(?:自己|家己)?(?:写|办|签|交|打)?(?:离职|辞职|辞工|走人)"
    # the employer telling the worker it counts as their own leaving (那就算你自己辞工): not the worker's asking
    # whether it does (这样算我辞职吗)
    r"|(?:算|当|当作|视为|按)(?:你们|你)(?:是)?(?:自己|主动|家己)?(?:离职|辞职|辞工|走人)"
)
NEGATABLE = {
    Event.DISMISSED,
    Event.RESIGNED,
    Event.INJURED,
    Event.TRANSFERRED,
    Event.UNPAID,
    Event.OVERTIME,
    Event.PAY_CUT,
}

ASKS: dict[Ask, re.Pattern[str]] = {
    Ask.HOW_LONG: re.compile(
        r"多久|多长时间|多长|(?<![十百千万\d赔补给拿这那])(?:几天|几个月|几年)|多少天|多少个月|多少年|多少时间|期限|时效|几耐|几时|什么时候|几长|几日"
    ),
    Ask.HOW_MUCH: re.compile(
        # not how much the worker must repay (我到底还要还多少: a debt of the worker's)
        r"(?<!还)多少(?!天|个月|年|时间)|几多|几钱|偌济|若济|怎么算|咋算|如何计算|怎样算|怎么计算|点计|能赔|给多少|几倍|赔偿标准|补偿标准|怎么赔|咋赔|赔几"
    ),
    Ask.COST: re.compile(
        r"(?:仲裁|打官司|官司|告(?:佢|伊|他|她|老板|老细|头家|公司|厂)?|起诉|申请)[^。.!?！？]{0,12}"
        r"(?:要不要|要唔要|使唔使|使不使|用不用|需不需要|需要|收不收|收唔收|要)(?:交|俾|给|畀|出|花|收)?(?:钱|费|费用)"
        r"|(?:仲裁|诉讼|官司)(?:费|收费|要钱|要几多钱|要多少钱)"
    ),
    # the mother's rest after the birth (生完以后可以休多久, 生了以后会有几天假); not a father asking his own
    # (老婆生孩子我能休几天: 陪产假)
    Ask.BIRTH_LEAVE: re.compile(
        r"(?:生完|生了|生孩子|生小孩|生宝宝|生仔|生的时候|坐月子|预产期)(?:以后|之后|后|的时候)?[^，。,.!?！？我]{0,8}"
        # 生了可以歇多少日 (歇: Teochew for resting)
        r"(?:(?:可以|能|会)?(?:休|放|歇)(?:假|息)?(?:多久|几天|多少天|多少日|几耐|几日|几个月|多长时间)"
        r"|(?:有|给|放|休|俾|畀)(?:几天|几日|多少天|多少日|几个月|多久)(?:的)?(?:假|产假)"
        # 生完小孩产假有几天 (a question on the leave alone, 广东产假有几天, is any question)
        r"|产假(?:有|是|放|休|给|可以休|能休|可以放|能放)?(?:几天|几日|多少天|几个月|多久|几耐|几长|多长时间)"
        # 生完只可以放三个月假: the rest the employer allows, told as a number (is it right?)
        r"|(?:只|才)(?:可以|能|准|会)?(?:休|放|歇|给|俾|畀)[\d一二两三四五六七八九十]{1,3}(?:个月|天|日)(?:的)?(?:假|产假))"
    ),
    Ask.LIMITATION: re.compile(
        r"时效|(?:过了|超过|超了|过咗)(?:时间|期限|期|一年)[^，。,.!?！？]{0,4}(?:告|仲裁|起诉|申请|投诉)"
        r"|(?:这么久|那么久|咁耐|太久|隔了[^，。,.!?！？]{1,4})(?:了)?(?:还|仲)(?:能|可以|可不可以|能不能|得唔得|来得及|嚟唔嚟得切)"
        r"(?:去)?(?:告|仲裁|起诉|申请|投诉)?"
        r"|(?:还|仲)(?:来得及|来不来得及|赶得及|嚟得切|嚟唔嚟得切)"
        # 现在过了大半年…还能不能找劳动部门: the time gone by, then whether a claim can still be made
        r"|(?:过了|隔了|过咗)(?:大半年|半年多|一年多|[一二两三四五六七八九十\d]+(?:年|个月)多?)[^。!?！？]{0,50}"
        r"(?:还能不能|还可不可以|还可以|还能|仲可唔可以|仲得唔得)(?:找|去|到|揾)?(?:劳动|仲裁|监察|人社|告|投诉|起诉)"
        # 是不是时间拖久了就要不回来了: whether waiting loses the claim
        r"|(?:时间|拖)[^，。,.!?！？]{0,3}(?:久|长)(?:了)?[^，。,.!?！？]{0,4}(?:要不回|拿不回|讨不回|追不回|告不了|作废)"
        # 去年的加班现在还能告吗: what is owed from a past year, whether it can still be claimed
        r"|(?:去年|前年|大前年|几年前|两年前|三年前)的[^，。,.!?！？]{0,8}(?:现在)?(?:还|仲)(?:能|可以|能不能|可不可以|可唔可以)"
        r"(?:去)?(?:告|要|讨|追|申请|仲裁|起诉|投诉|拿)"
    ),
    Ask.PATERNITY: re.compile(
        r"(?:老婆|太太|爱人|妻子|媳妇|她)(?:要|快|快要)?(?:生|坐月子)[^。!?！？]{0,12}(?:我|老公)[^。!?！？]{0,6}"
        r"(?:请假|休假|放假|请几天|休几天)"
        r"|(?:男的|男人|男职工|男员工|我们男的)(?:就|都|也)?(?:没有|冇|无|有没有|有冇|能不能|可不可以|可以)(?:这种|这个|什么|咩)?假"
    ),
    Ask.FORM_UNION: re.compile(
        r"(?:成立|组建|建立|筹建|搞|建|组织)(?:一个|个|起|起来)?(?:自己的)?工会"
        r"|(?:没有|冇|无|没)工会[^。.!?！？]{0,8}(?:成立|组建|建立|筹建|搞|建|组织)(?:一个|个|起|起来)"
    ),
    Ask.JOIN_UNION: re.compile(
        r"(?:入|加入|参加|加|入埋)(?:得|到)?工会|(?<!工会)入(?:得)?会(?=[^，。,.!?！？]{0,3}(?:吗|么|冇|无|不|唔|嘛|呢|啊|没|\?|？))"
        r"|(?:能不能|可不可以|可唔可以|能否|得唔得|会不会|可以|能)(?:入|加入|参加)(?:工会|会)"
    ),
    # 工会有没有上大学的补助, 工会可唔可以帮补下: the union's own help (its services, not a rule of labour law)
    Ask.UNION_HELP: re.compile(
        r"工会(?:有没有|有冇|有无|能不能|可不可以|可唔可以|会不会|能否|可以|能|会)[^，。,.!?！？]{0,10}"
        r"(?:补助|补贴|帮扶|救助|助学|慰问|资助|帮补|困难|救济)"
    ),
    Ask.PAY_INCLUDED: re.compile(
        r"(?:加班费|加班工资|加班钱|加点费)[^，。,.!?！？]{0,8}(?:包在|包含在|含在|算在)(?:了)?"
        r"(?:工资|底薪|基本工资|人工|工钱)(?:里|里面|内|中)?"
        r"|(?:工资|底薪|基本工资|人工)(?:里|里面)?(?:已经|早就)?(?:包|包含|含)(?:了)?加班(?:费|工资|钱)"
    ),
    # how long taking the employer on takes (要几耐先有结果, 多久才能判下来, 仲裁要多长时间; not 仲裁时效多久)
    Ask.APPLY_PAPERS: re.compile(
        r"(?:仲裁|打官司|官司|告(?!诉)(?:佢|伊|他|她|老板|老细|头家|公司|厂)?|起诉)[^。.!?！？]{0,12}?"
        r"(?:准备|带|交|提交|拿|备)(?:好|齐)?(?:些|啲)?(?:什么|啥|咩|哪些|乜嘢|乜|甚么|边啲)(?:样的|嘅|的)?"
        r"(?:材料|资料|证据|证明|东西|文件|手续|嘢)"
        r"|(?:仲裁|起诉)?申请书(?:要|应该)?(?:怎么|点样|点|咋|如何)(?:写|填)"
    ),
    Ask.RESULT_TIME: re.compile(
        r"(?:多久|多长时间|几耐|几长时间|几时)(?:才|先|正|能|可以|会|有)*(?:出|得到|拿到)?"
        r"(?:结果|判决|裁决|判下来|裁下来|处理完|办完)"
        r"|(?:仲裁|打官司|官司|起诉)(?:要|需要|大概|一般|要花)?(?:多久|多长时间|几耐|几长时间)"
        # 要去哪里申请 大概要多久: how long the application takes, asked right after it
        r"|(?:申请|仲裁|投诉|起诉|告)[^，。,.!?！？]{0,2}[\s，,]?(?:大概|一般)?(?:要|需要)(?:多久|多长时间|几耐|几长时间)"
    ),
    # how long ahead to tell (还要提前多久跟厂里讲, 要提前几天打报告, 使唔使提前讲): the notice of a resignation
    Ask.NOTICE: re.compile(
        r"提前(?:多久|多长时间|几天|几日|几耐|多少天|多少日|几个月|几长)"
        r"|(?:要不要|要唔要|使唔使|使不使|用不用|需不需要)提前[^，。,.!?！？]{0,4}(?:讲|说|通知|报告|打报告|交|递|打招呼|讲声)"
        # 说我没提前一个月讲 (the employer's reason to hold back pay from a worker who left): the notice in question
        r"|(?:说|讲|话|呾|怪)(?:我们|我|她|他|佢|阮)(?:是)?(?:没|冇|无|唔|没有|未)(?:有)?提前[^，。,.!?！？]{0,6}"
        r"(?:讲|说|通知|报告|打报告|辞职|辞工|申请|打招呼|讲声|交)"
    ),
    Ask.LAWYER: re.compile(
        r"(?:没钱|冇钱|无钱|没有钱|请不起|搵不起|付不起|出不起)[^，。,.!?！？]{0,4}律师"
        r"|律师(?:费)?[^，。,.!?！？]{0,6}(?:付不起|出不起|请不起|太贵|好贵|没钱|冇钱|无钱)|法律援助|法援"
    ),
    Ask.LEAVE_PAY: re.compile(
        r"(?:产假|坐月子|生孩子|生小孩|生仔)[^，。,.!?！？]{0,6}(?:工资|工钱|人工|薪水|钱|津贴)[^，。,.!?！？]{0,4}"
        r"(?:发|给|俾|畀|有|算|拿|谁出|谁给|谁发|怎么办|点算|找谁|谁管)|生育津贴"
        # 休产假的时候有没有钱
        # (放几耐产假，放假有冇人工攞: the pay asked after a comma, of the leave just named)
        r"|(?:产假|坐月子)(?:[，,\s](?=放假|休假|休息|期间|这几天|那几天|嗰几日))?[^，。,.!?！？]{0,6}"
        r"(?:有没有|有冇|有无|有冇得|冇)(?:钱|工资|工钱|人工|津贴)"
        # 产假期间不发工资, 产假只有98天多出来的天数不给工资: the leave's pay refused (not wages owed after it: 产假回来后)
        r"|(?:产假|坐月子)(?:(?!回来|之后|以后|结束|完|后)[^，。,.!?！？]){0,12}(?:不|没|冇|唔|无)(?:有)?(?:发|给|俾|畀)"
        r"(?:工资|工钱|人工|钱)"
        # 产假期间只发一千七百五: the leave's pay told as a smaller sum
        r"|(?:产假|坐月子)(?:期间|的时候|嘅时候|期内)?[^，。,.!?！？]{0,4}只(?:发|给|俾|畀)"
    ),
    Ask.PAY_HOW: re.compile(
        r"(?:钱|工资|工钱|人工)(?:应该|应当|要|又|会)?(?:怎么|点样|点|咋|如何|怎样)(?:给|发|俾|畀|算|出)"
        r"|(?:钱|工资|工钱|人工)(?:由|归)?谁(?:来)?(?:出|给|发|俾|付)"
        # whether the days off are paid (可以休几天这几天有没有钱): asked of whatever leave the story is about
        r"|(?:这几天|那几天|这段时间|那段时间|期间|嗰几日|休假的时候|放假的时候)[^，。,.!?！？]{0,2}(?:有没有|有冇|有无|冇)"
        r"(?:钱|工资|工钱|人工)"
    ),
    Ask.COMPENSATION: re.compile(
        r"补偿|赔偿|(?:赔|补)(?:几多|多少|几钱|偌济)|有钱补|N\+1|n\+1|2N|2n"
        # 要赔钱吗, 有没有得赔 (对方要我赔钱 asks nothing)
        r"|赔钱(?:吗|么|嘛|不|没有)|(?:有没有|有冇|有无|有)得(?:赔|补)"
        # 能拿回什么, 可以要到啲乜: what the worker can get back on leaving
        r"|(?:能|可以|可|会)(?:拿|要|讨|攞)(?:回|到|返)?(?:什么|啥|咩|乜|啲乜|哪些|些什么)"
    ),
    Ask.WHERE: re.compile(
        r"去哪里|去哪儿|去哪|到哪里|到哪|哪里投诉|哪里告|哪里申请|哪里办|哪个部门|哪个单位|哪个机构|找谁|找哪|向谁|叨位|边度|去边|喺边|哪里可以"
        r"|在哪里|在哪|上哪|投诉电话|什么部门|咩部门|哪里.{0,4}(?:投诉|举报|仲裁|告|申请)"
        r"|谁(?:来)?(?:出|付|赔|负责|承担|报销|买单)|边个(?:出|俾|赔|负责)"
        # 哪里会管, 谁来管, 边个管: who deals with it
        r"|(?:哪里|哪个|谁|边个|边度)(?:会|能|可以|来)?管"
    ),
    Ask.IS_LEGAL: re.compile(
        r"合法吗|合法不|合不合法|违法吗|违不违法|是否合法|是否违法|犯法|可以吗|可不可以|可以不|能不能|能否|有没有权|有权|算不算|合理吗|合不合理"
        r"|(?:可以|能|会|有|要|算|是不是).{0,12}吗|合唔合法|违唔违法|系唔系|对吗|对不对|允许吗|有冇权|得唔得|可唔可以|系咪|行不行|应不应该|该不该|是不是违法|是不是合法|有没有|有冇|会不会|违法不|算违法"
    ),
    Ask.WHAT_TO_DO: re.compile(
        # 点做 / 点算 is "how", but not after a clock hour (早上八点做到晚上八点)
        r"怎么办|咋办|怎么处理|如何处理|怎么维权|如何维权|(?<![\d一二两三四五六七八九十几早晚半])点(?:算|办|做)"
        r"|怎么做|该怎么|要怎么|怎样做|如何是好|按怎|怎么弄|怎么搞"
    ),
}

# A platform named as the worker's customer or a caller's cover story (点外卖, 寄快递, 讲是快递公司的, 坐滴滴), not
# as their work: the words just before the platform word, up to it.
AS_CUSTOMER = re.compile(
    r"(?:(?:点|叫|订|收|寄|取|拿)(?:了|咗)?(?:个|份|一个|一份)?|(?:讲|说|话|呾|自称)(?:是|系)?"
    r"|(?:坐|搭|打|叫)(?:了|咗)?(?:个|一个|一辆|辆|架)?)(?:外卖|快递|美团|饿了么|滴滴|网约车|货拉拉)$"
)
WORKER_TYPES: dict[WorkerType, re.Pattern[str]] = {
    WorkerType.PLATFORM: re.compile(
        # a courier who delivers (送快递, 快递员), not any job at a courier firm (快递网点做客服)
        r"外卖|骑手|跑腿|网约车|滴滴|快递员|快递小哥|(?:送|跑|派)快递|派(?:件|丢|错|送)|送件|美团|饿了么|闪送|货拉拉|代驾|配送员|送餐|跑单|众包"
    ),
    # 劳务公司派到仓库, 人力公司派我们去厂里: sent by an agency to work at another firm
    WorkerType.DISPATCH: re.compile(
        r"派遣|(?:劳务|人力|中介|外包)(?:公司|派遣公司)[^，。,.!?！？]{0,6}(?:派|调|安排)(?:我们|我|她|他|佢)?(?:到|去|过去)"
    ),
    WorkerType.CONSTRUCTION: re.compile(
        # (家具厂做木工: a factory's carpenter is no builder)
        r"包工头|工地|工头|建筑|装修队|泥水|搬砖|钢筋|(?<!厂)(?<!厂做)(?<!厂里做)(?<!厂当)木工|架子工|施工队|做工程|包工"
    ),
    WorkerType.RETIRED: re.compile(r"退休|返聘|超龄|领养老金|拿养老金|领退休金|过了退休"),
    WorkerType.PART_TIME: re.compile(r"兼职|小时工|钟点工|非全日制"),
    WorkerType.TEMPORARY: re.compile(r"临时工|散工|日结|短工|零工"),
    WorkerType.INTERN: re.compile(r"实习|学生工|暑假工|寒假工"),
    # in probation now or when it happened, not the probation agreed (试用期三个月) nor one past (试用期过了)
    WorkerType.PROBATION: re.compile(
        r"试用期(?:内|间|期间|中|里|里面|未满|未过)|(?:还在|仍在|正在|仲喺|还喺|在)试用期"
        r"|试用期(?:还|都|仲)?(?:没|冇|未|无|唔)(?:有)?(?:过|满|到|结束)"
        r"|试用期(?:才|只|刚|就)?(?:做|干|上班|返工|做工)(?:了|咗)?(?:[\d〇零一二两三四五六七八九十半几]|不到|唔够|未够)"
    ),
}
# 明年五十岁到退休年龄了, 快要退休, 到时领不了退休金: retirement still ahead or out of reach, said of a worker
# who is not retired yet (within the clause, just before the word).
NOT_RETIRED_YET_BEFORE = re.compile(
    r"(?:明年|后年|下个月|下年|快|快要|马上|就要|将要|准备|还差|差不多|到时|还没|没到|未到|不到)[^，。,.!?！？]{0,6}$"
    r"|(?:不了|不到|不能|唔到|冇得|没得|没法)\s*$"
)


class Sex(StrEnum):
    """The worker's sex, for the statutory retirement age."""

    MALE = "male"
    FEMALE = "female"


class Post(StrEnum):
    """For a woman's original retirement age: 55 for 干部 and management posts, 50 for 工人."""

    CADRE = "cadre"
    WORKER = "worker"


# The worker saying what they are; kept narrow ("男朋友", "女儿" are someone else).
SEX_WORDS: dict[Sex, re.Pattern[str]] = {
    Sex.MALE: re.compile(
        r"男职工|男工人|男员工|男工|男性|男的|男个|男人|男同志|男士|(?:我|本人|佢|我系|我是|性别)\s*(?:是|系)?\s*男(?![朋孩友仔儿生])"
    ),
    Sex.FEMALE: re.compile(
        r"女职工|女工人|女员工|女工|女性|女的|女个|女人|女同志|女士|妇女|(?:我|本人|佢|我系|我是|性别)\s*(?:是|系)?\s*女(?![朋孩友仔儿生])"
    ),
}
# A story told of a relative who is its subject (我爸在榕城一个小区当保安, 阮老公佇…做工): the relative's sex, when the
# worker says none of their own. Only at the story's start and before what they do, so 我老婆生了 (the teller's
# paternity leave) says nothing.
_RELATIVE_SUBJECT_AFTER = (
    r"(?=在|喺|佇|今年|去年|前年|是|系|做|干|于|从|以前|之前|已经|都|\d|[一二三四五六七八九十两])"
)
_RELATIVE_START = r"^[^，。,.!?！？]{0,6}?(?:我|阮|俺)(?:家|屋企)?"
RELATIVE_SEX: dict[Sex, re.Pattern[str]] = {
    Sex.MALE: re.compile(
        _RELATIVE_START
        + r"(?:老公|丈夫|爸爸|老爸|老豆|老窦|阿爸|爸|父亲|儿子|仔|弟弟|细佬|弟|哥哥|大佬|哥)"
        + _RELATIVE_SUBJECT_AFTER
    ),
    Sex.FEMALE: re.compile(
        _RELATIVE_START
        + r"(?:老婆|妻子|媳妇|妈妈|老妈|老母|阿妈|妈|母亲|女儿|女|姐姐|家姐|姐|妹妹|妹)"
        + _RELATIVE_SUBJECT_AFTER
    ),
}
POSTS: dict[Post, re.Pattern[str]] = {
    Post.CADRE: re.compile(r"干部|管理岗|管理人员|管理层|管理职位|行政管理"),
    Post.WORKER: re.compile(r"工人|普工|操作工|生产线|流水线|车间|一线工"),
}
# A birth date: 1972年5月出生, 72年出世, 出生于1972年; two-digit years are 19xx from 30 (workers are adults).
BIRTH_DATE = re.compile(
    r"(?<!\d)(?:(?P<y4>(?:19|20)\d{2}|(?:一九|二[〇零○])[〇零○一二三四五六七八九]{2})|(?P<y2>\d{2}))\s*年\s*(?:(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|正)\s*月份?)?"
    r"\s*(?:\d{1,2}\s*[日号])?\s*(?:出生|出世|生人|生的|嘅|的人|生个)"
    r"|(?:出生于|出生在|出生年月是?|生于)\s*(?:(?P<y4b>(?:19|20)\d{2})|(?P<y2b>\d{2})(?!\d))\s*年\s*(?:(?P<mb>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|正)\s*月)?"
)

# Age from which a worker is treated as past retirement age here: 60 is men's original statutory age;
# the exact date under the gradual reform is left to the calculators and the official table.
RETIREMENT_AGE = 60

BIRTHS: dict[BirthKind, re.Pattern[str]] = {
    # not 生了场大病: an illness
    BirthKind.BIRTH: re.compile(
        r"生了(?![^，。,.!?！？]{0,4}病)|生完|生小孩|生孩子|生宝宝|分娩|坐月子|产后|生仔|生咗|刚生|生BB|生bb"
    ),
    BirthKind.NATURAL: re.compile(r"顺产|自然分娩|自然生"),
    BirthKind.CAESAREAN: re.compile(r"剖腹产|剖宫产|剖腹|剖了|开刀生"),
    BirthKind.DIFFICULT: re.compile(r"难产"),
    BirthKind.MULTIPLE: re.compile(r"双胞胎|龙凤胎|双胎|三胞胎|多胞胎"),
    BirthKind.MISCARRIAGE: re.compile(r"流产|小产|胎停|引产|终止妊娠"),
}
BABIES = {"双胞胎": 2, "龙凤胎": 2, "双胎": 2, "三胞胎": 3}

JIEYANG = "揭阳市"
GUANGDONG = "广东省"
_PLACES: dict[str, str] = dict.fromkeys(
    ("揭阳", "揭西", "普宁", "惠来", "榕城", "揭东", "空港经济区"), JIEYANG
)
_PLACES |= dict.fromkeys(
    (
        "广东 广州 深圳 东莞 佛山 珠海 中山市 惠州 江门 汕头 潮州 汕尾 梅州 河源 清远 韶关 肇庆 云浮 阳江 茂名 湛江 "
        "顺德 番禺 潮汕 宝安 龙岗 南山区 虎门 长安镇"
    ).split(),
    GUANGDONG,
)
_PROVINCES = (
    "河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 海南 四川 贵州 云南 陕西 甘肃 青海 台湾"
).split()
_PLACES |= {name: name + "省" for name in _PROVINCES}
_PLACES |= {name: name + "市" for name in ("北京", "天津", "上海", "重庆")}
_PLACES |= {
    "广西": "广西壮族自治区",
    "内蒙古": "内蒙古自治区",
    "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区",
    "新疆": "新疆维吾尔自治区",
    "香港": "香港特别行政区",
    "澳门": "澳门特别行政区",
}
_CITIES = {
    "浙江省": "杭州 宁波 温州 义乌",
    "江苏省": "苏州 南京 无锡 昆山 常州",
    "福建省": "厦门 福州 泉州 晋江",
    "湖南省": "长沙",
    "湖北省": "武汉",
    "四川省": "成都",
    "河南省": "郑州",
    "山东省": "青岛 济南",
    "陕西省": "西安",
    "广西壮族自治区": "南宁",
    "海南省": "海口 三亚",
}
for _province, _names in _CITIES.items():
    _PLACES |= dict.fromkeys(_names.split(), _province)
PLACES = _PLACES
PLACE = re.compile("|".join(sorted(map(re.escape, PLACES), key=len, reverse=True)))
ORIGIN_BEFORE = re.compile(r"(?:老家|户口|户籍|籍贯|来自|回|回到|祖籍|出生在|出生于)(?:是|在)?$")
ORIGIN_AFTER = re.compile(r"^(?:人|籍|口音|老家|户口)")
WORKPLACE_BEFORE = re.compile(r"(?:在|喺|到|去|来)$")
