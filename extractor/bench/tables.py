"""Printing the bench: rich tables on a terminal, aligned Markdown in a log or a pipe.

Off a terminal rich assumes 80 columns and folds a wide table into boxes nobody can read, so
there each table becomes one Markdown line per row that never wraps.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.table import Column, Table


def depth_table(result: dict) -> Table:
    table = Table("prompt depth", "prompt tok/s", "generation depth", "generation tok/s",
                  title="engine rates by context depth")  # fmt: skip
    for point in result["engine"]["depths"]:
        table.add_row(
            str(point["prompt_tokens"]), f"{point['prompt_per_second']:.1f}",
            f"{point['generation_depth']:.0f}", f"{point['generation_per_second']:.1f}",
        )  # fmt: skip
    return table


def article_table(result: dict) -> Table:
    # A narrow terminal folds the article id over lines rather than cutting it or the depths.
    article = Column("article", overflow="fold")
    depth = Column("depth p/g", no_wrap=True, min_width=9)
    table = Table(article, "calls", "prompt", "read", "output", depth, "wall s", "engine s",
                  "ratio", title="articles, cold cache")  # fmt: skip
    for a in result["articles"]:
        table.add_row(
            a["doc_id"], str(a["calls"]), str(a["prompt_tokens"]), str(a["prompt_tokens_read"]),
            str(a["completion_tokens"]), f"{a['prompt_depth']}/{a['generation_depth']}",
            f"{a['wall_seconds']:.1f}", f"{a['engine_seconds_needed']:.1f}",
            f"{a['ratio']:.3f}" if a["ratio"] else "-",
        )  # fmt: skip
    t = result["totals"]
    table.add_row(
        "TOTAL", str(t["calls"]), str(t["prompt_tokens"]), str(t["prompt_tokens_read"]),
        str(t["completion_tokens"]), "", f"{t['wall_seconds']:.1f}",
        f"{t['engine_seconds_needed']:.1f}", f"{t['ratio']:.3f}" if t["ratio"] else "-",
    )  # fmt: skip
    return table


def cleaning_table(result: dict) -> Table:
    table = Table("article", "raw tokens", "clean tokens", "removed", title="cleaning")
    for c in result["cleaning"]:
        removed = 1 - c["clean_tokens"] / c["raw_tokens"] if c["raw_tokens"] else 0.0
        table.add_row(c["doc_id"], str(c["raw_tokens"]), str(c["clean_tokens"]), f"{removed:.0%}")
    return table


def concurrency_table(check: dict) -> Table:
    table = Table("slots", "concurrency", "articles", "wall s", "output tok/s", "articles/min",
                  title=f"concurrency check on {', '.join(check['doc_ids'])} (cold)")  # fmt: skip
    for run in check["runs"]:
        table.add_row(
            str(run["slots"]), str(run["concurrency"]), f"{run['ok']}/{run['articles']}",
            f"{run['wall_seconds']:.1f}", _num(run["output_tokens_per_second"], 1),
            _num(run["articles_per_minute"], 2),
        )  # fmt: skip
    return table


def _num(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def markdown(table: Table) -> str:
    """The table as aligned Markdown: a title line, a header row, a rule, one line per row."""
    headers = [str(c.header) for c in table.columns]
    cells = [[str(cell) for cell in c.cells] for c in table.columns]
    rows = [list(row) for row in zip(*cells, strict=True)]
    widths = [
        max(cell_len(text) for text in [h, *column])
        for h, column in zip(headers, cells, strict=True)
    ]

    def line(texts: list[str]) -> str:
        padded = [
            text + " " * (width - cell_len(text)) for text, width in zip(texts, widths, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    lines = [f"{table.title}:"] if table.title else []
    lines += [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [line(row) for row in rows]
    return "\n".join(lines)


def show(console: Console, table: Table) -> None:
    if console.is_terminal:
        console.print(table)
    else:
        console.print(markdown(table), markup=False, highlight=False, soft_wrap=True)
        console.print()


def say(console: Console, text: str) -> None:
    """A line of prose that a log keeps on one line."""
    console.print(text, soft_wrap=not console.is_terminal)


def print_bench(result: dict, console: Console) -> None:
    show(console, depth_table(result))
    say(
        console,
        "engine time per article uses the rates at its mean prompt per call (p) and at that "
        "plus half its mean output per call (g)",
    )
    show(console, article_table(result))
    show(console, cleaning_table(result))
    say(
        console,
        f"cold {result['cold_seconds']:.1f}s, warm {result['warm_seconds']:.2f}s "
        f"({result['warm_calls']} calls); peak RSS extractor "
        f"{result['extractor_peak_rss_mb']:.0f} MB, "
        f"server {_num(result['server_peak_rss_mb'], 0)} MB",
    )
    check = result.get("concurrency")
    if check:
        show(console, concurrency_table(check))
        articles = _num(check["articles_per_minute_ratio"], 2)
        tokens = _num(check["output_tokens_per_second_ratio"], 2)
        say(console, f"2 slots / 1 slot throughput: articles/min x{articles}, tok/s x{tokens}")


def comparison_table(result: dict) -> Table:
    table = Table("article", "calls", "prompt", "output", "calls'", "prompt'", "output'",
                  title="model work per article: before -> after (')")  # fmt: skip
    rows = [(a["doc_id"], a["before"], a["after"]) for a in result["articles"]]
    rows.append(("TOTAL", result["totals"]["before"], result["totals"]["after"]))
    fields = ("calls", "prompt_tokens", "completion_tokens")
    for doc_id, old, new in rows:
        table.add_row(doc_id, *(str(side[f]) for side in (old, new) for f in fields))
    ratio = result["ratio"]
    table.add_row("after/before", "", "", "", *(str(ratio[f]) for f in fields))
    return table
