"""A service for a team: one writer at a time, builds kept while read, live reload, readiness, fallback,
login and the OpenAI-compatible endpoint."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.locks import LockBusy, writing
from rag.store import index_corpus, load_index

from conftest import ROOT, drip_server, free_port

CORPUS = ROOT / "corpus"


def _small_corpus(tmp_path: Path, files: int = 2) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:files]:
        shutil.copy(path, folder / path.name)
    return folder


def _rag(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def _index_args(corpus: Path, index: Path) -> list[str]:
    return ["index", "--corpus", str(corpus), "--index", str(index), "--embedder", "hash"]


# ---------------------------------------------------------------- one writer at a time


def test_a_second_writer_waits_for_the_first_or_fails_fast_with_no_wait(tmp_path):
    corpus, index = _small_corpus(tmp_path), tmp_path / "index"
    with writing(index):
        fast = _rag(*_index_args(corpus, index), "--no-wait")
        out, err = fast.communicate(timeout=60)
        assert fast.returncode == 2
        assert "rag: error:" in err and f"pid {os.getpid()}" in err and "without --no-wait" in err
        assert not (index / "CURRENT").exists()

        waiting = _rag(*_index_args(corpus, index))
        ends = time.monotonic() + 60
        line = ""
        while "waiting" not in line and time.monotonic() < ends:
            line = waiting.stderr.readline()
        assert f"being updated by pid {os.getpid()}" in line
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting while we hold the lock
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert "index ready" in out
    load_index(index)


def test_two_writers_at_once_both_finish_and_the_second_reuses_the_first_build(tmp_path):
    corpus, index = _small_corpus(tmp_path), tmp_path / "index"
    runs = [_rag(*_index_args(corpus, index)) for _ in range(2)]
    outs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outs
    reports = sorted(out for out, _ in outs)
    chunks = load_index(index).manifest["counts"]["chunks"]
    # One encoded every passage; the other waited and reused all of them.
    assert any(f"(0 encoded, {chunks} reused)" in r for r in reports), reports
    assert any(f"({chunks} encoded, 0 reused)" in r for r in reports), reports


def test_the_lock_of_a_killed_writer_does_not_block_the_next(tmp_path):
    index = tmp_path / "index"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from rag.locks import writing\n"
         f"with writing({str(index)!r}):\n    print('held', flush=True); time.sleep(600)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(LockBusy, match=f"pid {holder.pid}"):
        with writing(index, wait=False):
            pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    assert f"pid {holder.pid}" in (index / "LOCK").read_text()  # the stale file is still there...
    with writing(index, wait=False):  # ...and does not block
        pass


def test_a_waiting_writer_gives_up_after_its_timeout(tmp_path):
    index = tmp_path / "index"
    done = threading.Event()
    ready = threading.Event()

    def hold():
        with writing(index):
            ready.set()
            done.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    ready.wait(10)
    try:
        with pytest.raises(LockBusy, match="after 0.3 s"):
            with writing(index, timeout=0.3):
                pass
    finally:
        done.set()
        t.join()


def test_an_old_build_is_kept_while_a_reader_holds_it(tmp_path):
    corpus = _small_corpus(tmp_path)
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hash")
    index_corpus(settings)
    first = load_index(settings.index_dir)
    (corpus / "extra.txt").write_text("# 新文章\n\n火星基地的氧气由电解水制造。\n", encoding="utf-8")
    index_corpus(settings)
    assert first.path.is_dir()  # still read: kept
    # The kept build still loads its own data after the switch.
    assert (first.path / "chunks.jsonl").is_file()
    del first
    gc.collect()
    (corpus / "extra.txt").write_text("# 新文章\n\n火星基地的氧气由电解水制造，每天两百升。\n", encoding="utf-8")
    index_corpus(settings)
    builds = [p for p in settings.index_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert builds == [load_index(settings.index_dir).path]  # nobody read the older ones: removed


# ---------------------------------------------------------------- the server: health, readiness, reload

QUESTION = "DeepSeek-V3的训练成本是多少？"
MARS = "# 火星基地计划\n\n火星基地的氧气由电解水制造，每天可以产出两百升氧气。\n"
MARS_QUESTION = "火星基地的氧气是怎么制造的？"


def _get(url: str, headers: dict | None = None) -> tuple[int, dict]:
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _serve(tmp_path: Path, corpus: Path | None = None, **settings):
    """A server in this process on a free loopback port, over a hash-embedder index built at start."""
    from rag.server import serve

    values = {"corpus_dir": corpus or _small_corpus(tmp_path, files=5), "index_dir": tmp_path / "index",
              "embedder": "hash", "reload_interval": 0.2, **settings}
    return serve(load_settings(**values), port=free_port(), background=True)


def _openai(server, key: str = "none"):
    from openai import OpenAI

    return OpenAI(base_url=f"{server.url}v1", api_key=key, max_retries=0, timeout=60)


class _SlowEmbedder:
    """The hash embedder, a second per call: a first-start build that takes a few seconds."""

    def __init__(self):
        from rag.embeddings import HashEmbedder

        self._inner = HashEmbedder()

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def encode(self, texts, batch_size=32, progress=False):
        time.sleep(1.0)
        return self._inner.encode(texts, batch_size, progress)


def test_health_and_questions_wait_for_the_index_at_start(tmp_path, monkeypatch):
    import rag.embeddings

    monkeypatch.setattr(rag.embeddings, "get_embedder", lambda name, cache_dir=None: _SlowEmbedder())
    server = _serve(tmp_path)
    try:
        status, body = _get(f"{server.url}health")
        assert status == 503 and body["status"] in ("loading", "building")
        started = time.monotonic()
        reply = _openai(server).chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
        waited = time.monotonic() - started
        assert "557.6" in reply.choices[0].message.content and waited > 0.5  # it waited, then answered
        status, body = _get(f"{server.url}health")
        assert status == 200 and body["status"] == "ready"
        assert body["index"]["counts"]["documents"] == 5 and body["index"]["build"]
    finally:
        server.close()


def test_questions_wait_only_up_to_ready_timeout(tmp_path, monkeypatch):
    import openai
    import rag.embeddings

    monkeypatch.setattr(rag.embeddings, "get_embedder", lambda name, cache_dir=None: _SlowEmbedder())
    server = _serve(tmp_path, ready_timeout=0.3)
    try:
        with pytest.raises(openai.APIStatusError) as err:
            _openai(server).chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
        assert err.value.status_code == 503 and "not ready" in str(err.value)
    finally:
        server.close()


def test_a_new_build_is_switched_in_under_a_live_server_without_dropping_questions(tmp_path):
    corpus = _small_corpus(tmp_path, files=5)
    server = _serve(tmp_path, corpus=corpus)
    try:
        assert server.engine.wait(60)
        client = _openai(server)
        first = _get(f"{server.url}health")[1]["index"]["build"]
        before = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": MARS_QUESTION}])
        assert "mars.txt" not in {c["source"] for c in before.citations}
        failures, answered, stop = [], [], threading.Event()

        def ask_again_and_again():
            while not stop.is_set():
                try:
                    reply = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
                    answered.append("557.6" in reply.choices[0].message.content)
                except Exception as exc:  # any error during the swap is a failure
                    failures.append(repr(exc))

        askers = [threading.Thread(target=ask_again_and_again) for _ in range(2)]
        for t in askers:
            t.start()
        (corpus / "mars.txt").write_text(MARS, encoding="utf-8")
        run = _rag(*_index_args(corpus, tmp_path / "index"))
        assert run.wait(120) == 0, run.stderr.read()
        ends = time.monotonic() + 30
        while _get(f"{server.url}health")[1]["index"]["build"] == first and time.monotonic() < ends:
            time.sleep(0.2)
        time.sleep(0.5)
        stop.set()
        for t in askers:
            t.join(60)
        health = _get(f"{server.url}health")[1]
        assert health["index"]["build"] != first and health["reloads"] == 1
        assert not failures and answered and all(answered)
        reply = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": MARS_QUESTION}])
        assert not reply.refused and "电解水" in reply.choices[0].message.content
        assert reply.citations[0]["source"] == "mars.txt"
    finally:
        server.close()


def test_a_damaged_new_build_is_not_switched_in(tmp_path):
    server = _serve(tmp_path)
    try:
        assert server.engine.wait(60)
        first = server.engine.retriever.index.path.name
        (tmp_path / "index" / "CURRENT").write_text("../elsewhere 0000\n", encoding="utf-8")
        time.sleep(1.0)
        health = _get(f"{server.url}health")[1]
        assert health["status"] == "ready" and health["index"]["build"] == first
        assert "无法加载" in health["message"]
        assert "557.6" in _openai(server).chat.completions.create(
            model="rag", messages=[{"role": "user", "content": QUESTION}]).choices[0].message.content
    finally:
        server.close()


# ---------------------------------------------------------------- the OpenAI-compatible endpoint


@pytest.fixture(scope="module")
def real_server(real_index_dir, tmp_path_factory):
    """The server over the real m3e-small index of the bundled articles."""
    from rag.server import serve

    settings = load_settings(index_dir=real_index_dir, corpus_dir=CORPUS)
    server = serve(settings, port=free_port(), background=True)
    assert server.engine.wait(120)
    yield server
    server.close()


@pytest.mark.slow
def test_the_openai_client_gets_the_fact_with_its_citation(real_server):
    client = _openai(real_server)
    assert {"rag", "rag-extractive"} <= {m.id for m in client.models.list()}
    reply = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
    text = reply.choices[0].message.content
    assert "557.6" in text and "[1]" in text and reply.choices[0].finish_reason == "stop"
    cited = reply.citations[0]
    documents = real_server.engine.retriever.documents
    assert cited["n"] == 1 and documents[cited["source"]].raw[cited["start"]:cited["end"]] == cited["quote"]
    assert reply.refused is False and reply.usage.completion_tokens > 0


@pytest.mark.slow
def test_the_openai_client_streams_the_same_answer(real_server):
    client = _openai(real_server)
    whole = client.chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
    pieces, last = [], None
    for chunk in client.chat.completions.create(model="rag", stream=True,
                                                messages=[{"role": "user", "content": QUESTION}]):
        pieces += [c.delta.content or "" for c in chunk.choices]
        last = chunk
    assert len([p for p in pieces if p]) > 1
    assert "".join(pieces) == whole.choices[0].message.content
    assert last.choices[0].finish_reason == "stop" and last.citations == whole.citations


@pytest.mark.slow
def test_a_follow_up_uses_the_earlier_turns(real_server):
    reply = _openai(real_server).chat.completions.create(model="rag", messages=[
        {"role": "user", "content": "DeepSeek-V3的训练成本是多少？"},
        {"role": "assistant", "content": "DeepSeek-V3仅为557.6万美元[1]。"},
        {"role": "user", "content": "那GPT-4呢？"}])
    assert "6300" in reply.choices[0].message.content


@pytest.mark.slow
def test_the_project_openai_backend_pointed_at_the_server_answers(real_server):
    from rag.assistant import Assistant

    assistant = Assistant(real_server.engine.retriever, "openai", base_url=f"{real_server.url}v1", model="rag-extractive")
    answer = assistant.ask(QUESTION)
    assert "557.6" in answer.text and answer.citations and not answer.fallback and not answer.backend_error


def test_bad_requests_get_openai_style_errors(tmp_path):
    import openai

    server = _serve(tmp_path)
    try:
        client = _openai(server)
        with pytest.raises(openai.NotFoundError, match="GET /v1/models lists them"):
            client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": QUESTION}])
        with pytest.raises(openai.BadRequestError, match="last message must be the user"):
            client.chat.completions.create(model="rag", messages=[{"role": "assistant", "content": "hi"}])
        with pytest.raises(openai.BadRequestError, match="at most 500"):
            client.chat.completions.create(model="rag", messages=[{"role": "user", "content": "问" * 600}])
    finally:
        server.close()


# ---------------------------------------------------------------- a failing backend: the extractive answer stands in


def test_a_dead_or_hung_llm_server_gives_the_extractive_answer_marked(tmp_path):
    drip = drip_server()
    server = _serve(tmp_path, backends={
        "openai": {"base_url": f"http://127.0.0.1:{free_port()}/v1", "model": "m", "retries": 0}})
    try:
        client = _openai(server)
        reply = client.chat.completions.create(model="rag-openai", messages=[{"role": "user", "content": QUESTION}])
        assert "557.6" in reply.choices[0].message.content and reply.citations
        assert reply.backend_error == "unreachable"
        hung = server.engine.assistant("openai", base_url=f"http://127.0.0.1:{drip.server_port}/v1", model="m",
                                       deadline=1.0, retries=0)
        started = time.monotonic()
        answer = hung.ask(QUESTION)
        assert time.monotonic() - started < 10
        assert "557.6" in answer.text and answer.backend_error == "no complete answer within 1 s"
    finally:
        server.close()
        drip.shutdown()


def test_the_page_marks_an_answer_that_stands_in_for_a_failed_backend(hash_retriever):
    from rag.assistant import Assistant
    from rag.rendering import render_answer

    answer = Assistant(hash_retriever, "echo", fail="boom <b>").ask(QUESTION)
    html = render_answer(answer, QUESTION, hash_retriever, 1, False)
    assert 'class="rag-fallback"' in html and "后端 echo 没有给出回答（failed）" in html
    assert "boom" not in html  # what the backend said stays in the log


# ---------------------------------------------------------------- login


@pytest.fixture()
def users_file(tmp_path):
    from rag.users import add_user

    path = tmp_path / "users"
    add_user(path, "ann", "ann-password")
    add_user(path, "bob", "bob-password")
    return path


def test_with_login_requests_without_credentials_are_refused(tmp_path, users_file):
    import openai
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    server = _serve(tmp_path, users_file=str(users_file))
    try:
        assert server.engine.wait(60)
        with pytest.raises(openai.AuthenticationError):
            _openai(server).models.list()
        with pytest.raises(openai.AuthenticationError):
            _openai(server, "ann:wrong-password").models.list()
        assert "557.6" in _openai(server, "ann:ann-password").chat.completions.create(
            model="rag", messages=[{"role": "user", "content": QUESTION}]).choices[0].message.content
        # The chat, its /ask API and uploads: nothing without logging in.
        assert _get(f"{server.url}config")[0] == 401
        upload = _post_file(f"{server.url}gradio_api/upload", "mars.txt", MARS.encode())
        assert upload == 401
        with pytest.raises(AuthenticationError, match="Please login"):
            Client(server.url, verbose=False).predict(QUESTION, api_name="/ask")
        result = Client(server.url, auth=("bob", "bob-password"), verbose=False).predict(QUESTION, api_name="/ask")
        assert "557.6" in result["answer"]
        assert _get(f"{server.url}health")[0] == 200  # health says only whether it is ready
    finally:
        server.close()


def _post_file(url: str, name: str, data: bytes) -> int:
    import urllib.error
    import urllib.request

    boundary = "rag-test-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_without_login_the_open_server_accepts_uploads(tmp_path):
    server = _serve(tmp_path)
    try:
        assert server.engine.wait(60)
        assert _post_file(f"{server.url}gradio_api/upload", "mars.txt", MARS.encode()) == 200
    finally:
        server.close()


def test_serve_refuses_a_non_loopback_address_without_login(tmp_path):
    run = _rag("serve", "--host", "0.0.0.0", "--index", str(tmp_path / "index"), "--embedder", "hash")
    out, err = run.communicate(timeout=60)
    assert run.returncode == 2
    assert "refusing to listen on 0.0.0.0 without login" in err and "--allow-anonymous" in err
    assert not (tmp_path / "index").exists()  # refused before anything was built


def test_rag_users_add_stores_only_a_hash(tmp_path):
    path = tmp_path / "users"
    run = _rag("users", "add", "carol", "--users-file", str(path), "--password-stdin", stdin=subprocess.PIPE)
    out, err = run.communicate("carol-password\n", timeout=60)
    assert run.returncode == 0, err
    text = path.read_text()
    assert text.startswith("carol:scrypt:") and "carol-password" not in text
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    from rag.users import Users

    assert Users(path).check("carol", "carol-password") and not Users(path).check("carol", "x")


# ---------------------------------------------------------------- one visitor cannot hold every worker


def test_one_visitor_cannot_hold_every_worker(tmp_path, users_file):
    import openai
    from gradio_client import Client

    drip = drip_server()
    server = _serve(tmp_path, users_file=str(users_file), visitor_concurrency=1, backends={
        "openai": {"base_url": f"http://127.0.0.1:{drip.server_port}/v1", "model": "m", "retries": 0, "deadline": 10}})
    try:
        assert server.engine.wait(60)
        ann = _openai(server, "ann:ann-password")
        slow = threading.Thread(target=lambda: ann.chat.completions.create(
            model="rag-openai", messages=[{"role": "user", "content": QUESTION}]))
        slow.start()
        time.sleep(0.5)
        with pytest.raises(openai.RateLimitError, match="still being answered"):
            ann.chat.completions.create(model="rag", messages=[{"role": "user", "content": QUESTION}])
        # Another visitor's session: the chat's /ask API answers while ann's question still hangs.
        result = Client(server.url, auth=("bob", "bob-password"), verbose=False).predict(QUESTION, api_name="/ask")
        assert "557.6" in result["answer"] and slow.is_alive()
        slow.join(30)
        assert not slow.is_alive()  # cut off at the 10 s deadline, answered extractively
    finally:
        server.close()
        drip.shutdown()


def test_a_full_api_queue_answers_busy_at_once_and_the_rest_are_answered(tmp_path):
    import openai
    from rag.server import serve

    drip = drip_server()
    settings = load_settings(corpus_dir=_small_corpus(tmp_path, files=5), index_dir=tmp_path / "index", embedder="hash",
                             visitor_concurrency=10, backends={"openai": {
                                 "base_url": f"http://127.0.0.1:{drip.server_port}/v1", "model": "m", "retries": 0,
                                 "deadline": 2}})
    server = serve(settings, port=free_port(), background=True, concurrency=1, queue_size=1)
    try:
        assert server.engine.wait(60)
        client = _openai(server)
        outcomes = []

        def ask():
            try:
                reply = client.chat.completions.create(model="rag-openai", messages=[{"role": "user", "content": QUESTION}])
                outcomes.append("answered" if "557.6" in reply.choices[0].message.content else "wrong")
            except openai.RateLimitError as exc:
                outcomes.append("busy" if "busy" in str(exc) else repr(exc))

        users = [threading.Thread(target=ask) for _ in range(3)]
        for t in users:
            t.start()
            time.sleep(0.3)
        for t in users:
            t.join(30)
        assert sorted(outcomes) == ["answered", "answered", "busy"]
    finally:
        server.close()
        drip.shutdown()


def test_a_prompt_that_brings_its_passages_is_answered_for_its_question_line():
    from rag.openai_api import question_and_history

    prompt = "Passages:\n<passage n=1>……</passage>\n\nQuestion: DeepSeek-V3的训练成本是多少？\nThe answer is an amount."
    assert question_and_history([{"role": "user", "content": prompt}])[0] == "DeepSeek-V3的训练成本是多少？"
    history = [{"role": "system", "content": "x"}, {"role": "user", "content": "a"},
               {"role": "assistant", "content": [{"type": "text", "text": "b"}]}, {"role": "user", "content": "那GPT-4呢？"}]
    assert question_and_history(history) == ("那GPT-4呢？", [{"role": "user", "content": "a"},
                                                            {"role": "assistant", "content": "b"}])
