package io.spikemesh.converter.train;

import java.util.Arrays;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.model.Architecture;
import io.spikemesh.converter.model.LsqQuantizer;
import io.spikemesh.converter.model.QffsNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * QFFS training: float pre-training (quantizers act as ReLU), LSQ step calibration on one batch, then
 * quantization-aware fine-tuning. Deterministic for a seed: the engine is seeded and the shuffles come from
 * {@code java.util.Random(seed)}.
 */
public final class QatTrainer {
    /** Per-epoch record: phase ("float" or "qat"), epoch within it, mean training loss and accuracy, test accuracy. */
    public record EpochStats(String phase, int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
            double seconds) {
    }

    /** What training produced. The caller owns (and must close) the model. */
    public record Result(TrainedModel model, List<EpochStats> epochs, double seconds) {
    }

    private QatTrainer() {
    }

    public static Result train(TrainOptions options, Dataset train, Dataset test, Progress progress) {
        long started = System.nanoTime();
        Dataset trainSet = train.head(options.trainLimit());
        DjlEngine.get(options.threads()).setRandomSeed((int) options.seed());
        QffsNetwork network = new QffsNetwork(Architecture.parse(options.architecture()), options.bits(),
                train.shape(), train.numClasses());
        Model model = Model.newInstance("qffs", DjlEngine.NAME);
        boolean ok = false;
        try {
            model.setBlock(network.block());
            int stepsPerEpoch = (trainSet.size() + options.batchSize() - 1) / options.batchSize();
            PhasedCosine lr = new PhasedCosine();
            Optimizer optimizer = options.optimizer().equals("sgd")
                    ? Optimizer.sgd().setLearningRateTracker(lr).optMomentum(0.9f).build()
                    : Optimizer.adam().optLearningRateTracker(lr).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(optimizer).optDevices(new Device[] {Device.cpu()});
            List<EpochStats> history = new ArrayList<>();
            OptionalDouble floatAccuracy = OptionalDouble.empty();
            double qannAccuracy;
            Random shuffle = new Random(options.seed());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(network.batchShape(options.batchSize()));
                if (options.floatEpochs() > 0) {
                    network.setQuantizerMode(LsqQuantizer.Mode.FLOAT);
                    lr.startPhase(options.learningRate(), options.floatEpochs() * stepsPerEpoch);
                    for (int e = 1; e <= options.floatEpochs(); e++) {
                        history.add(epoch(trainer, network, trainSet, test, options, shuffle, "float", e,
                                options.floatEpochs(), progress));
                    }
                    floatAccuracy = OptionalDouble.of(history.get(history.size() - 1).testAccuracy());
                }
                calibrate(model, network, trainSet, options, shuffle);
                lr.startPhase(options.qatLearningRate(), Math.max(1, options.qatEpochs() * stepsPerEpoch));
                for (int e = 1; e <= options.qatEpochs(); e++) {
                    history.add(epoch(trainer, network, trainSet, test, options, shuffle, "qat", e,
                            options.qatEpochs(), progress));
                }
                qannAccuracy = options.qatEpochs() > 0 ? history.get(history.size() - 1).testAccuracy()
                        : test.accuracy(TrainedModel.predict(model, network, test));
            }
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("architecture", network.architecture().canonical());
            settings.put("bits", Integer.toString(options.bits()));
            settings.put("float_epochs", Integer.toString(options.floatEpochs()));
            settings.put("qat_epochs", Integer.toString(options.qatEpochs()));
            settings.put("batch_size", Integer.toString(options.batchSize()));
            settings.put("learning_rate", Float.toString(options.learningRate()));
            settings.put("qat_learning_rate", Float.toString(options.qatLearningRate()));
            settings.put("optimizer", options.optimizer());
            settings.put("seed", Long.toString(options.seed()));
            settings.put("train_images", Integer.toString(trainSet.size()));
            TrainedModel trained = new TrainedModel(model, network, options.dataset(), floatAccuracy,
                    OptionalDouble.of(qannAccuracy), settings);
            ok = true;
            return new Result(trained, List.copyOf(history), (System.nanoTime() - started) / 1e9);
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    /** LSQ initialisation: s = 2·mean|x|/sqrt(L) of each quantizer's input on one training batch. */
    private static void calibrate(Model model, QffsNetwork network, Dataset train, TrainOptions options,
            Random shuffle) {
        network.setQuantizerMode(LsqQuantizer.Mode.CALIBRATE);
        int n = Math.min(train.size(), Math.max(options.batchSize(), 256));
        int[] idx = permutation(train.size(), shuffle);
        int[] first = Arrays.copyOf(idx, n);
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray x = m.create(train.floatPixels(first), network.batchShape(n));
            network.block().forward(new ParameterStore(m, false), new NDList(x), false);
        }
        for (LsqQuantizer q : network.quantizers()) {
            q.applyCalibration();
        }
    }

    private static EpochStats epoch(Trainer trainer, QffsNetwork network, Dataset train, Dataset test,
            TrainOptions options, Random shuffle, String phase, int epoch, int epochs, Progress progress) {
        long t0 = System.nanoTime();
        int[] order = permutation(train.size(), shuffle);
        int batch = options.batchSize();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (Progress.Task task = progress.start(phase + " " + epoch + "/" + epochs, train.size())) {
            for (int from = 0; from < order.length; from += batch) {
                int to = Math.min(order.length, from + batch);
                int[] idx = Arrays.copyOfRange(order, from, to);
                try (NDManager bm = trainer.getManager().newSubManager()) {
                    NDArray x = bm.create(train.floatPixels(idx), network.batchShape(idx.length));
                    NDArray y = bm.create(train.floatLabels(idx));
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList preds = trainer.forward(new NDList(x), new NDList(y));
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), preds);
                        gc.backward(loss);
                        lossSum += loss.getFloat() * idx.length;
                        NDArray hit = preds.singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false).eq(y);
                        correct += hit.sum().toType(DataType.INT64, false).getLong();
                    }
                    trainer.step();
                }
                seen += idx.length;
                task.step(idx.length);
                task.message(String.format("loss %.4f acc %.4f", lossSum / seen, (double) correct / seen));
            }
        }
        double testAccuracy = test.accuracy(TrainedModel.predict(trainer.getModel(), network, test));
        return new EpochStats(phase, epoch, lossSum / seen, (double) correct / seen, testAccuracy,
                (System.nanoTime() - t0) / 1e9);
    }

    static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Cosine decay from a peak to zero over one phase; restarted for the QAT phase. */
    private static final class PhasedCosine implements Tracker {
        private float peak;
        private int total = 1;
        private int offset;
        private int lastUpdate;

        void startPhase(float peakRate, int steps) {
            this.peak = peakRate;
            this.total = Math.max(1, steps);
            this.offset = lastUpdate;
        }

        @Override
        public float getNewValue(int numUpdate) {
            lastUpdate = numUpdate;
            int t = Math.min(total, Math.max(0, numUpdate - offset));
            return (float) (peak * 0.5 * (1 + Math.cos(Math.PI * t / total)));
        }
    }
}
