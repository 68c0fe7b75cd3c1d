"""What a question asks, and answers that answer it: types and constraints in three scripts, near misses
refused with what the articles do say, lists given whole, reasons given with their cause."""

import html
from dataclasses import replace

import pytest

from rag import Assistant
from rag.assistant import subject_of
from rag.config import load_settings
from rag.loaders import parse_bytes
from rag.embeddings import HashEmbedder
from rag.llms import EchoBackend, Request
from rag.prompts import chat_messages
from rag.normalize import compact
from rag.normalize import normalize_query
from rag.questions import (BULLETED, Constraint, analyse, asked_kind, defined_term, defines, describe, expands,
                           meant)
from rag.completion import _points_to_kind_asked
from rag.swaps import negated, other_end, premodified, reframed, reverbed, subject_swapped, substitution
from rag.verdicts import check, denied, figure_clause, listed_kind, measured, qualified, retopic
from rag.retriever import Hit, Retriever
from rag.store import load_index, write_index


@pytest.mark.parametrize("question, kind, count", [
    ("DeepSeek-V3的训练成本是多少？", "money", None),
    ("DeepSeek-V3的訓練成本是多少？", "money", None),
    ("What was the training cost of DeepSeek-V3?", "money", None),
    ("What is the robot density in Shanghai's key industries?", "number", None),  # a measure after its words
    ("What is the annual revenue growth of Beijing's robot industry?", "percent", None),
    ("What is the development direction of large models?", "thing", None),
    ("特斯拉的人形机器人叫什么？", "name", None),
    ("陈小平把这种情形称为什么？", "name", None),
    ("What is Tesla's humanoid robot called?", "name", None),
    ("How much did the training of DeepSeek-V3 cost?", "money", None),
    ("智谱AI成立于哪一年？", "year", None),
    ("智譜AI成立於哪一年？", "year", None),
    ("In which year was Zhipu AI founded?", "year", None),
    ("这项行动计划覆盖哪几年？", "year", None),  # which years, not how many
    ("这项行动计划要实施几年？", "duration", None),
    ("MOSS003大模型是哪一天上线的？", "date", None),
    ("When was MOSS003 released?", "date", None),
    ("对 m68k 架构的支持在哪个版本被放弃？", "version", None),
    ("Which Linux kernel version does Debian 12 ship?", "version", None),
    # when or where after the question's own asking word opens a clause: it asks no time or place
    ("Which option should you not forget when repacking a checkout?", "identifier", None),
    ("How much RAM is needed when running an LTSP server?", "number", None),
    ("MOSS最早是几月份发布的？", "month", None),
    ("In which month was MOSS released?", "month", None),
    ("上海浦东有多少家机器人企业？", "count", None),
    ("How many robot companies are there in Pudong?", "count", None),
    ("游客复购率提升了多少？", "percent", None),
    ("陶虎希望这一幕在多少年内变成现实？", "duration", None),
    ("复旦大学MOSS系统的负责人是谁？", "person", None),
    ("Who leads the MOSS system at Fudan?", "person", None),
    ("Which tool shows who is logged on to the system?", "thing", None),  # the first asking word asks
    ("李秀红现任哪家公司的副总裁？", "organisation", None),
    ("Which company developed the Focus headband?", "organisation", None),
    ("上海在哪里形成了机器人产业集聚效应？", "place", None),
    ("脑机接口被分为哪三类？", "list", 3),
    ("腦機接口被分為哪三類？", "list", 3),
    ("What are the three kinds of brain-computer interface?", "list", 3),
    ("备份和恢复策略由哪 3 个关键因素决定？", "list", 3),  # the count in figures
    ("方明伦所在的实验室把研究重点放在了哪些领域？", "list", None),
    ("为什么国产机器人竞争不过进口机器人？", "reason", None),
    ("為什麼國產機器人競爭不過進口機器人？", "reason", None),
    ("Why did Zhipu AI not copy OpenAI's path?", "reason", None),
    ("DeepSeek是如何降低训练成本的？", "method", None),
    # the other common ways of asking for a reason or a means
    ("陈小平认为不必焦虑的理由是什么？", "reason", None),
    ("国产元器件性能不如进口产品，原因在哪里？", "reason", None),
    ("美国企业的竞争优势从何而来？", "reason", None),  # where a thing comes from: its cause
    ("大模型評測分數虛高的根源是什麼？", "reason", None),
    ("是什么导致了先进制程受限？", "reason", None),
    ("国外人才为啥流向产业界？", "reason", None),
    ("芯片制造公司以什么方式弥补制程差距？", "method", None),
    ("Synchron借助何种技术获批开展临床试验？", "method", None),
    ("What caused advanced chip processes to be restricted?", "reason", None),
    ("Through what technique did Synchron reach the brain?", "method", None),
    ("How does DeepSeek lower its training cost?", "method", None),
    ("陈小平的LC假说发表在哪本学术期刊上？", "title", None),
    ("张鹏认为模型幻觉是否影响可靠性？", "yesno", None),
    ("什么是介入式脑机接口？", "definition", None),
    ("与GPT-4o相比，DeepSeek的API价格降低了多少？", "comparison", None),
    ("特斯拉人形机器人叫什么名字？特斯拉是在哪一年发布它的？", "parts", None),
    # where a thing stands in a figurative sense is no place
    ("国产机器人眼下卡在哪儿了？", "thing", None),
    ("柔性脑机接口比植入式方案强在哪里？", "thing", None),
    ("国产机器人的问题卡在哪一环？", "thing", None),
    ("奥比中光是哪里的企业？", "place", None),
    # a figure the question states is not what it asks
    ("Which AI agent reached a 94.7% tool-calling success rate on the GAIA benchmark?", "thing", None),
    ("What's the name of the team that got more than 20% of OpenAI's computing power?", "name", None),
    # a file, site, port or command, which documentation writes as a path, an address, a number or a name
    ("内核模块的配置放在哪个目录下？", "identifier", None),
    ("軟體源是通過哪個網站發佈的？", "identifier", None),
    ("Which command lists the loaded kernel modules?", "identifier", None),
    ("内核模块放在哪些目录下？", "list", None),  # several are a list
    # 一 between 哪 and its measure word says nothing more; 哪类 asks which kind of thing
    ("专委会主任由哪一位院士担任？", "person", None),
    ("李秀红现任哪一家公司的副总裁？", "organisation", None),
    ("机器人产业突围的机会在于哪一类机器人？", "thing", None),
    ("哪類場景會率先實現大模型的規模化落地？", "thing", None),
    # a why or how after a verb of explaining is that verb's object: the asking word before it asks
    ("陈小平用哪位经济学家命名的闭环来解释工业革命为何成功？", "person", None),
    ("方明伦用什么例子说明为什么要重视基础研究？", "thing", None),
    ("陈小平如何解释工业革命为何成功？", "reason", None),  # no asking word before the verb: it asks why
])
def test_the_expected_answer_type_in_three_scripts(question, kind, count):
    analysis = analyse(question)
    assert (analysis.type, analysis.count) == (kind, count)


def test_the_count_a_list_question_asks_for_is_no_constraint():
    """"哪 3 个关键因素": the sentence that answers need not say 3个; its items are counted instead."""
    assert not [c for c in analyse("备份和恢复策略由哪 3 个关键因素决定？").constraints if c.kind == "quantity"]
    assert [c.value for c in analyse("有 3 个关键因素吗？").constraints if c.kind == "quantity"] == ["3个"]


@pytest.mark.parametrize("question, expected", [
    ("DeepSeek-R1的训练成本是多少？", {("version", "deepseek-r1")}),
    ("Llama 3.1 70B的训练成本是多少？", {("version", "llama3.1"), ("version", "70b")}),
    ("索尼PlayStation 7将搭载什么手柄？", {("version", "playstation7")}),  # a name and its number apart
    ("How many VT100-like consoles are there?", {("version", "vt100")}),  # the name a "-like" describes by
    ("Llama 3 is expected to get how many H100s?", {("version", "h100"), ("version", "llama3")}),  # a plural
    ("How much did Llama 3 cost in 2024?", {("quantity", "2024年")}),  # English words and numbers stay apart
    ("人脑每天产生约多少数据？", {("period", "日")}),
    ("短视频平台日均产出创意内容超过多少条？", {("period", "日")}),
    ("长期全国活跃用户数预计达到多少？", {("period", "长期")}),
    ("智谱AI在2025年累计获得了多少融资？", {("quantity", "2025年")}),
    ("智譜AI在2025年累計獲得了多少融資？", {("quantity", "2025年")}),
    ("DeepSeek的训练框架在1024卡上的扩展效率是多少？", {("quantity", "1024卡")}),
    ("3步以内的简单任务上，Manus的成功率比OpenAI方案高多少？", {("quantity", "3步")}),  # a number and what it counts
    ("10 部以上的机器建议安装几个 DNS 服务器？", {("quantity", "10部")}),  # machines, in Taiwan's measure word
    ("上海在上世纪90年代研制出了多少个型号的工业机器人？", {("quantity", "90年代"), ("place", "上海")}),
    ("2023年欧洲脑机接口市场规模是多少？", {("quantity", "2023年"), ("place", "欧洲")}),
    ("2023年全球脑机接口市场规模是多少？", {("quantity", "2023年"), ("place", "全球")}),
    ("What was GPT-4o's training cost in 2024?", {("version", "gpt-4o"), ("quantity", "2024年")}),
    ("2023世界人工智能大会是哪一天开幕的？", {("quantity", "2023年")}),  # 世界 of the name is no place
    ("“深籍”人形机器人有几个？", {("quoted", "深籍")}),
    ("美国脑机接口市场2024-2033年的复合年增长率是多少？", {("quantity", "2024-2033年"), ("place", "美国")}),
    ("What is the growth rate of the market from 2024 to 2033?", {("quantity", "2024-2033年")}),  # a span in English
    ("How many robot models had Shanghai built by the 1990s?", {("quantity", "90年代")}),  # a decade, no version
    ("What did Zhipu AI release on February 16?", {("quantity", "2月"), ("quantity", "16日")}),  # a month, a day
    ("What may the market reach by 2030?", {("quantity", "2030年")}),  # "may" the verb is no month
    ("去年CES上中国企业参与数超过多少家？", {("relative", "去年"), ("place", "中国")}),  # a year named from now
    # the way an English question asks a figure to have gone; "raise" funding is no rise
    ("How much did the bank's credit review misjudgment rate rise?", {("direction", "rise")}),
    ("By how much is DeepSeek's API price lower than GPT-4o's?", {("direction", "lower"), ("version", "gpt-4o")}),
    ("How much did Zhipu AI raise in 2024?", {("quantity", "2024年")}),
    # an English ordinal is a place in an order (第十六届), not a version
    ("On what date did the third session of the 16th Shanghai People's Congress end?",
     {("ordinal", "third"), ("ordinal", "16th")}),
    ("How many Chinese companies attended CES last year?", {("relative", "去年")}),
    # a name of parts joined by hyphens is one name, not its parts; a number in it makes it a version
    ("libnss-ldap 的配置文件是哪个？", {("compound", "libnss-ldap")}),
    ("linux-image-6.1 是哪个软件包提供的？", {("version", "linux-image-6.1")}),
])
def test_constraints_name_versions_numbers_places_and_times(question, expected):
    found = {(c.kind, c.value) for c in analyse(question).constraints if c.kind != "entity"}
    assert found == expected


@pytest.mark.parametrize("question, name, named_elsewhere, refused", [
    # a name the dictionary knows only as a name, that no passage writes: the articles do not cover it
    ("阿里巴巴成立了什么脑机接口实验室？", "阿里巴巴", "", True),
    ("“机械战甲”是哈佛大学哪个学院研发的？", "哈佛大学", "", True),
    ("陶虎设想让AI去模仿莫奈的哪类作品？", "莫奈", "", True),  # whatever jieba tags it (an adverb here)
    ("请问华为成立了什么实验室？", "请问", "", False),  # glossed "Excuse me", but a verb
    # written in Latin letters somewhere, it is covered; named in another passage, the loose tag says nothing
    ("阿里巴巴成立了什么脑机接口实验室？", "阿里巴巴", "Alibaba也在布局。", False),
    ("阿里巴巴成立了什么脑机接口实验室？", "阿里巴巴", "阿里巴巴也在布局。", False),
])
def test_a_name_the_articles_never_write_leaves_the_question_unanswered(question, name, named_elsewhere, refused):
    sentence = "华为、科大讯飞等科技巨头已成立专项实验室。"
    passages = [compact(sentence).lower(), compact(named_elsewhere).lower()]
    df = lambda word: sum(word in p for p in passages)  # noqa: E731 - counts passages as `Evidence.df` does
    analysis = analyse(question)
    kept = [c for c in analysis.constraints if c.known(df)]
    assert any(c.value == name for c in kept) == refused
    verdict = check(replace(analysis, constraints=kept), sentence, compact(sentence).lower())
    assert verdict.ok != refused


@pytest.mark.parametrize("question, sentence, ok, found", [
    ("GPT-4o的训练成本是多少？", "DeepSeek-V3仅为557.6万美元,远低于GPT-4的6300万美元。", False, "gpt-4"),
    ("3步以内的简单任务上，Manus的成功率比OpenAI方案高多少？", "在生活场景中,5步以上复杂任务成功率比OpenAI方案高23%。", False,
     "5步"),
    ("GPT-4的训练成本是多少？", "DeepSeek-V3仅为557.6万美元,远低于GPT-4的6300万美元。", True, ""),
    ("Llama3-70B模型的请求服务率达到多少？", "Llama3-8B模型请求服务率达35req/s。", False, "llama3-8b"),
    ("2024年美国脑机接口市场规模是多少？", "2023年,美国脑机接口市场规模为4.9亿美元。", False, "2023年"),
    ("2023年美国脑机接口市场规模是多少？", "2023年,美国脑机接口市场规模为4.9亿美元。", True, ""),
    ("2023年欧洲脑机接口市场规模是多少？", "2023年,美国脑机接口市场规模为4.9亿美元。", False, "美国"),
    # the world as the scope of a first is no place the sentence is about
    ("中国科研团队屡创里程碑，清华大学团队开发了什么系统？", "清华大学团队开发全球首套无线脑控自主喝水系统。", True, ""),
    ("中国脑机接口市场规模是多少？", "全球脑机接口市场规模为23.5亿美元。", False, "全球"),
    ("2023年中国脑机接口市场规模是多少？", "2023年全球脑机接口市场规模为23.5亿美元。", False, "全球"),
    ("在512卡上的扩展效率是多少？", "512卡扩展效率达到76%。", True, ""),
    ("“深籍”人形机器人有几个？", "其中“沪籍”人形机器人数量最多,共有7个。", False, "沪籍"),
    ("“深籍”人形机器人有几个？", "“深籍”人形机器人的数量有3个,排名第二。", True, ""),
    ("2024年美国脑机接口市场规模是多少？", "2024-2033年的市场规模合计将达到23.7亿美元。", False, "2024-2033年"),  # a span is not its first year
    ("在1024卡上的扩展效率是多少？", "512卡扩展效率达到76%。", False, "512卡"),
    ("智谱AI成立于哪一年？", "智谱AI由清华大学计算机系知识工程实验室转化而来。", False, ""),  # no year
    ("智谱AI成立于哪一年？", "作为一家成立于2019年的创业公司,智谱AI由清华大学转化而来。", True, ""),
    ("他们的收入是多少？", "收入增长很快。", False, ""),  # a number is asked, none is given
    ("其API定价是多少？", "推理成本方面,其每百万Token的API定价仅为0.27美元。", True, ""),  # refers back: fine
    ("人脑每天产生约多少数据？", "人脑每秒产生约1TB数据。", False, "每秒"),  # another period
    ("短视频平台每天产出创意内容超过多少条？", "短视频平台日均产出创意内容超10万条。", True, ""),  # the same period
    ("长期全国活跃用户数预计达到多少？", "短期全国活跃用户数预计达1.5亿。", False, "短期"),
    # how many people a figure is counted per: ten thousand ("/万人") is not a thousand
    ("上海的机器人密度达到每千人多少台？", "上海的重点产业机器人密度达383台/万人。", False, "/万人"),
    ("上海的机器人密度达到每万人多少台？", "上海的重点产业机器人密度达383台/万人。", True, ""),
    ("索尼PlayStation7将搭载什么手柄？", "索尼PlayStation 7将搭载脑电感应手柄。", True, ""),
    ("索尼PlayStation6将搭载什么手柄？", "索尼PlayStation 7将搭载脑电感应手柄。", False, "playstation7"),
    # a model asked by its short name is named by its full one, not by another model's
    ("DeepSeek的V3训练花了多少钱？", "在训练成本上,DeepSeek-V3仅为557.6万美元。", True, ""),
    ("DeepSeek的V2训练花了多少钱？", "在训练成本上,DeepSeek-V3仅为557.6万美元。", False, ""),
    # a deputy is not the post, nor the post its deputy; another scale written in words is another thing
    ("中国电子学会的理事长是谁？", "中国电子学会副理事长兼秘书长陈英表示。", False, "副理事长"),
    ("中国电子学会的副理事长兼秘书长是谁？", "中国电子学会副理事长兼秘书长陈英表示。", True, ""),
    ("研究所的副所长是谁？", "研究所所长卢瀚宸在接受记者采访时表示。", False, "所长"),
    ("专委会副主任包括谁？", "专委会主任由院士乔红担任,副主任包括朱松纯。", True, ""),
    # whose post: the one just after the name asked about, or one with no one's name before it
    ("北京智源人工智能研究院的院长是谁？", "北京通用人工智能研究院院长朱松纯,北京智源人工智能研究院理事长黄铁军等。", False, "理事长"),
    ("北京智源人工智能研究院的理事长是谁？", "北京通用人工智能研究院院长朱松纯,北京智源人工智能研究院理事长黄铁军等。", True, ""),
    # an assistant's post is another post
    ("王延峰是上海人工智能实验室的主任吗？", "王延峰是上海人工智能实验室主任助理、上海交通大学人工智能研究院副院长。", False, "主任助理"),
    ("王延峰是上海人工智能实验室的主任助理吗？", "王延峰是上海人工智能实验室主任助理、上海交通大学人工智能研究院副院长。", True, ""),
    ("邱锡鹏是复旦大学计算机科学技术学院的副教授吗？", "记者采访了复旦大学计算机科学技术学院教授邱锡鹏。", False, "教授"),
    ("邱锡鹏是复旦大学计算机科学技术学院的教授吗？", "记者采访了复旦大学计算机科学技术学院教授邱锡鹏。", True, ""),
    ("清华大学人工智能研究院的院长是谁？", "清华大学人工智能研究院名誉院长张钹曾分享过这样一个观点。", False, "名誉院长"),
    ("优化一个千亿参数量级的大模型，一台机器要多少钱？", "优化一个百亿参数量级的大模型,一台机器就要100多万元。", False, "百亿"),
    # the years of a title name it, not the time of what the sentence says; a year outside it does
    ("开发区管委会在2023年8月发布了什么计划？", "同年8月,开发区管委会发布的《三年行动计划(2023—2025年)》提出聚焦人形机器人。", True, ""),
    ("开发区管委会在2021年8月发布了什么计划？", "2023年8月,开发区管委会发布的《三年行动计划(2023—2025年)》提出聚焦人形机器人。", False, "2023年"),
    # a scale in figures is the same scale in words (100亿 and 百亿), and another in figures is another
    ("国内百亿级参数规模以上的大模型有多少个？", "国内100亿级参数规模以上的大模型已发布79个。", True, ""),
    ("国内100亿级参数规模以上的大模型有多少个？", "国内10亿级参数规模以上的大模型已发布79个。", False, "10亿"),
    ("国内机器人产业发展呈现什么态势？", "中国机器人产业发展呈现“量大面广”态势。", True, ""),  # 国内 is 中国
    # two places written as one word (中美): a sentence about either is about the pair
    ("为什么中美在大模型质量上的差距会扩大？", "我们可以看到美国在大模型产业生态上已经领先了我们一步。", True, ""),
    ("为什么中美在大模型质量上的差距会扩大？", "我们可以看到欧洲在大模型产业生态上已经领先了一步。", False, "欧洲"),
    # a name in Latin letters in a Chinese question: an article that never names it is about something else
    ("2024年CES在哪个城市举办？", "对于意欲布局人形机器人的城市而言,2024年十分关键。", False, ""),
    ("今年CES上中国企业参与数超过多少家？", "从CES的玩家来看,中国企业参与数连年上升,今年超过1000家。", True, ""),
    # the rise or fall asked is the one beside the figure's clause, not another clause's
    ("某银行信贷审核的效率提升了多少？", "金融业,某银行信贷审核误判率降低58%,基金公司策略收益提升23%;", False, "降低"),
    ("基金公司策略收益提升了多少？", "金融业,某银行信贷审核误判率降低58%,基金公司策略收益提升23%;", True, ""),
    # an ordinal, and a unit's number (21所), are quantities: another one is another thing
    ("MOSS第二轮迭代版本是什么时候上线的？", "4月20日,第三轮迭代版本MOSS003大模型上线。", False, "第三轮"),
    ("MOSS第三轮迭代版本是什么时候上线的？", "4月20日,第三轮迭代版本MOSS003大模型上线。", True, ""),
    ("张钹认为通用人工智能的第五个要素是什么？", "张钹认为应该升级为四个要素,第四个要素是知识。", False, "第四个"),
    ("张钹认为通用人工智能的第四个要素是什么？", "张钹认为应该升级为四个要素,第四个要素是知识。", True, ""),
    ("人类智能包括的第三类系统是什么？", "人类智能包括两大系统,第一类系统是快的,第二类系统是慢的。", False, "第一类"),
    ("人类智能包括的第二类系统是什么？", "人类智能包括两大系统,第一类系统是快的,第二类系统是慢的。", True, ""),
    ("该实验室属于全国第二批重点实验室吗？", "全国首批20个全国重点实验室之一的该实验室。", False, "第一批"),  # 首批 is 第一批
    ("中国电科38所推出的机器人叫什么？", "分别是中国电科21所推出的电科机器人1号。", False, "21所"),
    # the measure asked, of another thing: the noun before it differs ("研发成本" asked, "推理成本" said)
    ("药物研发成本降低了多少？", "推理成本方面,其API定价较GPT-4o降低约90%。", False, "推理成本"),
    ("教师批改作业的效率提升了多少？", "教育领域,某智慧校园系统使教师备课效率提升40%。", False, "备课效率"),
    ("教师备课的效率提升了多少？", "教育领域,某智慧校园系统使教师备课效率提升40%。", True, ""),
    # a measure jieba cuts from its suffix (误判|率), which the dictionary lacks: another measure than 成本
    ("药物研发成本降低了多少？", "金融业,某银行信贷审核误判率降低58%。", False, "误判率"),
    # an English ordinal and the Chinese one of the same place: the third session is not the second
    ("On what date did the second session of the 16th Shanghai People's Congress end?",
     "在1月26日结束的上海市第十六届人民代表大会第二次会议上,王延峰提交了建议。", True, ""),
    ("On what date did the third session of the 16th Shanghai People's Congress end?",
     "在1月26日结束的上海市第十六届人民代表大会第二次会议上,王延峰提交了建议。", False, "第二次"),
    # last year is not this year
    ("去年CES上中国企业参与数超过多少家？", "从CES的“玩家”来看,中国企业参与数连年上升,今年超过1000家。", False, "今年"),
    ("今年CES上中国企业参与数超过多少家？", "从CES的“玩家”来看,中国企业参与数连年上升,今年超过1000家。", True, ""),
    # opposite localisers after one word: before the user steps in is not after
    ("用户干预前Manus的任务成功率是多少？", "Manus在金融分析中,用户干预后任务成功率提升至83%。", False, "干预后"),
    ("用户干预后Manus的任务成功率是多少？", "Manus在金融分析中,用户干预后任务成功率提升至83%。", True, ""),
    # a place an organisation's name starts with is a place the sentence names (北京 of 北京经济技术开发区)
    ("深圳是什么时候发布机器人行动计划的？", "同年8月,北京经济技术开发区管理委员会发布的《北京经济技术开发区机器人产业高质量发展三年行动计划(2023—2025年)》提出聚焦人形机器人。", False, "北京"),
    # "N大" counts the things after it: 5 major lines are not 6
    ("Open AI在6大部门条线中设立了哪两大条线？", "比如Google Gemini专项里为Human Data单独建立部门,Open AI更是在5大部门条线里将2大条线设立为Preparedness和Go-to-Market。", False, "5大"),
    ("Open AI在5大部门条线中设立了哪两大条线？", "比如Google Gemini专项里为Human Data单独建立部门,Open AI更是在5大部门条线里将2大条线设立为Preparedness和Go-to-Market。", True, ""),
    # a name the question quotes, which neither the sentence nor its neighbours name: about something else
    ("2023年“粤籍”人形机器人有几个？", "2023年,北京、上海等地先后发布了相关政策,共有3项。", False, ""),
    # an English decade is the decade the sentence writes in Chinese
    ("How many robot models had Shanghai built by the 1980s?", "上海上世纪80年代就研制出5个型号的工业机器人。", True, ""),
    ("How many robot models had Shanghai built by the 1990s?", "上海上世纪80年代就研制出5个型号的工业机器人。", False, "80年代"),
    # a file is answered by a path or a file's name, a port by a number, a command by a name in Latin letters
    ("PAM 的配置放在哪个目录下？", "PAM 的配置决定了用户如何登录。", False, ""),
    ("PAM 的配置放在哪个目录下？", "PAM 的配置放在 /etc/pam.d 中。", True, ""),
    ("imaps 使用哪个端口？", "imaps 是加密的 imap 服务。", False, ""),
    ("Which command lists the loaded kernel modules?", "模块加载后可以列出。", False, ""),
    ("Which command lists the loaded kernel modules?", "lsmod 列出已加载的模块。", True, ""),
    # a numeral that counts nothing asked: things named before ("上面三个"), or a word of degree (一些)
    ("MATE 支持多少种语言？", "MATE 比上面三个轻巧，但对一些地区缺少良好的语言支持。", False, ""),
    ("GLM-4 的参数规模有多大？", "智谱AI发布新一代基座大模型GLM-4，性能较一代全面提升。", False, ""),  # generations
    ("MATE 支持多少种语言？", "MATE 比上面三个轻巧，支持 40 种语言。", True, ""),
    # another name of the same family (libpam-ldap for libnss-ldap) is about that one
    ("Debian 用哪个文件作为 libnss-ldap 的配置文件？", "Debian 使用 /etc/pam_ldap.conf 作为 libpam-ldap 的配置文件。",
     False, "libpam-ldap"),
    ("Debian 用哪个文件作为 libnss-ldap 的配置文件？", "Debian 使用 /etc/libnss-ldap.conf 作为 libnss-ldap 的配置文件。",
     True, ""),
])
def test_a_sentence_answers_only_with_a_value_of_the_type_and_every_constraint(question, sentence, ok, found):
    verdict = check(analyse(question), sentence, compact(sentence).lower())
    assert verdict.ok == ok
    assert verdict.found == found


@pytest.mark.parametrize("question, sentence, clause", [
    # several figures, one per clause: the clause the question is about, with the topic before it
    ("2023年neuralink恢复了哪类患者的沟通能力？",
     "2021年闭环神经调控治疗重度抑郁,2023年braingate2恢复了渐冻症患者的沟通能力,2024年neuralink完成无线柔性脑机接口的植入。",
     "2023年braingate2恢复了渐冻症患者的沟通能力"),
    ("某银行信贷审核误判率降低了多少？", "金融业,某银行信贷审核误判率降低58%,基金公司策略收益提升23%;",
     "金融业,某银行信贷审核误判率降低58%"),
    # the clause that names the thing whose figure is asked, though another shares more of the question
    ("深圳“AI公务员”让座席减少了多少？", "政务场景中,深圳“ai公务员”日均处理1.2万个咨询,座席减少60%;", "座席减少60%"),
    # one figure, or none: the sentence is one fact
    ("deepseek-v3的训练成本是多少？", "在训练成本上,deepseek-v3仅为557.6万美元。", ""),
    ("陈小平是哪所大学的教授？", "陈小平是中国科学技术大学教授,机器人实验室主任。", ""),
    # the digits of a name are no figure: one clause gives one
    ("AI芯片的算力提升了几个数量级？", "ai芯片发展到存算一体芯片(如cerebras wse-2),能效比提升5个数量级。", ""),
])
def test_a_sentence_of_several_figures_is_judged_by_the_clause_the_question_is_about(question, sentence, clause):
    assert figure_clause(analyse(question), sentence) == clause


def test_a_figure_beside_a_name_with_digits_is_judged_by_its_measure():
    # WSE-2 gives no figure: the one figure is 能效比's, not the 算力 asked
    question = "AI芯片从CPU发展到存算一体芯片，算力提升了几个数量级？"
    sentence = "ai芯片从指令驱动的cpu,发展到存算一体芯片(如cerebras wse-2),能效比提升5个数量级。"
    verdict = check(analyse(question), sentence, compact(sentence).lower())
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "算力", "能效")


def test_a_word_of_another_clause_does_not_stand_beside_this_clauses_figure():
    # Neuralink is in the sentence, but beside 2024年; what 2023年 did was BrainGate2's.
    question = "2023年neuralink恢复了哪类患者的沟通能力？"
    sentence = ("2021年闭环神经调控治疗重度抑郁,2023年braingate2恢复了渐冻症患者的沟通能力,"
                "2024年neuralink完成无线柔性脑机接口的植入。")
    verdict = check(analyse(question), sentence, compact(sentence).lower())
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "neuralink", "braingate2")
    answered = "2023年braingate2恢复了哪类患者的沟通能力？"
    assert check(analyse(answered), sentence, compact(sentence).lower()).ok


@pytest.mark.parametrize("question, sentence, article, swapped", [
    # another word where the question names one, between the same words: another thing
    ("lomo可将大模型推理内存使用量降低到之前的多少？", "可将大模型训练内存使用量降低到之前的10.8%。",
     "lomo技术。推理能力有限。", ("推理", "训练")),
    ("截至5月底，国外10亿级参数规模以上的大模型已发布多少个？", "截至5月底,国内10亿级参数规模以上的大模型已发布79个。",
     "相比于国外技术实力。", ("国外", "国内")),
    ("北京大学团队开发了什么脑控系统？", "清华大学团队开发全球首套无线脑控自主喝水系统。",
     "北京大学哲学系教授。", ("北京大学", "清华大学")),
    # the other one of a pair ("A和B") is in the same place as a word beside it
    ("梅奥诊所和谷歌在哪个方向上开展研发合作？", "美国最大的梅奥诊所和微软公司在医疗人工智能方向上开展研发合作。",
     "谷歌推出的gemini模型。", ("谷歌", "微软公司")),
    ("梅奥诊所和微软公司在哪个方向上开展研发合作？", "美国最大的梅奥诊所和微软公司在医疗人工智能方向上开展研发合作。",
     "谷歌推出的gemini模型。", None),
    # two verbs with a character in common, where the article uses the asked one elsewhere
    ("日产汽车展示了能读取大脑信号的什么系统？", "日产汽车展示了能解读大脑信号的脑控系统。", "当技术触及思维读取。", None),
    # a word that names the field of the one before it, for another such word
    ("在政务领域，深圳“AI公务员”每天处理多少个咨询？", "政务场景中,深圳“ai公务员”日均处理1.2万个咨询。",
     "教育领域,某系统使效率提升40%。", None),
    # the article never uses the asked word: more often a paraphrase than another thing (unless the sentence
    # repeats a long stretch of the question around the swap: `reframed`)
    ("lomo让推理内存降低到之前的多少？", "可将大模型训练内存使用量降低到之前的10.8%。", "lomo技术。", None),
    # ... unless it and another noun stand right before the same head, and the dictionary tells them apart
    ("在办公场景中，复杂任务成功率比openai方案高多少？", "在生活场景中,复杂任务成功率比openai方案高23%。", "",
     ("办公", "生活")),
    ("复旦大学软件学院的教授是谁？", "复旦大学计算机科学技术学院教授邱锡鹏。", "", ("软件", "科学技术")),
    # the same thing in other words (使用者, 用户), a word apart from the head, a name for a common noun
    ("短期全国活跃使用者数量预计达到多少？", "短期全国活跃用户数量预计达1.5亿。", "", None),
    ("他们将发布脑机介面科研成果吗？", "他们将发布脑机接口技术阶段性的科研成果。", "", None),
    ("陶虎想让ai学习画家作品的风格吗？", "ai大模型对梵高作品的理解。", "陶虎设想", None),
    # the word names what is asked ("哪家公司"), or the sentence refers back to it (其)
    ("哪家中国公司开发的focus头环已进入数千所学校？", "中国强脑科技开发的focus头环已进入数千所学校。", "公司", None),
    ("deepseek的api价格是多少？", "其每百万token的api定价仅为0.27美元。", "deepseek", None),
    # what a count counts is asked about: 上下游企业 are not 机器人企业
    ("徐汇区吸引了多少家机器人企业落户？", "还吸引近200家上下游企业落户。", "徐汇区的人形机器人", ("机器人", "上下游")),
    # another way of writing the same place (国产 and 我国 for 中国) is not another word
    ("方明伦觉得国产机器人最有可能在哪个方向突围？", "方明伦认为,我国机器人最有可能突围的机会在于新兴的服务机器人。",
     "国产机器人", None),
    # the question's "now" is the article's: no sentence need say 现在
    ("有阿里基因的本地大模型现在进展如何？", "但是聚焦于大模型的产品落地,有阿里基因的本地大模型仍然还在开发之中;",
     "现在大家感觉模型没那么好用。", None),
    # a verb that reports a remark: 认为 and 坦言 say the same of it
    ("张鹏认为大家为什么感觉模型没那么好用？", "张鹏坦言,现在大家感觉模型没那么好用。", "张鹏认为", None),
    # the same words: nothing swapped
    ("lomo可将大模型训练内存使用量降低到之前的多少？", "可将大模型训练内存使用量降低到之前的10.8%。", "lomo推理", None),
    # a Chinese name for a Latin one: another company, unless the dictionary spells it so (谷歌 is Google);
    # 在 between a name and its verb is passed over like 的
    ("谷歌近期推出了什么应用商店？", "openai在近期推出了配套的应用商店gpt store。", "谷歌推出的gemini模型。", ("谷歌", "openai")),
    ("谷歌近期推出了什么应用商店？", "google在近期推出了配套的应用商店gemini store。", "谷歌推出的gemini模型。", None),
    # a name in full for its short form (上海交通大学, 上海交大); the time before, said in other words
    ("上海人工智能实验室与上海交大在探索共建怎样的学院？", "上海人工智能实验室与上海交通大学正在探索共建特区型的人工智能学院。",
     "上海交大ipads实验室。", None),
    ("美国过去主要依靠哪些力量推动大模型研发？", "美国传统上依赖于新兴研发机构和巨型科技企业作为其主要推动力量。", "过去一年中。",
     None),
    # one thing in two words the dictionary relates (企业 and 公司, "company"), not two of a kind with one head
    ("美国初创企业OpenBCI推出的头戴设备叫什么？", "美国初创公司OpenBCI推出的Galea头戴设备,可实时监测注意力水平;", "中国企业。", None),
    ("北京大学团队开发了什么脑控系统？", "清华大学团队开发全球首套“无线脑控自主喝水系统”。", "北京大学。", ("北京大学", "清华大学")),
    # two words of two characters, one in common, that the dictionary relates (命令 and 指令, "command")
    ("直接调用 git 子命令的方式从哪一年开始被取消？", "直接调用git子指令的方式,从2006年早期开始就被取消。",
     "指令列。git pull 命令在 git fetch 后执行。", None),
    ("上午的会议讨论了什么？", "下午的会议讨论了预算。", "上午。", ("上午", "下午")),
    # the asked word said in another such word elsewhere in the sentence (启动流程 for 启动过程)
    ("启动过程的第一阶段是什么？", "当一个计算机打开电源,启动管理器是启动流程的第一阶段。",
     "典型的启动过程像是一个四级的火箭。引导加载程序是启动过程的第二阶段。", None),
    # a place or time the question puts after 在 is not in the place of the sentence's kind put after 的
    ("联想在CES上什么东西卖得火？", "联想的AI PC大热,但是有阿里基因的本地大模型仍然还在开发之中;", "CES展会。", None),
    ("联想在CES上什么东西卖得火？", "联想在MWC上的AI PC大热。", "CES展会。", ("ces", "mwc")),
    # a name after the verb that follows 什么 is named, not asked: "用什么代替Bing" (a manual that never names
    # Bing says Google is what is replaced); one just after an asking word is what is asked
    ("Chromium 用什么代替 Bing 作为默认起始页？", "Chromium用内部网站代替Google作为默认起始页。", "Bing 是一个搜索引擎。",
     ("bing", "google")),
    ("Debian Edu 用什么替代 GRUB 来提供网络引导？", "用iPXE替代PXELINUX来提供网络引导以符合LTSP。",
     "Debian Edu 的 GRUB。", ("grub", "pxelinux")),
    ("Chromium 用哪个网站作为默认起始页？", "Chromium用内部网站作为默认起始页。", "内部网站。", None),
    # a Latin name just after the asking word, before a noun, names which one of that kind is asked
    ("标准软件包包含了哪种 Perl 解释器？", "它确实包含了Python解释器和一些服务器软件。", "Perl 脚本。", ("perl", "python")),
    ("标准软件包包含了哪种 Python 解释器？", "它确实包含了Python解释器和一些服务器软件。", "Perl 脚本。", None),
    # a pronoun that opens a clause (它 before an adverb or a verb) refers to the clause's subject, not to
    # the name after the verb
    ("Perl 常被称作 Windows 的什么？", "它常被称作Unix的瑞士军刀。", "Perl 语言与 Windows 系统。", ("windows", "unix")),
    ("Perl 常被称作 Unix 的什么？", "它常被称作Unix的瑞士军刀。", "Perl 语言与 Windows 系统。", None),
    # a word that says how (主要, tagged apart from nouns) does not stand where a noun stands
    ("国内大模型主要产自哪几个省市？", "国内大模型的“出产地”集中在北京、上海、广东和浙江等省市。", "主要的大模型。", None),
])
def test_a_sentence_that_says_another_word_where_the_question_names_one_does_not_answer(
        question, sentence, article, swapped):
    analysis = analyse(question)
    sentence = normalize_query(sentence).lower()
    assert substitution(analysis.form, sentence, sentence, compact(sentence + article).lower()) == swapped
    verdict = check(analysis, sentence, compact(sentence + article).lower())
    assert verdict.ok == (swapped is None)
    if swapped:
        assert (verdict.asked, verdict.found) == swapped


ARTICLES = """## 大模型的成本

据相关数据显示，在训练成本上，DeepSeek-V3仅为557.6万美元，远低于GPT-4的6300万美元。推理成本方面，其每百万Token的API定价仅为0.27美元，较同类模型降低约90%。这种成本优势源于软硬件协同优化。

## 脑机接口的市场

据评估机构测算，2023年，美国脑机接口市场规模为4.9亿美元，预计到2033年将达到约23.7亿美元。

## 脑机接口的分类

根据技术路径的差异，脑机接口被分为三类：

非侵入式：通过头皮贴附电极采集脑电信号，安全性高但信号分辨率低；

半侵入式：将电极植入颅腔但置于大脑皮层外，平衡了安全性与信号质量；

侵入式：直接将微电极阵列植入大脑皮层，可获取高精度神经信号。

近年来，第四类技术崭露头角，通过血管介入手术将柔性电极输送至大脑特定区域。

## 大模型技术体系

陈小平认为，大模型技术体系主要包括三大块：一是预训练；二是后训练；三是激发。

## 访谈

记者：为什么研究力量分散值得注意？

王延峰：大模型市场的“赢者通吃”特性强化了集中力量的必要性。

## 量产

卢瀚宸表示，2025年是人形机器人从样机走向批量化生产的关键期。对于布局人形机器人的城市而言，2025年十分关键。

## 伦理

当技术触及思维读取，伦理争议接踵而至；例如，隐私泄露风险：脑电波可能暴露个人情绪；技术鸿沟加剧：富人通过脑机接口提升智力；身份认知冲击：人机边界或将模糊。

## 智谱AI

作为一家成立于2019年的创业公司，智谱AI由清华大学计算机系知识工程实验室转化而来。不同于比较主流的GPT，智谱AI采用的是全自研的GLM预训练框架。

## 专委会

专委会主任由中国科学院院士乔红担任，副主任包括北京通用人工智能研究院院长朱松纯，北京智源人工智能研究院理事长黄铁军等。

## 安全生产

张鹏坦言，现在大家感觉模型没那么好用，归根到底还是在模型能力有限。比如在安全生产方面，上一代人工智能技术主要是通过布设大量的摄像头来进行图像识别，以此提高安全生产的效率。然而，由于样本数据标注周期长，需要耗费大量人力和物力，这样做其实并不理想。

## 脑计划

科学技术部发布的“中国脑计划”重大专项，总体架构被定为“一体两翼”。“一体”就是“认识脑”，即推进前沿脑科学研究；“两翼”则是“保护脑”“模拟脑”。

## 推理框架

比如上海交大实验室团队推出的开源推理框架PowerInfer，让大模型推理速度加快了11倍。

## 智能的另类性

陈小平认为每一种智能原理都有其先天的局限性，不同的智能不会完全等同。所以，不必焦虑机器智能完全取代人类智能。
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    settings = load_settings(index_dir=tmp_path_factory.mktemp("questions") / "index", embedder="hash")
    write_index(settings.index_dir, [parse_bytes(ARTICLES.encode(), "a.txt")], HashEmbedder(), settings)
    return Assistant(Retriever(load_index(settings.index_dir, "hash"), HashEmbedder(), settings))


def _assistant_over(tmp_path, text: str, *others: str, name: str = "a.txt") -> Assistant:
    """An extractive assistant over an article, `text` (`name`: a.txt, or a.html for a web page), and any
    `others` (b.txt, …), indexed with the hash embedder."""
    settings = load_settings(index_dir=tmp_path / "index", embedder="hash")
    docs = [parse_bytes(text.encode(), name),
            *(parse_bytes(t.encode(), f"{chr(ord('b') + i)}.txt") for i, t in enumerate(others))]
    write_index(settings.index_dir, docs, HashEmbedder(), settings)
    return Assistant(Retriever(load_index(settings.index_dir, "hash"), HashEmbedder(), settings))


# Articles about something else, so that a word of a small article's subject is as rare as in a corpus.
_UNRELATED = [f"# 其他 {i}\n\n第 {i} 台工作站运行桌面环境，学生在课堂上使用它浏览网页和编辑文档。\n" for i in range(8)]


def assert_exact(answer, assistant):
    for c in answer.citations:
        assert assistant.retriever.documents[c.source].raw[c.start : c.end] == c.quote


def assert_answers(assistant, question: str, *facts: str):
    """`question` is answered with every one of `facts`, its quotes exact; the answer."""
    answer = assistant.ask(question)
    assert not answer.refused and all(fact in answer.text for fact in facts), answer.text
    assert_exact(answer, assistant)
    return answer


def assert_refuses_then_answers(assistant, near_miss: str, question: str, fact: str):
    """`near_miss` is refused; `question` is answered with `fact`, its quotes exact."""
    answer = assistant.ask(near_miss)
    assert answer.refused, answer.text
    assert_answers(assistant, question, fact)


@pytest.mark.parametrize("question, fact", [
    ("DeepSeek-V3的训练成本是多少？", "557.6万美元"),
    ("2023年美国脑机接口市场规模是多少？", "4.9亿美元"),
    ("DeepSeek-V3每百万Token的API定价是多少？", "0.27美元"),  # 其 refers back to DeepSeek-V3
])
def test_the_controls_of_the_near_misses_are_answered(assistant, question, fact):
    answer = assistant.ask(question)
    assert not answer.refused and fact in compact(answer.text)
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, found, asked, fact", [
    ("DeepSeek-R1的训练成本是多少？", "DeepSeek-V3", "DeepSeek-R1", "557.6万美元"),  # version
    ("GPT-4o的训练成本是多少？", "GPT-4", "GPT-4o", "6300万美元"),  # version
    ("2024年美国脑机接口市场规模是多少？", "2023年", "2024年", "4.9亿美元"),  # time
    ("2023年欧洲脑机接口市场规模是多少？", "美国", "欧洲", "4.9亿美元"),  # place
])
def test_a_near_miss_is_refused_naming_what_the_articles_do_say(assistant, question, found, asked, fact):
    answer = assistant.ask(question)
    assert answer.refused and answer.related
    lead = answer.text.splitlines()[0]
    assert "没有提到" in lead and f"“{found}”" in lead and f"“{asked}”" in lead
    assert len(answer.citations) == 1 and fact in compact(answer.citations[0].quote)
    assert f"[{answer.citations[0].n}]" in answer.text
    assert_exact(answer, assistant)


def test_a_near_miss_in_traditional_and_english_is_refused_in_its_own_language(assistant):
    traditional = assistant.ask("DeepSeek-R1的訓練成本是多少？")
    assert traditional.refused and "沒有提到" in traditional.text and "「DeepSeek-V3」" in traditional.text
    assert "訓練成本" in traditional.text  # the nearest fact in the question's script
    english = assistant.ask("What was the training cost of DeepSeek-R1?")
    assert english.refused and english.text.startswith("The articles do not say.")


@pytest.mark.parametrize("question, swapped", [
    ("宝马与微软合作推出了什么？", ("微软", "亚马逊")),  # each is named, in another clause
    ("奔驰与亚马逊合作推出了什么大型语言模型？", ("亚马逊", "open ai")),  # a name of two words joined to it
    ("宝马与亚马逊合作推出了什么？", None),  # joined in one clause
    ("目前国内大模型与国外的差距体现在哪些方面？", None),  # not two names
])
def test_two_names_the_question_joins_must_be_joined_in_the_sentence(question, swapped):
    from rag.verdicts import unpaired

    sentence = normalize_query("例如梅赛德斯奔驰与Open AI合作开发车载语音助手,宝马与亚马逊合作推出Alexa大型语言模型,"
                               "美国最大的梅奥诊所和微软公司在医疗人工智能方向上开展研发合作,相比于国外技术实力,"
                               "目前国内大模型还有一定差距。").lower()
    assert unpaired(analyse(question).form, sentence) == swapped


@pytest.mark.parametrize("silent, matched, contradicted_", [
    ("上海浦东机器人核心企业产值已达100多亿元", 0.3, True),  # meets the question only by naming no year
    ("上海浦东机器人核心企业产值已达100多亿元", 0.6, False),  # matches the question better
    ("2021年,两城市机器人产值均已突破80亿元", 0.3, False),  # names the asked year
])
def test_a_sentence_that_names_another_year_and_matches_better_outweighs_one_that_names_none(
        silent, matched, contradicted_):
    from rag.assistant import contradicted
    from rag.citations import Sentence
    from rag.verdicts import Verdict

    analysis = analyse("两城市2021年机器人产值均已突破多少亿元？")
    best = Sentence("a.txt", 0, 1, silent, normalize_query(silent).lower(), matched=matched)
    other = Sentence("a.txt", 2, 3, "", "两城市2022年机器人产值均已突破100亿元", matched=0.5,
                     verdict=Verdict(False, "2021年", "2022年"))
    assert contradicted([best, other], analysis) == contradicted_


@pytest.mark.parametrize("question", ["中国哪些城市设立了脑机接口创新中心？", "中国的哪个城市设立了脑机接口创新中心？",
                                      "Which Chinese cities set up brain-computer interface innovation centres?"])
def test_a_place_that_holds_the_places_asked_for_is_not_contradicted_by_one_of_them(question):
    sentence = normalize_query("北京、上海、杭州等地相继设立脑机接口创新中心。").lower()
    analysis = analyse(question)
    analysis.constraints.append(Constraint("place", "中国"))  # as the glossary gives it for "Chinese"
    assert check(analysis, sentence, sentence + "中国").ok


def test_a_place_an_english_question_names_is_a_constraint_as_in_chinese(assistant):
    answer = assistant.ask("How large was China's brain-computer interface market in 2023?")
    assert answer.refused and "They speak of “美国”, not “中国”" in answer.text
    assert "4.9亿美元" in compact(answer.citations[0].quote)  # the nearest fact, cited
    assert not assistant.ask("How large was the US brain-computer interface market in 2023?").refused
    assert_exact(answer, assistant)


def test_the_name_a_question_is_about_is_read_after_a_time_or_a_figure_before_it():
    from rag.evidence import Evidence

    evidence = Evidence(["过去一年中国内大模型热。", "过去优化一个大模型需要数个A100芯片,一台机器就要100多万元。",
                         "2023年BrainGate2恢复了渐冻症患者的沟通能力。"])
    # 过去 is a time, not the start of a name (that "过去一" of 过去一年 would make the other article's)
    question = "过去一台搭载数个A100芯片的机器要多少钱？"
    assert evidence.head(question, subject_of(question)) == ""
    question = "2023年BrainGate2的成果是什么？"
    assert evidence.head(question, subject_of(question)) == "braingate2"


def test_a_name_an_english_question_gives_must_be_named_by_the_article(tmp_path):
    text = ("## 智谱AI\n\n作为一家成立于2019年的创业公司，智谱AI由清华大学计算机系知识工程实验室转化而来。\n\n"
            "## 周程\n\n周程是北京大学教授，研究科学技术史。\n")
    assistant = _assistant_over(tmp_path, text)
    # Peking University (北京大学) is named in the articles, but not in the one about Zhipu AI
    assert assistant.ask("Which lab at Peking University did Zhipu AI grow out of?").refused
    answer = assistant.ask("Which lab at Tsinghua University did Zhipu AI grow out of?")
    assert not answer.refused and "知识工程实验室" in answer.text
    assert_exact(answer, assistant)


def test_a_name_an_english_question_gives_that_no_passage_writes_is_not_covered(tmp_path):
    text = "## 展会\n\n2019年在亚洲消费电子展上，日产汽车展示了能解读大脑信号的脑控系统。\n"
    assistant = _assistant_over(tmp_path, text)
    # Toyota is 丰田, only ever a name in the dictionary, and no passage writes it: as 丰田 in Chinese
    answer = assistant.ask("What did Toyota show at CES Asia in 2019?")
    assert answer.refused and "脑控系统" in answer.text  # the nearest fact, named
    assert assistant.ask("2019年丰田在亚洲消费电子展上展示了什么？").refused
    assert not assistant.ask("What did Nissan show at CES Asia in 2019?").refused
    # "Congress" is a name in the dictionary (国会) and a common word (议院): no constraint
    assert assistant.evidence.named("Which Congress met?", analyse("Which Congress met?")) == []


def test_an_english_name_and_number_apart_is_a_version_where_the_passages_number_that_name(tmp_path):
    text = "## 设备\n\n索尼 PlayStation 7 将搭载脑电感应手柄，玩家可通过意念控制游戏角色动作。\n"
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("What will PlayStation 6 come with?")
    assert answer.refused and "not “playstation6”" in answer.text and "脑电感应手柄" in answer.text
    assert not assistant.ask("What will PlayStation 7 come with?").refused
    assert_exact(answer, assistant)


def test_a_name_the_articles_define_in_brackets_is_said_by_its_full_form(tmp_path):
    from rag.evidence import defined_names

    assert defined_names(["如果用一个词来概括2023世界人工智能大会（waic2023）的热点。",
                          "美国组建了万亿参数联盟(trillion parameter consortium,简称tpc)。"]) == {
        "waic2023": {"世界人工智能大会"}, "tpc": {"万亿参数联盟"}}
    # at most 24 characters of the name, which runs up to the bracket; none when a word of another script is there
    name = "上海市" + "人工智能产业" * 4 + "创新联盟"
    assert defined_names(["据报道" + name + "(abc)", "大会x(xyz)", "这是一个名字（简称（ab））"]) == {"abc": {name[-24:]}}
    text = ("## 开幕\n\n如果用一个词来概括2023世界人工智能大会（WAIC2023）的热点，那么大模型当之无愧。\n\n"
            "## 机器人\n\n机器人也是今年世界人工智能大会关注的十大前沿风向之一，在展会现场，20余款智能机器人集中亮相。\n")
    assistant = _assistant_over(tmp_path, text)
    # the robots' part never writes WAIC2023, but says 世界人工智能大会, which the article defines as it
    answer = assistant.ask("WAIC2023展会现场有多少款智能机器人集中亮相？")
    assert not answer.refused and "20余款" in answer.text
    assert_exact(answer, assistant)


def test_a_sentence_with_no_value_of_the_type_gives_way_to_one_with_it_nearly_as_close(tmp_path):
    text = ("## 数据\n\n目前,模型训练数据的增长需求已经是模型扩展速度的三倍。据研究预测,高质量语言数据将在2026年耗尽,"
            "而低质量语言和图像数据将在2030至2060年间耗尽。我们通过建立大模型语料数据联盟等机制来挖掘私域数据的价值,保证高质量数据供应。\n")
    assistant = _assistant_over(tmp_path, text)
    # "language data" is 语料 too: the sentence on 语料 matches best, but gives no time
    answer = assistant.ask("When will high-quality language data run out?")
    assert not answer.refused and "2026年" in answer.text
    assert_exact(answer, assistant)


def test_an_english_questions_scale_of_parameters_is_checked_as_a_chinese_ones(tmp_path):
    assistant = _assistant_over(tmp_path, "## 大模型\n\n截至5月底，中国10亿级参数规模以上的大模型已发布79个。\n")
    answer = assistant.ask("How many large models with over 10 billion parameters had China released?")
    assert answer.refused and "“10亿”" in answer.text and "79个" in answer.text  # 10 billion is 100亿
    answer = assistant.ask("How many large models with over 1 billion parameters had China released?")
    assert not answer.refused and "79个" in answer.text
    assert_exact(answer, assistant)


def test_a_list_lead_in_is_answered_with_its_items_across_line_breaks(assistant):
    answer = assistant.ask("脑机接口被分为哪三类？")
    assert not answer.refused
    body = compact(answer.text)
    assert all(item in body for item in ("非侵入式", "半侵入式", "侵入式：直接"))
    assert "第四类" not in body  # three were asked for, three are given
    assert len(answer.citations) == 4  # the lead-in and each item, each cited, one a line
    assert answer.text.splitlines()[0].endswith("三类[1]：") and len(answer.text.splitlines()) == 4
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, parts", [
    ("大模型技术体系主要包括哪三大块？", ("一是预训练", "二是后训练", "三是激发")),  # an enumeration across sentences
    ("脑机接口的伦理争议有哪些？", ("隐私泄露风险", "技术鸿沟加剧", "身份认知冲击")),  # items after a sentence without them
    ("为什么说2025年对布局人形机器人的城市十分关键？", ("批量化生产",)),  # the question said back: the cause is before
])
def test_an_answer_is_completed_with_what_its_best_sentence_lacks(assistant, question, parts):
    answer = assistant.ask(question)
    body = compact(answer.text)
    assert not answer.refused and all(part in body for part in parts), answer.text
    assert_exact(answer, assistant)


def test_a_why_question_answered_by_a_sentence_that_says_it_back_gets_the_sentence_after(tmp_path):
    from rag.completion import says_back

    text = ("# 服务机器人\n\n研究了40多年机器人，这位老教授不无期待地说。突围的机遇或许在于服务机器人。方明伦谈到，随着人形"
            "机器人相继出圈，产业链长、应用更为广泛的服务机器人将是未来竞争的主战场。\n")
    question = "方明伦为什么把服务机器人看作突围的机遇？"
    assert says_back("突围的机遇或许在于服务机器人。", analyse(question))  # 在于 gives no cause here
    assert not says_back("服务机器人将是未来竞争的主战场。", analyse(question))
    answer = _assistant_over(tmp_path, text).ask(question)
    assert not answer.refused and "主战场" in answer.text


def test_a_why_question_gets_the_sentence_after_that_refers_back_and_says_what_is_asked(tmp_path):
    text = ("# 医疗\n\n日前,谷歌声称自主研发的医疗大模型AMIE已经通过图灵测试,性能超过人类医生。但是业内对此争议很高,"
            "认为其测试根本没有考虑到真实环境下医患交互的复杂因素。这些模型最终将能够有效地融入日常医疗实践。\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("业内为什么对AMIE通过图灵测试争议很大？")
    assert not answer.refused and "没有考虑到真实环境" in answer.text, answer.text
    assert_exact(answer, assistant)
    # the question asks nothing the sentence after says (争议 is what it asks about): the first sentence stands alone
    answer = assistant.ask("谷歌为什么说AMIE的性能超过人类医生？")
    assert "争议" not in answer.text, answer.text


def test_a_why_question_gets_the_cause_before_a_consequence(assistant):
    answer = assistant.ask("为什么不必焦虑机器智能完全取代人类智能？")
    assert not answer.refused
    assert "先天的局限性" in compact(answer.text)
    assert_exact(answer, assistant)


def test_a_generated_answer_citing_a_sentence_that_does_not_meet_the_question_falls_back(assistant):
    model = EchoBackend(reply="智谱AI采用的是全自研的GLM预训练框架[1]。")  # cites a sentence without a year
    answer = Assistant(assistant.retriever, backend=model).ask("智谱AI成立于哪一年？")
    assert answer.fallback and "2019年" in answer.text
    fitting = EchoBackend(reply="智谱AI成立于2019年[1]。")
    answer = Assistant(assistant.retriever, backend=fitting).ask("智谱AI成立于哪一年？")
    assert not answer.fallback and "2019年" in answer.text


def test_the_prompt_says_what_kind_of_answer_is_wanted():
    request = Request("DeepSeek-R1的训练成本是多少？", "zh-Hans", [], expected=describe(analyse("DeepSeek-R1的训练成本是多少？")))
    prompt = request.messages()[1]["content"]
    assert "an amount of money" in prompt and "exactly deepseek-r1" in prompt
    assert "3 items" in chat_messages("脑机接口被分为哪三类？", [], "zh-Hans", describe(analyse("脑机接口被分为哪三类？")))[1]["content"]


def test_a_question_the_article_asks_is_answered_by_the_sentence_after_it(assistant):
    answer = assistant.ask("王延峰为什么认为研究力量分散值得注意？")
    assert not answer.refused and "赢者通吃" in answer.text
    assert "?" not in answer.text and "？" not in answer.text


def test_the_sentence_after_a_question_of_the_article_is_not_lifted_when_it_asks_another(tmp_path):
    text = ("# 专访\n\n今年以来，国内“百模大战”趋于白热化，那么下一步是重技术还是重应用？自主研发大模型，对于上海科创"
            "中心建设有着怎样的意义？记者采访了邱锡鹏。\n\n那么，走出实验室阶段的大模型，未来发展应该更重技术还是更偏"
            "应用？在邱锡鹏看来，技术与应用两手都要抓。\n")
    answer = _assistant_over(tmp_path, text).ask("邱锡鹏觉得大模型以后该重技术还是重应用？")
    assert not answer.refused and "两手都要抓" in answer.text


def test_a_heading_is_answered_with_the_short_first_sentences_of_its_paragraphs(tmp_path):
    text = ("### DeepSeek火出圈的核心优势\n\n人类智能包括两大系统，第一类系统是快速直观的方法，第二类系统是慢速理性的分析模式。\n\n"
            "更高智能，从直觉到推理的跨越。DeepSeek在多个基准测试中表现优异。\n\n更低成本，性价比的革命性突破。训练成本仅为557.6万美元。\n\n"
            "更开放生态，技术平权的推动者。DeepSeek通过开源技术报告和模型降低行业准入门槛。\n\n### 突破算力瓶颈的关键路径\n\n从稠密到稀疏的范式转变。\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("DeepSeek火出圈的核心优势是哪三个？")
    lines = answer.text.splitlines()
    assert [line[:4] for line in lines[1:]] == ["更高智能", "更低成本", "更开放生"], answer.text
    assert not lines[0].startswith("#") and "两大系统" not in answer.text
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, sentence, shaped", [
    ("有哪些创新产品？", "创新产品如rabbit r1、雷鸟眼镜和rt2机器人等纷纷亮相。", True),  # items in a row
    ("有哪些创新产品？", "已经有以大模型为核心的创新产品亮相。", False),
    ("脑机接口被分为哪三类？", "根据技术路径的差异,脑机接口被分为三类:", True),  # a lead-in
    ("有哪些应用？", "文化领域,复购率提升27%;教育领域,效率提升40%;娱乐领域,互动率提升22%。", True),
    ("为什么要集中力量？", "应集中力量办大事。", True),  # its cause may be beside it: not checked here
    ("deepseek的训练成本是多少？", "训练成本很低。", True),  # a number has no shape to check here
    # who, which organisation, where: the sentence names one, other than the question's own
    ("Who chairs the expert committee?", "专委会主任由中国科学院院士乔红担任。", True),
    ("Who chairs the expert committee?", "专家委员会将聚焦于提升人形机器人产业发展的共性和关键核心技术。", False),
    ("陶虎是谁？", "陶虎告诉记者,大脑就像一台超级计算机。", False),
    ("哪家公司推出了擎天柱？", "特斯拉推出了人形机器人擎天柱。", True),  # jieba tags the firm as a person
    ("哪家公司推出了GPT Store？", "OpenAI在近期推出了GPT Store。", True),
    ("陶虎创立了哪家公司？", "由陶虎创立的脑虎科技已搭建了一个团队。", True),
    ("哪家公司推出了擎天柱？", "它已推出了擎天柱。", False),
    ("MOSS是在哪里发布的？", "邱锡鹏在上海发布了MOSS。", True),
    ("MOSS是在哪里发布的？", "邱锡鹏发布了MOSS。", False),
    # a name: in quotes or title marks, in Latin letters, or a proper noun, other than the question's own
    ("陈小平把两者原理不同的情形称为什么？", "我将这种相同称为“原理模拟”,而将不同称为“功能模仿”。", True),
    ("陈小平把两者原理不同的情形称为什么？", "机器智能的工作原理可以与人类智能的工作原理相同,也可以不同。", False),
    ("What is Tesla's humanoid robot called?", "2022年,特斯拉正式发布人形机器人“擎天柱”。", True),
    ("复旦大学的对话模型叫什么？", "复旦大学发布了moss。", True),
    ("MOSS的全称叫什么？", "moss已经上线了。", False),
])
def test_the_shape_of_an_answer(question, sentence, shaped):
    assert analyse(question).shaped(sentence) == shaped


_CES = "今年CES比较大的惊喜是AI产品深入到智能化生活场景中。"
# Passages on other things, so that the words of the subject are rare, as in the articles.
_OTHER = "".join(f"\n## 其他{i}\n\n第{i}号展台展出了新的手机和电脑，吸引了很多观众前来参观体验。\n" for i in range(40))


@pytest.mark.parametrize("question, text, named", [
    # the sentence that only names what is asked about loses to the one that lists it
    ("CES上亮相了哪些以大模型为核心的创新产品？",
     f"## CES\n\n在CES上已经亮相了以大模型为核心的创新产品，它们成为展会的焦点。\n\n{_CES}"
     "创新产品如Rabbit R1新型终端、雷鸟眼镜、WeHead助手和RT2机器人等纷纷亮相。\n", ("Rabbit R1", "雷鸟", "WeHead", "RT2")),
    # the items are clauses that semicolons part, after the sentence that names what they are
    ("大模型在消费场景中渗透到了哪些领域？",
     f"## 应用\n\n{_CES}\n\n消费场景,重塑生活与生产力工具。在旅游领域,某景区接入大模型后复购率提升27%;"
     "学校领域,某校园系统使备课效率提升40%;游戏领域,互动率提升22%。政务场景,驱动服务转型。\n",
     ("旅游领域", "学校领域", "游戏领域")),
    # the best sentence is one "X:" item of a run: the run is the answer, the items before it too
    ("脑机接口会引发哪些伦理争议？",
     f"## 伦理\n\n{_CES}\n\n当技术触及思维读取,伦理问题接踵而至;例如,隐私泄露风险:脑电波可能暴露个人情绪;"
     "技术鸿沟加剧:富人通过脑机接口提升智力,或引发社会公平危机;身份认知冲击:人机边界或将彻底模糊。\n\n政务场景,驱动服务转型。\n",
     ("隐私泄露风险", "技术鸿沟加剧", "身份认知冲击")),
    # the sentence names the kind of items asked for and lists them: the question's verb may be its own
    ("人形机器人的发展要依靠哪些产业基础？",
     f"## 基础\n\n{_CES}\n\n人形机器人的发展离不开强大的机器人产业基础,包括产业链完备度、人才、产学研配套等。\n\n"
     "人形机器人的发展很快。政务场景,驱动服务转型。\n" + _OTHER, ("产业链完备度", "人才", "产学研配套")),
    # the kind asked for in words of the question's own: 四大巨头 for the sentence's 四巨头
    ("国际上机器人的四大巨头是哪几家？",
     f"## 巨头\n\n{_CES}\n\n国际机器人四巨头日本发那科、安川电机、瑞士ABB和德国库卡依然占据着主要市场。\n\n"
     "国际上的机器人很多。政务场景,驱动服务转型。\n" + _OTHER, ("发那科", "安川电机", "ABB", "库卡")),
    # the items stand alone before the sentence that says what they are
    ("哪些大模型将在大会上同台竞技？",
     f"## 大会\n\n{_CES}\n\n百度文心、阿里通义、华为盘古、复旦MOSS……\n\n国内外30余款大模型将在大会上同台竞技。政务场景,驱动服务转型。\n",
     ("百度文心", "阿里通义", "华为盘古", "复旦MOSS")),
])
def test_a_list_question_is_answered_by_the_sentence_that_lists(tmp_path, question, text, named):
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask(question)
    assert not answer.refused and all(w in answer.text for w in named), answer.text
    assert "政务场景" not in answer.text  # a run of items ends with the sentence that ends it
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, text, named", [
    # "…是提升算力效率的重要手段。" only calls it a means: the means is the sentence after it
    ("从软件上讲，怎样提高算力的使用效率？",
     f"## 算力\n\n{_CES}\n\n其次从软件层面,优化模型的训练和推理的计算也是提升算力效率的重要手段。"
     "通过更高效的编程语言、计算框架、算法优化等方式,可以在现有硬件上实现更高的运算效率。\n" + _OTHER, ("编程语言", "算法优化")),
    # the sentence says what the question asks about in words of its own: 受限 for 受到限制
    ("先进制程为什么会受到限制？",
     f"## 芯片\n\n{_CES}\n\n然而,摩尔定律放缓和美国禁令导致先进制程受限,芯片制造公司推动晶圆级芯片和先进封装技术。\n"
     "先进制程的工艺很复杂。\n" + _OTHER, ("摩尔定律放缓",)),
])
def test_a_why_or_how_question_is_answered_with_its_reason_or_means(tmp_path, question, text, named):
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask(question)
    assert not answer.refused and all(w in answer.text for w in named), answer.text
    assert_exact(answer, assistant)


def test_the_web_chat_shows_the_nearest_fact_of_a_refusal_as_a_linked_source(assistant):
    from rag.rendering import render_answer

    answer = assistant.ask("DeepSeek-R1的训练成本是多少？")
    page = render_answer(answer, "DeepSeek-R1的训练成本是多少？", assistant.retriever, turn=3, show_query=False)
    assert "文中最接近的内容" in page and 'href="#rag-src-3-1"' in page and 'id="rag-src-3-1"' in page
    assert "557.6万美元" in html.unescape(page) and "相关段落" in page


@pytest.mark.parametrize("question, sentence, values", [
    ("How much did the training of DeepSeek-V3 cost?", "在训练成本上,deepseek-v3仅为557.6 万美元,远低于gpt-4的6300万美元。",
     ["557.6万美元", "6300万美元"]),
    ("How much funding had Zhipu AI raised by 2023?", "智谱ai在2023年已累计获得超25亿元融资。", ["25亿元"]),  # not 2023
    ("When did Zhipu AI release GLM-4?", "1月16日,智谱ai发布新一代基座大模型glm-4。", ["1月16日"]),
    ("Who leads the MOSS system at Fudan?", "邱锡鹏团队发布moss。", []),  # a name: no value to lift
])
def test_the_values_of_the_asked_type_a_sentence_gives(question, sentence, values):
    assert analyse(question).values(normalize_query(sentence).lower()) == values


@pytest.mark.parametrize("question, words, sentence, value", [
    # the clause that holds what is asked, not the first figure of the sentence
    ("What is the compound annual growth rate of the US BCI market?", {"复合年增长率": 3.0, "美国": 1.0, "市场": 1.0},
     "2023年,美国脑机接口市场规模为4.9亿美元,2024-2033年的复合年增长率为17.68%。", "17.68%"),
    # a clause's topic is in the value-less clause before it
    ("How many humanoid robots from Shanghai firms were there?", {"沪籍": 3.0, "人形机器人": 1.0},
     "其中“沪籍”人形机器人数量最多,共有7个,分别是中国电科21所推出的电科机器人1号。", "7个"),
    # a bare time opens the clauses after it
    ("When did Tesla release Optimus?", {"特斯拉": 3.0, "发布": 1.0},
     "2022年,特斯拉正式发布人形机器人“擎天柱”,2024年,小米发布了新款。", "2022年"),
    # the figure of the asked fall, not the prices before it
    ("By how much is DeepSeek's API price lower than GPT-4o's?", {"api": 1.0, "定价": 1.0, "gpt-4o": 2.0, "降低": 1.5},
     "其每百万token的api定价仅为0.27美元(输入),较gpt-4o的2.5美元(输入)和10美元(输出)降低约90%。", "90%"),
    # the years of a title are not the time of what the sentence says
    ("When did Shenzhen issue its AI action plan?", {"深圳": 3.0, "行动方案": 2.0},
     "2023年5月,深圳市有关部门印发的《深圳市加快推动人工智能高质量发展高水平应用行动方案(2023—2024年)》提出,加快组建创新中心。", "2023年5月"),
    ("When will low-quality language and image data run out?", {"低质量": 3.0, "图像": 2.0, "数据": 1.0, "耗尽": 1.0},
     "高质量语言数据将在2026年耗尽,而低质量语言和图像数据将在2030至2060年间耗尽。", "2030"),
])
def test_the_value_that_answers_is_the_one_of_the_clause_the_question_is_about(question, words, sentence, value):
    assert analyse(question).value(normalize_query(sentence).lower(), words) == value


def test_an_english_question_is_answered_with_an_english_lead_naming_the_amount(assistant):
    answer = assistant.ask("How much did the training of DeepSeek-V3 cost?")
    assert not answer.refused and answer.text.startswith("The articles give 557.6万美元"), answer.text
    assert answer.citations and not answer.unsupported
    assert_exact(answer, assistant)


def test_a_passage_cut_before_a_sentence_that_refers_back_is_judged_with_the_sentence_before_it(assistant):
    from rag.citations import Sentencer
    from rag.retriever import Hit

    raw = assistant.retriever.documents["a.txt"].raw
    start = raw.index("推理成本方面")  # a chunk boundary here leaves "其" without DeepSeek-V3 in the passage
    end = raw.index("这种成本优势")
    hit = Hit(raw[start:end], "a.txt", "大模型的成本", start, end, 1.0)
    (passage,) = Sentencer(assistant.retriever.documents).passages([hit])
    assert "deepseek-v3" in passage.before.lower() and passage.after.startswith("这种成本优势")
    question = "DeepSeek-V3每百万Token的API定价是多少？"
    (best, *_) = assistant.evidence.score(question, [passage], subject_of(question))
    assert "0.27" in best.search and best.verdict.ok  # its version is named just before the cut
    passage.before = ""
    (best, *_) = assistant.evidence.score(question, [passage], subject_of(question))
    assert best.verdict.ok  # the article's opening names it too: the whole article is about it
    passage.article = passage.article.split("。", 1)[1]
    (best, *_) = assistant.evidence.score(question, [passage], subject_of(question))
    assert not best.verdict.ok  # named nowhere near: the sentence is about models in general


def test_a_refusal_names_what_another_person_said_of_the_asked_thing(assistant):
    answer = assistant.ask("张鹏认为哪一年是人形机器人从样机走向批量化生产的关键期？")  # 卢瀚宸 said it
    assert answer.refused and answer.citations and "卢瀚宸" in answer.text and "2025" in answer.text
    assert_exact(answer, assistant)


def test_a_passage_that_ends_with_an_interviewers_question_takes_in_the_answer(assistant):
    from rag.citations import Sentencer
    from rag.retriever import Hit

    raw = assistant.retriever.documents["a.txt"].raw
    start, end = raw.index("记者：为什么"), raw.index("王延峰：大模型")  # the chunker cut after the question
    hit = Hit(raw[start:end], "a.txt", "访谈", start, end, 1.0)
    (passage,) = Sentencer(assistant.retriever.documents).passages([hit])
    assert [s.quote[:3] for s in passage.sentences] == ["记者：", "王延峰"]
    assert passage.hit.text == raw[passage.hit.start : passage.hit.end] and passage.after == ""  # the article ends
    question = "王延峰为什么认为研究力量分散值得注意？"
    (best, *_) = assistant.evidence.score(question, [passage], subject_of(question))
    assert "赢者通吃" in best.search and best.verdict.ok


def test_a_sentence_cut_at_a_passage_edge_is_made_whole(assistant):
    from rag.citations import Sentencer
    from rag.retriever import Hit

    raw = assistant.retriever.documents["a.txt"].raw
    start = raw.index("专委会主任")
    end = raw.index("北京智源")  # the chunker cut the long sentence at a comma
    hit = Hit(raw[start:end], "a.txt", "专委会", start, end, 1.0)
    (passage,) = Sentencer(assistant.retriever.documents).passages([hit])
    last = passage.sentences[-1]
    assert last.quote.endswith("黄铁军等。") and raw[last.start : last.end] == last.quote
    assert passage.hit.end == last.end and passage.hit.text == raw[passage.hit.start : passage.hit.end]
    answer = assistant.ask("专委会的副主任包括哪些人？")
    assert "朱松纯" in answer.text and "黄铁军" in answer.text
    assert_exact(answer, assistant)


def test_a_why_question_gets_the_cause_set_against_the_sentence_before(assistant):
    answer = assistant.ask("上一代人工智能做安全生产为什么效率不高？")
    assert not answer.refused and "摄像头" in answer.text and "标注周期长" in answer.text
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, kind", [
    ("2021年闭环神经调控治疗了什么疾病？", "疾病"),
    ("优质企业重点分布在哪些地区？", "地区"),
    ("小米等哪几家公司发布了人形机器人？", ""),  # the kind does not end the question
    ("徐汇区独揽了哪几家公司？", "公司"),
    ("智谱AI的CEO是谁？", ""),
    ("安全更新是通过哪个网站提供的？", "网站"),  # a file, site or command before the verb too
    # the nouns before the verb that ends the question with 的, not of a place, a body or a person
    ("mercurial 主要是用什么语言写的？", "语言"),
    ("bzr 是受哪个工具启发的？", "工具"),
    ("智谱AI是在哪个城市成立的？", ""),
    ("这份报告是哪所大学发布的？", ""),
    # a measure word that begins a longer word is none: 部 of 部分 ("分构成" is no kind)
    ("脑机接口主要由哪几部分构成？", ""),
    ("目前的差距体现在哪些方面？", "方面"),
])
def test_the_kind_of_thing_a_question_asks_for(question, kind):
    assert asked_kind(analyse(question).form) == kind


@pytest.mark.parametrize("question, term", [
    ("“中国脑计划”的“两翼”是什么？", "两翼"),
    ("什么是LC假说？", "lc假说"),
    ("脑机接口技术的本质是什么？", "本质"),
    ("智谱AI的CEO是谁？", ""),
    ("DeepSeek火出圈的核心优势是哪三个？", ""),
])
def test_the_term_a_question_asks_to_be_told_about(question, term):
    assert defined_term(analyse(question).form) == term


def test_a_sentence_that_only_names_the_asked_term_is_completed_by_the_one_that_says_what_it_is(assistant):
    answer = assistant.ask("“中国脑计划”的“两翼”是什么？")
    assert not answer.refused and "保护脑" in answer.text and "模拟脑" in answer.text
    assert_exact(answer, assistant)
    assert analyse("“两翼”是什么？").defines("“两翼”则是“保护脑”“模拟脑”。")
    assert not analyse("“两翼”是什么？").defines("总体架构被定为“一体两翼”。")


def test_a_question_word_cut_with_its_unit_is_not_taken_for_what_is_asked(assistant):
    from rag.evidence import asks

    assert asks("多少倍") and asks("几亿") and asks("多少") and not asks("几乎") and not asks("倍数")
    answer = assistant.ask("PowerInfer让大模型推理速度加快了多少倍？")  # jieba cuts 多少倍 as one word
    assert not answer.refused and "11倍" in answer.text


def test_a_word_that_asks_for_a_total_is_not_taken_for_what_is_asked(tmp_path):
    from rag.evidence import asks

    assert asks("一共") and asks("总共") and not asks("共同")
    text = ("# 人形机器人\n\n“沪籍”人形机器人数量最多，共有7个。“深籍”人形机器人的数量有3个，排名第二，"
            "分别是优必选推出的Walker X系列、小鹏汽车推出的PX5，以及乐聚机器人推出的人形机器人夸父。\n")
    answer = _assistant_over(tmp_path, text).ask("“深籍”人形机器人一共有几个？")
    assert not answer.refused and "3个" in answer.text


def test_a_year_is_cut_apart_from_the_word_after_it():
    from rag.evidence import words_of

    assert "年会" not in words_of("国内大模型市场在2024年会怎样？")  # an annual meeting, as jieba alone cuts it
    assert "2024" in words_of("国内大模型市场在2024年会怎样？")


def test_a_word_swapped_between_the_same_two_words_counts_even_when_a_neighbour_names_it():
    question = analyse("PowerInfer让大模型训练速度加快了多少倍？")
    sentence = normalize_query("推出的开源推理框架PowerInfer,让大模型推理速度加快了11倍。").lower()
    window = "优化模型的训练和推理的计算也是提升算力效率的重要手段。" + sentence  # 训练 is in the sentence before
    assert substitution(question.form, sentence, window, compact(window).lower()) == ("训练", "推理")
    # one neighbour alone is not enough for a word the neighbours name, and a word the sentence names is named
    assert substitution(analyse("让大模型训练加快了多少倍？").form, sentence, window, compact(window).lower()) is None
    assert substitution(question.form, sentence + "训练速度也加快了。", window, compact(window).lower()) is None


def test_a_swap_inside_a_long_repeated_stretch_counts_though_a_neighbouring_sentence_names_the_asked_word():
    question = analyse("中电信文宣科技接入DeepSeek后，学生复购率提升了多少？")
    sentence = normalize_query("在文化领域,中电信文宣科技接入DeepSeek后,游客复购率提升27%。").lower()
    window = sentence + "教育领域,高风险学生干预成功率提升65%。"
    verdict = check(question, sentence, compact(window).lower(), window)
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "学生", "游客")


def test_a_latin_name_swapped_for_another_counts_though_the_article_never_names_the_asked_one():
    question = analyse("马斯克在哪一年创立了OpenAI？")  # 了 between the verb and the name is passed over
    sentence = normalize_query("自2016年马斯克创立Neuralink以来,美国脑机接口领域融资额逐年攀升。").lower()
    assert substitution(question.form, sentence, sentence, sentence) == ("openai", "neuralink")
    assert not check(question, sentence, sentence).ok
    assert substitution(analyse("马斯克在哪一年创立了Neuralink？").form, sentence, sentence, sentence) is None


def test_a_name_in_the_asked_names_place_is_another_thing_even_when_a_neighbour_names_the_asked_one():
    question = analyse("2024年Neuralink的植入电极数达到多少个？")
    sentence = normalize_query("2024年Precision的植入电极数达4096个。").lower()
    window = "2024年neuralink完成无线柔性脑机接口的植入。" + sentence
    assert substitution(question.form, sentence, window, compact(window).lower()) == ("neuralink", "precision")


@pytest.mark.parametrize("question, sentence, swapped", [
    # the sentence repeats a stretch of the question with one word swapped: another thing
    ("这套系统能在一台专业级显卡的机器上运行多大的模型？", "这套系统能在一台消费级显卡的机器上运行650亿参数的模型。",
     ("专业", "消费")),
    ("《某市机器人产业发展五年行动计划》提出了什么目标？", "《某市机器人产业发展三年行动计划》提出打造创新高地。",
     ("五年", "三年")),
    ("可将大模型推理内存使用量降低到之前的多少？", "可将大模型训练内存使用量降低到之前的10.8%。", ("推理", "训练")),
    # one character swapped is named with its word; a 的 or a space beside the swap is passed over
    ("娱乐领域，长视频平台日均产出创意内容超过多少条？", "娱乐领域,短视频平台日均产出创意内容超10万条,互动率提升22%;",
     ("长视频", "短视频")),
    ("金融分析中，用户干预前的任务成功率是多少？", "金融分析中,用户干预后任务成功率提升至83%;", ("干预前", "干预后")),
    ("在生活场景中，3步以下的简单任务成功率比OpenAI方案高多少？", "在生活场景中, 5步以上复杂任务成功率比OpenAI方案高23%;",
     ("3步", "5步")),
    # a particle jieba joins to the swapped character is passed over, and not named
    ("邱锡鹏团队发布的高内存优化技术叫什么？", "邱锡鹏带领团队发布了低内存优化技术(lomo)。", ("高内存", "低内存")),
    # a word of negation put in, or left out
    ("浙江大学完成了国内第一例非侵入式脑机接口临床研究的受试者是谁？",
     "浙江大学完成国内第一例侵入式脑机接口临床研究,一位受试者控制机械臂。", ("非侵入式", "侵入式")),
    ("哪所大学完成了国内第一例侵入式脑机接口临床研究？", "浙江大学完成国内第一例非侵入式脑机接口临床研究。",
     ("侵入式", "非侵入式")),
    # ... but not one that a negation earlier in the other side's clause says already (不希望…被启动)
    ("如何让某个服务在开机时不被启动？", "如果您不希望某个特定的服务在开机时被启动,您不必卸载对应的软件包。", None),
    ("如何让某个服务在开机时不被启动？", "如果您希望某个特定的服务在开机时被启动,您不必卸载对应的软件包。",
     ("不被启动", "被启动")),
    ("如果不希望服务在开机时被启动，该怎么做？", "要让某个服务在开机时不被启动,可以运行以下命令。", None),
    # a digit of a number put in, or left out
    ("机器人是今年大会关注的十五大前沿风向之一吗？", "机器人也是今年大会关注的十大前沿风向之一。", ("十五大", "十大")),
    ("机器人是今年大会关注的十大前沿风向之一吗？", "机器人也是今年大会关注的十五大前沿风向之一。", ("十大", "十五大")),
    ("大会把哪两项设为重点探讨的二十大前沿方向？", "大会将类脑智能以及脑机接口设为重点探讨的十大前沿方向之一。", ("二十大", "十大")),
    ("大会把哪两项设为重点探讨的十大前沿方向？", "大会将类脑智能以及脑机接口设为重点探讨的二十大前沿方向之一。", ("十大", "二十大")),
    # one number written two ways, a regional word and the mainland's, words the dictionary relates
    ("截至五月底共发布了多少个大模型？", "截至5月底共发布了80个大模型。", None),
    ("某公司的日均接口呼叫量突破了多少？", "某公司的日均接口调用量突破了10亿次。", None),
    ("该团队的柔性脑机界面技术基于什么材料？", "该团队的柔性脑机接口技术基于蚕丝蛋白。", None),
    # the asked word in the sentence, an asking word in the gap, a stretch too short to tell the places by
    ("这套系统能在一台专业级显卡的机器上运行多大的模型？", "专业人士说,这套系统能在一台消费级显卡的机器上运行。", None),
    ("这套系统能在哪种显卡的机器上运行？", "这套系统能在消费级显卡的机器上运行。", None),
    ("专业显卡能运行吗？", "消费显卡能运行。", None),
    # the question's first character, before a run of three or more the sentence has another one before;
    # not a first word of two characters (按照, 研究)
    ("半侵入式脑机接口通过头皮贴附什么设备？", "非侵入式:通过头皮贴附电极(如eeg设备)采集脑电信号。", ("半侵入式", "非侵入式")),
    ("按照预测，优质的文字训练素材哪一年会被用光？", "据研究预测,高质量语言数据将在2026年耗尽。", None),
    # ... or one of its first two or three characters, not two of them
    ("近五年，北京机器人产业收入年平均增速超过多少？", "官方数据显示,近三年,北京机器人产业收入年平均增速超过20%。",
     ("五年", "近三年")),
    ("过去五年，北京机器人产业收入年平均增速超过多少？", "官方数据显示,近三年,北京机器人产业收入年平均增速超过20%。", None),
    # ... or all of them, when they are words of one kind (稀疏 and 稠密), not a time and a verb (现在, 相比)
    ("稀疏模型在多大参数规模后会出现性能饱和？", "面对稠密模型在72B参数规模后性能饱和的问题。", ("稀疏", "稠密")),
    ("现在国内大模型在哪些方面还有差距？", "相比国内大模型,国外模型在语料清洗等方面还有差距。", None),
    # the question's last word after a long stretch the sentence repeats, and the word the sentence goes on
    # with; not an asking word, nor a word the sentence has
    ("志愿者通过脑机接口用意念控制了一条什么样的机械腿？", "志愿者通过脑机接口成功地利用意念控制了一台机械手臂,并与总统握手。",
     ("机械腿", "机械手臂")),
    ("志愿者通过脑机接口用意念控制了什么？", "志愿者通过脑机接口成功地利用意念控制了一台机械手臂。", None),
    ("该系统主要用于辅助中风患者进行手部的康复治疗吗？", "该系统主要用于辅助中风患者进行手部的康复训练。", None),
    # a word of opposite sense at an edge of the words between two runs, or after the last
    ("在政策发布时间点上，哪座城市落后一步？", "在政策发布时间点上,深圳抢先一步。", ("落后", "抢先")),
    # two opposites that end in the same character, which the stretch after them then holds
    ("王延峰对算力未来的发展持悲观态度的原因是什么？", "王延峰:因此,我对算力未来的发展持谨慎乐观态度。", ("悲观", "乐观")),
    ("王延峰对算力未来的发展持乐观态度的原因是什么？", "王延峰:因此,我对算力未来的发展持谨慎乐观态度。", None),
    ("相比2月出生时，如今的MOSS系统性能下降在哪些方向？", "相比2月出生时,如今的MOSS系统性能提升不少,主要表现在逻辑能力等方向。",
     ("下降", "提升")),
    ("相比2月出生时，如今的MOSS系统性能提升在哪些方向？", "相比2月出生时,如今的MOSS系统性能提升不少,主要表现在逻辑能力等方向。",
     None),
    # a character of a longer word may be a synonym's: 创办 and 创立
    ("马斯克创办neuralink是在哪一年？", "自2016年马斯克创立neuralink以来,融资额逐年攀升。", None),
    # ... or the words that hold them are told apart (刚性 "rigid", 柔性 "flexible"); a word of grammar before
    # the swap (把, 将) is passed over
    ("介入式脑机接口通过什么手术把刚性电极送到大脑？", "介入式脑机接口通过血管介入手术将柔性电极输送至大脑特定区域。",
     ("刚性", "柔性")),
    # two words one character apart that the dictionary does not relate (it lacks both): 腿部 and 手部
    ("这套系统主要用于辅助哪类患者进行腿部康复训练？", "这套系统主要用于辅助中风患者进行手部的康复训练。", ("腿部", "手部")),
    ("这套系统创办于哪一年？", "这套系统创立于2016年。", None),  # 创办 and 创立: "to found"
    # the word that ends a clause of the question after a long stretch, against the sentence's next word
    ("他提到，波士顿动力的机器人能翻跟斗、游泳，说明了什么？", "他表示，波士顿动力的机器人能翻跟斗、跑步，可以看出功底扎实。",
     ("游泳", "跑步")),
    ("他提到，波士顿动力的机器人能翻跟斗、跑步，说明了什么？", "他表示，波士顿动力的机器人能翻跟斗、跑步，可以看出功底扎实。", None),
    # a compound the dictionary lacks is told apart by the word it ends with (邮箱地址: 地址, not 密码)
    ("学生可以使用什么来更改自己的邮箱地址？", "学生可以使用自己的用户名登录GOsa²来更改自己的密码。", ("邮箱地址", "密码")),
    ("学生可以使用什么来更改自己的登录密码？", "学生可以使用自己的用户名登录GOsa²来更改自己的密码。", None),
    # two characters of opposite sense, whatever jieba cuts them into (上 alone is grammar, 大批量生产 one
    # word) and though the dictionary relates the words ("high speed", "low speed")
    ("自2023年上半年以来，人形机器人赛道热度如何？", "自2023年下半年以来,人形机器人赛道热度持续升温。", ("上半年", "下半年")),
    # a character of each side is frame enough for two opposites
    ("国内外有多少款小模型将同台竞技？", "国内外30余款大模型将同台竞技。", ("小模型", "大模型")),
    ("国内外有多少款大模型将同台竞技？", "国内外30余款大模型将同台竞技。", None),
    ("该方案以人形机器人大批量生产和应用为目标吗？", "该方案明确提出以人形机器人小批量生产和应用为目标。",
     ("大批量生产", "小批量生产")),
    ("芯粒技术将计算芯粒与什么芯粒低速互连？", "芯粒技术将计算芯粒与存储芯粒高速互连,提升带宽。", ("低速", "高速")),
    # words after a pointing one name what was named before ("这一行" of the robot industry): no swap
    ("北京机器人这一行的收入每年涨多少？", "北京机器人产业收入年平均增速超过20%。", None),
    # two pronouns may name the same people: no swap
    ("有哪些渠道可以交互式地向别人提问？", "你可以交互式地向他们提问:邮件列表和IRC。", None),
    # after 为 or 成 the value a thing is given, whatever jieba tags it (必需 a verb, 自动 a verbal noun)
    ("哪个命令把软件包标记为必需？", "apt-mark 把软件包标记为自动,不需要时就被自动移除。", ("必需", "自动")),
    ("哪个命令把软件包标记为自动？", "apt-mark 把软件包标记为自动,不需要时就被自动移除。", None),
])
def test_a_sentence_that_repeats_the_question_with_one_word_swapped_does_not_answer(question, sentence, swapped):
    analysis = analyse(question)
    sentence = normalize_query(sentence).lower()
    assert reframed(analysis.form, sentence) == swapped
    if swapped:
        verdict = check(analysis, sentence, sentence)
        assert not verdict.ok and (verdict.asked, verdict.found) == swapped


@pytest.mark.parametrize("question, sentence, swapped", [
    # another name does what the question's does, a time before it in one and after it in the other
    ("小米在2022年发布了什么人形机器人？", "2022年,特斯拉正式发布人形机器人“擎天柱”。", ("小米", "特斯拉")),
    ("特斯拉在2022年发布了什么人形机器人？", "2022年,特斯拉正式发布人形机器人“擎天柱”。", None),
    # the asked name among the doers; a common noun is no name; a name that is not the doer of the verb
    ("小米发布了什么人形机器人？", "在2023年,小米、科大讯飞、追觅等国内公司相继发布十余款人形机器人产品。", None),
    ("企业在2022年发布了什么人形机器人？", "2022年,特斯拉正式发布人形机器人“擎天柱”。", None),
    ("小米集团推出的人形机器人叫什么？", "优必选推出的walker x系列。", None),
    # the people of a name do what it does
    ("浙江大学开发的喝水系统帮助哪类患者？", "清华大学团队开发全球首套喝水系统,让渐冻症患者恢复能力。", ("浙江大学", "清华大学")),
    ("清华大学开发的喝水系统帮助哪类患者？", "清华大学团队开发全球首套喝水系统,让渐冻症患者恢复能力。", None),
    ("复旦发布的MOSS是什么模型？", "今年2月,邱锡鹏团队发布MOSS,成为国内首个类ChatGPT模型。", None),  # a person's team
])
def test_another_name_doing_what_the_question_asks_of_its_name_is_another_doer(question, sentence, swapped):
    _swap_found_and_refused(subject_swapped, question, sentence, swapped)


@pytest.mark.parametrize("question, sentence, swapped", [
    # the other end of a link: a client for a server (Taiwan's words too), UDP for TCP
    ("Linux 的 PPTP 服务器是什么？", "此 pptp-linux 封包含有易於組態的 Linux 客戶端 PPTP。", ("服务器", "客户端")),
    ("IPsec 在哪个 TCP 端口做键值交换？", "IPsec 的標準操作模式在 UDP 埠號 500 做鍵值交換。", ("tcp", "udp")),
    ("IPsec 在哪个 UDP 端口做键值交换？", "IPsec 的標準操作模式在 UDP 埠號 500 做鍵值交換。", None),
    ("命令行的标签搜索工具用哪个？", "packagesearch 是圖形介面的標籤型搜尋工具。", ("命令行", "图形介面")),
    ("命令行的标签搜索工具用哪个？", "命令列的工具，則使用 axi-cache。", None),
    ("Linux 的 PPTP 服务器是什么？", "pptpd 是 Linux 的 PPTP 伺服器。", None),
    # a sentence that names both ends, or a question that does, may say which is which
    ("Linux 的 PPTP 服务器是什么？", "pptpd 是服务器，pptp-linux 是客户端。", None),
    ("客户端和服务器分别用哪个软件包？", "pptp-linux 封包含有 Linux 客户端 PPTP。", None),
])
def test_a_sentence_that_names_only_the_other_end_of_a_pair_is_about_that_end(question, sentence, swapped):
    _swap_found_and_refused(other_end, question, sentence, swapped)


@pytest.mark.parametrize("question, sentence, swapped", [
    # a kind with the prefix 非 is the opposite kind, either way round
    ("非侵入式脑机接口的手术风险是什么？", "侵入式：直接将微电极阵列植入大脑皮层，但存在手术风险与排斥反应。", ("非侵入式", "侵入式")),
    ("侵入式脑机接口的手术风险是什么？", "非侵入式脑机接口不用开颅，没有手术风险。", ("侵入式", "非侵入式")),
    ("非侵入式脑机接口的手术风险是什么？", "非侵入式脑机接口不用开颅，没有手术风险。", None),
    # both kinds in the question, or in the sentence; 非常 is no prefix
    ("侵入式和非侵入式脑机接口有什么区别？", "侵入式：直接将微电极阵列植入大脑皮层。", None),
    ("侵入式脑机接口的手术风险是什么？", "与非侵入式不同，侵入式脑机接口存在手术风险。", None),
    ("什么数据非常重要？", "常重要的数据是训练语料。", None),
])
def test_a_kind_with_the_prefix_fei_is_the_opposite_kind(question, sentence, swapped):
    _swap_found_and_refused(negated, question, sentence, swapped)


def _swap_found_and_refused(finder, question: str, sentence: str, swapped):
    """`finder` finds `swapped` (None: no swap) between `question` and `sentence`, and a sentence it finds one
    in does not answer; the analysis and the sentence in search form, for more checks."""
    analysis = analyse(question)
    sentence = normalize_query(sentence).lower()
    assert finder(analysis.form, sentence) == swapped
    if swapped:
        assert not check(analysis, sentence, sentence).ok
    return analysis, sentence


@pytest.mark.parametrize("question, sentence, swapped", [
    # another word directly before a stretch of four or more that both share: the sentence modifies
    # another thing, though it names the asked word elsewhere (线上业务)
    ("在银行面临线上业务收缩时，可以利用大模型开展什么业务？", "在银行面临线下业务收缩时,利用大模型开展线上业务。",
     ("线上", "线下")),
    ("NSA在短文本处理中把推理速度提升了几倍？", "nsa在长文本处理中实现10倍加速。", ("短", "长")),
    # one word of one character (脑 of 脑疾病), which the question says only inside another (脑虎科技)
    ("脑虎科技过去一年针对哪些心脏疾病开展了临床试验？", "过去一年,他们针对一些脑疾病开展临床试验,并取得积极进展。",
     ("心脏", "脑")),
    # two words one character apart that the dictionary does not relate: after a 的 too, and where the
    # shared character starts the stretch
    ("邱锡鹏对国外的大模型技术满意吗？", "他对于当下国内的大模型技术并不满意。", ("国外", "国内")),
    ("MOSS系统在闭源社区里的下载量排名如何？", "目前moss系统在开源社区里的下载量排名靠前。", ("闭源", "开源")),
    # a stretch that starts inside a word of the sentence only (jieba cuts 公共服务|平台): the part before it
    ("上海将建设包括创新中心在内的几个私营服务平台？", "将建设包括创新中心在内的三个公共服务平台。", ("私营", "公共")),
    ("稠密模型在多大参数规模后会性能饱和？", "面对稀疏模型在72b参数规模后性能饱和的问题。", None),  # the stretch too short
    # words the dictionary relates (国产 and 国内: "domestic"), a stretch after a 的, a verb for a verb
    ("国产大模型训练成本是多少？", "国内大模型训练成本高昂。", None),
    ("陶虎团队的柔性脑机接口技术基于什么材料？", "推出基于蚕丝蛋白的柔性脑机接口技术。", None),
    ("如何利用大模型开展线上业务？", "银行可以使用大模型开展线上业务。", None),
    # a word put in after the asked one (内存[使用量]), and a stretch that starts with a verb
    ("LOMO让推理内存降低到之前的多少？", "可将大模型训练内存使用量降低到之前的10.8%。", None),
    ("北京的机器人行动方案以什么为目标？", "《北京市机器人产业创新发展行动方案》以人形机器人小批量生产和应用为目标。", None),
    # one determiner said two ways (同一 and 同个: 一 and a classifier count one thing alike), in either check
    ("为什么在同一机器安装两个邮件服务器是没有用的？", "更进一步来说,在同个机器安装两个邮件伺服器是没有用的。", None),
])
def test_another_word_before_a_long_shared_stretch_is_another_thing(question, sentence, swapped):
    analysis, sentence = _swap_found_and_refused(premodified, question, sentence, swapped)
    if "同个" in sentence:
        assert reframed(analysis.form, sentence) is None and check(analysis, sentence, sentence).ok


@pytest.mark.parametrize("question, sentence, swapped", [
    # another verb before one object of four characters or more: the sentence does another thing to it
    ("哪个命令可以删除问题文件对应的软件包？", "则可以使用命令 dpkg -S file_in_question 来寻找问题文件对应的软件包。",
     ("删除", "寻找")),
    # the same verb, a verb the dictionary relates (利用 and 使用: "use"), an object too short
    ("哪个命令可以寻找问题文件对应的软件包？", "则可以使用命令 dpkg -S file_in_question 来寻找问题文件对应的软件包。", None),
    ("如何利用大模型开展线上业务？", "银行可以使用大模型开展线上业务。", None),
    ("如何删除软件包？", "可以寻找软件包。", None),
    # a verb that only says the object comes about, or is caused (a why-question's "出现" for "导致")
    ("侵入式电极为什么会出现信号衰减？", "例如,侵入式电极可能因免疫反应导致信号衰减;", None),
])
def test_another_verb_before_one_long_object_is_another_act(question, sentence, swapped):
    _swap_found_and_refused(reverbed, question, sentence, swapped)


@pytest.mark.parametrize("question, sentence, elsewhere, swapped", [
    # words of different lengths after a long shared stretch: told apart by the dictionary
    ("人民大学与斯坦福大学的研究揭露了什么漏洞？", "近期,人民大学与伊利诺伊大学香槟分校的研究揭露了大模型评测中的漏洞。", "",
     ("斯坦福", "伊利诺伊")),
    # or the asked word is nowhere in the article (the dictionary lacks 渐冻症)
    ("未来一年，脑机接口很有希望在帕金森病辅助治疗方面获得什么验证？",
     "未来一年,脑机接口很有希望在渐冻症辅助治疗方面获得临床的功能性验证。", "", ("帕金森病", "渐冻症")),
    # an asked word the article uses elsewhere, which the dictionary cannot tell apart, may be its own name
    ("未来一年，脑机接口很有希望在帕金森病辅助治疗方面获得什么验证？",
     "未来一年,脑机接口很有希望在渐冻症辅助治疗方面获得临床的功能性验证。", "帕金森病也称震颤麻痹。", None),
    # longer words of the same length, with the grammar at their ends passed over
    ("模型训练数据的增长需求是算力增长速度的几倍？", "目前,模型训练数据的增长需求已经是模型扩展速度的三倍。", "",
     ("算力增长", "模型扩展")),
    # the question's first word, a name, where the sentence has another name before a long stretch
    ("Meta声称自主研发的医疗大模型AMIE通过了什么测试？", "日前,谷歌声称自主研发的医疗大模型amie已经通过图灵测试。",
     "meta也在研发大模型。", ("meta", "谷歌")),
    ("人形机器人产业目前最大的瓶颈是什么？", "高工人形机器人产业目前最大的瓶颈是成本。", "", None),  # not a name
    # a short run before the words, when a long one follows them; not a word that points back (这种病)
    ("专注激光雷达的龙头企业奥比中光是哪里的企业？", "专注视觉感知的龙头企业奥比中光都是粤字号企业。", "", ("激光雷达", "视觉感知")),
    ("哪个项目恢复了这种病患者的沟通能力？", "2023年braingate2恢复了渐冻症患者的沟通能力。", "", None),
    # the shared stretch before the words too short
    ("教育领域的学生成绩提升了多少？", "教育领域,教师备课效率提升40%。", "", None),
    # a figure where the question describes: it says how much, it is no other thing
    ("混合专家模型是怎么用较少算力撬动更大模型规模的？", "通过动态选择部分专家参数参与计算,实现2-3倍算力撬动10倍模型规模的效果。",
     "", None),
])
def test_words_of_different_lengths_swapped_after_a_long_stretch_do_not_answer(question, sentence, elsewhere, swapped):
    analysis = analyse(question)
    sentence = normalize_query(sentence).lower()
    article = sentence + normalize_query(elsewhere).lower()
    assert reframed(analysis.form, sentence, article) == swapped


@pytest.mark.parametrize("asking", ["哪些", "哪类", "什么"])
def test_the_word_after_which_names_what_is_asked_not_a_word_the_answer_must_repeat(asking):
    question = analyse(f"国内缺少{asking}高级功能？")
    sentence = normalize_query("国内缺少的是一些高级的插件。").lower()
    article = sentence + "这些功能仍在开发之中。"
    assert substitution(question.form, sentence, sentence, article) is None  # 插件 are one such 功能


@pytest.mark.parametrize("question, sentence, holds", [
    ("植入电极数达到多少个？", "2021年闭环神经调控治疗重度抑郁,2023年braingate2恢复了沟通能力。", False),  # years, a name's 2
    ("植入电极数达到多少个？", "2024年precision的植入电极数达4096个。", True),
    ("7b模型的推理性能能达到多少？", "7b模型推理性能>150tokens/s。", True),  # a unit written in letters stays
    ("哪一年启动了项目？", "darpa于2015年启动了项目。", True),  # a year is what a year question asks
    ("大脑拥有多少个神经元？", "第三步,人们或许有机会激活大脑中的备份神经元。", False),  # a place in a sequence
    ("MOSS的下载量排名第几？", "MOSS系统在开源社区里的下载量排名靠前,已收到几百家企业的申请。", False),  # no place in an order
    ("MOSS的下载量排名第几？", "MOSS系统的下载量排名第三。", True),
    # a figure with a unit after it is no year, even when it is written like one
    ("运行浏览器建议至少多少内存？", "为运行最新的web浏览器建议至少是2048mib的内存。", True),
    ("公司获得了多少融资？", "公司获得了2000万元融资。", True),
    # a version asked: a number or an edition, not "a later version"
    ("这份文件会在哪个 Debian 版本中被移除？", "该文件会在之后的debian版本中被移除。", False),
    ("这份文件会在哪个 Debian 版本中被移除？", "该文件会在debian 11中被移除。", True),
    ("哪个 Debian 版本首次支持 arm64 架构？", "arm64:支持含有最新的64位arm处理器的设备。", False),  # 64 is arm64's
    # the number of a bug is no version
    ("Debian Installer 从哪个版本开始建立这个条目？", "debian installer为这样的系统建立这个条目,见文件bug #719621.", False),
    ("Debian Installer 从哪个版本开始建立这个条目？", "从debian installer 7.0开始建立这个条目。", True),
])
def test_a_year_or_a_names_number_is_no_value_of_a_quantity(question, sentence, holds):
    assert analyse(question).has_value(sentence) == holds


@pytest.mark.parametrize("question, kind, kept", [
    ("2021年闭环神经调控治疗了什么疾病？", "疾病", "治疗"),  # a disease is named, not the word 疾病
    ("脑虎科技获得了哪些奖项？", "奖项", "获得"),
    ("深圳发力人形机器人产业靠什么支撑？", None, "支撑"),  # a verb: the answer says it too
])
def test_the_noun_after_what_or_which_names_the_kind_of_answer_not_what_it_must_say(question, kind, kept):
    from rag.evidence import Evidence

    evidence = Evidence(["2021年闭环神经调控治疗重度抑郁。", "脑虎科技获得了多个奖项。", "深圳市发力人形机器人产业提供支撑。"])
    _, asked = evidence.split(question, subject_of(question))
    assert kept in "".join(asked)
    if kind:
        assert not any(unit in kind for unit in asked)


@pytest.mark.parametrize("question, subject", [
    ("瘦客户机现在用什么来设置？", "瘦客户机"),  # 在 of 现在 is no particle
    ("Debian Edu 基于哪个版本？", "Debian Edu"),  # nor 于 of 基于
    ("方明伦说他研究机器人已经有多少年了？", "方明伦"),  # a name jieba has no entry for ends at 说
    ("DeepSeek-R1的训练成本是多少？", "DeepSeek-R1"),
])
def test_the_subject_ends_at_a_word_not_inside_one(question, subject):
    assert subject_of(question) == subject


@pytest.mark.parametrize("question, subject", [
    ("大模型技术体系主要由哪几块组成？", "大模型技术体系主要由"),  # 几块 asks, 组成 frames the list, 由 is grammar
    ("脑机接口技术包含哪几类？", "脑机接口技术包含"),
])
def test_a_list_question_asks_nothing_the_sentence_must_say_beyond_its_subject(question, subject):
    from rag.evidence import Evidence

    evidence = Evidence(["大模型技术体系主要包括三大块:一是预训练;", "脑机接口被分为三类。"])
    assert subject_of(question) == subject
    assert evidence.split(question, subject)[1] == {}


def test_a_place_no_passage_names_is_not_answered_by_a_sentence_about_no_place(assistant):
    answer = assistant.ask("深圳每百万Token的API定价是多少？")  # the articles name no 深圳
    assert answer.refused and "0.27美元" in compact(answer.text)  # the nearest fact, cited
    assert not assistant.ask("每百万Token的API定价是多少？").refused
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, sentence, swapped", [
    ("教育领域某系统使学生成绩提升了多少？", "教育领域,某系统使教师备课效率提升40%", ("成绩", "效率")),
    ("智谱AI在2023年的营收是多少？", "智谱ai在2023年已累计获得超25亿元融资,主要参与方不乏美团", ("营收", "融资")),
    ("智谱AI的收入是多少？", "智谱ai的营收为25亿元", None),  # 收入 and 营收 share 收 and "revenue"
    ("AI芯片的能效提升了几个数量级？", "ai芯片的能效比提升5个数量级", None),  # the sentence names it
    ("用户留存率提升了多少？", "互动率提升22%", None),  # no noun just before: 率 is cut off 留存率
    # rates of unrelated things
    ("在基准测试中的推理准确率是多少？", "在基准测试中工具调用成功率达94.7%", ("准确率", "成功率")),
    ("集群的资源使用率是多少？", "集群资源利用率达60%", None),  # 使用 and 利用 share "use"
    # what a count counts
    ("大脑拥有多少个神经胶质细胞？", "大脑拥有800多亿个神经元。", ("神经胶质细胞", "神经元")),
    ("大脑拥有多少个神经元？", "大脑拥有800多亿个神经元。", None),
    # "一台" is "a", not a count; a count in words, with another measure word
    ("大脑拥有多少个神经胶质细胞？", "大脑就像一台超级计算机,拥有800多亿个神经元。", ("神经胶质细胞", "神经元")),
    ("头环已进入多少家医院？", "头环已进入数千所学校,帮助学生提升课堂专注度。", ("医院", "学校")),
    ("头环已进入多少所学校？", "头环已进入数千所学校,帮助学生提升课堂专注度。", None),
    # a verb before the counted nouns modifies them: 模拟飞行器 counts 飞行器
    ("受试者可以同时操控几架真实的无人机？", "受试者已可以借助意念同时操控3架不同类型的模拟飞行器。", ("无人机", "飞行器")),
    ("受试者可以同时操控几架飞行器？", "受试者已可以借助意念同时操控3架不同类型的模拟飞行器。", None),
    # an amount in another currency
    ("智谱AI累计获得超过多少亿美元融资？", "智谱ai累计获得超25亿元融资", ("亿美元", "亿元")),
    ("智谱AI累计获得超过多少亿元融资？", "智谱ai累计获得超25亿元融资", None),
    # a place word before the counted thing; named by what tells the two apart
    ("徐汇区吸引了近多少家海外企业落户？", "徐汇区还吸引近200家上下游企业落户。", ("海外", "上下游")),
    ("国内已发布了多少个大模型？", "国内10亿级参数规模以上的大模型已发布79个。", None),  # named before its figure
])
def test_a_figure_of_another_thing_that_plainly_differs_does_not_answer(question, sentence, swapped):
    analysis, sentence = analyse(question), normalize_query(sentence).lower()
    assert measured(analysis, sentence) == swapped
    if swapped:  # the sentence is then refused, naming what it gives a figure of
        verdict = check(analysis, sentence, sentence)
        assert (verdict.ok, verdict.asked, verdict.found) == (False, *swapped)


def test_a_word_written_short_leaves_one_character_out():
    from rag.verdicts import shortened

    assert "金融业" in shortened("金融行业") and "上海交大" not in shortened("上海交通大学")
    assert shortened("行业") == set()  # too short to be written shorter


def test_two_words_are_opposed_when_they_differ_only_in_two_characters_of_opposite_sense():
    from rag.glossary import opposed, related

    assert related("高速", "低速") and related("长期", "短期")  # "speed", "term": the dictionary relates them
    assert opposed("上半年", "下半年") and opposed("高速", "低速") and opposed("大", "小")
    assert not opposed("创办", "创立")  # one place apart, not opposites
    assert not opposed("高速", "低价")  # two places apart
    assert not opposed("上半年", "下半")  # lengths differ


def test_two_words_are_unrelated_only_when_the_dictionary_gives_them_nothing_in_common():
    from rag.glossary import unrelated

    assert unrelated("营收", "融资") and unrelated("成绩", "效率")
    assert not unrelated("营收", "收入")  # a character and "revenue"
    assert not unrelated("成本", "花费")  # "cost"
    assert not unrelated("误判率", "效率")  # a character in common
    assert not unrelated("营收", "良品率")  # a word the dictionary lacks
    assert not unrelated("不同", "差异")  # "different" and "difference": one stem


@pytest.mark.parametrize("question, sentence, swapped", [
    ("能源行业的故障诊断准确率提升了多少？", "制造业,通过工业知识图谱提升故障诊断准确率30%,良品率提升10%;", ("能源行业", "制造业")),
    ("制造业的故障诊断准确率提升了多少？", "制造业,通过工业知识图谱提升故障诊断准确率30%,良品率提升10%;", None),
    ("故障诊断准确率提升了多少？", "制造业,通过工业知识图谱提升故障诊断准确率30%;", None),  # no topic asked: not another one
    ("在金融行业，某银行信贷审核误判率降低了多少？", "金融业,某银行信贷审核误判率降低58%,基金公司策略收益提升23%;", None),  # 金融业 short
    ("文化领域的游客复购率提升了多少？", "在教育领域中,某系统使游客复购率提升27%;", ("文化领域", "教育领域")),
    # a sentence without figures, put under a topic by a clause that frames it
    ("在金融领域，可以联合研发什么大模型作为新入口？", "例如,在媒体领域,联合研发央视听媒体大模型作为新入口。",
     ("金融领域", "媒体领域")),
    ("在媒体领域，可以联合研发什么大模型作为新入口？", "例如,在媒体领域,联合研发央视听媒体大模型作为新入口。", None),
    ("可以联合研发什么大模型作为新入口？", "例如,媒体领域的大模型作为新入口。", None),  # no clause frames a topic
    # a topic that says how its thing is (an adjective before 的), not which kind: no other topic
    ("从一个 Debian 主版本升级到下一版本应使用哪个命令？",
     "对于非常重要的升级,如从一个 Debian 主版本变更为下一版本,你需要使用apt full-upgrade。", None),
    ("从一个 Debian 主版本升级到下一版本应使用哪个命令？",
     "对于日常安全升级,如从一个 Debian 主版本变更为下一版本,你需要使用apt full-upgrade。", ("版本升级", "日常安全升级")),
])
def test_a_figure_or_statement_under_another_topic_of_the_same_kind_does_not_answer(question, sentence, swapped):
    analysis, sentence = analyse(question), normalize_query(sentence).lower()
    assert retopic(analysis, figure_clause(analysis, sentence) or sentence) == swapped


@pytest.mark.parametrize("question, article, swapped", [
    # the question opens under a topic of its own that the article names elsewhere: another topic
    ("金融分析中，用户干预后的任务成功率是多少？", "金融分析中,用户干预后任务成功率提升至83%;", ("金融分析", "生活场景")),
    # a topic the article never names may be the question's words for the sentence's (a paraphrase)
    ("保障工厂作业安全上，ai主要靠什么手段？", "", None),
])
def test_a_figure_under_another_topic_than_the_one_the_question_opens_with_does_not_answer(
        question, article, swapped):
    analysis = analyse(question)
    sentence = normalize_query("在生活场景中, 5步以上复杂任务成功率比OpenAI方案高23%;").lower()
    article = compact(article + sentence).lower()
    assert retopic(analysis, figure_clause(analysis, sentence) or sentence, article) == swapped


@pytest.mark.parametrize("question, sentence, holds", [
    ("半侵入式的信号分辨率比非侵入式高多少？", "非侵入式安全性高但信号分辨率低。", False),  # by how much: a figure
    ("代码生成速度比GPT-4快多少倍？", "代码生成速度比gpt-4快3.7倍。", True),
    ("How many times faster is code generation than GPT-4?", "代码生成速度比gpt-4快3.7倍。", True),
    ("半侵入式和非侵入式有什么区别？", "非侵入式安全性高但信号分辨率低。", True),  # no figure asked
])
def test_a_comparison_that_asks_by_how_much_needs_a_figure(question, sentence, holds):
    analysis = analyse(question)
    assert analysis.type == "comparison"
    assert analysis.has_value(sentence) == holds


@pytest.mark.parametrize("question, sentence, ok", [
    # a question in two parts: the year it names is still not another one the sentence names
    ("2025年，国内大模型市场将回归理性吗？业内怎么看？", "业内人士普遍认为,2024年,国内大模型市场将逐渐回归理性。", False),
    ("2024年，国内大模型市场将回归理性吗？业内怎么看？", "业内人士普遍认为,2024年,国内大模型市场将逐渐回归理性。", True),
    # the sentence answers the other part, whose year the question names too
    ("2023年和2024年的市场规模分别是多少？", "2023年,美国脑机接口市场规模为4.9亿美元。", True),
    # the other part's model need not be in this sentence
    ("Llama 3的算力预计有多少？GPT-4的训练成本呢？", "meta加强llama 3的研发,其算力预计达到60万h100。", True),
])
def test_a_question_in_parts_keeps_the_constraints_a_sentence_can_contradict(question, sentence, ok):
    analysis = analyse(question)
    assert analysis.type == "parts"
    sentence = normalize_query(sentence).lower()
    assert check(analysis, sentence, compact(sentence).lower()).ok == ok


@pytest.mark.parametrize("question, sentence, ok", [
    ("信贷审核误判率提升了多少？", "某银行信贷审核误判率降低58%。", False),  # asked up, said down
    ("泛用性将进一步下降吗？", "未来大模型的泛用性将进一步提升。", False),
    ("推理成本降低了多少？", "推理成本下降约90%。", True),  # another word of the same direction
    ("游客复购率提升了多少？", "游客复购率提升27%,投诉率降低10%。", True),  # the sentence says the asked one too
])
def test_a_change_the_other_way_does_not_answer_how_much_a_thing_rose_or_fell(question, sentence, ok):
    analysis = analyse(question)
    sentence = normalize_query(sentence).lower()
    verdict = check(analysis, sentence, compact(sentence).lower())
    assert verdict.ok == ok
    # a question that does not ask about a change has no direction to meet
    assert not any(c.kind == "direction" for c in analyse("如何提升信贷审核效率？").constraints)


def test_a_word_jieba_tags_a_place_that_the_dictionary_glosses_as_no_name_is_no_place():
    places = [c.value for c in analyse("深圳的AI公务员上岗后，人工座席少了几成？").constraints if c.kind == "place"]
    assert "深圳" in places and "上岗" not in places  # 上岗: "to take up one's post"
    assert [c.value for c in analyse("广州有几个人形机器人？").constraints if c.kind == "place"] == ["广州"]


@pytest.mark.parametrize("question, ok", [
    ("浦东吸引了多少家上下游企业落户？", False),  # the sentence is about 徐汇区, which jieba tags a name
    ("上海徐汇区吸引了多少家上下游企业落户？", True),  # the district is named as a part of the asked city
    ("徐汇区吸引了多少家上下游企业落户？", True),
])
def test_a_district_the_dictionary_names_is_a_place_whatever_jieba_tags_it(question, ok):
    sentence = normalize_query("还吸引近200家上下游企业落户,首批通过备案的8家国内大模型机构企业中,徐汇区独揽3家。").lower()
    verdict = check(analyse(question), sentence, sentence + "上海浦东")
    assert verdict.ok == ok
    if not ok:
        assert verdict.found == "徐汇区"


@pytest.mark.parametrize("sentence, holds", [
    ("陶虎认为，这“三步走”的过程有望在未来8至10年完成。", True),
    ("研究了40多年机器人，这位年过八旬的老教授不无期待地说。", True),
    ("过去5个月来，moss系统日夜成长。", True),
    ("上海人工智能实验室与上海交通大学正在探索打造教育科技人才三位一体的合作网络。", False),  # no time
    ("2023年，上海发布了行动方案。", False),  # a year, not a length of time
])
def test_a_length_of_time_is_a_figure_with_a_unit_of_time(sentence, holds):
    assert analyse("王延峰担任主任多少年了？").has_value(normalize_query(sentence).lower()) == holds


@pytest.mark.parametrize("sentence, holds", [
    ("陶虎说大脑拥有800多亿个神经元。", False),  # a count of things, not an amount of money
    ("而一个千亿参数规模大模型的研发成本动辄上千万,试错成本巨大。", True),
    ("过去一台机器就要100多万元。", True),
    ("训练一个通用大模型的成本很高。", False),
])
def test_an_amount_of_money_is_a_figure_in_a_currency_or_of_no_counted_thing(sentence, holds):
    assert analyse("How much does it cost to develop a large model?").has_value(sentence) == holds


@pytest.mark.parametrize("sentence, holds", [
    ("复旦大学moss系统亮相waic2023。", False),  # a year, not the month asked
    ("今年2月,邱锡鹏团队发布moss。", True),
])
def test_a_month_asked_is_not_answered_by_a_year_alone(sentence, holds):
    assert analyse("MOSS最早是几月份发布的？").has_value(sentence) == holds


@pytest.mark.parametrize("sentence, ok", [
    ("您可以指明x11forwarding yes参数,将其写入服务器配置文件以启用该功能。", True),  # a setting named after it
    ("您可以指明x12forwarding yes参数,将其写入服务器配置文件以启用该功能。", False),
    ("您可以指明x11 yes参数,将其写入服务器配置文件以启用该功能。", True),
])
def test_a_name_with_a_word_written_onto_it_names_the_version(sentence, ok):
    question = analyse("启用 X11 转发要在服务器配置文件中写入什么参数？")
    assert check(question, sentence, compact(sentence).lower(), sentence).ok == ok


def test_a_letter_written_onto_a_version_is_another_version():
    sentence = "较gpt-4o的2.5美元(输入)降低约90%。"
    verdict = check(analyse("GPT-4每百万Token的API输入定价是多少美元？"), sentence, compact(sentence), sentence)
    assert (verdict.ok, verdict.asked) == (False, "gpt-4")


@pytest.mark.parametrize("sentence, holds", [
    ("debian 使用 openssh,一个由 openbsd 项目维护的自由版本。", True),  # a variant named after it
    ("debian 使用 ssh,一个自由版本。", False),  # the thing itself names no version of it
    ("debian 使用 ssh-agent 保存私钥。", False),
])
def test_a_variant_named_after_the_asked_thing_is_a_version_of_it(sentence, holds):
    assert analyse("Debian 使用哪个版本的 SSH？").has_value(sentence) == holds


def test_a_version_named_in_the_article_opening_covers_the_sentences_of_the_article():
    sentence = normalize_query("国内外30余款大模型将同台竞技,背后的核心开发团队也将悉数亮相。").lower()
    opening = "如果用一个词来概括2023世界人工智能大会(WAIC2023)的热点,那么大模型当之无愧。"
    article = compact(opening + "百度文心、阿里通义、华为盘古……" + sentence).lower()
    assert check(analyse("国内外多少款大模型在WAIC2023上同台竞技？"), sentence, article, sentence).ok
    # another edition named in the opening is what the sentence is about; the asked one is named nowhere
    verdict = check(analyse("国内外多少款大模型在WAIC2024上同台竞技？"), sentence, article, sentence)
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "waic2024", "waic2023")
    # an article whose opening does not name it: the sentence may be about any model
    plain = compact("大模型当之无愧。" + sentence).lower()
    verdict = check(analyse("国内外多少款大模型在WAIC2023上同台竞技？"), sentence, plain, sentence)
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "waic2023", "")


def test_a_question_word_put_between_two_words_the_sentence_writes_side_by_side_is_no_swap():
    sentence = normalize_query("清华大学人工智能研究院名誉院长张钹曾分享过一个观点:通用人工智能的三要素(数据、算力和算法)。").lower()
    article = sentence + "原本的方法不再适用。"  # the article uses 原本 elsewhere
    question = analyse("通用人工智能原本说的三要素是哪几个？")
    assert substitution(question.form, sentence, sentence, article) is None
    assert check(question, sentence, article).ok
    # a word in another's place is still a swap: 训练 stands between 大模型 and 内存 where 推理 was asked
    swapped = normalize_query("LOMO能把大模型训练内存降到10.8%。").lower()
    article = swapped + "推理的速度也提升了。"  # the article uses 推理 elsewhere: it tells the two apart
    assert substitution(analyse("LOMO能把大模型推理内存降到多少？").form, swapped, swapped, article) == ("推理", "训练")


def test_a_swapped_word_counts_anywhere_in_the_sentence_of_a_figure_not_only_in_the_figure_s_clause():
    analysis = analyse("端侧推理的日均Token用量达到多少？")
    sentence = normalize_query("云侧推理需求爆发,短期全国活跃用户数预计达1.5亿,日均Token用量达11.25万亿,推动推理集群发展;").lower()
    assert "云侧" not in figure_clause(analysis, sentence)  # the clause of the figure names neither side
    verdict = check(analysis, sentence, sentence)
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "端侧推理", "云侧推理")


def test_a_sentence_that_denies_what_the_question_says_does_not_answer_it_unless_yes_or_no_is_asked():
    sentence = normalize_query("中国虽在2024年出台《脑机接口研究伦理指引》,但技术分类、应用红线、责任认定等细则尚未明确。").lower()
    asked = analyse("中国出台的《脑机接口研究伦理指引》已经明确了哪些细则？")
    assert denied(asked.form, sentence) == ("明确", "尚未明确")
    verdict = check(asked, sentence, sentence)
    assert (verdict.ok, verdict.asked, verdict.found) == (False, "明确", "尚未明确")
    # the denial is the answer to a yes/no question, and to a question that asks what is denied
    assert asked_ok("中国出台的《脑机接口研究伦理指引》明确了技术分类吗？", sentence)
    assert denied(analyse("中国出台的伦理指引中哪些细则尚未明确？").form, sentence) is None
    # a word the sentence also says without a denial ("并非基于…,而是基于…"): denied only of the object it is
    # denied of
    other = normalize_query("它并非基于物理常识,而是基于四条基本原理。").lower()
    assert denied(analyse("牛顿力学基于几条基本原理？").form, other) is None
    assert denied(analyse("牛顿力学基于几条物理常识？").form, other) == ("基于", "并非基于")
    # a question that denies it too ("没能充分参与", as 未能 and 不能 do) asks what is denied
    lacking = normalize_query("由于算力等资源的限制,他们往往未能充分参与大模型的主流创新研究。").lower()
    assert denied(analyse("青年科学家没能充分参与大模型研究，原因是？").form, lacking) is None
    assert denied(analyse("青年科学家不能充分参与大模型研究，原因是？").form, lacking) is None
    assert denied(analyse("青年科学家充分参与了哪些大模型研究？").form, lacking) == ("充分", "未能充分")
    # what the verb is said of is asked, and a clause turning against the denial says it
    turned = normalize_query("对于non-free类的软件,其许可证可以不满足DFSG中的一些条件,但至少必须是可分发的。").lower()
    assert denied(analyse("non-free 类软件的许可证至少必须满足什么？").form, turned) is None
    assert denied(analyse("non-free 类软件的许可证至少必须满足什么？").form, turned.split(",但")[0]) == ("满足", "不满足")


def asked_ok(question: str, sentence: str) -> bool:
    return check(analyse(question), sentence, sentence).ok


@pytest.mark.parametrize("question, swapped", [
    ("国内大模型的“出产地”集中在哪些国家？", ("国家", "省市")),
    ("国内大模型的出产地集中在哪几个国家？", ("国家", "省市")),
    ("国内大模型的“出产地”集中在哪些省市？", None),  # the kind asked
    ("国内大模型的“出产地”集中在哪些地区？", None),  # a kind the sentence names too (…最高的地区)
])
def test_a_list_of_another_kind_than_the_question_asks_for_does_not_answer_it(question, swapped):
    sentence = normalize_query("国内大模型的“出产地”集中在北京、上海、广东和浙江等省市,这4个地方也是采购数量最高的地区。").lower()
    analysis = analyse(question)
    assert listed_kind(analysis.form, sentence) == swapped
    assert check(analysis, sentence, sentence).ok == (swapped is None)


@pytest.mark.parametrize("question, clause, swapped", [
    ("大脑这台超算的峰值功耗是多少？", "这台超算能耗极低,平均不到30瓦", ("峰值", "平均")),
    ("大脑这台超算的平均功耗是多少？", "这台超算能耗极低,平均不到30瓦", None),
    ("北京机器人产业收入的年均增速超过多少？", "北京机器人产业收入年平均增速超过20%", None),  # 年均 is an average
    ("北京机器人产业收入的增速超过多少？", "北京机器人产业收入年平均增速超过20%", None),  # nothing qualified asked
])
def test_a_figure_qualified_another_way_than_asked_does_not_answer(question, clause, swapped):
    clause = normalize_query(clause).lower()
    assert qualified(analyse(question), clause) == swapped


def test_everyday_words_that_ask_are_not_what_is_asked(tmp_path):
    text = ("## 数据\n\n据研究预测,高质量语言数据将在2026年耗尽。我们通过建立大模型语料数据联盟等机制来挖掘私域数据的价值,"
            "保证高质量数据供应。当技术触及“思维读取”,伦理争议接踵而至。例如,隐私泄露风险:脑电波可能暴露个人情绪、意图甚至潜意识。\n")
    assistant = _assistant_over(tmp_path, text)
    # 干嘛 asks as 做什么 does, 东西 of 哪些东西 as 什么 does: neither is a word the answer must say
    assert not {"干嘛", "拿来", "东西", "出去"} & set(assistant.evidence.terms("大模型语料数据联盟是拿来干嘛的？脑电波可能把哪些东西泄露出去？"))
    answer = assistant.ask("大模型语料数据联盟是拿来干嘛的？")
    assert not answer.refused and "私域数据" in answer.text, answer.text
    answer = assistant.ask("脑电波可能把哪些东西泄露出去？")
    assert not answer.refused and "个人情绪" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_name_the_dictionary_lacks_is_one_the_answer_must_name(tmp_path):
    assistant = _assistant_over(tmp_path, "## 脑机接口\n\n资本市场上,脑机接口企业备受青睐。华为、科大讯飞等科技巨头已成立专项实验室,"
                                "其数据算法优势或将重塑行业生态。\n", "## 大模型\n\n百度、阿里、腾讯等互联网大厂纷纷发布大模型。\n")
    # jieba tags 腾讯 a name (nz) the dictionary does not have; another article names it, this one does not
    assert ("entity", "腾讯") in {(c.kind, c.value) for c in analyse("腾讯等科技巨头在脑机接口方面成立了什么？").constraints}
    assert_refuses_then_answers(assistant, "腾讯等科技巨头在脑机接口方面成立了什么？",
                                "华为等科技巨头在脑机接口方面成立了什么？", "专项实验室")


def test_an_english_name_the_passages_write_only_in_latin_letters_must_be_in_the_article(tmp_path):
    assistant = _assistant_over(tmp_path, "## 合作\n\n工业技术巨头西门子和英伟达也形成了战略合作关系。宝马与亚马逊合作推出大型语言模型。\n",
                                "## 芯片\n\n神经形态芯片(如 Intel Loihi)能效比提升 5 个数量级。\n")
    # the passages write Intel only as "intel", in another article than the one on Siemens
    answer = assistant.ask("What did Siemens form a strategic partnership with Intel for?")
    assert answer.refused, answer.text


def test_a_latin_name_the_glossary_lacks_must_be_in_the_article_when_the_passages_write_it(tmp_path):
    assistant = _assistant_over(tmp_path, "## 展会\n\n在2024全球消费电子展(CES)上,联想的AI PC大热。\n",
                                "## 大会\n\n复旦大学MOSS系统亮相WAIC,将是该大模型首次现身大型展会。"
                                "新方法能在一台消费级显卡的机器上对650亿参数大模型进行全参数微调。\n",
                                "## 亚洲\n\n2019年在亚洲消费电子展上,日产汽车展示了能解读大脑信号的脑控系统。"
                                "过去一台 GPU 服务器要100多万元。\n")
    # WAIC is written only in the article on MOSS: the one on Lenovo says nothing of it
    assert_refuses_then_answers(assistant, "Which company's AI PC was a hit at WAIC?",
                                "Which company's AI PC was a hit at CES?", "联想")
    # an article that spells out a name another defines (消费电子展 of 全球消费电子展, CES) names it;
    # a GPU is a kind of thing (显卡), not a name an article must write
    assert not assistant.ask("What did Nissan show at CES Asia in 2019?").refused
    assert not assistant.ask("How many parameters can the new method fully fine-tune on one consumer GPU machine?").refused


def test_an_english_name_given_as_a_partner_must_be_named_by_the_answering_sentence(tmp_path):
    text = ("## 合作\n\n谷歌推出的 Gemini 模型或在技术上与 OpenAI 匹敌。领先企业如 OpenAI、谷歌和 Meta 正遵循规模法则。"
            "在市场上,美国已在科技领域构筑了国际生态。例如梅赛德斯奔驰与 Open AI 合作开发车载语音助手,宝马与亚马逊合作推出"
            " Alexa 大型语言模型。\n")
    assistant = _assistant_over(tmp_path, text)
    # the article names Google, but not as the one Mercedes-Benz works with
    assert_refuses_then_answers(assistant, "What did Mercedes-Benz develop with Google?",
                                "What did BMW launch with Amazon?", "Alexa")


def test_a_year_the_sentence_before_gives_is_the_time_of_a_sentence_that_gives_none(tmp_path):
    text = ("## 人形机器人\n\n记者按照注册所在地对2023年国内发布的人形机器人公司进行了大致归类,其中“沪籍”人形机器人数量最多。"
            "“深籍”人形机器人的数量有3个,分别是优必选推出的Walker X系列、小鹏汽车推出的PX5,以及乐聚机器人推出的夸父。"
            "行业专家认为,现阶段人形机器人本体数量多寡还暂不能代表城市产业实力优劣。\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("小鹏汽车在2022年推出的人形机器人叫什么？")
    assert answer.refused and "2023年" in answer.text, answer.text
    answer = assistant.ask("小鹏汽车在2023年推出的人形机器人叫什么？")
    assert not answer.refused and "PX5" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_step_the_sentence_before_gives_is_the_step_of_a_sentence_that_gives_none(tmp_path):
    text = ("## 三步走\n\n据陶虎介绍,第一步是通过脑机接口让病人能用意念操控机械臂。第二步,脑机接口或许能帮助医生发现神经元凋亡的规律。"
            "第三步,也是最高阶段,人们或许有机会激活大脑中的“备份神经元”。陶虎认为,这“三步走”的过程有望在未来8至10年完成。\n")
    assistant = _assistant_over(tmp_path, text)
    # the 8 to 10 years are those of all three steps, said right after the third
    assert_refuses_then_answers(assistant, "陶虎希望“三步走”的第一步在未来几年内完成？",
                                "陶虎认为“三步走”的过程有望在未来几年内完成？", "8至10年")


def test_an_english_question_on_a_rise_is_not_answered_by_a_fall_in_another_clause(tmp_path):
    assistant = _assistant_over(tmp_path, "## 金融\n\n金融业,某银行信贷审核误判率降低58%,基金公司策略收益提升23%。"
                                          "医疗行业,加速药物研发周期70%,提升临床决策效率。\n")
    # the clause the question's words choose falls; the rise is another clause's
    assert_refuses_then_answers(assistant, "How much did the bank's credit review misjudgment rate rise?",
                                "How much did the bank's credit review misjudgment rate fall?", "58%")


def test_with_the_bm25_index_evidence_counts_words_as_by_reading_every_passage(hash_retriever):
    import json
    import re
    from pathlib import Path

    from rag.evidence import Evidence

    assert Assistant(hash_retriever, "extractive").evidence.lexicon is not None
    compacted = [compact(c.text).lower() for c in hash_retriever.chunks]
    indexed = Evidence([c.text for c in hash_retriever.chunks], lexicon=hash_retriever.bm25)
    root = Path(__file__).resolve().parent.parent
    questions = [normalize_query(json.loads(line)["question"]).lower()
                 for f in ("questions.jsonl", "dev_english.jsonl") for line in (root / "eval" / f).open(encoding="utf-8")]
    words = {run[i : i + n] for q in questions for run in re.findall(r"[\u4e00-\u9fff]+", q)
             for n in (2, 3, 4) for i in range(len(run) - n + 1)}
    # Latin words and numbers, and those joined to Chinese characters ("PlayStation 7" holds playstation7)
    words |= {w for q in questions for w in re.findall(r"[a-z0-9][a-z0-9.-]*|[a-z0-9]+[\u4e00-\u9fff]{1,2}", q)}
    words |= {"deepseek-v3", "2024年", "ai", "playstation7", "松江区机器人小镇", "年"}
    read = {w: sum(w in t for t in compacted) for w in words}
    assert len([w for w in words if read[w]]) > 1000  # most of them in some passage
    assert len([w for w in words if read[w] and w.isascii()]) > 50
    for word in words:
        if indexed.df(word) != read[word]:
            # Only where the word runs across a line break the search form keeps ("国内\n产业"): the
            # compacted text joins the two lines, the index does not.
            missed = [c for c in hash_retriever.chunks if word in compact(c.text).lower()
                      and not any(word in line for line in c.search.lower().split("\n"))]
            assert missed and indexed.df(word) + len(missed) == read[word], word


def test_the_sentencer_keeps_the_search_forms_of_a_bounded_number_of_articles(hash_retriever, monkeypatch):
    import rag.citations as citations

    monkeypatch.setattr(citations, "ARTICLES_KEPT", 2)
    hits = {}
    for q in ["DeepSeek-V3的训练成本", "脑机接口分为哪三类", "智谱AI成立于哪一年", "人形机器人", "邱锡鹏 MOSS"]:
        for hit in hash_retriever.search(q, 5):
            hits.setdefault((hit.source, hit.start), hit)
    hits = list(hits.values())
    assert len({h.source for h in hits}) >= 3
    kept = citations.Sentencer(hash_retriever.documents)
    for hit in hits:
        (passage,) = kept.passages([hit])
        (fresh,) = citations.Sentencer(hash_retriever.documents).passages([hit])
        assert [(s.start, s.end, s.search) for s in passage.sentences] == [(s.start, s.end, s.search) for s in fresh.sentences]
        assert passage.article == fresh.article
        assert len(kept._search) <= 2


def test_a_sentence_a_paragraph_break_cut_off_is_finished_by_the_short_line_after_it(tmp_path):
    """A manual's "…请执行" with the command on a line of its own: the command is the answer's end. A
    heading, or an item that ends in a comma, is not finished by what follows it."""
    text = ("# 服务管理\n\n为了控制服务启动的顺序，传统的 System-V 风格的 Unix 系统使用运行级别。\n\n"
            "要显示系统引导时 systemd 的默认目标，请执行\n\n    systemctl get-default\n\n"
            "在引导过程中，systemd 会启动默认的目标文件里列出的服务或其他目标。\n\n"
            "* bo（Debian 1.3）是宝贝，那个放羊的女孩，\n\n* hamm（Debian 2.0）是那个小猪储蓄罐，\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("用什么命令显示 systemd 的默认目标？")
    assert not answer.refused and "systemctl get-default" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("那个放羊的女孩是 Debian 哪个版本的代号？")
    assert "放羊" in answer.text and "储蓄罐" not in answer.text, answer.text


def test_a_lead_in_to_a_bulleted_list_is_answered_with_every_bullet_and_not_the_text_under_them(tmp_path):
    """A manual's list: "优先级有：" then bullets, each with a paragraph under it that explains it. The answer
    gives each bullet's first sentence; the paragraphs under a bullet are not items, and the list ends
    where two paragraphs in a row have no bullet."""
    text = ("# 优先级\n\n每一个软件包都被发行版的维护者赋予了一个优先级，以辅助软件包管理系统。优先级有：\n\n"
            "* 必需（Required）：系统正常运行必需的软件包。\n\n这包括了所有修复系统故障所必需的软件包，不可以卸载。\n\n"
            "* 重要（Important）软件包应当能在任何类 Unix 系统上找到。\n\n其他能使系统正常运行的软件包会出现在这里。\n\n"
            "* 可选（Optional）软件包包括了所有您可能想要安装的软件包。\n\n"
            "如果您进行一次默认安装，所有优先级为标准或更高的软件包都会被安装。\n\n"
            "另外，有些软件包被标记为必备（Essential），软件包管理工具会拒绝卸载这些软件包。\n\n"
            "* 这一行是另一个列表的开头，不属于优先级。\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("软件包的优先级有哪些？")
    assert not answer.refused, answer.text
    assert all(word in answer.text for word in ("必需（Required）", "重要（Important）", "可选（Optional）")), answer.text
    assert "修复系统故障" not in answer.text and "另一个列表" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_lead_in_is_answered_with_every_dash_bullet_also_when_its_items_start_with_chinese(tmp_path):
    """"- 在所有…" is a bullet as "- Debian…" is (the search form drops the space before a Chinese
    character); "-l", an option, is none."""
    text = ("# 测试版\n\n软件包略为成熟后，才能成为测试版的候选。根据以下的品管保证细目，每天都有程序被自动选入测试版：\n\n"
            "- 在所有官方支持的架构里编绎成功;\n- 没有严重错误，或至少比目前版本较少错误;\n"
            "- 至少置于不稳定版中5天；\n- 满足测试版对依赖关系的要求。\n\n"
            "此系统不是万无一失的；在测试版中也经常发现软件包的严重错误。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("软件包每天被自动选入测试版要满足哪些品管标准？")
    assert not answer.refused, answer.text
    assert all(word in answer.text for word in ("编绎成功", "没有严重错误", "5天", "依赖关系")), answer.text
    assert "万无一失" not in answer.text, answer.text
    assert_exact(answer, assistant)
    assert BULLETED.match("-在所有官方支持的架构里编绎成功;") and not BULLETED.match("-l 选项")


def test_an_entry_of_a_list_says_what_its_lead_in_says_it_is_of_for_the_thing_its_label_names(tmp_path):
    """"最低限度的磁盘空间需求…：" then "LTSP 服务器：40 GiB。": the entry answers how much disk space the LTSP
    server needs; an entry whose label names another thing does not answer for the thin client."""
    text = ("# 硬件需求\n\n运行本系统的计算机必须有 32 位或者 64 位的 x86 处理器，这是最基本的要求。\n\n"
            "瘦客户端能够仅有 256 MiB RAM 而且是 400 MHz 的处理器，但推荐用更多的 RAM。\n\n"
            "最低限度的磁盘空间需求取决于所安装的设定：\n\nLTSP 服务器：40 GiB。\n\n工作站或独立系统：30 GiB。\n\n"
            "minimal networked machine installation: 4 GiB.\n\nLTSP 服务器在使用缺省网络架构时需要两个网卡：\n\n"
            "eth0 连接到主网，使用 eth1 为 LTSP 客户端服务。\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("LTSP 服务器最少需要多少磁盘空间？")
    assert not answer.refused and "40 GiB" in answer.text, answer.text
    assert_exact(answer, assistant)
    assert assistant.ask("瘦客户端最少需要多少磁盘空间？").refused


def test_a_version_is_named_by_its_number_after_a_word_for_version_in_an_article_about_it(tmp_path):
    """"版本 7 wheezy" in an article about Debian names Debian 7; no sentence names Debian 12."""
    text = ("# Debian 常见问题\n\nDebian 是一个自由的操作系统，由志愿者维护。\n\n"
            "已经用过的代号有：版本 6.0 squeeze、版本 7 wheezy、版本 8 jessie。\n\n"
            "这些代号都来自电影《玩具总动员》系列的角色。\n")
    assert_refuses_then_answers(_assistant_over(tmp_path, text), "Debian 12 的代号是什么？", "Debian 7 的代号是什么？",
                                "wheezy")


def test_a_name_asked_for_is_answered_by_a_sentence_that_gives_it_without_saying_name(tmp_path):
    """"…的名称是什么" asks for a name, which the sentence gives without the word 名称; what else the
    question asks about the thing (its address) the sentence must still say."""
    text = ("# 服务\n\n主服务器提供多种网络服务，所有服务都分配了专用 DNS 名称。\n\n"
            "中央 CUPS 打印服务器 ipp.intern，允许属于 printer-admins 组的用户管理 CUPS。\n\n"
            "Icinga 只限于第一个用户通过 web 界面管理。\n")
    assert_refuses_then_answers(_assistant_over(tmp_path, text, *_UNRELATED), "中央 CUPS 打印服务器的端口号是什么？",
                                "中央 CUPS 打印服务器的名称是什么？", "ipp.intern")


def test_a_lead_in_is_answered_with_entries_whose_labels_are_written_in_latin_letters(tmp_path):
    """"Upstream maintainer (上游维护者)：…" is an entry as "上游维护者：…" is: a Latin word counts as one."""
    text = ("# 角色\n\n在 Debian 社区中有这几类常见的角色：\nUpstream author (上游作者)：程序的原始作者。\n"
            "Upstream maintainer (上游维护者)：目前在上游维护程序代码的人。\n"
            "Sponsor (保证人)：检查内容后帮助维护者上传软件包到 Debian 官方仓库的人。\n"
            "注意，你不可能在一夜之间成为 Debian Developer，因为这需要的远不只是技术技巧。\n")
    assistant = _assistant_over(tmp_path, text)
    answer = assistant.ask("Debian 社区中有哪几类常见的角色？")
    assert not answer.refused, answer.text
    assert all(label in answer.text for label in ("Upstream author", "Upstream maintainer", "Sponsor")), answer.text
    assert "一夜之间" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_row_of_a_table_says_what_its_heading_row_says_its_cells_are(tmp_path):
    """"| imgtool | … | 812 |" under "| 软件包 | 流行度 | 大小 | 说明 |" gives imgtool's size; the table's rows,
    however long, are each a sentence of their own."""
    text = ("# 工具\n\n下面列出几个常用的图像处理软件包，供系统管理员参考。\n\n"
            "| 软件包 | 流行度 | 大小 | 说明 |\n|---|---|---|---|\n"
            "| imgtool | V:12, I:80 | 812 | 可以批量转换图像格式，例如 png、jpeg、webp 等，并保留原有的元数据信息 |\n"
            "| pixfix | V:3, I:41 | 344 | 修复损坏的图像文件，适合处理从旧硬盘或者存储卡中恢复出来的照片文件 |\n"
            "| thumbd | V:0, I:5 | 90 | 为目录中的图像生成缩略图 |\n\n"
            "这些软件包都可以通过系统自带的包管理器安装。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("imgtool 软件包的大小是多少？")
    assert not answer.refused and "812" in answer.text and "pixfix" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_sentence_naming_a_sibling_of_an_asked_word_outweighs_one_that_names_neither(tmp_path):
    """"…每一个关机步骤…" asked, where the article says "…每一个启动步骤…": the sentence that matches the
    question best names another step, so a weaker one that names no step at all does not answer it."""
    text = ("# 启动分析\n\n| 功能 | 命令 |\n|---|---|\n"
            "| 打印所有单元所用的时间 | tool-a blame |\n"
            "| 打印每一个启动步骤所用的时间 | tool-a time |\n"
            "| 检查单元文件的错误 | tool-a verify |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("哪个命令可以打印每一个关机步骤所用的时间？")
    assert answer.refused and "启动" in answer.text.split("\n")[0], answer.text
    assert "tool-a time" in answer.text  # the nearest fact, cited
    assert_exact(answer, assistant)
    answer = assistant.ask("哪个命令可以打印每一个启动步骤所用的时间？")
    assert not answer.refused and "tool-a time" in answer.text, answer.text


@pytest.mark.parametrize("question, label", [
    ("内核错误级别 8 的名称是什么？", ("8", "级别")),
    ("从内核 5.6 版本起，有几种命名空间？", ("5.6", "版本")),
    ("端口 587 是做什么的？", ("587", "端口")),
    ("umask 值为 0077 时创建的文件权限是什么？", ("0077", "值为")),  # a value a setting has
    ("第3名是谁？", None),  # a place in an order
    ("有3个平台吗？", None),  # a count
    ("Debian 7 的代号是什么？", None),  # a version of a name in Latin letters
])
def test_a_number_a_question_names_a_thing_by_is_a_constraint(question, label):
    labels = [(c.value, c.stem) for c in analyse(question).constraints if c.kind == "label"]
    assert labels == ([label] if label else [])


def test_a_place_in_an_order_the_article_never_writes_is_not_referred_back_to(tmp_path):
    """"第五个数字" of an article that never writes 第五: no sentence of it refers back to that digit."""
    text = ("# 权限\n\nchmod(1)有另一种数值模式来描述文件权限。这种数字模式使用3到4位八进制数。\n\n"
            "如果你把命令输出的前几列看成以二进制表示文件的权限，你应该可以理解用数字模式值的最后3位数字对文件权限"
            "的八进制表示。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("chmod 数字模式中第五个数字表示什么？")
    assert answer.refused, answer.text


def test_a_number_a_question_names_a_thing_by_must_be_named_by_the_sentence(tmp_path):
    """"级别 7" asked of a table of levels 0 to 3: no row answers, though every row gives a name; "5.6 版本"
    said where "4.8 版本" is asked is the neighbouring fact."""
    text = ("# 内核\n\n内核的错误级别决定哪些消息显示在控制台上。\n\n| 错误级别值 | 错误级别名称 | 说明 |\n|---|---|---|\n"
            "| 0 | KERN_EMERG | 系统不可用 |\n| 1 | KERN_ALERT | 必须立即采取行动 |\n| 2 | KERN_CRIT | 危险条件 |\n"
            "| 3 | KERN_ERR | 错误条件 |\n\n从内核 5.6 版本起，有 8 种命名空间。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "内核错误级别 7 的名称是什么？", "内核错误级别 2 的名称是什么？", "KERN_CRIT")
    assert "KERN_ERR" not in assistant.ask("内核错误级别 2 的名称是什么？").text
    answer = assistant.ask("从内核 4.8 版本起，有几种命名空间？")
    assert answer.refused and "“5.6”，不是“4.8”" in answer.text, answer.text
    assert_refuses_then_answers(assistant, "从内核 4.8 版本起，有几种命名空间？", "从内核 5.6 版本起，有几种命名空间？", "8种")


@pytest.mark.parametrize("form, kind", [("系统主机名保存在哪个文件里?", "文件"), ("配置放在什么目录下?", "目录"),
                                        ("治疗了什么疾病?", "疾病"), ("能用在什么医疗场景里?", "")])
def test_the_kind_a_question_asks_for_is_read_before_a_word_of_place(form, kind):
    from rag.questions import asked_kind

    assert asked_kind(form) == kind


def test_a_question_asking_in_which_file_is_answered_by_the_sentence_that_gives_the_file(tmp_path):
    """"…保存在哪个文件里？": the sentence that answers gives the file ("/etc/hostname") without the word 文件."""
    text = ("# 主机名\n\n在启动的时候，由系统服务设置系统的主机名，此主机名保存在 \"/etc/hostname\"。\n\n"
            "内核维护系统主机名。不带参数运行 hostname 命令可以打印出当前的主机名。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("系统主机名保存在哪个文件里？")
    assert not answer.refused and "/etc/hostname" in answer.text, answer.text
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, sentence, holds", [
    ("LTSP 服务器最少需要多少内存？", "DHCP 在主服务器上为 10.0.0.0/8 网络工作，提供运行内存测试的引导菜单。", False),
    ("最多可以连接多少台打印机？", "设置 socket://<workstation ip>:9100 作为连接 URI。", False),
    ("最多可以连接多少台打印机？", "配置打印机使用 web 界面 https://www.intern:631；", False),
    ("LTSP 服务器最少需要多少内存？", "对于工作站，1024 MiB 的内存是最低限度的需求。", True),
    ("路由器内部接口的 IP 地址是多少？", "内部接口运行在 IP 地址 10.0.0.1 上。", True),  # an address is asked for
])
def test_a_number_of_an_address_is_no_count_or_amount(question, sentence, holds):
    analysis = analyse(question)
    assert analysis.has_value(normalize_query(sentence).lower()) == holds


def test_a_list_question_is_answered_with_the_bullets_after_a_sentence_that_announces_them_without_a_colon(tmp_path):
    """"…，把它们在 /etc/modules 文件里列出。" and then bullets: its items, up to the paragraph after them."""
    text = ("# 模块\n\n通过 modprobe 程序添加和删除内核模块。\n\n"
            "下面的非硬件模块和特殊的硬件驱动模块，需要被预先加载，把它们在 /etc/modules 文件里列出。\n"
            "• TUN/TAP 模块提供虚拟的点对点网络设备，\n• netfilter 模块提供防火墙能力，\n• watchdog timer 驱动模块。\n"
            "modprobe 程序的配置文件放在 /etc/modprobe.d/ 目录下。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("需要被预先加载、列在 /etc/modules 里的模块有哪些？")
    assert not answer.refused and all(w in answer.text for w in ("TUN/TAP", "netfilter", "watchdog")), answer.text
    assert "modprobe.d" not in answer.text
    assert_exact(answer, assistant)


def test_the_items_of_a_list_inside_a_bullet_end_at_the_next_bullet_of_the_outer_list(tmp_path):
    text = ("# 软件包\n\n我们鼓励你作为一个新维护人员，选择易于打包和维护的软件包。\n"
            "• 简单软件包\n◦ 单二进制软件包，比如像壁纸那样的数据集\n• 高复杂软件包\n◦ 被其他软件包使用的解释器模块包\n"
            "◦ 多上游的源码包\n◦ 内核补丁软件包\n• 特殊软件包\n◦ 没有源代码的软件包\n"
            "打包高复杂软件包并非难如登天，但需要更多知识。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("高复杂软件包包括哪些？")
    assert not answer.refused and all(w in answer.text for w in ("解释器模块包", "多上游的源码包", "内核补丁软件包"))
    assert "没有源代码" not in answer.text and "壁纸" not in answer.text, answer.text
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question, fact", [
    ("轻量目录访问协议的开源实现是什么软件？", "OpenLDAP"),  # 存取 is Taiwan's 访问
    ("从哪个版本的内核开始，Capabilities 是线程独立的属性？", "2.2"),  # 執行緒 is Taiwan's 线程
    ("对于 IPv4，MTU 是没有 IP 分片的最大数据包大小加上多少字节？", "28"),  # 資料 is Taiwan's 数据 (of 最大数据)
])
def test_a_word_in_taiwans_usage_is_the_asked_word_not_another(tmp_path, question, fact):
    text = ("# 認證\n\n現代的集中式系統管理可以使用 LDAP 伺服器進行部署。輕量目錄存取協議的開源實現是 OpenLDAP 軟體。\n\n"
            "Linux 把傳統的超級使用者相關的特權分開到不同的單元，被稱為 capabilities(7)，它能夠獨立的啟用和禁用。"
            "從 2.2 版本核心開始，Capabilities 是一個執行緒獨立的屬性。\n\n網路管理器通常會自動設定最佳 MTU。"
            "MTU 是最大可完成沒有 IP 分片的資料包大小加上 28 位元組（IPv4）或 48 位元組（IPv6）。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask(question)
    assert not answer.refused and fact in answer.text, answer.text
    assert_exact(answer, assistant)


def test_the_mainland_reading_of_a_word_of_taiwan_is_no_swap_for_it():
    from rag.script import mainland_reading

    assert [mainland_reading(w) for w in ("存取", "档案", "执行绪", "国内", "并非基于", "帐号")] == [
        "访问", "文件", "线程", "国内", "并非基于", "账号"]  # 帳號 is written 帐号 by OpenCC, 账号 by the mainland
    verdict = check(analyse("要把 root 账号条目的第二段改成什么样？"), "使 root 帐号条目的第二段为空。",
                    compact("编辑/etc/passwd档案，使root帐号条目的第二段为空。"))
    assert verdict.ok, verdict


def test_a_table_row_under_a_heading_naming_the_asked_kind_states_it(tmp_path):
    """"使用哪個埠" of a row under "| 不安全的服務名 | 埠 | 安全的服務名 | 埠 |": the row says which port,
    whatever verb asks it, also when its passage starts with the heading row."""
    text = ("# 服務\n\n許多流行的傳輸層服務，互動資訊使用純文字的密碼認證。你能夠執行這些服務，使用 \"Transport Layer "
            "Security\" (TLS) 或它的前身, \"Secure Sockets Layer\" (SSL) ，通過加密來使包括密碼在內的整個通訊更加安全。\n"
            "表格 4.7. 安全和不安全的服務埠列表\n"
            "| 不安全的服務名 | 埠 | 安全的服務名 | 埠 |\n|---|---|---|---|\n| www (http) | 80 | https | 443 |\n"
            "| smtp (郵件) | 25 | ssmtp (smtps) | 465 |\n| imap2 | 143 | imaps | 993 |\n| ldap | 389 | ldaps | 636 |\n"
            "加密消耗 CPU 時間。作為對 CPU 有益的替代方案，你可以保持使用純文字通訊，僅僅使用安全認證協議加密密碼。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED * 4)  # ldaps as rare as in a corpus
    answer = assistant.ask("ldaps 使用哪個埠？")
    assert not answer.refused and "636" in answer.text, answer.text
    assert_exact(answer, assistant)
    # asked in the mainland's word (端口), the heading's 埠 names the asked kind all the same
    answer = assistant.ask("imaps 使用哪个端口？")
    assert not answer.refused and "993" in answer.text, answer.text


def test_a_row_of_a_long_table_is_read_under_its_heading_though_its_passage_starts_below_it(tmp_path):
    """A passage that starts inside a table still reads its rows under the heading ("新的 newkit", which the
    question names); the heading row itself names what the cells hold and answers nothing."""
    rows = "".join(f"| tool{i}(8) | nk op{i} | 第 {i} 種條目 |\n" for i in range(1, 25))
    text = ("# 網路\n\n在 Linux 上的底層網路配置，使用 newkit 程式。newkit 指令集提供完整的底層網路配置能力。"
            "有個從舊的 oldkit 指令集到新的 newkit 指令集的轉換表。\n"
            "表格 5.3. 從舊的 oldkit 指令集到新的 newkit 指令集轉換表\n| 舊的 oldkit | 新的 newkit | 操作 |\n|---|---|---|\n"
            + rows + "| arpx(8) | nk neigh | ARP 快取條目 |\n你可以按下面的方式安全的使用底層網路指令。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED * 4)
    hit = next(h for h in assistant.retriever.search("nk neigh", k=8) if "nk neigh" in h.text)
    assert "舊的 oldkit |" not in hit.text  # the premise: the row's passage starts below the heading
    answer = assistant.ask("newkit 的 nk neigh 對應舊的 oldkit 裡的哪個指令？")
    assert not answer.refused and "arpx" in answer.text, answer.text
    assert "|舊的oldkit|新的newkit|操作|" not in answer.text.replace(" ", ""), answer.text
    assert_exact(answer, assistant)


def test_the_row_a_question_names_by_a_cell_answers_it_with_its_heading(tmp_path):
    """"C 类网络地址的子网掩码": the row whose first cell is C, not the heading row that says 子网掩码 nor the rows
    of the other classes, which share the heading."""
    text = ("# 地址\n\n讓我們重新提醒下在 rfc1918 裡規定的區域網 IPv4 32 位地址在各類地址的保留範圍。\n"
            "表格 5.2. 網路地址範圍列表\n| 類別 | 網路地址 | 子網掩碼 | 子網掩碼/位數 | 子網數 |\n|---|---|---|---|---|\n"
            "| A | 10.x.x.x | 255.0.0.0 | /8 | 1 |\n| B | 172.16.x.x — 172.31.x.x | 255.255.0.0 | /16 | 16 |\n"
            "| C | 192.168.0.x — 192.168.255.x | 255.255.255.0 | /24 | 256 |\n"
            "對於使用 systemd 的現代桌面系統，網路介面通常由兩個服務進行初始化。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("C 类网络地址的子网掩码是什么？")
    assert not answer.refused and "255.255.255.0" in answer.text, answer.text
    assert "255.0.0.0" not in answer.text and "子网掩码/位数" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_row_whose_cell_holds_an_ellipsis_is_quoted_whole(tmp_path):
    """"哪个软件包提供 Zstandard…": the "…" of a row's command cell does not cut the package's name off the
    description that the question quotes."""
    text = ("# 壓縮\n\n以下是 Debian 系統上可用的存檔和壓縮工具的預覽。\n表格 10.1. 存檔和壓縮工具列表\n"
            "| 軟體包 | 流行度 | 大小 | 副檔名 | 指令 | 描述 |\n|---|---|---|---|---|---|\n"
            "| gzip | V:882, I:999 | 252 | .gz | gzip(1), zcat(1), … | GNU LZ77 壓縮工具（預設） |\n"
            "| zstd | V:34, I:91 | 2027 | .zstd | zstd(1), zstdcat(1), … | Zstandard 快速無失真壓縮工具 |\n"
            "| zip | V:47, I:398 | 623 | .zip | zip(1) | InfoZip：DOS 歸檔器和壓縮工具 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("哪個軟體包提供 Zstandard 快速無失真壓縮工具？")
    assert not answer.refused and "zstd" in answer.text.replace("Zstandard", ""), answer.text
    assert_exact(answer, assistant)


def test_a_row_is_the_record_of_its_first_cell_not_of_the_rows_beside_it(tmp_path):
    """"BackupPC 是哪所大学开发的": the amanda rows say 馬里蘭大學開發的, and BackupPC's own row, below them, says
    no university; a row answers for the thing its first cell names, whose own row the article has."""
    text = ("# 備份\n\n以下是 Debian 系統上值得注意的實用備份程式套件的列表。\n表格 10.5. 實用備份程式套件列表\n"
            "| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| dump | V:1, I:5 | 351 | 4.4 BSD dump(8) 和 restore(8) 指令用於 ext2/ext3/ext4 檔案系統 |\n"
            "| amanda-common | V:0, I:2 | 9937 | Amanda: 馬里蘭大學開發的高階自動化網路磁碟歸檔器（庫） |\n"
            "| amanda-client | V:0, I:2 | 1085 | Amanda: 馬里蘭大學開發的高階自動化網路磁碟歸檔器（客戶端） |\n"
            "| backup-manager | V:0, I:1 | 571 | 指令列備份工具 |\n"
            "| backuppc | V:2, I:2 | 3178 | BackupPC 是用於備份 PC 機資料（基於磁碟）的高效能的企業級工具 |\n"
            "| duplicity | V:19, I:40 | 1859 | (遠端) 增量備份 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "BackupPC 是哪所大学开发的？", "Amanda 是哪所大学开发的？", "马里兰大学")
    answer = assistant.ask("BackupPC 是哪所大学开发的？")
    assert "amanda" in answer.text, answer.text  # the nearest fact, cited


def test_bulleted_entries_are_read_under_the_sentence_before_them(tmp_path):
    """"闪存的最大写次数是多少": "• 大於10,000次：快閃記憶體" says it under "…可以檢視儲存介質的最大的寫次數。",
    which ends in no colon; the entry names the thing after its colon, in Taiwan's word."""
    text = ("# 儲存\n\n網上（主要是來源於供應商資訊）可以檢視儲存介質的最大使用壽命。\n• 大於100年：用墨水的無酸紙\n"
            "• 100年：光碟儲存（CD/DVD，CD/DVD-R）\n• 30年：磁帶儲存（磁帶，軟盤)\n這不包括由於人為導致的機械故障等等。\n"
            "網上（主要來源於供應商資訊）可以檢視儲存介質的最大的寫次數。\n• 大於250,000次：硬碟驅動器\n"
            "• 大於10,000次：快閃記憶體\n• 1,000次：CD/DVD-RW\n• 1次：CD/DVD-R，紙\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("闪存的最大写次数是多少？")
    assert not answer.refused and "10,000次" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_figure_asked_for_by_its_letters_is_given_only_by_a_sentence_that_names_them(tmp_path):
    """"流行度 V 值": the bacula-client row gives I:3 and no V, so it is refused, saying which it gives; the
    bacula-common row gives V:10."""
    text = ("# 備份\n\n以下是 Debian 系統上值得注意的實用備份程式套件的列表。\n表格 10.5. 實用備份程式套件列表\n"
            "| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| bacula-common | V:10, I:12 | 2120 | Bacula: 網路資料備份，恢復和核查-常見的支援檔案 |\n"
            "| bacula-client | I:3 | 183 | Bacula: 網路資料備份，恢復和核查-客戶端元軟體包 |\n"
            "| backuppc | V:2, I:2 | 3178 | BackupPC 是用於備份 PC 機資料（基於磁碟）的高效能的企業級工具 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "bacula-client 软件包的流行度 V 值是多少？",
                                "bacula-common 软件包的流行度 V 值是多少？", "V:10")
    answer = assistant.ask("bacula-client 软件包的流行度 V 值是多少？")
    assert "“I”，不是“V”" in answer.text and "I:3" in answer.text, answer.text


def test_a_manual_page_in_another_section_is_another_page(tmp_path):
    """"postconf(8)": the table gives postconf(1), the tool, and postconf(5), its parameters; neither is the
    asked page, and the refusal says which it gives."""
    text = ("# Postfix\n\n下面是 Postfix 工具的列表。\n表格 6.9. 重要的 postfix 手冊頁列表\n| 命令 | 功能 |\n|---|---|\n"
            "| postfix(1) | Postfix 控制程式 |\n| postconf(1) | Postfix 配置工具 |\n| postconf(5) | Postfix 配置參數 |\n"
            "| postmap(1) | Postfix 查找表維護 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "postconf(8) 手册页的功能是什么？", "postconf(5) 手册页的功能是什么？", "配置参数")
    answer = assistant.ask("postconf(8) 手册页的功能是什么？")
    assert "不是“postconf(8)”" in answer.text, answer.text


def test_the_default_of_a_thing_is_given_only_by_a_sentence_that_says_it_is_the_default(tmp_path):
    """"Debian 默认的 MTU 值": the article gives the MTU of two links, and no default; the default MTA is
    named in its row (also in Taiwan's word, 預設)."""
    text = ("# Debian 網路設定\n\nDebian 系統上，網路管理器通常會自動設定最佳最大傳輸單元(MTU)。\n"
            "下面的列子，發現 IPv4 連線的 MTU 是 1460，IPv6 連線的 MTU 是 1500。\n"
            "MTU 是最大可完成沒有 IP 分片的資料包大小加上 28 位元組（IPv4）。\n"
            "表格 6.3. 基本的郵件傳輸代理相關的軟體包列表\n| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| exim4-daemon-light | V:264, I:278 | 1493 | Exim4 郵件傳輸代理 (MTA : Debian 預設的) |\n"
            "| postfix | V:141, I:152 | 3985 | Postfix 郵件傳輸代理 (MTA : 安全的替代品) |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "Debian 默认的 MTU 值是多少？", "IPv6 连线的 MTU 是多少？", "1500")
    answer = assistant.ask("Debian 默认的邮件传输代理是哪个软件包？")
    assert not answer.refused and "exim4-daemon-light" in answer.text, answer.text


def test_a_name_the_article_writes_in_taiwans_word_is_named(tmp_path):
    """"公共互联网": an article written in Taiwan says 網際網路; the question's name is found as that."""
    text = ("# 安全\n\n許多流行的傳輸層服務，互動資訊使用純文字的密碼認證。\n"
            "這是非常差的方式，通過公共的網際網路傳輸純文字密碼，密碼能夠被截獲到。\n"
            "你能夠執行這些服務，通過加密來使包括密碼在內的整個通訊過程都是安全的。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("为什么通过公共互联网传输纯文本密码是很差的方式？")
    assert not answer.refused and "截获" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_common_words_of_what_is_asked_do_not_outweigh_the_value_the_sentence_gives(tmp_path):
    """"那只三只眼外星人的名字被用在了哪个版本上": what it asks is said by the 用 that nearly every passage has;
    the sentence that names the version it was given to answers, though it says 是 where the question
    says 用."""
    items = ["* lenny（Debian 5.0）是那个玩具望远镜，", "* squeeze（Debian 6）是那个三只眼的外星人的名字，",
             "* wheezy（Debian 7）是那只戴着红领结的橡胶玩具企鹅，", "* jessie（Debian 8）是那个唱着约德尔的女牛仔，"]
    text = ("# 代号\n\n到目前为止，这些代号都来自皮克斯电影《玩具总动员》系列的角色。\n" + "\n".join(items) + "\n"
            + "".join(f"第 {i} 个版本用到的软件包用在了服务器上，也用在了工作站上。\n" for i in range(6)))
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("那只三只眼外星人的名字被用在了哪个版本上？")
    assert not answer.refused and "Debian 6" in answer.text, answer.text
    assert_exact(answer, assistant)


@pytest.mark.parametrize("text, phrases", [
    ("cp950用于哪种文字?", ["cp950用于", "文字"]),  # 种 goes with the 哪 that asks, not with what is asked
    ("王延峰毕业于哪所大学?", ["王延峰毕业", "大学"]),
    ("主要由哪部分构成?", ["主要由", "部分构成"]),  # 部分 is a word, not 哪部 and 分
])
def test_the_measure_word_of_an_asking_word_is_not_a_content_word(text, phrases):
    from rag.evidence import content_phrases

    assert content_phrases(text) == phrases


def test_a_code_page_row_answers_which_script_it_is_for(tmp_path):
    """"CP950 用于哪种文字": its row, under a heading that says 用法, says 用于繁体中文."""
    text = ("# 编码\n\n表 11.2. 编码值和用法的列表\n| 编码值 | 用法 |\n|---|---|\n"
            "| CP936 | code page 936，用于简体中文的微软操作系统风格的 GB2312，GBK 或者 GB18030 的变体 |\n"
            "| CP949 | code page 949，用于韩语的微软操作系统风格的 EUC-KR 或者 Unified Hangul Code 的变体 |\n"
            "| CP950 | code page 950，用于繁体中文的微软操作系统风格的 Big5 的变体 |\n"
            "| CP1251 | code page 1251，用于西里尔字母的微软操作系统风格的编码 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("CP950 用于哪种文字？")
    assert not answer.refused and "繁体中文" in answer.text, answer.text


def test_a_how_question_gets_the_commands_the_sentence_announces(tmp_path):
    """"如何检查…是不是用 UTF-8 编码的": the sentence says its means are the command below it ("通过如下命令…"),
    which the answer gives, cited."""
    text = ("# 编码\n\n你能够通过如下的命令用 iconv(1) 来转换文本文件的编码。\n"
            "$ iconv -f encoding1 -t encoding2 input.txt >output.txt\n"
            "编码值是大小写不敏感的，且会在匹配时忽略连字符。\n"
            "你能够通过如下命令用 iconv(1) 来检查一个文本文件是不是用 UTF-8 编码的。\n"
            "$ iconv -f utf8 -t utf8 input.txt >/dev/null || echo non-UTF-8\n"
            "在上面的例子中使用 --verbose 参数来找到第一个 non-UTF-8 字符。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("如何检查一个文本文件是不是用 UTF-8 编码的？")
    assert not answer.refused and "iconv -f utf8 -t utf8" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_question_for_a_command_gets_the_command_line_after_a_sentence_that_points_to_it(tmp_path):
    """"…用什么命令": the sentence that says what is done, "下面是…。", names no command itself; the command line
    after it is the answer. A sentence that names its command ("使用 col(1) 去掉") is answer enough."""
    text = ("# 时间\n\nDebian 系统的时间通常显示为本地时间。\n下面是重新配置 Debian 系统使用的时区。\n"
            "$ sudo dpkg-reconfigure tzdata\n如果你希望通过网络来更新系统时间，考虑使用 NTP 服务。\n\n"
            "这些控制字符可以按下面的方式，使用 col(1) 去掉。\n$ script\nScript started, file is typescript\n"
            "$ col -bx < typescript > cleanedfile\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("重新设置 Debian 系统使用的时区用什么命令？")
    assert not answer.refused and "dpkg-reconfigure tzdata" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("文件里的控制字符可以用什么命令去掉？")
    assert not answer.refused and "col(1)" in answer.text and "$ script" not in answer.text, answer.text


def test_a_how_question_said_back_gets_the_commands_the_sentences_after_it_announce(tmp_path):
    """"如何清除所有已移除软件包的剩余配置文件": the sentence says it back; the means are the sentences after it
    that announce commands ("檢查以下指令的結果。", "…請執行以下指令。") and the commands, not the sentence before."""
    text = ("# 操作\n\n這種方式查詢精確的軟體包名稱很方便。\n您能清除所有已移除軟體包的剩餘配置檔案。\n"
            "檢查以下指令的結果。\n$ aptitude search '~c'\n如果您確認所列出的軟體包應當被完整刪除，請執行以下指令。\n"
            "$ sudo aptitude purge '~c'\n您可能想要在互動模式中做類似的操作。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("如何清除所有已移除软件包的剩余配置文件？")
    assert not answer.refused and "aptitude purge '~c'" in answer.text, answer.text
    assert "這種方式" not in " ".join(c.quote for c in answer.citations), answer.text
    assert_exact(answer, assistant)


def test_the_command_line_after_a_sentence_that_says_to_use_the_command_line_answers(tmp_path):
    """"在单用户模式下，用什么命令关闭系统": "可以使用命令行关闭系统。" names no command; the command line after it
    does. "如何创建…账户": "你可以使用下面的方式创建…" then the command."""
    text = ("# 关机\n\n就像任何其他的现代操作系统一样，Debian 会通过内存中的缓存数据进行文件操作以提高性能。\n"
            "在普通多用户模式下，为了在电源关闭前写回缓存，可以使用命令行关闭系统。\n$ sudo shutdown -h now\n"
            "在单用户模式下，为了在电源关闭前写回缓存，也可以使用命令行关闭系统。\n$ sudo poweroff -i -f\n"
            "你可以使用下面的方式创建一个练习用户账户，比如说，创建一个用户名为 fish 的账号。\n$ sudo adduser fish\n"
            "回答所有问题之后，这将创建一个名为 fish 的新账号，练习完成后可以删除它。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    for question, said in [("在单用户模式下，用什么命令关闭系统？", "poweroff -i -f"),
                           ("如何创建一个练习用户账户 fish？", "adduser fish")]:
        answer = assistant.ask(question)
        assert not answer.refused and said in answer.text, (question, answer.text)
        assert_exact(answer, assistant)


def test_a_list_question_gets_the_rows_of_the_table_after_the_sentence_that_names_them(tmp_path):
    """"有哪三种类型的时间戳": "…有三种类型的时间戳。" then the table's caption and the table: its rows."""
    text = ("# 时间戳\n\nGNU/Linux 文件有三种类型的时间戳。\n表 1.9. 时间戳类型列表\n| 类型 | 含义 |\n|---|---|\n"
            "| mtime | 文件修改时间 |\n| ctime | 文件状态修改时间 |\n| atime | 文件最后被访问的时间 |\n\n"
            "使用 touch(1) 命令修改已存在文件的时间戳。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("GNU/Linux 文件有哪三种类型的时间戳？")
    assert not answer.refused and all(t in answer.text for t in ("mtime", "ctime", "atime")), answer.text
    assert_exact(answer, assistant)


def test_a_why_question_gets_the_cause_after_an_aside_in_brackets(tmp_path):
    """"为什么…用 sed 代替 todos(1) 比较好": the sentence after it opens with an aside in brackets, then says
    "这是因为…"; the cause is given."""
    text = ("# 换行符\n\n换行符转换程序 fromdos(1) 和 todos(1) 是相当方便的。\n|  | 提示 |\n|---|---|\n"
            "|  | 对于混合 MSDOS 和 Unix 式样的文件，统一到 MSDOS 换行符式样，使用 \"sed -e '/\\r$/!s/$/\\r/'\" 代替 "
            "todos(1) 比较好。 (例如，在使用 diff3(1) 移植两个 MSDOS 式样的文件后.)这是因为 todos 给所有的行增加 CR. |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("为什么对混合 MSDOS 和 Unix 式样的文件，用 sed 代替 todos(1) 比较好？")
    assert not answer.refused and "给所有的行增加" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_two_names_the_dictionary_knows_apart_are_two_things_though_the_article_lacks_the_asked_one():
    """韩文 ("Korean written language", which jieba tags a person's name) asked, 日文 ("Japanese") said, in a
    chapter that writes 韩语 but never 韩文: another language's mail."""
    form = analyse("韩文邮件的标准编码是什么？").form
    sentence = normalize_query("| ISO-2022-JP | 日文邮件的标准编码，只使用 7 位字节 |").lower()
    article = compact(sentence + "用于韩语的微软操作系统风格的编码。").lower()
    assert substitution(form, sentence, sentence, article) == ("韩文", "日文")


def test_a_row_that_qualifies_its_thing_in_brackets_is_not_the_record_of_another_qualifier(tmp_path):
    """"用于 KDE 的图表编辑器": dia's row says 图表编辑器（Gtk）, where other rows put (KDE); it is refused, saying
    which it names, and the KDE photo viewer is still found for its question."""
    text = ("# 图形\n\n如下是关于图形数据转换、编辑和管理的工具包。\n表 11.17. 图形数据工具列表\n"
            "| 软件包 | 流行度 | 大小 | 关键词 | 说明 |\n|---|---|---|---|---|\n"
            "| dia | V:2, I:25 | 3908 | 图形（矢量） | 图表编辑器（Gtk） |\n"
            "| xfig | V:0, I:13 | 7798 | 图形（矢量） | 在图形界面下，交互式的生成图像变得方便 |\n"
            "| gwenview | V:26, I:90 | 11604 | 图像(Exif) | 图片浏览器（KDE） |\n"
            "| gthumb | V:4, I:18 | 5395 | 图像(Exif) | 图像浏览器（GNOME） |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "哪个软件包是用于 KDE 的图表编辑器？", "哪个软件包是用于 KDE 的图片浏览器？",
                                "gwenview")
    assert "“Gtk”，不是“KDE”" in assistant.ask("哪个软件包是用于 KDE 的图表编辑器？").text


def test_a_year_or_figure_the_article_never_writes_is_not_met_by_a_sentence_that_names_none(tmp_path):
    """A sentence that names no year may refer back to one its article gives, but not to one the article
    never writes: "2019 年…" of a chapter without years is refused with the nearest fact. A figure written
    without its measure word ("512卡" for "512张卡") is the asked one."""
    text = ("# 網路\n\nDebian 可以透過後臺守護程序管理軟體來管理網路連線，例如 NetworkManager (NM)。\n"
            "Debian 系統 NM 的官方文件位於 “/usr/share/doc/network-manager/README.Debian” 。\n"
            "訓練框架方面，該系統優化了分散式訓練中的通訊，512卡擴展效率達到76%。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "2019 年 Debian 系统 NM 的官方文档位于哪里？",
                                "Debian 系统 NM 的官方文档位于哪里？", "README.Debian")
    answer = assistant.ask("2019 年 Debian 系统 NM 的官方文档位于哪里？")
    assert "README.Debian" in answer.text  # the nearest fact, cited
    answer = assistant.ask("用512张卡训练时扩展效率能到多少？")
    assert not answer.refused and "76%" in answer.text, answer.text


def test_a_question_in_the_mainlands_words_finds_an_article_written_in_taiwans(tmp_path):
    """用户层程序 is 使用者層程式 in an article written in Taiwan, and 软件包 is 軟體包: the sentence that says it
    answers, and a figure the row does not give (下载次数) is not answered by the row's other figures."""
    text = ("# 防火牆\n\nNetfilter 使用 Linux 核心模組提供狀態防火牆和網路地址轉換框架。\n"
            "netfilter 主要的使用者層程式是 iptables(8)。你能從 shell 手工交付式的配置 netfilter。\n"
            "像 shorewall 這樣的配置幫助指令碼能夠使這個過程變得更簡單。\n\n"
            "表格 5.1. 網路配置工具一覽表\n| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| network-manager | V:363, I:428 | 14803 | 自動管理網路 |\n| ifupdown | V:586, I:983 | 199 | 啟動網路的標準工具 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("netfilter 主要的用户层程序是什么？")
    assert not answer.refused and "iptables" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("network-manager 软件包的下载次数是多少？")
    assert answer.refused, answer.text
    answer = assistant.ask("network-manager 软件包的大小是多少？")
    assert not answer.refused and "14803" in answer.text, answer.text


def test_the_count_a_list_question_asks_for_is_not_a_word_the_answer_must_say(tmp_path):
    """"哪两种框架": the sentence that names the two frameworks answers, though it does not say 两种."""
    text = ("# 網路\n\n對於典型的區域網環境，主機名還能夠通過組播 DNS 進行解析。\n• Avahi 提供 Debian 下的組播 DNS 發現框架。\n"
            "• 它和 Apple Bonjour 相當.\n\nNetfilter 使用 Linux 核心模組提供狀態防火牆和網路地址轉換 (NAT) 框架。\n"
            "netfilter 主要的使用者層程式是 iptables(8)。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("netfilter 提供哪两种框架？")
    assert not answer.refused and "防火" in answer.text and "NAT" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_row_deep_in_a_long_table_is_found_for_the_words_of_its_heading(tmp_path):
    """"mailer 软件包的大小": the passage that holds mailer's row starts below the table's heading, and the
    article names mailer in many other passages; read with its heading (软件包, 大小) the row's passage is
    found."""
    prose = "".join(f"配置 mailer 的第 {i} 步需要编辑配置文件，然后重新启动 mailer 服务来检查邮件队列。\n" for i in range(12))
    rows = "".join(f"| tool{i} | V:{i}, I:{i * 3} | {100 + i} | 第 {i} 个邮件工具，可以替代 mailer 的部分功能 |\n"
                   for i in range(30))
    text = ("# 邮件\n\n" + prose + "表 6.3. 基础的邮件工具列表\n| 软件包 | 流行度 | 大小 | 说明 |\n|---|---|---|---|\n"
            + rows + "| mailer | V:141, I:152 | 3985 | 邮件传输代理 |\n表格之后的一段正文。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("mailer 软件包的大小是多少？")
    assert not answer.refused and "3985" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_an_english_question_shares_no_swapped_word_with_a_chinese_sentence_by_its_letters(tmp_path):
    """"Which protocol does CUPS use?": the letters of the English question are no stretch of the Chinese
    sentence that answers, whatever Latin words it holds ("Mac OS X")."""
    text = ("# 打印\n\n在现代的 Debian 系统中，通用 UNIX 打印系统是事实上的标准。\n"
            "CUPS 使用 Internet Printing Protocol 互联网打印协议 (IPP). IPP 现在已经被其它操作系统，如 Windows XP 和 "
            "Mac OS X 支持。\n简单的发送任何数据到 lpr 命令，都将产生期望的打印输出。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("Which protocol does CUPS use?")
    assert not answer.refused and "IPP" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_why_question_said_back_by_an_item_gets_the_causes_a_later_lead_in_gives(tmp_path):
    """"为什么…不现实": an item says it back; "这是因为：" after the list leads in to the causes, item by item."""
    text = ("# 邮件\n\n现代邮件服务器有一些限制来最小化暴露滥用问题。\n"
            "• 在消费者级的网络上运行 SMTP 服务器来直接可靠的发送邮件到远端主机是不现实的。\n"
            "• 一个邮件能够被任何主机静悄悄的拒绝，除非它看起来是经过认证的。\n这是因为：\n"
            "• 从消费者级网络提供的主机连接到互联网的 SMTP 端口（25）已经被封锁了。\n"
            "• 从消费者级网络提供的主机发出到互联网的消息，只能够通过消息递交端口（587）发送。\n\n"
            "一些程序默认期望访问 sendmail 命令来发送邮件。\n")
    assert_answers(_assistant_over(tmp_path, text, *_UNRELATED),
                   "为什么在消费者级网络上运行 SMTP 服务器直接发送邮件到远端主机不现实？", "已经被封锁", "587")


_OPENSSH = ("# 远程访问\n\nSecure SHell (SSH) 是因特网上的安全连接方式。在 Debian 里面，有一个叫 OpenSSH 的免费 SSH "
            "版本，在 openssh-client 和 openssh-server 包里。\n")
_TELNET_TABLE = ("| 软件包 | 流行度 | 大小 | 工具 | 说明 |\n|---|---|---|---|---|\n"
                 "| telnet | V:52, I:861 | 53 | telnet(1) | TELNET 客户端 |\n"
                 "| shellinabox | V:0, I:1 | 507 | shellinaboxd(1) | 浏览器访问 VT100 终端模拟器 |\n")


@pytest.mark.parametrize("between", [
    "对于用户来讲, ssh(1) 功能比 telnet(1) 更加智能和安全.\n表 6.7. 服务器远程访问和工具列表\n",
    "对于用户来讲, ssh(1) 功能比telnet(1) 更加智能和安全. 不像 telnet命令, ssh 命令不会在遇到 telnet 的退出字符"
    "(初始默认是 CTRL-])时停止.\n",
])
def test_the_count_of_a_list_question_is_no_term_a_sentence_must_share(tmp_path, between):
    """"在哪两个软件包里": a sentence that names the two packages ("…包里") shares the question's name and
    what it asks, not its count; the table after it, of other packages, gives no items by its heading row
    or its rule."""
    assistant = _assistant_over(tmp_path, _OPENSSH + between + _TELNET_TABLE, *_UNRELATED)
    answer = assistant.ask("OpenSSH 在哪两个软件包里？")
    assert not answer.refused and "openssh-client" in answer.text and "openssh-server" in answer.text, answer.text
    assert "流行度" not in answer.text and "---" not in answer.text, answer.text
    assert_exact(answer, assistant)


@pytest.mark.parametrize("question", [
    "哪个文件应该只包含系统主机名，而不是全称域名？",
    "Which file should contain only the system hostname, not the fully qualified domain name?",
])
def test_a_sentence_that_points_back_to_the_asked_file_is_answered_with_the_one_that_names_it(tmp_path, question):
    """"这个文件应该只包含系统主机名": 这个 points at a file, it names none; the sentence before names it."""
    text = ("# 主机名\n\n内核维护系统主机名。在启动的时候，通过 systemd-hostnamed.service 启动的系统单位设置系统的主机名，"
            "此主机名保存在 \"/etc/hostname\"。这个文件应该只包含系统主机名，而不是全称域名。\n\n"
            "不带参数运行 hostname(1) 命令可以打印出当前的主机名。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert not analyse("哪个文件应该只包含系统主机名？").has_value("这个文件应该只包含系统主机名,而不是全称域名。")
    answer = assistant.ask(question)
    assert not answer.refused and "/etc/hostname" in answer.text and "全称域名" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_list_question_answered_by_a_tables_caption_gets_the_tables_rows(tmp_path):
    text = ("# 认证\n\n一般的 Unix 认证由 PAM 下的 pam_unix(8) 模块提供。它的 3 个重要文件如下，其内的条目使用冒号分隔。\n"
            "表格 4.1. pam_unix(8) 使用的 3 个重要配置文件\n| 文件 | 权限 | 说明 |\n|---|---|---|\n"
            "| /etc/passwd | -rw-r--r-- | 明文的用户账号信息 |\n| /etc/shadow | -rw-r----- | 安全加密的用户账号信息 |\n"
            "| /etc/group | -rw-r--r-- | 组信息 |\n下面是一些管理账号信息的重要命令。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("pam_unix 使用的 3 个重要配置文件是哪些？")
    assert not answer.refused and all(f in answer.text for f in ("/etc/passwd", "/etc/shadow", "/etc/group"))
    assert "|文件|权限|说明|" not in answer.text.replace(" ", ""), answer.text  # not the heading row
    assert_exact(answer, assistant)


def test_a_file_or_site_asked_for_is_answered_by_a_sentence_that_writes_one(tmp_path):
    """A near miss whose sentences name the package but no file is refused; the site asked for before the verb
    ("通过哪个网站发布") is answered by the sentence that writes it, and a command on its own line after the
    sentence that introduces it comes with it."""
    text = ("# 认证\n\nlibpam-ldap 和 libnss-ldap 让系统使用 LDAP 目录服务认证用户。\n"
            "Debian 使用 /etc/pam_ldap.conf 作为 libpam-ldap 的配置文件。\n"
            "libnss-ldap 是 NSS 模块，它用 LDAP 作为名称服务。\n"
            "所有的安全公告都通过 lists.example.org 发布。\n"
            "要列出已经加载的内核模块，请执行：\n\n$ lsmod\n"
            "系统的名字保存在 /etc/hostname 里。这个文件应该只包含主机名，而不是全称域名。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED * 4)
    assert_refuses_then_answers(assistant, "Debian 用哪个文件作为 libnss-ldap 的配置文件？",
                                "Debian 用哪个文件作为 libpam-ldap 的配置文件？", "/etc/pam_ldap.conf")
    answer = assistant.ask("Debian 用哪个文件作为 libnss-ldap 的配置文件？")
    assert "libpam-ldap" in answer.text, answer.text  # what the article says instead
    answer = assistant.ask("安全公告是通过哪个网站发布的？")
    assert not answer.refused and "lists.example.org" in answer.text, answer.text
    answer = assistant.ask("用哪个命令列出已经加载的内核模块？")
    assert not answer.refused and "lsmod" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("哪个文件应该只包含主机名，而不是全称域名？")  # "这个文件" refers to the one before
    assert not answer.refused, answer.text


def test_a_sentence_announcing_what_follows_without_a_colon_is_answered_with_its_items(tmp_path):
    """"…每项含义如下。" announces its bullets as a colon would, and they answer also a question that asks
    what a term means (每项含义)."""
    text = ("# 账号\n\n“/etc/group” 包含下列内容。\n\ngroup1:x:20:user1,user2\n\n"
            "如 group(5) 中所述，这个文件中被 “:” 分隔的每项含义如下。\n\n"
            "• 组名称\n• 加密后的密码（不会被真正使用）\n• 使用 “,” 分隔的用户名列表\n\n"
            "下面是一些管理账号信息的重要命令。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("/etc/group 中用 “:” 分隔的每项含义是什么？")
    assert not answer.refused and all(item in answer.text for item in ("组名称", "加密后的密码", "用户名列表")), answer.text
    assert_exact(answer, assistant)


def test_a_sentence_that_counts_things_is_answered_with_the_sentences_after_it_that_say_what_each_is(tmp_path):
    """"SSH 还涉及两个文件传输服务。" then "scp 是…", a command line, "sftp 是…": the two are scp and sftp, not
    the command line; a count the sentences after it do not reach gives no such items."""
    page = ("<html><body><h1>远程登录</h1><p>SSH 通信协议以安全与可靠为首要考量。以 SSH 连接是安全的：伙伴需认证且数据交换"
            "经过加密。</p><p>SSH 还涉及两个文件传输服务。 scp 是一个可以像 cp 命令一样使用的命令行工具。</p>"
            "<pre>$ scp file machine:/tmp/</pre><p>sftp 是一个交互命令，类似于 ftp。在一个单独会话中，sftp 可以传输多个文件。"
            "</p><p>Debian 使用 OpenSSH，一个由 OpenBSD 项目维护的自由版本。</p></body></html>")
    assistant = _assistant_over(tmp_path, page, *_UNRELATED, name="a.html")
    answer = assistant.ask("SSH 还涉及哪两个文件传输服务？")
    said = answer.text.replace(" ", "")
    assert not answer.refused and "scp是一个" in said and "sftp是一个" in said, answer.text
    assert "machine:/tmp/" not in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("SSH 还涉及哪三个文件传输服务？")
    assert "sftp是一个" not in answer.text.replace(" ", ""), answer.text


def test_a_sentence_pointing_back_to_the_kind_asked_is_answered_with_what_it_points_to(tmp_path):
    """"這個欄位引進有趣的 “虛擬套件” 概念。" answers "哪个字段引进了虚拟套件的概念" (欄位 is Taiwan's 字段) with the
    heading before it, which names the field; a sentence that points back to no thing of the asked kind does
    not bring the sentence before it."""
    text = ("# 5.2. 軟體套件中介資訊\n\ndpkg 不會安裝衝突的套件，除非新套件指明取代被衝突的套件，dpkg 才會以新的套件取代舊的套件。\n\n"
            "## 5.2.1.4. 提供項目：Provides 欄位\n\n這個欄位引進有趣的 “虛擬套件” 概念。它有很多角色，其中兩個特別重要。\n\n"
            "## 5.2.1.5. 取代檔案：Replaces 欄位\n\n套件變更名稱或被包入其他套件時，就可合理地使用此欄位。已安裝套件內的所有"
            "檔案都被取代後，就該移除此套件。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_answers(assistant, "哪个字段引进了虚拟套件的概念？", "Provides", "虚拟套件")
    answer = assistant.ask("已安装套件内的所有文件都被取代后，应该做什么？")
    assert "Replaces" not in answer.text, answer.text
    # a sentence that names the thing itself, in Latin letters, after pointing to it needs nothing before it
    assert not _points_to_kind_asked("这个邮箱control@bugs.debian.org用于编辑与该错误有关的所有“元信息”。",
                                     "哪个邮箱用于编辑与错误有关的所有元信息?")


def test_a_pair_of_characters_across_a_word_of_one_character_is_no_unit_of_what_is_asked(tmp_path):
    """"瘦客户机现在用什么来设置": 来设 joins 来 to 设置 and is no word a sentence says; the sentence that
    answers ("…现在使用 X2Go 设置") is supported. The pairs inside a word stay (设置, 瘦客, 客户)."""
    text = ("# 瘦客户机\n\n瘦客户机现在使用 X2Go 设置，因为 LTSP 已经停止对它维护与更新。瘦客户机设置使普通 PC 可以作为"
            "终端运行。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    question = "瘦客户机现在用什么来设置？"
    named, asked = assistant.evidence.split(question, subject_of(question))
    assert "设置" in asked and "来设" not in asked and {"瘦客", "客户"} <= set(named), (named, asked)
    answer = assistant.ask(question)
    assert not answer.refused and "X2Go" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_table_row_answers_what_the_question_asks_to_be_told_in_the_heading_in_taiwans_word(tmp_path):
    """"…文件的权限是什么" of a row under "| 檔案 | 許可權 | 說明 |": 許可權 is Taiwan's 权限, so the row says
    what is asked."""
    text = ("# 認證\n\n一般的 Unix 認證由 PAM 下的 pam_unix(8) 模組提供。它的 3 個重要檔案如下，其內的條目使用冒號分隔。\n"
            "表格 4.1. pam_unix(8) 使用的 3 個重要檔案\n| 檔案 | 許可權 | 說明 |\n|---|---|---|\n"
            "| /etc/passwd | -rw-r--r-- | 明文的使用者帳號資訊 |\n| /etc/shadow | -rw-r----- | 安全加密的使用者帳號資訊 |\n"
            "| /etc/group | -rw-r--r-- | 組資訊 |\n在引入了 “/etc/shadow” 後，該項被用來說明密碼形式。\n"
            "“/etc/shadow” 包含下列內容。\n\nuser1:$1$Xop0FYH9$IfxyQwBe9b8tiyIkt2P4F/:13262:0:99999:7:::\n\n"
            "如 shadow(5) 中所述，這個檔案中被 “:” 分隔的每項含義如下。\n\n• 使用者名稱\n• 加密的密碼\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    raw = assistant.retriever.documents["a.txt"].raw
    start, end = raw.index("表格 4.1."), raw.index("在引入了")
    (passage,) = assistant.sentencer.passages([Hit(raw[start:end], "a.txt", "認證", start, end, 1.0)])
    question = "/etc/shadow 文件的权限是什么？"
    ranked = assistant.evidence.score(question, [passage], subject_of(question))
    row = next(s for s in ranked if "-rw-r-----" in s.search)
    # it states what is asked: fully supported, and above the sentences that only name /etc/shadow
    assert row.support > 0.9 and all(row.score > s.score for s in ranked if s is not row)


def test_a_verb_that_only_goes_with_the_asked_kind_is_not_required_of_the_answer(tmp_path):
    """"扮演什么角色": 扮演 says no more than 角色 does; the entry that says what a Sponsor is answers."""
    text = ("# 角色\n\n在 Debian 社区中有这几类常见的角色：\n\n• Upstream author (上游作者)：程序的原始作者。\n"
            "• Maintainer (软件包维护者)：制作并维护该程序的 Debian 软件包的人。\n"
            "• Sponsor (保证人)：检查内容后帮助维护者上传软件包到 Debian 官方仓库的人。\n"
            "• Mentor (指导者)：帮助维护者熟悉和深入打包的人。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    question = "Sponsor 在 Debian 社区里扮演什么角色？"
    _, asked = assistant.evidence.split(question, subject_of(question))
    assert asked and not any("扮" in unit or "演" in unit for unit in asked), asked
    # nor a verb of where a thing is: "设置在 /etc/mdadm/mdadm.conf" answers "设置放在哪个文件里"
    _, asked = assistant.evidence.split("软件 RAID 的设置放在哪个文件里？", "软件RAID")
    assert "设置" in asked and not any("放" in unit for unit in asked), asked
    answer = assistant.ask(question)
    assert not answer.refused and "上传软件包到Debian官方仓库" in answer.text.replace(" ", ""), answer.text
    assert_exact(answer, assistant)


def test_an_item_of_a_list_that_opens_with_another_name_does_not_answer_for_the_asked_one(tmp_path):
    """"• 对于工作站，…" and "• LXDE有着…" are about 工作站 and LXDE: a question about the combined main
    server, or MATE, which the article names elsewhere, is refused naming what the item is about. An item
    that opens with a verb ("• 用 iPXE 替代…") says what the list's subject does, and answers."""
    text = ("# 硬件要求\n\n组合主服务器是主服务器、LTSP 服务器和工作站装在一台机器上的设定。\n"
            "内存的需求如下：\n\n• 对于工作站，无盘工作站和独立使用的系统，1024 MiB 的内存是最低限度的需求。\n"
            "• 为运行最新的浏览器，建议至少 2048 MiB 的内存。\n\n"
            "桌面环境的选择：\n\n• LXDE 有着最小的负载而支持 35 种语言。\n• MATE 比上面三个轻巧。\n\n"
            "Debian Edu 的新特性：\n\n• 用 iPXE 替代 PXELINUX 来提供网络引导。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("组合主服务器的最低内存需求是多少？")
    assert answer.refused and "工作站" in answer.text, answer.text
    answer = assistant.ask("MATE 支持多少种语言？")
    assert answer.refused, answer.text
    answer = assistant.ask("工作站最少需要多少内存？")
    assert not answer.refused and "1024" in answer.text, answer.text
    answer = assistant.ask("Debian Edu 用什么替代 PXELINUX 来提供网络引导？")
    assert not answer.refused and "iPXE" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_verb_of_having_before_the_asked_kind_is_not_required_of_the_answer(tmp_path):
    """"ruby 软件包提供哪些命令": 提供 only says the package has commands; its row lists them without the
    verb, while a row beside it that says 提供 is another package's."""
    text = ("# 直譯器\n\n表格 12.8. 直譯器相關軟體包列表\n\n| 軟體包 | 流行度 | 大小 | 包 |\n|---|---|---|---|\n"
            "| tcl | V:28, I:268 | 22 | Tcl: tcl(3) 以及透過 tcl-doc 包提供的更詳細的手冊頁文件 |\n"
            "| tk | V:22, I:261 | 22 | Tk: tk(3) 以及透過 tk-doc 包提供的更詳細的手冊頁文件 |\n"
            "| ruby | V:112, I:254 | 29 | Ruby: ruby(1), erb(1), irb(1), rdoc(1), ri(1) |\n\n"
            "為了使你的程式具有可移植性，你應該只使用 必要的 軟體包所提供的應用程式。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    question = "ruby 软件包提供哪些命令？"
    _, asked = assistant.evidence.split(question, subject_of(question))
    assert not any("提" in unit or "供" in unit for unit in asked), asked
    answer = assistant.ask(question)
    assert not answer.refused and "irb(1)" in answer.text, answer.text
    assert_exact(answer, assistant)
    # a verb that says what was done with the kind is still asked: 开发 of "开发了什么系统"
    question = "复旦大学团队开发了什么系统？"
    _, asked = assistant.evidence.split(question, subject_of(question))
    assert any("开发" in str(unit) for unit in asked), asked


def test_a_name_in_latin_letters_that_no_article_writes_is_something_they_do_not_cover(tmp_path):
    """"Qt 用户界面构建器" of a table that names only a GTK one: Qt is a name the articles lack, and the
    question is refused naming the GTK row. A Latin name the articles write is asked of its article, as
    before; one in the asker's own setting ("想把…挂载到 Linux 上，") and the words of a question mostly in
    English are no such names."""
    text = ("# 編譯\n\n表格 12.10. 編譯相關軟體包列表\n\n| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| gcc | V:153, I:565 | 47 | GNU C 編譯器 |\n| glade | V:0, I:6 | 1209 | GTK 使用者介面構建器 |\n"
            "| cifs-utils | V:30, I:123 | 317 | 远程微软 Windows 文件系统挂载和卸载命令 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    analysis = analyse("哪个软件包是 Qt 用户界面构建器？")
    assert [c.value for c in analysis.constraints if c.kind == "entity"] == ["qt"], analysis
    answer = assistant.ask("哪个软件包是 Qt 用户界面构建器？")
    assert answer.refused and "glade" in answer.text, answer.text
    answer = assistant.ask("哪个软件包是 GTK 用户界面构建器？")
    assert not answer.refused and "glade" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("想把 Windows 的共享文件夹挂载到 Linux 上，要装哪个软件包？")
    assert not answer.refused and "cifs-utils" in answer.text, answer.text
    # two letters the articles write (GNU's "C") are no constraint; English words in a question mostly in
    # English are not names the articles must write, where no passage writes them
    assert not [c for c in analyse("gcc 是哪种 C 编译器？").constraints if c.value == "c" and c.known(lambda w: 1)]
    assert not [c for c in analyse("On what date did 智谱AI release its new model GLM-4?").constraints
                if c.value in ("date", "release", "model") and c.known(lambda w: 0)]
    # a question mostly in Chinese though its Latin names are long: two Chinese characters for each Latin word
    answer = assistant.ask("glade 在 macOS 上的流行度是多少？")
    assert answer.refused, answer.text
    answer = assistant.ask("glade 的流行度是多少？")
    assert not answer.refused and "V:0" in answer.text, answer.text


@pytest.mark.parametrize("question, sentence, holds", [
    ("Skolelinux 项目启动于挪威的哪个城市？", "skolelinux项目在2001年启动于挪威而大约在同时hertzog在法国开始了debian-edu。", False),
    ("Skolelinux 项目启动于挪威的哪个城市？", "skolelinux项目在2001年启动于挪威的奥斯陆。", True),  # jieba: 奥斯陆 nr
    ("这家公司位于哪个城市？", "它效仿了芬兰ssh communications security corp公司开发的原始ssh软件。", False),
    ("这家公司位于哪个城市？", "这家公司位于法国巴黎。", True),
    ("这家公司位于哪个国家？", "它效仿了芬兰ssh communications security corp公司开发的原始ssh软件。", True),
])
def test_a_city_asked_for_is_not_given_by_a_country(question, sentence, holds):
    assert analyse(question).has_value(sentence) == holds


@pytest.mark.parametrize("sentence, ok", [
    ("- 群组拥有者 (符号为 g 取自群组的英文字 “group”)，代表群组内所有的使用者；", False),  # another letter
    ("- 其他 (符号为 s 取自其他的英文字 “special”)。", True),
    ("字母 a 指所有的英文字 “all”，setuid 和 sticky 的位元数分别是 4 和 1。", False),  # s only inside words
])
def test_a_letter_the_question_names_as_a_letter_is_one_the_sentence_must_name(sentence, ok):
    analysis = analyse("字母 s 代表哪个英文字？")
    assert ("symbol", "s") in {(c.kind, c.value) for c in analysis.constraints}
    sentence = normalize_query(sentence).lower()
    assert check(analysis, sentence, compact(sentence).lower(), sentence).ok == ok


def test_a_token_of_code_written_with_signs_is_named_exactly_by_the_row_that_answers(tmp_path):
    """"$#" and "$$" are the shell's parameters: the row that names the asked one answers, the rows of the
    others ("$9" for "$8") do not; a sum of money ("$250") or a percentage is a figure, not such a token."""
    text = ("# Shell 參數\n\n特殊的 shell 參數經常在 shell 腳本里面被用到。\n\n表格 12.2. shell 參數列表\n\n"
            "| shell 參數 | 值 |\n|---|---|\n| $0 | shell 或 shell 指令碼的名稱 |\n| $1 | 第一個 shell 參數 |\n"
            "| $9 | 第 9 個 shell 參數 |\n| $# | 位置參數數量 |\n| $? | 最近一次指令的退出狀態碼 |\n"
            "| $$ | 這個 shell 指令碼的 PID |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert [(c.kind, c.value) for c in analyse("shell 参数 $# 表示什么？").constraints if c.kind == "symbol"] == [
        ("symbol", "$#")]
    for question, said in [("shell 参数 $# 表示什么？", "位置参数数量"), ("shell 参数 $$ 的值是什么？", "PID"),
                           ("shell 参数 $? 表示什么？", "退出状态码")]:
        answer = assistant.ask(question)
        assert not answer.refused and said in answer.text.replace(" ", ""), (question, answer.text)
        assert_exact(answer, assistant)
    answer = assistant.ask("shell 参数 $8 表示什么？")
    assert answer.refused, answer.text
    assert not [c for c in analyse("特斯拉股价涨到$250了吗？").constraints if c.kind == "symbol"]
    assert not [c for c in analyse("营收增长了50%吗？").constraints if c.kind == "symbol"]


def test_a_row_that_does_not_name_a_thing_another_row_names_in_a_cell_is_that_things_record(tmp_path):
    """"Rust 程序的内存泄漏跟踪器": the one row that names Rust is rustc's, in its description; the row of a
    C++ leak tracer is another thing's record. A name that many rows write ("shell" in a chapter on shell
    tools), or that a heading row writes, is what the table is about, and does not count so."""
    text = ("# 編譯\n\n表格 12.10. 編譯相關軟體包列表\n\n| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| gcc | V:153, I:565 | 47 | GNU C 編譯器 |\n| rustc | V:3, I:13 | 7753 | Rust 系統程式語言 |\n"
            "| golang | I:20 | 12 | Go 程式語言編譯器 |\n"
            "| dash | V:894, I:995 | 191 | 小和快的 shell |\n| mawk | V:391, I:997 | 263 | 用於 shell 指令碼的 awk |\n\n"
            "表格 12.12. 靜態程式碼分析工具的列表\n\n| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| rubocop | V:0, I:0 | 3247 | Ruby 靜態程式碼分析器 |\n| pylint | V:4, I:17 | 1976 | Python 程式碼靜態檢查器 |\n\n"
            "除錯是程式中很重要的一部分。\n\n表格 12.15. 記憶體洩漏檢測工具的列表\n\n| 軟體包 | 流行度 | 大小 | 說明 |\n|---|---|---|---|\n"
            "| valgrind | V:6, I:38 | 77683 | 記憶體偵錯程式和分析器 |\n"
            "| leaktracer | V:0, I:2 | 56 | C++ 程式記憶體洩露跟蹤器 |\n| duma | V:0, I:0 | 293 | 在 C 和 C++ 程式中檢測快取溢位的庫 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("哪个软件包是 Rust 程序的内存泄漏跟踪器？")
    assert answer.refused and "leaktracer" in answer.text, answer.text
    answer = assistant.ask("哪个软件包是 C++ 程序的内存泄漏跟踪器？")
    assert not answer.refused and "leaktracer" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("哪个软件包是小和快的 shell？")
    assert not answer.refused and "dash" in answer.text, answer.text
    # a name of two letters the articles write is asked of the rows as a longer one is
    answer = assistant.ask("哪个软件包是 Go 语言的静态代码分析器？")
    assert answer.refused, answer.text
    answer = assistant.ask("哪个软件包是 Ruby 语言的静态代码分析器？")
    assert not answer.refused and "rubocop" in answer.text, answer.text


def test_a_commands_option_is_named_exactly_by_the_sentence_that_answers(tmp_path):
    """"hostname -f": a sentence about hostname without that option says what another use prints; one that
    names the option answers. A hyphen inside a name (GPT-4) is no option."""
    text = ("# 主机名\n\n不带参数运行 hostname(1) 命令可以打印出当前的主机名。\n\n"
            "运行 hostname -s 命令可以打印出短的主机名。\n\n主机名保存在 /etc/hostname 文件里。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert [(c.kind, c.value) for c in analyse("hostname 命令带上 -f 参数时会打印出什么？").constraints
            if c.kind == "symbol"] == [("symbol", "-f")]
    answer = assistant.ask("hostname 命令带上 -f 参数时会打印出什么？")
    assert answer.refused, answer.text
    answer = assistant.ask("hostname 命令带上 -s 参数时会打印出什么？")
    assert not answer.refused and "短的主机名" in answer.text, answer.text
    assert_exact(answer, assistant)
    assert not [c for c in analyse("GPT-4 的训练成本是多少？").constraints if c.kind == "symbol"]


def test_a_row_of_a_table_says_what_the_caption_above_its_table_says(tmp_path):
    """A table's caption ("表 9.16. 关闭屏幕保护命令列表") says what every row of it is about: the row named by
    the question's words ("Linux 控制台") answers, not a row that repeats the caption's words; a token the
    caption names ("ls -l") or a thing ("screen") is one its rows name."""
    text = ("# 系统技巧\n\n关闭屏幕保护，使用下面的命令。\n\n表 9.16. 关闭屏幕保护命令列表\n\n| 环境 | 命令 |\n|---|---|\n"
            "| Linux 控制台 | setterm -powersave off |\n| X 窗口（关闭屏幕保护） | xset s off |\n"
            "| X 窗口（关闭 dpms） | xset -dpms |\n\n"
            "表 9.5. 使用时间样式值的 \"ls -l\" 命令的时间和日期的显示例子\n\n| 时间样式值 | 语言环境 | 时间和日期显示 |\n"
            "|---|---|---|\n| iso | 任何值 | 01-19 00:15 |\n| long-iso | 任何值 | 2009-01-19 00:15 |\n\n"
            "表 9.2. screen 键绑定列表\n\n| 键绑定功能 | 说明 |\n|---|---|\n| ^A w | 显示窗口列表 |\n| ^A 1 | 到 1 号窗口 |\n\n"
            "表 9.1. 终端程序列表\n\n| 软件包 | 说明 |\n|---|---|\n| screen | 终端复用 |\n| tmux | 终端复用的备选方案 |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    for question, said in [("在 Linux 控制台下关闭屏幕保护用什么命令？", "setterm -powersave off"),
                           ("long-iso 时间样式下，ls -l 显示的时间和日期是什么样的？", "2009-01-19 00:15"),
                           ("在 screen 中，哪个键绑定用来显示窗口列表？", "^A w")]:
        answer = assistant.ask(question)
        assert not answer.refused and answer.citations[0].quote.count(said) == 1, (question, answer.text)
        assert_exact(answer, assistant)


def test_an_item_of_a_list_says_what_the_lead_in_of_its_list_says(tmp_path):
    """Items under "举个例子，在 GNOME 3 中：" are about GNOME 3: a sentence that goes on an item on its line says
    what the item names ($XDG_DATA_HOME) and answers for GNOME 3; asked "在 KDE 中", where the lead-in puts
    GNOME 3, they are another desktop's. "设置为什么" asks what, not why, and the comma before "$X" is the
    question's."""
    text = ("# 菜单\n\n桌面环境设置 $XDG_DATA_HOME 和 $XDG_DATA_DIRS 环境变量。举个例子，在 GNOME 3 中：\n"
            "• 未设置 $XDG_DATA_HOME。（将使用默认值 $HOME/.local/share。）\n"
            "• $XDG_DATA_DIRS 被设置为 /usr/share/gnome:/usr/local/share/:/usr/share/。\n\n"
            "KDE 桌面使用它自己的组件选择器来选择默认的程序。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    question = "在 GNOME 3 中，$XDG_DATA_HOME 未设置时使用什么默认值？"
    assert "$xdg_data_home" in [c.value for c in analyse(question).constraints if c.kind == "symbol"]
    answer = assistant.ask(question)
    assert not answer.refused and "$HOME/.local/share" in answer.citations[0].quote, answer.text
    assert_exact(answer, assistant)
    assert analyse("在 KDE 中，$XDG_DATA_DIRS 被设置为什么？").type != "reason"
    answer = assistant.ask("在 KDE 中，$XDG_DATA_DIRS 被设置为什么？")
    assert answer.refused and "GNOME 3" in answer.text, answer.text
    answer = assistant.ask("在 GNOME 3 中，$XDG_DATA_DIRS 被设置为什么？")
    assert not answer.refused and "/usr/share/gnome" in answer.citations[0].quote, answer.text


def test_a_row_that_puts_another_name_where_the_question_puts_its_own_is_about_the_other(tmp_path):
    """"在 trixie 发布后，testing 的代号": the row "在 bookworm 發佈後" names trixie, as bookworm's testing, not as
    the release the question is after; the row "在 trixie 發佈後" would answer."""
    text = ("# 代號\n\n套件和代號的關係總結如下。\n\n表格 2.4. 套件和代號的關係\n\n"
            "| 時間 | suite = stable | suite = testing | suite = unstable |\n|---|---|---|---|\n"
            "| 在 bullseye 發佈後 | codename = bullseye | codename = bookworm | codename = sid |\n"
            "| 在 bookworm 發佈後 | codename = bookworm | codename = trixie | codename = sid |\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("在 trixie 发布后，testing 的代号是什么？")
    assert answer.refused and "bookworm" in answer.text, answer.text
    answer = assistant.ask("在 bullseye 发布后，testing 的代号是什么？")
    assert not answer.refused and "bookworm" in answer.citations[0].quote.split("|")[3], answer.text
    # words of its own may stand between the other name and the question's next word: "從 unstable 檔案庫移動"
    assistant = _assistant_over(tmp_path / "moved", "# 檔案庫\n\n在維護指令碼將軟體包從 unstable 檔案庫移動到 testing "
                                "檔案庫前，維護指令碼檢查時間（約10天）和 RC bug 的狀態。\n", *_UNRELATED)
    answer = assistant.ask("软件包从 testing 移到 stable 前，维护脚本检查多长时间？")
    assert answer.refused and "unstable" in answer.text, answer.text
    answer = assistant.ask("软件包从 unstable 移到 testing 前，维护脚本检查多长时间？")
    assert not answer.refused and "10天" in answer.text, answer.text


def test_a_name_where_the_question_puts_the_kind_it_asks_the_name_of_answers(tmp_path):
    """"陶虎创立的公司叫什么名字" is answered by "由陶虎创立的脑虎科技…", which puts the name where the question
    puts 公司 and never says 公司; a sentence that names no thing there, or no other thing, answers nothing."""
    analysis = analyse("脑机接口专家陶虎创立的公司叫什么名字？")
    assert analysis.kind_named("当前,由陶虎创立的脑虎科技已搭建了一个多学科交叉团队。")
    assert not analysis.kind_named("陶虎创立的公司已搭建了一个多学科交叉团队。")  # the kind, not its name
    assert not analysis.kind_named("作为责任专家,陶虎已率团队跻身国际第一梯队。")
    assert not analyse("陶虎创立的公司有多少名员工？").kind_named("由陶虎创立的脑虎科技有200名员工。")
    # a word of the dictionary there is no name ("万亿参数联盟的模式" for "…联盟的英文简称是什么")
    assert not analyse("万亿参数联盟的英文简称是什么？").kind_named("借鉴美国万亿参数联盟的模式,我们可以整合企业。")
    text = ("# 脑机接口\n\n作为“中国脑计划”模拟脑领域责任专家，陶虎已率团队跻身国际脑机接口的第一梯队，"
            "他的研究得到了同行的广泛认可和支持。\n\n当前，由陶虎创立的脑虎科技已搭建了一个包括物理学、化学、生物学、"
            "材料科学、临床医学等在内的多学科交叉团队，而且团队从一开始就紧扣临床需求开展工作。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_answers(assistant, "脑机接口专家陶虎创立的公司叫什么名字？", "脑虎科技")


def test_a_sentence_that_says_the_words_around_the_asking_word_fills_its_place(tmp_path):
    """"硬件时间通常使用什么时间" is answered by "硬件时间通常使用 UTC(GMT) 时间", which puts a name where the
    question asks, though "什么时间" most often asks when; a sentence without that frame gives no time."""
    analysis = analyse("Debian 系统的硬件时间通常使用什么时间？")
    assert analysis.slot_filled("但硬件时间通常使用 utc(gmt) 时间。")
    assert not analysis.slot_filled("硬件时间通常使用时间。")  # nothing in its place
    assert not analysis.slot_filled("系统时间通常显示为本地时间。")
    text = ("# 时间\n\nDebian 系统的时间通常显示为本地时间，但硬件时间通常使用 UTC(GMT) 时间。\n\n"
            "如果你希望通过网络来更新系统时间，考虑使用 NTP 服务。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("Debian 系统的硬件时间通常使用什么时间？")
    assert not answer.refused and "UTC(GMT)" in answer.citations[0].quote, answer.text
    assert assistant.ask("Debian 系统的硬件时间是什么时候开始使用的？").refused
    # "什么时间" that ends the question asks which kind of time: "文件状态修改时间" names one
    analysis = analyse("ctime 表示什么时间？")
    assert analysis.has_value("| ctime | 文件状态修改时间 ( ls -lc) |")
    assert not analysis.has_value("| ctime | 用 ls -lc 显示 |")


def test_a_why_question_said_back_by_a_lead_in_gets_its_items_and_not_the_next_lists(tmp_path):
    """"Debian 为什么是 100% 的自由软件": the sentence that says it back ends "因為：" and its bullets are the
    causes; the list ends where a sentence points ahead to another list ("下列的兩個事實")."""
    text = ("# 自由\n\n檔案庫的定義參見 Debian 政策文件。\nDebian 是100%的自由軟體，因為：\n"
            "• Debian 預設只安裝自由軟體，這尊重了使用者的自由。\n• Debian 在 main 中只提供自由軟體。\n"
            "• Debian 建議只執行來自 main 的自由軟體。\n有人想知道下列的兩個事實是否互相矛盾。\n"
            "• “Debian 將始終是 100% 的自由軟體”。\n• Debian 伺服器上有一些 non-free 軟體包。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("Debian 为什么是 100% 的自由软件？")
    assert not answer.refused, answer.text
    quotes = " ".join(c.quote for c in answer.citations)
    for item in ("預設只安裝自由軟體", "在 main 中只提供自由軟體", "建議只執行來自 main 的自由軟體"):
        assert item in quotes, answer.text
    assert "將始終是" not in quotes and "伺服器上" not in quotes, answer.text
    assert_exact(answer, assistant)


def test_a_question_that_asks_how_many_days_asks_a_length_of_time(tmp_path):
    """"放置几天" asks a length of time, as "多少天" does: a sentence that counts something else ("数千个程序")
    gives none; "5天" is one."""
    text = ("# 发布周期\n\n实际上，还没有真的进入稳定版，Debian 必须妥协：容许在数千个程序中还有几个错误。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert [analyse(q).type for q in ("放置几天", "需要几个月", "几小时后", "几月几日", "读几年级")] == [
        "duration", "duration", "duration", "date", "number"]
    answer = assistant.ask("软件包至少要放置几天才能进入稳定版？")
    assert answer.refused, answer.text
    assistant = _assistant_over(tmp_path / "2", text + "\n软件包至少置于不稳定版中5天，才能进入测试版。\n", *_UNRELATED)
    answer = assistant.ask("软件包至少要在不稳定版中放置几天？")
    assert not answer.refused and "5天" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_an_item_that_starts_with_a_name_is_the_record_of_that_name_not_of_another_items(tmp_path):
    """A list of blends, each item led by its name: asked who made DebiChem, the item of Debian Med (who made
    it) is another blend's record, since DebiChem leads an item of its own; asked of Debian Med, it answers.
    "Debian" leads many items: it is what the list is about, not one item's name."""
    text = ("# 子项目\n\n以下是目前发布的 Debian Pure Blends 的一小部分：\n\n"
            "- Debian Junior，为儿童提供一个吸引人且易于使用的 Debian 系统;\n"
            "- Debian Med，由 Andreas Tille 制作，专供医护领域使用;\n"
            "- Debian Astro，为专业和业余天文学家服务;\n"
            "- DebiChem，目标是化学领域，提供了化学工具套装和程序。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("DebiChem 由谁制作？")
    assert answer.refused and "Debian Med" in answer.text, answer.text
    answer = assistant.ask("Debian Med 由谁制作？")
    assert not answer.refused and "Andreas Tille" in answer.text, answer.text
    assert_exact(answer, assistant)
    answer = assistant.ask("Debian 的哪个 Blend 专供医护领域使用？")
    assert not answer.refused and "Debian Med" in answer.text, answer.text


def test_a_name_put_where_the_question_puts_its_own_is_read_with_or_without_a_de_before_it(tmp_path):
    """"使用的 GitHub 服务器" and "使用 GitLab 服务器" frame two names alike: the sentence names the other; a
    name that holds the asked one ("MOSS003" of "哪个版本的 MOSS") is a form of it."""
    text = ("# 协作\n\n基于邮件的工作流程仍然很流行，但它正在逐渐被合并请求所取代，只要软件是由 GitHub 或 GitLab 类似的"
            "平台托管——Debian 使用 GitLab 服务器 salsa.debian.org。\n\n4月20日，第三轮迭代版本 MOSS003 大模型上线。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("Debian 使用的 GitHub 服务器是什么？")
    assert answer.refused and "GitLab" in answer.text, answer.text
    answer = assistant.ask("Debian 使用的 GitLab 服务器是什么？")
    assert not answer.refused and "salsa.debian.org" in answer.text, answer.text
    answer = assistant.ask("4月20日，哪个迭代版本的 MOSS 大模型上线了？")
    assert not answer.refused and "MOSS003" in answer.text, answer.text


def test_a_chinese_numeral_gives_a_number_only_before_what_it_counts_or_measures():
    """"一边测试" and "三心二意" give no number; "五年", "数千个", "两倍", "上千万" and digits do."""
    analysis = analyse("patch 工具的最新版本是多少？")
    assert not analysis.has_value("一边测试 debian 中的最新发展，一边承受风险")
    assert not analysis.has_value("他做事三心二意，十分马虎")
    assert all(analysis.has_value(s) for s in ("每个稳定版预计有五年寿命", "容许在数千个程序中还有错误",
                                               "速度提升了两倍", "最新版本是 2.7.6", "研发成本动辄上千万",
                                               "设为重点探讨的十大前沿方向之一", "电力消耗却抵得上几万户家庭"))
    # a magnitude the question does not write is a number it does not give ("上千万" for "千亿参数")
    assert analyse("一个千亿参数规模大模型的研发成本有多高？").has_value("研发成本动辄上千万")


def test_the_number_of_a_section_example_or_table_is_no_value_a_question_asks_for(tmp_path):
    """"例 8.2. 静态配置" and "8.2.3. 经由…" number parts of the document: neither says how much of anything,
    so the caption of an example is no answer to what the example's address is."""
    analysis = analyse("例子中静态配置的网关地址是多少？")
    assert not any(analysis.has_value(s) for s in ("例\xa08.2.\xa0静态配置", "8.2.3. 经由 pstn 调制解调器的 ppp 链接",
                                                   "详见第 6.1 节", "见表 9.2。"))
    assert all(analysis.has_value(s) for s in ("gateway 192.168.0.1", "增长了 8.2%", "表 9.2 共列出 5 项"))
    # a caption on a line of its own, as a handbook's HTML gives it, above an example that gives no address
    page = ("<html><body><h1>网络</h1><div class='para'>最简单的方式是以 DHCP 动态配置。DHCP 服务器就会送出适当的网络配置。"
            "</div><div class='example'><p class='title'><strong>例 8.1. DHCP 配置</strong></p>"
            "<div class='example-contents'><pre class='programlisting'>\nauto enp0s31f6\niface enp0s31f6 inet dhcp\n"
            "  hostname arrakis</pre></div></div><div class='para'>使无线网卡工作会有一点复杂。</div></body></html>")
    assistant = _assistant_over(tmp_path, page, *_UNRELATED, name="a.html")
    answer = assistant.ask("例子中 DHCP 配置的 IP 地址是多少？")
    assert answer.refused and "8.1" not in answer.text.split("：")[0], answer.text


def test_the_verb_that_asks_a_name_and_a_word_of_how_often_are_nothing_the_answer_must_say(tmp_path):
    """"…的固件包叫什么" asks a name: 叫 (which jieba glues to 包) is not said by "Intel无线网卡是 firmware-iwlwifi".
    "…的样例一般在哪个目录": 一般 is a word of its own, which "在一些情况下，…都会在 … 目录" need not say."""
    from rag.evidence import Evidence

    evidence = Evidence(["这些包通常以硬件制造商命名。", "配置文件的样例都在这个目录。"])
    question = "Intel 无线网卡的固件包叫什么？"
    _, asked = evidence.split(question, subject_of(question))
    assert "固件" in asked and not any("叫" in "".join(unit) for unit in asked), asked
    question = "配置文件的样例一般在哪个目录？"
    _, asked = evidence.split(question, subject_of(question))
    assert "样例" in asked and "例一" not in asked, asked
    text = ("# 配置\n\n最后，配置文件通过注释的方式通常都拥有良好的自定义文档。在一些情况下，配置文件的样例，都会在 "
            "/usr/share/doc/package/examples/ 目录。这些样例可以作为基本的配置文件使用。\n\n"
            "# 固件\n\n首先，通常需要安装Debian默认未安装的合适的专有固件。\n\n然后，需要安装适当的 firmware-* 包。如果您"
            "不清楚需要哪个包，可以安装 isenkram 包。这些包通常以硬件制造商或相应内核模块命名：Intel无线网卡是 "
            "firmware-iwlwifi，Ralink无线网卡是 firmware-ralink，等等。建议重启计算机，因为内核驱动通常在第一次加载时"
            "查找固件文件。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    for question, said in [("配置文件的样例一般在哪个目录？", "/usr/share/doc/package/examples/"),
                           ("Intel 无线网卡的固件包叫什么？", "firmware-iwlwifi")]:
        answer = assistant.ask(question)
        assert not answer.refused and said in answer.text, (question, answer.text)


def test_a_sentence_that_says_it_is_the_reason_is_answered_with_its_paragraph_before_it(tmp_path):
    """"这是会系统地忽略…的原因。" says the sentence before it is why, though the sentence after it opens with
    由于 (the cause of what that one goes on to say)."""
    text = ("# 网络管理器\n\n在初始安装阶段选择桌面环境，就能够缺省安装此程序。\n\n"
            "网络管理器知道如何处理各种类型的连接，但只能处理程序本身的配置。这是会系统地忽略 /etc/network/interfaces 中的"
            "所有网络接口的原因。由于网络管理器在未显示网络连接时不提供详细信息，因此简单方法是删除这些接口的配置。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("为什么网络管理器会忽略 /etc/network/interfaces 中的网络接口？")
    assert not answer.refused and "只能处理程序本身的配置" in answer.text, answer.text
    assert "缺省安装" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_sentence_that_points_back_is_about_the_names_of_the_sentence_before_it(tmp_path):
    """"这两个令可以由…dip 群组的其他用户运行。" after "以 poff 命令断线。" is about pon and poff: it does not say who may
    run pppoeconf, which a later paragraph of the article names."""
    text = ("# PPP\n\n电话调制解调器需要帐号才能链接。这种链接使用 pppconfig 工具。\n\n"
            "配置之后，就可以使用 pon 命令。以 poff 命令断线。这两个令可以由root用户或者在 dip 群组的其他用户运行。\n\n"
            "部份以太网调制解调器使用 PPPOE 协议。pppoeconf 工具将配置其链接。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("哪个群组的用户可以运行 pppoeconf？")
    assert answer.refused and "poff" in answer.text, answer.text
    answer = assistant.ask("除了 root 用户，哪个群组的用户可以运行 pon 和 poff？")
    assert not answer.refused and "dip" in answer.text, answer.text
    # the parts of an address the sentence before writes (https) are no names it points back at
    from rag.verdicts import check

    analysis = analyse("Debian Edu 手册被翻译成了哪些语言？")
    sentence = "该文档有多种语言的翻译以及不同的格式。"
    before = "参见 https://www.debian.org/doc/user-manuals 和 /usr/share/doc/debian 。"
    assert check(analysis, sentence, "关于本文档。" + before + sentence + "debian edu 手册另有说明。", sentence, (before, "")).ok


def test_a_refusal_names_a_close_sentence_about_the_subject_when_the_best_is_from_an_article_without_it(tmp_path):
    """"项目秘书的任期是多少年": the best sentence, "在项目发起的几年之后…", is from an article that never names
    项目秘书; the refusal names the close one that does, from the article on the constitution."""
    text = ("# 原则\n\n在项目发起的几年之后，Debian 确定了需要遵循自由软件项目形式的原则。这个慎重而积极的决定使得项目有序"
            "而稳定的成长。\n")
    constitution = ("# 宪章\n\n宪章同样也定义了一个“技术委员会”。最后，宪章定义了一个“项目秘书”的职位，这一角色负责组织各种"
                    "选举和决议的投票。\n")
    assistant = _assistant_over(tmp_path, text, constitution, *_UNRELATED)
    answer = assistant.ask("项目秘书的任期是多少年？")
    assert answer.refused and "定义了一个“项目秘书”的职位" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_consequence_is_answered_with_the_whole_sentence_before_it_whose_clauses_semicolons_part(tmp_path):
    """"因此，…常常需要在下一个稳定发行版本中才能体现出来。" draws a consequence of the sentence before it, whose
    first clause a semicolon ends: the cause is that whole sentence, not only its last clause."""
    text = ("# 缺陷\n\n此工具最初针对 Debian 的开发版本设计，缺陷的修复也在开发版本上进行。"
            "自然地，Debian 的稳定发行版本则尽量不做改动；在此基础上存在一小部分例外，如安全更新或其它重要更新。"
            "因此，对 Debian 软件包中小问题的修复常常需要在下一个稳定发行版本中才能体现出来。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("为什么对 Debian 软件包中小问题的修复常常要到下一个稳定发行版本中才能体现出来？")
    assert not answer.refused and "尽量不做改动" in answer.text and "一小部分例外" in answer.text, answer.text
    assert "最初针对" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_a_short_name_is_explained_by_the_sentence_that_writes_its_long_form_beside_it(tmp_path):
    """"LUGs 是什么的缩写" asks what LUGs stands for: "（LUGs，即为“Linux 用户组”）" says it without the word 缩写;
    a sentence that only names LUGs does not."""
    text = ("# 推广\n\nDebian 的用户在扩散方面也居功甚伟。在自由软件社区的各个层面上都有 Debian 粉丝：从本地 Linux 用户社区"
            "（LUGs，即为“Linux 用户组”）组织的安装会到大型技术会议中的展台，等等。\n\n"
            "Debian 缺陷跟踪系统（Debian BTS）在项目的许多地方都有应用。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    for question, said in [("LUGs 是什么的缩写？", "Linux用户组"), ("BTS 的全称是什么？", "缺陷跟踪系统")]:
        answer = assistant.ask(question)
        assert not answer.refused and said in answer.text, (question, answer.text)
        assert_exact(answer, assistant)
    assert expands("lugs", "从本地linux用户社区(lugs,即为“linux用户组”)组织的安装会")
    assert not expands("lugs", "lugs组织的安装会很受欢迎")
    # what else the question calls the thing ("底层框架" for the article's 预训练框架) does not stand in the way
    text = "# 智谱\n\n不同于比较主流的GPT,智谱AI采用的是全自研的GLM(通用语言模型)预训练框架。\n"
    assistant = _assistant_over(tmp_path / "glm", text, *_UNRELATED)
    answer = assistant.ask("智谱自己搞的那套GLM底层框架，中文全称是什么？")
    assert not answer.refused and "通用语言模型" in answer.text, answer.text


def test_a_short_name_is_looked_up_where_it_is_written_out_though_other_passages_rank_first(tmp_path):
    """"VNC 的全称是什么" is answered where VNC stands beside its long form, though passages that name VNC
    more often rank above that one for the question's words."""
    using = [f"# 远程 {i}\n\n{line}\n" for i, line in enumerate([
        "机房的 VNC 连接要先登录跳板机，VNC 客户端再连到 VNC 服务器。",
        "教室里的学生用 VNC 客户端连接老师的 VNC 桌面，VNC 密码由老师在课前发放。",
        "VNC 服务器只监听内网地址，外面的机器要先登录跳板机，再用 VNC 访问它。",
        "如果 VNC 连接失败，先检查 VNC 服务是否启动，再看防火墙是否放行了 VNC 的 5900 端口。",
        "管理员为每台 VNC 服务器登记了负责人，VNC 端口变更时要同步更新登记表。",
        "图书馆的查询终端通过 VNC 远程维护，维护人员在 VNC 会话里重启终端的浏览器。",
        "会议室的投影电脑开了 VNC，主持人用平板上的 VNC 应用就能控制放映。"])]
    text = "# 远程桌面\n\nVNC（Virtual Network Computing）允许远程接入图形桌面。\n"
    assistant = _assistant_over(tmp_path, text, *using, *_UNRELATED)
    assert "Virtual Network Computing" not in "".join(h.text for h in assistant.retriever.search("VNC 的全称是什么？"))
    assert_answers(assistant, "VNC 的全称是什么？", "Virtual Network Computing")


def test_a_paragraph_left_in_english_answers_a_chinese_question_in_the_words_it_glosses(tmp_path):
    """An article may leave a paragraph in English: "APT 的配置变量存放在哪个文件里" is answered by "…APT
    configuration variables, which are stored in the file /etc/apt/apt.conf.d/10periodic", whose words the
    dictionary glosses the question's with (配置 configuration, 变量 variable, 存放 store, 文件 file)."""
    text = ("# 升级\n\n最好定期执行升级与更新，虽然很琐碎却是必要的。幸运的是，这种重复性的工作可以自动执行，有很多工具可以使用。\n\n"
            "Periodic upgrades can be enabled with a timer. To control the behavior, use APT configuration variables, "
            "which are stored in the file /etc/apt/apt.conf.d/10periodic. The daily script runs them.\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_answers(assistant, "APT 的配置变量存放在哪个文件里？", "/etc/apt/apt.conf.d/10periodic")
    read = assistant.evidence.bridge(assistant.evidence.terms("APT 的配置变量存放在哪个文件里？"))
    assert all(w in read("which are stored in the file /etc/apt/apt.conf.d/10periodic") for w in ("存放", "文件"))
    assert read("最好定期执行升级与更新。") == "最好定期执行升级与更新。"  # Chinese is read as it is


def test_a_sentence_that_sums_up_its_paragraph_is_answered_with_the_paragraph_before_it(tmp_path):
    """"这就是 Debian 常被称为'任人唯贤'。" says its paragraph is why: the cause is the sentences of the
    paragraph before it, not the sentence before alone, and not the paragraph above."""
    text = ("# 管理\n\n有些团队对服务品质经常不满。\n\n"
            "这就是升级的唯一方法：做有用的事且显示把事情做好。Debian '管理' 团体以增选方式管理，采用已有效奉献且证明其能力的"
            "志愿者。新的奉献者看到这些团队做了具有公共利益性质的工作就会主动加入协助。这就是 Debian 常被称为 '任人唯贤'。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("为什么 Debian 常被称为任人唯贤？")
    assert not answer.refused and "证明其能力的志愿者" in answer.text and "主动加入协助" in answer.text, answer.text
    assert "服务品质" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_items_opened_by_their_place_in_the_order_are_given_with_what_explains_them_left_out(tmp_path):
    """"…提供了三种分区方法。" then paragraphs that open "第一种方法是…", "第二种方法，…", "最后一种…", with
    sentences that explain each between them: the items are the sentences that open by their place."""
    text = ("# 分区\n\n引导分区工具依据不同的用途提供了三种分区方法。\n\n"
            "第一种方法是“所有文件都在一个分区”。整个 Linux 系统都存在于单个文件系统下。这个对于个人系统来说简单也实用。\n\n"
            "第二种方法，“单独的 /home 分区”，与前面类似，但文件系统层次分成两个。\n\n"
            "最后一种分区方法，称为“分离 /home, /var, 和 /tmp 分区”，适合于服务器和多用户系统。这样分区有几个优势。\n\n"
            "第四个段落不属于分区方法。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("引导分区工具提供了哪三种分区方法？")
    assert not answer.refused, answer.text
    assert all(w in answer.text for w in ("所有文件都在一个分区", "单独的/home分区", "分离/home")), answer.text
    assert "单个文件系统" not in answer.text and "第四个段落" not in answer.text, answer.text
    assert_exact(answer, assistant)


def test_how_often_is_answered_by_the_time_between_times(tmp_path):
    """"多久收集一次" asks how often: "每周" answers it; asked how long, it does not."""
    text = ("# 流行度\n\nDebian 系统有一个称做 popularity-contest 的软件包，它的目的是计算软件包的使用程度。"
            "每周，这个程序收集已经安装的和最近被使用的软件包的信息。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("popularity-contest 多久收集一次软件包的信息？")
    assert not answer.refused and "每周" in answer.text, answer.text
    assert_exact(answer, assistant)
    assert not analyse("popularity-contest 收集信息要多久？").has_value("每周，这个程序收集信息")


def test_a_sentence_that_puts_another_thing_after_the_words_the_question_puts_a_name_after_is_about_that(tmp_path):
    """"最近几个版本的 GRUB": a sentence that does not name GRUB and says "最近三个版本的内核" is about the kernel,
    though the sentences beside it name GRUB; asked of the kernel, it answers."""
    text = ("# 引导程序\n\n默认情况下，GRUB 显示菜单包括了所有已检测到操作系统的 Linux 内核。保存旧的内核的好处在于，当你的新内核"
            "不能在硬件上工作良好时，还能用旧内核正常引导系统，所以最好保存最近三个版本的内核。GRUB 是 Debian 默认安装的引导程序。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("最好保存最近几个版本的 GRUB？")
    assert answer.refused and "内核" in answer.text, answer.text
    answer = assistant.ask("最好保存最近几个版本的内核？")
    assert not answer.refused and "三个版本" in answer.text, answer.text
    assert_exact(answer, assistant)


def test_an_entry_that_opens_with_a_token_says_what_the_token_means(tmp_path):
    """"$number 或 %n 表示什么": the entry "- $number 或 %n：設備的序號" says it, though it never says 表示; the
    sentences about the patterns "*" and "?", which say 表示 and name no token asked, do not."""
    text = ("# udev\n\n右方的運算元可供模式表達同時匹配的多個值。例如，* 表示匹配所有的字元 (包括空字元)；? 表示匹配一個字元，"
            "而 [] 表示匹配一組在方括號內的字元。\n\n指定給這些變數的值可以使用以下的替代品：\n\n"
            "- $kernel 或 %k：相當於 KERNEL；\n- $number 或 %n：設備的序號，例如，sda3，就是 “3”；\n"
            "- $major 或 %M：設備的核心主要編號；\n- $minor 或 %m：設備核心的次要編號；\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    for question, said in [("$number 或 %n 表示什么？", "序号"), ("$major 或 %M 代表什么？", "主要编号")]:
        answer = assistant.ask(question)
        assert not answer.refused and said in answer.text, (question, answer.text)
        assert "匹配" not in answer.text, (question, answer.text)
        assert_exact(answer, assistant)
    assert defines("$number", "-$number或%n:设备的序号") and defines("%n", "-$number或%n:设备的序号")
    assert not defines("devpath", "-$devpath或%p:相当于devpath;")


def test_what_a_name_means_is_said_by_a_sentence_that_names_it_or_one_beside_it(tmp_path):
    """"DEVPATH 表示什么": "* 表示匹配所有的字元" says what another token means, though the article names
    DEVPATH elsewhere; the entry "DEVPATH：…" answers."""
    text = ("# udev\n\n右方的運算元可供模式表達同時匹配的多個值。例如，* 表示匹配所有的字元 (包括空字元)。\n\n"
            "規則檔案的語法很簡單，每列有選擇規矩與指定變數。\n\n依下列變數使用比較運算元：\n\n"
            "- KERNEL：核心指定給設備的名稱；\n- DEVPATH：設備在 /sys/ 裡的路徑；\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    answer = assistant.ask("DEVPATH 表示什么？")
    assert not answer.refused and "/sys/" in answer.text and "匹配" not in answer.text, answer.text
    analysis = analyse("DEVPATH 表示什么？")
    assert not check(analysis, "例如，* 表示匹配所有的字元 (包括空字元)。", "devpath:设备在/sys/里的路径").ok
    # the names whose meaning is asked stand right before the asking words
    assert meant(analyse("/etc/shadow 里加密密码开头的 “$1$” 表示什么？")) == ["$1$"]
    assert meant(analyse("$number 或 %n 表示什么？")) == ["$number", "%n"]


def test_a_character_written_for_only_in_traditional_text_meets_a_question_that_says_only(tmp_path):
    """Texts written in Taiwan often write 祗 (or 祇, 衹) for 只: "通常祗包括" says what "通常只包括" asks."""
    text = ("# 主機檔案\n\n即使網路停擺仍可近用此檔案。即使是極微小的變動，都需要更新各地所有的檔案。"
            "所以， /etc/hosts 通常祗包括最重要的款目。\n")
    answer = _assistant_over(tmp_path, text, *_UNRELATED).ask("为什么 /etc/hosts 通常只包括最重要的款目？")
    assert not answer.refused and "都需要更新各地所有的檔案" in answer.text.replace("档案", "檔案"), answer.text


def test_a_numbered_part_heading_is_no_answer_and_the_sentence_under_it_is(tmp_path):
    """"8.9.3. 輪轉日誌檔" names a part and says nothing of it: a question in its words is answered by the
    sentence under it that names the program."""
    page = ("<html><head><title>其他組態</title></head><body><article><h2>8.9. 其他組態</h2>"
            "<p>本節列出的細目對希望精通系統組態極有幫助。這裡祗列出簡要的內容，詳情仍需參閱文件。</p>"
            "<h3>8.9.3. 輪轉日誌檔</h3><p>日誌檔成長的速度很快，需要典藏它。最常的做法是循環典藏：祗保留最新的部份。</p>"
            "<p>logrotate 是負責循環的程式，根據 /etc/logrotate.conf 檔案內的組態，把日誌檔儲存在資料夾內。</p>"
            "<h3>8.9.4. 共享管理員權限</h3><p>數個管理者共同在同個伺服器工作。共用同個根使用者密碼不是好主意，"
            "匿名引發的誤用很麻煩。解決方案是使用 sudo 程式，允許使用者對特定命令擁有專門的權力。</p>"
            "<p>在多數情況下，sudo 允許受信任的使用者以根的權限執行命令。使用者祗需執行命令並以個人的密碼通過認證。</p>"
            "</article></body></html>")
    assistant = _assistant_over(tmp_path, page, *_UNRELATED, name="a.html")
    assert "8.9.3. 輪轉日誌檔" in assistant.retriever.documents["a.html"].raw.splitlines()
    answer = assistant.ask("哪个程序负责轮转日志档？")
    assert not answer.refused and "logrotate" in answer.text and "8.9.3" not in answer.text, answer.text


def test_the_heading_of_the_next_part_is_no_item_of_a_list_question(tmp_path):
    """A list question's best sentence names no items; the heading after its paragraph is another part's,
    not one of them."""
    page = ("<html><head><title>虛擬專用網路</title></head><body><article><h2>10.3. 虛擬專用網路</h2>"
            "<p>IPsec 的標準操作模式在 UDP 埠號 500 做鍵值交換，使用 NAT-T 時也可在 UDP 埠號 4500。"
            "而且，IPsec 封包使用兩個固定的 IP 協定允許防火牆通過；收到這些封包的基礎是其協定編號。</p>"
            "<h3>10.3.4. PPTP</h3><p>PPTP 用到兩種通訊閘道，一個控制資料另個酬載資料；後者使用 GRE 協定。"
            "標準的 PPP 連結建立在資料交換閘道，這是它與其他方法不同的地方。</p>"
            "<p>此 pptp-linux 封包含有易於組態的 Linux 客戶端 PPTP，以下說明取自官方文件的內容。</p>"
            "</article></body></html>")
    assistant = _assistant_over(tmp_path, page, *_UNRELATED, name="a.html")
    answer = assistant.ask("IPsec 封包使用哪两个协议编号？")
    assert "IPsec封包使用两个固定的IP协定" in answer.text.replace(" ", "") and "10.3.4" not in answer.text, answer.text


def test_a_name_spelled_a_letter_apart_from_the_asked_one_is_another_thing(tmp_path):
    """OpenSSH is not OpenSSL, which the article names elsewhere: the version of the one is no answer for
    the other, and the refusal says which one the article names."""
    text = ("# 虛擬專用網路\n\nOpenVPN 所有的 SSL/TLS 加密與其他功能，均有賴於 OpenSSL。可以用公鑰基礎設施的方式組態它。\n\n"
            "第二個方法較新，適用於 OpenSSH 4.3；可以在 OpenSSH 之下建立虛擬網路介面於 SSH 連結的兩端。\n\n"
            "以 SSH 建立虛擬專屬網路的兩種方法都很直接，然而它們提供的 VPN 不是最有效的。\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    assert_refuses_then_answers(assistant, "SSH 隧道适用于哪个版本的 OpenSSL？", "SSH 隧道适用于哪个版本的 OpenSSH？", "4.3")
    assert "OpenSSH" in assistant.ask("SSH 隧道适用于哪个版本的 OpenSSL？").text


@pytest.mark.parametrize("text, question, wanted, unwanted", [
    # the sentence that says what is done names no package; the one after it in its paragraph names it
    ("# 時間同步\n\n時間同步在網路時代很重要，使用者無權修改日期與時間，所以需要精準的時間以免混亂。\n\n"
     "工作站經常需要重新開機，開機時以 NTP 同步就夠了。安裝 ntpdate 套件就可以。"
     "需要更換伺服器時，再修改 /etc/default/ntpdate 檔案即可。\n\n"
     "伺服器很少重開機，系統時間必須絕對精準，必須安裝由 ntp 套件提供的伺服器並保持運作。\n",
     "工作站安装哪个套件就可以在开机时以 NTP 同步？", "ntpdate", None),
    # "前述的命令可加入 -R 選項" names an option of the commands before it, not the command asked for
    ("# 權限管理\n\n三個命令控制檔案的授權，每個命令都有自己的用途與寫法，以下分別說明。\n\n"
     "• chown user file 改變檔案的擁有者；\n• chgrp group file 改變群組的擁有者；\n"
     "• chmod rights file 改變檔案的權限。\n\n"
     "有時需要改變整個檔案樹的權限。前述的命令可加入 -R 選項，在次資料夾內做遞迴運算。\n",
     "哪個命令改變檔案的權限？", "chmod", "-R"),
])
def test_what_is_asked_for_comes_from_the_sentence_after_the_best_one_unless_that_one_refers_back(
        tmp_path, text, question, wanted, unwanted):
    answer = _assistant_over(tmp_path, text, *_UNRELATED).ask(question)
    assert not answer.refused and wanted in answer.text, answer.text
    assert unwanted is None or unwanted not in answer.text, answer.text


def test_a_list_clause_that_ends_in_a_semicolon_is_answered_with_the_next_clause_of_its_sentence(tmp_path):
    text = ("# 防火牆\n\nIPsec 的標準操作模式在 UDP 埠號 500 做鍵值交換，使用 NAT-T 時也可在 UDP 埠號 4500。"
            "而且，IPsec 封包使用兩個固定的 IP 協定允許防火牆通過；收到這些封包的基礎是其協定編號，50 (ESP) 與 51 (AH)。\n\n"
            "PPTP 用到兩種通訊閘道，一個控制資料另個酬載資料，標準的 PPP 連結建立在資料交換閘道。\n")
    answer = _assistant_over(tmp_path, text, *_UNRELATED).ask("IPsec 封包使用哪两个协议编号？")
    assert "50 (ESP)" in answer.text and "51 (AH)" in answer.text, answer.text


def test_a_figure_caption_between_a_lead_in_and_its_items_is_passed_over(tmp_path):
    page = ("<html><head><title>分區</title></head><body><article><h2>4.2.13. 分區</h2>"
            "<p>選定磁碟後，引導分區工具依據不同的用途提供了三種分區方法，每一種都適合不同的使用者。</p>"
            "<div class=\"figure\"><img src=\"a.png\" alt=\"\"/><p>圖 4.9. 引導分區</p></div>"
            "<p>第一種方法是“所有檔案都在一個分區”，整個系統樹都儲存在一個分區上。</p>"
            "<p>第二種方法，“單獨的 /home 分區”，與前面類似，但檔案系統層次分成兩個。</p>"
            "<p>最後一種分區方法，稱為“分離 /home、/var 和 /tmp 分區”，適合於伺服器和多使用者系統。</p>"
            "</article></body></html>")
    answer = _assistant_over(tmp_path, page, *_UNRELATED, name="a.html").ask("引导分区工具提供了哪三种分区方法？")
    for item in ("第一种方法", "第二种方法", "最后一种分区方法"):
        assert item in answer.text, answer.text


def test_a_clause_that_ends_in_a_semicolon_goes_on_in_the_next_clause_that_refers_back_to_it(tmp_path):
    """"…一個控制資料另個酬載資料；" then "後者使用 GRE 協定。": what the question asks of the latter is in the next clause."""
    text = ("# PPTP\n\nPPTP (原文是 Point-to-Point Tunneling Protocol) 用到兩種通訊閘道，一個控制資料另個酬載資料；"
            "後者使用 GRE 協定 (Generic Routing Encapsulation)。標準的 PPP 連結建立在資料交換閘道。\n\n"
            "此 pptp-linux 封包含有易於組態的 Linux 客戶端 PPTP，以下說明取自官方文件的內容。\n")
    answer = _assistant_over(tmp_path, text, *_UNRELATED).ask("PPTP 的载荷数据使用什么协议？")
    assert not answer.refused and "GRE" in answer.text, answer.text


def test_where_a_thing_stands_figuratively_asks_what_the_word_before_says(tmp_path):
    """"…问题主要卡在哪一环": what is asked is where it is 卡 (stuck); the sentence that says so ("被卡在了元器件
    上") answers, not one that names the asker's subject more often."""
    text = ("# 国产机器人\n\n上海大学教授方明伦主持研发了“上海2号”和“上海5号”工业机器人，方明伦认为国产机器人大有可为。"
            "“国内机器人产品目前竞争不过进口机器人，不在于不懂原理，而是被卡在了元器件上。”\n")
    assistant = _assistant_over(tmp_path, text, *_UNRELATED)
    # 卡 within the subject's last phrase, or a phrase of its own after a word of time (眼下)
    for question in ("方明伦觉得国产机器人拼不过进口货，问题主要卡在哪一环？", "国产机器人眼下卡在哪儿了？"):
        named, asked = assistant.evidence.split(question, subject_of(question))
        assert "卡" in asked and "卡" not in named, (named, asked)
        answer = assistant.ask(question)
        assert not answer.refused and "元器件" in answer.text.split("[1]")[0], answer.text
        assert_exact(answer, assistant)
