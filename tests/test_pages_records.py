import json
from pathlib import Path

from extractor.page.load import load_pages
from extractor.pipeline.output import OutputFile
from schemas.record import ExtractionRecord


def test_files_directories_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("甲文章", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("乙文章".encode("gbk"))
    lines = [json.dumps({"id": "j1", "text": "丙"}), "{broken", json.dumps({"id": "j2"})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "d.bin").write_bytes(b"\x00\x01")  # not a text suffix: ignored in a directory
    pages = {p.doc_id: p for p in load_pages([tmp_path])}
    assert pages["a"].text == "甲文章"
    assert pages["b"].text == "乙文章" and pages["b"].encoding == "gb18030"
    assert pages["j1"].text == "丙"
    assert pages["c-2"].load_error and "bad JSONL" in pages["c-2"].load_error
    assert pages["j2"].load_error
    assert "d" not in pages


def test_binary_file_named_explicitly_gets_a_load_error(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_bytes(b"\x89PNG\x00\x00")
    (page,) = load_pages([f])
    assert page.load_error and "binary" in page.load_error


def _record(doc_id: str, status: str = "ok") -> ExtractionRecord:
    return ExtractionRecord(doc_id=doc_id, status=status, error=None if status == "ok" else "x")


def test_output_resume_keeps_ok_drops_errors_and_broken_tail(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    out = OutputFile(path)
    out.append(_record("a"))
    out.append(_record("b", "error"))
    out.append(_record("c"))
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"doc_id": "d", "status": "o')  # a crash mid-line
    again = OutputFile(path)
    assert set(again.done) == {"a", "c"}
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["a", "c"]
