"""One exception tree for prisonwatch; each message says what failed, where, and what to do."""


class PrisonwatchError(Exception):
    """Base of every error prisonwatch raises on purpose."""


class ConfigError(PrisonwatchError):
    """The source list or a setting is invalid (raised at load time)."""


class ParseError(PrisonwatchError):
    """A page or feed could not be read at all."""


class StorageError(PrisonwatchError):
    """The DuckDB file could not be opened or written."""


class AlertError(PrisonwatchError):
    """An alert could not be delivered."""
