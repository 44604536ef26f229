#!/usr/bin/env python3
"""Execute yoron's example notebooks headlessly with the evcxr Rust kernel and check them.

    python3 examples/notebooks/run.py [--keep DIR] [NOTEBOOK ...]

Every notebook runs in a fresh kernel, one after another, in file-name order, with the
notebooks' own folder as working directory (so `:dep yoron = { path = "../.." }` and the
CSV files resolve as they do for a reader who opens the notebook in Jupyter). A notebook
fails when a cell raises an error, when it does not show the charts (image/svg+xml) and
HTML tables listed in EXPECTED below, or when its committed file already holds outputs.
The executed notebooks are written to a temporary folder (or to --keep DIR), never beside
the committed ones. Exit code: 0 when every notebook passed, 1 otherwise, 2 on bad usage
or a missing kernel.

Needs: python3 with nbclient and nbformat; the `rust` Jupyter kernel
(`cargo install evcxr_jupyter --locked && evcxr_jupyter --install`). An EVCXR_TMPDIR in the
environment (a persistent evcxr work folder, as .ci/notebooks sets) makes later runs faster;
two runs must not share one at the same time.
"""

import argparse
import datetime as dt
import pathlib
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

HERE = pathlib.Path(__file__).resolve().parent
KERNEL = "rust"
# A cold `:dep` with polars compiles polars (≈100 s at `:opt 0` on 2 cores, far more when the
# machine is busy); a cell that takes an hour has hung.
CELL_TIMEOUT_S = 3600

# What each notebook must show once executed: at least `svg` charts and `html` tables, and
# every string of `contains` somewhere in its outputs (text, HTML or SVG). A notebook in
# this folder without an entry here is an error, so new notebooks get checked too.
EXPECTED = {
    "01_threat_perception.ipynb": {
        "svg": 2,
        "html": 4,
        "contains": ["North Korea", "China", "JP higher", "KR higher", "Ranked by figure", "<td>=2</td>"],
    },
    "02_trends.ipynb": {
        "svg": 3,
        "html": 6,
        "contains": [
            "series break", "FY2020", "2023_11th", "SERIES BREAK between these waves",
            "Change of the asymmetry", "not pooled or averaged",
        ],
    },
    "03_respondent_data.ipynb": {
        "svg": 2,
        "html": 2,
        "contains": ["JP-KR", "respondents.csv", "Rao", "shape: ("],
    },
    "04_pooling.ipynb": {
        "svg": 2,
        "html": 1,
        "contains": ["House effects", "FY2020 mode change", "random walk", "gallup_korea"],
    },
}


def outputs_of(nb):
    """Yields (cell index, output) for every output of every code cell."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                yield i, out


def texts_of(out):
    """Every piece of text an output carries, whatever its MIME type."""
    if out.get("output_type") == "stream":
        yield out.get("text", "")
    for value in out.get("data", {}).values():
        yield value if isinstance(value, str) else "".join(value)


def check_committed(path, nb):
    """The committed notebook must be clean: no outputs, no execution counts."""
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    if dirty:
        return [f"{path.name}: committed with outputs in cells {dirty} (clear them before committing)"]
    return []


def check_outputs(name, nb):
    """Problems with an executed notebook's outputs, as messages."""
    want = EXPECTED[name]
    problems = []
    svgs, tables, seen = 0, 0, []
    for i, out in outputs_of(nb):
        if out.get("output_type") == "error":
            problems.append(f"cell {i}: error output {out.get('ename')}: {out.get('evalue')}")
        data = out.get("data", {})
        if "image/svg+xml" in data:
            svg = data["image/svg+xml"]
            svg = svg if isinstance(svg, str) else "".join(svg)
            try:
                root = ET.fromstring(svg)
                if not root.tag.endswith("svg"):
                    raise ValueError(f"root element {root.tag}")
                svgs += 1
            except (ET.ParseError, ValueError) as e:
                problems.append(f"cell {i}: image/svg+xml output is not an SVG document ({e})")
        if "text/html" in data:
            html = data["text/html"]
            html = html if isinstance(html, str) else "".join(html)
            if "<table" in html:
                tables += 1
        seen.extend(texts_of(out))
    if svgs < want["svg"]:
        problems.append(f"{svgs} SVG charts shown, expected at least {want['svg']}")
    if tables < want["html"]:
        problems.append(f"{tables} HTML tables shown, expected at least {want['html']}")
    everything = "\n".join(seen)
    for s in want["contains"]:
        if s not in everything:
            problems.append(f"no output contains {s!r}")
    return problems, svgs, tables


def cell_seconds(cell):
    """A cell's execution time from nbclient's timing metadata, or None."""
    meta = cell.get("metadata", {}).get("execution", {})
    start, end = meta.get("iopub.execute_input"), meta.get("shell.execute_reply")
    if not (start and end):
        return None
    parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def first_line(source):
    line = source.strip().splitlines()[0] if source.strip() else ""
    return line if len(line) <= 60 else line[:57] + "..."


# Errors of the toolchain rather than of a notebook's code, worth one retry.
INFRASTRUCTURE = ("linking with `cc` failed", "DeadKernelError", "Kernel died")


def is_infrastructure(problems):
    """True when a run failed in the build or the kernel, not in a cell's own code."""
    text = "\n".join(problems)
    return any(s in text for s in INFRASTRUCTURE)


def run_one(path, out_dir):
    """Executes one notebook; returns (problems, seconds)."""
    nb = nbformat.read(path, as_version=4)
    problems = check_committed(path, nb)
    if path.name not in EXPECTED:
        return problems + [f"{path.name}: no entry in EXPECTED in {pathlib.Path(__file__).name}"], 0.0
    # Only what this run produces may count: drop any outputs the file came with.
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT_S,
        startup_timeout=120,
        record_timing=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        # The message already names the cell's source and the kernel's error text.
        problems.append(f"a cell failed:\n{e}")
    except (CellTimeoutError, DeadKernelError) as e:
        problems.append(f"{type(e).__name__}: {e}")
    seconds = time.monotonic() - start
    nbformat.write(nb, out_dir / path.name)
    for i, cell in enumerate(nb.cells):
        s = cell_seconds(cell)
        if s is not None and s >= 5.0:
            print(f"    cell {i:2} {s:7.1f} s  {first_line(cell.source)}")
    found, svgs, tables = check_outputs(path.name, nb)
    problems.extend(found)
    print(f"    {svgs} SVG charts, {tables} HTML tables")
    return problems, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1].strip())
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path,
                        help="notebooks to run (default: every *.ipynb in this folder)")
    parser.add_argument("--keep", type=pathlib.Path,
                        help="write the executed notebooks here (default: a temporary folder, deleted)")
    args = parser.parse_args()

    paths = [p.resolve() for p in args.notebooks] or sorted(HERE.glob("*.ipynb"))
    if not paths:
        print(f"run.py: no notebooks in {HERE}", file=sys.stderr)
        return 2
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        KernelSpecManager().get_kernel_spec(KERNEL)
    except NoSuchKernel:
        print(f"run.py: no Jupyter kernel named {KERNEL!r}: run "
              "`cargo install evcxr_jupyter --locked && evcxr_jupyter --install`", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="yoron-notebooks-") as tmp:
        out_dir = args.keep or pathlib.Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        if out_dir.resolve() == HERE:
            print("run.py: --keep must not be the notebooks' own folder", file=sys.stderr)
            return 2
        failed, total = [], 0.0
        for path in paths:
            print(f"== {path.name}", flush=True)
            problems, seconds = run_one(path, out_dir)
            total += seconds
            if problems and is_infrastructure(problems):
                # Seen once on a busy machine: a link step of evcxr failed, and the same
                # notebook passed on every rerun. Retry once, and say so.
                print(f"    FAILED in {seconds:.1f} s on what looks like a build failure, not the notebook:")
                for p in problems:
                    print("    " + p.replace("\n", "\n    "))
                print("    running it once more in a fresh kernel", flush=True)
                problems, seconds = run_one(path, out_dir)
                total += seconds
            status = "ok" if not problems else "FAILED"
            print(f"    {status} in {seconds:.1f} s", flush=True)
            for p in problems:
                print("    " + p.replace("\n", "\n    "))
            if problems:
                failed.append(path.name)
        print(f"== {len(paths) - len(failed)}/{len(paths)} notebooks passed in {total:.1f} s"
              + (f"; executed copies in {out_dir}" if args.keep else ""))
        if failed:
            print("failed: " + ", ".join(failed))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
