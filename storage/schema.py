"""Ordered, named migrations. Each runs once; the names applied are recorded in the database."""

# The key of a series (metric, claimant, group, place, counted-since date), the same in SQL and Python
# (storage.queries.series_key).
SERIES_KEY_SQL = (
    "md5(metric || '|' || org || '|' || coalesce(\"group\", '') || '|' || coalesce(scope, '') || '|' || "
    "coalesce(since, ''))"
)

# Rebuilds series_history rows (all, or the series in `where`), sorted so each series stays contiguous.
SERIES_HISTORY_INSERT = """
INSERT INTO series_history
SELECT series_key, metric, org, "group", scope, since, as_of,
       arg_max(value, (coalesce(published, ''), created_at)), count(DISTINCT document_id)::INTEGER,
       count(DISTINCT value) > 1, min(value), max(value)
FROM claims
WHERE as_of IS NOT NULL {where}
GROUP BY ALL
ORDER BY series_key, as_of
"""

VIEWS = """
CREATE VIEW claims_with_source AS
    SELECT c.* EXCLUDE (published), d.url, d.title, d.published, d.source_id, d.first_seen AS fetched_at
    FROM claims c JOIN documents d USING (document_id);
CREATE VIEW latest_counts AS
    SELECT metric, org, "group", scope, since, value, qualifier, as_of, published, documents, url, evidence,
           series_key
    FROM series_latest;
CREATE VIEW count_history AS
    SELECT series_key, metric, org, "group", scope, since, as_of,
           arg_max(value, (coalesce(published, ''), created_at)) AS value,
           count(DISTINCT document_id) AS documents,
           count(DISTINCT value) > 1 AS revised,
           min(value) AS lowest, max(value) AS highest
    FROM claims
    WHERE as_of IS NOT NULL
    GROUP BY ALL;
CREATE VIEW changes AS
    SELECT l.run_id, l.created_at, l.outcome, l.metric, l.org, l."group", l.scope, l.since, l.old_value,
           l.new_value, l.as_of, l.url, l.alert_id, m.status AS alert_status, m.sent_at AS alert_sent_at,
           l.series_key, l.claim_id
    FROM change_log l LEFT JOIN alerts a USING (alert_id) LEFT JOIN messages m ON m.message_id = a.message_id;
CREATE VIEW baseline_comparison AS
    SELECT b.metric, b.org, b."group", b.scope, b.since, b.value AS baseline_value, b.qualifier AS baseline_qualifier,
           b.as_of AS baseline_as_of, b.derived AS baseline_derived, l.value AS latest_value, l.as_of AS latest_as_of,
           l.value - b.value AS difference, l.url AS latest_url
    FROM baselines b LEFT JOIN series_latest l
      ON l.metric = b.metric AND l.org = b.org AND l."group" IS NOT DISTINCT FROM b."group"
     AND l.scope IS NOT DISTINCT FROM b.scope AND l.since IS NOT DISTINCT FROM b.since;
CREATE VIEW source_health AS
    WITH runs AS (
        SELECT source_id, finished_at, ok, error,
               sum(CASE WHEN ok THEN 1 ELSE 0 END) OVER (PARTITION BY source_id ORDER BY finished_at DESC
                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS oks_after
        FROM source_runs
    ), health AS (
        SELECT source_id, max(finished_at) FILTER (WHERE ok) AS last_success,
               max(finished_at) AS last_run,
               arg_max(error, finished_at) FILTER (WHERE NOT ok) AS last_error,
               count(*) FILTER (WHERE NOT ok AND oks_after = 0) AS failure_streak
        FROM runs GROUP BY source_id
    ), docs AS (
        SELECT d.source_id, count(DISTINCT d.document_id) AS documents,
               count(DISTINCT d.document_id) FILTER (WHERE d.relevant) AS relevant_documents,
               max(d.first_seen) FILTER (WHERE d.relevant) AS last_relevant_document,
               count(c.claim_id) AS claims
        FROM documents d LEFT JOIN claims c USING (document_id) GROUP BY d.source_id
    )
    SELECT s.source_id, s.kind, s.url, h.last_run, h.last_success, h.last_error,
           coalesce(h.failure_streak, 0) AS failure_streak, coalesce(d.documents, 0) AS documents,
           coalesce(d.relevant_documents, 0) AS relevant_documents, d.last_relevant_document,
           coalesce(d.claims, 0) AS claims
    FROM sources s LEFT JOIN health h USING (source_id) LEFT JOIN docs d USING (source_id);
"""

COMMENTS = """
COMMENT ON TABLE sources IS 'The configured sources (feeds, searches, pages), one row each.';
COMMENT ON TABLE fetches IS 'Every HTTP request made: outcome (ok, not_modified, unchanged, error), status, error in words.';
COMMENT ON TABLE documents IS 'Every document read: canonical URL, title, publication date, text (relevant ones), raw body (zlib).';
COMMENT ON TABLE claims IS 'Count claims extracted from documents: who says how many people, for which metric, as of when.';
COMMENT ON COLUMN claims.metric IS 'political_prisoners, releases, releases_announced, detentions, disappeared, restricted_liberty';
COMMENT ON COLUMN claims.qualifier IS 'exact, approx, at_least, more_than, fewer_than, up_to';
COMMENT ON COLUMN claims.org IS 'Who asserts the number: foro_penal, government, other_ngo, media, other';
COMMENT ON COLUMN claims."group" IS 'NULL for a total; else men, women, civilians, military, foreigners, minors';
COMMENT ON COLUMN claims.scope IS 'NULL when national; else the prison, city or state the count is limited to';
COMMENT ON COLUMN claims.as_of IS 'The date the count refers to (YYYY-MM-DD, or YYYY-MM for a month)';
COMMENT ON COLUMN claims.since IS 'Start of a cumulative count (releases since 8 January...)';
COMMENT ON COLUMN claims.evidence IS 'The sentence the number comes from';
COMMENT ON COLUMN claims.published IS 'Publication date of the document the claim comes from (copied for fast history)';
COMMENT ON COLUMN claims.series_key IS 'md5 of metric|org|group|scope|since: the series this claim belongs to';
COMMENT ON TABLE baselines IS 'The founding article''s figures (NYT, 17 Nov 2024) every series is compared with.';
COMMENT ON TABLE series_latest IS 'One row per series: its latest value (kept up to date by every run).';
COMMENT ON TABLE change_log IS 'Every outcome of change detection per run: new, changed, revised, reversed, corroborated, unchanged.';
COMMENT ON TABLE alerts IS 'Changes that were alerted, one row each, with the message that carried them.';
COMMENT ON TABLE messages IS 'The outbox: messages written before sending; status pending until every destination has them.';
COMMENT ON TABLE deliveries IS 'Per message and destination (fingerprint only): sent or failed, attempts, last error.';
COMMENT ON TABLE source_runs IS 'Per source and run: ok or failed, documents and claims it gave.';
COMMENT ON VIEW latest_counts IS 'One row per series: latest value, as of, claimant, qualifier, corroborating documents, link.';
COMMENT ON VIEW count_history IS 'A series over time: one row per as_of with the retained value and its corroboration.';
COMMENT ON VIEW claims_with_source IS 'Every claim with its quote, document, source and fetch time.';
COMMENT ON VIEW changes IS 'Every change outcome with its alert status.';
COMMENT ON VIEW baseline_comparison IS 'Each baseline figure next to the latest value of its series.';
COMMENT ON VIEW source_health IS 'Each source: last run, last success, last error, failure streak, documents, claims.';
"""

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
    (
        "0005_analyst_schema",
        """
        CREATE TABLE claims_v5 (
            claim_id TEXT PRIMARY KEY, document_id TEXT NOT NULL, series_key TEXT NOT NULL, metric TEXT NOT NULL,
            value BIGINT NOT NULL, qualifier TEXT NOT NULL, org TEXT NOT NULL, "group" TEXT, scope TEXT,
            as_of TEXT, since TEXT, evidence TEXT NOT NULL, extractor_version TEXT NOT NULL,
            created_at TIMESTAMP NOT NULL, published TEXT
        );
        INSERT INTO claims_v5
            SELECT claim_id, document_id, """
        + SERIES_KEY_SQL
        + """, metric, value, qualifier, org,
                   "group", scope, as_of, since, evidence, extractor_version, created_at,
                   (SELECT d.published FROM documents d WHERE d.document_id = claims.document_id)
            FROM claims;
        DROP VIEW latest_counts;
        DROP VIEW claims_with_source;
        DROP TABLE claims;
        ALTER TABLE claims_v5 RENAME TO claims;
        ALTER TABLE documents ADD COLUMN raw BLOB;
        CREATE TABLE series_latest (
            series_key TEXT PRIMARY KEY, metric TEXT NOT NULL, org TEXT NOT NULL, "group" TEXT, scope TEXT,
            since TEXT, value BIGINT NOT NULL, qualifier TEXT NOT NULL, as_of TEXT, published TEXT, url TEXT,
            evidence TEXT, claim_id TEXT NOT NULL, documents INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL
        );
        CREATE TABLE change_log (
            run_id TEXT NOT NULL, series_key TEXT NOT NULL, outcome TEXT NOT NULL, metric TEXT NOT NULL,
            org TEXT NOT NULL, "group" TEXT, scope TEXT, since TEXT, old_value BIGINT, new_value BIGINT NOT NULL,
            as_of TEXT, claim_id TEXT NOT NULL, url TEXT, alert_id TEXT, created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (run_id, series_key)
        );
        """
        + VIEWS
        + COMMENTS
        + """
        INSERT INTO series_latest
        SELECT series_key, metric, org, "group", scope, since, value, qualifier, as_of, published, url, evidence,
               claim_id, documents, now()
        FROM (SELECT *, count(DISTINCT document_id) OVER (PARTITION BY series_key, value) AS documents
              FROM claims_with_source)
        QUALIFY row_number() OVER (PARTITION BY series_key ORDER BY as_of DESC NULLS LAST, published DESC NULLS LAST,
                                   created_at DESC, claim_id) = 1;
        """,
    ),
    (
        "0006_series_history",
        # count_history from a table kept per series (rebuilt for the series a run touches), written sorted by
        # series so one series is a few contiguous blocks instead of rows scattered over the whole claims table.
        """
        CREATE TABLE series_history (
            series_key TEXT NOT NULL, metric TEXT NOT NULL, org TEXT NOT NULL, "group" TEXT, scope TEXT,
            since TEXT, as_of TEXT NOT NULL, value BIGINT NOT NULL, documents INTEGER NOT NULL,
            revised BOOLEAN NOT NULL, lowest BIGINT NOT NULL, highest BIGINT NOT NULL
        );
        """
        + SERIES_HISTORY_INSERT.format(where="")
        + """;
        CREATE OR REPLACE VIEW count_history AS
            SELECT series_key, metric, org, "group", scope, since, as_of, value, documents, revised, lowest, highest
            FROM series_history;
        COMMENT ON TABLE series_history IS 'One row per series and as_of: retained value and corroboration (behind count_history).';
        COMMENT ON VIEW count_history IS 'A series over time: one row per as_of with the retained value and its corroboration.';
        """,
    ),
]
