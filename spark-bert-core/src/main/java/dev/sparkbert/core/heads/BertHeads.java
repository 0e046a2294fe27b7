package dev.sparkbert.core.heads;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Builds a network by its HF architecture name ({@code BertForMaskedLM}, {@code BertModel}, ...). */
public final class BertHeads {

    private static final Map<String, Function<BertConfig, BertNetwork>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("BertModel", c -> new BertModel(c, true));
        BY_NAME.put("BertForPreTraining", BertForPreTraining::new);
        BY_NAME.put("BertForMaskedLM", BertForMaskedLM::new);
        BY_NAME.put("BertLMHeadModel", BertLMHeadModel::new);
        BY_NAME.put("BertForNextSentencePrediction", BertForNextSentencePrediction::new);
        BY_NAME.put("BertForSequenceClassification", BertForSequenceClassification::new);
        BY_NAME.put("BertForMultipleChoice", BertForMultipleChoice::new);
        BY_NAME.put("BertForTokenClassification", BertForTokenClassification::new);
        BY_NAME.put("BertForQuestionAnswering", BertForQuestionAnswering::new);
    }

    private BertHeads() {}

    /** The supported architecture names. */
    public static List<String> architectures() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** A new, uninitialised network of that architecture. */
    public static BertNetwork create(String architecture, BertConfig config) {
        Function<BertConfig, BertNetwork> f = BY_NAME.get(architecture);
        if (f == null) {
            throw new IllegalArgumentException("architecture '" + architecture + "' is not supported; supported: "
                    + BY_NAME.keySet());
        }
        return f.apply(config);
    }

    /** The network the config's first {@code architectures} entry names ({@code BertModel} if none). */
    public static BertNetwork create(BertConfig config) {
        List<String> arch = config.getArchitectures();
        return create(arch.isEmpty() ? "BertModel" : arch.get(0), config);
    }

    /** The {@code BertModel} inside {@code network}: itself, or a head's {@code bert}. */
    public static BertModel encoderOf(BertNetwork network) {
        return network instanceof BertModel b ? b : ((BertHead) network).getBert();
    }
}
