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
        for (QffsNetwork.Stage stage : network.stages()) {
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
                layer = new FoldedLayer(p.name(), FoldedLayer.Kind.CONV, source, new int[] {outChannels, h, wd}, w, b,
                        shape[0], outChannels, c.kernel(), c.stride(), c.padding(), step);
            } else {
                outChannels = ((LayerSpec.Dense) p.spec()).units();
                int in = w.length / outChannels;
                float[] b = biasOrZero(p.block(), outChannels);
                foldInto(p.batchNorm(), w, b, outChannels);
                layer = new FoldedLayer(p.name(), FoldedLayer.Kind.DENSE, source, new int[] {outChannels}, w, b, in,
                        outChannels, 1, 1, 0, step);
            }
            out.add(layer);
            shape = layer.outShape();
            source = layer.name();
        }
        return out;
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
