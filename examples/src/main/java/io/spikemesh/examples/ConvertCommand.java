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
                + "(atomically). The weight width is chosen so the integer quantized ANN stays within 0.1 points "
                + "of the DJL quantized ANN on the test set.")
final class ConvertCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "written by 'spikemesh train'")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the .snn model file to write")
    Path out;

    @Option(names = "--weight-bits", paramLabel = "N", description = "fixed weight width 2..16 (default: the "
            + "smallest width from 8 up that meets the 0.1-point tolerance)")
    int weightBits;

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
                defaults.tolerance(), name, threads);
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
