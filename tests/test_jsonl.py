from extractor.jsonl import read_json_lines, split_lines


def test_lines_split_on_newline_only_and_keep_their_numbers(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"a": "x\u2028y\x85z"}\n\n{"b": 2}\n{"c": ', encoding="utf-8")
    lines = list(read_json_lines(path))
    assert [line.number for line in lines] == [1, 3, 4]
    assert lines[0].value == {"a": "x\u2028y\x85z"} and lines[0].text.endswith("\n")
    assert lines[1].value == {"b": 2}
    assert lines[2].error and lines[2].value is None and lines[2].text == '{"c": '


def test_blank_text_has_no_lines():
    assert list(split_lines("")) == []
    assert list(split_lines(" \n\n")) == []
