package io.spikemesh.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelGraphTest {
    @Test
    void shouldInferShapesAlongAConvPoolFlattenChain() {
        final ModelGraph graph = ModelGraph.of(TestModels.cnn());
        assertArrayEquals(new int[] {1, 6, 6}, graph.inputShape());
        assertEquals(36, graph.inputSize());
        assertArrayEquals(new int[] {2, 4, 4}, graph.shape("conv1"));
        assertArrayEquals(new int[] {2, 2, 2}, graph.shape("pool"));
        assertArrayEquals(new int[] {8}, graph.shape("flat"));
        assertArrayEquals(new int[] {3}, graph.shape("out"));
        assertArrayEquals(new int[] {1, 6, 6}, graph.shape(ModelGraph.INPUT));
        assertEquals(32, graph.size("conv1"));
        assertEquals(8, graph.size(2));
        assertEquals(List.of("conv1", "pool", "flat", "out"), graph.layerNames());
        assertEquals("out", graph.outputName());
        assertEquals(3, graph.indexOf("out"));
        assertEquals(-1, graph.indexOf("input"));
    }

    @Test
    void shouldInferTheFashionCnnGeometry() {
        final ModelGraph graph = ModelGraph.of(TestModels.fashionCnn());
        assertArrayEquals(new int[] {16, 24, 24}, graph.shape("conv1"));
        assertArrayEquals(new int[] {16, 12, 12}, graph.shape("pool1"));
        assertArrayEquals(new int[] {32, 8, 8}, graph.shape("conv2"));
        assertArrayEquals(new int[] {32, 4, 4}, graph.shape("pool2"));
        assertArrayEquals(new int[] {512}, graph.shape("flat"));
        assertEquals(10, graph.size("out"));
        assertEquals("input [1, 28, 28] -> conv1 [16, 24, 24] -> pool1 [16, 12, 12] -> conv2 [32, 8, 8] -> "
            + "pool2 [32, 4, 4] -> flat [512] -> out [10]", graph.toString());
    }

    @Test
    void shouldResolveFlattenToTheLayerThatProducesTheValues() {
        final ModelGraph graph = ModelGraph.of(TestModels.cnn());
        assertEquals("pool", graph.resolveFlatten("flat"));
        assertEquals("conv1", graph.resolveFlatten("conv1"));
        assertEquals("input", graph.resolveFlatten("input"));
    }

    @Test
    void shouldGiveResidualJoinsTheirProjections() {
        final ModelGraph graph = ModelGraph.of(TestModels.residual());
        assertEquals(2, ModelGraph.projectionsOf(graph.layer("join")).size());
        assertEquals(List.of(), ModelGraph.projectionsOf(ModelGraph.of(TestModels.cnn()).layer("pool")));
    }

    @Test
    void shouldComputeWindowOutputSizesWithFloorDivision() {
        assertEquals(24, ModelGraph.windowOutputSize(28, 5, 1, 0));
        assertEquals(28, ModelGraph.windowOutputSize(28, 5, 1, 2));
        assertEquals(14, ModelGraph.windowOutputSize(28, 2, 2, 0));
        assertEquals(2, ModelGraph.windowOutputSize(5, 2, 2, 0));
        assertEquals(4, ModelGraph.windowOutputSize(7, 3, 2, 1));
        assertEquals(1, ModelGraph.windowOutputSize(1, 1, 1, 0));
    }

    @Test
    void shouldApplyPaddingAndStrideToPoolShapes() {
        final MaxPoolLayer pool = MaxPoolLayer.newBuilder().setSource("x").setKernel(3).setStride(2).setPadding(1)
            .build();
        assertArrayEquals(new int[] {16, 14, 7}, ModelGraph.maxPoolOutputShape(new int[] {16, 28, 14}, pool));
        final Conv2d conv = Conv2d.newBuilder().setInChannels(16).setOutChannels(32).setKernelH(5).setKernelW(3)
            .setStride(1).setPadding(1).build();
        assertArrayEquals(new int[] {32, 26, 14}, ModelGraph.conv2dOutputShape(new int[] {16, 28, 14}, conv));
        assertArrayEquals(new int[] {6272}, ModelGraph.flattenShape(new int[] {32, 14, 14}));
    }

    @Test
    void shouldNotBuildAGraphForAnInvalidModel() {
        final Model bad = TestModels.mlp().toBuilder().setFormatVersion(2).build();
        assertThrows(InvalidModelException.class, () -> ModelGraph.of(bad));
    }

    @Test
    void shouldRejectLookupsOfUnknownNames() {
        final ModelGraph graph = ModelGraph.of(TestModels.mlp());
        assertThrows(IllegalArgumentException.class, () -> graph.shape("nope"));
    }
}
