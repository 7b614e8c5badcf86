"""Reading workers' stories into facts: a table of realistic sentences, absurd and contradictory values, merging."""

from __future__ import annotations

import datetime
import json
import time

import pytest

from bot.answering.entitlements import calculation_for
from bot.answering.fact_patterns import PERSONAL_LOAN, Ask
from bot.answering.facts import QUANTITY_FIELDS, Event, Facts, Per, extract_facts, merge
from bot.answering.numerals import Amount, parse_number
from bot.text.dialect import canonicalise

TODAY = datetime.date(2025, 6, 15)
# the day the stories of the later splits are read as told
DEC_1 = datetime.date(2026, 12, 1)
TAG_FIELDS = ("worker_types", "events", "asks", "birth")

# Each row: a sentence as a worker would write it, and every fact expected from it. A quantity field not
# listed must be absent; `approx` names the quantities read as approximate; tag sets must match exactly.
STORIES = [
    (
        "在揭阳的厂里做了两年多，工资三千五，一直没签合同，现在被辞退了，能赔多少？",
        {
            # 两年多: more than two whole years, at least a month more
            "tenure_months": 25,
            "months_without_contract": 25,
            "monthly_wage": 3500,
            "approx": {"months_without_contract", "tenure_months"},
            "region": "揭阳市",
            "events": {"dismissed", "no_contract"},
            "asks": {"how_much", "compensation"},
        },
    ),
    (
        "我在东莞一个电子厂上班，一个月4500，每天加班3小时，一个月加班八九十个小时，合法吗",
        {
            "monthly_wage": 4500,
            "overtime_hours": (80, 90),
            "per": "month",
            "region": "广东省",
            "events": {"overtime"},
            "asks": {"is_legal"},
        },
    ),
    (
        "合同写5000试用期只发3000，这样可以吗",
        {"agreed_wage": 5000, "probation_wage": 3000, "asks": {"is_legal"}},
    ),
    (
        "老婆怀孕7个月，公司叫她不用来了，去哪里投诉",
        {"pregnancy_month": 7, "events": {"dismissed", "pregnant"}, "asks": {"where"}},
    ),
    (
        "伤残十级，老细话要炒鱿鱼，人工5000蚊，几多赔偿",
        {
            "monthly_wage": 5000,
            "injury_grade": 10,
            "events": {"injured", "dismissed"},
            "asks": {"how_much", "compensation"},
        },
    ),
    ("2023年3月进厂，今年5月离职，没买社保", {"tenure_months": 26, "events": {"left", "not_insured"}}),
    (
        "我今年62岁，在工地跟包工头做，摔伤了",
        {"age": 62, "worker_types": {"construction", "retired"}, "events": {"injured"}},
    ),
    (
        "在公司做了三年两个月，被拖欠了3个月工资，一共欠了两万多",
        {
            "tenure_months": 38,
            "unpaid_amount": 20000,
            "unpaid_months": 3,
            "approx": {"unpaid_amount"},
            "events": {"unpaid"},
        },
    ),
    (
        "我在普宁一家鞋厂干了一年半，老板一直没跟我签劳动合同，上个月把我炒了，人工三千多，可以要双倍工资吗",
        {
            "tenure_months": 18,
            "months_without_contract": 18,
            "monthly_wage": 3000,
            "approx": {"monthly_wage"},
            "region": "揭阳市",
            "events": {"dismissed", "no_contract"},
            "asks": {"is_legal"},
        },
    ),
    (
        "本人在深圳做外卖骑手两年，平台说我不是员工，受伤了找谁",
        {
            "tenure_months": 24,
            "region": "广东省",
            "worker_types": {"platform"},
            "events": {"injured"},
            "asks": {"where"},
        },
    ),
    (
        "我是派遣工，派遣公司说合同到期不续了，做了8个月，工资4千5，要赔偿吗",
        {
            "tenure_months": 8,
            "monthly_wage": 4500,
            "worker_types": {"dispatch"},
            "events": {"contract_ended"},
            "asks": {"is_legal", "compensation"},
        },
    ),
    (
        "我老公在工地做了三个月，包工头跑了，欠了我们两万三千五的工钱，去哪里告",
        {
            "tenure_months": 3,
            "unpaid_amount": 23500,
            "worker_types": {"construction"},
            "events": {"unpaid", "employer_fled"},
            "asks": {"where"},
        },
    ),
    (
        "入职才20天就被辞退，工资也不给结，怎么办",
        {
            "tenure_months": 0.67,
            "approx": {"tenure_months"},
            "events": {"dismissed", "unpaid", "final_pay"},
            "asks": {"what_to_do"},
        },
    ),
    (
        "公司要把我调去外地，不去就按旷工开除，在物流公司做了四年，年假也从来没休过",
        {"tenure_months": 48, "events": {"dismissed", "transferred", "leave_denied"}},
    ),
    (
        "我怀孕了公司逼我辞职，我在这里做了快三年了，月薪6000左右",
        {
            "tenure_months": 36,
            "monthly_wage": 6000,
            "approx": {"monthly_wage", "tenure_months"},
            "events": {"dismissed", "pregnant"},
        },
    ),
    (
        "生完孩子剖腹产，产假多少天，我在揭西上班",
        {"region": "揭阳市", "asks": {"how_long"}, "birth": {"caesarean", "birth"}},
    ),
    (
        "生了双胞胎，产假可以多休几天吗",
        {"babies": 2, "asks": {"is_legal", "how_long"}, "birth": {"multiple", "birth"}},
    ),
    (
        "我在惠来做了十几年，现在六十多岁，老板说我超龄了不要我",
        {
            "tenure_months": (132, 228),
            "age": 60,
            "approx": {"age"},
            "region": "揭阳市",
            "worker_types": {"retired"},
            "events": {"dismissed"},
        },
    ),
    (
        "我月薪3k，每周加班20个小时，加班费怎么算",
        {
            "monthly_wage": 3000,
            "overtime_hours": 20,
            "per": "week",
            "events": {"overtime"},
            "asks": {"how_much"},
        },
    ),
    (
        "一天干12个钟，一个月休两天，人工才4000蚊，合唔合法",
        {
            "monthly_wage": 4000,
            "work_hours_per_day": 12,
            "events": {"overtime", "no_rest"},
            "asks": {"is_legal"},
        },
    ),
    (
        "我做了3到5个月吧，记不清了，没签合同，工资一直拖",
        {"tenure_months": (3, 5), "events": {"no_contract", "unpaid"}},
    ),
    (
        "试用期3个月，试用期工资2800，转正后4000，现在试用期被辞退了，有赔偿吗",
        {
            "agreed_wage": 4000,
            "probation_wage": 2800,
            "probation_months": 3,
            "events": {"dismissed"},
            "asks": {"is_legal", "compensation"},
            "worker_types": {"probation"},  # 现在试用期: in probation when dismissed
        },
    ),
    (
        "我是湖南人，在东莞打工五年了，公司搬厂到湖南，要我一起去",
        {"tenure_months": 60, "region": "广东省", "events": {"relocated"}},
    ),
    (
        "我2021年5月入职，没有签合同，2024年3月被开除",
        {"tenure_months": 34, "events": {"dismissed", "no_contract"}},
    ),
    (
        "头家无签合同，做工两年，工钱无给，卜去叨位告伊",
        {"tenure_months": 24, "events": {"no_contract", "unpaid"}, "asks": {"where"}},
    ),
    (
        "公司说好月薪5000，实际每个月只发4000，差的钱能要回来吗",
        {"monthly_wage": 4000, "agreed_wage": 5000, "asks": {"is_legal"}},
    ),
    (
        "工伤鉴定九级，工资5000，在广州，能拿多少一次性伤残补助金",
        {
            "monthly_wage": 5000,
            "injury_grade": 9,
            "region": "广东省",
            "events": {"injured"},
            "asks": {"how_much"},
        },
    ),
    (
        "我在网约车平台开车，每天开10个小时，算不算劳动关系",
        {"work_hours_per_day": 10, "worker_types": {"platform"}, "asks": {"is_legal"}},
    ),
    (
        "我老婆在普宁一个厂做了三四年，现在怀孕五个月，厂里要她走，没有买社保",
        {
            "tenure_months": (36, 48),
            "pregnancy_month": 5,
            "region": "揭阳市",
            "events": {"pregnant", "not_insured", "dismissed"},  # 厂里要她走: she is pushed out
        },
    ),
    (
        "工资三四千，做了七八个月，没签合同可以要多少双倍工资",
        {
            "tenure_months": (7, 8),
            "monthly_wage": (3000, 4000),
            "events": {"no_contract"},
            "asks": {"how_much"},
        },
    ),
    (
        "我是一名快递员，干了两年零三个月，公司说要裁员",
        {"tenure_months": 27, "worker_types": {"platform"}, "events": {"dismissed"}},
    ),
    ("上班第一天就受伤了，老板不认工伤", {"events": {"injured"}}),
    (
        "从2022年3月做到2024年6月，公司一直没给我交社保，离职了还能补吗",
        {"tenure_months": 27, "events": {"left", "not_insured"}, "asks": {"is_legal"}},
    ),
    (
        "我们厂每个月加班100多个小时，工资是计件的，大概5000多，合法吗",
        {
            "monthly_wage": 5000,
            "overtime_hours": 100,
            "per": "month",
            "approx": {"overtime_hours", "monthly_wage"},
            "events": {"overtime"},
            "asks": {"is_legal"},
        },
    ),
    (
        "公司拖欠工资半年了，每个月8000，一共欠了4万8",
        {"monthly_wage": 8000, "unpaid_amount": 48000, "unpaid_months": 6, "events": {"unpaid"}},
    ),
    (
        "我在公司上班5年了，今天主管说明天不用来了，什么理由都没有，我该怎么办",
        {"tenure_months": 60, "events": {"dismissed"}, "asks": {"what_to_do"}},
    ),
    (
        "我去年3月入职的，试用期6个月，到现在都没有签合同",
        {
            "tenure_months": 15,
            "months_without_contract": 15,
            "probation_months": 6,
            "events": {"no_contract"},
        },
    ),
    (
        "我系东莞一间厂做嘢，做咗三年，老细突然话唔使返工，人工仲欠两个月，点算",
        {
            "tenure_months": 36,
            "unpaid_months": 2,
            "region": "广东省",
            "events": {"dismissed", "unpaid", "final_pay"},
            "asks": {"what_to_do"},
        },
    ),
    (
        "在揭阳做了两年，老细一直冇同我签合同，冇买社保，人工4千蚊一个月，可唔可以告佢",
        {
            "tenure_months": 24,
            "months_without_contract": 24,
            "monthly_wage": 4000,
            "region": "揭阳市",
            "events": {"no_contract", "not_insured"},
            "asks": {"is_legal"},
        },
    ),
    (
        "阿姨在榕城做保姆，做了五年多，头家无给工钱三个月，欲按怎",
        {
            "tenure_months": 61,
            "unpaid_months": 3,
            "approx": {"tenure_months"},
            "region": "揭阳市",
            "events": {"unpaid"},
            "asks": {"what_to_do"},
        },
    ),
    (
        "我在公司做了1年,月新4500,老板托欠工姿2个月,去那里投诉",
        {
            "tenure_months": 12,
            "monthly_wage": 4500,
            "unpaid_months": 2,
            "events": {"unpaid"},
            "asks": {"where"},
        },
    ),
    (
        "本人作了八个月，和同没签，被词退了，陪偿多少",
        {"tenure_months": 8, "events": {"dismissed", "no_contract"}, "asks": {"how_much", "compensation"}},
    ),
    ("工资以前3000，后来涨到4500，现在被辞退了，按哪个算", {"monthly_wage": 4500, "events": {"dismissed"}}),
    (
        "底薪2500，加上提成一个月五六千，被开除了赔多少",
        {"monthly_wage": (5000, 6000), "events": {"dismissed"}, "asks": {"how_much", "compensation"}},
    ),
    (
        "我一个月工资才1800，揭阳最低工资是多少",
        {"monthly_wage": 1800, "region": "揭阳市", "asks": {"how_much"}},
    ),
    (
        "加班每天4个小时，周六周日也要上班，没有加班费",
        {"overtime_hours": 4, "per": "day", "events": {"overtime"}},
    ),
    (
        "我在厂里做了差不多十年，现在厂要搬走，说不给补偿",
        {
            "tenure_months": 120,
            "approx": {"tenure_months"},
            "events": {"relocated"},
            "asks": {"compensation"},
        },
    ),
    (
        "怀孕三个多月被公司辞退，入职一年多，工资3500",
        {
            "tenure_months": 13,
            "monthly_wage": 3500,
            "pregnancy_month": 3,
            "approx": {"pregnancy_month", "tenure_months"},
            "events": {"dismissed", "pregnant"},
        },
    ),
    ("剖腹产休了98天产假，公司扣了我两个月工资", {"events": {"unpaid"}, "birth": {"caesarean"}}),
    (
        "我是60多岁的保安，在小区做了两年，没签合同，被辞退能要赔偿吗",
        {
            "tenure_months": 24,
            "age": 60,
            "approx": {"age"},
            "worker_types": {"retired"},
            "events": {"dismissed", "no_contract"},
            "asks": {"is_legal", "compensation"},
        },
    ),
    (
        "公司一直没给我们买社保，每个月工资五千左右，在深圳，离职能要经济补偿吗",
        {
            "monthly_wage": 5000,
            "approx": {"monthly_wage"},
            "region": "广东省",
            "events": {"left", "not_insured"},
            "asks": {"is_legal", "compensation"},
        },
    ),
    ("我被机器压伤了手指，认定了工伤，伤残八级，单位不肯赔", {"injury_grade": 8, "events": {"injured"}}),
    (
        "我老婆顺产生了个儿子，我能休陪产假吗，在汕头上班",
        {"region": "广东省", "asks": {"is_legal"}, "birth": {"natural", "birth"}},
    ),
    (
        "上班两个星期就不干了，老板不给工资",
        {"tenure_months": 0.47, "approx": {"tenure_months"}, "events": {"resigned", "unpaid", "final_pay"}},
    ),
    (
        "今年38岁，在浙江义乌做了5年，老家揭阳，被开除了",
        {"tenure_months": 60, "age": 38, "region": "浙江省", "events": {"dismissed"}},
    ),
    (
        "我18年3月进的厂一直做到今年4月份被辞退中间一直没签合同也没有买社保工资一个月四千二左右加班费也没有请问可以拿到多少补偿",
        {
            "tenure_months": 85,
            "months_without_contract": 85,
            "monthly_wage": 4200,
            "approx": {"monthly_wage"},
            "events": {"dismissed", "overtime", "no_contract", "not_insured"},
            "asks": {"how_much", "compensation"},
        },
    ),
    (
        "老板说我是临时工，不用签合同，我都干了一年多了，每天十个小时",
        {
            "tenure_months": 13,
            "work_hours_per_day": 10,
            "approx": {"tenure_months"},
            "worker_types": {"temporary"},
            "events": {"overtime", "no_contract"},
        },
    ),
    (
        "我签的是劳务合同，每天早八点到晚八点，一个月休两天",
        {"work_hours_per_day": 12, "approx": {"work_hours_per_day"}, "events": {"overtime", "no_rest"}},
    ),
    (
        "早上7点半上班一直做到晚上9点，人工四千五",
        {
            "monthly_wage": 4500,
            "work_hours_per_day": 13.5,
            "approx": {"work_hours_per_day"},
            "events": {"overtime"},
        },
    ),
    (
        "送外卖朝八晚十，平台算不算我老板",
        {
            "work_hours_per_day": 14,
            "approx": {"work_hours_per_day"},
            "worker_types": {"platform"},
            "asks": {"is_legal"},
        },
    ),
    (
        "兼职，下午2点到6点，时薪20",
        {"work_hours_per_day": 4, "approx": {"work_hours_per_day"}, "worker_types": {"part_time"}},
    ),
    (
        "老板让我明天别来了，工资一直压着不发，五险一金都没有",
        {"events": {"dismissed", "unpaid", "not_insured", "final_pay"}},
    ),
    (
        "从架子上摔下来，手也被机器压了，合同一直没给我签",
        {"events": {"injured", "no_contract"}},
    ),
    (
        "周末也要上班，公司还要派我去外省上班",
        {"events": {"overtime", "transferred"}},
    ),
    (
        "我的车被刮了，还被开了罚单，工资条都不给",
        {},
    ),
    (
        "公司要给我降薪，工资从五千降到三千五，最低工资标准降低了吗",
        {"monthly_wage": 3500, "previous_wage": 5000, "events": {"pay_cut"}},
    ),
    (
        "老板一直说试用期不用签合同也不买社保",
        {"events": {"no_contract", "not_insured"}},
    ),
    (
        "还要大家每天多干两小时不给钱",
        {"overtime_hours": 2, "per": "day", "events": {"overtime", "unpaid"}},
    ),
    (
        "全年无休，天天都要返工冇得休",
        {"events": {"no_rest", "overtime"}},
    ),
    (
        "中秋节也不放假，国庆都要返工",
        {"events": {"holiday_work"}},
    ),
    (
        "公司要从揭阳搬到汕头去，不去的就算自动离职",  # the employer calling it 自动离职 is a dismissal
        {"region": "揭阳市", "events": {"relocated", "dismissed"}},
    ),
    (
        "工厂要搬去惠州，我唔想去",  # the workplace moving is its own event, not a transfer
        {"region": "广东省", "events": {"relocated"}},
    ),
    (
        "老板搬货叫我帮手",
        {},
    ),
    (
        "我哋间铺头执笠咗，老板走咗佬",  # the shop closed down
        {"events": {"closed"}},
    ),
    (
        "老板突然话唔请我，一蚊补偿都冇",  # 唔请我: no longer employed
        {"events": {"dismissed"}, "asks": {"compensation"}},
    ),
    (
        "老板请我吃饭",
        {},
    ),
    (
        "年三十晚同年初一到初三都要返工，人工六千五",  # 除夕 and 初一-初三: the festival's four legal days
        {"monthly_wage": 6500, "holiday_work_days": 4, "events": {"overtime", "holiday_work"}},
    ),
    (
        "过年初一到初六都在门口守着",  # 初四-初六 are rest days moved around the festival
        {"holiday_work_days": 3, "restday_work_days": 3, "events": {"overtime", "holiday_work"}},
    ),
    (
        "我爸今年六十三了，在小区做门卫",  # an age without 岁
        {"age": 63, "worker_types": {"retired"}},
    ),
    (
        "今年五十八，做保洁",
        {"age": 58},
    ),
    (
        "去年的年假五天一天都没休，我一年有10天年假",  # the year's leave as stated, not 休了三天年假
        {"conflicts": {"annual_leave_days"}, "events": {"leave_denied"}},
    ),
    (
        "今年休了三天年假，工资4000",
        {"monthly_wage": 4000},
    ),
    (
        "社保也从来没买过，社保厂里也只帮我交了十二年",
        {"events": {"not_insured"}},
    ),
    (
        "厂里送我去佛山学了一个月数控，签了三年服务期，现在做了一年",  # a training's length is no tenure
        {"tenure_months": 12, "region": "广东省", "service_months": 36},
    ),
    (
        "公司出了一万二送我去学焊工，签了两年服务期，我做了半年就想辞工",
        {
            "training_cost": 12000,
            "service_months": 24,
            "tenure_months": 6,
            "events": {"resigned", "resigning"},
        },
    ),
    (
        # the service period told as the years to stay after the training: no time worked
        "厂里出钱送他去学，培训费一万二，说学完要做满三年，现在做了两年",
        {"training_cost": 12000, "service_months": 36, "tenure_months": 24},
    ),
    (
        "我出来打工都八年了，前年三月进厂，做到今年六月中",  # the years since starting work, not here
        {"tenure_months": 27, "total_work_months": 96},
    ),
    (
        "我在揭阳一间陶瓷厂做了五年零两个月，人工5000，我工作了七八年",  # the longer, told without the workplace
        {"tenure_months": 62, "total_work_months": (84, 96), "monthly_wage": 5000, "region": "揭阳市"},
    ),
    (
        "今年国庆七天我上了五天，中秋节那天也叫我们回去赶货",  # two holidays: 3 + 1 legal days, 2 rest days
        {"holiday_work_days": 4, "restday_work_days": 2, "events": {"overtime", "holiday_work"}},
    ),
    (
        "今年过年由年三十做到初三都冇得休",  # the eve to 初三: four legal days
        {"holiday_work_days": 4, "events": {"overtime", "holiday_work"}},
    ),
    (
        "上个月做了22天正班，每天都加2个钟，4个礼拜六也全做了，没有补休，底薪四千三百五",
        {
            "monthly_wage": 4350,
            "work_days_per_month": 22,
            "overtime_hours": 2,
            "per": "day",
            "restday_work_days": 4,
            "events": {"overtime"},
        },
    ),
    (
        "中秋节和国庆三天都上班了，月薪4785",  # 国庆's count is not 中秋's: 1 + 3 legal days
        {"monthly_wage": 4785, "holiday_work_days": 4, "events": {"overtime", "holiday_work"}},
    ),
    (
        "上个月加班40个小时，周末也加了两天没补休",
        {"overtime_hours": 40, "per": "month", "restday_work_days": 2, "events": {"overtime"}},
    ),
    (
        "评着九级，受伤前工资平均五千二",  # Teochew 着 = 了
        {"injury_grade": 9, "monthly_wage": 5200, "events": {"injured"}},
    ),
    (
        "在小食店做帮工，一天150块，一个月做26天",  # paid by the day: the month's pay from the days worked
        {"monthly_wage": 3900, "daily_wage": 150, "work_days_per_month": 26, "approx": {"monthly_wage"}},
    ),
    (
        "合同写工资5000，试用期三个月只给3500",  # the probation's length, not a tenure
        {"agreed_wage": 5000, "probation_wage": 3500, "probation_months": 3},
    ),
    (
        "我2024年7月进揭东一间五金厂做打磨，到现在一直冇签合同",  # 进 and the workplace a few words on
        {"tenure_months": 11, "months_without_contract": 11, "region": "揭阳市", "events": {"no_contract"}},
    ),
    (
        "今年一月初入职一间灯饰厂，老板一直拖到五月初才跟我签合同",  # the months before the contract's signing
        {"tenure_months": 5, "months_without_contract": 4, "events": {"no_contract"}},
    ),
    (
        "去年11月进厂，做到3月底走了",  # a month without its year: the year after the start's
        {"tenure_months": 5},
    ),
    (
        "培训费花了2万，签了服务期3年，到现在服务期满了一年半",  # the part of the service period served
        {"training_cost": 20000, "service_months": 36, "served_months": 18},
    ),
    (
        "工伤评咗十级，受伤前人工平均4200，受伤后休养咗三个月，厂里只俾咗一半人工",  # off work, half paid
        {
            "monthly_wage": 4200,
            "injury_grade": 10,
            "suspension_months": 3,
            "suspension_paid": 2100,
            "events": {"injured"},
        },
    ),
    (
        "园长说如果一直招不到学生就干脆关门了，工资三千八，只每个月发一千块生活费",  # closing; 生活费 no wage
        {"monthly_wage": 3800, "events": {"closed"}},
    ),
    (
        "准确讲系6090蚊，年假5日都冇放过",  # the wage stated precisely; 5 days of leave none taken
        {"monthly_wage": 6090, "annual_leave_days": 5, "events": {"leave_denied"}},
    ),
    (
        "迟到一次罚五十块，上个月被罚了三百多",  # fines out of the wage
        {"events": {"fined"}},
    ),
    (
        "公司被环保局罚款了，老板心情不好",  # the employer fined: not the worker's wage
        {},
    ),
    (
        "门店要撤掉了，厂长说不用我了",  # the shop closes; 不用我了: no longer employed
        {"events": {"closed", "dismissed"}},
    ),
    (
        "我想去仲裁，打官司要不要交钱",  # what taking the employer on costs
        {"asks": {"cost"}},
    ),
    (
        "钱被偷了，老板讲不关厂里的事",  # 不关厂里的事: none of the factory's business, no closure
        {},
    ),
    (
        "阮个仔佇工地跌落来，脚骨断去",
        {"events": {"injured"}, "worker_types": {"construction"}},
    ),
    (
        "我做保安，一个月做足三十日冇得休，人工三千五",  # thirty days a month: a schedule, not a tenure
        {"monthly_wage": 3500, "work_days_per_month": 30, "events": {"no_rest"}},
    ),
    (
        # the days a month told roughly (大概) after the month, a day's hours from the clock less the meal told
        "每日朝八点做到夜七点 中间食饭一个钟 每个月大概返二十二日",
        {"work_hours_per_day": 10, "work_days_per_month": 22, "events": {"overtime"}},
    ),
    (
        "去年三月进厂，今年一月底走的，工资三千八",  # to the end of January: March to January is 11 months
        {"tenure_months": 11, "monthly_wage": 3800},
    ),
    (
        "国庆节上了三天班，冇三倍工资",  # three holiday days worked, not a tenure of three days
        {"holiday_work_days": 3, "events": {"overtime", "holiday_work"}},
    ),
    (
        "五一放假三天，老板话要调休",  # a holiday given is no holiday work
        {},
    ),
    (
        "厂里停产三个月了，放长假没工资",
        {"events": {"stopped"}},
    ),
    (
        "你不用上班了，明天别来了",
        {"events": {"dismissed"}},
    ),
    (
        "订单少，老板叫我们不用上班，也不发工资",  # a stoppage, not a dismissal
        {"events": {"stopped", "unpaid"}},
    ),
    (
        "那医药费谁出",
        {"asks": {"where"}},
    ),
    (
        "在快递公司上班，派丢了一个包裹公司要我全额赔",
        {"events": {"made_to_pay"}, "worker_types": {"platform"}},
    ),
    (
        "开公司的车送货撞了别人的车，公司要我全部赔，说从工资里扣",
        {"events": {"made_to_pay"}},
    ),
    (
        "交通事故对方要我赔钱，公司说帮我出律师费",
        {"events": set(), "asks": set()},
    ),
    (
        "老板跑路了，厂房被房东锁了，我们的工资找谁要",
        {"events": {"unpaid", "employer_fled"}, "asks": {"where"}},
    ),
    (
        "公司租的厂房到期了要搬到别的城市，要我们跟着去",
        {"events": {"transferred"}},
    ),
    (
        "老婆生小孩的时候公司也没给我陪产假，育儿假公司说没听过",
        {"events": {"leave_refused"}, "birth": {"birth"}},
    ),
    (
        "产假有多少天，公司给不给陪产假",
        {"events": set(), "asks": {"how_long"}},
    ),
    (
        "上个礼拜送餐的时候被车撞了，脚骨裂",
        {"events": {"injured"}, "worker_types": {"platform"}},
    ),
    (
        "我在老板个厂上班,上礼拜手被机器压着",
        {"events": {"injured"}},
    ),
    (
        "包工头一直说年底结，现在过年了还差我三万多",
        {"events": {"unpaid"}, "worker_types": {"construction"}},
    ),
    (
        "差不多做了两年，差一点就满三年",
        {"tenure_months": 24, "events": set()},
    ),
    (
        "部长成日对我动手动脚，仲讲啲咸湿笑话",
        {"events": {"harassed"}},
    ),
    (
        "入职交了五百块押金，还把我身份证扣了",
        {"events": {"deposit"}},
    ),
    (
        "工程要交农民工工资保证金吗",
        {"asks": {"is_legal"}},
    ),
    (
        "合同下个月到期，公司说到期就不续签了",
        {"events": {"contract_ended"}},
    ),
    (
        "这两年年假一天都没休过，公司说没有年假",
        {"events": {"leave_denied"}},
    ),
    (
        "我走了之后最后半个月工资还押着不给",
        {"events": {"final_pay", "unpaid", "left"}},
    ),
    (
        "老板讲要做满月先发，我走了还能不能拿到",
        {"events": {"final_pay"}, "asks": {"is_legal"}},
    ),
    (
        "走之前把工资结清了",
        {},
    ),
    (
        "工资四千八，查出肝病住院，病假工资也只给一千块",
        {"monthly_wage": 4800, "events": {"ill"}},
    ),
    (
        "停工期间只发生活费一千五，我工资五千",
        {"monthly_wage": 5000, "events": {"stopped"}},
    ),
    (
        "年假有没有，有几天",
        {"asks": {"how_long", "is_legal"}},
    ),
    (
        "我有咗BB三个月，生意差要裁人，第一个就裁我",
        {"events": {"pregnant", "dismissed"}},
    ),
    (
        "老细一句话就叫我执包袱走人",
        {"events": {"dismissed"}},
    ),
    (
        "公司说要优化人员，给我五个月工资叫我签字走人",
        {"events": {"dismissed"}},
    ),
    (
        "公司以经营困难为由让我们自愿离职，不签就调岗到仓库，我在这边做了6年了",
        {"tenure_months": 72, "events": {"dismissed", "transferred"}},
    ),
    (
        "我在饭店做服务员两个多月，老板说试用期不发工资，合法吗",
        {"tenure_months": 2, "approx": {"tenure_months"}, "events": {"unpaid"}, "asks": {"is_legal"}},
    ),
    (
        "我女朋友在惠州一个电子厂，做了半年，怀孕了，厂里不让她上班了，也不给工资",
        {"tenure_months": 6, "region": "广东省", "events": {"dismissed", "pregnant", "unpaid", "final_pay"}},
    ),
    (
        "外卖小哥送单的时候被车撞了，骨折，平台和站点互相推，算不算工伤，去哪里认定",
        {"worker_types": {"platform"}, "events": {"injured"}, "asks": {"is_legal", "where"}},
    ),
    (
        "我爸今年65岁，退休返聘在学校做门卫，工资2000，受伤了谁负责",
        {
            "monthly_wage": 2000,
            "age": 65,
            "worker_types": {"retired"},
            "events": {"injured"},
            "asks": {"where"},
        },
    ),
    (
        "我在建筑工地做钢筋工，包工头欠了我三个月的工资，一共一万五，找谁要",
        {"unpaid_months": 3, "worker_types": {"construction"}, "events": {"unpaid"}, "asks": {"where"}},
    ),
    (
        "我是实习生，实习期工资1500，每天加班到晚上十点，这样合法吗",
        {"monthly_wage": 1500, "worker_types": {"intern"}, "events": {"overtime"}, "asks": {"is_legal"}},
    ),
    (
        "签了三年合同，干了两年就被公司裁员了，每个月工资6500，能赔几个月",
        {
            "tenure_months": 24,
            "contract_months": 36,
            "monthly_wage": 6500,
            "events": {"dismissed"},
            "asks": {"how_much"},
        },
    ),
    ("我月薪4k5，试用期打八折，合不合法", {"monthly_wage": 4500, "asks": {"is_legal"}}),
    (
        "在深圳宝安上班，工龄8年，公司被收购了要我们重新签合同，工龄清零吗",
        {"tenure_months": 96, "region": "广东省", "asks": {"is_legal"}},
    ),
    (
        "我产假休完回去公司把我岗位换了，工资从5000降到3500，我可以拒绝吗",
        {"monthly_wage": 3500, "previous_wage": 5000, "events": {"pay_cut"}, "asks": {"is_legal"}},
    ),
    (
        "我做了两年半被开除，理由是迟到三次，月薪7000，有没有赔偿",
        {
            "tenure_months": 30,
            "monthly_wage": 7000,
            "events": {"dismissed"},
            "asks": {"is_legal", "compensation"},
        },
    ),
    (
        "工作了十五个月，公司一直不签合同，月工资3800，双倍工资能拿多少",
        {"tenure_months": 15, "monthly_wage": 3800, "events": {"no_contract"}, "asks": {"how_much"}},
    ),
    (
        "我是江西人在揭阳普宁打工，做了4年了，老板炒了我鱿鱼冇补偿",
        {"tenure_months": 48, "region": "揭阳市", "events": {"dismissed"}, "asks": {"compensation"}},
    ),
    (
        "入职一周被辞退，公司说不用给工资，合法吗",
        {"tenure_months": 0.23, "approx": {"tenure_months"}, "events": {"dismissed"}, "asks": {"is_legal"}},
    ),
    (
        "我们是劳务派遣过来的，用工单位把我们退回派遣公司，派遣公司不给发工资，我已经做了三年",
        {"tenure_months": 36, "worker_types": {"dispatch"}, "events": {"unpaid"}},
    ),
    (
        "公司拖欠了我们全厂工人三个月的工资，每人大概五六千块一个月，大家想去讨薪，找哪个部门",
        {"monthly_wage": (5000, 6000), "approx": {"monthly_wage"}, "events": {"unpaid"}, "asks": {"where"}},
    ),
    (
        "我在上海一家公司上班，每周工作六天，每天9个小时，加班费一分钱都没有",
        {"work_hours_per_day": 9, "region": "上海市", "events": {"overtime"}},
    ),
    (
        "我今年52岁女的，厂里说我到了退休年龄要我走，我社保还没交满15年",
        {"age": 52, "worker_types": {"retired"}, "events": {"dismissed"}},
    ),
    (
        "公司说好包吃包住月薪6000，结果到手只有4500，扣了什么住宿费",
        {"monthly_wage": 4500, "agreed_wage": 6000},
    ),
    (
        "我老婆难产，住院了十几天，公司只给批了98天产假，对不对",
        # only part of the leave granted: the leave cut short
        {"asks": {"is_legal"}, "birth": {"difficult"}, "events": {"leave_refused"}},
    ),
    ("月薪一万二，年底被辞退，年终奖还给吗", {"monthly_wage": 12000, "events": {"dismissed"}}),
    (
        "在榕城一家公司做会计做了九年零两个月，老板要我主动辞职，不然就开除我",
        {"tenure_months": 110, "region": "揭阳市", "events": {"dismissed"}},
    ),
    (
        "我是滴滴司机，跑了三年了，平台突然封号，能告平台吗",
        {"tenure_months": 36, "worker_types": {"platform"}, "asks": {"is_legal"}},
    ),
    (
        "上个月工伤住院，公司说停工留薪期只给发基本工资2000，我原来每个月8000",
        {"monthly_wage": 8000, "events": {"injured"}},
    ),
    (
        "本人在揭东某厂任职，2020年入职至今，没有签过合同，工资每月约5500元，请问如何维权",
        {
            "tenure_months": 59,
            "monthly_wage": 5500,
            "approx": {"monthly_wage", "tenure_months"},
            "region": "揭阳市",
            "events": {"no_contract"},
            "asks": {"what_to_do"},
        },
    ),
    (
        "公司要求每天加班两个小时，不加班就扣钱，一个月算下来加班六十个小时左右，我一个月工资3200",
        {
            "monthly_wage": 3200,
            "overtime_hours": 60,
            "per": "month",
            "approx": {"overtime_hours"},
            "events": {"overtime", "unpaid"},
        },
    ),
    # Told not to come to work any more (also the canonical form of 唔使返工): a dismissal; a day off is not.
    ("老板叫我明天不用上班了", {"events": {"dismissed"}}),
    ("我明天不用上班，想去玩", {}),
    # 六千一个月: the 一 belongs to 一个月 (not 6100); 工资六千一 is 6100.
    ("工资是六千一个月", {"monthly_wage": 6000}),
    ("工资六千一", {"monthly_wage": 6100}),
    # A tenure verb right before the years and a wage right after: tenure, then the wage.
    ("我做了三年工资四千二", {"tenure_months": 36, "monthly_wage": 4200}),
    # A total owed (共…) is not a monthly wage.
    ("拖欠了三个月工资共一万五千元", {"unpaid_months": 3, "events": {"unpaid"}}),
    # Hours told in the clause after one about overtime are overtime; a day's hours or a month's whole are not.
    (
        "厂里经常要加班又没加班费，这个月加起来做了42个小时",
        {"overtime_hours": 42, "per": "month", "events": {"overtime"}},
    ),
    ("经常加班，每天上班11个小时", {"work_hours_per_day": 11, "events": {"overtime"}}),
    ("加班费一直没给，这个月做了250个小时", {"events": {"overtime"}}),
    # A holiday's dates (国庆2号到5号) count the days; a one-day holiday worked with no count is one day.
    (
        "国庆2号到5号都要上班",
        {"holiday_work_days": 3, "restday_work_days": 1, "events": {"overtime", "holiday_work"}},
    ),
    ("端午同国庆三天都要返工", {"holiday_work_days": 4, "events": {"overtime", "holiday_work"}}),
    ("元旦要上班，没有补休", {"holiday_work_days": 1, "events": {"overtime", "holiday_work"}}),
    # The first months off work paid in full; 12个月 is not "one year" read as a period (一年5万).
    (
        "工伤在家休养了十五个月，前12个月工资照发，后面就停了，工资四千六",
        {
            "suspension_months": 15,
            "suspension_paid_months": 12,
            "monthly_wage": 4600,
            "events": {"injured"},
        },
    ),
    # The month reached is the time worked (approximate unless its end is said).
    ("做到第三个月月底就叫我走了", {"tenure_months": 3, "events": {"dismissed"}}),
    ("我做到第四个月就被开除", {"tenure_months": 4, "approx": {"tenure_months"}, "events": {"dismissed"}}),
    # The summer months of a story about the high-temperature allowance; the allowance paid is no wage.
    ("今年七八月好热，一分高温补贴都没有", {"heat_months": 2, "events": {"no_heat_pay"}}),
    ("7、8、9月都在外面晒，冇高温补贴", {"heat_months": 3, "events": {"no_heat_pay"}}),
    ("车间热了三个月，高温补贴都冇", {"heat_months": 3, "events": {"no_heat_pay"}}),
    ("六七八月高温费一个月只发150，人工6000", {"heat_months": 3, "heat_paid": 150, "monthly_wage": 6000}),
    # 七八个月 is a duration, not July and August; a day's allowance is neither a wage nor a month's payment
    ("高温补贴一天15块，做了七八个月", {"tenure_months": (7, 8)}),
    # Wages held back (压着) are unpaid.
    ("这两个月的人工一直压着", {"events": {"unpaid"}}),
    # The Spring Festival's days as a list (初一初二初三), the eve with them: four legal days.
    ("过年除夕同初一初二初三都要上班", {"holiday_work_days": 4, "events": {"overtime", "holiday_work"}}),
    # A year spelled digit by digit, and 男个 (Teochew 男的).
    ("我是男个，一九六八年五月生个", {"birth_year": 1968, "birth_month": 5}),
    # The worker changing factories and moving house is no relocation of the workplace.
    ("我现在转了厂要搬走", {}),
    ("厂要搬去外地，不去就算自动离职", {"events": {"relocated", "dismissed"}}),
    # Driving a lorry for years is time worked.
    ("我在物流公司开货车三年零五个月", {"tenure_months": 41}),
    # The month a wage changed, and the months since (to leaving, or today); whether the worker agreed.
    (
        "2023年4月进的厂，月薪4500，今年3月老板单方面把人工降到3800，我没同意",
        {
            "tenure_months": 26,
            "monthly_wage": 3800,
            "previous_wage": 4500,
            "months_since_wage_change": 3,
            "consent": "refused",
            "events": {"pay_cut"},
        },
    ),
    (
        "去年8月来公司上班，一直没签合同，开始工资3500，今年2月涨到4000",
        {
            "tenure_months": 10,
            "months_without_contract": 10,
            "monthly_wage": 4000,
            "previous_wage": 3500,
            "months_since_wage_change": 4,
            "events": {"no_contract"},
        },
    ),
    (
        "原来工资4000，我自己申请调去仓库，5月份起工资改成3200",
        {
            "monthly_wage": 3200,
            "previous_wage": 4000,
            "months_since_wage_change": 1,
            "consent": "agreed",
            "events": {"transferred"},
        },
    ),
    # 做到这个月底就走: this month is worked in full (today is in June: the end is 1 July).
    (
        "2024年3月入职，今年4月起工资从5000降到4000，做到这个月底就走",
        {
            "tenure_months": 16,
            "monthly_wage": 4000,
            "previous_wage": 5000,
            "months_since_wage_change": 3,
            "events": {"pay_cut"},
        },
    ),
    # The month a cut began is no start of work (no conflict with the three years).
    (
        "今年五月开始工资降到3000，我在这里做了三年",
        {"tenure_months": 36, "monthly_wage": 3000, "months_since_wage_change": 1, "events": {"pay_cut"}},
    ),
    (
        "工资从5000降到4000，我同意了，签了字",
        {"monthly_wage": 4000, "previous_wage": 5000, "consent": "agreed", "events": {"pay_cut"}},
    ),
]


def check(facts: Facts, expected: dict, text: str) -> None:
    for name in QUANTITY_FIELDS:
        quantity, want = getattr(facts, name), expected.get(name)
        if want is None:
            assert quantity is None, f"{name}: unexpected {quantity}"
            continue
        assert quantity is not None, f"{name}: missing"
        got = quantity.value if quantity.high is None else (quantity.value, quantity.high)
        assert got == want, f"{name}: {got} != {want}"
        assert quantity.approx == (name in expected.get("approx", set())), f"{name}: approx {quantity.approx}"
        assert text[quantity.span.start : quantity.span.end] == quantity.span.text
    if facts.overtime_hours is not None:
        assert facts.overtime_hours.per == (Per(expected["per"]) if "per" in expected else None)
    assert (facts.region.value if facts.region else None) == expected.get("region")
    for name in TAG_FIELDS:
        assert {str(tag.value) for tag in getattr(facts, name)} == expected.get(name, set()), name
    assert {r.field for r in facts.rejected} == expected.get("rejected", set())
    assert {c.field for c in facts.conflicts} == expected.get("conflicts", set())
    consent = facts.wage_change_consent
    assert (consent.value if consent else None) == expected.get("consent")


@pytest.mark.parametrize(("text", "expected"), STORIES, ids=[f"story{i:02d}" for i in range(len(STORIES))])
def test_story_facts(text: str, expected: dict) -> None:
    check(extract_facts(text, today=TODAY), expected, text)


def test_table_is_large_enough() -> None:
    assert len(STORIES) >= 80


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("三千五", Amount(3500)),
        ("4千5", Amount(4500)),
        ("3k", Amount(3000)),
        ("3.5k", Amount(3500)),
        ("1.2万", Amount(12000)),
        ("一万二", Amount(12000)),
        ("两万三千五", Amount(23500)),
        ("一千零五", Amount(1005)),
        ("一百五", Amount(150)),
        ("二十五", Amount(25)),
        ("廿五", Amount(25)),
        ("十", Amount(10)),
        ("八九十", Amount(80, 90)),
        ("三四千", Amount(3000, 4000)),
        ("十七八", Amount(17, 18)),
        ("十几", Amount(11, 19)),
        ("二十几", Amount(21, 29)),
        ("3到5", Amount(3, 5)),
        ("三到五千", Amount(3000, 5000)),
        ("3000-4000", Amount(3000, 4000)),
        ("二〇二三", Amount(2023)),
        ("几千", None),
        ("5000-3000", None),
        ("三三", None),
    ],
)
def test_numbers(text: str, amount: Amount | None) -> None:
    assert parse_number(text) == amount


@pytest.mark.parametrize(
    ("text", "field", "reason_word"),
    [
        ("我工作了300年，能拿多少补偿", "tenure_months", "50年"),
        ("工资-5000，被辞退了", "monthly_wage", "负数"),
        ("老婆怀孕40个月被开除", "pregnancy_month", "10个月"),
        ("鉴定伤残十二级", "injury_grade", "十级"),
        ("每天加班20个小时", "overtime_hours", "16小时"),
        ("一个月加班500个小时", "overtime_hours", "400小时"),
        ("工资20块一个月", "monthly_wage", "单位"),
        ("月薪300万", "monthly_wage", "过大"),
        ("我2026年3月入职，现在被辞退", "tenure_months", "入职日期"),
    ],
)
def test_absurd_values_are_rejected_with_a_reason(text: str, field: str, reason_word: str) -> None:
    facts = extract_facts(text, today=TODAY)
    assert getattr(facts, field) is None
    [rejected] = [r for r in facts.rejected if r.field == field]
    assert reason_word in rejected.reason
    assert text[rejected.span.start : rejected.span.end] == rejected.span.text


def test_several_absurd_values_in_one_story() -> None:
    facts = extract_facts("工作了300年，工资-5000，怀孕40个月", today=TODAY)
    assert [r.field for r in facts.rejected] == ["tenure_months", "monthly_wage", "pregnancy_month"]
    assert facts.tenure_months is None and facts.monthly_wage is None and facts.pregnancy_month is None


@pytest.mark.parametrize(
    ("text", "field", "said"),
    [
        ("月薪5000，做了一年，工资3000，被辞退了", "monthly_wage", ["5000", "3000"]),
        ("我在厂里做了三年，没签合同，老板说我才做了五年", "tenure_months", ["三年", "五年"]),
        ("怀孕5个月被辞退，现在怀孕8个月了", "pregnancy_month", ["5个月", "8个月"]),
        ("鉴定伤残九级，单位说是十级伤残", "injury_grade", ["九级", "十级"]),
        # a hedge between two amounts: the worker is not sure which, so neither is used
        ("我做了两年，又好像是三年，月薪6000，老板叫我走人", "tenure_months", ["两年", "三年"]),
        ("人工四千五定系五千，佢炒咗我", "monthly_wage", ["四千五", "五千"]),
    ],
)
def test_contradictions_are_asked_not_guessed(text: str, field: str, said: list[str]) -> None:
    facts = extract_facts(text, today=TODAY)
    assert getattr(facts, field) is None
    [conflict] = facts.open_conflicts()
    assert conflict.field == field
    assert [v.span.text for v in conflict.values] == said
    assert all(word in conflict.question for word in said)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("工资5000，我那5000块到现在都没发", "monthly_wage", 5000),
        ("工资以前3000，后来涨到4500", "monthly_wage", 4500),
        ("原来工资4000，现在降到2500", "monthly_wage", 2500),
        ("做了两年多，快三年了", "tenure_months", 25),
        ("底薪2000，每个月工资大概5000", "monthly_wage", 5000),
        # the worker corrects the amount just given: the correction is the fact
        ("我工资四千，不对是五千，做了三年被开除了", "monthly_wage", 5000),
        ("做了两年，讲错，系三年，人工5000", "tenure_months", 36),
        # corrected beside a workplace (one tenure put right, not this employer's years and the years in all)
        ("我在厂里做了3年，不对，是4年，工资4500", "tenure_months", 48),
        ("我在厂里做了3年，不是，是4年，工资4500", "tenure_months", 48),
        ("工资四千，不是，是四千五，在这间厂做了2年", "monthly_wage", 4500),
        # a year word before something else that began, or before a holiday of that year, is no start of work
        ("我在这做了六年零两个月了，社保也是去年才开始帮我们买的", "tenure_months", 74),
        ("这家做了五年零三个月，今年春节除夕到初三都上班", "tenure_months", 63),
        # "not a single day off" is no duration of work
        ("这家做了五年零三个月，过年都上班一天没休", "tenure_months", 63),
        ("做了两年，一年到头一天假都没请过", "tenure_months", 24),
    ],
)
def test_agreeing_or_changed_values_are_not_conflicts(text: str, field: str, value: float) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.conflicts == ()
    assert getattr(facts, field).value == value


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("去年三月开始在这里做，一个月三千", 15),  # TODAY is 2025-06-15
        ("今年二月开始上班的，工资4000", 4),
        ("我做了20天没签合同", 0.67),
    ],
)
def test_starts_and_days_worked_still_read(text: str, months: float) -> None:
    assert extract_facts(text, today=TODAY).tenure_months.value == months


def test_daily_pay_and_compensation_are_not_monthly_wages() -> None:
    facts = extract_facts("一天200块，公司只肯赔5000，罚款300", today=TODAY)
    assert facts.monthly_wage is None and facts.rejected == ()


def test_a_debt_repaid_each_month_is_no_wage_but_still_is_still() -> None:
    repaid = extract_facts("月工资五千，另外分期买了一台电脑，每个月还六百", today=TODAY)
    assert repaid.monthly_wage.value == 5000 and repaid.conflicts == ()
    mortgage = extract_facts("我每个月还房贷两千，工资四千五", today=TODAY)
    assert mortgage.monthly_wage.value == 4500 and mortgage.conflicts == ()
    # 还 as "still": the amount is the wage or the sum owed, as before
    assert extract_facts("每个月工资还是五千", today=TODAY).monthly_wage.value == 5000
    assert extract_facts("老板还欠我三千块工资", today=TODAY).unpaid_amount.value == 3000
    # 拖了 alone delays anything; wages are named before or after it
    assert extract_facts("装修合同写好九月底交房现在拖了两个月还没装好", today=TODAY).unpaid_months is None
    assert extract_facts("公司拖了我三个月工资", today=TODAY).unpaid_months.value == 3
    # told of a husband: his wages are still unpaid wages
    assert extract_facts("包工头跑了还欠他三万几元工资", today=TODAY).has(Event.UNPAID)


@pytest.mark.parametrize(
    ("text", "events", "asks"),
    [
        # the employer calling it the worker's own leaving is a dismissal; the worker asking whether it is, not
        ("老板就说不去那算你自己辞工", {"dismissed"}, set()),
        ("这样算我辞职吗", {"resigned"}, set()),
        # a loss the worker caused, taken out of the pay; the last month's commission kept back on leaving
        ("打坏了一批货主管讲要扣我一千五", {"made_to_pay"}, set()),
        ("上个月辞工老板讲最后一个月提成不给了", {"resigned", "final_pay"}, set()),
        # no money for a lawyer; the birth money of a worker without insurance
        ("现在没钱请律师，我能找谁", set(), {"lawyer", "where"}),
        ("我想找律师", set(), set()),
        ("现在还能去告吗，要请律师的话我没钱", set(), {"lawyer"}),
        # pay not paid monthly is unpaid; 哪里会管 asks where to go
        ("做了一年多，工资也没有按月发，哪里会管", {"unpaid"}, {"where"}),
        # no weekly rest told as a year without a day off
        ("我一年到头都没休过一天", {"no_rest"}, set()),
        ("他们每天要跑十二个钟一个礼拜都没休息", {"no_rest", "overtime"}, set()),
        ("店里一个月只给我们休两天", {"no_rest"}, set()),
        # the worker owing a debt is no wage owed; the boss owing money is
        ("连老板和工友都收到短信讲我欠钱不还", set(), set()),
        ("包工头欠钱不还", {"unpaid"}, set()),
        # the employer telling the workers they must pay for a loss (not someone paying the worker)
        ("老板讲我们同一个班的都要一起赔每人扣一千五", {"made_to_pay"}, set()),
        ("讲是快递公司的 说我的包裹丢了要赔我钱", set(), set()),
        ("没买社保以后生孩子的钱怎么办", {"not_insured"}, {"leave_pay", "what_to_do"}),
        # told of someone else (my wife): 叫她走 is a dismissal, 没帮她买过社保 no insurance
        ("厂里就讲她不合格叫她走，也没帮她买过社保", {"dismissed", "not_insured"}, set()),
        ("老板叫我走路去送货", set(), set()),
        # sent to the warehouse on an errand (搬货, 卸货) is a task, not a transfer; sent to work there is one
        ("老板叫我去仓库搬货，被铁架砸伤了脚", {"injured"}, set()),
        ("组长叫我们去仓库帮忙卸货", set(), set()),
        ("主管叫我去仓库上班", {"transferred"}, set()),
        # 我想走: about to leave the job (not 想走路去)
        ("工资只发一半已经拖了两个月，我想走能要补偿吗", {"unpaid", "resigning"}, set()),
        ("下班想走路去车站", set(), set()),
        # the last day of work the worker sets (打算做到这个月底就走): leaving, told with the day
        ("两个月工资都拖着没发，我打算做到这个月底就走", {"unpaid", "resigning"}, set()),
        ("准备干到年底就走", {"resigning"}, set()),
        ("打算做到五十岁就回老家", set(), set()),
        # a threat if the worker refuses (不去就扣工资) is no wage owed; a rule applied (放假不上班就不发工资) is told
        ("我老婆怀孕七个月了，店长叫她去搬货，不去就扣工资", {"pregnant"}, set()),
        ("老板说不签的话就不发工资", set(), set()),
        ("暑假两个月园长说放假不上班就不发工资", {"stopped"}, set()),
        # a penalty for leaving demanded (违约金)
        (
            "上个月我辞工了老板说我没做满两年要扣一个月工资当违约金",
            {"resigned", "unpaid", "penalty", "final_pay"},
            set(),
        ),
        # no high-temperature allowance paid (drinks instead); asking how much it is tells nothing happened
        ("七八月热到三十七八度厂里一分高温补贴都没有只发几箱凉茶", {"no_heat_pay"}, set()),
        ("高温补贴没有发了绿豆汤就算了", {"no_heat_pay"}, set()),
        ("厂里有发高温补贴", set(), set()),
        # the maternity leave's pay refused asks who pays it (no wages owed); wages unpaid after the leave are owed
        ("休产假期间公司不发工资", set(), {"leave_pay"}),
        ("产假只有98天多出来的天数不给工资", set(), {"leave_pay"}),
        ("产假回来后公司三个月没发工资", {"unpaid"}, set()),
        # whether waiting loses the claim (是不是时间拖久了就要不回来了) asks the time limit; long hours do not
        ("这些钱找谁要，是不是时间拖久了就要不回来了", set(), {"limitation"}),
        ("加班时间太长了", {"overtime"}, set()),
        # insurance paid on the lowest base, not the wage: not paid in full (a wage at the minimum is no such thing)
        ("厂里这几年社保都是按最低的基数买的跟我实际工资差很多", {"not_insured"}, set()),
        ("社保缴费基数比工资低很多", {"not_insured"}, set()),
        ("老板按最低工资标准给我们发工资", set(), set()),
        # sent home to wait until work starts again: a stoppage
        ("店要装修关门半年叫我们先回家等通知", {"stopped"}, set()),
        ("我在家等老公下班", set(), set()),
    ],
)
def test_what_happened_and_what_is_asked(text: str, events: set, asks: set) -> None:
    facts = extract_facts(text, today=TODAY)
    found = {a.value for a in facts.asks}
    assert {e.value for e in facts.events} == events
    assert asks <= found and ("lawyer" in found) == ("lawyer" in asks)


def test_a_date_from_which_something_else_began_is_no_start_of_work() -> None:
    facts = extract_facts("做了三年零九个月，老板从今年六月开始就不发工资了，拖了五个月", today=TODAY)
    assert facts.tenure_months.value == 45 and facts.conflicts == ()
    # from a date on, the worker's own start
    assert extract_facts("我从2023年3月开始在这个厂做", today=TODAY).tenure_months.value == 27


def test_a_loan_repaid_out_of_the_pay_is_no_wage_withheld() -> None:
    assert not extract_facts("楼盘没交楼，每个月的供楼钱照样扣我的工资卡", today=TODAY).events
    owed = extract_facts("房贷每月还三千，老板又拖欠我两个月工资", today=TODAY)
    assert {e.value for e in owed.events} == {"unpaid"}


def test_an_earlier_jobs_years_add_to_this_employers_for_the_years_in_all() -> None:
    facts = extract_facts("我在普宁一间厂做了八年，之前在深圳做过三年", today=TODAY)
    assert facts.tenure_months.value == 96 and facts.total_work_months.value == 132 and not facts.conflicts
    facts = extract_facts("在电子厂做了两年，以前在别的厂干了一年半", today=TODAY)
    assert facts.tenure_months.value == 24 and facts.total_work_months.value == 42


def test_overtime_on_top_of_a_days_hours_is_a_days_overtime() -> None:
    facts = extract_facts("每天做足八个小时之后还要加三个小时班，一个月上二十一天", today=TODAY)
    assert facts.overtime_hours.value == 3 and facts.overtime_hours.per == Per.DAY
    assert facts.monthly_overtime_hours == 63


def test_a_clock_hour_before_a_verb_is_no_how_question() -> None:
    assert not extract_facts("每天早上八点做到晚上八点", today=TODAY).asks
    assert {a.value for a in extract_facts("老板不发工资，点算好", today=TODAY).asks} >= {"what_to_do"}


def test_a_sum_offered_to_settle_is_no_wage() -> None:
    facts = extract_facts("受伤前每个月5千2，厂里叫我自己写辞职讲给我两万块了事", today=TODAY)
    assert facts.monthly_wage.value == 5200 and facts.conflicts == ()
    assert extract_facts("每个月给我五千", today=TODAY).monthly_wage.value == 5000


@pytest.mark.parametrize(
    ("text", "holiday_days"),
    [
        ("今年中秋和国庆我都在上班一天没休", 4),  # not a day off: every legal day of both (1 + 3)
        ("国庆上班一天都没休", 3),
        ("国庆七天我上了五天", 3),  # a count of days worked still counts
    ],
)
def test_not_a_day_off_over_a_holiday_is_the_whole_holiday_worked(text: str, holiday_days: int) -> None:
    assert extract_facts(text, today=TODAY).holiday_work_days.value == holiday_days


def test_annual_leave_never_there_is_leave_denied() -> None:
    facts = extract_facts("我出来做了七年多年假也从来没有 这样算下来我亏了多少", today=TODAY)
    assert "leave_denied" in {e.value for e in facts.events}


def test_a_bound_or_days_missed_are_no_time_worked() -> None:
    # 来不够一年 is what the boss claims, not the time worked; 旷工三天 are days missed
    bound = extract_facts(
        "今年三月初进去的，老板说我来不够一年一分钱都不用补", today=datetime.date(2026, 11, 30)
    )
    # 三月初 to the end of the 30th of November: nine whole months
    assert bound.tenure_months.value == 9 and bound.conflicts == ()
    missed = extract_facts(
        "前年十月进厂今年一月被赶走的，说我旷工三天就开除", today=datetime.date(2026, 11, 30)
    )
    assert missed.tenure_months.value == 15 and missed.conflicts == ()


def test_a_start_told_with_you_and_a_wage_after_probation() -> None:
    assert extract_facts("由去年九月做到现在", today=datetime.date(2026, 11, 30)).tenure_months.value == 14
    facts = extract_facts("试用期写三个月讲好转正4200试用期只给2800", today=TODAY)
    assert facts.agreed_wage.value == 4200 and facts.probation_wage.value == 2800 and facts.conflicts == ()
    assert extract_facts("试用期说好3000", today=TODAY).probation_wage.value == 3000


@pytest.mark.parametrize(
    ("text", "events"),
    [
        # a story told of someone else (my wife): her contract and her dismissal
        ("老板一直没跟她签合同", {"no_contract"}),
        ("上个月被老板叫走了", {"dismissed"}),
    ],
)
def test_what_happened_to_someone_else(text: str, events: set) -> None:
    assert {e.value for e in extract_facts(text, today=TODAY).events} == events


def test_an_age_closed_by_le_is_read_in_a_run_on_story() -> None:
    facts = extract_facts("我爸今年65了在榕城一个商场做保洁一个月2300", today=TODAY)
    assert facts.age.value == 65 and {t.value for t in facts.worker_types} == {"retired"}
    assert extract_facts("今年十月了", today=TODAY).age is None  # a month, not an age


def test_by_how_much_the_wage_changed_is_no_wage() -> None:
    facts = extract_facts("还要重新试用两个月工资降500，工资一个月5千3", today=TODAY)
    assert facts.monthly_wage.value == 5300 and facts.probation_wage is None and facts.conflicts == ()
    cut = extract_facts("工资从5000降到4000", today=TODAY)  # to how much: the wage
    assert cut.monthly_wage.value == 4000 and cut.previous_wage.value == 5000


def test_a_contract_that_ends_and_is_not_renewed_told_far_from_the_word_contract() -> None:
    facts = extract_facts("连续签了两次合同一次三年第二次今年十月到期公司说不续了", today=TODAY)
    assert "contract_ended" in {e.value for e in facts.events}


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("还有我生完以后可以在家休多久", True),
        ("她生孩子的时候能休多久", True),
        ("我老婆生孩子我能休几天", False),  # the father's own leave (陪产假), not the mother's rest
    ],
)
def test_how_long_the_mother_rests_after_the_birth(text: str, asked: bool) -> None:
    assert ("birth_leave" in {a.value for a in extract_facts(text, today=TODAY).asks}) is asked


def test_being_told_to_go_and_sign_out_is_a_dismissal() -> None:
    facts = extract_facts("厂里说他病了做不了叫我去办离职", today=TODAY)
    assert {e.value for e in facts.events} == {"dismissed", "ill"}  # and the illness: the 医疗期


def test_dates_count_to_today_or_to_leaving() -> None:
    assert extract_facts("2023年3月进厂", today=TODAY).tenure_months.value == 27
    assert extract_facts("2023年3月进厂，2024年9月被辞退", today=TODAY).tenure_months.value == 18
    rough = extract_facts("我2022年入职的", today=TODAY).tenure_months
    assert rough.approx


def test_let_go_at_last_months_end_ends_the_time_worked() -> None:
    # 上个月底…叫他不用来了: the end of last month ends the work, not today
    end_of_june = datetime.date(2025, 6, 30)
    facts = extract_facts(
        "今年三月一号进去的一直没签合同上个月底老板说生意不好叫他不用来了", today=end_of_june
    )
    assert facts.tenure_months.value == 3
    assert facts.months_without_contract.value == 3
    # ...told further on in the same unpunctuated clause, as 把她开了
    later = extract_facts(
        "今年三月一号进去的一直没签合同上个月底她请了两天假回去照顾我妈厂里就讲她旷工把她开了",
        today=end_of_june,
    )
    assert later.tenure_months.value == 3


def test_a_bound_the_employer_names_is_no_time_worked() -> None:
    # 没做满两年: what the boss says the worker lacks, not the time worked (一年零七个月 is)
    facts = extract_facts("开啤机一年零七个月了上个月我辞工了老板说我没做满两年要扣一个月工资", today=TODAY)
    assert facts.tenure_months.value == 19 and facts.conflicts == ()


@pytest.mark.parametrize(
    ("text", "months"),
    [
        # the whole term of a contract running out now, with no other time worked told
        ("合同签了三年这个月底就到期了公司说不续了", 36),
        ("签了两年的合同下个月期满了公司不续签", 24),
        # not yet running out, or the time worked told otherwise
        ("合同签了三年还没到期", None),
        ("合同签了三年，做了一年就被辞退", 12),
    ],
)
def test_a_contract_term_running_out_is_the_time_worked(text: str, months: int | None) -> None:
    tenure = extract_facts(text, today=TODAY).tenure_months
    assert (tenure and tenure.value) == months


def test_months_worked_since_a_contract_ran_out_unrenewed() -> None:
    facts = extract_facts("合同是去年十一月到期的老板一直没跟我续签我就继续做到现在每个月3千9", today=TODAY)
    assert facts.months_without_contract.value == 7  # November 2024 to June 2025
    assert facts.has(Event.NO_CONTRACT)
    assert extract_facts("合同是去年十一月到期的，又续签了三年", today=TODAY).months_without_contract is None


def test_cantonese_fan_before_the_years_and_a_wage_is_time_worked() -> None:
    # 返咗 (canonical 返了) = worked: the years before 人工 are the time worked
    assert extract_facts("我在电子厂做拉长返了八年零两个月工资六千", today=TODAY).tenure_months.value == 98


def test_a_wage_before_ping_shi_is_still_the_wage() -> None:
    # 三千九平时: 平 of 平时 is no square metre
    assert extract_facts("做定型工资三千九平时每天做十一个小时", today=TODAY).monthly_wage.value == 3900


def test_probation_words_about_the_contract_do_not_make_the_wage_a_probation_pay() -> None:
    facts = extract_facts("老板说试用期不用签工资三千八一个月", today=TODAY)
    assert facts.monthly_wage.value == 3800 and facts.probation_wage is None
    assert extract_facts("试用期工资三千", today=TODAY).probation_wage.value == 3000


def test_a_fee_or_a_loss_taken_out_of_the_pay_is_a_deduction() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "fined" in events("厂里每个月都扣伙食费两百但是饭堂根本没开")  # a fee for nothing
    assert "fined" in events("每个月还扣我们100块管理费")
    assert "made_to_pay" in events("店长说我收银差了钱要从工资里扣")  # the employer says it of the worker
    assert "made_to_pay" not in events("我能不能叫他厂里直接从工资里扣给我")  # someone else's pay
    assert not events("公司从工资里扣社保和个税")
    # a per-head sum taken as a "union fee", named after the sum
    assert "fined" in events("厂里每个月扣我们每人20块说是工会费")


def test_a_non_compete_told_without_its_name_is_a_non_compete() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "non_compete" in events("进厂签了一份东西说离职两年内不能去别的针织厂做不然赔五万")
    assert "non_compete" not in events("离职以后不能去找他们要钱吗")
    # barred from the trade itself, leaving not said
    assert "non_compete" in events("合同里有一条两年内不能去同行做不然要赔5万块")
    assert "non_compete" not in events("不能去同事家里住")


def test_traditional_and_full_width_keep_spans() -> None:
    text = "我做了兩年，工資３５００，沒簽合同"
    facts = extract_facts(text, today=TODAY)
    assert facts.tenure_months.value == 24 and facts.monthly_wage.value == 3500
    assert facts.monthly_wage.span.text == "３５００"
    assert facts.has(Event.NO_CONTRACT)


@pytest.mark.parametrize(
    ("text", "dismissed"),
    [
        ("出院以后老板叫我回家休息，工资就停了", False),  # sent home to rest after an injury
        ("受伤后让我回家养伤", False),
        ("老板叫我回家，明天不用来了", True),
        ("怀孕了老板让我回家", True),
        ("老板说没有订单要我回家", True),
    ],
)
def test_sent_home_to_rest_is_no_dismissal(text: str, dismissed: bool) -> None:
    assert extract_facts(text, today=TODAY).has(Event.DISMISSED) is dismissed


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("老板说经营困难 下个月开始工资减一千 不同意就走", Event.PAY_CUT),
        ("没有商量就将底薪从三千八改做两千五", Event.PAY_CUT),
        ("请了丧假 返来扣了全勤奖三百", Event.UNPAID),
        # a repayment told in the clause before is not this clause's (一个人要还房贷 公司说…)
        ("刚离婚 一个人要还房贷 公司说年底奖金不发了", Event.UNPAID),
    ],
)
def test_pay_cut_or_withheld_told_in_other_words(text: str, event: Event) -> None:
    assert extract_facts(text, today=TODAY).has(event)


def test_a_loan_repaid_out_of_the_pay_in_the_same_clause_is_still_no_wage_withheld() -> None:
    assert not extract_facts("房贷从工资里扣了两千", today=TODAY).has(Event.UNPAID)


@pytest.mark.parametrize(
    ("text", "dismissed", "asks_compensation"),
    [
        ("老板就说我旷工把我开了，要赔钱吗", True, True),  # the employer as the subject of 把我开了
        ("老细把佢炒咗，有冇得赔", True, True),
        ("我把开了的罐头放进冰箱", False, False),  # nobody sent away
    ],
)
def test_sent_away_told_with_ba_and_asking_for_money(
    text: str, dismissed: bool, asks_compensation: bool
) -> None:
    facts = extract_facts(canonicalise(text), today=TODAY)
    assert facts.has(Event.DISMISSED) is dismissed
    assert (Ask.COMPENSATION in {a.value for a in facts.asks}) is asks_compensation


@pytest.mark.parametrize(
    "text",
    ["年假这几年一天都没有，今年年假能折多少钱", "年假都没有过", "这几年一天年假都没有过想问年假能不能折钱"],
)
def test_leave_that_was_never_there_is_leave_denied(text: str) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.has(Event.LEAVE_DENIED)
    assert "how_long" not in {str(a.value) for a in facts.asks}  # 这几年 tells a time, asks none


def test_pay_withheld_by_a_stoppage_is_the_stoppage_not_arrears() -> None:
    facts = extract_facts("暑假两个月园长说放假不上班就不发工资", today=TODAY)
    assert facts.has(Event.STOPPED) and not facts.has(Event.UNPAID)
    # wages owed besides the stoppage, told apart, stay arrears
    facts = extract_facts("停工两个月，之前还欠我三个月工资", today=TODAY)
    assert facts.has(Event.STOPPED) and facts.has(Event.UNPAID)


@pytest.mark.parametrize(
    ("text", "resigned"),
    [
        ("装修公司老板说工人都辞职了再等等", False),  # others who left
        ("我们工人都辞职了", True),
        ("厂里别人都辞职了我也想辞职", True),  # the worker's own, after the others'
        # a co-worker's leaving is background (a defamation, a scam), the worker's own beside one's is not
        ("前同事辞工后在网上发视频说我偷东西", False),
        ("拉我们投资的那个工友也辞职不见了", False),
        ("我和工友都辞工了老板不给钱", True),
    ],
)
def test_others_leaving_is_no_resignation_of_the_workers(text: str, resigned: bool) -> None:
    assert extract_facts(text, today=TODAY).has(Event.RESIGNED) is resigned


def test_wages_unpaid_on_leaving_are_final_pay() -> None:
    facts = extract_facts("老板叫我明天不用来，这个月做的十几天工资说要等下个月底才发", today=TODAY)
    assert facts.has(Event.DISMISSED) and facts.has(Event.UNPAID) and facts.has(Event.FINAL_PAY)
    # still working: late wages, not final pay
    facts = extract_facts("工资说要等下个月底才发", today=TODAY)
    assert facts.has(Event.UNPAID) and not facts.has(Event.FINAL_PAY)


def test_the_employer_taking_a_sum_out_of_wages_is_made_to_pay_but_insurance_is_not() -> None:
    facts = extract_facts("上个月倒车刮了别人的车，公司说要从我工资里扣八千分四个月扣", today=TODAY)
    assert facts.has(Event.MADE_TO_PAY)
    assert not extract_facts("厂里每个月从我工资里扣生育保险的钱", today=TODAY).has(Event.MADE_TO_PAY)


def test_negated_events_are_not_events() -> None:
    facts = extract_facts("我没有被辞退，也不是辞职，只是想问加班费", today=TODAY)
    assert not facts.has(Event.DISMISSED) and not facts.has(Event.RESIGNED)


def test_follow_up_wage_completes_the_earlier_story() -> None:
    first = extract_facts("我在试用期，工资比合同写的少了一大截，没签合同做了5个月", today=TODAY)
    second = extract_facts("那最少该给我多少？合同写的是5000，现在只发3000", today=TODAY)
    case = merge(first, second)
    assert case.tenure_months.value == 5
    assert case.agreed_wage.value == 5000 and case.monthly_wage.value == 3000
    assert [str(a.value) for a in case.asks] == ["how_much"]
    assert case.has(Event.NO_CONTRACT)
    assert case.conflicts == ()


def test_newer_value_wins_and_the_change_is_recorded() -> None:
    case = merge(
        extract_facts("在厂里做了两年，月薪4000", today=TODAY),
        extract_facts("说错了，工资其实是6000", today=TODAY),
    )
    assert case.monthly_wage.value == 6000 and case.tenure_months.value == 24
    [conflict] = case.conflicts
    assert conflict.chosen.value == 6000 and [v.value for v in conflict.values] == [4000, 6000]
    assert case.open_conflicts() == ()


def test_a_later_turn_settles_an_open_conflict() -> None:
    first = extract_facts("月薪5000，做了一年，工资3000", today=TODAY)
    assert first.open_conflicts()
    case = merge(first, extract_facts("工资是5000", today=TODAY))
    assert case.monthly_wage.value == 5000 and case.open_conflicts() == ()


def test_merge_keeps_older_facts_asks_and_rejections() -> None:
    older = extract_facts("在揭阳做了300年，被辞退了，能赔多少", today=TODAY)
    newer = extract_facts("没签合同", today=TODAY)
    case = merge(older, newer)
    assert case.region.value == "揭阳市"
    assert {str(e.value) for e in case.events} == {"dismissed", "no_contract"}
    assert [str(a.value) for a in case.asks] == ["how_much", "compensation"]
    assert [r.field for r in case.rejected] == ["tenure_months"]


def test_as_dict_is_json() -> None:
    facts = extract_facts("在东莞做了两年多，月薪三千五，每天加班3小时，被炒鱿鱼，几多赔偿", today=TODAY)
    data = json.loads(json.dumps(facts.as_dict(), ensure_ascii=False))
    assert data["tenure_months"] == {
        "value": 25,  # 两年多: at least a month more than two years
        "high": None,
        "approx": True,
        "per": None,
        "text": "两年多",
        "start": 5,
        "end": 8,
    }
    assert data["overtime_hours"]["per"] == "day"
    assert data["events"][0]["value"] == "dismissed"
    assert data["region"]["value"] == "广东省"
    assert data["conflicts"] == [] and data["pregnancy_month"] is None


LONG_STORY = (
    "您好，我想咨询一下，我是江西人，2019年6月经老乡介绍进了揭阳普宁一家做内衣的厂，刚开始说好试用期一个月工资2800，"
    "转正后4500，结果转正以后每个月到手也就四千左右，厂里说扣了伙食费和住宿费。进厂的时候老板说先做着合同以后再签，"
    "结果一直没签合同，社保也从来没给我们买过，我问过几次，老板都说外地人买了也没用，不如多发点钱。平时每天早上八点上班，"
    "晚上要做到十点，一个月加班差不多一百个小时，加班费是按计件算的，也说不清楚到底给了多少。去年我怀孕了，"
    "怀孕7个月的时候肚子很大，车间主任还让我站着做，我说身体不舒服请了几天假，回来以后主任就说我的岗位已经有人了，"
    "叫我去仓库搬货，不去就当自动离职。我没办法只能去了仓库，工资也从四千多降到三千，上个月我生了孩子，是剖腹产，"
    "住院花了一万多，厂里说我没有生育保险，产假工资一分钱都不给，还叫我不用回来了，说我自己不干的。我想问问我这种情况，"
    "没签合同的双倍工资可以要多少，产假工资能不能要，被辞退有没有赔偿，要去哪个部门投诉，时间上有没有什么限制，"
    "我老公也在这个厂做了三年多，老板也欠了他两个月的人工没发，我们两个一起去告可以吗？谢谢您！"
    "补充一下情况：我们厂在普宁的工业区里面，有两百多个工人，大部分是外地来的，很多人都跟我一样没有合同。"
    "老板平时很少来厂里，都是他老婆和一个姓陈的主任在管，工资每个月十五号发，经常拖到月底才发，有时候还要分两次发。"
    "我手上有工牌、考勤记录的照片，还有微信上主任叫我去仓库的聊天记录，以及每个月发工资的银行流水，"
    "不知道这些能不能当证据用。主任还说如果我们去投诉，就把我们这几个月的工资都扣掉，让我们一分钱都拿不到，"
    "我们很害怕，但是孩子刚出生要用钱，房租也要交，实在是没有办法了。我也不太懂法律，不知道要先准备什么材料，"
    "是不是要先去劳动局还是先去法院，还是找工会，打电话过去要说什么，会不会很麻烦，要不要请律师，请律师要花多少钱，"
    "如果厂里不认我们是他们的员工怎么办，厂里的营业执照上面写的名字和老板的名字也不一样，"
    "我们到底该告谁。另外我听说生孩子可以领生育津贴，但是我没有社保是不是就领不到了，厂里是不是要赔给我？"
    "还有就是我们每天中午只有半个小时吃饭，晚上加班也没有夜宵，车间里面很热，也没有空调，好几个工人都中暑了，"
    "主任还说谁受不了就自己走人，反正外面有的是人想进来做。请问这些情况劳动部门管不管？麻烦您了，我在这里等您的回复。"
)


def test_a_thousand_character_story() -> None:
    story = LONG_STORY[:1000]
    assert len(story) == 1000
    facts = extract_facts(story, today=TODAY)
    assert facts.region.value == "揭阳市"
    # The story gives the worker's start date (six years) and her husband's 三年多: ask, do not guess.
    [conflict] = facts.open_conflicts()
    assert conflict.field == "tenure_months" and [v.value for v in conflict.values] == [72, 37]
    assert facts.tenure_months is None
    assert facts.probation_wage.value == 2800 and facts.agreed_wage.value == 4500
    assert facts.monthly_wage.value == 3000
    assert facts.overtime_hours.value == 100 and facts.overtime_hours.per is Per.MONTH
    assert facts.pregnancy_month.value == 7
    for event in ("dismissed", "transferred", "not_insured", "no_contract", "pregnant", "unpaid", "overtime"):
        assert facts.has(event), event
    for ask in ("how_much", "where", "how_long", "is_legal"):
        assert facts.has(ask), ask
    assert facts.has("caesarean")
    started = time.perf_counter()
    for _ in range(20):
        extract_facts(story, today=TODAY)
    assert (time.perf_counter() - started) / 20 < 0.05  # generous: the bench prints the real figure


def test_empty_and_unrelated_text() -> None:
    assert extract_facts("", today=TODAY) == Facts()
    assert extract_facts("你好", today=TODAY) == Facts()
    assert extract_facts("我想问一下年假的事情") == Facts()


def test_random_fragments_never_raise() -> None:
    """Odd mixes of numerals, units and keywords give facts (or nothing), never an exception."""
    import random

    pieces = list("0123456789一二两三四五六七八九十百千万几年个月天周块元k多半到-，。") + [
        "工资",
        "做了",
        "加班",
        "小时",
        "怀孕",
        "伤残",
        "级",
        "岁",
        "没签合同",
        "辞退",
        "欠",
        "揭阳",
        "进厂",
        "2023年3月",
    ]
    rng = random.Random(7)
    case = Facts()
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        facts = extract_facts(text, today=TODAY)
        json.dumps(facts.as_dict(), ensure_ascii=False)
        case = merge(case, facts)
    assert isinstance(case, Facts)


def test_every_event_has_a_label_for_the_case_display():
    from bot.answering.fact_patterns import Event
    from bot.answering.suggest import TAG_LABELS

    assert {e.value for e in Event} <= set(TAG_LABELS)


def test_a_teochew_story_is_read_after_its_words_are_mapped():
    """三冬外 (三年多) and 明日免来 (明天不用来) are read once the dialect lexicon has mapped them, as the assistant
    does before reading facts."""
    from bot.text.dialect import canonicalise

    facts = extract_facts(canonicalise("阮佇揭阳一间塑料厂做工，做三冬外，头家讲厂无生理，叫阮明日免来"))
    assert facts.tenure_months.value == 37 and facts.tenure_months.approx
    assert {t.value for t in facts.events} == {"dismissed"}
    # Hakka: 有了细人仔 (pregnant), the boss wanting her to leave of her own accord (a forced resignation)
    facts = extract_facts(canonicalise("𠊎老妹在厂里做，有了细人仔，老板爱佢自家走"))
    assert {t.value for t in facts.events} == {"pregnant", "dismissed"}


def test_overtime_from_the_length_of_each_working_day():
    # 每日返十个钟，一个月返二十二日: 2 hours over the 8-hour day on each of 22 working days
    facts = extract_facts("每天上班十个小时，一个月上二十二天，工资四千", today=TODAY)
    assert facts.monthly_overtime_hours == 44
    # more days than a month's working days hold rest days: no figure from the day's length alone
    assert extract_facts("每天上班十个小时，一个月上二十六天", today=TODAY).monthly_overtime_hours is None
    # a day read off the clock holds meal breaks: no figure either
    assert extract_facts("早八点做到晚八点，一个月上二十二天", today=TODAY).monthly_overtime_hours is None


def test_days_counted_before_the_wage_do_not_make_it_a_day_wage() -> None:
    # 二十六日 counts the days worked a month: 工资 after it is the month's, not a 日工资
    facts = extract_facts("一个月返二十六日工资得四千八", today=TODAY)
    assert facts.monthly_wage.value == 4800 and facts.daily_wage is None
    assert extract_facts("日工资得两百", today=TODAY).daily_wage.value == 200


@pytest.mark.parametrize(
    ("text", "hours", "month"),
    [
        ("每天从早上8点做到晚上7点中间吃饭一个小时一个月做22天", 10, 44),  # the meal break told: exact
        ("早上8点到晚上8点，中午休息一个半小时，一个月上二十二天", 10.5, 55),
        ("早八点做到晚八点吃饭一个多小时，一个月上二十二天", 12, None),  # a vague break: still approximate
    ],
)
def test_a_break_told_after_the_clock_is_not_worked(text: str, hours: float, month: float | None) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.work_hours_per_day.value == hours
    assert facts.monthly_overtime_hours == month


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # a split shift: both parts told one after the other are the day's hours, the gap between them no work
        ("每天早上五点做到中午十二点下午三点又做到六点", 10),
        ("早上八点做到中午十二点，下午两点做到六点", 8),
        ("早上8点做到中午12点下午1点半做到5点半", 8),
        ("早上八点做到十二点下午两点做到晚上十点", 12),
        # one span to noon: 中午一点 is 13 o'clock
        ("早上七点到中午一点", 6),
    ],
)
def test_a_split_shift_counts_both_parts(text: str, hours: float) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.work_hours_per_day.value == hours and facts.conflicts == ()


@pytest.mark.parametrize(
    ("text", "wage"),
    [
        ("去年五月一号进的厂人工四千二一直都冇俾我签合同", 4200),  # 一直 starts after the amount
        ("工资三千六一共拖了两个月", 3600),
        ("工资五千一", 5100),  # a trailing 一 that starts no word is the amount's
        ("人工三千八一月做足二十六日", 3800),  # 一月 without 个 is a month too
    ],
)
def test_a_word_starting_with_one_after_an_amount_is_not_part_of_it(text: str, wage: int) -> None:
    assert extract_facts(text, today=TODAY).monthly_wage.value == wage


@pytest.mark.parametrize(
    "text", ["在这家厂干了两年加五个月", "在这家厂干了两年又五个月", "在这家厂干了两年零五个月"]
)
def test_months_added_to_years_worked(text: str) -> None:
    assert extract_facts(text, today=TODAY).tenure_months.value == 29


def test_a_holiday_worked_by_its_dates_with_the_month_named() -> None:
    facts = extract_facts("去年国庆节十月一号到五号厂里都安排我们上班", today=TODAY)
    assert facts.holiday_work_days.value == 3 and facts.restday_work_days.value == 2
    assert "holiday_work" in {e.value for e in facts.events}
    # the employer making them work the holiday, no days said
    assert "holiday_work" in {e.value for e in extract_facts("五一都叫我们回去加班", today=TODAY).events}


@pytest.mark.parametrize("pay", ["到手4千6", "底薪4600", "工钱4600", "出粮4600"])
def test_one_month_before_the_pay_is_a_period_not_time_worked(pay: str) -> None:
    # 2022年3月进厂的，一个月到手4千6: the date gives the time worked; 一个月 is the wage's period
    facts = extract_facts(f"2022年3月进厂的一个月{pay}", today=TODAY)
    assert facts.tenure_months.value == 39 and facts.monthly_wage.value == 4600
    assert not facts.conflicts


@pytest.mark.parametrize("text", ["老板说签了合同要买社保不划算", "厂里不肯帮我们买社保"])
def test_insurance_the_employer_will_not_pay_for_is_not_insured(text: str) -> None:
    assert "not_insured" in {e.value for e in extract_facts(text, today=TODAY).events}


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("顺便问我们这种可以入工会吗", True),
        ("送外卖的能不能加入工会", True),
        ("临时工入会吗", True),
        ("我是工会会员", False),
        ("工会入会要交会费", False),
    ],
)
def test_asking_to_join_a_union(text: str, asked: bool) -> None:
    assert ("join_union" in {a.value for a in extract_facts(text, today=TODAY).asks}) is asked


@pytest.mark.parametrize(
    ("text", "waived"),
    [
        ("老板说给多二百元工资当系社保钱，叫我签张纸话自愿不买", True),
        ("入职时签了放弃社保的声明", True),
        ("公司把社保折现发给我们", True),
        ("厂里一直没给我们买社保", False),
        ("我自愿加班", False),
    ],
)
def test_a_waiver_of_insurance(text: str, waived: bool) -> None:
    assert ("insurance_waived" in {e.value for e in extract_facts(text, today=TODAY).events}) is waived


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("她生的时候我想请假照顾，厂里说男的没有这种假", True),
        ("老婆快生了我能休几天", True),
        ("我老婆生了孩子，厂里还欠我工资", False),
        ("我生孩子能休多久", False),
    ],
)
def test_asking_for_the_fathers_leave(text: str, asked: bool) -> None:
    assert ("paternity" in {a.value for a in extract_facts(text, today=TODAY).asks}) is asked


def test_a_holiday_count_is_near_the_work_word() -> None:
    # a story told without stops runs on past the holiday: a count far after the work word is another matter's
    text = "国庆那三天都叫我们照常上班说是旺季也没补休还有来这里两年一天年假都没放过"
    assert extract_facts(text, today=TODAY).holiday_work_days.value == 3
    assert extract_facts("国庆节上了三天班", today=TODAY).holiday_work_days.value == 3


def test_rest_days_worked_rushing_an_order() -> None:
    facts = extract_facts("这个月三个星期天都叫我们赶货也不给调休", today=TODAY)
    assert facts.restday_work_days.value == 3
    # the work word before the count
    assert extract_facts("一个月返四个礼拜六，老细话冇补休", today=TODAY).restday_work_days.value == 4
    assert extract_facts("做了两个星期就走了", today=TODAY).restday_work_days is None
    assert extract_facts("阮上个月加了四个礼拜日", today=TODAY).restday_work_days.value == 4


def test_a_months_wage_from_the_wages_owed_in_all() -> None:
    # 四个月没发…一共欠了两万四: a month's wage of 6000, approximate (part may have been paid)
    facts = extract_facts("公司已经四个月没发工资了 一共欠了两万四", today=TODAY)
    assert facts.monthly_wage.value == 6000 and facts.monthly_wage.approx
    # a month's wage told wins; months told roughly give none
    assert extract_facts("欠了三个月工资一共一万六，工资五千", today=TODAY).monthly_wage.value == 5000
    assert extract_facts("拖了半年多工资 欠了一万", today=TODAY).monthly_wage is None


def test_insurance_not_bought_to_this_day() -> None:
    assert extract_facts("还有他社保到现在都没买", today=TODAY).has(Event.NOT_INSURED)


def test_wages_not_received_are_owed() -> None:
    assert extract_facts("工钱一分都没收到", today=TODAY).has(Event.UNPAID)
    assert extract_facts("工资一分都没有收着", today=TODAY).has(Event.UNPAID)  # Teochew 收着: received
    # a loan to be repaid from the pay is no wage owed
    assert not extract_facts("他讲等发工资再还我 到现在也没收到", today=TODAY).has(Event.UNPAID)


def test_a_month_told_before_an_injury_is_no_end_of_work() -> None:
    # 九月底被石头砸断: hurt then, still employed; 九月底被老板炒了: the end of work
    today = datetime.date(2026, 11, 30)
    hurt = extract_facts("今年六月初进去 没签合同 九月底被石头砸断两个脚趾 现在还在养伤", today=today)
    assert hurt.tenure_months.value == 6  # 六月初 to the end of today: six whole months
    assert extract_facts("今年三月进厂 九月底被老板炒了", today=today).tenure_months.value == 7


def test_time_at_home_in_a_cast_is_time_off_for_the_injury() -> None:
    facts = extract_facts(
        "上班路上被车撞了 腿打了石膏在家三个月了 厂里说这三个月没有工资 她一个月四千", today=TODAY
    )
    assert facts.suspension_months.value == 3 and facts.monthly_wage.value == 4000


def test_time_since_joining_the_factory() -> None:
    assert extract_facts("他入厂两年零三个月", today=TODAY).tenure_months.value == 27


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # one holiday told twice in a story (its days, then the question about them) is counted once
        ("国庆那三天老板叫我们全部来上班 不给加班费 我想问国庆这三天加班费应该给多少", 3),
        ("春节上了四天班，过年的加班费怎么算", 4),
        # the same holiday in two years is two holidays worked
        ("去年国庆上了三天班，今年国庆又上了三天班，加班费怎么算", 6),
    ],
)
def test_a_holiday_told_twice_is_counted_once(text: str, days: int) -> None:
    assert extract_facts(text, today=TODAY).holiday_work_days.value == days


def test_every_day_of_the_month_worked_without_a_verb() -> None:
    facts = extract_facts("每天干十一个钟一个月三十一天一日都没得休", today=TODAY)
    assert facts.work_days_per_month.value == 31 and "no_rest" in {e.value for e in facts.events}
    assert extract_facts("一个月30天工资3000", today=TODAY).work_days_per_month is None


def test_papers_kept_told_with_the_papers_first_and_a_condition_is_no_time_worked() -> None:
    facts = extract_facts("一入职毕业证就被公司扣着，讲要干满两年以后才还给我", today=TODAY)
    assert "deposit" in {e.value for e in facts.events} and facts.tenure_months is None
    assert (
        extract_facts("我干满两年才走的", today=TODAY).tenure_months.value == 24
    )  # the leaving, not a condition


def test_a_leaving_certificate_refused_raises_severance() -> None:
    from bot.answering.issues import topic_raised_by

    facts = extract_facts("走的时候老板不肯帮我开离职证明", today=TODAY)
    assert {e.value for e in facts.events} == {"certificate_refused"}  # the paper, not a leaving
    assert topic_raised_by("certificate_refused") == "severance"


def test_the_time_since_something_else_is_no_time_worked() -> None:
    facts = extract_facts("前年被公司炒了一直没空去仲裁拖到现在都一年多了我在公司干了六年", today=TODAY)
    assert facts.tenure_months.value == 72 and facts.conflicts == ()
    assert extract_facts("我在这间厂干到现在都三年了", today=TODAY).tenure_months.value == 36


def test_how_many_days_off_the_birth_gives() -> None:
    assert "birth_leave" in {a.value for a in extract_facts("她生完孩子能有几天假", today=TODAY).asks}


def test_too_late_to_take_the_employer_on_asks_the_limitation() -> None:
    from bot.answering.issues import topic_raised_by

    facts = extract_facts("被开除快两年了是不是已经过了期限不能申请仲裁了", today=TODAY)
    assert "limitation" in {a.value for a in facts.asks}
    late = extract_facts("那去哪里告 现在还来得及吗", today=TODAY)
    assert {a.value for a in late.asks} == {"where", "limitation"}
    assert topic_raised_by("limitation") == "arbitration_limitation"


@pytest.mark.parametrize(
    "text",
    [
        "我在仓库做搬运一天11个小时一个月三千五",
        "小区做保洁一天要做10个钟工资两千六",
        "我在酒店做保安一日干十二个钟",
    ],
)
def test_one_day_before_the_hours_in_it_is_no_time_worked(text: str) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.tenure_months is None and facts.work_hours_per_day is not None
    assert extract_facts("我做了一天就被辞退了", today=TODAY).tenure_months is not None


def test_an_age_still_to_reach_is_a_limit_not_the_workers_age() -> None:
    facts = extract_facts("十七岁进厂做喷漆，未满十八岁有没有什么保护", today=TODAY)
    assert facts.age.value == 17 and facts.conflicts == ()
    assert extract_facts("老板说不满十八岁不要", today=TODAY).age is None


def test_retirement_still_ahead_is_no_retired_worker() -> None:
    facts = extract_facts("我今年五十四了老板说我明年五十五岁快到退休年龄就要我走", today=TODAY)
    assert facts.age.value == 54 and facts.conflicts == ()  # 明年五十五岁: the age to come
    assert "retired" not in {t.value for t in facts.worker_types}
    assert "retired" not in {t.value for t in extract_facts("我快要退休了", today=TODAY).worker_types}
    assert "retired" not in {
        t.value for t in extract_facts("社保没交够到时领不了退休金", today=TODAY).worker_types
    }
    assert "retired" in {t.value for t in extract_facts("我退休了返聘回厂里看仓库", today=TODAY).worker_types}


def test_a_start_with_its_day_counts_whole_months_to_today() -> None:
    end_of_november = datetime.date(2026, 11, 30)
    assert extract_facts("我去年十二月一号开始在超市上班", today=end_of_november).tenure_months.value == 12
    assert extract_facts("今年3月15号进的厂", today=end_of_november).tenure_months.value == 8
    assert extract_facts("去年6月20号入职的", today=TODAY).tenure_months.value == 11  # not yet the 20th
    assert extract_facts("去年6月入职的", today=TODAY).tenure_months.value == 12  # no day: calendar months
    # 上个月底辞工: the time worked ends at the start of this month, not today
    left = extract_facts("今年一月一号进的厂，上个月底辞工了", today=datetime.date(2025, 6, 30))
    assert left.tenure_months.value == 5


def test_a_shift_and_a_working_day_after_overtime_pay_are_the_hours_worked() -> None:
    from bot.answering.entitlements import calculations_for

    facts = extract_facts("三班倒一个班10个小时，一个月上22天，工资五千", today=TODAY)
    assert facts.work_hours_per_day.value == 10 and facts.overtime_hours is None
    assert facts.monthly_overtime_hours == 44  # two hours beyond eight on each of 22 working days
    facts = extract_facts("老板说工资里包了加班费还说天天都这样做11个小时是正常的", today=TODAY)
    assert facts.work_hours_per_day.value == 11 and facts.overtime_hours is None
    assert extract_facts("没有加班费每天加3个小时", today=TODAY).overtime_hours.value == 3
    # 一个小时的加班费: the rate asked, so the calculator gives the rates per hour
    facts = extract_facts("工资4800想知道一个小时的加班费是多少", today=TODAY)
    assert facts.overtime_hours is None
    assert calculations_for("overtime_pay", facts)[0].headline.startswith("每小时")


def test_an_illness_raises_the_medical_period() -> None:
    from bot.answering.issues import topic_raised_by

    facts = extract_facts("我老公在厂里做了六年上个月中风住院了老板说他病了就叫他别做了", today=TODAY)
    assert {e.value for e in facts.events} == {"ill", "dismissed"}
    assert topic_raised_by("ill") == "medical_period"
    assert "ill" in {e.value for e in extract_facts("我生了场大病请了一个月病假", today=TODAY).events}
    # a hospital stay after an injury at work is the injury's, one for a birth the birth's
    assert "ill" not in {e.value for e in extract_facts("在车间被叉车撞伤了住院半个月", today=TODAY).events}
    assert "ill" not in {e.value for e in extract_facts("她生孩子住院厂里扣了她工资", today=TODAY).events}


def test_a_story_typed_with_spaces_keeps_its_duration() -> None:
    # the next clause after a space is no object of the duration (三个月工资 is an amount, 三个月 工资… is not)
    facts = extract_facts("我在茶厂做炒茶 做了四年零三个月 工资每个月六千", today=TODAY)
    assert facts.tenure_months.value == 51 and facts.monthly_wage.value == 6000
    assert extract_facts("欠了三个月工资", today=TODAY).unpaid_months.value == 3


def test_being_told_to_get_out_is_a_dismissal() -> None:
    facts = extract_facts("老板说我偷懒，叫我马上滚", today=TODAY)
    assert "dismissed" in {e.value for e in facts.events}


def test_a_year_written_in_chinese_digits_starts_the_time_worked() -> None:
    # 二一年八月 (2021) and 二〇二二年三月 (2022), like 21年8月
    assert extract_facts("我是二一年八月进的厂", today=TODAY).tenure_months.value == _months_to_today(2021, 8)
    assert extract_facts("我二〇二二年三月入职的", today=TODAY).tenure_months.value == _months_to_today(
        2022, 3
    )


def _months_to_today(year: int, month: int) -> int:
    return (TODAY.year - year) * 12 + TODAY.month - month


def test_a_platform_named_as_a_customer_or_a_cover_story_is_no_kind_of_work() -> None:
    def types(text: str) -> set[str]:
        return {t.value for t in extract_facts(text, today=TODAY).worker_types}

    assert types("我在厂里上班，有人打电话讲是快递公司的，叫我扫码退款") == set()
    assert types("下班点了个外卖，吃完肚子痛") == set()
    assert types("我在美团送外卖，站长每天排班") == {"platform"}
    assert types("我在快递公司上班，派丢了一个包裹") == {"platform"}


def test_a_blow_to_a_body_part_or_a_stitched_wound_is_an_injury() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "injured" in events("上个月在工地被掉下来的砖砸到头")
    assert "injured" in events("手上缝了十几针")
    assert "injured" not in events("单价一直压到头了")  # pressed down to the limit: no blow suffered
    assert "injured" in events("机器压断咗手指")
    assert "injured" not in events("老板打断我讲话")  # interrupted: no part broken


def test_the_pay_with_piece_rates_added_is_the_wage_not_the_base() -> None:
    facts = extract_facts("工资底薪2千1加计件平均五千 但是加班费从来没算过", today=TODAY)
    assert facts.monthly_wage.value == 5000
    assert extract_facts("底薪2100，没有提成", today=TODAY).monthly_wage.value == 2100


def test_hours_right_after_shang_are_a_working_day() -> None:
    assert extract_facts("一天上12个小时一个月休两天", today=TODAY).work_hours_per_day.value == 12


def test_what_can_i_get_back_asks_for_compensation() -> None:
    assert extract_facts("现在我不想做了我能拿回什么", today=TODAY).has(Ask.COMPENSATION)
    assert not extract_facts("我能拿回身份证吗", today=TODAY).has(Ask.COMPENSATION)


def test_money_kept_back_until_a_term_is_served_is_a_deposit() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "deposit" in events("进去的时候还扣了300块衣服钱说做满一年才退")
    assert "deposit" not in events("做满十五年才退休")


def test_only_half_the_wage_received_is_unpaid() -> None:
    events = extract_facts("他做到现在工钱只拿了一半另外一半说年底才给", today=TODAY).events
    assert "unpaid" in {e.value for e in events}


def test_setting_up_a_union_is_asked() -> None:
    assert extract_facts("厂里从来没有工会大家想自己搞一个", today=TODAY).has(Ask.FORM_UNION)
    assert extract_facts("我们能不能成立工会", today=TODAY).has(Ask.FORM_UNION)
    assert not extract_facts("我想加入工会", today=TODAY).has(Ask.FORM_UNION)


@pytest.mark.parametrize(
    ("text", "tenure", "wage"),
    [
        ("做了两年工资每月5千2", 24, 5200),
        ("在塑料厂做了四年零三个月人工每个月到手四千", 51, 4000),
    ],
)
def test_time_worked_right_before_a_monthly_wage_is_tenure(text: str, tenure: int, wage: int) -> None:
    facts = extract_facts(text, today=TODAY)
    assert (facts.tenure_months.value, facts.monthly_wage.value) == (tenure, wage)
    # wages owed for a time stay owed months, not time worked
    assert extract_facts("欠了两年工资每月5千2", today=TODAY).tenure_months is None


def test_an_extra_paid_on_top_of_the_wage_is_not_the_wage() -> None:
    facts = extract_facts("每个月到手3800老板讲社保钱每个月多给我300已经包在工资里", today=TODAY)
    assert facts.monthly_wage.value == 3800
    assert extract_facts("工资每个月多发500", today=TODAY).monthly_wage is None


@pytest.mark.parametrize("text", ["厂里讲他年纪大叫他这个月做完就走", "他这样被辞能拿多少"])
def test_sent_away_at_the_employers_date_or_said_short_is_dismissal(text: str) -> None:
    assert "dismissed" in {e.value for e in extract_facts(text, today=TODAY).events}
    assert "dismissed" not in {e.value for e in extract_facts("我被辞职了", today=TODAY).events}


def test_a_day_off_is_no_stoppage() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "stopped" not in events("我礼拜天放假没上班坐网约车去汕头看朋友")
    assert "stopped" in events("厂里放长假没工资")


@pytest.mark.parametrize("text", ["老板说她上班慢要辞伊走", "老板可以辞他吗"])
def test_the_employer_letting_the_worker_go_named_by_pronoun_is_dismissal(text: str) -> None:
    assert "dismissed" in {e.value for e in extract_facts(canonicalise(text), today=TODAY).events}


def test_days_of_a_later_event_are_not_months_without_a_contract() -> None:
    facts = extract_facts("今年3月1号进去的一直没签合同上个月底她请了两天假", today=TODAY)
    assert facts.months_without_contract is None or facts.months_without_contract.value >= 1
    assert extract_facts("一直没有签合同到现在八个月了", today=TODAY).months_without_contract.value == 8


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("每天上12个钟一个月一天都不休", "no_rest"),
        ("每个礼拜一日都冇得休", "no_rest"),
        ("老板话要帮我们买社保但是要我自己给晒两份钱", "insurance_shifted"),
        ("公司那份也要我自己出", "insurance_shifted"),
    ],
)
def test_no_weekly_rest_and_the_insurance_share_put_on_the_worker(text: str, event: str) -> None:
    assert event in {e.value for e in extract_facts(canonicalise(text), today=TODAY).events}
    assert "insurance_shifted" not in {e.value for e in extract_facts("我自己出钱买了商业保险").events}


def test_pay_during_maternity_leave_is_asked() -> None:
    assert extract_facts("休产假的时候有没有钱", today=TODAY).has(Ask.LEAVE_PAY)


def test_another_partys_account_of_its_own_trouble_tells_no_event_of_the_worker() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    story = "期房到现在还没交楼开发商讲工地工人工资没结清停工了"
    assert not events(story) & {"unpaid", "stopped"}
    assert not extract_facts(story, today=TODAY).worker_types  # nor the kind of work in it
    # the property firm a guard works for is his employer: what it says of him is his
    assert extract_facts("我爸在小区做保安物业说他超过退休年纪了不签合同", today=TODAY).has("retired")
    assert "unpaid" in events("老板讲工人工资没结清")  # the employer's own words about the wages it owes


def test_a_sum_taken_out_of_the_pay_is_a_deduction_not_someone_elses_pay_paid_over() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "fined" in events("老板要我们买公司的茶叶买不够就从工资里扣上个月扣了1200")
    assert "fined" not in events("每个月从工资里扣社保")  # insurance withheld: lawful
    assert "fined" not in events("我能不能叫他厂里直接从工资里扣给我")  # the ex-husband's pay, child support


@pytest.mark.parametrize(
    ("text", "wage"),
    [
        ("每个月到手5千2家里有老人要照顾", 5200),  # 家里: home, no count of firms
        ("房租一个月600也从来不在厂里吃饭每个月4千5", 4500),  # the rent's period
        ("仓库自己招的人每个月比我们多拿800块", None),  # a difference, no wage
    ],
)
def test_the_monthly_wage_is_not_a_count_a_rent_or_a_difference(text: str, wage: int | None) -> None:
    got = extract_facts(text, today=TODAY).monthly_wage
    assert (got.value if got else None) == wage


def test_sent_by_an_agency_to_work_elsewhere_is_dispatch_and_maternity_leave_length_is_asked() -> None:
    assert extract_facts("我是劳务公司派到空港一个电商仓库打包的", today=TODAY).has("dispatch")
    assert extract_facts("顺便问下生完小孩产假有几天", today=TODAY).has(Ask.BIRTH_LEAVE)
    assert not extract_facts("劳务公司给我们发工资", today=TODAY).has("dispatch")


@pytest.mark.parametrize(
    ("text", "at_work"),
    [
        ("我在烧烤店做服务员一个喝醉的客人说菜上得慢拿酒瓶砸我的头缝了八针", True),
        ("我在医院做护工被病人家属打伤了", True),
        ("放假在家附近骑电动车被小车撞了脚骨裂了", False),
        ("我是站点专送骑手上个月送单的时候在路口被一辆小车撞了腿骨裂", True),
        ("我在小区做保安晚上巡逻的时候摔断了手", True),
        ("我是快递员前天送件到村里被人家的狗咬了打狂犬疫苗花了三千多", True),
        ("周末带孩子去公园被一条狗咬了", False),
        # the part broken told after the verb, the vehicle named before it
        ("我老公下夜班骑电动车回宿舍路上被泥头车撞断了腿", True),
        ("下班回出租屋路上被一辆货车撞倒了", True),
        ("礼拜天去喝喜酒被泥头车撞断了腿", False),
        # hurt by a machine of the trade: the injury itself says where (a 14-year-old told in Cantonese)
        ("我个仔十四岁冇读书喺人哋厂度做嘢，俾机器夹伤咗手", True),
        ("手被冲床压伤了", True),
        # 送餐嗰阵 (canonical 送餐那时候): while delivering
        ("我是外卖骑手,今日送餐那时候被狗咬了,要打针", True),
        # riding to work when it happened: the way to work
        ("我老公早上骑电动车去厂里上班在揭西一个路口被小车撞了交警认定对方全责", True),
        ("我坐公交去公司上班路口下车被电动车撞伤了", True),
        ("我骑电动车去市场买菜被小车撞了", False),
        ("那天我休息，开车送老婆去上班，在她公司门口被一辆车撞了", False),
        # where the work is done, told just before the injury; not at home or in the dormitory
        ("我上个月在窑炉车间被烫伤住院十天", True),
        ("在家里厨房被烫伤", False),
        ("在宿舍被开水烫伤", False),
    ],
)
def test_hurt_by_the_people_the_work_serves_is_hurt_at_work(text: str, at_work: bool) -> None:
    from bot.answering.facts import injured_while_working

    assert injured_while_working(extract_facts(text, today=TODAY), text) is at_work


def test_wages_owed_named_further_on_are_unpaid() -> None:
    facts = extract_facts("包工头欠了我们八个人三个月的工钱现在人跑了", today=TODAY)
    assert "unpaid" in {e.value for e in facts.events}


def test_a_repayment_promised_from_pay_is_no_wage_owed() -> None:
    assert not extract_facts("工友借了我的车，他讲等发工资再还我到现在也没给", today=TODAY).has("unpaid")
    assert extract_facts("工资到现在也没给", today=TODAY).has("unpaid")
    assert extract_facts("老板说工资还没发", today=TODAY).has("unpaid")


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        # sent away, then asks to take the employer to law: a claim on it, whatever background follows
        ("公司叫我们去办个体户我不肯上个礼拜就叫我不用来了我每个月还要还三千多房贷能告他吗", True),
        ("公司上个礼拜叫我不用来了", False),
        # the ask to sue comes long after, about another matter
        (
            "公司上个礼拜叫我不用来了，我也想开了，回老家住了一段时间，结果隔壁邻居把我家的墙推倒了，能告他吗",
            False,
        ),
    ],
)
def test_a_dismissal_followed_by_an_ask_to_sue_is_a_claim(text: str, claimed: bool) -> None:
    from bot.answering.facts import dismissal_claimed

    assert dismissal_claimed(extract_facts(text, today=TODAY), text) is claimed


@pytest.mark.parametrize(
    "text",
    [
        "老细突然话听日唔使返工",  # said in Cantonese (话), tomorrow
        "人事讲我身体不行叫我直接走人",
    ],
)
def test_sent_away_said_plainly_is_a_dismissal(text: str) -> None:
    assert extract_facts(text, today=TODAY).has("dismissed")


def test_a_weekdays_name_after_an_amount_is_no_count_of_weeks() -> None:
    facts = extract_facts("我在纺织厂做挡车 底薪4千2 礼拜一到礼拜六都要上班", today=TODAY)
    assert facts.monthly_wage.value == 4200 and facts.tenure_months is None and not facts.rejected
    assert extract_facts("我做了两个礼拜一直加班", today=TODAY).tenure_months.value == 0.47


def test_rest_after_the_birth_asked_in_teochew_is_the_mothers_leave() -> None:
    # 等伊生了会使歇若济日 in its canonical words
    assert extract_facts("等伊生了可以歇多少日", today=TODAY).has(Ask.BIRTH_LEAVE)


def test_a_space_typed_between_words_ends_what_an_amount_belongs_to() -> None:
    facts = extract_facts("老板讲停工期间只发生活费一天三十 每个月4千6 这样合理吗", today=TODAY)
    assert facts.monthly_wage.value == 4600
    assert extract_facts("每个月 4千6", today=TODAY).monthly_wage.value == 4600
    assert extract_facts("停工期间每个月只发生活费一千", today=TODAY).monthly_wage is None


def test_time_worked_then_the_contract_ending_is_the_tenure_not_a_contract_term() -> None:
    assert extract_facts("我在鞋厂做了四年零九个月和同月底到期", today=TODAY).tenure_months.value == 57
    assert extract_facts("做了两年合同下个月到期", today=TODAY).tenure_months.value == 24
    assert extract_facts("老板跟我签了三年合同", today=TODAY).tenure_months is None


def test_a_holiday_worked_not_a_single_day_off_counts_the_days_told_before() -> None:
    facts = extract_facts("工资四千三百五国庆那七天全部都要上班一天都没补休", today=TODAY)
    assert facts.holiday_work_days.value == 3
    assert facts.restday_work_days.value == 4


def test_pierced_by_a_nail_is_an_injury() -> None:
    assert extract_facts("我在工地被钉子扎穿脚休了十几天", today=TODAY).has(Event.INJURED)


def test_the_due_date_then_the_leave_asks_the_mothers_leave() -> None:
    assert extract_facts("预产期明年二月到时候产假能放几天", today=TODAY).has(Ask.BIRTH_LEAVE)


@pytest.mark.parametrize("text", ["站长讲辞工要等下个月底才结工资", "老板讲找不到人顶班就不发最后一个月工资"])
def test_pay_held_back_on_leaving_is_final_pay(text: str) -> None:
    assert extract_facts(text, today=TODAY).has(Event.FINAL_PAY)


def test_finding_out_something_after_resigning_is_no_final_pay() -> None:
    assert not extract_facts("辞职以后才发现合同有问题", today=TODAY).has(Event.FINAL_PAY)


def test_a_deposit_paid_on_a_booking_is_the_customers_not_taken_by_the_employer() -> None:
    from bot.answering.facts import taken_by_employer

    booked = "我在揭阳一间租车公司订了六辆婚车交了三千押金签了合同"
    assert not taken_by_employer(extract_facts(booked, today=TODAY), booked)
    hired = "进厂的时候公司叫我交了五百押金"
    assert taken_by_employer(extract_facts(hired, today=TODAY), hired)
    # taken on joining, the workplace named by its trade (超市), not by 公司 or 厂
    joined = "我在揭西一间超市收银，进去的时候交了五百押金身份证也被收着"
    assert taken_by_employer(extract_facts(joined, today=TODAY), joined)
    # told again later beside the shop's owner, the deposit is still the booking's: no labour event
    twice = "在一间婚庆公司订了花车交了两千押金，现在老板讲车坏了不退押金"
    assert not extract_facts(twice, today=TODAY).has(Event.DEPOSIT)
    # the landlord named just after the deposit holds it, though the factory was named just before
    rented = "我在五金厂做工的时候在厂外面租了个单间押金一千签了一年合同到期搬走房东说要扣掉全部押金"
    assert not taken_by_employer(extract_facts(rented, today=TODAY), rented)
    # the landlord named in the clause of the deposit: no deposit of the employer's at all
    assert not extract_facts("上个月辞职了，房东说我提前退租押金不退", today=TODAY).has(Event.DEPOSIT)
    assert extract_facts("进厂的时候交了五百押金，房东那边也交了", today=TODAY).has(Event.DEPOSIT)


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # all sent away at once
        ("网点老板说网点要转给别人叫我们都走人一分钱不给", {"dismissed"}, set()),
        # leaving set as the employer's alternative to moving with the plant: a dismissal, the move told
        ("厂里说要搬去惠来叫我们要么跟过去要么自己写辞职", {"dismissed", "relocated"}, set()),
        # half the wages paid is wages owed; "at least how much" is no wage short-paid
        ("最近三个月工资老板都是说周转不过来只发了一半", {"unpaid"}, set()),
        ("试用期最少给多少", set(), {"unpaid"}),
        # half the pay while off work for an injury is that rule's question (停工留薪), not wages owed
        ("受伤后休养咗三个月，厂里只俾咗一半人工", set(), {"unpaid"}),
        # a threat of what follows if the worker leaves without notice: nothing unpaid yet
        ("老板说要提前一个月讲不然工资不给", set(), {"unpaid"}),
        # a loss the worker is made to repay out of the wages
        ("说我修坏客人一个电瓶要我赔1200直接从最后一个月工资5千2里扣完了", {"made_to_pay"}, set()),
        ("老板赔了客人三千块转头说是我老公的菜不干净要从他工资里扣回三千", {"made_to_pay"}, set()),
        ("公司赔了我三千块，从工资里扣社保", set(), {"made_to_pay"}),
        # the employer keeping the worker's own things after they quit: held like a deposit
        ("上个月我辞工老板不肯还我自己带去的那套工具还有我那辆摩托车", {"deposit"}, set()),
        ("朋友不肯还我的摩托车", set(), {"deposit"}),
    ],
)
def test_what_happened_told_the_ways_workers_tell_it(text: str, present: set, absent: set) -> None:
    events = {e.value for e in extract_facts(text, today=TODAY).events}
    assert present <= events and not absent & events


def test_a_worker_about_to_resign_over_wages_owed_leaves_for_cause() -> None:
    from bot.answering.issues import leaving_for_cause

    told = "最近三个月工资只发了一半，我想辞工，老板说要押一个月工资，我能不能直接走"
    assert leaving_for_cause(extract_facts(told, today=TODAY))
    # resigning with nothing owed: no leaving for cause
    assert not leaving_for_cause(extract_facts("我想辞工，要提前几天讲", today=TODAY))


@pytest.mark.parametrize(
    ("text", "day", "overtime"),
    [
        # the break told after the clock span is the span's, not a day's hours worked
        ("每天早上八点做到晚上八点中间吃饭一个钟", 11, None),
        # after the overtime pay is named, an hour's rate told or asked is no hour worked
        ("加班费一个钟只算15块", None, None),
        ("想问加班费到底一个钟要给多少", None, None),
        ("每天加班一个钟给多少", None, 1),  # an hour of overtime a day, and how much it pays
    ],
)
def test_a_break_and_an_hourly_rate_are_no_hours_worked(text: str, day, overtime) -> None:
    facts = extract_facts(text, today=TODAY)
    assert (facts.work_hours_per_day and facts.work_hours_per_day.value) == day
    assert (facts.overtime_hours and facts.overtime_hours.value) == overtime


@pytest.mark.parametrize(
    ("text", "platform"),
    [
        ("我在快递公司送快递", True),
        ("我是快递员，每天派件两百多", True),
        ("我在快递公司上班，派丢了一个包裹", True),
        ("我在外卖平台跑专送", True),
        # a job at a courier firm that is not delivering: no platform worker
        ("我老婆在榕城一间快递网点做客服", False),
    ],
)
def test_a_courier_who_delivers_is_a_platform_worker(text: str, platform: bool) -> None:
    assert extract_facts(text, today=TODAY).has("platform") is platform


def test_an_amount_before_every_day_is_a_wage_not_days() -> None:
    # 天天 says "every day": 5千2 is the wage, not 5200 days
    facts = extract_facts("到现在一直没签和同 工资5千2 天天做十一个钟", today=TODAY)
    assert facts.monthly_wage.value == 5200 and facts.work_hours_per_day.value == 11
    assert facts.months_without_contract is None  # no start told: no months counted (5200 days before)


def test_cantonese_hurt_by_is_an_injury() -> None:
    assert extract_facts("上个礼拜畀铁枝插亲只脚", today=TODAY).has(Event.INJURED)
    assert not extract_facts("老细对我好亲切", today=TODAY).has(Event.INJURED)


@pytest.mark.parametrize(
    ("text", "dismissed"),
    [
        ("他即刻话我听日唔使返", True),  # Cantonese 唔使返: no need to come back to work
        ("七月底伊呾无生意叫阮免来", True),  # Teochew 免来: told not to come
        ("叫我不用来拿工资了", False),  # not to come for the pay: no dismissal
    ],
)
def test_told_not_to_come_back_in_dialect(text: str, dismissed: bool) -> None:
    assert extract_facts(canonicalise(text), today=TODAY).has(Event.DISMISSED) is dismissed


def test_dialect_durations_and_starts() -> None:
    today = datetime.date(2026, 11, 30)
    assert extract_facts(canonicalise("做咗年半 人工四千八蚊"), today=today).tenure_months.value == 18
    assert extract_facts(canonicalise("做咗半年"), today=today).tenure_months.value == 6
    # 去做 starts the work (今年三月初去做…做到七月底)
    facts = extract_facts(canonicalise("阮今年三月初去做 做到七月底"), today=today)
    assert facts.tenure_months.value == 5


@pytest.mark.parametrize(
    ("text", "made_to_pay"),
    [
        ("上个月收银台短了八百块 店长讲要从她工资里一次扣完", True),  # taken out at once: still the pay
        ("头家呾阮拍唔见一件皮衣 卜扣阮两千银", True),  # Teochew 拍唔见: lost
        ("老板说从我工资里直接扣社保", False),  # insurance withheld: no loss made good
        ("倒车把客户的铁门刮坏了 公司说要他赔一万二", True),  # told by a relative: 他 is the worker
        ("老板要他赔我钱", False),  # someone made to pay the worker
    ],
)
def test_a_loss_taken_out_of_the_pay(text: str, made_to_pay: bool) -> None:
    assert extract_facts(canonicalise(text), today=TODAY).has(Event.MADE_TO_PAY) is made_to_pay


@pytest.mark.parametrize(
    ("text", "months"),
    [
        # started early in a month (六月初): the whole months to the end of today, as with the day told
        ("今年六月初进去 讲好一个月七千 没签合同", 6),
        ("去年十二月初入职到现在", 12),
        # the month alone: the calendar months between
        ("今年六月进去 没签合同", 5),
        # 被开 (被开除) ends the work: the end of October, not today
        ("今年三月初进厂十月底被开，进去到现在都没签过合同", 8),
    ],
)
def test_months_from_a_start_early_in_the_month(text, months) -> None:
    assert extract_facts(text, today=datetime.date(2026, 11, 30)).tenure_months.value == months


def test_sent_away_told_as_bei_kai() -> None:
    assert extract_facts("十月底被开，工资四千", today=TODAY).has(Event.DISMISSED)
    assert not extract_facts("下班路上被开车的撞了", today=TODAY).has(Event.DISMISSED)


def test_a_start_told_as_coming_to_work() -> None:
    # Teochew 来做: the day the work began, and the months without a contract from it
    text = canonicalise("阮佇惠来一间酒楼洗碗 今年四月一号来做 头家一直无签合同")
    facts = extract_facts(text, today=datetime.date(2026, 11, 30))
    assert facts.tenure_months.value == 8
    assert facts.months_without_contract.value == 8


def test_sent_home_without_orders_is_a_stoppage_not_a_dismissal() -> None:
    text = canonicalise(
        "我喺揭东一间电子厂返工 人工四千 上个月开始冇单 老细叫我哋全部返屋企放假 放咗成两个月 "
        "一蚊人工都冇俾过 又唔肯炒我哋"
    )
    facts = extract_facts(text, today=TODAY)
    assert facts.has(Event.STOPPED)
    assert not facts.has(Event.DISMISSED)  # 不肯辞退: not dismissed
    assert facts.monthly_wage.value == 4000
    assert not facts.rejected  # 一元工资都没有给过: "not a cent", no amount of 1 yuan
    assert facts.tenure_months is None  # 放了两个月: the time sent home, not the time worked


@pytest.mark.parametrize(
    ("text", "wage"),
    [
        # another worker's pay told to compare is not the worker's
        ("中介派到空港一个电子厂 同一条线一样的活 厂里正式工拿五千二 她只拿四千", 4000),
        ("劳务公司派到厂里 厂里自己招的工人做一样的活一个月拿4600我们派遣的只有3800", 3800),
        # what was left after the fines is no second wage
        ("上个月被罚了一千二 工资本来四千三百五到手只有三千一百五", 4350),
    ],
)
def test_the_wage_beside_other_amounts(text: str, wage: int) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.monthly_wage.value == wage
    assert not facts.conflicts


@pytest.mark.parametrize(
    ("text", "here", "total"),
    [
        ("我在空港一个食品厂做仓管 做了六年多 之前在别的厂也做过五年", 73, 133),
        ("我在普宁一间服装批发店做销售 前年八月进去到现在 以前在别的厂做了六年", 27, 99),
    ],
)
def test_an_earlier_job_told_between_spaces_adds_to_the_years_in_all(text, here, total) -> None:
    facts = extract_facts(text, today=datetime.date(2026, 11, 30))
    assert facts.tenure_months.value == here
    assert facts.total_work_months.value == total


def test_asking_how_long_ahead_to_tell() -> None:
    facts = extract_facts("我现在想辞工回老家 还要提前多久跟厂里讲", today=TODAY)
    assert facts.has(Ask.NOTICE)
    assert extract_facts("使唔使提前讲", today=TODAY).has(Ask.NOTICE)


def test_the_notice_asked_of_a_resignation_raises_its_issue() -> None:
    from bot.answering.issues import story_asks

    leaving = extract_facts("我现在不想做了想辞工回老家 还要提前多久跟厂里讲", today=TODAY)
    assert "notice" in story_asks(leaving)
    # the employer's notice of a dismissal is another rule
    dismissed = extract_facts("公司要辞退我 要提前多久通知我", today=TODAY)
    assert "notice" not in story_asks(dismissed)


def test_a_sum_docked_for_leaving_is_a_penalty() -> None:
    facts = extract_facts("厂长说辞工要提前三个月讲 不然扣一个月工资 要提前多久", today=TODAY)
    assert facts.has(Event.PENALTY)
    assert facts.has(Ask.NOTICE)
    # the employer's own words on the notice are no question of the worker's
    assert not extract_facts("厂长说辞工要提前三个月讲", today=TODAY).has(Ask.NOTICE)
    assert not extract_facts("不听话就扣工资", today=TODAY).has(Event.PENALTY)


def test_leaving_at_last_months_end_told_a_few_words_on() -> None:
    text = "今年三月一号开始在惠来一家酒楼做帮工 和同到现在都没签过 上个月底他不想做了就走了"
    facts = extract_facts(text, today=datetime.date(2026, 11, 30))
    assert facts.tenure_months.value == 8  # March to October
    assert facts.months_without_contract.value == 8


def test_the_employers_threat_to_sue_is_no_question_of_where_to_complain() -> None:
    from bot.answering.assistant import worker_takes_on

    assert not worker_takes_on("车修了一万多还要他赔 还说不赔就告他 这医药费和车钱该谁出")
    assert worker_takes_on("老板不赔钱我想去告他 要去哪里告")
    assert worker_takes_on("要去哪里投诉")
    # asking which office to go to is taking it on; 找谁 asks who is liable as often (工钱要找谁)
    assert worker_takes_on("罚款这种事是找派出所还是找哪里")
    assert not worker_takes_on("包工头跑了 工钱要找谁")


def test_the_days_of_leave_taken_unpaid_are_no_wages_owed() -> None:
    told = "我颈椎受伤请了半个月假，厂里这半个月没发工资，对方司机要赔我误工费吗"
    assert not extract_facts(told, today=TODAY).has(Event.UNPAID)
    # without the leave taken, the same words are wages owed
    assert extract_facts("厂里这半个月没发工资", today=TODAY).has(Event.UNPAID)
    assert extract_facts("我请了两天假，老板三个月没发工资", today=TODAY).has(Event.UNPAID)


@pytest.mark.parametrize(
    ("text", "unequal"),
    [
        ("是中介派过来的 跟厂里正式工做一样的活 他们一个月比我多八百", True),
        ("我老婆是中介派到空港一个电子厂的 同一条线一样的活 厂里正式工拿五千二 她只拿四千", True),
        # not dispatched: another rule
        ("我在厂里跟老员工做一样的活 他们比我多一千", False),
    ],
)
def test_a_dispatched_worker_paid_less_for_the_same_work(text: str, unequal: bool) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.has(Event.UNEQUAL_PAY) is unequal
    assert (
        facts.monthly_wage is None or facts.monthly_wage.value != 800
    )  # 比我多八百: the difference, no wage
    assert facts.tenure_months is None  # 一个月比我多: a period, no time worked


def test_a_day_paid_workers_days_and_what_was_paid_so_far() -> None:
    facts = extract_facts(
        "我弟在普宁一个工地做杂工 今年七月做到十月底 一天三百做了一百天 包工头只给过八千", today=TODAY
    )
    assert (facts.daily_wage.value, facts.worked_days.value, facts.wage_paid.value) == (300, 100, 8000)
    assert facts.monthly_wage is None  # 只给过八千 is a sum paid, no month's wage
    told = extract_facts("一天三百，我记了数总共做了一百一十天，包工头一直没发工资", today=TODAY)
    assert told.worked_days.value == 110 and told.wage_paid is None
    # the days of a monthly-paid worker are no day-paid count
    assert extract_facts("我在厂里做了一百天，一个月四千", today=TODAY).worked_days is None


@pytest.mark.parametrize(
    "text",
    [
        "我老公在惠来一家海鲜加工厂做了快三年工资四千三百五",
        "在厂里做了差不多三年工资四千三",
    ],
)
def test_about_so_many_years_then_the_wage_is_the_time_worked(text: str) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.tenure_months.value == 36 and facts.tenure_months.approx


def test_a_contract_never_signed_after_the_end_month_is_no_signing_date() -> None:
    today = datetime.date(2026, 11, 30)
    facts = extract_facts("今年三月一号进来做到九月底一直没跟我签合同说好一个月三千九", today=today)
    assert facts.tenure_months.value == 7 and facts.months_without_contract.value == 7
    # signed late: the months before it
    late = extract_facts("今年三月入职，拖到九月才签合同", today=today)
    assert late.months_without_contract.value == 6


def test_a_layoff_that_names_the_worker_is_a_dismissal() -> None:
    facts = extract_facts("上个月厂里说订单少了要裁一批人，我也在名单里", today=TODAY)
    assert facts.has(Event.DISMISSED)


def test_every_rest_day_worked_and_the_months_count_of_them() -> None:
    facts = extract_facts(
        "人工四千七百八十五一个月，逢礼拜六都要返工，一个月四个礼拜六，老板又没有给补休", today=TODAY
    )
    assert facts.restday_work_days.value == 4
    # how many a month has, without the rest days worked, is no days worked
    assert extract_facts("一个月四个礼拜六，我都休息", today=TODAY).restday_work_days is None


def test_a_fall_that_broke_an_arm_told_in_cantonese_is_an_injury() -> None:
    told = canonicalise("上个月搬货嗰阵由货架跌咗落嚟，跌断咗只手")
    assert extract_facts(told, today=TODAY).has(Event.INJURED)


@pytest.mark.parametrize(
    ("text", "fined"),
    [
        ("我开车上班闯了个红灯扣六分罚两百", False),
        ("上个月超速被罚了两百块", False),
        ("公司规定迟到一次罚一百 上个月被罚了一千二", True),
    ],
)
def test_a_traffic_fine_is_no_fine_by_the_employer(text: str, fined: bool) -> None:
    assert extract_facts(text, today=TODAY).has(Event.FINED) is fined


def test_a_traffic_fine_the_employer_takes_out_of_the_pay_is_still_read() -> None:
    facts = extract_facts("开公司的车违章罚了两百，公司要从我工资里扣", today=TODAY)
    assert facts.has(Event.FINED) or facts.has("made_to_pay")


def test_how_much_the_worker_must_repay_is_no_figure_asked_of_the_employer() -> None:
    from bot.answering.facts import dismissal_claimed

    story = (
        "那时候厂里停工了三个月没钱交房租就找放贷的借了两万 现在他天天打电话到厂里找老板闹 我到底还要还多少"
    )
    facts = extract_facts(story, today=TODAY)
    assert not facts.has(Ask.HOW_MUCH) and not dismissal_claimed(facts, story)
    # what is owed to the worker still is
    assert extract_facts("厂里停工了三个月 老板还要给我多少", today=TODAY).has(Ask.HOW_MUCH)


def test_rent_owed_is_no_months_of_wages_owed() -> None:
    facts = extract_facts(
        "房东来收房说厂里欠了半年房租 老板已经跑了 三个月工资都没发 我一个月四千三百五", today=TODAY
    )
    assert facts.unpaid_months.value == 3 and not facts.conflicts


def test_the_days_worked_counted_beside_a_date_range() -> None:
    facts = extract_facts("一天260 从今年五月做到十月底 算下来做了一百二十天 包工头跑了", today=TODAY)
    assert facts.worked_days.value == 120
    # a month's schedule is no count of days worked
    assert extract_facts("一天150块，一个月做26天", today=TODAY).worked_days is None


def test_rest_day_overtime_told_in_hours() -> None:
    facts = extract_facts("上个月平时加斑加了66个钟 礼拜天加了32个钟", today=TODAY)
    assert facts.overtime_hours.value == 66 and facts.restday_work_days.value == 4


def test_a_loss_the_employer_takes_out_of_her_pay_told_by_a_parent() -> None:
    facts = extract_facts("店里丢了一件衣服 老板说是她看店没看好要从她工资里扣一千五", today=TODAY)
    assert facts.has("made_to_pay")


def test_the_months_of_a_pay_cut_counted_by_the_worker() -> None:
    facts = extract_facts("公司说效益不好 八九十这三个月工资从六千降到三千五 没跟他商量", today=TODAY)
    assert (facts.previous_wage.value, facts.monthly_wage.value) == (6000, 3500)
    assert facts.months_since_wage_change.value == 3


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # the employer calling a refused move the worker's own resignation: a dismissal, not a resignation
        ("老板说厂要搬去江西叫我一起去我不想去老板就说我是自己辞职", {"dismissed"}, {"resigned"}),
        ("干了三年上个月我自己辞职了", {"resigned"}, {"dismissed"}),
        # wages written up as a loan, and the whole pay kept back: wages owed
        ("老板说厂里资金紧把我五个月的工资三万一写成一张借条给我", {"unpaid"}, set()),
        ("房租晚交了两个月老板就把我老婆十月十一月工资全扣了抵房租", {"unpaid"}, set()),
        # a till's shortage taken out of the pay: a loss the worker is made to pay
        ("上个月收银短款一千二店长一次从工资里全扣了", {"made_to_pay"}, set()),
    ],
)
def test_the_employers_name_for_a_leaving_and_wages_kept(text: str, present: set, absent: set) -> None:
    events = {e.value for e in extract_facts(text, today=TODAY).events}
    assert present <= events and not absent & events


def test_a_holiday_bonus_is_no_wage_and_pay_with_allowances_is() -> None:
    facts = extract_facts(
        "底薪加补贴每个月固定5220今年国庆三天都叫他出车老板说发了一百块过节费就算了", today=TODAY
    )
    assert facts.monthly_wage is not None and facts.monthly_wage.value == 5220


def test_notice_held_against_a_worker_who_left_and_how_the_money_is_paid() -> None:
    asks = {
        a.value for a in extract_facts("九月底我辞工他还扣了我半个月工资说我没提前一个月讲", today=TODAY).asks
    }
    assert "notice" in asks
    assert "notice" not in {a.value for a in extract_facts("我提前一个月讲了", today=TODAY).asks}
    assert extract_facts("还说产假期间只发一千七百五", today=TODAY).has(Ask.LEAVE_PAY)
    assert extract_facts("那她到底能休多久 钱应该怎么给", today=TODAY).has(Ask.PAY_HOW)
    assert not extract_facts("钱已经给了", today=TODAY).has(Ask.PAY_HOW)


def test_a_shop_closing_on_a_customers_prepaid_card_is_no_closure_of_the_employer() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "closed" not in events("下班跟同事常去的火锅店我充了三千块会员卡上个月再去发现店关门了")
    assert "closed" in events("我在火锅店做了两年上个月店关门了老板还欠我一个月工资")


def test_a_date_told_by_where_the_work_ran_to_is_the_start() -> None:
    told_on = datetime.date(2026, 12, 1)
    facts = extract_facts("头家冇同我签合同 今年三月一号做到十月底 一个月三千八", today=told_on)
    assert facts.tenure_months is not None and facts.tenure_months.value == 8
    # a month the wage changed from is no start (今年五月涨到4800)
    assert extract_facts("今年五月涨到4800", today=told_on).tenure_months is None


def test_the_work_ends_with_a_contract_not_carried_on() -> None:
    told_on = datetime.date(2026, 12, 1)
    ended = extract_facts("2022年11月进去合同今年11月到期公司说不续了", today=told_on)
    assert ended.tenure_months.value == 48
    # ...but one that ran out unrenewed while the work went on counts to today
    went_on = extract_facts("2022年11月进去合同去年11月到期一直没续签还在做", today=told_on)
    assert went_on.tenure_months.value == 49


def test_a_contract_not_carried_on_ends_the_work_whatever_day_it_began() -> None:
    facts = extract_facts("2022年11月1号进去合同今年11月到期公司说不续了", today=datetime.date(2026, 12, 1))
    assert facts.tenure_months.value == 48


def test_the_teller_asking_to_pay_less_is_no_wage_kept_back() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "unpaid" not in events("三千抚养费我给不起我每个月工资这么点能不能少给一点")
    assert "unpaid" in events("老板这个月少给了我八百块工资")


def test_the_sex_of_a_relative_the_story_is_about() -> None:
    def sex(text: str) -> str | None:
        facts = extract_facts(text, today=TODAY)
        return None if facts.sex is None else facts.sex.value

    assert sex("我爸在榕城一个小区当保安做了八年今年满六十一了") == "male"
    assert sex("你好 我妈今年58了在厂里做清洁") == "female"
    assert sex("阮老公佇普宁做工") == "male"
    # the teller's own leave after a wife's birth: the wife is not the worker
    assert sex("我老婆生了小孩我有几天陪产假") is None
    assert sex("我是女的今年五十岁") == "female"
    age = extract_facts("我爸在榕城一个小区当保安做了八年今年满六十一了", today=TODAY).age
    assert age is not None and age.value == 61


def test_a_day_paid_workers_sum_paid_so_far_and_a_wage_per_month() -> None:
    told_on = datetime.date(2026, 12, 1)
    site = extract_facts(
        canonicalise("我爸跟一个包工头在普宁一个工上做泥水一天260总共做了一百二十天包工头只给了一万块就跑了"),
        today=told_on,
    )
    assert site.wage_paid is not None and site.wage_paid.value == 10000
    assert site.monthly_wage is None and site.suspension_paid is None
    teochew = extract_facts(
        canonicalise("阮老公佇普宁个工地做模板，一日工钱三百二，做了九十日，包工头只发伊五千"), today=told_on
    )
    assert teochew.wage_paid is not None and teochew.wage_paid.value == 5000
    assert teochew.monthly_wage is None
    # a month's wage paid short is still the month's wage when no day's pay is told
    monthly = extract_facts("我在厂里一个月做26天工资只发了三千", today=told_on)
    assert monthly.monthly_wage is not None and monthly.wage_paid is None
    # 工资三千九一个月: the wage's period, not a month without a contract
    shop = extract_facts(
        "今年三月一号进去的一直没签合同老板说小店都不签的工资三千九一个月上个月底我辞职了", today=told_on
    )
    assert shop.months_without_contract is not None and shop.months_without_contract.value == 9


def test_the_leave_pay_asked_after_a_comma_and_a_contracts_term() -> None:
    facts = extract_facts(canonicalise("生仔可以放几耐产假，放假有冇人工攞？"), today=TODAY)
    assert facts.has(Ask.LEAVE_PAY)
    assert not {"stopped", "unpaid"} & {e.value for e in facts.events}

    def term(text: str) -> float | None:
        facts = extract_facts(text, today=TODAY)
        return None if facts.contract_months is None else facts.contract_months.value

    assert term("签了两年和同试用期讲好六个月") == 24
    assert term("合同签的是一年试用期三个月") == 12
    assert term("和老板签了一份三年的合同") == 36
    assert term("没签合同两年了") is None
    contract = extract_facts("签了两年合同做了四个月", today=TODAY)
    assert contract.tenure_months is not None and contract.tenure_months.value == 4


def test_a_contracts_term_told_caps_the_probation_and_prices_its_excess() -> None:
    facts = extract_facts(
        "我老婆在手机店签了两年和同试用期讲好六个月试用期工资只有两千八转正是五千现在做了四个月老板叫她别来了",
        today=datetime.date(2026, 12, 1),
    )
    result = calculation_for("probation_length", facts, today=datetime.date(2026, 12, 1))
    assert result is not None and result.months == 2
    assert "赔偿金2个月×5000元＝10000元" in result.formula


@pytest.mark.parametrize(
    ("text", "insured"),
    [
        ("一直没签合同社保也没帮他买", False),
        ("社保也是上个月才开始买之前一年多都没有买", False),
        ("公司今年才开始帮我交社保", False),
        ("我社保一直都有买", True),
        ("社保交满了十五年", True),
    ],
)
def test_insurance_not_bought_for_the_worker_or_only_lately(text: str, insured: bool) -> None:
    assert extract_facts(text, today=TODAY).has(Event.NOT_INSURED) is not insured


def test_whether_the_days_off_are_paid_asks_how_the_money_is_paid() -> None:
    assert extract_facts("那她到底可以休几天这几天有没有钱", today=TODAY).has(Ask.PAY_HOW)
    assert not extract_facts("这几天有没有空", today=TODAY).has(Ask.PAY_HOW)


def test_the_unions_own_help_asked_for() -> None:
    told = "请问欠工资辞工有没有补偿工会有没有上大学的补助"
    assert extract_facts(told, today=TODAY).has(Ask.UNION_HELP)
    assert not extract_facts("工会有没有用", today=TODAY).has(Ask.UNION_HELP)


def test_the_pay_kept_against_a_debt_is_a_deduction() -> None:
    events = {e.value for e in extract_facts("老板把我老婆两个月工资全扣了抵房租", today=TODAY).events}
    assert "fined" in events
    assert "fined" not in {e.value for e in extract_facts("房东说押金抵房租", today=TODAY).events}


def test_the_time_gone_by_before_asking_whether_a_claim_can_still_be_made() -> None:
    told = "写了一张借条说明年还 现在过了大半年人都找不到了 这张借条还算不算工资 还能不能找劳动部门"
    assert extract_facts(told, today=TODAY).has(Ask.LIMITATION)
    assert not extract_facts("做了两年还能不能告", today=TODAY).has(Ask.LIMITATION)


def test_the_employers_damaged_vehicle_to_be_paid_for_by_the_worker() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "made_to_pay" in events("送货撞了护栏腿骨折了 老板说全责的不算工伤 车修了一万多还要他赔")
    # another party's claim after a crash on a day off is no loss made to pay by the employer
    assert "made_to_pay" not in events("放假开老板的车去玩撞了别人的车修了一万多对方要我赔")


def test_told_to_leave_on_a_day_set_is_a_dismissal() -> None:
    events = {e.value for e in extract_facts("物业叫他月底走人他还能拿补偿吗", today=TODAY).events}
    assert "dismissed" in events
    assert "dismissed" not in {e.value for e in extract_facts("老板叫我月底去开会", today=TODAY).events}


@pytest.mark.parametrize(
    ("text", "wage"),
    [
        ("老板叫他明天不用来了工资三千九一分补偿都没有", 3900),
        ("我工资三千五一个月做了十一个月", 3500),
    ],
)
def test_a_wage_before_a_cent_or_a_month_is_read_whole(text: str, wage: int) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.monthly_wage is not None and facts.monthly_wage.value == wage


def test_a_wage_agreed_after_the_probations_length_is_no_probation_pay() -> None:
    facts = extract_facts("签了一年合同试用期写了六个月讲好工资四千试用期每个月只发两千八", today=TODAY)
    assert facts.agreed_wage is not None and facts.agreed_wage.value == 4000
    assert facts.probation_wage is not None and facts.probation_wage.value == 2800
    # the probation's pay agreed in so many words stays the probation pay
    told = extract_facts("试用期说好三千五，转正后五千", today=TODAY)
    assert told.probation_wage is not None and told.probation_wage.value == 3500


def test_the_time_not_worked_in_full_is_no_duration() -> None:
    facts = extract_facts(
        "今年三月一号进手机店做销售到九月底我不做了合同都没签过老板说没做满一年自己走的",
        today=DEC_1,
    )
    assert facts.months_without_contract is not None and facts.months_without_contract.value == 7


def test_pay_held_back_until_a_term_is_served_or_not_a_cent_received() -> None:
    def events(text: str) -> set[str]:
        return {e.value for e in extract_facts(text, today=TODAY).events}

    assert "unpaid" in events("老板讲要做满一年正发工资")
    assert "unpaid" in events("做了八个月到现在一分钱都没有拿到")
    assert "unpaid" not in events("老板讲要做满一年正式签合同")


def test_wages_left_unpaid_then_written_as_a_loan_are_wages_owed() -> None:
    told = "工钱一共三万六包工头一直没给后来写了张借条说算他借我老公的"
    assert "unpaid" in {e.value for e in extract_facts(told, today=TODAY).events}


def test_a_workmate_borrowing_of_the_worker_is_a_personal_loan() -> None:
    assert PERSONAL_LOAN.search("厂里工友借了我三千块辞工跑了")
    assert not PERSONAL_LOAN.search("老板借了我三千块工资")
    # the sum and the borrower's kind between 借 and 给 (阮借三千畀同厂个工友)
    assert PERSONAL_LOAN.search(canonicalise("阮借三千畀同厂个工友 伊辞工走了电话毋接"))


def test_leave_unpaid_as_the_jobs_rule_is_no_wage_owed() -> None:
    assert "unpaid" not in {e.value for e in extract_facts("我们请假要扣钱没时间去学校", today=TODAY).events}
    assert "unpaid" in {e.value for e in extract_facts("请假就扣钱，上个月工资也没发", today=TODAY).events}


def test_the_social_insurance_said_not_to_be_needed_is_not_paid() -> None:
    assert extract_facts("社保也说派遣工不用买这样合理吗", today=TODAY).has(Event.NOT_INSURED)


def test_how_long_until_the_result_asks_the_arbitrations_time() -> None:
    assert extract_facts("可以拿回多少,要几耐先有结果", today=TODAY).has(Ask.RESULT_TIME)
    assert extract_facts("仲裁要多久", today=TODAY).has(Ask.RESULT_TIME)
    assert not extract_facts("仲裁时效多久", today=TODAY).has(Ask.RESULT_TIME)


def test_what_to_bring_to_take_the_employer_on_is_asked() -> None:
    asks = {a.value for a in extract_facts("我想去告他，要准备什么材料，要钱吗", today=TODAY).asks}
    assert {"apply_papers", "cost"} <= asks  # (要钱吗 told after the papers is the cost asked too)
    assert extract_facts("仲裁申请书点写", today=TODAY).has(Ask.APPLY_PAPERS)
    assert extract_facts("我想告老板欠薪，要准备哪些证据", today=TODAY).has(Ask.APPLY_PAPERS)
    # not what an injury claim needs, nor 告诉 (to tell)
    assert not extract_facts("申请工伤认定要准备什么材料", today=TODAY).has(Ask.APPLY_PAPERS)
    assert not extract_facts("你告诉我要准备什么材料", today=TODAY).has(Ask.APPLY_PAPERS)


def test_a_sum_docked_for_leaving_is_a_penalty_not_a_fine() -> None:
    events = {e.value for e in extract_facts("现在我想走他还说要走就罚一个月工资", today=TODAY).events}
    assert "penalty" in events and "fined" not in events
    assert "penalty" not in {e.value for e in extract_facts("迟到一次罚五十", today=TODAY).events}


def test_a_fixed_term_run_out_with_its_end_dated_is_the_time_worked() -> None:
    facts = extract_facts("前年十一月签的两年合同 今年十月底到期 酒店说不续了", today=DEC_1)
    assert facts.tenure_months is not None and facts.tenure_months.value == 24
    assert facts.contract_months is not None and facts.contract_months.value == 24


def test_a_holiday_told_again_without_its_year_is_the_same_days() -> None:
    told = "今年国庆一号到三号都叫我们上班 说是赶国庆的货 国庆那三天上班应该怎么算"
    facts = extract_facts(told, today=DEC_1)
    assert facts.holiday_work_days is not None and facts.holiday_work_days.value == 3


@pytest.mark.parametrize(
    ("told", "formula"), [("42天", "260元×42天＝10920元"), ("四十三天", "260元×43天＝11180元")]
)
def test_a_day_paid_workers_unpaid_days_are_priced_at_the_days_pay(told: str, formula: str) -> None:
    facts = extract_facts(f"包工头讲好一天260 从今年四月做到十月底 还有{told}的工钱没给他", today=DEC_1)
    result = calculation_for("wage_arrears", facts, today=DEC_1)
    assert result is not None and formula in result.formula


def test_a_contract_promised_after_a_year_is_a_condition_not_a_duration() -> None:
    facts = extract_facts("今年四月初入去 到今做了八个月 老板讲做满一年正同我签合同", today=DEC_1)
    assert facts.tenure_months is not None and facts.tenure_months.value == 8
    assert not facts.conflicts


def test_a_past_years_claim_asked_whether_it_can_still_be_made() -> None:
    assert extract_facts("去年的加班现在还能告吗", today=TODAY).has(Ask.LIMITATION)
    assert extract_facts("要去哪里申请 大概要多久", today=TODAY).has(Ask.RESULT_TIME)


def test_a_due_date_is_a_pregnancy_and_no_coming_back_after_the_birth_a_dismissal() -> None:
    events = {
        e.value for e in extract_facts("明年二月预产期 老板还说要她生完孩子就别回来了", today=TODAY).events
    }
    assert {"pregnant", "dismissed"} <= events
    assert "dismissed" not in {e.value for e in extract_facts("老板叫我明天回来拿工资", today=TODAY).events}


def test_a_weeks_schedule_is_no_time_worked_and_every_saturday_worked_counts() -> None:
    told = "底薪三千九 一个礼拜要做六天 每天八个钟 礼拜六也是照常上 按一个月四个礼拜六算有多少加班费"
    facts = extract_facts(canonicalise(told), today=DEC_1)
    assert facts.tenure_months is None
    assert facts.restday_work_days is not None and facts.restday_work_days.value == 4
    # a time worked told before a schedule stays
    kept = extract_facts("我在厂里做了两年一个月只休两天", today=DEC_1)
    assert kept.tenure_months is not None and kept.tenure_months.value == 25


def test_the_overtime_pay_said_to_be_in_the_wage_is_asked_to_be_proved() -> None:
    assert extract_facts("加班费老板说早就包在工资里面", today=TODAY).has(Ask.PAY_INCLUDED)
    assert extract_facts("底薪里已经包了加班费", today=TODAY).has(Ask.PAY_INCLUDED)
    assert not extract_facts("包吃包住工资四千", today=TODAY).has(Ask.PAY_INCLUDED)


def test_half_a_months_pay_kept_back_is_pay_withheld() -> None:
    told = "上个月底他不想做了就走了 老板还扣了他半个月工资说是押金不退"
    assert "unpaid" in {e.value for e in extract_facts(told, today=TODAY).events}


def test_a_probation_told_as_required_has_its_length() -> None:
    facts = extract_facts("合同签了两年 试用期要半年 试用期只发三千五", today=TODAY)
    assert facts.probation_months is not None and facts.probation_months.value == 6


def test_wages_a_court_orders_deducted_are_no_wages_owed() -> None:
    told = "前夫在东莞一个厂上班 抚养费一分都不给 听说可以叫法院去他厂里扣工资 要怎么弄"
    assert not extract_facts(told, today=TODAY).has(Event.UNPAID)
    assert extract_facts("老板去他厂里扣工资", today=TODAY).has(Event.UNPAID)


def _read(field: str, told: str) -> float | None:
    """The value of `field` read from `told` (canonicalised), on 2026-12-01."""
    quantity = getattr(extract_facts(canonicalise(told), today=DEC_1), field)
    return None if quantity is None else quantity.value


def wage(told: str) -> float | None:
    return _read("monthly_wage", told)


def tenure(told: str) -> float | None:
    return _read("tenure_months", told)


def test_an_amount_the_worker_says_it_is_not_gives_way_to_the_one_it_is() -> None:
    assert wage("不好意思我记错了 工资也不是五千是五千五 那应该赔多少") == 5500
    assert wage("阮记毋着 工钱毋是四千 是四千五 按四千五卜讨若济") == 4500
    assert wage("工资是五千五不是五千") == 5500
    assert wage("工资五千，不是四千") == 5000


def test_a_start_told_again_as_a_correction_replaces_the_first() -> None:
    told = "前年六月进去的 今年十月底老板叫我不用来了，不好意思我记错了 是前年三月进去的"
    facts = extract_facts(told, today=DEC_1)
    assert facts.tenure_months is not None and facts.tenure_months.value == 32  # March 2024 to October 2026
    first = extract_facts(
        "前年六月进去的 今年十月底老板叫我不用来了，后来前年三月进去的厂倒闭了", today=DEC_1
    )
    assert first.tenure_months is not None and first.tenure_months.value == 29


def test_a_last_day_of_the_month_told_ends_that_month_and_dialect_starts_are_read() -> None:
    assert tenure("今年三月一号进去做到九月三十号辞工") == 7
    assert tenure("今年三月一号进去做到九月十号辞工") == 6
    assert tenure("阮今年二月一号入去 做到十月三十一号辞工") == 9


def test_a_night_shift_ended_then_hit_on_the_road_home_is_on_the_commute() -> None:
    from bot.answering.facts import injured_while_working

    told = "我老公上个月下了夜班骑电动车回出租屋 在路上被一辆小车撞了"
    assert injured_while_working(extract_facts(told, today=DEC_1), told)
    off = "我老公上个月休息骑电动车回出租屋 在路上被一辆小车撞了"
    assert not injured_while_working(extract_facts(off, today=DEC_1), off)


def test_a_business_given_up_is_its_closing_and_packing_up_to_go_a_sending_away() -> None:
    events = {
        e.value
        for e in extract_facts(
            canonicalise("老细上个月话唔做喇要收档 叫我哋执嘢走 话冇钱补"), today=DEC_1
        ).events
    }
    assert {"closed", "dismissed"} <= events
    assert "closed" not in {e.value for e in extract_facts("我们档口晚上十点收档", today=DEC_1).events}


def _events(told: str) -> set[str]:
    """The events read from `told` (canonicalised), on 2026-12-01."""
    return {e.value for e in extract_facts(canonicalise(told), today=DEC_1).events}


def test_a_corrected_count_of_rest_days_and_their_hours_each() -> None:
    # the count the worker says it is, either way round
    assert _read("restday_work_days", "唔好意思讲错咗 系四个礼拜六唔系三个") == 4
    assert _read("restday_work_days", "说错了 不是三个星期六是四个") == 4
    # the hours of each rest day worked are no overtime of a working day
    told = "人工四千三百五 上个月老板叫我们回去加了三个礼拜六 每次八个钟 没补休"
    assert _read("restday_work_days", told) == 3
    assert _read("overtime_hours", told) is None


def test_a_days_hours_end_at_the_break_before_the_next_clause() -> None:
    told = "一个月做22日 逐日做十点钟 头家呾加班无另外算钱"
    assert _read("work_hours_per_day", told) == 10
    assert _read("overtime_hours", told) is None
    # hours told with overtime in their own words stay overtime
    assert _read("overtime_hours", "每天都加两个钟班") == 2


def test_wages_owed_to_him_and_a_days_pay_told_with_a_hedge() -> None:
    assert _read("unpaid_months", "包工头走去无影无踪 欠伊四个月工钱 一个月七千") == 4
    assert _read("daily_wage", "国庆那三天我都上了班 日工资按两百算") == 200


def test_a_start_told_as_gone_there_alone() -> None:
    assert tenure("我妈在榕城一家酒楼洗碗 去年8月去的 老板一直没跟她签合同") == 16


def test_a_contract_not_renewed_a_clause_after_its_end() -> None:
    assert "contract_ended" in _events("份合同做到月尾 老细话唔续喇 到月尾我喺度啱啱做咗四年半")
    assert "contract_ended" not in _events("合同签了三年 老板说工资不续发了")


def test_leave_named_then_not_one_day_taken_and_maternity_leave_cut_short() -> None:
    assert "leave_denied" in _events("老细话年假最多俾五日 我应该有几多日年假先啱 今年一日都冇放过")
    assert "leave_refused" in _events("生孩子那次厂里只给了一个月产假 合法吗")


def test_the_last_months_pay_held_to_next_month_is_the_final_pay_kept() -> None:
    assert "final_pay" in _events("现在我想辞工 最后一个月工资也要压到下个月")


def test_wages_as_a_note_or_a_loan_or_paid_in_kind_are_wages_owed() -> None:
    assert "unpaid" in _events("包工头打的借条一万二，其实是我在工地做了四个月的工钱，他现在说是借的不认")
    assert "unpaid" in _events("老板说工资先当是借给他周转，到现在都没还")
    assert "unpaid" in _events("老板说用厂里一间房子抵我一年的工资，我不想要房子只要钱")
    # a customer's business whose boss ran off owes no wages
    assert "unpaid" not in _events("补习班老板跑了，我用工资交的一年学费六千块要找谁退")
    assert "unpaid" in _events("老板跑了 工资还欠三个月")


def test_hurt_at_the_workplace_or_on_the_jobs_errand_is_hurt_at_work() -> None:
    from bot.answering.facts import injured_while_working

    for told in ("我在厂里受了伤，保险公司已经赔了两万", "阮骑摩托去送货，乎车撞着入医院"):
        text = canonicalise(told)
        assert injured_while_working(extract_facts(text, today=DEC_1), text), told
    off = "我在厂里上班，周末骑车去市场被车撞了"
    assert not injured_while_working(extract_facts(off, today=DEC_1), off)


def test_a_pregnant_workers_check_ups_and_work_for_board_alone() -> None:
    assert "prenatal_check" in _events("大肚七个外月 头家还叫伊做夜班 去病院检查一次扣伊一日工钱")
    assert "prenatal_check" not in _events("上个月去医院检查一次扣了我一日工钱")
    assert "no_wage" in _events("老板说学徒没有工资 只包吃住 一天干十个钟")
    assert "no_wage" not in _events("老板包吃住 工资四千五")


def test_wages_held_to_the_years_end_with_living_money_paid_a_month() -> None:
    from bot.answering.entitlements import calculations_for

    told = "老板说工资要等年底一起发 我在揭西一个茶场做了九个月 讲好一个月四千 每个月只给八百生活费 剩下的说年底结"
    facts = extract_facts(canonicalise(told), today=DEC_1)
    assert "unpaid" in {e.value for e in facts.events}
    assert facts.unpaid_months.value == 9 and facts.living_paid.value == 800
    assert facts.monthly_wage is None  # the living money is no wage
    texts = " ".join(str(c) for c in calculations_for("wage_arrears", facts))
    assert "28800" in texts
    # living money without wages held back is no part paid
    assert _read("living_paid", "停工期间每个月只给八百生活费") is None


def test_an_employer_gone_with_the_wages_brings_legal_aid_to_the_wage_issue() -> None:
    from bot.answering.issues import event_rule_queries

    assert "employer_fled" in _events("老细走佬咗成个礼拜 电话都打唔通 我哋两个月人工都冇出")
    assert "employer_fled" not in _events("补习班老板跑了 学费找谁退")
    with_fled = event_rule_queries("wage_arrears", ["unpaid", "employer_fled"], {"wage_arrears"})
    assert any(topic == "legal_aid" for topic, _ in with_fled)
    assert all(
        topic != "legal_aid" for topic, _ in event_rule_queries("wage_arrears", ["unpaid"], {"wage_arrears"})
    )


def test_the_days_a_days_overtime_was_worked_make_the_months_hours() -> None:
    told = "上个月平时每天加班3个钟 加了20天 月工资4000"
    assert _read("work_days_per_month", told) == 20
    assert extract_facts(canonicalise(told), today=DEC_1).monthly_overtime_hours == 60
    night = "月薪5220 一个礼拜做五晚 每晚做11个钟 上个月做了21晚"
    assert extract_facts(canonicalise(night), today=DEC_1).monthly_overtime_hours == 63
    # days told with no day's hours before them are no schedule
    assert _read("work_days_per_month", "我做了20天就辞工了") is None


def test_an_amount_said_before_the_one_it_replaces_and_a_month_told_as_yi_yue() -> None:
    assert wage("等下工资我记错了 是4350不是4000 那加班费多少") == 4350
    assert wage("头家欠阮四个月工钱 一月四千五 阮在伊厂做了六年") == 4500


def test_the_wage_insurance_was_paid_on_stands_for_a_wage_not_told() -> None:
    assert wage("医院说可能会评九级 他受伤前社保按6000交的 要是九级能拿多少") == 6000
    assert wage("工资五千 社保按最低的3000交") == 5000


def test_a_thing_broken_then_a_sum_taken_from_the_pay_and_child_support_is_no_wage() -> None:
    assert "made_to_pay" in _events("还说我把宿舍空调弄坏了 要从我最后一个月工资4300里扣2000 这样能扣吗")
    assert "made_to_pay" in _events("厂里又说我弄坏了机器 每月再扣1200 我工资才5000")
    assert wage("法院判我每月给孩子1500抚养费 我工资才5000") == 5000


def test_a_dismissal_as_not_wanted_and_time_off_after_a_road_injury() -> None:
    assert "dismissed" in _events("厂里上礼拜突然说不要他了 什么理由都没说")
    told = "下班骑电动车回家 在路上被小车撞了 他在家休了三个月 厂里工资也停了 他一个月五千"
    assert _read("suspension_months", told) == 3


def test_annual_leave_imposed_in_a_slack_season() -> None:
    assert "leave_imposed" in _events("这两个月淡季厂里叫我们全部去休年假 讲休完今年就没有了")
    assert "leave_imposed" in _events("老细叫我哋放晒今年嘅年假")
    assert "leave_imposed" in _events("老板逼我们在淡季把年假休掉")
    assert "leave_imposed" not in _events("我年假休完了 想再请几天事假")


def test_no_longer_wanted_for_overtime_or_night_shifts_is_no_dismissal() -> None:
    assert "dismissed" not in _events("老板说不要我加班了 工资也少了一千")
    assert "dismissed" not in _events("老细话唔要我做夜班啦 人工少咗")
    assert "dismissed" in _events("老细话唔要我做啦 叫我听日唔使返工")


def test_a_contracts_term_told_as_signed_and_the_papers_refused_on_leaving() -> None:
    assert _read("contract_months", "合同签一年 试用期定了4个月 试用期每月2800 转正4000") == 12
    assert "certificate_refused" in _events("上个月辞咗工 厂唔肯俾离职证明")
    assert "certificate_refused" in _events("上个月辞职了 社保又不帮我转")
    assert "certificate_refused" not in _events("离职证明已经开给我了 社保也转了")


def test_holiday_dates_with_their_count_and_a_school_bus_drivers_time() -> None:
    told = "还有国庆10月1号到3号三天都叫我守窑，只发平常工资"
    assert _read("holiday_work_days", told) == 3
    assert tenure("我帮揭西一间民办学校开校车，开了2年10个月，月工资5200") == 34


def test_cantonese_hours_more_and_wages_not_paid_a_cent() -> None:
    told = "人工4872蚊一个月，礼拜一到五日日要做多3个钟先俾走，上个月做咗20日"
    assert extract_facts(canonicalise(told), today=DEC_1).monthly_overtime_hours == 60
    assert _read("work_hours_per_day", told) is None
    assert _read("unpaid_months", "上船9个月了一直没签合同，后面这5个月工资一分都没发") == 5


def test_rest_days_overtime_told_then_the_days_added() -> None:
    told = "周六日加斑没补修 月工资4350 上个月加了4天 加斑费多少"
    assert _read("restday_work_days", told) == 4
    assert wage(told) == 4350


def test_a_sum_taken_from_the_wage_is_no_wage_and_a_scratched_car_or_repair_bill_is_made_to_pay() -> None:
    told = "老细话我洗花咗客人部车要扣我人工两千，我人工先4千5，佢一次过扣晒"
    assert wage(told) == 4500
    # the wage itself when no other is told
    assert wage("每个月从工资里扣一千这个月已经扣了我工资四千二") == 4200
    assert "made_to_pay" in _events(told)
    assert "made_to_pay" in _events("上礼拜倒车刮了一下墙，校长说要从工资扣3000修车费")
    assert "made_to_pay" not in _events("社保要从工资扣三百多")


def test_the_rest_after_a_birth_the_employer_allows_told_as_a_number() -> None:
    told = "老细话佢大肚企唔到成日，仲话生完只可以放三个月假冇人工"
    assert "birth_leave" in {a.value for a in extract_facts(canonicalise(told), today=DEC_1).asks}
    assert "birth_leave" not in {
        a.value for a in extract_facts(canonicalise("老婆生完只给我放三天假"), today=DEC_1).asks
    }


def test_a_training_the_employer_sent_the_worker_to_and_the_time_served_since() -> None:
    told = "去年老板出6000送我去广州学修图，签了三年服务期，学完回来到现在刚好一年"
    assert _read("training_cost", told) == 6000
    assert _read("service_months", told) == 36 and _read("served_months", told) == 12
    assert _read("training_cost", "厂里之前出12000送我培训 约定服务期3年") == 12000
    assert _read("served_months", "签了三年服务期，到现在刚好一年") is None


def test_a_start_told_as_a_month_alone_counts_to_the_latest_such_month() -> None:
    assert tenure("不好意思我记错了 是九个月了 三月初进去的") == 9  # told on 1 December 2026
    assert tenure("我三月份进厂，一直没签合同") == 9
    assert tenure("七月开始工资降到3000") is None  # when the wage changed, no start
    assert tenure("十二月进厂的") is None  # this month or a year ago: not told
    assert tenure("去年三月进厂的") == 21  # a year told: the dated reading


def test_teochew_with_before_the_contract_not_signed_and_a_repayment_from_the_pay() -> None:
    assert "no_contract" in _events("阮在普宁流沙一间布行裁布，头家无合阮签合同，做了八个月了")
    assert "unpaid" not in _events("表哥不还贷款 银行打电话到我公司说要扣我工资还 我一定要还吗")
    assert "unpaid" in _events("老板扣我工资还不给说法")
    assert "unpaid" in _events("我交了辞职信，厂里说要找到人顶岗才给最后一个月工资4700")


def test_in_probation_when_dismissed() -> None:
    told = "我喺榕城一间糖水铺帮手，试用期做咗两个礼拜，老细话我做嘢慢唔啱就炒咗我"
    facts = extract_facts(canonicalise(told), today=DEC_1)
    assert facts.has("probation") and facts.probation_months is None
    assert extract_facts(canonicalise("还在试用期，老板就把我炒了"), today=DEC_1).has("probation")
    assert not extract_facts(canonicalise("试用期三个月，工资四千"), today=DEC_1).has("probation")
    assert not extract_facts(canonicalise("试用期过了老板说不给转正"), today=DEC_1).has("probation")


def test_cantonese_with_child_and_its_months() -> None:
    told = "我有咗四个月，老细话要炒我"
    assert _read("pregnancy_month", told) == 4 and "pregnant" in _events(told)
    assert "pregnant" not in _events("我有咗四个月冇出粮")
    assert _read("pregnancy_month", "厂里欠我有咗四个月嘅人工") is None


def test_a_duration_taken_back_in_the_same_turn() -> None:
    assert tenure("我在厂里做了不是2年是3年，工资5000，被辞退了") == 36
    assert tenure("干了2年5个月，不是2年5个月，是5年2个月") == 62
    assert _read("probation_months", "试用期不是三个月是一个月") == 1
    assert tenure("我在厂里做了3年是3年不是2年") == 36


def test_facts_from_dev49_stories() -> None:
    # 减人 is the employer cutting staff
    assert "dismissed" in _events("上个月30号厂里说要减人 问我愿不愿意走 我同意了")
    # the months unpaid with the employer, or 一分, between them and 没发
    assert _read("unpaid_months", "10月11月两个月工资店里都没发 应该发多少") == 2
    assert _read("unpaid_months", "他月工资5655 养伤这两个月一分工资都没发") == 2
    # sick pay a month is no wage; a furniture factory's carpenter is no builder
    told = "厂里说病假每月只发500块 又说下个月合同到期不续了 我工资4千6"
    assert wage(told) == 4600
    assert "construction" not in {
        t.value for t in extract_facts(canonicalise("我在揭西一间家具厂做木工"), today=DEC_1).worker_types
    }
    assert "construction" in {
        t.value for t in extract_facts(canonicalise("我在工地做木工"), today=DEC_1).worker_types
    }


def test_a_full_months_pay_below_the_lowest_minimum_wage_raises_the_minimum_wage_topic() -> None:
    from bot.answering.issues import over_limits

    def limits(told: str) -> list[str]:
        return over_limits(extract_facts(canonicalise(told), today=DEC_1))

    assert "below_minimum_wage" in limits("在普宁装车卸车 按件算 每个月做满26天 上个月算下来才拿一千三")
    assert "below_minimum_wage" in limits("我儿子在揭东一间面包店做学徒 每月只给800块")
    assert "below_minimum_wage" not in limits("在揭东一间厂里做普工 每月4500")
    assert "below_minimum_wage" not in limits("周末在奶茶店做兼职 一个月1200")  # paid by the hour
    assert "below_minimum_wage" not in limits("在长沙一间厂上班 每月只给1600")  # another province's own tiers


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("我在厂里做了300年，不是，是3年，工资4500，被炒了", "tenure_months", 36),
        ("工资-5000，不对，是5000，做了两年", "monthly_wage", 5000),
    ],
)
def test_an_absurd_value_the_worker_corrects_is_neither_read_nor_reported(
    text: str, field: str, value: float
) -> None:
    facts = extract_facts(text, today=TODAY)
    assert getattr(facts, field).value == value
    assert facts.rejected == ()
    assert facts.conflicts == ()


@pytest.mark.parametrize(
    "text",
    ["公司要求我们每个月交200块团建费，不交就扣工资，合理吗", "厂里每个月扣我们200块管理费"],
)
def test_a_fee_the_worker_hands_over_is_no_wage(text: str) -> None:
    assert extract_facts(text, today=TODAY).monthly_wage is None


def test_a_fee_beside_the_wage_leaves_the_wage() -> None:
    assert extract_facts("每个月交300块住宿费，工资4000", today=TODAY).monthly_wage.value == 4000
    assert extract_facts("工资一个月四千二左右加班费也没有", today=TODAY).monthly_wage.value == 4200


def test_a_duration_told_as_a_clause_of_its_own_after_the_job_is_the_time_worked() -> None:
    facts = extract_facts("我在揭阳一间KTV做服务员，两年零三个月了，工资3600", today=TODAY)
    assert facts.tenure_months.value == 27
    # (a clause with more in it is read as before: three months unpaid)
    assert extract_facts("我在厂里做普工，三个月了没发工资", today=TODAY).unpaid_months.value == 3


def test_a_grade_told_with_the_cantonese_copula_is_read() -> None:
    assert extract_facts("旧年烧窑被烫伤，鉴定系十级，本人工资3800", today=TODAY).injury_grade.value == 10


def test_a_sum_named_as_other_money_is_no_second_wage() -> None:
    facts = extract_facts("月薪5220，加了六个礼拜六，老板只发了两百块夜宵钱", today=TODAY)
    assert facts.monthly_wage.value == 5220 and facts.conflicts == ()
    assert extract_facts("工资五千块工钱", today=TODAY).monthly_wage.value == 5000


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("工资4176，一个月加斑22天每天2个小时，老板说没有加斑费", 44),
        ("平时一个月有20天每天加班3个钟", 60),
        ("每天加班2小时，一个月上22天班", 44),
    ],
)
def test_the_days_of_a_days_overtime_told_before_it_count_its_hours(text: str, hours: float) -> None:
    assert extract_facts(text, today=TODAY).monthly_overtime_hours == hours


def test_months_on_end_without_a_day_off_lack_the_weekly_rest() -> None:
    assert extract_facts("九月十月整整两个月一天都没休过", today=TODAY).has(Event.NO_REST)
    assert extract_facts("三个礼拜一日都冇得休", today=TODAY).has(Event.NO_REST)
    assert not extract_facts("做了两个月一天假都没请过", today=TODAY).has(Event.NO_REST)


def test_a_sudden_death_at_work_is_read() -> None:
    facts = extract_facts("在厨房炒菜突然晕倒，送医院第二天人就走了", today=TODAY)
    assert facts.has(Event.SUDDEN_DEATH)
    assert not extract_facts("上个月突然晕倒住了一个礼拜医院", today=TODAY).has(Event.SUDDEN_DEATH)


def test_the_new_years_eve_worked_alone_is_one_holiday_day() -> None:
    facts = extract_facts("超市排班明年除夕那天要我上班，我月薪4350，那天的工资应该怎么算", today=TODAY)
    assert facts.holiday_work_days.value == 1
    assert extract_facts("除夕放假吗", today=TODAY).holiday_work_days is None
