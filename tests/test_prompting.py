import json

import pytest

from extractor.ask import prompts as prompting
from extractor.ask.prompts import PASSES, build_request, describe_fields


def test_article_first_instruction_last_and_shared_prefix() -> None:
    article = "某某经开区2023年实现产值100亿元。"
    requests = [build_request(article, p) for p in PASSES]
    for r in requests:
        assert r.messages[0]["role"] == "system"
        user = r.messages[1]["content"]
        assert user.index(article) < user.index("任务")
    # Every pass starts with the same system prompt and article: the server reuses it.
    prefixes = {
        r.messages[0]["content"] + r.messages[1]["content"].split("任务")[0] for r in requests
    }
    assert len(prefixes) == 1


def test_field_descriptions_come_from_schema_docstrings() -> None:
    text = describe_fields(PASSES[1].response_model)
    assert "name: Named companies" not in text
    assert "organizations:" in text and "role: Its role in the article" in text


def test_examples_in_templates_are_valid_answers() -> None:
    for p in PASSES[1:]:  # the indicators pass answers a per-article model (see test_slots)
        instruction = build_request("x", p).messages[1]["content"]
        line = next((ln for ln in instruction.splitlines() if ln.startswith("{")), None)
        assert line is not None, p.name
        p.response_model.model_validate(json.loads(line))


def test_template_edit_changes_prompt_version(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = prompting.prompt_version()
    copy = tmp_path / prompting.TEMPLATE_SET
    copy.mkdir()
    for f in (prompting.PROMPTS_DIR / prompting.TEMPLATE_SET).glob("*.md"):
        (copy / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(prompting, "PROMPTS_DIR", tmp_path)
    caches = (prompting.prompt_version, prompting.pass_version, prompting._template)
    for c in caches:
        c.cache_clear()
    events_before = prompting.pass_version("events")
    indicators_before = prompting.pass_version("indicators")
    try:
        assert prompting.prompt_version() == before
        (copy / "events.md").write_text("changed", encoding="utf-8")
        for c in caches:
            c.cache_clear()
        assert prompting.prompt_version() != before
        assert prompting.pass_version("events") != events_before
        # Other passes keep their version, and so their cached answers.
        assert prompting.pass_version("indicators") == indicators_before
    finally:
        for c in caches:
            c.cache_clear()
