import pytest

from offices.models import Channel

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("template", "handle", "link"),
    [
        ("https://www.instagram.com/{handle}/", "@diskominfobjm", "https://www.instagram.com/diskominfobjm/"),
        ("{handle}", "javascript:alert(1)", ""),
        ("{handle}", "data:text/html,<script>alert(1)</script>", ""),
        ("{handle}", "https://banjarmasinkota.go.id", "https://banjarmasinkota.go.id"),
    ],
)
def test_channel_makes_only_web_links(template, handle, link):
    channel = Channel(code="lain", name="Lain", url_template=template)

    assert channel.link_for(handle) == link
