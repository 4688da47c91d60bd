package io.spikemesh.converter.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemDatasetTest {
    @Test
    void shouldReadTheDebianFashionMnistTestSet() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "dataset-fashion-mnist is not installed (.ci/run installs it)");
        Dataset test = DatasetLoader.defaults(Optional.empty()).load(KnownDataset.FASHION_MNIST, Split.TEST);
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {1, 28, 28}, test.shape());
        int[] perClass = new int[10];
        for (int i = 0; i < test.size(); i++) {
            perClass[test.label(i)]++;
        }
        for (int c : perClass) {
            assertEquals(1000, c);
        }
        assertEquals(9, test.label(0)); // the first Fashion-MNIST test image is an ankle boot
    }
}
