"""Storage: SQLite corpus (FTS5 over the normalised view) and near-duplicate clustering."""
