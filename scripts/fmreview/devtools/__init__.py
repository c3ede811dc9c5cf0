"""Maintainer tools that are not part of `review`: benchmarks that need Chromium or take many minutes, and the
README screenshot. Run them as modules (`python -m fmreview.devtools.<name>`) or through the Makefile's
`bench-explorer` and `screenshot` targets."""
