package org.gridwatch.intake.open311;

/** A registered Open311 client that presented its api_key, with its allowance of new requests per hour. */
public record Open311Client(String id, String name, int requestsPerHour) {

    /** The reporter id of the client's requests: one per end user when the client names its account. */
    public String reporterId(String accountId) {
        return accountId == null || accountId.isBlank() ? "open311:" + id : "open311:" + id + ":" + accountId;
    }
}
