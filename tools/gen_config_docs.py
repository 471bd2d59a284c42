#!/usr/bin/env python3
"""Write docs/configuration.md and docs/schema/normtools-config.schema.json from the
declarations of every configuration key (normtools.settings, normtools.config).

Usage:  python tools/gen_config_docs.py        (tests/test_config.py checks they are current)
"""

from __future__ import annotations

import json
from pathlib import Path

from normtools.config import Config
from normtools.settings import Settings, json_schema, reference_markdown

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "configuration.md"
SCHEMA = ROOT / "docs" / "schema" / "normtools-config.schema.json"


def generated() -> dict[Path, str]:
    schema = json.dumps(json_schema(Config, Settings), ensure_ascii=False, indent=2) + "\n"
    return {REFERENCE: reference_markdown(Config, Settings), SCHEMA: schema}


def main() -> int:
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
