package io.spikemesh.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → convert → evaluate through the command line, on a small real Fashion-MNIST subset. */
class PipelineCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainConvertEvaluateAndRunGiveAModelWhoseSnnMatchesItsOraclesAndTheActorRuntime() throws Exception {
        Path checkpoint = dir.resolve("mlp");
        Cli train = Cli.run("train", "-q", "--arch", "784-64-10", "--bits", "2", "--float-epochs", "1",
                "--qat-epochs", "1", "--train-limit", "3000", "--seed", "3", "--out", checkpoint.toString());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("checkpoint written"), train.out());

        Path model = dir.resolve("mlp.snn");
        Cli convert = Cli.run("convert", "-q", "--checkpoint", checkpoint.toString(), "--out", model.toString(),
                "--weight-bits", "10");
        assertEquals(0, convert.exitCode(), convert.err());
        Model written = ModelFile.read(model);
        assertEquals(3, written.getMetadata().getDefaultTimeSteps());
        assertEquals("fashion-mnist", written.getMetadata().getDataset());

        Path plot = dir.resolve("acc.png");
        Cli evaluate = Cli.run("evaluate", "-q", "--model", model.toString(), "--checkpoint", checkpoint.toString(),
                "--limit", "400", "--multipliers", "1,2", "--json", "--plot", plot.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode json = new ObjectMapper().readTree(evaluate.out());
        assertEquals(400, json.get("test_images").asInt());
        double qann = json.get("qann_accuracy").asDouble();
        assertTrue(qann > 0.6, "a 784-64-10 MLP learns Fashion-MNIST past 60% in two short epochs: " + qann);
        assertTrue(json.has("int_qann_accuracy"));
        assertTrue(Files.size(plot) > 1000, "the plot is a real PNG");
        JsonNode atL = json.get("per_t").get("3");
        assertTrue(atL.get("agreement").asDouble() > 0.9, "SNN at T = L mostly agrees with the DJL QANN: " + atL);
        assertTrue(json.get("per_t").has("6"), "T = 2L was run");
        boolean sawSettle = false;
        for (JsonNode run : json.get("runs")) {
            if (run.get("settle").asBoolean()) {
                sawSettle = true;
                assertEquals(1.0, run.get("int_qann_agreement").asDouble(), 0.0,
                        "with settle, the SNN predicts exactly what the integer quantized ANN predicts");
            }
        }
        assertTrue(sawSettle, "the settle run is part of the evaluation");

        // The converted model through the actor runtime, in small partitions over Aeron IPC: bit-identical.
        Cli simulate = Cli.run("simulate", "-q", "--model", model.toString(), "--limit", "120", "--json");
        Cli run = Cli.run("run", "-q", "--model", model.toString(), "--limit", "120", "--json", "--transport", "ipc",
                "--partition-size", "16", "--window", "6");
        assertEquals(0, simulate.exitCode(), simulate.err());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode reference = new ObjectMapper().readTree(simulate.out());
        JsonNode actors = new ObjectMapper().readTree(run.out());
        assertEquals(reference.get("predictions_sha256"), actors.get("predictions_sha256"));
        for (int i = 0; i < reference.get("layers").size(); i++) {
            assertEquals(reference.get("layers").get(i).get("positive_spikes"),
                    actors.get("layers").get(i).get("positive_spikes"));
            assertEquals(reference.get("layers").get(i).get("negative_spikes"),
                    actors.get("layers").get(i).get("negative_spikes"));
        }
        assertTrue(actors.get("partitions").asInt() >= 64 / 16 + 1, "the hidden layer alone makes 4 partitions");
    }

    @Test
    void bitsOutsideOneToEightAreRejectedBeforeAnyTraining() {
        Cli train = Cli.run("train", "-q", "--bits", "9", "--out", dir.resolve("x").toString());
        assertEquals(1, train.exitCode());
        assertTrue(train.err().contains("9"), train.err());
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void anUnparsableArchitectureIsAOneLineError() {
        Cli train = Cli.run("train", "-q", "--arch", "c16k5-banana", "--out", dir.resolve("x").toString());
        assertEquals(1, train.exitCode());
        assertTrue(train.err().startsWith("spikemesh: error: "), train.err());
        assertEquals(1, train.err().strip().lines().count(), train.err());
    }

    @Test
    void convertingAMissingCheckpointSaysToTrainFirst() throws Exception {
        Path out = dir.resolve("m.snn");
        Cli convert = Cli.run("convert", "-q", "--checkpoint", dir.resolve("none").toString(), "--out",
                out.toString());
        assertEquals(1, convert.exitCode());
        assertTrue(convert.err().contains("spikemesh train"), convert.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "no partial output");
        }
    }
}
