package io.spikemesh.converter.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The DJL network built from an {@link Architecture}, together with its structure as {@link Stage}s, which the
 * converter walks to read weights, batch-norm statistics and quantizer steps.
 */
public final class QffsNetwork {
    /** A piece of the network in order. */
    public sealed interface Stage {
    }

    /**
     * A conv or dense projection with its optional batch norm and, for hidden layers, its quantizer (null for the
     * output layer). {@code name} is the layer name used in the model file.
     */
    public record Projection(String name, LayerSpec spec, Block block, BatchNorm batchNorm, LsqQuantizer quantizer)
            implements Stage {
        public boolean isConv() {
            return spec instanceof LayerSpec.Conv;
        }
    }

    public record MaxPool(String name, int kernel) implements Stage {
    }

    /** Average pooling, folded into the next projection at conversion. */
    public record AvgPool(int kernel) implements Stage {
    }

    /** Where [C, H, W] becomes [C·H·W] before the first dense layer after a conv stack (or the input). */
    public record Flatten(String name) implements Stage {
    }

    private final Architecture architecture;
    private final int bits;
    private final int[] inputShape;
    private final int classes;
    private final SequentialBlock block;
    private final List<Stage> stages;

    public QffsNetwork(Architecture architecture, int bits, int[] inputShape, int classes) {
        Architecture.checkBits(bits);
        architecture.validate(inputShape, classes);
        this.architecture = architecture;
        this.bits = bits;
        this.inputShape = inputShape.clone();
        this.classes = classes;
        this.block = new SequentialBlock();
        List<Stage> st = new ArrayList<>();
        List<LayerSpec> layers = architecture.layers();
        int projections = architecture.hiddenProjections() + 1;
        int projectionIndex = 0;
        int convIndex = 0;
        int fcIndex = 0;
        int poolIndex = 0;
        boolean flat = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.MaxPool mp) {
                String name = "pool" + (++poolIndex);
                block.add(Pool.maxPool2dBlock(new Shape(mp.kernel(), mp.kernel()), new Shape(mp.kernel(), mp.kernel())));
                st.add(new MaxPool(name, mp.kernel()));
                continue;
            }
            if (l instanceof LayerSpec.AvgPool ap) {
                block.add(Pool.avgPool2dBlock(new Shape(ap.kernel(), ap.kernel()), new Shape(ap.kernel(), ap.kernel())));
                st.add(new AvgPool(ap.kernel()));
                continue;
            }
            if (l instanceof LayerSpec.BatchNorm) {
                continue; // added together with its projection
            }
            Block proj;
            String name;
            if (l instanceof LayerSpec.Conv c) {
                name = "conv" + (++convIndex);
                proj = Conv2d.builder().setKernelShape(new Shape(c.kernel(), c.kernel()))
                        .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(c.padding(), c.padding()))
                        .setFilters(c.outChannels()).build();
            } else {
                LayerSpec.Dense d = (LayerSpec.Dense) l;
                if (!flat) {
                    block.add(Blocks.batchFlattenBlock());
                    st.add(new Flatten("flatten"));
                    flat = true;
                }
                projectionIndex++;
                name = projectionIndex == projections ? "output" : "fc" + (++fcIndex);
                projectionIndex--;
                proj = Linear.builder().setUnits(d.units()).build();
            }
            projectionIndex++;
            block.add(proj);
            BatchNorm bn = null;
            if (i + 1 < layers.size() && layers.get(i + 1) instanceof LayerSpec.BatchNorm) {
                bn = BatchNorm.builder().build();
                block.add(bn);
            }
            LsqQuantizer q = null;
            if (projectionIndex < projections) {
                q = new LsqQuantizer(bits);
                block.add(q);
            }
            st.add(new Projection(name, l, proj, bn, q));
        }
        this.stages = List.copyOf(st);
    }

    public Architecture architecture() {
        return architecture;
    }

    public int bits() {
        return bits;
    }

    public int levels() {
        return (1 << bits) - 1;
    }

    public int[] inputShape() {
        return inputShape.clone();
    }

    public int classes() {
        return classes;
    }

    public SequentialBlock block() {
        return block;
    }

    public List<Stage> stages() {
        return stages;
    }

    /** DJL input shape for a batch of n samples: [n, C, H, W] for conv networks, [n, C·H·W] for MLPs. */
    public Shape batchShape(int n) {
        if (architecture.mlpInputSize() != 0) {
            return new Shape(n, (long) inputShape[0] * inputShape[1] * inputShape[2]);
        }
        return new Shape(n, inputShape[0], inputShape[1], inputShape[2]);
    }

    public List<LsqQuantizer> quantizers() {
        List<LsqQuantizer> out = new ArrayList<>();
        for (Stage s : stages) {
            if (s instanceof Projection p && p.quantizer() != null) {
                out.add(p.quantizer());
            }
        }
        return out;
    }

    public void setQuantizerMode(LsqQuantizer.Mode mode) {
        for (LsqQuantizer q : quantizers()) {
            q.setMode(mode);
        }
    }
}
