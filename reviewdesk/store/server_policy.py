"""What each person may see and change on a server, enforced by PostgreSQL itself (issue 22).

Laid over the migrated schema by the database owner (``reviewdesk server init|upgrade``), and
safe to lay again: every statement replaces what it finds. Nothing here runs on a library file.

Roles (group roles without sign-in; people's accounts are made members of one):

- ``reviewdesk_admin``: sees every review's record and decides who leads and who is invited to
  each (``review_member``); not the answers or the analysis.
- ``reviewdesk_lead``: may start reviews (becoming their lead) and manages everything in the
  reviews they lead: record, contributors, answers, analysis, invitations.
- ``reviewdesk_contributor``: reads the reviews they were invited to (record, agencies,
  contributors, chronology) and reads and writes only their own answers, assessments and
  private notes.

Row-level security on every table says which rows each may touch; grants say which statements.
The audit trail is granted SELECT and INSERT only, each reads only the entries about the
reviews they lead (a contributor: their own, about reviews they were invited to; an admin: all),
and its triggers refuse UPDATE, DELETE and TRUNCATE to everyone, the owner included (migration
0002); an insert is accepted only when it
names the signed-in account as "who" and extends the newest entry (no fork, no gap), under the
same advisory lock the app takes (store/audit.py).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from reviewdesk.domain.audit import GENESIS_HASH
from reviewdesk.store.audit import AUDIT_LOCK

ADMIN, LEAD, CONTRIBUTOR = "reviewdesk_admin", "reviewdesk_lead", "reviewdesk_contributor"
USER = "reviewdesk_user"  # every person: the grants common to all three
KINDS = {"admin": ADMIN, "lead": LEAD, "contributor": CONTRIBUTOR}

# Tables whose rows belong to one review (their review_id), and those a contributor may read.
REVIEW_TABLES = (
    "contributor",
    "review_agency",
    "review_child",
    "review_household",
    "pack_sent",
    "pack_received",
    "contribution",
    "chronology_import",
    "chronology_entry",
    "practice_episode",
    "finding",
    "recommendation",
    "action_item",
    "decision",
    "name_key",
    "review_retention",
    "briefing",  # the lead's 7-minute briefing (0010)
    "review_terms",  # the review papers (0011)
    "family_involvement",
    "parallel_process",
    "case_details",  # the case record for analysis: special category, the review's leads only
    "child_details",
    "edit_revision",  # both sides of a conflicting save of the analysis (0015)
    "briefing_part",  # each part of the briefing's version (0017)
)
CONTRIBUTOR_READS = ("contributor", "review_agency", "review_child", "review_household")
CONTRIBUTOR_READS_ANALYSIS = ("chronology_entry",)  # to cite the chronology in answers
# Tables whose rows belong to one contributor (their contributor_id).
OWN_TABLES = (
    "answer",
    "theme_assessment",
    "answer_citation",
    "answer_revision",
    "assessment_revision",  # both sides of a conflicting rating and key learning (0015)
)
PRIVATE_TABLES = ("private_note",)  # the writer's own: not even the lead reads them
# Link tables: (table, column, parent table) whose parent carries the review_id.
LINK_TABLES = (
    ("recommendation_finding", "recommendation_id", "recommendation"),
    ("episode_entry", "episode_id", "practice_episode"),
    ("finding_evidence", "finding_id", "finding"),
    ("action_impact", "action_id", "action_item"),  # an action's dated impact log (0011)
)

_FUNCTIONS = f"""
CREATE TABLE IF NOT EXISTS review_member (
    review_id integer NOT NULL,
    role_name text NOT NULL,
    kind varchar(20) NOT NULL CHECK (kind IN ('lead', 'contributor')),
    contributor_id integer REFERENCES contributor (id) ON DELETE CASCADE,
    CONSTRAINT pk_review_member PRIMARY KEY (review_id, role_name, kind),
    -- checked at commit: a review's first lead is written just before the review itself
    CONSTRAINT fk_review_member_review_id_review FOREIGN KEY (review_id) REFERENCES review (id)
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX IF NOT EXISTS ix_review_member_role_name ON review_member (role_name);

-- Each helper is told who is asking (the policies pass current_user, which inside a SECURITY
-- DEFINER function would be the owner). VOLATILE: each sees rows written earlier in the same
-- statement (a review's first lead, written by the trigger below).
CREATE OR REPLACE FUNCTION rd_is_admin() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT pg_has_role(current_user, '{ADMIN}', 'MEMBER') $$;

CREATE OR REPLACE FUNCTION rd_leads(rid integer, who text) RETURNS boolean LANGUAGE sql
    VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT EXISTS (SELECT 1 FROM review_member WHERE review_id = rid
          AND role_name = who AND kind = 'lead') $$;

CREATE OR REPLACE FUNCTION rd_member(rid integer, who text) RETURNS boolean LANGUAGE sql
    VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT EXISTS (SELECT 1 FROM review_member WHERE review_id = rid
          AND role_name = who) $$;

CREATE OR REPLACE FUNCTION rd_own(cid integer, who text) RETURNS boolean LANGUAGE sql
    VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT EXISTS (SELECT 1 FROM review_member WHERE contributor_id = cid
          AND role_name = who) $$;

CREATE OR REPLACE FUNCTION rd_review_of(tbl text, row_id integer) RETURNS integer
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE found integer;
BEGIN
    IF tbl NOT IN ('contributor', 'recommendation', 'practice_episode', 'finding',
                   'action_item') THEN
        RAISE EXCEPTION 'rd_review_of: % is not a parent table', tbl;
    END IF;
    EXECUTE format('SELECT review_id FROM %I WHERE id = $1', tbl) INTO found USING row_id;
    RETURN found;
END $$;

-- The same questions asked once per statement (an uncorrelated subquery in a policy is run
-- once, not for every row): the reviews someone leads or belongs to, the contributions that are
-- theirs or in a review they lead, and the rows of a parent table in a review they lead.
CREATE OR REPLACE FUNCTION rd_led_reviews(who text) RETURNS SETOF integer LANGUAGE sql STABLE
    SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT review_id FROM review_member WHERE role_name = who AND kind = 'lead' $$;

CREATE OR REPLACE FUNCTION rd_member_reviews(who text) RETURNS SETOF integer LANGUAGE sql
    STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT review_id FROM review_member WHERE role_name = who $$;

CREATE OR REPLACE FUNCTION rd_own_contributors(who text) RETURNS SETOF integer LANGUAGE sql
    STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT contributor_id FROM review_member WHERE role_name = who
          AND contributor_id IS NOT NULL $$;

CREATE OR REPLACE FUNCTION rd_led_contributors(who text) RETURNS SETOF integer LANGUAGE sql
    STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT c.id FROM contributor AS c JOIN review_member AS m ON m.review_id = c.review_id
          WHERE m.role_name = who AND m.kind = 'lead' $$;

CREATE OR REPLACE FUNCTION rd_led_parents(tbl text, who text) RETURNS SETOF integer
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF tbl NOT IN ('recommendation', 'practice_episode', 'finding', 'action_item') THEN
        RAISE EXCEPTION 'rd_led_parents: % is not a parent table', tbl;
    END IF;
    RETURN QUERY EXECUTE format('SELECT id FROM %I WHERE review_id IN (SELECT review_id FROM '
        'review_member WHERE role_name = $1 AND kind = ''lead'')', tbl) USING who;
END $$;

-- Moving a library in: is a reference (or a review's identifier) taken by any review, even
-- one the asking lead cannot see? Yes or no only, nothing about that review.
CREATE OR REPLACE FUNCTION rd_review_taken(ref text, rid text) RETURNS boolean LANGUAGE sql
    STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT EXISTS (SELECT 1 FROM review WHERE lower(reference) = lower(ref)
          OR uid = rid) $$;

-- A lead who starts a review leads it. Only for the id this session has just drawn from the
-- review sequence (currval), so nobody can claim a review someone else is starting.
CREATE OR REPLACE FUNCTION rd_claim_review(rid integer, who text) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE drawn bigint;
BEGIN
    BEGIN
        drawn := currval(pg_get_serial_sequence('public.review', 'id'));
    EXCEPTION WHEN object_not_in_prerequisite_state THEN
        RETURN;  -- this session has not started a review
    END;
    IF NOT pg_has_role(who, '{LEAD}', 'MEMBER') OR rid IS DISTINCT FROM drawn THEN
        RETURN;
    END IF;
    INSERT INTO review_member (review_id, role_name, kind)
    VALUES (rid, who, 'lead') ON CONFLICT DO NOTHING;
END $$;

CREATE OR REPLACE FUNCTION rd_review_created() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM rd_claim_review(NEW.id, current_user::text);
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS review_lead_on_create ON review;
CREATE TRIGGER review_lead_on_create BEFORE INSERT ON review
    FOR EACH ROW EXECUTE FUNCTION rd_review_created();

-- A contributor's save marks the review as changed (updated_at); nothing else in it is theirs.
CREATE OR REPLACE FUNCTION rd_review_touch_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT rd_leads(OLD.id, current_user::text)
       AND to_jsonb(NEW) - 'updated_at' IS DISTINCT FROM to_jsonb(OLD) - 'updated_at' THEN
        RAISE EXCEPTION 'Only the review''s lead may change the review itself.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS review_touch_only ON review;
CREATE TRIGGER review_touch_only BEFORE UPDATE ON review
    FOR EACH ROW EXECUTE FUNCTION rd_review_touch_only();

-- The audit trail under row-level security: each person reads only the entries about the
-- reviews they lead (a lead), or their own about reviews they were invited to (a
-- contributor); an admin reads all. Appending needs the newest entry whoever wrote it, and
-- verifying needs every entry's place in the chain: these helpers give exactly that, no more.
CREATE OR REPLACE FUNCTION rd_audit_head() RETURNS TABLE (seq integer, row_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT a.seq, a.row_hash::text FROM audit_log AS a ORDER BY a.seq DESC LIMIT 1 $$;

CREATE OR REPLACE FUNCTION rd_audit_first() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public
    AS $$ SELECT a.row_hash::text FROM audit_log AS a WHERE a.seq = 1 $$;

CREATE OR REPLACE FUNCTION rd_audit_links()
    RETURNS TABLE (seq integer, prev_hash text, row_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT a.seq, a.prev_hash::text, a.row_hash::text FROM audit_log AS a
          ORDER BY a.seq $$;

-- The identifiers and references of the reviews someone leads (kind 'lead') or belongs to.
CREATE OR REPLACE FUNCTION rd_review_keys(who text, lead_only boolean) RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT k FROM review AS r JOIN review_member AS m ON m.review_id = r.id,
          LATERAL (VALUES (r.uid::text), (r.reference::text)) AS keys (k)
          WHERE m.role_name = who AND (m.kind = 'lead' OR NOT lead_only) $$;

CREATE OR REPLACE FUNCTION rd_audit_review(what text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT coalesce(what::jsonb ->> 'review_uid', what::jsonb ->> 'review') $$;

CREATE OR REPLACE FUNCTION audit_log_check_append() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last_seq integer; last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock({AUDIT_LOCK});
    IF NEW.who IS DISTINCT FROM current_user::text THEN
        RAISE EXCEPTION 'The ReviewDesk audit trail records the signed-in account as who made '
            'a change (expected %, not %).', current_user, NEW.who
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT h.seq, h.row_hash INTO last_seq, last_hash FROM rd_audit_head() AS h;
    IF NEW.seq IS DISTINCT FROM coalesce(last_seq, 0) + 1
       OR NEW.prev_hash IS DISTINCT FROM coalesce(last_hash, '{GENESIS_HASH}') THEN
        RAISE EXCEPTION 'The ReviewDesk audit trail is append-only: an entry must follow the '
            'newest one (entry %).', coalesce(last_seq, 0) USING ERRCODE = 'serialization_failure';
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS audit_log_append_in_order ON audit_log;
CREATE TRIGGER audit_log_append_in_order BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_check_append();
"""


# Policy conditions (see the set-returning helpers above).
LED = "review_id IN (SELECT rd_led_reviews(current_user))"
MEMBER = "review_id IN (SELECT rd_member_reviews(current_user))"
OWN = "contributor_id IN (SELECT rd_own_contributors(current_user))"
LED_CONTRIBUTION = "contributor_id IN (SELECT rd_led_contributors(current_user))"


def _roles(conn: Connection) -> None:
    for role in (USER, ADMIN, LEAD, CONTRIBUTOR):
        exists = conn.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
        ).first()
        if not exists:
            conn.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
    for role in (ADMIN, LEAD, CONTRIBUTOR):
        conn.exec_driver_sql(f"GRANT {USER} TO {role}")


def _policy(conn: Connection, table: str, name: str, command: str, using: str) -> None:
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON {table}")
    check = "" if command in ("SELECT", "DELETE") else f" WITH CHECK ({using})"
    using_part = "" if command == "INSERT" else f" USING ({using})"
    conn.exec_driver_sql(
        f"CREATE POLICY {name} ON {table} FOR {command} TO {USER}{using_part}{check}"
    )


def _secure(conn: Connection, table: str) -> None:
    conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM PUBLIC")


def apply(conn: Connection) -> None:
    """Lay the roles, grants, helper functions and row-level security over the schema (inside
    the caller's transaction, as the database owner)."""
    _roles(conn)
    # Straight to psycopg without parameters: the functions' bodies hold '%' placeholders of
    # their own (RAISE) and several statements.
    conn.connection.driver_connection.execute(_FUNCTIONS)  # type: ignore[union-attr]
    owned = [
        t
        for (t,) in conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).all()
    ]
    for table in owned:
        conn.exec_driver_sql(f"REVOKE ALL ON {table} FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {USER}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {USER}")
    for function in (
        "rd_is_admin()",
        "rd_leads(integer, text)",
        "rd_member(integer, text)",
        "rd_own(integer, text)",
        "rd_claim_review(integer, text)",
        "rd_led_reviews(text)",
        "rd_member_reviews(text)",
        "rd_own_contributors(text)",
        "rd_led_contributors(text)",
        "rd_led_parents(text, text)",
    ):
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {USER}")
    for function in ("rd_audit_head()", "rd_audit_first()", "rd_review_keys(text, boolean)"):
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {USER}")
    # the chain's links (no content) for those who verify it: leads and admins
    conn.exec_driver_sql("REVOKE ALL ON FUNCTION rd_audit_links() FROM PUBLIC")
    for role in (LEAD, ADMIN):
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION rd_audit_links() TO {role}")
    conn.exec_driver_sql("REVOKE ALL ON FUNCTION rd_review_taken(text, text) FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION rd_review_taken(text, text) TO {LEAD}")
    conn.exec_driver_sql("REVOKE ALL ON FUNCTION rd_review_of(text, integer) FROM PUBLIC")
    conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION rd_review_of(text, integer) TO {USER}")

    everything = "SELECT, INSERT, UPDATE, DELETE"
    # The schema's revision: read by everyone, written by the owner only.
    conn.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {USER}")
    # The audit trail: read (as far as each may: below) and appended to; never changed
    # (grants here, triggers in 0002 and above).
    _secure(conn, "audit_log")
    conn.exec_driver_sql(f"GRANT SELECT, INSERT ON audit_log TO {USER}")
    _policy(
        conn,
        "audit_log",
        "audit_read",
        "SELECT",
        "rd_is_admin()"
        " OR rd_audit_review(what) IN (SELECT rd_review_keys(current_user, true))"
        " OR (who = current_user::text AND (rd_audit_review(what) IS NULL"
        " OR rd_audit_review(what) IN (SELECT rd_review_keys(current_user, false))))",
    )
    _policy(conn, "audit_log", "audit_append", "INSERT", "true")  # the trigger checks "who"
    # The search queue: rows live only inside the writer's own transaction.
    conn.exec_driver_sql(f"GRANT SELECT, INSERT, DELETE ON search_queue TO {USER}")

    # review: every member reads it, an admin reads all; leads start reviews and manage theirs.
    _secure(conn, "review")
    conn.exec_driver_sql(f"GRANT {everything} ON review TO {USER}")
    _policy(conn, "review", "review_read", "SELECT", "rd_is_admin() OR rd_member(id, current_user)")
    _policy(
        conn, "review", "review_start", "INSERT", f"pg_has_role(current_user, '{LEAD}', 'MEMBER')"
    )
    _policy(conn, "review", "review_change", "UPDATE", "rd_leads(id, current_user)")
    # members may mark it changed (their saves do); the trigger above allows nothing more
    _policy(conn, "review", "review_touch", "UPDATE", "rd_member(id, current_user)")
    _policy(conn, "review", "review_purge", "DELETE", "rd_leads(id, current_user)")

    # who leads and who is invited: admins for any review, leads for their own.
    _secure(conn, "review_member")
    conn.exec_driver_sql(f"GRANT {everything} ON review_member TO {USER}")
    _policy(
        conn,
        "review_member",
        "member_read",
        "SELECT",
        f"role_name = current_user OR rd_is_admin() OR {LED}",
    )
    _policy(
        conn,
        "review_member",
        "member_manage",
        "ALL",
        f"rd_is_admin() OR {LED}",
    )

    for table in REVIEW_TABLES:
        _secure(conn, table)
        conn.exec_driver_sql(f"GRANT {everything} ON {table} TO {USER}")
        _policy(conn, table, f"{table}_lead", "ALL", LED)
        if table in CONTRIBUTOR_READS or table in CONTRIBUTOR_READS_ANALYSIS:
            _policy(conn, table, f"{table}_member_read", "SELECT", MEMBER)
    for table in OWN_TABLES:
        _secure(conn, table)
        conn.exec_driver_sql(f"GRANT {everything} ON {table} TO {USER}")
        _policy(
            conn,
            table,
            f"{table}_own_or_lead",
            "ALL",
            f"{OWN} OR {LED_CONTRIBUTION}",
        )
    for table in PRIVATE_TABLES:
        _secure(conn, table)
        conn.exec_driver_sql(f"GRANT {everything} ON {table} TO {USER}")
        _policy(conn, table, f"{table}_own", "ALL", OWN)
    for table, column, parent in LINK_TABLES:
        _secure(conn, table)
        conn.exec_driver_sql(f"GRANT {everything} ON {table} TO {USER}")
        _policy(
            conn,
            table,
            f"{table}_lead",
            "ALL",
            f"{column} IN (SELECT rd_led_parents('{parent}', current_user))",
        )

    # The search index: a hit is shown only to someone who may read the row it came from.
    _secure(conn, "search_index")
    conn.exec_driver_sql(f"GRANT {everything} ON search_index TO {USER}")
    readable = f"{LED} OR {OWN} OR (kind = 'chronology' AND {MEMBER})"
    _policy(conn, "search_index", "search_read", "SELECT", readable)
    writable = f"{LED} OR {OWN}"
    for command in ("INSERT", "UPDATE", "DELETE"):
        _policy(conn, "search_index", f"search_{command.lower()}", command, writable)

    # Settings: everyone reads; leads and admins change them; everyone keeps the trail's anchor.
    _secure(conn, "setting")
    conn.exec_driver_sql(f"GRANT {everything} ON setting TO {USER}")
    manager = f"rd_is_admin() OR pg_has_role(current_user, '{LEAD}', 'MEMBER')"
    _policy(conn, "setting", "setting_read", "SELECT", "true")
    _policy(conn, "setting", "setting_manage", "ALL", manager)
    _policy(conn, "setting", "setting_anchor", "UPDATE", "key = 'audit.head'")
    _policy(conn, "setting", "setting_anchor_first", "INSERT", "key = 'audit.head'")

    # The record of reviews deleted for good: kept by leads, read by leads and admins.
    _secure(conn, "deletion_log")
    conn.exec_driver_sql(f"GRANT SELECT, INSERT ON deletion_log TO {USER}")
    _policy(conn, "deletion_log", "deletion_read", "SELECT", manager)
    _policy(conn, "deletion_log", "deletion_write", "INSERT", manager)
    for table in ("search_queue", "alembic_version"):
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")


def tables_without_rls(conn: Connection) -> list[str]:
    """Tables of the schema that row-level security does not guard (``server check``)."""
    open_by_design = {"search_queue", "alembic_version"}
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND NOT c.relrowsecurity"
        )
    ).all()
    return sorted(name for (name,) in rows if name not in open_by_design)
