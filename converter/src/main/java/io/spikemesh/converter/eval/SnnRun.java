package io.spikemesh.converter.eval;

/**
 * The SNN (the runtime's reference simulator) on the test set with one setting.
 *
 * @param images             test images this run used
 * @param timeSteps          T input steps
 * @param suppression        whether occasional-noise suppression (−1 spikes) was on
 * @param settle             whether a settle phase ran after the T steps
 * @param accuracy           fraction of test images classified correctly
 * @param agreement          fraction whose prediction equals the quantized ANN's (the DJL one when it is available,
 *                           otherwise the integer one)
 * @param intAgreement       fraction whose prediction equals the integer quantized ANN's (runtime oracle)
 * @param spikesPerNeuron    spikes (+ and −) of spiking neurons per neuron per inference
 * @param synopsPerInference synaptic operations caused by spikes per inference
 * @param meanStepsRun       mean steps per inference including settle steps
 * @param imagesPerSecond    simulation throughput over all evaluation threads
 */
public record SnnRun(int images, int timeSteps, boolean suppression, boolean settle, double accuracy, double agreement,
        double intAgreement, double spikesPerNeuron, double synopsPerInference, double meanStepsRun,
        double imagesPerSecond) {

    public String label() {
        return "T=" + timeSteps + (suppression ? "" : " no-suppression") + (settle ? " +settle" : "");
    }
}
