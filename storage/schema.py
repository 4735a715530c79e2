"""Ordered, named migrations. Each runs once; the names applied are recorded in the database."""

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_core",
        """
        CREATE TABLE sources (
            source_id TEXT PRIMARY KEY, kind TEXT NOT NULL, url TEXT NOT NULL, lang TEXT,
            selector TEXT, updated_at TIMESTAMP NOT NULL
        );
        CREATE SEQUENCE fetch_seq;
        CREATE TABLE fetches (
            fetch_id BIGINT PRIMARY KEY DEFAULT nextval('fetch_seq'), run_id TEXT NOT NULL,
            source_id TEXT NOT NULL, url TEXT NOT NULL, fetched_at TIMESTAMP NOT NULL,
            outcome TEXT NOT NULL, http_status INTEGER, etag TEXT, last_modified TEXT, content_hash TEXT,
            error TEXT, elapsed_ms INTEGER
        );
        CREATE TABLE http_cache (
            url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, content_hash TEXT, fetched_at TIMESTAMP
        );
        CREATE TABLE documents (
            document_id TEXT PRIMARY KEY, url TEXT NOT NULL, source_id TEXT NOT NULL, title TEXT,
            published TEXT, lang TEXT, relevant BOOLEAN NOT NULL, text TEXT, content_hash TEXT NOT NULL,
            first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL, extractor_version TEXT
        );
        CREATE TABLE claims (
            claim_id TEXT PRIMARY KEY, document_id TEXT NOT NULL, metric TEXT NOT NULL,
            value BIGINT NOT NULL, qualifier TEXT NOT NULL, org TEXT NOT NULL, "group" TEXT, scope TEXT,
            as_of TEXT, since TEXT, evidence TEXT NOT NULL, extractor_version TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL
        );
        CREATE TABLE baselines (
            metric TEXT NOT NULL, org TEXT NOT NULL, "group" TEXT, scope TEXT, since TEXT,
            value BIGINT NOT NULL, qualifier TEXT NOT NULL, as_of TEXT NOT NULL, derived BOOLEAN NOT NULL,
            evidence TEXT NOT NULL, citation TEXT NOT NULL
        );
        CREATE TABLE alerts (
            alert_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, metric TEXT NOT NULL, org TEXT NOT NULL,
            "group" TEXT, scope TEXT, since TEXT, old_value BIGINT, new_value BIGINT NOT NULL,
            baseline_value BIGINT, as_of TEXT, claim_id TEXT NOT NULL, url TEXT, evidence TEXT,
            message TEXT NOT NULL, payload JSON NOT NULL, created_at TIMESTAMP NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending', sent_at TIMESTAMP
        );
        CREATE TABLE deliveries (
            alert_id TEXT NOT NULL, destination TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, updated_at TIMESTAMP NOT NULL,
            PRIMARY KEY (alert_id, destination)
        );
        """,
    ),
    (
        "0002_views",
        """
        CREATE VIEW claims_with_source AS
            SELECT c.*, d.url, d.title, d.published, d.source_id, d.first_seen AS fetched_at
            FROM claims c JOIN documents d USING (document_id);
        CREATE VIEW latest_counts AS
            SELECT metric, org, "group", scope, since, value, qualifier, as_of, url, evidence,
                   count(*) OVER (PARTITION BY metric, org, "group", scope, since, value) AS documents
            FROM claims_with_source
            QUALIFY row_number() OVER (
                PARTITION BY metric, org, "group", scope, since
                ORDER BY as_of DESC NULLS LAST, published DESC NULLS LAST, created_at DESC) = 1;
        """,
    ),
    (
        "0003_messages_outbox",
        """
        CREATE TABLE messages (
            message_id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
            payload JSON NOT NULL, created_at TIMESTAMP NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
            sent_at TIMESTAMP
        );
        INSERT INTO messages
            SELECT alert_id, 'alert', 'prisonwatch', message, payload, created_at, status, sent_at FROM alerts;
        CREATE TABLE alerts_v3 (
            alert_id TEXT PRIMARY KEY, outcome TEXT NOT NULL, metric TEXT NOT NULL, org TEXT NOT NULL,
            "group" TEXT, scope TEXT, since TEXT, old_value BIGINT, new_value BIGINT NOT NULL,
            baseline_value BIGINT, as_of TEXT, claim_id TEXT NOT NULL, url TEXT, evidence TEXT,
            message TEXT NOT NULL, payload JSON NOT NULL, created_at TIMESTAMP NOT NULL, message_id TEXT NOT NULL
        );
        INSERT INTO alerts_v3
            SELECT alert_id, outcome, metric, org, "group", scope, since, old_value, new_value, baseline_value,
                   as_of, claim_id, url, evidence, message, payload, created_at, alert_id FROM alerts;
        DROP TABLE alerts;
        ALTER TABLE alerts_v3 RENAME TO alerts;
        CREATE TABLE deliveries_v3 (
            message_id TEXT NOT NULL, destination TEXT NOT NULL, status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, updated_at TIMESTAMP NOT NULL,
            PRIMARY KEY (message_id, destination)
        );
        INSERT INTO deliveries_v3 SELECT * FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_v3 RENAME TO deliveries;
        """,
    ),
    (
        "0004_source_runs",
        """
        CREATE TABLE source_runs (
            run_id TEXT NOT NULL, source_id TEXT NOT NULL, finished_at TIMESTAMP NOT NULL, ok BOOLEAN NOT NULL,
            error TEXT, documents INTEGER NOT NULL, relevant_documents INTEGER NOT NULL,
            claims_added INTEGER NOT NULL, PRIMARY KEY (run_id, source_id)
        );
        """,
    ),
]
