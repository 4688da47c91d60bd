package io.spikemesh.converter.model;

/** One token of an architecture spec. Activation quantizers are implicit: after every projection but the last. */
public sealed interface LayerSpec {
    /** {@code c<out>k<kernel>[s<stride>][p<padding>]}; padding defaults to kernel/2 ("same" for odd kernels). */
    record Conv(int outChannels, int kernel, int stride, int padding) implements LayerSpec {
        @Override
        public String token() {
            return "c" + outChannels + "k" + kernel + (stride != 1 ? "s" + stride : "")
                    + (padding != kernel / 2 ? "p" + padding : "");
        }
    }

    /** {@code fc<out>}, or a number in the MLP form {@code 784-500-10}. */
    record Dense(int units) implements LayerSpec {
        @Override
        public String token() {
            return "fc" + units;
        }
    }

    /** {@code bn}: batch norm over channels, directly after a projection; folded into it at conversion. */
    record BatchNorm() implements LayerSpec {
        @Override
        public String token() {
            return "bn";
        }
    }

    /** {@code mp<k>}: max pooling, window k and stride k, after a quantized layer. */
    record MaxPool(int kernel) implements LayerSpec {
        @Override
        public String token() {
            return "mp" + kernel;
        }
    }

    /**
     * {@code ap<k>}: average pooling, window k and stride k. Linear, so it has no layer in the model file: the
     * converter folds it into the next projection's weights (kernel and stride grow by k, weights divided by k²).
     */
    record AvgPool(int kernel) implements LayerSpec {
        @Override
        public String token() {
            return "ap" + kernel;
        }
    }

    String token();
}
