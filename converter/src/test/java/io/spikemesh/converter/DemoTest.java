package io.spikemesh.converter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikemesh.converter.eval.EvalOptions;
import io.spikemesh.converter.train.TrainOptions;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void shouldRunThePipelineWithTinySettingsAndWriteModelAndPlot() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "dataset-fashion-mnist is not installed (.ci/run installs it)");
        Demo.Options options = Demo.Options.defaults().withOutputDir(dir).withProgress(false).withTestLimit(300)
                .withTrain(TrainOptions.defaults().withArchitecture("c4k5-bn-mp2-fc10").withEpochs(1, 1)
                        .withTrainLimit(1000))
                .withEval(EvalOptions.defaults().withStepMultipliers(List.of(1, 2)).withSweepLimit(100));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Demo.Result r = Demo.run(options, new PrintStream(log, true, StandardCharsets.UTF_8));

        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("qat   epoch 1"), text);
        assertTrue(text.contains("-bit weights: integer QANN"), text);
        Model model = ModelFile.read(r.modelFile());
        assertEquals(r.conversion().weightBits(),
                Integer.parseInt(model.getMetadata().getConverterSettingsMap().get("weight_bits")));
        assertEquals(r.evaluation().at(3).accuracy(), model.getMetadata().getSnnAccuracy(), 1e-12);
        byte[] png = Files.readAllBytes(r.plotFile());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertTrue(png.length > 5000);
        // T = 3 and 6, each with and without suppression, plus settle; the sweeps on 100 images.
        assertEquals(5, r.evaluation().runs().size());
        assertEquals(300, r.evaluation().at(3).images());
        assertEquals(100, r.evaluation().at(6).images());
        String table = r.evaluation().table();
        assertTrue(table.contains("T=3 +settle (300)"), table);
        assertTrue(r.evaluation().toMap().containsKey("per_t"));
    }
}
