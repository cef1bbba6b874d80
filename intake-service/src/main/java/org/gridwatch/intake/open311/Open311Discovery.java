package org.gridwatch.intake.open311;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.intake.persistence.CategoryRepository;

/**
 * The discovery document of this jurisdiction: one GeoReport v2 endpoint, at the configured address or the one the
 * document was asked at. Its changeset moves when the service definitions do (a category of the catalogue changed),
 * or when the configured date of the API's last change is later.
 */
@ApplicationScoped
public class Open311Discovery {

    static final String SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
    /** The formats as the spec names them; the path's suffix chooses one. */
    static final List<String> FORMATS = List.of("text/xml", "application/json");

    private final Open311Config config;
    private final CategoryRepository categories;

    public Open311Discovery(Open311Config config, CategoryRepository categories) {
        this.config = config;
        this.categories = categories;
    }

    /** @param baseUri the address this server was reached at, for the endpoint's url unless one is configured */
    @Transactional
    public DiscoveryDocument document(URI baseUri) {
        String changeset = w3c(latest(config.discovery().changedAt(), lastCatalogueChange()));
        String url = config.discovery().endpointUrl()
                .orElseGet(() -> baseUri.resolve("open311/v2").toString());
        return new DiscoveryDocument(changeset, config.discovery().contact(), config.discovery().keyService(),
                List.of(new DiscoveryDocument.Endpoint(SPECIFICATION, url, changeset, config.discovery().type(), FORMATS)));
    }

    private OffsetDateTime lastCatalogueChange() {
        return categories.getEntityManager()
                .createQuery("SELECT max(c.updatedAt) FROM CategoryEntity c", OffsetDateTime.class)
                .getSingleResult();
    }

    private static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static String w3c(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
