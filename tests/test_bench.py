"""The bench's arithmetic: depth-aware engine rates, per-article engine time, tables, JSON."""

from __future__ import annotations

import json

import httpx2
import pytest

from extractor.bench.measure import (
    DepthRate,
    call_depths,
    engine_need,
    generation_rate_at,
    interpolate,
    measure_depths,
    prompt_rate_at,
)
from extractor.bench.run import (
    BenchOptionError,
    article_row,
    concurrency_pages,
    concurrency_summary,
    throughput,
    totals_of,
)
from extractor.bench.tables import article_table, concurrency_table, depth_table
from extractor.config import Settings
from extractor.page.load import Page
from schemas.record import ExtractionRecord, Usage

# Prompt rate falls 60 -> 40 tok/s from 500 to 2500 tokens; generation 16 -> 12 tok/s, at
# generation depths 600 and 2600 (prompt + half of 200 generated tokens).
RATES = [
    DepthRate(prompt_tokens=500, prompt_per_second=60.0, generated_tokens=200,
              generation_per_second=16.0),
    DepthRate(prompt_tokens=2500, prompt_per_second=40.0, generated_tokens=200,
              generation_per_second=12.0),
]  # fmt: skip


def _record(doc_id: str = "a", seconds: float = 100.0, **usage: int) -> ExtractionRecord:
    return ExtractionRecord(doc_id=doc_id, status="ok", usage=Usage(**usage), seconds=seconds)


def test_interpolate_is_exact_at_points_linear_between_and_clamped_outside() -> None:
    points = [(2048, 40.0), (512, 60.0), (4096, 30.0)]  # order does not matter
    assert interpolate(points, 512) == 60.0
    assert interpolate(points, 2048) == 40.0
    assert interpolate(points, 4096) == 30.0
    assert interpolate(points, 1280) == pytest.approx(50.0)
    assert interpolate(points, 3072) == pytest.approx(35.0)
    assert interpolate(points, 0) == 60.0
    assert interpolate(points, 100_000) == 30.0


def test_interpolate_with_one_point_is_constant_and_needs_a_point() -> None:
    assert interpolate([(1024, 50.0)], 10) == 50.0
    assert interpolate([(1024, 50.0)], 9999) == 50.0
    with pytest.raises(ValueError):
        interpolate([], 1)


def test_rates_are_read_at_prompt_depth_and_generation_depth() -> None:
    assert RATES[0].generation_depth == 600
    assert prompt_rate_at(RATES, 1500) == pytest.approx(50.0)
    assert generation_rate_at(RATES, 1600) == pytest.approx(14.0)
    assert generation_rate_at(RATES, 1500) == pytest.approx(14.2)
    assert prompt_rate_at(RATES, 10) == 60.0
    assert generation_rate_at(RATES, 9000) == 12.0


def test_call_depths_are_per_call_means() -> None:
    usage = Usage(calls=3, prompt_tokens=4500, completion_tokens=600)
    assert call_depths(usage) == (1500.0, 1600.0)
    assert call_depths(Usage()) == (0.0, 0.0)


def test_engine_time_reads_only_uncached_tokens_at_the_articles_depth() -> None:
    # 3 calls of 1500 prompt tokens, 1500 of them reused from the prompt cache.
    usage = Usage(calls=3, prompt_tokens=4500, cached_prompt_tokens=1500, completion_tokens=600)
    need = engine_need(usage, RATES)
    assert need.prompt_depth == 1500
    assert need.generation_depth == 1600
    assert need.prompt_tokens_read == 3000
    assert need.prompt_per_second == pytest.approx(50.0)
    assert need.generation_per_second == pytest.approx(14.0)
    assert need.seconds == pytest.approx(3000 / 50 + 600 / 14)


def test_article_row_and_totals() -> None:
    short = _record("short", 20.0, calls=2, prompt_tokens=800, cached_prompt_tokens=200,
                    completion_tokens=100)  # fmt: skip
    long = _record("long", 300.0, calls=3, prompt_tokens=9000, cached_prompt_tokens=3000,
                   completion_tokens=1200)  # fmt: skip
    rows = [article_row(r, RATES) for r in (short, long)]
    first = rows[0]
    # depth 400 and 425: both below the first point, so its rates apply.
    assert (first["prompt_depth"], first["generation_depth"]) == (400, 425)
    assert first["prompt_tokens_read"] == 600
    assert first["engine_seconds_needed"] == pytest.approx(600 / 60 + 100 / 16, abs=0.01)
    assert first["ratio"] == pytest.approx(20.0 / (600 / 60 + 100 / 16), abs=0.001)
    second = rows[1]
    assert (second["prompt_depth"], second["generation_depth"]) == (3000, 3200)
    assert second["engine_seconds_needed"] == pytest.approx(6000 / 40 + 1200 / 12, abs=0.01)

    totals = totals_of(rows)
    assert totals["calls"] == 5
    assert totals["prompt_tokens_read"] == 6600
    assert totals["wall_seconds"] == 320.0
    needed = first["engine_seconds_needed"] + second["engine_seconds_needed"]
    assert totals["engine_seconds_needed"] == pytest.approx(needed)
    assert totals["ratio"] == pytest.approx(320.0 / needed, abs=0.001)


def test_article_without_calls_has_no_ratio() -> None:
    row = article_row(_record(seconds=0.01), RATES)
    assert row["engine_seconds_needed"] == 0
    assert row["ratio"] is None
    assert totals_of([row])["ratio"] is None


def _result() -> dict:
    articles = [
        article_row(_record("a", 50.0, calls=3, prompt_tokens=3000, completion_tokens=300), RATES)
    ]
    both = [_record("a", completion_tokens=600), _record("b", completion_tokens=600)]
    runs = [throughput(1, 120.0, both), throughput(2, 80.0, both)]
    return {
        "engine": {"depths": [r.as_json() for r in RATES]},
        "articles": articles,
        "totals": totals_of(articles),
        "concurrency": concurrency_summary(["a", "b"], runs),
    }


def test_results_json_shape_round_trips() -> None:
    result = json.loads(json.dumps(_result()))
    point = result["engine"]["depths"][1]
    assert point == {
        "prompt_tokens": 2500,
        "prompt_per_second": 40.0,
        "generated_tokens": 200,
        "generation_per_second": 12.0,
        "generation_depth": 2600,
    }
    article = result["articles"][0]
    assert {"prompt_depth", "generation_depth", "prompt_per_second", "generation_per_second",
            "engine_seconds_needed", "ratio"} <= article.keys()  # fmt: skip
    assert result["totals"]["ratio"] == article["ratio"]


def test_concurrency_summary_compares_two_slots_with_one() -> None:
    check = _result()["concurrency"]
    one, two = check["runs"]
    assert (one["slots"], one["concurrency"], two["slots"], two["concurrency"]) == (1, 1, 2, 2)
    assert one["output_tokens_per_second"] == 10.0
    assert one["articles_per_minute"] == 1.0
    assert two["output_tokens_per_second"] == 15.0
    assert two["articles_per_minute"] == 1.5
    assert check["articles_per_minute_ratio"] == 1.5
    assert check["output_tokens_per_second_ratio"] == 1.5


def test_tables_show_depths_articles_and_concurrency() -> None:
    result = _result()
    depths = depth_table(result)
    assert depths.row_count == 2
    assert depths.columns[0].header == "prompt depth"
    articles = article_table(result)
    assert "depth p/g" in [c.header for c in articles.columns]
    assert articles.row_count == 2  # one article and TOTAL
    depth_column = next(c for c in articles.columns if c.header == "depth p/g")
    assert next(iter(depth_column.cells)) == "1000/1050"
    assert concurrency_table(result["concurrency"]).row_count == 2


PAGES = [Page("000_long", "x" * 900), Page("001_short", "x" * 100), Page("002_mid", "x" * 500)]


def test_concurrency_pages_default_to_the_two_shortest() -> None:
    picked = concurrency_pages(Settings(), PAGES)
    assert [p.doc_id for p in picked] == ["001_short", "002_mid"]


def test_concurrency_pages_by_id_or_prefix() -> None:
    picked = concurrency_pages(Settings(), PAGES, ["000", "002_mid"])
    assert [p.doc_id for p in picked] == ["000_long", "002_mid"]
    with pytest.raises(BenchOptionError, match="names 3"):
        concurrency_pages(Settings(), PAGES, ["00"])
    with pytest.raises(BenchOptionError, match="names 0"):
        concurrency_pages(Settings(), PAGES, ["nope"])


def test_concurrency_check_needs_the_embedded_server() -> None:
    with pytest.raises(BenchOptionError, match="embedded"):
        concurrency_pages(Settings(base_url="http://example.invalid/v1"), PAGES)


def test_measure_depths_reads_the_servers_timings_without_prompt_cache() -> None:
    bodies: list[dict] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        if request.url.path == "/tokenize":
            return httpx2.Response(200, json={"tokens": list(range(100))})
        bodies.append(body)
        n = len(body["prompt"])
        if n > 3000:  # a server whose context is too small for this depth
            return httpx2.Response(400, json={"error": "context exceeded"})
        timings = {
            "prompt_n": n,
            "prompt_per_second": 100 - n / 100,
            "predicted_n": body["n_predict"],
            "predicted_per_second": 20 - n / 1000,
        }
        return httpx2.Response(200, json={"timings": timings})  # fmt: skip

    rates = measure_depths(
        "http://server", "text", [2048, 512, 4096], 128, transport=httpx2.MockTransport(handle)
    )
    assert [r.prompt_tokens for r in rates] == [512, 2048]
    assert rates[1].generation_depth == 2048 + 64
    assert rates[0].prompt_per_second == pytest.approx(100 - 5.12)
    measured = bodies[1:]  # the first request only warms the server up
    assert [len(b["prompt"]) for b in measured] == [512, 2048, 4096]
    for body in measured:
        assert body["cache_prompt"] is False
        assert body["ignore_eos"] is True
        assert body["temperature"] == 0
        assert body["n_predict"] == 128


def test_tables_in_a_log_are_markdown_lines_that_never_wrap() -> None:
    import io

    from rich.console import Console

    from extractor.bench.tables import print_bench

    result = _result()
    long_id = "000_df95dfb019ecf541_" + "x" * 60
    result["articles"][0]["doc_id"] = long_id
    result.update(cleaning=[{"doc_id": long_id, "raw_tokens": 4000, "clean_tokens": 3000}],
                  cold_seconds=50.0, warm_seconds=0.5, warm_calls=0,
                  extractor_peak_rss_mb=200.0, server_peak_rss_mb=None)  # fmt: skip
    log = io.StringIO()
    print_bench(result, Console(file=log, width=80))  # not a terminal, 80 columns
    lines = log.getvalue().splitlines()
    assert not any(ch in log.getvalue() for ch in "┏━┃│└╇")
    rows = [ln for ln in lines if ln.startswith("| ")]
    article = next(ln for ln in rows if long_id in ln)
    assert article.split(" | ")[5:6] == ["1000/1050"]  # one article, one line, all columns
    # Every row of a table has the header's width, so the columns line up.
    header = next(i for i, ln in enumerate(lines) if ln.startswith("| article ") and "calls" in ln)
    assert len({len(ln) for ln in lines[header : header + 4]}) == 1
    assert "engine rates by context depth:" in lines
    assert any(ln.startswith("engine time per article uses the rates") and ln.endswith("(g)")
               for ln in lines)  # fmt: skip


def test_tables_on_a_terminal_stay_rich() -> None:
    import io

    from rich.console import Console

    from extractor.bench.tables import show

    screen = io.StringIO()
    show(Console(file=screen, width=100, force_terminal=True), depth_table(_result()))
    assert "┃" in screen.getvalue() or "│" in screen.getvalue()
