package io.spikemesh.converter;

import io.spikemesh.converter.convert.ConversionResult;
import io.spikemesh.converter.convert.ConvertOptions;
import io.spikemesh.converter.convert.Converter;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.DatasetLoader;
import io.spikemesh.converter.data.Split;
import io.spikemesh.converter.eval.AccuracyPlot;
import io.spikemesh.converter.eval.EvalOptions;
import io.spikemesh.converter.eval.EvaluationResult;
import io.spikemesh.converter.eval.Evaluator;
import io.spikemesh.converter.eval.SnnRun;
import io.spikemesh.converter.train.Progress;
import io.spikemesh.converter.train.QatTrainer;
import io.spikemesh.converter.train.TrainOptions;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.SpikemeshException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole pipeline in one call: train the default 2-bit CNN on Fashion-MNIST, convert it, evaluate it with the
 * runtime, write the model file and the accuracy-vs-T plot, and print the table.
 */
public final class Demo {
    /**
     * @param dataDir   MNIST-format files to use instead of the system/cached dataset
     * @param outputDir where the model file and the plot go (created if needed)
     * @param train     training settings
     * @param convert   conversion settings
     * @param eval      evaluation settings
     * @param progress  whether to show progress bars
     * @param testLimit use only the first n test images for conversion and evaluation (0 = all; for quick runs)
     */
    public record Options(Optional<Path> dataDir, Path outputDir, TrainOptions train, ConvertOptions convert,
            EvalOptions eval, boolean progress, int testLimit) {

        public static Options defaults() {
            // The sweeps (T = 2L, 4L, suppression off) on 2000 images keep the demo within its time budget; the
            // T = L and settle runs always use the whole test set.
            return new Options(Optional.empty(), Path.of("spikemesh-demo"), TrainOptions.defaults(),
                    ConvertOptions.defaults(), EvalOptions.defaults().withSweepLimit(2000), true, 0);
        }

        public Options withOutputDir(Path dir) {
            return new Options(dataDir, dir, train, convert, eval, progress, testLimit);
        }

        public Options withDataDir(Optional<Path> dir) {
            return new Options(dir, outputDir, train, convert, eval, progress, testLimit);
        }

        public Options withTrain(TrainOptions t) {
            return new Options(dataDir, outputDir, t, convert, eval, progress, testLimit);
        }

        public Options withEval(EvalOptions e) {
            return new Options(dataDir, outputDir, train, convert, e, progress, testLimit);
        }

        public Options withTestLimit(int n) {
            return new Options(dataDir, outputDir, train, convert, eval, progress, n);
        }

        public Options withProgress(boolean on) {
            return new Options(dataDir, outputDir, train, convert, eval, on, testLimit);
        }
    }

    /** Everything the demo produced. */
    public record Result(QatTrainer.Result training, ConversionResult conversion, EvaluationResult evaluation,
            Path modelFile, Path plotFile, double seconds) {
    }

    private Demo() {
    }

    public static Result run(Options options, PrintStream log) {
        long started = System.nanoTime();
        Progress progress = options.progress() ? Progress.console() : Progress.NONE;
        DatasetLoader loader = DatasetLoader.defaults(options.dataDir());
        Dataset train = loader.load(options.train().dataset(), Split.TRAIN);
        Dataset test = loader.load(options.train().dataset(), Split.TEST).head(options.testLimit());
        log.printf("Training %s (%d-bit activations) on %d %s images%n", options.train().architecture(),
                options.train().bits(), options.train().trainLimit() > 0
                        ? Math.min(options.train().trainLimit(), train.size()) : train.size(), train.name());
        try {
            Files.createDirectories(options.outputDir());
        } catch (IOException e) {
            throw new SpikemeshException("Cannot create the output directory " + options.outputDir() + ": "
                    + e.getMessage(), e);
        }
        QatTrainer.Result trained = QatTrainer.train(options.train(), train, test, progress);
        try {
            for (QatTrainer.EpochStats e : trained.epochs()) {
                log.printf("  %-5s epoch %d: loss %.4f, train accuracy %.2f%%, test accuracy %.2f%% (%.0f s)%n",
                        e.phase(), e.epoch(), e.trainLoss(), 100 * e.trainAccuracy(), 100 * e.testAccuracy(),
                        e.seconds());
            }
            log.println("Converting (weight width chosen against the runtime's integer quantized ANN)");
            ConversionResult converted = Converter.convert(trained.model(), test, options.convert(), progress);
            for (ConversionResult.BitsTrial t : converted.trials()) {
                log.printf("  %2d-bit weights: integer QANN %.2f%%, agrees with DJL QANN on %.2f%%%s%n",
                        t.weightBits(), 100 * t.intQannAccuracy(), 100 * t.agreementWithQann(),
                        t.rejected().isEmpty() ? "" : " (" + t.rejected() + ")");
            }
            log.println("Evaluating with the runtime's reference simulator");
            EvaluationResult evaluation = Evaluator.evaluate(converted.model(), test, Evaluator.AnnReference.of(converted),
                    options.eval(), progress);
            Model model = converted.model();
            SnnRun atL = evaluation.at(evaluation.levels());
            if (atL != null && atL.images() == test.size()) {
                model = model.toBuilder().setMetadata(model.getMetadata().toBuilder().setSnnAccuracy(atL.accuracy()))
                        .build();
            }
            Path modelFile = options.outputDir().resolve(model.getMetadata().getName() + ".snn");
            io.spikemesh.protocol.ModelFile.write(model, modelFile);
            Path plot = options.outputDir().resolve("accuracy-vs-T.png");
            AccuracyPlot.write(evaluation, plot);
            return new Result(trained, converted, evaluation, modelFile, plot, (System.nanoTime() - started) / 1e9);
        } finally {
            trained.model().close();
        }
    }

    public static void main(String[] args) {
        Options options = Options.defaults();
        if (args.length > 0) {
            options = options.withOutputDir(Path.of(args[0]));
        }
        if (args.length > 1) {
            options = options.withDataDir(Optional.of(Path.of(args[1])));
        }
        try {
            Result r = run(options, System.out);
            System.out.println();
            System.out.print(r.evaluation().table());
            System.out.printf("%nModel: %s%nPlot:  %s%nTotal: %.0f s%n", r.modelFile(), r.plotFile(), r.seconds());
        } catch (SpikemeshException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
