"""A Markdown summary for ``$GITHUB_STEP_SUMMARY``: GitHub shows only ten annotations
per step, so the job summary is where the rest is seen.

Counts per rule and per file, then the first findings, each linked to its line when
the workflow's environment names the repository and commit. Paths are relative to the
repository root. Written whatever ``--format`` is.
"""

from __future__ import annotations

import os
from collections import Counter

from normtools.output import Report
from normtools.output.display import visible

FIRST = 50  # findings listed one by one
TOP_FILES = 30


def render(report: Report) -> str:
    ds = [d for d in report.diagnostics if not d.suppressed]
    say = report.say
    files = {report.ci_path(d.path) for d in ds}
    out = ["## normtools", ""]
    fixed = report.extra.get("fixed")
    if isinstance(fixed, str):
        out += [fixed, ""]
    if not ds:
        out += [say("no-problems"), ""]
        return "\n".join(out)
    fixable = sum(d.fixable for d in ds)
    out += [say("summary", n=len(ds), files=len(files), fixable=fixable), ""]
    by_rule = Counter((d.code, d.name) for d in ds)
    out += [
        f"| {say('code')} | {say('name')} | {say('count')} | {say('description')} |",
        "|---|---|--:|---|",
    ]
    for (code, name), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = report.rule(code)
        text = report.description(rule) if rule is not None else ""
        out.append(f"| {code} | {_text(name)} | {n} | {_text(text)} |")
    out.append("")
    by_file = Counter(report.ci_path(d.path) for d in ds)
    out += [f"| {say('file')} | {say('count')} |", "|---|--:|"]
    ranked = sorted(by_file.items(), key=lambda kv: (-kv[1], kv[0]))
    for path, n in ranked[:TOP_FILES]:
        out.append(f"| {_code(path)} | {n} |")
    if len(ranked) > TOP_FILES:
        out.append(f"| {say('more', n=len(ranked) - TOP_FILES)} | |")
    out += ["", f"### {say('first-findings')}", ""]
    for d in ds[:FIRST]:
        path = report.ci_path(d.path)
        where = _link(f"{path}:{d.line}:{d.column}", path, d.line)
        mark = " [*]" if d.fixable else ""
        out.append(f"- {where} **{d.code}**{mark} {_text(visible(report.message(d)))}")
    if len(ds) > FIRST:
        out.append(f"- {say('more', n=len(ds) - FIRST)}")
    out.append("")
    return "\n".join(out)


def _link(label: str, path: str, line: int) -> str:
    """A link to the line on GitHub when the workflow's environment says where."""
    server = os.environ.get("GITHUB_SERVER_URL")
    repo = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    if not (server and repo and sha) or path.startswith("/") or path == "-":
        return _code(label)
    from urllib.parse import quote

    return f"[{_code(label)}]({server}/{repo}/blob/{sha}/{quote(path)}#L{line})"


def _code(text: str) -> str:
    """Inline code that survives any backticks inside."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def _text(text: str) -> str:
    """Plain text in Markdown: characters that would start markup are escaped."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>|#!~":
            out.append("\\" + ch)
        elif ch in "\n\r":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
