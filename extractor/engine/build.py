"""Find or build llama.cpp's own `llama-server` for this CPU.

No binary wheel of llama.cpp reaches this machine, so the sources come from the
llama-cpp-python sdist on PyPI (vendor/llama.cpp), built with CMake. A native build turns on
AMX, which crashes in ggml_backend_amx_mul_mat on the first real prompt here, so the build is
never native: it names the instruction sets the CPU reports, and AMX is never among them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from extractor.engine.progress import Report, log

LLAMA_CPP_PYTHON = "0.3.36"
"""The llama-cpp-python sdist whose vendored llama.cpp is built."""


class BuildError(RuntimeError):
    """llama-server could not be found or built."""


def cpu_flags(cpuinfo: str | None = None) -> list[str]:
    """The instruction sets worth building for, from /proc/cpuinfo."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text()
        except OSError:
            cpuinfo = ""
    match = re.search(r"^flags\s*:(.*)$", cpuinfo, re.MULTILINE)
    have = set(match.group(1).split()) if match else set()
    wanted = ["avx", "avx2", "fma", "f16c", "bmi2"]
    flags = [f for f in wanted if f in have]
    if "avx512f" in have:
        flags.append("avx512")
        flags += [f for f in ("avx512_vnni", "avx512_bf16") if f in have]
    return flags


def cmake_args(flags: list[str]) -> list[str]:
    args = [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DGGML_NATIVE=OFF",
        "-DGGML_AMX_TILE=OFF",
        "-DGGML_AMX_INT8=OFF",
        "-DGGML_AMX_BF16=OFF",
        "-DLLAMA_CURL=OFF",
        "-DLLAMA_BUILD_TESTS=OFF",
        "-DLLAMA_BUILD_EXAMPLES=OFF",
        "-DBUILD_SHARED_LIBS=OFF",
    ]
    return args + [f"-DGGML_{f.upper()}=ON" for f in flags]


def build_dir(engines_dir: Path, flags: list[str]) -> Path:
    tag = "avx512" if "avx512" in flags else ("avx2" if "avx2" in flags else "generic")
    return engines_dir / f"llama-server-{LLAMA_CPP_PYTHON}-{tag}"


def _built_binary(root: Path) -> Path:
    return root / "build" / "bin" / "llama-server"


def find_server(engines_dir: Path, explicit: str | None = None) -> Path | None:
    """An existing llama-server: the configured path, a cached build, or one on PATH."""
    if explicit:
        path = Path(explicit).expanduser()
        if not os.access(path, os.X_OK):
            raise BuildError(f"configured llama-server {path} is not an executable file")
        return path
    cached = _built_binary(build_dir(engines_dir, cpu_flags()))
    if os.access(cached, os.X_OK):
        return cached
    on_path = shutil.which("llama-server")
    return Path(on_path) if on_path else None


def _fetch_sources(root: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="llama-sdist-") as tmp:
        cmd = [
            sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
            "-d", tmp, f"llama-cpp-python=={LLAMA_CPP_PYTHON}",
        ]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise BuildError(f"pip download of llama.cpp sources failed:\n{done.stdout[-2000:]}")
        sdist = next(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
        prefix = f"llama_cpp_python-{LLAMA_CPP_PYTHON}/vendor/llama.cpp/"
        src = root / "src"
        with tarfile.open(sdist) as tar:
            members = []
            for member in tar.getmembers():
                if member.name.startswith(prefix):
                    member.name = member.name[len(prefix) :]
                    members.append(member)
            tar.extractall(src, members=members, filter="data")


def _run_logged(cmd: list[str], log_path: Path, step: str, report: Report | None) -> None:
    with log_path.open("a") as sink:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            sink.write(line)
            pct = re.match(r"\[\s*(\d+)%\]", line)
            if pct and report:
                report(step, int(pct.group(1)), 100)
        if proc.wait() != 0:
            raise BuildError(f"{step} failed; see {log_path}")


def build_server(engines_dir: Path, report: Report | None = None) -> Path:
    """Build llama-server from the pinned sources (about 12 minutes on 2 cores)."""
    flags = cpu_flags()
    root = build_dir(engines_dir, flags)
    binary = _built_binary(root)
    if os.access(binary, os.X_OK):
        return binary
    if not shutil.which("cmake"):
        raise BuildError("cmake is needed to build llama.cpp (apt install cmake g++)")
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "src" / "CMakeLists.txt").exists():
        log(f"fetching llama.cpp sources (llama-cpp-python {LLAMA_CPP_PYTHON} sdist)")
        _fetch_sources(root)
    log(f"building llama-server for {' '.join(flags) or 'generic x86-64'} (about 12 min)")
    log_path = root / "build.log"
    configure = ["cmake", "-S", str(root / "src"), "-B", str(root / "build"), *cmake_args(flags)]
    _run_logged(configure, log_path, "configure llama.cpp", None)
    jobs = str(os.cpu_count() or 2)
    compile_cmd = ["cmake", "--build", str(root / "build"), "--target", "llama-server", "-j", jobs]
    _run_logged(compile_cmd, log_path, "build llama-server", report)
    if not os.access(binary, os.X_OK):
        raise BuildError(f"build finished without {binary}; see {log_path}")
    return binary
