package io.spikemesh.converter.convert;

import io.spikemesh.protocol.Conv2d;
import io.spikemesh.protocol.Dense;
import io.spikemesh.protocol.InputSpec;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.ModelFile;
import io.spikemesh.protocol.NeuronLayer;
import io.spikemesh.protocol.OutputLayer;
import io.spikemesh.protocol.Projection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the folded float network into integer weights, thresholds and biases, one fixed-point factor K per layer.
 *
 * <p>The SNN must reproduce the quantized ANN: a hidden neuron with pre-activation z and step s must end with net count
 * {@code clip(round(z / s), 0, L)} after T = L steps. Its drive over those steps is D and the runtime's count is
 * {@code clip(floor((Θ/2 + D) / Θ), 0, T)}, so we need D/Θ = z/s.
 * <ul>
 *   <li>Spiking source with step s' (its activation is s'·count): z = Σ W·s'·count + b. With w = round(K·W·s'),
 *       Θ = round(K·s) and bias per step round(K·b/L): D = Σ w·count + L·bias ≈ K·z.</li>
 *   <li>The input (raw pixel p, the ANN saw p·σ with σ = 1/255) arrives every step: D = L·(Σ w·p + bias). With
 *       w = round(K·W·σ), bias per step round(K·b) and Θ = round(K·s·L): D/Θ = (Σ W·σ·p + b)/s = z/s.</li>
 *   <li>Output layer: the same weights and biases, no threshold; its accumulator after L steps is ≈ K·logits, so the
 *       argmax is the ANN's.</li>
 * </ul>
 * Max-pooling keeps its source's step (max commutes with the monotone quantizer). K is the largest factor that keeps
 * every |w| within the declared weight width.
 */
public final class Integerizer {
    /** A converted model with its per-layer report. */
    public record Result(Model model, List<LayerScale> scales) {
    }

    private Integerizer() {
    }

    public static Result integerize(List<FoldedLayer> layers, int[] inputShape, double inputScale, int maxInput,
            int levels, int weightBits) {
        return integerize(layers, inputShape, inputScale, maxInput, levels, weightBits, 0);
    }

    /**
     * As above, with a fraction {@code startShift} of Θ moved from the bias into the membrane start of every spiking
     * layer ({@link ConvertOptions#startShift()}): the drive over L steps, and so every count at T = L, is unchanged.
     */
    public static Result integerize(List<FoldedLayer> layers, int[] inputShape, double inputScale, int maxInput,
            int levels, int weightBits, double startShift) {
        Model.Builder model = Model.newBuilder().setFormatVersion(ModelFile.FORMAT_VERSION);
        InputSpec.Builder input = InputSpec.newBuilder().setScale(inputScale).setMaxValue(maxInput);
        for (int d : inputShape) {
            input.addShape(d);
        }
        model.setInput(input);
        Map<String, Float> stepOf = new HashMap<>();
        List<LayerScale> scales = new ArrayList<>();
        int wMax = (1 << (weightBits - 1)) - 1;
        for (FoldedLayer l : layers) {
            Layer.Builder layer = Layer.newBuilder().setName(l.name());
            if (l.kind() == FoldedLayer.Kind.MAX_POOL) {
                stepOf.put(l.name(), stepOf.get(l.source()));
                layer.setMaxPool(MaxPoolLayer.newBuilder().setSource(l.source()).setKernel(l.kernel())
                        .setStride(l.stride()).setPadding(0));
                model.addLayers(layer);
                continue;
            }
            boolean fromInput = l.source().equals("input");
            double sigmaIn = fromInput ? inputScale : stepOf.get(l.source());
            double maxAbs = 0;
            for (float w : l.weight()) {
                maxAbs = Math.max(maxAbs, Math.abs(w * sigmaIn));
            }
            double k = maxAbs > 0 ? wMax / maxAbs : 1.0;
            int[] wInt = new int[l.weight().length];
            double errSq = 0;
            double refSq = 0;
            int maxInt = 0;
            for (int i = 0; i < wInt.length; i++) {
                double exact = k * l.weight()[i] * sigmaIn;
                long r = Math.round(exact);
                r = Math.max(-wMax - 1, Math.min(wMax, r));
                wInt[i] = (int) r;
                errSq += (r - exact) * (r - exact);
                refSq += exact * exact;
                maxInt = Math.max(maxInt, Math.abs(wInt[i]));
            }
            // Bias per step: the input layer's drive repeats every step, a spiking source's is spread over L steps.
            double biasFactor = fromInput ? k : k / levels;
            int perNeuron = l.size() / l.outChannels();
            long[] biasPerChannel = new long[l.outChannels()];
            double biasErr = 0;
            for (int o = 0; o < biasPerChannel.length; o++) {
                double exact = biasFactor * l.bias()[o];
                biasPerChannel[o] = Math.round(exact);
                biasErr = Math.max(biasErr, Math.abs(biasPerChannel[o] - exact));
            }
            Projection.Builder projection = Projection.newBuilder().setSource(l.source()).setWeightBits(weightBits);
            for (int w : wInt) {
                projection.addWeights(w);
            }
            if (l.kind() == FoldedLayer.Kind.CONV) {
                projection.setConv2D(Conv2d.newBuilder().setInChannels(l.inChannels()).setOutChannels(l.outChannels())
                        .setKernelH(l.kernel()).setKernelW(l.kernel()).setStride(l.stride()).setPadding(l.padding()));
            } else {
                projection.setDense(Dense.getDefaultInstance());
            }
            List<Long> bias = new ArrayList<>(l.size());
            boolean anyBias = false;
            for (int o = 0; o < biasPerChannel.length; o++) {
                anyBias |= biasPerChannel[o] != 0;
                for (int j = 0; j < perNeuron; j++) {
                    bias.add(biasPerChannel[o]);
                }
            }
            double rms = Math.sqrt(errSq / wInt.length);
            double rel = refSq > 0 ? Math.sqrt(errSq / refSq) : 0;
            if (l.isOutput()) {
                OutputLayer.Builder out = OutputLayer.newBuilder().addProjections(projection);
                for (int d : l.outShape()) {
                    out.addShape(d);
                }
                if (anyBias) {
                    out.addAllBias(bias);
                }
                layer.setOutput(out);
                scales.add(new LayerScale(l.name(), weightBits, k, Double.NaN, 0, 0, maxInt, rms, rel, 0, biasErr));
            } else {
                double exactTheta = fromInput ? k * l.step() * levels : k * l.step();
                long theta = Math.max(1, Math.round(exactTheta));
                long shift = (long) Math.floor(startShift * theta / levels);
                NeuronLayer.Builder neurons = NeuronLayer.newBuilder().addProjections(projection).setThreshold(theta)
                        .setMembraneStart(theta / 2 + shift * levels);
                if (shift != 0) {
                    anyBias = true;
                    bias.replaceAll(v -> v - shift);
                }
                for (int d : l.outShape()) {
                    neurons.addShape(d);
                }
                if (anyBias) {
                    neurons.addAllBias(bias);
                }
                layer.setNeurons(neurons);
                stepOf.put(l.name(), l.step());
                scales.add(new LayerScale(l.name(), weightBits, k, l.step(), theta, theta / 2 + shift * levels, maxInt,
                        rms, rel, Math.abs(theta - exactTheta) / exactTheta, biasErr));
            }
            model.addLayers(layer);
        }
        return new Result(model.build(), List.copyOf(scales));
    }
}
