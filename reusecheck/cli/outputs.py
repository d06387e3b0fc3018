"""Report options of ``reusecheck check``: which formats are written where, and --exit-zero.

``--format NAME`` (repeatable) chooses what goes to standard output, or to the file of a
plain ``-o PATH``; ``--output FORMAT=PATH`` (repeatable) writes FORMAT to PATH, and a
format named there is not also printed. Without ``--format``, text goes to standard
output. At most one format may go to each destination.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from reusecheck.arguments import add_group
from reusecheck.cli.common import open_output, write_output
from reusecheck.errors import UsageError
from reusecheck.formats import Format, RenderContext
from reusecheck.models import Problem, Report, Result, Severity
from reusecheck.options import DEFAULT_FORMAT, REPORTS

_FORMAT_NAME = re.compile(r"[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Output:
    """One report to write: a format and its destination (None: standard output).

    A path that ends with a slash or names an existing folder is a folder: the format's
    files (`Format.output_files`) are written into it.
    """

    format: Format
    path: str | None

    @property
    def folder(self) -> bool:
        return self.path not in (None, "-") and (self.path.endswith(("/", os.sep)) or os.path.isdir(self.path))


def add_output_options(parser: argparse.ArgumentParser) -> None:
    add_group(parser, "reports", REPORTS)


def _split_output(value: str, formats: Mapping[str, Format]) -> tuple[str | None, str]:
    """``FORMAT=PATH`` -> (FORMAT, PATH); a plain path -> (None, path)."""
    name, equals, path = value.partition("=")
    if not equals or not _FORMAT_NAME.fullmatch(name):
        return None, value
    if name not in formats:
        raise UsageError(
            f"--output {value}: no format {name!r}; choose one of {', '.join(formats)} "
            f"(for a file whose name has '=', write ./{value})"
        )
    if not path:
        raise UsageError(f"--output {value}: give a path after '=' (- for standard output)")
    return name, path


def _destination(path: str | None) -> str:
    return "standard output" if path in (None, "-") else os.path.abspath(str(path))


def plan_outputs(format_names: Sequence[str], output_values: Sequence[str], formats: Mapping[str, Format]) -> list[Output]:
    """Where each requested format goes; a UsageError for unknown formats or clashing destinations."""
    unknown = [n for n in format_names if n not in formats]
    if unknown:
        raise UsageError(f"no format {unknown[0]!r}; choose one of {', '.join(formats)}")
    named: list[tuple[str, str]] = []
    plain: list[str] = []
    for value in output_values:
        name, path = _split_output(value, formats)
        if name is None:
            plain.append(path)
        else:
            named.append((name, path))
    if len(plain) > 1:
        raise UsageError(f"-o/--output PATH given {len(plain)} times; use --output FORMAT=PATH for each format")
    to_files = {name for name, _ in named}
    printed = [n for n in dict.fromkeys(format_names or [DEFAULT_FORMAT]) if n not in to_files]
    if plain and not printed:
        raise UsageError(f"-o {plain[0]}: every --format already has its own --output FORMAT=PATH; drop -o or add a --format")
    outputs = [Output(formats[n], plain[0] if plain else None) for n in printed]
    outputs += [Output(formats[name], path) for name, path in named]
    taken: dict[str, str] = {}
    for output in outputs:
        if output.folder and output.format.render_files is None:
            raise UsageError(
                f"{output.path} is a folder, but format {output.format.name!r} writes one file; give a file path "
                "(formats that write a folder: "
                f"{', '.join(n for n, f in formats.items() if f.render_files is not None) or 'none'})"
            )
        where = _destination(output.path)
        if where in taken:
            raise UsageError(
                f"formats {taken[where]} and {output.format.name} would both go to {where}; "
                "send each format to its own file with --output FORMAT=PATH"
            )
        taken[where] = output.format.name
    return outputs


def refuse_overwriting_inputs(outputs: Sequence[Output], inputs: Iterable[str]) -> None:
    """A UsageError when a report would be written over an input file (a candidate, a
    source, an index, a baseline ...) or over a file inside an input folder."""
    files = [o for o in outputs if o.path not in (None, "-")]
    for given in inputs:
        if given == "-" or not os.path.exists(given):
            continue
        for output in files:
            if output.folder and _shares_folder(str(output.path), given):
                raise UsageError(
                    f"--output {output.format.name}={output.path} would write its pages among the inputs ({given}); "
                    "write the folder report elsewhere"
                )
            if _writes_over(str(output.path), given):
                raise UsageError(
                    f"--output {output.path} would overwrite the input {given}; write the {output.format.name} report elsewhere"
                )


def _shares_folder(folder: str, given: str) -> bool:
    """Whether a folder report in ``folder`` would sit in the input folder ``given`` (or
    inside it), or hold the input ``given``: its pages could overwrite or join the inputs."""
    folder, given = os.path.realpath(folder), os.path.realpath(given)
    inside = given if os.path.isdir(given) else None
    return (inside is not None and os.path.commonpath([folder, inside]) == inside) or (
        os.path.commonpath([folder, given]) == folder
    )


def _writes_over(path: str, given: str) -> bool:
    if not os.path.exists(path):
        return False
    if os.path.isdir(given):
        inside = os.path.commonpath([os.path.realpath(path), os.path.realpath(given)]) == os.path.realpath(given)
        return inside and os.path.isfile(path)
    return os.path.samefile(path, given)


def write_reports(report: Report, outputs: Sequence[Output], context: RenderContext) -> None:
    """Render every output first (so a failing format, a `PluginFailure`, writes nothing), then write each."""
    rendered: list[tuple[str, str | None]] = []
    folders: list[str] = []
    for output in outputs:
        if output.folder:
            folder = str(output.path)
            folders.append(folder)
            files = output.format.output_files(report, context)
            rendered += [(text, os.path.join(folder, name)) for name, text in files.items()]
        else:
            rendered.append((output.format.output(report, context), output.path))
    for folder in folders:
        _make_folder(folder)
    for text, path in rendered:
        write_output(text, path)


def can_stream(outputs: Sequence[Output]) -> bool:
    """Whether every output can be written result by result (`Format.stream`, one file each)."""
    return all(output.format.stream is not None and not output.folder for output in outputs)


def stream_reports(
    results: Iterable[Result],
    problems: Callable[[], tuple[Sequence[Problem], Sequence[Problem]]],
    outputs: Sequence[Output],
    context: RenderContext,
) -> Severity | None:
    """Write each result to every output as it comes, then the input errors and warnings
    (``problems``, complete once ``results`` is); return the highest finding severity.
    Files appear whole at the end; a closed standard output stops being written to."""
    worst: Severity | None = None
    with contextlib.ExitStack() as stack:
        streams = []
        for output in outputs:
            assert output.format.stream is not None
            streams.append((output.format.stream(context), _unless_closed(stack.enter_context(open_output(output.path)))))
        for result in results:
            severities = [f.severity for f in result.findings] + ([worst] if worst is not None else [])
            worst = max(severities, default=None)
            for stream, write in streams:
                write(stream.result(result))
        errors, warnings = problems()
        for stream, write in streams:
            write(stream.end(errors, warnings))
    return worst


def _unless_closed(write: Callable[[str], None]) -> Callable[[str], None]:
    """``write`` until the reader goes away (`| head`): then nothing more is written, and
    the run goes on, so that the exit code still tells."""
    closed = False

    def written(text: str) -> None:
        nonlocal closed
        if text and not closed:
            try:
                write(text)
            except BrokenPipeError:
                closed = True

    return written


def _make_folder(folder: str) -> None:
    """Create a folder report's folder (with its parents) if it is not there."""
    if not os.path.isdir(folder):
        try:
            os.makedirs(folder)
        except OSError as exc:
            raise UsageError(f"cannot create the folder: {exc.strerror}; check the path", folder) from None
