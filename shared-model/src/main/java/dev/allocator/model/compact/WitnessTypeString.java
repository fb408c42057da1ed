package dev.allocator.model.compact;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of a v0 witness type string: what a client may append to {@code Compact(…,uint256
 * amount,} so that the whole is an EIP-712 type string. It is one witness member, {@code <type>
 * <name>)}, followed by the definitions of the struct types it references, {@code Name(<type>
 * <name>,…)}. Everything the EIP-712 grammar does not allow is refused here, at the edge: control
 * characters, stray parentheses, undefined or unused struct types, and strings no real witness
 * needs (over {@value #MAX_LENGTH} characters), since what is accepted is signed, logged forever and
 * stored in every read model.
 */
public final class WitnessTypeString {
    /** Far above real mandates (a few hundred characters), far below what would burden a read model. */
    public static final int MAX_LENGTH = 4096;

    private static final String IDENTIFIER = "[A-Za-z_$][A-Za-z0-9_$]*";
    private static final Pattern MEMBER = Pattern.compile("(" + IDENTIFIER + ")((?:\\[[0-9]*])*) (" + IDENTIFIER + ")");
    private static final Pattern STRUCT = Pattern.compile("(" + IDENTIFIER + ")\\(([^()]*)\\)");
    private static final Pattern ATOMIC = Pattern.compile(
            "address|bool|string|bytes|bytes([1-9]|[12][0-9]|3[0-2])|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120"
                    + "|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?");

    private WitnessTypeString() {}

    /** Why {@code text} is not a witness type string, or empty when it is one. */
    public static Optional<String> problem(String text) {
        if (text.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (text.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Optional.of("must be printable ASCII (character " + i + " is not)");
            }
        }
        int close = text.indexOf(')');
        if (close < 0) {
            return Optional.of("must be a member followed by ')', as in \"Mandate mandate)Mandate(uint256 a)\"");
        }
        Set<String> referenced = new HashSet<>();
        Optional<String> witness = member(text.substring(0, close), referenced);
        if (witness.isPresent()) {
            return witness;
        }
        Map<String, String> structs = new LinkedHashMap<>();
        Matcher struct = STRUCT.matcher(text);
        int at = close + 1;
        while (at < text.length()) {
            if (!struct.find(at) || struct.start() != at) {
                return Optional.of("expected a struct definition Name(type name,…) at character " + at);
            }
            if (ATOMIC.matcher(struct.group(1)).matches()) {
                return Optional.of("'" + struct.group(1) + "' is an atomic type, not a struct name");
            }
            if (structs.put(struct.group(1), struct.group(2)) != null) {
                return Optional.of("struct " + struct.group(1) + " is defined twice");
            }
            at = struct.end();
        }
        for (Map.Entry<String, String> definition : structs.entrySet()) {
            if (definition.getValue().isEmpty()) {
                return Optional.of("struct " + definition.getKey() + " has no members");
            }
            Set<String> names = new HashSet<>();
            for (String field : definition.getValue().split(",", -1)) {
                Optional<String> problem = member(field, referenced);
                if (problem.isPresent()) {
                    return problem;
                }
                if (!names.add(field.substring(field.indexOf(' ') + 1))) {
                    return Optional.of("struct " + definition.getKey() + " names a member twice");
                }
            }
        }
        for (String type : referenced) {
            if (!structs.containsKey(type)) {
                return Optional.of("type '" + type + "' is neither atomic nor defined");
            }
        }
        for (String type : structs.keySet()) {
            if (!referenced.contains(type)) {
                return Optional.of("struct " + type + " is defined but not used");
            }
        }
        return Optional.empty();
    }

    /** Checks one {@code type name} member, collecting the struct types it references. */
    private static Optional<String> member(String text, Set<String> referenced) {
        Matcher member = MEMBER.matcher(text);
        if (!member.matches()) {
            return Optional.of("'" + text + "' is not a member of the form \"type name\"");
        }
        if (!ATOMIC.matcher(member.group(1)).matches()) {
            referenced.add(member.group(1));
        }
        return Optional.empty();
    }
}
