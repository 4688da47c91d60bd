package io.spikemesh.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.spikemesh.protocol.TestModels.dense;
import static io.spikemesh.protocol.TestModels.model;
import static io.spikemesh.protocol.TestModels.neurons;
import static io.spikemesh.protocol.TestModels.output;
import static io.spikemesh.protocol.TestModels.withBias;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelValidatorTest {
    /** 32767 x 65537 = 2147450879, exactly 32768 below Integer.MAX_VALUE. */
    private static final int MAX_VALUE = 65537;

    @Test
    void shouldAcceptTheTestModels() {
        assertDoesNotThrow(() -> ModelValidator.validate(TestModels.mlp()));
        assertDoesNotThrow(() -> ModelValidator.validate(TestModels.cnn()));
        assertDoesNotThrow(() -> ModelValidator.validate(TestModels.residual()));
    }

    @Test
    void shouldAcceptACurrentOfExactlyIntMax() {
        assertDoesNotThrow(() -> ModelValidator.validate(singleNeuron(32768)));
    }

    @Test
    void shouldRejectACurrentOneAboveIntMaxNamingLayerAndRemedy() {
        final InvalidModelException ex = assertThrows(InvalidModelException.class,
            () -> ModelValidator.validate(singleNeuron(32769)));
        assertTrue(ex.getMessage().startsWith("layer \"hidden\": worst-case input current per step is 2147483648 at "
            + "neuron 0"), ex.getMessage());
        assertTrue(ex.getMessage().contains("fewer weight bits (now up to 16)"), ex.getMessage());
    }

    @Test
    void shouldBoundResidualJoinsPerNeuronNotPerProjection() {
        // Each projection peaks on a different neuron, so no neuron sees more than one maximum.
        final Model apart = model(1, MAX_VALUE,
            neurons("join", new int[] {2}, 8, dense("input", 16, new int[] {32767, 0}),
                dense("input", 16, new int[] {0, -32768 + 1})),
            output("out", 1, dense("join", 2, new int[] {1, 1})));
        assertDoesNotThrow(() -> ModelValidator.validate(apart));

        final Model together = model(1, MAX_VALUE,
            neurons("join", new int[] {2}, 8, dense("input", 16, new int[] {32767, 0}),
                dense("input", 16, new int[] {0, 0}), dense("input", 16, new int[] {1, 0})),
            output("out", 1, dense("join", 2, new int[] {1, 1})));
        final InvalidModelException ex = assertThrows(InvalidModelException.class,
            () -> ModelValidator.validate(together));
        assertTrue(ex.getMessage().contains("is 2147516416 at neuron 0"), ex.getMessage());
    }

    @Test
    void shouldCountSpikesAsMagnitudeOneBehindTheFirstLayer() {
        // 2^15 spikes of weight -2^15 is 2^30: fits; the input's max_value does not apply to spiking sources.
        final int wide = 1 << 15;
        final Model model = model(1, MAX_VALUE,
            neurons("a", new int[] {wide}, 8, dense("input", 2, new int[wide])),
            output("out", 1, dense("a", 16, filled(wide, -32768))));
        assertDoesNotThrow(() -> ModelValidator.validate(model));
    }

    @Test
    void shouldCheckTheOutputLayerCurrentToo() {
        final Model model = model(1, MAX_VALUE,
            neurons("a", new int[] {1}, 8, dense("input", 2, new int[] {1})),
            output("out", 1, dense("input", 16, new int[] {32767}), dense("input", 16, new int[] {32767})));
        final InvalidModelException ex = assertThrows(InvalidModelException.class,
            () -> ModelValidator.validate(model));
        assertTrue(ex.getMessage().startsWith("layer \"out\": worst-case input current"), ex.getMessage());
    }

    @Test
    void shouldBoundConvolutionsPerOutputChannel() {
        final Model cnn = TestModels.cnn();
        final Model loud = cnn.toBuilder().setInput(cnn.getInput().toBuilder().setMaxValue(Integer.MAX_VALUE))
            .build();
        final InvalidModelException ex = assertThrows(InvalidModelException.class,
            () -> ModelValidator.validate(loud));
        assertTrue(ex.getMessage().startsWith("layer \"conv1\": worst-case input current"), ex.getMessage());
    }

    @Test
    void shouldValidateAHugeLayerWithTinyKernelsQuickly() {
        // 2^24 neurons fed by 2000 one-weight convolutions: a few hundred bytes of file must not cost 2^24 x 2000.
        final Layer.Builder huge = neurons("huge", new int[] {1, 4096, 4096}, 8, TestModels.conv("input", 1, 1, 1, 1,
            0, 2));
        for (int p = 1; p < 2000; p++) {
            huge.getNeuronsBuilder().addProjections(TestModels.conv("input", 1, 1, 1, 1, 0, 2));
        }
        final Model model = Model.newBuilder().setFormatVersion(1).setMetadata(TestModels.metadata())
            .setInput(InputSpec.newBuilder().addShape(1).addShape(4096).addShape(4096).setScale(1).setMaxValue(1))
            .addLayers(huge)
            .addLayers(Layer.newBuilder().setName("pool").setMaxPool(MaxPoolLayer.newBuilder().setSource("huge")
                .setKernel(4096).setStride(4096)))
            .addLayers(Layer.newBuilder().setName("flat").setFlatten(FlattenLayer.newBuilder().setSource("pool")))
            .addLayers(output("out", 1, dense("flat", 2, new int[] {1})))
            .build();
        final ModelGraph graph = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ModelValidator.validate(model));
        assertEquals(1 << 24, graph.size("huge"));
    }

    private static Model singleNeuron(long bias) {
        return model(1, MAX_VALUE,
            withBias(neurons("hidden", new int[] {1}, 8, dense("input", 16, new int[] {32767})), bias),
            output("out", 1, dense("hidden", 2, new int[] {1})));
    }

    private static int[] filled(int count, int value) {
        final int[] values = new int[count];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
