"""Pure string algorithms shared by every layer (script and dialect normalisation)."""
