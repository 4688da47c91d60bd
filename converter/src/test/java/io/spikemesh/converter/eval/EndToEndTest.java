package io.spikemesh.converter.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikemesh.converter.convert.ConversionResult;
import io.spikemesh.converter.convert.ConvertOptions;
import io.spikemesh.converter.convert.Converter;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.DatasetLoader;
import io.spikemesh.converter.data.KnownDataset;
import io.spikemesh.converter.data.Split;
import io.spikemesh.converter.train.Progress;
import io.spikemesh.converter.train.QatTrainer;
import io.spikemesh.converter.train.TrainOptions;
import io.spikemesh.converter.train.TrainedModel;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.QuantizedAnn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a small 2-bit CNN on 2000 real Fashion-MNIST images, converts it and runs the SNN with the runtime. One
 * training run is shared by the tests (a few seconds of CPU).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    private static final Path SYSTEM = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int TEST_IMAGES = 500;

    private Dataset train;
    private Dataset test;
    private TrainOptions options;
    private QatTrainer.Result trained;
    private ConversionResult converted;

    @TempDir
    Path dir;

    @BeforeAll
    void trainAndConvert() {
        assumeTrue(Files.isDirectory(SYSTEM), "dataset-fashion-mnist is not installed (.ci/run installs it)");
        DatasetLoader loader = new DatasetLoader(Optional.of(SYSTEM), Path.of("unused"), false);
        train = loader.load(KnownDataset.FASHION_MNIST, Split.TRAIN).head(2000);
        test = loader.load(KnownDataset.FASHION_MNIST, Split.TEST).head(TEST_IMAGES);
        options = TrainOptions.defaults().withArchitecture("c8k5-bn-mp2-c16k5-bn-mp2-fc10").withEpochs(2, 2)
                .withSeed(3);
        trained = QatTrainer.train(options, train, test, Progress.NONE);
        converted = Converter.convert(trained.model(), test, ConvertOptions.defaults().withWeightBits(12),
                Progress.NONE);
    }

    @AfterAll
    void close() {
        if (trained != null) {
            trained.model().close();
        }
    }

    @Test
    void shouldLearnSomethingInBothPhases() {
        assertEquals(4, trained.epochs().size());
        assertTrue(trained.model().floatAccuracy().getAsDouble() > 0.6, trained.epochs().toString());
        assertTrue(trained.model().qannAccuracy().getAsDouble() > 0.6, trained.epochs().toString());
        assertEquals(trained.model().qannAccuracy().getAsDouble(), converted.qannAccuracy(), 1e-12);
    }

    @Test
    void shouldMatchTheQuantizedAnnWithTheSnn() {
        EvaluationResult r = Evaluator.evaluate(converted.model(), test, Evaluator.AnnReference.of(converted),
                EvalOptions.defaults().withStepMultipliers(List.of(1)), Progress.NONE);
        System.out.println(r.table());
        assertEquals(3, r.levels());
        // 12-bit weights: the integer QANN is the DJL QANN up to a few rounding-boundary cases.
        assertTrue(r.intQannAgreement().getAsDouble() >= 0.98, r.table());
        SnnRun atL = r.at(3);
        assertTrue(atL.agreement() >= 0.95, r.table());
        assertTrue(Math.abs(atL.accuracy() - r.qannAccuracy().getAsDouble()) <= 0.03, r.table());
        SnnRun settled = r.runs().stream().filter(SnnRun::settle).findFirst().orElseThrow();
        assertEquals(1.0, settled.intAgreement(), r.table());
        assertTrue(settled.meanStepsRun() >= 3, r.table());
        assertTrue(atL.spikesPerNeuron() > 0 && atL.spikesPerNeuron() <= 3, r.table());
        assertTrue(atL.synopsPerInference() > 0, r.table());
    }

    @Test
    void shouldScreenWeightWidthsExactlyLikeTheRuntimeOracle() {
        assertEquals(0, converted.screenMismatches());
        assertEquals(1, converted.trials().size());
        assertEquals(converted.intQannAccuracy(), converted.trials().get(0).intQannAccuracy(), 1e-12);
        // Recomputed by the evaluator without the conversion's predictions: the same oracle figure.
        EvaluationResult fresh = Evaluator.evaluate(converted.model(), test,
                Evaluator.AnnReference.fromMetadata(converted.model()),
                EvalOptions.defaults().withStepMultipliers(List.of(1)).withoutSuppressionRuns(false).withLimit(200),
                Progress.NONE);
        assertEquals(TrainedModelAccuracy.of(converted.intQannPredictions(), test, 200), fresh.intQannAccuracy(),
                1e-12);
        assertFalse(fresh.qannMeasured());
    }

    @Test
    void shouldKeepEveryIntegerCountWhenShiftingBiasIntoTheMembraneStartAndAgreeBetterAtTEqualsL() {
        ConversionResult classic = Converter.convert(trained.model(), test,
                ConvertOptions.defaults().withWeightBits(12).withStartShift(0), Progress.NONE);
        Network shifted = Network.compile(converted.model());
        Network plain = Network.compile(classic.model());
        var shiftedLayer = converted.model().getLayers(0).getNeurons();
        var plainLayer = classic.model().getLayers(0).getNeurons();
        assertEquals(plainLayer.getThreshold(), shiftedLayer.getThreshold());
        assertEquals(plainLayer.getThreshold() / 2, plainLayer.getMembraneStart());
        assertTrue(shiftedLayer.getMembraneStart() > plainLayer.getThreshold() * 9 / 10);
        QuantizedAnn a = new QuantizedAnn(shifted);
        QuantizedAnn b = new QuantizedAnn(plain);
        for (int i = 0; i < 100; i++) {
            QuantizedAnn.Evaluation ea = a.evaluate(test.sample(i), 3);
            QuantizedAnn.Evaluation eb = b.evaluate(test.sample(i), 3);
            assertArrayEquals(eb.outputs(), ea.outputs());
            for (String layer : List.of("conv1", "pool1", "conv2", "pool2")) {
                assertArrayEquals(eb.counts(layer), ea.counts(layer), layer);
            }
        }
        EvalOptions atL = EvalOptions.defaults().withStepMultipliers(List.of(1)).withoutSuppressionRuns(false);
        EvaluationResult withShift = Evaluator.evaluate(converted.model(), test, Evaluator.AnnReference.of(converted),
                atL, Progress.NONE);
        EvaluationResult without = Evaluator.evaluate(classic.model(), test, Evaluator.AnnReference.of(classic), atL,
                Progress.NONE);
        System.out.printf("T=3 agreement with the integer QANN: start shift %.4f, classic %.4f%n",
                withShift.at(3).intAgreement(), without.at(3).intAgreement());
        assertTrue(withShift.at(3).intAgreement() >= without.at(3).intAgreement(), withShift.table()
                + without.table());
    }

    @Test
    void shouldConvertAverageFoldedPoolingExactly() {
        try (TrainedModel ap = QatTrainer.train(options.withArchitecture("c8k3-bn-ap2-c16k3-bn-ap2-fc10")
                .withEpochs(1, 1), train, test, Progress.NONE).model()) {
            ConversionResult c = Converter.convert(ap, test, ConvertOptions.defaults().withWeightBits(14),
                    Progress.NONE);
            assertEquals(0, c.screenMismatches());
            // No pooling layer in the file: the averages live in the next projections' weights.
            assertEquals(List.of("conv1", "conv2", "output"),
                    c.model().getLayersList().stream().map(l -> l.getName()).toList());
            assertEquals(6, c.model().getLayers(1).getNeurons().getProjections(0).getConv2D().getKernelH());
            EvaluationResult r = Evaluator.evaluate(c.model(), test, Evaluator.AnnReference.of(c),
                    EvalOptions.defaults().withStepMultipliers(List.of(1)).withoutSuppressionRuns(false),
                    Progress.NONE);
            assertTrue(r.intQannAgreement().getAsDouble() >= 0.98, r.table());
            assertEquals(1.0, r.runs().stream().filter(SnnRun::settle).findFirst().orElseThrow().intAgreement(),
                    r.table());
        }
    }

    /** Accuracy of the first n predictions. */
    private static final class TrainedModelAccuracy {
        static double of(int[] predictions, Dataset data, int n) {
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += predictions[i] == data.label(i) ? 1 : 0;
            }
            return (double) correct / n;
        }
    }

    @Test
    void shouldWriteAModelFileThatReadsBackIdentically() throws IOException {
        Path file = dir.resolve("model.snn");
        Converter.write(converted, file);
        Model back = ModelFile.read(file);
        assertEquals(converted.model(), back);
        assertEquals("fashion-mnist", back.getMetadata().getDataset());
        assertEquals(2, back.getMetadata().getActivationBits());
        assertEquals(3, back.getMetadata().getDefaultTimeSteps());
        assertEquals(10, back.getMetadata().getClassNamesCount());
        assertEquals("12", back.getMetadata().getConverterSettingsMap().get("weight_bits"));
        assertTrue(back.getMetadata().hasIntQannAccuracy());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void shouldRefuseAnUnwritableOutputAndLeaveNoFile() throws IOException {
        Path missingParent = dir.resolve("no/such/dir/model.snn");
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> Converter.write(converted,
                missingParent));
        assertFalse(e.getMessage().isBlank());
        assertFalse(Files.exists(dir.resolve("no")));
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        assumeTrue(readOnly.toFile().setWritable(false), "cannot make a read-only directory here");
        try {
            assumeTrue(!Files.isWritable(readOnly), "running as a user who can write anywhere");
            assertThrows(SpikemeshException.class, () -> Converter.write(converted, readOnly.resolve("m.snn")));
            try (Stream<Path> files = Files.list(readOnly)) {
                assertEquals(0, files.count());
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
    }

    @Test
    void shouldReloadASavedCheckpointWithIdenticalPredictions() {
        Path ckpt = dir.resolve("ckpt");
        trained.model().save(ckpt);
        try (TrainedModel back = TrainedModel.load(ckpt, 2)) {
            assertArrayEquals(trained.model().predict(test), back.predict(test));
            assertEquals(trained.model().qannAccuracy(), back.qannAccuracy());
            assertEquals(options.architecture(), back.network().architecture().spec());
        }
    }

    @Test
    void shouldBeReproducibleForASeed() {
        try (TrainedModel again = QatTrainer.train(options.withEpochs(2, 2), train, test, Progress.NONE).model()) {
            assertArrayEquals(trained.model().predict(test), again.predict(test));
        }
    }
}
