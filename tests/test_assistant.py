"""The Assistant: cited extractive answers, quotes as raw slices, refusal, follow-ups, budget, CLI."""

from __future__ import annotations

import json

import pytest

from rag import Answer, Assistant, Citation
from rag.assistant import is_follow_up, language_of, rewrite_by_rule
from rag.questions import analyse
from rag.config import replace
from rag.normalize import compact


def assert_quotes_are_slices(answer: Answer, retriever) -> None:
    for c in answer.citations:
        raw = retriever.documents[c.source].raw
        assert raw[c.start : c.end] == c.quote
        assert c.passage_start <= c.start < c.end <= c.passage_end
        assert f"[{c.n}]" in answer.text
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_extractive_answer_is_short_cited_and_quotes_raw_text(hash_retriever):
    answer = Assistant(hash_retriever).ask("DeepSeek-V3的训练成本是多少？")
    assert not answer.refused and answer.backend == "extractive"
    assert "557.6万美元" in compact(answer.text)
    assert 1 <= len(answer.citations) <= 3 and len(answer.text) < 400
    assert_quotes_are_slices(answer, hash_retriever)
    assert {"retrieve_ms", "generate_ms", "total_ms"} <= answer.timings.keys()
    data = json.loads(json.dumps(answer.to_json(), ensure_ascii=False))
    assert data["citations"][0]["quote"] == answer.citations[0].quote
    assert isinstance(answer.citations[0], Citation)


def test_stream_yields_pieces_then_the_answer(hash_retriever):
    items = list(Assistant(hash_retriever).stream("国际机器人“四巨头”是哪几家企业？"))
    *pieces, answer = items
    assert isinstance(answer, Answer) and len(pieces) > 1 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == answer.text


def test_traditional_question_gets_a_traditional_answer(hash_retriever):
    answer = Assistant(hash_retriever).ask("陳小平是哪所大學的教授？")
    assert language_of("陳小平是哪所大學的教授？") == "zh-Hant"
    assert "中國科學技術大學" in answer.text
    assert_quotes_are_slices(answer, hash_retriever)


def test_question_the_articles_do_not_answer_is_refused_with_related_passages(hash_retriever):
    assistant = Assistant(hash_retriever)
    answer = assistant.ask("量子纠缠通信卫星的轨道高度是多少公里？")
    assert answer.refused and not answer.citations
    assert "没有提到" in answer.text
    assert answer.related and all(h.text for h in answer.related)
    english = assistant.ask("What is the orbital altitude of the quantum satellite?")
    assert english.refused and english.text == "The articles do not say."


def test_an_off_topic_question_is_refused_even_when_its_asked_word_is_common(hash_retriever):
    # "人" stands in nearly every sentence; with nothing else of the question found, that is no evidence.
    answer = Assistant(hash_retriever).ask("火星上一共住着多少人？")
    assert answer.refused and not answer.citations


def test_follow_up_is_rewritten_with_the_subject_of_the_earlier_turn(hash_retriever):
    history = [
        {"role": "user", "content": "DeepSeek-V3的训练成本是多少？"},
        {"role": "assistant", "content": "557.6万美元[1]。"},
    ]
    answer = Assistant(hash_retriever).ask("那它的推理成本呢？", history)
    assert "DeepSeek-V3" in answer.query and "推理成本" in answer.query
    assert "推理成本方面" in compact(answer.citations[0].quote)  # the sentence on what is asked, not the earlier turn's
    assert_quotes_are_slices(answer, hash_retriever)


@pytest.mark.parametrize(
    "question, previous, expected",
    [
        ("它的主任由谁担任？", "北京人形机器人创新中心专委会是哪天成立的？", "北京人形机器人创新中心专委会的主任由谁担任？"),
        ("他在哪所大学任教？", "陶虎在中国科学院哪个研究所任职？", "陶虎在哪所大学任教？"),
        ("那OpenAI Agent呢？", "Manus的成功率是多少？", "OpenAI Agent Manus的成功率是多少？"),
    ],
)
def test_rewrite_rule_carries_the_subject_over(question, previous, expected):
    assert is_follow_up(question)
    assert rewrite_by_rule(question, previous) == expected


def test_a_question_that_stands_alone_is_not_rewritten(hash_retriever):
    history = [{"role": "user", "content": "DeepSeek-V3的训练成本是多少？"}]
    assert not is_follow_up("其他国家的机器人密度是多少？")
    answer = Assistant(hash_retriever).ask("上海浦东有多少家机器人企业？", history)
    assert answer.query == "上海浦东有多少家机器人企业？"


def test_passages_given_to_a_backend_fit_the_token_budget(hash_retriever):
    from rag.chunks import count_tokens

    settings = replace(hash_retriever.settings, context_tokens=60)
    assistant = Assistant(hash_retriever, settings=settings)
    passages = assistant.fit(assistant.sentencer.passages(hash_retriever.search("DeepSeek-V3的训练成本", 5)))
    assert len(passages) == 1
    wide = Assistant(hash_retriever, settings=replace(settings, context_tokens=2000))
    more = wide.fit(wide.sentencer.passages(hash_retriever.search("DeepSeek-V3的训练成本", 5)))
    assert len(more) > 1 and sum(count_tokens(p.text) for p in more) <= 2000


def test_assistants_over_one_retriever_share_its_sentencer_and_evidence(hash_retriever, tmp_path):
    from rag import index_corpus, load_retriever, load_settings

    first, second = Assistant(hash_retriever, "extractive"), Assistant(hash_retriever, "echo")
    assert first.evidence is second.evidence and first.sentencer is second.sentencer
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("松江区的机器人小镇今年引进了十二家企业。\n", encoding="utf-8")
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hash")
    index_corpus(settings)
    retriever = load_retriever(settings=settings)
    other = Assistant(retriever, "extractive")
    assert other.evidence is not first.evidence and other.evidence.df("机器人") == 1
    assert first.evidence.df("机器人") > 1
    # kept with the retriever, and gone with it (a server that loads a new build lets the old one go)
    import gc
    import weakref

    gone = weakref.ref(retriever)
    del retriever, other
    gc.collect()
    assert gone() is None


def test_empty_question_is_an_error(hash_retriever):
    with pytest.raises(ValueError):
        Assistant(hash_retriever).ask("  ")


def test_cli_ask_json_prints_the_whole_answer(hash_retriever, capsys):
    from rag.cli import main

    index = str(hash_retriever.index.path.parent)
    assert main(["ask", "DeepSeek-V3的训练成本是多少？", "--json", "--index", index, "--embedder", "hash"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"text", "citations", "refused", "query", "related", "timings", "backend", "fallback", "unsupported"} <= data.keys()
    assert data["citations"] and "557.6" in data["text"]
    with pytest.raises(SystemExit) as exit_:  # refused by the argument parser, before anything loads
        main(["ask", "DeepSeek-V3的训练成本是多少？", "--backend", "nope", "--index", index, "--embedder", "hash"])
    assert exit_.value.code == 2
    assert "valid: " in capsys.readouterr().err


@pytest.mark.slow
def test_a_best_sentence_from_a_part_about_something_else_gives_way_to_one_that_answers(real_retriever):
    # "这三个部分中有两个部分…" (of large models, in Chen Xiaoping's part of the article) matches the words
    # best, but its part never names 脑机接口; the sentence that lists the three parts does
    answer = Assistant(real_retriever).ask("脑机接口主要由哪三个部分构成？")
    assert not answer.refused and "解码器" in answer.text
    assert_quotes_are_slices(answer, real_retriever)


def test_follow_up_answer_quotes_the_sentence_on_what_is_asked(real_retriever):
    history = [
        {"role": "user", "content": "DeepSeek-V3的训练成本是多少？"},
        {"role": "assistant", "content": "557.6万美元[1]。"},
    ]
    answer = Assistant(real_retriever).ask("那它的推理成本呢？", history)
    assert answer.query == "DeepSeek-V3的推理成本" and not answer.refused
    assert "推理成本方面" in compact(answer.citations[0].quote)
    assert "0.27美元" in compact(answer.text)
    assert_quotes_are_slices(answer, real_retriever)


@pytest.mark.slow
@pytest.mark.parametrize("question, subject", [
    ("智谱AI目前的估值是多少？", "智谱AI"), ("王延峰是哪一年出生的？", "王延峰"), ("GPT-5的参数量是多少？", None),
])
def test_question_on_a_known_subject_but_an_attribute_the_articles_lack_is_refused(real_retriever, question, subject):
    answer = Assistant(real_retriever).ask(question)
    assert answer.refused and answer.text.startswith("文章中没有提到这个问题的答案")
    assert_quotes_are_slices(answer, real_retriever)  # the nearest fact it names, if any, is quoted exactly
    if subject:  # a sentence about the subject is named as the nearest fact
        assert answer.citations and all(subject in c.quote for c in answer.citations)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "脑虎科技累计获得了多少融资？",  # the sentence on funding is about 智谱AI
    "上海人工智能实验室是哪一年成立的？",  # the sentences with 成立 and a year are about other bodies
    "陈小平的LC假说发表在哪本学术期刊上？",  # the sentence says "学术期刊" but names none
    "邱锡鹏是哪一年出生的？",  # the sentence on 出生 says "5个月", not a year
    "How many employees does Zhipu AI have?",  # no sentence near 智谱 speaks of employees
    "What is the capital of France?",  # the articles never name France
])
def test_an_answer_about_another_subject_or_without_the_asked_name_is_refused(real_retriever, question):
    answer = Assistant(real_retriever).ask(question)
    assert answer.refused
    assert_quotes_are_slices(answer, real_retriever)  # the nearest fact it names, if any, is quoted exactly
    if question == "What is the capital of France?":
        assert not answer.citations and answer.text == "The articles do not say."  # off the articles' topics


@pytest.mark.slow
@pytest.mark.parametrize("question, fact", [
    ("智谱AI在2023年累计获得了多少融资？", "25亿元"),
    ("智谱AI成立于哪一年？", "2019年"),
    ("On what date did Zhipu AI release GLM-4?", "1月16日"),
    ("How many neurons does the human brain have, according to Tao Hu?", "800多亿"),
    ("哪家中国公司开发的Focus头环已进入数千所学校？", "强脑科技"),  # the subject is what is asked
    ("這篇邱錫鵬專訪的網頁註明的來源是哪家報紙？", "文匯報"),
    ("2021年闭环神经调控治疗了什么疾病？", "重度抑郁"),  # the sentence names a disease, not the word 疾病
])
def test_the_controls_of_those_refusals_are_answered(real_retriever, question, fact):
    answer = Assistant(real_retriever).ask(question)
    assert not answer.refused and fact in answer.text
    assert_quotes_are_slices(answer, real_retriever)


@pytest.mark.slow
@pytest.mark.parametrize("question, found, asked, fact", [
    ("截至5月底，国外10亿级参数规模以上的大模型已发布多少个？", "国内", "国外", "79个"),
    ("LOMO可将大模型推理内存使用量降低到之前的多少？", "训练", "推理", "10.8%"),
    ("人脑每天产生约多少数据？", "每秒", "每天", "1TB"),  # another period
    ("GPT-3的训练成本是多少？", "GPT-4", "GPT-3", "6300万美元"),  # the asked model is in no article
])
def test_a_sentence_saying_another_thing_in_the_asked_place_is_named_not_given_as_the_answer(
        real_retriever, question, found, asked, fact):
    answer = Assistant(real_retriever).ask(question)
    assert answer.refused and f"文中说的是“{found}”，不是“{asked}”" in answer.text
    assert fact in answer.text and len(answer.citations) == 1
    assert_quotes_are_slices(answer, real_retriever)
    control = Assistant(real_retriever).ask(question.replace(asked, found))
    assert not control.refused and fact in control.text


@pytest.mark.slow
def test_a_traditional_question_is_told_the_other_thing_in_traditional_script(real_retriever):
    answer = Assistant(real_retriever).ask("LOMO可將大模型推理記憶體使用量降低到之前的多少？")
    assert answer.refused and "文中說的是「訓練」，不是「推理」" in answer.text
    assert_quotes_are_slices(answer, real_retriever)


def test_a_publication_is_named_in_brackets_by_its_suffix_or_in_latin():
    question = analyse("陈小平的LC假说发表在哪本学术期刊上？")
    assert question.type == "title"
    assert question.has_value("该文发表于《科学》。")
    assert question.has_value("来源:文汇报")
    assert question.has_value("论文发表在Nature上")
    assert not question.has_value("自从在学术期刊上发表后,深度测试越来越多")


# ---------------------------------------------------------------- follow-ups that follow


@pytest.mark.parametrize("question, follows", [
    ("他认为我国机器人最有可能突围的机会在哪里？", True),
    ("那GPT-4呢？", True),
    ("方明伦说他研究机器人已经有多少年了？", False),  # 他 is 方明伦
    ("陶虎认为他们团队的技术基于什么材料？", False),
    ("What is its API price?", True),
    ("What about the global market?", True),
    ("How did DeepSeek reduce its training cost?", False),  # its is DeepSeek's
    ("In which year did Elon Musk found his company Neuralink?", False),
    ("Why do leading teams keep their lead for a while?", False),  # their is the leading teams'
    ("Which console will let players control game characters with their minds?", False),
    ("How many employees does their company have?", True),  # employees are what is asked, not whose
    ("What explains their success?", True),
    # an "it" that stands for the clause after it points back to nothing
    ("How much does it cost to develop a large model with hundreds of billions of parameters?", False),
    ("Is it true that the human brain uses under 30 watts?", False),
    ("What does it cost?", True),
    ("How did it get to market?", True),
])
def test_a_question_follows_up_only_when_its_pronoun_points_outside_it(question, follows):
    assert is_follow_up(question) is follows


def test_a_new_question_is_not_hijacked_by_the_one_before(hash_retriever):
    history = [{"role": "user", "content": "人形機器人產業目前最大的瓶頸是什麼？"},
               {"role": "assistant", "content": "……"}]
    answer = Assistant(hash_retriever).ask("How did DeepSeek reduce its training cost?", history=history)
    assert answer.query == "How did DeepSeek reduce its training cost?"


def test_a_follow_up_in_the_other_language_carries_the_subject_over(hash_retriever):
    glossary = hash_retriever.glossary
    rewritten = rewrite_by_rule("What about the global market?", "美国脑机接口市场2024-2033年的复合年增长率预计是多少？", glossary)
    assert "全球" in rewritten and "美国" not in rewritten
    rewritten = rewrite_by_rule("他认为渐冻症的治疗有望在多少年内完成？",
                                "How many neurons does the human brain have, according to Tao Hu?", glossary)
    assert rewritten.startswith("陶虎认为")
    assert rewrite_by_rule("When did it release GLM-4?", "智谱AI成立于哪一年？").startswith("When did 智谱AI release")


@pytest.mark.parametrize("question, reply", [
    ("它的参数规模有多大？", "“它”指的是什么？"),
    ("他現在在哪所大學任教？", "「他」指的是什麼？"),
    ("What is its price?", "What does “its” refer to?"),
])
def test_a_first_question_whose_pronoun_points_to_nothing_is_asked_back(hash_retriever, question, reply):
    answer = Assistant(hash_retriever).ask(question)
    assert answer.refused and not answer.citations and answer.text.startswith(reply)
    # With something before it, the same words are a follow-up, answered.
    history = [{"role": "user", "content": "DeepSeek-V3的训练成本是多少？"}, {"role": "assistant", "content": "……"}]
    assert not Assistant(hash_retriever).ask(question, history=history).text.startswith(reply)


@pytest.mark.parametrize("question", [
    "Is it true that DeepSeek-V3 cost 5.576 million dollars to train?",
    "Where does a semi-invasive interface place its electrodes?",  # "its" is the interface's
    "Where does aptitude keep its configuration?",  # a program's name, in small letters, is its subject
])
def test_a_question_that_names_something_is_answered_as_it_stands(hash_retriever, question):
    answer = Assistant(hash_retriever).ask(question)
    assert "refer to" not in answer.text


def test_a_model_rewrite_loses_the_role_it_echoes(hash_retriever):
    history = [{"role": "user", "content": "DeepSeek-V3的训练成本是多少？"}, {"role": "assistant", "content": "……"}]
    from rag.llms import EchoBackend

    assistant = Assistant(hash_retriever, EchoBackend(rewrite="user: DeepSeek-V3的推理成本是多少？"))
    assert assistant.rewrite("那它的推理成本呢？", history) == "DeepSeek-V3的推理成本是多少？"


@pytest.mark.slow
def test_the_example_questions_of_the_chat_are_answered_with_citations(real_retriever):
    from rag.webapp import EXAMPLES

    assistant = Assistant(real_retriever)
    for question in EXAMPLES:
        answer = assistant.ask(question)
        assert not answer.refused and answer.citations, question
