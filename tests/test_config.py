from pathlib import Path

from extractor.config import load_settings


def test_flags_beat_extractor_env_beat_openai_env_beat_defaults() -> None:
    env = {
        "OPENAI_BASE_URL": "http://openai-env/v1",
        "OPENAI_API_KEY": "sk-openai-env",
        "EXTRACTOR_MODEL": "env-model",
        "EXTRACTOR_CONCURRENCY": "3",
    }
    s = load_settings({"concurrency": 5}, environ=env)
    assert s.base_url == "http://openai-env/v1"
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-openai-env"
    assert s.model == "env-model"
    assert s.concurrency == 5

    env["EXTRACTOR_BASE_URL"] = "http://extractor-env/v1"
    assert load_settings({}, environ=env).base_url == "http://extractor-env/v1"
    assert load_settings({"base_url": "http://flag/v1"}, environ=env).base_url == "http://flag/v1"


def test_defaults_use_embedded_llama_cpp_and_home_cache() -> None:
    s = load_settings({}, environ={"EXTRACTOR_HOME": "/tmp/xh"})
    assert s.embedded and s.resolved_kind == "llama.cpp"
    assert s.responses_dir == Path("/tmp/xh/responses")
    assert s.use_cache


def test_endpoint_kind_auto_detection() -> None:
    assert load_settings({"base_url": "https://api.openai.com/v1"}, {}).resolved_kind == "openai"
    assert load_settings({"base_url": "http://x:8000/v1"}, {}).resolved_kind == "generic"
    s = load_settings({"base_url": "http://x:8000/v1", "endpoint_kind": "vllm"}, {})
    assert s.resolved_kind == "vllm"


def test_api_key_is_hidden_in_repr_and_dumps() -> None:
    s = load_settings({"api_key": "sk-very-secret"}, environ={})
    assert "sk-very-secret" not in repr(s)
    assert "sk-very-secret" not in s.model_dump_json()


def test_endpoint_kinds_come_from_one_registry() -> None:
    import click
    import pytest
    from pydantic import ValidationError

    from extractor import endpoint_kinds
    from extractor.cli.options import endpoint_options

    assert endpoint_kinds.choices() == ("auto", "llama.cpp", "vllm", "openai", "generic")
    assert endpoint_kinds.lookup("vllm").mode == "json_schema_mode"
    assert endpoint_kinds.lookup("openai").mode == "tool_call"
    assert endpoint_kinds.detect(None).name == "llama.cpp"
    assert endpoint_kinds.detect("https://api.openai.com/v1").name == "openai"
    assert endpoint_kinds.detect("http://gpu-box:8000/v1").name == "generic"
    with pytest.raises(ValidationError, match=r"'auto', 'llama\.cpp'"):
        load_settings({"endpoint_kind": "tgi"}, {})
    with pytest.raises(ValueError, match="unknown endpoint kind"):
        endpoint_kinds.lookup("tgi")

    command = endpoint_options(click.command()(lambda **kw: None))
    option = next(p for p in command.params if p.name == "endpoint_kind")
    assert tuple(option.type.choices) == endpoint_kinds.choices()


def test_every_kind_has_an_instructor_mode() -> None:
    import instructor

    from extractor import endpoint_kinds

    for name in endpoint_kinds.names():
        instructor.Mode(endpoint_kinds.lookup(name).mode)
