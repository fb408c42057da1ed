package dev.allocator.local.backup;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The backup file: a zip archive that explains itself. {@code manifest.json} says what it holds
 * (format version, topics with their partition counts and settings, per partition the record count,
 * first and last offset and the SHA-256 of its file); {@code topics/<topic>/<partition>.jsonl}
 * holds that partition's records in log order, one JSON object a line; {@code SHA256SUMS} lists the
 * SHA-256 of every other entry in {@code sha256sum} format, so {@code unzip} and {@code sha256sum
 * -c} check a backup without this tool.
 */
final class BackupFormat {
    static final String FORMAT = "allocator-backup";
    static final int VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String CHECKSUMS = "SHA256SUMS";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private BackupFormat() {}

    static String partitionFile(String topic, int partition) {
        return "topics/" + topic + "/" + partition + ".jsonl";
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * One record as a line: {@code offset}, {@code timestamp} (epoch ms), {@code key} and {@code
     * value} as text when they are UTF-8 (the allocator's always are), otherwise {@code keyBase64}
     * / {@code valueBase64}, and {@code headers} as {@code [{"key": name, "value": text}]} likewise.
     * A null key or value is JSON null.
     */
    record Line(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
        String encode() {
            ObjectNode node = JSON.createObjectNode();
            node.put("offset", offset);
            node.put("timestamp", timestamp);
            bytes(node, "key", key);
            bytes(node, "value", value);
            ArrayNode list = node.putArray("headers");
            for (Header header : headers) {
                ObjectNode h = list.addObject();
                h.put("key", header.key());
                bytes(h, "value", header.value());
            }
            return JSON.writeValueAsString(node);
        }

        static Line decode(String text) {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject() || !node.has("offset") || !node.has("timestamp")) {
                throw new IllegalArgumentException("not a record line");
            }
            List<Header> headers = new ArrayList<>();
            for (JsonNode h : node.path("headers")) {
                headers.add(new RecordHeader(h.get("key").asString(), bytes(h, "value")));
            }
            return new Line(
                    node.get("offset").asLong(),
                    node.get("timestamp").asLong(),
                    bytes(node, "key"),
                    bytes(node, "value"),
                    headers);
        }

        static List<Header> headers(Headers headers) {
            List<Header> list = new ArrayList<>();
            headers.forEach(list::add);
            return list;
        }

        private static void bytes(ObjectNode node, String field, byte[] bytes) {
            if (bytes == null) {
                node.putNull(field);
                return;
            }
            try {
                String text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
                node.put(field, text);
            } catch (CharacterCodingException notText) {
                node.put(field + "Base64", Base64.getEncoder().encodeToString(bytes));
            }
        }

        private static byte[] bytes(JsonNode node, String field) {
            JsonNode text = node.get(field);
            if (text != null && !text.isNull()) {
                return text.asString().getBytes(StandardCharsets.UTF_8);
            }
            JsonNode base64 = node.get(field + "Base64");
            return base64 == null || base64.isNull()
                    ? null
                    : Base64.getDecoder().decode(base64.asString());
        }
    }
}
