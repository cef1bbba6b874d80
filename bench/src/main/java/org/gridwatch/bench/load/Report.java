package org.gridwatch.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's printed table, also written to {@code bench/results/<name>-<date>-<time>.txt} with the date, the
 * machine and the exact command at its top.
 */
public final class Report {

    private final String name;
    private final String command;
    private final List<String> lines = new ArrayList<>();

    public Report(String name, String command) {
        this.name = name;
        this.command = command;
    }

    public static String machine() {
        String load;
        try {
            load = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            load = "?";
        }
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%d cores (%s), %d MB RAM, JDK %s, load average %s",
                Runtime.getRuntime().availableProcessors(), cpu,
                ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() >> 20,
                System.getProperty("java.version"), load);
    }

    public Report line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        lines.add(line);
        return this;
    }

    /** Writes the report under {@code results}; returns the file. */
    public Path write(Path results) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Path file = results.resolve(String.format(Locale.ROOT, "%s-%s-%02d%02d.txt", name, LocalDate.from(now),
                now.getHour(), now.getMinute()));
        List<String> all = new ArrayList<>();
        all.add("# " + name + ", " + now.withNano(0));
        all.add("# machine: " + machine());
        all.add("# command: " + command);
        all.add("");
        all.addAll(lines);
        try {
            Files.createDirectories(results);
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("written to " + file);
        return file;
    }
}
