"""Question in, `Answer` out: scope checks, follow-ups, composition of cited answers, rendering."""
