"""The handbook's nginx configuration (deploy/nginx/), run for real: Debian's nginx on free local
ports, TLS with a throwaway certificate, the fixture site as root, the generated headers and
redirects included. Checked with real requests: HTTPS redirect, HSTS and the build's security
headers on every kind of response, 404 page, redirects, caching, MIME types, compression."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from helpers import ROOT
from modellregion import security
from modellregion.publish import write_nginx

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="Debian's nginx is installed by make test (browser-deps)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(early_site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    snippets = tmp / "snippets"
    snippets.mkdir()
    region = early_site.parent
    assert write_nginx(region, snippets) == 0  # the generated headers and redirects, as `make nginx-config` writes them
    for name in ("modellregion-headers.conf", "modellregion-brotli.conf"):
        (snippets / name).write_text((ROOT / "deploy" / "nginx" / name).read_text(encoding="utf-8").replace("/etc/nginx/snippets/", f"{snippets}/"), encoding="utf-8")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")], check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    conf = (ROOT / "deploy" / "nginx" / "modellregion.conf").read_text(encoding="utf-8")
    conf = re.sub(r"\n\s*listen \[::\][^\n]*", "", conf)
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{http_port};").replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    conf = conf.replace("server_name digitale-modellregion.example;", "server_name localhost;")
    conf = re.sub(r"ssl_certificate +\S+;", f"ssl_certificate {tmp}/cert.pem;", conf)
    conf = re.sub(r"ssl_certificate_key +\S+;", f"ssl_certificate_key {tmp}/key.pem;", conf)
    conf = conf.replace("root /srv/modellregion/site;", f"root {early_site};").replace("/etc/nginx/snippets/", f"{snippets}/")
    if BROTLI.exists():
        conf = conf.replace(f"# include {snippets}/modellregion-brotli.conf;", f"include {snippets}/modellregion-brotli.conf;")
    (tmp / "site.conf").write_text(conf, encoding="utf-8")
    main = [
        *(["user root;"] if os.geteuid() == 0 else []),
        *([f"load_module {BROTLI};"] if BROTLI.exists() else []),
        "worker_processes 1;", f"pid {tmp}/nginx.pid;", f"error_log {tmp}/error.log;", "daemon off;",
        "events {}",
        "http {", "  include /etc/nginx/mime.types;", "  default_type application/octet-stream;", "  access_log off;",
        *(f"  {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        f"  include {tmp}/site.conf;", "}",
    ]
    (tmp / "nginx.conf").write_text("\n".join(main) + "\n", encoding="utf-8")
    tested = subprocess.run([NGINX, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    process = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield http_port, https_port, early_site
    process.terminate()
    process.wait(timeout=20)


def get(port: int, path: str, *, tls: bool = True, headers: dict | None = None) -> tuple[int, dict, bytes]:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=20)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
    response = connection.getresponse()
    body = response.read()
    result = response.status, {name.lower(): value for name, value in response.getheaders()}, body
    connection.close()
    return result


def assert_security_headers(headers: dict) -> None:
    for name, value in security.headers().items():
        assert headers.get(name.lower()) == value, name
    assert headers.get("strict-transport-security") == "max-age=31536000"


def test_http_redirects_to_https(server):
    http_port, _, _ = server
    status, headers, _ = get(http_port, "/projekte/", tls=False)
    assert status == 301 and headers["location"] == "https://localhost/projekte/"


def test_pages_carry_the_security_headers_and_are_revalidated(server):
    _, port, _ = server
    status, headers, body = get(port, "/")
    assert status == 200 and b"<html" in body
    assert_security_headers(headers)
    assert headers["cache-control"] == "no-cache"
    assert headers.get("server") == "nginx"  # server_tokens off: no version


def test_unknown_addresses_get_the_404_page(server):
    _, port, site = server
    status, headers, body = get(port, "/gibt/es/nicht/")
    assert status == 404 and body == (site / "404.html").read_bytes()
    assert_security_headers(headers)
    assert get(port, "/_headers")[0] == 404


def test_renamed_pages_redirect_permanently(server):
    _, port, _ = server
    status, headers, _ = get(port, "/aktuelles/2024/portal-im-test/")
    assert status == 301 and headers["location"].endswith("/aktuelles/2024/portal-test/")


def test_only_fingerprinted_files_are_cached_for_a_year(server):
    _, port, site = server
    html = (site / "index.html").read_text(encoding="utf-8")
    fingerprinted = re.findall(r'(?:href|src)="([^"]*assets/[a-z]+/[a-z-]+\.[0-9a-f]{8,}(?:\.min)?\.(?:css|js))"', html)
    assert any("site." in url for url in fingerprinted) and any("bundle." in url for url in fingerprinted)
    for url in fingerprinted:
        status, headers, _ = get(port, "/" + url.lstrip("./"))
        assert status == 200, url
        assert "immutable" in headers["cache-control"], url
        assert_security_headers(headers)
    variants = sorted((site / "bilder" / "varianten").glob("*.webp"))
    assert variants
    status, headers, _ = get(port, "/bilder/varianten/" + variants[0].name)
    assert status == 200 and "immutable" in headers["cache-control"] and headers["content-type"] == "image/webp"
    status, headers, _ = get(port, "/robots.txt")
    assert "immutable" not in headers.get("cache-control", "")


def test_mime_types(server):
    _, port, site = server
    ics = next(site.rglob("*.ics")).relative_to(site).as_posix()
    assert get(port, "/" + ics)[1]["content-type"].startswith("text/calendar")
    feed = next(site.rglob("*.rss.xml")).relative_to(site).as_posix()
    assert "xml" in get(port, "/" + feed)[1]["content-type"]
    assert get(port, "/daten/projekte.json")[1]["content-type"] == "application/json"


def test_text_is_compressed(server):
    _, port, site = server
    status, headers, body = get(port, "/", headers={"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == (site / "index.html").read_bytes()
    if BROTLI.exists():
        status, headers, _ = get(port, "/", headers={"Accept-Encoding": "br"})
        assert headers.get("content-encoding") == "br"
