"""The agreement report as CSV (RFC 4180, CRLF line ends) and as JSON."""

from __future__ import annotations

import io
import json

from annotator.domain.agreement import AgreementReport, report_columns, report_rows
from annotator.io.export import write_records


def report_csv(report: AgreementReport) -> str:
    """The report as CSV: `label, measure, value, units` (+ `annotators` for 3+ people)."""
    out = io.StringIO()
    write_records(report_columns(report), report_rows(report), out)
    return out.getvalue()


def report_json(report: AgreementReport) -> str:
    """The report as one JSON object (see the README for its structure)."""
    return json.dumps(
        {
            "annotators": list(report.annotators),
            "labels": list(report.labels),
            "documents": report.documents,
            "tokens": report.tokens,
            "figures": [
                {"label": f.label, "measure": f.measure, "value": f.value, "units": f.units,
                 "annotators": list(f.annotators), "note": f.note}
                for f in report.figures
            ],
        },
        ensure_ascii=False,
        indent=2,
    ) + "\n"
