package org.gridwatch.routing.service;

/**
 * Routing has no city fallback rule yet (no areas or no rules imported), so no report can be assigned.
 * Reports then wait in Kafka until an administrator has configured the city.
 */
public class RoutingNotConfiguredException extends RuntimeException {

    public RoutingNotConfiguredException(String message) {
        super(message);
    }
}
