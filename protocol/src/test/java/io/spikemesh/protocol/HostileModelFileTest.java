package io.spikemesh.protocol;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.spikemesh.protocol.CorruptFiles.edited;
import static io.spikemesh.protocol.CorruptFiles.layer;
import static io.spikemesh.protocol.CorruptFiles.neurons;
import static io.spikemesh.protocol.CorruptFiles.projection;
import static io.spikemesh.protocol.CorruptFiles.withHeader;
import static io.spikemesh.protocol.CorruptFiles.withPayload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Corrupt, truncated and hostile model files: each must be rejected by {@link ModelFile#read(Path)} and
 * {@link ModelFile#parse(byte[])} with an {@link InvalidModelException} whose message says what is wrong.
 */
class HostileModelFileTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void shouldRejectWithAClearMessage(String description, Supplier<byte[]> file, String expectedFragment)
        throws IOException {
        final byte[] bytes = file.get();
        final InvalidModelException parsed = assertThrows(InvalidModelException.class, () -> ModelFile.parse(bytes));
        assertTrue(parsed.getMessage().contains(expectedFragment),
            "expected \"" + expectedFragment + "\" in: " + parsed.getMessage());

        final Path path = Files.write(dir.resolve("hostile.snn"), bytes);
        final InvalidModelException read = assertThrows(InvalidModelException.class, () -> ModelFile.read(path));
        assertEquals("model file " + path + ": " + parsed.getMessage(), read.getMessage());
    }

    static Stream<Arguments> hostileFiles() {
        final Model mlp = TestModels.mlp();
        final Model cnn = TestModels.cnn();
        final Model residual = TestModels.residual();
        final byte[] valid = ModelFile.toBytes(mlp);
        final byte[] payload = mlp.toByteArray();
        return Stream.of(
            // Header and framing.
            arguments("wrong magic", file(() -> {
                final byte[] bytes = valid.clone();
                bytes[0] = 'X';
                return bytes;
            }), "expected the magic \"SPKMESH\\0\""),
            arguments("empty file", file(() -> new byte[0]), "file is empty"),
            arguments("truncated header", file(() -> Arrays.copyOf(valid, 12)),
                "truncated header: file is 12 bytes, expected at least the 20-byte header"),
            arguments("format version 2", file(() -> withHeader(2, payload.length, payload)),
                "format version is 2, expected 1"),
            arguments("5 GB length prefix", file(() -> withHeader(1, 5L << 30, payload)),
                "header says the payload is 5368709120 bytes but only " + payload.length + " bytes follow"),
            arguments("length prefix 2^64 - 1", file(() -> withHeader(1, -1L, payload)),
                "header says the payload is 18446744073709551615 bytes"),
            arguments("truncated payload", file(() -> Arrays.copyOf(valid, valid.length - 7)),
                "the file is truncated or corrupt"),
            arguments("trailing garbage", file(() -> {
                final byte[] bytes = Arrays.copyOf(valid, valid.length + 3);
                bytes[valid.length] = 42;
                return bytes;
            }), "3 bytes of trailing data after the " + payload.length + "-byte payload"),
            arguments("payload cut inside a message, header fixed", file(() ->
                withPayload(Arrays.copyOf(payload, payload.length / 2))), "payload is not a valid Model message"),
            arguments("garbage payload", file(() -> {
                final byte[] garbage = new byte[32];
                Arrays.fill(garbage, (byte)0xff);
                return withPayload(garbage);
            }), "payload is not a valid Model message"),
            arguments("unknown field", file(() -> {
                final byte[] extended = Arrays.copyOf(payload, payload.length + 2);
                extended[payload.length] = (byte)(15 << 3);
                extended[payload.length + 1] = 1;
                return withPayload(extended);
            }), "unknown field number(s) [15] in Model"),
            arguments("Model.format_version differs from the header", file(() ->
                edited(mlp, m -> m.setFormatVersion(0))), "Model.format_version is 0, expected 1"),

            // Neuron parameters.
            arguments("negative threshold", file(() -> edited(mlp, neurons(0, n -> n.setThreshold(-5)))),
                "layer \"hidden\": neurons.threshold is -5, expected 1..2^40"),
            arguments("zero threshold", file(() -> edited(mlp, neurons(0, n -> n.setThreshold(0)))),
                "layer \"hidden\": neurons.threshold is 0"),
            arguments("threshold above 2^40", file(() -> edited(mlp, neurons(0, n -> n.setThreshold((1L << 40) + 1)))),
                "neurons.threshold is 1099511627777"),
            arguments("membrane start at threshold", file(() -> edited(mlp, neurons(0, n -> n.setMembraneStart(16)))),
                "layer \"hidden\": neurons.membrane_start is 16, expected 0..15"),
            arguments("negative membrane start", file(() -> edited(mlp, neurons(0, n -> n.setMembraneStart(-1)))),
                "neurons.membrane_start is -1"),
            arguments("bias length mismatch", file(() -> edited(mlp, neurons(0, n -> n.clearBias().addBias(1)
                .addBias(2)))), "layer \"hidden\": neurons.bias has 2 values, expected 0 (all zero) or 3"),
            arguments("no projections", file(() -> edited(mlp, neurons(0, n -> n.clearProjections()))),
                "layer \"hidden\": neurons.projections is empty"),

            // Weights.
            arguments("weight out of declared bits", file(() -> edited(mlp, projection(0, 0, p -> p.setWeights(3, 8)))),
                "layer \"hidden\" projection 0 (from \"input\"): weights[3] is 8, outside [-8, 7] for weight_bits 4"),
            arguments("wrong weight count", file(() -> edited(mlp, projection(0, 0, p -> {
                final Projection.Builder shorter = p.clone().clearWeights();
                for (int i = 0; i < p.getWeightsCount() - 1; i++) {
                    shorter.addWeights(p.getWeights(i));
                }
                return shorter;
            }))), "layer \"hidden\" projection 0 (from \"input\"): weights has 11 values, expected 3*4 = 12"),
            arguments("weight_bits 1", file(() -> edited(mlp, projection(0, 0, p -> p.setWeightBits(1)))),
                "projection 0 (from \"input\"): weight_bits is 1, expected 2..16"),
            arguments("weight_bits 17", file(() -> edited(mlp, projection(0, 0, p -> p.setWeightBits(17)))),
                "weight_bits is 17, expected 2..16"),
            arguments("projection kind not set", file(() -> edited(mlp, projection(0, 0, p -> p.clearKind()))),
                "projection 0 (from \"input\"): kind is not set, expected dense or conv2d"),
            arguments("dense projection over the weight cap", file(() -> edited(mlp, m -> m
                .setInput(m.getInput().toBuilder().setShape(0, 32))
                .setLayers(0, m.getLayers(0).toBuilder().setNeurons(m.getLayers(0).getNeurons().toBuilder()
                    .setShape(0, 1 << 24).clearBias())))),
                "needs 16777216*32 = 536870912 weights, more than 268435456"),
            arguments("accumulator overflow", file(() -> edited(mlp, m -> m.setInput(m.getInput().toBuilder()
                .setMaxValue(Integer.MAX_VALUE)))),
                "layer \"hidden\": worst-case input current per step is"),

            // Graph structure.
            arguments("dangling source", file(() -> edited(mlp, projection(0, 0, p -> p.setSource("ghost")))),
                "layer \"hidden\": neurons.projections[0].source refers to unknown layer \"ghost\"; expected "
                    + "\"input\" or one of the earlier layers []"),
            arguments("forward reference", file(() -> edited(residual, projection(1, 0, p -> p.setSource("join")))),
                "layer \"b\": neurons.projections[0].source refers to \"join\", which is listed later (position 2"),
            arguments("self reference", file(() -> edited(residual, projection(1, 0, p -> p.setSource("b")))),
                "layer \"b\": neurons.projections[0].source refers to the layer itself (a cycle)"),
            arguments("duplicate name", file(() -> edited(residual, layer(1, l -> l.setName("a")))),
                "layer 1: duplicate name \"a\" (also layer 0)"),
            arguments("empty name", file(() -> edited(residual, layer(1, l -> l.setName("")))),
                "layer 1: name is empty"),
            arguments("layer named input", file(() -> edited(residual, layer(1, l -> l.setName("input")))),
                "layer 1: name \"input\" is reserved"),
            arguments("layer kind not set", file(() -> edited(residual, layer(1, l -> l.clearKind()))),
                "layer \"b\": kind is not set"),
            arguments("missing output layer", file(() -> edited(mlp, m -> m.removeLayers(1))),
                "model has no output layer"),
            arguments("no layers", file(() -> edited(mlp, m -> m.clearLayers())), "model has no layers"),
            arguments("output not last", file(() -> edited(mlp, m -> m.addLayers(
                TestModels.neurons("extra", new int[] {3}, 8, TestModels.dense("hidden", 4, new int[9]))))),
                "output layer \"out\" is at position 1 of 3: expected it to be the last layer"),
            arguments("two output layers", file(() -> edited(mlp, m -> m.addLayers(m.getLayers(1).toBuilder()
                .setName("out2")))), "model has 2 output layers [out, out2]"),

            // Shapes.
            arguments("conv channel mismatch", file(() -> edited(cnn, projection(0, 0, p -> p.setConv2D(
                p.getConv2D().toBuilder().setInChannels(2))))),
                "layer \"conv1\" projection 0 (from \"input\"): conv2d.in_channels is 2, expected 1"),
            arguments("conv shape mismatch", file(() -> edited(cnn, neurons(0, n -> n.setShape(1, 5).setShape(2, 5)))),
                "conv2d produces shape [2, 4, 4] from source shape [1, 6, 6]"),
            arguments("conv padding not below kernel", file(() -> edited(cnn, projection(0, 0, p -> p.setConv2D(
                p.getConv2D().toBuilder().setPadding(3))))), "conv2d.padding is 3, expected less than the kernel size 3"),
            arguments("conv stride 0", file(() -> edited(cnn, projection(0, 0, p -> p.setConv2D(
                p.getConv2D().toBuilder().setStride(0))))), "conv2d.stride is 0, expected >= 1"),
            arguments("conv kernel 0", file(() -> edited(cnn, projection(0, 0, p -> p.setConv2D(
                p.getConv2D().toBuilder().setKernelH(0))))), "conv2d.kernel_h/kernel_w is 0x3, expected >= 1"),
            arguments("conv over a 1-D source", file(() -> edited(mlp, projection(0, 0, p -> p.setConv2D(
                Conv2d.newBuilder().setInChannels(1).setOutChannels(3).setKernelH(1).setKernelW(1).setStride(1))))),
                "conv2d needs a [C, H, W] source, but the source has shape [4]"),
            arguments("max-pool of the input", file(() -> edited(cnn, layer(1, l -> l.setMaxPool(
                l.getMaxPool().toBuilder().setSource("input"))))),
                "layer \"pool\": max_pool.source \"input\" is the network input, expected a neuron or max-pool layer"),
            arguments("max-pool window larger than the map", file(() -> edited(cnn, layer(1, l -> l.setMaxPool(
                l.getMaxPool().toBuilder().setKernel(5))))), "does not fit the source's 4x4 feature map"),
            arguments("flatten of a 1-D layer", file(() -> edited(cnn, layer(2, l -> l.setFlatten(
                l.getFlatten().toBuilder().setSource("input"))))), "layer \"flat\": flatten.source is \"input\""),
            arguments("dense into output from a flatten with the wrong weight count", file(() -> edited(cnn,
                layer(3, l -> l.setOutput(l.getOutput().toBuilder().setShape(0, 4))))),
                "layer \"out\" projection 0 (from \"flat\"): weights has 24 values, expected 4*8 = 32"),
            arguments("output shape not 1-D", file(() -> edited(mlp, layer(1, l -> l.setOutput(l.getOutput()
                .toBuilder().addShape(1).addShape(1))))), "layer \"out\": output.shape is [2, 1, 1], expected [N]"),
            arguments("layer too large", file(() -> edited(mlp, neurons(0, n -> n.setShape(0, 4096).addShape(4096)
                .addShape(2)))), "more than 16777216 values"),
            arguments("shape entry above 2^31 (negative as a Java int)", file(() -> edited(mlp, neurons(0,
                n -> n.setShape(0, -1)))), "neurons.shape is [4294967295]: entry 0 is 4294967295"),

            // Input and metadata.
            arguments("input scale NaN", file(() -> edited(mlp, m -> m.setInput(m.getInput().toBuilder()
                .setScale(Double.NaN)))), "input.scale is NaN, expected a finite value > 0"),
            arguments("input max_value 0", file(() -> edited(mlp, m -> m.setInput(m.getInput().toBuilder()
                .setMaxValue(0)))), "input.max_value is 0, expected 1.."),
            arguments("input shape entry 0", file(() -> edited(cnn, m -> m.setInput(m.getInput().toBuilder()
                .setShape(1, 0)))), "input.shape is [1, 0, 6]: entry 1 is 0"),
            arguments("input shape of rank 2", file(() -> edited(mlp, m -> m.setInput(m.getInput().toBuilder()
                .addShape(2)))), "input.shape is [4, 2] (rank 2), expected [C, H, W] or [N]"),
            arguments("default time steps 0", file(() -> edited(mlp, m -> m.setMetadata(m.getMetadata().toBuilder()
                .setDefaultTimeSteps(0)))), "metadata.default_time_steps is 0, expected 1..4096"),
            arguments("activation bits 9", file(() -> edited(mlp, m -> m.setMetadata(m.getMetadata().toBuilder()
                .setActivationBits(9)))), "metadata.activation_bits is 9, expected 1..8"),
            arguments("class names count", file(() -> edited(mlp, m -> m.setMetadata(m.getMetadata().toBuilder()
                .addClassNames("a").addClassNames("b").addClassNames("c")))),
                "metadata.class_names has 3 names, expected 0 or 2"),
            arguments("accuracy above 1", file(() -> edited(mlp, m -> m.setMetadata(m.getMetadata().toBuilder()
                .setQannAccuracy(1.5)))), "metadata.qann_accuracy is 1.5, expected a fraction in [0, 1]"));
    }

    /** Keeps the argument list readable: the bytes are built when the case runs. */
    private static Supplier<byte[]> file(Supplier<byte[]> bytes) {
        return bytes;
    }
}
