"""The search form and its map back to the raw text."""

from rag.documents import Article, Document
from rag.normalize import fold, is_boilerplate, normalize_query, search_text


def _doc(raw: str) -> Document:
    return Document("t.txt", raw, "utf-8", "0", [Article("", 0, len(raw))])


def test_traditional_full_width_and_stray_spaces():
    assert normalize_query("　復旦大學ＭＯＳＳ系統，  發佈了 ") == "复旦大学MOSS系统,发布了"
    assert normalize_query("DeepSeek-V3 仅为 557.6 万美元") == "DeepSeek-V3仅为557.6万美元"
    assert normalize_query("Native  Sparse Attention") == "Native Sparse Attention"


def test_column_wraps_are_joined_and_paragraphs_kept():
    raw = "如果用一个词来概括2023世\n\n界人工智能大会的热\n\n点。\n\n这是一条新赛道。\n\n对话式模型Chat \n\nGPT火爆出圈，激起\n\n千层浪。\n"
    st = search_text(_doc(raw), Article("", 0, len(raw)), columns=True)
    assert st.text == "如果用一个词来概括2023世界人工智能大会的热点。\n这是一条新赛道。\n对话式模型ChatGPT火爆出圈,激起千层浪。"


def test_offset_map_points_at_the_raw_character_of_every_search_character():
    raw = "標題\n\n正文第一句，  跨行\n\n的句子。\n\n７,016 0\n\n相关文章\n\n最後一句話。"
    doc = _doc(raw)
    st = search_text(doc, doc.articles[0], columns=True)
    assert "相关文章" not in st.text and "016" not in st.text
    for ch, offset in zip(st.text, st.offsets):
        if ch != "\n":
            assert fold(raw[offset]) == ch
    start, end = st.raw_span(st.text.index("正文"), st.text.index("句子。") + 3)
    assert raw[start:end] == "正文第一句，  跨行\n\n的句子。"


def test_boilerplate_lines():
    for line in ["7,016 0", "AI行业动态10个月前发布 ainavi", "相关文章", "暂无评论...", "© 版权声明", "关注公众号,免费获取chatgpt账号"]:
        assert is_boilerplate(line), line
    for line in ["相关文章指出，大模型发展迅速。", "2023年，北京发布了政策。"]:
        assert not is_boilerplate(line), line


def test_title_repeated_inside_the_article_is_dropped():
    raw = "王延峰:重新审视科研组织模式\n\n第一段。\n\n王延峰:重新审视科研组织模式\n\n第二段。"
    doc = Document("t.txt", raw, "utf-8", "0", [Article("王延峰:重新审视科研组织模式", 0, len(raw))])
    st = search_text(doc, doc.articles[0], columns=False)
    assert st.text.count("重新审视") == 1


def test_radical_and_compatibility_code_points_fold_to_ordinary_ideographs():
    # What a Chromium-printed PDF's text layer holds for 小麦用水: Kangxi and supplement radicals.
    extracted = "\u2f29\u2ee8\u2f64\u2f54"
    assert len(fold(extracted)) == len(extracted)
    assert fold(extracted) == "小麦用水"
    assert fold("①２０２４年") == "①2024年"  # other compatibility forms keep their meaning


def test_the_display_form_joins_wraps_inside_sentences_and_keeps_the_characters():
    from rag.normalize import display_form

    column = "北京人形机器人创新中\n\n心成立于2024年，是全国首\n\n个省级创新中心。\n\n## 标题\n\n正文开始。"
    assert display_form(column, columns=True) == "北京人形机器人创新中心成立于2024年，是全国首个省级创新中心。\n## 标题\n正文开始。"
    prose = "短标题\n\n这是一段完整的句子。\n下一句。"
    assert display_form(prose, columns=False) == "短标题\n这是一段完整的句子。\n下一句。"
    assert display_form("⼩⻨\n", columns=True) == "⼩⻨\n"  # nothing folded


def test_a_short_line_whose_last_sentence_starts_inside_it_runs_on_though_a_short_heading_does_not():
    from rag.normalize import display_form

    raw = "系统方案\n\n应对工艺瓶颈。针对制程瓶颈, 公司联合国内\n\n产业探索优化方案。"
    st = search_text(_doc(raw), Article("", 0, len(raw)), columns=False)
    assert st.text == "系统方案\n应对工艺瓶颈。针对制程瓶颈,公司联合国内产业探索优化方案。"
    assert display_form(raw, columns=False) == "系统方案\n应对工艺瓶颈。针对制程瓶颈, 公司联合国内产业探索优化方案。"


def test_fold_maps_each_character_as_unify_simplified_script_and_half_width_do():
    from rag.script import to_simplified, unify

    def half_width(ch: str) -> str:
        return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0) if "\uff01" <= ch <= "\uff5e" else ch

    ranges = [(0x20, 0x7F), (0x2E80, 0x2FE0), (0x3000, 0x3040), (0x4E00, 0xA000), (0xF900, 0xFB00),
              (0xFF00, 0xFFF0), (0x2F800, 0x2FA20)]
    chars = [chr(c) for lo, hi in ranges for c in range(lo, hi)]
    assert [fold(ch) for ch in chars] == [half_width(to_simplified(unify(ch))) for ch in chars]
    text = "".join(chars)
    assert fold(text) == "".join(map(half_width, to_simplified("".join(map(unify, text)))))


def test_hard_wrapped_text_is_joined_where_its_lines_were_broken_and_headings_stay():
    """A plain-text manual wrapped at 70 columns (the Debian FAQ): a line shorter than 40 characters but
    near the wrap width runs on into the next; a short line is a heading."""
    from rag.config import PROJECT_ROOT
    from rag.normalize import display_form, wrap_width

    raw = (PROJECT_ROOT / "eval" / "foreign" / "corpus" / "debian-faq.zh-cn.txt").read_text(encoding="utf-8")
    assert wrap_width(raw) == 64
    doc = _doc(raw)
    text = search_text(doc, doc.articles[0]).text
    # "…并帮\n        助改进 Debian GNU/Linux。": one sentence, as written before the wrap
    assert "超过59100个软件包,并帮助改进Debian GNU/Linux。" in text
    assert "\n第2章获取和安装Debian GNU/Linux\n含有安装说明的官方文档" in text  # a short heading
    start = raw.index("超过 1012 位")
    quote = raw[start : raw.index("。", start) + 1]
    assert "\n" in quote and display_form(quote, columns=False, width=64) == quote.split("\n")[0] + "助改进 Debian GNU/Linux。"
    assert display_form(quote, columns=False) == quote.split("\n")[0] + "\n助改进 Debian GNU/Linux。"  # unknown width


def test_text_whose_lines_are_paragraphs_has_no_wrap_width():
    from rag.config import PROJECT_ROOT
    from rag.normalize import wrap_width

    paragraphs = "\n\n".join("第{}段。".format(i) + "这是一段很长的文字，" * (3 + i * 7 % 11) for i in range(30))
    assert wrap_width(paragraphs) == 0
    for name in ("001_ca1a040b5fd43db5.txt", "004_be6f5ccb605ace90.txt"):
        assert wrap_width((PROJECT_ROOT / "corpus" / name).read_text(encoding="utf-8")) == 0, name


def test_an_english_sentence_keeps_its_full_stop_and_ends_its_line():
    from rag.llms import _cite

    assert _cite("minimal networked machine installation: 4 GiB.", 1) == "minimal networked machine installation: 4 GiB[1]."
    assert _cite("当前版本为 1.3.", 2) == "当前版本为 1.3.[2]。"  # a number's point is no full stop
    raw = ("这一行很长，用来说明本文不是窄栏排版的报纸文字，而是普通段落。\n"
           "minimal networked machine installation: 4 GiB.\nLTSP 服务器在使用缺省网络架构时需要两个网卡\n")
    assert "4 GiB.\nLTSP服务器" in search_text(_doc(raw), Article("", 0, len(raw)), columns=False).text


def test_a_bracketed_note_after_a_full_stop_ends_its_line():
    raw = ("perl - Perl 是现今类 Unix 系统中使用最普遍的解释型脚本语言，它常被称作 Unix 的瑞士军刀。(参看 perl(1))\n"
           "python - Python 是 Debian 系统中另一个最常用的解释型脚本语言，它有着十分清晰的语法。(参看 python(1))\n")
    text = search_text(_doc(raw), Article("", 0, len(raw)), columns=False).text
    assert "(参看perl(1))\npython" in text, text


def test_a_row_of_a_table_ends_its_line_however_long():
    raw = ("下面列出几个常用的图像处理软件包，供系统管理员参考和比较它们的用途。\n"
           "| imgtool | V:12, I:80 | 812 | 可以批量转换图像格式，例如 png、jpeg、webp 等，并保留原有的元数据 |\n"
           "| pixfix | V:3, I:41 | 344 | 修复损坏的图像文件 |\n")
    text = search_text(_doc(raw), Article("", 0, len(raw)), columns=False).text
    assert "元数据|\n| pixfix" in text, text
