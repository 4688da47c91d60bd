package io.spikemesh.converter.convert;

import java.util.concurrent.ForkJoinPool;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.model.QffsNetwork;
import io.spikemesh.converter.train.Progress;
import io.spikemesh.converter.train.TrainedModel;
import io.spikemesh.protocol.InvalidModelException;
import io.spikemesh.protocol.Metadata;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.reference.QuantizedAnn;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Converts a trained QFFS network into a Spikemesh model: folds batch norm ({@link BatchNormFolding}), integerizes
 * ({@link Integerizer}) and picks the smallest weight width whose integer quantized ANN is within the tolerance of the
 * DJL quantized ANN on the test set. Widths are screened with a batched integer ANN in DJL; the chosen one is then
 * evaluated with the runtime's {@link QuantizedAnn}, whose figures are the ones reported.
 */
public final class Converter {
    private Converter() {
    }

    public static ConversionResult convert(TrainedModel trained, Dataset test, ConvertOptions options,
            Progress progress) {
        QffsNetwork net = trained.network();
        int levels = net.levels();
        int[] qannPred = trained.predict(test);
        double qannAcc = test.accuracy(qannPred);
        List<FoldedLayer> folded = BatchNormFolding.fold(net);
        List<ConversionResult.BitsTrial> trials = new ArrayList<>();
        int from = options.weightBits() != 0 ? options.weightBits() : options.minAutoBits();
        int to = options.weightBits() != 0 ? options.weightBits() : options.maxAutoBits();
        Integerizer.Result best = null;
        Network bestNetwork = null;
        int[] bestScreen = null;
        int bestBits = 0;
        boolean within = false;
        try (Progress.Task task = progress.start("weight widths", to - from + 1)) {
            for (int bits = from; bits <= to; bits++) {
                Integerizer.Result r = Integerizer.integerize(folded, net.inputShape(), 1.0 / 255, 255, levels, bits,
                        options.startShift());
                Model candidate = withMetadata(r.model(), trained, options, bits, OptionalDouble.of(qannAcc),
                        OptionalDouble.empty());
                Network network;
                try {
                    network = Network.compile(candidate);
                } catch (InvalidModelException e) {
                    // Wider weights can overflow the runtime's 32-bit currents; the previous width was the limit.
                    trials.add(new ConversionResult.BitsTrial(bits, Double.NaN, Double.NaN, e.getMessage()));
                    if (options.weightBits() != 0) {
                        throw e;
                    }
                    break;
                }
                int[] pred = BatchedIntegerAnn.predict(r.model(), test, levels, trained.manager());
                double acc = test.accuracy(pred);
                double agree = agreement(pred, qannPred);
                trials.add(new ConversionResult.BitsTrial(bits, acc, agree, ""));
                task.step(1);
                best = r;
                bestNetwork = network;
                bestScreen = pred;
                bestBits = bits;
                if (Math.abs(acc - qannAcc) <= options.tolerance() + 1e-12 && agree >= options.minAgreement()) {
                    within = true;
                    break;
                }
            }
        }
        if (best == null) {
            throw new SpikemeshException("No weight width in " + from + ".." + to + " gives a valid model: "
                    + trials.get(0).rejected());
        }
        // The runtime's oracle decides; the batched screen must agree with it exactly.
        int[] intPred = intQann(bestNetwork, test, levels, options.threads(), progress, bestBits);
        int screenMismatches = 0;
        for (int i = 0; i < intPred.length; i++) {
            screenMismatches += intPred[i] != bestScreen[i] ? 1 : 0;
        }
        double intAcc = test.accuracy(intPred);
        Model model = withMetadata(best.model(), trained, options, bestBits, OptionalDouble.of(qannAcc),
                OptionalDouble.of(intAcc));
        return new ConversionResult(model, bestBits, best.scales(), List.copyOf(trials), within,
                trained.floatAccuracy(), qannAcc, intAcc, qannPred, intPred, screenMismatches, test.size());
    }

    private static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return (double) same / a.length;
    }

    /** Integer quantized ANN predictions at T = L, over both cores. */
    static int[] intQann(Network network, Dataset test, int levels, int threads, Progress progress, int bits) {
        QuantizedAnn oracle = new QuantizedAnn(network);
        int[][] samples = new int[test.size()][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = test.sample(i);
        }
        int[] out = new int[samples.length];
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads));
        try (Progress.Task task = progress.start("integer QANN, " + bits + "-bit weights", samples.length)) {
            pool.submit(() -> IntStream.range(0, samples.length).parallel().forEach(i -> {
                out[i] = oracle.evaluate(samples[i], levels).prediction();
                task.step(1);
            })).join();
        } finally {
            pool.shutdown();
        }
        return out;
    }

    /** Writes the model atomically (validated first; never leaves a partial file). */
    public static void write(ConversionResult result, Path file) {
        ModelFile.write(result.model(), file);
    }

    private static Model withMetadata(Model model, TrainedModel trained, ConvertOptions options, int weightBits,
            OptionalDouble qannAcc, OptionalDouble intAcc) {
        QffsNetwork net = trained.network();
        String name = options.name().isEmpty()
                ? net.architecture().spec().replace('-', '_') + "-" + net.bits() + "bit" : options.name();
        Metadata.Builder md = Metadata.newBuilder().setName(name).setDataset(trained.dataset().id())
                .setActivationBits(net.bits()).setDefaultTimeSteps(net.levels())
                .addAllClassNames(trained.dataset().classNames())
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        trained.floatAccuracy().ifPresent(md::setFloatAccuracy);
        qannAcc.ifPresent(md::setQannAccuracy);
        intAcc.ifPresent(md::setIntQannAccuracy);
        md.putAllConverterSettings(trained.settings());
        md.putConverterSettings("weight_bits", Integer.toString(weightBits));
        md.putConverterSettings("weight_bits_rule", options.weightBits() != 0 ? "fixed"
                : "smallest of " + options.minAutoBits() + ".." + options.maxAutoBits() + " within "
                        + options.tolerance() + " of the quantized ANN's accuracy and agreeing on >= "
                        + options.minAgreement() + " of the test images");
        md.putConverterSettings("membrane_start", options.startShift() == 0 ? "threshold/2"
                : "threshold/2 + L*floor(" + options.startShift() + "*threshold/L), bias per step reduced by the"
                        + " same/L (same counts at T = L, earlier spikes)");
        md.putConverterSettings("bn_folding", "W·γ/sqrt(var+1e-5), (b−μ)·γ/sqrt(var+1e-5)+β");
        for (Map.Entry<String, String> e : Map.of("input_scale", "1/255").entrySet()) {
            md.putConverterSettings(e.getKey(), e.getValue());
        }
        return model.toBuilder().setMetadata(md).build();
    }
}
