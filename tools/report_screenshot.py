#!/usr/bin/env python3
"""Render the HTML report of examples/ in headless Chromium and save a screenshot.

Usage:  python tools/report_screenshot.py [OUT.png]     (default: docs/img/report.png)

Needs Debian's Chromium (``apt-get install chromium``) and, for Chinese text that reads
well, a CJK font (``apt-get install fonts-noto-cjk``). tests/test_html_report.py opens
the report in the same browser with the same flags (``chromium_command``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless on a machine without a display, a GPU, a sandbox or a network.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def chromium_command(browser: str, profile: Path, *args: str) -> list[str]:
    """A headless Chromium run with a fresh profile directory."""
    return [browser, *FLAGS, f"--user-data-dir={profile}", *args]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "docs" / "img" / "report.png"
    browser = find_chromium()
    if browser is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "normtools",
                "check",
                "--format",
                "html",
                "-o",
                str(report),
                "examples/notice.txt",
                "examples/speech-labour-day.txt",
            ],
            cwd=ROOT,
            check=False,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        cmd = chromium_command(
            browser,
            Path(tmp) / "profile",
            "--window-size=1000,1400",
            f"--screenshot={out.resolve()}",
            report.as_uri(),
        )
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.exists():
            print(done.stderr[-2000:], file=sys.stderr)
            return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
