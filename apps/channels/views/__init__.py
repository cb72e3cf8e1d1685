"""Channel pages, one module per concern: partners, applications, scorecards, the partner portal."""
