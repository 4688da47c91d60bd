package io.spikemesh.converter.eval;

import java.util.Arrays;
import io.spikemesh.converter.convert.LayerScale;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.train.Progress;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.Projection;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.CompiledLayer;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.LayerActivity;
import io.spikemesh.runtime.reference.QuantizedAnn;
import io.spikemesh.runtime.reference.ReferenceSimulator;
import io.spikemesh.runtime.reference.SimulationOptions;
import io.spikemesh.runtime.reference.SimulationResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures a converted model with the runtime only: the integer quantized ANN ({@link QuantizedAnn}) and the SNN
 * ({@link ReferenceSimulator}) at T = m·L, with and without suppression and with settle, compared with the
 * quantized ANN's predictions. Samples are split across threads, each with its own simulator.
 */
public final class Evaluator {
    /** What is known about the ANN side, from training/conversion in this run or from the model's metadata. */
    public record AnnReference(OptionalDouble floatAccuracy, OptionalDouble qannAccuracy,
            Optional<int[]> qannPredictions, Optional<int[]> intQannPredictions, List<LayerScale> layers) {

        /** Without integer-QANN predictions: the evaluator computes them with the runtime. */
        public AnnReference(OptionalDouble floatAccuracy, OptionalDouble qannAccuracy, Optional<int[]> qannPredictions,
                List<LayerScale> layers) {
            this(floatAccuracy, qannAccuracy, qannPredictions, Optional.empty(), layers);
        }

        /** What a conversion in this run knows. */
        public static AnnReference of(io.spikemesh.converter.convert.ConversionResult c) {
            return new AnnReference(c.floatAccuracy(), OptionalDouble.of(c.qannAccuracy()),
                    Optional.of(c.qannPredictions()), Optional.of(c.intQannPredictions()), c.layers());
        }

        /** Only what the model file's metadata recorded. */
        public static AnnReference fromMetadata(Model model) {
            var md = model.getMetadata();
            return new AnnReference(md.hasFloatAccuracy() ? OptionalDouble.of(md.getFloatAccuracy())
                    : OptionalDouble.empty(), md.hasQannAccuracy() ? OptionalDouble.of(md.getQannAccuracy())
                    : OptionalDouble.empty(), Optional.empty(), Optional.empty(), List.of());
        }
    }

    private Evaluator() {
    }

    public static EvaluationResult evaluate(Model model, Dataset test, AnnReference ann, EvalOptions options,
            Progress progress) {
        long started = System.nanoTime();
        Network network = Network.compile(model);
        Dataset data = test.head(options.limit());
        int n = data.size();
        if (ann.qannPredictions().isPresent() && ann.qannPredictions().get().length < n) {
            throw new IllegalArgumentException("fewer quantized-ANN predictions than test images");
        }
        int bits = model.getMetadata().getActivationBits();
        int levels = bits >= 1 ? (1 << bits) - 1 : Math.max(1, model.getMetadata().getDefaultTimeSteps());
        if (bits < 1) {
            bits = 31 - Integer.numberOfLeadingZeros(levels + 1);
        }
        int[][] samples = new int[n][];
        for (int i = 0; i < n; i++) {
            samples[i] = data.sample(i);
        }
        int[] intPred;
        if (ann.intQannPredictions().isPresent() && ann.intQannPredictions().get().length >= n) {
            intPred = Arrays.copyOf(ann.intQannPredictions().get(), n);
        } else {
            QuantizedAnn oracle = new QuantizedAnn(network);
            intPred = parallel(n, options.threads(), progress, "integer QANN",
                    (sim, i, out) -> out.predictions()[i] = oracle.evaluate(samples[i], levels).prediction(), network)
                    .predictions();
        }
        double intAcc = data.accuracy(intPred);
        OptionalDouble intAgreement = OptionalDouble.empty();
        int[] reference = intPred;
        if (ann.qannPredictions().isPresent()) {
            reference = Arrays.copyOf(ann.qannPredictions().get(), n);
            intAgreement = OptionalDouble.of(agreement(intPred, reference, n));
        }
        OptionalDouble qannAcc = ann.qannPredictions().isPresent()
                ? OptionalDouble.of(data.accuracy(Arrays.copyOf(reference, n))) : ann.qannAccuracy();

        long neurons = 0;
        for (CompiledLayer l : network.layers()) {
            if (l.kind() == CompiledLayer.Kind.NEURON) {
                neurons += l.size();
            }
        }
        List<SimulationOptions> settings = new ArrayList<>();
        for (int m : options.stepMultipliers()) {
            settings.add(SimulationOptions.of(m * levels));
            if (options.withoutSuppression()) {
                settings.add(SimulationOptions.of(m * levels).withSuppression(false));
            }
        }
        if (options.withSettle()) {
            settings.add(SimulationOptions.of(levels).withSettle(true));
        }
        List<SnnRun> runs = new ArrayList<>();
        for (SimulationOptions so : settings) {
            boolean full = so.settle() || (so.suppression() && so.timeSteps() == levels);
            int m = full || options.sweepLimit() == 0 ? n : Math.min(n, options.sweepLimit());
            long t0 = System.nanoTime();
            String name = "SNN T=" + so.timeSteps() + (so.suppression() ? "" : " no-supp") + (so.settle() ? " settle"
                    : "");
            Columns out = parallel(m, options.threads(), progress, name, (sim, i, cols) -> {
                SimulationResult r = sim.run(samples[i], so);
                long spikes = 0;
                long synops = 0;
                for (LayerActivity a : r.layers()) {
                    if (a.kind() == CompiledLayer.Kind.NEURON) {
                        spikes += a.spikes();
                    }
                    synops += a.synapticOperations();
                }
                cols.predictions()[i] = r.prediction();
                cols.spikes()[i] = spikes;
                cols.synops()[i] = synops;
                cols.steps()[i] = r.stepsRun();
            }, network);
            double secs = (System.nanoTime() - t0) / 1e9;
            int[] pred = out.predictions();
            runs.add(new SnnRun(m, so.timeSteps(), so.suppression(), so.settle(), data.accuracy(pred),
                    agreement(pred, reference, m), agreement(pred, intPred, m),
                    neurons == 0 ? 0 : (double) sum(out.spikes()) / m / neurons,
                    (double) sum(out.synops()) / m, (double) sum(out.steps()) / m, m / secs));
        }
        int weightBits = 0;
        for (var layer : model.getLayersList()) {
            List<Projection> ps = layer.hasNeurons() ? layer.getNeurons().getProjectionsList()
                    : layer.hasOutput() ? layer.getOutput().getProjectionsList() : List.of();
            for (Projection p : ps) {
                weightBits = Math.max(weightBits, p.getWeightBits());
            }
        }
        String name = model.getMetadata().getName().isEmpty() ? "model" : model.getMetadata().getName();
        String dataset = model.getMetadata().getDataset().isEmpty() ? data.name() : model.getMetadata().getDataset();
        return new EvaluationResult(name, dataset, n, bits, weightBits, ann.floatAccuracy(), qannAcc,
                ann.qannPredictions().isPresent(), intAcc, intAgreement, runs, ann.layers(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Per-sample outcomes: prediction, spikes of spiking neurons, synaptic operations, steps run. */
    private record Columns(int[] predictions, long[] spikes, long[] synops, long[] steps) {
        Columns(int n) {
            this(new int[n], new long[n], new long[n], new long[n]);
        }
    }

    /** Work on sample {@code index} that fills row {@code index} of the columns. */
    @FunctionalInterface
    private interface SampleWork {
        void apply(ReferenceSimulator simulator, int index, Columns out);
    }

    /** Runs {@code work} over samples 0..n-1 on {@code threads} threads: contiguous blocks, one simulator each. */
    private static Columns parallel(int n, int threads, Progress progress, String task, SampleWork work,
            Network network) {
        Columns columns = new Columns(n);
        int t = Math.max(1, Math.min(threads, n));
        ExecutorService pool = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "spikemesh-eval");
            th.setDaemon(true);
            return th;
        });
        try (Progress.Task bar = progress.start(task, n)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int k = 0; k < t; k++) {
                int from = (int) ((long) n * k / t);
                int to = (int) ((long) n * (k + 1) / t);
                futures.add(pool.submit(() -> {
                    ReferenceSimulator sim = new ReferenceSimulator(network);
                    int pending = 0;
                    for (int i = from; i < to; i++) {
                        work.apply(sim, i, columns);
                        if (++pending == 50) {
                            bar.step(pending);
                            pending = 0;
                        }
                    }
                    bar.step(pending);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SpikemeshException se) {
                throw se;
            }
            throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpikemeshException("evaluation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        return columns;
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    static double agreement(int[] a, int[] b, int n) {
        int same = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return n == 0 ? 0 : (double) same / n;
    }
}
