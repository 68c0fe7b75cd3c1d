"""Chunks: exact raw slices, under budget, inside one article."""

from rag.chunks import chunk_document, count_tokens, sentence_spans
from rag.loaders import load_corpus, parse_bytes


def test_every_chunk_of_the_real_corpus_is_an_exact_raw_slice_inside_one_article():
    documents, _ = load_corpus("corpus")
    for doc in documents:
        chunks = chunk_document(doc, 160, 48)
        assert chunks
        for chunk in chunks:
            assert doc.raw[chunk.start : chunk.end] == chunk.text
            article = doc.article_at(chunk.start)
            assert article.start <= chunk.start < chunk.end <= article.end, chunk.text
            assert chunk.title == article.title
            assert count_tokens(chunk.search) <= 160 + 10  # + the line breaks counted apart
        # Together the chunks cover every sentence of the article text that is not boilerplate.
        joined = "".join(c.search for c in chunks)
        for needle in ("国内首个插件增强的开源对话语言模型", "DeepSeek-V3仅为557.6万美元", "现有技术仅能捕捉百万分之一"):
            if needle in "".join(doc.raw.split()):
                assert needle in joined.replace("\n", "").replace(" ", "")


def test_windows_overlap_by_a_sentence_and_follow_the_text():
    text = "".join(f"这是第{i}个句子，内容是关于大模型的发展情况和产业前景。" for i in range(30))
    doc = parse_bytes(text.encode(), "a.txt")
    chunks = chunk_document(doc, 80, 30)
    assert len(chunks) > 3
    for prev, nxt in zip(chunks, chunks[1:]):
        assert prev.start < nxt.start < prev.end  # overlapping, moving forward
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_an_overlong_sentence_is_cut_under_the_budget():
    text = "，".join(["大模型产业链上下游协同发展"] * 60) + "。"
    doc = parse_bytes(text.encode(), "a.txt")
    chunks = chunk_document(doc, 50, 0)
    assert len(chunks) > 5
    assert all(count_tokens(c.search) <= 50 for c in chunks)
    assert all(doc.raw[c.start : c.end] == c.text for c in chunks)


def test_chunks_never_cross_an_article_boundary():
    part = "正文内容讲述了人工智能的发展。" * 20
    text = f"## 第一篇\n\n{part}\n\n## 第二篇\n\n{part}\n"
    doc = parse_bytes(text.encode(), "a.txt")
    boundary = doc.articles[1].start
    for chunk in chunk_document(doc, 100, 30):
        assert chunk.end <= boundary or chunk.start >= boundary


def test_a_chunk_that_starts_inside_a_table_carries_the_tables_heading():
    rows = "".join(f"| pkg{i} | V:{i}, I:{i * 3} | {100 + i} | 第 {i} 个工具的说明文字 |\n" for i in range(40))
    text = ("# 工具\n\n下面是工具列表。\n表 6.3. 基础工具列表\n| 软件包 | 流行度 | 大小 | 说明 |\n|---|---|---|---|\n"
            + rows + "表格之后的一段正文。\n")
    doc = parse_bytes(text.encode(), "a.txt")
    chunks = chunk_document(doc, 80, 20)
    inside = [c for c in chunks if c.search.lstrip().startswith("| pkg")]
    assert len(inside) >= 2  # the table spans several chunks
    for c in inside:
        assert "|软件包|流行度|大小|说明|" in c.context.replace(" ", "") and "---" not in c.context, c.context
    assert all(c.context == "" for c in chunks if c not in inside)


def test_a_chunk_that_starts_in_the_second_of_two_tables_carries_that_tables_heading():
    """Two tables one right under another (a note box under a table of packages, as HTML pages have them):
    a chunk inside the second reads the second's heading, not the first's."""
    first = "".join(f"| 警告{i} | 第 {i} 条警告的文字 |\n" for i in range(3))
    rows = "".join(f"| pkg{i} | V:{i}, I:{i * 3} | {100 + i} | 第 {i} 个工具的说明文字 |\n" for i in range(40))
    text = ("# 工具\n\n下面是列表。\n| 级别 | 说明 |\n|---|---|\n" + first
            + "| 软件包 | 流行度 | 大小 | 说明 |\n|---|---|---|---|\n" + rows + "表格之后的正文。\n")
    chunks = chunk_document(parse_bytes(text.encode(), "a.txt"), 80, 20)
    inside = [c for c in chunks if c.search.lstrip().startswith("| pkg")]
    assert len(inside) >= 2
    for c in inside:
        assert "|软件包|流行度|大小|说明|" in c.context.replace(" ", "") and "级别" not in c.context, c.context


def test_a_sentence_end_inside_a_table_row_ends_no_sentence_before_another_cell():
    """A row is one record: the "…" of a cell ("zstd(1), zstdcat(1), …") does not cut the package's name from
    its description; in a one-cell note box, each sentence is still one."""
    row = "| zstd | V:34, I:91 | 2027 | zstd(1), zstdcat(1), … | Zstandard 快速無失真壓縮工具 |"
    last = "| highlight | V:0, I:7 | 1084 | 高亮 | 轉化許多原始碼到 HTML 檔案。(C++) |"  # its last cell too
    note = "|  | 除非你知道將會發生什麼，否則不要設定它。它會改變 tar(1) 的行為。 |"
    text = f"前言。\n{row}\n{last}\n{note}\n"
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert row in pieces and last in pieces, pieces
    assert "|  | 除非你知道將會發生什麼，否則不要設定它。" in pieces, pieces


def test_a_sentence_end_between_ascii_quotes_of_a_command_or_value_ends_no_sentence():
    """"Content-Type: text/plain; charset=ISO-2022-JP" is one value; quotes with Chinese between them (an
    unclosed quote before a bracket) are no such quote, and quoted speech still ends its sentences."""
    value = '对于日语，传统的 "Content-Type: text/plain; charset=ISO-2022-JP" 通常被用于邮件来保持文本在 7 位。'
    unbalanced = '系统启动时，systemd 进程会尝试启动"/lib/systemd/system/default.target（通常是到"graphical.target"的符号链接）。'
    text = f"{value}\n{unbalanced}首先，一些特殊的 target 单元会被引入。\n他说\"好。\"然后走了。\n"
    pieces = [text[s:e] for s, e in sentence_spans(text)]
    assert value in pieces and unbalanced in pieces, pieces
    assert '他说"好。"' in pieces, pieces


def test_a_semicolon_that_ends_a_statement_of_code_in_a_chinese_sentence_ends_no_sentence():
    """`APT::Default-Release "stable";` and "make; make install" are code inside their sentences; a Chinese
    sentence's "；" (";" in the search form) after a figure or a word still ends a sentence, as does an
    English one's."""
    code = '为了避免每次使用apt都需指定版本,可以把APT::Default-Release "stable";加在/etc/apt/apt.conf.d/local内。'
    commands = "然后这些程序可以使用正常的make; make install来编译和安装。"
    text = f"{code}{commands}游客复购率提升27%;教育领域提升40%。采用DeepSeek;另一个采用GPT-4。This is done; then more."
    pieces = [text[s:e].strip() for s, e in sentence_spans(text)]
    assert pieces == [code, commands, "游客复购率提升27%;", "教育领域提升40%。", "采用DeepSeek;", "另一个采用GPT-4。",
                      "This is done;", "then more."], pieces


def test_a_question_mark_that_stands_as_a_token_ends_no_sentence():
    """"；? 表示匹配一個字元": the semicolon ends its sentence and the "?" after it, a token of a pattern,
    starts the next; a "?" or "!" after a word ends its sentence as before."""
    text = "例如，* 表示匹配所有的字元 (包括空字元)；? 表示匹配一個字元，而 [] 表示匹配一組字元。What? No! 真的吗？！好。"
    pieces = [text[s:e].strip() for s, e in sentence_spans(text)]
    assert pieces == ["例如，* 表示匹配所有的字元 (包括空字元)；", "? 表示匹配一個字元，而 [] 表示匹配一組字元。", "What?",
                      "No!", "真的吗？！", "好。"], pieces
