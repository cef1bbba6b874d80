package org.gridwatch.infra;

import java.util.Optional;

/** Ends a child JVM once the process that started it has died, so that no orphan keeps a port. */
final class ParentWatch {

    private ParentWatch() {
    }

    static void exitWhenGone(long parentPid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty()) {
            return;
        }
        Thread watcher = new Thread(() -> {
            parent.get().onExit().join();
            // A normal exit runs the shutdown hooks, so Kafka still closes its logs cleanly.
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
