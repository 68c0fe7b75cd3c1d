"""Trust boundaries: links out of the corpus, CURRENT naming a folder outside the index, two writers,
a server that drips bytes, and `rag index` failing on a full or read-only disk."""

import os
import subprocess
import threading
import time

import pytest

from rag.cli import main
from rag.config import load_settings
from rag.loaders import load_corpus
from rag.embeddings import HashEmbedder
from rag.llms import BackendError, OpenAIBackend, Request
from rag.store import IndexUnusable, _remove_old_builds, index_corpus, load_index

from conftest import drip_server

ARTICLE = "## 成本\n\n据相关数据显示，在训练成本上，DeepSeek-V3仅为557.6万美元，远低于GPT-4的6300万美元。\n"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_a_link_out_of_the_corpus_is_refused_and_said_why(corpus, tmp_path):
    secret = tmp_path / "passwd.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (corpus / "passwd_link.txt").symlink_to(secret)
    (corpus / "inside_link.txt").symlink_to(corpus / "a.txt")
    documents, errors = load_corpus(corpus)
    assert [d.source for d in documents] == ["a.txt"]
    assert sorted(e.args[0].split(":")[0] for e in errors) == ["inside_link.txt", "passwd_link.txt"]
    assert all("symbolic link" in str(e) for e in errors)
    # Allowed, a link may point inside the corpus folder, never out of it.
    documents, errors = load_corpus(corpus, allow_symlinks=True)
    assert sorted(d.source for d in documents) == ["a.txt", "inside_link.txt"]
    assert [str(e).split(":")[0] for e in errors] == ["passwd_link.txt"]


def test_a_special_file_in_the_corpus_is_refused(corpus):
    os.mkfifo(corpus / "pipe.txt")
    documents, errors = load_corpus(corpus)
    assert [d.source for d in documents] == ["a.txt"] and "not a regular file" in str(errors[0])


def test_the_symlink_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("RAG_ALLOW_SYMLINKS", "true")
    assert load_settings().allow_symlinks is True
    monkeypatch.setenv("RAG_ALLOW_SYMLINKS", "perhaps")
    with pytest.raises(ValueError, match="true or false"):
        load_settings()


def _index(corpus, folder):
    settings = load_settings(corpus_dir=corpus, index_dir=folder, embedder="hash")
    index_corpus(settings, embedder=HashEmbedder())
    return settings


@pytest.mark.parametrize("name", ["../outside", "/tmp", "..", ".tmp-x", "a/b"])
def test_current_naming_a_folder_outside_the_index_is_refused_as_damage(corpus, tmp_path, name):
    folder = tmp_path / "index"
    _index(corpus, folder)
    build, sha = (folder / "CURRENT").read_text(encoding="utf-8").split()
    (folder / "CURRENT").write_text(f"{name} {sha}\n", encoding="utf-8")
    with pytest.raises(IndexUnusable, match="not a build folder inside"):
        load_index(folder, "hash")
    (folder / "CURRENT").write_text(f"{build} {sha}\n", encoding="utf-8")
    assert load_index(folder, "hash").chunks


def test_old_builds_are_removed_but_never_the_one_current_names(corpus, tmp_path):
    folder = tmp_path / "index"
    _index(corpus, folder)
    live = (folder / "CURRENT").read_text(encoding="utf-8").split()[0]
    other = folder / "20000101T000000-aaaaaa"  # a writer's build that CURRENT no longer names
    other.mkdir()
    (other / "manifest.json").write_text("{}", encoding="utf-8")
    _remove_old_builds(folder, keep="20990101T000000-bbbbbb")  # a writer that lost the race to `live`
    assert (folder / live).is_dir() and not other.exists()
    assert load_index(folder, "hash").chunks


def test_two_writers_at_once_leave_a_loadable_index(corpus, tmp_path):
    folder = tmp_path / "index"
    settings = _index(corpus, folder)
    (corpus / "b.txt").write_text(ARTICLE.replace("成本", "价格"), encoding="utf-8")
    from rag.store import write_index

    documents, _ = load_corpus(corpus)
    paused, go = threading.Event(), threading.Event()

    def pause():  # the first writer stops after its vectors until the second has switched its build in
        paused.set()
        go.wait(30)

    first = threading.Thread(target=write_index, args=(folder, documents, HashEmbedder(), settings),
                             kwargs={"fail_after_vectors": pause})
    first.start()
    assert paused.wait(30)
    write_index(folder, documents, HashEmbedder(), settings)
    go.set()
    first.join(30)
    assert not first.is_alive()
    index = load_index(folder, "hash")
    assert {c.source for c in index.chunks} == {"a.txt", "b.txt"}
    assert not list(folder.glob("CURRENT.*")) and not list(folder.glob(".tmp-*"))


def test_a_server_that_drips_bytes_is_cut_off_at_the_total_deadline():
    server = drip_server()
    try:
        backend = OpenAIBackend(base_url=f"http://127.0.0.1:{server.server_port}/v1", model="m",
                                timeout=5, deadline=1.0, retries=0)
        started = time.monotonic()
        with pytest.raises(BackendError, match="deadline"):
            list(backend.stream(Request("问题", "zh-Hans", [])))
        assert time.monotonic() - started < 3  # each read came within the 5 s timeout: only the deadline ends it
    finally:
        server.shutdown()


def test_rag_index_on_a_read_only_folder_says_so_in_one_line(corpus, capsys):
    assert main(["index", "--corpus", str(corpus), "--index", "/sys/rag-index", "--embedder", "hash"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("rag: error:") and "is unchanged and still loads" in err[0]


def test_rag_index_on_a_full_disk_says_so_and_keeps_the_old_index(corpus, tmp_path, capsys):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        folder = disk / "index"
        _index(corpus, folder)
        (corpus / "b.txt").write_text(ARTICLE * 50, encoding="utf-8")
        filler = disk / "filler"
        try:  # fill the disk
            with open(filler, "wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError:
            pass
        args = ["index", "--corpus", str(corpus), "--index", str(folder), "--embedder", "hash"]
        assert main(args) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert err[-1].startswith("rag: error: No space left on device")
        assert [c.source for c in load_index(folder, "hash").chunks] == ["a.txt"]  # the old index, intact
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_a_visitor_may_not_point_the_server_at_a_url_unless_the_operator_allows_it():
    from rag.config import replace
    from rag.webapp import visitor_options

    settings = load_settings(embedder="hash")
    internal = "http://127.0.0.1:9/v1"
    assert visitor_options(settings, "openai", internal, "m", "k") == {}  # off: the operator's endpoint is used
    allowing = replace(settings, visitor_urls=True, visitor_url_hosts="llm.example.org, 127.0.0.1")
    assert visitor_options(allowing, "openai", internal, "m", "") == {"base_url": internal, "model": "m"}
    for url in ("http://10.0.0.5/v1", "http://169.254.169.254/latest", "file:///etc/passwd", "http://127.0.0.2/v1"):
        with pytest.raises(ValueError, match="不在允许的列表中"):
            visitor_options(allowing, "openai", url, "m", "")
    configured = replace(allowing, visitor_url_hosts="", backends={"openai": {"base_url": "http://gpu.lan:8000/v1"}})
    assert visitor_options(configured, "openai", "http://gpu.lan:8000/v1", "", "")["base_url"] == "http://gpu.lan:8000/v1"


def test_the_page_offers_no_url_field_unless_the_operator_allows_it():
    import gradio as gr

    from rag.config import replace
    from rag.webapp import Engine, build_app

    def url_field_visible(settings):
        demo = build_app(Engine(settings))
        fields = [b for b in demo.blocks.values() if isinstance(b, gr.Textbox) and "base URL" in words(demo, b.label)]
        return [f.visible for f in fields]

    settings = load_settings(embedder="hash")
    assert url_field_visible(settings) == [False]
    assert url_field_visible(replace(settings, visitor_urls=True)) == [True]


def test_an_empty_url_or_model_field_says_what_it_stands_for():
    import gradio as gr

    from rag.config import replace
    from rag.webapp import Engine, build_app

    settings = replace(load_settings(embedder="hash"), visitor_urls=True,
                       backends={"openai": {"base_url": "http://10.0.0.5:8080/v1", "model": "qwen2.5"}})
    demo = build_app(Engine(settings))
    fields = {words(demo, b.label): words(demo, b.placeholder) for b in demo.blocks.values() if isinstance(b, gr.Textbox)}
    assert fields["OpenAI 兼容接口地址（base URL）"] == "留空：使用 http://10.0.0.5:8080/v1"
    assert fields["模型名"] == "留空：使用 qwen2.5"
    english = {words(demo, b.label, "en"): words(demo, b.placeholder, "en")
               for b in demo.blocks.values() if isinstance(b, gr.Textbox)}
    assert english["Model"] == "Empty: qwen2.5"


def words(demo, value, lang: str = "zh") -> str:
    """What the page shows for a label or placeholder (a key of the page's i18n) in `lang`."""
    key = getattr(value, "key", None)
    return demo.i18n_instance.translations[lang][key] if key else str(value or "")


def test_the_key_of_the_chat_kept_in_the_browser_is_made_once_and_private(tmp_path):
    from rag.config import replace
    from rag.webapp import chat_secret

    settings = replace(load_settings(embedder="hash"), cache_dir=tmp_path / "cache")
    first = chat_secret(settings)
    assert len(first) == 32 and chat_secret(settings) == first  # the same after a restart
    assert (tmp_path / "cache" / "chat-secret").stat().st_mode & 0o077 == 0
    assert chat_secret(replace(settings, cache_dir=tmp_path / "other")) != first
