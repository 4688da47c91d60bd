package io.spikemesh.benchmarks;

import io.spikemesh.converter.data.IdxReader;
import io.spikemesh.protocol.Conv2d;
import io.spikemesh.protocol.Dense;
import io.spikemesh.protocol.FlattenLayer;
import io.spikemesh.protocol.InputSpec;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.Metadata;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.NeuronLayer;
import io.spikemesh.protocol.OutputLayer;
import io.spikemesh.protocol.Projection;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.protocol.TrafficReport;
import io.spikemesh.runtime.coordinator.Prediction;
import io.spikemesh.runtime.coordinator.RunOptions;
import io.spikemesh.runtime.coordinator.SpikemeshSession;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.ReferenceSimulator;
import io.spikemesh.runtime.reference.SimulationOptions;
import io.spikemesh.runtime.reference.SimulationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * End-to-end throughput: images per second and spike frames per second of the reference simulator and of the actor
 * runtime on each transport, on one model and one set of images; checks on the way that every transport predicts
 * what the reference predicts. A benchmark, not a test.
 *
 * <pre>
 * java -cp ... io.spikemesh.benchmarks.ThroughputBenchmark [--model FILE] [--images IDX.gz] [--count N]
 *      [--warmup N] [--steps T] [--partition-size N] [--window K] [--transports reference,inproc,ipc,udp]
 *      [--idle backoff|yielding|sleeping|busy-spin] [--repeat N] [--write-model FILE (saves the model used)]
 * </pre>
 * Without {@code --model} it builds the converter's default Fashion-MNIST architecture
 * ({@code c32k5-mp2-c64k5-mp2-fc10}) with random 4-bit weights and thresholds calibrated for a few spikes per neuron,
 * which exercises the same kernels and traffic shapes as a trained model but says nothing about accuracy.
 * With {@code --repeat N} every configuration runs N times, interleaved, and the medians are printed: on a shared
 * machine single runs vary by ±30 %.
 */
public final class ThroughputBenchmark {
    private ThroughputBenchmark() {
    }

    /** One measured configuration. */
    public record Result(String name, int images, double seconds, double imagesPerSecond, double framesPerSecond,
                         double spikesPerImage) {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = parse(args);
        int count = Integer.parseInt(options.getOrDefault("count", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "300"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "3"));
        int partitionSize = Integer.parseInt(options.getOrDefault("partition-size",
                Integer.toString(RunOptions.defaults().partitionSize())));
        int window = Integer.parseInt(options.getOrDefault("window",
                Integer.toString(RunOptions.defaults().window())));
        String[] transports = options.getOrDefault("transports", "reference,inproc,ipc,udp").split(",");
        Path images = Path.of(options.getOrDefault("images",
                "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"));
        List<int[]> samples = readIdxImages(images, count + warmup);
        Model model = options.containsKey("model") ? ModelFile.read(Path.of(options.get("model")))
                : syntheticFashionCnn(samples.subList(0, Math.min(20, samples.size())), steps);
        if (options.containsKey("write-model")) {
            ModelFile.write(model, Path.of(options.get("write-model")));
            System.out.println("wrote " + options.get("write-model"));
        }
        Network network = Network.compile(model);
        List<int[]> warm = samples.subList(0, warmup);
        List<int[]> timed = samples.subList(warmup, samples.size());
        System.out.printf(Locale.ROOT,
                "model %s, %d images (+%d warm-up), T=%d, partition size %d, window %d, %d cores%n",
                model.getMetadata().getName(), timed.size(), warm.size(), steps, partitionSize, window,
                Runtime.getRuntime().availableProcessors());
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));
        String idle = options.getOrDefault("idle", RunOptions.defaults().idleStrategy());
        int[] expected = null;
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> ratios = new java.util.LinkedHashMap<>();
        for (int round = 0; round < repeat; round++) {
            double referenceRate = Double.NaN;
            for (String transport : transports) {
                Result result;
                if (transport.equals("reference")) {
                    ReferenceSimulator reference = new ReferenceSimulator(network);
                    SimulationOptions sim = SimulationOptions.of(steps);
                    reference.runAll(warm, sim);
                    long cpuStart = totalCpuNs();
                    long start = System.nanoTime();
                    List<SimulationResult> out = reference.runAll(timed, sim);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(Locale.ROOT, "  reference: CPU %.2f ms per image%n",
                            (totalCpuNs() - cpuStart) / 1e6 / timed.size());
                    expected = out.stream().mapToInt(SimulationResult::prediction).toArray();
                    double spikes = out.stream().mapToLong(SimulationResult::totalSpikes).average().orElse(0);
                    result = new Result("reference", timed.size(), seconds, timed.size() / seconds, 0, spikes);
                    referenceRate = result.imagesPerSecond();
                } else {
                    RunOptions run = RunOptions.defaults().withTransport(transport).withTimeSteps(steps)
                            .withPartitionSize(partitionSize).withWindow(window).withIdleStrategy(idle);
                    result = measure(network, run, warm, timed, expected);
                }
                rates.computeIfAbsent(transport, k -> new ArrayList<>()).add(result.imagesPerSecond());
                ratios.computeIfAbsent(transport, k -> new ArrayList<>())
                        .add(result.imagesPerSecond() / referenceRate);
                System.out.printf(Locale.ROOT, "%-10s %9.1f images/s %12.0f frames/s %10.1f spikes/image  (%.2f s)%n",
                        result.name(), result.imagesPerSecond(), result.framesPerSecond(), result.spikesPerImage(),
                        result.seconds());
            }
        }
        System.out.printf(Locale.ROOT, "median of %d round(s):%n", repeat);
        for (String transport : rates.keySet()) {
            System.out.printf(Locale.ROOT, "%-10s %9.1f images/s  %.2f× reference (paired per round)%n", transport,
                    median(rates.get(transport)), median(ratios.get(transport)));
        }
    }

    private static long totalCpuNs() {
        return threadCpuNs().values().stream().mapToLong(Long::longValue).sum();
    }

    /** CPU time per thread group (thread names without their trailing number). */
    private static Map<String, Long> threadCpuNs() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(info.getThreadId());
            String group = info.getThreadName().replaceAll("^spikemesh-\\d+-", "").replaceAll("-\\d+$", "");
            if (ns > 0) {
                groups.merge(group, ns, Long::sum);
            }
        }
        return groups;
    }

    private static String format(Map<String, Double> cores) {
        StringBuilder text = new StringBuilder();
        cores.forEach((group, used) -> {
            if (used >= 0.01) {
                text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f", group, used));
            }
        });
        return text.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Result measure(Network network, RunOptions run, List<int[]> warm, List<int[]> timed,
                                  int[] expected) {
        try (SpikemeshSession session = SpikemeshSession.open(network, run)) {
            session.runAll(warm);
            TrafficReport before = session.trafficReport();
            Map<String, Long> cpuBefore = threadCpuNs();
            long start = System.nanoTime();
            List<Prediction> out = session.runAll(timed);
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Long> cpuAfter = threadCpuNs();
            long cpuNs = cpuAfter.values().stream().mapToLong(Long::longValue).sum()
                    - cpuBefore.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Double> cores = new java.util.TreeMap<>();
            cpuAfter.forEach((group, ns) -> cores.put(group,
                    (ns - cpuBefore.getOrDefault(group, 0L)) / 1e9 / seconds));
            TrafficReport after = session.trafficReport();
            double frames = after.getTotal().getFrames() - before.getTotal().getFrames();
            if (expected != null) {
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).prediction() != expected[i]) {
                        throw new IllegalStateException(run.transport().id() + " disagrees with the reference on "
                                + "image " + i);
                    }
                }
            }
            double spikes = out.stream().mapToLong(Prediction::totalSpikes).average().orElse(0);
            System.out.printf(Locale.ROOT, "  %s: %d partitions, %d links, %d back-pressure events, "
                            + "latency p50 %.2f ms p99 %.2f ms, CPU %.2f ms per image, cores used %s%n",
                    run.transport().id(), session.plan().size(), session.meter().routing().linkCount(),
                    after.getBackPressureEvents(), session.latencyHistogram().getValueAtPercentile(50) / 1e6,
                    session.latencyHistogram().getValueAtPercentile(99) / 1e6, cpuNs / 1e6 / timed.size(),
                    format(cores));
            return new Result(run.transport().id(), timed.size(), seconds, timed.size() / seconds,
                    frames / seconds, spikes);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new SpikemeshException("usage: --name value pairs, e.g. --count 1000; got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** Images of an IDX file (raw or gzipped), pixels 0..255, at most {@code limit}. */
    static List<int[]> readIdxImages(Path file, int limit) {
        if (!Files.exists(file)) {
            throw new SpikemeshException("no image file " + file + "; install dataset-fashion-mnist or pass --images");
        }
        IdxReader.Images idx = IdxReader.readImages(file);
        int pixels = idx.rows() * idx.cols();
        int count = Math.min(limit, idx.count());
        List<int[]> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] image = new int[pixels];
            for (int p = 0; p < pixels; p++) {
                image[p] = idx.pixels()[i * pixels + p] & 0xFF;
            }
            images.add(image);
        }
        return images;
    }

    /**
     * The default Fashion-MNIST CNN's shape with random weights: [1,28,28] → c32k5 → mp2 → c64k5 → mp2 →
     * fc10,
     * thresholds set layer by layer so neurons fire a realistic fraction of the steps on the calibration images.
     */
    static Model syntheticFashionCnn(List<int[]> calibration, int steps) {
        Random random = new Random(7);
        int[] w1 = randomWeights(random, 32 * 25, 8);
        int[] w2 = randomWeights(random, 64 * 32 * 25, 8);
        int[] w3 = randomWeights(random, 10 * 1024, 8);
        long[] thresholds = {20_000, 60};
        for (int layer = 0; layer < thresholds.length; layer++) {
            for (int iteration = 0; iteration < 12; iteration++) {
                Model model = fashionCnn(w1, w2, w3, thresholds[0], thresholds[1]);
                ReferenceSimulator reference = new ReferenceSimulator(Network.compile(model));
                String name = layer == 0 ? "conv1" : "conv2";
                double spikesPerNeuron = reference.runAll(calibration, SimulationOptions.of(steps)).stream()
                        .mapToDouble(r -> r.layer(name).positiveSpikes() / (double) r.layer(name).netCounts().length)
                        .average().orElse(0);
                if (spikesPerNeuron > 0.6) {
                    thresholds[layer] = thresholds[layer] * 3 / 2;
                } else if (spikesPerNeuron < 0.3) {
                    thresholds[layer] = Math.max(2, thresholds[layer] * 2 / 3);
                } else {
                    break;
                }
            }
        }
        return fashionCnn(w1, w2, w3, thresholds[0], thresholds[1]);
    }

    private static int[] randomWeights(Random random, int count, int bound) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = random.nextInt(2 * bound) - bound;
        }
        return w;
    }

    private static Model fashionCnn(int[] w1, int[] w2, int[] w3, long theta1, long theta2) {
        return Model.newBuilder().setFormatVersion(1)
                .setMetadata(Metadata.newBuilder().setName("synthetic-fashion-cnn").setActivationBits(2)
                        .setDefaultTimeSteps(3))
                .setInput(InputSpec.newBuilder().addShape(1).addShape(28).addShape(28).setScale(1 / 255.0)
                        .setMaxValue(255))
                .addLayers(neurons("conv1", new int[] {32, 24, 24}, theta1, conv("input", 1, 32, w1)))
                .addLayers(pool("pool1", "conv1"))
                .addLayers(neurons("conv2", new int[] {64, 8, 8}, theta2, conv("pool1", 32, 64, w2)))
                .addLayers(pool("pool2", "conv2"))
                .addLayers(Layer.newBuilder().setName("flat").setFlatten(FlattenLayer.newBuilder().setSource("pool2")))
                .addLayers(Layer.newBuilder().setName("out").setOutput(OutputLayer.newBuilder().addShape(10)
                        .addProjections(projection("flat", w3).setDense(Dense.getDefaultInstance()))))
                .build();
    }

    private static Layer.Builder neurons(String name, int[] shape, long threshold, Projection.Builder projection) {
        NeuronLayer.Builder n = NeuronLayer.newBuilder().setThreshold(threshold).setMembraneStart(threshold / 2)
                .addProjections(projection);
        for (int d : shape) {
            n.addShape(d);
        }
        return Layer.newBuilder().setName(name).setNeurons(n);
    }

    private static Layer.Builder pool(String name, String source) {
        return Layer.newBuilder().setName(name).setMaxPool(MaxPoolLayer.newBuilder().setSource(source).setKernel(2)
                .setStride(2));
    }

    private static Projection.Builder conv(String source, int in, int out, int[] weights) {
        return projection(source, weights).setConv2D(Conv2d.newBuilder().setInChannels(in).setOutChannels(out)
                .setKernelH(5).setKernelW(5).setStride(1));
    }

    private static Projection.Builder projection(String source, int[] weights) {
        Projection.Builder p = Projection.newBuilder().setSource(source).setWeightBits(4);
        for (int w : weights) {
            p.addWeights(w);
        }
        return p;
    }
}
