package org.gridwatch.intake.open311;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolationException;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.intake.api.LocationInput;
import org.gridwatch.intake.api.Receipt;
import org.gridwatch.intake.api.ReportRequest;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.service.ReportRateLimiter;
import org.gridwatch.intake.service.ReportStore;
import org.gridwatch.intake.service.ReportSubmission;

/**
 * Open311 service requests: a POST enters the same flow as a report from the app (channel OPEN311, the client as
 * {@code open311_client}); a repeated POST is the same request ({@link SameRequest}); a GET shows the requests of
 * every Open311 client, without anything that identifies the caller. Reports from the courier app are riders' own
 * (DESIGN.md section 8) and are no Open311 requests.
 */
@ApplicationScoped
public class Open311Requests {

    /** The spec's suggested ceiling of one GET. */
    public static final int MAX_RESULTS = 1000;
    static final int MAX_ACCOUNT_ID = 128;
    static final String SERVICE_NOTICE =
            "GridWatch routes this request to the department responsible for the service in this area.";

    private final Open311Access access;
    private final Open311Catalogue services;
    private final ReportSubmission submission;
    private final ReportRateLimiter limiter;
    private final ReportStore reports;
    private final Open311RequestRepository requests;
    private final Open311Config config;

    public Open311Requests(Open311Access access, Open311Catalogue services, ReportSubmission submission,
                           ReportRateLimiter limiter, ReportStore reports, Open311RequestRepository requests,
                           Open311Config config) {
        this.access = access;
        this.services = services;
        this.submission = submission;
        this.limiter = limiter;
        this.reports = reports;
        this.requests = requests;
        this.config = config;
    }

    /**
     * Submits the request; it is answered once Kafka holds it, like a report from the app. The same request posted
     * again within the duplicate window gets the same service_request_id and files nothing new.
     *
     * @param fileParts the names of a multipart POST's file parts: there is nowhere to keep them, so any is refused
     */
    public PostedRequest post(RequestForm form, List<String> fileParts) {
        if (!fileParts.isEmpty() || blankToNull(form.media()) != null) {
            String field = fileParts.isEmpty() ? "media" : String.join(", ", new TreeSet<>(fileParts));
            throw new Open311Exception(400, field + ": GridWatch keeps no media files; put the picture where the client "
                    + "can link to it and send its address as media_url");
        }
        access.checkJurisdiction(form.jurisdictionId());
        Open311Client client = access.client(form.apiKey());
        String code = blankToNull(form.serviceCode());
        if (code == null) {
            throw new Open311Exception(400, "service_code is required; see GET /open311/v2/services.json");
        }
        LocationInput location = location(form.lat(), form.lon());
        Category service = services.find(code).orElseThrow(() -> new Open311Exception(422,
                "service_code " + code + " is not an active service; see GET /open311/v2/services.json"));
        String accountId = blankToNull(form.accountId());
        if (accountId != null && accountId.length() > MAX_ACCOUNT_ID) {
            throw new Open311Exception(400, "account_id: at most " + MAX_ACCOUNT_ID + " characters");
        }
        // The spec makes description optional; GridWatch's reports carry one, so the service name stands in.
        String description = form.description() == null || form.description().isBlank() ? service.nameEn() : form.description();
        String mediaUrl = blankToNull(form.mediaUrl());
        ReportRequest report = new ReportRequest(null, code, description, location, blankToNull(form.addressString()), null,
                mediaUrl == null ? List.of() : List.of(mediaUrl), Map.of());
        UUID id = SameRequest.idFor(SameRequest.fingerprint(client.id(), accountId, report), Instant.now(),
                config.duplicateWindow(), previous -> reports.find(previous).map(r -> r.submittedAt.toInstant()).orElse(null));
        String reporterId = client.reporterId(accountId);
        Receipt receipt;
        try {
            receipt = submission.submit(reporterId, ReportChannel.OPEN311, client.id(), report.withReportId(id), null,
                    allowances(client, accountId, reporterId));
        } catch (ApiException e) {
            throw Open311Exception.of(e);
        } catch (ConstraintViolationException e) {
            throw Open311Exception.of(e);
        }
        return new PostedRequest(receipt.reportId().toString(), SERVICE_NOTICE, accountId);
    }

    /**
     * A named caller has a rider's allowance of their own; the client has one for all its callers, named or not, so
     * that varying account_id gains nothing, and an anonymous caller shares only their own client's allowance.
     */
    private List<ReportRateLimiter.Allowance> allowances(Open311Client client, String accountId, String reporterId) {
        ReportRateLimiter.Allowance perClient = new ReportRateLimiter.Allowance("open311-client:" + client.id(),
                client.requestsPerHour(), "At most " + client.requestsPerHour() + " new requests per hour from this client");
        if (accountId == null) {
            return List.of(perClient);
        }
        ReportRateLimiter.Allowance perCaller = limiter.perReporter(reporterId);
        return List.of(new ReportRateLimiter.Allowance(perCaller.name(), perCaller.perHour(),
                "At most " + perCaller.perHour() + " new requests per hour for one account_id"), perClient);
    }

    /** Open311 requests matching the query, newest first, at most {@link #MAX_RESULTS}. */
    @Transactional
    public List<ServiceRequest> list(RequestQuery query) {
        access.checkJurisdiction(query.jurisdictionId());
        access.checkRead(query.apiKey());
        List<ReportEntity> rows;
        if (query.byId()) {
            rows = requests.byIds(query.ids(), MAX_RESULTS);
        } else {
            Set<Open311Status> statuses = query.statuses();
            RequestQuery.Window window = query.window(OffsetDateTime.now(ZoneOffset.UTC));
            Boolean closed = statuses.size() == 1 ? statuses.contains(Open311Status.CLOSED) : null;
            rows = requests.search(window.start(), window.end(), query.serviceCodes(), closed, MAX_RESULTS);
        }
        Map<String, String> names = services.serviceNames();
        return rows.stream().map(r -> view(r, names)).toList();
    }

    /** One Open311 request; 404 when there is none with this id. */
    @Transactional
    public ServiceRequest one(String jurisdictionId, String apiKey, String serviceRequestId) {
        access.checkJurisdiction(jurisdictionId);
        access.checkRead(apiKey);
        UUID id;
        try {
            id = UUID.fromString(serviceRequestId);
        } catch (IllegalArgumentException notOurs) {
            throw notFound(serviceRequestId);
        }
        return requests.one(id).map(r -> view(r, services.serviceNames()))
                .orElseThrow(() -> notFound(serviceRequestId));
    }

    /** lat and long are required: GridWatch routes by location and cannot locate an address. */
    private static LocationInput location(String lat, String lon) {
        if (blankToNull(lat) == null || blankToNull(lon) == null) {
            throw new Open311Exception(400, "lat and long are required: GridWatch routes a request to a department "
                    + "by its location and cannot locate address_string or address_id");
        }
        return new LocationInput(coordinate("lat", lat), coordinate("long", lon), null);
    }

    private static Double coordinate(String name, String value) {
        try {
            // BigDecimal, not Double.parseDouble: it refuses NaN, Infinity and hexadecimal forms.
            return new BigDecimal(value.trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw new Open311Exception(400, name + ": must be a decimal number of degrees (WGS84), e.g. 22.5431");
        }
    }

    private static ServiceRequest view(ReportEntity r, Map<String, String> serviceNames) {
        return new ServiceRequest(r.reportId.toString(), Open311Status.of(r.status).value(), r.status,
                serviceNames.getOrDefault(r.category, r.category), r.category, r.description, r.departmentId,
                w3c(r.submittedAt), w3c(r.updatedAt), r.address, r.lat, r.lon,
                r.mediaUrls.isEmpty() ? null : r.mediaUrls.get(0));
    }

    private static String w3c(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static Open311Exception notFound(String serviceRequestId) {
        return new Open311Exception(404, "service_request_id " + serviceRequestId + " not found");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
