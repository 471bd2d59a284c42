"""One self-contained HTML page for people who never open a terminal: each file, each
finding highlighted in its paragraph with the proposed change (as a word processor's
tracked changes show it), the findings grouped by rule, with counts.

No script, no font, no image, no link outside the page: a Content-Security-Policy
forbids loading anything, so the page reads the same mailed, opened from a share or
printed. Every piece of text from a file, a path or a message is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

from normtools import __version__, i18n
from normtools.diagnostics import Diagnostic
from normtools.output import Report
from normtools.output.display import hidden
from normtools.text import line_starts

EXCERPT = 14  # characters of context either side of a finding in the by-rule lists
# Characters a reader cannot see, named where a change deletes or inserts them.
CHAR_NAMES = {
    "\u3000": "full-width space",
    "\u00a0": "no-break space",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
    "\t": "tab",
    "\n": "line end",
    "\r": "carriage return",
    " ": "space",
}

STYLE = """
:root { color-scheme: light; --ink: #1d1d1f; --muted: #6e6e73; --line: #d2d2d7;
  --del: #b3261e; --del-bg: #fde7e7; --ins: #1b6e2b; --ins-bg: #e3f6e5; --mark: #fff2b3;
  --error: #b3261e; --warning: #8a5a00; --info: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 4rem; color: var(--ink);
  font: 16px/1.7 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
  sans-serif; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
p.summary { font-size: 1.1rem; margin: .25rem 0; }
p.legend, p.meta { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
a { color: var(--info); }
.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-weight: 600; white-space: nowrap; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); }
.sev-info { color: var(--info); }
.count { color: var(--muted); font-weight: normal; font-size: .95rem; }
.para { display: grid; grid-template-columns: 3rem 1fr; gap: 0 .75rem; margin: 0 0 1.25rem; }
.lineno { color: var(--muted); text-align: right; font-size: .85rem; padding-top: .2rem;
  font-variant-numeric: tabular-nums; }
.text { margin: 0; font-size: 1.1rem; line-height: 2; overflow-wrap: anywhere;
  white-space: pre-wrap; }
ol.findings { grid-column: 2; margin: .25rem 0 0; padding-left: 1.5rem; font-size: .92rem; }
ol.findings li { margin: .15rem 0; }
del { color: var(--del); background: var(--del-bg); text-decoration: line-through 2px; }
ins { color: var(--ins); background: var(--ins-bg); text-decoration: underline 2px; }
mark { background: var(--mark); color: inherit; border-radius: 2px; }
sup { font-size: .7rem; line-height: 0; }
sup a { text-decoration: none; }
.inv { font-size: .7rem; border: 1px solid currentColor; border-radius: 3px;
  padding: 0 .2em; margin: 0 .1em; white-space: nowrap; vertical-align: middle; }
ul.where { list-style: none; padding: 0; margin: .25rem 0 0; font-size: .95rem; }
ul.where li { margin: .2rem 0; overflow-wrap: anywhere; }
.excerpt { white-space: pre-wrap; }
details { margin: .25rem 0 .75rem; } summary { cursor: pointer; color: var(--muted); }
pre.help { white-space: pre-wrap; font: inherit; font-size: .9rem; margin: .5rem 0; }
.top { font-size: .85rem; }
@media print { a { color: inherit; text-decoration: none; } .top { display: none; }
  h2 { break-after: avoid; } .para { break-inside: avoid; } }
"""


@dataclass(frozen=True)
class _Item:
    """A finding placed in its file: its number there and its span in its first line."""

    number: int
    d: Diagnostic
    line_start: int  # offset of the first line in the file's text
    start: int  # in the line
    end: int  # in the line (clipped to its end)


def render(report: Report) -> str:
    esc = _escape
    say = report.say
    shown = list(report.diagnostics)
    files: dict[str, list[Diagnostic]] = {}
    for d in shown:
        files.setdefault(d.path, []).append(d)
    file_ids = {path: f"f{i + 1}" for i, path in enumerate(files)}
    counted = [d for d in shown if not d.suppressed]
    fixable = sum(d.fixable for d in counted)
    lang = "zh-CN" if report.lang == "zh" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="generator" content="normtools">',
        f"<title>{esc(say('report-title'))}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        '<header id="top">',
        f"<h1>{esc(say('report-title'))}</h1>",
    ]
    if counted:
        summary = say("summary", n=len(counted), files=len(files), fixable=fixable)
        out.append(f'<p class="summary">{esc(summary)}</p>')
        out.append(f'<p class="legend">{esc(say("legend"))}</p>')
    else:
        out.append(f'<p class="summary">{esc(say("no-problems"))}</p>')
    out.append(f'<p class="meta">normtools {esc(__version__)}</p>')
    out.append("</header>")
    if shown:
        out += _file_table(report, files, file_ids)
        out.append(f'<h2 id="files">{esc(say("by-file"))}</h2>')
        items_by_file: dict[str, list[_Item]] = {}
        for path, ds in files.items():
            items = _items(ds, report.sources.get(path))
            items_by_file[path] = items
            out += _file_section(report, path, file_ids[path], ds, items)
        out.append(f'<h2 id="rules">{esc(say("by-rule"))}</h2>')
        out += _rule_table(report, counted)
        out += _rule_sections(report, files, file_ids, items_by_file)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


# -- overview ------------------------------------------------------------------------------


def _file_table(
    report: Report, files: dict[str, list[Diagnostic]], file_ids: dict[str, str]
) -> list[str]:
    """Each file with its count, and a way to the findings grouped by rule."""
    esc, say = _escape, report.say
    out = [
        "<nav>",
        "<table>",
        f"<thead><tr><th>{esc(say('file'))}</th>"
        f'<th class="n">{esc(say("count"))}</th></tr></thead>',
        "<tbody>",
    ]
    for path, ds in files.items():
        n = sum(not d.suppressed for d in ds)
        out.append(
            f'<tr><td><a href="#{file_ids[path]}">{esc(path)}</a></td><td class="n">{n}</td></tr>'
        )
    out += ["</tbody>", "</table>", f'<p><a href="#rules">{esc(say("by-rule"))}</a></p>', "</nav>"]
    return out


def _rule_table(report: Report, counted: list[Diagnostic]) -> list[str]:
    """Each rule that found something, with its count, most frequent first."""
    esc, say = _escape, report.say
    out = [
        "<table>",
        f"<thead><tr><th>{esc(say('code'))}</th><th>{esc(say('description'))}</th>"
        f'<th class="n">{esc(say("count"))}</th></tr></thead>',
        "<tbody>",
    ]
    by_rule = Counter(d.code for d in counted)
    for code, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        rule = report.rule(code)
        severity = rule.severity if rule is not None else "warning"
        text = report.description(rule) if rule is not None else ""
        out.append(
            f'<tr><td><a class="code sev-{esc(severity)}" href="#rule-{esc(code)}">'
            f'{esc(code)}</a></td><td>{esc(text)}</td><td class="n">{n}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    return out


# -- files: each finding in its paragraph --------------------------------------------------


def _items(ds: Sequence[Diagnostic], source: str | None) -> list[_Item]:
    starts = line_starts(source) if source is not None else []
    items = []
    for number, d in enumerate(ds, 1):
        if source is None or not 1 <= d.line <= len(starts):
            items.append(_Item(number, d, -1, 0, 0))
            continue
        begin = starts[d.line - 1]
        stop = starts[d.line] - 1 if d.line < len(starts) else len(source)
        start = min(d.start - begin, stop - begin)
        end = min(max(d.end, d.start) - begin, stop - begin)
        items.append(_Item(number, d, begin, start, end))
    return items


def _file_section(
    report: Report, path: str, fid: str, ds: Sequence[Diagnostic], items: list[_Item]
) -> list[str]:
    esc, say = _escape, report.say
    n = sum(not d.suppressed for d in ds)
    out = [
        f'<section class="file" id="{fid}">',
        f'<h3>{esc(path)} <span class="count">({n} {esc(say("problems"))})</span></h3>',
    ]
    source = report.sources.get(path)
    by_line: dict[int, list[_Item]] = {}
    for item in items:
        by_line.setdefault(item.d.line if item.line_start >= 0 else 0, []).append(item)
    for line_no in sorted(by_line):
        group = by_line[line_no]
        out.append(f'<div class="para" id="{fid}-l{line_no}">')
        if line_no and source is not None:
            begin = group[0].line_start
            end = source.find("\n", begin)
            line = source[begin : end if end >= 0 else len(source)]
            out.append(f'<div class="lineno">{line_no}</div>')
            marked = _paragraph(line, group, fid, report.lang)
            out.append(f'<p class="text" lang="zh-CN">{marked}</p>')
        else:
            out.append('<div class="lineno"></div><p class="text"></p>')
        out.append('<ol class="findings">')
        out += [_finding(report, item, fid, source) for item in group]
        out.append("</ol>")
        out.append("</div>")
    out.append(f'<p class="top"><a href="#top">{esc(say("back"))}</a></p>')
    out.append("</section>")
    return out


def _finding(report: Report, item: _Item, fid: str, source: str | None) -> str:
    esc, say = _escape, report.say
    d = item.d
    mark = " [suppressed]" if d.suppressed else ""
    change = ""
    if d.replacement is not None and source is not None:
        old = source[d.start : d.end]
        change = (
            f" — {esc(say('proposed'))}: {_change(old, d.replacement, report.lang)}"
            if old or d.replacement
            else ""
        )
    elif d.fixable:
        change = f" — {esc(say('file-fix'))}"
    elif not d.suppressed:
        change = f" — {esc(say('suggestion'))}"
    return (
        f'<li value="{item.number}" id="{fid}-d{item.number}">'
        f'<a class="code sev-{esc(d.severity)}" href="#rule-{esc(d.code)}">{esc(d.code)}</a> '
        f"{esc(report.message(d))}{esc(mark)}"
        f'<span class="count"> ({esc(say("line"))} {d.line}:{d.column})</span>{change}</li>'
    )


def _change(old: str, new: str, lang: str, *, arrow: bool = True) -> str:
    """A tracked change: the deleted text struck through, the inserted text underlined
    (with an arrow between them in a list; side by side inside a paragraph)."""
    parts = []
    if old:
        parts.append(f"<del>{_shown(old, lang)}</del>")
    if new:
        parts.append(f"<ins>{_shown(new, lang)}</ins>")
    return (" → " if arrow else "").join(parts)


def _paragraph(line: str, items: list[_Item], fid: str, lang: str) -> str:
    """The line with every finding marked: a fix that overlaps no other finding as a
    tracked change (deleted and inserted text), anything else highlighted; each followed
    by its number, linked to its entry below."""
    spans = [(it.start, it.end) for it in items]

    def overlaps(k: int) -> bool:
        s, e = spans[k]
        for j, (s2, e2) in enumerate(spans):
            if j == k:
                continue
            if s < e and s2 < e2 and s < e2 and s2 < e:
                return True
            if (s == e and s2 < s < e2) or (s2 == e2 and s < s2 < e):
                return True
            if s == e == s2 == e2:
                return True
        return False

    inline = {
        it.number
        for k, it in enumerate(items)
        if it.d.replacement is not None and not overlaps(k) and it.d.end_line == it.d.line
    }
    points = sorted({0, len(line)} | {it.start for it in items} | {it.end for it in items})
    out: list[str] = []
    for i, a in enumerate(points):
        for it in items:  # insertions and file-level findings at this point
            if it.start == it.end == a:
                if it.number in inline and it.d.replacement:
                    out.append(f"<ins>{_shown(it.d.replacement, lang)}</ins>")
                out.append(_sup(it, fid))
        if i + 1 == len(points):
            break
        b = points[i + 1]
        segment = line[a:b]
        covering = [it for it in items if it.start <= a and b <= it.end and it.start < it.end]
        tracked = next((it for it in covering if it.number in inline), None)
        if tracked is not None:
            out.append(_change(segment, tracked.d.replacement or "", lang, arrow=False))
            out.append(_sup(tracked, fid))
        elif covering:
            worst = min(covering, key=lambda it: _rank(it.d.severity))
            severity = _escape(worst.d.severity)
            out.append(f'<mark class="sev-{severity}">{_text(segment, lang)}</mark>')
            out += [_sup(it, fid) for it in covering if it.end == b]
        else:
            out.append(_text(segment, lang))
    return "".join(out)


def _rank(severity: str) -> int:
    return {"error": 0, "warning": 1}.get(severity, 2)


def _sup(item: _Item, fid: str) -> str:
    return f'<sup><a href="#{fid}-d{item.number}">{item.number}</a></sup>'


# -- rules: each rule with its findings ------------------------------------------------------


def _rule_sections(
    report: Report,
    files: dict[str, list[Diagnostic]],
    file_ids: dict[str, str],
    items_by_file: dict[str, list[_Item]],
) -> list[str]:
    from normtools.output.rule import help_text

    esc, say = _escape, report.say
    by_rule: dict[str, list[tuple[str, _Item]]] = {}
    for path in files:
        for item in items_by_file[path]:
            by_rule.setdefault(item.d.code, []).append((path, item))
    out = []
    for code in sorted(by_rule, key=lambda c: (-len(by_rule[c]), c)):
        entries = by_rule[code]
        rule = report.rule(code)
        n = sum(not item.d.suppressed for _, item in entries)
        title = f"{code} {rule.name}" if rule is not None else code
        out.append(f'<section class="rule" id="rule-{esc(code)}">')
        out.append(
            f'<h3><span class="code">{esc(title)}</span> '
            f'<span class="count">({n} {esc(say("problems"))})</span></h3>'
        )
        if rule is not None:
            out.append(f"<p>{esc(report.description(rule))}</p>")
            helps = help_text(rule, report.lang).split("\n", 1)
            if len(helps) > 1:
                out.append(
                    f"<details><summary>{esc(say('examples'))}</summary>"
                    f'<pre class="help" lang="zh-CN">{esc(helps[1].strip())}</pre></details>'
                )
        out.append('<ul class="where">')
        for path, item in entries:
            fid = file_ids[path]
            d = item.d
            anchor = f"#{fid}-l{d.line if item.line_start >= 0 else 0}"
            source = report.sources.get(path)
            excerpt = _excerpt(source, item, report.lang) if source is not None else ""
            out.append(
                f'<li><a href="{anchor}">{esc(path)}:{d.line}:{d.column}</a> '
                f'<span class="excerpt" lang="zh-CN">{excerpt}</span></li>'
            )
        out.append("</ul>")
        out.append(f'<p class="top"><a href="#top">{esc(say("back"))}</a></p>')
        out.append("</section>")
    return out


def _excerpt(source: str, item: _Item, lang: str) -> str:
    """A few characters either side of the finding, on its line, the finding marked."""
    if item.line_start < 0:
        return ""
    end_of_line = source.find("\n", item.line_start)
    line = source[item.line_start : end_of_line if end_of_line >= 0 else len(source)]
    lo, hi = max(item.start - EXCERPT, 0), min(item.end + EXCERPT, len(line))
    before, middle, after = line[lo : item.start], line[item.start : item.end], line[item.end : hi]
    d = item.d
    if d.replacement is not None and d.end_line == d.line:
        core = _change(middle, d.replacement, lang) if (middle or d.replacement) else ""
    else:
        core = f"<mark>{_text(middle, lang)}</mark>" if middle else ""
    return (
        ("…" if lo > 0 else "")
        + _text(before, lang)
        + core
        + _text(after, lang)
        + ("…" if hi < len(line) else "")
    )


# -- text ------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _text(text: str, lang: str) -> str:
    """Text of a file: escaped, characters that show nothing made visible."""
    return _marked(text, lang, hidden)


def _shown(text: str, lang: str) -> str:
    """Text a change deletes or inserts: every blank and invisible character named, since
    a struck-through space is all but invisible."""
    return _marked(text, lang, lambda ch: hidden(ch) or ch in CHAR_NAMES)


def _marked(text: str, lang: str, named: Callable[[str], bool]) -> str:
    """``text`` escaped, with each run of one character that ``named`` picks shown as a
    label: ``full-width space ×2``."""
    out = []
    for ch, run in groupby(text):
        n = len(list(run))
        if named(ch):
            out.append(_label(ch, n, lang))
        else:
            out.append(_escape(ch * n))
    return "".join(out)


def _label(ch: str, n: int, lang: str) -> str:
    code = f"U+{ord(ch):04X}"
    name = CHAR_NAMES.get(ch)
    shown = i18n.term(name, lang) if name else code
    times = f" ×{n}" if n > 1 else ""
    return f'<span class="inv" title="{code}">{_escape(shown)}{times}</span>'
