"""The preview's pages on demand (glue_render.LazyPages): first request first, the rest in the background,
a newer build stops the old work, and the preview's end stops the search indexer with its children."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path

from modellregion.glue_render import LazyPages


def test_a_requested_page_is_rendered_once_and_the_rest_follow_in_the_background(tmp_path):
    lazy, rendered, done = LazyPages(), [], threading.Event()
    lazy.begin_build()
    for name in ("a/index.html", "b/index.html", "c/index.html"):
        lazy.register(name, lambda name=name: rendered.append(name))
    lazy.materialise("b/")  # before the build is finished nothing is available
    assert rendered == []
    lazy.paused = lambda: not done.is_set()  # hold the background back until the request is served
    lazy.finish_build(tmp_path, lambda site, current: rendered.append(("index", current())))
    lazy.materialise("b/")
    lazy.materialise("b/index.html")
    assert rendered == ["b/index.html"]
    done.set()
    deadline = time.monotonic() + 5
    while len(rendered) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sorted(rendered[1:3]) == ["a/index.html", "c/index.html"] and rendered[3] == ("index", True)


def test_a_newer_build_ends_the_background_work_of_the_old_one(tmp_path):
    lazy, rendered = LazyPages(), []
    lazy.begin_build()
    for number in range(50):
        lazy.register(f"{number}/index.html", lambda n=number: (rendered.append(n), time.sleep(0.01)))
    lazy.finish_build(tmp_path, lambda site, current: rendered.append("index"))
    time.sleep(0.05)
    lazy.begin_build()
    count = len(rendered)
    time.sleep(0.2)
    assert len(rendered) <= count + 1 and "index" not in rendered and count < 50


def test_stop_ends_the_indexer_and_its_children():
    lazy = LazyPages()
    process = subprocess.Popen(["sh", "-c", "sleep 60 & echo $!; wait"], stdout=subprocess.PIPE, text=True, start_new_session=True)
    grandchild = int(process.stdout.readline())
    lazy.children.add(process)
    lazy.stop()
    process.wait(timeout=5)
    deadline = time.monotonic() + 5
    while Path(f"/proc/{grandchild}").exists() and time.monotonic() < deadline:
        subprocess.run(["true"])  # let init reap it
        time.sleep(0.05)
    state = Path(f"/proc/{grandchild}/stat").read_text().split()[2] if Path(f"/proc/{grandchild}/stat").exists() else "gone"
    assert state in ("gone", "Z")
