"""Audit the installed Python packages for known vulnerabilities (CI, issue 13).

Runs ``pip-audit`` (pinned in requirements.txt) on the project's virtualenv, every
installed package included, against PyPI's advisory data (the JSON API's
``vulnerabilities``), then OSV when PyPI could not answer for some packages.

pip-audit alone says "No known vulnerabilities found" and exits 0 when the
advisory service cannot be reached: every package is then merely *skipped*
("Dependency not found on PyPI and could not be audited"). This script never
lets that pass as a clean audit:

- a known vulnerability: the report, and exit status 1;
- packages that could not be checked (service unreachable or incomplete): a
  banner "DEPENDENCY AUDIT NOT DONE" with how many and why, and exit status 3 with
  ``REQUIRE_AUDIT=1`` (release pipelines that reach the advisory services), 0
  otherwise so that a CI machine without that access still runs (``.ci/run``
  prints the outcome in its last line);
- everything checked and clean: "no known vulnerabilities in N packages", 0.

Usage: ``python scripts/audit_dependencies.py [--summary FILE]``; ``--summary``
writes the one-line outcome (``clean``, ``vulnerable`` or ``not-audited``) there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
# Packages of the project itself are not on PyPI.
SKIP_ARGS = ["--skip-editable"]


def run_audit(service: str) -> tuple[dict | None, str]:
    """pip-audit's JSON report for ``service``, or None and the reason."""
    command = [
        str(BIN / "pip-audit"),
        "--vulnerability-service",
        service,
        "--format",
        "json",
        "--progress-spinner",
        "off",
        *SKIP_ARGS,
    ]
    try:
        result = subprocess.run(  # noqa: S603 - our own pinned tool
            command, capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"{service}: {error}"
    try:
        report = json.loads(result.stdout or "null")
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict):
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"{service}: {last[:300]}"
    return report, ""


def skipped(report: dict) -> dict[str, str]:
    return {
        f"{d['name']}=={d.get('version', '?')}": d["skip_reason"]
        for d in report.get("dependencies", [])
        if d.get("skip_reason")
    }


def vulnerable(report: dict) -> list[tuple[str, str, list[str]]]:
    found = []
    for dependency in report.get("dependencies", []):
        for vuln in dependency.get("vulns", []):
            found.append(
                (
                    f"{dependency['name']}=={dependency.get('version', '?')}",
                    vuln.get("id", "?"),
                    vuln.get("fix_versions", []),
                )
            )
    return found


def audit() -> tuple[str, list[str]]:
    """(outcome, lines to print)."""
    lines: list[str] = []
    report, error = run_audit("pypi")
    reports = [report] if report is not None else []
    errors = [error] if error else []
    missing = skipped(report) if report is not None else {"*": error}
    if missing:
        # Ask OSV for what PyPI could not answer (it audits every package again;
        # a package OSV checks counts as checked).
        osv, osv_error = run_audit("osv")
        if osv is not None:
            reports.append(osv)
            checked_by_osv = {
                f"{d['name']}=={d.get('version', '?')}"
                for d in osv.get("dependencies", [])
                if not d.get("skip_reason")
            }
            missing = {k: v for k, v in missing.items() if k not in checked_by_osv}
            if "*" in missing and checked_by_osv:
                missing.pop("*")
        else:
            errors.append(osv_error)
    total = max((len(r.get("dependencies", [])) for r in reports), default=0)
    vulns = sorted({v for r in reports for v in map(_hashable, vulnerable(r))})
    if vulns:
        lines.append(
            f"[audit] KNOWN VULNERABILITIES in {len({v[0] for v in vulns})} package(s):"
        )
        for package, ident, fixes in vulns:
            fix = f" (fixed in {', '.join(fixes)})" if fixes else " (no fix yet)"
            lines.append(f"[audit]   {package}: {ident}{fix}")
    if missing:
        count = total if "*" in missing else len(missing)
        lines.append("[audit] " + "=" * 66)
        lines.append(
            f"[audit] DEPENDENCY AUDIT NOT DONE: {count} of {total or '?'} "
            "installed packages could not be checked"
        )
        lines.append(
            "[audit] (the vulnerability services did not answer for them: this "
            "is NOT a clean audit)"
        )
        for reason in [*errors, *sorted(set(missing.values()))][:3]:
            lines.append(f"[audit]   {reason[:160]}")
        lines.append("[audit] " + "=" * 66)
        return ("vulnerable" if vulns else "not-audited"), lines
    if vulns:
        return "vulnerable", lines
    lines.append(f"[audit] no known vulnerabilities in {total} installed packages")
    return "clean", lines


def _hashable(item: tuple[str, str, list[str]]) -> tuple[str, str, tuple[str, ...]]:
    package, ident, fixes = item
    return package, ident, tuple(fixes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", type=Path, help="write the outcome here")
    args = parser.parse_args()
    outcome, lines = audit()
    for line in lines:
        print(line, flush=True)  # noqa: T201 - a CI step's output
    if args.summary is not None:
        args.summary.write_text(outcome + "\n", encoding="utf-8")
    if outcome == "vulnerable":
        return 1
    if outcome == "not-audited" and os.environ.get("REQUIRE_AUDIT") == "1":
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
