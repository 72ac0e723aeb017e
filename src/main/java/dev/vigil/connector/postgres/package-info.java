/**
 * The {@code postgres} connector: one {@code database.postgres} resource per PostgreSQL server (external id
 * {@code host:port}), describing its TLS settings, password hashing, pg_hba.conf rules, logging, data checksums,
 * preloaded libraries, privileged roles, the privileges of the public schema and its version.
 *
 * <p>It signs in with plain JDBC in a read-only session with bounded waits, and only reads catalog views
 * ({@code pg_settings}, {@code pg_hba_file_rules}, {@code pg_roles}, {@code pg_namespace}, {@code pg_stat_ssl}).
 * What the role may not read becomes an {@code unknown} attribute with the reason and the grant that would fix
 * it; nothing is guessed.
 *
 * <p>Roles are kept as list attributes of the server ({@code superusers}, and {@code loginRoles} with their
 * privileges and password expiry) rather than as resources of their own. Checks are evaluated one resource at a
 * time, and "at most N superusers, and only these" is a statement about the whole set, which only one document
 * holding the set can answer. The list is also what an access review needs: every role that can sign in, with
 * its privileges, observed at one moment and kept as one piece of evidence, so a role granted and revoked between
 * two reviews still leaves a trace in the server's history.
 */
package dev.vigil.connector.postgres;
