package io.spikemesh.protocol;

import java.util.Random;

/**
 * Tiny valid models, built by hand, for the protocol tests. Weights are pseudo-random but fixed by a seed.
 */
final class TestModels {
    private TestModels() {
    }

    /** input [4] (0..15) -> hidden [3] -> output [2]. */
    static Model mlp() {
        return model(4, 15,
            withBias(neurons("hidden", new int[] {3}, 16, dense("input", 4, randomWeights(12, 4, 1))), 1, -2, 0),
            output("out", 2, dense("hidden", 4, randomWeights(6, 4, 2))));
    }

    /**
     * input [1, 6, 6] (0..255) -> conv1 [2, 4, 4] (3x3, stride 1) -> pool [2, 2, 2] (2x2, stride 2) -> flat [8]
     * -> output [3].
     */
    static Model cnn() {
        final Model.Builder model = Model.newBuilder()
            .setFormatVersion(ModelFile.FORMAT_VERSION)
            .setMetadata(metadata())
            .setInput(InputSpec.newBuilder().addShape(1).addShape(6).addShape(6).setScale(1.0 / 255).setMaxValue(255));
        model.addLayers(neurons("conv1", new int[] {2, 4, 4}, 1000, conv("input", 1, 2, 3, 1, 0, 6)));
        model.addLayers(Layer.newBuilder().setName("pool").setMaxPool(
            MaxPoolLayer.newBuilder().setSource("conv1").setKernel(2).setStride(2)));
        model.addLayers(Layer.newBuilder().setName("flat").setFlatten(FlattenLayer.newBuilder().setSource("pool")));
        model.addLayers(output("out", 3, dense("flat", 4, randomWeights(24, 4, 3))));
        return model.build();
    }

    /**
     * The default Fashion-MNIST CNN's geometry (c16k5-mp2-c32k5-mp2-fc10): input [1, 28, 28] -> conv1 [16, 24, 24]
     * -> pool1 [16, 12, 12] -> conv2 [32, 8, 8] -> pool2 [32, 4, 4] -> flat [512] -> out [10].
     */
    static Model fashionCnn() {
        final Model.Builder model = Model.newBuilder()
            .setFormatVersion(ModelFile.FORMAT_VERSION)
            .setMetadata(metadata())
            .setInput(InputSpec.newBuilder().addShape(1).addShape(28).addShape(28).setScale(1.0 / 255)
                .setMaxValue(255));
        model.addLayers(neurons("conv1", new int[] {16, 24, 24}, 5000, conv("input", 1, 16, 5, 1, 0, 8)));
        model.addLayers(Layer.newBuilder().setName("pool1").setMaxPool(
            MaxPoolLayer.newBuilder().setSource("conv1").setKernel(2).setStride(2)));
        model.addLayers(neurons("conv2", new int[] {32, 8, 8}, 300, conv("pool1", 16, 32, 5, 1, 0, 8)));
        model.addLayers(Layer.newBuilder().setName("pool2").setMaxPool(
            MaxPoolLayer.newBuilder().setSource("conv2").setKernel(2).setStride(2)));
        model.addLayers(Layer.newBuilder().setName("flat").setFlatten(FlattenLayer.newBuilder().setSource("pool2")));
        model.addLayers(output("out", 10, dense("flat", 8, randomWeights(5120, 8, 9))));
        return model.build();
    }

    /** input [4] -> a [4] -> b [4] (from a) -> join [4] (from a and b) -> output [2]. */
    static Model residual() {
        return model(4, 7,
            neurons("a", new int[] {4}, 8, dense("input", 3, randomWeights(16, 3, 4))),
            neurons("b", new int[] {4}, 8, dense("a", 3, randomWeights(16, 3, 5))),
            neurons("join", new int[] {4}, 8, dense("a", 3, randomWeights(16, 3, 6)),
                dense("b", 3, randomWeights(16, 3, 7))),
            output("out", 2, dense("join", 3, randomWeights(8, 3, 8))));
    }

    static Model model(int inputSize, int maxValue, Layer.Builder... layers) {
        final Model.Builder model = Model.newBuilder()
            .setFormatVersion(ModelFile.FORMAT_VERSION)
            .setMetadata(metadata())
            .setInput(InputSpec.newBuilder().addShape(inputSize).setScale(1.0 / maxValue).setMaxValue(maxValue));
        for (final Layer.Builder layer : layers) {
            model.addLayers(layer);
        }
        return model.build();
    }

    static Metadata.Builder metadata() {
        return Metadata.newBuilder().setName("tiny").setDataset("none").setActivationBits(2).setDefaultTimeSteps(3)
            .putConverterSettings("spec", "test").putConverterSettings("seed", "1");
    }

    static Layer.Builder neurons(String name, int[] shape, long threshold, Projection.Builder... projections) {
        final NeuronLayer.Builder neurons = NeuronLayer.newBuilder().setThreshold(threshold)
            .setMembraneStart(threshold / 2);
        for (final int extent : shape) {
            neurons.addShape(extent);
        }
        for (final Projection.Builder projection : projections) {
            neurons.addProjections(projection);
        }
        return Layer.newBuilder().setName(name).setNeurons(neurons);
    }

    static Layer.Builder withBias(Layer.Builder layer, long... bias) {
        for (final long b : bias) {
            layer.getNeuronsBuilder().addBias(b);
        }
        return layer;
    }

    static Layer.Builder output(String name, int classes, Projection.Builder... projections) {
        final OutputLayer.Builder output = OutputLayer.newBuilder().addShape(classes);
        for (final Projection.Builder projection : projections) {
            output.addProjections(projection);
        }
        return Layer.newBuilder().setName(name).setOutput(output);
    }

    static Projection.Builder dense(String source, int bits, int[] weights) {
        final Projection.Builder projection = Projection.newBuilder().setSource(source).setWeightBits(bits)
            .setDense(Dense.getDefaultInstance());
        for (final int w : weights) {
            projection.addWeights(w);
        }
        return projection;
    }

    static Projection.Builder conv(String source, int in, int out, int kernel, int stride, int padding, int bits) {
        final Projection.Builder projection = Projection.newBuilder().setSource(source).setWeightBits(bits)
            .setConv2D(Conv2d.newBuilder().setInChannels(in).setOutChannels(out).setKernelH(kernel)
                .setKernelW(kernel).setStride(stride).setPadding(padding));
        for (final int w : randomWeights(out * in * kernel * kernel, bits, 42)) {
            projection.addWeights(w);
        }
        return projection;
    }

    /** Weights spread over the whole range of {@code bits}, including both ends. */
    static int[] randomWeights(int count, int bits, long seed) {
        final Random random = new Random(seed);
        final int lo = -(1 << (bits - 1));
        final int hi = (1 << (bits - 1)) - 1;
        final int[] weights = new int[count];
        for (int i = 0; i < count; i++) {
            weights[i] = i == 0 ? lo : i == 1 ? hi : lo + random.nextInt(hi - lo + 1);
        }
        return weights;
    }
}
