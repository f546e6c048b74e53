"""The agreement report as CSV (RFC 4180, CRLF line ends) and as JSON, whole or document by
document."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from annotator.domain.agreement import AgreementReport, Figure, report_columns, report_rows
from annotator.domain.agreement_documents import (
    DocumentAgreement,
    document_columns,
    document_rows,
)
from annotator.io.export import write_records


def report_csv(report: AgreementReport) -> str:
    """The report as CSV: `label, measure, value, units` (+ `annotators` for 3+ people, then
    `ci_low, ci_high, ci_undefined_resamples` when the figures carry intervals)."""
    out = io.StringIO()
    write_records(report_columns(report), report_rows(report), out)
    return out.getvalue()


def documents_csv(report: AgreementReport, documents: Sequence[DocumentAgreement]) -> str:
    """Every document's figures as CSV: the report's columns, then `document_id, document_title`."""
    out = io.StringIO()
    write_records(document_columns(report), document_rows(report, documents), out)
    return out.getvalue()


def _figure(fig: Figure, intervals: bool) -> dict[str, object]:
    entry: dict[str, object] = {
        "label": fig.label, "measure": fig.measure, "value": fig.value, "units": fig.units,
        "annotators": list(fig.annotators), "note": fig.note,
    }
    if intervals:
        interval = fig.interval
        entry["ci_low"] = interval.low if interval else None
        entry["ci_high"] = interval.high if interval else None
        entry["ci_undefined_resamples"] = interval.undefined if interval else 0
    return entry


def report_json(report: AgreementReport, documents: Sequence[DocumentAgreement] | None = None) -> str:
    """The report as one JSON object (see the README for its structure); with `documents`, a
    `by_document` list holding each document's id, title, tokens and figures."""
    intervals = report.bootstrap is not None
    whole: dict[str, object] = {
        "annotators": list(report.annotators),
        "labels": list(report.labels),
        "documents": report.documents,
        "tokens": report.tokens,
        "figures": [_figure(f, intervals) for f in report.figures],
    }
    if report.bootstrap is not None:
        whole["bootstrap"] = {
            "resamples": report.bootstrap.resamples, "seed": report.bootstrap.seed,
            "level": report.bootstrap.level,
            "max_undefined_share": report.bootstrap.max_undefined_share,
        }
    if documents is not None:
        whole["by_document"] = [
            {"document_id": str(doc.document), "document_title": doc.title, "tokens": doc.tokens,
             "figures": [_figure(f, False) for f in doc.figures]}
            for doc in documents
        ]
    return json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
