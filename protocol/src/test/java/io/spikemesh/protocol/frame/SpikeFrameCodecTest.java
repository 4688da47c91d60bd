package io.spikemesh.protocol.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.spikemesh.protocol.SpikeFrame;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SpikeFrameCodecTest {

    private static byte[] encode(long sample, int step, int source, int destination, int[] positive, int[] negative) {
        byte[] buffer = new byte[SpikeFrameCodec.maxEncodedLength(positive.length + negative.length)];
        int length = SpikeFrameCodec.encode(sample, step, source, destination, positive, positive.length, negative,
                negative.length, buffer, 0);
        assertEquals(SpikeFrameCodec.encodedLength(sample, step, source, destination, positive, positive.length,
                negative, negative.length), length);
        return Arrays.copyOf(buffer, length);
    }

    private static SpikeFrame generated(long sample, int step, int source, int destination, int[] positive,
                                        int[] negative) {
        SpikeFrame.Builder builder = SpikeFrame.newBuilder().setSampleId(sample).setTimeStep(step)
                .setSourcePartition(source).setDestination(destination);
        int previous = -1;
        for (int index : positive) {
            builder.addPositive(previous < 0 ? index : index - previous);
            previous = index;
        }
        previous = -1;
        for (int index : negative) {
            builder.addNegative(previous < 0 ? index : index - previous);
            previous = index;
        }
        return builder.build();
    }

    private static int[] sortedDistinct(Random random, int count, int bound) {
        return random.ints(0, bound).distinct().limit(count).sorted().toArray();
    }

    @Test
    void shouldProduceExactlyTheBytesOfTheGeneratedMessageAndParseBothWays() throws Exception {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            long sample = trial % 7 == 0 ? 0 : random.nextLong() & Long.MAX_VALUE;
            int step = random.nextInt(5);
            int source = random.nextInt(300);
            int destination = random.nextInt(300);
            int[] positive = sortedDistinct(random, random.nextInt(50), 100_000);
            int[] negative = sortedDistinct(random, random.nextInt(5), 1_000);

            byte[] ours = encode(sample, step, source, destination, positive, negative);
            SpikeFrame expected = generated(sample, step, source, destination, positive, negative);
            assertArrayEquals(expected.toByteArray(), ours, "trial " + trial);
            assertEquals(expected, SpikeFrame.parseFrom(ours));

            MutableSpikeFrame decoded = SpikeFrameCodec.decode(expected.toByteArray(), 0,
                    expected.getSerializedSize(), new MutableSpikeFrame(64));
            assertEquals(sample, decoded.sampleId());
            assertEquals(step, decoded.timeStep());
            assertEquals(source, decoded.sourcePartition());
            assertEquals(destination, decoded.destination());
            assertArrayEquals(positive, decoded.positiveCopy());
            assertArrayEquals(negative, decoded.negativeCopy());
        }
    }

    @Test
    void shouldRoundTripAnEmptyFrameAsTheStepDoneToken() throws Exception {
        byte[] bytes = encode(9, 2, 3, 4, new int[0], new int[0]);
        assertEquals(8, bytes.length, "four one-byte tags and four one-byte values");
        MutableSpikeFrame frame = SpikeFrameCodec.decode(bytes, 0, bytes.length, new MutableSpikeFrame(1));
        assertEquals(9, frame.sampleId());
        assertEquals(2, frame.timeStep());
        assertEquals(0, frame.positiveCount());
        assertEquals(0, frame.negativeCount());
        assertEquals(0, SpikeFrame.parseFrom(bytes).getPositiveCount());

        byte[] allZero = encode(0, 0, 0, 0, new int[0], new int[0]);
        assertEquals(0, allZero.length, "proto3 omits zero fields, like the generated code");
        MutableSpikeFrame zero = SpikeFrameCodec.decode(allZero, 0, 0, frame);
        assertEquals(0, zero.sampleId());
    }

    @Test
    void shouldRoundTripAMaximumSizeFrameWithinTheAdvertisedBound() throws Exception {
        int n = 4096;
        int[] positive = IntStream.range(0, n).filter(i -> i % 3 != 0).toArray();
        int[] negative = IntStream.range(0, n).filter(i -> i % 3 == 0).toArray();
        byte[] buffer = new byte[SpikeFrameCodec.maxEncodedLength(n)];
        int length = SpikeFrameCodec.encode(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                positive, positive.length, negative, negative.length, buffer, 0);
        assertTrue(length <= buffer.length);
        MutableSpikeFrame frame = SpikeFrameCodec.decode(buffer, 0, length, new MutableSpikeFrame(n));
        assertEquals(Long.MAX_VALUE, frame.sampleId());
        assertEquals(Integer.MAX_VALUE, frame.timeStep());
        assertArrayEquals(positive, frame.positiveCopy());
        assertArrayEquals(negative, frame.negativeCopy());
        assertEquals(negative.length, SpikeFrame.parseFrom(Arrays.copyOf(buffer, length)).getNegativeCount());

        // The worst case for the bound: every index needs a 5-byte varint delta.
        int[] sparse = {Integer.MAX_VALUE - 1};
        int worst = SpikeFrameCodec.encode(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                sparse, 1, new int[] {Integer.MAX_VALUE}, 1, new byte[SpikeFrameCodec.maxEncodedLength(2)], 0);
        assertTrue(worst <= SpikeFrameCodec.maxEncodedLength(2));
    }

    @Test
    void shouldRoundTripThroughAgronaBuffersAtAnOffset() {
        SpikeFrameCodec codec = new SpikeFrameCodec(16);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        int[] positive = {0, 1, 2, 200, 70_000};
        int length = codec.encode(5, 1, 2, 3, positive, positive.length, new int[] {7}, 1, buffer, 100);
        MutableSpikeFrame frame = codec.decode(buffer, 100, length, new MutableSpikeFrame(8));
        assertArrayEquals(positive, frame.positiveCopy());
        assertArrayEquals(new int[] {7}, frame.negativeCopy());
        assertEquals(3, frame.destination());
    }

    @Test
    void shouldAcceptUnpackedAndSplitListsThatOtherProtobufWritersMayProduce() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(1, 3);
        out.writeUInt32(5, 4);      // unpacked: index 4
        out.writeUInt32(5, 2);      // unpacked: index 6
        out.writeTag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(2);
        out.writeUInt32NoTag(1);    // index 7
        out.writeUInt32NoTag(3);    // index 10
        out.flush();
        byte[] data = bytes.toByteArray();
        MutableSpikeFrame frame = SpikeFrameCodec.decode(data, 0, data.length, new MutableSpikeFrame(8));
        assertArrayEquals(new int[] {4, 6, 7, 10}, frame.positiveCopy());
        assertEquals(SpikeFrame.parseFrom(data).getPositiveList(), java.util.List.of(4, 2, 1, 3));
    }

    @Test
    void shouldRejectTruncatedFramesClearly() {
        byte[] bytes = encode(1, 1, 1, 1, new int[] {1, 2, 300}, new int[0]);
        CorruptFrameException e = assertThrows(CorruptFrameException.class,
                () -> SpikeFrameCodec.decode(bytes, 0, bytes.length - 1, new MutableSpikeFrame(8)));
        assertTrue(e.getMessage().contains("corrupt spike frame"), e.getMessage());
    }

    @Test
    void shouldRejectUnknownFieldsWrongWireTypesAndRepeatedIndices() {
        byte[] unknown = {(byte) ((9 << 3) | 0), 1};
        assertTrue(assertThrows(CorruptFrameException.class, () -> SpikeFrameCodec.decode(unknown, 0, 2,
                new MutableSpikeFrame(1))).getMessage().contains("unknown field 9"));

        byte[] wrongType = {(byte) ((1 << 3) | 5), 0, 0, 0, 0};
        assertTrue(assertThrows(CorruptFrameException.class, () -> SpikeFrameCodec.decode(wrongType, 0, 5,
                new MutableSpikeFrame(1))).getMessage().contains("field 1 has wire type 5"));

        byte[] repeated = {(byte) ((5 << 3) | 2), 2, 4, 0};
        assertTrue(assertThrows(CorruptFrameException.class, () -> SpikeFrameCodec.decode(repeated, 0, 4,
                new MutableSpikeFrame(4))).getMessage().contains("strictly ascending"));
    }

    @Test
    void shouldRejectFramesWithMoreIndicesThanTheReceiverAllows() {
        byte[] bytes = encode(1, 0, 0, 0, new int[] {1, 2, 3}, new int[0]);
        CorruptFrameException e = assertThrows(CorruptFrameException.class,
                () -> SpikeFrameCodec.decode(bytes, 0, bytes.length, new MutableSpikeFrame(2)));
        assertTrue(e.getMessage().contains("more than 2 positive indices"), e.getMessage());
    }

    @Test
    void shouldRefuseToEncodeUnorderedIndicesOrIntoATooSmallBuffer() {
        assertThrows(IllegalArgumentException.class, () -> SpikeFrameCodec.encode(0, 0, 0, 0, new int[] {3, 3}, 2,
                new int[0], 0, new byte[64], 0));
        assertThrows(IllegalArgumentException.class, () -> SpikeFrameCodec.encode(0, 0, 0, 0, new int[] {-1}, 1,
                new int[0], 0, new byte[64], 0));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> SpikeFrameCodec.encode(
                1, 1, 1, 1, new int[] {1, 2}, 2, new int[0], 0, new byte[4], 0));
        assertTrue(small.getMessage().contains("maxEncodedLength"));
    }
}
