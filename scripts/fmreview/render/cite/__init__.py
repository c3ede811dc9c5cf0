"""Citation formats from the same records: BibTeX, RIS, CSL-JSON, their keys and the files listing them."""
