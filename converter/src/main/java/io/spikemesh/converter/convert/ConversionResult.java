package io.spikemesh.converter.convert;

import io.spikemesh.protocol.Model;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A converted model and how it was obtained.
 *
 * @param model             the model (metadata filled in), ready for {@link Converter#write}
 * @param weightBits        the chosen weight width
 * @param layers            per-layer fixed-point scales and rounding errors
 * @param trials            every width tried with the integer QANN accuracy it gave
 * @param withinTolerance   whether the chosen width met the tolerance (false: the widest was taken)
 * @param floatAccuracy     float ANN test accuracy from training, when known
 * @param qannAccuracy      DJL quantized ANN accuracy on the test images used here
 * @param intQannAccuracy   integer quantized ANN accuracy (runtime oracle) with the chosen width
 * @param qannPredictions   DJL quantized ANN predictions on those images, for agreement figures
 * @param intQannPredictions the runtime's integer quantized ANN predictions with the chosen width
 * @param screenMismatches  images where the batched DJL screen disagreed with the runtime's oracle (expected 0)
 * @param testImages        how many test images were used
 */
public record ConversionResult(Model model, int weightBits, List<LayerScale> layers, List<BitsTrial> trials,
        boolean withinTolerance, OptionalDouble floatAccuracy, double qannAccuracy, double intQannAccuracy,
        int[] qannPredictions, int[] intQannPredictions, int screenMismatches, int testImages) {

    /** One weight width tried. */
    public record BitsTrial(int weightBits, double intQannAccuracy, double agreementWithQann, String rejected) {
    }
}
