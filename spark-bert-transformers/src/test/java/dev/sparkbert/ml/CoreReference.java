package dev.sparkbert.ml;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** What spark-bert-core computes for one input, unbatched: the reference the stages must equal. */
public final class CoreReference {

    private CoreReference() {}

    /** Runs {@code architecture} from {@code dir} on one text (or pair) and extracts values from the output. */
    public static <T> T run(Path dir, String architecture, int maxLength, String text, String pair,
            Function<HeadOutput, T> extract) throws Exception {
        Engines.noGradOnThisThread();
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(dir).optMaxLength(maxLength).build()) {
            BertNetwork net = BertWeights.fromPretrained(dir, architecture, m);
            Encoded e = pair == null ? tok.encode(text) : tok.encode(text, pair);
            BertInputs in = EncodedBatch.toInputs(List.of(e), new int[] {0}, 0, m).build();
            return extract.apply(net.forward(in));
        }
    }

    public static float[] logits(Path dir, String architecture, int maxLength, String text, String pair)
            throws Exception {
        return run(dir, architecture, maxLength, text, pair, o -> o.logits().toFloatArray());
    }
}
