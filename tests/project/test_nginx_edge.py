"""deploy/'s nginx keeps the promise docs/deploy.md makes: a page that changes, is withdrawn or
fails reaches every visitor within the lifetime the app gave it (s-maxage + stale-while-revalidate,
or stale-if-error when the app servers fail), never at any age; and the scheme headers a client
sends never reach gunicorn.

nginx is the distribution's, run with deploy/'s snippets; the upstream is a small server whose
answers the test switches, standing for the app's answers (what the app sends is tested in
tests/results and tests/project/test_shared_cache.py), or a real gunicorn for the scheme headers.
"""

import http.server
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from bench import nginx

pytestmark = [
    # Lifetimes of 1 and 2 s polled every 0.1 s (tests/conftest.py `_timed_tests_alone`).
    pytest.mark.timed,
    pytest.mark.skipif(
        nginx.nginx_binary() is None, reason="nginx is not installed (apt-get install -y nginx-light)"
    ),
]

# Lifetimes shorter than the app's (5 s), so that a test waits seconds, not tens of seconds.
FRESH = 1
STALE_WHILE_REVALIDATE = 1
STALE_IF_ERROR = 2
PAGE_CONTROL = (
    f"public, max-age=0, s-maxage={FRESH}, stale-while-revalidate={STALE_WHILE_REVALIDATE}, "
    f"stale-if-error={STALE_IF_ERROR}"
)


class SwitchableHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with the class's current (status, Cache-Control, body)."""

    answer: tuple[int, str | None, bytes] = (200, PAGE_CONTROL, b"<p>v1</p>")
    headers_seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        status, control, body = type(self).answer
        type(self).headers_seen.append(dict(self.headers))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if control:
            self.send_header("Cache-Control", control)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def upstream():
    SwitchableHandler.answer = (200, PAGE_CONTROL, b"<p>v1</p>")
    SwitchableHandler.headers_seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SwitchableHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def proxy(tmp_path, upstream):
    prefix, port = tmp_path / "nginx", nginx.free_port()
    process = nginx.start(prefix, nginx.plain_config(prefix, upstream_port=upstream, port=port), port)
    yield port
    nginx.stop(process)


def get(port: int, path: str = "/events/x/", headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def answers_until(port: int, seconds: float) -> list[tuple[float, int, bytes]]:
    """Every answer nginx gives, one each 0.1 s, for ``seconds``, with the time it came."""
    started, seen = time.monotonic(), []
    while (elapsed := time.monotonic() - started) < seconds:
        status, body = get(port)
        seen.append((elapsed, status, body))
        time.sleep(0.1)
    return seen


def first_new_answer(seen: list[tuple[float, int, bytes]], old: tuple[int, bytes]) -> float:
    """When the old answer was last served, asserting it never came back after the new one."""
    new = [index for index, (_, status, body) in enumerate(seen) if (status, body) != old]
    assert new, f"nginx served the old answer for the whole {seen[-1][0]:.1f} s"
    assert all((status, body) != old for _, status, body in seen[new[0] :])
    return seen[new[0]][0]


def test_a_withdrawn_page_replaces_the_cached_copy_within_its_lifetime(proxy):
    get(proxy)
    assert get(proxy) == (200, b"<p>v1</p>")

    # The app's 410 for a withdrawn event is cacheable for the same short lifetime as a page.
    SwitchableHandler.answer = (410, PAGE_CONTROL, b"<p>withdrawn</p>")
    seen = answers_until(proxy, FRESH + STALE_WHILE_REVALIDATE + 3)

    assert first_new_answer(seen, (200, b"<p>v1</p>")) <= FRESH + STALE_WHILE_REVALIDATE + 1
    assert seen[-1][1:] == (410, b"<p>withdrawn</p>")


def test_a_stale_copy_is_not_served_past_its_lifetime_when_no_refresh_can_be_kept(proxy):
    get(proxy)

    # A refresh that nginx may not keep (an answer without Cache-Control) used to leave the old
    # page to be served as STALE on every request, at any age.
    SwitchableHandler.answer = (410, None, b"<p>withdrawn</p>")
    seen = answers_until(proxy, FRESH + STALE_WHILE_REVALIDATE + 3)

    assert first_new_answer(seen, (200, b"<p>v1</p>")) <= FRESH + STALE_WHILE_REVALIDATE + 1
    assert seen[-1][1:] == (410, b"<p>withdrawn</p>")


def test_a_failing_app_server_is_covered_by_the_stale_copy_only_for_stale_if_error(proxy):
    get(proxy)

    SwitchableHandler.answer = (503, None, b"<p>down</p>")
    seen = answers_until(proxy, FRESH + STALE_IF_ERROR + 3)

    # While the app fails, the last good page is served, but not past stale-if-error.
    assert seen[0][1:] == (200, b"<p>v1</p>")
    assert first_new_answer(seen, (200, b"<p>v1</p>")) <= FRESH + STALE_IF_ERROR + 1
    assert seen[-1][1:] == (503, b"<p>down</p>")


GUNICORN_APP = """
def app(environ, start_response):
    body = environ["wsgi.url_scheme"].encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
"""


@pytest.fixture
def gunicorn(tmp_path):
    (tmp_path / "schemeapp.py").write_text(GUNICORN_APP)
    port = nginx.free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "schemeapp:app", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize(
    "header", ["X-Forwarded-Ssl: on", "X-Forwarded-Ssl: off", "X-Forwarded-Protocol: ssl"]
)
def test_scheme_headers_a_client_sends_never_reach_gunicorn(tmp_path, gunicorn, header):
    prefix, port = tmp_path / "nginx", nginx.free_port()
    process = nginx.start(prefix, nginx.plain_config(prefix, upstream_port=gunicorn, port=port), port)
    name, value = header.split(": ")
    try:
        # /admin/ is never cached: every request reaches gunicorn.
        answer = get(port, "/admin/", {name: value})
    finally:
        nginx.stop(process)

    # gunicorn refuses headers that contradict nginx's X-Forwarded-Proto with a 400; nginx
    # clears them, so the scheme is the one nginx saw.
    assert answer == (200, b"http")
