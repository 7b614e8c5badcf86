"""Everything stored about conversations: turns, feedback, tickets, analytics, retention. All SQL lives here."""
