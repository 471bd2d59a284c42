"""ZH605: UTF-8 read as Windows-1252/Latin-1 or as GBK; repaired only when exact."""

from __future__ import annotations

import pytest

from normtools import Normalizer

N = Normalizer()


def _garble(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec, errors="replace")


@pytest.mark.parametrize("text", ["中文网站建设", "劳动竞赛总结大会", "同志们，今天开会"])
def test_cp1252_round_trip_is_repaired(text: str) -> None:
    garbled = text.encode("utf-8").decode("latin-1")
    assert N.fix_text(garbled + "\n") == text + "\n"


def test_dash_and_accent() -> None:
    assert N.fix_text("ä»»åŠ¡â€”ç›®çš„\n") == "任务—目的\n"
    assert N.fix_text("cafÃ© au lait\n") == "café au lait\n"


@pytest.mark.parametrize("text", ["劳动竞赛总结大会", "同志们，"])
def test_gbk_round_trip_is_repaired(text: str) -> None:
    assert N.fix_text(_garble(text, "gb18030") + "\n") == text + "\n"


@pytest.mark.parametrize(
    "garbled", ["锟斤拷锟斤拷", "他说鈥溿", _garble("劳动竞赛", "gb18030")[:-1]]
)
def test_unrecoverable_is_reported_not_fixed(garbled: str) -> None:
    text = garbled + "\n"
    assert N.fix_text(text) == text
    assert "ZH605" in [d.code for d in N.check_text(text)]


@pytest.mark.parametrize(
    "text",
    [
        "同志们：今天召开全省劳动竞赛总结大会。",
        "café，naïve，Ångström",
        "“目标——任务”……",
        "鍋炉房",  # a real (if rare) word stays: its GBK bytes are not UTF-8
        "市长 蹇彪",  # a name: its GBK bytes begin one UTF-8 character, then break off
    ],
)
def test_clean_text_is_left_alone(text: str) -> None:
    assert "ZH605" not in [d.code for d in N.check_text(text + "\n")]
