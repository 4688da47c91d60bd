package io.spikemesh.converter.convert;

import io.spikemesh.converter.data.Dataset;
import io.spikemesh.converter.model.QffsNetwork;
import io.spikemesh.converter.train.Progress;
import io.spikemesh.converter.train.TrainedModel;
import io.spikemesh.protocol.InvalidModelException;
import io.spikemesh.protocol.Metadata;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
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
 * ({@link Integerizer}) and picks the weight width by checking the runtime's integer quantized ANN against the DJL
 * quantized ANN on the test set.
 */
public final class Converter {
    private Converter() {
    }

    public static ConversionResult convert(TrainedModel trained, Dataset test, ConvertOptions options,
            Progress progress) {
        QffsNetwork net = trained.network();
        int levels = net.levels();
        int[] qannPred = trained.predict(test);
        double qannAcc = TrainedModel.accuracy(qannPred, test);
        List<FoldedLayer> folded = BatchNormFolding.fold(net);
        int[][] samples = new int[test.size()][];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = test.sample(i);
        }
        List<ConversionResult.BitsTrial> trials = new ArrayList<>();
        int from = options.weightBits() != 0 ? options.weightBits() : options.minAutoBits();
        int to = options.weightBits() != 0 ? options.weightBits() : options.maxAutoBits();
        Integerizer.Result best = null;
        int[] bestPred = null;
        int bestBits = 0;
        boolean within = false;
        for (int bits = from; bits <= to; bits++) {
            Integerizer.Result r = Integerizer.integerize(folded, net.inputShape(), 1.0 / 255, 255, levels, bits);
            Model model = withMetadata(r.model(), trained, options, bits, OptionalDouble.of(qannAcc),
                    OptionalDouble.empty());
            Network network;
            try {
                network = Network.compile(model);
            } catch (InvalidModelException e) {
                // Wider weights can overflow the runtime's 32-bit currents; narrower ones were the limit.
                trials.add(new ConversionResult.BitsTrial(bits, Double.NaN, Double.NaN, e.getMessage()));
                if (best == null && options.weightBits() != 0) {
                    throw e;
                }
                break;
            }
            int[] pred = intQann(network, samples, levels, options.threads(), progress, bits);
            double acc = TrainedModel.accuracy(pred, test);
            int same = 0;
            for (int i = 0; i < pred.length; i++) {
                same += pred[i] == qannPred[i] ? 1 : 0;
            }
            trials.add(new ConversionResult.BitsTrial(bits, acc, (double) same / pred.length, ""));
            best = r;
            bestPred = pred;
            bestBits = bits;
            if (Math.abs(acc - qannAcc) <= options.tolerance() + 1e-12) {
                within = true;
                break;
            }
        }
        if (best == null) {
            throw new io.spikemesh.protocol.SpikemeshException("No weight width in " + from + ".." + to
                    + " gives a valid model: " + trials.get(0).rejected());
        }
        double intAcc = TrainedModel.accuracy(bestPred, test);
        Model model = withMetadata(best.model(), trained, options, bestBits, OptionalDouble.of(qannAcc),
                OptionalDouble.of(intAcc));
        return new ConversionResult(model, bestBits, best.scales(), List.copyOf(trials), within,
                trained.floatAccuracy(), qannAcc, intAcc, qannPred, test.size());
    }

    /** Integer quantized ANN predictions at T = L, over both cores. */
    static int[] intQann(Network network, int[][] samples, int levels, int threads, Progress progress, int bits) {
        QuantizedAnn oracle = new QuantizedAnn(network);
        int[] out = new int[samples.length];
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.max(1, threads));
        try (Progress.Task task = progress.start("integer QANN, " + bits + "-bit weights", samples.length)) {
            pool.submit(() -> IntStream.range(0, samples.length).parallel().forEach(i -> {
                out[i] = oracle.evaluate(samples[i], levels).prediction();
                if (i % 100 == 0) {
                    task.step(100);
                }
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
                        + options.tolerance() + " of the quantized ANN");
        md.putConverterSettings("bn_folding", "W·γ/sqrt(var+1e-5), (b−μ)·γ/sqrt(var+1e-5)+β");
        for (Map.Entry<String, String> e : Map.of("input_scale", "1/255").entrySet()) {
            md.putConverterSettings(e.getKey(), e.getValue());
        }
        return model.toBuilder().setMetadata(md).build();
    }
}
