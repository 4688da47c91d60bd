package io.spikemesh.converter.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccuracyPlotTest {
    @TempDir
    Path dir;

    private static EvaluationResult result() {
        List<SnnRun> runs = List.of(
                new SnnRun(100, 3, true, false, 0.90, 0.99, 0.995, 0.4, 1e6, 3, 100),
                new SnnRun(100, 3, false, false, 0.88, 0.95, 0.96, 0.38, 1e6, 3, 100),
                new SnnRun(50, 6, true, false, 0.905, 0.97, 0.97, 0.8, 2e6, 6, 50),
                new SnnRun(100, 3, true, true, 0.91, 0.995, 1.0, 0.41, 1e6, 4.2, 80));
        return new EvaluationResult("m", "fashion-mnist", 100, 2, 12, OptionalDouble.of(0.92), OptionalDouble.of(0.91),
                true, 0.905, OptionalDouble.of(0.995), runs, List.of(), 1.5);
    }

    @Test
    void shouldDrawAPngAndReportTheIssueKeys() throws IOException {
        Path png = dir.resolve("plot.png");
        AccuracyPlot.write(result(), png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(Files.readAllBytes(png), 4));
        Map<String, Object> m = result().toMap();
        assertEquals(0.92, m.get("float_accuracy"));
        assertEquals(0.91, m.get("qann_accuracy"));
        assertEquals(0.905, m.get("int_qann_accuracy"));
        @SuppressWarnings("unchecked")
        Map<String, Object> t3 = (Map<String, Object>) ((Map<String, Object>) m.get("per_t")).get("3");
        assertEquals(0.90, t3.get("snn_accuracy"));
        assertEquals(0.99, t3.get("agreement"));
        assertEquals(0.4, m.get("spikes_per_neuron"));
        assertTrue(result().table().contains("T=3 +settle (100)"));
    }

    @Test
    void shouldRefuseAnUnwritablePlotPathAndLeaveNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        SpikemeshException e = assertThrows(SpikemeshException.class,
                () -> AccuracyPlot.write(result(), file.resolve("plot.png")));
        assertTrue(e.getMessage().contains("Cannot write the plot"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
