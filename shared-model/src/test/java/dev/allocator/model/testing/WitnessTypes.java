package dev.allocator.model.testing;

import java.util.List;
import java.util.Random;

/** Random witness type strings that the EIP-712 type grammar allows, for property and fuzz tests. */
public final class WitnessTypes {
    private static final List<String> ATOMIC =
            List.of("uint256", "address", "bytes32", "bool", "string", "bytes", "int8", "uint96", "bytes1", "int256");
    private static final String FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
    private static final String REST = FIRST + "0123456789";

    private WitnessTypes() {}

    /** One struct-typed witness member and its struct: {@code Type name)Type(member,…)}. */
    public static String valid(Random random) {
        String struct = "W" + identifier(random);
        StringBuilder members = new StringBuilder();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                members.append(',');
            }
            members.append(ATOMIC.get(random.nextInt(ATOMIC.size())));
            if (random.nextInt(5) == 0) {
                members.append(random.nextBoolean() ? "[]" : "[" + (1 + random.nextInt(9)) + "]");
            }
            members.append(' ').append(identifier(random)).append(i);
        }
        return struct + " " + identifier(random) + ")" + struct + "(" + members + ")";
    }

    private static String identifier(Random random) {
        StringBuilder name = new StringBuilder().append(FIRST.charAt(random.nextInt(FIRST.length())));
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            name.append(REST.charAt(random.nextInt(REST.length())));
        }
        return name.toString();
    }
}
