"""The meta-analysis: corpus → tables and counts → facts and figures → SVG charts and CSVs."""
