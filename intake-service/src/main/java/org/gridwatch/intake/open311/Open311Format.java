package org.gridwatch.intake.open311;

import java.util.Locale;

import jakarta.ws.rs.core.MediaType;

/** The representation an Open311 path asks for with its suffix: {@code services.json} or {@code services.xml}. */
public enum Open311Format {
    JSON(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8")),
    XML(MediaType.APPLICATION_XML_TYPE.withCharset("UTF-8"));

    private final MediaType mediaType;

    Open311Format(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    /** The format named by a path suffix; 404 for any other suffix. */
    public static Open311Format of(String suffix) {
        for (Open311Format f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(suffix)) {
                return f;
            }
        }
        throw new Open311Exception(404, "Unknown format '" + suffix + "': use .json or .xml");
    }

    /** The format a path asks for with its last segment's suffix, JSON when it asks for none that exists. */
    public static Open311Format ofPath(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash ? forError(path.substring(dot + 1).toLowerCase(Locale.ROOT)) : JSON;
    }

    /** The format for an error: the one the path asked for, JSON when it asked for none that exists. */
    public static Open311Format forError(String suffix) {
        return XML.name().toLowerCase(Locale.ROOT).equals(suffix) ? XML : JSON;
    }
}
