package org.gridwatch.contracts.events;

/**
 * How a report reached intake: the courier app or an Open311 GeoReport v2 client.
 */
public enum ReportChannel {
    APP,
    OPEN311
}
