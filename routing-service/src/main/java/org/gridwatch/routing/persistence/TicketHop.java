package org.gridwatch.routing.persistence;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One assignment of a ticket to a department (hop 0 first, n after the n-th return) and its event. */
@Entity
@Table(name = "ticket_hop")
public class TicketHop {

    /** {@code <ticketId>#<hop>}. */
    @Id
    public String id;

    @Column(name = "ticket_id")
    public String ticketId;

    public int hop;

    @Column(name = "department_id")
    public String departmentId;

    public String reason;

    public OffsetDateTime at;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_json")
    public String eventJson;

    public static String key(String ticketId, int hop) {
        return ticketId + "#" + hop;
    }
}
