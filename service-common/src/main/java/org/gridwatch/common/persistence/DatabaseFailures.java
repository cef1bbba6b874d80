package org.gridwatch.common.persistence;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What kind of database failure an exception is, by the SQLSTATEs PostgreSQL and its JDBC driver use:
 * the database is <em>unavailable</em> (no connection, or the server is shutting down, starting or out of
 * connections: it will pass when the server is back, however long that takes), a <em>conflict</em> between
 * transactions (a deadlock, a serialization failure, a lock, a statement timeout, or a unique key another transaction
 * took first, as when two instances handle the same record during a rebalance: trying again soon may pass, and finds
 * the other's work done), or neither.
 */
public final class DatabaseFailures {

    /**
     * Besides connection exceptions (class 08, but for 08P01, a protocol violation, which a retry does not mend): a
     * server shutting down, crashed or not yet accepting (57P01-57P03), one with no connection to spare (53300, as
     * right after a restart when every client reconnects), or out of disk or memory (53100, 53200).
     */
    private static final Set<String> UNAVAILABLE_CODES = Set.of("57P01", "57P02", "57P03", "53300", "53100", "53200");
    private static final String PROTOCOL_VIOLATION = "08P01";
    /** Transaction rollbacks (class 40: deadlock, serialization failure). */
    private static final Set<String> CONFLICT_CLASSES = Set.of("40");
    /** A statement cancelled by its timeout. */
    private static final String QUERY_CANCELED = "57014";
    private static final String UNIQUE_VIOLATION = "23505";
    /** How many exceptions to look at; chains are short, and a cyclic one must not loop. */
    private static final int MAX_EXCEPTIONS = 50;

    private DatabaseFailures() {
    }

    /**
     * Whether {@code failure} means that the database cannot be reached or is not serving: a refused or lost
     * connection, a server shutting down, starting up or out of connections or space, or no pooled connection
     * within the pool's timeout (the pool waits for a connection it cannot open).
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") && !PROTOCOL_VIOLATION.equals(state)
                        || UNAVAILABLE_CODES.contains(state))) {
                    return true;
                }
                // Agroal's "Sorry, acquisition timeout!" carries no SQLSTATE.
                if (state == null && sql.getMessage() != null
                        && sql.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} is a conflict with other transactions (or a statement timeout, or a duplicate key another
     * transaction inserted first) that a prompt retry may pass.
     */
    public static boolean conflict(Throwable failure) {
        if (rolledBack(failure)) {
            return true;
        }
        for (Throwable t : causes(failure)) {
            if (t instanceof SQLException sql && (QUERY_CANCELED.equals(sql.getSQLState()) || UNIQUE_VIOLATION.equals(sql.getSQLState()))) {
                return true;
            }
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database rolled the transaction back to break a conflict with another (class 40: a deadlock, a
     * serialization failure): nothing of it was applied, and the same work sent again may pass.
     */
    public static boolean rolledBack(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && CONFLICT_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code failure}, its causes and the exceptions suppressed along the way: a transaction manager that cannot
     * commit reports the database's answer as a suppressed exception of its RollbackException, not as its cause.
     */
    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> found = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        if (failure != null) {
            next.add(failure);
        }
        while (!next.isEmpty() && found.size() < MAX_EXCEPTIONS) {
            Throwable t = next.poll();
            if (!seen.add(t)) {
                continue;
            }
            found.add(t);
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
            next.addAll(List.of(t.getSuppressed()));
        }
        return found;
    }
}
