"""A summary as plain text for the terminal (``conduct-nlp summarize`` without an output file)."""

from __future__ import annotations

from .tally import ALL

__all__ = ["format_summary"]


def _pct(x: float | None) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def format_summary(summary, flagged: int = 20) -> str:
    """Rows read and left out, the overall rate of each label with its interval, flagged changes, the ranking."""
    info, tables = summary.info, summary.tables
    lines = [f"{info['input']}: {info['rows_read']} rows read, {info['rows_counted']} counted, "
             f"{info['error_rows']} error rows left out"
             + (f", {info['date_problems']} rows without a readable date (left out of the trend)"
                if info["time_column"] else "")]
    for e in tables["errors"]:
        lines.append(f"  {e['problem']}: {e['kind']}: {e['count']} (rows {', '.join(map(str, e['example_rows']))}"
                     f"{' …' if e['count'] > len(e['example_rows']) else ''})")
    lines.append(f"\nall comments (rate, {info['interval']}):")
    for r in tables["groups"]:
        if r["group_by"] == ALL:
            lines.append(f"  {r['label']:26s} {r['count']:8d}  {_pct(r['rate'])}  "
                         f"[{_pct(r['ci_low'])}, {_pct(r['ci_high'])}]")
    if info["time_column"]:
        hits = [r for r in tables["trend"] if r["significant"]]
        lines.append(f"\nchanges beyond chance ({len(hits)}; {info['trend_test']}):")
        for r in hits[:flagged]:
            lines.append(f"  {r['group_by']}={r['group']} {r['prev_period']} → {r['period']} {r['label']}: "
                         f"{r['change_per_100']:+.1f} per 100 (adjusted p {r['p_adjusted']:.2g}, {r['test']})")
        if len(hits) > flagged:
            lines.append(f"  … {len(hits) - flagged} more in the CSV/JSON output")
    for col in info["by"]:
        first = [r for r in tables["top"] if r["group_by"] == col and r["rank"] == 1]
        if first:
            lines.append(f"\nhighest violation rate by {col} (groups with >= {info['min_count']} comments):")
            for r in first:
                lines.append(f"  {r['norm']:13s} {r['group']}: {_pct(r['rate'])} of {r['n']}")
    return "\n".join(lines)
