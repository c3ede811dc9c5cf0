"""New papers in: pasted records and bibliographic APIs → drafts → entry files for a person to finish, and the
line-preserving edits `review refresh` proposes."""
