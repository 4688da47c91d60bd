package io.spikemesh.examples;

import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.DatasetLoader;
import io.spikemesh.converter.data.KnownDataset;
import io.spikemesh.converter.data.Split;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelGraph;
import io.spikemesh.protocol.SpikemeshException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The labelled test samples a model is run on: the test split of the dataset named in the model's metadata. */
record TestSet(Dataset dataset, int[][] samples, int[] labels) {

    static TestSet forModel(Model model, Path dataDir, int limit) {
        String id = model.getMetadata().getDataset();
        if (id.isBlank()) {
            throw new SpikemeshException("the model file does not name its dataset (metadata.dataset is empty); "
                    + "it must be one of: fashion-mnist, mnist");
        }
        if (limit < 0) {
            throw new SpikemeshException("--limit must be >= 0 (0 means the whole test set), got " + limit);
        }
        Dataset test = DatasetLoader.defaults(Optional.ofNullable(dataDir)).load(KnownDataset.byId(id), Split.TEST);
        int expected = ModelGraph.of(model).inputSize();
        if (test.sampleSize() != expected) {
            throw new SpikemeshException("the model expects inputs of " + expected + " values (shape "
                    + model.getInput().getShapeList() + ") but " + test.name() + " samples have " + test.sampleSize()
                    + " (shape " + Arrays.toString(test.shape()) + ")");
        }
        if (limit > 0 && limit < test.size()) {
            test = test.head(limit);
        }
        int[][] samples = new int[test.size()][];
        int[] labels = new int[test.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = test.sample(i);
            labels[i] = test.label(i);
        }
        return new TestSet(test, samples, labels);
    }

    int size() {
        return samples.length;
    }

    double accuracy(int[] predictions) {
        return dataset.accuracy(predictions);
    }
}
