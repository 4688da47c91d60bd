package io.spikemesh.examples;

import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.data.DatasetLoader;
import io.spikemesh.converter.data.KnownDataset;
import io.spikemesh.converter.data.Split;
import io.spikemesh.converter.eval.AccuracyPlot;
import io.spikemesh.converter.eval.EvalOptions;
import io.spikemesh.converter.eval.EvaluationResult;
import io.spikemesh.converter.eval.Evaluator;
import io.spikemesh.converter.train.TrainedModel;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikemesh evaluate}: float ANN vs quantized ANN vs integer quantized ANN vs SNN at several T. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure a model: the float and quantized ANN (recorded, or measured with --checkpoint), the "
                + "integer quantized ANN and the SNN at T = L, 2L, 4L with and without noise suppression and with "
                + "settle; agreement, spikes per neuron and synaptic operations per inference.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Mixin
    ModelOptions input;

    @Option(names = "--checkpoint", paramLabel = "DIR", description = "the training checkpoint, to measure the DJL "
            + "quantized ANN now and report agreement with it (default: agreement with the integer quantized ANN)")
    Path checkpoint;

    @Option(names = "--sweep-limit", paramLabel = "N", description = "the T > L and no-suppression runs use only the "
            + "first N images (default: all)")
    int sweepLimit;

    @Option(names = "--multipliers", split = ",", paramLabel = "M", description = "T = M·L for each M (default: "
            + "1,2,4)")
    List<Integer> multipliers = List.of(1, 2, 4);

    @Option(names = "--plot", paramLabel = "FILE", description = "write a PNG plot of accuracy against T")
    Path plot;

    @Option(names = "--threads", paramLabel = "N", description = "simulator threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() {
        Model file = ModelFile.read(input.model);
        EvalOptions options = EvalOptions.defaults().withStepMultipliers(multipliers).withLimit(input.limit)
                .withSweepLimit(sweepLimit).withThreads(threads);
        Dataset test = DatasetLoader.defaults(Optional.ofNullable(input.data))
                .load(KnownDataset.byId(file.getMetadata().getDataset()), Split.TEST);
        Evaluator.AnnReference ann = Evaluator.AnnReference.fromMetadata(file);
        if (checkpoint != null) {
            try (TrainedModel trained = TrainedModel.load(checkpoint, threads)) {
                Dataset measured = input.limit > 0 ? test.head(input.limit) : test;
                int[] predictions = trained.predict(measured);
                ann = new Evaluator.AnnReference(ann.floatAccuracy(),
                        OptionalDouble.of(measured.accuracy(predictions)), Optional.of(predictions),
                        Optional.empty(),
                        List.of());
            }
        }
        EvaluationResult result = Evaluator.evaluate(file, test, ann, options, progress.progress());
        if (plot != null) {
            AccuracyPlot.write(result, plot);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> map = result.toMap();
            if (plot != null) {
                map.put("plot", plot.toString());
            }
            out.println(Reports.json(map));
        } else {
            out.print(result.table());
            if (plot != null) {
                out.printf("%nplot written to %s%n", plot);
            }
        }
        return 0;
    }
}
