"""The knowledge folder: snippet files (Markdown + YAML front matter), parsed, validated and cut into chunks."""
