"""Plain data and rules: documents, labels, spans, offsets. No Qt, no SQL."""
