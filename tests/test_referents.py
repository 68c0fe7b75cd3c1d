"""What a pronoun in a follow-up points to: chosen by the kind the pronoun can stand for."""

import pytest

from rag.assistant import Assistant, rewrite_by_rule
from rag.referents import BODY, GROUP, PERSON, THING, antecedent, kind_of, topic


@pytest.mark.parametrize(
    "question, expected",
    [
        ("邱锡鹏团队发布的MOSS是国内首个什么样的模型？", ("邱锡鹏团队", "MOSS")),  # the thing, and whose it is
        ("陶虎团队的柔性脑机接口技术是基于什么材料的？", ("陶虎团队", "柔性脑机接口技术")),
        ("DeepSeek的日均API调用量突破了多少？", ("DeepSeek", "")),  # an attribute is nothing to point to
        ("北京人形机器人创新中心专委会是哪天成立的？", ("", "北京人形机器人创新中心专委会")),  # 会 inside 专委会
        ("高效的训练方法是什么？", ("", "")),  # a quality, not an owner
        ("谁是智谱AI的CEO？", ("智谱AI", "CEO")),  # after the question word; the post, and whose it is
    ],
)
def test_the_topic_of_a_question_is_a_thing_and_its_owner(question, expected):
    assert topic(question) == expected


@pytest.mark.parametrize(
    "phrase, kind",
    [("陶虎团队", GROUP), ("脑虎科技", BODY), ("智谱AI", THING), ("乔红", PERSON), ("方面", THING), ("LOMO技术", THING)],
)
def test_a_phrase_has_a_kind(phrase, kind):
    assert kind_of(phrase) == kind


def test_the_pronoun_chooses_between_a_thing_and_its_owner():
    question = "陶虎团队的柔性脑机接口技术是基于什么材料的？"
    assert antecedent("它", question) == "柔性脑机接口技术"
    assert antecedent("他们", question) == "陶虎团队"
    assert antecedent("他", question) == "陶虎"
    assert antecedent("it", question) == "柔性脑机接口技术"


def test_a_pronoun_after_a_question_for_a_name_points_to_the_name_the_answer_gave():
    previous = "谁是北京人形机器人创新中心专委会主任？"
    answer = "专委会主任由多模态人工智能系统国家重点实验室主任、中国科学院院士乔红担任[1]。"
    assert antecedent("她", previous, answer) == "乔红"
    assert antecedent("它", previous, answer) == "北京人形机器人创新中心专委会"  # not the lab the answer names too
    # A question that asked for a number: its answer names nothing to point to.
    assert antecedent("它", "DeepSeek-V3的训练成本是多少？", "仅为557.6万美元，远低于GPT-4[1]。") == "DeepSeek-V3"


def test_a_name_the_dictionary_does_not_know_is_cut_where_the_articles_cut_it(hash_retriever):
    df = hash_retriever.glossary.df
    assert antecedent("他", "方明伦研究机器人已经有多少年了？", df=df) == "方明伦"


def test_a_follow_up_is_searched_about_what_its_pronoun_points_to(hash_retriever):
    history = [
        {"role": "user", "content": "复旦大学MOSS系统的负责人是谁？"},
        {"role": "assistant", "content": "邱锡鹏告诉记者，过去5个月来，MOSS系统日夜成长[1]。"},
    ]
    assistant = Assistant(hash_retriever)
    assert assistant.ask("他是哪个学院的教授？", history).query.startswith("邱锡鹏")
    assert assistant.ask("它是哪一天上线的？", history).query.startswith("复旦大学MOSS系统")
    refused = [history[0], {"role": "assistant", "content": "文章中没有提到这个问题的答案。"}]
    assert "邱锡鹏" not in assistant.ask("他是哪个学院的教授？", refused).query  # a refusal names nobody


def test_an_english_possessive_keeps_its_s():
    assert rewrite_by_rule("What is its valuation?", "智谱AI成立于哪一年？") == "What is 智谱AI's valuation?"
