package dev.sparkbert.ml.exec;

import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Reading text columns of a row and encoding single texts or pairs. */
public final class TextInputs {

    private TextInputs() {}

    /** The string at {@code index}, or null if the value is null. */
    public static String string(Row row, int index) {
        return row.isNullAt(index) ? null : row.getString(index);
    }

    /** Encodes inputs that are a String or a String[2] pair. */
    public static List<Encoded> encode(BertTokenizer tok, List<Object> inputs) {
        List<Encoded> out = new ArrayList<>(inputs.size());
        boolean allSingle = inputs.stream().allMatch(i -> i instanceof String);
        if (allSingle) {
            List<String> texts = new ArrayList<>(inputs.size());
            inputs.forEach(i -> texts.add((String) i));
            return tok.encodeBatch(texts);
        }
        for (Object in : inputs) {
            if (in instanceof String) {
                out.add(tok.encode((String) in));
            } else {
                String[] pair = (String[]) in;
                out.add(tok.encode(pair[0], pair[1]));
            }
        }
        return out;
    }
}
