package org.gridwatch.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Entry point of the child JVM that {@link KafkaBroker} starts: formats the KRaft storage on first
 * start, then runs the Kafka server. It exits when the process that started it is gone, so a crashed
 * test run or launcher leaves no broker behind.
 */
public final class KafkaNodeMain {

    private KafkaNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        String config = args[0];
        String clusterId = args[1];
        long parentPid = Long.parseLong(args[2]);
        Properties props = new Properties();
        try (var in = Files.newInputStream(Path.of(config))) {
            props.load(in);
        }
        Path logDir = Path.of(props.getProperty("log.dirs"));
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config, "--ignore-formatted"}, System.out);
            if (rc != 0) {
                System.err.println("Kafka storage format failed with code " + rc);
                System.exit(rc);
            }
        }
        ParentWatch.exitWhenGone(parentPid);
        kafka.Kafka.main(new String[] {config});
    }
}
