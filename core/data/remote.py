"""Checked download of one file into a cache folder: stream, hash, verify, then rename into place.

The order matters: bytes go to a temporary file *inside the cache folder* while a hash is computed
on the fly; only when the byte count and the checksum are right is the file renamed (os.replace,
atomic on one file system) to its final name. Any failure removes the temporary file, so the cache
never holds a partial or corrupt file and a later run can trust whatever it finds there.

Every failure is a DownloadError whose message is one plain sentence and whose `kind` says which
failure it was: "network", "timeout", "http", "truncated", "checksum" or "disk".
"""
from __future__ import annotations

import hashlib
import http.client
import os
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

CHUNK_BYTES = 64 * 1024
USER_AGENT = "backprop-lab (+https://github.com/; dataset downloader)"

# progress(bytes_done, bytes_total_or_None); it may raise to cancel (the partial file is removed).
Progress = Callable[[int, "int | None"], None]


# Every DownloadError.kind; the app words each as "download.error.<kind>".
KINDS = ("network", "timeout", "http", "truncated", "checksum", "disk")


class DownloadError(RuntimeError):
    """A download failed; str(err) is one English sentence (command line), err.kind (one of
    KINDS) is for code and for the app's words."""

    def __init__(self, message: str, kind: str, url: str | None = None):
        super().__init__(message)
        self.kind = kind
        self.url = url


@dataclass(frozen=True)
class RemoteFile:
    """One file on a server and how to check it.

    url: where to fetch it. filename: its name in the cache folder. sha256 / md5: expected hex
    digest (at least one). size: expected bytes, used only as the progress total when the server
    sends no Content-Length (the checksum, not the size, decides whether the file is good).
    """

    url: str
    filename: str
    sha256: str | None = None
    md5: str | None = None
    size: int | None = None

    def __post_init__(self):
        if not (self.sha256 or self.md5):
            raise ValueError(f"RemoteFile {self.filename}: give a sha256 or md5 checksum.")


def fetch(remote: RemoteFile, dest_dir: Path, *, timeout: float = 30.0,
          progress: Progress | None = None) -> Path:
    """Download `remote` into dest_dir/remote.filename, verified; return the final path.

    An existing final file is trusted (it only got there after verification) and returned
    without touching the network.
    """
    dest_dir = Path(dest_dir)
    final = dest_dir / remote.filename
    if final.is_file():
        return final
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=dest_dir, prefix=f".{remote.filename}.", suffix=".part")
    except OSError as err:
        raise _disk_error(remote, dest_dir, err) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            digest = _stream(remote, out, timeout, progress)
        _verify(remote, digest)
        try:
            os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; the data set is public
            os.replace(tmp, final)
        except OSError as err:
            raise _disk_error(remote, dest_dir, err) from None
    except BaseException:
        # Whatever went wrong (including a cancel raised from progress or Ctrl-C), leave nothing.
        tmp.unlink(missing_ok=True)
        raise
    return final


def _stream(remote: RemoteFile, out, timeout: float, progress: Progress | None):
    """Copy the response body to `out` in chunks; return the hash object(s) fed on the way."""
    hashes = {name: hashlib.new(name) for name in ("sha256", "md5") if getattr(remote, name)}
    request = urllib.request.Request(remote.url, headers={"User-Agent": USER_AGENT})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as err:
        raise DownloadError(
            f"The server refused {remote.url} with HTTP {err.code} {err.reason}.", "http", remote.url
        ) from None
    except urllib.error.URLError as err:
        raise _network_error(remote, err.reason, timeout) from None
    except (OSError, http.client.HTTPException) as err:
        raise _network_error(remote, err, timeout) from None
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else remote.size
        done = 0
        if progress:
            progress(0, total)
        while True:
            try:
                chunk = response.read(CHUNK_BYTES)
            except http.client.IncompleteRead as err:
                raise _truncated(remote, done + len(err.partial), total) from None
            except (OSError, http.client.HTTPException) as err:
                raise _network_error(remote, err, timeout, during=True) from None
            if not chunk:
                break
            try:
                out.write(chunk)
            except OSError as err:
                raise _disk_error(remote, Path(out.name).parent, err) from None
            for h in hashes.values():
                h.update(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
    if length and length.isdigit() and done != int(length):
        raise _truncated(remote, done, int(length))
    return hashes


def _verify(remote: RemoteFile, hashes) -> None:
    for name, label in (("sha256", "SHA-256"), ("md5", "MD5")):
        want = getattr(remote, name)
        got = hashes[name].hexdigest() if want else None
        if want and got != want.lower():
            raise DownloadError(
                f"{remote.filename} from {remote.url} failed its {label} check "
                f"(expected {want}, got {got}); the file was discarded.",
                "checksum", remote.url)


def _network_error(remote: RemoteFile, reason, timeout: float, during: bool = False) -> DownloadError:
    host = urllib.parse.urlsplit(remote.url).netloc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return DownloadError(
            f"{host} did not answer within {timeout:g} s while sending {remote.filename}; "
            "the network may be slow or offline.", "timeout", remote.url)
    if during:
        return DownloadError(
            f"The connection to {host} broke while downloading {remote.filename} ({reason}).",
            "truncated", remote.url)
    return DownloadError(
        f"Could not connect to {host} to download {remote.filename} ({reason}); "
        "check the internet connection.", "network", remote.url)


def _truncated(remote: RemoteFile, done: int, total: int | None) -> DownloadError:
    expected = f" of {total:,}" if total else ""
    return DownloadError(
        f"The download of {remote.filename} from {remote.url} stopped after {done:,}{expected} bytes; "
        "the partial file was discarded.", "truncated", remote.url)


def _disk_error(remote: RemoteFile, dest_dir: Path, err: OSError) -> DownloadError:
    return DownloadError(
        f"Could not write {remote.filename} into {dest_dir} ({err.strerror or err}); "
        "check free space and permissions, or set BACKPROP_LAB_DATA to another folder.",
        "disk", remote.url)
