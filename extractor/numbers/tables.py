"""Flattened tables: cells a scraper wrote one per line between `|` marks, or a row per line
with space-aligned columns, read back as row label x column header x value.

A statistics table carries no units and no verbs, so the prose slot planner finds none of its
numbers. Here the page's short cells are read as a stream: header cells, then rows made of a
label cell followed by bare numbers. A table needs at least two rows with the same number of
values. Column headers name the measure (单位数, 收入合计) unless they are periods (2019年,
1-6月), which then give each cell's period while the row label names the measure. A growth
column (增速, 同比) is the growth of the amount in the cell before it, as analysts read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractor.normalize import Mention, parse_quantity
from extractor.numbers.clauses import PERIOD_WORDS
from extractor.numbers.slots import Slot
from schemas.common import Quantity

# A bare value; a leading zero (0571, 010) marks a phone or area code, not a value.
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*(?:,\d{3})*)(?:\.\d+)?%?")
_YEAR = re.compile(r"(?:19|20)\d{2}年?")
# A cell is short and has no sentence punctuation; notes (注:1.…。) and prose end a table.
_MAX_CELL = 30
_PROSE = re.compile(r"[。;!?,:]")
_GROWTH_HEADER = re.compile(r"增速|增幅|增长|同比|比上年|比去年|涨幅|降幅|%")
# Sub-headers that only say "the amount" under a parent header (收入合计: 绝对值 | 增速).
_AMOUNT_SUBHEADER = re.compile(r"^(?:绝对值|总量|数值|金额|总额|本期|累计|本月|本年)")
# 收入(亿元), 产量(万吨): a unit in a header's closing brackets; (剔重) is no unit.
_UNIT_IN_HEADER = re.compile(
    r"[((]\s*([^()()]{0,4}(?:元|吨|个|家|%|人|米|公顷|亩|辆|瓦|时|台|件|项|户))\s*[))]$"
)
# 单位:亿元、%: the unit line of a statistics table (its colon is no prose).
_UNIT_LINE = re.compile(r"(?:计量)?单位\s*[::]\s*([^\s,,;;。]{1,12})")
_CODE = re.compile(r"[\d\-:./()]+")
_MIN_ROWS = 2
_MISSING = frozenset({"-", "—", "--", "——", "/", "…", "－"})
_MAX_SPACED_CELL = 14


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str

    @property
    def missing(self) -> bool:
        """-, —, / or …: a value cell the table leaves empty."""
        return self.text in _MISSING

    @property
    def number(self) -> bool:
        return bool(_NUMBER.fullmatch(self.text)) or self.missing


@dataclass
class _Row:
    label: Cell
    values: list[Cell] = field(default_factory=list)


def _cells_of_line(text: str, start: int, end: int) -> list[Cell]:
    """A line's cells: split on bars, or on spaces when the line is a label and numbers."""
    line = text[start:end]
    parts = [(m.start(), m.group()) for m in re.finditer(r"[^|｜]+", line)]
    if len(parts) == 1 and " " in parts[0][1].strip() and not _PROSE.search(line):
        # Space-aligned columns (the cleaner collapsed their runs of spaces to one).
        spaced = [(parts[0][0] + m.start(), m.group()) for m in re.finditer(r"\S+", parts[0][1])]
        if all(len(t) <= _MAX_SPACED_CELL for _, t in spaced):
            parts = spaced
    cells = []
    for offset, part in parts:
        stripped = part.strip()
        if stripped:
            begin = start + offset + part.index(stripped)
            cells.append(Cell(begin, begin + len(stripped), stripped))
    return cells


def page_cells(text: str) -> list[Cell | None]:
    """Every short cell of the page in reading order; None stands for prose (a table's end)."""
    out: list[Cell | None] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        for cell in _cells_of_line(text, pos, end):
            prose = _PROSE.search(cell.text) and not _UNIT_LINE.fullmatch(cell.text)
            short = len(cell.text) <= _MAX_CELL and not prose
            # 0571, 2021-01-27, 18:37: codes, dates and times are no labels and no values.
            code = _CODE.fullmatch(cell.text) and not cell.number
            out.append(cell if short and not code else None)
        pos = end + 1
    return out


def _runs(cells: list[Cell | None]) -> list[list[Cell] | None]:
    """Cells grouped into alternating runs of words and of numbers; None is a prose break."""
    runs: list[list[Cell] | None] = []
    for cell in cells:
        last = runs[-1] if runs else None
        if cell is None:
            runs.append(None)
        elif last and last[-1].number == cell.number:
            last.append(cell)
        else:
            runs.append([cell])
    return runs


def _is_year_run(cells: list[Cell]) -> bool:
    return len(cells) >= 2 and all(_YEAR.fullmatch(c.text) for c in cells)


@dataclass
class _Table:
    header: list[Cell]
    rows: list[_Row] = field(default_factory=list)

    def complete(self) -> bool:
        widths = {len(r.values) for r in self.rows}
        return len(self.rows) >= _MIN_ROWS and len(widths) == 1


def find_tables(text: str) -> list[_Table]:
    """Header cells and rows of every flattened table in text."""
    tables: list[_Table] = []
    current = _Table([])

    def close(header: list[Cell]) -> _Table:
        if current.complete():
            tables.append(current)
        return _Table(header)

    runs = _runs(page_cells(text))
    for i, run in enumerate(runs):
        following = runs[i + 1] if i + 1 < len(runs) else None
        if run is None:
            current = close([])
            continue
        if not run or run[0].number:  # numbers without a label, or a header row already read
            continue
        if not following or not following[0].number:
            current = close(run)  # words without numbers: the next table's header, if any
            continue
        if _is_year_run(following) and not current.rows:
            current.header = run + following  # 指标 2019 2020 2021: a header row
            runs[i + 1] = []
            continue
        if len(run) > 1 or (current.rows and len(current.rows[0].values) != len(following)):
            current = close(run[:-1] if len(run) > 1 else [])
        current.rows.append(_Row(run[-1], following))
    close([])
    return tables


# --- cells to slots --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    header: str
    growth: bool = False


def _is_period(cell: str) -> bool:
    m = PERIOD_WORDS.match(cell)
    return bool(m and m.end() == len(cell)) or bool(_YEAR.fullmatch(cell))


def _columns(header: list[str], width: int) -> tuple[str | None, list[_Column]] | None:
    """(the block's period, one column per value) from the header cells, None if unreadable.

    Cells before the column headers (a title, 2016年上半年, 区域/指标 over the row labels) are
    skipped, the fewest that leave a readable header; the last period among them is the
    block's period.
    """
    for skip in range(len(header)):
        columns = _leaf_columns(header[skip:], width)
        if columns is not None:
            periods = [m.group() for h in header[:skip] for m in PERIOD_WORDS.finditer(h)]
            return (periods[-1] if periods else None), columns
    return None


def _leaf_columns(header: list[str], width: int) -> list[_Column] | None:
    """One column per value; parents spanning sub-columns (收入合计: 绝对值 | 增速) unfolded."""
    parents = [h for h in header if not _is_sub(h)]
    subs = [h for h in header if _is_sub(h)]
    if len(header) == width and not any(_AMOUNT_SUBHEADER.match(h) for h in header):
        return [_Column(h, bool(_GROWTH_HEADER.search(h))) for h in header]
    split = len(parents) + len(subs) - width  # parents spanning sub-columns, the last ones
    if split < 1 or split > len(parents) or len(subs) % split or len(subs) // split < 2:
        return None
    columns = [_Column(h) for h in parents[: len(parents) - split]]
    per = len(subs) // split
    for k, parent in enumerate(parents[len(parents) - split :]):
        for sub in subs[k * per : (k + 1) * per]:
            growth = bool(_GROWTH_HEADER.search(sub))
            columns.append(_Column(f"{parent}{sub}" if growth else parent, growth))
    return columns


def _is_sub(header: str) -> bool:
    return bool(_AMOUNT_SUBHEADER.match(header) or _GROWTH_HEADER.fullmatch(header))


def _table_unit(header: list[str]) -> tuple[list[str], str | None]:
    """The header without its unit line, and the line's amount unit (亿元 of 亿元、%)."""
    units = [m.group(1) for h in header if (m := _UNIT_LINE.fullmatch(h))]
    amounts = [u for line in units for u in re.split(r"[、/,]", line) if u and u != "%"]
    return [h for h in header if not _UNIT_LINE.fullmatch(h)], (amounts[0] if amounts else None)


def _value(cell: Cell, header: str, table_unit: str | None) -> Mention:
    found = _UNIT_IN_HEADER.search(header)
    unit = found.group(1) if found else table_unit
    quantity = parse_quantity(cell.text + unit) if unit and "%" not in cell.text else None
    if quantity is None:
        quantity = Quantity(value=float(cell.text.rstrip("%").replace(",", "")))
        if cell.text.endswith("%"):
            quantity.unit = quantity.unit_as_written = "%"
    return Mention(cell.start, cell.end, cell.text, "quantity", quantity)


_BRACKET_NOTE = re.compile(r"\s*[((][^()()]{1,8}[))]$")


def _label(text: str) -> str:
    """A header or row label without its bracketed unit or note (收入(亿元), 合计(剔重))."""
    return _BRACKET_NOTE.sub("", text).strip() or text


def _cell_slot(
    row: _Row, k: int, columns: list[_Column], unit: str | None, period: str | None
) -> Slot:
    """The slot of row's k-th value, its growth taken from the growth column after it."""
    cell, column = row.values[k], columns[k]
    after = row.values[k + 1] if k + 1 < len(columns) and columns[k + 1].growth else None
    growth = (after.start, after.end) if after is not None and not after.missing else None
    if _is_period(column.header):  # years as columns: the row names the measure
        name, subject, period, header = row.label.text, None, column.header, row.label.text
    elif _is_period(row.label.text):  # years as rows: the column names the measure
        name, subject, period, header = column.header, None, row.label.text, column.header
    else:
        name, subject, header = column.header, _label(row.label.text), column.header
    return Slot(
        id=0,
        value=_value(cell, header, unit),
        growth=growth,
        period=period,
        name=_label(name),
        subject=subject,
        cell=True,
    )


def _table_slots(table: _Table, first_id: int) -> list[Slot]:
    width = len(table.rows[0].values)
    header, unit = _table_unit([c.text for c in table.header])
    read = _columns(header, width)
    if read is None:
        return []
    period, columns = read
    slots: list[Slot] = []
    for row in table.rows:
        for k, (cell, column) in enumerate(zip(row.values, columns, strict=True)):
            if cell.missing or (column.growth and k and not columns[k - 1].growth):
                continue  # no data, or a growth read with the amount before it
            slot = _cell_slot(row, k, columns, unit, period)
            slots.append(replace(slot, id=first_id + len(slots)))
    return slots


def table_slots(text: str, first_id: int = 1) -> list[Slot]:
    """A slot for each value cell of the flattened tables of text (cleaned article text).

    Each slot carries its period and a name (and subject) read from the row and column
    headers; spans are offsets in text, like the prose slots'.
    """
    slots: list[Slot] = []
    for table in find_tables(text):
        slots.extend(_table_slots(table, first_id + len(slots)))
    return slots
