"""Customer pages, one module per concern (archive, imports, pool, pipeline), each with its own *_urls module."""
