"""Using dashi from a script: check a folder, list who must renew, date a notice.

Run from the repository's root:  python examples/api_example.py
Everything comes back as typed values; nothing is printed by dashi itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashi_cli import api

HERE = Path(__file__).parent
AS_OF = date(2026, 11, 26)


def main() -> None:
    # 1. One dossier, read into the model.
    loaded = api.load_dossier(HERE / "annotated.yaml")
    leader = loaded.dossier.leader
    print("leader:", leader.name if leader else None, "| reading problems:", len(loaded.findings))

    # 2. A whole folder, as one batch (cross-dossier rules included), errors only.
    report = api.check_paths([HERE], as_of=AS_OF, ignore=["R"])
    for result in report.dossiers:
        errors = sorted({f.code for f in result.findings if f.severity is api.Severity.ERROR})
        verdict = "eligible" if result.eligible else "not eligible"
        print(f"{Path(result.path).name}: {verdict} {' '.join(errors)}")

    # 3. When does a public notice starting on 2025-09-28 end? (5 working days)
    notice = api.notice_end(date(2025, 9, 28))
    print("notice ends:", notice.end, "| calendar:", notice.calendar)

    # 4. Until when is a studio certified on 2022-04-27 and renewed 2027-03-01 valid?
    print("valid through:", api.valid_through(date(2022, 4, 27), [date(2027, 3, 1)]))


if __name__ == "__main__":
    main()
