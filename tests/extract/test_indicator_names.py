"""A figure the catalogue does not know is named by its noun phrase: not a verb
or particle fragment, not a neighbour's name, not a run-on or a cut word."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from luoshi import extract
from luoshi.extract.words import _private_dir, words
from luoshi.rules import load_yaml

LONG = "第三轮中央生态环境保护督察交办的群众举报件办结率"
THREE = "第一产业、第二产业、第三产业增加值分别为168.4亿元、779.4亿元和389.0亿元，分别增长3.9%、6.8%和4.2%。"

# (text, figure as written, expected name)
NAMES = [
    # Reporting verbs and adverbs between the name and its figure are not the name.
    ("煤炭产量突破8亿吨。", "8亿吨", "煤炭产量"),
    ("全市旅游收入首次突破两千亿元大关。", "两千亿元", "旅游收入"),
    ("汽车产量继续保持在120万辆以上。", "120万辆以上", "汽车产量"),
    ("重大工业项目开复工率达到90%。", "90%", "重大工业项目开复工率"),
    ("护理型床位占比提升至76.4%。", "76.4%", "护理型床位占比"),
    ("社保卡“一卡通”应用功能拓展至177项。", "177项", "社保卡一卡通应用功能"),
    ("失业保险金标准每月提高165元。", "165元", "失业保险金标准"),
    ("粮食综合生产能力每年稳定在1121万吨以上。", "1121万吨以上", "粮食综合生产能力"),
    ("生产安全事故死亡人数较“十三五”同期下降53.06%。", "53.06%", "生产安全事故死亡人数"),
    # Goal verbs, prepositional phrases and list marks before it neither.
    ("确保肉蛋奶产量稳定在500万吨。", "500万吨", "肉蛋奶产量"),
    ("力争新增可再生能源装机1亿千瓦。", "1亿千瓦", "新增可再生能源装机"),
    ("为群众挽回非法集资损失10亿多元。", "10亿多元", "挽回非法集资损失"),
    ("●煤炭产量1.3亿吨。", "1.3亿吨", "煤炭产量"),
    ("九是建设高标准农田100万亩。", "100万亩", "建设高标准农田"),
    ("建设47.8万亩高标准农田，粮食生产二十二连丰。", "47.8万亩", "建设高标准农田"),
    # Long names are kept whole, never cut inside a word.
    (f"{LONG}99.1%。", "99.1%", LONG),
    ("二级及以上公立医疗机构检查检验结果互认项目增至222项。", "222项", "二级及以上公立医疗机构检查检验结果互认项目"),
    ("执业（助理）医师数增至7.83万人。", "7.83万人", "执业（助理）医师数"),
    # Siblings that share a head keep what sets them apart.
    ("新开工项目计划投资1200亿元，续建项目计划投资800亿元。", "1200亿元", "新开工项目计划投资"),
    ("新开工项目计划投资1200亿元，续建项目计划投资800亿元。", "800亿元", "续建项目计划投资"),
    ("新增高新技术企业6000家。", "6000家", "新增高新技术企业"),
    ("国家高新技术企业达到1.5万家。", "1.5万家", "高新技术企业"),
    # Light verbs inside a name, and trade verbs before an amount.
    ("和田地区矿业权出让实现收益60.37亿元。", "60.37亿元", "和田地区矿业权出让收益"),
    ("农牧区劳动力实现转移就业112万人次。", "112万人次", "农牧区劳动力转移就业"),
    ("其中出口96.4亿元，增长15.8%。", "96.4亿元", "出口额"),
    ("其中出口96.4亿元，增长15.8%。", "15.8%", "出口额"),
    ("该园区生产番茄6000余吨。", "6000余吨", "番茄产量"),
    ("经满洲里口岸出口汽车8.62万辆。", "8.62万辆", "汽车出口量"),
    ("大唐托克托发电公司装机容量达到672万千瓦。", "672万千瓦", "装机容量"),
    ("高原炊具累计销售5.1亿元。", "5.1亿元", "高原炊具销售额"),
    # A second figure of a clause takes the first one's name (从…提高到…).
    ("每万人高价值发明专利拥有量从11件提高到24件。", "11件", "每万人高价值发明专利拥有量"),
    ("每万人高价值发明专利拥有量从11件提高到24件。", "24件", "每万人高价值发明专利拥有量"),
    ("市属重点国企由51家整合为33家。", "33家", "市属重点国企"),
    ("民间投资占比34%、提高1.3个百分点。", "1.3个百分点", "民间投资占比"),
    ("财政民生支出突破万亿元、占比稳定在80%左右。", "80%左右", "财政民生支出占比"),
    # Counted things are named after their measure word, with what the clause says of them.
    ("依托20个对外开放口岸的通道集群优势。", "20个", "对外开放口岸"),
    ("内蒙古与全球158个国家开展贸易往来。", "158个", "开展贸易往来的国家"),
    ("中欧班列对外辐射10个国家的22个终点城市。", "10个", "辐射国家"),
    ("中欧班列对外辐射10个国家的22个终点城市。", "22个", "终点城市"),
    ("600个新型公共文化空间投入使用。", "600个", "投入使用的新型公共文化空间"),
    ("建成125个县域医共体。", "125个", "县域医共体"),
    ("改造2.5万套（间）城市危旧房。", "2.5万套", "城市危旧房"),
    ("建好用好77个农畜产品供应基地和“直采直供”基地。", "77个", "农畜产品供应基地和直采直供基地"),
    ("累计培育形成173项制度集成创新案例，82项获国家层面认可。", "82项", "获国家层面认可的制度集成创新案例"),
    ("新增1个经济总量近千亿、4个过五百亿的县市。", "4个", "过五百亿的县市"),
    ("累计落地35支国家级大基金，8支市级高精尖产业基金带动社会投资超千亿元。", "8支", "市级高精尖产业基金"),
    ("集成电路、生物医药、人工智能三大先导产业规模突破2万亿元。", "2万亿元", "先导产业规模"),
    ("吉林省的12家物流和外贸企业现场签约合作项目8个。", "8个", "现场签约合作项目"),
    ("开展职业技能培训4500人次（县人社局牵头）。", "4500人次", "开展职业技能培训"),
    ("兴安盟纳入调度的46个项目中，已开工29个。", "46个", "纳入调度的项目"),
    ("兴安盟纳入调度的46个项目中，已开工29个。", "29个", "已开工"),
    ("仍有9个项目未开工。", "9个", "未开工的项目"),
    ("办好十件民生实事。", "十件", "民生实事"),
    # A numeral inside quotation marks names its slogan.
    ("持续开展‘六个倍增计划’和‘四项行动’。", "六个", "六个倍增计划"),
    ("持续开展‘六个倍增计划’和‘四项行动’。", "四项", "四项行动"),
    ("紧扣商务领域“六项重大工作、十七项重点工作”。", "十七项", "商务领域十七项重点工作"),
    ("推动区域合作“六大行动”落地。", "六大", "区域合作六大行动"),
    ("加快发展算力、人工智能、电子信息“四大产业”。", "四大", "四大产业"),
    ("深入实施“三年十五万青年留呼行动”。", "十五万", "三年十五万青年留呼行动"),
    # 分别 hands each item of a list its own name, head words shared.
    ("刑事、治安案件分别下降12%、3.3%。", "12%", "刑事案件"),
    ("刑事、治安案件分别下降12%、3.3%。", "3.3%", "治安案件"),
    ("上海机场航空旅客和货邮吞吐量分别达到1.35亿人次、453.8万吨。", "1.35亿人次", "上海机场航空旅客吞吐量"),
    ("食品、石化、医药、信息等产业增加值分别增长7.5%、11.5%、17.4%、7.3%。", "7.5%", "食品产业增加值"),
    ("食品、石化、医药、信息等产业增加值分别增长7.5%、11.5%、17.4%、7.3%。", "7.3%", "信息产业增加值"),
    ("国家级、部级创新平台分别达到22家、182家。", "22家", "国家级创新平台"),
    ("生产安全事故起数、死亡人数分别下降9.62%、10.47%。", "10.47%", "生产安全事故死亡人数"),
    (THREE, "3.9%", "第一产业增加值"),
    (THREE, "6.8%", "第二产业增加值"),
    ("学前教育毛入园率、高中阶段和高等教育毛入学率分别达到93.5%、98.5%、64.3%。", "93.5%", "学前教育毛入园率"),
    ("利用外资、投资分别增长45%、20%。", "45%", "利用外资"),
    # A comparison with the nation is named for what is compared.
    ("外贸进出口总值同比增长5.8%，高于全国外贸增速0.8个百分点。", "0.8个百分点", "外贸增速高于全国"),
    ("前三季度全区接待国内游客2.16亿人次。", "2.16亿人次", "接待国内游客"),
    ("中俄互市贸易进口商品落地加工率为38%，低于年度目标（45%）。", "45%", "中俄互市贸易进口商品落地加工率"),
    ("社会消费品零售总额增长4.3%、高于全国0.6个百分点。", "0.6个百分点", "社会消费品零售总额增速高于全国"),
]


@pytest.mark.parametrize(("text", "written", "name"), NAMES, ids=[f"{n}@{w}" for _, w, n in NAMES])
def test_figure_is_named_by_its_noun_phrase(text: str, written: str, name: str):
    found = [s for s in extract(text, published="2026-02-01") if written in s.value_text]
    assert found, f"{written} not extracted from {text}"
    assert found[0].indicator_name == name


def test_names_the_catalogue_knows_keep_their_family_id():
    [level, change] = extract("全省常住人口城镇化率达到67.2%，比上年末提高0.52个百分点。", published="2026-02-01")
    assert (level.indicator, level.measure.value) == ("other:常住人口城镇化率", "rate_pct")
    assert (change.indicator, change.measure.value) == ("other:常住人口城镇化率", "pp_diff")


def test_naming_lexicon_is_lists_of_words():
    data = load_yaml("naming.yaml")
    for key, value in data.items():
        if isinstance(value, list):
            assert value and all(isinstance(w, str) and w.strip() == w and w for w in value), key
        elif isinstance(value, dict):
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()), key
    import re

    re.compile(data["compare"])


def test_segmenter_keeps_report_terms_whole():
    assert [w for w, _ in words("建成125个县域医共体")][-1] == "医共体"
    assert ("为", "p") in words("为群众挽回非法集资损失")


def test_segmenter_cache_directory_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = Path(_private_dir())
    assert path == tmp_path / "luoshi"
    assert path.stat().st_mode & 0o777 == 0o700


def test_segmenter_loads_lazily_and_quietly(tmp_path: Path):
    code = (
        "import sys, luoshi; assert 'jieba' not in sys.modules; "
        "luoshi.extract('煤炭产量突破8亿吨。'); assert 'jieba' in sys.modules"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert sorted(p.name for p in (tmp_path / "luoshi").iterdir()) == ["jieba.cache", "jieba.tags.marshal"]


SAMPLE = Path(__file__).resolve().parents[1] / "gold" / "names_sample.jsonl"


def test_judged_sample_of_report_names_keeps_its_clean_names(reports):
    """The 200 names drawn from the 31 reports and judged by reading
    (tests/gold/names_sample.jsonl): every name judged clean is still given."""
    import json

    texts = {doc.name: (doc, found) for doc, found in reports.values()}
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 200
    clean = [r for r in rows if r["clean"]]
    assert len(clean) / sum(r["clean"] is not None for r in rows) >= 0.9
    for r in clean:
        _, found = texts[r["doc"]]
        at = r["start"] + r["quote"].rfind(r["value_text"])
        names = {s.indicator_name for s in found if s.start <= at < s.end and s.kind.value != "event"}
        assert r["name"] in names, (r["quote"], r["name"], names)
