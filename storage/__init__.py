"""DuckDB storage: schema, migrations and every SQL statement."""

from storage.db import connect, default_db_path, migrate

__all__ = ["connect", "default_db_path", "migrate"]
