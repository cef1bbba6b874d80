package org.gridwatch.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of processes, from {@code /proc}: CPU as user + system clock ticks (100 a second on
 * Linux), memory as the highest {@code VmRSS} seen while sampling once a second.
 */
public final class ProcessMeter implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;
    private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-rss");
        t.setDaemon(true);
        return t;
    });

    /** Starts sampling the resident memory of {@code pids} (name → pid). */
    public ProcessMeter(Map<String, Long> pids) {
        this.pids = Map.copyOf(pids);
        sampler.scheduleAtFixedRate(() -> this.pids.forEach((name, pid) ->
                peakRssKb.merge(name, rssKb(pid), Math::max)), 0, 1, TimeUnit.SECONDS);
    }

    /** CPU seconds each process has used since it started. */
    public Map<String, Double> cpuSeconds() {
        Map<String, Double> cpu = new java.util.TreeMap<>();
        pids.forEach((name, pid) -> cpu.put(name, cpuSeconds(pid)));
        return cpu;
    }

    public long peakRssMb(String name) {
        return peakRssKb.getOrDefault(name, 0L) / 1024;
    }

    /** The process's CPU time and that of its live descendants (PostgreSQL's backends are children of its postmaster). */
    static double cpuSeconds(long pid) {
        double total = ownCpuSeconds(pid);
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            total += ownCpuSeconds(child.pid());
        }
        return total;
    }

    private static double ownCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, and cutime, cstime: children that exited and were waited for (backends of closed connections)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
        } catch (IOException | RuntimeException gone) {
            return 0L;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
