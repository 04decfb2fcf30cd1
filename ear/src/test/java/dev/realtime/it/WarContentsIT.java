package dev.realtime.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The web tier never consumes a broker: the built WAR must hold no consumer code and no class that
 * even refers to the consume side of the broker SPI, and no broker client library. Publishing from
 * the web tier (through RealtimeManager and RealtimeNode) stays allowed. Nor does the product hold the benchmark's
 * load generator. Reads the EAR the build produced; no server.
 */
class WarContentsIT {
    private static final List<String> FORBIDDEN_REFERENCES = List.of(
            "dev/realtime/broker/BatchBuffer",
            "dev/realtime/broker/BrokerConsumer",
            "dev/realtime/broker/BrokerRelay",
            "dev/realtime/broker/BufferedConsumer",
            "dev/realtime/broker/ConsumerOptions",
            "dev/realtime/broker/MessageBatch",
            "dev/realtime/consumer/");

    @Test
    void theWarHoldsNoBrokerConsumerCode() throws IOException {
        List<String> classes = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        try (ZipFile ear =
                new ZipFile(Path.of(System.getProperty("realtime.ear")).toFile())) {
            ZipEntry war = ear.getEntry("realtime-web.war");
            assertTrue(war != null, "the EAR has realtime-web.war");
            try (ZipInputStream in = new ZipInputStream(ear.getInputStream(war))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    if (name.startsWith("WEB-INF/lib/")) {
                        offenders.add(name + " (a library in the WAR; broker clients belong in the EAR's lib/)");
                    }
                    if (name.endsWith(".class")) {
                        classes.add(name);
                        String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                        for (String forbidden : FORBIDDEN_REFERENCES) {
                            if (name.contains(forbidden) || constants.contains(forbidden)) {
                                offenders.add(name + " refers to " + forbidden);
                            }
                        }
                    }
                }
            }
        }
        assertFalse(classes.isEmpty(), "the WAR has classes to inspect");
        assertTrue(
                classes.stream().anyMatch(c -> c.contains("PusherEndpoint")), "the inspection sees the WAR's classes");
        assertEquals(List.of(), offenders, "broker consumer code in the web tier");
    }

    @Test
    void theWarHoldsNoBenchmarkCode() throws IOException {
        // the fan-out benchmark's load generator lives in bench/ (a WAR that bench/run.sh adds to a copy)
        List<String> classes = new ArrayList<>();
        List<String> offenders = new ArrayList<>();
        try (ZipFile ear =
                new ZipFile(Path.of(System.getProperty("realtime.ear")).toFile())) {
            assertEquals(null, ear.getEntry("realtime-bench.war"), "the product EAR holds the benchmark WAR");
            try (ZipInputStream in = new ZipInputStream(ear.getInputStream(ear.getEntry("realtime-web.war")))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    if (!name.endsWith(".class")) {
                        continue;
                    }
                    classes.add(name);
                    String simple = name.substring(name.lastIndexOf('/') + 1);
                    String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (simple.startsWith("Bench")
                            || name.contains("/bench/")
                            || constants.contains("dev/realtime/bench/")
                            || constants.contains("realtime/demo/bench")) {
                        offenders.add(name);
                    }
                }
            }
        }
        assertTrue(classes.stream().anyMatch(c -> c.endsWith("/DemoResource.class")), "the inspection sees the demo");
        assertEquals(List.of(), offenders, "benchmark code in the product WAR");
    }

    @Test
    void theInspectionWouldCatchAConsumerReference() throws IOException {
        // The check above searches class files' constant pools; prove it sees a reference where one is.
        try (InputStream in = WarContentsIT.class.getResourceAsStream("WarContentsIT.class")) {
            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(constants.contains("dev/realtime/broker/BrokerConsumer"));
        }
    }
}
