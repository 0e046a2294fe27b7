package dev.sparkbert.core.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.Pooling;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;
import java.nio.file.Path;
import java.util.List;

/**
 * What spark-bert-core does on its own today: embeds sentences with the embedded all-MiniLM-L6-v2
 * (mean pooling, L2-normalised, as sentence-transformers) and prints, for each sentence, its most
 * similar other sentence by cosine similarity. Args: sentences (defaults to a built-in list).
 */
public final class SimilarityDemo {

    public static void main(String[] args) throws Exception {
        List<String> sentences = args.length > 0 ? List.of(args) : List.of(
                "The cat sits on the mat.", "A kitten is resting on a rug.", "Stocks fell sharply this morning.",
                "The market dropped at the opening bell.", "I love hiking in the mountains.",
                "Walking up hills in the countryside is my favourite hobby.");
        Path encoder = EmbeddedModels.defaultEncoder();
        Engines.noGradOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(encoder).optMaxLength(256).build()) {
            BertNetwork model = BertWeights.fromPretrained(encoder, null, manager);
            List<Encoded> enc = tok.encodeBatch(sentences);
            int[] all = java.util.stream.IntStream.range(0, enc.size()).toArray();
            BertInputs in = EncodedBatch.toInputs(enc, all, tok.tokenToId("[PAD]"), manager).build();
            NDArray emb = Pooling.MEAN.apply(model.forward(in), in.attentionMask(), true);
            float[][] sim = toMatrix(emb.matMul(emb.transpose()), sentences.size());
            System.out.println("Embedded " + sentences.size() + " sentences with all-MiniLM-L6-v2 (" + encoder + ")");
            for (int i = 0; i < sentences.size(); i++) {
                int best = -1;
                for (int j = 0; j < sentences.size(); j++) {
                    if (j != i && (best < 0 || sim[i][j] > sim[i][best])) {
                        best = j;
                    }
                }
                System.out.printf("%-60s -> %-60s cos=%.3f%n", sentences.get(i), sentences.get(best), sim[i][best]);
            }
        }
    }

    private static float[][] toMatrix(NDArray a, int n) {
        float[] flat = a.toFloatArray();
        float[][] m = new float[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * n, m[i], 0, n);
        }
        return m;
    }
}
