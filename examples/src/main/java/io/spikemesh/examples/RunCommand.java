package io.spikemesh.examples;

import io.spikemesh.converter.train.Progress;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.protocol.TrafficReport;
import io.spikemesh.runtime.coordinator.Prediction;
import io.spikemesh.runtime.coordinator.RunOptions;
import io.spikemesh.runtime.coordinator.SpikemeshSession;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.traffic.TrafficReports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code spikemesh run}: the model as partition actors exchanging spike frames over a transport. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model file on its test set as partition actors exchanging spike frames "
                + "(in-JVM, Aeron IPC or Aeron UDP), with traffic metering.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOption progress;

    @Mixin
    ModelOptions input;

    @Option(names = "--transport", paramLabel = "KIND", description = "inproc, ipc or udp (default: ${DEFAULT-VALUE})",
            defaultValue = "inproc")
    String transport;

    @Option(names = "--udp-port", paramLabel = "PORT", description = "UDP port of the spike stream on localhost "
            + "(udp transport; default: any free port)")
    Integer udpPort;

    @Option(names = "--partition-size", paramLabel = "N", description = "most neurons per partition, like neurons "
            + "per core (default: from reference.conf)")
    Integer partitionSize;

    @Option(names = "--window", paramLabel = "K", description = "samples in flight (default: from reference.conf)")
    Integer window;

    @Option(names = "--steps", paramLabel = "T", description = "time steps (default: the model's)")
    Integer steps;

    @Option(names = "--no-suppression", description = "turn occasional-noise suppression (-1 spikes) off")
    boolean noSuppression;

    @Option(names = "--traffic", paramLabel = "FILE", description = "write the traffic report: FILE.json, and "
            + "beside it the same name as .csv and a .png heatmap of partition-to-partition spikes")
    Path traffic;

    @Option(names = "--json", description = "print one JSON object instead of a table")
    boolean json;

    @Override
    public Integer call() {
        Model file = ModelFile.read(input.model);
        Network network = Network.compile(file);
        RunOptions options = RunOptions.defaults().withTransport(transport).withSuppression(!noSuppression);
        if (partitionSize != null) {
            options = options.withPartitionSize(partitionSize);
        }
        if (window != null) {
            options = options.withWindow(window);
        }
        if (steps != null) {
            if (steps < 1) {
                throw new SpikemeshException("--steps must be >= 1, got " + steps);
            }
            options = options.withTimeSteps(steps);
        }
        if (udpPort != null) {
            options = options.withUdpEndpoint(options.udpHost(), udpPort);
        }
        options.validate();
        Path trafficJson = traffic == null ? null : withExtension(traffic, ".json");
        TestSet test = TestSet.forModel(file, input.data, input.limit);

        List<Prediction> predictions;
        TrafficReport report;
        Histogram latency;
        int timeSteps;
        int partitions;
        long startNs;
        long endNs;
        try (SpikemeshSession session = SpikemeshSession.open(network, options)) {
            // Throughput counts from the first submission to the last prediction, not the driver's start-up.
            startNs = System.nanoTime();
            List<CompletableFuture<Prediction>> futures = new ArrayList<>(test.size());
            try (Progress.Task task = progress.progress().start("run over " + transport, test.size())) {
                for (int[] sample : test.samples()) {
                    futures.add(session.submit(sample).whenComplete((p, e) -> task.step(1)));
                }
                predictions = new ArrayList<>(futures.size());
                for (CompletableFuture<Prediction> future : futures) {
                    // A failed run completes the future with the SpikemeshException that names the missing frame.
                    predictions.add(future.join());
                }
            }
            endNs = System.nanoTime();
            report = session.trafficReport();
            latency = session.latencyHistogram();
            timeSteps = session.timeSteps();
            partitions = session.plan().partitions().size();
        }
        double seconds = (endNs - startNs) / 1e9;
        if (trafficJson != null) {
            TrafficReports.write(report, trafficJson);
            TrafficReports.write(report, withExtension(trafficJson, ".csv"));
            TrafficReports.write(report, withExtension(trafficJson, ".png"));
        }

        int[] predicted = predictions.stream().mapToInt(Prediction::prediction).toArray();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", file.getMetadata().getName());
        out.put("dataset", test.dataset().name());
        out.put("transport", transport.toLowerCase(Locale.ROOT));
        out.put("partitions", partitions);
        out.put("partition_size", options.partitionSize());
        out.put("window", options.window());
        out.put("samples", test.size());
        out.put("time_steps", timeSteps);
        out.put("suppression", !noSuppression);
        out.put("accuracy", test.accuracy(predicted));
        out.put("predictions_sha256", Reports.predictionsSha256(predicted));
        out.put("images_per_second", test.size() / seconds);
        out.put("frames_per_second", report.getTotal().getFrames() / seconds);
        out.put("latency_ms", Map.of("p50", latency.getValueAtPercentile(50) / 1e6,
                "p99", latency.getValueAtPercentile(99) / 1e6, "max", latency.getMaxValue() / 1e6));
        out.put("per_sample", Map.of("frames", report.getPerSample().getFrames(),
                "spikes", report.getPerSample().getSpikes(), "bytes", report.getPerSample().getBytes(),
                "synaptic_operations", report.getPerSample().getSynapticOperations()));
        out.put("back_pressure_events", report.getBackPressureEvents());
        List<Map<String, Object>> layers = new ArrayList<>();
        report.getLayersList().forEach(l -> {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("name", l.getLayer());
            layer.put("neurons", l.getNeurons());
            layer.put("positive_spikes", l.getPositiveSpikes());
            layer.put("negative_spikes", l.getNegativeSpikes());
            layer.put("synaptic_operations", l.getSynapticOperations());
            layers.add(layer);
        });
        out.put("layers", layers);
        if (trafficJson != null) {
            out.put("traffic_report", trafficJson.toString());
        }
        print(out);
        return 0;
    }

    private static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(base + extension);
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Reports.json(report));
            return;
        }
        out.printf("model %s on %s: %d samples, T = %d, transport %s, %d partitions (<= %d neurons), window %d%n",
                report.get("model"), report.get("dataset"), report.get("samples"), report.get("time_steps"),
                report.get("transport"), report.get("partitions"), report.get("partition_size"),
                report.get("window"));
        out.printf("accuracy %s   %.0f images/s   %.0f frames/s   latency p50 %.2f ms p99 %.2f ms%n",
                Reports.percent((double) report.get("accuracy")), (double) report.get("images_per_second"),
                (double) report.get("frames_per_second"),
                ((Map<String, Double>) report.get("latency_ms")).get("p50"),
                ((Map<String, Double>) report.get("latency_ms")).get("p99"));
        out.printf("predictions sha256 %s%n", report.get("predictions_sha256"));
        Map<String, Double> perSample = (Map<String, Double>) report.get("per_sample");
        out.printf("per sample: %.0f frames, %.0f spikes, %.0f bytes, %.0f synaptic operations%n%n",
                perSample.get("frames"), perSample.get("spikes"), perSample.get("bytes"),
                perSample.get("synaptic_operations"));
        out.printf("%-14s %9s %14s %14s %16s%n", "layer", "neurons", "+spikes", "-spikes", "synops");
        for (Map<String, Object> l : (List<Map<String, Object>>) report.get("layers")) {
            out.printf("%-14s %9d %14d %14d %16d%n", l.get("name"), l.get("neurons"), l.get("positive_spikes"),
                    l.get("negative_spikes"), l.get("synaptic_operations"));
        }
        if (report.containsKey("traffic_report")) {
            out.printf("%ntraffic report: %s (+ .csv, .png)%n", report.get("traffic_report"));
        }
    }
}
