"""12351 worker-service assistant: retrieval-grounded answers to workers' labour-rights questions."""

__version__ = "0.1.0"
