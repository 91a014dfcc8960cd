"""The API key goes to the endpoint and nowhere else: not cassettes, caches, output or logs."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import pytest
import vcr
from click.testing import CliRunner

from extractor.ask.prompts import PASSES, build_request
from extractor.cli.main import cli
from extractor.config import Settings, load_settings
from extractor.model import ModelError
from extractor.providers.connect import connect
from tests.conftest import SECRET_HEADERS
from tests.fault_server import FaultServer

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

KEY = "sk-extractor-test-Zq9X4vR2p7LkW31415"

PAGE = (
    "钱塘区2021年经济运行情况\n来源:钱塘发布 发布时间:2022-01-25\n"
    "2021年,钱塘区(编号DOC-{doc})规上工业增加值352.4亿元,同比增长11.8%。\n"
)


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def _leaks(paths: list[Path]) -> list[str]:
    needle = KEY.encode()
    return [str(p) for p in paths if needle in p.read_bytes()]


def test_key_is_sent_but_never_written(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # openai, httpx2 and instructor at their chattiest
    pages = tmp_path / "pages"
    pages.mkdir()
    for doc in ("ok1", "ok2", "down", "garbled"):
        (pages / f"{doc}.txt").write_text(PAGE.format(doc=doc), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    cache_dir = tmp_path / "cache"
    cassettes = tmp_path / "cassettes"
    recorder = vcr.VCR(
        cassette_library_dir=str(cassettes),
        record_mode="all",
        filter_headers=SECRET_HEADERS,
        decode_compressed_response=True,
    )
    script = {"down": ["500"] * 5, "garbled": ["invalid_json"] * 5}
    with FaultServer(script=script) as server, recorder.use_cassette("secrets.yaml"):
        result = CliRunner().invoke(
            cli,
            [
                "run",
                str(pages),
                "--out",
                str(out),
                "--base-url",
                server.url,
                "--model",
                "m",
                "--cache-dir",
                str(cache_dir),
            ],
            env={
                "EXTRACTOR_API_KEY": KEY,
                "EXTRACTOR_HOME": str(tmp_path / "home"),
                "EXTRACTOR_TRANSPORT_RETRIES": "1",
                "EXTRACTOR_REQUEST_TIMEOUT": "5",
            },
        )
        # The key really was used, so the checks below are not vacuous.
        assert server.requests
        assert all(r.headers.get("authorization") == f"Bearer {KEY}" for r in server.requests)

    assert result.exit_code == 1, result.output  # two articles failed, on purpose
    assert "down" in result.output and "garbled" in result.output
    cassette = cassettes / "secrets.yaml"
    assert "chat/completions" in cassette.read_text(encoding="utf-8")
    assert len(list(cache_dir.iterdir())) > 0 and out.read_text(encoding="utf-8")

    assert _leaks(_files_under(tmp_path)) == []  # cassette, cache db and files, output, home
    assert KEY not in caplog.text
    assert KEY not in result.output
    assert KEY not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fault", ["500", "reset", "invalid_json", "truncated", "429"])
def test_errors_and_settings_never_show_the_key(tmp_path: Path, fault: str) -> None:
    with FaultServer(default=fault, retry_after="0") as server:
        settings = Settings(
            base_url=server.url,
            model="m",
            api_key=KEY,
            cache_dir=tmp_path / "cache",
            transport_retries=0,
            max_reasks=0,
            request_timeout=2,
        )
        with connect(settings) as model, pytest.raises(ModelError) as caught:
            model.answer(build_request("DOC-s 文章", PASSES[0]))
    error = caught.value
    chain = "".join(traceback.format_exception(error))
    for text in (str(error), repr(error), chain):
        assert KEY not in text
    for text in (str(settings), repr(settings), settings.model_dump_json()):
        assert KEY not in text


def test_key_from_the_environment_stays_secret() -> None:
    settings = load_settings({}, {"OPENAI_API_KEY": KEY, "EXTRACTOR_BASE_URL": "http://x/v1"})
    assert settings.api_key is not None and settings.api_key.get_secret_value() == KEY
    assert KEY not in repr(settings) and KEY not in settings.model_dump_json()
