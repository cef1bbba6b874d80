package org.gridwatch.routing.domain;

/**
 * One reason an area import was refused: the position of the feature at fault in {@code features}
 * (-1 for the collection as a whole), its code when it has one, and what is wrong.
 */
public record ImportError(int index, String code, String message) {

    /** The feature's position as a JSON path: {@code features[12]}, or {@code features} for the whole collection. */
    public String field() {
        return index < 0 ? "features" : "features[" + index + "]";
    }

    /** The message prefixed with the feature's code, so that the reader can find the feature by either. */
    public String describe() {
        return code == null ? message : code + ": " + message;
    }
}
