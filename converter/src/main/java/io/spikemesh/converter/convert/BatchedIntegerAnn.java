package io.spikemesh.converter.convert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import io.spikemesh.converter.data.Dataset;
import io.spikemesh.protocol.Layer;
import io.spikemesh.protocol.Model;
import io.spikemesh.protocol.Projection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integer quantized ANN of a converted model, batched in DJL with float64 tensors, used only to screen weight
 * widths quickly. Every value involved is an integer far below 2^53 (|w| < 2^15, counts ≤ T, fan-in ≤ thousands), so
 * float64 sums are exact and the result equals the runtime's {@code QuantizedAnn}, which stays the oracle: the
 * converter confirms the chosen width with it.
 */
final class BatchedIntegerAnn {
    private BatchedIntegerAnn() {
    }

    static int[] predict(Model model, Dataset data, int timeSteps, NDManager parent) {
        int n = data.size();
        int[] out = new int[n];
        int batch = 500;
        int[] inShape = model.getInput().getShapeList().stream().mapToInt(Integer::intValue).toArray();
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            try (NDManager m = parent.newSubManager()) {
                int b = to - from;
                double[] x = new double[b * data.sampleSize()];
                for (int i = 0; i < b; i++) {
                    int[] s = data.sample(from + i);
                    for (int j = 0; j < s.length; j++) {
                        x[i * s.length + j] = (double) timeSteps * s[j];
                    }
                }
                Map<String, NDArray> values = new HashMap<>();
                values.put("input", m.create(x, new Shape(b, inShape[0], inShape[1], inShape[2])));
                NDArray logits = null;
                for (Layer layer : model.getLayersList()) {
                    NDArray v;
                    switch (layer.getKindCase()) {
                        case NEURONS -> {
                            var spec = layer.getNeurons();
                            NDArray d = drive(m, spec.getProjectionsList(), spec.getBiasList(), spec.getShapeList(),
                                    values, timeSteps, b);
                            v = d.add((double) spec.getMembraneStart()).div((double) spec.getThreshold()).floor()
                                    .clip(0, timeSteps);
                        }
                        case MAX_POOL -> {
                            var p = layer.getMaxPool();
                            v = Pool.maxPool2d(values.get(p.getSource()), new Shape(p.getKernel(), p.getKernel()),
                                    new Shape(p.getStride(), p.getStride()), new Shape(p.getPadding(),
                                            p.getPadding()), false);
                        }
                        case FLATTEN -> v = values.get(layer.getFlatten().getSource()).reshape(b, -1);
                        case OUTPUT -> {
                            var spec = layer.getOutput();
                            v = drive(m, spec.getProjectionsList(), spec.getBiasList(), spec.getShapeList(), values,
                                    timeSteps, b);
                            logits = v;
                        }
                        default -> throw new IllegalStateException("layer without kind: " + layer.getName());
                    }
                    values.put(layer.getName(), v);
                }
                // argmax picks the lowest index on ties, like the runtime's readout.
                long[] arg = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                for (int i = 0; i < b; i++) {
                    out[from + i] = (int) arg[i];
                }
            }
        }
        return out;
    }

    private static NDArray drive(NDManager m, List<Projection> projections, List<Long> bias, List<Integer> shape,
            Map<String, NDArray> values, int timeSteps, int b) {
        long[] dims = new long[shape.size() + 1];
        dims[0] = b;
        for (int i = 0; i < shape.size(); i++) {
            dims[i + 1] = shape.get(i);
        }
        NDArray total = null;
        for (Projection p : projections) {
            NDArray in = values.get(p.getSource());
            double[] w = new double[p.getWeightsCount()];
            for (int i = 0; i < w.length; i++) {
                w[i] = p.getWeights(i);
            }
            NDArray d;
            if (p.hasConv2D()) {
                var c = p.getConv2D();
                NDArray weight = m.create(w, new Shape(c.getOutChannels(), c.getInChannels(), c.getKernelH(),
                        c.getKernelW()));
                NDArray zero = m.zeros(new Shape(c.getOutChannels()), DataType.FLOAT64);
                d = ai.djl.nn.convolutional.Conv2d.conv2d(in, weight, zero, new Shape(c.getStride(), c.getStride()),
                        new Shape(c.getPadding(), c.getPadding()), new Shape(1, 1), 1).singletonOrThrow();
            } else {
                NDArray flat = in.reshape(b, -1);
                NDArray weight = m.create(w, new Shape(w.length / flat.getShape().get(1), flat.getShape().get(1)));
                d = flat.matMul(weight.transpose()).reshape(new Shape(dims));
            }
            total = total == null ? d : total.add(d);
        }
        if (!bias.isEmpty()) {
            double[] bs = new double[bias.size()];
            for (int i = 0; i < bs.length; i++) {
                bs[i] = (double) timeSteps * bias.get(i);
            }
            long[] one = dims.clone();
            one[0] = 1;
            total = total.add(m.create(bs, new Shape(one)));
        }
        return total;
    }
}
