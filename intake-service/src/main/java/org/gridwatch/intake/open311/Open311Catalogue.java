package org.gridwatch.intake.open311;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.contracts.events.Category;
import org.gridwatch.intake.service.CatalogueService;

/** The active category catalogue as Open311 service types. */
@ApplicationScoped
public class Open311Catalogue {

    private final CatalogueService catalogue;
    private final Open311Access access;

    public Open311Catalogue(CatalogueService catalogue, Open311Access access) {
        this.catalogue = catalogue;
        this.access = access;
    }

    public List<ServiceType> services(String jurisdictionId) {
        access.checkJurisdiction(jurisdictionId);
        return catalogue.active().stream().map(ServiceType::of).toList();
    }

    /** GridWatch asks for no attributes beyond the standard arguments; 404 for a code that is no active service. */
    public ServiceDefinition definition(String jurisdictionId, String serviceCode) {
        access.checkJurisdiction(jurisdictionId);
        return find(serviceCode).map(c -> new ServiceDefinition(c.code(), List.of()))
                .orElseThrow(() -> new Open311Exception(404, "service_code " + serviceCode + " not found"));
    }

    public Optional<Category> find(String serviceCode) {
        return catalogue.active().stream().filter(c -> c.code().equals(serviceCode)).findFirst();
    }

    /** service_name by service_code, for the active services. */
    public Map<String, String> serviceNames() {
        return catalogue.active().stream().collect(Collectors.toMap(Category::code, Category::nameEn));
    }
}
