"""The web app over real HTTP on loopback: first start, the `ask` API, file serving, limits, uploads."""

from __future__ import annotations

import html
import re
import shutil
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
import pytest

from rag import load_settings
from rag.documents import DocumentError
from rag.loaders import MAX_FILE_BYTES
from rag.store import load_index
from rag.rendering import escape, render_answer_text
from rag.webapp import MAX_QUESTION_CHARS, Engine

from conftest import ROOT, start_app, stop_app

QUESTION = "DeepSeek-V3的训练成本是多少？"


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False)


# ---------------------------------------------------------------- the running app


def test_first_start_builds_the_missing_index_and_says_when_ready(web_app):
    log = web_app.log_text()
    assert "building it now" in log
    assert "passages encoded" in log  # progress while the index is built
    assert "index ready" in log
    assert (web_app.index_dir / "CURRENT").is_file()
    assert web_app.url.startswith("http://127.0.0.1:")


def test_listens_on_loopback_only(web_app):
    port = int(urllib.parse.urlparse(web_app.url).port)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # no packet is sent; this picks the outward-facing address
        outward = s.getsockname()[0]
    if outward.startswith("127."):
        pytest.skip("this machine has no address besides loopback")
    with pytest.raises(OSError):
        socket.create_connection((outward, port), timeout=2).close()


def test_ask_api_returns_the_answer_with_quotes_from_the_articles(web_app):
    result = _client(web_app.url).predict(QUESTION, api_name="/ask")
    assert set(result) == {"answer", "citations", "refused"}
    assert result["refused"] is False
    assert "557.6" in result["answer"]
    assert result["citations"]
    documents = load_index(web_app.index_dir).documents
    for c in result["citations"]:
        assert set(c) == {"source", "title", "quote", "start", "end"}
        assert documents[c["source"]].raw[c["start"] : c["end"]] == c["quote"]
        assert f"[{result['citations'].index(c) + 1}]" in result["answer"]


def test_ask_api_says_when_the_articles_do_not_answer(web_app):
    # Off every article, including those the browser tests upload to the same server (火星基地 among them).
    result = _client(web_app.url).predict("南极洲的企鹅一共有多少只？", api_name="/ask")
    assert result["refused"] is True
    assert result["citations"] == []
    assert "没有" in result["answer"]


def test_a_question_over_the_length_limit_gets_a_clear_message(web_app):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=str(MAX_QUESTION_CHARS)):
        _client(web_app.url).predict("问" * (MAX_QUESTION_CHARS + 1), api_name="/ask")


def test_gradio_serves_no_file_outside_what_the_app_needs(web_app):
    assert _status(web_app.url) == 200
    build = load_index(web_app.index_dir).path
    private = [
        "/etc/passwd",
        web_app.index_dir / "CURRENT",
        build / "manifest.json",
        build / "documents.jsonl",
        build / "vectors.faiss",
        ROOT / "corpus" / "000_330cda8455ccf81c.txt",
        ROOT / "pyproject.toml",
        web_app.log,
    ]
    for path in private:
        assert _status(f"{web_app.url}gradio_api/file={path}") == 403, path
    # The same through a detour and through the URL fetcher.
    assert _status(f"{web_app.url}gradio_api/file={ROOT}/tests/../pyproject.toml") == 403
    assert _status(f"{web_app.url}gradio_api/file=http://127.0.0.1:{urllib.parse.urlparse(web_app.url).port}/") == 403


@pytest.mark.slow
def test_a_full_queue_answers_busy_and_the_rest_are_answered(tmp_path):
    from gradio_client.exceptions import AppError
    from gradio_client.utils import QueueError

    app = start_app(tmp_path, "--queue-size", "1", "--concurrency", "1")
    try:
        client = _client(app.url)
        outcomes: list[str] = []
        lock = threading.Lock()

        def user():
            try:
                result = client.predict(QUESTION, api_name="/ask")
                outcome = "answered" if "557.6" in result["answer"] else f"wrong: {result}"
            except (QueueError, AppError) as exc:
                outcome = "busy" if "try again" in str(exc).lower() else f"error: {exc}"
            except Exception as exc:  # anything else is a failure of the app
                outcome = f"error: {type(exc).__name__}: {exc}"
            with lock:
                outcomes.append(outcome)

        threads = [threading.Thread(target=user) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(outcomes) == 16
        assert set(outcomes) <= {"answered", "busy"}, outcomes
        assert "busy" in outcomes and "answered" in outcomes
        assert client.predict(QUESTION, api_name="/ask")["refused"] is False  # still up afterwards
    finally:
        stop_app(app)


# ---------------------------------------------------------------- adding articles (in process)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """An Engine over a fresh hash-embedder index of a copy of the bundled articles."""
    folder = tmp_path_factory.mktemp("engine")
    shutil.copytree(ROOT / "corpus", folder / "corpus")
    settings = load_settings(corpus_dir=folder / "corpus", index_dir=folder / "index", embedder="hash")
    eng = Engine(settings).start(wait=True)
    assert eng.status.state == "ready"
    return eng


ARTICLE = "# 火星基地计划\n\n火星基地的氧气由电解水制造，每天可以产出两百升氧气。\n\n项目负责人表示，第一批设备将在明年运抵。\n"


def test_an_uploaded_article_is_added_incrementally(engine):
    before = engine.retriever.index.manifest["counts"]
    report = engine.add_file(ARTICLE.encode("utf-8-sig"), "mars.txt")
    after = engine.retriever.index.manifest["counts"]
    assert "已加入" in report and (engine.settings.corpus_dir / "mars.txt").is_file()
    assert after["documents"] == before["documents"] + 1
    assert after["chunks"] > before["chunks"]
    assert "新编码 1 段" in report or "新编码 2 段" in report  # only the new article was encoded
    hit = engine.retriever.search("火星基地的氧气怎么制造", k=1)[0]
    assert hit.source == "mars.txt"
    assert engine.add_file(ARTICLE.encode("utf-8-sig"), "mars.txt").endswith("已在文章库中，未改动")


@pytest.mark.parametrize(
    "data, name",
    [
        (bytes(range(128, 256)) * 40, "garbage.txt"),
        (b"", "empty.txt"),
        (b"x" * (MAX_FILE_BYTES + 1), "big.txt"),
        ("正文".encode(), "notes.rtf"),
    ],
)
def test_a_bad_file_is_refused_clearly_and_the_index_is_unchanged(engine, data, name):
    pointer = engine.settings.index_dir / "CURRENT"
    before = pointer.read_text()
    with pytest.raises(DocumentError) as info:
        engine.add_file(data, name)
    assert name in str(info.value)
    assert pointer.read_text() == before


def test_escape_leaves_no_markup_link_or_formula():
    planted = '<img src=x onerror=alert(1)> [link](javascript:alert(1)) **b** $x$ <script>x</script>'
    out = escape(planted)
    for live in ("<img", "<script", "](", "javascript:", "**", "$"):
        assert live not in out
    assert html.unescape(out) == planted


def test_answer_markers_link_to_their_sources():
    out = render_answer_text("成本为557.6万美元[1]，远低于GPT-4[2]。", turn=3)
    assert '<a class="rag-cite" href="#rag-src-3-1">[1]</a>' in out
    assert '<a class="rag-cite" href="#rag-src-3-2">[2]</a>' in out


def test_a_wrapped_quote_reads_as_one_sentence_and_marks_exactly_the_quoted_slice():
    from rag.rendering import _marked

    raw = "标题\n\n北京人形机器人创新中\n\n心成立于2024年，是全国首\n\n个省级创新中心。\n\n下一段。\n"
    start, end = raw.index("心成立"), raw.index("中心。") + 3
    html_text = _marked(raw, 0, len(raw), start, end, columns=True)
    marked = html.unescape(html_text.split("<mark>")[1].split("</mark>")[0])
    assert marked == "心成立于2024年，是全国首个省级创新中心。"  # the wraps inside the sentence joined
    assert re.sub(r"\s", "", marked) == re.sub(r"\s", "", raw[start:end])  # and nothing else changed
