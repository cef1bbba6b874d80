package org.gridwatch.routing.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.routing.config.AreasConfig;
import org.gridwatch.routing.domain.AreaImportValidator;
import org.gridwatch.routing.domain.AreaIndex;
import org.gridwatch.routing.domain.ImportError;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

/**
 * The area hierarchy this instance answers from: an immutable {@link AreaIndex} swapped atomically
 * after each import commits, loaded at startup, and reloaded when another instance imported a newer version.
 */
@ApplicationScoped
public class AreaDirectory {

    private static final Logger LOG = Logger.getLogger(AreaDirectory.class);
    /** More errors than this are summarised: a client fixes the first ones and tries again. */
    static final int MAX_REPORTED_ERRORS = 100;

    /** The index and the import version it was built from. */
    private record Snapshot(long version, AreaIndex index) {
    }

    /** What an accepted import installed. */
    public record ImportOutcome(long version, int areas, int grids) {
    }

    private final AreaStore store;
    private final AreasConfig config;
    private final AreaImportValidator validator;
    private final ObjectMapper mapper;
    private final AtomicReference<Snapshot> current = new AtomicReference<>(new Snapshot(0, AreaIndex.empty()));
    private final AtomicLong lastVersionCheck = new AtomicLong(System.nanoTime());

    public AreaDirectory(AreaStore store, AreasConfig config, ObjectMapper mapper) {
        this.store = store;
        this.config = config;
        this.mapper = mapper;
        this.validator = new AreaImportValidator(new AreaImportValidator.Limits(config.maxFeatures(), config.maxVertices(),
                config.maxFeatureVertices(), config.maxOverlapPairs()));
    }

    void onStart(@Observes StartupEvent start) {
        reload();
    }

    /** The current hierarchy; first reloads it if another instance imported since the last check. */
    public AreaIndex index() {
        refreshIfStale();
        return current.get().index();
    }

    public long version() {
        return current.get().version();
    }

    /**
     * Measures the GeoJSON {@code body} as it streams (413 when it holds more features or vertices than the limits),
     * validates the whole collection, then replaces every area in one transaction and, once that committed, swaps in
     * the new index. On any error nothing changes.
     *
     * @throws ApiException 413 for an import over the limits, 422 naming the features at fault
     * @throws IOException  a body that is not JSON (a 400)
     */
    public ImportOutcome importAreas(byte[] body, String importedBy) throws IOException {
        AreaImportValidator.Size size;
        try (JsonParser parser = mapper.createParser(body)) {
            size = AreaImportValidator.measure(parser);
        }
        List<ImportError> tooLarge = validator.tooLarge(size);
        if (!tooLarge.isEmpty()) {
            throw new ApiException(413, "Content Too Large", "The area import is larger than this service accepts; nothing was changed",
                    tooLarge.stream().map(e -> new Problem.FieldError(e.field(), e.describe())).toList(), null);
        }
        return importAreas(mapper.readTree(body), importedBy);
    }

    /** Validates the whole collection and installs it (see {@link #importAreas(byte[], String)}). */
    public ImportOutcome importAreas(JsonNode collection, String importedBy) {
        AreaImportValidator.Result result = validator.validate(collection);
        if (!result.isValid()) {
            throw rejected(result.errors());
        }
        AreaIndex index = AreaIndex.of(result.areas());
        long version = store.replaceAll(result.areas(), importedBy); // committed on return
        install(new Snapshot(version, index));
        LOG.infof("Area import %d by %s installed: %d areas, %d grids", version, importedBy, index.size(), index.gridCount());
        return new ImportOutcome(version, index.size(), index.gridCount());
    }

    /** Loads the hierarchy from the database; an instance does this at startup. */
    public void reload() {
        AreaStore.Stored stored = store.load();
        Snapshot loaded = new Snapshot(stored.version(), AreaIndex.of(stored.areas()));
        install(loaded);
        LOG.infof("Loaded area import %d: %d areas, %d grids", loaded.version(), loaded.index().size(), loaded.index().gridCount());
    }

    /** A slower, older import or reload must not replace a newer index that was installed meanwhile. */
    private void install(Snapshot next) {
        current.accumulateAndGet(next, (now, candidate) -> candidate.version() >= now.version() ? candidate : now);
    }

    private void refreshIfStale() {
        long last = lastVersionCheck.get();
        long now = System.nanoTime();
        if (now - last < config.refreshInterval().toNanos() || !lastVersionCheck.compareAndSet(last, now)) {
            return; // checked recently, or another thread is checking: answer from the current index
        }
        try {
            long latest = store.currentVersion();
            if (latest > current.get().version()) {
                LOG.infof("Area import %d was made on another instance; reloading", latest);
                reload();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Could not check for a newer area import; answering from import %d", current.get().version());
        }
    }

    private static ApiException rejected(List<ImportError> errors) {
        List<Problem.FieldError> fields = new ArrayList<>();
        for (ImportError e : errors.subList(0, Math.min(errors.size(), MAX_REPORTED_ERRORS))) {
            fields.add(new Problem.FieldError(e.field(), e.describe()));
        }
        String more = errors.size() > MAX_REPORTED_ERRORS ? " (the first " + MAX_REPORTED_ERRORS + " are listed)" : "";
        return ApiException.unprocessable("The area import has " + errors.size() + " error(s)" + more
                + "; nothing was changed", fields);
    }
}
