-- The grid hierarchy of the current import. An import replaces every row in one transaction.
-- Geometries are stored as WKB: exact doubles (GeoJSON text would round them), compact, fast to read
-- back into JTS at startup, and accepted as-is by PostGIS (ST_GeomFromWKB) should we ever move there.
CREATE TABLE area (
    code         TEXT PRIMARY KEY,
    name         TEXT  NOT NULL,
    level        TEXT  NOT NULL CHECK (level IN ('CITY', 'DISTRICT', 'STREET', 'COMMUNITY', 'GRID')),
    parent_code  TEXT,
    geometry     BYTEA NOT NULL
);

-- One row per accepted import: its version is what an instance compares to know whether it is current.
CREATE TABLE area_import (
    version      BIGSERIAL PRIMARY KEY,
    imported_at  TIMESTAMPTZ NOT NULL,
    imported_by  TEXT        NOT NULL,
    area_count   INTEGER     NOT NULL,
    grid_count   INTEGER     NOT NULL
);
