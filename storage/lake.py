"""DuckLake: the same schema and SQL on a lake that takes several writers (catalog in PostgreSQL, SQLite or a
DuckDB file; data files on a shared path or object storage). Extensions load from their PyPI packages, so a
machine without internet can use it."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb

from parsers.errors import StorageError

PREFIX = "ducklake:"
ALIAS = "prisonwatch_lake"
# The DuckDB extension each catalog needs: PyPI package suffix and the extension's own name.
SCANNERS = {"postgres:": ("postgres", "postgres_scanner"), "sqlite:": ("sqlite", "sqlite_scanner")}


def is_lake(target: Path | str | None) -> bool:
    """True for a DuckLake target such as ducklake:postgres:dbname=prisonwatch host=db.internal."""
    return target is not None and str(target).startswith(PREFIX)


def describe(target: str) -> str:
    """The target without a password, for logs and errors."""
    return re.sub(r"(password=)\S+", r"\1***", target)


def data_path(target: str) -> str | None:
    """$PRISONWATCH_LAKE_DATA_PATH, else a folder beside a file catalog; None lets an existing lake use the
    path it was created with (DuckLake records it in the catalog)."""
    if os.environ.get("PRISONWATCH_LAKE_DATA_PATH"):
        return os.environ["PRISONWATCH_LAKE_DATA_PATH"]
    catalog = catalog_file(target)
    return None if catalog is None else str(catalog.with_name(catalog.stem + ".files")) + os.sep


def catalog_file(target: str) -> Path | None:
    """The catalog's file for a DuckDB-file or SQLite catalog; None for a server or hosted catalog."""
    catalog = target[len(PREFIX) :]
    if catalog.startswith("sqlite:"):
        return Path(catalog[len("sqlite:") :])
    if ":" in catalog.split("/", 1)[0] or "=" in catalog:  # postgres:..., md:..., a connection string
        return None
    return Path(catalog)


def make_folders(target: str) -> None:
    """Create the folders of a file catalog and of a local data path (DuckLake creates neither)."""
    catalog = catalog_file(target)
    if catalog is not None:
        catalog.parent.mkdir(parents=True, exist_ok=True)
    path = data_path(target)
    if path and "://" not in path:
        Path(path).mkdir(parents=True, exist_ok=True)


def extension_dir() -> Path:
    """$PRISONWATCH_EXTENSION_DIR, else a folder in the temp directory named after the duckdb version."""
    default = Path(tempfile.gettempdir()) / f"prisonwatch-duckdb-{duckdb.__version__}"
    return Path(os.environ.get("PRISONWATCH_EXTENSION_DIR") or default)


def extension_file(package: str, name: str) -> Path:
    """The extension shipped in duckdb-extension-<package>, copied once under its own name (DuckDB checks the
    file name against the entry point) into $PRISONWATCH_EXTENSION_DIR or a folder in the temp dir."""
    try:
        module = importlib.import_module(f"duckdb_extension_{package}")
    except ImportError as exc:
        raise StorageError(
            f"DuckLake needs the duckdb-extension-{package} package (pip install "
            f"duckdb-extension-{package}=={duckdb.__version__})"
        ) from exc
    source = Path(module.__path__[0]) / "extensions" / f"v{duckdb.__version__}" / f"{package}.duckdb_extension"
    if not source.exists():
        raise StorageError(f"duckdb-extension-{package} does not match duckdb {duckdb.__version__}: no {source}")
    folder = extension_dir()
    target = folder / f"{name}.duckdb_extension"
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)  # atomic: processes starting together never load a half-copied file
    return target


def open_lake(target: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached and selected, so unqualified names are the lake's tables."""
    con = duckdb.connect(
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "extension_directory": str(extension_dir()),  # never ~/.duckdb, even if something tries to install
        }
    )
    try:
        con.execute(f"LOAD '{extension_file('ducklake', 'ducklake')}'")
        catalog = target[len(PREFIX) :]
        for prefix, (package, name) in SCANNERS.items():
            if catalog.startswith(prefix):
                con.execute(f"LOAD '{extension_file(package, name)}'")
        options = []
        path = data_path(target)
        if path and not read_only:
            options.append(f"DATA_PATH '{_quote(path)}'")
        if read_only:
            options.append("READ_ONLY")
        suffix = f" ({', '.join(options)})" if options else ""
        con.execute(f"ATTACH '{_quote(target)}' AS {ALIAS}{suffix}")
        con.execute(f"USE {ALIAS}")
    except Exception:
        con.close()
        raise
    return con


def _quote(text: str) -> str:
    return text.replace("'", "''")


def lake_sql(sql: str) -> str:
    """A migration written for a DuckDB file, for DuckLake: no primary keys, sequences or defaults from
    them (DuckLake has no indexes). Uniqueness is kept by the writes themselves (MERGE on the key, and
    conflicting transactions retried; see storage.db.write)."""
    sql = re.sub(r"CREATE SEQUENCE( IF NOT EXISTS)? \w+;", "", sql)
    sql = re.sub(r"\s+DEFAULT nextval\('\w+'\)", "", sql)
    sql = re.sub(r",\s*PRIMARY KEY \([^)]*\)", "", sql)
    return re.sub(r"\s+PRIMARY KEY(?=[,\s)])", "", sql)


def is_conflict(exc: Exception) -> bool:
    """A commit refused because another writer changed the same tables first, or a SQLite catalog busy with
    another writer's commit: retry the transaction."""
    text = str(exc).lower()
    return (isinstance(exc, duckdb.TransactionException) and "conflict" in text) or "database is locked" in text


def is_creation_race(exc: Exception) -> bool:
    """Two processes creating the same new lake's catalog at once: the loser retries and finds it made."""
    text = str(exc)
    return "Failed to initialize DuckLake" in text and any(
        sign in text for sign in ("already exists", "duplicate key", "database is locked")
    )
