package dev.graphlens.diagnosis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Some workloads behind Graph (Intune, Analytics, Planner) put their own error JSON, sometimes JSON
 * in JSON, in Graph's error.message. This reads such a message as "Code: Message (Detail: message)"
 * for people; any other message comes back as it is.
 */
final class NestedMessage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DEPTH = 4;
    // Intune's "An error has occurred - Operation ID (for customer support): ... - Activity ID: ... - Url: ...": ids for support
    private static final Pattern SUPPORT_IDS = Pattern.compile(
            "\\s+-\\s+(Operation ID \\(for customer support\\)|Activity ID|Url):\\s*\\S+", Pattern.CASE_INSENSITIVE);

    private NestedMessage() {
    }

    static String readable(String message) {
        if (message == null) {
            return null;
        }
        String text = read(message, 0);
        return text == null || text.isBlank() ? message : text;
    }

    /** The message's own text, or null when it is JSON that says nothing readable. */
    private static String read(String message, int depth) {
        String trimmed = message.trim();
        if (depth >= MAX_DEPTH || !trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return depth == 0 || trimmed.indexOf(" - ") < 0 ? trimmed : SUPPORT_IDS.matcher(trimmed).replaceAll("");
        }
        JsonNode node;
        try {
            node = JSON.readTree(trimmed);
        } catch (JsonProcessingException notJson) {
            return trimmed;
        }
        if (!node.isObject()) {
            return trimmed;
        }
        String code = text(node, "Code", "ErrorCode", "errorCode", "code");
        String inner = text(node, "Message", "message");
        String said = inner == null ? null : read(inner, depth + 1);
        List<String> details = new ArrayList<>();
        JsonNode list = node.has("Details") ? node.get("Details") : node.path("details");
        for (JsonNode detail : list) {
            String d = join(text(detail, "Code", "code"), text(detail, "Message", "message"));
            if (d != null) {
                details.add(d);
            }
        }
        String head = join(code, said);
        if (details.isEmpty()) {
            return head;
        }
        String tail = String.join("; ", details.stream().map(NestedMessage::withoutPeriod).toList());
        return head == null ? tail : withoutPeriod(head) + " (" + tail + ")";
    }

    private static String withoutPeriod(String sentence) {
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static String text(JsonNode node, String... names) {
        String text = ErrorParser.firstText(node, names);
        return text == null ? null : text.trim();
    }

    private static String join(String code, String message) {
        if (code == null) {
            return message;
        }
        return message == null ? code : code + ": " + message;
    }
}
