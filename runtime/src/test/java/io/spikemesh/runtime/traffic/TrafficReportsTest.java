package io.spikemesh.runtime.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aeron.CncFileDescriptor;
import io.spikemesh.protocol.LayerTraffic;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.protocol.TrafficReport;
import io.spikemesh.runtime.ModelBuilder;
import io.spikemesh.runtime.coordinator.Prediction;
import io.spikemesh.runtime.coordinator.RunOptions;
import io.spikemesh.runtime.coordinator.SpikemeshSession;
import io.spikemesh.runtime.network.Network;
import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficReportsTest {

    private static Network network() {
        int[] w = new int[16 * 6];
        Arrays.fill(w, 2);
        int[] v = new int[6 * 3];
        Arrays.fill(v, 1);
        return Network.compile(new ModelBuilder(15, 16)
                .neurons("h", new int[] {6}, 40, 20, null, ModelBuilder.dense("input", w))
                .output("out", 3, null, ModelBuilder.dense("h", v))
                .build());
    }

    private static List<int[]> samples() {
        int[] bright = new int[16];
        Arrays.fill(bright, 15);
        int[] dim = new int[16];
        Arrays.fill(dim, 3);
        return List.of(bright, dim, bright);
    }

    /** What AeronStat does: read counter labels and values from the driver's cnc.dat. */
    private static Map<String, Long> aeronStat(String aeronDir) {
        MappedByteBuffer cnc = IoUtil.mapExistingFile(new File(aeronDir, CncFileDescriptor.CNC_FILE), "cnc");
        try {
            DirectBuffer meta = CncFileDescriptor.createMetaDataBuffer(cnc);
            CountersReader reader = new CountersReader(CncFileDescriptor.createCountersMetaDataBuffer(cnc, meta),
                    CncFileDescriptor.createCountersValuesBuffer(cnc, meta));
            Map<String, Long> values = new HashMap<>();
            reader.forEach((id, type, key, label) -> values.put(label, reader.getCounterValue(id)));
            return values;
        } finally {
            IoUtil.unmap(cnc);
        }
    }

    @Test
    void shouldExposeLiveCountersToAeronStatAndWriteJsonCsvAndPng(@TempDir Path dir) throws Exception {
        try (SpikemeshSession session = SpikemeshSession.open(network(), RunOptions.defaults().withTransport("ipc")
                .withPartitionSize(2).withTimeSteps(3))) {
            List<Prediction> predictions = session.runAll(samples());
            long hidden = predictions.stream().mapToLong(p -> p.layers().get(0).positiveSpikes()).sum();
            assertTrue(hidden > 0);

            Map<String, Long> counters = aeronStat(session.aeronDirectory());
            assertEquals(hidden, counters.get("spikemesh layer h +spikes"));
            // h is P0..P2 (2 neurons each), out P3..P4: every h partition feeds both out partitions.
            assertEquals(3 * 3, counters.get("spikemesh link P0->P4 frames"), "3 samples × 3 steps");

            TrafficReport report = session.trafficReport();
            assertEquals("ipc", report.getTransport());
            assertEquals(3, report.getSamples());
            assertEquals(6, report.getLinksCount());
            assertEquals(6 * 9, report.getTotal().getFrames());
            assertEquals(report.getTotal().getFrames() / 3, report.getPerSample().getFrames());
            LayerTraffic h = report.getLayers(0);
            assertEquals(hidden, h.getPositiveSpikes());
            assertEquals(predictions.stream().mapToLong(p -> p.layers().get(0).synapticOperations()).sum(),
                    h.getSynapticOperations());
            assertEquals(2 * hidden, (long) report.getTotal().getSpikes(),
                    "each h spike travels to both output partitions");

            Path json = dir.resolve("traffic.json");
            Path csv = dir.resolve("traffic.csv");
            Path png = dir.resolve("traffic.png");
            TrafficReports.write(report, json);
            TrafficReports.write(report, csv);
            TrafficReports.write(report, png);
            JsonNode parsed = new ObjectMapper().readTree(json.toFile());
            assertEquals("ipc", parsed.get("transport").asText());
            assertEquals(6, parsed.get("links").size());
            assertEquals(hidden, parsed.get("layers").get(0).get("positive_spikes").asLong());
            List<String> lines = Files.readAllLines(csv);
            assertEquals(1 + 6 + 2, lines.size());
            assertTrue(lines.get(1).startsWith("link,P0->P3,0,3,9,"), lines.get(1));
            byte[] image = Files.readAllBytes(png);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(image, 4));
            assertThrows(SpikemeshException.class, () -> TrafficReports.write(report, dir.resolve("traffic.xls")));
        }
    }
}
