"""Decoding and article splitting."""

import codecs

import pytest

from rag.documents import DocumentError, decode, split_articles
from rag.loaders import load_corpus, parse_bytes

SIMPLIFIED = "人形机器人产业发展同机器人产业基础扎实与否关系密切。北京和上海两个城市的机器人产业规模领跑全国。"
TRADITIONAL = "人形機器人產業發展同機器人產業基礎紮實與否關係密切。北京和上海兩個城市的機器人產業規模領跑全國。"


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-bom"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16"),  # with BOM
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
    ],
)
def test_each_encoding_decodes(data, text, encoding):
    assert decode(data, "a.txt") == (text, encoding)


def test_undecodable_bytes_are_refused_with_the_file_name():
    with pytest.raises(DocumentError, match=r"bad\.txt: not readable text"):
        decode(bytes(range(128, 256)) * 4, "bad.txt")


def test_binary_file_is_refused():
    with pytest.raises(DocumentError, match="control characters"):
        decode(b"\x00\x01\x02PK\x03\x04" * 50, "zip.txt")


def test_an_undecodable_file_is_refused_while_the_others_load(tmp_path):
    (tmp_path / "good.txt").write_bytes(SIMPLIFIED.encode("gbk"))
    (tmp_path / "also_good.txt").write_bytes(TRADITIONAL.encode("big5"))
    (tmp_path / "bad.txt").write_bytes(b"\x80\x81\xfd\xfe\xff" * 100)
    documents, errors = load_corpus(tmp_path)
    assert sorted(d.source for d in documents) == ["also_good.txt", "good.txt"]
    assert len(errors) == 1 and "bad.txt" in str(errors[0])


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(DocumentError, match="empty.txt: holds no text"):
        parse_bytes(b"  \n\n", "empty.txt")
    with pytest.raises(DocumentError, match="huge.txt: 1025 bytes is over the 1024 byte limit"):
        parse_bytes(b"a" * 1025, "huge.txt", max_bytes=1024)


def test_markdown_headings_split_articles_and_name_them():
    text = "专家名片\n\n## 第一篇: 标题甲\n\n正文一。\n\n### 小节\n\n正文二。\n\n## 第二篇标题\n\n正文三。\n"
    articles = split_articles(text)
    assert [a.title for a in articles] == ["第一篇: 标题甲", "第二篇标题"]
    assert articles[0].start == 0 and articles[0].end == articles[1].start and articles[1].end == len(text)
    assert "### 小节" in text[articles[0].start : articles[0].end]


def test_headline_above_byline_starts_an_article():
    body = "这是一段很长的正文。" * 10
    text = f"图为某机器人\n\n标题一\n\n本报记者 王伟\n\n{body}\n\n标题二\n\n本报记者 宋婧\n\n{body}\n"
    articles = split_articles(text)
    assert [a.title for a in articles] == ["标题一", "标题二"]
    assert articles[0].start == 0
    assert text[articles[1].start :].startswith("标题二")


def test_headline_below_its_article_in_column_text_closes_that_article():
    # Newspaper columns: the headline block follows the article it belongs to.
    body1 = "第一篇文章的正文内容，\n\n讲的是大模型。\n\n" * 30
    body2 = "第二篇文章的正文内容，\n\n讲的是机器人。\n\n" * 12
    text = f"{body1}某教授——\n\n大模型的新赛道\n■本报记者 甲\n\n{body2}机器人专家——\n\n机器人在攀登\n■本报记者 乙\n\n图片说明。\n"
    articles = split_articles(text)
    assert [a.title for a in articles] == ["大模型的新赛道", "机器人在攀登"]
    assert "大模型" in text[articles[0].start : articles[0].end]
    assert "机器人。" in text[articles[1].start : articles[1].end]
    assert articles[1].end == len(text)  # the short photo caption joins the last article


def test_bundled_corpus_articles_and_titles():
    documents, errors = load_corpus("corpus")
    assert not errors
    titles = {d.source[:3]: [a.title for a in d.articles] for d in documents}
    assert len(titles["000"]) == 3 and titles["000"][1].startswith("国产机器人")
    assert titles["001"][0].startswith("復旦大學計算機科學技術學院教授邱錫鵬")
    assert titles["002"] == ["北上深抢占人形机器人产业制高点", "智谱AI CEO张鹏:大模型技术演进速度不会下降"]
    assert len(titles["004"]) == 3 and titles["004"][2].startswith("脑机接口技术革命")
