"""extractor as an HTTP service: the run pipeline, cache and configuration behind FastAPI.

Kept empty so that importing the CLI (which registers `serve`) never loads FastAPI.
"""
