package io.spikemesh.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikemesh.protocol.Conv2d;
import io.spikemesh.protocol.Dense;
import io.spikemesh.protocol.FlattenLayer;
import io.spikemesh.protocol.InputSpec;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.Metadata;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.NeuronLayer;
import io.spikemesh.protocol.OutputLayer;
import io.spikemesh.protocol.Projection;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.ReferenceSimulator;
import io.spikemesh.runtime.reference.SimulationOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    @TempDir
    Path dir;

    /** A small random conv net on 28×28 Fashion-MNIST inputs: conv 4×5×5 → max-pool 2 → flatten → dense 10. */
    static Model randomFashionModel(long seed) {
        Random random = new Random(seed);
        Projection.Builder conv = Projection.newBuilder().setSource("input").setWeightBits(8)
                .setConv2D(Conv2d.newBuilder().setInChannels(1).setOutChannels(4).setKernelH(5).setKernelW(5)
                        .setStride(2).setPadding(0));
        for (int i = 0; i < 4 * 25; i++) {
            conv.addWeights(random.nextInt(255) - 127);
        }
        NeuronLayer.Builder conv1 = NeuronLayer.newBuilder().addShape(4).addShape(12).addShape(12)
                .setThreshold(40_000).setMembraneStart(20_000).addProjections(conv);
        Projection.Builder fc = Projection.newBuilder().setSource("flat").setWeightBits(8)
                .setDense(Dense.getDefaultInstance());
        for (int i = 0; i < 10 * 4 * 6 * 6; i++) {
            fc.addWeights(random.nextInt(255) - 127);
        }
        return Model.newBuilder().setFormatVersion(ModelFile.FORMAT_VERSION)
                .setMetadata(Metadata.newBuilder().setName("random-cnn").setDataset("fashion-mnist")
                        .setActivationBits(2).setDefaultTimeSteps(3))
                .setInput(InputSpec.newBuilder().addShape(1).addShape(28).addShape(28).setScale(1 / 255.0)
                        .setMaxValue(255))
                .addLayers(Layer.newBuilder().setName("conv1").setNeurons(conv1))
                .addLayers(Layer.newBuilder().setName("pool1").setMaxPool(MaxPoolLayer.newBuilder()
                        .setSource("conv1").setKernel(2).setStride(2)))
                .addLayers(Layer.newBuilder().setName("flat").setFlatten(FlattenLayer.newBuilder().setSource("pool1")))
                .addLayers(Layer.newBuilder().setName("out").setOutput(OutputLayer.newBuilder().addShape(10)
                        .addProjections(fc)))
                .build();
    }

    @Test
    void simulateJsonReportsThePredictionsOfTheReferenceSimulator() throws Exception {
        Model model = randomFashionModel(7);
        Path file = dir.resolve("random.snn");
        ModelFile.write(model, file);

        Cli run = Cli.run("simulate", "--model", file.toString(), "--limit", "40", "--json", "--threads", "2");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());

        TestSet test = TestSet.forModel(model, null, 40);
        ReferenceSimulator simulator = new ReferenceSimulator(Network.compile(model));
        int[] expected = simulator.predict(test.samples(), SimulationOptions.of(3));
        assertEquals(40, json.get("samples").asInt());
        assertEquals(Reports.predictionsSha256(expected), json.get("predictions_sha256").asText());
        assertEquals(test.accuracy(expected), json.get("accuracy").asDouble(), 1e-12);
        JsonNode conv1 = json.get("layers").get(0);
        assertEquals("conv1", conv1.get("name").asText());
        assertEquals(4 * 12 * 12, conv1.get("neurons").asInt());
        assertTrue(conv1.get("positive_spikes").asLong() > 0, "a random conv layer on real images spikes");
    }

    @Test
    void simulateGivesTheSameDigestForOneThreadAndTwo() throws Exception {
        Path file = dir.resolve("random.snn");
        ModelFile.write(randomFashionModel(11), file);
        ObjectMapper mapper = new ObjectMapper();
        String one = mapper.readTree(Cli.run("simulate", "--model", file.toString(), "--limit", "25", "--json",
                "--threads", "1").out()).get("predictions_sha256").asText();
        String two = mapper.readTree(Cli.run("simulate", "--model", file.toString(), "--limit", "25", "--json",
                "--threads", "2").out()).get("predictions_sha256").asText();
        assertEquals(one, two);
    }

    @Test
    void aCorruptModelFileIsOneLineAndExitCodeOne() throws Exception {
        Path file = dir.resolve("corrupt.snn");
        Files.write(file, new byte[] {1, 2, 3});
        Cli run = Cli.run("simulate", "--model", file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("spikemesh: error: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aMissingModelOptionIsAUsageErrorWithExitCodeTwo() {
        Cli run = Cli.run("simulate");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--model"), run.err());
    }

    @Test
    void aMissingDataDirectoryIsAClearError() throws Exception {
        Path file = dir.resolve("random.snn");
        ModelFile.write(randomFashionModel(3), file);
        Cli run = Cli.run("simulate", "--model", file.toString(), "--data", dir.resolve("nowhere").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("nowhere"), run.err());
    }
}
