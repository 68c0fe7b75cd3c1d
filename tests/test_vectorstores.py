"""The vector stores: FAISS in the index folder, and Milvus (Lite here) with its own BM25 over jieba
tokens, chosen by one setting; the shared retriever tests run on both (tests/test_retriever.py)."""

import json

import pytest

from conftest import ROOT
from rag import index_corpus, load_retriever, load_settings
from rag.embeddings import HashEmbedder
from rag import library
from rag.store import IndexUnusable, load_index
from rag.vectorstores import MilvusStore, StoreError


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """Retrievers over the bundled articles (hash embedder), one per store."""
    folder = tmp_path_factory.mktemp("stores")
    out = {}
    for store in ("faiss", "milvus"):
        settings = load_settings(index_dir=folder / store, embedder="hash", store=store)
        index_corpus(settings)
        out[store] = load_retriever(settings=settings)
    return out


def test_both_stores_put_the_same_passage_first_for_plain_questions(both):
    questions = ["DeepSeek-V3的训练成本是多少？", "MOSS003大模型是哪一天上线的？", "上海浦东有多少家机器人企业？",
                 "脑机接口被分为哪三类？", "智谱AI在2023年累计获得了多少融资？"]
    for q in questions:
        assert places(both["milvus"].search(q, 3)[0]) & places(both["faiss"].search(q, 3)[0]), q


def places(hit) -> set[tuple[str, int]]:
    """Where a hit's passage is: its file and start, and those of its copy in the other script."""
    return {(hit.source, hit.start), *((a["source"], a["start"]) for a in hit.also)}


def test_the_milvus_store_agrees_with_faiss_on_most_of_the_question_set(both):
    questions = [json.loads(line)["question"] for line in open(ROOT / "eval" / "questions.jsonl", encoding="utf-8")]
    same = sum(bool(places(both["faiss"].search(q, 5)[0]) & places(both["milvus"].search(q, 5)[0])) for q in questions)
    # BM25 differs in its tokens (Milvus' jieba analyser) and its statistics (per segment in Milvus Lite).
    assert same >= 0.8 * len(questions)


def test_the_milvus_store_collapses_the_same_article_in_two_scripts(both):
    hits = both["milvus"].search("MOSS003大模型上线后成为了国内首个什么样的模型", 5)
    sources = {hits[0].source} | {a["source"] for a in hits[0].also}
    assert sources == {"000_330cda8455ccf81c.txt", "001_ca1a040b5fd43db5.txt"}


def test_an_update_writes_a_new_collection_and_drops_the_old_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("## 甲\n\n智谱AI在2023年已累计获得超25亿元融资。\n", encoding="utf-8")
    settings = load_settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash", store="milvus")
    index_corpus(settings, embedder=HashEmbedder())
    first = load_index(settings.index_dir).manifest["store"]
    store = MilvusStore(first["uri"])
    assert first["name"] == "milvus" and store.client().has_collection(first["collection"])
    library.add(settings, "b.txt", "## 乙\n\n上海浦东机器人企业超过100家。\n".encode(), embedder=HashEmbedder())
    second = load_index(settings.index_dir).manifest["store"]
    assert second["collection"] != first["collection"]
    assert not store.client().has_collection(first["collection"])
    hits = load_retriever(settings=settings).search("浦东机器人企业有多少家", 1)
    assert hits[0].source == "b.txt"


def test_an_unreachable_milvus_is_refused_clearly_and_the_index_that_was_there_still_loads(tmp_path):
    settings = load_settings(index_dir=tmp_path / "index", embedder="hash")
    index_corpus(settings, corpus_dir=ROOT / "corpus", embedder=HashEmbedder())
    before = (settings.index_dir / "CURRENT").read_text()
    bad = load_settings(index_dir=settings.index_dir, embedder="hash", store="milvus", milvus_uri="http://127.0.0.1:1")
    with pytest.raises(StoreError, match=r"cannot open Milvus at http://127\.0\.0\.1:1.*milvus_uri"):
        index_corpus(bad, corpus_dir=ROOT / "corpus", embedder=HashEmbedder())
    assert (settings.index_dir / "CURRENT").read_text() == before
    assert load_retriever(settings=settings).search("DeepSeek-V3的训练成本", 1)


def test_an_index_built_for_one_store_is_refused_by_the_other_with_what_to_do(both):
    settings = load_settings(index_dir=both["faiss"].index.path.parent, embedder="hash", store="milvus")
    with pytest.raises(IndexUnusable, match="built for the faiss store.*rag index"):
        load_retriever(settings=settings)


def test_the_store_is_chosen_by_one_setting_or_its_variable(monkeypatch):
    monkeypatch.setenv("RAG_STORE", "milvus")
    monkeypatch.setenv("RAG_MILVUS_URI", "http://milvus.example:19530")
    settings = load_settings()
    assert (settings.store, settings.milvus_uri) == ("milvus", "http://milvus.example:19530")
    with pytest.raises(StoreError, match="unknown vector store 'milvis'; valid: faiss, milvus"):
        from rag.vectorstores import make_store

        make_store(load_settings(store="milvis"), settings.index_dir)


def test_the_collection_holds_the_chunk_fields_and_milvus_own_jieba_analyser_works_too(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("## 成本\n\n在训练成本上，DeepSeek-V3仅为557.6万美元。\n\n## 机器人\n\n上海浦东机器人企业超过100家。\n",
                                  encoding="utf-8")
    settings = load_settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash", store="milvus",
                             milvus_analyzer="jieba")
    index_corpus(settings, embedder=HashEmbedder())
    retriever = load_retriever(settings=settings)
    entry = retriever.index.manifest["store"]
    assert entry["analyzer"] == "jieba"
    rows = MilvusStore(entry["uri"]).client().query(entry["collection"], filter="id >= 0",
                                                     output_fields=["source", "title", "start", "end"])
    assert {(r["source"], r["title"], r["start"], r["end"]) for r in rows} == {
        (c.source, c.title, c.start, c.end) for c in retriever.chunks}
    assert "557.6" in retriever.search("DeepSeek-V3的训练成本", 1)[0].text


def test_above_a_size_the_faiss_store_builds_an_hnsw_graph_that_finds_what_the_flat_index_finds(tmp_path):
    import faiss

    flat = load_settings(index_dir=tmp_path / "flat", embedder="hash")
    graph = load_settings(index_dir=tmp_path / "hnsw", embedder="hash", hnsw_above=100, hnsw_ef_search=64)
    index_corpus(flat, corpus_dir=ROOT / "corpus", embedder=HashEmbedder())
    report = index_corpus(graph, corpus_dir=ROOT / "corpus", embedder=HashEmbedder())
    assert set(report.seconds) == {"chunk", "encode", "vectors", "write", "bm25", "store"}
    a, b = load_retriever(settings=flat), load_retriever(settings=graph)
    assert a.index.manifest["vector_index"] == {"kind": "flat"}
    assert b.index.manifest["vector_index"]["kind"] == "hnsw" and b.index.chunks and len(b.index.chunks) > 100
    graph = b.index.segments[0].vectors
    assert isinstance(graph, faiss.IndexHNSWFlat) and graph.hnsw.efSearch == 64
    for q in ["DeepSeek-V3的训练成本是多少？", "脑机接口被分为哪三类？", "智谱AI成立于哪一年？"]:
        assert [h.chunk_id for h in a.search(q, 5)] == [h.chunk_id for h in b.search(q, 5)], q
