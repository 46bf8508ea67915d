"""deploy/'s nginx files: nginx accepts them, and the microcache keeps what the app lets a shared
cache keep, never for a signed-in committee member."""

import http.server
import shutil
import subprocess
import threading
import urllib.request

import pytest

from bench import nginx

pytestmark = pytest.mark.skipif(
    nginx.nginx_binary() is None, reason="nginx is not installed (apt-get install -y nginx-light)"
)


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """A public page that a shared cache may keep for 5 s, as the app's public pages say."""

    requests: list[str] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = b"<html data-version='1'></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=0, s-maxage=5, stale-while-revalidate=5")
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def upstream():
    CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        return response.status, response.headers.get("X-Cache-Status", "")


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed for a test certificate")
def test_deploy_nginx_conf_passes_nginx_check(tmp_path):
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=awards.example.go.id", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    prefix = tmp_path / "nginx"
    config = nginx.site_config(
        prefix,
        certificate=certificate,
        key=key,
        upstream_port=nginx.free_port(),
        ports=(nginx.free_port(), nginx.free_port()),
    )

    result = nginx.check(prefix, config)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_microcache_serves_a_public_page_again_and_bypasses_the_committee(tmp_path, upstream):
    prefix, port = tmp_path / "nginx", nginx.free_port()
    process = nginx.start(prefix, nginx.plain_config(prefix, upstream_port=upstream, port=port), port)
    try:
        first = get(port, "/events/x/")
        second = get(port, "/events/x/")
        english = get(port, "/events/x/", {"Accept-Language": "en"})
        signed_in = get(port, "/events/x/", {"Cookie": "sessionid=abc"})
        admin = [get(port, "/admin/"), get(port, "/admin/")]
        judging = [get(port, "/en/judging/"), get(port, "/en/judging/")]
        health = get(port, "/healthz")
    finally:
        nginx.stop(process)

    assert process.returncode is not None
    assert first == (200, "MISS")
    assert second == (200, "HIT")
    # The other language is kept apart, never served the first one's copy.
    assert english == (200, "MISS")
    assert signed_in == (200, "BYPASS")
    assert admin == [(200, ""), (200, "")]
    assert judging == [(200, ""), (200, "")]
    assert health == (200, "")
    assert CountingHandler.requests == [
        "/events/x/",
        "/events/x/",
        "/events/x/",
        "/admin/",
        "/admin/",
        "/en/judging/",
        "/en/judging/",
        "/healthz",
    ]
