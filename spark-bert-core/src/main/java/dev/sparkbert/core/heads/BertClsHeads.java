package dev.sparkbert.core.heads;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.HfBlock;
import dev.sparkbert.core.nn.Linear;

/**
 * The {@code cls} module of the language-model heads: HF's {@code BertOnlyMLMHead} ({@code
 * predictions}), {@code BertOnlyNSPHead} ({@code seq_relationship}) or {@code BertPreTrainingHeads}
 * (both), depending on which parts are asked for.
 */
final class BertClsHeads extends HfBlock {

    final BertLMPredictionHead predictions;
    final Linear seqRelationship;

    BertClsHeads(BertConfig config, BertHead owner, boolean withPredictions, boolean withNsp) {
        predictions = withPredictions ? addModule("predictions", new BertLMPredictionHead(config,
                owner.getBert().getEmbeddings().getWordEmbeddings().getWeight())) : null;
        seqRelationship = withNsp ? addModule("seq_relationship",
                Linear.builder().setInFeatures(config.getHiddenSize()).setOutFeatures(2).build()) : null;
    }
}
