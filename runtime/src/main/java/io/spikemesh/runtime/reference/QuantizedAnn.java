package io.spikemesh.runtime.reference;

import io.spikemesh.protocol.Conv2d;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.MaxPoolLayer;
import io.spikemesh.protocol.NeuronLayer;
import io.spikemesh.protocol.Projection;
import io.spikemesh.protocol.SpikemeshException;
import io.spikemesh.runtime.network.Network;
import io.spikemesh.runtime.neuron.Readout;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer forward pass of a model: the oracle the spiking network is tested against.
 *
 * <p>For T steps, a neuron's count is {@code clip(floor((V0 + D) / Θ), 0, T)}, where V0 is the membrane start and D its
 * total drive over the T steps: {@code D = T·b + Σ_projections Σ_j w_j · count_j}, with {@code T · raw_j} in place of
 * {@code count_j} for projections from the input. With V0 = Θ/2 that is {@code clip(round(D / Θ), 0, T)}. A max-pool
 * count is the maximum of its window's counts; the output is {@code T·b + Σ w · count} and the prediction its argmax
 * (lowest index on ties). At T = L = 2^b − 1 these counts are the quantized ANN's activation levels.
 *
 * <p>It works directly on the model's weights in model order with plain loops, independently of the runtime's kernels
 * and internal neuron order, so that it also checks them. Arithmetic is {@code long}.
 */
public final class QuantizedAnn {
    private final Network network;
    // Model-order weights per model layer and projection, unboxed once.
    private final int[][][] weights;

    /**
     * The result of one sample.
     *
     * @param prediction argmax of the outputs, the lowest index on ties
     * @param outputs    the output layer's values {@code T·b + Σ w · count}
     * @param counts     per neuron or max-pool layer, the count of every neuron in MODEL order
     */
    public record Evaluation(int prediction, long[] outputs, Map<String, int[]> counts) {
        public int[] counts(String layer) {
            int[] c = counts.get(layer);
            if (c == null) {
                throw new SpikemeshException("no neuron or max-pool layer '" + layer + "'; known: " + counts.keySet());
            }
            return c;
        }
    }

    public QuantizedAnn(Network network) {
        this.network = network;
        List<Layer> layers = network.model().getLayersList();
        this.weights = new int[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            List<Projection> projections = switch (layers.get(l).getKindCase()) {
                case NEURONS -> layers.get(l).getNeurons().getProjectionsList();
                case OUTPUT -> layers.get(l).getOutput().getProjectionsList();
                default -> List.of();
            };
            weights[l] = new int[projections.size()][];
            for (int p = 0; p < projections.size(); p++) {
                weights[l][p] = projections.get(p).getWeightsList().stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    /**
     * Evaluates one sample for T steps.
     *
     * @param sample raw values in MODEL order
     */
    public Evaluation evaluate(int[] sample, int timeSteps) {
        if (sample.length != network.inputSize()) {
            throw new SpikemeshException("a sample has " + sample.length + " values but the model expects "
                    + network.inputSize());
        }
        if (timeSteps < 1) {
            throw new IllegalArgumentException("time steps must be >= 1, got " + timeSteps);
        }
        Map<String, long[]> values = new HashMap<>();
        Map<String, int[]> shapes = new HashMap<>();
        long[] input = new long[sample.length];
        for (int i = 0; i < sample.length; i++) {
            input[i] = (long) timeSteps * sample[i];
        }
        values.put(Network.INPUT_NAME, input);
        shapes.put(Network.INPUT_NAME, network.inputLayout().shape());
        Map<String, int[]> counts = new HashMap<>();
        long[] outputs = null;
        List<Layer> layers = network.model().getLayersList();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            String name = layer.getName();
            long[] value;
            switch (layer.getKindCase()) {
                case NEURONS -> {
                    NeuronLayer spec = layer.getNeurons();
                    long[] drive = drive(spec.getProjectionsList(), weights[l], spec.getBiasList(), name, timeSteps,
                            values, shapes);
                    value = new long[drive.length];
                    int[] c = new int[drive.length];
                    for (int i = 0; i < drive.length; i++) {
                        long level = Math.floorDiv(spec.getMembraneStart() + drive[i], spec.getThreshold());
                        c[i] = (int) Math.max(0, Math.min(timeSteps, level));
                        value[i] = c[i];
                    }
                    counts.put(name, c);
                    shapes.put(name, network.layer(name).shape());
                }
                case MAX_POOL -> {
                    value = maxPool(layer.getMaxPool(), values, shapes);
                    int[] c = new int[value.length];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = (int) value[i];
                    }
                    counts.put(name, c);
                    shapes.put(name, network.layer(name).shape());
                }
                case FLATTEN -> {
                    value = values.get(layer.getFlatten().getSource());
                    shapes.put(name, new int[] {value.length});
                }
                case OUTPUT -> {
                    value = drive(layer.getOutput().getProjectionsList(), weights[l],
                            layer.getOutput().getBiasList(), name, timeSteps, values, shapes);
                    outputs = value;
                    shapes.put(name, network.layer(name).shape());
                }
                default -> throw new SpikemeshException("layer '" + name + "' has no kind");
            }
            values.put(name, value);
        }
        return new Evaluation(Readout.argmax(outputs), outputs, Collections.unmodifiableMap(counts));
    }

    /** T·b + Σ over projections of the weighted source values (input values already carry the factor T). */
    private long[] drive(List<Projection> projections, int[][] projectionWeights, List<Long> bias, String name, int timeSteps,
                         Map<String, long[]> values, Map<String, int[]> shapes) {
        int size = network.layer(name).size();
        long[] drive = new long[size];
        for (int i = 0; i < size; i++) {
            drive[i] = bias.isEmpty() ? 0 : timeSteps * bias.get(i);
        }
        for (int p = 0; p < projections.size(); p++) {
            Projection projection = projections.get(p);
            long[] in = values.get(projection.getSource());
            int[] w = projectionWeights[p];
            if (projection.hasDense()) {
                int fanIn = in.length;
                for (int o = 0; o < size; o++) {
                    long sum = 0;
                    int row = o * fanIn;
                    for (int i = 0; i < fanIn; i++) {
                        sum += w[row + i] * in[i];
                    }
                    drive[o] += sum;
                }
            } else {
                conv(projection.getConv2D(), w, in, shapes.get(projection.getSource()), drive,
                        network.layer(name).shape());
            }
        }
        return drive;
    }

    private static void conv(Conv2d conv, int[] w, long[] in, int[] inShape, long[] out, int[] outShape) {
        final int cin = conv.getInChannels();
        final int kh = conv.getKernelH();
        final int kw = conv.getKernelW();
        final int stride = conv.getStride();
        final int padding = conv.getPadding();
        final int h = inShape[1];
        final int wd = inShape[2];
        final int oh = outShape[1];
        final int ow = outShape[2];
        // A direct convolution in model order; the kernel window is clipped to the input once per output position
        // instead of testing every tap.
        for (int co = 0; co < outShape[0]; co++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * stride - padding;
                int kyLo = Math.max(0, -y0);
                int kyHi = Math.min(kh, h - y0);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * stride - padding;
                    int kxLo = Math.max(0, -x0);
                    int kxHi = Math.min(kw, wd - x0);
                    long sum = 0;
                    for (int ci = 0; ci < cin; ci++) {
                        int wBase = (co * cin + ci) * kh * kw;
                        int inBase = ci * h * wd;
                        for (int ky = kyLo; ky < kyHi; ky++) {
                            int wRow = wBase + ky * kw;
                            int inRow = inBase + (y0 + ky) * wd + x0;
                            for (int kx = kxLo; kx < kxHi; kx++) {
                                sum += w[wRow + kx] * in[inRow + kx];
                            }
                        }
                    }
                    out[(co * oh + oy) * ow + ox] += sum;
                }
            }
        }
    }

    private long[] maxPool(MaxPoolLayer pool, Map<String, long[]> values, Map<String, int[]> shapes) {
        long[] in = values.get(pool.getSource());
        int[] s = shapes.get(pool.getSource());
        int c = s[0];
        int h = s[1];
        int w = s[2];
        int k = pool.getKernel();
        int oh = (h + 2 * pool.getPadding() - k) / pool.getStride() + 1;
        int ow = (w + 2 * pool.getPadding() - k) / pool.getStride() + 1;
        long[] out = new long[c * oh * ow];
        for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    long max = Long.MIN_VALUE;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int y = oy * pool.getStride() - pool.getPadding() + ky;
                            int x = ox * pool.getStride() - pool.getPadding() + kx;
                            if (y >= 0 && y < h && x >= 0 && x < w) {
                                max = Math.max(max, in[(ch * h + y) * w + x]);
                            }
                        }
                    }
                    out[(ch * oh + oy) * ow + ox] = max;
                }
            }
        }
        return out;
    }
}
