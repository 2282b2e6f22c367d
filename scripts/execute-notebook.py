"""Runs a notebook headless with nbclient and writes the executed copy.

usage: python execute-notebook.py IN.ipynb OUT.ipynb [--kernel deno] [--cell-timeout SECONDS]

Cells run in the notebook's own directory. Errors do not stop the run (every cell
is tried, so one failure does not hide the others); the exit status is 1 when any
cell failed. Prints one line per cell with its execution time.
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def main():
    p = argparse.ArgumentParser()
    p.add_argument("notebook")
    p.add_argument("out")
    p.add_argument("--kernel", default="deno")
    p.add_argument("--cell-timeout", type=int, default=1800)
    a = p.parse_args()
    nb = nbformat.read(a.notebook, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=a.kernel,
        timeout=a.cell_timeout,
        allow_errors=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(a.notebook))}},
    )
    failed = 0
    t0 = time.time()
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.time()
            client.execute_cell(cell, i)
            errors = [o for o in cell.outputs if o.get("output_type") == "error"]
            failed += bool(errors)
            first = cell.source.splitlines()[0] if cell.source else ""
            status = "ERROR " + errors[0].get("ename", "") if errors else "ok"
            print(f"cell {i:2d} {time.time() - t:7.1f} s  {status}  {first[:60]}", flush=True)
    nbformat.write(nb, a.out)
    print(f"notebook executed in {time.time() - t0:.1f} s, {failed} cell(s) failed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
