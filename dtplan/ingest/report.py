"""What an import says back, pure: the one-line summary, the refusal kept by the admin page, and the
frames (Vietnamese column labels) of its errors, its preview and the import history."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dtplan import i18n
from dtplan.ingest.pipeline import Batch, FileCheck
from dtplan.ingest.quality import warning_count, warnings_frame
from dtplan.ingest.readers import CATALOGUE, COLUMNS, KPI, PROGRESS


@dataclass
class LoadResult:
    imports: list[int]
    counts: dict[str, int]
    skipped: list[FileCheck]

    unfilled: int = 0

    def summary(self, dry_run: bool = False) -> str:
        return summary_line(self.counts, len(self.imports), self.skipped, dry_run, self.unfilled)


def summary_line(
    counts: dict[str, int], files: int, skipped: list[FileCheck], dry_run: bool = False, unfilled: int = 0
) -> str:
    if files == 0 and skipped:
        names = "; ".join(_skipped_text(f) for f in skipped)
        return f"Không có gì mới, không thay đổi gì: {names}."
    head = "Kiểm tra xong, không có lỗi (chạy thử, chưa ghi gì)" if dry_run else "Đã nhập"
    parts = [
        f"{head}: {files} tệp",
        f"{counts[KPI]:,} dòng số liệu chỉ tiêu".replace(",", "."),
        f"{counts[PROGRESS]:,} dòng tiến độ nhiệm vụ".replace(",", "."),
        f"{counts[CATALOGUE]:,} nhiệm vụ trong danh mục".replace(",", "."),
    ]
    line = ", ".join(parts)
    if unfilled:
        line += f" (bỏ qua {unfilled} dòng mẫu chưa điền)"
    if skipped:
        names = "; ".join(_skipped_text(f) for f in skipped)
        line += f"; bỏ qua: {names}"
    return line + "."


def _skipped_text(check: FileCheck) -> str:
    """Why a file was skipped: the same bytes were imported before (or twice in this command)."""
    earlier = check.duplicate_of or {}
    when = earlier.get("imported_at")
    if earlier.get("id") is not None and when is not None:
        return (
            f"tệp {check.name} đã được nhập trước đây (lần nhập số {earlier['id']}, tệp '{earlier['filename']}', "
            f"lúc {when:%H:%M %d/%m/%Y})"
        )
    return f"tệp {check.name} giống hệt tệp '{earlier.get('filename', '?')}' đã nhập"


def file_summary(check: FileCheck) -> str:
    """The stored one-line summary of an accepted file."""
    c = check.counts()
    return f"{c[KPI]} dòng chỉ tiêu, {c[PROGRESS]} dòng tiến độ, {c[CATALOGUE]} nhiệm vụ"


@dataclass(frozen=True)
class Refusal:
    """What the admin page keeps of a refused batch: the capped error table, the count, the skipped
    files' names — not the files' bytes nor their tables."""

    frame: pd.DataFrame
    error_count: int
    skipped_names: tuple[str, ...]
    warnings: pd.DataFrame | None = None  # the data-quality warnings of the rows without an error
    warning_count: int = 0

    @classmethod
    def of(cls, batch: Batch) -> Refusal:
        skipped = tuple(f.name for f in batch.files if f.duplicate_of is not None)
        warnings = warnings_frame(batch.warnings), warning_count(batch.warnings)
        return cls(problems_frame(batch), batch.error_count, skipped, *warnings)


def problems_frame(batch: Batch) -> pd.DataFrame:
    labels = i18n.IMPORT_COLUMNS
    return pd.DataFrame(
        {
            labels["file"]: [p.file for p in batch.problems],
            labels["row"]: ["—" if p.row is None else str(p.row) for p in batch.problems],
            labels["column"]: [p.column or "—" for p in batch.problems],
            labels["message"]: [p.message for p in batch.problems],
        }
    )


def preview_frames(batch: Batch, limit: int = 1000) -> dict[str, tuple[pd.DataFrame, int]]:
    """Per kind of rows: the first `limit` clean rows (Vietnamese headers, file and row number first)
    and the total count."""
    out: dict[str, tuple[pd.DataFrame, int]] = {}
    for kind, attr in ((KPI, "kpi"), (PROGRESS, "progress")):
        frames = []
        total = 0
        for check in batch.new_files:
            frame = getattr(check, attr)
            if frame is None:
                continue
            total += len(frame)
            if sum(len(f) for f in frames) < limit:
                head = frame.head(limit).reset_index()
                head.insert(0, "file", check.name)
                frames.append(head)
        if frames:
            view = pd.concat(frames, ignore_index=True).head(limit)
            names = {"file": "Tệp", "row": "Dòng", **COLUMNS[kind]}
            if kind == PROGRESS:
                view["status"] = view["status"].map(i18n.PROGRESS_STATUS)
            out[kind] = (view.rename(columns=names), total)
    tasks = [(check.name, t) for check in batch.new_files for t in check.tasks]
    if tasks:
        names = COLUMNS[CATALOGUE]
        view = pd.DataFrame(
            {
                "Tệp": [n for n, _ in tasks],
                names["code"]: [t.code for _, t in tasks],
                names["appendix"]: [t.appendix for _, t in tasks],
                names["title"]: [t.title for _, t in tasks],
                names["lead"]: [t.lead for _, t in tasks],
                names["partners"]: ["; ".join(t.partners) for _, t in tasks],
                names["start"]: [t.start for _, t in tasks],
                names["due"]: [t.due for _, t in tasks],
            }
        )
        out[CATALOGUE] = (view.head(limit), len(view))
    return out


def history_frame(rows: list[dict]) -> pd.DataFrame:
    labels = i18n.IMPORT_COLUMNS
    return pd.DataFrame(
        {
            labels["id"]: [r["id"] for r in rows],
            labels["imported_at"]: [i18n.datetime(r["imported_at"]) for r in rows],
            labels["imported_by"]: [r["imported_by"] for r in rows],
            labels["filename"]: [r["filename"] for r in rows],
            labels["kind"]: [", ".join(i18n.IMPORT_KIND.get(k, k) for k in str(r["kind"]).split("+")) for r in rows],
            labels["rows"]: [r["rows"] for r in rows],
            labels["outcome"]: [i18n.IMPORT_OUTCOME.get(r["outcome"], r["outcome"]) for r in rows],
            labels["summary"]: [r["summary"] for r in rows],
        }
    )
