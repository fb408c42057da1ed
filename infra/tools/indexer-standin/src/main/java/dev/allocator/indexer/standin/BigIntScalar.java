package dev.allocator.indexer.standin;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Ponder's {@code BigInt}: written as a decimal string. A variable may be a string (decimal, or
 * 0x-hex as JavaScript's {@code BigInt()} reads it) or a JSON integer; a literal in the query
 * text must be a string, as Ponder requires ({@code delta_gt: "0"}, never {@code delta_gt: 0}).
 */
final class BigIntScalar {
    static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
            .name("BigInt")
            .description("An integer of any size, written as a decimal string.")
            .coercing(new BigIntCoercing())
            .build();

    private BigIntScalar() {}

    static BigInteger parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new NumberFormatException("empty");
        }
        if (text.startsWith("0x")) {
            if (text.length() == 2) {
                throw new NumberFormatException("no hex digits");
            }
            return new BigInteger(text.substring(2), 16);
        }
        if (!text.matches("-?[0-9]+")) {
            throw new NumberFormatException("not an integer");
        }
        return new BigInteger(text);
    }

    private static final class BigIntCoercing implements Coercing<BigInteger, String> {
        @Override
        public String serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof BigInteger || value instanceof Long || value instanceof Integer) {
                return value.toString();
            }
            throw new CoercingSerializeException("BigInt cannot serialize " + value);
        }

        @Override
        public BigInteger parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof BigInteger big) {
                return big;
            }
            if (input instanceof Integer || input instanceof Long) {
                return BigInteger.valueOf(((Number) input).longValue());
            }
            if (input instanceof String text) {
                try {
                    return parse(text);
                } catch (NumberFormatException e) {
                    throw new CoercingParseValueException("Cannot convert " + text + " to a BigInt");
                }
            }
            throw new CoercingParseValueException("Cannot convert " + input + " to a BigInt");
        }

        @Override
        public BigInteger parseLiteral(
                Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (!(input instanceof StringValue string)) {
                throw new CoercingParseLiteralException(
                        "Invalid value kind provided for field of type BigInt. Expected: " + "STRING, found "
                                + input.getClass().getSimpleName());
            }
            try {
                return parse(string.getValue());
            } catch (NumberFormatException e) {
                throw new CoercingParseLiteralException("Cannot convert " + string.getValue() + " to a BigInt");
            }
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return StringValue.of(input.toString());
        }
    }
}
