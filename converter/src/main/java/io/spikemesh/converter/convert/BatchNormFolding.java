package io.spikemesh.converter.convert;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import io.spikemesh.converter.model.LayerSpec;
import io.spikemesh.converter.model.QffsNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the trained DJL network into plain arrays, folding each batch norm into the projection before it:
 * with a = γ / sqrt(σ² + ε) per output channel, {@code W' = a·W} and {@code b' = a·(b − μ) + β}. In inference the two
 * are the same affine map, so the folded network computes exactly what the DJL network computes (up to float
 * rounding).
 */
public final class BatchNormFolding {
    /** DJL's BatchNorm default; QffsNetwork builds its batch norms with it. */
    static final float EPSILON = 1e-5f;

    private BatchNormFolding() {
    }

    public static List<FoldedLayer> fold(QffsNetwork network) {
        List<FoldedLayer> out = new ArrayList<>();
        int[] shape = network.inputShape();
        String source = "input";
        int pendingAvg = 1;
        int[] prePool = null;
        for (QffsNetwork.Stage stage : network.stages()) {
            if (stage instanceof QffsNetwork.AvgPool ap) {
                prePool = shape;
                pendingAvg = ap.kernel();
                shape = new int[] {shape[0], shape[1] / ap.kernel(), shape[2] / ap.kernel()};
                continue;
            }
            if (stage instanceof QffsNetwork.Flatten) {
                continue; // dense projections read any source shape in row-major order
            }
            if (stage instanceof QffsNetwork.MaxPool mp) {
                shape = new int[] {shape[0], shape[1] / mp.kernel(), shape[2] / mp.kernel()};
                out.add(new FoldedLayer(mp.name(), FoldedLayer.Kind.MAX_POOL, source, shape, null, null, shape[0],
                        shape[0], mp.kernel(), mp.kernel(), 0, Float.NaN));
                source = mp.name();
                continue;
            }
            QffsNetwork.Projection p = (QffsNetwork.Projection) stage;
            float[] w = param(p.block(), "weight");
            int outChannels;
            FoldedLayer layer;
            float step = p.quantizer() == null ? Float.NaN : p.quantizer().stepSize();
            if (p.spec() instanceof LayerSpec.Conv c) {
                outChannels = c.outChannels();
                int h = (shape[1] + 2 * c.padding() - c.kernel()) / c.stride() + 1;
                int wd = (shape[2] + 2 * c.padding() - c.kernel()) / c.stride() + 1;
                float[] b = biasOrZero(p.block(), outChannels);
                foldInto(p.batchNorm(), w, b, outChannels);
                int kernel = c.kernel();
                int stride = c.stride();
                int padding = c.padding();
                if (pendingAvg > 1) {
                    w = expandConv(w, outChannels, shape[0], kernel, pendingAvg);
                    kernel *= pendingAvg;
                    stride *= pendingAvg;
                    padding *= pendingAvg;
                }
                layer = new FoldedLayer(p.name(), FoldedLayer.Kind.CONV, source, new int[] {outChannels, h, wd}, w, b,
                        shape[0], outChannels, kernel, stride, padding, step);
            } else {
                outChannels = ((LayerSpec.Dense) p.spec()).units();
                int in = w.length / outChannels;
                float[] b = biasOrZero(p.block(), outChannels);
                foldInto(p.batchNorm(), w, b, outChannels);
                if (pendingAvg > 1) {
                    w = expandDense(w, outChannels, prePool, pendingAvg);
                    in = w.length / outChannels;
                }
                layer = new FoldedLayer(p.name(), FoldedLayer.Kind.DENSE, source, new int[] {outChannels}, w, b, in,
                        outChannels, 1, 1, 0, step);
            }
            out.add(layer);
            shape = layer.outShape();
            source = layer.name();
            pendingAvg = 1;
        }
        return out;
    }

    /**
     * A conv after k×k average pooling (stride k) is a conv on the unpooled map with a k-times larger kernel, stride
     * and padding: every weight is spread over its k×k cells and divided by k².
     */
    static float[] expandConv(float[] w, int out, int in, int kernel, int k) {
        int big = kernel * k;
        float[] e = new float[out * in * big * big];
        float scale = 1f / (k * k);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                for (int y = 0; y < big; y++) {
                    for (int x = 0; x < big; x++) {
                        e[((o * in + i) * big + y) * big + x] =
                                w[((o * in + i) * kernel + y / k) * kernel + x / k] * scale;
                    }
                }
            }
        }
        return e;
    }

    /** A dense layer after k×k average pooling reads the unpooled [C, H, W] map with weights spread likewise. */
    static float[] expandDense(float[] w, int out, int[] prePool, int k) {
        int c = prePool[0];
        int h = prePool[1];
        int wd = prePool[2];
        int ph = h / k;
        int pw = wd / k;
        int inPooled = c * ph * pw;
        float[] e = new float[out * c * h * wd];
        float scale = 1f / (k * k);
        for (int o = 0; o < out; o++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < wd; x++) {
                        e[((o * c + ch) * h + y) * wd + x] =
                                w[o * inPooled + (ch * ph + y / k) * pw + x / k] * scale;
                    }
                }
            }
        }
        return e;
    }

    private static void foldInto(BatchNorm bn, float[] w, float[] b, int outChannels) {
        if (bn == null) {
            return;
        }
        float[] gamma = param(bn, "gamma");
        float[] beta = param(bn, "beta");
        float[] mean = param(bn, "runningMean");
        float[] var = param(bn, "runningVar");
        int per = w.length / outChannels;
        for (int o = 0; o < outChannels; o++) {
            double a = gamma[o] / Math.sqrt(var[o] + (double) EPSILON);
            for (int i = 0; i < per; i++) {
                w[o * per + i] = (float) (w[o * per + i] * a);
            }
            b[o] = (float) (a * (b[o] - mean[o]) + beta[o]);
        }
    }

    private static float[] biasOrZero(Block block, int n) {
        return block.getParameters().contains("bias") ? param(block, "bias") : new float[n];
    }

    private static float[] param(Block block, String name) {
        return block.getParameters().get(name).getArray().toFloatArray();
    }
}
