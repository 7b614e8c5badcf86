"""What the assistant covers: prompt-injection and chit-chat detection, and labour-domain vocabulary."""

from __future__ import annotations

import re

from bot.text.normalise import normalise_text

# Requests to override instructions, reveal the system prompt or dump the knowledge base. Matched on
# normalised text (lower case, simplified characters), so traditional-character variants are caught too.
_INJECTION = re.compile(
    r"(忽略|无视|忘记|忘掉|不要理会|跳过).{0,12}(指令|指示|规则|设定|提示|要求|限制)"
    r"|(系统|初始|原始|隐藏).{0,4}(提示词|提示语|指令|prompt)"
    r"|提示词|越狱|开发者模式|扮演|角色扮演|现在你是|从现在起你是|假装你是"
    r"|(列出|导出|输出|打印|发给我|给我|显示|复制).{0,12}(知识库|数据库|全部条目|所有条目|全部内容|所有内容|全部数据|所有文档)"
    r"|(知识库|数据库).{0,8}(全部|所有|完整|原文|内容)"
    r"|ignore (all |any )?(the )?(previous|prior|above)|system prompt|jailbreak|\bdan\b|developer mode"
    r"|disregard (all |the )?(previous|prior|instructions)|you are now|act as|pretend to be|reveal your"
)

_GREETING = re.compile(
    r"^(你好|您好|hi|hello|hey|在吗|在不在|喂|早上好|下午好|晚上好|谢谢|多谢|唔该|好的|嗯|ok|哈喽|嗨)[啊呀呢吗！!。.，,~\s]*$"
)

# Requests that are off-topic whatever labour words they mention ("工会食堂的红烧肉怎么做", "工资到账了推荐只基金"):
# weather, cooking, investing, creative writing, travel tickets, gossip, games, code, homework, scams, medicine,
# fortune telling.
_OFF_TOPIC = re.compile(
    r"天气怎么样|天气预报|会不会下雨|会不会落雨|明天.{0,4}(下雨|落雨|天晴)"
    r"|菜谱|食谱|怎么做(才)?好吃|红烧|炒菜|煲汤|做饭"
    r"|股票|炒股|推荐.{0,8}基金|理财产品|彩票|比特币|虚拟币"
    r"|写.{0,6}(诗|歌词|小说|作文|故事)|情诗|讲个笑话|讲个故事"
    r"|高铁|火车票|机票|车票|航班|旅游攻略"
    r"|明星|八卦|绯闻|内幕|好上了"
    r"|游戏|王者荣耀|代码|编程|python|javascript|sql"
    r"|作业|数学题|算术题|方程"
    r"|刷单|赚外快|网赚"
    r"|吃什么药|偏方|药方"
    r"|星座|运势|算命|风水|塔罗"
)

# Words that place a question inside labour rights and union services. A low-confidence question that
# contains one is "in the domain but not covered" (no_match, hand to a person); one that contains none is
# off-topic (out_of_scope).
DOMAIN_WORDS = (
    "工资 人工 薪 欠薪 拖欠 老板 老细 公司 厂 单位 雇主 用人 上班 返工 下班 加班 加斑 工伤 公伤 受伤 "
    "职业病 合同 和同 签约 辞退 辞推 开除 炒鱿鱼 解雇 裁员 辞职 离职 跳槽 补偿 赔偿 赔尝 违约金 社保 社宝 五险 "
    "保险 医保 养老 失业 生育 公积金 仲裁 劳动 劳务 派遣 外包 工会 入会 会费 职工 员工 工人 农民工 骑手 "
    "外卖 快递 司机 包工头 工地 试用 转正 年假 休假 请假 病假 产假 陪产 育儿假 哺乳 怀孕 孕 女职工 工时 "
    "排班 夜班 倒班 高温 津贴 补贴 最低工资 底薪 提成 计件 绩效 奖金 扣钱 扣工资 罚款 押金 身份证 退休 "
    "12351 12333 维权 投诉 举报 劳动监察 法律援助 律师 起诉 法院 打官司 帮扶 困难 送温暖 互助 驿站 书屋"
).split()


def is_injection(text: str) -> bool:
    """True for attempts to change the assistant's rules or extract its prompt or knowledge base."""
    return bool(_INJECTION.search(normalise_text(text)))


def is_greeting(text: str) -> bool:
    """True for a bare greeting or thanks with no question in it."""
    return bool(_GREETING.match(normalise_text(text).strip()))


def is_in_domain(text: str) -> bool:
    """True when the text mentions labour or union matters at all."""
    normalised = normalise_text(text)
    return any(word in normalised for word in DOMAIN_WORDS)


def is_off_topic(text: str) -> bool:
    """True for requests outside the assistant's purpose even when they mention work (recipes, stocks, poems…)."""
    return bool(_OFF_TOPIC.search(normalise_text(text)))


# Labour and social-security topics a worker may ask about, written as specific terms. Those that no snippet
# is about (none has the term in its title or sample questions) mark a question the assistant cannot answer
# (no_match, hand to a person) even when retrieval finds a similar-sounding rule; a snippet about the term
# covers it. A term merely mentioned in passing (探亲假 in the annual-leave rule) does not count, and such a
# passage answers only when the meaning ranking also puts it near the top (compose.classify).
TOPIC_TERMS = tuple(
    (
        "公积金 失业金 失业保险金 婚假 丧假 病假 医疗期 探亲假 年终奖 个人所得税 个税 所得税 医保 医疗保险 "
        "异地就医 养老金 退休金 退休年龄 延迟退休 返聘 伤残补助金 伤残津贴 工亡 丧葬补助 供养亲属 职业病诊断 "
        "尘肺 职业健康检查 经济性裁员 裁员 集体合同 工资集体协商 劳务合同 实习生 学生工 童工 未成年工 "
        "非全日制 灵活就业 个体工商户 社保转移 社保断缴 补缴 离职证明 人事档案 培训费 调岗 降薪 末位淘汰 "
        "劳动保护用品 安全生产 职业危害 工会主席 工会选举 职代会 职工代表大会 厂务公开 会员卡 会员证 劳模 "
        "劳动模范 劳动奖章 疗休养 技能培训 技能补贴 学历提升 婚恋 暑期托管 子女入学 积分入户 居住证 "
        "职业伤害保障 工作居住证 外国人 港澳台"
    ).split()
)


def missing_terms(knowledge_text: str) -> frozenset[str]:
    """The topic terms that never occur in `knowledge_text` (the snippets' titles and sample questions)."""
    text = normalise_text(knowledge_text)
    return frozenset(term for term in TOPIC_TERMS if term not in text)


def gap_terms_in(text: str, missing: frozenset[str]) -> list[str]:
    """Uncovered topic terms mentioned in a question."""
    normalised = normalise_text(text)
    return [term for term in missing if term in normalised]
