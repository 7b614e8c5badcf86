"""Answering: read a worker's question and story, find the issues, compose cited answers."""
