package org.gridwatch.resolution.persistence;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram of minutes to resolve in the buckets of {@code stats_bucket} (V3__statistics.sql: whole minutes below
 * 1,000, then three significant figures up to 1,000,000, then steps of 10,000), as counts in an array indexed by
 * bucket, so that summing thousands of rollup rows costs an array addition per bucket. The rare bucket beyond the
 * array (over 190 years) is kept in a map; nothing is rounded.
 */
final class StatsHistogram {

    /** Buckets below 1,000,000 minutes, then 10,000 more steps of 10,000 minutes. */
    private static final int DENSE = 3700 + 10_000;

    private long[] counts = new long[0];
    private TreeMap<Long, Long> beyond;
    private long total;

    /** Index of a bucket in the array, or -1 if it lies beyond the array (every bucket there is larger). */
    static int indexOf(long bucket) {
        long index;
        long step;
        if (bucket < 1_000) {
            index = bucket;
            step = 1;
        } else if (bucket < 10_000) {
            index = 1_000 + (bucket - 1_000) / 10;
            step = 10;
        } else if (bucket < 100_000) {
            index = 1_900 + (bucket - 10_000) / 100;
            step = 100;
        } else if (bucket < 1_000_000) {
            index = 2_800 + (bucket - 100_000) / 1_000;
            step = 1_000;
        } else {
            index = 3_700 + (bucket - 1_000_000) / 10_000;
            step = 10_000;
        }
        if (bucket < 0 || bucket % step != 0) {
            throw new IllegalStateException("Not a bucket of stats_bucket: " + bucket);
        }
        return index < DENSE ? (int) index : -1;
    }

    /** The bucket (minutes) at an index of the array. */
    static long bucketAt(int index) {
        if (index < 1_000) {
            return index;
        } else if (index < 1_900) {
            return 1_000 + (index - 1_000) * 10L;
        } else if (index < 2_800) {
            return 10_000 + (index - 1_900) * 100L;
        } else if (index < 3_700) {
            return 100_000 + (index - 2_800) * 1_000L;
        }
        return 1_000_000 + (index - 3_700) * 10_000L;
    }

    void add(long bucket, long tickets) {
        int index = indexOf(bucket);
        if (index >= 0) {
            if (index >= counts.length) {
                counts = Arrays.copyOf(counts, Math.min(DENSE, Math.max(index + 1, counts.length * 2)));
            }
            counts[index] += tickets;
        } else {
            if (beyond == null) {
                beyond = new TreeMap<>();
            }
            beyond.merge(bucket, tickets, Long::sum);
        }
        total += tickets;
    }

    /** Adds the text of a rollup row's {@code minutes_hist}: {bucket1,tickets1,bucket2,tickets2,...}. */
    void addPairs(String array) {
        if (array == null) {
            return;
        }
        int n = array.length();
        int i = 1; // after '{'
        long bucket = 0;
        boolean haveBucket = false;
        while (i < n) {
            char ch = array.charAt(i);
            if (ch == '}') {
                break;
            }
            boolean negative = ch == '-';
            if (negative) {
                i++;
            }
            long v = 0;
            while (i < n) {
                ch = array.charAt(i);
                if (ch < '0' || ch > '9') {
                    break;
                }
                v = v * 10 + (ch - '0');
                i++;
            }
            if (negative) {
                v = -v;
            }
            if (haveBucket) {
                add(bucket, v);
                haveBucket = false;
            } else {
                bucket = v;
                haveBucket = true;
            }
            if (i < n && array.charAt(i) == ',') {
                i++;
            }
        }
        if (haveBucket) {
            throw new IllegalStateException("Odd number of elements in minutes_hist: " + array);
        }
    }

    /** Like PostgreSQL's percentile_cont: linear between the two closest ranks; null without resolved tickets. */
    Double hoursAt(double fraction) {
        if (total == 0) {
            return null;
        }
        double position = fraction * (total - 1);
        long lowRank = (long) Math.floor(position);
        double low = valueAt(lowRank);
        double high = valueAt(Math.min(total - 1, lowRank + 1));
        return (low + (position - lowRank) * (high - low)) / 60.0;
    }

    /** The value of the 0-based rank in the sorted multiset of bucketed minutes. */
    private double valueAt(long rank) {
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (rank < seen) {
                return bucketAt(i);
            }
        }
        if (beyond != null) {
            for (Map.Entry<Long, Long> e : beyond.entrySet()) {
                seen += e.getValue();
                if (rank < seen) {
                    return e.getKey();
                }
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + seen);
    }
}
