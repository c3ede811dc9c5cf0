"""Pass 1, reading: every source file (entries, vocabularies, registries, triage, CITATION.cff, docs/) → typed
records and problems, gathered into one Site. Nothing here renders or writes."""
