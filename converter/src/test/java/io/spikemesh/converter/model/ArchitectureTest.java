package io.spikemesh.converter.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spikemesh.protocol.SpikemeshException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void shouldParseTheConvSpec() {
        Architecture a = Architecture.parse("c16k5-bn-mp2-c32k3s2p0-bn-mp2-fc10");
        assertEquals(List.of(new LayerSpec.Conv(16, 5, 1, 2), new LayerSpec.BatchNorm(), new LayerSpec.MaxPool(2),
                new LayerSpec.Conv(32, 3, 2, 0), new LayerSpec.BatchNorm(), new LayerSpec.MaxPool(2),
                new LayerSpec.Dense(10)), a.layers());
        assertEquals(2, a.hiddenProjections());
        assertEquals("c16k5-bn-mp2-c32k3s2p0-bn-mp2-fc10", a.canonical());
    }

    @Test
    void shouldParseTheMlpFormAndPresets() {
        Architecture mlp = Architecture.parse("784-500-500-10");
        assertEquals(784, mlp.mlpInputSize());
        assertEquals(List.of(new LayerSpec.Dense(500), new LayerSpec.Dense(500), new LayerSpec.Dense(10)),
                mlp.layers());
        assertEquals(Architecture.parse(Architecture.PRESETS.get("mlp")), Architecture.parse("MLP"));
        assertEquals(Architecture.PRESETS.get("fashion-cnn"), Architecture.parse("fashion-cnn").spec());
        mlp.validate(new int[] {1, 28, 28}, 10);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "c16k5-xx-fc10|'xx' is not a layer token",
        "c16k5-bn|the last layer must be fc",
        "bn-c16k5-fc10|bn must follow a conv or fc layer",
        "mp2-c16k5-fc10|cannot start with pooling",
        "fc10-c16k5-fc10|conv layer cannot follow an fc layer",
        "c0k5-fc10|channel count '0' must be a positive integer",
        "c16k3p3-fc10|padding 3",
        "c16k3-ap2-mp2-fc10|mp cannot follow ap",
        "ap2-c16k3-fc10|cannot start with pooling",
        "784|needs the input size and at least one layer",
        "''|it is empty"})
    void shouldRejectBadSpecsWithAClearMessage(String spec, String expected) {
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> Architecture.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("Examples:"), e.getMessage());
    }

    @Test
    void shouldRejectShapesThatDoNotMatchTheDataset() {
        SpikemeshException e = assertThrows(SpikemeshException.class,
                () -> Architecture.parse("100-10").validate(new int[] {1, 28, 28}, 10));
        assertTrue(e.getMessage().contains("does not match the dataset's 784"), e.getMessage());
        SpikemeshException f = assertThrows(SpikemeshException.class,
                () -> Architecture.parse("c4k3-fc7").validate(new int[] {1, 28, 28}, 10));
        assertTrue(f.getMessage().contains("7 outputs but the dataset has 10 classes"), f.getMessage());
        SpikemeshException ap = assertThrows(SpikemeshException.class,
                () -> Architecture.parse("c4k3p0-ap4-fc10").validate(new int[] {1, 28, 28}, 10));
        assertTrue(ap.getMessage().contains("divisible by 4 (got 26x26)"), ap.getMessage());
        Architecture.parse("c4k3-bn-ap2-c8k3-bn-ap2-fc10").validate(new int[] {1, 28, 28}, 10);
        SpikemeshException g = assertThrows(SpikemeshException.class,
                () -> Architecture.parse("c4k3p0-mp2-c4k3p0-mp2-c4k3p0-mp2-fc10").validate(new int[] {1, 8, 8}, 10));
        assertTrue(g.getMessage().contains("too small"), g.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9, -1, 16})
    void shouldRejectBitsOutsideOneToEight(int bits) {
        SpikemeshException e = assertThrows(SpikemeshException.class, () -> Architecture.checkBits(bits));
        assertTrue(e.getMessage().contains("1..8"), e.getMessage());
        assertThrows(SpikemeshException.class, () -> new LsqQuantizer(bits));
    }
}
