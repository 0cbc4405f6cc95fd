package dev.graphlens.exchange;

/**
 * A second cause that fits the same evidence as a verdict's code.
 *
 * @param tell what tells it apart from the verdict's code, one line
 */
public record Alternative(DiagnosisCode code, String tell) {

    /** The X-Graph-Diagnosis-Alternative value: "CODE; how to tell", printable ASCII, at most 400 characters after the code. */
    public String headerValue() {
        String text = Verdict.toAscii(tell);
        return code.name() + "; " + (text.length() > Verdict.MAX_HEADER_TEXT ? text.substring(0, Verdict.MAX_HEADER_TEXT - 3) + "..." : text);
    }
}
