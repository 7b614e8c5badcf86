"""Answering: turning a worker's question and the knowledge base into a cited answer."""
