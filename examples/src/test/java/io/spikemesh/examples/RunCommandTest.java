package io.spikemesh.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikemesh.protocol.ModelFile;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws Exception {
        Cli run = Cli.run(args);
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inproc", "ipc", "udp"})
    void runPredictsExactlyWhatTheReferenceSimulatorPredicts(String transport) throws Exception {
        Path model = dir.resolve("random.snn");
        ModelFile.write(SimulateCommandTest.randomFashionModel(5), model);
        JsonNode reference = json("simulate", "--model", model.toString(), "--limit", "30", "--json");
        JsonNode actors = json("run", "--model", model.toString(), "--limit", "30", "--json", "--transport", transport,
                "--partition-size", "100", "--window", "4", "--traffic", dir.resolve("traffic.json").toString());

        assertEquals(reference.get("predictions_sha256").asText(), actors.get("predictions_sha256").asText());
        assertEquals(reference.get("accuracy").asDouble(), actors.get("accuracy").asDouble(), 0.0);
        for (int i = 0; i < reference.get("layers").size(); i++) {
            JsonNode expected = reference.get("layers").get(i);
            JsonNode actual = actors.get("layers").get(i);
            assertEquals(expected.get("name").asText(), actual.get("name").asText());
            assertEquals(expected.get("positive_spikes").asLong(), actual.get("positive_spikes").asLong());
            assertEquals(expected.get("negative_spikes").asLong(), actual.get("negative_spikes").asLong());
            assertEquals(expected.get("synaptic_operations").asLong(), actual.get("synaptic_operations").asLong());
        }
        assertTrue(actors.get("partitions").asInt() > 4, "576 conv neurons in partitions of 100 make several");
        JsonNode traffic = new ObjectMapper().readTree(dir.resolve("traffic.json").toFile());
        assertEquals(30, traffic.get("samples").asLong());
        assertTrue(Files.size(dir.resolve("traffic.csv")) > 0);
        assertTrue(Files.size(dir.resolve("traffic.png")) > 0);
    }

    @Test
    void anUnknownTransportIsAOneLineError() throws Exception {
        Path model = dir.resolve("random.snn");
        ModelFile.write(SimulateCommandTest.randomFashionModel(5), model);
        Cli run = Cli.run("run", "--model", model.toString(), "--transport", "carrier-pigeon");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("carrier-pigeon"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aZeroPartitionSizeIsAOneLineError() throws Exception {
        Path model = dir.resolve("random.snn");
        ModelFile.write(SimulateCommandTest.randomFashionModel(5), model);
        Cli run = Cli.run("run", "--model", model.toString(), "--partition-size", "0");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("partition size"), run.err());
    }

    @Test
    void aUdpPortInUseIsAOneLineErrorNamingThePort() throws Exception {
        Path model = dir.resolve("random.snn");
        ModelFile.write(SimulateCommandTest.randomFashionModel(5), model);
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("localhost"))) {
            int port = taken.getLocalPort();
            Cli run = Cli.run("run", "-q", "--model", model.toString(), "--limit", "3", "--transport", "udp",
                    "--udp-port", Integer.toString(port));
            assertEquals(1, run.exitCode());
            assertTrue(run.err().contains(Integer.toString(port)) && run.err().contains("in use"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }
}
