package io.spikemesh.examples;

import io.spikemesh.converter.convert.ConversionResult;
import io.spikemesh.converter.convert.ConvertOptions;
import io.spikemesh.converter.convert.Converter;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.DatasetLoader;
import io.spikemesh.converter.data.Split;
import io.spikemesh.converter.train.TrainedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikemesh convert}: a training checkpoint into an integer {@code .snn} model file. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Fold batch norm, integerize weights, thresholds and biases, and write a .snn model file "
                + "(atomically). By default the weight width is the smallest from 8 bits up whose integer quantized "
                + "ANN stays within 0.1 points of the DJL quantized ANN on the test set and agrees with it on at "
                + "least 99.5%% of the images.")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "written by 'spikemesh train'")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the .snn model file to write")
    Path out;

    @Option(names = "--weight-bits", paramLabel = "N", description = "fixed weight width 2..16 (default: chosen "
            + "automatically, as described above)")
    int weightBits;

    @Option(names = "--min-agreement", paramLabel = "FRACTION", description = "automatic width: least fraction of "
            + "test images on which the integer and the DJL quantized ANN must agree (default: ${DEFAULT-VALUE})")
    double minAgreement = ConvertOptions.DEFAULT_MIN_AGREEMENT;

    @Option(names = "--start-shift", paramLabel = "F", description = "fraction of the threshold moved from the bias "
            + "into the membrane start, in [0, 0.5): counts at T = L are unchanged but neurons fire without lagging "
            + "behind late input (better agreement at T = L, lower accuracy at T > L); 0 gives the classic start "
            + "at threshold/2 (default: ${DEFAULT-VALUE})")
    double startShift = ConvertOptions.DEFAULT_START_SHIFT;

    @Option(names = "--name", paramLabel = "NAME", description = "model name in the metadata")
    String name = "";

    @Option(names = "--data", paramLabel = "DIR", description = "directory with the dataset's IDX files")
    Path data;

    @Option(names = "--threads", paramLabel = "N", description = "threads for the integer checks (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        ConvertOptions defaults = ConvertOptions.defaults();
        ConvertOptions options = new ConvertOptions(weightBits, defaults.minAutoBits(), defaults.maxAutoBits(),
                defaults.tolerance(), name, threads, startShift, minAgreement);
        PrintWriter log = spec.commandLine().getOut();
        try (TrainedModel trained = TrainedModel.load(checkpoint, threads)) {
            Dataset test = DatasetLoader.defaults(Optional.ofNullable(data)).load(trained.dataset(), Split.TEST);
            ConversionResult result = Converter.convert(trained, test, options, progress.progress());
            printTrials(log, result);
            Converter.write(result, out);
            log.printf("model written to %s (%d-bit weights, T = %d)%n", out, result.weightBits(),
                    result.model().getMetadata().getDefaultTimeSteps());
        }
        return 0;
    }

    static void printTrials(PrintWriter log, ConversionResult result) {
        for (ConversionResult.BitsTrial t : result.trials()) {
            log.printf("  %2d-bit weights: integer QANN %.2f%%, agrees with DJL QANN on %.2f%%%s%n", t.weightBits(),
                    100 * t.intQannAccuracy(), 100 * t.agreementWithQann(),
                    t.rejected().isEmpty() ? "" : " (" + t.rejected() + ")");
        }
    }
}
