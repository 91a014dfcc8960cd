"""Shared test set-up: cassettes recorded against a real llama.cpp server, network blocked.

Record (with a server on the recording port, see README "Recording cassettes"):
    EXTRACTOR_RECORD=1 python -m pytest tests/test_integration.py
Without EXTRACTOR_RECORD, cassettes only replay and a missing one fails loudly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import vcr

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASSETTES = ROOT / "cassettes"
RECORDING = os.environ.get("EXTRACTOR_RECORD") == "1"

RECORD_BASE_URL = "http://127.0.0.1:8766/v1"
"""The llama-server the cassettes were recorded against (python -m extractor model serve)."""
RECORD_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"

SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "cookie"]

cassette_vcr = vcr.VCR(
    cassette_library_dir=str(CASSETTES),
    record_mode="all" if RECORDING else "none",
    match_on=["method", "scheme", "host", "port", "path", "body"],
    filter_headers=SECRET_HEADERS,
    decode_compressed_response=True,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if RECORDING:
        # Recording talks to the real server on loopback.
        for item in items:
            item.add_marker(pytest.mark.enable_socket)


@pytest.fixture
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
