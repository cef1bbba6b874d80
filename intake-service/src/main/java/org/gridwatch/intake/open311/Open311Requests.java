package org.gridwatch.intake.open311;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.gridwatch.intake.service.ReportSubmission;

/**
 * Open311 service requests: a POST enters the same flow as a report from the app (channel OPEN311, the
 * client as {@code open311_client}); a GET shows a client only the requests it posted itself.
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
    private final Open311RequestRepository requests;

    public Open311Requests(Open311Access access, Open311Catalogue services, ReportSubmission submission,
                           Open311RequestRepository requests) {
        this.access = access;
        this.services = services;
        this.submission = submission;
        this.requests = requests;
    }

    /** Submits the request; it is answered once Kafka holds it, like a report from the app. */
    public PostedRequest post(RequestForm form) {
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
        Receipt receipt;
        try {
            receipt = submission.submit(client.reporterId(accountId), ReportChannel.OPEN311, client.id(), report, null);
        } catch (ApiException e) {
            throw Open311Exception.of(e);
        } catch (ConstraintViolationException e) {
            throw Open311Exception.of(e);
        }
        return new PostedRequest(receipt.reportId().toString(), SERVICE_NOTICE, accountId);
    }

    /** The client's requests matching the query, newest first, at most {@link #MAX_RESULTS}. */
    @Transactional
    public List<ServiceRequest> list(RequestQuery query) {
        access.checkJurisdiction(query.jurisdictionId());
        Open311Client client = access.client(query.apiKey());
        List<ReportEntity> rows;
        if (query.byId()) {
            rows = requests.byIds(client.id(), query.ids(), MAX_RESULTS);
        } else {
            Set<Open311Status> statuses = query.statuses();
            RequestQuery.Window window = query.window(OffsetDateTime.now(ZoneOffset.UTC));
            Boolean closed = statuses.size() == 1 ? statuses.contains(Open311Status.CLOSED) : null;
            rows = requests.search(client.id(), window.start(), window.end(), query.serviceCodes(), closed, MAX_RESULTS);
        }
        Map<String, String> names = services.serviceNames();
        return rows.stream().map(r -> view(r, names)).toList();
    }

    /** One of the client's requests; 404 when it does not exist or another client posted it. */
    @Transactional
    public ServiceRequest one(String jurisdictionId, String apiKey, String serviceRequestId) {
        access.checkJurisdiction(jurisdictionId);
        Open311Client client = access.client(apiKey);
        UUID id;
        try {
            id = UUID.fromString(serviceRequestId);
        } catch (IllegalArgumentException notOurs) {
            throw notFound(serviceRequestId);
        }
        return requests.one(client.id(), id).map(r -> view(r, services.serviceNames()))
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
