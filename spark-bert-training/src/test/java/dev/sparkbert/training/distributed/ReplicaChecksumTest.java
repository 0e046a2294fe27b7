package dev.sparkbert.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.SparkTestSession;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReplicaChecksumTest {

    @Test
    void equalWeightsGiveEqualChecksumsAndOneFlippedBitChangesIt() throws Exception {
        Path fixture = SparkTestSession.fixtures().resolve("seqcls_single_label");
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork a = BertWeights.fromPretrained(fixture, null, m);
            BertNetwork b = BertWeights.fromPretrained(fixture, null, m);
            long before = ReplicaChecksum.checksum(a);
            assertEquals(before, ReplicaChecksum.checksum(b));
            // The lowest bit of the last weight of the last parameter: a replica one rounding apart.
            ByteBuffer last = b.namedParameters().values().stream().reduce((x, y) -> y).orElseThrow().getArray()
                    .toByteBuffer(true);
            int at = last.limit() - 4;
            last.putInt(at, last.getInt(at) ^ 1);
            assertNotEquals(before, ReplicaChecksum.checksum(b));
            assertEquals(before, ReplicaChecksum.checksum(a));
        }
    }
}
