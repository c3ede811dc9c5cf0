"""Pass 2: the complete Site → pages, citation files, charts and data, each renderer pure (records in, text or
bytes out); the writer is the one place that touches the disk, and mkdocs builds the result."""
