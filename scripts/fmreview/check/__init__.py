"""Pass 1, checking: the rules a source must follow (JSON Schema, text rules, one check_* function per rule),
their documentation for contributors, and problems → text, GitHub annotations or JSON."""
