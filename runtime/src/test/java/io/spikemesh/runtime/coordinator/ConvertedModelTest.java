package io.spikemesh.runtime.coordinator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spikemesh.protocol.ModelFile;
import io.spikemesh.runtime.network.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The equivalence check on a real converted model, when one is given: {@code -Dspikemesh.test.model=FILE} or the
 * environment variable {@code SPIKEMESH_TEST_MODEL}. Images come from the Fashion-MNIST test set when installed
 * (dataset-fashion-mnist) and the model takes 1×28×28 inputs, else random values in the model's input range.
 */
class ConvertedModelTest {

    private static Path modelFile() {
        String path = System.getProperty("spikemesh.test.model", System.getenv("SPIKEMESH_TEST_MODEL"));
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inproc", "ipc", "udp"})
    void shouldMatchTheReferenceOnAConvertedModel(String transport) throws Exception {
        Path file = modelFile();
        assumeTrue(file != null && Files.exists(file), "no converted model given (-Dspikemesh.test.model=FILE)");
        Network network = Network.compile(ModelFile.read(file));
        Path images = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        List<int[]> samples;
        if (network.inputSize() == 784 && Files.exists(images)) {
            samples = ThroughputBenchmark.readIdxImages(images, 40);
        } else {
            Random random = new Random(1);
            samples = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                samples.add(random.ints(network.inputSize(), 0, network.maxInputValue() + 1).toArray());
            }
        }
        SessionEquivalenceTest.assertSameAsReference(network, samples,
                RunOptions.defaults().withTransport(transport).withPartitionSize(256).withWindow(8));
    }
}
