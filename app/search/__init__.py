"""Full-text search: an Indonesian-aware Whoosh index derived from the database."""
