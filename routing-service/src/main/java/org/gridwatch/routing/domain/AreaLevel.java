package org.gridwatch.routing.domain;

/** The levels of the grid hierarchy, from the whole city down to the grid; the order is the hierarchy. */
public enum AreaLevel {
    CITY, DISTRICT, STREET, COMMUNITY, GRID;

    /** Whether an area of this level may have an area of {@code child} level directly below it. */
    public boolean isDirectParentOf(AreaLevel child) {
        return child.ordinal() == ordinal() + 1;
    }
}
