"""nginx for the load bench and the tests, configured with deploy/'s own files.

The site file and its two snippets are rendered with this run's ports and temporary paths only
(the same substitutions an operator makes by hand), so what is measured and tested is what is
deployed. nginx runs in the foreground of a process of our own (never systemd) and is stopped by
its pid.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SNIPPETS = {
    "/etc/nginx/snippets/smartcity-awards-cache-zone.conf": "nginx-cache-zone.conf",
    "/etc/nginx/snippets/smartcity-awards-app.conf": "nginx-app.conf",
}
CACHE_PATH = "/var/cache/nginx/smartcity-awards"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prefix(prefix: Path) -> None:
    for folder in (prefix, prefix / "logs", prefix / "root", prefix / "cache"):
        folder.mkdir(parents=True, exist_ok=True)


def render_snippets(prefix: Path) -> dict[str, str]:
    """Write deploy/'s snippets under prefix (the cache in prefix/cache); their paths by the
    name the site file includes them as."""
    _prefix(prefix)
    rendered = {}
    for installed, name in SNIPPETS.items():
        text = (DEPLOY / name).read_text().replace(CACHE_PATH, str(prefix / "cache"))
        target = prefix / name
        target.write_text(text)
        rendered[installed] = str(target)
    return rendered


def _main_config(prefix: Path, http_body: str) -> Path:
    config = prefix / "nginx.conf"
    # Started as root, nginx's workers would run as nobody, who cannot reach a temporary folder
    # (0700) to read the cache and the static copy; these workers serve loopback only.
    user = "user root;\n" if os.geteuid() == 0 else ""
    config.write_text(
        f"""{user}worker_processes auto;
pid {prefix / "nginx.pid"};
error_log {prefix / "logs" / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    # As Debian's own /etc/nginx/nginx.conf, which the deployed site file runs under.
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    access_log off;
    client_body_temp_path {prefix / "client_body"};
    proxy_temp_path {prefix / "proxy"};
    fastcgi_temp_path {prefix / "fastcgi"};
    uwsgi_temp_path {prefix / "uwsgi"};
    scgi_temp_path {prefix / "scgi"};
{http_body}
}}
"""
    )
    return config


def site_config(
    prefix: Path, *, certificate: Path, key: Path, upstream_port: int, ports: tuple[int, int]
) -> Path:
    """deploy/nginx.conf whole (TLS included) under a main file of our own, for `nginx -t`."""
    text = (DEPLOY / "nginx.conf").read_text()
    for installed, rendered in render_snippets(prefix).items():
        text = text.replace(installed, rendered)
    text = (
        text.replace("/etc/letsencrypt/live/awards.example.go.id/fullchain.pem", str(certificate))
        .replace("/etc/letsencrypt/live/awards.example.go.id/privkey.pem", str(key))
        .replace("127.0.0.1:8000", f"127.0.0.1:{upstream_port}")
        .replace("listen 80;", f"listen 127.0.0.1:{ports[0]};")
        .replace("listen [::]:80;", "")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{ports[1]} ssl http2;")
        .replace("listen [::]:443 ssl http2;", "")
    )
    site = prefix / "site.conf"
    site.write_text(text)
    return _main_config(prefix, f"    include {site};")


def _trivial_server(prefix: Path, zone: str, app: str, *, upstream_port: int, port: int) -> str:
    """A second server with the app's very proxy and cache rules (its own zone of the same
    settings, so that the two never share a key) in front of another upstream: the bench's
    ceiling for a page nginx serves from its proxy cache."""
    zone_line = re.search(r"proxy_cache_path .*?;", Path(zone).read_text(), re.S).group(0)
    trivial_zone = zone_line.replace(str(prefix / "cache"), str(prefix / "cache-trivial")).replace(
        "keys_zone=smartcity_awards:", "keys_zone=trivial:"
    )
    trivial_app = prefix / "nginx-app-trivial.conf"
    trivial_app.write_text(
        Path(app)
        .read_text()
        .replace("proxy_cache smartcity_awards;", "proxy_cache trivial;")
        .replace("proxy_pass http://smartcity_awards;", "proxy_pass http://trivial;")
    )
    return f"""
    {trivial_zone}
    upstream trivial {{
        server 127.0.0.1:{upstream_port};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {trivial_app};
    }}"""


def plain_config(
    prefix: Path, *, upstream_port: int, port: int, trivial: tuple[int, int] | None = None
) -> Path:
    """The deployed cache and proxy rules (the snippets) on plain HTTP, and prefix/root served
    as static files at /static-copy/: the bench's nginx, without TLS, which it does not measure.
    trivial=(upstream port, port): the same rules in front of another upstream, on another port."""
    snippets = render_snippets(prefix)
    zone = snippets["/etc/nginx/snippets/smartcity-awards-cache-zone.conf"]
    app = snippets["/etc/nginx/snippets/smartcity-awards-app.conf"]
    extra = _trivial_server(prefix, zone, app, upstream_port=trivial[0], port=trivial[1]) if trivial else ""
    return _main_config(
        prefix,
        f"""    include {zone};
    upstream smartcity_awards {{
        server 127.0.0.1:{upstream_port};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /static-copy/ {{
            alias {prefix / "root"}/;
        }}
        include {app};
    }}{extra}""",
    )


def check(prefix: Path, config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [nginx_binary(), "-t", "-p", str(prefix), "-c", str(config)], capture_output=True, text=True
    )


def start(prefix: Path, config: Path, port: int, timeout: float = 10) -> subprocess.Popen:
    """nginx in the foreground of a child process; returns once it accepts connections."""
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.05)
    stop(process)
    raise RuntimeError("nginx did not accept connections")


def stop(process: subprocess.Popen) -> None:
    """Stop nginx by its pid: a graceful quit, then a kill if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
