package org.gridwatch.routing.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;

import org.gridwatch.routing.domain.Area;
import org.gridwatch.routing.domain.AreaIndex;
import org.gridwatch.routing.domain.AreaLevel;
import org.gridwatch.routing.persistence.AreaEntity;
import org.gridwatch.routing.persistence.AreaImportEntity;
import org.gridwatch.routing.persistence.AreaImportRepository;
import org.gridwatch.routing.persistence.AreaRepository;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * The area hierarchy in the database: replaced whole, one version per import, read back whole. Writes
 * and full reads run in a transaction of their own, so that a caller knows they committed on return.
 */
@ApplicationScoped
public class AreaStore {

    private static final int FLUSH_EVERY = 500;

    /** The hierarchy of one import version. */
    public record Stored(long version, List<Area> areas) {
    }

    private final AreaRepository areas;
    private final AreaImportRepository imports;

    public AreaStore(AreaRepository areas, AreaImportRepository imports) {
        this.areas = areas;
        this.imports = imports;
    }

    /** Replaces every area with {@code all} (validated) and records the import; returns its version. */
    @Transactional(TxType.REQUIRES_NEW)
    public long replaceAll(List<Area> all, String importedBy) {
        areas.lockForImport();
        areas.deleteAll();
        WKBWriter wkb = new WKBWriter();
        int n = 0;
        for (Area area : all) {
            AreaEntity row = new AreaEntity();
            row.code = area.code();
            row.name = area.name();
            row.level = area.level();
            row.parentCode = area.parentCode();
            row.geometry = wkb.write(area.geometry());
            areas.persist(row);
            if (++n % FLUSH_EVERY == 0) {
                areas.flush(); // keeps the session small on imports of tens of thousands of grids
                areas.getEntityManager().clear();
            }
        }
        AreaImportEntity record = new AreaImportEntity();
        record.importedAt = OffsetDateTime.now(ZoneOffset.UTC);
        record.importedBy = importedBy;
        record.areaCount = all.size();
        record.gridCount = (int) all.stream().filter(a -> a.level() == AreaLevel.GRID).count();
        imports.persist(record);
        imports.flush();
        return record.version;
    }

    /** The current hierarchy and its version, read consistently. */
    @Transactional(TxType.REQUIRES_NEW)
    public Stored load() {
        // Waits for an import in flight, so that the areas and the version read belong together.
        areas.lockForReading();
        long version = imports.currentVersion();
        return new Stored(version, areas.listAll().stream().map(AreaStore::toArea).toList());
    }

    /** The latest import version; one indexed query. */
    @Transactional
    public long currentVersion() {
        return imports.currentVersion();
    }

    private static Area toArea(AreaEntity row) {
        try {
            return new Area(row.code, row.name, row.level, row.parentCode, new WKBReader(AreaIndex.GEOMETRY_FACTORY).read(row.geometry));
        } catch (ParseException e) {
            throw new IllegalStateException("Area " + row.code + " has an unreadable geometry in the database", e);
        }
    }
}
