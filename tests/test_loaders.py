"""Article files of every format: PDF (a real Chromium-printed one), Word, web pages, Markdown; refused
files; the managed library (add, remove, kept across `rag index`)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.documents import DocumentError
from rag.loaders import SUPPORTED, parse_bytes
from rag.normalize import search_text
from rag.retriever import load_retriever
from rag.store import index_corpus, load_index

from conftest import ROOT

PDF_HTML = """<html><head><meta charset="utf-8"><title>小麦节水</title></head><body>
<h1>小麦节水灌溉试验</h1>
<p>试验田的小麦用水比去年减少了三成，每亩节约用水一百二十立方米。</p>
<div style="page-break-before: always"></div>
<p>第二页：研究团队计划明年在华北推广滴灌技术，覆盖五万亩农田。</p></body></html>"""

PAGE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>深海探测器完成万米下潜</title></head><body>
<nav><a href="/">首页</a> | <a href="/news">新闻中心</a> | <a href="/about">关于我们</a></nav>
<article><h1>深海探测器完成万米下潜</h1>
<p>新一代深海探测器本月在马里亚纳海沟完成了10909米的下潜，创造了新的纪录。</p>
<p>探测器搭载的机械臂采集了海底沉积物样本，科研人员将在实验室分析其中的微生物。</p>
<p>项目负责人介绍，探测器的浮力材料全部实现国产化，能承受超过一千个大气压。</p>
</article>
<footer><p>版权声明：本站所有文章未经许可不得转载</p><p>关注公众号，获取更多资讯</p></footer>
</body></html>"""

MARKDOWN = """# 城市屋顶农场

**屋顶农场**在上海已经有[四十多处](https://example.com/farms)，总面积约八万平方米。

## 收成

- 每年产出蔬菜约三百吨
- 主要供应周边社区的食堂
"""


def make_pdf(html: str, path: Path) -> Path:
    """A PDF of `html` printed by the test setup's Chromium (its text layer has radical code points)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(html)
        page.pdf(path=str(path))
        browser.close()
    return path


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("量子计算机的冷却系统", level=1)
    document.add_paragraph("稀释制冷机把量子芯片冷却到10毫开尔文，比外太空还要冷。")
    document.add_heading("下一步计划", level=1)
    document.add_paragraph("团队计划在2026年把量子比特数量提升到五百个。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "制冷功率", "400微瓦"
    document.save(path)
    return path


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    return make_pdf(PDF_HTML, tmp_path_factory.mktemp("pdf") / "wheat.pdf")


@pytest.fixture()
def mixed_corpus(tmp_path, pdf_file) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(pdf_file, folder / "wheat.pdf")
    make_docx(folder / "quantum.docx")
    (folder / "deepsea.html").write_text(PAGE_HTML, encoding="utf-8")
    (folder / "farms.md").write_text(MARKDOWN, encoding="utf-8")
    shutil.copy(ROOT / "corpus" / "004_be6f5ccb605ace90.txt", folder)
    return folder


# ---------------------------------------------------------------- loaders


@pytest.mark.slow
def test_a_chromium_pdf_keeps_pages_and_its_radicals_fold_for_search(pdf_file):
    doc = parse_bytes(pdf_file.read_bytes(), "wheat.pdf")
    assert doc.format == "pdf" and len(doc.pages) == 2
    assert "\u2f29\u2ee8" in doc.raw  # 小麦 as the text layer writes it: quotes stay what the file says
    article = doc.articles[0]
    search = search_text(doc, article).text
    assert "小麦用水比去年减少了三成" in search
    second = doc.raw.index("华北")
    assert doc.page_at(second) == 2 and doc.page_at(0) == 1


def test_a_pdf_without_a_text_layer_and_an_encrypted_one_are_refused():
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    data = io.BytesIO()
    blank.write(data)
    with pytest.raises(DocumentError, match="no text layer"):
        parse_bytes(data.getvalue(), "scan.pdf")
    locked = PdfWriter()
    locked.add_blank_page(width=595, height=842)
    locked.encrypt("secret-password")
    data = io.BytesIO()
    locked.write(data)
    with pytest.raises(DocumentError, match="encrypted with a password"):
        parse_bytes(data.getvalue(), "locked.pdf")


def test_a_docx_has_its_headings_as_articles_and_its_tables(tmp_path):
    doc = parse_bytes(make_docx(tmp_path / "q.docx").read_bytes(), "q.docx")
    assert doc.format == "docx"
    assert [a.title for a in doc.articles] == ["量子计算机的冷却系统", "下一步计划"]
    assert "制冷功率\t400微瓦" in doc.raw


def test_a_web_page_keeps_its_article_and_drops_navigation_and_footer():
    doc = parse_bytes(PAGE_HTML.encode(), "deepsea.html")
    assert doc.format == "html" and doc.articles[0].title == "深海探测器完成万米下潜"
    assert "10909米" in doc.raw
    for furniture in ("首页", "新闻中心", "版权声明", "关注公众号"):
        assert furniture not in doc.raw


def test_markdown_headings_split_articles_and_markup_stays_out_of_the_search_form():
    doc = parse_bytes(MARKDOWN.encode(), "farms.md")
    assert [a.title for a in doc.articles] == ["城市屋顶农场", "收成"]
    search = "".join(search_text(doc, a).text for a in doc.articles)
    assert "屋顶农场在上海已经有四十多处" in search
    for markup in ("**", "](", "https://", "- 每年"):
        assert markup not in search
    assert doc.raw == MARKDOWN  # quotes are slices of the file as written


def test_the_format_is_read_from_the_content_and_unknown_files_are_refused(pdf_file):
    assert parse_bytes(pdf_file.read_bytes(), "misnamed.txt").format == "pdf"
    assert parse_bytes(PAGE_HTML.encode(), "page.txt").format == "html"
    with pytest.raises(DocumentError, match="supported: " + ", ".join(SUPPORTED).replace(".", r"\.")):
        parse_bytes(b"{\\rtf1 hello}", "letter.rtf")


@pytest.mark.slow
def test_a_folder_of_every_format_indexes_at_once_and_each_file_answers_its_own_fact(mixed_corpus, tmp_path):
    settings = load_settings(corpus_dir=mixed_corpus, index_dir=tmp_path / "index")
    report = index_corpus(settings)
    assert report.documents == 5 and not report.errors
    retriever = load_retriever(settings=settings)
    for question, source, fact in [
        ("试验田的小麦用水减少了多少？", "wheat.pdf", "三成"),
        ("稀释制冷机把量子芯片冷却到多少度？", "quantum.docx", "10毫开尔文"),
        ("深海探测器下潜了多少米？", "deepsea.html", "10909"),
        ("上海有多少处屋顶农场？", "farms.md", "四十多处"),
    ]:
        hit = retriever.search(question, k=5)[0]
        assert hit.source == source and fact in hit.text, (question, hit.source, hit.text)
    for hit in retriever.search("首页 版权声明 关注公众号", k=10):
        assert not any(w in hit.text for w in ("首页", "版权声明", "关注公众号")) or hit.source != "deepsea.html"
    manifest = load_index(settings.index_dir).manifest
    assert {v["format"] for v in manifest["corpus"].values()} == {"pdf", "docx", "html", "md", "txt"}


# ---------------------------------------------------------------- the managed library


@pytest.fixture()
def library(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted((ROOT / "corpus").glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    settings = load_settings(corpus_dir=folder, index_dir=tmp_path / "index", embedder="hash")
    index_corpus(settings)
    return settings


def test_an_added_file_is_kept_by_the_next_rag_index_and_removed_everywhere(library):
    from rag.library import add, remove

    change = add(library, "farms.md", MARKDOWN.encode())
    assert change.status == "added" and (library.corpus_dir / "farms.md").read_text(encoding="utf-8") == MARKDOWN
    index_corpus(library)  # what used to drop uploads
    assert "farms.md" in load_index(library.index_dir).documents
    assert add(library, "farms.md", MARKDOWN.encode()).status == "unchanged"
    remove(library, "farms.md")
    assert not (library.corpus_dir / "farms.md").exists()
    assert "farms.md" not in load_index(library.index_dir).documents
    assert not [p for p in library.corpus_dir.iterdir() if p.name.startswith(".")]  # no leftovers


def test_a_different_file_of_the_same_name_is_not_overwritten(library):
    from rag.library import add

    add(library, "farms.md", MARKDOWN.encode())
    before = load_index(library.index_dir).path
    with pytest.raises(DocumentError, match="different file of that name"):
        add(library, "farms.md", (MARKDOWN + "新的一段。\n").encode())
    assert (library.corpus_dir / "farms.md").read_text(encoding="utf-8") == MARKDOWN
    assert load_index(library.index_dir).path == before


@pytest.mark.parametrize("name, data, reason", [
    ("scan.pdf", b"%PDF-1.4 broken", "not a readable PDF"),
    ("empty.md", b"  \n", "no text"),
    ("../escape.txt", "正文".encode(), "not a plain file name"),
    ("notes.rtf", b"{\\rtf1}", "must end with one of"),
])
def test_a_refused_file_is_never_half_added(library, name, data, reason):
    from rag.library import add

    before = sorted(p.name for p in library.corpus_dir.iterdir())
    pointer = (library.index_dir / "CURRENT").read_text()
    with pytest.raises(DocumentError, match=reason):
        add(library, name, data)
    assert sorted(p.name for p in library.corpus_dir.iterdir()) == before
    assert (library.index_dir / "CURRENT").read_text() == pointer


def test_an_upload_survives_a_restart_and_rag_index(library):
    from rag.cli import main
    from rag.engine import Engine

    engine = Engine(library).start(wait=True, watch=False)
    heard = []
    assert "已加入" in engine.add_file(MARKDOWN.encode(), "farms.md", progress=lambda done, total: heard.append((done, total)))
    assert heard[0][0] == 0 and heard[-1][0] == heard[-1][1] > 0  # the page's progress bar hears each step
    restarted = Engine(library).start(wait=True, watch=False)
    assert "farms.md" in restarted.retriever.documents
    assert main(["index", "--corpus", str(library.corpus_dir), "--index", str(library.index_dir), "--embedder", "hash"]) == 0
    assert "farms.md" in load_index(library.index_dir).documents
    assert "已删除" in restarted.remove_file("farms.md")
    assert "farms.md" not in load_index(library.index_dir).documents and not (library.corpus_dir / "farms.md").exists()


def test_rag_add_and_remove_on_the_command_line(library, tmp_path, capsys):
    from rag.cli import main

    source = tmp_path / "farms.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    common = ["--corpus", str(library.corpus_dir), "--index", str(library.index_dir), "--embedder", "hash"]
    assert main(["add", str(source), *common]) == 0
    assert "farms.md: added" in capsys.readouterr().out
    bad = tmp_path / "bad.rtf"
    bad.write_bytes(b"{\\rtf1}")
    assert main(["add", str(bad), *common]) == 2
    assert "rag: error: bad.rtf" in capsys.readouterr().err
    assert main(["remove", "farms.md", *common]) == 0
    assert "farms.md" not in load_index(library.index_dir).documents
    assert main(["remove", "farms.md", *common]) == 2
    assert "not a file of the corpus folder" in capsys.readouterr().err


def test_an_unchanged_file_is_not_extracted_again(library, monkeypatch):
    from rag.loaders import MarkdownLoader, TextLoader

    source = library.corpus_dir / "notes.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    index_corpus(library)
    calls = []
    for loader in (MarkdownLoader, TextLoader):
        def recording(self, data, name, original=loader.load):
            calls.append(name)
            return original(self, data, name)

        monkeypatch.setattr(loader, "load", recording)
    (library.corpus_dir / "more.md").write_text("# 新文章\n\n新加入的一段文字。\n", encoding="utf-8")
    index_corpus(library)
    assert calls == ["more.md"]  # only the new file was read; the others came from the index
    source.write_text(MARKDOWN + "又一段。\n", encoding="utf-8")
    calls.clear()
    index_corpus(library)
    assert calls == ["notes.md"]  # a changed file is read again
    assert "又一段" in load_index(library.index_dir).documents["notes.md"].raw


def test_a_failed_update_keeps_a_file_that_was_in_the_corpus_before(library, monkeypatch):
    import rag.library
    from rag.library import add

    (library.corpus_dir / "farms.md").write_text(MARKDOWN, encoding="utf-8")  # there, not yet indexed

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rag.library, "index_corpus", full_disk)
    with pytest.raises(OSError):
        add(library, "farms.md", MARKDOWN.encode())
    assert (library.corpus_dir / "farms.md").read_text(encoding="utf-8") == MARKDOWN
    with pytest.raises(OSError):
        add(library, "new.md", MARKDOWN.encode())
    assert not (library.corpus_dir / "new.md").exists()  # what this call put there is taken back


def test_a_web_page_reads_a_sentence_broken_around_inline_markup_as_one_line_and_keeps_preformatted_lines():
    page = ("<html><head><title>打包</title></head><body><article><h1>打包</h1>"
            "<p>第一件要做的事就是找到并下载原始的源代码。Unix 下的自由软件源代码通常是以\n"
            "<strong>tar</strong>+<strong>gzip</strong> 格式(扩展名为\n<code>.tar.gz</code>)或\n"
            "<strong>tar</strong>+<strong>xz</strong>\n(扩展名为<code>.tar.xz</code>)的形式提供的。</p>\n"
            "<p>示例如下，每条命令占一行，请逐条执行后再继续阅读下面的说明：</p>\n"
            "<pre>$ mkdir -p hello-sh\n$ cd hello-sh</pre>\n</article></body></html>")
    doc = parse_bytes(page.encode(), "first.html")
    line = next(l for l in doc.raw.splitlines() if "通常是以" in l)
    assert line.endswith("的形式提供的。") and ".tar.gz)或" in line, doc.raw
    assert "$ mkdir -p hello-sh\n$ cd hello-sh" in doc.raw


def test_an_item_of_a_web_page_list_starts_with_a_bullet_also_when_its_text_is_a_paragraph():
    """<li><p>…</p></li> loses the "- " trafilatura writes before a plain item, and its text ran on as lines
    of the paragraph that announces the list; each item keeps a bullet, a plain item one only."""
    items = ("<ul><li><p>TUN/TAP 模块提供虚拟的网络设备，</p></li><li><p>netfilter 模块提供防火墙能力，</p></li>"
             "<li><p>watchdog timer 驱动模块。</p></li></ul>")
    page = ("<html><head><title>模块</title></head><body><div class=\"section\"><h1>模块</h1>"
            "<p>下面的非硬件模块和特殊的硬件驱动模块，需要被预先加载，把它们在 /etc/modules 文件里列出。</p>"
            f"{items}<p>modprobe 程序的配置文件放在 /etc/modprobe.d/ 目录下，这里不再逐一说明它们的写法和用途。</p>"
            "</div></body></html>")
    lines = parse_bytes(page.encode(), "modules.html").raw.splitlines()
    assert [l for l in lines if "模块" in l and not l.startswith(("模块", "下面"))] == [
        "• TUN/TAP 模块提供虚拟的网络设备，", "• netfilter 模块提供防火墙能力，", "• watchdog timer 驱动模块。"]
    plain = ("<html><head><title>模块</title></head><body><article><h1>模块</h1><p>下面是两个普通的列表项，"
             "说明文字稍微长一些，用来让页面看起来足够长。</p><ul><li>第一个普通的列表项</li><li>第二个普通的列表项</li></ul>"
             "<p>这是最后一段正文文字，用来让页面看起来足够长。这是最后一段正文文字，用来让页面看起来足够长。</p>"
             "</article></body></html>")
    lines = parse_bytes(plain.encode(), "plain.html").raw.splitlines()
    assert [l for l in lines if "普通的列表项" in l and "下面" not in l] == ["- 第一个普通的列表项", "- 第二个普通的列表项"]


def test_an_item_of_a_list_inside_a_list_item_starts_with_a_bullet_of_its_own():
    page = ("<html><head><title>软件包</title></head><body><div class=\"section\"><h1>软件包</h1>"
            "<p>我们鼓励你作为一个新维护人员，选择易于打包和维护的软件包，而不鼓励选择复杂的软件包。</p>"
            "<ul><li><p>简单软件包</p><ul><li><p>单二进制软件包，arch = all</p></li></ul></li>"
            "<li><p>高复杂软件包</p><ul><li><p>被其他软件包使用的解释器模块包</p></li><li><p>内核模块软件包</p></li>"
            "</ul></li></ul><p>打包高复杂软件包并非难如登天，但需要更多知识，你应该针对每一个复杂特性搜寻指南。</p>"
            "</div></body></html>")
    lines = parse_bytes(page.encode(), "packages.html").raw.splitlines()
    assert [l for l in lines if l.startswith(("•", "◦"))] == [
        "• 简单软件包", "◦ 单二进制软件包，arch = all", "• 高复杂软件包", "◦ 被其他软件包使用的解释器模块包", "◦ 内核模块软件包"]


def test_a_manual_page_whose_paragraphs_are_divs_and_tips_are_sidebars_is_read_whole_without_its_menus():
    """trafilatura takes most of such a page (a DocBook manual's) for furniture; the text outside navigation
    is the article then, with each paragraph, heading and tip, but not the page's link bars."""
    para = '<div class="para">{}</div>'
    page = ('<?xml version="1.0" encoding="utf-8" standalone="no"?><!DOCTYPE html><html><head>'
            '<title>8.9. 其他組態</title></head><body>'
            '<div id="banner"><a href="http://example.org/get/"><span>Download the ebook</span></a></div>'
            '<ul class="docnav top"><li class="previous"><a href="a.html"><strong>前一頁</strong></a></li>'
            '<li class="home">管理者手冊</li><li class="next"><a href="b.html"><strong>下一頁</strong></a></li></ul>'
            '<div class="section"><div class="titlepage"><div><div><h2 class="title">8.9. 其他組態</h2></div></div></div>'
            + para.format("本節列出的細目對希望精通系統組態極有幫助。這裡祗列出簡要的內容，詳情仍需參閱文件。")
            + '<div class="section"><div class="titlepage"><div><div><h3 class="title">8.9.1. 時區</h3></div></div></div>'
            '<div class="sidebar"><div class="titlepage"><div><div><p class="title"><strong>基本 符號連結</strong></p>'
            '</div></div></div>'
            + para.format("符號連結是一種指向另個檔案的指標。近用時，被指向的檔案就被打開。移除連結不會刪除指向的檔案。")
            + '</div>'
            + para.format('暫時變更時區，可使用 <code class="envar">TZ</code> 環境變數，它的優先次序在預設的組態檔之前。')
            + para.format('伺服器很少重開機，必須安裝由 <span class="pkg">ntp</span> 套件提供的伺服器，'
                          '並編輯 <code class="filename">/etc/ntp.conf</code> 檔案改變原來的組態。')
            + '<div class="itemizedlist"><ul><li class="listitem">' + para.format("掛載點：這是把設備掛載於在地檔案系統的位置。")
            + '</li><li class="listitem">' + para.format("類型：這個欄位定義掛載設備使用的檔案系統。") + '</li></ul></div>'
            '</div></div><ul class="docnav"><li class="previous"><a href="a.html"><strong>前一頁</strong>8.8. 組態</a></li>'
            '<li class="up"><a href="#">上一層</a></li><li class="next"><a href="b.html"><strong>下一頁</strong>8.10. 編譯核心</a>'
            '</li></ul></body></html>')
    raw = parse_bytes(page.encode(), "sect.config-misc.html").raw
    lines = raw.splitlines()
    for text in ("8.9.1. 時區", "基本 符號連結", "符號連結是一種指向另個檔案的指標。近用時，被指向的檔案就被打開。移除連結不會刪除指向的檔案。",
                 "暫時變更時區，可使用 TZ 環境變數，它的優先次序在預設的組態檔之前。",
                 "伺服器很少重開機，必須安裝由 ntp 套件提供的伺服器，並編輯 /etc/ntp.conf 檔案改變原來的組態。",
                 "• 掛載點：這是把設備掛載於在地檔案系統的位置。", "• 類型：這個欄位定義掛載設備使用的檔案系統。"):
        assert text in lines, raw
    for furniture in ("Download the ebook", "前一頁", "下一頁", "上一層", "管理者手冊"):
        assert furniture not in raw, raw
