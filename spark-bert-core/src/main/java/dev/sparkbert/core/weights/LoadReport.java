package dev.sparkbert.core.weights;

import java.util.List;

/**
 * What loading a checkpoint into a network did, as HF's {@code from_pretrained} reports it.
 *
 * @param newlyInitialized network weights the checkpoint did not have (HF's "missing keys"), given
 *     HF's initialisation
 * @param unused checkpoint weights the network has no place for (HF's "unexpected keys")
 */
public record LoadReport(List<String> newlyInitialized, List<String> unused) {

    /** A summary in HF's wording, or an empty string if every weight matched. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (!newlyInitialized.isEmpty()) {
            sb.append("Some weights were newly initialized (not in the checkpoint): ").append(newlyInitialized)
                    .append(". You should probably train this model before using it for predictions.");
        }
        if (!unused.isEmpty()) {
            sb.append(sb.length() > 0 ? " " : "").append("Some checkpoint weights were not used: ").append(unused)
                    .append('.');
        }
        return sb.toString();
    }
}
