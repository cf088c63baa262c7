"""Pages from the model: themes and their templates, rendered to bytes without touching
the disk or the clock."""
