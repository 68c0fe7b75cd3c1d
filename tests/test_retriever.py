"""The retriever: hybrid search, cross-script queries, duplicates collapsed, LangChain adapter, CLI."""

import json
import subprocess
import sys

import pytest

from rag.config import load_settings
from rag.loaders import parse_bytes
from rag.embeddings import HashEmbedder
from rag.normalize import compact
from rag.retriever import Retriever
from rag.store import load_index, write_index

SIMPLIFIED = (
    "## 邱锡鹏谈大模型\n\n今年2月，邱锡鹏团队发布MOSS，成为国内首个发布的类ChatGPT模型。"
    "4月20日，第三轮迭代版本MOSS003大模型上线，成为国内首个插件增强的开源对话语言模型。\n\n"
    "## 机器人\n\n上海浦东机器人企业超过100家，机器人核心企业产值已达100多亿元。\n"
)
TRADITIONAL = (
    "## 邱錫鵬談大模型\n\n今年2月，邱錫鵬團隊發布MOSS，成為國內首個發布的類ChatGPT模型。"
    "4月20日，第三輪迭代版本MOSS003大模型上線，成為國內首個插件增強的開源對話語言模型。\n"
)


@pytest.fixture(params=["faiss", "milvus"])
def small_retriever(tmp_path, request):
    """The retriever over two small files, on each vector store (Milvus Lite for `milvus`)."""
    settings = load_settings(index_dir=tmp_path / "index", embedder="hash", store=request.param)
    docs = [parse_bytes(SIMPLIFIED.encode(), "s.txt"), parse_bytes(TRADITIONAL.encode("big5"), "t.txt")]
    write_index(settings.index_dir, docs, HashEmbedder(), settings)
    return Retriever(load_index(settings.index_dir, "hash"), HashEmbedder(), settings)


def test_the_same_passage_in_two_scripts_comes_back_once_naming_both_sources(small_retriever):
    hits = small_retriever.search("MOSS003是国内首个什么模型", k=5)
    assert hits[0].source in {"s.txt", "t.txt"}
    assert "插件" in hits[0].text or "插件" in small_retriever.documents[hits[0].source].raw
    other = {"s.txt": "t.txt", "t.txt": "s.txt"}[hits[0].source]
    assert [a["source"] for a in hits[0].also] == [other]
    assert all(h.source != other or "MOSS003" not in h.text for h in hits[1:])


def test_no_result_list_holds_a_passage_twice(small_retriever):
    for query in ["MOSS", "邱錫鵬團隊", "机器人企业产值", "大模型"]:
        hits = small_retriever.search(query, k=10)
        for i, a in enumerate(hits):
            for b in hits[i + 1 :]:
                if a.source == b.source:
                    overlap = min(a.end, b.end) - max(a.start, b.start)
                    assert overlap <= 0.5 * min(a.end - a.start, b.end - b.start), (query, a.text, b.text)
                else:
                    assert compact(a.text) != compact(b.text), (query, a.text)


def test_hit_text_is_the_raw_slice_and_scores_are_sorted(small_retriever):
    hits = small_retriever.search("浦东机器人企业", k=3)
    assert hits and "浦东" in hits[0].text
    for hit in hits:
        assert small_retriever.documents[hit.source].raw[hit.start : hit.end] == hit.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_empty_query_returns_nothing(small_retriever):
    assert small_retriever.search("   ", k=5) == []


def test_langchain_adapter_returns_documents_with_metadata(small_retriever):
    from langchain_core.retrievers import BaseRetriever

    lc = small_retriever.as_langchain(k=2)
    assert isinstance(lc, BaseRetriever)
    docs = lc.invoke("浦东机器人企业")
    assert 1 <= len(docs) <= 2
    meta = docs[0].metadata
    assert {"source", "title", "start", "end", "score"} <= set(meta)
    assert small_retriever.documents[meta["source"]].raw[meta["start"] : meta["end"]] == docs[0].page_content


# ---------------------------------------------------------------- the real corpus, the real model


@pytest.mark.slow
def test_rag_search_json_returns_the_deepseek_cost_passage_first(real_index_dir):
    out = subprocess.run(
        [sys.executable, "-m", "rag.cli", "search", "DeepSeek-V3的训练成本是多少", "--json", "--index", str(real_index_dir)],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(out.stdout)  # stdout holds the JSON object and nothing else
    assert "557.6 万美元" in result["hits"][0]["text"]
    assert result["hits"][0]["source"] == "004_be6f5ccb605ace90.txt"


@pytest.mark.slow
@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("DeepSeek-V3的訓練成本是多少？", "DeepSeek-V3的训练成本是多少？"),
        ("復旦大學MOSS系統的負責人是誰？", "复旦大学MOSS系统的负责人是谁？"),
        ("北京人形機器人創新中心專委會主任由誰擔任？", "北京人形机器人创新中心专委会主任由谁担任？"),
        ("腦機接口分為哪三類？", "脑机接口分为哪三类？"),
    ],
)
def test_traditional_and_simplified_twins_return_the_same_hits(real_retriever, traditional, simplified):
    a = real_retriever.search(traditional, k=5)
    b = real_retriever.search(simplified, k=5)
    assert [(h.source, h.start) for h in a] == [(h.source, h.start) for h in b]


@pytest.mark.slow
def test_the_article_in_both_scripts_is_one_hit_on_the_real_corpus(real_retriever):
    hits = real_retriever.search("MOSS003大模型上线后成为了国内首个什么样的模型", k=5)
    top = hits[0]
    assert "插件增强" in top.text or "插件增強" in top.text
    sources = {top.source} | {a["source"] for a in top.also}
    assert sources == {"000_330cda8455ccf81c.txt", "001_ca1a040b5fd43db5.txt"}
    assert all(h.source not in sources or "插件" not in h.text for h in hits[1:])


@pytest.mark.slow
def test_cli_reports_a_missing_index_clearly(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "rag.cli", "search", "问题", "--index", str(tmp_path / "none")],
        capture_output=True, text=True,
    )
    assert out.returncode == 2
    assert "rag index" in out.stderr and out.stdout == ""


def test_search_over_candidates_ranks_as_scoring_every_passage_would(hash_retriever):
    import json

    import numpy as np

    from rag.normalize import normalize_query

    r = hash_retriever
    from conftest import ROOT

    questions = [json.loads(line)["question"] for line in open(ROOT / "eval" / "questions.jsonl", encoding="utf-8")]
    for question in questions:
        query = normalize_query(question)
        dense, lexical = r.dense_scores(query), r.lexical_scores(query)
        fused = r.fuse(dense, lexical)
        order = np.argsort(-fused, kind="stable")[:50]
        every = r._collapse(order, fused[order], dense[order], lexical[order], 10)
        hits = r.search(question, k=10)
        assert [h.chunk_id for h in hits] == [h.chunk_id for h in every], question
        assert np.allclose([h.score for h in hits], [h.score for h in every], atol=1e-4)


def _retriever_of(folder, text: str) -> Retriever:
    settings = load_settings(index_dir=folder / "index", embedder="hash")
    write_index(settings.index_dir, [parse_bytes(text.encode(), "a.txt")], HashEmbedder(), settings)
    return Retriever(load_index(settings.index_dir, "hash"), HashEmbedder(), settings)


def test_a_question_in_taiwan_words_is_read_in_the_words_the_articles_use(tmp_path):
    mainland = _retriever_of(tmp_path / "mainland", "# 人脑\n\n人脑每秒产生约1TB数据，但现有技术仅能捕捉百万分之一。\n\n"
                             "# 芯片\n\nAI芯片的能效比提升5个数量级。\n")
    question = "人腦每秒大約產生多少資料？"  # Taiwan: 資料 for 数据
    assert "数据" in mainland.reading(question)
    assert "1TB" in mainland.search(question, k=1)[0].text
    taiwan = _retriever_of(tmp_path / "taiwan", "# 人腦\n\n人腦每秒產生約1TB資料，但現有技術僅能捕捉百萬分之一。\n")
    assert taiwan.reading(question) == question  # articles in Taiwan's words: read as written
    assert mainland.reading("人脑每秒产生多少数据？") == "人脑每秒产生多少数据？"  # simplified: as it is


def test_a_taiwan_question_is_read_the_way_that_matches_a_passage_best(tmp_path):
    retriever = _retriever_of(tmp_path, "# 模型\n\n面对稠密模型在72B参数规模后性能饱和的问题，DeepSeek采用混合专家模型。\n\n"
                              "# 教育\n\n教育领域，某智慧校园学情诊断系统使教师备课效率提升40%。\n\n"
                              "# 其他\n\n大引擎的效能很高。人工智能是智能的一种。\n")
    # 引數 and 效能 are the mainland's 参数 and 性能, though 效能 and 大引 (of 多大引數) are in the passages too
    assert retriever.reading("稠密模型在多大引數規模之後會出現效能飽和？") == "稠密模型在多大参数规模之后会出现性能饱和？"
    # 智慧 is the mainland's 智能 too, but this article writes 智慧校园
    question = "某智慧校園學情診斷系統使教師備課效率提升了多少？"
    assert retriever.reading(question) == question


@pytest.mark.slow
def test_a_latin_name_an_english_question_writes_outweighs_the_words_translated_around_it(real_retriever):
    # the glossary gives many Chinese words for "large-model fine-tuning" and none for PowerInfer, which
    # says which passage is meant; it is among the first few, not the twentieth
    hits = real_retriever.search("How much faster did PowerInfer make large-model fine-tuning?", k=10)
    assert any("PowerInfer" in h.text for h in hits)
    # a capitalised word the passages do not write is searched for as written, once
    assert real_retriever.lexical_query("What did Nova do?").lower().split().count("nova") == 1
