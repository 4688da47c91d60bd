package io.spikemesh.examples;

import io.spikemesh.converter.train.Progress;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.LayerActivity;
import io.spikemesh.runtime.reference.ReferenceSimulator;
import io.spikemesh.runtime.reference.SimulationOptions;
import io.spikemesh.runtime.reference.SimulationResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code spikemesh simulate}: the reference simulator over a test set. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a model file on its dataset's test set with the reference simulator.")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Mixin
    ModelOptions input;

    @Option(names = "--steps", paramLabel = "T", description = "time steps (default: the model's, normally 2^b - 1)")
    Integer steps;

    @Option(names = "--no-suppression", description = "turn occasional-noise suppression (-1 spikes) off")
    boolean noSuppression;

    @Option(names = "--settle", description = "after the T steps, run until no neuron spikes (counts then equal the "
            + "integer quantized ANN's)")
    boolean settle;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Model file = ModelFile.read(input.model);
        Network network = Network.compile(file);
        int timeSteps = steps != null ? steps : network.defaultTimeSteps();
        if (timeSteps < 1) {
            throw new SpikemeshException("--steps must be >= 1, got " + timeSteps);
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new SpikemeshException("--threads must be >= 1, got " + workers);
        }
        TestSet test = TestSet.forModel(file, input.data, input.limit);
        SimulationOptions options = SimulationOptions.of(timeSteps).withSuppression(!noSuppression).withSettle(settle);

        long startNs = System.nanoTime();
        SimulationResult[] results = simulate(network, test.samples(), options, workers, progress.progress());
        double seconds = (System.nanoTime() - startNs) / 1e9;

        int[] predictions = new int[results.length];
        for (int i = 0; i < results.length; i++) {
            predictions[i] = results[i].prediction();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", file.getMetadata().getName());
        report.put("dataset", test.dataset().name());
        report.put("samples", test.size());
        report.put("time_steps", timeSteps);
        report.put("suppression", !noSuppression);
        report.put("settle", settle);
        report.put("accuracy", test.accuracy(predictions));
        report.put("predictions_sha256", Reports.predictionsSha256(predictions));
        report.put("images_per_second", test.size() / seconds);
        report.put("layers", layerTotals(network, results));
        print(report);
        return 0;
    }

    static SimulationResult[] simulate(Network network, int[][] samples, SimulationOptions options, int workers,
                                       Progress progress) throws Exception {
        SimulationResult[] results = new SimulationResult[samples.length];
        // One simulator per worker: a ReferenceSimulator reuses its buffers and is not thread-safe.
        ForkJoinPool pool = new ForkJoinPool(workers);
        try (Progress.Task task = progress.start("simulate T=" + options.timeSteps(), samples.length)) {
            pool.submit(() -> IntStream.range(0, workers).parallel().forEach(w -> {
                ReferenceSimulator simulator = new ReferenceSimulator(network);
                for (int i = w; i < samples.length; i += workers) {
                    results[i] = simulator.run(samples[i], options);
                    task.step(1);
                }
            })).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            pool.shutdown();
        }
        return results;
    }

    private static List<Map<String, Object>> layerTotals(Network network, SimulationResult[] results) {
        List<Map<String, Object>> layers = new ArrayList<>();
        if (results.length == 0) {
            return layers;
        }
        for (LayerActivity first : results[0].layers()) {
            long positive = 0;
            long negative = 0;
            long synops = 0;
            for (SimulationResult r : results) {
                LayerActivity a = r.layer(first.name());
                positive += a.positiveSpikes();
                negative += a.negativeSpikes();
                synops += a.synapticOperations();
            }
            int neurons = network.layer(first.name()).size();
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", first.name());
            layer.put("kind", first.kind().name().toLowerCase(Locale.ROOT));
            layer.put("neurons", neurons);
            layer.put("positive_spikes", positive);
            layer.put("negative_spikes", negative);
            layer.put("synaptic_operations", synops);
            layer.put("spikes_per_neuron_per_sample", (double) (positive + negative) / neurons / results.length);
            layers.add(layer);
        }
        return layers;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Reports.json(report));
            return;
        }
        out.printf("model %s on %s: %d samples, T = %d, suppression %s, settle %s%n", report.get("model"),
                report.get("dataset"), report.get("samples"), report.get("time_steps"),
                (boolean) report.get("suppression") ? "on" : "off", (boolean) report.get("settle") ? "on" : "off");
        out.printf("accuracy %s   (%.0f images/s)%n", Reports.percent((double) report.get("accuracy")),
                (double) report.get("images_per_second"));
        out.printf("predictions sha256 %s%n%n", report.get("predictions_sha256"));
        out.printf("%-14s %-8s %9s %14s %14s %16s %12s%n", "layer", "kind", "neurons", "+spikes", "-spikes",
                "synops", "spikes/n/img");
        for (Map<String, Object> l : (List<Map<String, Object>>) report.get("layers")) {
            out.printf("%-14s %-8s %9d %14d %14d %16d %12.3f%n", l.get("name"), l.get("kind"), l.get("neurons"),
                    l.get("positive_spikes"), l.get("negative_spikes"), l.get("synaptic_operations"),
                    l.get("spikes_per_neuron_per_sample"));
        }
    }
}
