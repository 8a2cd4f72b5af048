#!/usr/bin/env python3
"""Reference feasibility intervals for Quartier's disclosure audit, computed by τ-ARGUS (issue 18).

    pip install pytauargus==0.6.0 scipy
    python3 scripts/tauargus_reference.py

pytauargus 0.6.0 (PyPI, EUPL-1.2) ships a manylinux x86_64 wheel with the native τ-ARGUS engine
(libtauargus, CSP, HiTaS, CRP; engine commit in `engine_meta()`) and HiGHS 1.15.1 as its LP solver; its audit
(`Engine.audit`, `tauargus audit BATCH.arb`) is the port of the legacy `intervalle` audit (Giessing). It runs here
as it is: no Windows binary, no CPLEX/Xpress licence.

Writes Tests/Fixtures/disclosure/tauargus_reference.json: small one-dimensional hierarchical count tables
(units → parents → total), suppression patterns (safe, unsafe, unbounded, an overlapping grouping, a table
without zeros) and, for every suppressed cell:

- `reference`: the feasibility interval of the plain LP over non-negative reals that Quartier's audit solves
  (units >= 0, published cells fixed, no upper bound; upper null when unbounded). Computed by τ-ARGUS's audit
  solver (`audit_jj`) on the engine's own JJ file with a priori cell bounds [0, U] for U = 1e6 and U = 1e7 (an
  upper bound that moves with U is unbounded), and checked against scipy.optimize.linprog (HiGHS) over the
  finest units: the script stops if the two disagree.
- `tauargus`: what pytauargus's audit reports with its default a priori bounds (the full batch flow:
  OPENTABLEDATA/READTABLE → Engine.audit, the same as `tauargus audit BATCH.arb`, whose printed output is
  compared too). For the overlapping grouping, which a τ-ARGUS table cannot express, the grouping is added to
  the engine's JJ file as one more cell and restriction and `audit_jj` is run on that.
- `tauargus_legacy_bounds`: the same audit with the a priori bounds legacy τ-ARGUS 4.x (Java) writes:
  [min(0, 1.5 · min cell), 1.5 · max cell] (sdcTools/tauargus, TableSet.read and TableService.computeTables).

See Tests/Fixtures/disclosure/SOURCE.md for where and why the intervals differ.
"""
from __future__ import annotations

import datetime
import json
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytauargus
import scipy
from pytauargus._tauargus import audit_jj
from pytauargus.engine import Engine, run_batch
from scipy.optimize import linprog

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "Fixtures" / "disclosure" / "tauargus_reference.json"
TOLERANCE = 1e-6
# Two large a priori upper bounds: a realised upper bound that follows them is unbounded in the plain LP.
LARGE_BOUNDS = (1e6, 1e7)

# ---------------------------------------------------------------------------------------------------------------
# The tables. Units (Planungsräume-like) under parents (Bezirksregionen-like) under one total: τ-ARGUS's table is
# one hierarchical explanatory variable with total code "T". Counts include 0, 1 and 2.
MAIN = {
    "parents": {
        "P1": [("a1", 0), ("a2", 1), ("a3", 7), ("a4", 12)],
        "P2": [("b1", 2), ("b2", 9), ("b3", 14)],
        "P3": [("c1", 1), ("c2", 5), ("c3", 0), ("c4", 30)],
    },
}
# No zero cell anywhere: pytauargus then takes the smallest cell value (2) as every cell's a priori lower bound.
NO_ZEROS = {
    "parents": {
        "Q1": [("d1", 2), ("d2", 4), ("d3", 10)],
        "Q2": [("e1", 3), ("e2", 8)],
    },
}

SCENARIOS = [
    {
        "name": "safe",
        "description": "Primary a2 = 1 and b1 = 2 with secondaries a3, b2 and their parents P1, P2: differencing "
        "within and across parents leaves every cell at least [0, 19]. Safe for min_count 3.",
        "table": MAIN,
        "primary": ["a2", "b1"],
        "secondary": ["a3", "P1", "b2", "P2"],
    },
    {
        "name": "unsafe",
        "description": "Primary a2 = 1 suppressed alone (P1 minus its published siblings pins it) and primaries "
        "c1 = 1, c3 = 0 suppressed together (their sum 1 is below min_count 3). Every cell is a finding.",
        "table": MAIN,
        "primary": ["a2", "c1", "c3"],
        "secondary": [],
    },
    {
        "name": "unbounded",
        "description": "Primary c1 = 1 with secondaries c4, P3 and the total T: nothing published bounds them "
        "from above. Quartier's LP reports no upper bound; τ-ARGUS caps every cell by its a priori upper "
        "bound (the largest cell value, here the suppressed total itself).",
        "table": MAIN,
        "primary": ["c1"],
        "secondary": ["c4", "P3", "T"],
    },
    {
        "name": "overlap",
        "description": "An overlapping grouping G = a4 + b3 = 26 (a Kiez across two parents) is published. "
        "Primary a2 = 1 with secondary a4 looks safe within P1 ([0, 13]) but G − b3 gives a4 = 12 and then "
        "a2 = 1. A τ-ARGUS table cannot express G (one hierarchy per explanatory variable, and linked tables "
        "are audited one by one), so τ-ARGUS's audit solver is run on the engine's JJ file with G added.",
        "table": MAIN,
        "groupings": {"G": ["a4", "b3"]},
        "primary": ["a2"],
        "secondary": ["a4"],
    },
    {
        "name": "no_zero_cells",
        "description": "A table without zeros: pytauargus 0.6.0 passes the smallest cell value (2) as every "
        "cell's a priori lower bound, so d1 (primary, 2) and d2 (secondary, 4) are reported in [2, 4] "
        "instead of [0, 6]. Legacy τ-ARGUS clamps that bound to 0.",
        "table": NO_ZEROS,
        "primary": ["d1"],
        "secondary": ["d2"],
    },
]
MIN_COUNT = 3
TOTAL = "T"


def number(x: float) -> float | int:
    """-0.0 → 0, integral values as ints (the JSON stays readable), others rounded to 9 decimals."""
    x = round(float(x), 9) + 0.0
    return int(x) if x == int(x) else x


def build_cells(scenario: dict) -> list[dict]:
    """Quartier's cells: units, then parents, then the total, then extra groupings; members are unit ids."""
    parents = scenario["table"]["parents"]
    suppressed = set(scenario["primary"]) | set(scenario["secondary"])
    units = [(uid, value) for members in parents.values() for uid, value in members]
    value_of = dict(units)
    cells = []

    def add(level: str, cid: str, members: list[str], in_tauargus_table: bool = True) -> None:
        cells.append({
            "level": level, "id": cid, "members": members, "value": sum(value_of[m] for m in members),
            "suppressed": cid in suppressed, "primary": cid in scenario["primary"],
            "in_tauargus_table": in_tauargus_table,
        })

    for uid, _ in units:
        add("units", uid, [uid])
    for pid, members in parents.items():
        add("parents", pid, [uid for uid, _ in members])
    add("total", TOTAL, [uid for uid, _ in units])
    for gid, members in scenario.get("groupings", {}).items():
        add("groupings", gid, list(members), in_tauargus_table=False)
    return cells


# ---------------------------------------------------------------------------------------------------------------
# τ-ARGUS batch input: a tabular (pre-aggregated) table with a status column and protection levels.
def batch_files(scenario: dict, cells: list[dict]) -> dict[str, str]:
    parents = scenario["table"]["parents"]
    hrc = "".join(f"{pid}\n" + "".join(f"@{uid}\n" for uid, _ in members) for pid, members in parents.items())
    rda = (
        '<SEPARATOR> ";"\n<SAFE> S\n<UNSAFE> U\n<PROTECT> P\n'
        'area\n  <RECODABLE>\n  <TOTCODE> "T"\n  <HIERARCHICAL>\n  <HIERCODELIST> "areas.hrc"\n'
        '  <HIERLEADSTRING> "@"\n'
        "n\n  <NUMERIC>\n  <DECIMALS> 0\n"
        "lpl\n  <NUMERIC> <LOWERPL>\n"
        "upl\n  <NUMERIC> <UPPERPL>\n"
        "status\n  <STATUS>\n"
    )
    rows = []
    for cell in cells:
        if not cell["in_tauargus_table"]:
            continue
        status = "U" if cell["primary"] else ("M" if cell["suppressed"] else "S")
        # Protection levels of a primary: nothing below, up to min_count above (the public must not learn
        # that the count is below min_count). τ-ARGUS's audit flags a primary whose realised upper bound is
        # below value + upl, which is Quartier's "at most … below the minimum count" finding.
        upl = max(MIN_COUNT - cell["value"], 0) if cell["primary"] else 0
        rows.append(f"{cell['id']};{cell['value']};0;{upl};{status}\n")
    arb = (
        '<OPENTABLEDATA> "table.tab"\n'
        '<OPENMETADATA> "table.rda"\n'
        '<SPECIFYTABLE> "area"|"n"||\n'
        "<SAFETYRULE>\n"
        "<READTABLE> 1\n"
    )
    return {"areas.hrc": hrc, "table.rda": rda, "table.tab": "".join(rows), "table.arb": arb}


def read_jj(path: Path) -> tuple[list[list[str]], list[str]]:
    """A JJ file: line 0 a header, line 1 the cell count, one line per cell, then the restrictions."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = int(lines[1])
    return [line.split() for line in lines[2:2 + n]], [line for line in lines[2 + n:] if line.strip()]


def write_jj(path: Path, cells: list[list[str]], restrictions: list[str]) -> None:
    """Writes a JJ file: cell lines `index value cost status lb ub lpl upl spl`, then `count` and the restrictions
    `rhs terms : cell (coefficient) …`."""
    out = ["0", str(len(cells))]
    for tokens in cells:
        out.append(" ".join(tokens))
    count = int(restrictions[0])
    out.append(str(count))
    out.extend(restrictions[1:1 + count])
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def add_groupings(jj_cells, restrictions, cells, index_of):
    """Appends each grouping outside the τ-ARGUS table as a JJ cell plus the restriction defining it (cell =
    sum of its units); returns the cells, the restrictions and the new cells' ids by JJ index."""
    jj_cells = [list(t) for t in jj_cells]
    extra, codes = [], {}
    lb, ub = jj_cells[0][4], jj_cells[0][5]
    for cell in cells:
        if cell["in_tauargus_table"]:
            continue
        index = len(jj_cells)
        status = "m" if cell["suppressed"] else "s"
        jj_cells.append([str(index), str(cell["value"]), "1", status, lb, ub, "0.000", "0.000", "0"])
        terms = " ".join(f"{index_of[m]} (1)" for m in cell["members"])
        extra.append(f"0 {len(cell['members']) + 1} : {index} (-1) {terms} ")
        codes[index] = cell["id"]
    count = int(restrictions[0]) + len(extra)
    return jj_cells, [str(count)] + restrictions[1:] + extra, codes


def audit(path: Path, code_of: dict[int, str]) -> dict[str, dict]:
    return {
        code_of[r["cell"]]: {"lower": number(r["min"]), "upper": number(r["max"]), "unsafe": bool(r["unsafe"])}
        for r in audit_jj(str(path))
    }


def run_tauargus(scenario: dict, cells: list[dict]) -> dict:
    """Runs the batch, the audit with pytauargus's own bounds, and audit_jj with legacy and large bounds."""
    with tempfile.TemporaryDirectory(prefix="quartier-tauargus-") as folder:
        folder = Path(folder)
        files = batch_files(scenario, cells)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        engine = run_batch(folder / "table.arb")
        tau = engine._tau
        n_codes, _ = tau.get_var_number_of_codes(0)
        # One explanatory variable: cell index = code index; the total's code string is "".
        code_of = {i: (tau.get_var_code(0, i)[2] or TOTAL) for i in range(n_codes)}
        index_of = {code: i for i, code in code_of.items()}
        values = [tau.get_table_cell_value(0, i) for i in range(n_codes)]
        default_bounds = (min(values), max(values))  # what Engine.audit passes to WriteJJFormat
        legacy_bounds = (min(0.0, 1.5 * min(values)), 1.5 * max(values))

        rows = engine.audit(0)
        table_audit = {
            code_of[r["cell"]]: {"lower": number(r["min"]), "upper": number(r["max"]), "unsafe": bool(r["unsafe"])}
            for r in rows
        }
        cli = subprocess.run(
            [sys.executable, "-c", "import sys; from pytauargus.cli import main; sys.exit(main(sys.argv[1:]))",
             "audit", "table.arb"],
            cwd=folder, capture_output=True, text=True, check=True)
        for match in re.finditer(r"cell (\d+): \[(\S+), (\S+)\]", cli.stdout):
            got = table_audit[code_of[int(match.group(1))]]
            if abs(float(match.group(2)) - got["lower"]) > 1e-3 or abs(float(match.group(3)) - got["upper"]) > 1e-3:
                raise SystemExit(f"{scenario['name']}: `tauargus audit` printed {match.group(0)}, Engine.audit {got}")

        # Each variant: the engine writes its JJ file (WriteJJFormat, bounds rounded to the table's decimals, as
        # in legacy τ-ARGUS), the groupings outside the table are appended, and the audit solver runs on it.
        variants = [
            ("default", default_bounds),
            ("legacy", legacy_bounds),
            ("lower_only", (default_bounds[0], LARGE_BOUNDS[1])),
            ("upper_only", (0.0, default_bounds[1])),
        ] + [(f"large{i}", (0.0, ub)) for i, ub in enumerate(LARGE_BOUNDS)]
        runs = {}
        for label, (lb, ub) in variants:
            path = folder / f"{label}.JJ"
            if not tau.write_jj_format(0, str(path), lb, ub, False, False, False):
                raise SystemExit("WriteJJFormat failed")
            jj_cells, restrictions = read_jj(path)
            jj_cells, restrictions, extra_codes = add_groupings(jj_cells, restrictions, cells, index_of)
            write_jj(path, jj_cells, restrictions)
            runs[label] = audit(path, {**code_of, **extra_codes})
        jj_text = (folder / "default.JJ").read_text(encoding="utf-8")
        structure_complete = all(c["in_tauargus_table"] for c in cells)
        if structure_complete:
            for code, got in runs["default"].items():  # the JJ round trip reproduces Engine.audit
                want = table_audit[code]
                if abs(got["lower"] - want["lower"]) > TOLERANCE or abs(got["upper"] - want["upper"]) > TOLERANCE:
                    raise SystemExit(f"{scenario['name']}: audit_jj {got} != Engine.audit {want} for {code}")
        return {
            "files": files, "jj": jj_text, "cli_stdout": cli.stdout, "table_audit": table_audit, "runs": runs,
            "default_bounds": default_bounds, "legacy_bounds": legacy_bounds, "cells": cells,
        }


# ---------------------------------------------------------------------------------------------------------------
def plain_lp(cells: list[dict]) -> dict[str, dict]:
    """Quartier's LP solved independently: scipy linprog (HiGHS) over the finest units, units >= 0, published
    cells fixed; min and max of each suppressed cell's member sum; upper None when unbounded."""
    units = [c["id"] for c in cells if c["level"] == "units"]
    column = {uid: i for i, uid in enumerate(units)}
    published = [c for c in cells if not c["suppressed"]]
    a_eq = np.zeros((len(published), len(units)))
    for row, cell in enumerate(published):
        for m in cell["members"]:
            a_eq[row, column[m]] = 1
    b_eq = np.array([c["value"] for c in published], dtype=float)
    out = {}
    for cell in cells:
        if not cell["suppressed"]:
            continue
        objective = np.zeros(len(units))
        for m in cell["members"]:
            objective[column[m]] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if low.status != 0 or high.status not in (0, 3):
            raise SystemExit(f"linprog failed for {cell['id']}: {low.message} / {high.message}")
        out[cell["id"]] = {"lower": number(low.fun), "upper": None if high.status == 3 else number(-high.fun)}
    return out


def from_large_bounds(runs: dict) -> dict[str, dict]:
    """The plain-LP interval from τ-ARGUS's audit with a priori bounds [0, 1e6] and [0, 1e7]."""
    out = {}
    for code, first in runs["large0"].items():
        second = runs["large1"][code]
        if abs(first["lower"] - second["lower"]) > TOLERANCE:
            raise SystemExit(f"{code}: the lower bound moved with the a priori upper bound")
        moved = abs(first["upper"] - second["upper"]) > TOLERANCE
        out[code] = {"lower": first["lower"], "upper": None if moved else first["upper"]}
    return out


def same(a: dict, b: dict) -> bool:
    if abs(a["lower"] - b["lower"]) > TOLERANCE:
        return False
    if a["upper"] is None or b["upper"] is None:
        return a["upper"] is None and b["upper"] is None
    return abs(a["upper"] - b["upper"]) <= TOLERANCE


def explain(code: str, ref: dict, tau: dict, result: dict) -> str | None:
    """Why pytauargus's interval differs from the plain LP's, found by rerunning with one a priori bound at a time."""
    if same(ref, tau):
        return None
    lo, hi = (number(b) for b in result["default_bounds"])
    runs = result["runs"]
    # With only the lower bound in place an unbounded cell is capped at 1e7: compare its lower bound alone.
    lower_only = dict(runs["lower_only"][code])
    if ref["upper"] is None:
        lower_only["upper"] = None
    reasons = []
    if ref["upper"] is None:
        hidden = any(c["suppressed"] and c["value"] == hi for c in result["cells"])
        reasons.append(f"unbounded in the plain LP, but τ-ARGUS bounds every cell by the a priori upper bound {hi} "
                       f"(the largest cell value of the table{', itself a suppressed cell' if hidden else ''})")
    elif not same(ref, runs["upper_only"][code]):
        reasons.append(f"the a priori upper bound {hi} (the largest cell value) cuts the interval")
    if not same(ref, lower_only):
        reasons.append(f"the a priori lower bound {lo} (the smallest cell value, not clamped to 0) applies to every "
                       f"suppressed cell, which raises this cell's lower bound and, through the sums, lowers its "
                       f"upper bound")
    return "; ".join(reasons) or "unexplained"


def main() -> None:
    scenarios_out = []
    for scenario in SCENARIOS:
        cells = build_cells(scenario)
        result = run_tauargus(scenario, cells)
        lp = plain_lp(cells)
        reference = from_large_bounds(result["runs"])
        for code, interval in lp.items():
            if not same(interval, reference[code]):
                raise SystemExit(f"{scenario['name']} {code}: linprog {interval} != τ-ARGUS audit {reference[code]}")
        structure_complete = all(c["in_tauargus_table"] for c in cells)
        intervals = []
        for cell in cells:
            if not cell["suppressed"]:
                continue
            code = cell["id"]
            tau = result["runs"]["default"][code]
            entry = {
                "level": cell["level"], "id": code, "primary": cell["primary"], "value": cell["value"],
                "reference": reference[code],
                "tauargus": tau,
                "tauargus_legacy_bounds": result["runs"]["legacy"][code],
                "agrees_with_tauargus": same(reference[code], tau),
                "difference": explain(code, reference[code], tau, result),
            }
            if not structure_complete:
                entry["tauargus_table_without_groupings"] = result["table_audit"].get(code)
            intervals.append(entry)
        scenarios_out.append({
            "name": scenario["name"],
            "description": scenario["description"],
            "min_count": MIN_COUNT,
            "cells": [{k: v for k, v in c.items()} for c in cells],
            "intervals": intervals,
            "tauargus_run": {
                "method": "batch flow (Engine.audit)" if structure_complete
                else "batch flow, then audit_jj on the engine's JJ file with the groupings added",
                "a_priori_bounds": [number(b) for b in result["default_bounds"]],
                "legacy_a_priori_bounds": [number(b) for b in result["legacy_bounds"]],
                "batch_files": result["files"],
                "jj_file": result["jj"],
                "cli_stdout": result["cli_stdout"],
            },
        })

    meta = pytauargus.engine_meta()
    document = {
        "provenance": {
            "tool": "pytauargus (τ-ARGUS engine with HiGHS; audit = port of the legacy intervalle audit)",
            "pytauargus_version": pytauargus.__version__,
            "tauargus_engine_version": run_batch_version(),
            "tauargus_engine_commit": meta.get("engine_sha"),
            "highs_version": meta.get("highs_version"),
            "cross_check": f"scipy {scipy.__version__} optimize.linprog(method='highs') over the finest units",
            "python": platform.python_version(),
            "platform": platform.platform(),
            "command": "python3 scripts/tauargus_reference.py  (per scenario: tauargus audit table.arb, "
            "Engine.audit(0), audit_jj on the engine's JJ file)",
            "date": datetime.date.today().isoformat(),
            "notes": "reference = the plain LP over non-negative reals (Quartier's model): τ-ARGUS's audit with a "
            "priori bounds [0, 1e6] and [0, 1e7] (upper null where it moves with the bound), equal to scipy's "
            "linprog over the units. tauargus = pytauargus's audit as shipped (a priori bounds = smallest and "
            "largest cell value). tauargus_legacy_bounds = bounds of legacy τ-ARGUS 4.x, [min(0, 1.5·min), "
            "1.5·max]. See SOURCE.md.",
        },
        "scenarios": scenarios_out,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for s in scenarios_out:
        print(f"{s['name']}:")
        for i in s["intervals"]:
            ref, tau, leg = i["reference"], i["tauargus"], i["tauargus_legacy_bounds"]
            print(f"  {i['id']:>3} value {i['value']:>2}  reference [{ref['lower']}, {ref['upper']}]  "
                  f"τ-ARGUS [{tau['lower']}, {tau['upper']}]{' UNSAFE' if tau['unsafe'] else ''}  "
                  f"legacy [{leg['lower']}, {leg['upper']}]" + (f"  ({i['difference']})" if i["difference"] else ""))
            if "tauargus_table_without_groupings" in i:
                t = i["tauargus_table_without_groupings"]
                print(f"      τ-ARGUS table without the grouping: [{t['lower']}, {t['upper']}]")
    print(f"wrote {OUT.relative_to(ROOT)}")


def run_batch_version() -> str:
    """The engine's version string (what `tauargus --version` prints)."""
    return Engine().version


if __name__ == "__main__":
    main()
