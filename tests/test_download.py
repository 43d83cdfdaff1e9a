"""The checked downloader, against a real HTTP server on 127.0.0.1 serving generated files.

No test touches the internet: every mirror points at the local server (or at a closed port).
After every failure the cache folder must hold no file at all: no partial, no temporary file.
"""
import errno
import gzip
import hashlib
import io
import socket
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from core import data
from core.data import remote as dl
from core.data import DownloadError, Mirror, download, is_available, load_dataset
from core.data.cli import main
from core.data.remote import RemoteFile
from core.data.idx import encode_idx


# ------------------------------------------------------------------------------ the test server

class _Handler(BaseHTTPRequestHandler):
    """Serves server.routes[path] = (body, mode); mode "ok", "truncate" (announces the full
    Content-Length, sends half, closes) or "stall" (sends a little, then goes quiet)."""

    def do_GET(self):
        self.server.hits.append(self.path)
        if self.path not in self.server.routes:
            self.send_error(404, "Not Found")
            return
        body, mode = self.server.routes[self.path]
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if mode == "ok":
                self.wfile.write(body)
            elif mode == "truncate":
                self.wfile.write(body[: len(body) // 2])
            elif mode == "stall":
                self.wfile.write(body[:1000])
                self.wfile.flush()
                time.sleep(1.5)
        except OSError:
            pass  # the client gave up first; that is the point of some tests

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """Make sure 127.0.0.1 is reached directly even if the machine has a proxy configured."""
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.routes, srv.hits = {}, []
    srv.url = f"http://127.0.0.1:{srv.server_port}"
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()

    def stop():
        if not srv.stopped:
            srv.shutdown()
            srv.server_close()
            srv.stopped = True
    srv.stopped = False
    srv.stop = stop
    yield srv
    stop()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound once, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------- generated files

def fake_arrays(n_train=300, n_test=40, seed=1):
    rng = np.random.default_rng(seed)
    return {"x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
            "y_train": rng.integers(0, 10, n_train, dtype=np.uint8),
            "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
            "y_test": rng.integers(0, 10, n_test, dtype=np.uint8)}


def npz_bytes(arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)  # uncompressed: ~250 KB, several 64 KiB chunks
    return buf.getvalue()


def idx_gz_bodies(arrays) -> list:
    order = ("x_train", "y_train", "x_test", "y_test")
    return [gzip.compress(encode_idx(arrays[k])) for k in order]


def npz_mirror(url, body, sha256=None) -> Mirror:
    return Mirror("npz", (RemoteFile(url, "mnist.npz", sha256=sha256 or hashlib.sha256(body).hexdigest()),))


def serve_idx(srv, arrays, prefix="/idx/"):
    bodies = idx_gz_bodies(arrays)
    for name, body in zip(data.IDX_NAMES, bodies):
        srv.routes[prefix + name] = (body, "ok")
    md5 = tuple(hashlib.md5(b).hexdigest() for b in bodies)
    return data.idx_mirror(srv.url + prefix, md5), bodies


def files_in(folder):
    """Every file under folder (hidden temporaries included)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------------------------- success

def test_download_reports_progress_verifies_and_loads(server, tmp_path):
    arrays = fake_arrays()
    body = npz_bytes(arrays)
    server.routes["/mnist.npz"] = (body, "ok")
    calls = []
    paths = download("mnist", cache_dir=tmp_path, progress=lambda d, t: calls.append((d, t)),
                     mirrors=(npz_mirror(server.url + "/mnist.npz", body),))
    assert paths == (tmp_path / "mnist" / "mnist.npz",)
    assert paths[0].read_bytes() == body
    assert files_in(tmp_path) == ["mnist/mnist.npz"]
    assert calls[0] == (0, len(body)) and calls[-1] == (len(body), len(body))
    assert len(calls) >= 4
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:]))
    ds = load_dataset("mnist", cache_dir=tmp_path)
    np.testing.assert_array_equal(ds.x_train, arrays["x_train"].reshape(-1, 784))
    np.testing.assert_array_equal(ds.y_test, arrays["y_test"])
    assert ds.test_split_name == "test"


def test_second_call_uses_the_cache_without_network(server, tmp_path):
    body = npz_bytes(fake_arrays())
    mirrors = (npz_mirror(server.url + "/mnist.npz", body),)
    server.routes["/mnist.npz"] = (body, "ok")
    first = download("mnist", cache_dir=tmp_path, mirrors=mirrors)
    assert server.hits == ["/mnist.npz"]
    server.stop()
    with pytest.raises(urllib.error.URLError):  # the network really is gone now
        urllib.request.urlopen(server.url + "/mnist.npz", timeout=2)
    calls = []
    again = download("mnist", cache_dir=tmp_path, mirrors=mirrors, progress=lambda *a: calls.append(a))
    assert again == first
    assert calls == []
    assert is_available("mnist", cache_dir=tmp_path)
    ds = load_dataset("mnist", cache_dir=tmp_path, download_if_missing=True)
    assert ds.x_train.shape == (300, 784)


def test_fallback_idx_mirror_when_the_npz_mirror_fails(server, tmp_path):
    arrays = fake_arrays()
    idx, bodies = serve_idx(server, arrays)
    missing = npz_mirror(server.url + "/gone/mnist.npz", b"x")
    calls = []
    paths = download("mnist", cache_dir=tmp_path, mirrors=(missing, idx),
                     progress=lambda d, t: calls.append((d, t)))
    assert [p.name for p in paths] == list(data.IDX_NAMES)
    total = sum(map(len, bodies))
    assert calls[-1] == (total, total)
    assert files_in(tmp_path) == sorted(f"mnist/{n}" for n in data.IDX_NAMES)
    ds = load_dataset("mnist", cache_dir=tmp_path)
    np.testing.assert_array_equal(ds.x_test, arrays["x_test"].reshape(-1, 784))
    np.testing.assert_array_equal(ds.y_train, arrays["y_train"])


def test_fashion_downloads_like_mnist_when_not_installed(server, tmp_path, monkeypatch):
    monkeypatch.setattr(data, "FASHION_SYSTEM_DIR", tmp_path / "not-installed")
    idx, _ = serve_idx(server, fake_arrays(seed=5))
    monkeypatch.setitem(data.MIRRORS, "fashion-mnist", (idx,))
    ds = load_dataset("fashion-mnist", cache_dir=tmp_path / "cache", download_if_missing=True)
    assert ds.class_names[0] == "tshirt" and ds.x_train.shape == (300, 784)
    assert files_in(tmp_path / "cache") == sorted(f"fashion-mnist/{n}" for n in data.IDX_NAMES)


def test_load_dataset_downloads_with_default_mirrors_when_asked(server, tmp_path, monkeypatch):
    body = npz_bytes(fake_arrays())
    server.routes["/k/mnist.npz"] = (body, "ok")
    monkeypatch.setitem(data.MIRRORS, "mnist", (npz_mirror(server.url + "/k/mnist.npz", body),))
    with pytest.raises(FileNotFoundError):
        load_dataset("mnist", cache_dir=tmp_path)  # no download unless asked
    assert server.hits == []
    seen = []
    ds = load_dataset("mnist", cache_dir=tmp_path, download_if_missing=True,
                      progress=lambda d, t: seen.append(d))
    assert ds.x_test.shape == (40, 784) and seen[-1] == len(body)


# --------------------------------------------------------------------------------- failures

def assert_fails_cleanly(tmp_path, mirrors, kind, *phrases, timeout=5.0):
    with pytest.raises(DownloadError) as err:
        download("mnist", cache_dir=tmp_path, mirrors=mirrors, timeout=timeout)
    assert err.value.kind == kind
    for phrase in phrases:
        assert phrase in str(err.value)
    assert files_in(tmp_path) == []
    assert not is_available("mnist", cache_dir=tmp_path)
    return err.value


def test_http_404(server, tmp_path):
    url = server.url + "/nothing-here.npz"
    assert_fails_cleanly(tmp_path, (npz_mirror(url, b"x"),), "http", "HTTP 404", url)


def test_refused_connection(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/mnist.npz"
    assert_fails_cleanly(tmp_path, (npz_mirror(url, b"x"),), "network", "Could not connect", "127.0.0.1")


def test_truncated_body(server, tmp_path):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "truncate")
    assert_fails_cleanly(tmp_path, (npz_mirror(server.url + "/mnist.npz", body),), "truncated",
                         "stopped after", f"of {len(body):,} bytes", "discarded")


def test_wrong_checksum(server, tmp_path):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "ok")
    wrong = hashlib.sha256(b"something else").hexdigest()
    assert_fails_cleanly(tmp_path, (npz_mirror(server.url + "/mnist.npz", body, sha256=wrong),),
                         "checksum", "SHA-256", wrong, "discarded")


def test_wrong_md5_on_one_idx_file_keeps_only_verified_files(server, tmp_path):
    idx, bodies = serve_idx(server, fake_arrays())
    files = list(idx.files)
    files[2] = RemoteFile(files[2].url, files[2].filename, md5="0" * 32)
    with pytest.raises(DownloadError, match="MD5") as err:
        download("mnist", cache_dir=tmp_path, mirrors=(Mirror("idx", tuple(files)),))
    assert err.value.kind == "checksum"
    # The two files before the bad one were verified and may stay; nothing partial or bad does.
    assert files_in(tmp_path) == sorted(f"mnist/{n}" for n in data.IDX_NAMES[:2])
    assert not is_available("mnist", cache_dir=tmp_path)


def test_stalled_server_times_out(server, tmp_path):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "stall")
    assert_fails_cleanly(tmp_path, (npz_mirror(server.url + "/mnist.npz", body),), "timeout",
                         "did not answer within 0.3 s", timeout=0.3)


def test_disk_error_when_the_cache_folder_cannot_be_created(server, tmp_path):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "ok")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(DownloadError, match="Could not write mnist.npz") as err:
        download("mnist", cache_dir=blocker, mirrors=(npz_mirror(server.url + "/mnist.npz", body),))
    assert err.value.kind == "disk" and "BACKPROP_LAB_DATA" in str(err.value)
    assert files_in(tmp_path) == ["cache"] and blocker.read_text().startswith("a file")


def test_disk_error_while_moving_into_place_leaves_no_temporary_file(server, tmp_path, monkeypatch):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "ok")

    def full_disk(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(dl.os, "replace", full_disk)
    assert_fails_cleanly(tmp_path, (npz_mirror(server.url + "/mnist.npz", body),), "disk",
                         "No space left on device")


def test_cancel_from_the_progress_callback_leaves_nothing(server, tmp_path):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "ok")

    class Cancelled(Exception):
        pass

    def progress(done, total):
        if done > 0:
            raise Cancelled
    with pytest.raises(Cancelled):
        download("mnist", cache_dir=tmp_path, progress=progress,
                 mirrors=(npz_mirror(server.url + "/mnist.npz", body),))
    assert files_in(tmp_path) == []


def test_every_mirror_failing_names_both_failures(server, tmp_path):
    a = npz_mirror(server.url + "/a/mnist.npz", b"x")
    b = data.idx_mirror(server.url + "/b/", ("0" * 32,) * 4)
    err = assert_fails_cleanly(tmp_path, (a, b), "http", "/a/mnist.npz", "fallback", "/b/train-images")
    assert [e.kind for e in err.errors] == ["http", "http"]


# ------------------------------------------------------------------------------ registry, CLI

def test_default_mirrors_are_checksummed_as_documented():
    npz, idx = data.MIRRORS["mnist"]
    assert npz.files[0].sha256 == "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
    assert npz.files[0].size == 11_490_434
    assert idx.files[0].md5 == "f68b3c2dcbeaaa9fbdd348bbdeb94873"
    for mirror in data.MIRRORS["mnist"] + data.MIRRORS["fashion-mnist"]:
        for f in mirror.files:
            assert f.url.startswith(("https://", "http://")) and f.url.endswith(f.filename)
            assert (f.sha256 and len(f.sha256) == 64) or (f.md5 and len(f.md5) == 32)
    with pytest.raises(ValueError, match="checksum"):
        RemoteFile("http://x/y", "y")
    with pytest.raises(ValueError):
        Mirror("npz", (RemoteFile("http://x/a.npz", "a.npz", md5="0" * 32),))


def test_cli_download_then_info(server, tmp_path, monkeypatch, capsys):
    body = npz_bytes(fake_arrays())
    server.routes["/mnist.npz"] = (body, "ok")
    monkeypatch.setitem(data.MIRRORS, "mnist", (npz_mirror(server.url + "/mnist.npz", body),))
    assert main(["--cache-dir", str(tmp_path), "download", "mnist"]) == 0
    assert "300 train + 40 test" in capsys.readouterr().out
    assert main(["--cache-dir", str(tmp_path), "info"]) == 0
    assert str(tmp_path / "mnist") in capsys.readouterr().out


def test_cli_reports_a_failed_download_in_one_line(tmp_path, monkeypatch, capsys):
    url = f"http://127.0.0.1:{closed_port()}/mnist.npz"
    monkeypatch.setitem(data.MIRRORS, "mnist", (npz_mirror(url, b"x"),))
    assert main(["--cache-dir", str(tmp_path), "download", "mnist", "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert "error: Could not connect to 127.0.0.1" in err
