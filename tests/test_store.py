"""The index folder: atomic builds, checksums, incremental updates, embedder checks."""

import json

import numpy as np
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.loaders import parse_bytes
from rag.embeddings import HashEmbedder
from rag.retriever import Retriever
from rag.store import DATA_FILES, IndexUnusable, index_corpus, load_index, write_index

ARTICLE_A = "## 甲文\n\n" + "北京人形机器人创新中心成立于2024年1月12日。专委会汇聚了全国顶级专家资源。\n" * 3
ARTICLE_B = "## 乙文\n\n" + "DeepSeek-V3的训练成本仅为557.6万美元，远低于GPT-4。推理成本方面定价仅为0.27美元。\n" * 3


class CountingEmbedder(HashEmbedder):
    """The hash embedder, counting how many texts it was asked to encode."""

    def __init__(self):
        super().__init__()
        self.encoded = 0

    def encode(self, texts, batch_size=32, progress=False):
        self.encoded += len(texts)
        return super().encode(texts, batch_size, progress)


def _settings(tmp_path):
    return load_settings(index_dir=tmp_path / "index", embedder="hash")


def _docs(*pairs):
    return [parse_bytes(text.encode("utf-8"), name) for name, text in pairs]


def _snapshot(index_dir: Path) -> dict:
    return {str(p.relative_to(index_dir)): p.read_bytes() for p in sorted(index_dir.rglob("*")) if p.is_file()}


def test_build_load_and_manifest(tmp_path):
    settings = _settings(tmp_path)
    report = write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)), HashEmbedder(), settings)
    index = load_index(settings.index_dir, "hash")
    manifest = index.manifest
    assert manifest["format_version"] == 4 and manifest["embedder"]["dim"] == 256
    assert manifest["file_checksum"] == "xxh3_128"
    assert manifest["counts"]["chunks"] == report.chunks == len(index.chunks) == index.vectors.ntotal
    assert set(manifest["corpus"]) == {"a.txt", "b.txt"}
    lexical = {name for name in manifest["files"] if name.startswith("bm25/")}
    assert set(manifest["files"]) == set(DATA_FILES) | lexical and "bm25/params.index.json" in lexical
    for chunk in index.chunks:
        assert index.documents[chunk.source].raw[chunk.start : chunk.end] == chunk.text


def test_the_saved_bm25_scores_as_one_built_at_load_and_a_changed_byte_is_caught(tmp_path):
    from rag.lexical import BM25

    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)), HashEmbedder(), settings)
    index = load_index(settings.index_dir, "hash")
    saved = BM25.load(index.path / "bm25", len(index.chunks))
    built = BM25([c.search for c in index.chunks])
    for query in ("DeepSeek-V3的训练成本", "北京人形机器人创新中心", "没有的词"):
        assert saved.scores(query).tolist() == pytest.approx(built.scores(query).tolist())
    vocab = index.path / "bm25" / "vocab.index.json"
    vocab.write_bytes(vocab.read_bytes().replace(b"{", b"[", 1))
    with pytest.raises(IndexUnusable, match="vocab.index.json is missing or does not match its checksum"):
        load_index(settings.index_dir, "hash")


def test_an_exception_during_an_update_leaves_the_previous_index_loadable_and_unchanged(tmp_path):
    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A)), HashEmbedder(), settings)
    before = _snapshot(settings.index_dir)

    def crash():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)), HashEmbedder(), settings,
                    fail_after_vectors=crash)
    assert _snapshot(settings.index_dir) == before
    assert set(load_index(settings.index_dir).manifest["corpus"]) == {"a.txt"}


def test_a_crash_after_the_new_build_is_written_but_before_the_switch_keeps_the_old_one(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A)), HashEmbedder(), settings)
    import rag.store as store

    def no_switch(src, dst):
        raise OSError("power cut")

    monkeypatch.setattr(store.os, "replace", no_switch)
    with pytest.raises(OSError):
        write_index(settings.index_dir, _docs(("b.txt", ARTICLE_B)), HashEmbedder(), settings)
    monkeypatch.undo()
    assert set(load_index(settings.index_dir).manifest["corpus"]) == {"a.txt"}


@pytest.mark.parametrize("name", ["manifest.json", *DATA_FILES, "CURRENT"])
def test_a_changed_byte_in_any_index_file_is_refused_on_load(tmp_path, name):
    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A)), HashEmbedder(), settings)
    build = load_index(settings.index_dir).path
    path = settings.index_dir / name if name == "CURRENT" else build / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(IndexUnusable, match="rag index"):
        load_index(settings.index_dir)


def test_missing_index_says_to_run_rag_index(tmp_path):
    with pytest.raises(IndexUnusable, match="rag index"):
        load_index(tmp_path / "nothing")


def test_an_index_of_an_earlier_format_is_refused_with_what_to_run(tmp_path):
    from rag.weights import sha256_file

    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A)), HashEmbedder(), settings)
    build_id = (settings.index_dir / "CURRENT").read_text(encoding="utf-8").split()[0]
    manifest_path = settings.index_dir / build_id / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["format_version"] = 2  # sha256 file checksums, as builds made before xxh3
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (settings.index_dir / "CURRENT").write_text(f"{build_id} {sha256_file(manifest_path)}\n", encoding="utf-8")
    with pytest.raises(IndexUnusable, match="index format 2, this version reads 4; run `rag index"):
        load_index(settings.index_dir, "hash")


def test_an_index_of_another_embedder_is_refused(tmp_path):
    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A)), HashEmbedder(), settings)
    with pytest.raises(IndexUnusable, match="built with embedder 'hash'"):
        load_index(settings.index_dir, "m3e-small")
    index = load_index(settings.index_dir)
    with pytest.raises(IndexUnusable, match="other weights"):
        Retriever(index, HashEmbedder(dim=128), settings)


def test_unchanged_corpus_reencodes_nothing_and_a_changed_file_only_its_own_chunks(tmp_path):
    settings = _settings(tmp_path)
    embedder = CountingEmbedder()
    first = write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)), embedder, settings)
    assert first.encoded > 0 and embedder.encoded == first.encoded

    embedder.encoded = 0
    again = write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)), embedder, settings)
    assert embedder.encoded == 0 and again.reused == again.chunks

    changed_b = ARTICLE_B.replace("557.6万美元", "600万美元")
    third = write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", changed_b)), embedder, settings)
    b_chunks = [c for c in load_index(settings.index_dir).chunks if c.source == "b.txt"]
    assert 0 < embedder.encoded <= len(b_chunks)
    assert third.encoded == embedder.encoded
    # Only the newest build is kept on disk.
    builds = [p for p in settings.index_dir.iterdir() if p.is_dir()]
    assert len(builds) == 1
    manifest = json.loads((builds[0] / "manifest.json").read_text())
    assert manifest["corpus"]["b.txt"]["sha256"] == _docs(("b.txt", changed_b))[0].sha256


def test_vectors_are_not_reused_when_what_is_embedded_for_a_chunk_changes(tmp_path, monkeypatch):
    import rag.store as store

    settings = _settings(tmp_path)
    docs = _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B))
    embedder = CountingEmbedder()
    first = write_index(settings.index_dir, docs, embedder, settings)

    # Same chunks, but what is embedded for them changes (as when the title prefix was added).
    monkeypatch.setattr(store, "embedding_text", lambda chunk: "摘要：" + chunk.search)
    embedder.encoded = 0
    second = write_index(settings.index_dir, docs, embedder, settings)
    assert second.reused == 0 and embedder.encoded == first.encoded
    index = load_index(settings.index_dir)
    expected = HashEmbedder().encode(["摘要：" + c.search for c in index.chunks])
    assert (abs(index.vector_matrix() - expected) < 1e-6).all()


def test_a_rebuild_reuses_the_chunks_of_unchanged_files_and_the_terms_of_unchanged_passages(tmp_path, monkeypatch):
    import rag.store as store

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"f{n}.txt").write_text(f"## 文章{n}\n\n第{n}篇：上海浦东机器人企业超过{n}00家。智谱AI成立于2019年。\n",
                                         encoding="utf-8")
    settings = load_settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash")
    index_corpus(settings, embedder=HashEmbedder())
    first = load_index(settings.index_dir)
    (corpus / "f1.txt").write_text("## 文章1\n\n第1篇改了：DeepSeek-V3的训练成本为557.6万美元。\n", encoding="utf-8")
    chunked, cut = [], []
    real_chunk, real_tokenize = store.chunk_document, store.tokenize
    monkeypatch.setattr(store, "chunk_document", lambda doc, *a: chunked.append(doc.source) or real_chunk(doc, *a))
    monkeypatch.setattr(store, "tokenize", lambda text: cut.append(text) or real_tokenize(text))
    report = index_corpus(settings, embedder=HashEmbedder())
    assert chunked == ["f1.txt"] and len(cut) == 1 and "557.6" in cut[0]
    assert report.encoded == 1 and report.reused == 2
    second = load_index(settings.index_dir)
    assert [c.id for c in second.chunks if c.source != "f1.txt"] == [c.id for c in first.chunks if c.source != "f1.txt"]
    # the same index as one built from nothing
    fresh = load_settings(index_dir=tmp_path / "fresh", corpus_dir=corpus, embedder="hash")
    index_corpus(fresh, embedder=HashEmbedder())
    rebuilt = Retriever(second, HashEmbedder(), settings)
    scratch = Retriever(load_index(fresh.index_dir), HashEmbedder(), fresh)
    for q in ["DeepSeek-V3的训练成本", "浦东机器人企业", "智谱AI成立"]:
        assert [(h.source, h.start) for h in rebuilt.search(q, 3)] == [(h.source, h.start) for h in scratch.search(q, 3)]
        assert np.allclose(rebuilt.lexical_scores(q), scratch.lexical_scores(q))


def test_saved_terms_are_ids_into_one_vocabulary_and_come_back_the_same(tmp_path):
    from rag.lexical import Terms

    terms = Terms()
    for passage in (["训练", "成本", "训练"], [], ["成本", "推理"]):
        terms.add(passage)
    assert terms.vocabulary == ["训练", "成本", "\u0000", "推理"]  # each term once
    assert [r.tolist() for r in terms.rows] == [[0, 1, 0], [2], [1, 3]]
    terms.save(tmp_path)
    back = Terms.load(tmp_path)
    assert back.vocabulary == terms.vocabulary and [r.tolist() for r in back.rows] == [[0, 1, 0], [2], [1, 3]]
    grown = Terms(back.vocabulary)  # a rebuild adds at the end: the saved ids still mean the same terms
    grown.append(back.rows[0])
    grown.add(["新词", "训练"])
    assert [r.tolist() for r in grown.rows] == [[0, 1, 0], [4, 0]]
    np.save(tmp_path / "term_offsets.npy", np.array([0, 3, 4, 9], dtype=np.int64))  # past the end of the ids
    with pytest.raises(ValueError, match="do not fit together"):
        Terms.load(tmp_path)


def test_the_bm25_index_scores_as_bm25s_own_index_in_one_block_or_many(hash_retriever, monkeypatch):
    import bm25s

    from rag import lexical
    from rag.lexical import BM25, tokenize

    texts = [c.search for c in hash_retriever.chunks]
    plain = bm25s.BM25(k1=BM25.K1, b=BM25.B)
    plain.index([tokenize(t) or ["\u0000"] for t in texts], show_progress=False)
    one = BM25(texts)
    monkeypatch.setattr(lexical, "BLOCK", 7)  # passages counted a few at a time
    many = BM25(texts)
    for query in ("DeepSeek-V3的训练成本", "脑机接口分为哪三类", "没有的词", "cost"):
        expected = np.asarray(plain.get_scores(tokenize(query)), dtype=np.float32)
        assert np.allclose(one.scores(query), expected, atol=1e-6) and np.allclose(many.scores(query), expected, atol=1e-6)
    assert np.count_nonzero(one.scores("DeepSeek-V3的训练成本")) > 0


def test_changed_saved_terms_leave_the_index_loadable_and_are_cut_again_by_a_rebuild(tmp_path, monkeypatch):
    import rag.store as store

    settings = _settings(tmp_path)
    write_index(settings.index_dir, _docs(("a.txt", ARTICLE_A), ("b.txt", ARTICLE_B)), HashEmbedder(), settings)
    index = load_index(settings.index_dir, "hash")
    ids = index.path / "bm25" / "term_ids.npy"
    np.save(ids, np.zeros_like(np.load(ids)))  # every term now reads as the first one
    current = load_index(settings.index_dir, "hash")  # a load does not read the terms
    cut = []
    real = store.tokenize
    monkeypatch.setattr(store, "tokenize", lambda text: cut.append(text) or real(text))
    rebuilt = store._bm25(current.chunks, current)
    assert len(cut) == len(current.chunks)  # none of the changed terms were trusted
    assert len(set(rebuilt.terms.rows[0].tolist())) > 1


def test_a_name_and_its_number_written_apart_match_the_passages_that_write_them_together():
    from rag.lexical import BM25, joined

    texts = ["复旦大学MOSS系统亮相WAIC2023，将是该大模型首次现身大型展会。", "2023年的展会很多。", "WAIC的历史。"]
    bm25 = BM25(texts)
    together = bm25.scores("WAIC2023")
    assert together[0] > 0 and together[1] == together[2] == 0
    # BM25 adds up over the query's terms: the two words, and the term they make written together
    assert np.allclose(bm25.scores("WAIC 2023"), bm25.scores("WAIC") + bm25.scores("2023") + together)
    # only where the passages write them together: "moss2023" is no term of theirs, "2023 waic" no name first
    assert joined(["moss", "2023"], bm25.knows) == []
    assert joined(["2023", "waic"], bm25.knows) == []
    assert joined(["waic", "2023"], bm25.knows) == ["waic2023"]


# ---------------------------------------------------------------- segments: updates of a large index

ROOT = Path(__file__).resolve().parent.parent
SMALL = "## 小文\n\n松江区的机器人小镇今年引进了十二家企业。\n\n## 测试场\n\n园区还建成了两座自动驾驶测试场。\n"


def _segmented(tmp_path, monkeypatch, **overrides):
    """The bundled articles and a small file, indexed as an index large enough for segments (any change
    small enough to add one)."""
    import shutil
    import rag.store as store

    monkeypatch.setattr(store, "MERGE_FRACTION", overrides.pop("merge_fraction", 1.0))
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "small.txt").write_text(SMALL, encoding="utf-8")
    settings = load_settings(index_dir=tmp_path / "index", corpus_dir=corpus, embedder="hash", segments_above=0,
                             **overrides)
    assert index_corpus(settings, embedder=HashEmbedder()).segments == 1
    return settings, corpus


def _fresh(tmp_path, corpus, name="fresh", **overrides):
    """A retriever over an index of `corpus` built whole, from nothing."""
    fresh = load_settings(index_dir=tmp_path / name, corpus_dir=corpus, embedder="hash", **overrides)
    index_corpus(fresh, embedder=HashEmbedder())
    return Retriever(load_index(fresh.index_dir), HashEmbedder(), fresh)


def _questions():
    return [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open(encoding="utf-8")]


def test_an_update_of_a_large_index_adds_a_segment_and_links_the_rest_unchanged(tmp_path, monkeypatch):
    settings, corpus = _segmented(tmp_path, monkeypatch)
    first = load_index(settings.index_dir)
    inode = (first.path / "vectors.faiss").stat().st_ino
    old_rows = first.manifest["corpus"]["small.txt"]["rows"]
    embedder = CountingEmbedder()
    (corpus / "small.txt").write_text(SMALL.replace("十二家", "十五家"), encoding="utf-8")
    report = index_corpus(settings, embedder=embedder)

    assert report.segments == 2 and report.encoded == embedder.encoded == 1  # the unchanged passage kept its vector
    index = load_index(settings.index_dir)
    assert index.path != first.path and (index.path / "vectors.faiss").stat().st_ino == inode  # linked, not written
    first_segment, added = index.manifest["segments"]
    assert first_segment["deleted"] == [old_rows] and added["rows"] == 2 and added["folder"].startswith("segment-")
    assert index.manifest["corpus"]["small.txt"]["segment"] == added["folder"]
    assert len(index.chunks) == index.vectors.ntotal == index.manifest["counts"]["chunks"] == len(first.chunks)
    assert "十五家" in index.documents["small.txt"].raw
    assert not any("十二家" in c.text for c in index.chunks)
    for c in index.chunks:
        assert index.documents[c.source].raw[c.start : c.end] == c.text

    # What a search finds is what it finds in the same articles indexed whole.
    updated, whole = Retriever(index, HashEmbedder(), settings), _fresh(tmp_path, corpus)
    assert sorted(c.id for c in updated.chunks) == sorted(c.id for c in whole.chunks)
    hit = updated.search("松江区机器人小镇引进了多少家企业", 1)[0]
    assert hit.source == "small.txt" and "十五家" in hit.text
    questions = _questions()
    same = sum([(h.source, h.start) for h in updated.search(q, 1)] == [(h.source, h.start) for h in whole.search(q, 1)]
               for q in questions)
    assert same == len(questions)


def test_a_file_removed_from_a_large_index_leaves_search_and_documents(tmp_path, monkeypatch):
    settings, corpus = _segmented(tmp_path, monkeypatch)
    (corpus / "small.txt").unlink()
    report = index_corpus(settings, embedder=HashEmbedder())
    assert report.segments == 1 and report.encoded == 0  # nothing added: the one segment, with rows deleted
    index = load_index(settings.index_dir)
    assert "small.txt" not in index.documents and "small.txt" not in index.manifest["corpus"]
    assert index.manifest["segments"][0]["deleted"] and index.live_rows is not None
    retriever = Retriever(index, HashEmbedder(), settings)
    for q in ["松江区的机器人小镇", "园区测试场"]:
        assert all(h.source != "small.txt" for h in retriever.search(q, 10))
    # the vector search passes over the deleted rows inside FAISS and numbers passages as `chunks` does
    matrix = index.vector_matrix()
    probe = matrix[:5] + 0.01
    scores, ids = index.vectors.search(probe, 10)
    exact = np.argsort(-(probe @ matrix.T), axis=1, kind="stable")[:, :10]
    assert (ids == exact).all() and np.allclose(scores, np.take_along_axis(probe @ matrix.T, exact, axis=1), atol=1e-5)


def test_updates_past_the_share_or_the_count_of_segments_write_the_index_whole(tmp_path, monkeypatch):
    import rag.store as store

    settings, corpus = _segmented(tmp_path, monkeypatch, merge_fraction=0.1)
    # a large file changed: more than a tenth of the rows would be added and deleted
    big = sorted(corpus.glob("0*.txt"))[0]
    big.write_text(big.read_text(encoding="utf-8") + "\n\n补记：本文写于上海。\n", encoding="utf-8")
    assert index_corpus(settings, embedder=HashEmbedder()).segments == 1

    monkeypatch.setattr(store, "MERGE_FRACTION", 1.0)
    monkeypatch.setattr(store, "MAX_SEGMENTS", 3)
    counts = []
    for n in range(3):
        (corpus / "small.txt").write_text(SMALL.replace("十二家", f"{20 + n}家"), encoding="utf-8")
        counts.append(index_corpus(settings, embedder=HashEmbedder()).segments)
    assert counts == [2, 3, 1]
    index = load_index(settings.index_dir)
    assert index.manifest["segments"][0]["deleted"] == [] and index.live_rows is None
    assert [p.name for p in index.path.iterdir() if p.name.startswith("segment-")] == []
    assert "22家" in index.documents["small.txt"].raw


def test_a_failed_update_of_a_large_index_leaves_it_as_it_was(tmp_path, monkeypatch):
    settings, corpus = _segmented(tmp_path, monkeypatch)
    before = _snapshot(settings.index_dir)
    (corpus / "small.txt").write_text(SMALL.replace("十二家", "十五家"), encoding="utf-8")
    import rag.store as store

    real = store.BM25.save

    def full_disk(self, folder):
        real(self, folder)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.BM25, "save", full_disk)
    with pytest.raises(OSError, match="No space left"):
        index_corpus(settings, embedder=HashEmbedder())
    assert _snapshot(settings.index_dir) == before
    assert "十二家" in load_index(settings.index_dir).documents["small.txt"].raw


def test_a_changed_byte_in_a_segment_is_refused_on_load(tmp_path, monkeypatch):
    settings, corpus = _segmented(tmp_path, monkeypatch)
    (corpus / "small.txt").write_text(SMALL.replace("十二家", "十五家"), encoding="utf-8")
    index_corpus(settings, embedder=HashEmbedder())
    build = load_index(settings.index_dir).path
    path = next(build.glob("segment-*/chunks.jsonl"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(IndexUnusable, match="chunks.jsonl is missing or does not match its checksum"):
        load_index(settings.index_dir)


def test_an_hnsw_segment_with_deleted_rows_finds_what_a_whole_flat_index_finds(tmp_path, monkeypatch):
    settings, corpus = _segmented(tmp_path, monkeypatch, hnsw_above=100)
    (corpus / "small.txt").write_text(SMALL.replace("十二家", "十五家"), encoding="utf-8")
    index_corpus(settings, embedder=HashEmbedder())
    updated = Retriever(load_index(settings.index_dir), HashEmbedder(), settings)
    assert updated.index.manifest["segments"][0]["vector_index"]["kind"] == "hnsw"
    assert updated.index.manifest["segments"][1]["vector_index"]["kind"] == "flat"
    whole = _fresh(tmp_path, corpus)
    for q in ["DeepSeek-V3的训练成本是多少？", "脑机接口被分为哪三类？", "松江区机器人小镇引进了多少家企业"]:
        assert [h.chunk_id for h in updated.search(q, 3)] == [h.chunk_id for h in whole.search(q, 3)], q


def test_a_bm25_index_with_a_background_scores_its_passages_as_one_index_of_all_would():
    from rag.lexical import BM25, Background, SegmentedBM25, Terms, tokenize

    texts = ["北京人形机器人创新中心成立于2024年。", "DeepSeek-V3的训练成本为557.6万美元。", "上海浦东机器人企业超过100家。",
             "智谱AI成立于2019年，总部在北京。", "机器人企业在上海和北京都很多。"]
    whole = BM25(texts)
    first = BM25(texts[:3])
    terms = Terms()
    for text in texts[3:]:
        terms.add(tokenize(text))
    added = BM25(texts[3:], terms=terms, background=Background.of([first], first.length, terms))
    alone = BM25(texts[3:])
    for query in ["北京机器人", "智谱AI成立", "上海"]:
        assert added.scores(query) == pytest.approx(whole.scores(query)[3:])
        assert alone.scores(query) != pytest.approx(whole.scores(query)[3:])  # without it, its own statistics
    # two segments searched as one, a deleted passage left out
    both = SegmentedBM25([first, added], live=np.array([0, 2, 3, 4]))
    assert both.scores("北京机器人")[2:] == pytest.approx(whole.scores("北京机器人")[3:])
    assert both.size == 4 and len(both.scores("北京机器人")) == 4 and both.knows("智谱") and both.knows("浦东")
    # the passages holding a term, numbered among the live ones: the deleted passage is not among them
    assert sorted(both.holding("机器")) == [0, 1, 3] and sorted(both.holding("北京")) == [0, 2, 3]
    assert list(both.holding("训练")) == [] and list(both.holding("没有的词")) == []
