package org.gridwatch.routing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How large an area import may be, and how the hierarchy is kept current when several routing instances share one database. */
@ConfigMapping(prefix = "gridwatch.areas")
public interface AreasConfig {

    /**
     * At most this often an instance asks the database for the latest import version (one indexed
     * query) and reloads when another instance imported since; zero checks before every lookup.
     */
    @WithDefault("5s")
    Duration refreshInterval();

    /** Features in one import; more is refused with 413 before the import is read as a tree. */
    @WithDefault("100000")
    int maxFeatures();

    /** Vertices (positions) of all geometries of one import together; more is refused with 413. */
    @WithDefault("1500000")
    long maxVertices();

    /** Vertices of one feature's geometry; more is refused with 422 naming the feature. */
    @WithDefault("100000")
    int maxFeatureVertices();

    /**
     * Pairs of grids whose bounding boxes overlap that the overlap check compares exactly; more is refused with 422
     * (grids that tile a city touch a handful of neighbours each).
     */
    @WithDefault("500000")
    long maxOverlapPairs();
}
