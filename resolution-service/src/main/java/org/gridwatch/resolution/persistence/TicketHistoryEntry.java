package org.gridwatch.resolution.persistence;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.gridwatch.contracts.events.TicketStatus;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One step of a ticket's life: who moved it from which status to which (or which deadline it missed), when, and why. */
@Entity
@Table(name = "ticket_history")
public class TicketHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "ticket_id")
    public Ticket ticket;

    public OffsetDateTime at;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public TicketStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public TicketStatus toStatus;

    public String actor;

    public String note;

    /** The department holding the ticket at this step. */
    @Column(name = "department_id")
    public String departmentId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "evidence_urls", columnDefinition = "text[]")
    public List<String> evidenceUrls;

    /** {@code RESPONSE} or {@code RESOLUTION} on the line of a missed deadline (status unchanged); null otherwise. */
    public String escalation;
}
