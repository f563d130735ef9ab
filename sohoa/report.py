"""Human-readable summaries of Results for the terminal (the demo and ``sohoa extract`` without ``--json``).

Only document types, counts and codes are shown — never field values (they are personal data).
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def print_results_table(results: list[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console(width=160)
    table = Table(title="sohoa extract", show_lines=False)
    for col in ("file", "documents", "fields ok / review / invalid", "issues", "quality", "ms"):
        table.add_column(col, overflow="fold")
    for r in results:
        warnings = ", ".join((r.get("quality") or {}).get("warnings", []))
        total = str(r["timings_ms"].get("total", ""))
        if r.get("error"):
            table.add_row(r["file"], f"[red]{r['error']['code']}[/red]", "", "", warnings, total)
            continue
        docs = r["documents"]
        statuses = [f["status"] for d in docs for f in d["fields"].values()]
        counts = f"{statuses.count('ok')} / {statuses.count('review')} / {statuses.count('invalid')}"
        types = ", ".join(d["type"] + (" ⚑" if d["needs_review"] else "") for d in docs)
        issues = ", ".join(sorted({i["code"] for d in docs for i in d["issues"]}))
        table.add_row(r["file"], types, counts, issues, warnings, total)
    console.print(table)
    done = sum(1 for r in results if not r.get("error"))
    console.print(f"{done}/{len(results)} files processed; ⚑ = needs review")
