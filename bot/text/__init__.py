"""Pure string algorithms used by every layer: normalisation, tokens, sentences, similarity, redaction."""
