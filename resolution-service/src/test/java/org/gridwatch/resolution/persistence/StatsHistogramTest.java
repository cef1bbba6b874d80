package org.gridwatch.resolution.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StatsHistogramTest {

    /** stats_bucket of V3__statistics.sql. */
    private static long bucket(long minutes) {
        if (minutes < 1000) {
            return Math.max(minutes, 0);
        } else if (minutes < 10_000) {
            return minutes - minutes % 10;
        } else if (minutes < 100_000) {
            return minutes - minutes % 100;
        } else if (minutes < 1_000_000) {
            return minutes - minutes % 1000;
        }
        return minutes - minutes % 10_000;
    }

    @Test
    void everyBucketHasItsOwnPlaceInOrder() {
        long previousIndex = -1;
        long previousBucket = -1;
        for (long minutes = 0; minutes < 200_000_000L; minutes += minutes < 2_000_000 ? 1 : 9_973) {
            long b = bucket(minutes);
            if (b == previousBucket) {
                continue;
            }
            int index = StatsHistogram.indexOf(b);
            if (index < 0) {
                break; // beyond the array: kept in the map, all larger
            }
            assertEquals(b, StatsHistogram.bucketAt(index), "bucket " + b);
            assertEquals(true, index > previousIndex, "bucket " + b + " after " + previousBucket);
            previousIndex = index;
            previousBucket = b;
        }
        assertThrows(IllegalStateException.class, () -> StatsHistogram.indexOf(1_005), "not a bucket");
    }

    @Test
    void percentilesAreThoseOfPercentileContOverTheBucketedMinutes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            StatsHistogram h = new StatsHistogram();
            List<Long> values = new ArrayList<>();
            int n = 1 + random.nextInt(round < 100 ? 5 : 3000);
            StringBuilder pairs = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                long minutes = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(1_500);
                    case 1 -> random.nextInt(150_000);
                    case 2 -> 1_000_000 + random.nextInt(50_000_000);
                    default -> 100_000_000_000L + random.nextInt(1_000_000_000); // beyond the array
                };
                long b = bucket(minutes);
                values.add(b);
                if (i % 2 == 0) {
                    h.add(b, 1);
                } else {
                    pairs.append(pairs.length() > 1 ? "," : "").append(b).append(",1");
                }
            }
            h.addPairs(pairs.append('}').toString());
            values.sort(null);
            double median = percentileCont(values, 0.5);
            double p90 = percentileCont(values, 0.9);
            assertEquals(median, h.hoursAt(0.5), 1e-12 * Math.max(1, median));
            assertEquals(p90, h.hoursAt(0.9), 1e-12 * Math.max(1, p90));
        }
    }

    @Test
    void pairsAddUpAndCancel() {
        StatsHistogram h = new StatsHistogram();
        h.addPairs("{}");
        assertNull(h.hoursAt(0.5));
        h.addPairs("{30,2,1000,1}");
        h.addPairs("{1000,-1,2000,3}");
        // 30, 30, 2000, 2000, 2000: median 2000 min; p90 between ranks 3 and 4, both 2000
        assertEquals(2000 / 60.0, h.hoursAt(0.5), 1e-12);
        assertEquals(2000 / 60.0, h.hoursAt(0.9), 1e-12);
        assertThrows(IllegalStateException.class, () -> new StatsHistogram().addPairs("{30,2,40}"));
    }

    /** PostgreSQL's percentile_cont over sorted values, in hours. */
    private static double percentileCont(List<Long> sorted, double fraction) {
        double position = fraction * (sorted.size() - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(sorted.size() - 1, low + 1);
        return (sorted.get(low) + (position - low) * (sorted.get(high) - sorted.get(low))) / 60.0;
    }
}
