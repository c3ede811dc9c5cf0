"""The living review's engine: entries/*.yaml → validated records → website, BibTeX, charts and data."""
