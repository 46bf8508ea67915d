"""The 2021 demo reads as today: after load_demo, the event page's visible text is that of the page
main rendered before awards and categories became data (tests/results/data/demo_event_page_id.txt,
taken from main at 76fff8f with the same extraction as below), line by line.

The only differences allowed are listed in ALLOWED, each with the reason the issue gives for it.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from awards.models import Award

REFERENCE = Path(__file__).parent / "data" / "demo_event_page_id.txt"

# Elements after which the text starts on a new line (as a reader sees the page).
BLOCKS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "div", "section", "header", "footer",
    "nav", "aside", "tr", "td", "th", "ul", "ol", "dl", "table", "thead", "tbody", "article", "br",
    "main", "figure", "figcaption",
}  # fmt: skip
HIDDEN = {"script", "style", "template"}


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "main":
            self.depth += 1
        if not self.depth:
            return
        if tag in HIDDEN:
            self.hidden += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if not self.depth:
            return
        if tag in HIDDEN:
            self.hidden -= 1
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "main":
            self.depth -= 1

    def handle_data(self, data) -> None:
        if self.depth and not self.hidden:
            self.parts.append(data)


def visible_lines(html: str) -> list[str]:
    """The visible text of ``<main>``: one line per block, whitespace folded, empty lines dropped."""
    parser = _MainText()
    parser.feed(html)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]


# When the results last changed is the time load_demo ran: the line is there, its time differs.
# The public page names the published version it shows and when it was published (issue 14);
# that line took the place of “results last changed”, which for the public is the same moment.
LAST_CHANGED = re.compile(r"^Versi 1, final — diterbitkan \d{1,2} \w+ \d{4}, \d{2}:\d{2} \w+$")

# The jump navigation lists the event's awards by their titles (issue 13: the page is grouped by
# award, and an award need not have a channel); it listed the channels' names before.
ALLOWED = {
    "Website": "Terbaik Pengelolaan Website",
    "Instagram": "Terbaik Pengelolaan Instagram",
    "Facebook": "Terbaik Pengelolaan Facebook",
}


def expected_lines() -> list[str]:
    reference = REFERENCE.read_text(encoding="utf-8").splitlines()
    nav = reference.index("JSON") + 1  # the jump navigation follows the download links
    expected = list(reference)
    for offset, (before, after) in enumerate(ALLOWED.items()):
        assert expected[nav + offset] == before, "the reference is not the page it was taken from"
        expected[nav + offset] = after
    return expected


# The event's overall standings (issue 22: the seed's story leads with the office that took three
# awards, and no page said so) follow the results: a block the reference did not have.
STANDINGS_TITLE = "Rekap perolehan (juara umum)"


def without_standings(lines: list[str], expected: list[str]) -> tuple[list[str], list[str]]:
    """The page's lines without its standings block, and the block."""
    start = lines.index(STANDINGS_TITLE)
    after = expected[start] if start < len(expected) else None
    end = lines.index(after, start) if after is not None else len(lines)
    return lines[:start] + lines[end:], lines[start:end]


def test_demo_event_page_reads_as_before(client, demo):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    expected = expected_lines()
    lines, standings = without_standings(visible_lines(response.content.decode()), expected)
    assert standings[:2] == [
        STANDINGS_TITLE,
        "Per jenis kantor: menurut jumlah terbaik pertama, lalu kedua, lalu ketiga; "
        "harapan ditampilkan terpisah dan bukan peringkat.",
    ]
    assert standings[2:4] == ["SKPD", "#"]
    first = standings.index("Bagian Protokol dan Komunikasi Pimpinan")
    assert standings[first - 1 : first + 6] == [
        "1",
        "Bagian Protokol dan Komunikasi Pimpinan",
        "2",
        "1",
        "0",
        "3",
        "0",
    ]

    changed = [i for i, line in enumerate(expected) if LAST_CHANGED.match(line)]
    assert len(changed) == 1, "the reference has one line saying when the results last changed"
    assert LAST_CHANGED.match(lines[changed[0]]), lines[changed[0]]
    lines[changed[0]] = expected[changed[0]]

    for number, (got, want) in enumerate(zip(lines, expected, strict=False), start=1):
        assert got == want, f"line {number}: {got!r} instead of {want!r}"
    assert len(lines) == len(expected)


def test_demo_jump_navigation_leads_to_each_award(client, demo):
    html = client.get(demo.get_absolute_url()).content.decode()
    for award in Award.objects.filter(event=demo):
        assert f'href="#award-{award.pk}">{award.title}</a>' in html
        assert f'<h2 id="award-{award.pk}">{award.title}</h2>' in html


@pytest.mark.parametrize("line", list(ALLOWED))
def test_demo_page_no_longer_names_channels_alone_in_the_navigation(client, demo, line):
    # The allowed differences are real ones: the channel's bare name is not a line of the page.
    lines = visible_lines(client.get(demo.get_absolute_url()).content.decode())
    assert line not in lines
