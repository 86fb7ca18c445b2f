"""`make editor`: the browser editor on this machine – the preview with /admin/ and the local backend, both on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from .cms import BUNDLE_DIR, BUNDLE_FILE, LOCAL_BACKEND_ENV
from .glue import port_free, serve

LOCAL_BACKEND = Path("cms") / "local-backend.js"


def backend_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api/v1"


def start_backend(root: Path, port: int, *, cms_dir: Path | None = None, environ: dict | None = None) -> subprocess.Popen:
    """decap-server with the gate in front (cms/local-backend.js), writing into ``root``."""
    cms_dir = cms_dir or Path(__file__).resolve().parents[2] / "cms"
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js fehlt – bitte installieren: sudo apt-get install nodejs npm")
    env = dict(os.environ if environ is None else environ)
    env.update(PORT=str(port), GIT_REPO_DIRECTORY=str(root), MODELLREGION_PYTHON=sys.executable,
               PYTHONPATH=os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])))
    return subprocess.Popen([node, str(cms_dir / "local-backend.js")], cwd=root, env=env)


def run(root: Path, port: int, backend_port: int) -> int:
    bundle = Path(__file__).resolve().parents[2] / BUNDLE_DIR / BUNDLE_FILE
    if not bundle.is_file():
        print("Das Redaktionssystem ist nicht installiert – bitte mit „make editor“ starten (installiert es aus npm).", file=sys.stderr)
        return 2
    if not port_free(backend_port):
        print(f"Port {backend_port} ist schon belegt (läuft „make editor“ schon?) – bitte beenden oder einen anderen wählen: make editor CMS_PORT={backend_port + 1}", file=sys.stderr)
        return 2
    if not port_free(port):
        print(f"Port {port} ist schon belegt – bitte die andere Vorschau beenden oder einen anderen Port wählen: make editor PORT={port + 1}", file=sys.stderr)
        return 2
    os.environ[LOCAL_BACKEND_ENV] = backend_url(backend_port)
    backend = start_backend(root, backend_port)

    def stop(_signum, _frame):  # `kill` ends both servers, like Strg+C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"Redaktion: http://127.0.0.1:{port}/admin/ – Vorschau: http://127.0.0.1:{port}/ – beenden mit Strg+C", file=sys.stderr)
    try:
        return serve(root, port)
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            backend.kill()
