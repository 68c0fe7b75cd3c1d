"""English questions translated into the articles' words through CC-CEDICT."""

import pytest

from rag.glossary import Glossary

TEXTS = ["人脑拥有800多亿个神经元。", "联想的AI PC大热。", "北京人形机器人创新中心成立。"]


def test_english_words_and_phrases_become_the_chinese_words_the_passages_use():
    glossary = Glossary(TEXTS)
    assert "神经元" in glossary.translate("How many neurons does the human brain have?")
    assert glossary.translate("Which Lenovo product was a hit?")[0] == "联想"
    words = glossary.translate("humanoid robots in Beijing")
    assert {"人形", "机器人", "北京"} <= set(words)


def test_neighbouring_words_make_the_compound_the_passages_use():
    glossary = Glossary(TEXTS + ["国内外30余款大模型将同台竞技。", "大型展会。", "模型训练。"])
    senses = glossary.senses("How many large models were exhibited?")
    assert senses["large models"] == ["大模型"]  # 大 of 大型, then 模型: no entry of either word gives it
    assert list(senses).index("large models") < list(senses).index("large")  # the longer phrase first
    # 形机器人 is in every passage that holds 人形机器人: a part of it, not a word of its own
    assert glossary.senses("humanoid robots in Beijing")["humanoid robots"] == ["人形机器人"]
    assert "how many large" not in glossary.senses("How many large models were exhibited?")  # question words make none
    # "how many years" asks: "many years" is no 多年 of the question's
    assert "many years" not in Glossary(["研究了40多年机器人。"]).senses("How many years did he study robots?")


def test_two_words_written_as_one_become_the_joined_chinese_words_the_passages_use():
    """"filesystem" and "hostname", which the dictionary lacks, are file+system and host+name: 文件系统 and
    主机名 where the passages write them."""
    glossary = Glossary(["/init 程序是内存中的根文件系统上执行的第一个程序。", "此主机名保存在 /etc/hostname。",
                         "系统的文件很多。", "名字和主机。"])
    senses = glossary.senses("Which program runs first on the root filesystem, and where is the hostname kept?")
    assert senses["filesystem"] == ["文件系统"] and senses["hostname"] == ["主机名"]
    assert "pathname" not in glossary.senses("What is its pathname?")  # path+name: no word the passages use


def test_a_size_in_figures_and_letters_the_passages_write_is_itself():
    glossary = Glossary(["端侧7B模型推理性能>150tokens/s。", "先进制程(14nm以下)受限。"])
    assert glossary.senses("How fast is a 7B model on device?")["7b"] == []  # searched as itself
    assert "14nm" in glossary.senses("Which processes below 14nm are restricted?")
    assert "13b" not in glossary.senses("How fast is a 13B model?")  # no passage writes it


def test_a_noun_made_of_a_verb_has_the_verbs_words_too():
    glossary = Glossary(["代码生成速度比GPT-4快3.7倍。", "新一代基座大模型。"])
    senses = glossary.senses("How fast is code generation?")
    assert "生成" in senses["generation"]  # of "generate", after the noun's own 一代
    assert senses["code generation"] == ["代码生成"]


def test_words_the_passages_never_use_are_not_added():
    glossary = Glossary(TEXTS)
    assert glossary.translate("the price of a banana") == []
    assert glossary.translate("what does it have") == []  # question words only


def test_a_name_written_in_pinyin_becomes_the_name_the_passages_use():
    glossary = Glossary(["复旦大学教授邱锡鹏说。", "智谱AI发布GLM-4。", "陶虎团队。"])
    assert glossary.names("According to Qiu Xipeng, what is MOSS?") == {"qiu xipeng": ["邱锡鹏"]}
    assert glossary.names("How many employees does Zhipu AI have?") == {"zhipu": ["智谱"]}
    assert "陶虎" in glossary.translate("How many neurons, according to Tao Hu?")
    assert glossary.names("who is qiu xipeng") == {}  # not written as a name


def test_a_firm_glossed_with_its_kind_is_named_without_it():
    # CC-CEDICT glosses 微软 "Microsoft Corporation" and 三星集团 "Samsung Group".
    glossary = Glossary(["微软旗下Nuance推出了临床笔记应用。", "三星集团发布新品。"])
    assert glossary.names("Which company did Microsoft partner with?") == {"microsoft": ["微软"]}
    assert "三星集团" in glossary.translate("What did Samsung launch?")
    assert glossary.names("Which corporation did it join?") == {}  # the kind alone names no firm


def test_only_proper_nouns_of_the_dictionary_count_as_names():
    glossary = Glossary(TEXTS + ["中国出台《脑机接口研究伦理指引》。"])
    names = glossary.names("In which year did China issue its Ethical Guidelines for Brain-Computer Interface Research?")
    assert list(names) == ["china"]  # a capitalised title is not a name
    assert glossary.names("What is the capital of France?") == {"france": []}  # a name the passages lack


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, quote",
    [
        ("Which Lenovo product was a hit at CES, according to Wang Yanfeng?", "联想的 AI PC 大热"),
        ("In which year did China issue its Ethical Guidelines for Brain-Computer Interface Research?", "脑机接口研究伦理指引"),
        # a name the articles write in Latin letters is part of the translation the embedder reads
        ("To what share did LOMO cut the memory used to train large models?", "低内存优化技术"),
    ],
)
def test_an_english_question_finds_the_chinese_passage(real_retriever, question, quote):
    hits = real_retriever.search(question, k=3)
    assert any(quote in h.text for h in hits)


def test_english_numbers_are_written_as_the_articles_write_them():
    glossary = Glossary(["两城市2022年机器人产值均已突破100亿元", "活跃用户数预计达1.5亿"])
    assert glossary.senses("Which cities have output above 10 billion yuan?")["10 billion"] == ["100亿"]
    assert glossary.senses("about 150 million users")["150 million"] == ["1.5亿"]
    assert "100亿" in glossary.translate("output above 10 billion yuan")


def test_a_number_in_digits_stays_digits_and_a_verbs_particle_is_no_word():
    glossary = Glossary(["1月16日,智谱AI发布新一代基座大模型GLM-4。", "智谱AI由清华大学计算机系知识工程实验室转化而来。"])
    senses = glossary.senses("What did Zhipu AI release on January 16?")
    assert senses["16"] == ["16"]  # not the dictionary's 十六, which no passage writes
    assert "out" not in glossary.senses("Which lab did Zhipu AI grow out of?")


def test_a_nationality_word_is_looked_up_as_its_country_too():
    glossary = Glossary(["中国企业参与数连年上升,今年超过1000家", "美国脑机接口市场规模为4.9亿美元"])
    assert "中国" in glossary.senses("How many Chinese companies took part?")["chinese"]
    assert "chinese" in glossary.names("How many Chinese companies took part?")
    assert "美国" in glossary.senses("the American market")["american"]


def test_with_the_passages_bm25_index_it_translates_as_by_reading_every_passage(hash_retriever):
    import json
    import random
    import re
    from pathlib import Path

    from rag.glossary import _dictionary

    texts = [c.search for c in hash_retriever.chunks]
    indexed, reading = hash_retriever.glossary, Glossary(texts)
    assert indexed.lexicon is not None and reading.lexicon is None
    root = Path(__file__).resolve().parent.parent
    questions = [json.loads(line)["question"] for f in sorted((root / "eval").glob("*.jsonl"))
                 for line in f.open(encoding="utf-8") if '"question"' in line]
    english = [q for q in questions if not re.search(r"[\u4e00-\u9fff]", q)]
    english += ["What did Qiu Xipeng say?", "When was Zhipu founded?", "Who leads Tao Hu's team?"]
    assert len(english) > 50
    for question in english:
        assert indexed.senses(question) == reading.senses(question), question
    assert indexed.spelled("qiuxipeng") == reading.spelled("qiuxipeng") == ["邱锡鹏"]
    words = random.Random(1).sample(sorted({h for senses in _dictionary().values() for h in senses}), 2000)
    words += ["成本", "什么", "脑机接口", "机器人产业"]
    assert [indexed.df(w) for w in words] == [reading.df(w) for w in words]
    assert sum(map(indexed.df, words)) > 0
    # the passages holding a word, read from the index's candidates or from every passage
    from rag.lexical import holding

    rows = [(holding(w, texts, indexed.lexicon()), holding(w, texts, None)) for w in words + ["年", "2024", "ai"]]
    assert all((a is None and b is None) or (a is not None and b is not None and a.tolist() == b.tolist()) for a, b in rows)
    assert sum(a is not None and len(a) > 0 for a, _ in rows) > 10 and rows[-3] == (None, None)


def test_inflected_words_are_looked_up_in_their_dictionary_form():
    glossary = Glossary(["优必选推出的Walker X系列", "中国企业参加展会", "智谱AI发布GLM-4"])
    assert glossary.senses("Which company launched the Walker X series?")["launched"] == ["推出"]
    assert glossary.senses("How many companies took part?")["took part"] == ["参加"]
    assert glossary.senses("What did Zhipu AI release?")["ai"] == []  # itself; not the "ai" of "ain't" ("be")


def test_an_adverb_is_looked_up_as_its_adjective_too():
    """CC-CEDICT glosses "automatically" only as 自然而然, which the passages never write; "automatic" is 自动."""
    glossary = Glossary(["apt-mark auto 软件包名称 会标记该软件包为自动。", "基本的配置。"])
    assert "自动" in glossary.senses("Which command marks a package as automatically installed?")["automatically"]
    assert "基本" in glossary.senses("What is basically configured?")["basically"]


def test_an_adjective_in_ible_or_able_is_looked_up_as_its_noun_too():
    """CC-CEDICT glosses 柔性 only as "flexibility": "flexible" finds it after its own senses."""
    glossary = Glossary(["基于蚕丝蛋白的柔性脑机接口技术。", "灵活的方案。"])
    assert glossary.senses("Which flexible interface?")["flexible"] == ["灵活", "柔性"]


def test_months_decades_and_numbers_in_words_are_written_as_the_articles_write_them():
    glossary = Glossary(["截至5月底,国内10亿级参数规模以上的大模型已发布79个", "上世纪80年代就研制出5个型号的工业机器人"])
    senses = glossary.senses("How many models with over one billion parameters by the end of May?")
    assert senses["one billion"] == ["10亿"] and senses["may"] == ["5月"]
    assert glossary.senses("In the 1980s, how many robots were built?")["1980s"] == ["80年代"]
    assert glossary.senses("Robots may help.").get("may") != ["5月"]  # a verb, not the month


def test_a_name_the_passages_write_in_latin_letters_stays_itself():
    glossary = Glossary(["Meta最近也宣布加强Llama 3的研发", "那么它的作用是什么"])
    assert glossary.spelled("meta") == ["么它"]  # the pinyin of 么它 is "me ta"
    assert glossary.senses("How much computing power is Meta expecting?")["meta"] == []
    assert "meta" in glossary.names("How much computing power is Meta expecting?")
    many = Glossary(["Meta最近也宣布加强Llama 3的研发"] + ["其他"] * 10)
    assert "Meta" in many.translate("How much computing power is Meta expecting?")
    common = Glossary(["AI产品"] * 2 + ["其他"] * 18)  # a word one passage in ten writes names no one thing
    assert "AI" not in common.translate("Which AI products were shown?")
    written = Glossary(["设立为Preparedness和Go-to-Market"])
    assert "to" not in written.senses("To what share did it cut memory?")  # a function word is no name


def test_words_that_only_shape_the_question_are_not_translated():
    glossary = Glossary(["这是一种几何关系", "按照冯·诺依曼架构设计"])
    assert glossary.translate("How much does it cost, according to the report?") == []


def test_a_word_of_many_senses_is_less_certain_than_a_word_of_one():
    glossary = Glossary(["提高效率", "提出建议", "掀起热潮", "增加投入", "人形机器人"])
    assert glossary.certainty("raise") == 0.5  # four senses the passages use, two kept
    assert glossary.certainty("robot") == 1.0


def test_an_ambiguous_english_word_counts_for_less_in_what_a_sentence_must_say():
    from rag.evidence import Evidence

    texts = ["智谱AI在2023年已累计获得超25亿元融资。", "提高效率。", "提出建议。", "掀起热潮。", "增加投入。", "人形机器人。"]
    glossary = Glossary(texts)
    evidence = Evidence(texts, glossary)
    named, asked = evidence.split_english("How much had Zhipu AI raised for robots?")
    raised = tuple(glossary.senses("How much had Zhipu AI raised for robots?")["raised"])
    assert asked[raised] == pytest.approx(0.5 * max(evidence.idf(w) for w in raised))  # two of four senses kept
    assert asked[("机器人",)] == pytest.approx(evidence.idf("机器人"))  # one sense: sure
    assert ("智谱",) in named


def test_a_request_and_the_kind_of_answer_it_asks_for_are_not_what_a_sentence_must_say():
    from rag.evidence import Evidence

    texts = ["1月16日,智谱AI发布新一代基座大模型GLM-4。", "陶虎告诉记者。", "到目前为止。"]
    evidence = Evidence(texts, Glossary(texts))
    _, asked = evidence.split_english("Tell me the date on which Zhipu AI released GLM-4.")
    assert ("发布", "推出") in asked or ("发布",) in asked
    assert not any(w in ("告诉", "到目前") for key in asked for w in key)  # "tell", "date": the question asks


def test_a_word_is_looked_up_in_all_its_forms_the_word_as_written_first():
    glossary = Glossary(["国产元器件的性能无法与进口产品相比", "出产地", "研究重点放在了农业机器人等领域", "他创立了公司", "找到答案"])
    assert "产品" in glossary.senses("Why can't they match imported products?")["products"]  # product's 产品 too
    assert "领域" in glossary.senses("Which fields does the lab study?")["fields"]  # CC-CEDICT's "fields" is 田园
    assert glossary.senses("In which year did he found the company?")["found"][0] == "创立"  # not find's 找到


def test_after_a_determiner_a_word_is_read_as_a_noun():
    glossary = Glossary(["陈英表示", "国家战略", "竞争的焦点", "聚焦于研发", "重点实验室"])
    assert "表示" not in glossary.senses("How does he describe the state of the industry?")["state"]  # not "to state"
    assert "焦点" in glossary.senses("What is the focus of the competition?")["focus"]  # not "to focus": 聚焦
    assert "表示" in glossary.senses("Did they state it?")["state"]  # a verb where nothing makes it a noun


def test_a_name_and_its_number_are_one_word_where_the_passages_write_them_so():
    glossary = Glossary(["第三轮迭代版本MOSS003大模型上线", "2023世界人工智能大会(WAIC2023)的热点"])
    assert glossary.senses("When did MOSS 003 go online?")["moss 003"] == ["moss003"]
    assert "waic2023" in glossary.translate("How many models were shown at WAIC 2023?")
    apart = Glossary(["Meta最近也宣布加强Llama 3的研发"])  # written apart: left apart
    assert "llama 3" not in apart.senses("What did Meta say about Llama 3?")


def test_a_kind_of_a_word_the_passages_write_far_more_often_than_its_senses_stands_for_it():
    # "package" is 打包 (to pack) in the dictionary, "software package" 软件包; a chapter on packages writes
    # 软体包 (Taiwan's word for it, in the passages' simplified search form) in every passage and 打包 once
    texts = [f"第 {i} 个软体包的说明。" for i in range(12)] + ["打包的过程参见第 12 章。", "名片。"]
    assert "软体包" in Glossary(texts).senses("Which package installs security updates?")["package"]
    few = [f"第 {i} 个软体包的说明。" for i in range(3)] + ["打包的过程参见第 12 章。", "名片。"]
    assert "软体包" not in Glossary(few).senses("Which package installs security updates?")["package"]


def test_a_word_the_dictionary_lacks_that_the_passages_write_in_small_latin_letters_is_itself():
    # the Debian archive's "contrib" area: no dictionary word, written so among the Chinese
    glossary = Glossary(["| contrib | 338 | 遵從 DFSG，但依賴於 non-free |", "| main | 67672 | 遵從 DFSG |", "名片。"])
    assert glossary.senses("How many packages are in the contrib area?")["contrib"] == ["contrib"]
    assert "zorblax" not in glossary.senses("How many packages are in the zorblax area?")  # not written there


def test_a_headword_the_passages_use_only_shortened_is_found_shortened():
    # CC-CEDICT glosses "graphics card" as 显示卡 and 图形卡; the articles write 显卡
    glossary = Glossary(["新方法能够在一台消费级显卡的机器上运行。", "图像数据。", "名片。"])
    assert glossary.senses("a consumer graphics card")["graphics card"] == ["显卡"]
    assert Glossary(["图像数据。"]).senses("a graphics card").get("graphics card", []) == []  # no short form there
    # "detector" is 检测器 or 探测器; the passages name a device by what it does, 检测, and what it is, 软件
    assert Glossary(["| chkrootkit | rootkit 检测软件 |", "数据。", "名片。"]).senses(
        "a rootkit detector")["detector"] == ["检测"]


def test_a_hyphenated_word_is_looked_up_whole_then_by_its_words():
    glossary = Glossary(["高质量语言数据将耗尽。", "清华大学团队开发全球首套无线脑控系统，大脑信号控制机械臂。"])
    assert glossary.senses("When will high-quality data run out?")["high-quality"] == ["高质量"]  # "high quality"
    senses = glossary.senses("a brain-controlled drinking system")  # no entry: its words, brain and controlled
    assert "大脑" in senses["brain"] and "控制" in senses["controlled"]
    assert "4" not in glossary.senses("When was GPT-4 released?")  # a name and its number stay one word


def test_a_capitalised_word_the_passages_write_in_latin_letters_is_that_name_too():
    glossary = Glossary(["优必选推出的Walker X系列。", "开普勒推出的先行者系列。"])
    assert glossary.senses("Which company launched the series Walker X?")["walker"] == ["walker", "行者"]
    assert glossary.senses("Which company launched the series walker?")["walker"] == ["行者"]  # not capitalised


def test_an_english_question_counts_no_word_of_grammar_nor_part_of_a_name_matched_inside_other_words():
    from rag.evidence import Evidence

    # passages are matched without their spaces: "at" is inside "chatgpt" and "data", "hu" inside "github"
    texts = ["陶虎认为大脑能耗极低,平均不到30瓦。", "ChatGPT at GitHub: human data。"]
    evidence = Evidence(texts, Glossary(texts))
    question = "What is the energy consumption of the brain according to Tao Hu?"
    assert not {"at", "hu", "tao", "the"} & set(evidence.terms(question))
    named, asked = evidence.split_english(question)
    assert ("陶虎",) in named and ("能耗",) in asked  # the glossary's words count instead


def test_a_compound_the_passages_only_write_inside_a_longer_word_is_not_made():
    # 产 of 产业 ("industrial") and 机器人 make 产机器人, which is only ever the end of 国产机器人 here
    glossary = Glossary(["让国产机器人有机会被应用。", "产业机器人密度达383台/万人。", "产业发展。"])
    assert glossary.senses("Where are industrial robots used?")["industrial robots"] == ["产业机器人"]
    only_inside = Glossary(["让国产机器人有机会被应用。", "产业发展。"])
    assert "industrial robots" not in only_inside.senses("Where are industrial robots used?")


def test_an_ordinal_is_written_as_the_articles_write_it():
    glossary = Glossary(["应该升级为四个要素,第四个要素是知识。"])
    assert glossary.senses("What is the fourth element?")["fourth"] == ["第四"]


def test_a_name_joined_to_a_word_by_a_hyphen_is_still_the_name():
    glossary = Glossary(["被称作“最像OpenAI的中国公司”的智谱AI。"])
    assert "openai" in glossary.senses("Which company is called the most OpenAI-like company in China?")


def test_a_verbs_first_character_makes_no_compound_with_its_object():
    # 新 of 新增 ("to add") and 材料 ("data") would make 新材料, a word of its own in the passages
    glossary = Glossary(["数据、算力和算法。", "新材料的应用。", "新增投入。"])
    assert "新材料" not in glossary.senses("What does he add to data?").get("add data", [])
    # an adjective's first character still does: 大 of 大型 ("large") and 模型 make 大模型
    large = Glossary(["国内外30余款大模型将同台竞技。", "大型展会。", "模型训练。"])
    assert large.senses("How many large models?")["large models"] == ["大模型"]


@pytest.mark.parametrize("text, question, word, found", [
    # another of the endings that make an adjective (CC-CEDICT: 侵入性 "invasive")
    ("侵入式:直接将微电极阵列植入大脑皮层,但存在手术风险。", "What risks do invasive interfaces carry?", "invasive", "侵入式"),
    # without the 学 that makes a field of study (机器人学 "robotics")
    ("最有可能突围的机会在于新兴的服务机器人。", "Where is the best chance in robotics?", "robotics", "机器人"),
    # failing those, without the ending (技术性 "technical")
    ("信号采集精度、设备长期稳定性、算法泛化能力是三大技术壁垒。", "What are the technical barriers?", "technical", "技术"),
])
def test_a_headword_the_passages_write_in_a_shorter_or_other_form_is_found_so(text, question, word, found):
    assert Glossary([text]).senses(question)[word] == [found]


def test_an_english_prefix_is_written_before_the_chinese_word():
    glossary = Glossary(["半侵入式:将电极植入颅腔但置于大脑皮层外。", "非侵入式:通过头皮贴附电极采集脑电信号。"])
    assert glossary.senses("Where do semi-invasive interfaces place electrodes?")["semi-invasive"] == ["半侵入式"]
    assert glossary.senses("How do non-invasive interfaces work?")["non-invasive"] == ["非侵入式"]


def test_a_common_word_that_opens_a_question_is_no_name_though_it_spells_one_in_pinyin():
    glossary = Glossary(["那么大模型是三大技术壁垒之一。", "邱锡鹏说。"])
    assert glossary.spelled("name") == ["那么"]  # "name" reads as nàme
    assert glossary.names("Name the three technical barriers.") == {}
    assert glossary.names("Qiu Xipeng said what?") == {"qiu xipeng": ["邱锡鹏"]}  # a name that opens it


def test_a_word_is_a_name_only_by_its_own_capitalised_senses():
    from rag.glossary import name_glosses, names_a_place

    assert name_glosses("谷歌") == ["google"] and names_a_place("北京")
    # CC-CEDICT writes "Price" capitalised for another headword (a surname); 价格 is only "price"
    assert name_glosses("价格") == [] and not names_a_place("价格")


def test_a_sense_the_passages_write_beside_the_questions_other_words_is_added_to_the_dictionarys_first():
    texts = ["四巨头依然占据着主要市场。", "机器人市场依然由外企主导。", "他还是学生。", "还是算了。", "还是要做。",
             "仍然有效。", "仍然很难。", "仍然如此。", "人形机器人。", "芯片设计。"]
    glossary = Glossary(texts)
    first = glossary.senses("Who still works?")["still"]  # no other word of the question in the passages
    assert sorted(first) == ["仍然", "还是"]  # the dictionary's first senses of "still"
    # 依然 stands beside 市场 in both its passages, where chance would put it 0.4 times
    assert glossary.senses("Who still dominates the market?")["still"] == [*first, "依然"]
    # once beside 市场 where chance would put it there 0.5 times: not enough to tell
    common = ["市场依然很大。", "市场很大。", *(["还是。", "仍然。", "依然。"] * 4), *(["还是。", "仍然。"] * 2), "芯片。", "算力。"]
    assert len(common) == 20 and sum("依然" in t for t in common) == 5
    assert "依然" not in Glossary(common).senses("Who still dominates the market?")["still"]


def test_the_passages_kept_for_the_words_looked_up_are_bounded(monkeypatch):
    import rag.glossary as glossary

    texts = ["四巨头依然占据着主要市场。", "机器人市场依然由外企主导。", "他还是学生。", "还是算了。", "还是要做。",
             "仍然有效。", "仍然很难。", "仍然如此。", "人形机器人。", "芯片设计。"]
    kept = Glossary(texts)
    expected = kept.senses("Who still dominates the market?")
    assert sum(len(r) for r in kept._where.values() if r is not None) > 3
    monkeypatch.setattr(glossary, "ROWS_KEPT", 3)
    bounded = Glossary(texts)
    assert bounded.senses("Who still dominates the market?") == expected  # the same senses, found again
    assert sum(len(r) for r in bounded._where.values() if r is not None) <= 3 + max(len(r) for r in kept._where.values() if r is not None)


def test_a_word_the_passages_write_only_in_taiwans_words_is_found_in_them():
    """"port" is 端口 to the dictionary; an article from Taiwan writes 埠 (simplified in search form)."""
    glossary = Glossary(["安全和不安全的服务埠列表", "| www (http) | 80 | https | 443 |", "加密消耗CPU时间。"])
    assert glossary.senses("Which port does https use?")["port"] == ["埠"]
