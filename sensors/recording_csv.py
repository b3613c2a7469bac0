"""Reading a recording CSV (``t,ax,ay,az`` in seconds and g, optional ``gx,gy,gz`` and ``hr``).

Every problem with the file is a :class:`RecordingError` with one line that says what is wrong
and where (the line number), so the command line can show it as it is. Lines starting with
``#`` before the header are comments (fixtures carry their attribution there).

numpy is imported when a file is read, not when this module is.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

REQUIRED = ("t", "ax", "ay", "az")
GYRO = ("gx", "gy", "gz")
HEART = "hr"
MIN_SECONDS = 2.0
MIN_SAMPLES = 10
MIN_RATE_HZ = 5.0
MAX_RATE_HZ = 2000.0
STANDARD_GRAVITY = 9.80665


class RecordingError(ValueError):
    """The file cannot be analysed; the message is one line for the person who gave it."""


@dataclass(frozen=True, slots=True)
class Recording:
    path: str
    t_s: npt.NDArray[np.float64]
    acc_g: npt.NDArray[np.float64]
    """Shape (n, 3)."""
    gyro_dps: npt.NDArray[np.float64] | None
    """Shape (n, 3), when the file has ``gx,gy,gz``."""
    hr_bpm: npt.NDArray[np.float64] | None
    """Shape (n,), NaN on rows without a heart rate, when the file has ``hr``."""

    @property
    def duration_s(self) -> float:
        return float(self.t_s[-1] - self.t_s[0])

    @property
    def rate_hz(self) -> float:
        """The sensor's rate: from the median interval between samples, so that a gap (a
        session paused, or resumed later) does not lower it as samples over the whole span
        would (a 200 Hz recording with a 24 s gap read as 141 Hz)."""
        import numpy as np

        return 1.0 / float(np.median(np.diff(self.t_s)))


def read_recording(path: Path, *, rate_hz: float | None = None) -> Recording:
    """Read and check a recording. With ``rate_hz`` the samples are taken as evenly spaced at
    that rate from the first time (for times that are packet arrivals, which bunch up)."""
    import numpy as np

    name = path.name
    if rate_hz is not None and not MIN_RATE_HZ <= rate_hz <= MAX_RATE_HZ:
        raise RecordingError(f"--rate {rate_hz:g} Hz is out of range; give 5 to 2000")
    try:
        handle = path.open(newline="", encoding="utf-8")
    except FileNotFoundError:
        raise RecordingError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordingError(f"{path} is a folder; give a recording CSV file") from None
    except OSError as error:
        raise RecordingError(f"{path}: cannot read it ({error.strerror})") from None
    with handle:
        try:
            rows = _rows(handle)
            columns = _header(rows, name)
            values, hr, lines = _values(rows, columns, name)
        except UnicodeDecodeError:
            raise RecordingError(f"{name} is not a text CSV file") from None
        except csv.Error as error:
            raise RecordingError(f"{name}: not readable as CSV ({error})") from None
    if len(values) < MIN_SAMPLES:
        raise RecordingError(
            f"{name} has {len(values)} sample{'' if len(values) == 1 else 's'}; "
            f"analysis needs at least {MIN_SAMPLES}"
        )
    data = np.asarray(values, dtype=np.float64)
    t = data[:, 0]
    _check_times(t, lines, name, evenly_spaced=rate_hz is not None)
    if rate_hz is not None:
        t = _respace(t, rate_hz, name)
    duration = float(t[-1] - t[0])
    if duration < MIN_SECONDS:
        raise RecordingError(
            f"{name} holds {duration:.1f} s of data; analysis needs at least {MIN_SECONDS:g} s"
        )
    acc = data[:, 1:4]
    _check_units(acc, name)
    gyro = data[:, 4:7] if "gx" in columns else None
    hr_bpm = np.asarray(hr, dtype=np.float64) if HEART in columns else None
    return Recording(str(path), t, acc, gyro, hr_bpm)


def _rows(handle: object) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(handle)  # type: ignore[arg-type]
    for row in reader:
        if row and any(cell.strip() for cell in row):
            yield reader.line_num, row


def _header(rows: Iterator[tuple[int, list[str]]], name: str) -> dict[str, int]:
    for line, row in rows:
        if row[0].lstrip().startswith("#"):
            continue
        names = [cell.strip().lower() for cell in row]
        if _is_number(names[0]):
            raise RecordingError(
                f"{name}: line {line} is data, but the first row must be a header "
                f"naming the columns: {','.join(REQUIRED)}"
            )
        repeated = sorted({n for n in names if names.count(n) > 1 and n})
        if repeated:
            raise RecordingError(f"{name}: column {repeated[0]} appears twice in the header")
        columns = {n: i for i, n in enumerate(names)}
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise RecordingError(
                f"{name}: no column {', '.join(missing)} in the header; "
                f"a recording needs {','.join(REQUIRED)} (t in s, acceleration in g)"
            )
        gyro = [c for c in GYRO if c in columns]
        if gyro and len(gyro) < len(GYRO):
            raise RecordingError(
                f"{name}: gyro columns need all of gx,gy,gz; found {','.join(gyro)}"
            )
        return columns
    raise RecordingError(f"{name} is empty; expected a header row {','.join(REQUIRED)} and data")


def _values(
    rows: Iterator[tuple[int, list[str]]], columns: dict[str, int], name: str
) -> tuple[list[list[float]], list[float], list[int]]:
    wanted = list(REQUIRED) + (list(GYRO) if "gx" in columns else [])
    at = [columns[c] for c in wanted]
    hr_at = columns.get(HEART)
    width = len(columns)
    values: list[list[float]] = []
    hr: list[float] = []
    lines: list[int] = []
    for line, row in rows:
        if len(row) != width:
            raise RecordingError(
                f"{name}: line {line} has {len(row)} values; the header names {width} columns"
            )
        numbers = []
        for column, index in zip(wanted, at, strict=True):
            numbers.append(_number(row[index], column, line, name))
        values.append(numbers)
        lines.append(line)
        if hr_at is not None:
            cell = row[hr_at].strip()
            hr.append(_number(cell, HEART, line, name) if cell else math.nan)
    return values, hr, lines


def _number(cell: str, column: str, line: int, name: str) -> float:
    text = cell.strip()
    if not text:
        raise RecordingError(f"{name}: line {line}: column {column} is empty")
    try:
        value = float(text)
    except ValueError:
        raise RecordingError(
            f"{name}: line {line}: {column} is '{text[:20]}', which is not a number"
        ) from None
    if not math.isfinite(value):
        raise RecordingError(f"{name}: line {line}: {column} is '{text}'; give a finite number")
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_times(
    t: npt.NDArray[np.float64], lines: list[int], name: str, *, evenly_spaced: bool
) -> None:
    import numpy as np

    step = np.diff(t)
    backwards = np.flatnonzero(step < 0)
    if backwards.size:
        i = int(backwards[0]) + 1
        raise RecordingError(
            f"{name}: line {lines[i]}: time {t[i]:g} s comes before the previous row's "
            f"{t[i - 1]:g} s; rows must be in time order"
        )
    if evenly_spaced:
        return
    repeated = np.flatnonzero(step == 0)
    if repeated.size:
        i = int(repeated[0]) + 1
        raise RecordingError(
            f"{name}: line {lines[i]}: time {t[i]:g} s repeats the previous row's; "
            "each row needs its own time (or give --rate HZ to space the samples evenly)"
        )
    rate = 1.0 / float(np.median(step))
    if rate < MIN_RATE_HZ:
        raise RecordingError(
            f"{name}: samples are {1 / rate:g} apart in t ({rate:.3g} Hz); "
            "t must be in seconds (is it in milliseconds?)"
        )
    if rate > MAX_RATE_HZ:
        raise RecordingError(
            f"{name}: samples are {1 / rate:.3g} s apart ({rate:.3g} Hz); "
            "t must be in seconds, and the rate at most 2000 Hz"
        )


def _respace(t: npt.NDArray[np.float64], rate_hz: float, name: str) -> npt.NDArray[np.float64]:
    import numpy as np

    even: npt.NDArray[np.float64] = t[0] + np.arange(len(t)) / rate_hz
    span, expected = float(t[-1] - t[0]), float(even[-1] - even[0])
    if abs(span - expected) > 0.25 * max(span, expected):
        raise RecordingError(
            f"{name}: the times span {span:.1f} s, but {len(t)} samples at {rate_hz:g} Hz "
            f"make {expected:.1f} s; check --rate"
        )
    return even


def _check_units(acc: npt.NDArray[np.float64], name: str) -> None:
    import numpy as np

    gravity = float(np.median(np.sqrt(np.sum(acc**2, axis=1))))
    if 0.5 * STANDARD_GRAVITY < gravity < 1.5 * STANDARD_GRAVITY:
        raise RecordingError(
            f"{name}: gravity measures {gravity:.2f}, which looks like m/s²; "
            f"expected g (divide by {STANDARD_GRAVITY})"
        )
    if 500 < gravity < 1500:
        raise RecordingError(
            f"{name}: gravity measures {gravity:.0f}, which looks like milli-g; "
            "expected g (divide by 1000)"
        )
    if not 0.5 < gravity < 1.5:
        raise RecordingError(
            f"{name}: gravity measures {gravity:.3g} where 1 g was expected; "
            "acceleration must be in g and include gravity"
        )


NN_NAMES = ("nn", "nn_ms", "nni", "nni_ms")
"""Headers that say the intervals are normal-to-normal: already cleaned of artefacts."""
RR_NAMES = ("rr", "rr_ms", "rri", "rr_interval", "rr_interval_ms", *NN_NAMES)
"""Column names taken for RR intervals in milliseconds (case, spaces and "[ms]" ignored)."""


def rr_columns_in_words() -> str:
    """The column names ``read_rr_intervals`` takes, as the error and the help say them."""
    rr = [name for name in RR_NAMES if name not in NN_NAMES]
    return f"{_listed(rr)}, or {_listed(NN_NAMES)} for NN intervals (used as given)"


def _listed(names: Sequence[str]) -> str:
    return f"{', '.join(names[:-1])} or {names[-1]}"


RR_DELIMITERS = ",;\t"
SERIES_NAMES = frozenset({"session_id", "device"})
"""Columns of lumbar's heart_rate.csv that tell one RR series from another."""


def _cells(line: str, delimiter: str) -> list[str]:
    """A delimited line's cells; a quoted cell (``"[841.8, 849.1]"``) stays whole."""
    return next(csv.reader([line], delimiter=delimiter))


def _rr_list(cell: str, line: int, name: str) -> list[float]:
    """The intervals of a cell such as ``[841.8, 849.1]`` (``[]``: none)."""
    inner = cell.strip().removeprefix("[").removesuffix("]")
    return [
        _number(part, "an RR interval", line, name) for part in inner.split(",") if part.strip()
    ]


@dataclass(frozen=True, slots=True)
class RRSeries:
    path: str
    rr_intervals_ms: tuple[float, ...]
    lines: tuple[int, ...]
    """The file line of each interval, to point at removed beats."""
    normal_to_normal: bool = False
    """The header calls them NN intervals (``nni``, ``nn_ms``...): already cleaned."""
    device: str = ""
    """Of several devices in one session's file, the one whose intervals these are."""
    ranked: bool = False
    """The device was chosen by its kind (as the session's heart-rate source is)."""


def read_rr_intervals(path: Path, *, rank: Callable[[str], int] | None = None) -> RRSeries:
    """RR intervals in ms: one number per line (a header line is allowed), or a CSV column
    named as ``RR_NAMES`` says. Of several devices in one session
    (lumbar's heart_rate.csv), one is read as ``db.figures`` chooses a session's RR source:
    the lowest ``rank`` (a device's address; the best heart-rate source first), then the
    most readings with intervals, then by address."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordingError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordingError(f"{path} is a folder; give a file of RR intervals") from None
    except UnicodeDecodeError:
        raise RecordingError(f"{name} is not a text file of RR intervals") from None
    except OSError as error:
        raise RecordingError(f"{path}: cannot read it ({error.strerror})") from None
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise RecordingError(f"{name} is empty; expected RR intervals in ms, one per line")
    first_number, first = lines[0]
    delimiter = next((d for d in RR_DELIMITERS if d in first), None)
    column = 0
    header = ""
    series: list[int] = []  # columns that tell one series from another (session, device)
    names: list[str] = []  # a delimited file's column names
    if delimiter is not None:
        names = [_rr_name(cell) for cell in _cells(first, delimiter)]
        found = [i for i, n in enumerate(names) if n in RR_NAMES]
        if not found:
            raise RecordingError(
                f"{name}: line {first_number}: no column of RR intervals in ms (found "
                f"{', '.join(n for n in names if n) or 'none'}); name it {rr_columns_in_words()}"
            )
        column = found[0]
        header = names[column]
        series = [i for i, n in enumerate(names) if n in SERIES_NAMES]
        lines = lines[1:]
    elif not _is_number(first):
        header = _rr_name(first)
        lines = lines[1:]  # a one-column file's header, e.g. "nni_ms"
    values: list[float] = []
    numbers: list[int] = []
    # lumbar's heart_rate.csv: each reading's intervals (JSON), by session and device.
    # A reading sent without skin contact carries no beats of a heart (as in the RR export).
    contact = names.index("contact") if "contact" in names else None
    by_series: dict[tuple[tuple[str, str], ...], tuple[list[float], list[int]]] = {}
    readings: dict[tuple[tuple[str, str], ...], int] = {}
    for number, line in lines:
        cells = _cells(line, delimiter) if delimiter is not None else [line]
        if column >= len(cells):
            raise RecordingError(f"{name}: line {number} has no value in the RR column")
        cell = cells[column].strip()
        if cell.startswith("["):
            intervals = _rr_list(cell, number, name)
            if contact is not None and contact < len(cells) and cells[contact].strip() == "0":
                continue
            if intervals:
                key = tuple((names[i], cells[i]) for i in series if i < len(cells))
                kept, at = by_series.setdefault(key, ([], []))
                kept += intervals
                at += [number] * len(intervals)
                readings[key] = readings.get(key, 0) + 1
            continue
        values.append(_number(cell, "the RR interval", number, name))
        numbers.append(number)
    device = ""
    if len(by_series) > 1:
        sessions = {tuple(kv for kv in key if kv[0] != "device") for key in by_series}
        if len(sessions) > 1:
            raise RecordingError(
                f"{name} holds the RR intervals of {len(sessions)} sessions; HRV needs one "
                "series: 'lumbar export --format rr --session ID' writes one"
            )
    if by_series and values:
        raise RecordingError(
            f"{name} mixes RR intervals one to a line with lists of them; HRV reads one kind"
        )
    if by_series:
        ranked = rank or (lambda _device: 0)

        def order(key: tuple[tuple[str, str], ...]) -> tuple[int, int, str]:
            address = dict(key).get("device", "")
            return (ranked(address), -readings[key], address)

        key = min(by_series, key=order)
        values, numbers = by_series[key]
        if len(by_series) > 1:  # one session, several devices: as its heart rate, one
            device = dict(key).get("device", "")
    if len(values) < 3:
        raise RecordingError(f"{name} has {len(values)} RR intervals; HRV needs at least 3")
    middle = sorted(values)[len(values) // 2]
    if middle < 3.0:
        raise RecordingError(
            f"{name}: the intervals are around {middle:g}, which looks like seconds; "
            "expected milliseconds (multiply by 1000)"
        )
    return RRSeries(
        str(path), tuple(values), tuple(numbers), header in NN_NAMES, device, rank is not None
    )


def _rr_name(cell: str) -> str:
    cleaned = cell.strip().strip('"').lower().replace(" ", "")
    for unit in ("[ms]", "(ms)"):
        cleaned = cleaned.replace(unit, "")
    return cleaned
