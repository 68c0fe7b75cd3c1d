"""The web chat in a real headless Chromium: ask, read the streamed answer and its sources, stay safe."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from rag.store import load_index

from conftest import ROOT, free_port

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
PLANTED = (
    "# 火星基地计划\n\n"
    "火星基地的氧气由电解水制造<img src=x onerror=alert(1)>，详情见[link](javascript:alert(1))。\n\n"
    "<script>window.__planted = 1</script>项目负责人表示，第一批设备将在明年运抵。\n"
)
SECRET = "sk-test-0123456789-do-not-show"

pytestmark = pytest.mark.slow
# A browser that asks for Chinese, and may read what the page copies.
CHINESE = {"locale": "zh-CN", "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.fixture(scope="module")
def page(web_app):
    """A Chromium page on the running app, recording any dialog a planted script would open."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium and fonts-noto-cjk (see README)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000}, **CHINESE)
        pg.dialogs = []

        def on_dialog(dialog):
            pg.dialogs.append(dialog.message)
            dialog.dismiss()

        pg.on("dialog", on_dialog)
        pg.goto(web_app.url)
        pg.wait_for_selector("#status:has-text('索引已就绪')", timeout=60_000)
        yield pg
        browser.close()


def _ask(page, question: str):
    """The last bot message, once its answer is complete."""
    before = page.locator("#chat [data-testid='bot']").count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        """n => { const m = document.querySelectorAll('#chat [data-testid="bot"]');
                 return m.length > n && m[m.length - 1].querySelector('.rag-source, .rag-answer') &&
                        !m[m.length - 1].querySelector('.rag-streaming') &&
                        !document.querySelector('#chat .pending, #chat .generating'); }""",
        arg=before,
        timeout=60_000,
    )
    page.wait_for_timeout(300)
    return page.locator("#chat [data-testid='bot']").last


def test_the_api_key_is_never_echoed_back_or_kept(page, web_app):
    page.get_by_text("设置", exact=True).click()
    page.get_by_label("openai").check()
    page.get_by_label("OpenAI 兼容接口地址（base URL）").fill(f"http://127.0.0.1:{free_port()}/v1")
    page.get_by_label("模型名").fill("any")
    key = page.get_by_label("API key")
    assert key.get_attribute("type") == "password"
    key.fill(SECRET)
    message = _ask(page, "DeepSeek-V3的训练成本是多少？")
    assert message.inner_text().strip()  # an answer or a clear error, whichever the backend gives
    storage = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage, sessionStorage))")
    assert SECRET not in page.content()
    assert SECRET not in storage
    assert SECRET not in web_app.log_text()
    page.get_by_label("extractive").check()
    page.locator("#clear").click()
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')")


def test_upload_ask_and_read_sources_without_running_planted_html(page, web_app, tmp_path):
    planted = tmp_path / "planted.txt"
    planted.write_text(PLANTED, encoding="utf-8")
    page.get_by_text("添加文章", exact=True).click()
    page.locator("#upload input[type=file]").set_input_files(str(planted))
    page.wait_for_selector("#upload-report:has-text('planted.txt：已加入')", timeout=60_000)

    message = _ask(page, "火星基地的氧气是怎么制造的？")
    text = message.inner_text()
    assert "火星基地计划" in text and "planted.txt" in text  # the source's title and file
    assert "电解水" in message.locator(".rag-source mark").first.inner_text()  # the cited sentence, highlighted
    assert "<img src=x onerror=alert(1)>" in text  # shown as text...
    assert "[link](javascript:alert(1))" in text
    chat = page.locator("#chat")
    assert chat.locator("img[src='x'], img[onerror], script").count() == 0  # ...not as markup
    assert chat.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    assert page.evaluate("() => window.__planted") is None

    message = _ask(page, "DeepSeek-V3的训练成本是多少？")
    assert "557.6" in message.locator(".rag-answer").inner_text()
    assert "DeepSeek 大模型" in message.locator(".rag-source-head").first.inner_text()
    assert "557.6" in message.locator(".rag-quote").first.inner_text()
    # [1] leads to its source; the wider context opens on request.
    cite = message.locator("a.rag-cite").first
    target = cite.get_attribute("href")
    cite.click()
    assert page.url.endswith(target)
    assert page.locator(target).count() == 1
    details = message.locator("details.rag-context").first
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    assert "557.6" in details.inner_text()

    details.locator("summary").click()  # closed again, so the screenshot shows answer and sources
    message.evaluate("m => m.scrollIntoView({block: 'start'})")
    shot = tmp_path / "browser.png"
    page.screenshot(path=str(shot), full_page=True)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, results / "browser.png")
    assert shot.stat().st_size > 10_000


def _upload(page, path: Path) -> None:
    """Upload `path` in the chat's panel and wait until it is added."""
    upload = page.locator("#upload input[type=file]")
    if not upload.count():  # the panel is closed
        page.get_by_text("添加文章", exact=True).click()
    upload.set_input_files(str(path))
    page.wait_for_function(
        "name => document.querySelector('#upload-report').textContent.includes(name + '：已加入')",
        arg=path.name, timeout=60_000)


def test_a_file_chosen_while_another_is_being_added_is_queued_not_dropped(page, web_app, tmp_path):
    first, second = tmp_path / "queued_a.txt", tmp_path / "queued_b.txt"
    first.write_text("".join(f"# 月球基地{i}\n\n月球基地{i}号的水来自极地的冰。\n" for i in range(400)), encoding="utf-8")
    second.write_text("# 海底城市\n\n海底城市的空气由海水电解得到。\n", encoding="utf-8")
    upload = page.locator("#upload input[type=file]")
    if not upload.count():  # the panel is closed
        page.get_by_text("添加文章", exact=True).click()
    upload.set_input_files(str(first))
    # The box hands the first over to the server and is emptied at once; the second is chosen while the
    # first is still being added (the page shows it waiting or being added until the server is done).
    page.wait_for_function(
        """() => { const t = document.querySelector('#upload-report').textContent;
                   return (t.includes('【等待】queued_a.txt') || t.includes('【进行中】queued_a.txt')) &&
                          !document.querySelector('#upload').textContent.includes('queued_a.txt'); }""",
        timeout=30_000)
    assert "queued_a.txt：已加入" not in page.locator("#upload-report").text_content()
    upload.set_input_files(str(second))  # while the first is being added
    try:
        page.wait_for_function(
            """() => { const t = document.querySelector('#upload-report').textContent;
                       return t.includes('queued_a.txt：已加入') && t.includes('queued_b.txt：已加入'); }""",
            timeout=60_000)
    except PlaywrightTimeout:  # say what the page showed, to tell a dropped file from a slow one
        pytest.fail(f"not both files were added within 60 s; report: {page.locator('#upload-report').text_content()!r}; "
                    f"upload box: {page.locator('#upload').text_content()!r}")
    assert "失败" not in page.locator("#upload-report").text_content()
    assert {"queued_a.txt", "queued_b.txt"} <= set(load_index(web_app.index_dir).documents)


def test_a_pdf_uploaded_in_the_chat_is_answered_with_its_page(page, web_app, tmp_path):
    from test_loaders import PDF_HTML

    printer = page.context.browser.new_page()  # printed by the same Chromium: its text layer has radical code points
    printer.set_content(PDF_HTML)
    pdf = tmp_path / "wheat.pdf"
    printer.pdf(path=str(pdf))
    printer.close()
    _upload(page, pdf)
    message = _ask(page, "试验田的小麦用水减少了多少？")
    assert "三成" in message.locator(".rag-answer").inner_text()
    head = message.locator(".rag-source-head").first.inner_text()
    assert "wheat.pdf" in head and "第 1 页" in head
    assert (web_app.index_dir.parent / "corpus" / "wheat.pdf").is_file()  # kept in the library


def test_a_file_deleted_from_the_article_list_leaves_the_library_and_the_index(page, web_app, tmp_path):
    doomed = tmp_path / "doomed.txt"
    doomed.write_text("# 待删除的文章\n\n这篇文章稍后会被删除。\n", encoding="utf-8")
    _upload(page, doomed)
    if not page.locator("#remove").is_visible():
        page.get_by_text("已收录的文章", exact=True).click()
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name="doomed.txt").click()
    page.locator("#remove").click()
    page.wait_for_function(
        "() => document.querySelector('#remove-report').textContent.includes('doomed.txt：已删除')", timeout=60_000)
    assert "doomed.txt" not in page.locator("#articles").inner_text()
    assert "doomed.txt" not in load_index(web_app.index_dir).documents
    assert not (web_app.index_dir.parent / "corpus" / "doomed.txt").exists()


CONTRAST = """el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = node => {
    for (; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const fg = lum(rgb(getComputedStyle(el).color)), bg = lum(background(el));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_quotes_and_their_highlight_are_legible_in_light_and_dark_mode(page, web_app, theme):
    pg = page.context.browser.new_page(viewport={"width": 1400, "height": 1000}, color_scheme=theme, **CHINESE)
    try:
        pg.goto(f"{web_app.url}?__theme={theme}")
        pg.wait_for_selector("#status:has-text('索引已就绪')", timeout=60_000)
        message = _ask(pg, "DeepSeek-V3的训练成本是多少？")
        quote, mark = message.locator(".rag-quote").first, message.locator(".rag-quote mark").first
        # WCAG AA for normal text: 4.5:1.
        assert quote.evaluate(CONTRAST) >= 4.5
        assert mark.evaluate(CONTRAST) >= 4.5
        results = ROOT / "bench" / "results"
        results.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(results / f"browser-{theme}.png"), full_page=True)
    finally:
        pg.close()


def test_a_click_on_an_example_question_asks_it(page):
    page.locator("#clear").click()
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')")
    page.get_by_role("button", name="脑机接口分为哪三类？").click()
    page.wait_for_function(
        """() => { const m = document.querySelectorAll('#chat [data-testid="bot"]');
                 return m.length && m[m.length - 1].querySelector('.rag-source') &&
                        !document.querySelector('#chat .pending, #chat .generating'); }""", timeout=60_000)
    assert "脑机接口分为哪三类" in page.locator("#chat").inner_text()


def test_again_answers_the_last_question_in_place_of_its_answer(page):
    page.locator("#clear").click()
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')")
    first = _ask(page, "智谱AI成立于哪一年？").inner_text()
    page.locator("#again").click()
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => { const m = document.querySelectorAll('#chat [data-testid="bot"]');
                 return m.length === 1 && m[0].querySelector('.rag-source') &&
                        !document.querySelector('#chat .pending, #chat .generating'); }""", timeout=60_000)
    assert page.locator("#chat [data-testid='user']").count() == 1  # the question once, not twice
    assert "2019" in page.locator("#chat [data-testid='bot']").last.inner_text()
    assert "2019" in first


def test_stop_ends_an_answer_that_is_taking_too_long_and_the_chat_goes_on(page, web_app):
    from conftest import drip_server

    drip = drip_server()  # an endpoint that keeps the connection open and never answers
    try:
        page.locator("#clear").click()
        if not page.get_by_label("openai").is_visible():  # the settings may be open from an earlier test
            page.get_by_text("设置", exact=True).click()
        page.get_by_label("openai").check()
        page.get_by_label("OpenAI 兼容接口地址（base URL）").fill(f"http://127.0.0.1:{drip.server_port}/v1")
        page.get_by_label("模型名").fill("slow")
        box = page.locator("#question textarea")
        box.fill("DeepSeek-V3的训练成本是多少？")
        box.press("Enter")
        busy = ".wrap.generating"  # the chat's "answering" indicator
        page.wait_for_selector(busy, timeout=20_000)
        page.wait_for_timeout(1500)
        assert page.locator(busy).count()  # still waiting for the endpoint (its deadline is 60 s)
        page.locator("#stop").click()
        page.wait_for_function(f"() => !document.querySelector('{busy}')", timeout=5_000)
        page.get_by_label("extractive").check()
        answer = _ask(page, "智谱AI成立于哪一年？")
        assert "2019" in answer.inner_text()
    finally:
        drip.shutdown()
        page.get_by_label("extractive").check()
        page.locator("#clear").click()


def test_the_page_and_gradios_own_words_follow_the_browsers_language(page, web_app):
    if not page.locator("#upload").is_visible():
        page.get_by_text("添加文章", exact=True).click()
    assert "将文件拖放到此处" in page.locator("#upload").inner_text()  # Gradio's own words, in Chinese too
    english = page.context.browser.new_page(locale="en-US")
    try:
        english.goto(web_app.url)
        english.wait_for_selector("#status:has-text('索引已就绪')", timeout=60_000)
        for words in ("Article Q&A", "Example questions", "Answer again", "Settings", "Articles in the index"):
            assert english.get_by_text(words, exact=True).count() == 1, words
        english.get_by_text("Add articles", exact=True).click()
        assert "Drop File Here" in english.locator("#upload").inner_text()
        assert english.get_by_role("button", name="Ask").count() == 1
        assert "设置" not in english.locator("body").inner_text()
    finally:
        english.close()


def test_a_reload_keeps_the_conversation(page):
    page.locator("#clear").click()
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')")
    first = _ask(page, "DeepSeek-V3的训练成本是多少？").inner_text()
    second = _ask(page, "智谱AI成立于哪一年？").inner_text()
    page.reload()
    page.wait_for_selector("#status:has-text('索引已就绪')", timeout=60_000)
    page.wait_for_function("() => document.querySelectorAll('#chat [data-testid=\"bot\"]').length === 2",
                           timeout=10_000)
    bots = page.locator("#chat [data-testid='bot']")
    assert [bots.nth(0).inner_text(), bots.nth(1).inner_text()] == [first, second]
    # The conversation goes on from there: a follow-up still knows what came before.
    assert "知识工程实验室" in _ask(page, "它是由哪个实验室转化而来的？").locator(".rag-answer").inner_text()
    page.locator("#clear").click()
    # the clear is a round trip to the server: reload once its answer has emptied the chat (and the store)
    page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')")
    page.wait_for_timeout(500)
    page.reload()
    page.wait_for_selector("#status:has-text('索引已就绪')", timeout=60_000)
    page.wait_for_timeout(1000)
    assert page.locator("#chat [data-testid='bot']").count() == 0  # cleared is cleared for good


def test_copy_gives_the_answer_and_its_sources_as_text_and_labels_are_text(page):
    page.locator("#clear").click()
    message = _ask(page, "DeepSeek-V3的训练成本是多少？")
    page.locator("#chat .message-buttons").last.locator("button").first.click()
    page.wait_for_timeout(300)
    copied = page.evaluate("() => navigator.clipboard.readText()")
    lines = copied.splitlines()
    assert "557.6" in lines[0] and "[1]" in lines[0]  # the answer, with its citation marker
    head = next(line for line in lines if line.startswith("[1] "))
    assert "DeepSeek 大模型" in head and ".txt" in head  # the source: title and file
    quote = lines[lines.index(head) + 1]
    assert quote.startswith("> ") and "557.6 万美元" in quote  # the quoted words, as a Markdown quote
    assert "<" not in copied and "&#" not in copied
    labels = page.locator("#chat [data-testid='user'], #chat [data-testid='bot']").evaluate_all(
        "ms => ms.map(m => m.getAttribute('aria-label'))")
    assert labels[0] == "问题：DeepSeek-V3的训练成本是多少？"
    assert labels[1].startswith("回答：") and "557.6" in labels[1]
    assert not any("<" in label or "&#" in label for label in labels)
    assert message.inner_text().split("\n")[0] in labels[1]


def test_the_chat_fits_a_phone(page, web_app):
    phone = page.context.browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                          device_scale_factor=2, **CHINESE)
    try:
        phone.goto(web_app.url)
        phone.wait_for_selector("#status:has-text('索引已就绪')", timeout=60_000)
        message = _ask(phone, "DeepSeek-V3的训练成本是多少？")
        # Nothing wider than the screen: no sideways scrolling to read an answer or its quote.
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
        quote = message.locator(".rag-quote").first
        box = quote.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert "557.6" in quote.inner_text()
        results = ROOT / "bench" / "results"
        results.mkdir(parents=True, exist_ok=True)
        message.evaluate("m => m.scrollIntoView({block: 'start'})")
        phone.screenshot(path=str(results / "browser-phone.png"))
    finally:
        phone.close()


def test_a_file_of_another_type_is_refused_in_the_report_not_in_a_pop_up(page, web_app, tmp_path):
    ok, bad = tmp_path / "kept.txt", tmp_path / "notes.xyz"
    ok.write_text("# 保留的文章\n\n这篇文章会被加入。\n", encoding="utf-8")
    bad.write_text("这不是一种文章格式。", encoding="utf-8")
    _upload(page, ok)
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.wait_for_function(
        "() => document.querySelector('#upload-report').textContent.includes('【失败】notes.xyz')", timeout=60_000)
    first = page.locator("#upload-report p").first.inner_text()
    assert first.startswith("【失败】notes.xyz") and ".txt" in first  # newest first: says why, and what is taken
    assert "Invalid file type" not in page.locator("body").inner_text()
    assert "notes.xyz" not in load_index(web_app.index_dir).documents
    assert "kept.txt" in load_index(web_app.index_dir).documents


# One conversation case of each kind from eval/conversations.jsonl, asked in the page as a person would.
FOLLOW_UPS = {"c01": "newtopic", "c15": "pronoun", "c23": "referent", "c25": "ellipsis", "c28": "switch",
              "c32": "unresolved"}


def test_the_follow_up_cases_in_the_chat(page):
    from rag.evaluation import load_questions

    cases = {q.id: q for q in load_questions(ROOT / "eval" / "conversations.jsonl") if q.id in FOLLOW_UPS}
    for case_id, kind in FOLLOW_UPS.items():
        q = cases[case_id]
        page.locator("#clear").click()
        page.wait_for_function("() => !document.querySelector('#chat [data-testid=\"bot\"]')")
        for turn in q.turns:
            _ask(page, turn)
        text = _ask(page, q.question).inner_text()
        if kind == "unresolved":
            assert "指的是什么" in text, case_id  # asked back, not answered with unrelated sentences
        else:
            assert any(a in text for a in q.answers), (case_id, text[:200])
        shown = page.locator("#chat .rag-query").last
        if kind in ("newtopic", "unresolved"):  # searched as asked: no rewritten question is shown
            assert not text.count("检索用的问题"), case_id
        else:
            assert shown.count() and any(word in shown.inner_text() for word in ("智谱AI", "MOSS", "全球")), case_id
    page.locator("#clear").click()
