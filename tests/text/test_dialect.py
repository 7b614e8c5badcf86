"""Dialect and typo normalisation: workers' sentences in, canonical Mandarin out (bot.text.dialect)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from opencc import OpenCC

from bot.text.dialect import (
    DIALECTS,
    Lexicon,
    canonicalise,
    default_lexicon,
    explain,
    normalise_script,
)

# (what a worker types, the canonical text retrieval should see)
SENTENCES = [
    # Teochew: 有身 = pregnant, 姿娘 after a possessive = wife
    ("阮姿娘有身了，头家呾伊做工慢", "阮老婆怀孕了,老板说他上班慢"),
    ("阮有身三个月了", "我怀孕三个月了"),
    # Cantonese
    ("咁样啱唔啱", "这样对不对"),
    ("老细话今个月冇粮出，点算好？", "老板说这个月没有工资出,怎么办?"),
    ("老世成日拖粮，仲扣粮，我哋可以点做？", "老板总是拖欠工资,还扣工资,我们可以怎么做?"),
    ("事头婆话我哋返夜班冇补水", "老板娘说我们上夜班没有加班费"),
    ("波士唔肯俾人工，佢话下个月先出粮", "老板不肯给工资,他说下个月先发工资"),
    ("我喺波士顿嘅公司返工", "我在波士顿的公司上班"),
    ("老细炒鱿鱼，冇N+1", "老板辞退,没有N+1"),
    ("事头唔俾假", "老板不给假"),
    ("粮期过咗仲欠粮，双粮都冇", "发薪日过了还拖欠工资,双薪都没有"),
    ("工头话年底先一次过结数", "包工头话年底先一次过结算"),
    ("老细哋唔理，人哋都有", "老板们不理,别人都有"),
    ("公司炒我鱿鱼，工会都唔知", "公司辞退我,工会都不知道"),
    ("佢哋炒佢鱿鱼，冇俾钱", "他们辞退他,没有给钱"),
    ("我俾老细炒咗，点计赔偿？", "我被老板辞退了,怎么算赔偿?"),
    ("老细话要炒晒我哋", "老板说要全部辞退我们"),
    ("主管讲要炒人", "主管讲要辞退人"),
    ("顶唔顺就劈炮，定系辞工好？", "顶不顺就辞职,还是辞职好?"),
    ("鉴定系十级，认定系工伤", "鉴定系十级,认定系工伤"),  # not 定系 (还是)
    ("厂里话我自离，冇得拎工资", "厂里说我自动离职,没得拎工资"),
    ("有冇签合同都要俾加班费？", "有没有签合同都要给加班费?"),
    ("佢畀老细扣咗人工", "他被老板扣了工资"),
    ("老细唔畀假期我", "老板不给假期我"),
    ("人工冇出，点算？", "工资没有出,怎么办?"),
    ("点样申请仲裁？", "怎样申请仲裁?"),
    ("点解唔俾我放年假？", "为什么不给我放年假?"),
    ("做咗几耐先有年假？", "做了多久先有年假?"),
    ("做咗成年半都冇签合同", "做了一年半都没有签合同"),
    ("我做咗成年，人工四千二", "我做了一年,工资四千二"),
    ("佢唞咗成个月", "他唞了一个月"),
    ("几时出粮？几多钱一个钟？", "什么时候发工资?多少钱一个小时?"),
    ("返工几钱一日？", "上班多少钱一日?"),
    ("计唔计加班？计埋周末", "算不算加班?算上周末"),
    ("翻工第一日就跌亲", "上班第一日就摔伤"),
    ("放工之后返屋企路上整亲，算唔算工伤？", "下班之后回家路上弄伤,算不算工伤?"),
    ("收工返去宿舍", "下班回去宿舍"),
    ("我哋落班好晏", "我们下班好晚"),
    ("喺厂度做嘢三年", "在厂度干活三年"),
    ("揾工好难，揾食艰难", "找工作好难,谋生艰难"),
    ("我揾工作揾咗三个月", "我找工作找了三个月"),
    ("月薪3千5蚊，一日做12个钟", "月薪3千5元,一日做12个小时"),
    ("俾咗五十蚊押金", "给了五十元押金"),
    ("做咗八个几月，人工三千几蚊", "做了八个多月,工资三千多元"),
    ("做咗两年几，2024年几月入嘅厂", "做了两年多,2024年几月入的厂"),
    ("开啤机压亲只手，老细叫我执包袱", "开啤机压伤只手,老板叫我被辞退"),
    ("间厂执笠，老细走佬，伤亲都冇人理", "间厂倒闭,老板逃匿,受伤都没有人理"),
    ("判头走咗佬仲欠佢人工", "包工头逃匿还欠他工资"),
    ("判头走左佬", "包工头逃匿"),
    ("我有咗BB，喺度做咗两年", "我怀孕了,在这里做了两年"),
    ("佢老婆有咗bb", "他老婆怀孕了"),
    ("我揸车做夜更同早更，成日OT冇OT钱", "我开车做夜班同早班,总是加班没有加班钱"),
    ("我在IOT公司上班", "我在IOT公司上班"),
    ("佢哋话你哋唔使返工", "他们说你们不用上班"),
    ("去仲裁使唔使俾钱", "去仲裁要不要给钱"),  # 使唔使 whole, not 使 + 唔使
    ("告佢洗唔洗钱", "告他要不要钱"),
    ("唔该帮我睇下", "请帮我看下"),
    ("唔驶签合同？唔得！", "不用签合同?不行!"),
    ("我唔识写仲裁申请书", "我不会写仲裁申请书"),
    ("我唔知点算", "我不知道怎么办"),
    ("唔系我嘅错", "不是我的错"),
    ("唔好意思，想问下", "不好意思,想问下"),
    ("唔好签呢份嘢", "不要签这份东西"),
    ("系唔系要赔钱？系咪违法？", "是不是要赔钱?是不是违法?"),
    ("我系度做咗两年", "我在这里做了两年"),
    ("我系临时工", "我是临时工"),
    ("系呀，佢系经理", "是呀,他是经理"),
    ("乜嘢系劳动仲裁？", "什么是劳动仲裁?"),
    ("有乜事可以搵边个？", "有什么事可以找谁?"),
    ("做乜扣我人工？", "为什么扣我工资?"),
    ("乜都冇", "什么都没有"),
    ("你唔知咩？", "你不知道吗?"),
    ("咩事要签咩文件", "什么事要签什么文件"),
    ("去边度投诉？边处有劳动局？", "去哪里投诉?哪里有劳动局?"),
    ("边个部门管？", "哪个部门管?"),
    ("边间公司都系咁", "哪家公司都是这样"),
    ("点样攞返押金？拎返张合同", "怎样拿回押金?拿回张合同"),
    ("攞唔到钱", "拿不到钱"),
    ("日日OT到十点，有冇补水？", "每天加班到十点,有没有加班费?"),
    ("开OT冇钱", "加班没有钱"),
    ("钟数唔够", "工时不够"),
    ("呢个月呢排好忙", "这个月最近好忙"),
    ("呢度同嗰度", "这里同那里"),
    ("呢间厂嗰阵冇签合同，嗰个经理走咗", "这家厂那时候没有签合同,那个经理走了"),
    ("嗰啲人", "那些人"),
    ("咁样都得？噉样唔啱", "这样都得?这样不对"),
    ("咁多钱，噉都得", "这么多钱,这样都得"),
    ("咁我可以攞几多？好，咁佢要赔几多", "那我可以拿多少?好,那他要赔多少"),
    ("佢做得咁辛苦，咁多人都系", "他做得这么辛苦,这么多人都是"),
    ("啱啱入职", "刚刚入职"),
    ("嚟咗三年", "来了三年"),
    ("想多啲休息，快啲攞钱，少啲麻烦", "想多点休息,快点拿钱,少点麻烦"),
    ("仲未出粮", "还没发工资"),
    ("而家点算？依家冇工开", "现在怎么办?现在没有工开"),
    ("头先问过，琴日已经讲咗", "刚才问过,昨天已经讲了"),
    ("寻日冇返工，听日要返工", "昨天没有上班,明天要上班"),
    ("旧年入职，出年合同到期", "去年入职,明年合同到期"),
    ("屋企有事请假", "家有事请假"),
    ("有医生纸都扣钱", "有病假证明都克扣工资"),
    ("交咗病假纸", "交了病假证明"),
    ("有冇遣散费？", "有没有经济补偿?"),
    ("合约写明三千，签纸之前冇讲", "合同写明三千,签字之前没有讲"),
    ("花红冇咗", "奖金没有了"),
    ("做到好攰，食饭时间都冇", "做到好累,吃饭时间都没有"),
    ("老細話我冇返工，唔俾人工，點算好？", "老板说我没有上班,不给工资,怎么办?"),
    ("個老細成日搵我麻煩", "个老板总是找我麻烦"),
    # Teochew
    ("头家欠阮三个月工钱", "老板欠我三个月工资"),
    ("伊着赔阮若济？", "他要赔我多少?"),
    # Teochew family words: 阮某 = my wife, 孥囝 = child, 佮 = and, 按怎 = how, 会当 = can
    ("阮佮阮某旧年离婚", "我和我老婆去年离婚"),
    ("阮卜按怎才会当看孥囝", "我要怎么才能看孩子"),
    ("阮个孥仔生病", "我的孩子生病"),
    ("伊按怎讲", "他怎么讲"),
    # 点算 after an amount (no clock time has 千): what to do
    ("冇补人工五千二点算", "没有补工资五千二怎么办"),
    ("按呢着毋着，汝呾", "这样对不对,你说"),
    ("安呢着唔着", "这样对不对"),
    ("阮卜知影产假着几日", "我要知道产假要几日"),
    ("伊会使辞我无", "他可以辞我吗"),
    ("𫢗使按呢做", "不可以这样做"),
    ("今下退休年龄改了", "现在退休年龄改了"),
    ("三个月日无发工钱", "三个月没有发工资"),
    ("头家辞阮头路", "老板辞退我"),
    ("头家辞我头路", "老板辞退我"),
    ("头家辞伊头路", "老板辞退他"),
    ("唔返就辞阮", "不返就辞退我"),
    ("着出钱无？", "要出钱吗?"),
    ("阮会赔若多", "我会赔多少"),
    ("头家无发工钱，我卜去告伊", "老板没有发工资,我要去告他"),
    ("头家呾无订单卜阮回家", "老板说没有订单要我回家"),  # 卜 before a pronoun and a verb, 阮 after 卜
    ("头家娘讲无签合同", "老板娘讲没有签合同"),
    ("我欲辞工，伊毋批", "我要辞职,他不批"),
    ("毋知去叨位投诉", "不知道去哪里投诉"),
    ("伊个工钱无给", "他的工资没有给"),
    ("汝知道伊公司在底块？", "你知道他公司在哪里?"),
    ("阮头家呾无钱", "我老板说没有钱"),
    ("阮个工钱乞伊扣去", "我的工资被他扣去"),
    ("伊呾话毋算数", "他说话不算数"),
    ("底个部门管？底人负责？底时出工钱？", "哪个部门管?谁负责?什么时候出工资?"),
    ("甚物叫加班？乜个叫旷工？", "什么叫加班?什么叫旷工?"),
    ("讨工钱无好势", "讨工资不顺利"),
    ("事情好势未", "事情顺利未"),
    ("在厂里做工三年，做工夫好辛苦", "在厂里上班三年,干活好辛苦"),
    ("乞头家炒了", "被老板辞退了"),
    ("送餐嘅时候俾车撞咗", "送餐的时候被车撞了"),
    ("阮佇头家个厂做工，手乎机器压着", "我在老板的厂上班,手被机器压着"),
    ("一个厂，老板个个都骂", "一个厂,老板个个都骂"),
    ("似乎伊毋在乎，伫立在门口", "似乎他不在乎,伫立在门口"),
    ("头家无乞我工钱", "老板没有给我工资"),
    ("我共伊呾，伊无睬", "我跟他说,他无睬"),
    ("共头家讲过，一共几钱", "跟老板讲过,一共多少钱"),
    ("收工回厝，转厝路上跌倒", "下班回家,回家路上跌倒"),
    ("想揾个头路", "想找个工作"),
    ("头家无闲，欠我钱银", "老板忙,欠我钱"),
    ("做暝班到暝昏", "做夜班到晚上"),
    ("家己出钱买社保", "自己出钱买社保"),
    ("许个经理呾只个月无工钱", "那个经理说这个月没有工资"),
    ("我去做生理", "我去做生意"),
    ("被伊开除", "被他辞退"),
    ("阮要去仲裁", "我要去仲裁"),
    ("做三冬外，头家讲厂无生理，叫阮明日免来", "做三年多,老板讲厂没有生意,叫我明日不用来"),
    ("头家无呾一声就叫阮明日唔免来", "老板没有说一声就叫我明日不用来"),
    ("头家无共阮签合同", "老板没有跟我签合同"),
    ("阮日日早八点做到暗九点", "我每天早八点做到晚九点"),
    ("阮某佇织布厂日日做十二点钟", "我老婆在织布厂每天做十二个小时"),  # 点钟 after a work verb: hours worked
    ("月心四千二，老婆生了三包胎，能陪多少", "月薪四千二,老婆生了三胞胎,能赔多少"),
    ("上班时候受了工上，工上认定要多久", "上班时候受了工伤,工伤认定要多久"),
    ("做了一冬半，冬天冷，以免来不及", "做了一年半,冬天冷,以免来不及"),
    # Hakka
    ("爱补几多钱", "要补多少钱"),
    ("啀在厂里做保安", "我在厂里做保安"),
    ("啀摎佢都冇签合同", "我和他都没有签合同"),
    ("厓在厂里做事五年，厓兜都冇签合同", "我在厂里上班五年,我们都没有签合同"),
    ("厓爱去仲裁", "我要去仲裁"),
    ("厓等冇工钱", "我们没有工资"),
    ("𠊎兜冇钱，𠊎唔知", "我们没有钱,我不知道"),
    ("佢兜炒忒厓", "他们辞退我"),
    ("涯在工厂做嘢，逐日做十二个钟，天涯海角", "我在工厂干活,每天做十二个小时,天涯海角"),
    ("𠊎老妹有了细人仔，老板爱佢自家走，细人仔好细", "我老妹怀孕了,老板要他自己走,小孩好细"),
    ("佢等扣忒厓工钱", "他们扣掉我工资"),
    ("麼個係工傷？", "什么是工伤?"),
    ("脉个时候出粮", "什么时候发工资"),
    ("在工地做事，分厓辞忒", "在工地上班,给我辞掉"),
    ("恁多年，恁久冇加工资，恁样得唔得？", "这么多年,这么久没有加工资,这样行不行?"),
    ("日昼冇休息，暗晡还要做", "中午没有休息,晚上还要做"),
    ("昨晡日辞忒，今晡日冇钱，天光日要去仲裁", "昨天辞掉,今天没有钱,明天要去仲裁"),
    ("回屋下", "回家"),
    ("厓唔曾签合同，佢毋曾讲", "我没有签合同,他没有讲"),
    ("一只月三千六，做了三只月，这只月饼", "一个月三千六,做了三个月,这只月饼"),  # months counted with 只
    # Typos
    ("公司托欠工姿三个月", "公司拖欠工资三个月"),
    ("老板脱欠工咨，拖歉社宝", "老板拖欠工资,拖欠社保"),
    ("应该找那个部门？", "应该找哪个部门?"),
    ("那个部门管工伤？", "哪个部门管工伤?"),
    ("那些部门可以投诉", "哪些部门可以投诉"),
    ("去那里投诉", "去哪里投诉"),
    ("没签劳动和同", "没签劳动合同"),
    ("和同到期不续签，这份和同", "合同到期不续签,这份合同"),
    ("无休息日", "没有休息日"),
    ("公伤怎么赔尝，算功伤吗", "工伤怎么赔偿,算工伤吗"),
    ("天天加斑，周末加般", "天天加班,周末加班"),
    ("年加5天今年一天没休", "年假5天今年一天没休"),
    ("被辞推了，词退要补尝吗", "被辞退了,辞退要补偿吗"),
    ("无故辞腿", "无故辞退"),
    ("我想词职，辞值要提前多久", "我想辞职,辞职要提前多久"),
    ("工滋太低", "工资太低"),
    ("陪偿多少，赔常标准，培偿金", "赔偿多少,赔偿标准,赔偿金"),
    ("申请仲栽，仲载委", "申请仲裁,仲裁委"),
    ("休产家有工资吗", "休产假有工资吗"),
    ("年价几天，试用其多长", "年假几天,试用期多长"),
    ("实用期三个月，试有期工资", "试用期三个月,试用期工资"),
    ("请病价扣钱", "请病假克扣工资"),
    ("昏假几天，补乳期", "婚假几天,哺乳期"),
    ("工令五年，工铃怎么算", "工龄五年,工龄怎么算"),
    ("压金不退", "押金不退"),
    ("双陪工资，双背", "双倍工资,双倍"),
    ("公基金没交", "公积金没交"),
    ("去人设局还是劳动居", "去人社局还是劳动局"),
    ("劳务派谴工", "劳务派遣工"),
    ("被掉岗了", "被调岗了"),
    ("靠勤记录", "考勤记录"),
    ("工伤坚定几级", "工伤鉴定几级"),
    ("经纪补偿怎么算", "经济补偿怎么算"),
    ("怎么半？怎莫办", "怎么办?怎么办"),
    ("我以经干了三年", "我已经干了三年"),
    # Colloquial Mandarin
    ("被炒了怎么办", "被辞退了怎么办"),
    ("老板把我炒掉", "老板把我辞退"),
    ("公司炒了我", "公司辞退了我"),
    ("无故开除", "无故辞退"),
    ("不想干了，我不干了，我不做了", "想辞职,我辞职,我辞职"),
    ("欠工资不给，拖工资，压工资，押工资", "拖欠工资不给,拖欠工资,扣押工资,扣押工资"),
    ("薪水和薪资", "工资和工资"),
    ("啥时候开工资", "什么时候发工资"),
    ("被离职，被自愿离职", "被辞退,被迫离职"),
    ("急辞工要赔钱吗", "立即辞职要赔钱吗"),
    ("被赶走，老板让我走人，又叫我走人", "被辞退,老板把我辞退,又把我辞退"),
    ("老板把我辞了，同事被辞了", "老板把我辞退了,同事被辞退了"),
    ("东家不给钱，工头跑了", "老板不给钱,包工头跑了"),
    ("老板跑路了，老板跑了", "老板逃匿了,老板逃匿了"),
    ("咋办，咋整，咋个算，啷个办", "怎么办,怎么办,怎么算,怎么办"),
    ("咋算加班费", "怎么算加班费"),
    ("为啥扣钱", "为什么克扣工资"),
    ("绑了工资卡自动扣钱，银行扣钱", "绑了工资卡自动扣钱,银行扣钱"),  # a card debited: no wage deducted
    ("俺们厂，俺不晓得", "我们厂,我不知道"),
    ("甭签，莫得合同，晓得不", "不用签,没有合同,知道不"),
    ("厂牌被收", "工牌被收"),
    ("生娃有产假吗", "生孩子有产假吗"),
]

# Mandarin (and names) that contain a dialect variant but must come out exactly as typed.
UNCHANGED = [
    "今年加5天班",
    "厂里请了未成年人",
    "成年人每天工作八小时",
    "做到十二点算不算加班",
    "被告阮某拖欠工资",
    "工会当年成立",
    "日日夜夜都在赶货",  # 日日夜夜 is Mandarin
    "每天做到十二点钟才下班",  # a clock time after 到
    "我有身份证也有身体检查报告",  # 有身 of 身份证 and 身体 is no pregnancy
    "那个姿娘很能干",  # 姿娘 alone is any woman
    "他着急了",
    "接着发工资",
    "我爱做饭",
    "会使用电脑",
    "一点希望都无",
    "试着算一下",
    "签了无固定期限劳动合同",
    "合同无效怎么办",
    "无法联系老板",
    "公司无故辞退",
    "伊利牛奶厂招工",
    "去伊朗出差算不算工伤",
    "木乃伊展览",
    "卜卦算命不可信",
    "萝卜要多少钱",
    "占卜去哪里",
    "人工智能公司",
    "转人工客服",
    "人工服务",
    "人工客服电话打不通",
    "人工呼吸培训",
    "装修的人工费",
    "降低人工成本",
    "工人工资",
    "我个人工作",
    "需要人工了解具体情况",
    "系统登录不了",
    "劳动关系",
    "联系不上",
    "一系列问题",
    "他系统地学习",
    "个人所得税",
    "月底个人所得税",
    "我和同事一起",
    "和同学聚会",
    "保留工资条和同岗位正式工的工资",
    "即时配送和同城货运",
    "不能让职工长期无休",
    "3千5",
    "工资3500元, 扣了1200",
    "房间好多蚊子",
    "开工上午八点",
    "员工上班打卡",
    "三只蚊子",
    "在HOTEL做服务员",
    "一点样品",
    "知识点解析",
    "盘点算清楚",
    "旁边个人",
    "然而家里",
    "听日本同事讲",
    "发出年终奖",
    "开工头一天",
    "带头家长",
    "良好势头",
    "宿舍保安",
    "集中裁员",
    "这种情况工资",
    "累积效应",
    "受伤惨重",
    "做工伤鉴定",
    "衣服做工精细",
    "毫无加班费",
    "全年无休",
    "于事无补",
    "毋庸置疑",
    "食欲不好",
    "街上有乞丐",
    "一共三个",
    "公共场所",
    "走回头路",
    "许个愿",
    "生理期请假",
    "做事情要认真",
    "什么个情况",
    "态度坚定",
    "去年价格",
    "看病价格",
    "试用其他产品",
    "生产家具",
    "可以经常加班",
    "予以经济补偿",
    "怎么半天没人接",
    "在那里干了三年",
    "我在那个部门干了两年",
    "炒了个菜",
    "炒股亏了",
    "仲裁委员会",
    "合约机",
    "补水面膜",
    "三个钟头",
    "房东家",
    "N+1和2N",
]

NUMERALS = re.compile(r"[0-9零〇一二三四五六七八九十百千万亿两]")
# Cantonese 成 before a unit of time is "one whole" (做咗成年半 = 一年半, 成个月 = 一个月): the one numeral a rule may
# write out, counted as 一 on the worker's side.
WHOLE_ONE = re.compile(r"成(?=年|个月)")


def numerals(text: str) -> list[str]:
    return NUMERALS.findall(WHOLE_ONE.sub("一", text))


def test_tables_are_big_enough():
    assert len(SENTENCES) >= 60
    assert len(UNCHANGED) >= 30


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_worker_sentence_becomes_canonical(text, expected):
    assert canonicalise(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_mandarin_is_left_alone(text):
    assert canonicalise(text) == text


def test_every_rule_is_exercised_by_the_tables():
    fired = {rewrite.rule.line for text, _ in SENTENCES for rewrite in explain(text)}
    fired |= {rewrite.rule.line for text in UNCHANGED for rewrite in explain(text)}
    missing = [f"{r.variant}->{r.canonical}" for r in default_lexicon().rules if r.line not in fired]
    assert not missing


@pytest.mark.parametrize("text", [t for t, _ in SENTENCES] + UNCHANGED)
def test_numbers_and_amounts_never_change(text):
    assert numerals(canonicalise(text)) == numerals(normalise_script(text))


@pytest.mark.parametrize("text", [t for t, _ in SENTENCES])
def test_canonical_text_is_a_fixed_point(text):
    once = canonicalise(text)
    assert canonicalise(once) == once


def test_no_rule_adds_or_drops_a_numeral():
    for rule in default_lexicon().rules:
        assert numerals(rule.variant) == numerals(rule.canonical), rule.variant


def test_variants_are_written_as_they_arrive_after_script_normalisation():
    t2s = OpenCC("t2s")
    for rule in default_lexicon().rules:
        assert t2s.convert(rule.variant) == rule.variant, rule.variant
        assert unicodedata.normalize("NFKC", rule.variant) == rule.variant, rule.variant


def test_no_rule_is_a_duplicate():
    rows = Counter(
        (r.variant, tuple((c.side, c.pattern.pattern, c.negated) for c in r.conditions))
        for r in default_lexicon().rules
    )
    assert [row for row, n in rows.items() if n > 1] == []


def test_lexicon_covers_each_dialect():
    counts = Counter(rule.dialect for rule in default_lexicon().rules)
    assert set(counts) == set(DIALECTS)
    assert counts["yue"] >= 60 and counts["teochew"] >= 30 and counts["hakka"] >= 15
    assert counts["typo"] >= 40 and counts["mandarin-colloquial"] >= 30
    assert sum(n for dialect, n in counts.items() if dialect != "keep") >= 150


def test_full_width_and_traditional_input():
    assert canonicalise("ＯＴ費冇俾，３千５蚊") == "加班费没有给,3千5元"
    assert canonicalise("ot") == "加班"
    assert normalise_script("勞動合同（試用期）") == "劳动合同(试用期)"


def test_simplifier_skips_nothing_it_should_convert():
    t2s = OpenCC("t2s")
    texts = [
        "我在工厂上班，老板拖欠工资。",
        "我在工廠上班，老闆拖欠工資。",
        "前半句是简体，後半句是繁體：頭髮、乾淨、著作",
        "嗰度冇人理，點算",
        "",
    ]
    for text in texts:
        assert normalise_script(text) == t2s.convert(unicodedata.normalize("NFKC", text))


def test_simplifier_converts_every_dictionary_entry_like_opencc():
    # Every key of the t2s dictionaries, alone and inside simplified text, converts exactly as OpenCC does.
    import opencc

    t2s = OpenCC("t2s")
    folder = Path(opencc.__file__).parent / "dictionary"
    keys = [
        line.split("\t", 1)[0]
        for name in ("TSCharacters.txt", "TSPhrases.txt")
        for line in (folder / name).read_text(encoding="utf-8").splitlines()
    ]
    assert len(keys) > 4000
    for key in keys:
        for text in (key, f"我在{key}上班"):
            assert normalise_script(text) == t2s.convert(unicodedata.normalize("NFKC", text)), key


def test_explain_names_the_dialect_and_span():
    rewrites = explain("头家无发工钱")
    assert [(r.rule.variant, r.rule.canonical, r.rule.dialect) for r in rewrites] == [
        ("头家", "老板", "teochew"),
        ("无", "没有", "teochew"),
        ("工钱", "工资", "teochew"),
    ]
    assert [(r.start, r.end) for r in rewrites] == [(0, 2), (2, 3), (4, 6)]


def test_long_story_is_handled():
    story = "老细成日拖粮，" * 150
    assert canonicalise(story) == "老板总是拖欠工资," * 150


def _write_lexicon(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "lexicon.tsv"
    path.write_text("variant\tcanonical\tdialect\tcontext\tnote\n" + row + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "row, message",
    [
        ("老细\t老板\tklingon\t\tboss", "unknown dialect"),
        ("老细\t老板\tyue\tafter:@nothing\tboss", "unknown class"),
        ("老细\t老板\tyue\tbeside:x\tboss", "bad condition"),
        ("老细\t老细\tyue\t\tboss", "keep rows"),
        ("老细\t老板\tyue", "columns"),
    ],
)
def test_malformed_row_is_reported(tmp_path, row, message):
    from bot.text.dialect import CLASSES_PATH

    with pytest.raises(ValueError, match=message):
        Lexicon.load(_write_lexicon(tmp_path, row), CLASSES_PATH)


def test_a_custom_lexicon_applies_its_context(tmp_path):
    from bot.text.dialect import CLASSES_PATH

    lexicon = Lexicon.load(_write_lexicon(tmp_path, "卜\t要\tteochew\tafter:去\twant to"), CLASSES_PATH)
    assert lexicon.canonicalise("我卜去，卜卦") == "我要去,卜卦"
