package io.spikemesh.examples;

import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.DatasetLoader;
import io.spikemesh.converter.data.KnownDataset;
import io.spikemesh.converter.data.Split;
import io.spikemesh.converter.train.QatTrainer;
import io.spikemesh.converter.train.TrainOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikemesh train}: QFFS quantization-aware training with DJL; writes a checkpoint directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an ANN with b-bit quantized activations (float pre-training, then LSQ quantization-aware "
                + "fine-tuning) and save it as a checkpoint directory for 'convert'.")
final class TrainCommand implements Callable<Integer> {
    private static final TrainOptions DEFAULTS = TrainOptions.defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "checkpoint directory to write")
    Path out;

    @Option(names = "--arch", paramLabel = "SPEC", description = "architecture spec (e.g. c16k5-bn-mp2-c32k5-bn-mp2-fc10, "
            + "784-500-500-10) or preset (fashion-cnn, mlp, ...); default: fashion-cnn")
    String arch = DEFAULTS.architecture();

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist or mnist (default: fashion-mnist)")
    String dataset = DEFAULTS.dataset().id();

    @Option(names = "--data", paramLabel = "DIR", description = "directory with the dataset's IDX files")
    Path data;

    @Option(names = "--bits", paramLabel = "B", description = "activation bits 1..8; the SNN runs T = 2^B - 1 steps "
            + "(default: ${DEFAULT-VALUE})")
    int bits = DEFAULTS.bits();

    @Option(names = "--float-epochs", paramLabel = "N", description = "float pre-training epochs (default: "
            + "${DEFAULT-VALUE})")
    int floatEpochs = DEFAULTS.floatEpochs();

    @Option(names = "--qat-epochs", paramLabel = "N", description = "quantization-aware epochs (default: "
            + "${DEFAULT-VALUE})")
    int qatEpochs = DEFAULTS.qatEpochs();

    @Option(names = "--batch-size", paramLabel = "N", description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--lr", paramLabel = "RATE", description = "float pre-training learning rate (default: "
            + "${DEFAULT-VALUE})")
    float learningRate = DEFAULTS.learningRate();

    @Option(names = "--qat-lr", paramLabel = "RATE", description = "QAT learning rate (default: ${DEFAULT-VALUE})")
    float qatLearningRate = DEFAULTS.qatLearningRate();

    @Option(names = "--optimizer", paramLabel = "NAME", description = "adam or sgd (default: ${DEFAULT-VALUE})")
    String optimizer = DEFAULTS.optimizer();

    @Option(names = "--seed", paramLabel = "N", description = "random seed; the same seed gives the same network "
            + "(default: ${DEFAULT-VALUE})")
    long seed = DEFAULTS.seed();

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch threads (default: all cores)")
    int threads = DEFAULTS.threads();

    @Option(names = "--train-limit", paramLabel = "N", description = "use only the first N training images "
            + "(default: all)")
    int trainLimit;

    @Override
    public Integer call() {
        TrainOptions options = new TrainOptions(KnownDataset.byId(dataset), arch, bits, floatEpochs, qatEpochs,
                batchSize, learningRate, qatLearningRate, optimizer, seed, threads, trainLimit);
        DatasetLoader loader = DatasetLoader.defaults(Optional.ofNullable(data));
        Dataset train = loader.load(options.dataset(), Split.TRAIN);
        Dataset test = loader.load(options.dataset(), Split.TEST);
        PrintWriter log = spec.commandLine().getOut();
        QatTrainer.Result result = QatTrainer.train(options, train, test, progress.progress());
        try {
            printEpochs(log, result);
            result.model().save(out);
            log.printf("checkpoint written to %s (convert it with: spikemesh convert --checkpoint %s --out MODEL.snn)%n",
                    out, out);
        } finally {
            result.model().close();
        }
        return 0;
    }

    static void printEpochs(PrintWriter log, QatTrainer.Result result) {
        for (QatTrainer.EpochStats e : result.epochs()) {
            log.printf("  %-5s epoch %d: loss %.4f, train accuracy %.2f%%, test accuracy %.2f%% (%.0f s)%n",
                    e.phase(), e.epoch(), e.trainLoss(), 100 * e.trainAccuracy(), 100 * e.testAccuracy(), e.seconds());
        }
        log.printf("float ANN %s, quantized ANN %s, %.0f s%n",
                result.model().floatAccuracy().isPresent()
                        ? Reports.percent(result.model().floatAccuracy().getAsDouble()) : "n/a",
                result.model().qannAccuracy().isPresent()
                        ? Reports.percent(result.model().qannAccuracy().getAsDouble()) : "n/a",
                result.seconds());
    }
}
