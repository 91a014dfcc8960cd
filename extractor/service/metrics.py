"""Counters and histograms written in the Prometheus text exposition format (version 0.0.4).

Hand-written because prometheus_client is not a dependency and the service needs only a
handful of series; everything is guarded by one lock since extraction threads record too.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict

from schemas.record import ExtractionRecord

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# Seconds: probes and cached answers take milliseconds, a model call on CPU minutes.
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600)
# A CPU model takes minutes per article; a cached one milliseconds.
ARTICLE_BUCKETS = (0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800)

Labels = tuple[tuple[str, str], ...]


class Histogram:
    """Cumulative buckets, sum and count per label set."""

    def __init__(self, buckets: tuple[float, ...]):
        self.buckets = buckets
        self.counts: dict[Labels, list[int]] = defaultdict(lambda: [0] * (len(buckets) + 1))
        self.sums: dict[Labels, float] = defaultdict(float)

    def observe(self, labels: Labels, value: float) -> None:
        self.counts[labels][bisect.bisect_left(self.buckets, value)] += 1
        self.sums[labels] += value


def _labels(labels: Labels, extra: tuple[str, str] | None = None) -> str:
    items = [*labels, extra] if extra else list(labels)
    if not items:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in items) + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class Metrics:
    """The service's series; render() gives the /metrics page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[Labels, int] = defaultdict(int)
        self.request_seconds = Histogram(REQUEST_BUCKETS)
        self.articles: dict[Labels, int] = defaultdict(int)
        self.article_seconds = Histogram(ARTICLE_BUCKETS)
        self.model_calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cache_hits = 0
        self.errors: dict[Labels, int] = defaultdict(int)
        self.in_flight = 0

    def request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(("method", method), ("route", route), ("status", str(status)))] += 1
            self.request_seconds.observe((("route", route),), seconds)
            if status >= 500:
                self.errors[(("kind", "http_5xx"),)] += 1

    def article_started(self) -> None:
        with self._lock:
            self.in_flight += 1

    def article_finished(self, record: ExtractionRecord | None, source: str) -> None:
        """Count one finished extraction (source: extract or job); None if it raised."""
        with self._lock:
            self.in_flight -= 1
            if record is None:
                self.errors[(("kind", "internal"),)] += 1
                return
            usage = record.usage
            self.articles[(("source", source), ("status", record.status))] += 1
            self.article_seconds.observe((("source", source),), record.seconds)
            self.model_calls += usage.calls
            self.prompt_tokens += usage.prompt_tokens
            self.completion_tokens += usage.completion_tokens
            self.cache_hits += usage.cached_passes
            if record.status == "error":
                self.errors[(("kind", "article"),)] += 1

    def render(self) -> str:
        with self._lock:
            out: list[str] = []
            _counter(out, "extractor_http_requests_total", "HTTP requests by route and status.",
                     self.requests)  # fmt: skip
            _histogram(out, "extractor_http_request_duration_seconds",
                       "HTTP request latency by route.", self.request_seconds)  # fmt: skip
            _counter(out, "extractor_articles_total", "Articles extracted, by source and status.",
                     self.articles)  # fmt: skip
            _histogram(out, "extractor_article_extraction_seconds",
                       "Wall time of one article's extraction.", self.article_seconds)  # fmt: skip
            _counter(out, "extractor_model_calls_total",
                     "HTTP requests made to the model endpoint (retries and re-asks included).",
                     {(): self.model_calls})  # fmt: skip
            _counter(out, "extractor_prompt_tokens_total", "Prompt tokens the endpoint reported.",
                     {(): self.prompt_tokens})  # fmt: skip
            _counter(out, "extractor_completion_tokens_total",
                     "Completion tokens the endpoint reported.",
                     {(): self.completion_tokens})  # fmt: skip
            _counter(
                out,
                "extractor_cache_hits_total",
                "Model answers served from the response cache.",
                {(): self.cache_hits},
            )
            _counter(out, "extractor_errors_total",
                     "Errors: articles that ended in an error record, and HTTP 5xx answers.",
                     self.errors or {(("kind", "article"),): 0})  # fmt: skip
            out.append("# HELP extractor_articles_in_flight Articles being extracted now.")
            out.append("# TYPE extractor_articles_in_flight gauge")
            out.append(f"extractor_articles_in_flight {self.in_flight}")
            return "\n".join(out) + "\n"


def _counter(out: list[str], name: str, help_text: str, values: dict[Labels, int]) -> None:
    out.append(f"# HELP {name} {help_text}")
    out.append(f"# TYPE {name} counter")
    for labels, value in sorted(values.items()):
        out.append(f"{name}{_labels(labels)} {_number(value)}")


def _histogram(out: list[str], name: str, help_text: str, hist: Histogram) -> None:
    out.append(f"# HELP {name} {help_text}")
    out.append(f"# TYPE {name} histogram")
    for labels, counts in sorted(hist.counts.items()):
        running = 0
        for bound, count in zip(hist.buckets, counts, strict=False):
            running += count
            out.append(f"{name}_bucket{_labels(labels, ('le', _number(bound)))} {running}")
        running += counts[-1]
        out.append(f"{name}_bucket{_labels(labels, ('le', '+Inf'))} {running}")
        out.append(f"{name}_sum{_labels(labels)} {_number(round(hist.sums[labels], 6))}")
        out.append(f"{name}_count{_labels(labels)} {running}")
