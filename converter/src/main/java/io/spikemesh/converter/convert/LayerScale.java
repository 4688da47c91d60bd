package io.spikemesh.converter.convert;

/**
 * How one projection was integerized.
 *
 * @param name              layer name in the model file
 * @param weightBits        declared width of its integer weights
 * @param scale             fixed-point factor K: integer = round(K × float quantity)
 * @param stepSize          the quantizer step s of this layer (NaN for the output layer)
 * @param threshold         integer Θ (0 for the output layer)
 * @param membraneStart     integer membrane start (Θ/2 plus the start shift; 0 for the output layer)
 * @param maxAbsWeight      largest |integer weight|
 * @param weightRmsError    RMS of (integer weight − K·W·σ_in) in units of one integer step (≤ 0.29 for uniform rounding)
 * @param weightRelError    ‖w_int − K·W·σ_in‖ / ‖K·W·σ_in‖, the relative rounding error of the weights
 * @param thresholdRelError |Θ − K·s(·L)| / (K·s(·L)), the relative rounding error of the threshold
 * @param biasMaxError      largest |bias_int − exact| in integer units per step
 */
public record LayerScale(String name, int weightBits, double scale, double stepSize, long threshold,
        long membraneStart, int maxAbsWeight, double weightRmsError, double weightRelError, double thresholdRelError,
        double biasMaxError) {
}
