package dev.allocator.query.web;

import dev.allocator.http.ApiException;
import dev.allocator.http.CommonErrorCode;
import dev.allocator.model.value.Bytes32;
import dev.allocator.model.value.ChainId;
import dev.allocator.model.value.LockId;

/** Parses path parameters into value types at the edge, failing with the API's 400 texts. */
public final class PathParameters {
    private PathParameters() {}

    public static ChainId chainId(String text) {
        try {
            return ChainId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(CommonErrorCode.INVALID_CHAIN_ID, e);
        }
    }

    public static Bytes32 claimHash(String text) {
        try {
            return Bytes32.of(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_CLAIM_HASH, e);
        }
    }

    public static LockId lockId(String text) {
        try {
            LockId id = LockId.parse(text);
            if (id.value().isZero()) {
                throw new IllegalArgumentException("lock id must be positive");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_LOCK_ID, e);
        }
    }
}
