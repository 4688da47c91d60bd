package io.spikemesh.converter.train;

import ai.djl.ndarray.types.DataType;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.KnownDataset;
import io.spikemesh.converter.model.Architecture;
import io.spikemesh.converter.model.LsqQuantizer;
import io.spikemesh.converter.model.QffsNetwork;
import io.spikemesh.protocol.SpikemeshException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * A trained QFFS network (DJL model with quantizers in QUANTIZED mode) and what is known about it. Closing it frees
 * the native memory.
 */
public final class TrainedModel implements AutoCloseable {
    private static final String PARAMS_NAME = "qffs";
    private static final String INFO_FILE = "qffs-model.properties";

    private final Model model;
    private final QffsNetwork network;
    private final KnownDataset dataset;
    private final OptionalDouble floatAccuracy;
    private final OptionalDouble qannAccuracy;
    private final Map<String, String> settings;

    TrainedModel(Model model, QffsNetwork network, KnownDataset dataset, OptionalDouble floatAccuracy,
            OptionalDouble qannAccuracy, Map<String, String> settings) {
        this.model = model;
        this.network = network;
        this.dataset = dataset;
        this.floatAccuracy = floatAccuracy;
        this.qannAccuracy = qannAccuracy;
        this.settings = Map.copyOf(settings);
    }

    public QffsNetwork network() {
        return network;
    }

    public KnownDataset dataset() {
        return dataset;
    }

    /** Test accuracy of the float network after pre-training, when pre-training ran. */
    public OptionalDouble floatAccuracy() {
        return floatAccuracy;
    }

    /** Test accuracy of the quantized ANN (DJL, float arithmetic) measured at the end of training. */
    public OptionalDouble qannAccuracy() {
        return qannAccuracy;
    }

    /** Training settings for provenance in the model file. */
    public Map<String, String> settings() {
        return settings;
    }

    public NDManager manager() {
        return model.getNDManager();
    }

    /** Predictions of the DJL network in its current quantizer mode. */
    public int[] predict(Dataset data) {
        return predict(model, network, data);
    }

    public double accuracy(Dataset data) {
        return data.accuracy(predict(data));
    }


    static int[] predict(Model model, QffsNetwork network, Dataset data) {
        int n = data.size();
        int[] out = new int[n];
        int batch = 500;
        try (NDManager m = model.getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            for (int from = 0; from < n; from += batch) {
                int to = Math.min(n, from + batch);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                try (NDManager bm = m.newSubManager()) {
                    NDArray x = bm.create(data.floatPixels(idx), network.batchShape(idx.length));
                    NDArray logits = network.block().forward(ps, new NDList(x), false).singletonOrThrow();
                    long[] arg = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < arg.length; i++) {
                        out[from + i] = (int) arg[i];
                    }
                }
            }
        }
        return out;
    }

    /** Saves parameters and a properties file into {@code dir} (created if needed). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            model.save(dir, PARAMS_NAME);
            Properties p = new Properties();
            p.setProperty("architecture", network.architecture().spec());
            p.setProperty("bits", Integer.toString(network.bits()));
            p.setProperty("dataset", dataset.id());
            int[] shape = network.inputShape();
            p.setProperty("input_shape", shape[0] + "," + shape[1] + "," + shape[2]);
            p.setProperty("classes", Integer.toString(network.classes()));
            floatAccuracy.ifPresent(a -> p.setProperty("float_accuracy", Double.toString(a)));
            qannAccuracy.ifPresent(a -> p.setProperty("qann_accuracy", Double.toString(a)));
            for (Map.Entry<String, String> e : settings.entrySet()) {
                p.setProperty("setting." + e.getKey(), e.getValue());
            }
            try (Writer w = Files.newBufferedWriter(dir.resolve(INFO_FILE))) {
                p.store(w, "Spikemesh QFFS training checkpoint");
            }
        } catch (IOException e) {
            throw new SpikemeshException("Cannot save the trained model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads a checkpoint written by {@link #save}. */
    public static TrainedModel load(Path dir, int threads) {
        Path info = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(info)) {
            throw new SpikemeshException(dir + " is not a trained-model directory (no " + INFO_FILE
                    + "); run 'spikemesh train' first.");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(info)) {
            p.load(r);
        } catch (IOException e) {
            throw new SpikemeshException("Cannot read " + info + ": " + e.getMessage(), e);
        }
        try {
            String[] s = p.getProperty("input_shape").split(",");
            int[] shape = {Integer.parseInt(s[0]), Integer.parseInt(s[1]), Integer.parseInt(s[2])};
            QffsNetwork network = new QffsNetwork(Architecture.parse(p.getProperty("architecture")),
                    Integer.parseInt(p.getProperty("bits")), shape, Integer.parseInt(p.getProperty("classes")));
            DjlEngine.get(threads);
            Model model = Model.newInstance(PARAMS_NAME, DjlEngine.NAME);
            model.setBlock(network.block());
            model.load(dir, PARAMS_NAME);
            network.setQuantizerMode(LsqQuantizer.Mode.QUANTIZED);
            Map<String, String> settings = new LinkedHashMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("setting.")) {
                    settings.put(k.substring(8), p.getProperty(k));
                }
            }
            return new TrainedModel(model, network, KnownDataset.byId(p.getProperty("dataset")),
                    optional(p.getProperty("float_accuracy")), optional(p.getProperty("qann_accuracy")), settings);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            if (e instanceof SpikemeshException se) {
                throw se;
            }
            throw new SpikemeshException("Cannot load the trained model from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static OptionalDouble optional(String v) {
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(v));
    }

    @Override
    public void close() {
        model.close();
    }
}
